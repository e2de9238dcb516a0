//! Harmless reads for `crmjobs doctor`: one method asked with the smallest parameters it
//! takes, its answer handed back raw (the data's JSON text) with the server's clock from the
//! HTTP `Date` header, and readers for what doctor looks for in an answer (job numbers, types,
//! units and date texts as the server wrote them) and in the token (JWT or not, `iat`, `exp`).
//!
//! Only GET methods are built here: a probe never changes anything on the server. It goes
//! through [`Client::send`] like every read, so the token is renewed, refusals are judged and
//! what the server teaches is remembered, but no fallback stands in for a missing method:
//! doctor reports the method as the server answered it.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use secrecy::ExposeSecret;
use serde_json::Value;

use super::client::Client;
use super::date::{self, Reading};
use super::error::ApiError;
use super::model::{FulfillmentScope, LifeCycleState};
use super::params::Params;
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

/// A job as doctor reads it from an answer: the raw texts it needs, nothing decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeenJob {
    /// `number`.
    pub number: Option<String>,
    /// `life_cycle_state` as written.
    pub state: Option<String>,
    /// `type.id`.
    pub type_id: Option<String>,
    /// `type.name`.
    pub type_name: Option<String>,
    /// `type.fulfillment_scope`, when given and known.
    pub scope: Option<FulfillmentScope>,
    /// `assigned_to.unit.id`.
    pub unit_id: Option<String>,
    /// `assigned_to.business_unit.id`.
    pub business_unit_id: Option<String>,
    /// `log_information.created_date` as written.
    pub created: Option<String>,
    /// Every date text of the job with its field (`log_information.` dropped).
    pub dates: Vec<(&'static str, String)>,
}

/// The date fields of a job that record something already done, so never later than the
/// server's "now": the clue to the zone its offset-less dates are in.
pub const PAST_EVENT_FIELDS: [&str; 4] = [
    "created_date",
    "updated_date",
    "start_date",
    "actual_completed_date",
];

/// The top-level date fields of a job.
const JOB_DATE_FIELDS: [&str; 9] = [
    "start_date",
    "expected_completion_date",
    "actual_completed_date",
    "expiration_date",
    "scheduled_date",
    "udf_date_1",
    "udf_date_2",
    "udf_date_3",
    "udf_date_4",
];

/// How many entries an answer's data holds: its length when a list, 1 for an object.
#[must_use]
pub fn rows(data: Option<&str>) -> usize {
    match data.and_then(|text| serde_json::from_str::<Value>(text).ok()) {
        Some(Value::Array(list)) => list.len(),
        Some(Value::Object(_)) => 1,
        _ => 0,
    }
}

