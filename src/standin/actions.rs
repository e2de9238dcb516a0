//! The actions: `start_progress`, `complete`, `cancel`.
//!
//! Each action checks everything and changes the job under one lock of the job store, so two
//! concurrent actions on one job are applied one after the other and the second meets the
//! state the first left (exactly one of two concurrent completes succeeds).

use chrono::{DateTime, Duration, Utc};

use super::auth::Session;
use super::envelope::{Code, Failure};
use super::fields::Data;
use super::flavour::Zone;
use super::org::Org;
use super::params::Params;
use super::reads::{authorised, find_job};
use super::reasons;
use super::store::Jobs;
use super::{Shared, lock, now, render};
use crate::api::ident::{
    CancellationReasonIdentifier, JobIdentifier, JobStatusIdentifier, UserIdentifier,
};
use crate::api::model::LifeCycleState;

/// Slack for dates "not in the future" or "not in the past": the wire carries whole seconds
/// and the caller's clock is read a moment before ours.
const CLOCK_SLACK: Duration = Duration::seconds(2);

/// The status an action sets: the one asked for, which must belong to the job's type for the
/// target state, or the type's default for that state.
fn resolve_status(
    org: &Org,
    job_type: usize,
    ident: Option<&JobStatusIdentifier>,
    state: LifeCycleState,
) -> Result<usize, Failure> {
    let Some(ident) = ident else {
        return org.default_status(job_type, state).ok_or_else(|| {
            Failure::new(
                Code::InvalidStatus,
                format!("status_identifier: the job type has no {state} status"),
            )
        });
    };
    let status = org.find_status(ident).ok_or_else(|| {
        Failure::not_found("status_identifier", format!("no job status with {ident}"))
    })?;
    if org
        .type_statuses(job_type, state)
        .any(|entry| entry.status == status)
    {
        return Ok(status);
    }
    let allowed: Vec<&str> = org
        .type_statuses(job_type, state)
        .map(|entry| org.statuses[entry.status].name.as_str())
        .collect();
    Err(Failure::new(
        Code::InvalidStatus,
        format!(
            "status_identifier: {:?} is not a {state} status of job type {}; choose one of {}",
            org.statuses[status].name,
            org.types[job_type].job_type.name,
            allowed.join(", ")
        ),
    ))
}

/// `INVALID_LIFE_CYCLE_STATE` unless the job is in one of `allowed`.
fn require_state(
    jobs: &Jobs,
    at: usize,
    allowed: &[LifeCycleState],
    doing: &str,
) -> Result<(), Failure> {
    let rec = jobs.get(at);
    if allowed.contains(&rec.state) {
        return Ok(());
    }
    Err(Failure::new(
        Code::InvalidLifeCycleState,
        format!(
            "job_identifier: job {} is {}; {doing}",
            rec.number, rec.state
        ),
    ))
}

/// Moves the job to `state` with `status`, as changed by the session's user and unit.
fn apply(
    jobs: &mut Jobs,
    at: usize,
    state: LifeCycleState,
    status: usize,
    by: Session,
    when: DateTime<Utc>,
) {
    jobs.set_state(at, state);
    let rec = jobs.get_mut(at);
    rec.status = status;
    rec.updated = when;
    rec.updated_by = by.user;
    rec.updated_by_unit = by.unit;
    rec.applied += 1;
}

/// The answer of an action: the job as it now is, filtered by `fields_set`.
fn answer(shared: &Shared, jobs: &Jobs, at: usize, wanted: Option<&[String]>) -> Data {
    render::one(shared, jobs, at, wanted)
}

