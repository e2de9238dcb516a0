//! The job object, a page of them, and the parameters of the job actions
//! (§4.2).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::ident::{
    CancellationReasonIdentifier, JobIdentifier, JobStatusIdentifier, UserIdentifier,
};
use super::model::{
    AssignedTo, FulfillmentScope, JobState, JobStatus, JobType, LogInformation, RatingState,
};

/// A service job. Decoded through [`super::job_wire::WireJob`], a flat copy of the wire
/// object: `#[serde(flatten)]` would buffer every field of every job before decoding it.
///
/// Decoding never fails on one odd field: a state the client does not know is kept as
/// written ([`JobState::Unknown`]), and a date no form reads is left out of its field and
/// kept, as written, in [`Job::unreadable_dates`]. Offset-less dates are read in UTC here;
/// the client reads them in the profile's server zone (`decode_jobs_in`).
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
    /// Where the job is in its life; a state the client does not know is kept as written.
    pub life_cycle_state: JobState,
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
    /// The dates the server sent that no form reads, as written; their fields are `None`,
    /// so lists and sorting treat them as absent. Not a wire field: only the job cache
    /// writes it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable_dates: Vec<UnreadableDate>,
}

/// A date field of a job, by its wire name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[expect(missing_docs, reason = "the names are the wire names")]
pub enum DateField {
    StartDate,
    ExpectedCompletionDate,
    ActualCompletedDate,
    ExpirationDate,
    ScheduledDate,
    CreatedDate,
    UpdatedDate,
    #[serde(rename = "udf_date_1")]
    UdfDate1,
    #[serde(rename = "udf_date_2")]
    UdfDate2,
    #[serde(rename = "udf_date_3")]
    UdfDate3,
    #[serde(rename = "udf_date_4")]
    UdfDate4,
}

/// A date no form reads, as the server wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadableDate {
    /// Which field it came in.
    pub field: DateField,
    /// The text (JSON that is not a string: its kind, e.g. `(an object)`).
    pub text: Box<str>,
}

/// A page of jobs as decoded: the jobs, and how many entries were left out because they
/// carried neither an id nor a number (nothing could show or act on them). Derefs to the
/// jobs, so a caller that does not care about the count uses it as the list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JobPage {
    /// The jobs, in the server's order.
    pub jobs: Vec<Job>,
    /// Entries left out for want of an id and a number.
    pub skipped: usize,
    /// `Some(types)` when the server has no method for the tab and the page was put
    /// together from `jobs/all_scopes/list` over that many job types (see `fallback`).
    pub assembled_from: Option<usize>,
}

impl JobPage {
    /// How many entries the server sent (the paging guard compares it to the page asked).
    #[must_use]
    pub fn received(&self) -> usize {
        self.jobs.len() + self.skipped
    }

    /// What to tell the user about the entries left out, if any were.
    #[must_use]
    pub fn skipped_notice(&self) -> Option<String> {
        match self.skipped {
            0 => None,
            1 => Some("1 job without a number or an id was left out".to_owned()),
            n => Some(format!("{n} jobs without a number or an id were left out")),
        }
    }
}

impl From<Vec<Job>> for JobPage {
    fn from(jobs: Vec<Job>) -> Self {
        Self {
            jobs,
            skipped: 0,
            assembled_from: None,
        }
    }
}

impl FromIterator<Job> for JobPage {
    fn from_iter<I: IntoIterator<Item = Job>>(jobs: I) -> Self {
        Vec::from_iter(jobs).into()
    }
}

impl std::ops::Deref for JobPage {
    type Target = Vec<Job>;

    fn deref(&self) -> &Vec<Job> {
        &self.jobs
    }
}

impl std::ops::DerefMut for JobPage {
    fn deref_mut(&mut self) -> &mut Vec<Job> {
        &mut self.jobs
    }
}

impl IntoIterator for JobPage {
    type Item = Job;
    type IntoIter = std::vec::IntoIter<Job>;

    fn into_iter(self) -> Self::IntoIter {
        self.jobs.into_iter()
    }
}

impl<'a> IntoIterator for &'a JobPage {
    type Item = &'a Job;
    type IntoIter = std::slice::Iter<'a, Job>;

    fn into_iter(self) -> Self::IntoIter {
        self.jobs.iter()
    }
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

    /// Whether the completion form offers performed by and performed on: the scope takes
    /// them, or the scope is unknown (no type, or a type without one) and the server judges.
    #[must_use]
    pub fn offers_performed_by(&self) -> bool {
        let scope = self.scope();
        scope == FulfillmentScope::Unknown || scope.takes_performed_by()
    }

    /// Whether the completion form offers the scheduled date (as [`Job::offers_performed_by`]).
    #[must_use]
    pub fn offers_scheduled_date(&self) -> bool {
        let scope = self.scope();
        scope == FulfillmentScope::Unknown || scope.takes_scheduled_date()
    }

    /// The text of `field` as the server wrote it, when no form read it.
    #[must_use]
    pub fn unreadable(&self, field: DateField) -> Option<&str> {
        self.unreadable_dates
            .iter()
            .find(|date| date.field == field)
            .map(|date| &*date.text)
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
