//! The start-progress form: the type's `IN_PROGRESS` statuses, the default preselected.

use crate::api::job::{Job, StartParams};

use super::focus::{FieldId, Focus};
use super::picker::Picker;
use super::{FieldMut, FieldRef, Invalid, picked_status};

/// The fields of the start form.
#[derive(Debug, Clone)]
pub struct StartForm {
    status: Picker,
}

impl StartForm {
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

    /// The parameters to send.
    ///
    /// # Errors
    /// The status filter matches nothing.
    pub fn params(&self, job: &Job) -> Result<StartParams, Vec<Invalid>> {
        let status = picked_status(&self.status).map_err(|m| vec![(FieldId::Status, m)])?;
        Ok(StartParams {
            job: job.identifier(),
            status,
        })
    }
}

impl Default for StartForm {
    fn default() -> Self {
        Self::new()
    }
}
