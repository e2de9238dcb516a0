//! The jobs and their indexes.
//!
//! Jobs are kept in creation order (the seed creates them oldest first, and new ones are never
//! added), so every index is a list of positions in ascending order and "newest created
//! first" is simply reading it backwards: a page costs its own length, not a sort of all jobs.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::org::Org;
use crate::api::job::{Job, UserDefinedFields};
use crate::api::model::{AssignedTo, LifeCycleState, LogInformation, RatingState};

/// One job as the stand-in stores it: references into the organisation rather than copies.
#[derive(Debug, Clone)]
pub(crate) struct JobRec {
    pub(crate) id: String,
    pub(crate) number: String,
    pub(crate) description: String,
    pub(crate) notes: Option<String>,
    pub(crate) receivable: usize,
    pub(crate) job_type: usize,
    pub(crate) status: usize,
    pub(crate) state: LifeCycleState,
    pub(crate) rating: RatingState,
    pub(crate) start_date: Option<DateTime<Utc>>,
    pub(crate) expected_completion_date: Option<DateTime<Utc>>,
    pub(crate) actual_completed_date: Option<DateTime<Utc>>,
    pub(crate) expiration_date: Option<DateTime<Utc>>,
    pub(crate) scheduled_date: Option<DateTime<Utc>>,
    pub(crate) assignee: Option<usize>,
    pub(crate) unit: usize,
    pub(crate) created: DateTime<Utc>,
    pub(crate) created_by: usize,
    pub(crate) created_by_unit: usize,
    pub(crate) updated: DateTime<Utc>,
    pub(crate) updated_by: usize,
    pub(crate) updated_by_unit: usize,
    pub(crate) udf: UserDefinedFields,
    /// The subscription action rules of the billing term block immediate execution.
    pub(crate) requires_scheduled_date: bool,
    /// Who did the work and when, as `complete` reported it (`NEW_SUBSCRIPTION`).
    pub(crate) performed: Option<(usize, DateTime<Utc>)>,
    pub(crate) cancellation_reason: Option<usize>,
    pub(crate) cancel_provided_items: bool,
    /// Actions applied since the server started (tests count exactly-once delivery).
    pub(crate) applied: usize,
}

/// Which jobs a list asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selection {
    /// All jobs in a state.
    State(LifeCycleState),
    /// Jobs of a type in a state.
    StateType(LifeCycleState, usize),
    /// Jobs of an accounts receivable in a state.
    StateReceivable(LifeCycleState, usize),
    /// All jobs of a type.
    Type(usize),
    /// All jobs of an accounts receivable.
    Receivable(usize),
}

fn state_no(state: LifeCycleState) -> usize {
    match state {
        LifeCycleState::Draft => 0,
        LifeCycleState::Pending => 1,
        LifeCycleState::InProgress => 2,
        LifeCycleState::Completed => 3,
        LifeCycleState::Cancelled => 4,
    }
}

/// All jobs with their lookup tables and newest-first indexes.
#[derive(Debug, Default)]
pub(crate) struct Jobs {
    recs: Vec<JobRec>,
    by_number: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    types: usize,
    receivables: usize,
    by_state: Vec<Vec<u32>>,
    by_type: Vec<Vec<u32>>,
    by_receivable: Vec<Vec<u32>>,
    by_state_type: Vec<Vec<u32>>,
    by_state_receivable: Vec<Vec<u32>>,
}

/// Adds `at` to an ascending list, keeping it sorted.
fn insert_sorted(list: &mut Vec<u32>, at: u32) {
    if let Err(slot) = list.binary_search(&at) {
        list.insert(slot, at);
    }
}

/// Removes `at` from an ascending list.
fn remove_sorted(list: &mut Vec<u32>, at: u32) {
    if let Ok(slot) = list.binary_search(&at) {
        list.remove(slot);
    }
}

impl Jobs {
    /// Empty storage for an organisation with `types` job types and `receivables` accounts.
    pub(crate) fn new(types: usize, receivables: usize) -> Self {
        Self {
            types,
            receivables,
            by_state: vec![Vec::new(); 5],
            by_type: vec![Vec::new(); types],
            by_receivable: vec![Vec::new(); receivables],
            by_state_type: vec![Vec::new(); 5 * types],
            by_state_receivable: vec![Vec::new(); 5 * receivables],
            ..Self::default()
        }
    }

    /// Adds a job created after every job already stored.
    pub(crate) fn push(&mut self, rec: JobRec) {
        let at = self.recs.len();
        let key = u32::try_from(at).unwrap_or(u32::MAX);
        let s = state_no(rec.state);
        self.by_state[s].push(key);
        self.by_type[rec.job_type].push(key);
        self.by_receivable[rec.receivable].push(key);
        self.by_state_type[s * self.types + rec.job_type].push(key);
        self.by_state_receivable[s * self.receivables + rec.receivable].push(key);
        self.by_number.insert(rec.number.clone(), at);
        self.by_id.insert(rec.id.clone(), at);
        self.recs.push(rec);
    }

    /// The job at a position.
    pub(crate) fn get(&self, at: usize) -> &JobRec {
        &self.recs[at]
    }

    /// The job at a position, to change; a change of state goes through [`Jobs::set_state`].
    pub(crate) fn get_mut(&mut self, at: usize) -> &mut JobRec {
        &mut self.recs[at]
    }

    /// The position of the job with this number.
    pub(crate) fn by_number(&self, number: &str) -> Option<usize> {
        self.by_number.get(number).copied()
    }

