//! The documented flavour's objects, shaped like the real examples of the public record:
//! `assigned_to` without `business_unit` and with `unit: null` on some jobs, units as
//! `{id, name, description, alternative_code}`, `""` for the names and emails of some users
//! (R14.1), keys this client never reads, and one job type without `fulfillment_scope`.

use serde_json::{Map, Value, json};

use super::org::Org;
use super::store::JobRec;

/// The keys a documented job has beyond the strict ones (`fields_set` may name them).
pub(crate) const EXTRA_JOB_FIELDS: &[&str] = &[
    "accounts_receivable",
    "address",
    "subscription",
    "services",
    "physical_goods",
    "installed_items",
    "cancellation_reason",
    "activity",
];

/// Every third job (by position) has no unit, as in the real examples.
fn unit_is_null(at: usize) -> bool {
    at.is_multiple_of(3)
}

/// A user as embedded in a job.
fn user_ref(org: &Org, user: usize) -> Value {
    let rec = &org.users[user];
    let (name, email) = if rec.documented_blank {
        ("", "")
    } else {
        (rec.person_name.as_str(), rec.email.as_str())
    };
    json!({"id": rec.id, "username": rec.username, "person_name": name, "email": email})
}

/// A unit as embedded in a job.
fn unit_ref(org: &Org, unit: usize) -> Value {
    let rec = &org.units[unit];
    json!({
        "id": rec.id,
        "name": rec.name,
        "description": format!("{} ({})", rec.name, rec.community),
        "alternative_code": rec.alternative_code,
    })
}

/// A user as `users/list` returns it.
pub(crate) fn user(org: &Org, user: usize) -> Value {
    let mut value = user_ref(org, user);
    if let Value::Object(map) = &mut value {
        map.insert("active".to_owned(), Value::Bool(org.users[user].active));
    }
    value
}

/// Reshapes a job serialised in the strict shape (dates already in the server's zone).
pub(crate) fn reshape_job(job: &mut Value, org: &Org, rec: &JobRec, at: usize) {
    let Value::Object(map) = job else {
        return;
    };
    let unit = if unit_is_null(at) {
        Value::Null
    } else {
        unit_ref(org, rec.unit)
    };
    map.insert(
        "assigned_to".to_owned(),
        json!({"user": rec.assignee.map(|u| user_ref(org, u)), "unit": unit}),
    );
    if let Some(Value::Object(log)) = map.get_mut("log_information") {
        log.insert("created_by_user".to_owned(), user_ref(org, rec.created_by));
        log.insert("updated_by_user".to_owned(), user_ref(org, rec.updated_by));
        log.insert(
            "created_by_unit".to_owned(),
            unit_ref(org, rec.created_by_unit),
        );
        log.insert(
            "updated_by_unit".to_owned(),
            unit_ref(org, rec.updated_by_unit),
        );
    }
    if org.types[rec.job_type].documented_without_scope
        && let Some(Value::Object(job_type)) = map.get_mut("type")
    {
        job_type.remove("fulfillment_scope");
    }
    extras(map, org, rec);
}

/// The keys this client does not read, as a real job carries them.
fn extras(map: &mut Map<String, Value>, org: &Org, rec: &JobRec) {
    let receivable = &org.receivables[rec.receivable];
    let reason = rec
        .cancellation_reason
        .and_then(|r| org.reasons.get(r))
        .map(|reason| json!({"id": reason.id, "name": reason.name}));
    let extra = [
        (
            "accounts_receivable",
            json!({"id": receivable.id, "number": receivable.number, "name": receivable.name}),
        ),
        (
            "address",
            json!({"address_line_1": receivable.street, "country_code": "GB"}),
        ),
        ("subscription", Value::Null),
        ("services", json!([])),
        ("physical_goods", json!([])),
        ("installed_items", json!([])),
        ("cancellation_reason", reason.unwrap_or(Value::Null)),
        ("activity", Value::Null),
    ];
    for (key, value) in extra {
        map.insert(key.to_owned(), value);
    }
}
