//! Reading an answer: the envelope of crm-api.md §2, and what to say when something else came
//! back (a proxy's HTML page, an empty body, JSON of another shape). Pure functions over the
//! HTTP status and the body, so every case is tested without a network.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::ApiError;
use super::model::ApiStatus;

/// The outcome of reading one answer.
#[derive(Debug)]
pub(crate) enum Answer {
    /// An envelope with code `OK`: its `data` (`None` for null or absent).
    Ok(Option<Value>),
    /// An envelope with another code: the server decided (any HTTP status).
    Refused(ApiError),
    /// Not an envelope: a proxy, a gateway or a broken server answered.
    Foreign(ApiError),
}

/// Reads a body that arrived in full with HTTP `status`.
pub(crate) fn read(status: u16, content_type: Option<&str>, body: &[u8]) -> Answer {
    let foreign = |what: String| Answer::Foreign(ApiError::UnexpectedResponse { status, what });
    if body.iter().all(u8::is_ascii_whitespace) {
        return foreign("an empty body".to_owned());
    }
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        return foreign(describe_non_json(content_type, body));
    };
    let Some(status_value) = value.get("status").filter(|s| s.is_object()) else {
        return foreign("JSON that is not a CRM.COM answer (it has no status)".to_owned());
    };
    let api_status: ApiStatus = match serde_json::from_value(status_value.clone()) {
        Ok(api_status) => api_status,
        Err(_) => {
            return foreign(
                "JSON that is not a CRM.COM answer (its status has no code)".to_owned(),
            );
        }
    };
    if !api_status.is_ok() {
        return Answer::Refused(ApiError::Server {
            code: api_status.code,
            message: api_status.message,
            description: api_status.description,
        });
    }
    let data = match value {
        Value::Object(mut map) => map.remove("data").filter(|d| !d.is_null()),
        _ => None,
    };
    Answer::Ok(data)
}

/// Names what came back instead of JSON, briefly and without dumping it.
fn describe_non_json(content_type: Option<&str>, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let start = text.trim_start();
    let is_html = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"))
        || start.starts_with('<');
    if is_html {
        return match html_title(start) {
            Some(title) => format!("an HTML page titled \"{title}\""),
            None => "an HTML page".to_owned(),
        };
    }
    if std::str::from_utf8(body).is_err() {
        return format!("{} bytes of binary data", body.len());
    }
    let line: String = start
        .lines()
        .next()
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    format!("a text body starting \"{}\"", line.trim_end())
}

/// The `<title>` of an HTML page, which proxies fill with the error ("502 Bad Gateway").
fn html_title(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let from = open + lower[open..].find('>')? + 1;
    let to = from + lower[from..].find("</title")?;
    let title = html
        .get(from..to)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let title: String = title.chars().take(80).collect();
    (!title.is_empty()).then_some(title)
}

/// The `data` of a single-entity answer as `T`; `what` names it for the message (`job`).
pub(crate) fn one<T: DeserializeOwned>(data: Option<Value>, what: &str) -> Result<T, ApiError> {
    let data = data.ok_or_else(|| ApiError::Decode(format!("the answer carried no {what}")))?;
    if !data.is_object() {
        return Err(ApiError::Decode(format!(
            "the {what} was {} instead of an object",
            kind(&data)
        )));
    }
    serde_json::from_value(data).map_err(|e| ApiError::Decode(format!("the {what}: {e}")))
}

/// A whole answer body carrying a page of jobs, decoded as the client decodes it (the
/// envelope checked, then each job). Public for the benchmarks.
///
/// # Errors
/// `Server` for a refusal, `UnexpectedResponse` for a body that is not an envelope,
/// `Decode` for a job that does not decode.
pub fn decode_jobs(body: &[u8]) -> Result<Vec<super::job::Job>, ApiError> {
    match read(200, Some("application/json"), body) {
        Answer::Ok(data) => list(data, "jobs"),
        Answer::Refused(error) | Answer::Foreign(error) => Err(error),
    }
}

/// A whole answer body carrying one job (`show`, or what an action returns), decoded as the
/// client decodes it. Public for the benchmarks.
///
/// # Errors
/// As [`decode_jobs`].
pub fn decode_job(body: &[u8]) -> Result<super::job::Job, ApiError> {
    match read(200, Some("application/json"), body) {
        Answer::Ok(data) => one(data, "job"),
        Answer::Refused(error) | Answer::Foreign(error) => Err(error),
    }
}

/// The `data` of a list answer, element by element so the message says which one is wrong.
/// A null `data` is an empty list: some servers answer an empty page that way.
pub(crate) fn list<T: DeserializeOwned>(
    data: Option<Value>,
    what: &str,
) -> Result<Vec<T>, ApiError> {
    let items = match data {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(ApiError::Decode(format!(
                "the list of {what} was {} instead of a list",
                kind(&other)
            )));
        }
    };
    let count = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            serde_json::from_value(item).map_err(|e| {
                ApiError::Decode(format!("{what}, entry {} of {count}: {e}", index + 1))
            })
        })
        .collect()
}