    /// The position of the job with this id.
    pub(crate) fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Moves a job to another state, keeping the state indexes right.
    pub(crate) fn set_state(&mut self, at: usize, state: LifeCycleState) {
        let key = u32::try_from(at).unwrap_or(u32::MAX);
        let rec = &self.recs[at];
        let (old, ty, ar) = (state_no(rec.state), rec.job_type, rec.receivable);
        let new = state_no(state);
        remove_sorted(&mut self.by_state[old], key);
        remove_sorted(&mut self.by_state_type[old * self.types + ty], key);
        remove_sorted(
            &mut self.by_state_receivable[old * self.receivables + ar],
            key,
        );
        insert_sorted(&mut self.by_state[new], key);
        insert_sorted(&mut self.by_state_type[new * self.types + ty], key);
        insert_sorted(
            &mut self.by_state_receivable[new * self.receivables + ar],
            key,
        );
        self.recs[at].state = state;
    }

    /// The positions a selection holds, oldest first.
    fn positions(&self, selection: Selection) -> &[u32] {
        match selection {
            Selection::State(s) => &self.by_state[state_no(s)],
            Selection::StateType(s, t) => &self.by_state_type[state_no(s) * self.types + t],
            Selection::StateReceivable(s, r) => {
                &self.by_state_receivable[state_no(s) * self.receivables + r]
            }
            Selection::Type(t) => &self.by_type[t],
            Selection::Receivable(r) => &self.by_receivable[r],
        }
    }

    /// One page of a selection, newest created first.
    pub(crate) fn page(&self, selection: Selection, offset: usize, size: usize) -> Vec<usize> {
        // `skip` on a reversed slice iterator jumps straight to the offset.
        self.positions(selection)
            .iter()
            .rev()
            .skip(offset)
            .take(size)
            .map(|&at| at as usize)
            .collect()
    }

    /// One page of the overdue jobs, newest created first: pending or in progress, expected
    /// to be completed before `now`. `of_state` gives the selection of one state (with the
    /// request's filter); the pending and in-progress lists are merged newest first.
    pub(crate) fn overdue_page(
        &self,
        of_state: impl Fn(LifeCycleState) -> Selection,
        now: DateTime<Utc>,
        offset: usize,
        size: usize,
    ) -> Vec<usize> {
        let mut pending = self
            .positions(of_state(LifeCycleState::Pending))
            .iter()
            .rev()
            .peekable();
        let mut started = self
            .positions(of_state(LifeCycleState::InProgress))
            .iter()
            .rev()
            .peekable();
        let newest_first = std::iter::from_fn(move || match (pending.peek(), started.peek()) {
            (Some(p), Some(s)) if p > s => pending.next(),
            (Some(_), Some(_)) | (None, _) => started.next(),
            (Some(_), None) => pending.next(),
        });
        newest_first
            .map(|&at| at as usize)
            .filter(|&at| {
                self.recs[at]
                    .expected_completion_date
                    .is_some_and(|expected| expected < now)
            })
            .skip(offset)
            .take(size)
            .collect()
    }

    /// How many actions were applied to the job with this number.
    pub(crate) fn applied_actions(&self, number: &str) -> usize {
        self.by_number(number).map_or(0, |at| self.recs[at].applied)
    }

    /// Sets the flag that makes `complete` demand a `scheduled_date`.
    pub(crate) fn set_requires_scheduled_date(&mut self, number: &str, required: bool) {
        if let Some(at) = self.by_number(number) {
            self.recs[at].requires_scheduled_date = required;
        }
    }

    /// Whether `complete` demands a `scheduled_date` for the job with this number.
    pub(crate) fn requires_scheduled_date(&self, number: &str) -> bool {
        self.by_number(number)
            .is_some_and(|at| self.recs[at].requires_scheduled_date)
    }

    /// The job as the wire carries it.
    pub(crate) fn render(&self, org: &Org, at: usize) -> Job {
        let rec = &self.recs[at];
        let receivable = &org.receivables[rec.receivable];
        Job {
            id: rec.id.clone(),
            number: rec.number.clone(),
            description: Some(rec.description.clone()),
            notes: rec.notes.clone(),
            contact_email: Some(receivable.email.clone()),
            contact_phone: Some(receivable.phone.clone()),
            life_cycle_state: rec.state.into(),
            rating_state: Some(rec.rating),
            start_date: rec.start_date,
            expected_completion_date: rec.expected_completion_date,
            actual_completed_date: rec.actual_completed_date,
            expiration_date: rec.expiration_date,
            scheduled_date: rec.scheduled_date,
            assigned_to: Some(Arc::new(AssignedTo {
                user: rec.assignee.map(|user| org.user_ref(user)),
                unit: Some(org.unit_ref(rec.unit)),
                business_unit: Some(org.business_unit_ref(rec.unit)),
            })),
            job_type: Some(Arc::new(org.types[rec.job_type].job_type.clone())),
            status: Some(Arc::new(org.statuses[rec.status].clone())),
            log_information: Some(LogInformation {
                created_date: Some(rec.created),
                updated_date: Some(rec.updated),
                created_by_user: Some(Arc::new(org.user_ref(rec.created_by))),
                updated_by_user: Some(Arc::new(org.user_ref(rec.updated_by))),
                created_by_unit: Some(Arc::new(org.unit_ref(rec.created_by_unit))),
                updated_by_unit: Some(Arc::new(org.unit_ref(rec.updated_by_unit))),
            }),
            udf: rec.udf.clone(),
            unreadable_dates: Vec::new(),
        }
    }
}
