//! The login: a password typed on the login screen, known in advance (the demo), or silent
//! (a cached token or the profile's credentials, known to the effect runner; the login
//! screen appears only if that fails).

use crossterm::event::{Event, KeyEvent};
use secrecy::SecretString;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::Action;
use super::remote::Remote;
use super::{App, Command, Connection, Notice, RequestId};
use crate::api::error::ApiError;

/// Where the password comes from.
#[derive(Debug)]
enum Source {
    /// Known before start (the demo): log in at once, no screen.
    Preset(SecretString),
    /// Typed on the login screen.
    Prompt(Input),
    /// Known to the effect runner (a cached token, a password or key from the profile): the
    /// login command carries no password. Falls back to the prompt when it fails.
    Silent,
}

/// The login in progress; `App::login` is `None` once logged in.
#[derive(Debug)]
pub struct Login {
    source: Source,
    /// The last attempt.
    pub state: Remote<()>,
    pending: Option<RequestId>,
    /// A login again after the token expired: a prompt over the screen, not a login screen.
    again: bool,
}

impl Login {
    /// A login with a known password, or one that asks.
    #[must_use]
    pub fn new(password: Option<SecretString>) -> Self {
        let source = match password {
            Some(password) => Source::Preset(password),
            None => Source::Prompt(Input::default()),
        };
        Self {
            source,
            state: Remote::NotAsked,
            pending: None,
            again: false,
        }
    }

    /// A login the effect runner can do without a password from the screen.
    #[must_use]
    pub fn silent() -> Self {
        Self {
            source: Source::Silent,
            state: Remote::NotAsked,
            pending: None,
            again: false,
        }
    }

    /// The login again when the token expired mid-session: silent first (the effect runner
    /// may have a password or key command); if that fails, a prompt over the screen.
    #[must_use]
    pub fn again() -> Self {
        Self {
            source: Source::Silent,
            state: Remote::NotAsked,
            pending: None,
            again: true,
        }
    }

    /// Whether this is a login again over the screen (not the first login screen).
    #[must_use]
    pub fn is_again(&self) -> bool {
        self.again
    }

    /// Whether the login screen is on show.
    #[must_use]
    pub fn is_shown(&self) -> bool {
        matches!(self.source, Source::Prompt(_))
    }

    /// How many characters the password has (the screen shows one mask per character).
    #[must_use]
    pub fn masked_len(&self) -> usize {
        match &self.source {
            Source::Prompt(input) => input.value().chars().count(),
            Source::Preset(_) | Source::Silent => 0,
        }
    }

    fn password(&self) -> SecretString {
        match &self.source {
            Source::Preset(secret) => secret.clone(),
            Source::Prompt(input) => SecretString::from(input.value()),
            Source::Silent => SecretString::default(),
        }
    }
}

impl App {
    /// Logs in at once when the password is known.
    pub(super) fn start_login(&mut self) -> Vec<Command> {
        match &self.login {
            Some(login) if !login.is_shown() => self.send_login(),
            _ => Vec::new(),
        }
    }

    pub(super) fn send_login(&mut self) -> Vec<Command> {
        let id = self.next_request();
        let Some(login) = self.login.as_mut() else {
            return Vec::new();
        };
        login.pending = Some(id);
        login.state = Remote::Loading;
        let password = login.password();
        self.session.connection = Connection::Connecting;
        vec![Command::Login {
            id,
            organisation: self.session.organisation.clone(),
            username: self.session.username.clone(),
            password,
        }]
    }

    /// Logs in again after a silent login could not reach the server (`r`); `None` when
    /// no such login waits.
    pub(super) fn retry_login(&mut self) -> Option<Vec<Command>> {
        let login = self.login.as_ref()?;
        let waiting =
            matches!(login.source, Source::Silent) && login.pending.is_none() && !login.again;
        waiting.then(|| self.send_login())
    }

    pub(super) fn login_action(&mut self, action: Action) -> Vec<Command> {
        let Some(login) = &mut self.login else {
            return self.unchanged();
        };
        match action {
            Action::Submit if login.state.is_loading() => self.unchanged(),
            Action::Submit if login.masked_len() == 0 => {
                login.state = Remote::Failed("type the password first".to_owned());
                Vec::new()
            }
            Action::Submit => self.send_login(),
            _ => self.unchanged(),
        }
    }

    pub(super) fn login_text(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(Login {
            source: Source::Prompt(input),
            state,
            ..
        }) = &mut self.login
        else {
            return self.unchanged();
        };
        if state.is_loading() {
            return self.unchanged();
        }
        if input.handle_event(&Event::Key(key)).is_none() {
            return self.unchanged();
        }
        Vec::new()
    }

    pub(super) fn logged_in(
        &mut self,
        id: RequestId,
        result: Result<(), ApiError>,
    ) -> Vec<Command> {
        let Some(login) = self.login.as_mut().filter(|l| l.pending == Some(id)) else {
            return self.unchanged();
        };
        login.pending = None;
        match result {
            Ok(()) => {
                let again = login.again;
                self.login = None;
                self.session.connection = Connection::Online;
                self.notice = Some(Notice::Info(format!(
                    "logged in as {}@{}",
                    self.session.username, self.session.organisation
                )));
                if again {
                    // Whatever was refused for the token goes again; the screen is as it was.
                    let mut commands = self.relogin.release();
                    commands.extend(self.settle_outbox());
                    commands
                } else {
                    self.offer_next_draft();
                    let mut commands = self.load_all_tabs();
                    commands.extend(self.settle_outbox());
                    commands
                }
            }
            // Logging in again without asking did not work: ask, quietly (the notice says
            // why already).
            Err(_) if login.again && matches!(login.source, Source::Silent) => {
                login.source = Source::Prompt(Input::default());
                login.state = Remote::NotAsked;
                self.session.connection = Connection::LoggedOut;
                Vec::new()
            }
            // The server cannot be reached: a password typed now would not help. The list
            // (saved rows, if any) stays on screen; `r` tries the login again.
            Err(error)
                if matches!(login.source, Source::Silent)
                    && matches!(Connection::after_error(&error), Connection::Offline(_)) =>
            {
                login.state = Remote::Failed(error.to_string());
                self.session.connection = Connection::after_error(&error);
                self.notice = Some(Notice::Error(format!(
                    "login failed (r tries again): {error}"
                )));
                Vec::new()
            }
            Err(error) => {
                match &mut login.source {
                    Source::Prompt(input) => input.reset(),
                    // The cached token or the profile's secret did not work: ask.
                    Source::Silent => login.source = Source::Prompt(Input::default()),
                    Source::Preset(_) => {}
                }
                login.state = Remote::Failed(error.to_string());
                self.report("login failed", &error);
                Vec::new()
            }
        }
    }
}
