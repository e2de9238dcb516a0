//! The cancel form: a confirmation and the type's `CANCELLED` statuses, the default preselected.

use crate::api::job::{CancelParams, Job};

use super::focus::{FieldId, Focus};
use super::picker::Picker;
use super::{FieldMut, FieldRef, Invalid, picked_status};

/// The fields of the cancel form.
#[derive(Debug, Clone)]
pub struct CancelForm {
    status: Picker,
}

impl CancelForm {
    /// The form, its statuses not fetched yet.
    #[must_use]
    pub fn new() -> Self {
        Self {
            status: Picker::new("statuses", None),
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

    /// The parameters to send: the status only; no reason, provided items kept.
    ///
    /// # Errors
    /// The status filter matches nothing.
    pub fn params(&self, job: &Job) -> Result<CancelParams, Vec<Invalid>> {
        let status = picked_status(&self.status).map_err(|m| vec![(FieldId::Status, m)])?;
        Ok(CancelParams {
            job: job.identifier(),
            status,
            reason: None,
            cancel_provided_items: false,
        })
    }
}

impl Default for CancelForm {
    fn default() -> Self {
        Self::new()
    }
}
