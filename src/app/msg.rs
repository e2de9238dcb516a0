//! The messages that reach `App::update` and the commands it returns.

use crossterm::event::{KeyEvent, MouseEvent};
use secrecy::SecretString;

use super::RequestId;
use super::keymap::Action;
use crate::api::error::ApiError;
use crate::api::ident::{JobIdentifier, JobTypeIdentifier};
use crate::api::job::{CancelParams, CompleteParams, Job, JobPage, StartParams};
use crate::api::model::{CancellationReason, LifeCycleState, Page, StatusEntry, User};
use crate::outbox::{Baseline, Entry, EntryId};

use super::outbox::Settled;

/// Everything that can happen to the app.
#[derive(Debug)]
pub enum Msg {
    /// A key the keymap resolved.
    Action(Action),
    /// A key typed into the focused field (filter, password, form).
    Text(KeyEvent),
    /// The terminal changed size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The spinner timer fired (only while a request is in flight).
    Tick,
    /// The auto-refresh timer fired (only while auto-refresh is on and the server answers).
    AutoRefresh,
    /// A click or wheel turn (only while the mouse is on).
    Mouse(MouseEvent),
    /// SIGTERM, SIGHUP or a lost terminal: leave now.
    Interrupted,
    /// A login finished.
    LoggedIn {
        /// The request answered.
        id: RequestId,
        /// Success, or why not.
        result: Result<(), ApiError>,
    },
    /// A page of a tab arrived.
    Jobs {
        /// The request answered.
        id: RequestId,
        /// The tab.
        state: LifeCycleState,
        /// The rows asked.
        page: Page,
        /// The rows (with how many entries were left out), or why not.
        result: Result<JobPage, ApiError>,
    },
    /// A single job arrived (full detail).
    Job {
        /// The request answered.
        id: RequestId,
        /// The job, or why not.
        result: Result<Job, ApiError>,
    },
    /// A start, complete or cancel action was answered.
    Acted {
        /// The request answered.
        id: RequestId,
        /// The job as the server returned it, or why not.
        result: Result<Job, ApiError>,
    },
    /// An action could not be confirmed: it waits in the outbox and is sent when the server
    /// answers again.
    ActionQueued {
        /// The request answered.
        id: RequestId,
        /// The entry as stored.
        entry: Entry,
        /// Why it waits.
        error: ApiError,
    },
    /// The job changed on the server since it was loaded (checked before completing), or
    /// otherwise than the action would have changed it (after a lost answer).
    ActionConflict {
        /// The request answered.
        id: RequestId,
        /// The job as the server has it.
        job: Box<Job>,
        /// What changed, for people.
        why: String,
    },
    /// Outbox entries were settled, retried or discarded.
    Settled {
        /// The request answered.
        id: RequestId,
        /// What became of each entry touched.
        results: Vec<Settled>,
    },
    /// The outbox's entries of this profile, after any change (not an answer).
    OutboxChanged(Vec<Entry>),
    /// An action's outcome could not be written to the audit log (not an answer): why.
    AuditUnwritten(String),
    /// The jobs the audit log shows this account completed today (read after each settle,
    /// off the start path; not an answer).
    CompletedToday(Vec<String>),
    /// A waiting outbox entry's retry time has come.
    RetryDue,
    /// Statuses for a form arrived.
    Statuses {
        /// The request answered.
        id: RequestId,
        /// The statuses, or why not.
        result: Result<Vec<StatusEntry>, ApiError>,
    },
    /// Cancellation reasons for a form arrived.
    Reasons {
        /// The request answered.
        id: RequestId,
        /// The reasons, or why not.
        result: Result<Vec<CancellationReason>, ApiError>,
    },
    /// Users for a form arrived.
    Users {
        /// The request answered.
        id: RequestId,
        /// The users, or why not.
        result: Result<Vec<User>, ApiError>,
    },
    /// The job cache was read: the tabs saved by the last run (none when there is no file,
    /// or it belongs to another server or user), or why it could not be read.
    SavedJobs {
        /// The request answered.
        id: RequestId,
        /// The saved tabs, or what to tell the user.
        result: Result<Vec<crate::jobcache::SavedTab>, String>,
    },
}

