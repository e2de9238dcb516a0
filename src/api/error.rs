//! `ApiError`: everything that can go wrong talking to CRM.COM, worded for a supervisor.

use std::time::Duration;

use super::refusal::{self, Concern, Meaning, Refusal};

/// A failed request. Display text is what the user reads; it never contains a secret.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a non-OK `status.code` (any HTTP status). Build it with
    /// [`ApiError::server`]; only `refusal` reads the code.
    #[error("{}", server_text(code, message.as_deref(), *meaning))]
    Server {
        /// The code as sent, e.g. `COM.CRM.EXCEPTION.JOBS.INVALIDSTATUSEXCEPTION`.
        code: String,
        /// `status.message`, for people.
        message: Option<String>,
        /// `status.description`, when given.
        description: Option<String>,
        /// What the client took the refusal to mean.
        meaning: Meaning,
    },
    /// The server has no such method: HTTP 404, 405 or 501 with something other than a
    /// refusal, or a refusal whose code says so.
    #[error("this server has no {method} (HTTP {status})")]
    MethodMissing {
        /// The method's path below `/crmapi/rest/v2/`.
        method: String,
        /// The HTTP status it answered with.
        status: u16,
    },
    /// The server could not be reached, or stopped answering, before a read completed.
    #[error("cannot reach the server: {0}")]
    Unreachable(String),
    /// The request took longer than the configured deadline.
    #[error("the server did not answer within {}", seconds(*.0))]
    Timeout(Duration),
    /// An action was sent but no answer came back: it may or may not have been applied.
    #[error(
        "outcome unknown: {action} was sent but the connection failed before the answer ({detail}); check the job before trying again"
    )]
    OutcomeUnknown {
        /// What was sent, e.g. `complete JB00019`.
        action: String,
        /// What the transport said.
        detail: String,
    },
    /// Something other than a CRM.COM envelope came back, e.g. a proxy's HTML page.
    #[error("{}", http_text(*status, what))]
    UnexpectedResponse {
        /// The HTTP status code.
        status: u16,
        /// What the body was instead: `an HTML page`, `an empty body`, ...
        what: String,
    },
    /// The envelope was JSON but its data was not the expected shape.
    #[error("the server's answer could not be read: {0}")]
    Decode(String),
    /// No token and no credentials to get one.
    #[error("not logged in")]
    NotLoggedIn,
    /// The client could not be set up (bad URL, unreadable CA file, ...).
    #[error("configuration: {0}")]
    Config(String),
}

impl ApiError {
    /// A refusal with `code`, judged by the code's shape alone; the client judges it again
    /// with what it knows of the server (see `refusal`).
    #[must_use]
    pub fn server(code: &str, message: Option<&str>, description: Option<&str>) -> Self {
        Self::Server {
            code: code.to_owned(),
            message: message.map(str::to_owned),
            description: description.map(str::to_owned),
            meaning: refusal::judge(code, &refusal::KnownCodes::default()),
        }
    }

    /// The server's error code, when the server gave one: to show or record, never to
    /// compare (see [`ApiError::meaning`]).
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Server { code, .. } => Some(code),
            _ => None,
        }
    }

    /// What a refusal means; `None` for everything that is not a refusal.
    #[must_use]
    pub fn meaning(&self) -> Option<Meaning> {
        match self {
            Self::Server { meaning, .. } => Some(*meaning),
            _ => None,
        }
    }

    /// The same refusal taken to mean `meaning`.
    #[must_use]
    pub fn with_meaning(mut self, new: Meaning) -> Self {
        if let Self::Server { meaning, .. } = &mut self {
            *meaning = new;
        }
        self
    }

    /// Whether only a (new) login can help: no token, or the server refused the token
    /// (expired, released or unknown). Nothing was done on the server.
    #[must_use]
    pub fn needs_login(&self) -> bool {
        matches!(self, Self::NotLoggedIn) || self.meaning() == Some(Meaning::DeadToken)
    }

    /// Whether logging in failed or is needed: a refused login as well as [`needs_login`].
    ///
    /// [`needs_login`]: ApiError::needs_login
    #[must_use]
    pub fn is_auth_failure(&self) -> bool {
        self.needs_login() || self.meaning() == Some(Meaning::LoginRefused)
    }

    /// The action parameter a refusal is about, for a form to show it beside that field.
    #[must_use]
    pub fn concerns(&self) -> Option<Concern> {
        match self {
            Self::Server {
                code,
                message,
                description,
                ..
            } => Refusal {
                code,
                message: message.as_deref(),
                description: description.as_deref(),
            }
            .concerns(),
            _ => None,
        }
    }

    /// Whether the request may have been applied although no answer says so.
    #[must_use]
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Self::OutcomeUnknown { .. })
    }
}

/// A deadline for people: whole seconds, or tenths below ten seconds ("0.3 s", "30 s").
pub(crate) fn seconds(duration: Duration) -> String {
    if duration < Duration::from_secs(10) && duration.subsec_millis() != 0 {
        format!("{:.1} s", duration.as_secs_f64())
    } else {
        format!("{} s", duration.as_secs())
    }
}

/// The message first, then the code shortened; what to do first where it is known.
fn server_text(code: &str, message: Option<&str>, meaning: Meaning) -> String {
    let code = refusal::short_code(code);
    let said = match message.map(str::trim).filter(|m| !m.is_empty()) {
        Some(message) => format!("{message} ({code})"),
        None => format!("the server refused the request ({code})"),
    };
    match meaning {
        Meaning::DeadToken => format!("the session has ended, log in again: {said}"),
        Meaning::LoginRefused => format!("login refused, check the credentials: {said}"),
        Meaning::Refused | Meaning::Undecided => said,
    }
}

fn http_text(status: u16, what: &str) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("the server answered HTTP {status} {reason} with {what} instead of a CRM.COM response")
        .replace("  ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_message_first_then_the_short_code() {
        let refused = ApiError::server(
            "COM.CRM.EXCEPTION.JOBS.INVALIDSTATUSEXCEPTION",
            Some("The status is not one of the job type's"),
            None,
        );
        assert_eq!(
            refused.to_string(),
            "The status is not one of the job type's (JOBS.INVALIDSTATUS)"
        );
        let dead = ApiError::server("INVALID_TOKEN", Some("token expired"), None);
        assert!(dead.needs_login());
        assert!(
            dead.to_string()
                .starts_with("the session has ended, log in again"),
            "{dead}"
        );
        let login = ApiError::server("X", None, None).with_meaning(Meaning::LoginRefused);
        assert!(login.is_auth_failure() && !login.needs_login());
        assert_eq!(
            login.to_string(),
            "login refused, check the credentials: the server refused the request (X)"
        );
    }

    #[test]
    fn timeouts_read_in_seconds() {
        assert_eq!(
            ApiError::Timeout(Duration::from_millis(300)).to_string(),
            "the server did not answer within 0.3 s"
        );
        assert_eq!(
            ApiError::Timeout(Duration::from_secs(30)).to_string(),
            "the server did not answer within 30 s"
        );
    }
}
