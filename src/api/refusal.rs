//! What a refusal means: the one place that reads error codes.
//!
//! CRM.COM publishes no list of error codes. Real ones are Java exception names
//! (`COM.CRM.EXCEPTION.<AREA>.<NAME>EXCEPTION`), and which of them a server sends for a dead
//! token, a bad login or a wrong state is not known. So nothing else in the program compares
//! a code: the client asks [`judge`] (with what it learned about this server and the codes
//! the profile lists) and stores the answer in the error as a [`Meaning`]; the interface, the
//! commands and the outbox read the meaning.
//!
//! A code is judged, in this order:
//! 1. by the profile's `token_error_codes` and the codes this server's refusals taught
//!    (see `memory`): a code that once meant a dead token always does;
//! 2. by its shape: it names a token, session, authentication or login together with
//!    invalid, expired, not found, unknown or released (`INVALID_TOKEN`,
//!    `...SESSIONEXPIREDEXCEPTION`), case, dots and underscores ignored;
//! 3. otherwise it is [`Meaning::Undecided`]: the client finds out by replaying a read with a
//!    new token, or by trying the old token on a small read (see `client`).
//!
//! Where a refusal belongs in a form ([`Refusal::concerns`]) is read from the code's shape
//! and then from the parameter a message names, in wire form (`scheduled_date: ...`) or in
//! prose ("the scheduled date is required").

use std::collections::BTreeSet;

/// What a refusal is taken to mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Meaning {
    /// The server refused the request itself (a wrong state, an unknown status, ...): it
    /// decided, and sending the same again would get the same answer.
    #[default]
    Refused,
    /// Not known yet: the code is new to this client and this server.
    Undecided,
    /// The token is dead (expired, released, unknown): nothing was done; a login helps.
    DeadToken,
    /// The login itself was refused: wrong user, password, organisation or key.
    LoginRefused,
}

/// The codes known for one server: the profile's list and what its refusals taught.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownCodes {
    /// Codes that mean a dead token (the profile's `token_error_codes` and learned ones).
    pub dead_token: BTreeSet<String>,
    /// Codes seen refusing a request while the token was alive.
    pub refused: BTreeSet<String>,
}

/// What a code means for a request sent with a token. (A refused login is judged by the
/// client from the call, never from its code.)
#[must_use]
pub fn judge(code: &str, known: &KnownCodes) -> Meaning {
    if known.dead_token.contains(code) {
        return Meaning::DeadToken;
    }
    if known.refused.contains(code) {
        return Meaning::Refused;
    }
    if reads_like_dead_token(code) {
        return Meaning::DeadToken;
    }
    Meaning::Undecided
}

/// The code without the `COM.CRM.EXCEPTION.` prefix and the `EXCEPTION` suffix, for people:
/// `COM.CRM.EXCEPTION.JOBS.INVALIDSTATEEXCEPTION` reads `JOBS.INVALIDSTATE`.
#[must_use]
pub fn short_code(code: &str) -> &str {
    let mut short = code.trim();
    for prefix in ["COM.CRM.EXCEPTION.", "com.crm.exception."] {
        if let Some(rest) = short.strip_prefix(prefix) {
            short = rest;
        }
    }
    let upper_end = short.len().saturating_sub("EXCEPTION".len());
    if short.len() > "EXCEPTION".len()
        && short.is_char_boundary(upper_end)
        && short[upper_end..].eq_ignore_ascii_case("EXCEPTION")
    {
        short = &short[..upper_end];
    }
    short
}

/// Whether a code's words say the token or session is dead.
fn reads_like_dead_token(code: &str) -> bool {
    let squeezed = squeeze(code);
    let names_session = ["TOKEN", "SESSION", "AUTHENTICAT", "LOGIN"]
        .iter()
        .any(|word| squeezed.contains(word));
    let says_dead = ["INVALID", "EXPIRED", "NOTFOUND", "UNKNOWN", "RELEASED"]
        .iter()
        .any(|word| squeezed.contains(word));
    names_session && says_dead
}

