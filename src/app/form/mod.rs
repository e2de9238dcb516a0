//! The completion, start and cancel forms: focus, fields and pickers.
//!
//! A form is a focus enum plus small field types (style.md point 9): [`picker::Picker`] and
//! [`date_field::DateField`] own their key handling; [`ActionForm`] routes input, walks the
//! focus, checks values before submitting and places the server's complaints. It does no I/O:
//! it lists what it needs fetched ([`FormNeed`]) and returns what to send ([`ActionRequest`]).

pub mod cancel;
pub mod complete;
pub mod date_field;
pub mod errors;
pub mod focus;
pub mod picker;
mod route;
pub mod start;

use chrono::{DateTime, Local, Utc};

use crate::api::error::ApiError;
use crate::api::ident::{JobStatusIdentifier, JobTypeIdentifier, UnitIdentifier};
use crate::api::job::{CancelParams, CompleteParams, Job, StartParams};
use crate::api::model::{LifeCycleState, StatusEntry, User};
use crate::app::remote::Remote;
use crate::when::Zone;

use cancel::CancelForm;
use complete::CompleteForm;
use date_field::DateField;
use errors::ErrorTarget;
pub use focus::{FieldId, Focus};
use picker::{Choice, Picker};
use start::StartForm;

/// Which action a form performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormKind {
    /// `start_progress` of a pending job.
    Start,
    /// `complete` of a job in progress.
    Complete,
    /// `cancel` of a job not yet final.
    Cancel,
}

impl FormKind {
    /// The button's word: "Start", "Complete", "Cancel job".
    #[must_use]
    pub fn verb(self) -> &'static str {
        match self {
            Self::Start => "Start",
            Self::Complete => "Complete",
            Self::Cancel => "Cancel job",
        }
    }

    /// What is under way while the request is in flight: "Completing".
    #[must_use]
    pub fn progressive(self) -> &'static str {
        match self {
            Self::Start => "Starting",
            Self::Complete => "Completing",
            Self::Cancel => "Cancelling",
        }
    }

    /// The life cycle state whose statuses the form offers.
    #[must_use]
    pub fn target_state(self) -> LifeCycleState {
        match self {
            Self::Start => LifeCycleState::InProgress,
            Self::Complete => LifeCycleState::Completed,
            Self::Cancel => LifeCycleState::Cancelled,
        }
    }
}

/// What the form needs fetched; the app turns each into a Command and feeds the answer back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormNeed {
    /// `jobs/configuration/statuses/list` of the job's type and the target state.
    Statuses {
        /// The job's type.
        job_type: JobTypeIdentifier,
        /// The state whose statuses are offered.
        state: LifeCycleState,
    },
    /// `users/list` of the job's assigned unit (performed by).
    Users {
        /// The job's assigned unit.
        unit: UnitIdentifier,
    },
}

/// Input routed to the form by the app (the app's keymap turns keys into these; text keys
/// pass through).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormInput {
    /// Tab: the next field.
    NextField,
    /// Shift-Tab: the previous field.
    PrevField,
    /// Up in the focused picker (elsewhere: the previous field).
    Up,
    /// Down in the focused picker (elsewhere: the next field).
    Down,
    /// A page up in the focused picker.
    PageUp,
    /// A page down in the focused picker.
    PageDown,
    /// Ctrl-s, or Enter on the submit button.
    Submit,
    /// Leave; asks first when something changed. Esc again or `y` confirms.
    Escape,
    /// Text typed into the focused field (filter text, dates), Enter, Backspace, etc.
    Key(crossterm::event::KeyEvent),
}

/// What the app does after the form handled an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    /// Input consumed, nothing for the app to do (the form may have changed).
    Nothing,
    /// Send this; the app calls [`ActionForm::set_submitting`].
    Submit(ActionRequest),
    /// The user left the form (after confirming if it had changes).
    Close,
}

/// The action to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionRequest {
    /// `jobs/all_scopes/start_progress`.
    Start(StartParams),
    /// `jobs/all_scopes/complete`.
    Complete(CompleteParams),
    /// `jobs/all_scopes/cancel`.
    Cancel(CancelParams),
}

/// Where the form is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Taking input.
    Editing,
    /// Esc was pressed with changes: Esc again or `y` leaves, anything else stays.
    ConfirmLeave,
    /// The request is in flight; edits are ignored. `frame` drives the spinner.
    Submitting {
        /// Ticks since the request left.
        frame: usize,
    },
}

