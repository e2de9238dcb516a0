//! Delivery of outbox entries: send once, and when the answer is lost read the job back and
//! decide from what the server holds, never by blind retries.
//!
//! Contract: the caller has [`Outbox::add`]ed the entry before calling [`deliver`], so the
//! action is durable before anything is sent. Before each send the entry's `attempts` is
//! counted up on disk; an entry with attempts may have reached the server, so its next
//! delivery starts by reading the job back. The entry leaves the outbox only when the outcome
//! is known: applied, already applied, or refused by the server.

use chrono::Utc;

use super::Outbox;
use super::entry::{Entry, EntryState, PendingAction};
use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::ident::JobStatusIdentifier;
use crate::api::job::Job;
use crate::api::model::JobStatus;
use crate::audit::Outcome;

/// How many sends one delivery makes at most when each answer is lost and the job reads
/// back unchanged; after that the entry waits for the backoff.
const MAX_SENDS: u32 = 3;

/// What became of an entry.
#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one value per delivery, moved once; boxing the job would only add an allocation"
)]
pub enum Delivery {
    /// The server applied the action and answered; the entry is gone.
    Applied(Job),
    /// The answer was lost, but the job read back shows the action applied; the entry is gone.
    AlreadyApplied(Job),
    /// The server refused the action; the entry is gone, the error says why.
    Refused {
        /// The entry as it was.
        entry: Entry,
        /// The server's answer.
        error: ApiError,
    },
    /// The job changed on the server otherwise; the entry stays, marked, for the user.
    Conflict {
        /// The entry as now stored.
        entry: Entry,
        /// The job as the server has it.
        job: Job,
        /// What changed, for people.
        why: String,
    },
    /// No answer could be had; the entry stays, waiting for its retry time.
    Waiting {
        /// The entry as now stored.
        entry: Entry,
        /// The last failure.
        error: ApiError,
    },
}

impl Delivery {
    /// Whether the action is known to be applied.
    #[must_use]
    pub fn is_done(&self) -> bool {
        matches!(self, Self::Applied(_) | Self::AlreadyApplied(_))
    }
}

/// How a failed send is treated.
enum Failure {
    /// It may have been applied: read the job back.
    Ambiguous,
    /// It certainly was not applied (not sent, or refused before the server acted on it).
    NotApplied,
    /// The server refused the action itself.
    Refused,
}

/// `renewed`: the client holds credentials, so after a dead token it logged in again.
fn classify(error: &ApiError, renewed: bool) -> Failure {
    match error {
        // A Decode after an action means it was accepted; reading back confirms it.
        ApiError::OutcomeUnknown { .. } | ApiError::Timeout(_) | ApiError::Decode(_) => {
            Failure::Ambiguous
        }
        // The token was dead and a new one is at hand: the job is read back before the
        // action goes again, never sent blindly.
        error if error.needs_login() && renewed => Failure::Ambiguous,
        // Refusals of the session, not of the action: the user logs in again, the action waits.
        error if error.is_auth_failure() => Failure::NotApplied,
        ApiError::Server { .. } => Failure::Refused,
        ApiError::Unreachable(_)
        | ApiError::UnexpectedResponse { .. }
        | ApiError::MethodMissing { .. }
        | ApiError::NotLoggedIn
        | ApiError::Config(_) => Failure::NotApplied,
    }
}

/// What the job read back says about the entry.
enum Verdict {
    /// The action is applied.
    Done(Job),
    /// The job is as the user saw it: the action is not applied.
    Unchanged,
    /// Something else happened to the job.
    Changed(Job, String),
}

/// Sends an entry already in the outbox and settles it as far as the server allows.
///
/// Never sends twice without reading the job back in between; sends at most [`MAX_SENDS`]
/// times. While it runs, [`settle`] and [`retry`] in this process leave the entry alone.
pub async fn deliver(client: &Client, outbox: &Outbox, entry: Entry) -> Delivery {
    let claim = outbox.claim(&entry.id);
    if claim.is_none() {
        tracing::warn!(entry = %entry.id, "an outbox entry is delivered twice at once");
    }
    let delivery = deliver_claimed(client, outbox, entry).await;
    drop(claim);
    delivery
}