/// Whether an envelope's code says the method itself does not exist on this server.
#[must_use]
pub fn reads_like_missing_method(code: &str) -> bool {
    let squeezed = squeeze(code);
    let names_method = ["METHOD", "ENDPOINT", "OPERATION", "RESOURCE"]
        .iter()
        .any(|word| squeezed.contains(word));
    let says_missing = [
        "NOTFOUND",
        "UNKNOWN",
        "UNSUPPORTED",
        "NOTSUPPORTED",
        "NOTALLOWED",
        "NOSUCH",
    ]
    .iter()
    .any(|word| squeezed.contains(word));
    names_method && says_missing
}

/// Upper case without dots, underscores, dashes and spaces: `invalid_token` and
/// `COM.CRM.EXCEPTION.INVALIDTOKENEXCEPTION` both become one word.
fn squeeze(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The parameter of an action a refusal is about, so a form shows it beside that field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    /// `status_identifier`.
    Status,
    /// `performed_by_user_identifier`.
    PerformedBy,
    /// `performed_on`.
    PerformedOn,
    /// `scheduled_date`; `required` when the server asks for one that was not given.
    ScheduledDate {
        /// The job's rules need a scheduled date and none was sent.
        required: bool,
    },
    /// `cancellation_reason_identifier`.
    CancellationReason,
}

/// A server refusal's parts, as [`Refusal::concerns`] reads them.
#[derive(Debug, Clone, Copy)]
pub struct Refusal<'a> {
    /// The code as sent.
    pub code: &'a str,
    /// `status.message`.
    pub message: Option<&'a str>,
    /// `status.description`.
    pub description: Option<&'a str>,
}

impl Refusal<'_> {
    /// The parameter this refusal is about, when it says: by the code's words first
    /// (`SCHEDULED_DATE_REQUIRED`, `...INVALIDSTATUSEXCEPTION`), then by the first
    /// parameter the message or description names, in wire form or in prose.
    #[must_use]
    pub fn concerns(&self) -> Option<Concern> {
        let code = squeeze(self.code);
        if code.contains("SCHEDULEDDATE") {
            return Some(Concern::ScheduledDate {
                required: code.contains("REQUIRED") || code.contains("MANDATORY"),
            });
        }
        if code.contains("STATUS") && !code.contains("LIFECYCLE") {
            return Some(Concern::Status);
        }
        [self.message, self.description]
            .into_iter()
            .flatten()
            .find_map(named_in)
    }
}

/// The words that name each parameter in a message: the wire name first, then prose.
const NAMES: [(&str, Concern); 10] = [
    ("performed_by_user_identifier", Concern::PerformedBy),
    ("performed_on", Concern::PerformedOn),
    ("scheduled_date", Concern::ScheduledDate { required: false }),
    ("status_identifier", Concern::Status),
    ("cancellation_reason", Concern::CancellationReason),
    ("performed by", Concern::PerformedBy),
    ("performed on", Concern::PerformedOn),
    ("scheduled date", Concern::ScheduledDate { required: false }),
    ("cancellation reason", Concern::CancellationReason),
    ("status", Concern::Status),
];

