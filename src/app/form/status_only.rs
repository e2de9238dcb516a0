//! The start and cancel forms: one status picker (the type's `IN_PROGRESS` or `CANCELLED`
//! statuses, the default preselected); the cancel form also asks for confirmation.

use crate::api::ident::JobStatusIdentifier;
use crate::api::job::{CancelParams, Job, StartParams};

use super::focus::{FieldId, Focus};
use super::picker::Picker;
use super::{FieldMut, FieldRef, Invalid, picked_status};

/// The fields of a form whose only choice is a status.
#[derive(Debug, Clone)]
pub struct StatusForm {
    status: Picker,
}

impl StatusForm {
    /// The form, its statuses not fetched yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            status: Picker::new("statuses", None),
        }
    }

    /// The question the cancel form asks: "Cancel job JB00042? This cannot be undone."
    #[must_use]
    pub fn cancel_question(job_number: &str) -> String {
        format!("Cancel job {job_number}? This cannot be undone.")
    }

    /// The fields Tab walks through.
    #[must_use]
    pub fn order() -> Vec<Focus> {
        vec![Focus::Field(FieldId::Status), Focus::Submit]
    }

    /// The status picker to read.
    #[must_use]
    pub fn status(&self) -> &Picker {
        &self.status
    }

    /// A field to read.
    #[must_use]
    pub fn field_ref(&self, id: FieldId) -> Option<FieldRef<'_>> {
        (id == FieldId::Status).then_some(FieldRef::Picker(&self.status))
    }

    /// A field to change.
    pub fn field_mut(&mut self, id: FieldId) -> Option<FieldMut<'_>> {
        (id == FieldId::Status).then_some(FieldMut::Picker(&mut self.status))
    }

    /// The parameters of `start_progress`.
    ///
    /// # Errors
    /// The status filter matches nothing.
    pub fn start_params(&self, job: &Job) -> Result<StartParams, Vec<Invalid>> {
        Ok(StartParams {
            job: job.identifier(),
            status: self.picked()?,
        })
    }

    /// The parameters of `cancel`: the status only; no reason, provided items kept.
    ///
    /// # Errors
    /// The status filter matches nothing.
    pub fn cancel_params(&self, job: &Job) -> Result<CancelParams, Vec<Invalid>> {
        Ok(CancelParams {
            job: job.identifier(),
            status: self.picked()?,
            reason: None,
            cancel_provided_items: false,
        })
    }

    fn picked(&self) -> Result<Option<JobStatusIdentifier>, Vec<Invalid>> {
        picked_status(&self.status).map_err(|m| vec![(FieldId::Status, m)])
    }
}

impl Default for StatusForm {
    fn default() -> Self {
        Self::new()
    }
}
