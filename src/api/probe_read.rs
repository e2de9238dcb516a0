//! Reading a probe's answer raw, for `crmjobs doctor`: the jobs' numbers, types, units and
//! date texts as the server wrote them (nothing decoded into the client's types, so an odd
//! answer is reported, not refused), and the form of a date text.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::date::{self, Reading};
use super::model::FulfillmentScope;

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
        let form = date_form;
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
}