/// The jobs of an answer's data (a list or one object); entries that are not objects are
/// left out.
#[must_use]
pub fn seen_jobs(data: Option<&str>) -> Vec<SeenJob> {
    let Some(value) = data.and_then(|text| serde_json::from_str::<Value>(text).ok()) else {
        return Vec::new();
    };
    match value {
        Value::Array(list) => list.iter().filter_map(seen_job).collect(),
        object @ Value::Object(_) => seen_job(&object).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn seen_job(job: &Value) -> Option<SeenJob> {
    job.as_object()?;
    let text = |value: Option<&Value>| match value? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    let job_type = job.get("type");
    let assigned = job.get("assigned_to");
    let log = job.get("log_information");
    let mut dates = Vec::new();
    for field in JOB_DATE_FIELDS {
        if let Some(date) = text(job.get(field)) {
            dates.push((field, date));
        }
    }
    for field in ["created_date", "updated_date"] {
        if let Some(date) = text(log.and_then(|log| log.get(field))) {
            dates.push((field, date));
        }
    }
    Some(SeenJob {
        number: text(job.get("number")),
        state: text(job.get("life_cycle_state")),
        type_id: text(job_type.and_then(|t| t.get("id"))),
        type_name: text(job_type.and_then(|t| t.get("name"))),
        scope: job_type
            .and_then(|t| t.get("fulfillment_scope"))
            .and_then(|scope| serde_json::from_value(scope.clone()).ok())
            .filter(|scope| *scope != FulfillmentScope::Unknown),
        unit_id: text(
            assigned
                .and_then(|a| a.get("unit"))
                .and_then(|u| u.get("id")),
        ),
        business_unit_id: text(
            assigned
                .and_then(|a| a.get("business_unit"))
                .and_then(|b| b.get("id")),
        ),
        created: text(log.and_then(|log| log.get("created_date"))),
        dates,
    })
}

/// The form a date text is written in, as a pattern (`YYYY-MM-DDTHH:MM:SS`, with `.fff`,
/// `Z` or `+HH:MM` when present, `YYYY-MM-DD`, `epoch milliseconds`), and whether it
/// carries an offset; `None` for a text no reader of the client accepts.
#[must_use]
pub fn date_form(text: &str) -> Option<(String, bool)> {
    let text = text.trim();
    let reading = date::read_lenient(text)?;
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(("epoch milliseconds".to_owned(), true));
    }
    if text.len() == 10 {
        return Some(("YYYY-MM-DD".to_owned(), false));
    }
    let separator = if text.as_bytes().get(10) == Some(&b' ') {
        ' '
    } else {
        'T'
    };
    let time = text.get(11..).unwrap_or("");
    let mut form = format!("YYYY-MM-DD{separator}HH:MM:SS");
    if time.contains('.') {
        form.push_str(".fff");
    }
    let offset = matches!(reading, Reading::Exact(_));
    if time.ends_with(['Z', 'z']) {
        form.push('Z');
    } else if offset {
        form.push_str("+HH:MM");
    }
    Some((form, offset))
}

/// The wall-clock time of an offset-less date text; `None` for one with an offset.
#[must_use]
pub fn wall_clock(text: &str) -> Option<NaiveDateTime> {
    match date::read_lenient(text)? {
        Reading::Local(naive) => Some(naive),
        Reading::Exact(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_forms_are_named_by_pattern() {
        let form = |text: &str| date_form(text).map(|(form, offset)| (form, offset));
        assert_eq!(
            form("2026-11-28T09:45:00"),
            Some(("YYYY-MM-DDTHH:MM:SS".into(), false))
        );
        assert_eq!(
            form("2026-11-28T09:45:00.250"),
            Some(("YYYY-MM-DDTHH:MM:SS.fff".into(), false))
        );
        assert_eq!(
            form("2026-11-28T09:45:00Z"),
            Some(("YYYY-MM-DDTHH:MM:SSZ".into(), true))
        );
        assert_eq!(
            form("2026-11-28T09:45:00-03:00"),
            Some(("YYYY-MM-DDTHH:MM:SS+HH:MM".into(), true))
        );
        assert_eq!(form("2026-11-28"), Some(("YYYY-MM-DD".into(), false)));
        assert_eq!(
            form("1764322500000"),
            Some(("epoch milliseconds".into(), true))
        );
        assert_eq!(form("next Tuesday"), None);
        assert!(wall_clock("2026-11-28T09:45:00+01:00").is_none());
        assert!(wall_clock("2026-11-28 09:45:00").is_some());
    }

    #[test]
    fn jobs_are_read_raw_from_a_list_or_one_object() {
        let data = r#"[{"number":"JB1","life_cycle_state":"PENDING",
            "type":{"id":"T1","name":"Repair","fulfillment_scope":"GENERIC_PURPOSE"},
            "assigned_to":{"unit":{"id":"U1"},"business_unit":{"id":"B1"}},
            "log_information":{"created_date":"2026-11-28T09:45:00"},
            "scheduled_date":null},
            {"number":"JB2","type":{"id":7,"fulfillment_scope":"TIME_TRAVEL"},"assigned_to":{"unit":null}},
            3]"#;
        let jobs = seen_jobs(Some(data));
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].scope, Some(FulfillmentScope::GenericPurpose));
        assert_eq!(jobs[0].business_unit_id.as_deref(), Some("B1"));
        assert_eq!(
            jobs[0].dates,
            vec![("created_date", "2026-11-28T09:45:00".to_owned())]
        );
        assert_eq!(jobs[1].type_id.as_deref(), Some("7"));
        assert_eq!(jobs[1].scope, None);
        assert_eq!(jobs[1].unit_id, None);
        assert_eq!(seen_jobs(Some(r#"{"number":"JB3"}"#)).len(), 1);
        assert_eq!(rows(Some("[1,2,3]")), 3);
        assert_eq!(rows(None), 0);
    }

    #[test]
    fn the_date_header_gives_the_server_clock() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::DATE,
            "Sat, 28 Nov 2026 09:45:10 GMT".parse().unwrap(),
        );
        let local = date::parse("2026-11-28T09:45:00Z").unwrap();
        let clock = ServerClock::from_headers(&headers, local).unwrap();
        assert_eq!(clock.ahead(), TimeDelta::seconds(10));
        assert!(ServerClock::from_headers(&reqwest::header::HeaderMap::new(), local).is_none());
    }
}
