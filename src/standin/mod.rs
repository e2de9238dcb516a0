//! The stand-in CRM.COM server (axum): store, rules, seed data, flavours and fault injection.
//!
//! It plays CRM.COM so the client and the interface are tested against something that behaves
//! like it without one. Start it with [`StandinServer::start`] in tests, or with
//! `crmjobs standin` ([`serve`]) and `crmjobs --demo` for a demo.
//!
//! Two flavours ([`Flavour`], `--flavour`):
//! - `strict` (the default): the project's own vocabulary and every method the client may use,
//!   refusing strictly. It is the oracle for the client's own behaviour; its codes are short
//!   (`INVALID_TOKEN`, `NOT_FOUND`, ...) and its messages start with the wire name of the
//!   parameter they concern (`scheduled_date: ...`), so a client can put one beside the right
//!   field. JWT claims `sub`, `org`, `unit`, `jti`, and `iat`/`exp` as numbers.
//! - `documented`: only what CRM.COM's public record shows, so the client is tested against
//!   what it cannot assume. Codes are Java exception names mapped from the strict ones in
//!   `envelope.rs` (the dead-token one, [`DOCUMENTED_TOKEN_REJECTED_CODE`], reads like no dead
//!   token), messages are prose; `get_pending`, `get_in_progress`, `get_cancelled`,
//!   `jobs/all_scopes/show` and `authentication/token/release` answer HTTP 404 with an
//!   application server's HTML page (as do unknown paths; wrong verbs get its 405 page); JWT
//!   claims `usr`, `org`, `oun`, `jti`, and `iat`/`exp` as strings; jobs carry `unit: null`
//!   on every third job, no `business_unit`, `""` names and emails for the users marked in
//!   `assets/standin/organisation.toml`, keys the client never reads, and the type marked in
//!   `assets/standin/job_types.toml` has no `fulfillment_scope` (the server still judges
//!   completions by it).
//!
//! In both: `get_overdue` and `jobs/<scope>/show` (lower-case scope; a job of another scope is
//! not found there); dates written `YYYY-MM-DDTHH:MM:SS` in the configured zone (`--tz`, UTC
//! by default) and offset-less dates received read in it; with `--ignore-paging`,
//! `number_of_results` and `offset` are taken unread and whole lists answered (a server
//! before R13).
//!
//! Choices where the contract leaves room, all on the strict side:
//! - A parameter the method does not know is refused as invalid, naming it (a misspelt
//!   parameter must not look accepted); a POST with a query string is refused the same way.
//! - JSON `null` counts as an absent parameter.
//! - In the strict flavour unknown paths answer HTTP 404 with `NOT_FOUND`, wrong verbs HTTP
//!   405 with `METHOD_NOT_ALLOWED` and an `Allow` header; bodies over 64 KiB get HTTP 413
//!   with an invalid-parameter envelope. Everything else is HTTP 200.
//! - The token lifetime in force is applied when a token is checked, so shortening it at
//!   runtime ([`StandinServer::set_faults`]) also expires tokens already issued.
//! - A dropped answer closes the connection before the status line: the caller's request
//!   fails as incomplete (reqwest: `is_request()`), after the action was applied.
//!
//! Test hooks (`hooks.rs`): [`StandinServer::expire_tokens`],
//! [`StandinServer::action_log`], [`StandinServer::patch_job`], [`StandinServer::flavour`]
//! and [`StandinServer::zone`].

mod actions;
mod auth;
mod cli;
mod documented;
mod envelope;
mod faults;
mod fields;
mod flavour;
mod hooks;
mod jobgen;
mod org;
mod params;
mod prose;
mod reads;
mod reasons;
mod render;
mod routes;
mod seed;
#[cfg(test)]
mod seed_checks;
mod store;
mod users;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use cli::{DemoArgs, StandinArgs, serve};
pub use envelope::{DOCUMENTED_LOGIN_FAILED_CODE, DOCUMENTED_TOKEN_REJECTED_CODE};
pub use flavour::Flavour;
pub use hooks::{ActionOutcome, ActionRecord};

