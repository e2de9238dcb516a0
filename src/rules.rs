//! The checks an action's values pass before anything is sent, shared by the completion form
//! and the scripting commands so both refuse the same things with the same words
//! (which scopes take which parameters, which dates the server refuses).

use chrono::{DateTime, Utc};

use crate::api::job::Job;
use crate::when::{Understood, Zone};

/// Why performed by / on do not apply to a job.
pub const PERFORMED_REASON: &str = "only for New subscription jobs";
/// Why the scheduled date does not apply to a job.
pub const SCHEDULED_REASON: &str =
    "only for Cancel subscription, Cancel/Swap services and Maintenance jobs";

/// What a date must be, checked before submitting (the server's rules).
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

/// Which of the completion's optional flags a command was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Given {
    /// `--performed-by`.
    pub performed_by: bool,
    /// `--performed-on`.
    pub performed_on: bool,
    /// `--scheduled-date`.
    pub scheduled_date: bool,
}

/// The first flag `job` does not take, as the form words it; a job whose scope is unknown
/// (no type, or a type without one) takes every one and the server judges. A job in a state
/// crmjobs does not know takes no action at all.
///
/// # Errors
/// The message, naming the flag (or the state) and the job.
pub fn flags_check(job: &Job, given: Given) -> Result<(), String> {
    if let Some(reason) = job.life_cycle_state.unknown_refusal() {
        return Err(format!("{} is {reason}", job.number));
    }
    let kind = job.job_type.as_ref().map_or("untyped", |t| t.name.as_str());
    let refused = |flag: &str, reason: &str| {
        Err(format!("{flag}: {reason} ({} is a {kind} job)", job.number))
    };
    let performed = [
        ("--performed-by", given.performed_by),
        ("--performed-on", given.performed_on),
    ];
    for (flag, _) in performed.iter().filter(|(_, given)| *given) {
        if !job.offers_performed_by() {
            return refused(flag, PERFORMED_REASON);
        }
    }
    if given.scheduled_date && !job.offers_scheduled_date() {
        return refused("--scheduled-date", SCHEDULED_REASON);
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: &str, scope: Option<&str>) -> Job {
        let mut kind = serde_json::json!({"id": "T1", "name": "Router swap"});
        if let Some(scope) = scope {
            kind["fulfillment_scope"] = scope.into();
        }
        serde_json::from_value(serde_json::json!({
            "number": "JB00019", "life_cycle_state": state, "type": kind,
        }))
        .expect("a job")
    }

    const EVERY_FLAG: Given = Given {
        performed_by: true,
        performed_on: true,
        scheduled_date: true,
    };

    #[test]
    fn a_job_whose_type_names_no_scope_takes_every_flag_and_the_server_judges() {
        assert_eq!(flags_check(&job("IN_PROGRESS", None), EVERY_FLAG), Ok(()));
        let generic = job("IN_PROGRESS", Some("GENERIC_PURPOSE"));
        assert_eq!(
            flags_check(&generic, EVERY_FLAG),
            Err(format!(
                "--performed-by: {PERFORMED_REASON} (JB00019 is a Router swap job)"
            ))
        );
        let scheduled = Given {
            scheduled_date: true,
            ..Given::default()
        };
        let new = job("IN_PROGRESS", Some("NEW_SUBSCRIPTION"));
        assert!(
            flags_check(&new, scheduled)
                .unwrap_err()
                .starts_with("--scheduled-date:")
        );
    }

    #[test]
    fn a_job_in_a_state_crmjobs_does_not_know_is_not_acted_on() {
        let refused = flags_check(&job("EXPIRED", None), Given::default()).unwrap_err();
        assert!(
            refused.starts_with("JB00019 is in state \"EXPIRED\", which crmjobs does not know"),
            "{refused}"
        );
    }
}