/// The parameter named first in `text`; a prose "required" makes a scheduled date required.
fn named_in(text: &str) -> Option<Concern> {
    let lower = text.to_lowercase();
    let concern = NAMES
        .iter()
        .filter_map(|(name, concern)| lower.find(name).map(|at| (at, *concern)))
        // The earliest mention wins; at the same place the longer (wire) name does.
        .min_by_key(|(at, _)| *at)
        .map(|(_, concern)| concern)?;
    Some(match concern {
        Concern::ScheduledDate { .. } => Concern::ScheduledDate {
            required: lower.contains("required") || lower.contains("mandatory"),
        },
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> KnownCodes {
        KnownCodes::default()
    }

    #[test]
    fn codes_that_read_like_a_dead_token_are_one() {
        for code in [
            "INVALID_TOKEN",
            "COM.CRM.EXCEPTION.AUTHENTICATION.TOKENEXPIREDEXCEPTION",
            "com.crm.exception.security.SessionNotFoundException",
            "LOGIN_UNKNOWN",
            "COM.CRM.EXCEPTION.SECURITY.TOKENRELEASEDEXCEPTION",
        ] {
            assert_eq!(judge(code, &known()), Meaning::DeadToken, "{code}");
        }
    }

    #[test]
    fn other_codes_are_undecided_until_learned() {
        for code in [
            "AUTHENTICATION_FAILED",
            "COM.CRM.EXCEPTION.SECURITY.ACCESSTOKENREJECTEDEXCEPTION",
            "INVALID_LIFE_CYCLE_STATE",
            "COM.CRM.EXCEPTION.JOBS.INVALIDSTATUSEXCEPTION",
            "NOT_FOUND",
        ] {
            assert_eq!(judge(code, &known()), Meaning::Undecided, "{code}");
        }
        let mut learned = known();
        learned.dead_token.insert("X.REJECTED".into());
        learned.refused.insert("INVALID_TOKEN".into());
        assert_eq!(judge("X.REJECTED", &learned), Meaning::DeadToken);
        // What a server taught beats the shape of the words.
        assert_eq!(judge("INVALID_TOKEN", &learned), Meaning::Refused);
    }

    #[test]
    fn short_codes_drop_the_java_package_and_suffix() {
        assert_eq!(
            short_code("COM.CRM.EXCEPTION.JOBS.INVALIDSTATUSEXCEPTION"),
            "JOBS.INVALIDSTATUS"
        );
        assert_eq!(short_code("INVALID_TOKEN"), "INVALID_TOKEN");
        assert_eq!(short_code("EXCEPTION"), "EXCEPTION");
        assert_eq!(short_code("café.EXCEPTION"), "café.");
    }

    #[test]
    fn missing_methods_read_from_the_code() {
        assert!(reads_like_missing_method("METHOD_NOT_FOUND"));
        assert!(reads_like_missing_method(
            "COM.CRM.EXCEPTION.API.UNKNOWNOPERATIONEXCEPTION"
        ));
        assert!(!reads_like_missing_method("NOT_FOUND"));
        assert!(!reads_like_missing_method("INVALID_LIFE_CYCLE_STATE"));
    }

    fn concerns(code: &str, message: &str) -> Option<Concern> {
        Refusal {
            code,
            message: Some(message),
            description: None,
        }
        .concerns()
    }

    #[test]
    fn refusals_find_their_field_by_code_then_by_name() {
        assert_eq!(
            concerns("SCHEDULED_DATE_REQUIRED", "rules block it"),
            Some(Concern::ScheduledDate { required: true })
        );
        assert_eq!(
            concerns("INVALID_STATUS", "no such status"),
            Some(Concern::Status)
        );
        assert_eq!(
            concerns("INVALID_PARAMETER", "performed_on is later than now"),
            Some(Concern::PerformedOn)
        );
        assert_eq!(
            concerns(
                "COM.CRM.EXCEPTION.JOBS.MANDATORYFIELDEXCEPTION",
                "The scheduled date is required because the subscription's rules prevent it"
            ),
            Some(Concern::ScheduledDate { required: true })
        );
        assert_eq!(
            concerns(
                "COM.CRM.EXCEPTION.GENERAL.NOTFOUNDEXCEPTION",
                "The user set as performed by could not be found"
            ),
            Some(Concern::PerformedBy)
        );
        assert_eq!(
            concerns("INVALID_LIFE_CYCLE_STATE", "Job JB00019 is PENDING"),
            None
        );
    }
}
