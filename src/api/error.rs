//! `ApiError`: everything that can go wrong talking to CRM.COM, worded for a supervisor.

use std::time::Duration;

/// A failed request. Display text is what the user reads; it never contains a secret.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with a non-OK `status.code` (any HTTP status).
    #[error("{}", server_text(code, message.as_deref()))]
    Server {
        /// The code, e.g. `INVALID_LIFE_CYCLE_STATE`; unknown codes are kept verbatim.
        code: String,
        /// `status.message`, for people.
        message: Option<String>,
        /// `status.description`, when given.
        description: Option<String>,
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
    /// The server's error code, when the server gave one.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Server { code, .. } => Some(code),
            _ => None,
        }
    }

    /// Whether only a (new) login can help: no token, or the server refused it
    /// (`INVALID_TOKEN`: expired, released or unknown). Nothing was done on the server.
    #[must_use]
    pub fn needs_login(&self) -> bool {
        matches!(self, Self::NotLoggedIn) || self.code() == Some("INVALID_TOKEN")
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

fn server_text(code: &str, message: Option<&str>) -> String {
    match message.map(str::trim).filter(|m| !m.is_empty()) {
        Some(message) => format!("{message} ({code})"),
        None => format!("the server refused the request ({code})"),
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