impl Msg {
    /// Whether this message answers a command (so one fewer request is in flight).
    #[must_use]
    pub fn is_answer(&self) -> bool {
        matches!(
            self,
            Self::LoggedIn { .. }
                | Self::Jobs { .. }
                | Self::Job { .. }
                | Self::Acted { .. }
                | Self::ActionQueued { .. }
                | Self::ActionConflict { .. }
                | Self::Settled { .. }
                | Self::Statuses { .. }
                | Self::Reasons { .. }
                | Self::Users { .. }
                | Self::SavedJobs { .. }
        )
    }

    /// The request this message answers, if it answers one.
    #[must_use]
    pub fn answer_id(&self) -> Option<RequestId> {
        match self {
            Self::LoggedIn { id, .. }
            | Self::Jobs { id, .. }
            | Self::Job { id, .. }
            | Self::Acted { id, .. }
            | Self::ActionQueued { id, .. }
            | Self::ActionConflict { id, .. }
            | Self::Settled { id, .. }
            | Self::Statuses { id, .. }
            | Self::Reasons { id, .. }
            | Self::Users { id, .. }
            | Self::SavedJobs { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The error an answer carries, if it failed.
    #[must_use]
    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Self::LoggedIn { result, .. } => result.as_ref().err(),
            Self::Jobs { result, .. } => result.as_ref().err(),
            Self::Job { result, .. } | Self::Acted { result, .. } => result.as_ref().err(),
            Self::Statuses { result, .. } => result.as_ref().err(),
            Self::Reasons { result, .. } => result.as_ref().err(),
            Self::Users { result, .. } => result.as_ref().err(),
            _ => None,
        }
    }
}

/// An effect for the runtime to carry out; each answers with exactly one `Msg`.
#[derive(Debug, Clone)]
pub enum Command {
    /// Log in with a password. Answered by `Msg::LoggedIn`.
    Login {
        /// Tag of the answer.
        id: RequestId,
        /// Organisation.
        organisation: String,
        /// User name.
        username: String,
        /// Password; never printed.
        password: SecretString,
    },
    /// Fetch a page of a tab. Answered by `Msg::Jobs`.
    FetchJobs {
        /// Tag of the answer.
        id: RequestId,
        /// The tab.
        state: LifeCycleState,
        /// The rows.
        page: Page,
    },
    /// Fetch one job. Answered by `Msg::Job`.
    ShowJob {
        /// Tag of the answer.
        id: RequestId,
        /// The job.
        job: JobIdentifier,
    },
    /// Start progress. Answered by `Msg::Acted`.
    Start {
        /// Tag of the answer.
        id: RequestId,
        /// What to send.
        params: StartParams,
        /// The job as the user saw it.
        baseline: Option<Baseline>,
    },
    /// Complete a job. Answered by `Msg::Acted`.
    Complete {
        /// Tag of the answer.
        id: RequestId,
        /// What to send.
        params: CompleteParams,
        /// The job as the user saw it: when the server's differs, the user is asked first.
        baseline: Option<Baseline>,
    },
    /// Cancel a job. Answered by `Msg::Acted`.
    Cancel {
        /// Tag of the answer.
        id: RequestId,
        /// What to send.
        params: CancelParams,
        /// The job as the user saw it.
        baseline: Option<Baseline>,
    },
    /// Deliver the outbox entries that are due. Answered by `Msg::Settled`.
    SettleOutbox {
        /// Tag of the answer.
        id: RequestId,
        /// Also the entries waiting for their retry time: the server is back (it answered,
        /// or a login went through), so waiting longer helps nobody.
        at_once: bool,
        /// The start of today in the app's zone: completions since then are reported
        /// (`Msg::CompletedToday`) from the audit log.
        since: chrono::DateTime<chrono::Utc>,
    },
    /// Deliver one outbox entry now; a conflict is sent anyway. Answered by `Msg::Settled`.
    RetryEntry {
        /// Tag of the answer.
        id: RequestId,
        /// The entry.
        entry: EntryId,
    },
    /// Drop one outbox entry. Answered by `Msg::Settled`.
    DiscardEntry {
        /// Tag of the answer.
        id: RequestId,
        /// The entry.
        entry: EntryId,
    },
    /// Fetch a job type's statuses for a state. Answered by `Msg::Statuses`.
    FetchStatuses {
        /// Tag of the answer.
        id: RequestId,
        /// The job type.
        job_type: JobTypeIdentifier,
        /// The life cycle state the statuses belong to.
        state: LifeCycleState,
    },
    /// Fetch a job type's cancellation reasons. Answered by `Msg::Reasons`.
    FetchReasons {
        /// Tag of the answer.
        id: RequestId,
        /// The job type.
        job_type: JobTypeIdentifier,
    },
    /// Fetch the users of a job's unit, else of its business unit. Answered by
    /// `Msg::Users`.
    FetchUsers {
        /// Tag of the answer.
        id: RequestId,
        /// Whose users.
        of: crate::app::form::UsersOf,
    },
    /// Read the job cache (off the loop: it may hold 100,000 jobs). Answered by
    /// `Msg::SavedJobs`.
    LoadSavedJobs {
        /// Tag of the answer.
        id: RequestId,
    },
    /// Put `text` on the clipboard of the user's terminal (OSC 52). The runtime writes it
    /// on the terminal itself; it is never answered.
    Copy {
        /// What to copy.
        text: String,
    },
    /// Save the open completion form's draft. Not answered.
    SaveDraft {
        /// The draft.
        draft: crate::drafts::Draft,
    },
    /// Remove a job's draft. Not answered.
    RemoveDraft {
        /// The profile.
        profile: String,
        /// The job's number.
        job: String,
    },
}

impl Command {
    /// Whether a `Msg` will answer this command (so it counts as a request in flight).
    #[must_use]
    pub fn is_answered(&self) -> bool {
        !matches!(
            self,
            Self::Copy { .. } | Self::SaveDraft { .. } | Self::RemoveDraft { .. }
        )
    }