/// The organisation of the demo account.
pub const DEMO_ORGANISATION: &str = "northwind-field";
/// The demo supervisor's username.
pub const DEMO_USERNAME: &str = "supervisor";
/// The password of every active seeded user, the demo supervisor among them.
pub const DEMO_PASSWORD: &str = "demo-password";
/// A Web API key that logs in as the demo supervisor.
pub const DEMO_API_KEY: &str = "nwf-demo-5f1c0e7a9b2d4c36";

/// How the stand-in is started.
#[derive(Clone, Debug)]
pub struct StandinConfig {
    /// Port on 127.0.0.1; 0 means any free port.
    pub port: u16,
    /// How many jobs to seed.
    pub jobs: usize,
    /// Seed of the generated data: the same seed gives the same jobs.
    pub seed: u64,
    /// Faults to inject from the start.
    pub faults: Faults,
    /// How strictly CRM.COM is played.
    pub flavour: Flavour,
    /// The zone dates without an offset are written and read in (UTC by default).
    pub zone: chrono_tz::Tz,
    /// Answers every list whole, ignoring `number_of_results` and `offset`, as a server before
    /// R13 does.
    pub ignore_paging: bool,
}

impl Default for StandinConfig {
    fn default() -> Self {
        Self {
            port: 0,
            jobs: 600,
            seed: 1,
            faults: Faults::default(),
            flavour: Flavour::Strict,
            zone: chrono_tz::Tz::UTC,
            ignore_paging: false,
        }
    }
}

/// Faults the stand-in injects; none by default.
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// Added to every request.
    pub latency: Duration,
    /// Up to this much is added to or taken from the latency at random.
    pub jitter: Duration,
    /// Share of requests (0.0..=1.0) answered HTTP 503 before any change.
    pub fail_rate: f64,
    /// Share of successful actions whose connection is dropped after the change is applied.
    pub drop_rate: f64,
    /// How long a token lives from its issue, used or not; zero means the default 2 hours.
    pub token_ttl: Duration,
}

/// The token lifetime of CRM.COM R12 and later.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(2 * 60 * 60);

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency: Duration::ZERO,
            jitter: Duration::ZERO,
            fail_rate: 0.0,
            drop_rate: 0.0,
            token_ttl: DEFAULT_TOKEN_TTL,
        }
    }
}

impl Faults {
    /// The token lifetime in force: the configured one, or the default when zero.
    #[must_use]
    pub fn effective_token_ttl(&self) -> Duration {
        if self.token_ttl.is_zero() {
            DEFAULT_TOKEN_TTL
        } else {
            self.token_ttl
        }
    }
}

/// Everything the request handlers share.
pub(crate) struct Shared {
    pub(crate) org: org::Org,
    pub(crate) jobs: Mutex<store::Jobs>,
    pub(crate) sessions: Mutex<auth::Sessions>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) logins: AtomicUsize,
    /// Answers sent, by HTTP status (tests count retries from the server's side).
    pub(crate) answers: Mutex<std::collections::HashMap<u16, usize>>,
    /// Passwords set for single users (tests: a canary); the others use `DEMO_PASSWORD`.
    pub(crate) passwords: Mutex<std::collections::HashMap<String, String>>,
    pub(crate) flavour: Flavour,
    pub(crate) zone: flavour::Zone,
    pub(crate) ignore_paging: bool,
    /// Test hooks: the actions seen and the patches laid over jobs.
    pub(crate) hooks: hooks::Hooks,
}

/// Locks a mutex, carrying on after a panic elsewhere: the data it guards is only changed by
/// code that validates before it writes, so a poisoned lock still holds a consistent state.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The present moment at the wire's precision (whole seconds).
pub(crate) fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

