//! `jobs start|complete|cancel NUMBER..`: the form's checks before anything is sent (dates,
//! the parameters the job's scope takes, the status and the cancellation reason among the
//! type's), one request per job,
//! one result line per job, and the most serious outcome as the exit code.
//!
//! Every action goes through [`submit`], the one place that talks to the server, so
//! routing actions through the outbox changes one function.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use clap::Args;

use crate::api::error::ApiError;
use crate::api::ident::{JobIdentifier, JobStatusIdentifier, JobTypeIdentifier, UserIdentifier};
use crate::api::job::{CancelParams, CompleteParams, Job, StartParams};
use crate::api::model::{LifeCycleState, StatusEntry};
use crate::outbox::{Baseline, Delivery, Entry, EntryId, PendingAction as Action};
use crate::rules::{self, DateRule};
use crate::when::Zone;

use super::input::numbers;
use super::output::{Cell, Table, emit};
use super::reason;
use super::session::{Ctx, Failure};
use super::{Exit, prompt};

/// `jobs start` options.
#[derive(Args, Debug)]
pub struct StartArgs {
    /// Job numbers; `-` reads them from standard input (whitespace-separated).
    #[arg(required = true, value_name = "NUMBER")]
    pub numbers: Vec<String>,
    /// The `IN_PROGRESS` status to set (name, alternative code or id); the type's default
    /// otherwise.
    #[arg(long)]
    pub status: Option<String>,
}

/// `jobs complete` options.
#[derive(Args, Debug)]
pub struct CompleteArgs {
    /// Job numbers; `-` reads them from standard input (whitespace-separated).
    #[arg(required = true, value_name = "NUMBER")]
    pub numbers: Vec<String>,
    /// The `COMPLETED` status to set (name, alternative code or id); the type's default
    /// otherwise.
    #[arg(long)]
    pub status: Option<String>,
    /// Who did the work, by username (New subscription jobs only).
    #[arg(long, value_name = "USER")]
    pub performed_by: Option<String>,
    /// When the work was done, not in the future (New subscription jobs only): `now`,
    /// `today 14:30`, `yesterday`, `-2h`, `2026-11-28 14:30`, ISO.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub performed_on: Option<String>,
    /// When the subscription action runs, not in the past (Cancel subscription,
    /// Cancel/Swap services and Maintenance jobs only).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub scheduled_date: Option<String>,
}

/// `jobs cancel` options.
#[derive(Args, Debug)]
pub struct CancelArgs {
    /// Job numbers; `-` reads them from standard input (whitespace-separated).
    #[arg(required = true, value_name = "NUMBER")]
    pub numbers: Vec<String>,
    /// The `CANCELLED` status to set (name, alternative code or id); the type's default
    /// otherwise.
    #[arg(long)]
    pub status: Option<String>,
    /// Why (name, alternative code or id of one of the type's cancellation reasons, any
    /// case); without it no reason is sent and the server's default applies.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Cancel without asking (needed with --no-input or numbers on standard input).
    #[arg(long)]
    pub yes: bool,
}

/// What one call asks of every job.
#[derive(Debug, Clone, Default)]
struct Request {
    target: Option<LifeCycleState>,
    status: Option<String>,
    performed_by: Option<String>,
    performed_on: Option<DateTime<Utc>>,
    scheduled_date: Option<DateTime<Utc>>,
    reason: Option<String>,
}

/// What was fetched to check the values, per job type, for the rest of the call.
#[derive(Default)]
struct Lookups {
    statuses: HashMap<String, Vec<StatusEntry>>,
    reasons: reason::Cache,
}

