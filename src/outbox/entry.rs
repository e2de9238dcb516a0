//! One outbox entry: the action the user asked for, whose it is, and where its delivery stands.
//!
//! An entry holds what is needed to send the action again and to recognise it on the server
//! (the job and its state when the user acted), and never a secret: no password, no token, no
//! API key. The owner fields let one outbox serve several profiles; each settles only its own.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::ident::{JobIdentifier, JobStatusIdentifier};
use crate::api::job::{CancelParams, CompleteParams, Job, StartParams};
use crate::api::model::{JobState, LifeCycleState};

/// The short name of an entry, e.g. `k3f9a2c1`: typeable in `crmjobs outbox retry ID`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EntryId(String);

impl EntryId {
    /// A fresh random id: eight lowercase hex digits.
    #[must_use]
    pub fn random() -> Self {
        Self(format!("{:08x}", fastrand::u32(..)))
    }

    /// The id as text, also the entry's file stem.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad` honours widths, so the id lines up in tables.
        f.pad(&self.0)
    }
}

/// Why a text is not an entry id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an outbox entry id (1 to 32 letters, digits or '-')")]
pub struct BadEntryId(String);

impl FromStr for EntryId {
    type Err = BadEntryId;

    // The id names a file, so only characters that cannot leave the outbox folder are allowed.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let fits = (1..=32).contains(&text.len())
            && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if fits {
            Ok(Self(text.to_ascii_lowercase()))
        } else {
            Err(BadEntryId(text.to_owned()))
        }
    }
}

impl TryFrom<String> for EntryId {
    type Error = BadEntryId;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<EntryId> for String {
    fn from(id: EntryId) -> Self {
        id.0
    }
}

/// Who an entry belongs to: the profile and the account it was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The profile's name.
    pub profile: String,
    /// The server's base URL.
    pub server: String,
    /// The organisation logged in to.
    pub organisation: String,
    /// The user logged in as.
    pub username: String,
}

/// The action waiting to be confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", content = "params", rename_all = "snake_case")]
pub enum PendingAction {
    /// `start_progress`.
    Start(StartParams),
    /// `complete`.
    Complete(CompleteParams),
    /// `cancel`.
    Cancel(CancelParams),
}

impl PendingAction {
    /// The job it acts on.
    #[must_use]
    pub fn job(&self) -> &JobIdentifier {
        match self {
            Self::Start(p) => &p.job,
            Self::Complete(p) => &p.job,
            Self::Cancel(p) => &p.job,
        }
    }

    /// The verb, as the audit log and the outbox view name it.
    #[must_use]
    pub fn verb(&self) -> &'static str {
        match self {
            Self::Start(_) => "start",
            Self::Complete(_) => "complete",
            Self::Cancel(_) => "cancel",
        }
    }

    /// The state the job is in once the action is applied.
    #[must_use]
    pub fn target_state(&self) -> LifeCycleState {
        match self {
            Self::Start(_) => LifeCycleState::InProgress,
            Self::Complete(_) => LifeCycleState::Completed,
            Self::Cancel(_) => LifeCycleState::Cancelled,
        }
    }

    /// The status asked for, if one was.
    #[must_use]
    pub fn status(&self) -> Option<&JobStatusIdentifier> {
        match self {
            Self::Start(p) => p.status.as_ref(),
            Self::Complete(p) => p.status.as_ref(),
            Self::Cancel(p) => p.status.as_ref(),
        }
    }

    /// Sends it, once.
    ///
    /// # Errors
    /// As the client's action methods.
    pub async fn send(
        &self,
        client: &crate::api::client::Client,
    ) -> Result<Job, crate::api::error::ApiError> {
        match self {
            Self::Start(params) => client.start_progress(params).await,
            Self::Complete(params) => client.complete(params).await,
            Self::Cancel(params) => client.cancel(params).await,
        }
    }

    /// The states from which the server accepts the action.
    #[must_use]
    pub fn source_states(&self) -> &'static [LifeCycleState] {
        match self {
            Self::Start(_) => &[LifeCycleState::Pending],
            Self::Complete(_) => &[LifeCycleState::InProgress],
            Self::Cancel(_) => &[
                LifeCycleState::Draft,
                LifeCycleState::Pending,
                LifeCycleState::InProgress,
            ],
        }
    }
}

