//! The wire form of a job, flat as the server sends it (user-defined fields beside the
//! others), so decoding reads each field once instead of buffering the object for a
//! `#[serde(flatten)]`.
//!
//! Every field is read leniently (see `lenient`, `wire_date`, `job_state`), so the usual
//! oddities of a real server cost nothing; the job is built once the server's zone is known
//! ([`WireJob::into_job`]). A job with neither an id nor a number is no job at all: `None`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::job::{DateField, Job, UnreadableDate, UserDefinedFields};
use super::model::{
    AssignedTo, JobState, JobStatus, LifeCycleState, LogInformation, RatingState, UnitRef, UserRef,
};
use super::wire_date::WireDate;

/// Every field of a job on the wire.
#[derive(Deserialize)]
pub(crate) struct WireJob {
    #[serde(default, deserialize_with = "super::lenient::text")]
    id: String,
    #[serde(default, deserialize_with = "super::lenient::text")]
    number: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
    #[serde(default)]
    contact_phone: Option<String>,
    #[serde(default)]
    life_cycle_state: Option<JobState>,
    #[serde(default)]
    rating_state: Option<RatingState>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    start_date: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    expected_completion_date: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    actual_completed_date: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    expiration_date: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    scheduled_date: Option<WireDate>,
    #[serde(default)]
    assigned_to: Option<AssignedTo>,
    #[serde(default, rename = "type")]
    job_type: Option<super::model::JobType>,
    #[serde(default)]
    status: Option<WireStatus>,
    #[serde(default)]
    log_information: Option<WireLog>,
    #[serde(default)]
    udf_string_1: Option<String>,
    #[serde(default)]
    udf_string_2: Option<String>,
    #[serde(default)]
    udf_string_3: Option<String>,
    #[serde(default)]
    udf_string_4: Option<String>,
    #[serde(default)]
    udf_string_5: Option<String>,
    #[serde(default)]
    udf_string_6: Option<String>,
    #[serde(default)]
    udf_string_7: Option<String>,
    #[serde(default)]
    udf_string_8: Option<String>,
    #[serde(default)]
    udf_float_1: Option<f64>,
    #[serde(default)]
    udf_float_2: Option<f64>,
    #[serde(default)]
    udf_float_3: Option<f64>,
    #[serde(default)]
    udf_float_4: Option<f64>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    udf_date_1: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    udf_date_2: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    udf_date_3: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    udf_date_4: Option<WireDate>,
    /// What the job cache saved of the dates no form read (never sent by a server).
    #[serde(default)]
    unreadable_dates: Vec<UnreadableDate>,
}

/// A job's status on the wire: its state may be missing or unknown.
#[derive(Deserialize)]
struct WireStatus {
    #[serde(default, deserialize_with = "super::lenient::text")]
    id: String,
    #[serde(default, deserialize_with = "super::lenient::text")]
    name: String,
    #[serde(default)]
    alternative_code: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    life_cycle_state: Option<JobState>,
}

impl WireStatus {
    fn known_state(&self) -> Option<LifeCycleState> {
        self.life_cycle_state.as_ref().and_then(JobState::known)
    }

    /// The status, in its own state when it names a known one, else in the job's (a job's
    /// status belongs to the job's state). With neither known there is no state to give it,
    /// and the status is left out; the job's state, shown as written, says what it is.
    fn into_status(self, job_state: Option<LifeCycleState>) -> Option<JobStatus> {
        let life_cycle_state = self.known_state().or(job_state)?;
        Some(JobStatus {
            id: self.id,
            name: self.name,
            alternative_code: self.alternative_code,
            description: self.description,
            life_cycle_state,
        })
    }
}

/// Log information on the wire: its dates read leniently, as the job's.
#[derive(Deserialize)]
struct WireLog {
    #[serde(default, deserialize_with = "super::wire_date::option")]
    created_date: Option<WireDate>,
    #[serde(default, deserialize_with = "super::wire_date::option")]
    updated_date: Option<WireDate>,
    #[serde(default, with = "super::shared::arc_option")]
    created_by_user: Option<Arc<UserRef>>,
    #[serde(default, with = "super::shared::arc_option")]
    updated_by_user: Option<Arc<UserRef>>,
    #[serde(default, with = "super::shared::arc_option")]
    created_by_unit: Option<Arc<UnitRef>>,
    #[serde(default, with = "super::shared::arc_option")]
    updated_by_unit: Option<Arc<UnitRef>>,
}

