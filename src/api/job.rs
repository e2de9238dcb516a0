//! The job object (crm-api.md §6) and the parameters of the job actions (§4.2).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ident::{
    CancellationReasonIdentifier, JobIdentifier, JobStatusIdentifier, UserIdentifier,
};
use super::model::{
    AssignedTo, FulfillmentScope, JobStatus, JobType, LifeCycleState, LogInformation, RatingState,
};

/// A service job. Decoded through [`super::job_wire::WireJob`], a flat copy of the wire
/// object: `#[serde(flatten)]` would buffer every field of every job before decoding it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "super::job_wire::WireJob")]
pub struct Job {
    /// Server id.
    #[serde(default)]
    pub id: String,
    /// Number people use, e.g. `JB00019`.
    #[serde(default)]
    pub number: String,
    /// What is to be done.
    #[serde(default)]
    pub description: Option<String>,
    /// Free notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Contact email for the job.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Contact phone for the job.
    #[serde(default)]
    pub contact_phone: Option<String>,
    /// Where the job is in its life.
    pub life_cycle_state: LifeCycleState,
    /// Whether the job has been rated.
    #[serde(default)]
    pub rating_state: Option<RatingState>,
    /// When work started.
    #[serde(default, with = "super::date::option")]
    pub start_date: Option<DateTime<Utc>>,
    /// When work is expected to be done.
    #[serde(default, with = "super::date::option")]
    pub expected_completion_date: Option<DateTime<Utc>>,
    /// When the job was completed.
    #[serde(default, with = "super::date::option")]
    pub actual_completed_date: Option<DateTime<Utc>>,
    /// When the job expires (R13+).
    #[serde(default, with = "super::date::option")]
    pub expiration_date: Option<DateTime<Utc>>,
    /// When the subscription action is scheduled (R13+, four scopes).
    #[serde(default, with = "super::date::option")]
    pub scheduled_date: Option<DateTime<Utc>>,
    /// Assignee, unit and business unit (shared between the jobs that have the same).
    #[serde(default, with = "super::shared::arc_option")]
    pub assigned_to: Option<Arc<AssignedTo>>,
    /// The job's type, with its fulfillment scope (shared between jobs of the type).
    #[serde(default, rename = "type", with = "super::shared::arc_option")]
    pub job_type: Option<Arc<JobType>>,
    /// The current status (shared between jobs in it).
    #[serde(default, with = "super::shared::arc_option")]
    pub status: Option<Arc<JobStatus>>,
    /// Created and updated by and when.
    #[serde(default)]
    pub log_information: Option<LogInformation>,
    /// User-defined fields, as the organisation configured them.
    #[serde(flatten)]
    pub udf: UserDefinedFields,
}

/// The user-defined fields of a job: eight strings, four numbers, four dates. The names are
/// the wire names; what each means is configured per organisation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[expect(
    missing_docs,
    reason = "the names are the wire names; their meaning is per organisation"
)]
pub struct UserDefinedFields {
    #[serde(default)]
    pub udf_string_1: Option<String>,
    #[serde(default)]
    pub udf_string_2: Option<String>,
    #[serde(default)]
    pub udf_string_3: Option<String>,
    #[serde(default)]
    pub udf_string_4: Option<String>,
    #[serde(default)]
    pub udf_string_5: Option<String>,
    #[serde(default)]
    pub udf_string_6: Option<String>,
    #[serde(default)]
    pub udf_string_7: Option<String>,
    #[serde(default)]
    pub udf_string_8: Option<String>,
    #[serde(default)]
    pub udf_float_1: Option<f64>,
    #[serde(default)]
    pub udf_float_2: Option<f64>,
    #[serde(default)]
    pub udf_float_3: Option<f64>,
    #[serde(default)]
    pub udf_float_4: Option<f64>,
    #[serde(default, with = "super::date::option")]
    pub udf_date_1: Option<DateTime<Utc>>,
    #[serde(default, with = "super::date::option")]
    pub udf_date_2: Option<DateTime<Utc>>,
    #[serde(default, with = "super::date::option")]
    pub udf_date_3: Option<DateTime<Utc>>,
    #[serde(default, with = "super::date::option")]
    pub udf_date_4: Option<DateTime<Utc>>,
}

impl Job {
    /// The fulfillment scope of the job's type, `Unknown` when the type is missing.
    #[must_use]
    pub fn scope(&self) -> FulfillmentScope {
        self.job_type
            .as_ref()
            .map_or(FulfillmentScope::Unknown, |t| t.fulfillment_scope)
    }

    /// The identifier the client uses for this job: its number when known, else its id.
    #[must_use]
    pub fn identifier(&self) -> JobIdentifier {
        if self.number.is_empty() {
            JobIdentifier::Id(self.id.clone())
        } else {
            JobIdentifier::Number(self.number.clone())
        }
    }

    /// When the job was last changed on the server, as far as the job says.
    #[must_use]
    pub fn updated_date(&self) -> Option<DateTime<Utc>> {
        self.log_information
            .as_ref()
            .and_then(|log| log.updated_date)
    }
}

/// Parameters of `jobs/all_scopes/start_progress`.
// Serde only for the outbox; the wire body is built in `actions.rs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartParams {
    /// The job to start.
    pub job: JobIdentifier,
    /// The `IN_PROGRESS` status to set; `None` means the type's default.
    pub status: Option<JobStatusIdentifier>,
}

/// Parameters of `jobs/all_scopes/complete` (the seed method).
// Serde only for the outbox; the wire body is built in `actions.rs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteParams {
    /// The job to complete.
    pub job: JobIdentifier,
    /// The `COMPLETED` status to set; `None` means the type's default.
    pub status: Option<JobStatusIdentifier>,
    /// Who did the work (`NEW_SUBSCRIPTION` only).
    pub performed_by: Option<UserIdentifier>,
    /// When the work was done (`NEW_SUBSCRIPTION` only; not in the future).
    pub performed_on: Option<DateTime<Utc>>,
    /// When the subscription action is to run (the four scheduled scopes).
    pub scheduled_date: Option<DateTime<Utc>>,
}

impl CompleteParams {
    /// Completion of `job` with every optional parameter left to the server's defaults.
    #[must_use]
    pub fn new(job: JobIdentifier) -> Self {
        Self {
            job,
            status: None,
            performed_by: None,
            performed_on: None,
            scheduled_date: None,
        }
    }
}

/// Parameters of `jobs/all_scopes/cancel`.
// Serde only for the outbox; the wire body is built in `actions.rs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelParams {
    /// The job to cancel.
    pub job: JobIdentifier,
    /// The `CANCELLED` status to set; `None` means the type's default.
    pub status: Option<JobStatusIdentifier>,
    /// Why it was cancelled.
    pub reason: Option<CancellationReasonIdentifier>,
    /// Whether provided items are cancelled too.
    pub cancel_provided_items: bool,
}