/// A running stand-in server on the current tokio runtime. Dropping it stops it.
pub struct StandinServer {
    shared: Arc<Shared>,
    port: u16,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for StandinServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandinServer")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl StandinServer {
    /// Seeds the data, binds 127.0.0.1:`config.port` and starts serving.
    ///
    /// # Errors
    /// When the port cannot be bound, or the seed files are broken (a build defect).
    pub async fn start(config: StandinConfig) -> std::io::Result<StandinServer> {
        let started = now();
        // Seeding 100,000 jobs takes a moment; keep it off the runtime's worker threads.
        let (jobs_wanted, seed) = (config.jobs, config.seed);
        let (org, jobs) =
            tokio::task::spawn_blocking(move || jobgen::generate(jobs_wanted, seed, started))
                .await
                .map_err(std::io::Error::other)?
                .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        let shared = Arc::new(Shared {
            org,
            jobs: Mutex::new(jobs),
            sessions: Mutex::new(auth::Sessions::default()),
            faults: Mutex::new(config.faults),
            logins: AtomicUsize::new(0),
            answers: Mutex::default(),
            passwords: Mutex::new(std::collections::HashMap::new()),
            flavour: config.flavour,
            zone: flavour::Zone::new(config.zone),
            ignore_paging: config.ignore_paging,
            hooks: hooks::Hooks::default(),
        });
        let listener =
            tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, config.port)).await?;
        let port = listener.local_addr()?.port();
        let (stop, stopped) = oneshot::channel::<()>();
        let app = routes::router(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    // A dropped sender stops the server as surely as a sent signal.
                    let _ = stopped.await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(%error, "stand-in server stopped with an error");
            }
        });
        Ok(StandinServer {
            shared,
            port,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The base URL, `http://127.0.0.1:PORT`, without a trailing slash.
    #[must_use]
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Replaces the faults in force; requests already waiting keep the old latency.
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.shared.faults) = faults;
    }

    /// How many actions (start, complete, cancel) were applied to the job; 0 for unknown jobs.
    #[must_use]
    pub fn applied_actions(&self, job_number: &str) -> usize {
        lock(&self.shared.jobs).applied_actions(job_number)
    }

    /// The name of the reason job `number` was cancelled for; `None` when it was cancelled
    /// without one, is not cancelled, or is unknown. The job object has no field for it, so
    /// tests read it here.
    #[must_use]
    pub fn cancellation_reason_of(&self, job_number: &str) -> Option<String> {
        reasons::of_job(&self.shared, job_number)
    }

    /// Gives `username` its own password instead of `DEMO_PASSWORD` (tests pass a canary
    /// through a whole session this way).
    pub fn set_password(&self, username: &str, password: &str) {
        lock(&self.shared.passwords).insert(username.to_owned(), password.to_owned());
    }

    /// How many answers with HTTP `status` the stand-in has sent.
    #[must_use]
    pub fn answers_with(&self, status: u16) -> usize {
        lock(&self.shared.answers)
            .get(&status)
            .copied()
            .unwrap_or(0)
    }

    /// Successful logins so far, by password or by Web API key.
    #[must_use]
    pub fn logins(&self) -> usize {
        self.shared.logins.load(Ordering::SeqCst)
    }

    /// Sets the per-job flag that makes `complete` demand a `scheduled_date`.
    /// Unknown job numbers are ignored.
    pub fn set_requires_scheduled_date(&self, job_number: &str, required: bool) {
        lock(&self.shared.jobs).set_requires_scheduled_date(job_number, required);
    }

    /// Whether `complete` demands a `scheduled_date` for the job.
    #[must_use]
    pub fn requires_scheduled_date(&self, job_number: &str) -> bool {
        lock(&self.shared.jobs).requires_scheduled_date(job_number)
    }

    /// Stops accepting connections and waits for the requests in flight to finish.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // Connections held open by a client could keep a graceful stop waiting for ever;
            // after a grace period the server task is cut off.
            let mut task = task;
            if tokio::time::timeout(Duration::from_secs(5), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for StandinServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
