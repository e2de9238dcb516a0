//! What `crmjobs doctor` concludes from what it saw: whether paging and newest-first hold,
//! the date forms, the clock difference, the error codes met and the settings to suggest.
//! Pure functions over the findings, tested here without a server.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, SecondsFormat, Utc};

use crate::api::memory::ServerMemory;
use crate::api::probe::{ServerClock, date_form};
use crate::api::refusal::{Meaning, short_code};
use crate::config::Profile;

use super::doctor_probe::Findings;
use super::doctor_report::{
    Check, ClockReport, CodeReport, DateFormReport, DatesReport, Suggestions, clean,
};

/// The `get_<state>` methods whose absence makes tabs assembled from `list` by job type.
const TAB_METHODS: [&str; 5] = [
    "jobs/all_scopes/get_draft",
    "jobs/all_scopes/get_pending",
    "jobs/all_scopes/get_in_progress",
    "jobs/all_scopes/get_completed",
    "jobs/all_scopes/get_cancelled",
];

/// Paging from the rows two reads of `get_completed` gave for 1 and then 2 rows asked.
#[must_use]
pub fn paging(one: Option<usize>, two: Option<usize>) -> Check {
    let (Some(one), Some(two)) = (one, two) else {
        return Check {
            holds: None,
            detail: "get_completed did not answer both reads".to_owned(),
        };
    };
    let detail = format!("asked 1 row of get_completed: {one} came; asked 2: {two} came");
    let holds = if one > 1 || two > 2 {
        Some(false)
    } else if one == 1 && two == 2 {
        Some(true)
    } else {
        None
    };
    let detail = match holds {
        Some(false) => format!(
            "{detail}; the server ignores paging (before R13): crmjobs stops at the first \
             page longer than asked"
        ),
        None => format!("{detail}; too few completed jobs to tell"),
        Some(true) => detail,
    };
    Check { holds, detail }
}

/// Newest-first from the created dates of one page, in the server's order.
#[must_use]
pub fn newest_first(created: &[DateTime<Utc>]) -> Check {
    if created.len() < 2 {
        return Check {
            holds: None,
            detail: format!(
                "{} created date(s) in a page of get_completed; two are needed",
                created.len()
            ),
        };
    }
    let out_of_order = created.windows(2).filter(|w| w[0] < w[1]).count();
    Check {
        holds: Some(out_of_order == 0),
        detail: if out_of_order == 0 {
            format!("{} created dates descending", created.len())
        } else {
            format!(
                "{out_of_order} of {} neighbouring created dates ascend (a server before R14.5)",
                created.len() - 1
            )
        },
    }
}

/// The forms of the date texts seen, most seen first.
pub fn dates(texts: &[String]) -> DatesReport {
    let mut forms: BTreeMap<(String, bool), usize> = BTreeMap::new();
    let mut unreadable = 0;
    for text in texts {
        match date_form(text) {
            Some(form) => *forms.entry(form).or_default() += 1,
            None => unreadable += 1,
        }
    }
    let mut forms: Vec<DateFormReport> = forms
        .into_iter()
        .map(|((form, offset), count)| DateFormReport {
            form,
            offset,
            count,
        })
        .collect();
    forms.sort_by_key(|form| std::cmp::Reverse(form.count));
    DatesReport {
        forms,
        unreadable,
        example: texts.first().map(|text| clean(text)),
    }
}

/// The clock difference by the latest `Date` header.
pub fn clock(clock: Option<ServerClock>) -> ClockReport {
    let Some(clock) = clock else {
        return ClockReport {
            detail: "the server sent no Date header: cannot tell".to_owned(),
            ..ClockReport::default()
        };
    };
    let ahead = clock.ahead().num_seconds();
    let detail = match ahead {
        -1..=1 => "the server's clock agrees with this machine's to within a second".to_owned(),
        2.. => format!("the server's clock is {ahead} s ahead of this machine's"),
        _ => format!("the server's clock is {} s behind this machine's", -ahead),
    };
    ClockReport {
        server_date: Some(clock.server.to_rfc3339_opts(SecondsFormat::Secs, true)),
        server_ahead_seconds: Some(ahead),
        detail: format!("{detail} (by its Date header, whole seconds)"),
    }
}