/// How one job fared.
#[derive(Debug)]
pub(super) enum Outcome {
    /// Applied, from the server's answer or (the answer lost) from the job read back.
    Applied(Box<Job>, &'static str),
    /// Refused here before sending.
    NotSent(String),
    /// Refused by the server, or failed before anything was queued.
    Failed(ApiError),
    /// Kept in the outbox: the job changed on the server otherwise.
    Conflict(EntryId, String),
    /// Kept in the outbox: no answer could be had.
    Waiting(EntryId, ApiError),
}

/// `jobs start`.
pub async fn start(ctx: &Ctx, args: &StartArgs) -> Result<Exit, Failure> {
    let request = Request {
        target: Some(LifeCycleState::InProgress),
        status: args.status.clone(),
        ..Request::default()
    };
    run_all(ctx, &args.numbers, &request).await
}

/// `jobs complete`.
pub async fn complete(ctx: &Ctx, args: &CompleteArgs) -> Result<Exit, Failure> {
    let now = Utc::now();
    let request = Request {
        target: Some(LifeCycleState::Completed),
        status: args.status.clone(),
        performed_by: args.performed_by.clone(),
        performed_on: date_flag(
            "--performed-on",
            args.performed_on.as_deref(),
            DateRule::NotFuture,
            now,
        )?,
        scheduled_date: date_flag(
            "--scheduled-date",
            args.scheduled_date.as_deref(),
            DateRule::NotPast,
            now,
        )?,
        reason: None,
    };
    run_all(ctx, &args.numbers, &request).await
}

/// `jobs cancel`: asks first unless `--yes`.
pub async fn cancel(ctx: &Ctx, args: &CancelArgs) -> Result<Exit, Failure> {
    let request = Request {
        target: Some(LifeCycleState::Cancelled),
        status: args.status.clone(),
        reason: args.reason.clone(),
        ..Request::default()
    };
    let list = numbers(&args.numbers).map_err(|e| Failure::new(Exit::Usage, e))?;
    if !args.yes {
        if ctx.no_input || list.from_stdin || !prompt::can_ask(false) {
            return Err(Failure::new(
                Exit::Usage,
                "cancelling asks for confirmation: add --yes (no question can be asked here)",
            ));
        }
        let question = format!(
            "Cancel {} job(s): {}?",
            list.list.len(),
            list.list.join(", ")
        );
        let yes = prompt::confirm(&question)
            .map_err(|e| Failure::new(Exit::Usage, format!("cannot read the answer: {e}")))?;
        if !yes {
            return Err(Failure::new(Exit::Refused, "nothing cancelled"));
        }
    }
    Ok(act_on(ctx, &list.list, &request).await)
}

/// A date flag read now, with the form's rule and messages; a bad one is a usage error.
fn date_flag(
    flag: &str,
    text: Option<&str>,
    rule: DateRule,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, Failure> {
    let Some(text) = text else { return Ok(None) };
    rules::check_date(text, rule, true, Zone::Local, now)
        .map_err(|message| Failure::new(Exit::Usage, format!("{flag} {message}")))
}

async fn run_all(ctx: &Ctx, args: &[String], request: &Request) -> Result<Exit, Failure> {
    let list = numbers(args).map_err(|e| Failure::new(Exit::Usage, e))?;
    Ok(act_on(ctx, &list.list, request).await)
}

/// The columns of a result line.
pub(super) const RESULT_COLUMNS: &[&str] =
    &["job", "outcome", "life_cycle_state", "status", "message"];

/// Acts on every job in turn, prints one line each, and gives the most serious code.
async fn act_on(ctx: &Ctx, numbers: &[String], request: &Request) -> Exit {
    let mut lookups = Lookups::default();
    let mut rows = Vec::new();
    let mut exit = Exit::Success;
    for number in numbers {
        let outcome = one(ctx, &mut lookups, request, number).await;
        let (code, row) = result_row(number, &outcome);
        exit = exit.worst(code);
        rows.push(row);
    }
    let table = Table {
        key: "results",
        columns: RESULT_COLUMNS,
        rows,
    };
    emit(&table.render(ctx.format));
    if let Some(failure) = ctx.take_audit_failure() {
        super::output::note(&format!(
            "warning: {failure}; the outcomes above are not recorded"
        ));
        exit = exit.worst(Exit::AuditUnwritten);
    }
    exit
}

pub(super) fn result_row(number: &str, outcome: &Outcome) -> (Exit, Vec<Cell>) {
    let row = |outcome: &str, job: Option<&Job>, message: Option<String>| {
        vec![
            Cell::Text(number.to_owned()),
            Cell::Text(outcome.to_owned()),
            Cell::opt(job.map(|j| j.life_cycle_state.as_wire())),
            Cell::opt(job.and_then(|j| j.status.as_ref()).map(|s| s.name.clone())),
            Cell::opt(message),
        ]
    };
    match outcome {
        Outcome::Applied(job, how) => (Exit::Success, row(how, Some(job), None)),
        Outcome::NotSent(message) => (Exit::Refused, row("not_sent", None, Some(message.clone()))),
        Outcome::Failed(error) => {
            let exit = Exit::of(error);
            (exit, row(failure_name(exit), None, Some(error.to_string())))
        }
        Outcome::Conflict(id, why) => (
            Exit::Refused,
            row(
                "conflict",
                None,
                Some(format!(
                    "{why}; kept in the outbox as {id}: `crmjobs outbox retry {id}` sends it \
                     anyway, `crmjobs outbox discard {id}` drops it"
                )),
            ),
        ),
        Outcome::Waiting(id, error) => {
            // A lost answer that the read-back could not settle is an unknown outcome.
            let exit = match error {
                ApiError::OutcomeUnknown { .. } | ApiError::Timeout(_) | ApiError::Decode(_) => {
                    Exit::Unknown
                }
                other => Exit::of(other),
            };
            let message = format!(
                "{error}; kept in the outbox as {id}: `crmjobs outbox retry {id}` tries again"
            );
            (exit, row("waiting", None, Some(message)))
        }
    }
}

fn failure_name(exit: Exit) -> &'static str {
    match exit {
        Exit::Unknown => "unknown",
        Exit::Auth => "auth_failed",
        Exit::Unreachable => "unreachable",
        Exit::Success | Exit::Refused | Exit::Usage | Exit::AuditUnwritten => "refused",
    }
}

/// Checks and sends the action for one job.
async fn one(ctx: &Ctx, lookups: &mut Lookups, request: &Request, number: &str) -> Outcome {
    let id = JobIdentifier::Number(number.to_owned());
    let scoped = request.performed_by.is_some()
        || request.performed_on.is_some()
        || request.scheduled_date.is_some();
    let mut status = None;
    let mut reason = None;
    let mut baseline = None;
    // The job is read only when its type decides what may be sent.
    if scoped || request.status.is_some() || request.reason.is_some() {
        let job = match ctx.client.show_job(&id).await {
            Ok(job) => job,
            Err(error) => return Outcome::Failed(error),
        };
        baseline = Some(Baseline::of(&job));
        if let Err(message) = scope_check(&job, request) {
            return Outcome::NotSent(message);
        }
        if let (Some(text), Some(target)) = (&request.status, request.target) {
            match pick_status(ctx, &mut lookups.statuses, &job, target, text).await {
                Ok(picked) => status = Some(picked),
                Err(outcome) => return outcome,
            }
        }
        if let Some(text) = &request.reason {
            match reason::pick(ctx, &mut lookups.reasons, &job, text).await {
                Ok(picked) => reason = Some(picked),
                Err(outcome) => return outcome,
            }
        }
    }
    let action = match request.target {
        Some(LifeCycleState::InProgress) => Action::Start(StartParams { job: id, status }),
        Some(LifeCycleState::Cancelled) => Action::Cancel(CancelParams {
            job: id,
            status,
            reason,
            cancel_provided_items: false,
        }),
        _ => Action::Complete(CompleteParams {
            status,
            performed_by: request.performed_by.clone().map(UserIdentifier::Username),
            performed_on: request.performed_on,
            scheduled_date: request.scheduled_date,
            ..CompleteParams::new(id)
        }),
    };
    submit(ctx, action, baseline).await
}

/// The flags the job does not take, or why it takes no action at all (`rules::flags_check`).
fn scope_check(job: &Job, request: &Request) -> Result<(), String> {
    let given = rules::Given {
        performed_by: request.performed_by.is_some(),
        performed_on: request.performed_on.is_some(),
        scheduled_date: request.scheduled_date.is_some(),
    };
    rules::flags_check(job, given)
}

/// The status named by `text` among the type's statuses for `target`.
async fn pick_status(
    ctx: &Ctx,
    cache: &mut HashMap<String, Vec<StatusEntry>>,
    job: &Job,
    target: LifeCycleState,
    text: &str,
) -> Result<JobStatusIdentifier, Outcome> {
    let Some(job_type) = job.job_type.as_ref() else {
        // No type to look the status up in: let the server judge the name.
        return Ok(JobStatusIdentifier::Name(text.to_owned()));
    };
    if !cache.contains_key(&job_type.id) {
        let list = ctx
            .client
            .statuses(&JobTypeIdentifier::Id(job_type.id.clone()), Some(target))
            .await
            .map_err(Outcome::Failed)?;
        cache.insert(job_type.id.clone(), list);
    }
    let offered = cache.get(&job_type.id).map_or(&[][..], Vec::as_slice);
    let wanted = text.to_lowercase();
    offered
        .iter()
        .map(|entry| &entry.status)
        .find(|s| {
            s.name.to_lowercase() == wanted
                || s.id == text
                || s.alternative_code
                    .as_deref()
                    .is_some_and(|c| c.to_lowercase() == wanted)
        })
        .map(|s| JobStatusIdentifier::Id(s.id.clone()))
        .ok_or_else(|| {
            let names: Vec<&str> = offered.iter().map(|e| e.status.name.as_str()).collect();
            Outcome::NotSent(format!(
                "--status: {} ({kind} jobs offer: {})",
                rules::no_status_matches(text),
                names.join(", "),
                kind = job_type.name,
            ))
        })
}

/// The one place an action is sent: written to the outbox first, then delivered with
/// read-back reconciliation (`crate::outbox::deliver`); it stays there while unconfirmed.
async fn submit(ctx: &Ctx, action: Action, baseline: Option<Baseline>) -> Outcome {
    let outbox = match ctx.outbox() {
        Ok(outbox) => outbox,
        Err(failure) => return Outcome::NotSent(failure.message),
    };
    let entry = match outbox.add(&Entry::new(&ctx.owner(), action, baseline)) {
        Ok(entry) => entry,
        Err(error) => return Outcome::NotSent(format!("cannot write the outbox: {error}")),
    };
    outcome_of(crate::outbox::deliver(&ctx.client, &outbox, entry).await)
}

pub(super) fn outcome_of(delivery: Delivery) -> Outcome {
    match delivery {
        Delivery::Applied(job) => Outcome::Applied(Box::new(job), "applied"),
        Delivery::AlreadyApplied(job) => Outcome::Applied(Box::new(job), "already_applied"),
        Delivery::Refused { error, .. } => Outcome::Failed(error),
        Delivery::Conflict { entry, why, .. } => Outcome::Conflict(entry.id, why),
        Delivery::Waiting { entry, error } => Outcome::Waiting(entry.id, error),
    }
}
