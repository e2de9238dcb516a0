//! Sending one call: building the request (URL, query string or JSON body), the deadline,
//! retries for reads, and turning whatever happened into an `ApiError` a supervisor can act on.
//!
//! Reads are retried on transport failures and gateway 5xx answers; actions never are, and a
//! failure after an action may have reached the server is `OutcomeUnknown`, not a failure.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};

use super::answer::{self, Rejected, Reply};
use super::client::ClientConfig;
use super::error::ApiError;
use super::params::Params;
use super::probe::ServerClock;
use super::retry::Backoff;
use super::tls;

/// The HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// Reads: parameters in the query string.
    Get,
    /// Logins and actions: parameters in a JSON body.
    Post,
}

/// Whether a call may be sent again after a doubtful failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Changes nothing on the server (reads, logins): retried with backoff.
    Read,
    /// Changes a job: sent once. The text names it for messages, e.g. `complete JB00019`.
    Action(String),
}

/// One call to the Web API, without its token (added per attempt).
#[derive(Debug)]
pub(crate) struct Call {
    pub(crate) verb: Verb,
    /// Below `/crmapi/rest/v2/`, e.g. `jobs/all_scopes/list`.
    pub(crate) path: &'static str,
    pub(crate) params: Params,
    pub(crate) kind: Kind,
    /// HTTP Basic username with an empty password (the Web API key login).
    pub(crate) basic_user: Option<SecretString>,
}

impl Call {
    /// A read with query parameters.
    pub(crate) fn get(path: &'static str, params: Params) -> Self {
        Self::new(Verb::Get, path, params, Kind::Read)
    }

    /// An action with a JSON body, named for messages.
    pub(crate) fn action(path: &'static str, params: Params, name: String) -> Self {
        Self::new(Verb::Post, path, params, Kind::Action(name))
    }

    /// A call with everything given.
    pub(crate) fn new(verb: Verb, path: &'static str, params: Params, kind: Kind) -> Self {
        Self {
            verb,
            path,
            params,
            kind,
            basic_user: None,
        }
    }
}

/// How one attempt failed, before it is worded for the user.
#[derive(Debug)]
enum Failure {
    /// No connection was made: the request was not sent.
    NotSent(String),
    /// The deadline passed; the request may have been sent.
    TimedOut,
    /// The connection failed after the request may have been sent.
    Lost(String),
    /// The server answered with an envelope refusing the call.
    Refused(ApiError),
    /// Something other than an envelope came back with this HTTP status.
    Foreign(u16, ApiError),
    /// The server has no such method (see [`is_missing`]); nothing was done.
    Missing(ApiError),
}

/// The HTTP side of the client: one connection pool, shared by every `Client` clone.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    /// `{server}/crmapi/rest/v2/`, always with the trailing slash so paths join below it.
    base: Url,
    deadline: Duration,
    backoff: Backoff,
    /// The address as configured, for Debug output.
    server: String,
    /// The server's clock by the `Date` header of the latest answer that had one, for
    /// `doctor` (the clock difference, and the server's "now" its dates are compared with).
    clock: Mutex<Option<ServerClock>>,
}

impl Transport {
    /// Builds the HTTP client from the configuration.
    pub(crate) fn new(config: ClientConfig) -> Result<Self, ApiError> {
        Ok(Self {
            http: tls::http_client(&config)?,
            base: base_url(&config.server)?,
            deadline: config.request_timeout,
            backoff: Backoff::default(),
            server: config.server,
            clock: Mutex::new(None),
        })
    }

