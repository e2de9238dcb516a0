//! The detail of one job: the full view on Enter, and the job an action returned, which the
//! detail pane shows until the cursor moves.

use super::keymap::Action;
use super::remote::Remote;
use super::{App, Command, Connection, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::job::Job;

/// The job fetched for the full detail, or returned by an action.
#[derive(Debug, Default)]
pub struct Detail {
    /// The job this is about.
    number: Option<String>,
    /// The fetched or returned job.
    pub job: Remote<Job>,
    /// The fetch whose answer is awaited; others are stale.
    pending: Option<RequestId>,
    /// Lines scrolled in the full view.
    pub scroll: u16,
    /// Whether the job is shown whatever the cursor is on (an action's result).
    pinned: bool,
}

impl Detail {
    /// The job the detail pane shows: the pinned action result, else the fetched copy of
    /// the selected job, else the selected row as the list loaded it.
    #[must_use]
    pub fn shown<'a>(&'a self, selected: Option<&'a Job>) -> Option<&'a Job> {
        let fetched = self.job.loaded();
        if self.pinned {
            return fetched.or(selected);
        }
        match (fetched, selected) {
            (Some(job), Some(row)) if job.number == row.number => Some(job),
            (_, row) => row,
        }
    }

    /// Whether the full detail is still being fetched.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.job.is_loading()
    }

    /// Stops showing an action's result: the cursor moved.
    pub fn unpin(&mut self) {
        self.pinned = false;
    }

    /// Shows a job an action returned.
    pub fn pin(&mut self, job: Job) {
        self.number = Some(job.number.clone());
        self.job = Remote::Loaded(job);
        self.pending = None;
        self.pinned = true;
    }
}

impl App {
    /// Opens the full detail of the selected job and fetches a fresh copy.
    pub(super) fn open_detail(&mut self) -> Vec<Command> {
        let Some(job) = self.selected().map(Job::identifier) else {
            return self.unchanged();
        };
        self.overlay = Overlay::Detail;
        self.detail.scroll = 0;
        self.detail.unpin();
        self.fetch_detail(job)
    }

    fn fetch_detail(&mut self, job: crate::api::ident::JobIdentifier) -> Vec<Command> {
        let id = self.next_request();
        self.detail.number = Some(job.value().to_owned());
        self.detail.job = Remote::Loading;
        self.detail.pending = Some(id);
        vec![Command::ShowJob { id, job }]
    }

    pub(super) fn detail_action(&mut self, action: Action) -> Vec<Command> {
        let scroll = &mut self.detail.scroll;
        match action {
            Action::Back => self.overlay = Overlay::None,
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll = scroll.saturating_add(10),
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = u16::MAX / 2,
            Action::Start | Action::Complete | Action::Cancel => return self.open_form(action),
            Action::Refresh => match self.selected().map(Job::identifier) {
                Some(job) => return self.fetch_detail(job),
                None => return self.unchanged(),
            },
            Action::Help => self.overlay = Overlay::Help(0),
            Action::Copy | Action::CopySummary => return self.copy(action),
            _ => return self.unchanged(),
        }
        Vec::new()
    }

    /// A fetched job. Dropped when another fetch was asked since, or when the job is no
    /// longer the selected one (the user moved on).
    pub(super) fn job_answer(
        &mut self,
        id: RequestId,
        result: Result<Job, ApiError>,
    ) -> Vec<Command> {
        let selected = self.selected().map(|j| j.number.clone());
        if self.detail.pending != Some(id) || self.detail.number != selected {
            return self.unchanged();
        }
        self.detail.pending = None;
        match result {
            Ok(job) => {
                self.session.connection = Connection::Online;
                for tab in &mut self.tabs {
                    tab.update_job(&job, &mut self.filter);
                }
                self.detail.job = Remote::Loaded(job);
            }
            Err(error) => {
                self.detail.job = Remote::Failed(error.to_string());
                self.report("loading the job", &error);
            }
        }
        Vec::new()
    }
}
