//! "Completed today by you": the jobs this user completed since local midnight, read from
//! the audit log after each login and added to as this session's completions are confirmed.

use std::collections::BTreeSet;

use chrono::{DateTime, Local, NaiveDate};

use crate::api::job::Job;
use crate::api::model::LifeCycleState;

/// The job numbers completed today by the user, for the overview strip.
#[derive(Debug, Default, Clone)]
pub struct CompletedToday {
    /// The local day the numbers belong to; another day starts the count afresh.
    day: Option<NaiveDate>,
    /// Numbers, so a job confirmed twice (a lost answer read back) counts once.
    jobs: BTreeSet<String>,
}

impl CompletedToday {
    /// Adds the numbers the audit log shows completed on `now`'s day.
    pub fn add_all(&mut self, now: DateTime<Local>, jobs: impl IntoIterator<Item = String>) {
        self.roll(now);
        self.jobs.extend(jobs);
    }

    /// Counts `job` when the server returned it completed after one of this user's actions.
    pub fn record(&mut self, job: &Job, now: DateTime<Local>) {
        if job.life_cycle_state != LifeCycleState::Completed {
            return;
        }
        self.roll(now);
        self.jobs.insert(job.number.clone());
    }

    /// How many jobs were completed on `now`'s day.
    #[must_use]
    pub fn count(&self, now: DateTime<Local>) -> usize {
        if self.day == Some(now.date_naive()) {
            self.jobs.len()
        } else {
            0
        }
    }

    fn roll(&mut self, now: DateTime<Local>) {
        let today = now.date_naive();
        if self.day != Some(today) {
            self.day = Some(today);
            self.jobs.clear();
        }
    }
}
