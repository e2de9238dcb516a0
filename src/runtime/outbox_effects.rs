//! The effects that go through the outbox: actions written durably before they are sent,
//! the settle after login and on the retry timer, retry and discard from the outbox view.
//! Each answers with one message; every change to the outbox is also reported
//! (`Msg::OutboxChanged`, before the answer) so the header count is never stale.

use tokio::sync::mpsc::UnboundedSender;

use crate::api::client::Client;
use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::app::outbox::Settled;
use crate::app::{Command, Msg, RequestId};
use crate::audit::Outcome;
use crate::outbox::{self, Baseline, Delivery, Entry, Outbox, Owner, PendingAction};

/// The outbox the effects write to, and whose entries they are.
#[derive(Clone, Debug)]
pub struct OutboxLink {
    /// The outbox.
    pub outbox: Outbox,
    /// The profile and account in use: only its entries are settled.
    pub owner: Owner,
    /// The zone the app shows dates in: a message naming a date says it the same way.
    pub zone: crate::when::Zone,
}

impl OutboxLink {
    /// Sends this profile's entries to the app.
    /// Tells the app an audit write failed, if one did. Sent after the command's own answer,
    /// so the warning is the last word on the status line.
    pub(super) fn report_audit_failure(&self, reply: &UnboundedSender<Msg>) {
        if let Some(why) = self.outbox.take_audit_failure() {
            let _ = reply.send(Msg::AuditUnwritten(why));
        }
    }

    fn report(&self, reply: &UnboundedSender<Msg>) {
        match self.outbox.list_for(&self.owner) {
            Ok(entries) => {
                let _ = reply.send(Msg::OutboxChanged(entries));
            }
            Err(error) => tracing::warn!(%error, "could not read the outbox"),
        }
    }

    /// Sends the app what the audit log shows this account completed since `midnight` (the
    /// start of the app's today, in its zone: the app's clock and zone decide the day, not
    /// this machine's). Read here, after a settle, so the start never waits on a log that
    /// only grows.
    fn report_completed_today(
        &self,
        midnight: chrono::DateTime<chrono::Utc>,
        reply: &UnboundedSender<Msg>,
    ) {
        let Some(audit) = self.outbox.audit_path() else {
            return;
        };
        match crate::audit::completed_since(audit, &self.owner, midnight) {
            Ok(jobs) => {
                let _ = reply.send(Msg::CompletedToday(jobs));
            }
            Err(error) => tracing::warn!(%error, "could not read the audit log"),
        }
    }
}

/// Carries out an outbox command; gives the command back when it is not one.
pub(super) async fn execute(
    client: &Client,
    link: &OutboxLink,
    command: Command,
    reply: &UnboundedSender<Msg>,
) -> Result<Msg, Command> {
    let msg = match command {
        Command::Start {
            id,
            params,
            baseline,
        } => {
            act(
                client,
                link,
                id,
                PendingAction::Start(params),
                baseline,
                reply,
            )
            .await
        }
        Command::Complete {
            id,
            params,
            baseline,
        } => {
            let action = PendingAction::Complete(params);
            match changed_since_loaded(client, link, &action, baseline.as_ref()).await {
                Some((job, why)) => Msg::ActionConflict { id, job, why },
                None => act(client, link, id, action, baseline, reply).await,
            }
        }
        Command::Cancel {
            id,
            params,
            baseline,
        } => {
            act(
                client,
                link,
                id,
                PendingAction::Cancel(params),
                baseline,
                reply,
            )
            .await
        }
        other => return manage(client, link, other, reply).await,
    };
    Ok(msg)
}

