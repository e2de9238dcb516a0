//! The completion, start and cancel forms: focus, fields and pickers.
//!
//! A form is a focus enum plus small field types: [`picker::Picker`] and
//! [`date_field::DateField`] own their key handling; [`ActionForm`] routes input, walks the
//! focus, checks values before submitting and places the server's complaints. It does no I/O:
//! it lists what it needs fetched ([`FormNeed`]) and returns what to send ([`ActionRequest`]).

mod answers;
pub mod cancel;
pub mod complete;
pub mod date_field;
pub mod errors;
mod fields;
pub mod focus;
pub mod picker;
mod route;
pub mod status_only;
mod types;

use chrono::{DateTime, Utc};

use crate::api::ident::{BusinessUnitIdentifier, JobTypeIdentifier, UnitIdentifier};
use crate::api::job::Job;
use crate::app::remote::Remote;
use crate::when::Zone;

use cancel::CancelForm;
use complete::CompleteForm;
use fields::picked_status;
pub use fields::{FieldMut, FieldRef, Invalid, Slot};
pub use focus::{FieldId, Focus};
use status_only::StatusForm;
pub use types::{ActionRequest, FormInput, FormKind, FormNeed, FormOutcome, Phase, UsersOf};

/// The fields of the form of each kind.
#[derive(Debug, Clone)]
enum Body {
    Start(Box<StatusForm>),
    Complete(Box<CompleteForm>),
    Cancel(Box<CancelForm>),
}

/// A start, completion or cancel form for one job.
#[derive(Debug, Clone)]
pub struct ActionForm {
    kind: FormKind,
    job: Job,
    body: Body,
    focus: Focus,
    phase: Phase,
    notice: Option<String>,
    zone: Zone,
}

impl ActionForm {
    /// The start-progress form for `job`.
    #[must_use]
    pub fn start(job: &Job) -> Self {
        Self::open(
            FormKind::Start,
            job,
            Body::Start(Box::default()),
            Zone::Local,
        )
    }

    /// The completion form for `job`, with dates read at `now` and shown in `zone` (the
    /// app's: the machine's unless pinned).
    #[must_use]
    pub fn complete_in(job: &Job, now: DateTime<Utc>, zone: Zone) -> Self {
        let body = Body::Complete(Box::new(CompleteForm::new(job, zone, now)));
        Self::open(FormKind::Complete, job, body, zone)
    }

    /// The cancel form for `job`.
    #[must_use]
    pub fn cancel(job: &Job) -> Self {
        Self::open(
            FormKind::Cancel,
            job,
            Body::Cancel(Box::default()),
            Zone::Local,
        )
    }

    fn open(kind: FormKind, job: &Job, body: Body, zone: Zone) -> Self {
        let mut form = Self {
            kind,
            job: job.clone(),
            body,
            focus: Focus::Field(FieldId::Status),
            phase: Phase::Editing,
            notice: None,
            zone,
        };
        // The app fetches what `needs` lists as soon as the form opens, so what it lists is
        // loading from the start; what cannot be fetched says why.
        let statuses = match form.job_type() {
            Some(_) => Remote::Loading,
            None => Remote::Failed("the job's type is unknown; the type's default is used".into()),
        };
        form.set_choices(FieldId::Status, statuses);
        let reasons = match form.job_type() {
            Some(_) => Remote::Loading,
            None => Remote::Failed(format!(
                "the job's type is unknown; {}",
                cancel::SENT_WITHOUT
            )),
        };
        form.set_choices(FieldId::Reason, reasons);
        let users = match form.unit() {
            Some(_) => Remote::Loading,
            None => Remote::Failed("the job has no assigned unit to list users from".into()),
        };
        form.set_choices(FieldId::PerformedBy, users);
        form
    }

    /// Which action the form performs.
    #[must_use]
    pub fn kind(&self) -> FormKind {
        self.kind
    }

    /// The job's number, e.g. `JB00019`.
    #[must_use]
    pub fn job_number(&self) -> &str {
        &self.job.number
    }

    /// The job the form acts on.
    #[must_use]
    pub fn job(&self) -> &Job {
        &self.job
    }

    /// What to fetch for the pickers; asked once when the form opens.
    #[must_use]
    pub fn needs(&self) -> Vec<FormNeed> {
        let mut needs = Vec::new();
        if let Some(job_type) = self.job_type() {
            let state = self.kind.target_state();
            needs.push(FormNeed::Statuses {
                job_type: job_type.clone(),
                state,
            });
            if self.kind == FormKind::Cancel {
                needs.push(FormNeed::Reasons { job_type });
            }
        }
        let of = UsersOf {
            unit: self.unit(),
            business_unit: self.business_unit(),
        };
        if (of.unit.is_some() || of.business_unit.is_some())
            && matches!(self.field(FieldId::PerformedBy), Some(FieldRef::Picker(_)))
        {
            needs.push(FormNeed::Users(of));
        }
        needs
    }

