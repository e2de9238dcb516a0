//! `crmjobs doctor`'s report for people: plain-text sections of aligned `label  value` lines,
//! long values wrapped under their column. The texts were made safe when the report was built.

use super::doctor_report::{
    Check, LoginReport, MethodReport, Report, Suggestions, TokenReport, ZoneSuggestion,
};

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
        // Whole lines, never wrapped, so they can be copied into the config file as they are.
        for line in &self.suggestions.settings {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
        if !self.suggestions.settings.is_empty() {
            out.push('\n');
        }
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
                "add these lines to the profile's table (check each first):",
            ));
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
