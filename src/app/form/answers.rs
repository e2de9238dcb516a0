//! What comes back from the server into a form: the picker lists, and the request's progress
//! and failure.

use crate::api::error::ApiError;
use crate::api::model::{CancellationReason, StatusEntry, User};
use crate::app::remote::Remote;

use super::errors::{self, ErrorTarget};
use super::focus::{FieldId, Focus};
use super::picker::Choice;
use super::{ActionForm, FieldMut, Phase};

impl ActionForm {
    /// The statuses of the job's type, or their loading state. Entries of other states are
    /// dropped, in case a server ignores the state filter.
    pub fn set_statuses(&mut self, statuses: Remote<Vec<StatusEntry>>) {
        let state = self.kind.target_state();
        let choices = map_remote(statuses, |entries| {
            entries
                .iter()
                .filter(|e| e.status.life_cycle_state == state)
                .map(Choice::from_status)
                .collect()
        });
        self.set_choices(FieldId::Status, choices);
    }

    /// The cancellation reasons of the job's type, or their loading state. A failure says
    /// that the job is then cancelled without a reason.
    pub fn set_reasons(&mut self, reasons: Remote<Vec<CancellationReason>>) {
        let choices = match reasons {
            Remote::Failed(message) => {
                Remote::Failed(format!("{message}; {}", super::cancel::SENT_WITHOUT))
            }
            other => map_remote(other, |reasons| {
                reasons.iter().map(Choice::from_reason).collect()
            }),
        };
        self.set_choices(FieldId::Reason, choices);
    }

    /// The users of the job's unit, or their loading state.
    pub fn set_users(&mut self, users: Remote<Vec<User>>) {
        let choices = map_remote(users, |users| users.iter().map(Choice::from_user).collect());
        self.set_choices(FieldId::PerformedBy, choices);
    }

    pub(super) fn set_choices(&mut self, id: FieldId, choices: Remote<Vec<Choice>>) {
        if let Some(FieldMut::Picker(picker)) = self.field_mut(id) {
            picker.set_items(choices);
        }
    }

    /// Shows the request in flight; input is ignored until [`Self::set_failed`] or the app
    /// closes the form.
    /// Old messages go: they concern the attempt before.
    pub fn set_submitting(&mut self) {
        self.clear_errors();
        self.phase = Phase::Submitting { frame: 0 };
    }

    /// A warning on top of the form (e.g. the job changed on the server); every value stays
    /// and the form takes input again.
    pub fn set_warning(&mut self, message: String) {
        self.phase = Phase::Editing;
        self.clear_errors();
        self.notice = Some(message);
    }

    /// The request failed: every value stays; the message goes beside the field it concerns,
    /// which takes the focus, or on top of the form.
    pub fn set_failed(&mut self, error: &ApiError) {
        self.phase = Phase::Editing;
        self.clear_errors();
        let message = error.to_string();
        let target = match errors::target(error) {
            ErrorTarget::Field(id) => self.field_mut(id).map(|field| (id, field)),
            ErrorTarget::Top => None,
        };
        match target {
            Some((id, field)) => {
                match field {
                    FieldMut::Picker(picker) => picker.set_error(Some(message)),
                    FieldMut::Date(date) => {
                        if error.concerns()
                            == Some(crate::api::refusal::Concern::ScheduledDate { required: true })
                        {
                            date.mark_required();
                        }
                        date.set_error(Some(message));
                    }
                }
                self.focus = Focus::Field(id);
            }
            None => self.notice = Some(message),
        }
    }

    /// Whether the request is in flight.
    #[must_use]
    pub fn is_submitting(&self) -> bool {
        matches!(self.phase, Phase::Submitting { .. })
    }

    /// Advances the spinner while the request is in flight.
    pub fn tick(&mut self) {
        if let Phase::Submitting { frame } = &mut self.phase {
            *frame = frame.wrapping_add(1);
        }
    }
}

fn map_remote<T, U>(remote: Remote<T>, f: impl FnOnce(&T) -> U) -> Remote<U> {
    match remote {
        Remote::NotAsked => Remote::NotAsked,
        Remote::Loading => Remote::Loading,
        Remote::Loaded(value) => Remote::Loaded(f(&value)),
        Remote::Failed(message) => Remote::Failed(message),
    }
}
