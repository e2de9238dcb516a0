//! Start, complete and cancel: opening the form, feeding it what it needs, sending what it
//! asks, and moving the job the server returns to its new tab.

use crossterm::event::KeyEvent;

use super::keymap::Action;
use super::{App, Command, Connection, Notice, RequestId};
use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::api::model::{StatusEntry, User};

impl App {
    pub(super) fn open_form(&mut self, _action: Action) -> Vec<Command> {
        self.unchanged()
    }

    pub(super) fn form_action(&mut self, _action: Action) -> Vec<Command> {
        self.unchanged()
    }

    pub(super) fn form_text(&mut self, _key: KeyEvent) -> Vec<Command> {
        self.unchanged()
    }

    pub(super) fn statuses_answer(
        &mut self,
        _id: RequestId,
        _result: Result<Vec<StatusEntry>, ApiError>,
    ) -> Vec<Command> {
        self.unchanged()
    }

    pub(super) fn users_answer(
        &mut self,
        _id: RequestId,
        _result: Result<Vec<User>, ApiError>,
    ) -> Vec<Command> {
        self.unchanged()
    }

    pub(super) fn acted(&mut self, id: RequestId, result: Result<Job, ApiError>) -> Vec<Command> {
        if self.acting != Some(id) {
            return self.unchanged();
        }
        self.acting = None;
        match result {
            Ok(job) => self.show_returned_job(job),
            Err(error) => self.report("the action failed", &error),
        }
        Vec::new()
    }

    /// The job an action returned: shown in the detail pane, and moved to its new tab.
    fn show_returned_job(&mut self, job: Job) {
        self.session.connection = Connection::Online;
        let rows = self.list_rows();
        for tab in &mut self.tabs {
            if tab.state == job.life_cycle_state {
                tab.insert_front(job.clone(), &mut self.filter);
                tab.update_job(&job);
            } else {
                tab.remove(&job.number, &mut self.filter);
            }
            tab.scroll_into_view(rows);
        }
        let status = job.status.as_ref().map_or("", |s| s.name.as_str());
        self.notice = Some(Notice::Info(format!(
            "{} is now {} ({status})",
            job.number,
            job.life_cycle_state.label()
        )));
        self.detail.pin(job);
    }
}
