//! The CRM.COM Web API client: every method the app uses, the token, and the re-login.
//!
//! A `Client` is cheap to clone; clones share the connection pool, the session and what was
//! learned about the server. Requests go through [`Client::send`], which:
//! - renews the token before it dies, when credentials are at hand (see `token_life`);
//! - judges every refusal with what it knows of this server (see `refusal` and `memory`);
//! - after a dead-token refusal logs in again, once for all the requests that met it
//!   together, and replays a read; an action is not sent again here: the outbox reads the job
//!   back first and sends it again only if the job is unchanged;
//! - finds out what a refusal with an unknown code means: a read is replayed with a new token
//!   (the same refusal again means the request itself was refused), otherwise the old token
//!   is tried on a small documented read; what it learns is kept per server;
//! - notes which methods this server has, for the fallbacks of the reads (see `reads`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use secrecy::SecretString;

use super::decode;
use super::error::ApiError;
use super::ident::JobIdentifier;
use super::job::Job;
use super::memory::{LearnedType, MemoryFile, ServerMemory};
use super::model::{FulfillmentScope, JobType, LifeCycleState, Page, TokenData};
use super::params::Params;
use super::refusal::Meaning;
use super::session::Session;
use super::shared::Interner;
use super::transport::{Call, Kind, Transport, Verb};

pub use super::session::Credentials;

/// Where the server is and how long to wait for it.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// Base URL, e.g. `https://crm.example.com`; the client appends `/crmapi/rest/v2/`.
    pub server: String,
    /// How long to wait for a connection.
    pub connect_timeout: Duration,
    /// Total deadline of one request, retries of a read included.
    pub request_timeout: Duration,
    /// A PEM file of extra certificate authorities, trusted beside the system's.
    pub extra_ca_file: Option<PathBuf>,
    /// Codes this server sends for a dead token (the profile's `token_error_codes`).
    pub token_error_codes: Vec<String>,
    /// Job types (names) whose jobs make up a tab this server has no method for (the
    /// profile's `job_types`); empty: the types learned from the jobs seen.
    pub job_types: Vec<String>,
    /// Where what is learned about servers is kept (the state folder's `servers/`); `None`
    /// keeps it in memory only.
    pub memory_dir: Option<PathBuf>,
    /// The server's time zone: offset-less dates it sends are read, and dates sent to it
    /// are written, as wall-clock times there (the profile's `server_timezone`).
    pub server_zone: chrono_tz::Tz,
}

impl ClientConfig {
    /// The server with default timeouts (5 s to connect, 30 s in all), no extra CA, in UTC.
    pub fn new(server: impl Into<String>) -> Self {
        Self {
            server: server.into(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            extra_ca_file: None,
            token_error_codes: Vec::new(),
            job_types: Vec::new(),
            memory_dir: None,
            server_zone: chrono_tz::Tz::UTC,
        }
    }
}

/// What all clones share.
#[derive(Debug)]
pub(super) struct Inner {
    pub(super) transport: Transport,
    pub(super) session: Session,
    /// The types, statuses, people and units jobs share (see `shared`).
    pub(super) interner: Mutex<Interner>,
    /// What was learned about this server, and where it is kept.
    pub(super) memory: Mutex<ServerMemory>,
    pub(super) memory_file: Option<MemoryFile>,
    /// The profile's dead-token codes and job types.
    pub(super) token_error_codes: Vec<String>,
    pub(super) job_types: Vec<String>,
    /// Tabs put together from `list` (see `fallback`), kept for the pages after the first.
    pub(super) assembled: Mutex<HashMap<LifeCycleState, Arc<Vec<Job>>>>,
    /// The type of every job seen, by number, so a server without `all_scopes/show` is asked
    /// at the job's own scope (see `fallback`). The types are the shared ones: a pointer each.
    pub(super) types_by_number: Mutex<HashMap<Box<str>, Arc<JobType>>>,
    /// The server's time zone (see [`ClientConfig::server_zone`]).
    pub(super) zone: chrono_tz::Tz,
    /// Whether the documented lists were read for their job types (see `fallback`); a lock, so
    /// tabs put together at once wait for one survey instead of using the types seen so far.
    pub(super) types_surveyed: tokio::sync::Mutex<bool>,
}

/// The API client. Debug shows the server and whether it is logged in, never a secret.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
    /// `fields_set` sent with the reads that take it.
    fields: Option<Arc<str>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("server", &self.inner.transport.server())
            .field("logged_in", &self.is_logged_in())
            .field("credentials", &self.inner.session.credentials())
            .field("fields", &self.fields)
            .finish()
    }
}

