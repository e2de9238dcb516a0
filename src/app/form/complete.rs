//! The completion form: status, performed by, performed on, scheduled date.
//!
//! Which fields apply depends on the job type's fulfillment scope; fields
//! that do not apply stay on screen, disabled with the reason, and are never sent.

use chrono::{DateTime, Utc};

use crate::api::ident::UserIdentifier;
use crate::api::job::{CompleteParams, Job};
use crate::drafts::DraftValues;
use crate::when::Zone;

use super::date_field::{DateField, DateRule};
use super::focus::{FieldId, Focus};
use super::picker::Picker;
use super::{FieldMut, FieldRef, Invalid, Slot, picked_status};

pub use crate::rules::{PERFORMED_REASON, SCHEDULED_REASON};

/// The fields of the completion form.
#[derive(Debug, Clone)]
pub struct CompleteForm {
    status: Picker,
    performed_by: Slot<Picker>,
    performed_on: Slot<DateField>,
    scheduled: Slot<DateField>,
}

impl CompleteForm {
    /// The form for `job`, with the dates read at `now` in `zone`.
    #[must_use]
    pub fn new(job: &Job, zone: Zone, now: DateTime<Utc>) -> Self {
        let assignee = job
            .assigned_to
            .as_ref()
            .and_then(|a| a.user.as_ref())
            .map(|user| user.id.clone());
        // A job whose scope is unknown gets every field; the server judges.
        let performed = job.offers_performed_by();
        Self {
            status: Picker::new("statuses", None),
            performed_by: Slot::when(performed, PERFORMED_REASON, || {
                Picker::new("users", Some("nobody (leave it out)")).preselecting(assignee)
            }),
            performed_on: Slot::when(performed, PERFORMED_REASON, || {
                DateField::new("now", DateRule::NotFuture, zone, now)
            }),
            scheduled: Slot::when(job.offers_scheduled_date(), SCHEDULED_REASON, || {
                DateField::new("", DateRule::NotPast, zone, now)
            }),
        }
    }

    /// The fields Tab walks through: the enabled ones, then the button.
    #[must_use]
    pub fn order(&self) -> Vec<Focus> {
        [
            FieldId::Status,
            FieldId::PerformedBy,
            FieldId::PerformedOn,
            FieldId::ScheduledDate,
        ]
        .into_iter()
        .filter(|id| {
            self.field_ref(*id)
                .is_some_and(|f| !matches!(f, FieldRef::Disabled(_)))
        })
        .map(Focus::Field)
        .chain([Focus::Submit])
        .collect()
    }

    /// Every field, disabled ones included, in screen order.
    #[must_use]
    pub fn fields(&self) -> Vec<(FieldId, FieldRef<'_>)> {
        [
            FieldId::Status,
            FieldId::PerformedBy,
            FieldId::PerformedOn,
            FieldId::ScheduledDate,
        ]
        .into_iter()
        .filter_map(|id| self.field_ref(id).map(|field| (id, field)))
        .collect()
    }

    /// A field to read.
    #[must_use]
    pub fn field_ref(&self, id: FieldId) -> Option<FieldRef<'_>> {
        Some(match id {
            FieldId::Status => FieldRef::Picker(&self.status),
            FieldId::PerformedBy => self
                .performed_by
                .as_result()
                .map_or_else(FieldRef::Disabled, FieldRef::Picker),
            FieldId::PerformedOn => self
                .performed_on
                .as_result()
                .map_or_else(FieldRef::Disabled, FieldRef::Date),
            FieldId::ScheduledDate => self
                .scheduled
                .as_result()
                .map_or_else(FieldRef::Disabled, FieldRef::Date),
            FieldId::Reason => return None,
        })
    }

    /// An enabled field to change.
    pub fn field_mut(&mut self, id: FieldId) -> Option<FieldMut<'_>> {
        match id {
            FieldId::Status => Some(FieldMut::Picker(&mut self.status)),
            FieldId::PerformedBy => self.performed_by.enabled_mut().map(FieldMut::Picker),
            FieldId::PerformedOn => self.performed_on.enabled_mut().map(FieldMut::Date),
            FieldId::ScheduledDate => self.scheduled.enabled_mut().map(FieldMut::Date),
            FieldId::Reason => None,
        }
    }

    /// The values to keep in a draft.
    #[must_use]
    pub fn draft_values(&self) -> DraftValues {
        DraftValues {
            status: self.status.intended_id(),
            performed_by: self.performed_by.enabled().and_then(Picker::intended_id),
            performed_on: self
                .performed_on
                .enabled()
                .map(|f| f.input().value().to_owned()),
            scheduled_date: self
                .scheduled
                .enabled()
                .map(|f| f.input().value().to_owned()),
        }
    }

    /// Puts a draft's values back (fields that do not apply ignore theirs).
    pub fn restore(&mut self, values: &DraftValues, zone: Zone, now: DateTime<Utc>) {
        if values.status.is_some() {
            self.status.restore(values.status.clone());
        }
        if let Some(picker) = self.performed_by.enabled_mut()
            && values.performed_by.is_some()
        {
            picker.restore(values.performed_by.clone());
        }
        if let (Some(field), Some(text)) = (self.performed_on.enabled_mut(), &values.performed_on) {
            field.restore(text, zone, now);
        }
        if let (Some(field), Some(text)) = (self.scheduled.enabled_mut(), &values.scheduled_date) {
            field.restore(text, zone, now);
        }
    }

    /// Whether anything differs from how the form opened.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.status.has_changes()
            || self.performed_by.enabled().is_some_and(Picker::has_changes)
            || self
                .performed_on
                .enabled()
                .is_some_and(DateField::has_changes)
            || self.scheduled.enabled().is_some_and(DateField::has_changes)
    }

    /// The parameters to send, checked against the server's rules at `now`; or every field's
    /// complaint.
    ///
    /// # Errors
    /// The fields whose values cannot be sent, with the message for each.
    pub fn params(
        &self,
        job: &Job,
        zone: Zone,
        now: DateTime<Utc>,
    ) -> Result<CompleteParams, Vec<Invalid>> {
        let mut invalid = Vec::new();
        let mut params = CompleteParams::new(job.identifier());
        match picked_status(&self.status) {
            Ok(status) => params.status = status,
            Err(message) => invalid.push((FieldId::Status, message)),
        }
        if let Some(picker) = self.performed_by.enabled() {
            match picked_user(picker) {
                Ok(user) => params.performed_by = user,
                Err(message) => invalid.push((FieldId::PerformedBy, message)),
            }
        }
        for (id, slot, target) in [
            (
                FieldId::PerformedOn,
                &self.performed_on,
                &mut params.performed_on,
            ),
            (
                FieldId::ScheduledDate,
                &self.scheduled,
                &mut params.scheduled_date,
            ),
        ] {
            if let Some(field) = slot.enabled() {
                match field.value(zone, now) {
                    Ok(date) => *target = date,
                    Err(message) => invalid.push((id, message)),
                }
            }
        }
        if invalid.is_empty() {
            Ok(params)
        } else {
            Err(invalid)
        }
    }
}

/// The user to send: by id; `None` for nobody or while the users are not there.
fn picked_user(picker: &Picker) -> Result<Option<UserIdentifier>, String> {
    super::fields::unpicked_text(picker)?;
    if picker.nothing_matches() {
        return Err(crate::rules::no_user_matches(picker.filter().value()));
    }
    Ok(picker
        .chosen()
        .map(|user| UserIdentifier::Id(user.id.clone())))
}