/// A field of a form, or why it is not available; what the view draws.
#[derive(Debug, Clone, Copy)]
pub enum FieldRef<'a> {
    /// A list to pick from.
    Picker(&'a Picker),
    /// A date typed as text.
    Date(&'a DateField),
    /// The field does not apply to this job; the reason is shown.
    Disabled(&'static str),
}

/// An enabled field to change.
#[derive(Debug)]
pub enum FieldMut<'a> {
    /// A list to pick from.
    Picker(&'a mut Picker),
    /// A date typed as text.
    Date(&'a mut DateField),
}

/// A field whose value cannot be sent, and the message to show beside it.
pub type Invalid = (FieldId, String);

/// A field that applies to the job, or the reason it does not.
#[derive(Debug, Clone)]
pub enum Slot<T> {
    /// The field applies.
    Enabled(T),
    /// It does not; the reason is shown in its place.
    Disabled(&'static str),
}

impl<T> Slot<T> {
    /// `Enabled(make())` when `applies`, else disabled with `reason`.
    pub fn when(applies: bool, reason: &'static str, make: impl FnOnce() -> T) -> Self {
        if applies {
            Self::Enabled(make())
        } else {
            Self::Disabled(reason)
        }
    }

    /// The field, or the reason it is disabled.
    ///
    /// # Errors
    /// The reason, when disabled.
    pub fn as_result(&self) -> Result<&T, &'static str> {
        match self {
            Self::Enabled(field) => Ok(field),
            Self::Disabled(reason) => Err(reason),
        }
    }

    /// The field, when enabled.
    pub fn enabled(&self) -> Option<&T> {
        self.as_result().ok()
    }

    /// The field to change, when enabled.
    pub fn enabled_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Enabled(field) => Some(field),
            Self::Disabled(_) => None,
        }
    }
}

/// The status to send: by id; `None` (the type's default) while the statuses are not there.
fn picked_status(picker: &Picker) -> Result<Option<JobStatusIdentifier>, String> {
    if picker.nothing_matches() {
        return Err(format!(
            "no status matches \"{}\"; change the filter",
            picker.filter().value()
        ));
    }
    Ok(picker
        .chosen()
        .map(|status| JobStatusIdentifier::Id(status.id.clone())))
}

#[derive(Debug, Clone)]
enum Body {
    Start(StartForm),
    Complete(Box<CompleteForm>),
    Cancel(CancelForm),
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
            Body::Start(StartForm::new()),
            Zone::Local,
        )
    }

    /// The completion form for `job`; dates are read in the local time zone at `now`.
    #[must_use]
    pub fn complete(job: &Job, now: DateTime<Local>) -> Self {
        Self::complete_in(job, now.to_utc(), Zone::Local)
    }

    /// The completion form with dates read and shown in `zone` (tests pin one).
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
            Body::Cancel(CancelForm::new()),
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
            needs.push(FormNeed::Statuses { job_type, state });
        }
        if let (Some(unit), Some(FieldRef::Picker(_))) =
            (self.unit(), self.field(FieldId::PerformedBy))
        {
            needs.push(FormNeed::Users { unit });
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

    fn unit(&self) -> Option<UnitIdentifier> {
        let unit = self.job.assigned_to.as_ref()?.unit.as_ref()?;
        if unit.id.is_empty() {
            unit.name.clone().map(UnitIdentifier::Name)
        } else {
            Some(UnitIdentifier::Id(unit.id.clone()))
        }
    }

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

    /// The users of the job's unit, or their loading state.
    pub fn set_users(&mut self, users: Remote<Vec<User>>) {
        let choices = map_remote(users, |users| users.iter().map(Choice::from_user).collect());
        self.set_choices(FieldId::PerformedBy, choices);
    }

    fn set_choices(&mut self, id: FieldId, choices: Remote<Vec<Choice>>) {
        if let Some(FieldMut::Picker(picker)) = self.field_mut(id) {
            picker.set_items(choices);
        }
    }

    /// Shows the request in flight; input is ignored until [`Self::set_failed`] or the app
    /// closes the form.
    pub fn set_submitting(&mut self) {
        self.phase = Phase::Submitting { frame: 0 };
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
                        if error.code() == Some("SCHEDULED_DATE_REQUIRED") {
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

    /// Whether any value differs from how the form opened.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        match &self.body {
            Body::Start(form) => form.status().has_changes(),
            Body::Complete(form) => form.has_changes(),
            Body::Cancel(form) => form.status().has_changes(),
        }
    }

    /// Advances the spinner while the request is in flight.
    pub fn tick(&mut self) {
        if let Phase::Submitting { frame } = &mut self.phase {
            *frame = frame.wrapping_add(1);
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
            Body::Start(_) | Body::Cancel(_) => self
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
            Body::Start(form) => form.field_ref(id),
            Body::Complete(form) => form.field_ref(id),
            Body::Cancel(form) => form.field_ref(id),
        }
    }

    fn field_mut(&mut self, id: FieldId) -> Option<FieldMut<'_>> {
        match &mut self.body {
            Body::Start(form) => form.field_mut(id),
            Body::Complete(form) => form.field_mut(id),
            Body::Cancel(form) => form.field_mut(id),
        }
    }

    /// The fields Tab walks through, then the button.
    fn order(&self) -> Vec<Focus> {
        match &self.body {
            Body::Start(_) => StartForm::order(),
            Body::Complete(form) => form.order(),
            Body::Cancel(_) => CancelForm::order(),
        }
    }

    fn clear_errors(&mut self) {
        self.notice = None;
        for id in [
            FieldId::Status,
            FieldId::PerformedBy,
            FieldId::PerformedOn,
            FieldId::ScheduledDate,
        ] {
            match self.field_mut(id) {
                Some(FieldMut::Picker(picker)) => picker.set_error(None),
                Some(FieldMut::Date(date)) => date.set_error(None),
                None => {}
            }
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