/// The job as the user saw it when acting: what "unchanged" means when reconciling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Its life cycle state (as written when unknown; it travels as the same text).
    pub life_cycle_state: JobState,
    /// `log_information.updated_date`.
    pub updated_date: Option<DateTime<Utc>>,
}

impl Baseline {
    /// The baseline of a job as loaded.
    #[must_use]
    pub fn of(job: &Job) -> Self {
        Self {
            life_cycle_state: job.life_cycle_state.clone(),
            updated_date: job.updated_date(),
        }
    }

    /// Whether the job is as it was.
    #[must_use]
    pub fn matches(&self, job: &Job) -> bool {
        job.life_cycle_state == self.life_cycle_state && job.updated_date() == self.updated_date
    }
}

/// Where an entry's delivery stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum EntryState {
    /// Written; no answer yet (being sent, or the program stopped before it was).
    Queued,
    /// The server could not be reached or its answer was lost; tried again from `retry_at`.
    Waiting {
        /// The last failure, for people.
        error: String,
        /// How many deliveries in a row ended waiting (drives the backoff).
        failures: u32,
        /// When to try again.
        retry_at: DateTime<Utc>,
    },
    /// The job changed on the server in a way that needs the user: retry sends anyway,
    /// discard drops the action.
    Conflict {
        /// What changed, for people.
        why: String,
    },
}

/// A durable record of one action not yet confirmed by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its name.
    pub id: EntryId,
    /// When the user asked for the action.
    pub created: DateTime<Utc>,
    /// The profile it was made in.
    pub profile: String,
    /// The server it is for.
    pub server: String,
    /// The organisation it is for.
    pub organisation: String,
    /// The user who asked for it.
    pub username: String,
    /// What to send.
    #[serde(flatten)]
    pub action: PendingAction,
    /// The job as the user saw it; `None` when unknown (then "unchanged" means "in a state
    /// the action starts from").
    pub baseline: Option<Baseline>,
    /// How many times it may have reached the server: counted before each send, so a crash
    /// between the count and the send errs on the side of reading the job back first.
    pub attempts: u32,
    /// Where its delivery stands.
    #[serde(flatten)]
    pub state: EntryState,
}

impl Entry {
    /// A new, queued entry with a fresh id.
    #[must_use]
    pub fn new(owner: &Owner, action: PendingAction, baseline: Option<Baseline>) -> Self {
        Self {
            id: EntryId::random(),
            created: Utc::now(),
            profile: owner.profile.clone(),
            server: owner.server.clone(),
            organisation: owner.organisation.clone(),
            username: owner.username.clone(),
            action,
            baseline,
            attempts: 0,
            state: EntryState::Queued,
        }
    }

    /// Whether it belongs to this profile and account.
    #[must_use]
    pub fn belongs_to(&self, owner: &Owner) -> bool {
        self.profile == owner.profile
            && self.server == owner.server
            && self.organisation == owner.organisation
            && self.username == owner.username
    }

    /// The job's identifier value, e.g. `JB00019`.
    #[must_use]
    pub fn job(&self) -> &str {
        self.action.job().value()
    }

    /// Whether it waits for the server (it could not be delivered yet); conflicts wait for
    /// the user instead.
    #[must_use]
    pub fn is_waiting(&self) -> bool {
        matches!(self.state, EntryState::Waiting { .. })
    }

    /// Whether it should be sent now: queued, or waiting and its retry time has come.
    /// Conflicts wait for the user.
    #[must_use]
    pub fn is_due(&self, now: DateTime<Utc>) -> bool {
        match &self.state {
            EntryState::Queued => true,
            EntryState::Waiting { retry_at, .. } => *retry_at <= now,
            EntryState::Conflict { .. } => false,
        }
    }
}
