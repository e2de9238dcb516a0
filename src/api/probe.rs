//! Harmless reads for `crmjobs doctor`: one method asked with the smallest parameters it
//! takes, its answer handed back raw (the data's JSON text) with the server's clock from the
//! HTTP `Date` header, and readers for what doctor looks for in an answer (job numbers, types,
//! units and date texts as the server wrote them) and in the token (JWT or not, `iat`, `exp`).
//!
//! Only GET methods are built here: a probe never changes anything on the server. It goes
//! through [`Client::send`] like every read, so the token is renewed, refusals are judged and
//! what the server teaches is remembered, but no fallback stands in for a missing method:
//! doctor reports the method as the server answered it.

use chrono::{DateTime, TimeDelta, Utc};
use secrecy::ExposeSecret;

use super::client::Client;
use super::error::ApiError;
use super::model::{FulfillmentScope, LifeCycleState};

use super::params::Params;
pub use super::probe_read::{PAST_EVENT_FIELDS, SeenJob, date_form, rows, seen_jobs, wall_clock};
use super::transport::Call;

/// How a session got its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginWay {
    /// A token cached by an earlier login was accepted.
    CachedToken,
    /// `authentication/token` with a username and password.
    Password,
    /// `authentication/web_api_key/token` with a Web API key.
    ApiKey,
}

impl LoginWay {
    /// The `snake_case` name (`doctor --json`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::CachedToken => "cached_token",
            Self::Password => "password",
            Self::ApiKey => "api_key",
        }
    }
}

/// The server's clock as an answer's `Date` header gave it, and ours when it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerClock {
    /// The `Date` header (whole seconds, UTC).
    pub server: DateTime<Utc>,
    /// Our clock when the answer's headers arrived.
    pub local: DateTime<Utc>,
}

impl ServerClock {
    /// The clock of an answer's headers, received at `local`; `None` without a readable `Date`.
    pub(crate) fn from_headers(
        headers: &reqwest::header::HeaderMap,
        local: DateTime<Utc>,
    ) -> Option<Self> {
        let text = headers.get(reqwest::header::DATE)?.to_str().ok()?;
        let server = DateTime::parse_from_rfc2822(text.trim()).ok()?;
        Some(Self {
            server: server.with_timezone(&Utc),
            local,
        })
    }

    /// How far the server's clock is ahead of ours (negative: behind). The header counts
    /// whole seconds, so this is exact to about a second.
    #[must_use]
    pub fn ahead(&self) -> TimeDelta {
        self.server - self.local
    }
}

/// One harmless read: a GET method and the smallest parameters it takes.
#[derive(Debug, Clone)]
pub struct Probe {
    path: &'static str,
    params: Params,
}

impl Probe {
    fn new(path: &'static str, params: Params) -> Self {
        Self { path, params }
    }

    /// `rows` rows of a paged read from the first.
    fn paged(path: &'static str, params: Params, rows: u32) -> Self {
        Self::new(
            path,
            params.number("number_of_results", rows).number("offset", 0),
        )
    }

    /// `get_<state>`.
    #[must_use]
    pub fn jobs_in(state: LifeCycleState, rows: u32) -> Self {
        Self::paged(super::reads::state_path(state), Params::new(), rows)
    }

    /// `get_overdue`.
    #[must_use]
    pub fn overdue(rows: u32) -> Self {
        Self::paged("jobs/all_scopes/get_overdue", Params::new(), rows)
    }

    /// `jobs/all_scopes/list` by a job type's id.
    #[must_use]
    pub fn list_by_type(type_id: &str, rows: u32) -> Self {
        let params = Params::new().ident("type_identifier", ("id", type_id));
        Self::paged("jobs/all_scopes/list", params, rows)
    }

    /// `jobs/all_scopes/show` of a job number.
    #[must_use]
    pub fn show(number: &str) -> Self {
        let params = Params::new().ident("job_identifier", ("number", number));
        Self::new("jobs/all_scopes/show", params)
    }

    /// `jobs/<scope>/show` of a job number.
    #[must_use]
    pub fn scope_show(scope: FulfillmentScope, number: &str) -> Self {
        let params = Params::new().ident("job_identifier", ("number", number));
        Self::new(super::fallback::scope_show_path(scope), params)
    }