async fn deliver_claimed(client: &Client, outbox: &Outbox, mut entry: Entry) -> Delivery {
    let mut last_error = None;
    for _ in 0..MAX_SENDS {
        if entry.attempts > 0 {
            match reconcile(client, &entry).await {
                Ok(Verdict::Done(job)) => {
                    return finish(outbox, &entry, Outcome::AlreadyApplied, job);
                }
                Ok(Verdict::Changed(job, why)) => return conflict(outbox, entry, job, why),
                Ok(Verdict::Unchanged) => {}
                // After a send whose answer was lost, a failed read-back leaves the outcome
                // unknown, whatever kept the read from the server: say so, not "unreachable".
                Err(error) if last_error.is_some() => {
                    let error = ApiError::OutcomeUnknown {
                        action: format!("{} {}", entry.action.verb(), entry.job()),
                        detail: format!("and the job could not be read back: {error}"),
                    };
                    return wait(outbox, entry, error);
                }
                Err(error) => return wait(outbox, entry, error),
            }
        }
        entry.attempts += 1;
        if let Err(error) = outbox.replace(&entry) {
            // Sending without the count on disk could skip the read-back after a crash.
            entry.attempts -= 1;
            return wait(outbox, entry, outbox_error(&error));
        }
        let error = match send(client, &entry.action).await {
            Ok(job) => return finish(outbox, &entry, Outcome::Applied, job),
            Err(error) => error,
        };
        match classify(&error, client.can_renew()) {
            Failure::Ambiguous => last_error = Some(error),
            Failure::NotApplied => return wait(outbox, entry, error),
            Failure::Refused => return refused(client, outbox, entry, error).await,
        }
    }
    let error = last_error.unwrap_or(ApiError::Unreachable("no answer".to_owned()));
    wait(outbox, entry, error)
}

/// Delivers every due entry of `owner`, oldest first (at start, and when the backoff says
/// so). Conflicts and entries whose retry time has not come are left alone.
///
/// # Errors
/// When the outbox cannot be read.
pub async fn settle(
    client: &Client,
    outbox: &Outbox,
    owner: &super::Owner,
) -> std::io::Result<Vec<Delivery>> {
    settle_where(client, outbox, owner, false).await
}

/// As [`settle`], with the waiting entries delivered now whatever their retry time: the
/// server answered again (a refresh, a login), so the backoff has nothing left to wait for.
///
/// # Errors
/// When the outbox cannot be read.
pub async fn settle_at_once(
    client: &Client,
    outbox: &Outbox,
    owner: &super::Owner,
) -> std::io::Result<Vec<Delivery>> {
    settle_where(client, outbox, owner, true).await
}

async fn settle_where(
    client: &Client,
    outbox: &Outbox,
    owner: &super::Owner,
    at_once: bool,
) -> std::io::Result<Vec<Delivery>> {
    let now = Utc::now();
    let mut results = Vec::new();
    for entry in outbox.list_for(owner)? {
        let due = entry.is_due(now) || (at_once && entry.is_waiting());
        if due && !outbox.is_busy(&entry.id) {
            results.push(deliver(client, outbox, entry).await);
        }
    }
    Ok(results)
}

/// Delivers one entry now, whatever its retry time. A conflict is the user saying "send
/// anyway": the job as the server now has it becomes the baseline, so the action is sent if
/// the job still allows it. `None` when the entry is gone or being delivered already.
///
/// # Errors
/// When the entry cannot be read or stored.
pub async fn retry(
    client: &Client,
    outbox: &Outbox,
    id: &super::EntryId,
) -> std::io::Result<Option<Delivery>> {
    let Some(mut entry) = outbox.get(id)?.filter(|_| !outbox.is_busy(id)) else {
        return Ok(None);
    };
    if matches!(entry.state, EntryState::Conflict { .. }) {
        if let Ok(job) = client.show_job(entry.action.job()).await {
            entry.baseline = Some(super::Baseline::of(&job));
        }
        entry.state = EntryState::Queued;
        outbox.replace(&entry)?;
    }
    Ok(Some(deliver(client, outbox, entry).await))
}

async fn send(client: &Client, action: &PendingAction) -> Result<Job, ApiError> {
    action.send(client).await
}

/// Reads the job back and judges it against the entry.
async fn reconcile(client: &Client, entry: &Entry) -> Result<Verdict, ApiError> {
    let job = client.show_job(entry.action.job()).await?;
    Ok(judge(entry, job))
}

fn judge(entry: &Entry, job: Job) -> Verdict {
    let action = &entry.action;
    let status_ok = action
        .status()
        .is_none_or(|wanted| status_matches(wanted, job.status.as_deref()));
    if job.life_cycle_state == action.target_state() && status_ok {
        return Verdict::Done(job);
    }
    let unchanged = match &entry.baseline {
        Some(baseline) => baseline.matches(&job),
        None => job
            .life_cycle_state
            .known()
            .is_some_and(|state| action.source_states().contains(&state)),
    };
    if unchanged {
        return Verdict::Unchanged;
    }
    let status = job
        .status
        .as_ref()
        .map(|s| format!(" ({})", s.name))
        .unwrap_or_default();
    let same_state = entry
        .baseline
        .as_ref()
        .is_some_and(|baseline| baseline.life_cycle_state == job.life_cycle_state);
    let why = if same_state {
        // Same state: what changed is the job itself (its updated date moved).
        let by = job
            .log_information
            .as_ref()
            .and_then(|log| log.updated_by_user.as_ref()?.username.as_deref())
            .map(|user| format!(" by {user}"))
            .unwrap_or_default();
        format!(
            "{} was updated on the server{by} since it was loaded, before the {} was \
             confirmed: it is still {}{status}",
            entry.job(),
            action.verb(),
            job.life_cycle_state,
        )
    } else {
        format!(
            "{} changed on the server before the {} was confirmed: it is now {}{status}",
            entry.job(),
            action.verb(),
            job.life_cycle_state,
        )
    };
    Verdict::Changed(job, why)
}