    fn job_type(&self) -> Option<JobTypeIdentifier> {
        let job_type = self.job.job_type.as_ref()?;
        if !job_type.id.is_empty() {
            Some(JobTypeIdentifier::Id(job_type.id.clone()))
        } else if !job_type.name.is_empty() {
            Some(JobTypeIdentifier::Name(job_type.name.clone()))
        } else {
            None
        }
    }

    fn business_unit(&self) -> Option<BusinessUnitIdentifier> {
        let unit = self.job.assigned_to.as_ref()?.business_unit.as_ref()?;
        if !unit.id.is_empty() {
            Some(BusinessUnitIdentifier::Id(unit.id.clone()))
        } else if let Some(name) = unit.name.clone() {
            Some(BusinessUnitIdentifier::Name(name))
        } else {
            unit.code.clone().map(BusinessUnitIdentifier::Code)
        }
    }

    fn unit(&self) -> Option<UnitIdentifier> {
        let unit = self.job.assigned_to.as_ref()?.unit.as_ref()?;
        if unit.id.is_empty() {
            unit.name.clone().map(UnitIdentifier::Name)
        } else {
            Some(UnitIdentifier::Id(unit.id.clone()))
        }
    }

    /// A completion form's values for its draft; `None` for the other forms.
    #[must_use]
    pub fn draft_values(&self) -> Option<crate::drafts::DraftValues> {
        match &self.body {
            Body::Complete(form) => Some(form.draft_values()),
            Body::Start(_) | Body::Cancel(_) => None,
        }
    }

    /// Puts a draft's values back into a completion form, dates read at `now`.
    pub fn restore_draft(&mut self, values: &crate::drafts::DraftValues, now: DateTime<Utc>) {
        if let Body::Complete(form) = &mut self.body {
            form.restore(values, self.zone, now);
        }
    }

    /// Whether any value differs from how the form opened.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        match &self.body {
            Body::Complete(form) => form.has_changes(),
            Body::Start(form) => form.status().has_changes(),
            Body::Cancel(form) => form.has_changes(),
        }
    }

    /// Where the form is in its life.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// What has the keyboard.
    #[must_use]
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The message on top of the form: a failure that concerns no one field.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// The question a cancel form asks; `None` for the other forms.
    #[must_use]
    pub fn question(&self) -> Option<String> {
        matches!(self.body, Body::Cancel(_)).then(|| CancelForm::question(self.job_number()))
    }

    /// The form's fields in screen order, disabled ones with their reason.
    #[must_use]
    pub fn fields(&self) -> Vec<(FieldId, FieldRef<'_>)> {
        match &self.body {
            Body::Complete(form) => form.fields(),
            Body::Cancel(form) => form.fields(),
            Body::Start(_) => self
                .field(FieldId::Status)
                .map(|field| (FieldId::Status, field))
                .into_iter()
                .collect(),
        }
    }

    /// A field to read; `None` when the form has no such field.
    #[must_use]
    pub fn field(&self, id: FieldId) -> Option<FieldRef<'_>> {
        match &self.body {
            Body::Complete(form) => form.field_ref(id),
            Body::Start(form) => form.field_ref(id),
            Body::Cancel(form) => form.field_ref(id),
        }
    }

    fn field_mut(&mut self, id: FieldId) -> Option<FieldMut<'_>> {
        match &mut self.body {
            Body::Complete(form) => form.field_mut(id),
            Body::Start(form) => form.field_mut(id),
            Body::Cancel(form) => form.field_mut(id),
        }
    }

    /// The fields Tab walks through, then the button.
    fn order(&self) -> Vec<Focus> {
        match &self.body {
            Body::Start(_) => StatusForm::order(),
            Body::Cancel(_) => CancelForm::order(),
            Body::Complete(form) => form.order(),
        }
    }

    fn clear_errors(&mut self) {
        self.notice = None;
        for id in [
            FieldId::Status,
            FieldId::PerformedBy,
            FieldId::PerformedOn,
            FieldId::ScheduledDate,
            FieldId::Reason,
        ] {
            match self.field_mut(id) {
                Some(FieldMut::Picker(picker)) => picker.set_error(None),
                Some(FieldMut::Date(date)) => date.set_error(None),
                None => {}
            }
        }
    }
}
