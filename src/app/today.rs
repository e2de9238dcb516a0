//! "Completed today by you": the jobs this user completed since midnight in the app's zone,
//! read from the audit log after each login and added to as this session's completions are
//! confirmed. The day is given by the app (its clock and zone), never read here.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::api::job::Job;
use crate::api::model::LifeCycleState;

/// The job numbers completed today by the user, for the overview strip.
#[derive(Debug, Default, Clone)]
pub struct CompletedToday {
    /// The day the numbers belong to; another day starts the count afresh.
    day: Option<NaiveDate>,
    /// Numbers, so a job confirmed twice (a lost answer read back) counts once.
    jobs: BTreeSet<String>,
}

impl CompletedToday {
    /// Adds the numbers the audit log shows completed on `today`.
    pub fn add_all(&mut self, today: NaiveDate, jobs: impl IntoIterator<Item = String>) {
        self.roll(today);
        self.jobs.extend(jobs);
    }

    /// Counts `job` when the server returned it completed after one of this user's actions.
    pub fn record(&mut self, job: &Job, today: NaiveDate) {
        if job.life_cycle_state != LifeCycleState::Completed {
            return;
        }
        self.roll(today);
        self.jobs.insert(job.number.clone());
    }

    /// How many jobs were completed on `today`.
    #[must_use]
    pub fn count(&self, today: NaiveDate) -> usize {
        if self.day == Some(today) {
            self.jobs.len()
        } else {
            0
        }
    }

    fn roll(&mut self, today: NaiveDate) {
        if self.day != Some(today) {
            self.day = Some(today);
            self.jobs.clear();
        }
    }
}