    /// The id its answer will carry, if one will come.
    #[must_use]
    pub fn answer_id(&self) -> Option<RequestId> {
        match self {
            Self::Login { id, .. }
            | Self::FetchJobs { id, .. }
            | Self::ShowJob { id, .. }
            | Self::Start { id, .. }
            | Self::Complete { id, .. }
            | Self::Cancel { id, .. }
            | Self::FetchStatuses { id, .. }
            | Self::FetchReasons { id, .. }
            | Self::FetchUsers { id, .. }
            | Self::SettleOutbox { id, .. }
            | Self::RetryEntry { id, .. }
            | Self::DiscardEntry { id, .. }
            | Self::LoadSavedJobs { id } => Some(*id),
            Self::Copy { .. } | Self::SaveDraft { .. } | Self::RemoveDraft { .. } => None,
        }
    }

    /// Whether carrying it out may append to the audit log (actions and outbox deliveries).
    #[must_use]
    pub fn writes_audit(&self) -> bool {
        matches!(
            self,
            Self::Start { .. }
                | Self::Complete { .. }
                | Self::Cancel { .. }
                | Self::SettleOutbox { .. }
                | Self::RetryEntry { .. }
                | Self::DiscardEntry { .. }
        )
    }

    /// The answer saying this command failed with `error`: what the effect runner sends when
    /// the work itself broke, so every command still gets its one answer.
    #[must_use]
    pub fn failed(self, error: ApiError) -> Msg {
        match self {
            Self::Login { id, .. } => Msg::LoggedIn {
                id,
                result: Err(error),
            },
            Self::FetchJobs { id, state, page } => Msg::Jobs {
                id,
                state,
                page,
                result: Err(error),
            },
            Self::ShowJob { id, .. } => Msg::Job {
                id,
                result: Err(error),
            },
            Self::Start { id, .. } | Self::Complete { id, .. } | Self::Cancel { id, .. } => {
                Msg::Acted {
                    id,
                    result: Err(error),
                }
            }
            Self::SettleOutbox { id, .. }
            | Self::RetryEntry { id, .. }
            | Self::DiscardEntry { id, .. } => Msg::Settled {
                id,
                results: vec![Settled::failed(&error)],
            },
            Self::FetchStatuses { id, .. } => Msg::Statuses {
                id,
                result: Err(error),
            },
            Self::FetchReasons { id, .. } => Msg::Reasons {
                id,
                result: Err(error),
            },
            Self::FetchUsers { id, .. } => Msg::Users {
                id,
                result: Err(error),
            },
            Self::LoadSavedJobs { id } => Msg::SavedJobs {
                id,
                result: Err(error.to_string()),
            },
            // Never given to the effect runner; a tick changes nothing.
            Self::Copy { .. } | Self::SaveDraft { .. } | Self::RemoveDraft { .. } => Msg::Tick,
        }
    }
}