impl Client {
    /// A client for the configured server; nothing is sent yet.
    ///
    /// # Errors
    /// `Config` for a server address that is not an http(s) URL or an unreadable CA file.
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        let memory_file = config
            .memory_dir
            .as_deref()
            .map(|dir| MemoryFile::for_server(dir, &config.server));
        let memory = memory_file
            .as_ref()
            .map(MemoryFile::load)
            .unwrap_or_default();
        let token_error_codes = config.token_error_codes.clone();
        let job_types = config.job_types.clone();
        let zone = config.server_zone;
        Ok(Self {
            inner: Arc::new(Inner {
                transport: Transport::new(config)?,
                session: Session::default(),
                interner: Mutex::default(),
                memory: Mutex::new(memory),
                memory_file,
                token_error_codes,
                job_types,
                assembled: Mutex::default(),
                types_by_number: Mutex::default(),
                zone,
                types_surveyed: tokio::sync::Mutex::new(false),
            }),
            fields: None,
        })
    }

    /// Keeps the credentials for [`Client::login`] and for re-logins after a dead token.
    pub fn set_credentials(&self, credentials: Credentials) {
        self.inner.session.set_credentials(credentials);
    }

    /// Uses a token obtained elsewhere (e.g. a cached one).
    pub fn set_token(&self, token: SecretString) {
        self.inner.session.store(Some(token), false);
    }

    /// The token in force, e.g. to cache it.
    #[must_use]
    pub fn token(&self) -> Option<SecretString> {
        self.inner.session.current().0
    }

    /// Whether credentials are held, so a dead token is renewed without asking anyone.
    #[must_use]
    pub fn can_renew(&self) -> bool {
        self.inner.session.has_credentials()
    }

    /// How the credentials held log in, when some are held (for `doctor`).
    #[must_use]
    pub fn credentials_kind(&self) -> Option<super::probe::LoginWay> {
        self.inner
            .session
            .credentials()
            .map(|credentials| match credentials {
                Credentials::Password { .. } => super::probe::LoginWay::Password,
                Credentials::ApiKey { .. } => super::probe::LoginWay::ApiKey,
            })
    }

    /// The server's clock by the latest answer's HTTP `Date` header (for `doctor`).
    #[must_use]
    pub fn server_clock(&self) -> Option<super::probe::ServerClock> {
        self.inner.transport.last_clock()
    }

    /// Whether a token is held (it may have expired on the server).
    #[must_use]
    pub fn is_logged_in(&self) -> bool {
        self.token().is_some()
    }

    /// A client sharing this one's session whose reads send `fields_set` (top-level names).
    #[must_use]
    pub fn with_fields(&self, fields: &[&str]) -> Client {
        Self {
            inner: Arc::clone(&self.inner),
            fields: (!fields.is_empty()).then(|| Arc::from(fields.join(","))),
        }
    }

    /// Logs in with the stored credentials (password or API key) and keeps the token.
    ///
    /// # Errors
    /// `NotLoggedIn` without credentials; `Server` taken to mean `LoginRefused` when refused.
    pub async fn login(&self) -> Result<(), ApiError> {
        let _one_login = self.inner.session.login_lock.lock().await;
        self.login_now().await
    }

    /// Logs in; the caller holds the login lock.
    async fn login_now(&self) -> Result<(), ApiError> {
        let credentials = self
            .inner
            .session
            .credentials()
            .ok_or(ApiError::NotLoggedIn)?;
        let reply = self
            .inner
            .transport
            .execute(&credentials.login_call(), None)
            .await
            // Whatever its code, a refusal of the login call is a refused login.
            .map_err(|error| error.with_meaning(Meaning::LoginRefused))?;
        let token: TokenData = decode::one(reply.data(), "login token")?;
        self.inner.session.store(Some(token.token), true);
        self.remember(ServerMemory::forget_methods);
        self.assembled().clear();
        tracing::debug!("logged in");
        Ok(())
    }

    /// Logs in again unless someone already did since the token of `generation` was sent.
    pub(super) async fn relogin(&self, generation: u64) -> Result<(), ApiError> {
        let _one_login = self.inner.session.login_lock.lock().await;
        if self.inner.session.generation() != generation {
            return Ok(());
        }
        tracing::debug!("token refused or missing; logging in again");
        self.login_now().await
    }

    /// Releases the token on the server and forgets it here, whatever the server says: the
    /// user asked to log out. Release is deprecated from R12, so a server may not have it.
    ///
    /// # Errors
    /// Whatever kept the server from releasing it (the token is forgotten all the same); a
    /// dead token is success (it is dead either way).
    pub async fn release_token(&self) -> Result<(), ApiError> {
        let (Some(token), _) = self.inner.session.current() else {
            return Ok(());
        };
        self.inner.session.store(None, false);
        let call = Call::new(
            Verb::Post,
            "authentication/token/release",
            Params::new(),
            Kind::Read,
        );
        match self.execute(&call, &token).await {
            Err(error) if error.needs_login() => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Proves the token in force with the smallest documented read (one completed job):
    /// `Ok` when accepted; a refusal that needs a login when it is dead and no credentials
    /// can renew it.
    ///
    /// # Errors
    /// Any `ApiError` of the read.
    pub async fn prove_token(&self) -> Result<(), ApiError> {
        self.jobs_by_state(LifeCycleState::Completed, None, Page::first(1))
            .await
            .map(|_| ())
    }

    /// What was learned about this server so far.
    #[must_use]
    pub fn memory(&self) -> ServerMemory {
        self.inner
            .memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// How long until the token in force is renewed, when its life is known.
    #[must_use]
    pub fn token_renews_in(&self) -> Option<Duration> {
        self.inner.session.renews_in(Instant::now())
    }

    /// Changes the memory; keeps it on disk when `change` says something is new.
    pub(crate) fn remember(&self, change: impl FnOnce(&mut ServerMemory) -> bool) {
        let mut memory = self
            .inner
            .memory
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if !change(&mut memory) {
            return;
        }
        if let Some(file) = &self.inner.memory_file
            && let Err(error) = file.store(&memory)
        {
            tracing::warn!(path = %file.path().display(), %error, "could not keep what was learned about the server");
        }
    }

    /// The tabs put together from `list`, by state.
    pub(crate) fn assembled(&self) -> MutexGuard<'_, HashMap<LifeCycleState, Arc<Vec<Job>>>> {
        self.inner
            .assembled
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether this client surveyed the server's job types; held while it does.
    pub(crate) fn types_surveyed(&self) -> &tokio::sync::Mutex<bool> {
        &self.inner.types_surveyed
    }

    /// The profile's job types, by name.
    pub(crate) fn profile_job_types(&self) -> &[String] {
        &self.inner.job_types
    }

    /// The type id and scope of a job seen before.
    pub(crate) fn known_type_of(&self, job: &JobIdentifier) -> Option<(String, FulfillmentScope)> {
        let JobIdentifier::Number(number) = job else {
            return None;
        };
        let types = self
            .inner
            .types_by_number
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        types
            .get(number.as_str())
            .map(|job_type| (job_type.id.clone(), job_type.fulfillment_scope))
    }

    /// Shares the repeated parts of freshly decoded jobs with those already loaded, and
    /// learns their job types (for the tabs put together from `list`).
    pub(crate) fn share(&self, jobs: &mut [Job]) {
        self.inner
            .interner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .share_all(jobs);
        {
            let mut types = self
                .inner
                .types_by_number
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            for job in jobs.iter() {
                if let Some(job_type) = &job.job_type
                    && !job.number.is_empty()
                {
                    types.insert(Box::from(job.number.as_str()), Arc::clone(job_type));
                }
            }
        }
        self.remember(|memory| {
            let mut news = false;
            for job_type in jobs.iter().filter_map(|job| job.job_type.as_deref()) {
                news |= memory.note_type(
                    &job_type.id,
                    LearnedType {
                        name: job_type.name.clone(),
                        scope: job_type.fulfillment_scope,
                    },
                );
            }
            news
        });
    }

    /// The token to send, logging in first when there is none but credentials are known.
    pub(super) async fn token_for_call(&self) -> Result<(SecretString, u64), ApiError> {
        if let (Some(token), generation) = self.inner.session.current() {
            return Ok((token, generation));
        }
        if !self.inner.session.has_credentials() {
            return Err(ApiError::NotLoggedIn);
        }
        let generation = self.inner.session.generation();
        self.relogin(generation).await?;
        match self.inner.session.current() {
            (Some(token), generation) => Ok((token, generation)),
            (None, _) => Err(ApiError::NotLoggedIn),
        }
    }

    /// The server's time zone, in which offset-less dates are read and written.
    #[must_use]
    pub fn server_zone(&self) -> chrono_tz::Tz {
        self.inner.zone
    }

    /// Adds `fields_set` when this client has one.
    pub(crate) fn with_fields_set(&self, params: Params) -> Params {
        params.text_opt("fields_set", self.fields.as_deref())
    }
}
