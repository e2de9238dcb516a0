//! Who is logged in where, and how the connection stands: what the header shows.

use crate::api::error::ApiError;

/// The session's identity and connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Profile name, e.g. `default` or `demo`.
    pub profile: String,
    /// Organisation logged in to.
    pub organisation: String,
    /// User name.
    pub username: String,
    /// Server base URL.
    pub server: String,
    /// Whether this is the demo (the stand-in server in-process).
    pub demo: bool,
    /// How the connection stands.
    pub connection: Connection,
}

/// How the connection to the server stands, as far as the last answer tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Not logged in yet.
    LoggedOut,
    /// Logging in.
    Connecting,
    /// The last request was answered.
    Online,
    /// The last request could not reach the server.
    Offline(String),
}

impl Connection {
    /// The state an error leaves the connection in: only a transport failure means offline;
    /// a server's refusal still proves the server is there.
    #[must_use]
    pub fn after_error(error: &ApiError) -> Self {
        match error {
            ApiError::Unreachable(_) | ApiError::Timeout(_) | ApiError::OutcomeUnknown { .. } => {
                Self::Offline(error.to_string())
            }
            ApiError::NotLoggedIn => Self::LoggedOut,
            _ => Self::Online,
        }
    }

    /// Short text for the header.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match self {
            Self::LoggedOut => "logged out",
            Self::Connecting => "connecting",
            Self::Online => "online",
            Self::Offline(_) => "offline",
        }
    }
}