/// `POST jobs/all_scopes/start_progress`: `PENDING` to `IN_PROGRESS`.
pub(crate) fn start_progress(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let by = authorised(shared, &mut params)?;
    let ident: JobIdentifier = params.required_identifier("job_identifier")?;
    let status: Option<JobStatusIdentifier> = params.identifier("status_identifier")?;
    let wanted = params.fields_set(render::job_fields(shared.flavour))?;
    params.finish("jobs/all_scopes/start_progress")?;
    let mut jobs = lock(&shared.jobs);
    let at = find_job(&jobs, &ident)?;
    require_state(
        &jobs,
        at,
        &[LifeCycleState::Pending],
        "only pending jobs can be started",
    )?;
    let target = LifeCycleState::InProgress;
    let status = resolve_status(&shared.org, jobs.get(at).job_type, status.as_ref(), target)?;
    let when = now();
    apply(&mut jobs, at, target, status, by, when);
    let rec = jobs.get_mut(at);
    rec.start_date = Some(when);
    if rec.assignee.is_none() && shared.org.users[by.user].technician {
        rec.assignee = Some(by.user);
    }
    Ok(answer(shared, &jobs, at, wanted.as_deref()))
}

/// The parameters of `complete` once read.
struct Completion {
    job: JobIdentifier,
    status: Option<JobStatusIdentifier>,
    performed_by: Option<UserIdentifier>,
    performed_on: Option<DateTime<Utc>>,
    scheduled_date: Option<DateTime<Utc>>,
    wanted: Option<Vec<String>>,
}

fn read_completion(shared: &Shared, params: &mut Params) -> Result<Completion, Failure> {
    Ok(Completion {
        job: params.required_identifier("job_identifier")?,
        status: params.identifier("status_identifier")?,
        performed_by: params.identifier("performed_by_user_identifier")?,
        performed_on: params.date("performed_on", shared.zone)?,
        scheduled_date: params.date("scheduled_date", shared.zone)?,
        wanted: params.fields_set(render::job_fields(shared.flavour))?,
    })
}

/// The scope rules of `complete`: `performed_*` only for `NEW_SUBSCRIPTION`, `scheduled_date`
/// only for the four scheduled scopes.
fn check_applicable(org: &Org, jobs: &Jobs, at: usize, c: &Completion) -> Result<(), Failure> {
    let rec = jobs.get(at);
    let job_type = &org.types[rec.job_type].job_type;
    let scope = job_type.fulfillment_scope;
    let not_applicable = |name: &str, only: &str| {
        Failure::new(
            Code::NotApplicableParameter,
            format!(
                "{name}: applies only to {only} jobs; job {} is a {} job ({})",
                rec.number,
                job_type.name,
                scope.as_wire()
            ),
        )
    };
    if !scope.takes_performed_by() {
        if c.performed_by.is_some() {
            return Err(not_applicable(
                "performed_by_user_identifier",
                "NEW_SUBSCRIPTION",
            ));
        }
        if c.performed_on.is_some() {
            return Err(not_applicable("performed_on", "NEW_SUBSCRIPTION"));
        }
    }
    if !scope.takes_scheduled_date() && c.scheduled_date.is_some() {
        return Err(not_applicable(
            "scheduled_date",
            "CANCEL_SUBSCRIPTION, CANCEL_SUBSCRIPTION_SERVICES, SWAP_SUBSCRIPTION_SERVICES or \
             SUBSCRIPTION_MAINTAINANCE",
        ));
    }
    Ok(())
}

/// The values of `complete`'s optional parameters: a known performer, a `performed_on` not in
/// the future, a `scheduled_date` not in the past. Returns the performer.
fn check_values(
    org: &Org,
    zone: Zone,
    c: &Completion,
    when: DateTime<Utc>,
) -> Result<Option<usize>, Failure> {
    let performer = match &c.performed_by {
        None => None,
        Some(ident) => Some(org.find_user(ident).ok_or_else(|| {
            Failure::not_found(
                "performed_by_user_identifier",
                format!("no user with {ident}"),
            )
        })?),
    };
    if let Some(on) = c.performed_on.filter(|&on| on > when + CLOCK_SLACK) {
        return Err(Failure::invalid(
            "performed_on",
            format!(
                "{} is in the future; the work must already be done",
                zone.format(on)
            ),
        ));
    }
    if let Some(date) = c.scheduled_date.filter(|&d| d < when - CLOCK_SLACK) {
        return Err(Failure::invalid(
            "scheduled_date",
            format!(
                "{} is in the past; give a date from now on",
                zone.format(date)
            ),
        ));
    }
    Ok(performer)
}

