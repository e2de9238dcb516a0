//! The CRM.COM Web API client: every method the app uses, the token, and the re-login.
//!
//! A `Client` is cheap to clone; clones share the connection pool and the session. Requests
//! go through [`Client::send`], which adds the token, logs in again once when the server says
//! `INVALID_TOKEN` (and credentials are at hand), and replays the request once.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::answer::Reply;
use super::decode;
use super::error::ApiError;
use super::job::Job;
use super::model::TokenData;
use super::params::Params;
use super::session::Session;
use super::shared::Interner;
use super::transport::{Call, Transport, Verb};

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
    interner: std::sync::Mutex<Interner>,
    /// The server's time zone (see [`ClientConfig::server_zone`]).
    zone: chrono_tz::Tz,
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
        let zone = config.server_zone;
        Ok(Self {
            inner: Arc::new(Inner {
                transport: Transport::new(config)?,
                session: Session::default(),
                interner: std::sync::Mutex::default(),
                zone,
            }),
            fields: None,
        })
    }

    /// Keeps the credentials for [`Client::login`] and for re-logins on `INVALID_TOKEN`.
    pub fn set_credentials(&self, credentials: Credentials) {
        self.inner.session.set_credentials(credentials);
    }

    /// Uses a token obtained elsewhere (e.g. a cached one).
    pub fn set_token(&self, token: SecretString) {
        self.inner.session.store(Some(token));
    }

    /// The token in force, e.g. to cache it.
    #[must_use]
    pub fn token(&self) -> Option<SecretString> {
        self.inner.session.current().0
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
    /// `NotLoggedIn` without credentials; `Server` with `AUTHENTICATION_FAILED` when refused.
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
            .await?;
        let token: TokenData = decode::one(reply.data(), "login token")?;
        self.inner.session.store(Some(token.token));
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
    /// user asked to log out.
    ///
    /// # Errors
    /// Transport failures; `INVALID_TOKEN` is success (the token is dead either way).
    pub async fn release_token(&self) -> Result<(), ApiError> {
        let (Some(token), _) = self.inner.session.current() else {
            return Ok(());
        };
        self.inner.session.store(None);
        let call = Call::new(
            Verb::Post,
            "authentication/token/release",
            Params::new(),
            super::transport::Kind::Read,
        );
        match self.inner.transport.execute(&call, Some(&token)).await {
            Err(error) if error.code() == Some("INVALID_TOKEN") => Ok(()),
            other => other.map(|_| ()),
        }
    }

    /// Sends a call with the token, logging in first or again when needed. The reply holds
    /// the body of an OK answer, for the caller to decode its data into its own type.
    pub(crate) async fn send(&self, call: &Call) -> Result<Reply, ApiError> {
        let (token, generation) = self.token_for_call().await?;
        match self.inner.transport.execute(call, Some(&token)).await {
            // INVALID_TOKEN means the server did nothing, so even an action may be replayed.
            Err(error)
                if error.code() == Some("INVALID_TOKEN")
                    && self.inner.session.has_credentials() =>
            {
                self.relogin(generation).await?;
                let token = self
                    .inner
                    .session
                    .current()
                    .0
                    .ok_or(ApiError::NotLoggedIn)?;
                self.inner.transport.execute(call, Some(&token)).await
            }
            other => other,
        }
    }

    /// Shares the repeated parts of freshly decoded jobs with those already loaded.
    pub(crate) fn share(&self, jobs: &mut [Job]) {
        self.inner
            .interner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .share_all(jobs);
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
