//! Bulk completion: `c` with marked jobs in progress opens one form whose status applies to
//! all of them. The picker offers the completion statuses common to every marked job's type
//! (or says why there is none) and "each type's default"; each job is then sent as its own
//! `Command::Complete`, and a result list shows each job's outcome, with "retry failed".

use std::collections::BTreeMap;

use super::keymap::Action;
use super::remote::Remote;
use super::{App, Command, Notice, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::ident::{JobStatusIdentifier, JobTypeIdentifier};
use crate::api::job::{CompleteParams, Job};
use crate::api::model::{LifeCycleState, StatusEntry};
use crate::outbox::Baseline;

/// What became of one job of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Not sent yet (the form is open).
    Ready,
    /// Sent by this request; no answer yet.
    Sending(RequestId),
    /// Completed, with this status.
    Completed(String),
    /// The server refused or could not be reached; the text says why.
    Failed(String),
    /// Not confirmed yet: the action waits in the outbox (unreachable server, or a conflict
    /// to settle there), so "retry failed" leaves it alone; the text says why.
    Queued(String),
}

/// One marked job and its outcome.
#[derive(Debug, Clone)]
pub struct Item {
    /// The job as loaded.
    pub job: Job,
    /// Where it stands.
    pub outcome: Outcome,
}

/// The bulk completion form and, once sent, its result list.
#[derive(Debug)]
pub struct Bulk {
    /// The marked jobs, in the tab's order.
    pub items: Vec<Item>,
    /// Each job type's completion statuses, by type name.
    types: BTreeMap<String, Remote<Vec<StatusEntry>>>,
    /// Status fetches awaited, with the type they are for.
    awaiting: Vec<(RequestId, String)>,
    /// The highlighted choice: 0 is "each type's default", then the common statuses.
    pub cursor: usize,
}

impl Bulk {
    /// The choices: `None` (each type's default), then the statuses common to every type.
    #[must_use]
    pub fn choices(&self) -> Vec<Option<&StatusEntry>> {
        let common = self.common().unwrap_or_default();
        std::iter::once(None)
            .chain(common.into_iter().map(Some))
            .collect()
    }

    /// The statuses every type offers (in the first type's order), once all are loaded.
    fn common(&self) -> Option<Vec<&StatusEntry>> {
        let lists: Vec<&Vec<StatusEntry>> = self
            .types
            .values()
            .map(Remote::loaded)
            .collect::<Option<_>>()?;
        let (first, rest) = lists.split_first()?;
        let shared = first.iter().filter(|e| {
            rest.iter()
                .all(|l| l.iter().any(|o| o.status.id == e.status.id))
        });
        Some(shared.collect())
    }

    /// What the form says about the statuses: loading, failed, or why none is common.
    #[must_use]
    pub fn status_note(&self) -> Option<String> {
        if let Some(error) = self.types.values().find_map(|r| match r {
            Remote::Failed(e) => Some(e.clone()),
            _ => None,
        }) {
            return Some(format!("could not load the statuses: {error}"));
        }
        let common = self.common()?;
        if !common.is_empty() {
            return None;
        }
        let names: Vec<&str> = self.types.keys().map(String::as_str).collect();
        Some(format!(
            "no completion status is common to {}; each job can get its type's default",
            names.join(", ")
        ))
    }

    /// Whether the statuses are still on their way.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        !self.awaiting.is_empty()
    }

    /// Whether the jobs have been sent (the result list shows).
    #[must_use]
    pub fn is_sent(&self) -> bool {
        self.items.iter().any(|i| i.outcome != Outcome::Ready)
    }

    /// How many jobs are still waiting for an answer.
    #[must_use]
    pub fn sending(&self) -> usize {
        let sending = |i: &&Item| matches!(i.outcome, Outcome::Sending(_));
        self.items.iter().filter(sending).count()
    }

    fn status_for(&self, choice: usize) -> Option<JobStatusIdentifier> {
        let entry = self.choices().get(choice).copied().flatten()?;
        Some(JobStatusIdentifier::Id(entry.status.id.clone()))
    }
}

