//! The cancel form: a confirmation with two pickers, the type's `CANCELLED` statuses and its
//! cancellation reasons, each with the type's default preselected.
//!
//! A reason is sent only once the user could see it: while the reasons are loading the form
//! says so instead of sending; when they failed or the type has none, the job is cancelled
//! without one (the server's default applies).

use crate::api::ident::CancellationReasonIdentifier;
use crate::api::job::{CancelParams, Job};
use crate::app::remote::Remote;

use super::focus::{FieldId, Focus};
use super::picker::Picker;
use super::{FieldMut, FieldRef, Invalid, picked_status};

/// What the reason picker calls its items.
pub const REASONS: &str = "reasons";

/// The row that sends no reason.
pub const NO_REASON: &str = "no reason (the server's default)";

/// Shown when the type offers no reason.
pub const NO_REASONS_OFFERED: &str = "this job type has no cancellation reasons; none is sent";

/// What is sent, beside the failure, when the reasons could not be loaded.
pub const SENT_WITHOUT: &str = "the job is cancelled without a reason";

/// The fields of the cancel form.
#[derive(Debug, Clone)]
pub struct CancelForm {
    status: Picker,
    reason: Picker,
}

impl CancelForm {
    /// The form, its lists not fetched yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            status: Picker::new("statuses", None),
            reason: Picker::new(REASONS, Some(NO_REASON)).with_empty_note(NO_REASONS_OFFERED),
        }
    }

    /// The question the form asks: "Cancel job JB00042? This cannot be undone."
    #[must_use]
    pub fn question(job_number: &str) -> String {
        format!("Cancel job {job_number}? This cannot be undone.")
    }

    /// The fields Tab walks through.
    #[must_use]
    pub fn order() -> Vec<Focus> {
        vec![
            Focus::Field(FieldId::Status),
            Focus::Field(FieldId::Reason),
            Focus::Submit,
        ]
    }

    /// The fields in screen order.
    #[must_use]
    pub fn fields(&self) -> Vec<(FieldId, FieldRef<'_>)> {
        vec![
            (FieldId::Status, FieldRef::Picker(&self.status)),
            (FieldId::Reason, FieldRef::Picker(&self.reason)),
        ]
    }

    /// A field to read.
    #[must_use]
    pub fn field_ref(&self, id: FieldId) -> Option<FieldRef<'_>> {
        match id {
            FieldId::Status => Some(FieldRef::Picker(&self.status)),
            FieldId::Reason => Some(FieldRef::Picker(&self.reason)),
            _ => None,
        }
    }

    /// A field to change.
    pub fn field_mut(&mut self, id: FieldId) -> Option<FieldMut<'_>> {
        match id {
            FieldId::Status => Some(FieldMut::Picker(&mut self.status)),
            FieldId::Reason => Some(FieldMut::Picker(&mut self.reason)),
            _ => None,
        }
    }

    /// Whether a choice differs from how the lists came.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.status.has_changes() || self.reason.has_changes()
    }

    /// The parameters of `cancel`: the status and the reason picked; provided items kept.
    ///
    /// # Errors
    /// A filter matches nothing, or the reasons are still loading (a reason nobody saw is
    /// never sent, and leaving it out unasked would send the wrong thing).
    pub fn params(&self, job: &Job) -> Result<CancelParams, Vec<Invalid>> {
        let status = picked_status(&self.status).map_err(|m| (FieldId::Status, m));
        let reason = self.picked_reason().map_err(|m| (FieldId::Reason, m));
        match (status, reason) {
            (Ok(status), Ok(reason)) => Ok(CancelParams {
                job: job.identifier(),
                status,
                reason,
                cancel_provided_items: false,
            }),
            (status, reason) => Err(status.err().into_iter().chain(reason.err()).collect()),
        }
    }

    fn picked_reason(&self) -> Result<Option<CancellationReasonIdentifier>, String> {
        match self.reason.items() {
            Remote::NotAsked | Remote::Loading => {
                return Err("the reasons are still loading; send again once they show".into());
            }
            Remote::Failed(_) => return Ok(None),
            Remote::Loaded(_) => {}
        }
        if self.reason.nothing_matches() {
            return Err(crate::rules::no_reason_matches(
                self.reason.filter().value(),
            ));
        }
        Ok(self
            .reason
            .chosen()
            .map(|reason| CancellationReasonIdentifier::Id(reason.id.clone())))
    }
}

impl Default for CancelForm {
    fn default() -> Self {
        Self::new()
    }
}
