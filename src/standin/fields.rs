//! `fields_set`: the top-level field names each kind of answer has, and the filter.

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

/// Keeps only the named top-level fields of an object, or of each object of an array.
pub(crate) fn keep(data: &mut Value, names: Option<&[String]>) {
    let Some(names) = names else {
        return;
    };
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
