//! Drafts in the app. The open completion form's values are saved whenever they changed
//! since the last save, at most once per frame (the runtime asks for the save just before it
//! draws: no timer), and forgotten when the form is sent and confirmed or left on purpose.
//! Drafts found at start are offered back one by one after the login: `y` fetches the job
//! afresh and reopens its form with the values, `n` discards the draft, `Esc` keeps it for
//! the next start. All file work is done by the effect runner (`Command::SaveDraft`,
//! `Command::RemoveDraft`).

use super::form::{ActionForm, FormKind};
use super::keymap::Action;
use super::{App, Command, Notice, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::ident::JobIdentifier;
use crate::api::job::Job;
use crate::api::model::LifeCycleState;
use crate::drafts::{Draft, DraftValues};

/// The drafts the app knows of.
#[derive(Debug, Default)]
pub struct DraftState {
    /// Drafts found at start (set by launch), offered one by one after the login.
    pub found: Vec<Draft>,
    /// The draft on offer.
    offer: Option<Draft>,
    /// The fetch of a draft's job, to reopen its form.
    restoring: Option<(RequestId, Draft)>,
    /// The open form's values as last saved (job number, values).
    saved: Option<(String, DraftValues)>,
}

impl DraftState {
    /// The draft on offer, if any.
    #[must_use]
    pub fn offer(&self) -> Option<&Draft> {
        self.offer.as_ref()
    }
}

impl App {
    /// Offers the next draft found at start, if any.
    pub(super) fn offer_next_draft(&mut self) {
        if self.drafts.found.is_empty() {
            self.drafts.offer = None;
            return;
        }
        let draft = self.drafts.found.remove(0);
        self.notice = Some(Notice::Info(format!(
            "a draft of the completion of {} was kept: restore it?",
            draft.job
        )));
        self.drafts.offer = Some(draft);
    }

    /// Keys while a draft is on offer.
    pub(super) fn draft_action(&mut self, action: Action) -> Vec<Command> {
        let Some(draft) = self.drafts.offer.take() else {
            return self.unchanged();
        };
        match action {
            Action::RestoreDraft => {
                let id = self.next_request();
                let job = JobIdentifier::Number(draft.job.clone());
                self.notice = Some(Notice::Info(format!("reopening {}…", draft.job)));
                self.drafts.restoring = Some((id, draft));
                vec![Command::ShowJob { id, job }]
            }
            Action::DiscardDraft => {
                self.notice = Some(Notice::Info(format!("draft of {} discarded", draft.job)));
                let command = remove(&self.session.profile, &draft.job);
                self.offer_next_draft();
                vec![command]
            }
            Action::Back => {
                self.notice = Some(Notice::Info(format!(
                    "draft of {} kept for the next start",
                    draft.job
                )));
                self.offer_next_draft();
                Vec::new()
            }
            _ => {
                self.drafts.offer = Some(draft);
                self.unchanged()
            }
        }
    }

    /// Whether `id` is the fetch of a draft's job.
    pub(super) fn is_draft_fetch(&self, id: RequestId) -> bool {
        self.drafts
            .restoring
            .as_ref()
            .is_some_and(|(r, _)| *r == id)
    }

    /// The draft's job came: its completion form reopens with the values, if it can still be
    /// completed.
    pub(super) fn draft_job(&mut self, result: Result<Job, ApiError>) -> Vec<Command> {
        let Some((_, draft)) = self.drafts.restoring.take() else {
            return self.unchanged();
        };
        let job = match result {
            Ok(job) => job,
            Err(error) => {
                self.report(&format!("reopening {}", draft.job), &error);
                self.offer_next_draft();
                return Vec::new();
            }
        };
        if job.life_cycle_state != LifeCycleState::InProgress {
            self.notice = Some(Notice::Error(format!(
                "{} is {} now: its draft no longer applies and was discarded",
                job.number,
                job.life_cycle_state.label().to_lowercase()
            )));
            self.offer_next_draft();
            return vec![remove(&self.session.profile, &draft.job)];
        }
        let now = (self.now)();
        let mut form = ActionForm::complete_in(&job, now, self.zone);
        form.restore_draft(&draft.values, now);
        self.drafts.saved = Some((job.number.clone(), draft.values.clone()));
        self.notice = Some(Notice::Info(format!("draft of {} restored", job.number)));
        self.show_form(form)
    }

    /// The draft of the form `job` is gone for good (sent and confirmed, or left).
    pub(super) fn forget_draft(&mut self, job: &str) -> Vec<Command> {
        let saved = self.drafts.saved.take();
        match saved {
            Some((number, _)) if number == job => vec![remove(&self.session.profile, job)],
            _ => Vec::new(),
        }
    }

    /// The save the open completion form needs, if its values changed since the last one.
    /// The runtime calls this just before it draws, so a burst of keys costs one write.
    pub fn take_draft_commands(&mut self) -> Vec<Command> {
        let Overlay::Form(form) = &self.overlay else {
            return Vec::new();
        };
        if form.kind() != FormKind::Complete {
            return Vec::new();
        }
        let Some(values) = form.draft_values() else {
            return Vec::new();
        };
        let job = form.job_number().to_owned();
        let restored = self.drafts.saved.as_ref().is_some_and(|(n, _)| *n == job);
        if !restored && !form.has_changes() {
            return Vec::new();
        }
        if self.drafts.saved.as_ref() == Some(&(job.clone(), values.clone())) {
            return Vec::new();
        }
        self.drafts.saved = Some((job.clone(), values.clone()));
        vec![Command::SaveDraft {
            draft: Draft {
                profile: self.session.profile.clone(),
                job,
                saved: chrono::Utc::now(),
                values,
            },
        }]
    }
}

fn remove(profile: &str, job: &str) -> Command {
    Command::RemoveDraft {
        profile: profile.to_owned(),
        job: job.to_owned(),
    }
}
