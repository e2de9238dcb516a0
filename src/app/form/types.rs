//! What crosses between a form and the app: the kind of form, what it needs fetched, the
//! input it takes, what it answers, the action to send, and where it is in its life.

use crate::api::ident::{BusinessUnitIdentifier, JobTypeIdentifier, UnitIdentifier};
use crate::api::job::{CancelParams, CompleteParams, StartParams};
use crate::api::model::LifeCycleState;

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

    /// The action's name in the title: "Start", "Complete", "Cancel".
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Start => "Start",
            Self::Complete => "Complete",
            Self::Cancel => "Cancel",
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
    /// `jobs/configuration/cancellation_reasons/list` of the job's type (cancel).
    Reasons {
        /// The job's type.
        job_type: JobTypeIdentifier,
    },
    /// `users/list` for the performed-by picker.
    Users(UsersOf),
}

/// Whose users the performed-by picker lists: the job's assigned unit, else its business
/// unit. Filtering by unit is deprecated from R18 and real jobs may carry `unit: null`, so
/// the business unit is asked when there is no unit or the server refuses the unit filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersOf {
    /// The job's assigned unit.
    pub unit: Option<UnitIdentifier>,
    /// The job's business unit.
    pub business_unit: Option<BusinessUnitIdentifier>,
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
