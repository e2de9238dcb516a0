//! The checks an action's values pass before anything is sent, shared by the completion form
//! and the scripting commands so both refuse the same things with the same words
//! (crm-api.md §4.2: which scopes take which parameters, which dates the server refuses).

use chrono::{DateTime, Utc};

use crate::when::{Understood, Zone};

/// Why performed by / on do not apply to a job.
pub const PERFORMED_REASON: &str = "only for New subscription jobs";
/// Why the scheduled date does not apply to a job.
pub const SCHEDULED_REASON: &str =
    "only for Cancel subscription, Cancel/Swap services and Maintenance jobs";

/// What a date must be, checked before submitting (the server's rules, crm-api.md §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRule {
    /// Not later than now: the work was already done (`performed_on`).
    NotFuture,
    /// Not earlier than now: the action is scheduled ahead (`scheduled_date`).
    NotPast,
}

/// The date to send for `text` read at `now` in `zone`: `None` when empty and not
/// `required`; otherwise the message to show beside the field (or after the flag).
///
/// # Errors
/// Unreadable text, an empty required date, or a date against `rule`.
pub fn check_date(
    text: &str,
    rule: DateRule,
    required: bool,
    zone: Zone,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, String> {
    let date = match zone.understand(text, now) {
        Understood::Empty if required => {
            return Err("required for this job: enter a date".to_owned());
        }
        Understood::Empty => return Ok(None),
        Understood::Invalid(error) => return Err(error.to_string()),
        Understood::Date(date) => date,
    };
    match rule {
        DateRule::NotFuture if date > now => Err(format!(
            "is in the future ({}); the work must already be done",
            zone.describe(date, now)
        )),
        DateRule::NotPast if date < now => Err(format!(
            "is in the past ({}); it must be later than now",
            zone.describe(date, now)
        )),
        DateRule::NotFuture | DateRule::NotPast => Ok(Some(date)),
    }
}

/// The message for a status text that names none of the offered statuses.
#[must_use]
pub fn no_status_matches(text: &str) -> String {
    format!("no status matches \"{text}\"; change the filter")
}

/// The message for a text that names none of the offered cancellation reasons.
#[must_use]
pub fn no_reason_matches(text: &str) -> String {
    format!("no reason matches \"{text}\"; change the filter")
}

/// The message for a user text that names none of the offered users.
#[must_use]
pub fn no_user_matches(text: &str) -> String {
    format!("no user matches \"{text}\"; change the filter")
}
