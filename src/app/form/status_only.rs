//! The start form: one status picker (the type's `IN_PROGRESS` statuses, the default
//! preselected). The cancel form, which also asks for a reason, is in `cancel.rs`.

use crate::api::ident::JobStatusIdentifier;
use crate::api::job::{Job, StartParams};

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

    fn picked(&self) -> Result<Option<JobStatusIdentifier>, Vec<Invalid>> {
        picked_status(&self.status).map_err(|m| vec![(FieldId::Status, m)])
    }
}

impl Default for StatusForm {
    fn default() -> Self {
        Self::new()
    }
}
