//! Decoding an OK answer's `data` (its JSON text, see `answer`) into the type the call
//! returns, in one pass over the bytes; and, when that fails, saying what was wrong (which
//! entry of a list, and why) in the words the user has always been shown.
//!
//! Jobs are decoded job by job and never fail their page (see `job_pages`).

use chrono_tz::Tz;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::answer::{self, Rejected};
use super::error::ApiError;
use super::job::{Job, JobPage};

/// A JSON value's kind, told by its first byte (the text is JSON, so that is enough).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Boolean,
    Number,
    String,
    List,
    Object,
}

impl Kind {
    pub(crate) fn of(text: &[u8]) -> Self {
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
    pub(crate) fn name(self) -> &'static str {
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
/// envelope checked, then the jobs, job by job), offset-less dates read in UTC. Public for
/// the benchmarks and tests.
///
/// # Errors
/// `Server` for a refusal, `UnexpectedResponse` for a body that is not an envelope,
/// `Decode` for `data` that is not a list (a job that does not decode never fails its page).
pub fn decode_jobs(body: &[u8]) -> Result<JobPage, ApiError> {
    decode_jobs_in(body, Tz::UTC)
}

/// [`decode_jobs`] with offset-less dates read in the server's `zone`.
///
/// # Errors
/// As [`decode_jobs`].
pub fn decode_jobs_in(body: &[u8], zone: Tz) -> Result<JobPage, ApiError> {
    match answer::read(200, Some("application/json"), body) {
        Ok(data) => super::job_pages::page(data.as_deref(), zone),
        Err(Rejected::Refused(error) | Rejected::Foreign(error)) => Err(error),
    }
}

/// A whole answer body carrying one job (`show`, or what an action returns), decoded as the
/// client decodes it, offset-less dates read in UTC. Public for the benchmarks.
///
/// # Errors
/// As [`decode_jobs`]; `Decode` also for a job with neither an id nor a number.
pub fn decode_job(body: &[u8]) -> Result<Job, ApiError> {
    decode_job_in(body, Tz::UTC)
}

/// [`decode_job`] with offset-less dates read in the server's `zone`.
///
/// # Errors
/// As [`decode_job`].
pub fn decode_job_in(body: &[u8], zone: Tz) -> Result<Job, ApiError> {
    match answer::read(200, Some("application/json"), body) {
        Ok(data) => super::job_pages::one(data.as_deref(), zone),
        Err(Rejected::Refused(error) | Rejected::Foreign(error)) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::model::User;

    #[test]
    fn wrong_shapes_are_decode_errors_with_short_messages() {
        let user = br#"{"id": "U1"}"#;
        let error = one::<User>(Some(user), "user").unwrap_err();
        assert!(matches!(error, ApiError::Decode(_)));
        assert_eq!(
            error.to_string(),
            "the server's answer could not be read: the user: missing field `username`"
        );
        let error = one::<User>(None, "user").unwrap_err();
        assert!(
            error.to_string().ends_with("the answer carried no user"),
            "{error}"
        );
        for (data, kind) in [
            (&b"[1]"[..], "a list"),
            (b"\"U1\"", "a string"),
            (b"-1", "a number"),
            (b"true", "a boolean"),
        ] {
            let error = one::<User>(Some(data), "user").unwrap_err();
            let wanted = format!("the user was {kind} instead of an object");
            assert!(error.to_string().ends_with(&wanted), "{error}");
        }
        let items = br#"[{"username": "ana"}, {"id": "U2"}]"#;
        let error = list::<User>(Some(items), "users").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the server's answer could not be read: users, entry 2 of 2: missing field \
             `username`"
        );
        let error = list::<User>(Some(br#"{"a": 1}"#), "users").unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("the list of users was an object instead of a list"),
            "{error}"
        );
    }

    #[test]
    fn null_list_is_empty_and_what_only_the_tree_accepts_decodes() {
        assert!(list::<User>(None, "users").unwrap().is_empty());
        // A duplicated key fails a derived struct read from bytes; the tree keeps the last.
        let user = br#"{"username": "a", "username": "b", "person_name": ""}"#;
        let read = one::<User>(Some(user), "user").unwrap();
        assert_eq!((read.username.as_str(), read.person_name), ("b", None));
        let users = format!("[{}]", String::from_utf8_lossy(user));
        assert_eq!(
            list::<User>(Some(users.as_bytes()), "users").unwrap()[0].username,
            "b"
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
