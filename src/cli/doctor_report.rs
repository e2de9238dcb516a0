//! What `crmjobs doctor` reports, as one value: written as one JSON object (`--json`, stable
//! `snake_case` keys, in this file's order) or as text for people (`doctor_text`).
//!
//! Every text that came from the server (messages, codes, type names, date examples) is made
//! safe when the report is built ([`clean`]): no control characters reach a terminal. No
//! field holds the token or a secret; `doctor` also blanks them out of the final text.

use serde::Serialize;

use crate::text::{Keep, printable};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// This program's version.
    pub crmjobs_version: &'static str,
    /// The profile's name.
    pub profile: String,
    /// The server's address.
    pub server: String,
    /// How the login went.
    pub login: LoginReport,
    /// Each method crmjobs uses, as the server answered a harmless read of it.
    pub methods: Vec<MethodReport>,
    /// Whether a page is no longer than asked.
    pub paging: Check,
    /// Whether lists come newest created first.
    pub newest_first: Check,
    /// The forms of the date texts seen.
    pub dates: DatesReport,
    /// The server's clock against this machine's.
    pub clock: ClockReport,
    /// The error codes met and what they were taken to mean.
    pub codes: Vec<CodeReport>,
    /// The profile settings this run suggests.
    pub suggestions: Suggestions,
}

/// The login.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LoginReport {
    /// Whether a working token was obtained.
    pub ok: bool,
    /// `cached_token`, `password` or `api_key`; `None` when the login failed before one.
    pub way: Option<&'static str>,
    /// The cached token: `none`; `used` (it served the whole run); `replaced` (it served
    /// at first, then the client logged in again: it died, or was near its end); `refused`
    /// (a new login replaced it before the probes); `present` (the login failed).
    pub cached_token: &'static str,
    /// Whether the client logged in again during the run (a dead or unknown-code refusal,
    /// or a token near its end).
    pub token_replaced_during_run: bool,
    /// Why the login failed.
    pub error: Option<String>,
    /// The token's form and life; never the token.
    pub token: Option<TokenReport>,
}

/// The token's form and life.
#[derive(Debug, Clone, Serialize)]
pub struct TokenReport {
    /// `jwt` or `opaque`.
    pub form: &'static str,
    /// `iat`, RFC 3339 UTC.
    pub issued_at: Option<String>,
    /// `exp`, RFC 3339 UTC.
    pub expires_at: Option<String>,
    /// `exp - iat`.
    pub lifetime_seconds: Option<i64>,
    /// `exp` less the server's clock now.
    pub left_seconds: Option<i64>,
    /// When the client will renew it (credentials held) or stop trusting it.
    pub renews_in_seconds: Option<u64>,
}

/// One method's probe.
#[derive(Debug, Clone, Serialize)]
pub struct MethodReport {
    /// The path below `/crmapi/rest/v2/`.
    pub method: String,
    /// The parameter it was asked by, where that matters (`type_identifier`, ...).
    pub by: Option<&'static str>,
    /// `answers`, `missing`, `refused`, `failed` or `not_probed`.
    pub result: &'static str,
    /// The HTTP status of a missing method.
    pub http_status: Option<u16>,
    /// A refusal's code, as sent.
    pub code: Option<String>,
    /// A refusal's message, the failure, or why it was not probed.
    pub message: Option<String>,
    /// Entries in the answer's data.
    pub rows: Option<usize>,
}

/// A yes/no finding that may be unknown.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Check {
    /// `None`: this run cannot tell.
    pub holds: Option<bool>,
    /// What was seen.
    pub detail: String,
}

/// The date texts seen.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DatesReport {
    /// Each form, most seen first.
    pub forms: Vec<DateFormReport>,
    /// Texts no reader accepts.
    pub unreadable: usize,
    /// One text as written, for the bug report.
    pub example: Option<String>,
}

/// One form of date text.
#[derive(Debug, Clone, Serialize)]
pub struct DateFormReport {
    /// The pattern, e.g. `YYYY-MM-DDTHH:MM:SS`.
    pub form: String,
    /// Whether it carries an offset (an exact instant).
    pub offset: bool,
    /// How many texts had it.
    pub count: usize,
}

/// The server's clock.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ClockReport {
    /// The latest `Date` header, RFC 3339 UTC.
    pub server_date: Option<String>,
    /// Server minus this machine, whole seconds.
    pub server_ahead_seconds: Option<i64>,
    /// For people.
    pub detail: String,
}

/// One error code met.
#[derive(Debug, Clone, Serialize)]
pub struct CodeReport {
    /// As sent.
    pub code: String,
    /// Without the Java package and suffix.
    pub short_code: String,
    /// `dead_token`, `refused`, `undecided` or `login_refused`.
    pub meaning: &'static str,
    /// `seen_this_run`, `learned_this_run`, `learned_before` or `profile`.
    pub source: &'static str,
}

/// The settings suggested.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Suggestions {
    /// The server's zone, guessed from its dates and clock.
    pub server_timezone: ZoneSuggestion,
    /// Job type names to assemble tabs from, when a `get_<state>` is missing.
    pub job_types: Option<Vec<String>>,
    /// Codes that meant a dead token and the profile does not list.
    pub token_error_codes: Option<Vec<String>>,
    /// The above as lines for the profile's TOML table.
    pub settings: Vec<String>,
}

/// The zone guess.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ZoneSuggestion {
    /// An IANA name with the offset; `None`: cannot tell, or nothing to change.
    pub zone: Option<String>,
    /// The offset now, `+HH:MM`.
    pub offset: Option<String>,
    /// The profile's `server_timezone` in force.
    pub profile_zone: String,
    /// What the guess rests on.
    pub reason: String,
}

/// `text` safe on one line, as every command shows server text (`crate::text`): control
/// characters shown as U+FFFD, line breaks and tabs as spaces; the invisible marks that
/// reorder text shown as U+FFFD too; trimmed.
#[must_use]
pub fn clean(text: &str) -> String {
    let reorders = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    printable(text, Keep::OneLine)
        .chars()
        .map(|c| if reorders(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_reordering_marks() {
        assert_eq!(
            clean("a\u{1b}[31mred\nline\u{202e}x\u{9b}\t"),
            "a\u{FFFD}[31mred line\u{FFFD}x\u{FFFD}"
        );
        assert_eq!(clean("  plain  "), "plain");
    }
}