/// A JSON value's kind, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::Job;
    use serde_json::json;

    fn foreign_text(answer: Answer) -> String {
        match answer {
            Answer::Foreign(error) => error.to_string(),
            other => panic!("expected a foreign answer, got {other:?}"),
        }
    }

    #[test]
    fn ok_envelope_gives_its_data() {
        let body = br#"{"status":{"code":"OK","message":null},"data":{"token":"x"}}"#;
        match read(200, Some("application/json"), body) {
            Answer::Ok(Some(data)) => assert_eq!(data, json!({"token": "x"})),
            other => panic!("{other:?}"),
        }
        match read(200, None, br#"{"status":{"code":"OK"}}"#) {
            Answer::Ok(None) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn non_ok_code_is_a_server_error_whatever_the_http_status() {
        for http in [200, 400, 500] {
            let body = br#"{"status":{"code":"INVALID_LIFE_CYCLE_STATE","message":"Job JB1 is PENDING","description":""},"data":null}"#;
            let Answer::Refused(error) = read(http, None, body) else {
                panic!("not refused at HTTP {http}");
            };
            assert_eq!(error.code(), Some("INVALID_LIFE_CYCLE_STATE"));
            assert_eq!(
                error.to_string(),
                "Job JB1 is PENDING (INVALID_LIFE_CYCLE_STATE)"
            );
        }
    }

    #[test]
    fn unknown_code_without_message_is_shown_verbatim() {
        let Answer::Refused(error) = read(200, None, br#"{"status":{"code":"QUOTA_EXCEEDED"}}"#)
        else {
            panic!("not refused");
        };
        assert_eq!(
            error.to_string(),
            "the server refused the request (QUOTA_EXCEEDED)"
        );
    }

    #[test]
    fn html_page_names_the_http_status_and_the_title() {
        let page = b"<html><head><title>502 Bad  Gateway</title></head><body>nginx</body></html>";
        let text = foreign_text(read(502, Some("text/html"), page));
        assert_eq!(
            text,
            "the server answered HTTP 502 Bad Gateway with an HTML page titled \"502 Bad Gateway\" \
             instead of a CRM.COM response"
        );
        let text = foreign_text(read(
            200,
            None,
            b"<!doctype html><p>Sign in to the Wi-Fi</p>",
        ));
        assert!(
            text.contains("HTTP 200 OK with an HTML page instead"),
            "{text}"
        );
    }

    #[test]
    fn empty_and_plain_bodies_are_described_not_decoded() {
        let text = foreign_text(read(504, None, b" \n"));
        assert!(
            text.contains("HTTP 504 Gateway Timeout with an empty body"),
            "{text}"
        );
        let text = foreign_text(read(
            500,
            Some("text/plain"),
            b"upstream connect error\nmore",
        ));
        assert!(
            text.contains("a text body starting \"upstream connect error\""),
            "{text}"
        );
        let text = foreign_text(read(200, None, &[0xff, 0xfe, 0x00]));
        assert!(text.contains("3 bytes of binary data"), "{text}");
    }

    #[test]
    fn json_without_an_envelope_is_foreign() {
        let text = foreign_text(read(404, None, br#"{"error":"not found"}"#));
        assert!(
            text.contains("HTTP 404 Not Found with JSON that is not a CRM.COM answer"),
            "{text}"
        );
        let text = foreign_text(read(200, None, br#"{"status":{"message":"x"}}"#));
        assert!(text.contains("its status has no code"), "{text}");
    }

    #[test]
    fn wrong_shapes_are_decode_errors_with_short_messages() {
        let error = one::<Job>(Some(json!({"number": "JB1"})), "job").unwrap_err();
        assert!(matches!(error, ApiError::Decode(_)));
        assert_eq!(
            error.to_string(),
            "the server's answer could not be read: the job: missing field `life_cycle_state`"
        );
        let error = one::<Job>(None, "job").unwrap_err();
        assert!(
            error.to_string().ends_with("the answer carried no job"),
            "{error}"
        );
        let error = one::<Job>(Some(json!([1])), "job").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("the job was a list instead of an object")
        );
        let items = json!([{"number": "A", "life_cycle_state": "PENDING"}, {"number": "B"}]);
        let error = list::<Job>(Some(items), "jobs").unwrap_err();
        assert!(
            error
                .to_string()
                .contains("jobs, entry 2 of 2: missing field"),
            "{error}"
        );
        let error = list::<Job>(Some(json!({"a": 1})), "jobs").unwrap_err();
        assert!(
            error.to_string().contains("an object instead of a list"),
            "{error}"
        );
    }

    #[test]
    fn null_list_is_empty_and_lenient_jobs_decode() {
        assert!(list::<Job>(None, "jobs").unwrap().is_empty());
        let items = json!([{"number": "A", "life_cycle_state": "IN PROGRESS",
                            "start_date": "2026-11-28 09:00:00", "extra": true}]);
        let jobs = list::<Job>(Some(items), "jobs").unwrap();
        assert_eq!(
            jobs[0].life_cycle_state,
            crate::api::model::LifeCycleState::InProgress
        );
        assert!(jobs[0].start_date.is_some());
    }
}
