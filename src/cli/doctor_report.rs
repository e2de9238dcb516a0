//! What `crmjobs doctor` reports, as one value: written as one JSON object (`--json`, stable
//! `snake_case` keys) or as aligned plain-text sections for people.
//!
//! Every text that came from the server (messages, codes, type names, date examples) is made
//! safe when the report is built ([`clean`]): no control characters reach a terminal. No
//! field holds the token or a secret; `doctor` also blanks them out of the final text.

use serde::Serialize;

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

/// `text` without control characters (a newline or escape from the server becomes a space)
/// nor the invisible marks that reorder text, trimmed.
#[must_use]
pub fn clean(text: &str) -> String {
    let bidi = |c: char| matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    text.chars()
        .map(|c| if c.is_control() || bidi(c) { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A duration for people: `2 h 0 min`, `4 min 10 s`, `12 s`; negative as `-`.
#[must_use]
pub fn span(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    let (h, m, rest) = (s / 3600, s % 3600 / 60, s % 60);
    if h > 0 {
        format!("{sign}{h} h {m} min")
    } else if m > 0 {
        format!("{sign}{m} min {rest} s")
    } else {
        format!("{sign}{rest} s")
    }
}

/// The width long values are wrapped to.
const LINE: usize = 100;

/// Aligned `label  value` lines under a title; a long value wraps under itself.
fn section(out: &mut String, title: &str, rows: &[(String, String)]) {
    out.push_str(title);
    out.push('\n');
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let indent = width + 4;
    for (label, value) in rows {
        let pad = width - label.chars().count() + 2;
        for (i, part) in wrap(value, LINE.saturating_sub(indent).max(40))
            .iter()
            .enumerate()
        {
            let line = if i == 0 {
                format!("  {label}{}{part}", " ".repeat(pad))
            } else {
                format!("{}{part}", " ".repeat(indent))
            };
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out.push('\n');
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word stands
/// alone on its line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let Some(line) = lines.last_mut() else {
            break;
        };
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(word.to_owned());
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

fn row(label: &str, value: impl Into<String>) -> (String, String) {
    (label.to_owned(), value.into())
}

impl Report {
    /// The report for people.
    #[must_use]
    pub fn human(&self) -> String {
        let mut out = format!(
            "crmjobs doctor {}: profile {}, server {}\n\n",
            self.crmjobs_version, self.profile, self.server
        );
        section(&mut out, "Login", &self.login.rows());
        if !self.login.ok {
            return out;
        }
        let methods: Vec<_> = self.methods.iter().map(MethodReport::row).collect();
        section(&mut out, "Methods", &methods);
        let checks = [
            row("paging", self.paging.text()),
            row("newest first", self.newest_first.text()),
        ];
        section(&mut out, "Lists", &checks);
        section(&mut out, "Dates and clock", &self.date_rows());
        section(&mut out, "Codes met", &self.code_rows());
        section(&mut out, "Suggested settings", &self.suggestions.rows());
        out
    }

    fn date_rows(&self) -> Vec<(String, String)> {
        let mut rows: Vec<_> = self
            .dates
            .forms
            .iter()
            .map(|f| {
                let offset = if f.offset { "with offset" } else { "no offset" };
                row("form", format!("{} ({offset}), {} seen", f.form, f.count))
            })
            .collect();
        if rows.is_empty() {
            rows.push(row("form", "no date seen"));
        }
        if self.dates.unreadable > 0 {
            rows.push(row("unreadable", self.dates.unreadable.to_string()));
        }
        if let Some(example) = &self.dates.example {
            rows.push(row("example", example.as_str()));
        }
        rows.push(row("clock", self.clock.detail.as_str()));
        rows
    }

    fn code_rows(&self) -> Vec<(String, String)> {
        if self.codes.is_empty() {
            return vec![row("none", "")];
        }
        self.codes
            .iter()
            .map(|c| {
                let meaning = c.meaning.replace('_', " ");
                let source = c.source.replace('_', " ");
                row(&c.short_code, format!("{meaning} ({source}; {})", c.code))
            })
            .collect()
    }
}

impl LoginReport {
    fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![row("result", if self.ok { "logged in" } else { "failed" })];
        if let Some(way) = self.way {
            rows.push(row("way", way.replace('_', " ")));
        }
        rows.push(row("cached token", self.cached_token));
        if self.token_replaced_during_run {
            rows.push(row("renewed", "the client logged in again during the run"));
        }
        if let Some(error) = &self.error {
            rows.push(row("error", error.as_str()));
        }
        if let Some(token) = &self.token {
            rows.push(row("token", token.text()));
        }
        rows
    }
}

impl TokenReport {
    fn text(&self) -> String {
        let mut parts = vec![if self.form == "jwt" { "JWT" } else { "opaque" }.to_owned()];
        if let Some(life) = self.lifetime_seconds {
            parts.push(format!("lives {} (exp - iat)", span(life)));
        }
        if let Some(left) = self.left_seconds {
            parts.push(format!("{} left", span(left)));
        }
        if let Some(renew) = self.renews_in_seconds {
            parts.push(format!(
                "renewed in {}",
                span(i64::try_from(renew).unwrap_or(i64::MAX))
            ));
        }
        parts.join(", ")
    }
}

impl MethodReport {
    fn row(&self) -> (String, String) {
        let label = match self.by {
            Some(by) => format!("{} by {by}", self.method),
            None => self.method.clone(),
        };
        let mut value = self.result.replace('_', " ");
        if let Some(status) = self.http_status {
            value = format!("{value} (HTTP {status})");
        }
        let said = [self.code.as_deref(), self.message.as_deref()];
        let said: Vec<&str> = said.into_iter().flatten().collect();
        if !said.is_empty() {
            value = format!("{value}: {}", said.join(" "));
        }
        (label, value)
    }
}

impl Check {
    fn text(&self) -> String {
        let verdict = match self.holds {
            Some(true) => "holds",
            Some(false) => "DOES NOT HOLD",
            None => "cannot tell",
        };
        format!("{verdict} ({})", self.detail)
    }
}

impl Suggestions {
    fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![row("server_timezone", self.server_timezone.text())];
        if self.settings.is_empty() {
            rows.push(row("profile", "nothing to add"));
        } else {
            rows.push(row(
                "profile",
                "add to the profile's table (check each first):",
            ));
            rows.extend(self.settings.iter().map(|line| row("", line.as_str())));
        }
        rows
    }
}

impl ZoneSuggestion {
    fn text(&self) -> String {
        match (&self.zone, &self.offset) {
            (Some(zone), Some(offset)) => {
                format!("{zone} ({offset}), a best guess: {}", self.reason)
            }
            _ => format!("cannot tell: {}", self.reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_controls_and_reordering_marks() {
        assert_eq!(clean("a\u{1b}[31mred\nline\u{202e}x\t"), "a [31mred line x");
        assert_eq!(clean("  plain  "), "plain");
    }

    #[test]
    fn spans_read_in_the_largest_units() {
        assert_eq!(span(7200), "2 h 0 min");
        assert_eq!(span(250), "4 min 10 s");
        assert_eq!(span(-12), "-12 s");
    }

    #[test]
    fn sections_align_their_values_and_wrap_long_ones() {
        let mut out = String::new();
        section(&mut out, "T", &[row("a", "1"), row("long label", "2")]);
        assert_eq!(out, "T\n  a           1\n  long label  2\n\n");
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), [""]);
        let mut out = String::new();
        section(&mut out, "T", &[row("k", "word ".repeat(40))]);
        assert!(
            out.lines().all(|line| line.chars().count() <= LINE),
            "{out}"
        );
        assert!(
            out.lines().nth(2).unwrap().starts_with("     word"),
            "{out}"
        );
    }
}
