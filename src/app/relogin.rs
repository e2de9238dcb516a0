//! Re-login in place. When the server refuses an answer for want of a valid token and the
//! client had no credentials to log in again by itself (it started from a cached token, say),
//! a password prompt opens over the current screen: the list, the detail or the open form
//! stay underneath, untouched. The refused commands are kept and sent again, with their own
//! ids, once logged in, so whatever awaited them (a form being sent, a tab loading) gets
//! its answer as if nothing had happened. A refusal for the token means the server did
//! nothing; an action sent again goes through the outbox, which reads the job back first
//! (it was attempted once), so nothing is applied twice.

use std::collections::HashMap;

use super::login::Login;
use super::{App, Command, Connection, Msg, Notice, RequestId};

/// The commands in flight, and those held until the user logs in again.
#[derive(Debug, Default)]
pub(super) struct Relogin {
    /// Sent and not answered yet, so a refused one can be sent again.
    sent: HashMap<RequestId, Command>,
    /// Refused for the token; sent again after the login.
    held: Vec<Command>,
}

impl Relogin {
    /// Remembers the commands just handed to the effect runner (not logins: those answer
    /// the prompt itself).
    pub(super) fn track(&mut self, commands: &[Command]) {
        for command in commands {
            if let Some(id) = command.answer_id()
                && !matches!(command, Command::Login { .. })
            {
                self.sent.insert(id, command.clone());
            }
        }
    }

    /// The commands to send again now that the login went through.
    pub(super) fn release(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.held)
    }
}

impl App {
    /// How many commands wait for the user to log in again.
    #[must_use]
    pub fn held_for_login(&self) -> usize {
        self.relogin.held.len()
    }

    /// Settles `msg`'s command. When the answer is a refusal for want of a login, keeps the
    /// command for later and returns the commands to run instead of handling the message:
    /// first a silent login (the profile's password or key command, run only now), which
    /// opens the password prompt over the screen if it cannot log in.
    pub(super) fn hold_for_login(&mut self, msg: &Msg) -> Option<Vec<Command>> {
        let id = msg.answer_id()?;
        let command = self.relogin.sent.remove(&id)?;
        if !msg
            .error()
            .is_some_and(crate::api::error::ApiError::needs_login)
        {
            return None;
        }
        self.relogin.held.push(command);
        if self.login.is_some() {
            return Some(Vec::new());
        }
        self.login = Some(Login::again());
        self.session.connection = Connection::LoggedOut;
        self.notice = Some(Notice::Error(
            "the session expired: log in again to carry on".to_owned(),
        ));
        Some(self.send_login())
    }
}