fn type_name(job: &Job) -> String {
    job.job_type
        .as_ref()
        .map_or_else(|| "(no type)".to_owned(), |t| t.name.clone())
}

impl App {
    /// `c` with marks: the bulk form for the marked jobs, when they are in progress.
    pub(super) fn open_bulk(&mut self) -> Vec<Command> {
        let tab = self.tab();
        if tab.state != LifeCycleState::InProgress {
            let text = format!(
                "only jobs in progress can be completed; the {} marked here are {}",
                tab.marked(),
                tab.state.label()
            );
            self.notice = Some(Notice::Error(text));
            return Vec::new();
        }
        let items: Vec<Item> = tab
            .marked_jobs()
            .map(|job| Item {
                job: job.clone(),
                outcome: Outcome::Ready,
            })
            .collect();
        let mut types = BTreeMap::new();
        let mut wanted = Vec::new();
        for item in &items {
            let name = type_name(&item.job);
            if types.insert(name.clone(), Remote::Loading).is_none() {
                wanted.push((name, item.job.job_type.clone()));
            }
        }
        let mut bulk = Bulk {
            items,
            types,
            awaiting: Vec::new(),
            cursor: 0,
        };
        let mut commands = Vec::new();
        for (name, job_type) in wanted {
            let Some(job_type) = job_type.filter(|t| !t.id.is_empty()) else {
                bulk.types.insert(name, Remote::Loaded(Vec::new()));
                continue;
            };
            let id = self.next_request();
            bulk.awaiting.push((id, name));
            commands.push(Command::FetchStatuses {
                id,
                job_type: JobTypeIdentifier::Id(job_type.id.clone()),
                state: LifeCycleState::Completed,
            });
        }
        self.overlay = Overlay::Bulk(Box::new(bulk));
        commands
    }

    fn bulk_mut(&mut self) -> Option<&mut Bulk> {
        match &mut self.overlay {
            Overlay::Bulk(bulk) => Some(bulk),
            _ => None,
        }
    }

    /// A status list for the bulk form; false when the form did not ask for it.
    pub(super) fn bulk_statuses(
        &mut self,
        id: RequestId,
        result: &Result<Vec<StatusEntry>, ApiError>,
    ) -> bool {
        let Some(bulk) = self.bulk_mut() else {
            return false;
        };
        let Some(at) = bulk.awaiting.iter().position(|(r, _)| *r == id) else {
            return false;
        };
        let (_, name) = bulk.awaiting.remove(at);
        let remote = match result {
            Ok(entries) => Remote::Loaded(entries.clone()),
            Err(error) => Remote::Failed(error.to_string()),
        };
        bulk.types.insert(name, remote);
        true
    }

    /// Keys in the bulk form and its result list.
    pub(super) fn bulk_action(&mut self, action: Action) -> Vec<Command> {
        let Some(bulk) = self.bulk_mut() else {
            return Vec::new();
        };
        let last = bulk.choices().len().saturating_sub(1);
        match action {
            Action::Down if !bulk.is_sent() => bulk.cursor = (bulk.cursor + 1).min(last),
            Action::Up if !bulk.is_sent() => bulk.cursor = bulk.cursor.saturating_sub(1),
            Action::Submit if !bulk.is_sent() && bulk.is_loading() => {
                let text = "the statuses are still loading".to_owned();
                self.notice = Some(Notice::Error(text));
            }
            Action::Submit if !bulk.is_sent() => return self.send_bulk(),
            Action::Refresh if bulk.is_sent() && bulk.sending() == 0 => return self.send_bulk(),
            Action::Back if bulk.sending() == 0 => self.overlay = Overlay::None,
            _ => return self.unchanged(),
        }
        Vec::new()
    }

