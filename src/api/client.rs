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

use super::answer::Reply;
use super::decode;
use super::error::ApiError;
use super::ident::JobIdentifier;
use super::job::Job;
use super::memory::{LearnedType, MemoryFile, MethodState, ServerMemory};
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
struct Inner {
    transport: Transport,
    session: Session,
    /// The types, statuses, people and units jobs share (see `shared`).
    interner: Mutex<Interner>,
    /// What was learned about this server, and where it is kept.
    memory: Mutex<ServerMemory>,
    memory_file: Option<MemoryFile>,
    /// The profile's dead-token codes and job types.
    token_error_codes: Vec<String>,
    pub(crate) job_types: Vec<String>,
    /// Tabs put together from `list` (see `fallback`), kept for the pages after the first.
    assembled: Mutex<HashMap<LifeCycleState, Arc<Vec<Job>>>>,
    /// The type of every job seen, by number, so a server without `all_scopes/show` is asked
    /// at the job's own scope (see `fallback`). The types are the shared ones: a pointer each.
    types_by_number: Mutex<HashMap<Box<str>, Arc<JobType>>>,
    /// The server's time zone (see [`ClientConfig::server_zone`]).
    zone: chrono_tz::Tz,
    /// Whether the documented lists were read for their job types (see `fallback`); a lock, so
    /// tabs put together at once wait for one survey instead of using the types seen so far.
    types_surveyed: tokio::sync::Mutex<bool>,
}

/// The API client. Debug shows the server and whether it is logged in, never a secret.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
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
    async fn relogin(&self, generation: u64) -> Result<(), ApiError> {
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

    /// Sends a call with the token, logging in first or again when needed. The reply holds
    /// the body of an OK answer, for the caller to decode its data into its own type.
    pub(crate) async fn send(&self, call: &Call) -> Result<Reply, ApiError> {
        self.renew_if_due().await?;
        let (token, generation) = self.token_for_call().await?;
        let error = match self.execute(call, &token).await {
            Ok(reply) => return Ok(reply),
            Err(error) => error,
        };
        match error.meaning() {
            Some(Meaning::DeadToken) => self.after_dead_token(call, generation, error).await,
            Some(Meaning::Undecided) => self.decide(call, &token, generation, error).await,
            _ => Err(error),
        }
    }

    /// One call with `token`: notes whether the method exists and judges a refusal with
    /// what is known of this server.
    async fn execute(&self, call: &Call, token: &SecretString) -> Result<Reply, ApiError> {
        let result = self.inner.transport.execute(call, Some(token)).await;
        self.inner.session.mark_used(Instant::now());
        let state = match &result {
            Ok(_) | Err(ApiError::Server { .. }) => Some(MethodState::Answers),
            Err(ApiError::MethodMissing { .. }) => Some(MethodState::Missing),
            Err(_) => None,
        };
        if let Some(state) = state {
            self.remember(|memory| memory.note_method(call.path, state));
        }
        result.map_err(|error| self.judge(error))
    }

    /// A refusal's meaning by what this server taught and the profile lists.
    fn judge(&self, error: ApiError) -> ApiError {
        let Some(code) = error.code() else {
            return error;
        };
        let meaning = super::refusal::judge(
            code,
            &self.memory().known_codes(&self.inner.token_error_codes),
        );
        error.with_meaning(meaning)
    }

    /// After a dead-token refusal: a new login when credentials are at hand, then a read is
    /// sent again; an action is not (the caller reads the job back first).
    async fn after_dead_token(
        &self,
        call: &Call,
        generation: u64,
        error: ApiError,
    ) -> Result<Reply, ApiError> {
        if !self.inner.session.has_credentials() {
            return Err(error);
        }
        self.relogin(generation).await?;
        match call.kind {
            Kind::Read => {
                let token = self.current_token()?;
                self.execute(call, &token).await
            }
            Kind::Action(_) => Err(error),
        }
    }

    /// Finds out what a refusal with a code new to this server means, and remembers it.
    async fn decide(
        &self,
        call: &Call,
        token: &SecretString,
        generation: u64,
        error: ApiError,
    ) -> Result<Reply, ApiError> {
        let code = error.code().unwrap_or_default().to_owned();
        if call.kind == Kind::Read && self.inner.session.has_credentials() {
            // A read changes nothing: send it again with a new token.
            self.relogin(generation).await?;
            let replay = self.execute(call, &self.current_token()?).await;
            return match replay {
                Ok(answer) => {
                    self.learn_code(&code, true);
                    Ok(answer)
                }
                Err(again) if again.code() == Some(code.as_str()) => {
                    self.learn_code(&code, false);
                    Err(again.with_meaning(Meaning::Refused))
                }
                Err(other) => Err(other),
            };
        }
        // Try the old token on the smallest documented read.
        let probe = Call::get(
            "jobs/all_scopes/get_completed",
            Params::new()
                .number("number_of_results", 1)
                .number("offset", 0),
        );
        match self.execute(&probe, token).await {
            Ok(_) => {
                self.learn_code(&code, false);
                Err(error.with_meaning(Meaning::Refused))
            }
            Err(probed) if probed.code() == Some(code.as_str()) => {
                self.learn_code(&code, true);
                let error = error.with_meaning(Meaning::DeadToken);
                self.after_dead_token(call, generation, error).await
            }
            Err(_) => Err(error.with_meaning(Meaning::Refused)),
        }
    }

    /// Renews the token before it dies, when credentials are at hand. A renewal that cannot
    /// reach the server leaves the old token to try.
    async fn renew_if_due(&self) -> Result<(), ApiError> {
        let session = &self.inner.session;
        if !session.has_credentials() || !session.is_due_for_renewal(Instant::now()) {
            return Ok(());
        }
        tracing::debug!("the token is near its end; renewing it");
        match self.relogin(session.generation()).await {
            Err(error) if error.is_auth_failure() => Err(error),
            Err(error) => {
                tracing::debug!(%error, "renewal failed; trying the old token");
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    }

    fn current_token(&self) -> Result<SecretString, ApiError> {
        self.inner.session.current().0.ok_or(ApiError::NotLoggedIn)
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

    fn learn_code(&self, code: &str, dead_token: bool) {
        tracing::info!(code, dead_token, "learned what a refusal code means");
        self.remember(|memory| memory.note_code(code, dead_token));
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
    async fn token_for_call(&self) -> Result<(SecretString, u64), ApiError> {
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