fn status_matches(wanted: &JobStatusIdentifier, status: Option<&JobStatus>) -> bool {
    let Some(status) = status else { return false };
    match wanted {
        JobStatusIdentifier::Id(id) => &status.id == id,
        JobStatusIdentifier::Name(name) => status.name.eq_ignore_ascii_case(name),
        JobStatusIdentifier::AlternativeCode(code) => status
            .alternative_code
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(code)),
    }
}

/// A refusal after an earlier send whose answer was lost may be the earlier send's doing
/// (e.g. "not in progress" because it completed the job): read back before believing it.
async fn refused(client: &Client, outbox: &Outbox, entry: Entry, error: ApiError) -> Delivery {
    if entry.attempts > 1 {
        match reconcile(client, &entry).await {
            Ok(Verdict::Done(job)) => return finish(outbox, &entry, Outcome::AlreadyApplied, job),
            Ok(_) => {}
            Err(read_error) => return wait(outbox, entry, read_error),
        }
    }
    if let Err(io) = outbox.remove(&entry.id) {
        tracing::warn!(error = %io, "could not remove a refused outbox entry");
    }
    outbox.record(&entry, Outcome::Refused, None, Some(error.to_string()));
    Delivery::Refused { entry, error }
}

fn finish(outbox: &Outbox, entry: &Entry, outcome: Outcome, job: Job) -> Delivery {
    if let Err(error) = outbox.remove(&entry.id) {
        // The next delivery reads the job back and finds it done: no duplicate.
        tracing::warn!(%error, "could not remove a delivered outbox entry");
    }
    let status = job.status.as_ref().map(|s| s.name.clone());
    outbox.record(entry, outcome, status, None);
    if outcome == Outcome::Applied {
        Delivery::Applied(job)
    } else {
        Delivery::AlreadyApplied(job)
    }
}

fn conflict(outbox: &Outbox, mut entry: Entry, job: Job, why: String) -> Delivery {
    entry.state = EntryState::Conflict { why: why.clone() };
    store(outbox, &entry);
    outbox.record(&entry, Outcome::Conflict, None, Some(why.clone()));
    Delivery::Conflict { entry, job, why }
}

fn wait(outbox: &Outbox, mut entry: Entry, error: ApiError) -> Delivery {
    let failures = match &entry.state {
        EntryState::Waiting { failures, .. } => failures.saturating_add(1),
        _ => 1,
    };
    let delay = outbox.backoff().delay(failures);
    let retry_at = Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
    entry.state = EntryState::Waiting {
        error: error.to_string(),
        failures,
        retry_at,
    };
    store(outbox, &entry);
    outbox.record(&entry, Outcome::Waiting, None, Some(error.to_string()));
    Delivery::Waiting { entry, error }
}

/// Stores an entry's new state; a failure leaves the old state, which is still safe.
fn store(outbox: &Outbox, entry: &Entry) {
    if let Err(error) = outbox.replace(entry) {
        tracing::warn!(%error, "could not update an outbox entry");
    }
}

fn outbox_error(error: &std::io::Error) -> ApiError {
    ApiError::Config(format!("the outbox could not be written: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::StartParams;
    use crate::outbox::{Baseline, Owner};

    fn job(state: &str, updated: &str) -> Job {
        serde_json::from_value(serde_json::json!({
            "id": "J1", "number": "JB00012", "life_cycle_state": state,
            "log_information": {"updated_date": updated,
                                "updated_by_user": {"id": "U1", "username": "mkovacs"}}
        }))
        .unwrap()
    }

    fn entry_seeing(seen: &Job) -> Entry {
        let owner = Owner {
            profile: "p".into(),
            server: "s".into(),
            organisation: "o".into(),
            username: "u".into(),
        };
        let action = PendingAction::Start(StartParams {
            job: seen.identifier(),
            status: None,
        });
        Entry::new(&owner, action, Some(Baseline::of(seen)))
    }

    #[test]
    fn a_conflict_says_what_changed() {
        let seen = job("PENDING", "2026-12-01T09:00:00");
        let entry = entry_seeing(&seen);
        let Verdict::Changed(_, why) = judge(&entry, job("PENDING", "2026-12-01T10:00:00")) else {
            panic!("a change");
        };
        assert_eq!(
            why,
            "JB00012 was updated on the server by mkovacs since it was loaded, before the start \
             was confirmed: it is still PENDING"
        );
        let Verdict::Changed(_, why) = judge(&entry, job("CANCELLED", "2026-12-01T10:00:00"))
        else {
            panic!("a change");
        };
        assert!(why.ends_with("it is now CANCELLED"), "{why}");
        assert!(matches!(judge(&entry, seen), Verdict::Unchanged));
    }
}
