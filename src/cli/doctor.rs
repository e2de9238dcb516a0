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

use chrono::{SecondsFormat, Utc};
use secrecy::{ExposeSecret, SecretString};

use crate::api::client::Client;
use crate::api::memory::{MemoryFile, ServerMemory};
use crate::api::probe::LoginWay;
use crate::config::{Profile, TokenCache};

use super::doctor_judge;
use super::doctor_probe::{Findings, probe_all};
use super::doctor_report::{
    ClockReport, DatesReport, LoginReport, Report, Suggestions, TokenReport, clean,
};
use super::output::{Format, emit};
use super::session::{self, Failure};
use super::{Exit, Global};

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
    report.dates = doctor_judge::dates(&findings.date_texts);
    report.clock = doctor_judge::clock(client.server_clock());
    report.codes = doctor_judge::codes(before, &after, &findings.refusals);
    report.suggestions = doctor_judge::suggestions(findings, &after, profile);
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
}