/// Turns wire dates into instants in the server's zone, keeping the unreadable ones aside.
struct Dates {
    zone: Tz,
    unreadable: Vec<UnreadableDate>,
}

impl Dates {
    fn read(&mut self, field: DateField, date: Option<WireDate>) -> Option<DateTime<Utc>> {
        match date? {
            WireDate::Read(reading) => Some(reading.in_zone(self.zone)),
            WireDate::Unreadable(text) => {
                self.unreadable.push(UnreadableDate { field, text });
                None
            }
        }
    }
}

impl From<WireJob> for Job {
    /// The job with offset-less dates in UTC (the job cache's and the benchmarks' reading);
    /// a job without an identity keeps its empty id and number.
    fn from(wire: WireJob) -> Self {
        wire.build(Tz::UTC)
    }
}

impl WireJob {
    /// The job, offset-less dates read in `zone`; `None` when it has neither an id nor a
    /// number.
    pub(crate) fn into_job(self, zone: Tz) -> Option<Job> {
        if self.id.trim().is_empty() && self.number.trim().is_empty() {
            return None;
        }
        Some(self.build(zone))
    }

    fn build(self, zone: Tz) -> Job {
        let mut dates = Dates {
            zone,
            unreadable: self.unreadable_dates,
        };
        let status_state = self.status.as_ref().and_then(WireStatus::known_state);
        // No state of its own: the status's says where the job is.
        let life_cycle_state = self.life_cycle_state.unwrap_or_else(|| {
            status_state.map_or_else(|| JobState::Unknown("".into()), JobState::Known)
        });
        let status = self
            .status
            .and_then(|s| s.into_status(life_cycle_state.known()));
        let log_information = self.log_information.map(|log| LogInformation {
            created_date: dates.read(DateField::CreatedDate, log.created_date),
            updated_date: dates.read(DateField::UpdatedDate, log.updated_date),
            created_by_user: log.created_by_user,
            updated_by_user: log.updated_by_user,
            created_by_unit: log.created_by_unit,
            updated_by_unit: log.updated_by_unit,
        });
        Job {
            id: self.id,
            number: self.number,
            description: self.description,
            notes: self.notes,
            contact_email: self.contact_email,
            contact_phone: self.contact_phone,
            life_cycle_state,
            rating_state: self.rating_state,
            start_date: dates.read(DateField::StartDate, self.start_date),
            expected_completion_date: dates.read(
                DateField::ExpectedCompletionDate,
                self.expected_completion_date,
            ),
            actual_completed_date: dates
                .read(DateField::ActualCompletedDate, self.actual_completed_date),
            expiration_date: dates.read(DateField::ExpirationDate, self.expiration_date),
            scheduled_date: dates.read(DateField::ScheduledDate, self.scheduled_date),
            assigned_to: self.assigned_to.map(Arc::new),
            job_type: self.job_type.map(Arc::new),
            status: status.map(Arc::new),
            log_information,
            udf: UserDefinedFields {
                udf_string_1: self.udf_string_1,
                udf_string_2: self.udf_string_2,
                udf_string_3: self.udf_string_3,
                udf_string_4: self.udf_string_4,
                udf_string_5: self.udf_string_5,
                udf_string_6: self.udf_string_6,
                udf_string_7: self.udf_string_7,
                udf_string_8: self.udf_string_8,
                udf_float_1: self.udf_float_1,
                udf_float_2: self.udf_float_2,
                udf_float_3: self.udf_float_3,
                udf_float_4: self.udf_float_4,
                udf_date_1: dates.read(DateField::UdfDate1, self.udf_date_1),
                udf_date_2: dates.read(DateField::UdfDate2, self.udf_date_2),
                udf_date_3: dates.read(DateField::UdfDate3, self.udf_date_3),
                udf_date_4: dates.read(DateField::UdfDate4, self.udf_date_4),
            },
            unreadable_dates: dates.unreadable,
        }
    }
}