/// `POST jobs/all_scopes/complete` (the seed method): `IN_PROGRESS` to `COMPLETED`.
pub(crate) fn complete(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let by = authorised(shared, &mut params)?;
    let c = read_completion(shared, &mut params)?;
    params.finish("jobs/all_scopes/complete")?;
    let org = &shared.org;
    let mut jobs = lock(&shared.jobs);
    let at = find_job(&jobs, &c.job)?;
    require_state(
        &jobs,
        at,
        &[LifeCycleState::InProgress],
        "only jobs in progress can be completed",
    )?;
    let when = now();
    check_applicable(org, &jobs, at, &c)?;
    let performer = check_values(org, shared.zone, &c, when)?;
    let target = LifeCycleState::Completed;
    let status = resolve_status(org, jobs.get(at).job_type, c.status.as_ref(), target)?;
    let scope = org.types[jobs.get(at).job_type].job_type.fulfillment_scope;
    // The flag models billing-term rules, which only the four scheduled scopes have.
    let blocked = jobs.get(at).requires_scheduled_date && scope.takes_scheduled_date();
    if blocked && c.scheduled_date.is_none() {
        return Err(Failure::new(
            Code::ScheduledDateRequired,
            "scheduled_date: the subscription action rules of this job's billing term prevent immediate execution; give a scheduled date",
        ));
    }
    apply(&mut jobs, at, target, status, by, when);
    let rec = jobs.get_mut(at);
    rec.actual_completed_date = Some(when);
    if let Some(date) = c.scheduled_date {
        rec.scheduled_date = Some(date);
    }
    if let Some(user) = performer.or(rec.assignee) {
        rec.performed = Some((user, c.performed_on.unwrap_or(when)));
    }
    Ok(answer(shared, &jobs, at, c.wanted.as_deref()))
}

/// `POST jobs/all_scopes/cancel`: any state but `COMPLETED` and `CANCELLED` to `CANCELLED`.
pub(crate) fn cancel(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let by = authorised(shared, &mut params)?;
    let ident: JobIdentifier = params.required_identifier("job_identifier")?;
    let status: Option<JobStatusIdentifier> = params.identifier("status_identifier")?;
    let reason: Option<CancellationReasonIdentifier> =
        params.identifier("cancellation_reason_identifier")?;
    let provided_items = params.flag("cancel_provided_items")?.unwrap_or(false);
    let wanted = params.fields_set(render::job_fields(shared.flavour))?;
    params.finish("jobs/all_scopes/cancel")?;
    let org = &shared.org;
    let mut jobs = lock(&shared.jobs);
    let at = find_job(&jobs, &ident)?;
    let reason = match reason {
        None => None,
        Some(reason) => Some(reasons::for_cancel(org, jobs.get(at).job_type, &reason)?),
    };
    let open = [
        LifeCycleState::Draft,
        LifeCycleState::Pending,
        LifeCycleState::InProgress,
    ];
    require_state(
        &jobs,
        at,
        &open,
        "completed and cancelled jobs cannot be cancelled",
    )?;
    let target = LifeCycleState::Cancelled;
    let status = resolve_status(org, jobs.get(at).job_type, status.as_ref(), target)?;
    apply(&mut jobs, at, target, status, by, now());
    let rec = jobs.get_mut(at);
    rec.cancellation_reason = reason;
    rec.cancel_provided_items = provided_items;
    Ok(answer(shared, &jobs, at, wanted.as_deref()))
}
