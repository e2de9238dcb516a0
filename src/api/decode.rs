//! Decoding an OK answer's `data` (its JSON text, see `answer`) into the type the call
//! returns, in one pass over the bytes; and, when that fails, saying what was wrong (which
//! entry of a list, and why) in the words the user has always been shown.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::answer::{self, Rejected};
use super::error::ApiError;
use super::job::Job;

/// A JSON value's kind, told by its first byte (the text is JSON, so that is enough).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Boolean,
    Number,
    String,
    List,
    Object,
}

impl Kind {
    fn of(text: &[u8]) -> Self {
        match text.trim_ascii_start().first() {
            Some(b'{') => Self::Object,
            Some(b'[') => Self::List,
            Some(b'"') => Self::String,
            Some(b't' | b'f') => Self::Boolean,
            Some(b'n') | None => Self::Null,
            Some(_) => Self::Number,
        }
    }

    /// The kind in messages.
    fn name(self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Boolean => "a boolean",
            Self::Number => "a number",
            Self::String => "a string",
            Self::List => "a list",
            Self::Object => "an object",
        }
    }
}

/// The `data` of a single-entity answer as `T`; `what` names it for the message (`job`).
pub(crate) fn one<T: DeserializeOwned>(data: Option<&[u8]>, what: &str) -> Result<T, ApiError> {
    let data = data.ok_or_else(|| ApiError::Decode(format!("the answer carried no {what}")))?;
    let kind = Kind::of(data);
    if kind != Kind::Object {
        return Err(ApiError::Decode(format!(
            "the {what} was {} instead of an object",
            kind.name()
        )));
    }
    serde_json::from_slice(data).or_else(|_| one_from_tree(data, what))
}

/// [`one`] through a `Value`, after decoding from the bytes failed: the bytes' error names a
/// line and column of a body the user never sees, the value's is the message shown so far.
/// It also reads what only the tree accepts (a duplicated key: the last one counts).
fn one_from_tree<T: DeserializeOwned>(data: &[u8], what: &str) -> Result<T, ApiError> {
    let wrong = |e: serde_json::Error| ApiError::Decode(format!("the {what}: {e}"));
    let value: Value = serde_json::from_slice(data).map_err(wrong)?;
    serde_json::from_value(value).map_err(wrong)
}

/// The `data` of a list answer. A null `data` is an empty list: some servers answer an empty
/// page that way.
pub(crate) fn list<T: DeserializeOwned>(
    data: Option<&[u8]>,
    what: &str,
) -> Result<Vec<T>, ApiError> {
    let Some(data) = data else {
        return Ok(Vec::new());
    };
    let kind = Kind::of(data);
    if kind != Kind::List {
        return Err(ApiError::Decode(format!(
            "the list of {what} was {} instead of a list",
            kind.name()
        )));
    }
    serde_json::from_slice(data).or_else(|_| list_from_tree(data, what))
}

