//! `crmjobs doctor [--json]`: what a supervisor sends with a bug report. It logs in as every
//! command does (`session::connect`), asks each method crmjobs uses with a harmless read
//! (`doctor_probe`), and reports which answer, whether paging and newest-first hold, the
//! token's form and life, the date form, the clock difference, the codes met and the profile
//! settings it suggests (`doctor_judge`, `doctor_report`).
//!
//! Read-only on the server: no action is sent, nor the token's release. Neither the token nor
//! a password or key is ever printed: the report has no field for them, and the final text is
//! searched for them all the same.
//!
//! Exit codes: 0 when the login worked (whatever the methods did), 3 when it failed, 5 when
//! the server could not be reached, 2 for a configuration problem.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{SecondsFormat, Utc};
use secrecy::{ExposeSecret, SecretString};

use crate::api::client::Client;
use crate::api::memory::{MemoryFile, ServerMemory};
use crate::api::probe::{LoginWay, ServerClock, date_form};
use crate::api::refusal::{Meaning, short_code};
use crate::config::{Profile, TokenCache};

use super::doctor_probe::{Findings, probe_all};
use super::doctor_report::{
    ClockReport, CodeReport, DateFormReport, DatesReport, LoginReport, Report, Suggestions,
    TokenReport, clean,
};
use super::output::{Format, emit};
use super::session::{self, Failure};
use super::{Exit, Global};

/// The `get_<state>` methods whose absence makes tabs assembled from `list` by job type.
const TAB_METHODS: [&str; 5] = [
    "jobs/all_scopes/get_draft",
    "jobs/all_scopes/get_pending",
    "jobs/all_scopes/get_in_progress",
    "jobs/all_scopes/get_completed",
    "jobs/all_scopes/get_cancelled",
];

/// `crmjobs doctor`.
pub async fn run(global: &Global) -> Exit {
    let loaded = match crate::config::load(&session::overrides(global)) {
        Ok(loaded) => loaded,
        Err(error) => return Failure::new(Exit::Usage, error.to_string()).report(),
    };
    let profile = loaded.profile;
    let cached = TokenCache::new(loaded.paths.tokens_dir())
        .load(&profile.name, &profile.token_owner())
        .ok()
        .flatten();
    let before = MemoryFile::for_server(&loaded.paths.servers_dir(), &profile.server).load();
    let mut secrets = Secrets::from_env();
    secrets.add(cached.as_ref());
    let mut report = empty_report(&profile);
    let format = Format::choose(global);
    let ctx = match session::connect(global).await {
        Ok(ctx) => ctx,
        Err(failure) => {
            report.login = LoginReport {
                cached_token: if cached.is_some() { "present" } else { "none" },
                error: Some(clean(&failure.message)),
                ..LoginReport::default()
            };
            print(&report, format, &secrets);
            return failure.report();
        }
    };
    let client = &ctx.client;
    let first = client.token();
    secrets.add(first.as_ref());
    let findings = probe_all(client).await;
    let last = client.token();
    secrets.add(last.as_ref());
    report.login = login_report(client, cached.as_ref(), first.as_ref(), last.as_ref());
    fill(&mut report, client, &findings, &before, &profile);
    print(&report, format, &secrets);
    ctx.finish();
    Exit::Success
}

/// The report before anything is known.
fn empty_report(profile: &Profile) -> Report {
    Report {
        crmjobs_version: env!("CARGO_PKG_VERSION"),
        profile: profile.name.clone(),
        server: profile.server.clone(),
        login: LoginReport::default(),
        methods: Vec::new(),
        paging: super::doctor_report::Check::default(),
        newest_first: super::doctor_report::Check::default(),
        dates: DatesReport::default(),
        clock: ClockReport::default(),
        codes: Vec::new(),
        suggestions: Suggestions::default(),
    }
}

/// How the login went: `first` is the token `connect` ended with, `last` the one the run
/// ended with.
fn login_report(
    client: &Client,
    cached: Option<&SecretString>,
    first: Option<&SecretString>,
    last: Option<&SecretString>,
) -> LoginReport {
    let same = |a: Option<&SecretString>, b: Option<&SecretString>| {
        a.zip(b)
            .is_some_and(|(a, b)| a.expose_secret() == b.expose_secret())
    };
    let used_cache = same(cached, first);
    let replaced = !same(first, last);
    // The way the token in force at the end was obtained.
    let way = if used_cache && !replaced {
        LoginWay::CachedToken
    } else {
        client.credentials_kind().unwrap_or(LoginWay::Password)
    };
    LoginReport {
        ok: true,
        way: Some(way.name()),
        cached_token: match (cached.is_some(), used_cache, replaced) {
            (false, ..) => "none",
            (true, true, false) => "used",
            (true, true, true) => "replaced",
            (true, false, _) => "refused",
        },
        token_replaced_during_run: replaced,
        error: None,
        token: token_report(client),
    }
}

