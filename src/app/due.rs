//! Which open jobs are overdue or due today, judged by their expiration date and expected
//! completion date, and the counts the overview strip shows.

use chrono::{DateTime, Local, TimeDelta, TimeZone, Utc};

use super::jobs::JobList;
use crate::api::job::Job;
use crate::api::model::LifeCycleState;

/// How urgent an open job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Its earliest deadline has passed.
    Overdue,
    /// Its earliest deadline is later today.
    Today,
}

/// Whether `job` is overdue or due today at `now`. Only pending and in-progress jobs can
/// be: the others are closed or not yet real.
#[must_use]
pub fn due(job: &Job, now: DateTime<Local>) -> Option<Due> {
    DueClock::at(now).judge(job)
}

/// "Now" and the end of today, in UTC: judging a job is then two comparisons, with no time
/// zone asked per job (the overview judges every loaded job, maybe 100,000, when rows
/// change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueClock {
    now: DateTime<Utc>,
    /// The first moment of tomorrow, local time.
    tomorrow: DateTime<Utc>,
}

impl DueClock {
    /// The clock at `now`.
    #[must_use]
    pub fn at(now: DateTime<Local>) -> Self {
        let midnight = now
            .date_naive()
            .succ_opt()
            .and_then(|day| day.and_hms_opt(0, 0, 0));
        // Where a clock change skips midnight, tomorrow starts when the clock resumes.
        let tomorrow = midnight.and_then(|m| {
            Local.from_local_datetime(&m).earliest().or_else(|| {
                Local
                    .from_local_datetime(&(m + TimeDelta::hours(1)))
                    .earliest()
            })
        });
        Self {
            now: now.with_timezone(&Utc),
            tomorrow: tomorrow.map_or(DateTime::<Utc>::MAX_UTC, |t| t.with_timezone(&Utc)),
        }
    }

    /// Whether `job` is overdue or due today.
    #[must_use]
    pub fn judge(&self, job: &Job) -> Option<Due> {
        if !matches!(
            job.life_cycle_state.known(),
            Some(LifeCycleState::Pending | LifeCycleState::InProgress)
        ) {
            return None;
        }
        let deadline = match (job.expiration_date, job.expected_completion_date) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        if deadline < self.now {
            Some(Due::Overdue)
        } else if deadline < self.tomorrow {
            Some(Due::Today)
        } else {
            None
        }
    }
}

/// The counts the overview strip shows, taken when the rows last changed (not per frame).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overview {
    /// Loaded open jobs past their deadline.
    pub overdue: usize,
    /// Loaded open jobs due later today.
    pub today: usize,
}

impl Overview {
    /// Counts the loaded jobs of `tabs` at `now`.
    #[must_use]
    pub fn count(tabs: &[JobList], now: DateTime<Local>) -> Self {
        let mut overview = Self::default();
        let clock = DueClock::at(now);
        for tab in tabs {
            for job in tab.rows() {
                match clock.judge(job) {
                    Some(Due::Overdue) => overview.overdue += 1,
                    Some(Due::Today) => overview.today += 1,
                    None => {}
                }
            }
        }
        overview
    }
}

impl super::App {
    /// Recounts the overview after the rows changed, at the current time.
    pub(super) fn recount(&mut self) {
        self.clock = (self.now)();
        self.overview = Overview::count(&self.tabs, self.clock);
    }

    /// `!`: shows only the shown tab's jobs that are overdue or due today, or all again.
    pub(super) fn toggle_due_only(&mut self) -> Vec<super::Command> {
        self.clock = (self.now)();
        let rows = self.list_rows();
        let now = self.clock;
        let tab = &mut self.tabs[self.current];
        let due_only = tab.due_only.is_none().then_some(now);
        tab.set_due_only(due_only, &mut self.filter);
        tab.scroll_into_view(rows);
        let text = if due_only.is_some() {
            format!("{} overdue or due today", tab.len())
        } else {
            "every job again".to_owned()
        };
        self.notice = Some(super::Notice::Info(text));
        self.detail.unpin();
        Vec::new()
    }
}

impl JobList {
    /// Whether only due jobs are shown.
    #[must_use]
    pub fn is_due_only(&self) -> bool {
        self.due_only.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: LifeCycleState, deadline: DateTime<Utc>) -> Job {
        let mut job: Job = serde_json::from_value(serde_json::json!({
            "number": "JB1",
            "life_cycle_state": "PENDING",
        }))
        .expect("a job");
        job.life_cycle_state = state.into();
        job.expiration_date = Some(deadline);
        job
    }

    /// The definition the clock stands for: past is overdue, later on today's local date is
    /// due today.
    fn by_the_calendar(deadline: DateTime<Utc>, now: DateTime<Local>) -> Option<Due> {
        if deadline < now {
            Some(Due::Overdue)
        } else if deadline.with_timezone(&Local).date_naive() == now.date_naive() {
            Some(Due::Today)
        } else {
            None
        }
    }

    #[test]
    fn the_clock_judges_as_the_calendar_does_over_three_days() {
        let now = Local::now();
        let clock = DueClock::at(now);
        let start = now.with_timezone(&Utc) - TimeDelta::days(1);
        for step in 0..(3 * 24 * 60 / 7) {
            let deadline = start + TimeDelta::minutes(7 * step);
            let pending = job(LifeCycleState::Pending, deadline);
            assert_eq!(
                clock.judge(&pending),
                by_the_calendar(deadline, now),
                "{deadline}"
            );
            let closed = job(LifeCycleState::Completed, deadline);
            assert_eq!(clock.judge(&closed), None, "closed jobs are never due");
        }
    }
}
