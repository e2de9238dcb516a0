//! The exit codes of the scripting commands, one enum, and how an API error maps to one.

use std::process::ExitCode;

use crate::api::error::ApiError;

/// How a command ended. The numbers are documented in `--help` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything asked was done.
    Success,
    /// The server refused, or the value was refused before sending by the form's checks.
    Refused,
    /// Bad flags, arguments or configuration (clap's own code too).
    Usage,
    /// Wrong credentials, an expired session with nothing to renew it, or a prompt that
    /// `--no-input` forbids.
    Auth,
    /// An action was sent but its answer was lost: it may or may not have been applied.
    Unknown,
    /// The server could not be reached or did not answer in time; nothing was applied.
    Unreachable,
    /// Every job went as its result line says, but the audit log could not be written, so
    /// `crmjobs log` will not show it.
    AuditUnwritten,
}

impl Exit {
    /// The process exit code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Refused => 1,
            Self::Usage => 2,
            Self::Auth => 3,
            Self::Unknown => 4,
            Self::Unreachable => 5,
            Self::AuditUnwritten => 6,
        }
    }

    /// How serious it is, to pick the code of a call with several jobs: an unknown outcome
    /// needs a person to look, an auth failure blocks everything, then the rest.
    fn rank(self) -> u8 {
        match self {
            Self::Success => 0,
            // Below every failure of a job: their codes say more.
            Self::AuditUnwritten => 1,
            Self::Refused => 2,
            Self::Usage => 3,
            Self::Unreachable => 4,
            Self::Auth => 5,
            Self::Unknown => 6,
        }
    }

    /// The more serious of the two.
    #[must_use]
    pub fn worst(self, other: Exit) -> Exit {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }

    /// The code an API error ends a command with.
    #[must_use]
    pub fn of(error: &ApiError) -> Exit {
        match error {
            error if error.is_auth_failure() => Self::Auth,
            ApiError::NotLoggedIn => Self::Auth,
            ApiError::Server { .. } | ApiError::Decode(_) | ApiError::MethodMissing { .. } => {
                Self::Refused
            }
            ApiError::OutcomeUnknown { .. } => Self::Unknown,
            ApiError::Unreachable(_)
            | ApiError::Timeout(_)
            | ApiError::UnexpectedResponse { .. } => Self::Unreachable,
            ApiError::Config(_) => Self::Usage,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_serious_code_wins() {
        let all = [
            Exit::Success,
            Exit::Refused,
            Exit::Unreachable,
            Exit::Auth,
            Exit::Unknown,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i..] {
                assert_eq!(a.worst(*b), *b);
                assert_eq!(b.worst(*a), *b);
            }
        }
    }

    #[test]
    fn errors_map_to_their_codes() {
        let server = |code: &str| ApiError::server(code, None, None);
        let login = server("COM.CRM.EXCEPTION.SECURITY.BADCREDENTIALSEXCEPTION")
            .with_meaning(crate::api::refusal::Meaning::LoginRefused);
        assert_eq!(Exit::of(&login), Exit::Auth);
        assert_eq!(Exit::of(&server("INVALID_TOKEN")), Exit::Auth);
        assert_eq!(Exit::of(&server("INVALID_LIFE_CYCLE_STATE")), Exit::Refused);
        assert_eq!(
            Exit::of(&ApiError::Unreachable("x".into())),
            Exit::Unreachable
        );
        let lost = ApiError::OutcomeUnknown {
            action: "complete JB1".into(),
            detail: "reset".into(),
        };
        assert_eq!(Exit::of(&lost), Exit::Unknown);
        assert_eq!(Exit::Unknown.code(), 4);
    }
}