/// The codes met this run, then those learned before, each once.
pub fn codes(
    before: &ServerMemory,
    after: &ServerMemory,
    seen: &[(String, Meaning)],
) -> Vec<CodeReport> {
    let mut listed = BTreeSet::new();
    let mut out = Vec::new();
    let mut add = |code: &str, meaning: &'static str, source: &'static str| {
        if listed.insert(code.to_owned()) {
            out.push(CodeReport {
                code: clean(code),
                short_code: clean(short_code(code)),
                meaning,
                source,
            });
        }
    };
    let learned = |code: &String, known: &BTreeSet<String>| {
        if known.contains(code) {
            "learned_before"
        } else {
            "learned_this_run"
        }
    };
    for code in &after.dead_token_codes {
        add(code, "dead_token", learned(code, &before.dead_token_codes));
    }
    for code in &after.refusal_codes {
        add(code, "refused", learned(code, &before.refusal_codes));
    }
    for (code, meaning) in seen {
        add(code, meaning_name(*meaning), "seen_this_run");
    }
    out.sort_by_key(|c| c.source == "learned_before");
    out
}

fn meaning_name(meaning: Meaning) -> &'static str {
    match meaning {
        Meaning::Refused => "refused",
        Meaning::Undecided => "undecided",
        Meaning::DeadToken => "dead_token",
        Meaning::LoginRefused => "login_refused",
    }
}

/// The settings the findings suggest, and their lines for the profile.
pub fn suggestions(findings: &Findings, after: &ServerMemory, profile: &Profile) -> Suggestions {
    let offset_less = findings
        .date_texts
        .iter()
        .any(|text| date_form(text).is_some_and(|(_, offset)| !offset));
    let zone =
        super::doctor_zone::guess_zone(&findings.dated, offset_less, profile.server_timezone);
    let tabs_missing = findings
        .methods
        .iter()
        .any(|m| m.result == "missing" && TAB_METHODS.contains(&m.method.as_str()));
    let names: BTreeSet<String> = after
        .job_types
        .values()
        .map(|t| t.name.clone())
        .chain(findings.jobs.iter().filter_map(|job| job.type_name.clone()))
        .map(|name| clean(&name))
        .filter(|name| !name.is_empty())
        .collect();
    let job_types = (tabs_missing && profile.job_types.is_empty() && !names.is_empty())
        .then(|| names.into_iter().collect::<Vec<_>>());
    let codes: Vec<String> = after
        .dead_token_codes
        .iter()
        .filter(|code| !profile.token_error_codes.contains(code))
        .map(|code| clean(code))
        .collect();
    let token_error_codes = (!codes.is_empty()).then_some(codes);
    let mut settings = Vec::new();
    if let Some(name) = zone
        .zone
        .as_deref()
        .filter(|z| *z != profile.server_timezone.name())
    {
        settings.push(format!("server_timezone = {}", toml_text(name)));
    }
    if let Some(names) = &job_types {
        settings.push(format!("job_types = {}", toml_list(names)));
    }
    if let Some(codes) = &token_error_codes {
        settings.push(format!("token_error_codes = {}", toml_list(codes)));
    }
    Suggestions {
        server_timezone: zone,
        job_types,
        token_error_codes,
        settings,
    }
}

/// A TOML string.
fn toml_text(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// A TOML array of strings on one line.
fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|item| toml_text(item)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::api::date::parse(text).unwrap()
    }

    #[test]
    fn paging_and_order_verdicts() {
        assert_eq!(paging(Some(1), Some(2)).holds, Some(true));
        assert_eq!(paging(Some(40), Some(40)).holds, Some(false));
        assert_eq!(paging(Some(1), Some(1)).holds, None);
        assert_eq!(paging(None, Some(2)).holds, None);
        let down = [at("2026-11-28T09:00:00Z"), at("2026-11-27T09:00:00Z")];
        assert_eq!(newest_first(&down).holds, Some(true));
        let up = [down[1], down[0]];
        assert_eq!(newest_first(&up).holds, Some(false));
        assert_eq!(newest_first(&up[..1]).holds, None);
    }

    #[test]
    fn settings_are_written_as_toml_that_reads_back() {
        let names = vec!["Fibre \"install\"".to_owned(), "Repair\\x".to_owned()];
        let line = format!("job_types = {}", toml_list(&names));
        let table: toml::Table = toml::from_str(&line).unwrap();
        let back: Vec<String> = table["job_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(back, names);
        assert_eq!(toml_text("Asia/Kolkata"), "\"Asia/Kolkata\"");
    }

    #[test]
    fn codes_learned_this_run_come_before_those_known() {
        let mut before = ServerMemory::default();
        before.note_code("OLD", false);
        let mut after = before.clone();
        after.note_code("COM.CRM.EXCEPTION.SECURITY.X\u{1b}EXCEPTION", true);
        let seen = [("OLD".to_owned(), Meaning::Refused)];
        let codes = codes(&before, &after, &seen);
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[0].meaning, "dead_token");
        assert_eq!(codes[0].source, "learned_this_run");
        assert_eq!(codes[0].short_code, "SECURITY.X\u{FFFD}");
        assert_eq!(codes[1].source, "learned_before");
    }
}
