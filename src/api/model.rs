//! The objects of the CRM.COM Web API: what the server sends and the
//! parameters of the actions the client takes.
//!
//! Serialising emits the one form the stand-in promises; deserialising is lenient, as a client
//! of a real server must be: `IN PROGRESS` and `IN_PROGRESS`, every date form, unknown fields
//! ignored, nested objects missing or null, `null` or numeric ids and names, and `""` for an
//! absent person's or unit's name (see `lenient`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The answer to every request: a status and the data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// `OK` or an error code with a message.
    pub status: ApiStatus,
    /// The entity, the list, or `null` on errors and on actions that return nothing.
    #[serde(default = "Option::default")]
    pub data: Option<T>,
}

/// The `status` part of the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiStatus {
    /// `OK` on success, otherwise the server's error code (see `refusal`).
    pub code: String,
    /// What went wrong, for people; `null` or empty on success.
    #[serde(default)]
    pub message: Option<String>,
    /// More detail, when the server has some.
    #[serde(default)]
    pub description: Option<String>,
}

impl ApiStatus {
    /// The success code.
    pub const OK: &'static str = "OK";

    /// Whether this status reports success.
    #[must_use]
    pub fn is_ok(&self) -> bool {
        self.code == Self::OK
    }
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LifeCycleState {
    /// Being prepared; no method moves it on.
    Draft,
    /// Waiting to be started.
    Pending,
    /// Started, waiting to be completed or cancelled.
    InProgress,
    /// Done; final.
    Completed,
    /// Called off; final.
    Cancelled,
}

impl LifeCycleState {
    /// Every state, in the order the tabs show them.
    pub const ALL: [Self; 5] = [
        Self::Pending,
        Self::InProgress,
        Self::Completed,
        Self::Cancelled,
        Self::Draft,
    ];

    /// The wire form the stand-in emits.
    #[must_use]
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::Draft => "DRAFT",
            Self::Pending => "PENDING",
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
            Self::Cancelled => "CANCELLED",
        }
    }

    /// Reads any form a server may send: `IN PROGRESS`, `IN_PROGRESS`, `in-progress`, any case.
    #[must_use]
    pub fn from_wire(text: &str) -> Option<Self> {
        // The form every job of a page carries, recognised without building the normal form.
        if let Some(state) = Self::ALL.into_iter().find(|s| s.as_wire() == text) {
            return Some(state);
        }
        let normal: String = text
            .trim()
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        match normal.as_str() {
            "DRAFT" => Some(Self::Draft),
            "PENDING" => Some(Self::Pending),
            "IN_PROGRESS" | "INPROGRESS" => Some(Self::InProgress),
            "COMPLETED" => Some(Self::Completed),
            "CANCELLED" | "CANCELED" => Some(Self::Cancelled),
            _ => None,
        }
    }

    /// How a person reads it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Pending => "Pending",
            Self::InProgress => "In progress",
            Self::Completed => "Completed",
            Self::Cancelled => "Cancelled",
        }
    }

    /// Whether no action can move a job out of this state.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Cancelled)
    }
}

impl std::fmt::Display for LifeCycleState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_wire())
    }
}

impl Serialize for LifeCycleState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for LifeCycleState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StateVisitor)
    }
}

/// Reads the state from the text where it lies: a `Cow<str>` would copy it into a `String`
/// first (serde's `Cow` is always owned), twice per job of a page.
struct StateVisitor;

impl serde::de::Visitor<'_> for StateVisitor {
    type Value = LifeCycleState;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        LifeCycleState::from_wire(text)
            .ok_or_else(|| E::custom(format!("unknown life cycle state {text:?}")))
    }
}

/// Whether the job has been rated (billed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RatingState {
    /// Not rated yet.
    Pending,
    /// Rated.
    Completed,
    /// A value this client does not know; shown as unknown.
    #[serde(other)]
    Unknown,
}

pub use super::scope::FulfillmentScope;

/// A user as embedded in other objects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UserRef {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Login name.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub username: Option<String>,
    /// Full name; `""` reads as absent, so the login name shows instead.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub person_name: Option<String>,
    /// Email address; `""` reads as absent.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub email: Option<String>,
}

