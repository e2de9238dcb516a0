//! Which open jobs are overdue or due today, judged by their expiration date and expected
//! completion date, and the counts the overview strip shows.

use chrono::{DateTime, Utc};

use super::jobs::JobList;
use crate::api::job::Job;
use crate::api::model::LifeCycleState;
use crate::when::Zone;

/// How urgent an open job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Its earliest deadline has passed.
    Overdue,
    /// Its earliest deadline is later today.
    Today,
}

/// Whether `job` is overdue or due today at `now`, the day counted in `zone`. Only pending
/// and in-progress jobs can be: the others are closed or not yet real.
#[must_use]
pub fn due(job: &Job, now: DateTime<Utc>, zone: Zone) -> Option<Due> {
    DueClock::at(now, zone).judge(job)
}

/// "Now" and the end of today, in UTC: judging a job is then two comparisons, with no time
/// zone asked per job (the overview judges every loaded job, maybe 100,000, when rows
/// change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueClock {
    now: DateTime<Utc>,
    /// The first moment of tomorrow in the zone: today is 23 or 25 hours long across a
    /// clock change, and where a change skips midnight, tomorrow starts when the clock resumes.
    tomorrow: DateTime<Utc>,
}

impl DueClock {
    /// The clock at `now`, the day counted in `zone`.
    #[must_use]
    pub fn at(now: DateTime<Utc>, zone: Zone) -> Self {
        let tomorrow = zone
            .date_of(now)
            .succ_opt()
            .and_then(|day| zone.start_of(day));
        Self {
            now,
            tomorrow: tomorrow.unwrap_or(DateTime::<Utc>::MAX_UTC),
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
    /// Counts the loaded jobs of `tabs` by `clock`.
    #[must_use]
    pub fn count(tabs: &[JobList], clock: DueClock) -> Self {
        let mut overview = Self::default();
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
        self.overview = Overview::count(&self.tabs, self.due_clock());
    }

    /// What "overdue" and "due today" are judged by: the last update's time, in the app's
    /// zone.
    #[must_use]
    pub fn due_clock(&self) -> DueClock {
        DueClock::at(self.clock, self.zone)
    }

    /// `!`: shows only the shown tab's jobs that are overdue or due today, or all again.
    pub(super) fn toggle_due_only(&mut self) -> Vec<super::Command> {
        self.clock = (self.now)();
        let rows = self.list_rows();
        let clock = self.due_clock();
        let tab = &mut self.tabs[self.current];
        let due_only = tab.due_only.is_none().then_some(clock);
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
    use chrono::TimeDelta;

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

    /// The definition the clock stands for: past is overdue, later on today's date in the
    /// zone is due today.
    fn by_the_calendar(deadline: DateTime<Utc>, now: DateTime<Utc>, zone: Zone) -> Option<Due> {
        if deadline < now {
            Some(Due::Overdue)
        } else if zone.date_of(deadline) == zone.date_of(now) {
            Some(Due::Today)
        } else {
            None
        }
    }

    #[test]
    fn the_clock_judges_as_the_calendar_does_over_three_days_in_any_zone() {
        // Far east and west of UTC, half-hour offsets, and days of a clock change (Berlin's
        // 29 Mar and 25 Oct 2026, St John's 8 Mar and 1 Nov 2026), late in the evening.
        let zones = [
            Zone::utc(),
            Zone::Named(chrono_tz::Pacific::Kiritimati),
            Zone::Named(chrono_tz::America::St_Johns),
            Zone::Named(chrono_tz::Asia::Kolkata),
            Zone::Named(chrono_tz::Europe::Berlin),
        ];
        let nows = [
            "2026-11-28T11:30:00Z",
            "2026-03-29T20:00:00Z",
            "2026-10-25T21:45:00Z",
            "2026-03-09T01:00:00Z",
            "2026-11-02T01:30:00Z",
        ];
        for zone in zones {
            for now in nows {
                let now: DateTime<Utc> = now.parse().expect("a test date");
                let clock = DueClock::at(now, zone);
                let start = now - TimeDelta::days(1);
                for step in 0..(3 * 24 * 60 / 7) {
                    let deadline = start + TimeDelta::minutes(7 * step);
                    let pending = job(LifeCycleState::Pending, deadline);
                    assert_eq!(
                        clock.judge(&pending),
                        by_the_calendar(deadline, now, zone),
                        "{zone:?} at {now}: {deadline}"
                    );
                    let closed = job(LifeCycleState::Completed, deadline);
                    assert_eq!(clock.judge(&closed), None, "closed jobs are never due");
                }
            }
        }
    }
}
