//! The login: a password typed on the login screen, or known in advance (the demo).

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
}

/// The login in progress; `App::login` is `None` once logged in.
#[derive(Debug)]
pub struct Login {
    source: Source,
    /// The last attempt.
    pub state: Remote<()>,
    pending: Option<RequestId>,
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
        }
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
            Source::Preset(_) => 0,
        }
    }

    fn password(&self) -> SecretString {
        match &self.source {
            Source::Preset(secret) => secret.clone(),
            Source::Prompt(input) => SecretString::from(input.value()),
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

    fn send_login(&mut self) -> Vec<Command> {
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
                self.login = None;
                self.session.connection = Connection::Online;
                self.notice = Some(Notice::Info(format!(
                    "logged in as {}@{}",
                    self.session.username, self.session.organisation
                )));
                let mut commands = self.load_all_tabs();
                commands.extend(self.settle_outbox());
                commands
            }
            Err(error) => {
                if let Source::Prompt(input) = &mut login.source {
                    input.reset();
                }
                login.state = Remote::Failed(error.to_string());
                self.report("login failed", &error);
                Vec::new()
            }
        }
    }
}