    /// `jobs/configuration/statuses/list` of a job type's id.
    #[must_use]
    pub fn statuses(type_id: &str) -> Self {
        let params = Params::new().ident("job_type_identifier", ("id", type_id));
        Self::new("jobs/configuration/statuses/list", params)
    }

    /// `jobs/all_scopes/get_next_status_sequence` of a job number.
    #[must_use]
    pub fn next_status_sequence(number: &str) -> Self {
        let params = Params::new().ident("job_identifier", ("number", number));
        Self::new("jobs/all_scopes/get_next_status_sequence", params)
    }

    /// `jobs/configuration/cancellation_reasons/list` of a job type's id.
    #[must_use]
    pub fn cancellation_reasons(type_id: &str) -> Self {
        let params = Params::new().ident("job_type_identifier", ("id", type_id));
        Self::new("jobs/configuration/cancellation_reasons/list", params)
    }

    /// `users/list` by a business unit's id.
    #[must_use]
    pub fn users_by_business_unit(id: &str, rows: u32) -> Self {
        let params = Params::new().ident("business_unit_identifier", ("id", id));
        Self::paged("users/list", params, rows)
    }

    /// `users/list` by a unit's id (deprecated from R18).
    #[must_use]
    pub fn users_by_unit(id: &str, rows: u32) -> Self {
        let params = Params::new().ident("unit_identifier", ("id", id));
        Self::paged("users/list", params, rows)
    }

    /// The method's path below `/crmapi/rest/v2/`.
    #[must_use]
    pub fn method(&self) -> &'static str {
        self.path
    }
}

/// What an answered probe gave.
#[derive(Debug, Clone)]
pub struct Probed {
    /// The JSON text of the answer's `data`; `None` for null or absent.
    pub data: Option<String>,
    /// The server's clock by this answer's `Date` header.
    pub clock: Option<ServerClock>,
}

/// What the token in force says about itself; never the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenShape {
    /// Whether it decodes as a JWT (R12 and later); otherwise opaque.
    pub jwt: bool,
    /// `iat`, when the JWT has it.
    pub issued_at: Option<DateTime<Utc>>,
    /// `exp`, when the JWT has it.
    pub expires_at: Option<DateTime<Utc>>,
}

impl TokenShape {
    /// `exp - iat`, when both are there and in order.
    #[must_use]
    pub fn lifetime(&self) -> Option<TimeDelta> {
        let life = self.expires_at? - self.issued_at?;
        (life > TimeDelta::zero()).then_some(life)
    }
}

/// Probes.
impl Client {
    /// Sends one probe. A method the server lacks is `MethodMissing`, a refusal `Server`.
    ///
    /// # Errors
    /// Any `ApiError` of the read.
    pub async fn probe(&self, probe: &Probe) -> Result<Probed, ApiError> {
        let call = Call::get(probe.path, probe.params.clone());
        let reply = self.send(&call).await?;
        Ok(Probed {
            data: reply
                .data()
                .map(|data| String::from_utf8_lossy(data).into_owned()),
            clock: self.server_clock(),
        })
    }

    /// The form and claims of the token in force; `None` without one.
    #[must_use]
    pub fn token_shape(&self) -> Option<TokenShape> {
        let token = self.token()?;
        let claims = super::token_life::claims(token.expose_secret());
        let at = |seconds: Option<i64>| seconds.and_then(|s| DateTime::from_timestamp(s, 0));
        Some(TokenShape {
            jwt: claims.is_some(),
            issued_at: claims.and_then(|c| at(c.iat)),
            expires_at: claims.and_then(|c| at(c.exp)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_header_gives_the_server_clock() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::DATE,
            "Sat, 28 Nov 2026 09:45:10 GMT".parse().unwrap(),
        );
        let local = crate::api::date::parse("2026-11-28T09:45:00Z").unwrap();
        let clock = ServerClock::from_headers(&headers, local).unwrap();
        assert_eq!(clock.ahead(), TimeDelta::seconds(10));
        assert!(ServerClock::from_headers(&reqwest::header::HeaderMap::new(), local).is_none());
    }
}