/// Settle, retry and discard; gives the command back when it is none of them.
async fn manage(
    client: &Client,
    link: &OutboxLink,
    command: Command,
    reply: &UnboundedSender<Msg>,
) -> Result<Msg, Command> {
    let msg = match command {
        Command::SettleOutbox { id, at_once, since } => {
            let settled = if at_once {
                outbox::settle_at_once(client, &link.outbox, &link.owner).await
            } else {
                outbox::settle(client, &link.outbox, &link.owner).await
            };
            let results = match settled {
                Ok(deliveries) => deliveries.into_iter().map(Settled::of).collect(),
                Err(error) => vec![Settled::failed(&io_error(&error))],
            };
            link.report(reply);
            link.report_completed_today(since, reply);
            Msg::Settled { id, results }
        }
        Command::RetryEntry { id, entry } => {
            let results = match outbox::retry(client, &link.outbox, &entry).await {
                Ok(delivery) => delivery.into_iter().map(Settled::of).collect(),
                Err(error) => vec![Settled::failed(&io_error(&error))],
            };
            link.report(reply);
            Msg::Settled { id, results }
        }
        Command::DiscardEntry { id, entry } => {
            let result = match link.outbox.discard(&entry) {
                Ok(entry) => discarded(&entry),
                Err(error) => Settled::failed(&io_error(&error)),
            };
            link.report(reply);
            Msg::Settled {
                id,
                results: vec![result],
            }
        }
        other => return Err(other),
    };
    Ok(msg)
}

/// Writes the action to the outbox, then delivers it.
async fn act(
    client: &Client,
    link: &OutboxLink,
    id: RequestId,
    action: PendingAction,
    baseline: Option<Baseline>,
    reply: &UnboundedSender<Msg>,
) -> Msg {
    let entry = Entry::new(&link.owner, action, baseline);
    let entry = match link.outbox.add(&entry) {
        Ok(entry) => entry,
        Err(error) => {
            // Not durable, so not sent: the form keeps the values and shows why.
            let error = ApiError::Config(format!(
                "the action was not sent because the outbox could not be written: {error}"
            ));
            return Msg::Acted {
                id,
                result: Err(error),
            };
        }
    };
    link.report(reply);
    let delivery = outbox::deliver(client, &link.outbox, entry).await;
    link.report(reply);
    match delivery {
        Delivery::Applied(job) | Delivery::AlreadyApplied(job) => Msg::Acted {
            id,
            result: Ok(job),
        },
        Delivery::Refused { error, .. } => Msg::Acted {
            id,
            result: Err(error),
        },
        Delivery::Conflict { job, why, .. } => Msg::ActionConflict {
            id,
            job: Box::new(job),
            why,
        },
        // Refused for the token on its only send: the server did nothing, so the entry goes
        // and the command is answered as refused; the app holds it, asks for the password
        // and sends it again (a new entry) with the form still open.
        Delivery::Waiting { entry, error } if error.needs_login() && entry.attempts <= 1 => {
            if let Err(io) = link.outbox.remove(&entry.id) {
                tracing::warn!(error = %io, "could not remove an outbox entry refused for the token");
                return Msg::ActionQueued { id, entry, error };
            }
            link.report(reply);
            Msg::Acted {
                id,
                result: Err(error),
            }
        }
        Delivery::Waiting { entry, error } => Msg::ActionQueued { id, entry, error },
    }
}

/// Reads the job before completing it: the job and what changed, when the server's job is
/// not the one the user loaded. A failed read says nothing (the delivery copes with it).
async fn changed_since_loaded(
    client: &Client,
    link: &OutboxLink,
    action: &PendingAction,
    baseline: Option<&Baseline>,
) -> Option<(Box<Job>, String)> {
    let baseline = baseline?;
    let job = client.show_job(action.job()).await.ok()?;
    if baseline.matches(&job) {
        return None;
    }
    let what = if job.life_cycle_state == baseline.life_cycle_state {
        format!(
            "was updated {}",
            crate::ui::long_time(job.updated_date(), link.zone)
        )
    } else {
        format!("is now {}", job.life_cycle_state.label())
    };
    let why = format!(
        "{} changed on the server since it was loaded: it {what}",
        job.number
    );
    Some((Box::new(job), why))
}

fn discarded(entry: &Entry) -> Settled {
    Settled {
        outcome: Outcome::Discarded,
        message: format!(
            "discarded the {} of {}: it will not be sent",
            entry.action.verb(),
            entry.job()
        ),
        job: None,
        needs_login: false,
    }
}

fn io_error(error: &std::io::Error) -> ApiError {
    ApiError::Config(error.to_string())
}
