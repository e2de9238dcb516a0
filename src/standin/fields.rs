//! `fields_set`: the top-level field names each kind of answer has, the filter, and the
//! serialised `data` of an answer.

use serde::Serialize;
use serde_json::Value;

/// The top-level fields of a job.
pub(crate) const JOB: &[&str] = &[
    "id",
    "number",
    "description",
    "notes",
    "contact_email",
    "contact_phone",
    "life_cycle_state",
    "rating_state",
    "start_date",
    "expected_completion_date",
    "actual_completed_date",
    "expiration_date",
    "scheduled_date",
    "assigned_to",
    "type",
    "status",
    "log_information",
    "udf_string_1",
    "udf_string_2",
    "udf_string_3",
    "udf_string_4",
    "udf_string_5",
    "udf_string_6",
    "udf_string_7",
    "udf_string_8",
    "udf_float_1",
    "udf_float_2",
    "udf_float_3",
    "udf_float_4",
    "udf_date_1",
    "udf_date_2",
    "udf_date_3",
    "udf_date_4",
];

/// The top-level fields of a user.
pub(crate) const USER: &[&str] = &["id", "username", "person_name", "email", "active"];

/// The top-level fields of a status list entry.
pub(crate) const STATUS_ENTRY: &[&str] = &["id", "default", "status"];

/// The `data` of a successful answer, serialised. Without `fields_set` the wire types are
/// serialised directly, so fields keep the order of the reference's objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Data(Vec<u8>);

impl Data {
    /// `value`, keeping only the `wanted` top-level fields when there is a `fields_set`.
    pub(crate) fn of<T: Serialize>(value: &T, wanted: Option<&[String]>) -> Self {
        let bytes = match wanted {
            None => serde_json::to_vec(value),
            Some(names) => serde_json::to_value(value).and_then(|mut data| {
                keep(&mut data, names);
                serde_json::to_vec(&data)
            }),
        };
        // The wire types are plain data and always serialise; `null` keeps this total.
        Self(bytes.unwrap_or_else(|_| b"null".to_vec()))
    }

    /// `null`, the data of actions that return nothing.
    pub(crate) fn null() -> Self {
        Self(b"null".to_vec())
    }

    /// The JSON text.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// Keeps only the named top-level fields of an object, or of each object of an array.
fn keep(data: &mut Value, names: &[String]) {
    let filter = |value: &mut Value| {
        if let Value::Object(map) = value {
            map.retain(|key, _| names.iter().any(|name| name == key));
        }
    };
    match data {
        Value::Array(items) => items.iter_mut().for_each(filter),
        other => filter(other),
    }
}