/// A unit as embedded in other objects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UnitRef {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Unit name.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub name: Option<String>,
    /// Group the unit belongs to; `""` reads as absent.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub group_name: Option<String>,
    /// Community the unit belongs to; `""` reads as absent.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub community_name: Option<String>,
}

/// A business unit as embedded in other objects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BusinessUnitRef {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Short code.
    #[serde(default)]
    pub code: Option<String>,
}

/// Who a job is assigned to; any part may be missing.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AssignedTo {
    /// The assignee.
    #[serde(default)]
    pub user: Option<UserRef>,
    /// The assigned unit (the user picker filters by it).
    #[serde(default)]
    pub unit: Option<UnitRef>,
    /// The business unit.
    #[serde(default)]
    pub business_unit: Option<BusinessUnitRef>,
}

/// A job type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobType {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Name (`null` reads as empty).
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub name: String,
    /// Short code.
    #[serde(default)]
    pub alternative_code: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// What the type delivers; `Unknown` when the type carries none (or `null`), and then
    /// the server judges which completion parameters apply.
    #[serde(default = "unknown_scope", deserialize_with = "super::lenient::scope")]
    pub fulfillment_scope: FulfillmentScope,
}

fn unknown_scope() -> FulfillmentScope {
    FulfillmentScope::Unknown
}

/// A job status: an organisation's name for a point in a life cycle state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobStatus {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Name, e.g. `Installed` (`null` reads as empty).
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub name: String,
    /// Short code.
    #[serde(default)]
    pub alternative_code: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The life cycle state this status belongs to. A job's status that names none (or one
    /// the client does not know) takes the job's (see `job_wire`).
    pub life_cycle_state: LifeCycleState,
}

/// An entry of `jobs/configuration/statuses/list` and `get_next_status_sequence`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusEntry {
    /// Id of the entry (the type-status link).
    #[serde(default)]
    pub id: String,
    /// Whether this is the type's default status for its life cycle state.
    #[serde(default)]
    pub default: bool,
    /// The status.
    pub status: JobStatus,
}

/// An entry of `jobs/configuration/cancellation_reasons/list`: why a job may be cancelled.
/// Read leniently (a `null` where a value belongs counts as absent): one odd entry must not
/// cost the cancel form its whole list.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancellationReason {
    /// Server id; sent back as `cancellation_reason_identifier`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// Name, e.g. `Customer request`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Short code.
    #[serde(default)]
    pub alternative_code: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Whether this is the default reason of the job type.
    #[serde(default, deserialize_with = "null_as_default")]
    pub default: bool,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Who created and last changed an object, and when.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogInformation {
    /// When it was created.
    #[serde(default, with = "super::date::option")]
    pub created_date: Option<DateTime<Utc>>,
    /// When it last changed; the client compares it to spot changes made elsewhere.
    #[serde(default, with = "super::date::option")]
    pub updated_date: Option<DateTime<Utc>>,
    /// Creator (shared between the objects with the same).
    #[serde(default, with = "super::shared::arc_option")]
    pub created_by_user: Option<Arc<UserRef>>,
    /// Last changed by (shared).
    #[serde(default, with = "super::shared::arc_option")]
    pub updated_by_user: Option<Arc<UserRef>>,
    /// Creator's unit (shared).
    #[serde(default, with = "super::shared::arc_option")]
    pub created_by_unit: Option<Arc<UnitRef>>,
    /// Last changer's unit (shared).
    #[serde(default, with = "super::shared::arc_option")]
    pub updated_by_unit: Option<Arc<UnitRef>>,
}

/// A user from `users/list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Server id.
    #[serde(default, deserialize_with = "super::lenient::text")]
    pub id: String,
    /// Login name.
    pub username: String,
    /// Full name; `""` reads as absent.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub person_name: Option<String>,
    /// Email address; `""` reads as absent.
    #[serde(default, deserialize_with = "super::lenient::non_empty")]
    pub email: Option<String>,
    /// Whether the user can log in.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// The `data` of a login.
#[derive(Deserialize)]
pub struct TokenData {
    /// The session token; opaque.
    pub token: secrecy::SecretString,
}

impl std::fmt::Debug for TokenData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenData { token: [REDACTED] }")
    }
}

pub use super::job_state::JobState;
pub use super::query::{JobFilter, Page, UserFilter};
