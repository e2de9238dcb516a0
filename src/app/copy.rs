//! Copy: `y` the job number, `Y` a one-line summary, to the clipboard of the terminal the
//! user sits at (OSC 52, which travels over SSH and through tmux). The escape itself is
//! written by the runtime on the terminal's writer (`Command::Copy`).

use super::keymap::Action;
use super::{App, Command, Notice};
use crate::api::job::Job;

/// One line that says what a job is: number, state, status, type, assignee, description.
#[must_use]
pub fn summary(job: &Job) -> String {
    let assignee = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| u.person_name.as_deref().or(u.username.as_deref()));
    let parts = [
        Some(job.number.as_str()),
        Some(job.life_cycle_state.label()),
        job.status.as_ref().map(|s| s.name.as_str()),
        job.job_type.as_ref().map(|t| t.name.as_str()),
        assignee,
        job.description.as_deref(),
    ];
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    // A clipboard line must stay one line whatever the description holds.
    parts.join(" · ").replace(['\n', '\r', '\t'], " ")
}

impl App {
    /// `y` / `Y`: copies the selected job's number or summary.
    pub(super) fn copy(&mut self, action: Action) -> Vec<Command> {
        let Some(job) = self.selected() else {
            self.notice = Some(Notice::Error("no job to copy".to_owned()));
            return Vec::new();
        };
        let (text, what) = if action == Action::CopySummary {
            (summary(job), format!("the summary of {}", job.number))
        } else {
            (job.number.clone(), job.number.clone())
        };
        self.notice = Some(Notice::Info(format!("copied {what} to the clipboard")));
        vec![Command::Copy { text }]
    }
}