    /// Sends every job not yet completed (all at first, the failed ones on a retry), each
    /// as its own action, with the chosen status.
    fn send_bulk(&mut self) -> Vec<Command> {
        let Some(bulk) = self.bulk_mut() else {
            return Vec::new();
        };
        let status = bulk.status_for(bulk.cursor);
        let todo: Vec<(usize, CompleteParams, Baseline)> = bulk
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| matches!(i.outcome, Outcome::Ready | Outcome::Failed(_)))
            .map(|(index, item)| {
                let params = CompleteParams {
                    status: status.clone(),
                    ..CompleteParams::new(item.job.identifier())
                };
                (index, params, Baseline::of(&item.job))
            })
            .collect();
        let mut commands = Vec::with_capacity(todo.len());
        for (index, params, baseline) in todo {
            let id = self.next_request();
            if let Some(bulk) = self.bulk_mut() {
                bulk.items[index].outcome = Outcome::Sending(id);
            }
            // The job as loaded is the baseline: one changed on the server meanwhile is not
            // sent, and shows as failed with the reason.
            commands.push(Command::Complete {
                id,
                params,
                baseline: Some(baseline),
            });
        }
        self.notice = Some(Notice::Info(format!("completing {} jobs…", commands.len())));
        commands
    }

    /// An outbox answer (queued, or a conflict) for the bulk form; false when it is not one
    /// of the batch. A conflict before sending is `Failed` (nothing was sent, so retrying is
    /// safe once the user has looked); anything kept in the outbox is `Queued`.
    pub(super) fn bulk_outbox_answer(&mut self, id: RequestId, outcome: Outcome) -> bool {
        let Some(bulk) = self.bulk_mut() else {
            return false;
        };
        let Some(item) = bulk
            .items
            .iter_mut()
            .find(|i| i.outcome == Outcome::Sending(id))
        else {
            return false;
        };
        item.outcome = outcome;
        if bulk.sending() == 0 {
            self.notice = Some(Notice::Error(
                "bulk completion done: some jobs wait in the outbox (o) or failed".to_owned(),
            ));
        }
        true
    }

    /// A batch job changed on the server: a retry is checked against the job as now seen
    /// (as a second submit is in the single form), not against the one first loaded, which
    /// would conflict again for ever.
    pub(super) fn bulk_rebase(&mut self, job: &Job) {
        let Some(bulk) = self.bulk_mut() else {
            return;
        };
        if let Some(item) = bulk.items.iter_mut().find(|i| i.job.number == job.number) {
            item.job = job.clone();
        }
    }

    /// An action's answer for the bulk form; false when it is not one of the batch.
    pub(super) fn bulk_acted(&mut self, id: RequestId, result: &Result<Job, ApiError>) -> bool {
        let Some(bulk) = self.bulk_mut() else {
            return false;
        };
        let Some(item) = bulk
            .items
            .iter_mut()
            .find(|i| i.outcome == Outcome::Sending(id))
        else {
            return false;
        };
        item.outcome = match result {
            Ok(job) => Outcome::Completed(
                job.status
                    .as_ref()
                    .map_or_else(String::new, |s| s.name.clone()),
            ),
            Err(error) => Outcome::Failed(error.to_string()),
        };
        let left = bulk.sending();
        let failed = bulk
            .items
            .iter()
            .filter(|i| matches!(i.outcome, Outcome::Failed(_)))
            .count();
        if let Ok(job) = result {
            self.move_job(job);
        } else if let Err(error) = result {
            self.session.connection = super::Connection::after_error(error);
        }
        if left == 0 {
            let text = format!("bulk completion done: {failed} failed");
            self.notice = Some(if failed == 0 {
                Notice::Info(text)
            } else {
                Notice::Error(text)
            });
        }
        true
    }

    /// A job an action returned leaves its old tab and joins its new one.
    fn move_job(&mut self, job: &Job) {
        self.session.connection = super::Connection::Online;
        let today = self.day_now();
        self.completed_today.record(job, today);
        self.place_job(job);
    }
}
