//! Running one journey against each flavour of the stand-in, and what every journey needs
//! from it: a stand-in of a flavour and zone, a client that reads in that zone, and what the
//! stand-in's action log says about one job.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::Job;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page};
use crmjobs::standin::{
    ActionOutcome, ActionRecord, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Flavour,
    StandinConfig, StandinServer,
};
use futures_util::FutureExt;
use serde_json::Value;

/// Both flavours, the oracle first.
pub const FLAVOURS: [Flavour; 2] = [Flavour::Strict, Flavour::Documented];

/// Runs `journey` once per flavour, the second even when the first fails, and fails naming
/// the flavour(s) whose run failed and why.
pub async fn each_flavour<F, Fut>(journey: F)
where
    F: Fn(Flavour) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut failures = Vec::new();
    for flavour in FLAVOURS {
        if let Err(panic) = AssertUnwindSafe(journey(flavour)).catch_unwind().await {
            failures.push(format!("[{} flavour] {}", flavour.name(), message(&*panic)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// The server zone a journey uses by default: the strict oracle in UTC, the documented
/// flavour somewhere else (a half-hour offset, so an hour-sized slip shows too).
pub fn zone_of(flavour: Flavour) -> Tz {
    match flavour {
        Flavour::Strict => Tz::UTC,
        Flavour::Documented => chrono_tz::Asia::Kolkata,
    }
}

/// A stand-in of `flavour` in `zone` with `jobs` seeded jobs (seed 1), paging honoured.
pub fn config(flavour: Flavour, zone: Tz, jobs: usize) -> StandinConfig {
    StandinConfig {
        jobs,
        flavour,
        zone,
        ..StandinConfig::default()
    }
}

/// Starts the stand-in of `config`.
pub async fn standin(config: StandinConfig) -> StandinServer {
    StandinServer::start(config)
        .await
        .expect("the stand-in starts")
}

/// A client of `server` reading and writing dates in `zone`, holding the demo credentials
/// (not yet logged in).
pub fn client(server: &StandinServer, zone: Tz) -> Client {
    let mut config = ClientConfig::new(server.url());
    config.server_zone = zone;
    let client = Client::new(config).expect("a client");
    client.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.to_owned().into(),
        unit: None,
    });
    client
}

/// A [`client`], logged in.
pub async fn logged_in(server: &StandinServer, zone: Tz) -> Client {
    let client = client(server, zone);
    client.login().await.expect("the demo login");
    client
}

/// Every job in `state`, as `client` reads it.
pub async fn all_in(client: &Client, state: LifeCycleState) -> Vec<Job> {
    client
        .jobs_by_state(state, None, Page::first(1000))
        .await
        .expect("the jobs of a state")
        .jobs
}

/// The first job in progress of `scope` with an assigned unit (documented jobs have
/// `unit: null` now and then), whose completion needs no scheduled date unless given one.
pub async fn in_progress_of(
    server: &StandinServer,
    client: &Client,
    scope: FulfillmentScope,
) -> Job {
    in_progress_where(server, client, |s| s == scope).await
}

/// A job whose completion takes nothing but a status, its scope known.
pub fn plain(scope: FulfillmentScope) -> bool {
    scope != FulfillmentScope::Unknown
        && !scope.takes_performed_by()
        && !scope.takes_scheduled_date()
}

/// As [`in_progress_of`], of a scope that satisfies `fits`.
pub async fn in_progress_where(
    server: &StandinServer,
    client: &Client,
    fits: impl Fn(FulfillmentScope) -> bool,
) -> Job {
    let job = all_in(client, LifeCycleState::InProgress)
        .await
        .into_iter()
        .find(|job| {
            fits(job.scope())
                && job
                    .assigned_to
                    .as_ref()
                    .and_then(|a| a.unit.as_ref())
                    .is_some()
        })
        .expect("the seed has such a job");
    server.set_requires_scheduled_date(&job.number, false);
    job
}

/// The wall-clock text of `instant` in `zone`, as the wire writes it.
pub fn wall_text(instant: DateTime<Utc>, zone: Tz) -> String {
    instant
        .with_timezone(&zone)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// `instant` typed so that no machine's time zone changes its meaning: UTC with `Z`.
pub fn typed(instant: DateTime<Utc>) -> String {
    instant.format("%Y-%m-%dT%H:%MZ").to_string()
}

/// Types `instant` into the focused date field and waits until the form shows how it read
/// it: in the app's zone, which the test app pins to UTC.
pub async fn enter_date(app: &crate::tui_support::http::Running, instant: DateTime<Utc>) {
    app.type_text(&typed(instant));
    let shown = instant.format("%a %-d %b %Y %H:%M").to_string();
    app.screen.wait_for(&shown).await;
}

/// A whole minute `hours` before now (dates are entered to the minute).
pub fn minutes_ago(hours: i64) -> DateTime<Utc> {
    let at = Utc::now() - chrono::Duration::hours(hours);
    DateTime::from_timestamp(at.timestamp() / 60 * 60, 0).expect("a date")
}

/// The action requests that named job `number`, oldest first.
pub fn actions_on(server: &StandinServer, number: &str) -> Vec<ActionRecord> {
    server
        .action_log()
        .into_iter()
        .filter(|record| record.params["job_identifier"]["number"].as_str() == Some(number))
        .collect()
}

/// The one applied request among `records`.
pub fn the_applied(records: &[ActionRecord]) -> &ActionRecord {
    let mut applied = records
        .iter()
        .filter(|r| matches!(r.outcome, ActionOutcome::Applied { .. }));
    let one = applied.next().expect("an applied request");
    assert!(applied.next().is_none(), "applied twice: {records:#?}");
    one
}

/// Whether the identifier object `ident` names the thing whose id is `id` or whose name
/// (or username) is `name`: the client may send either.
pub fn names(ident: &Value, id: &str, name: &str) -> bool {
    let Some(fields) = ident.as_object() else {
        return false;
    };
    fields.len() == 1
        && fields.iter().any(|(key, value)| {
            let value = value.as_str().unwrap_or_default();
            match key.as_str() {
                "id" => value == id,
                "name" | "username" => value.eq_ignore_ascii_case(name),
                _ => false,
            }
        })
}