/// [`list`] through a `Value`, element by element, so the message says which one is wrong
/// (as [`one_from_tree`]).
fn list_from_tree<T: DeserializeOwned>(data: &[u8], what: &str) -> Result<Vec<T>, ApiError> {
    let value: Value = serde_json::from_slice(data)
        .map_err(|e| ApiError::Decode(format!("the list of {what}: {e}")))?;
    let Value::Array(items) = value else {
        return Err(ApiError::Decode(format!(
            "the list of {what} was {} instead of a list",
            Kind::of(data).name()
        )));
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

/// A whole answer body carrying a page of jobs, decoded as the client decodes it (the
/// envelope checked, then the jobs). Public for the benchmarks.
///
/// # Errors
/// `Server` for a refusal, `UnexpectedResponse` for a body that is not an envelope,
/// `Decode` for a job that does not decode.
pub fn decode_jobs(body: &[u8]) -> Result<Vec<Job>, ApiError> {
    match answer::read(200, Some("application/json"), body) {
        Ok(data) => list(data.as_deref(), "jobs"),
        Err(Rejected::Refused(error) | Rejected::Foreign(error)) => Err(error),
    }
}

/// A whole answer body carrying one job (`show`, or what an action returns), decoded as the
/// client decodes it. Public for the benchmarks.
///
/// # Errors
/// As [`decode_jobs`].
pub fn decode_job(body: &[u8]) -> Result<Job, ApiError> {
    match answer::read(200, Some("application/json"), body) {
        Ok(data) => one(data.as_deref(), "job"),
        Err(Rejected::Refused(error) | Rejected::Foreign(error)) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::LifeCycleState;

    fn text(value: &serde_json::Value) -> Vec<u8> {
        value.to_string().into_bytes()
    }

    #[test]
    fn wrong_shapes_are_decode_errors_with_short_messages() {
        let job = text(&serde_json::json!({"number": "JB1"}));
        let error = one::<Job>(Some(&job), "job").unwrap_err();
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
        for (data, kind) in [
            (&b"[1]"[..], "a list"),
            (b"\"JB1\"", "a string"),
            (b"-1", "a number"),
            (b"true", "a boolean"),
        ] {
            let error = one::<Job>(Some(data), "job").unwrap_err();
            let wanted = format!("the job was {kind} instead of an object");
            assert!(error.to_string().ends_with(&wanted), "{error}");
        }
        let items = br#"[{"number": "A", "life_cycle_state": "PENDING"}, {"number": "B"}]"#;
        let error = list::<Job>(Some(items), "jobs").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the server's answer could not be read: jobs, entry 2 of 2: missing field \
             `life_cycle_state`"
        );
        let error = list::<Job>(Some(br#"{"a": 1}"#), "jobs").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("the list of jobs was an object instead of a list"),
            "{error}"
        );
    }

    #[test]
    fn null_list_is_empty_and_lenient_jobs_decode() {
        assert!(list::<Job>(None, "jobs").unwrap().is_empty());
        let items = br#"[{"number": "A", "life_cycle_state": "IN PROGRESS",
                          "start_date": "2026-11-28 09:00:00", "extra": true}]"#;
        let jobs = list::<Job>(Some(items), "jobs").unwrap();
        assert_eq!(jobs[0].life_cycle_state, LifeCycleState::InProgress);
        assert!(jobs[0].start_date.is_some());
    }

    #[test]
    fn states_are_read_in_every_form_and_named_when_unknown() {
        let job = |state: &str| format!(r#"{{"number": "A", "life_cycle_state": {state}}}"#);
        for (state, wanted) in [
            (r#""IN_PROGRESS""#, LifeCycleState::InProgress),
            (r#"" in-progress ""#, LifeCycleState::InProgress),
            (r#""Canceled""#, LifeCycleState::Cancelled),
        ] {
            let decoded = one::<Job>(Some(job(state).as_bytes()), "job").unwrap();
            assert_eq!(decoded.life_cycle_state, wanted, "{state}");
        }
        for (state, wanted) in [
            (r#""DONE""#, "the job: unknown life cycle state \"DONE\""),
            ("1", "the job: invalid type: integer `1`, expected a string"),
        ] {
            let error = one::<Job>(Some(job(state).as_bytes()), "job").unwrap_err();
            assert!(error.to_string().ends_with(wanted), "{error}");
        }
    }

    #[test]
    fn what_only_the_tree_accepts_still_decodes_as_before() {
        // A duplicated key fails a derived struct read from bytes; the tree keeps the last.
        let job = br#"{"number": "A", "number": "B", "life_cycle_state": "PENDING"}"#;
        assert_eq!(one::<Job>(Some(job), "job").unwrap().number, "B");
        let jobs = format!("[{}]", String::from_utf8_lossy(job));
        assert_eq!(
            list::<Job>(Some(jobs.as_bytes()), "jobs").unwrap()[0].number,
            "B"
        );
    }

    #[test]
    fn whole_bodies_decode_and_say_what_is_wrong() {
        let page =
            br#"{"status":{"code":"OK"},"data":[{"number":"A","life_cycle_state":"DRAFT"}]}"#;
        assert_eq!(decode_jobs(page).unwrap()[0].number, "A");
        let one = br#"{"status":{"code":"OK"},"data":{"number":"A","life_cycle_state":"DRAFT"}}"#;
        assert_eq!(decode_job(one).unwrap().number, "A");
        let refused = br#"{"status":{"code":"NOT_FOUND","message":"no job"}}"#;
        assert_eq!(decode_job(refused).unwrap_err().code(), Some("NOT_FOUND"));
        let error = decode_jobs(b"<html>").unwrap_err();
        assert!(
            matches!(error, ApiError::UnexpectedResponse { .. }),
            "{error}"
        );
    }
}
