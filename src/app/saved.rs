//! The job cache seen from the model: the saved rows asked for at start, shown (marked as
//! saved) until the server answers, and what is saved on the way out.

use chrono::{DateTime, Utc};

use super::jobs::JobList;
use super::{App, Command, Notice, RequestId};
use crate::jobcache::{SavedTab, TabToSave};
use crate::when::Zone;

/// Where the job cache stands in this run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum SavedJobs {
    /// No cache in this run (the demo, or `cache_jobs = false` in the profile).
    #[default]
    Off,
    /// To be read at start.
    Wanted,
    /// Being read by this request.
    Loading(RequestId),
    /// Read (or found unreadable): what this run shows is saved on the way out.
    Read,
}

impl App {
    /// Has the saved rows read at start and this run's rows saved on the way out.
    pub fn keep_saved_jobs(&mut self) {
        self.saved_jobs = SavedJobs::Wanted;
    }

    /// The read of the job cache, once, at start.
    pub(super) fn load_saved_jobs(&mut self) -> Vec<Command> {
        if self.saved_jobs != SavedJobs::Wanted {
            return Vec::new();
        }
        let id = self.next_request();
        self.saved_jobs = SavedJobs::Loading(id);
        vec![Command::LoadSavedJobs { id }]
    }

    /// The saved rows arrived: each tab the server has not answered yet shows them.
    pub(super) fn saved_jobs_answer(
        &mut self,
        id: RequestId,
        result: Result<Vec<SavedTab>, String>,
    ) -> Vec<Command> {
        if self.saved_jobs != SavedJobs::Loading(id) {
            return self.unchanged();
        }
        self.saved_jobs = SavedJobs::Read;
        let tabs = match result {
            Ok(tabs) => tabs,
            Err(why) => {
                self.notice = Some(Notice::Error(why));
                return Vec::new();
            }
        };
        for saved in tabs {
            if let Some(tab) = self.tabs.iter_mut().find(|t| t.state == saved.state) {
                tab.take_saved(saved.jobs, saved.saved_at, saved.complete, &mut self.filter);
            }
        }
        let rows = self.list_rows();
        self.tab_mut().scroll_into_view(rows);
        // An error already on screen (the server cannot be reached) says more than this.
        if let (Some(at), None | Some(Notice::Info(_))) = (self.tab().saved_at(), &self.notice) {
            self.notice = Some(Notice::Info(format!(
                "showing the jobs saved {} until the server answers",
                saved_label(at, self.clock, self.zone)
            )));
        }
        Vec::new()
    }

    /// The tabs to save on the way out; `None` while there is no cache or it is still being
    /// read (saving then would replace the saved rows with fewer).
    #[must_use]
    pub fn tabs_to_save(&self) -> Option<Vec<TabToSave<'_>>> {
        (self.saved_jobs == SavedJobs::Read)
            .then(|| self.tabs.iter().filter_map(JobList::to_save).collect())
    }
}

/// When rows were saved, as the header and notices say it in `zone`: the time alone on
/// `now`'s day, the day and time before.
#[must_use]
pub fn saved_label(at: DateTime<Utc>, now: DateTime<Utc>, zone: Zone) -> String {
    if zone.date_of(at) == zone.date_of(now) {
        zone.format(at, "%H:%M")
    } else {
        zone.format(at, "%d %b %H:%M")
    }
}