    /// The server's clock as the latest answer's `Date` header gave it.
    pub(crate) fn last_clock(&self) -> Option<ServerClock> {
        *self.clock.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The server's address as configured, for display.
    pub(crate) fn server(&self) -> &str {
        &self.server
    }

    /// Sends the call: reads with retries within the deadline, actions once.
    pub(crate) async fn execute(
        &self,
        call: &Call,
        token: Option<&SecretString>,
    ) -> Result<Reply, ApiError> {
        let token = token.map(ExposeSecret::expose_secret);
        match &call.kind {
            Kind::Read => tokio::time::timeout(self.deadline, self.read(call, token))
                .await
                .unwrap_or(Err(ApiError::Timeout(self.deadline))),
            Kind::Action(name) => self
                .attempt(call, token)
                .await
                .map_err(|failure| self.action_error(name, failure)),
        }
    }

    /// Up to `backoff.attempts` attempts of a read.
    async fn read(&self, call: &Call, token: Option<&str>) -> Result<Reply, ApiError> {
        let mut attempt = 1;
        loop {
            let failure = match self.attempt(call, token).await {
                Ok(reply) => return Ok(reply),
                Err(failure) => failure,
            };
            let retryable = matches!(
                failure,
                Failure::NotSent(_) | Failure::Lost(_) | Failure::Foreign(500..=599, _)
            );
            let error = self.read_error(failure);
            if !retryable || attempt >= self.backoff.attempts {
                return Err(error);
            }
            let delay = self.backoff.delay(attempt);
            tracing::debug!(
                path = call.path,
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                %error,
                "read failed; retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    fn read_error(&self, failure: Failure) -> ApiError {
        match failure {
            Failure::NotSent(detail) | Failure::Lost(detail) => ApiError::Unreachable(detail),
            Failure::TimedOut => ApiError::Timeout(self.deadline),
            Failure::Refused(error) | Failure::Foreign(_, error) | Failure::Missing(error) => error,
        }
    }

    /// An action's failure: only what certainly happened before the server could act is a
    /// plain failure; everything after is `OutcomeUnknown`.
    fn action_error(&self, name: &str, failure: Failure) -> ApiError {
        let unknown = |detail: String| ApiError::OutcomeUnknown {
            action: name.to_owned(),
            detail,
        };
        match failure {
            Failure::NotSent(detail) => ApiError::Unreachable(detail),
            Failure::TimedOut => unknown(format!(
                "no answer within {}",
                super::error::seconds(self.deadline)
            )),
            Failure::Lost(detail) => unknown(detail),
            // A gateway that timed out or lost the upstream (502, 504), or a server that broke
            // while working (500), may have passed the action on; a 503 is refused up front.
            Failure::Foreign(500 | 502 | 504, error) => unknown(error.to_string()),
            Failure::Refused(error) | Failure::Foreign(_, error) | Failure::Missing(error) => error,
        }
    }

    /// One request and its answer.
    async fn attempt(&self, call: &Call, token: Option<&str>) -> Result<Reply, Failure> {
        let request = self.request(call, token).map_err(Failure::NotSent)?;
        let started = Instant::now();
        let response = request.send().await.map_err(|e| {
            let detail = transport_detail(&e, token);
            if e.is_connect() {
                Failure::NotSent(detail)
            } else if e.is_timeout() {
                Failure::TimedOut
            } else {
                Failure::Lost(detail)
            }
        })?;
        let status = response.status();
        if let Some(clock) = ServerClock::from_headers(response.headers(), chrono::Utc::now()) {
            *self.clock.lock().unwrap_or_else(PoisonError::into_inner) = Some(clock);
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let redirect = status
            .is_redirection()
            .then(|| redirect_target(response.headers()));
        let body = response.bytes().await.map_err(|e| {
            if e.is_timeout() {
                Failure::TimedOut
            } else {
                Failure::Lost(transport_detail(&e, token))
            }
        })?;
        tracing::debug!(
            path = call.path,
            status = status.as_u16(),
            bytes = body.len(),
            elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            "answer"
        );
        if let Some(target) = redirect {
            let what = format!("a redirect to {target}; check the server address");
            return Err(Failure::Foreign(
                status.as_u16(),
                ApiError::UnexpectedResponse {
                    status: status.as_u16(),
                    what,
                },
            ));
        }
        // The body is kept whole for the caller to decode its data from; a large body
        // gathered from several chunks becomes the vector without a copy.
        let status = status.as_u16();
        match answer::read_owned(status, content_type.as_deref(), body.into()) {
            Ok(reply) => Ok(reply),
            Err(rejected) if is_missing(status, &rejected) => {
                Err(Failure::Missing(ApiError::MethodMissing {
                    method: call.path.to_owned(),
                    status,
                }))
            }
            Err(Rejected::Refused(error)) => Err(Failure::Refused(error)),
            Err(Rejected::Foreign(error)) => Err(Failure::Foreign(status, error)),
        }
    }

    /// The request for one attempt; logs it without the token.
    fn request(&self, call: &Call, token: Option<&str>) -> Result<reqwest::RequestBuilder, String> {
        let mut url = self
            .base
            .join(call.path)
            .map_err(|e| format!("bad method path {}: {e}", call.path))?;
        let mut request = match call.verb {
            Verb::Get => {
                let query = call.params.to_query(token);
                url.set_query(Some(&query).filter(|q| !q.is_empty()).map(String::as_str));
                tracing::debug!("GET {}?{}", call.path, call.params.to_query(None));
                self.http.get(url)
            }
            Verb::Post => {
                tracing::debug!("POST {}", call.path);
                self.http.post(url).json(&call.params.to_body(token))
            }
        };
        if let Some(user) = &call.basic_user {
            request = request.basic_auth(user.expose_secret(), Some(""));
        }
        Ok(request.header(reqwest::header::ACCEPT, "application/json"))
    }
}

/// Whether an answer says the method does not exist: HTTP 404, 405 or 501 with anything but
/// a refusal (an application server's error page, an empty body), or a refusal whose code
/// says so. A refusal with HTTP 404 is the server's word about the thing asked for (a job
/// not found), not about the method.
fn is_missing(status: u16, rejected: &Rejected) -> bool {
    match rejected {
        Rejected::Refused(error) => error
            .code()
            .is_some_and(super::refusal::reads_like_missing_method),
        Rejected::Foreign(_) => matches!(status, 404 | 405 | 501),
    }
}

/// `{server}/crmapi/rest/v2/`, whether or not the configured server ends with a slash.
pub(crate) fn base_url(server: &str) -> Result<Url, ApiError> {
    let trimmed = server.trim().trim_end_matches('/');
    let url = Url::parse(&format!("{trimmed}/crmapi/rest/v2/")).map_err(|e| {
        ApiError::Config(format!("the server address {server:?} is not a URL: {e}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ApiError::Config(format!(
            "the server address {server:?} must start with https:// (or http://) and name a host"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ApiError::Config(format!(
            "the server address {server:?} must not carry a query or a fragment"
        )));
    }
    Ok(url)
}

/// Where a redirect points, without its query (which could echo our token).
fn redirect_target(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map_or_else(
            || "nowhere".to_owned(),
            |location| location.split(['?', '#']).next().unwrap_or("").to_owned(),
        )
}

/// What the transport said, with the URL (and so the query's token) left out.
fn transport_detail(error: &reqwest::Error, token: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    while let Some(current) = source {
        let text = current.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = current.source();
    }
    // The outer layers only say which library failed; the inner ones say what happened
    // ("Connection refused", "invalid peer certificate: UnknownIssuer").
    let wrappers = [
        "error sending request",
        "client error (",
        "request or response body error",
    ];
    let inner: Vec<String> = parts
        .iter()
        .filter(|p| !wrappers.iter().any(|w| p.starts_with(w)))
        .cloned()
        .collect();
    if !inner.is_empty() {
        parts = inner;
    }
    let url = error.url().map(Url::as_str);
    let mut detail = parts.join(": ");
    if let Some(url) = url {
        detail = detail
            .replace(&format!(" for url ({url})"), "")
            .replace(url, "the server");
    }
    if let Some(token) = token.filter(|t| !t.is_empty()) {
        detail = detail.replace(token, "[REDACTED]");
    }
    detail
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_tolerates_a_trailing_slash() {
        for server in [
            "https://crm.example.com",
            "https://crm.example.com/",
            " https://crm.example.com// ",
        ] {
            assert_eq!(
                base_url(server).unwrap().as_str(),
                "https://crm.example.com/crmapi/rest/v2/"
            );
        }
        let nested = base_url("http://127.0.0.1:8080/tenant/").unwrap();
        assert_eq!(
            nested.join("jobs/all_scopes/list").unwrap().as_str(),
            "http://127.0.0.1:8080/tenant/crmapi/rest/v2/jobs/all_scopes/list"
        );
    }

    #[test]
    fn base_url_refuses_what_is_not_a_web_address() {
        for server in [
            "crm.example.com",
            "ftp://crm.example.com",
            "",
            "https://x/?a=b",
        ] {
            let error = base_url(server).unwrap_err();
            assert!(matches!(error, ApiError::Config(_)), "{server}: {error:?}");
            assert!(error.to_string().contains("server address"), "{error}");
        }
    }

    #[test]
    fn redirect_target_drops_the_query() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LOCATION,
            "https://crm.example.com/crmapi/rest/v2/jobs?token=SECRET"
                .parse()
                .unwrap(),
        );
        assert_eq!(
            redirect_target(&headers),
            "https://crm.example.com/crmapi/rest/v2/jobs"
        );
        assert_eq!(
            redirect_target(&reqwest::header::HeaderMap::new()),
            "nowhere"
        );
    }
}