/// The token's form and life, by the server's clock where known.
fn token_report(client: &Client) -> Option<TokenReport> {
    let shape = client.token_shape()?;
    let now = client
        .server_clock()
        .map_or_else(Utc::now, |clock| clock.server + (Utc::now() - clock.local));
    let rfc3339 = |date: chrono::DateTime<Utc>| date.to_rfc3339_opts(SecondsFormat::Secs, true);
    Some(TokenReport {
        form: if shape.jwt { "jwt" } else { "opaque" },
        issued_at: shape.issued_at.map(rfc3339),
        expires_at: shape.expires_at.map(rfc3339),
        lifetime_seconds: shape.lifetime().map(|life| life.num_seconds()),
        left_seconds: shape.expires_at.map(|exp| (exp - now).num_seconds()),
        renews_in_seconds: client.token_renews_in().map(|left| left.as_secs()),
    })
}

/// Everything after the login.
fn fill(
    report: &mut Report,
    client: &Client,
    findings: &Findings,
    before: &ServerMemory,
    profile: &Profile,
) {
    let after = client.memory();
    report.methods.clone_from(&findings.methods);
    report.paging = findings.paging.clone();
    report.newest_first = findings.newest_first.clone();
    report.dates = dates(&findings.date_texts);
    report.clock = clock(client.server_clock());
    report.codes = codes(before, &after, &findings.refusals);
    report.suggestions = suggestions(findings, &after, profile);
}

/// The forms of the date texts seen, most seen first.
fn dates(texts: &[String]) -> DatesReport {
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
    forms.sort_by(|a, b| b.count.cmp(&a.count));
    DatesReport {
        forms,
        unreadable,
        example: texts.first().map(|text| clean(text)),
    }
}

/// The clock difference by the latest `Date` header.
fn clock(clock: Option<ServerClock>) -> ClockReport {
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
fn codes(
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
fn suggestions(findings: &Findings, after: &ServerMemory, profile: &Profile) -> Suggestions {
    let offset_less = findings
        .date_texts
        .iter()
        .any(|text| date_form(text).is_some_and(|(_, offset)| !offset));
    let zone =
        super::doctor_judge::guess_zone(&findings.dated, offset_less, profile.server_timezone);
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

/// Writes the report in `format` with every secret known here blanked out.
fn print(report: &Report, format: Format, secrets: &Secrets) {
    let text = if format == Format::Json {
        // Straight from the struct, so the keys keep the report's order.
        serde_json::to_string_pretty(report).unwrap_or_default() + "\n"
    } else {
        report.human()
    };
    emit(&secrets.blank(text));
}

/// The secrets this run holds, to blank out of its output.
struct Secrets(Vec<String>);

impl Secrets {
    /// The password and key of the environment.
    fn from_env() -> Self {
        let values = ["CRMJOBS_PASSWORD", "CRMJOBS_API_KEY"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok());
        let mut secrets = Self(Vec::new());
        for value in values {
            secrets.push(value);
        }
        secrets
    }

    fn add(&mut self, secret: Option<&SecretString>) {
        if let Some(secret) = secret {
            self.push(secret.expose_secret().to_owned());
        }
    }

    /// Keeps `value` unless it is too short to blank without mangling the text (a secret
    /// that short is no secret).
    fn push(&mut self, value: String) {
        if value.chars().count() >= 4 && !self.0.contains(&value) {
            self.0.push(value);
        }
    }

    fn blank(&self, mut text: String) -> String {
        for secret in &self.0 {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "[REDACTED]");
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_blanked_but_short_values_are_left() {
        let mut secrets = Secrets(Vec::new());
        secrets.push("canary-7731".to_owned());
        secrets.push("ab".to_owned());
        assert_eq!(
            secrets.blank("x canary-7731 y ab".to_owned()),
            "x [REDACTED] y ab"
        );
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
        assert_eq!(codes[0].short_code, "SECURITY.X");
        assert_eq!(codes[1].source, "learned_before");
    }
}
