//! The wire form of a job, flat as the server sends it (user-defined fields beside the
//! others), so decoding reads each field once instead of buffering the object for a
//! `#[serde(flatten)]`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::job::{Job, UserDefinedFields};
use super::model::{AssignedTo, JobStatus, JobType, LifeCycleState, LogInformation, RatingState};

/// Every field of a job on the wire.
#[derive(Deserialize)]
pub(crate) struct WireJob {
    #[serde(default)]
    id: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    contact_email: Option<String>,
    #[serde(default)]
    contact_phone: Option<String>,
    life_cycle_state: LifeCycleState,
    #[serde(default)]
    rating_state: Option<RatingState>,
    #[serde(default, with = "crate::api::date::option")]
    start_date: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    expected_completion_date: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    actual_completed_date: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    expiration_date: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    scheduled_date: Option<DateTime<Utc>>,
    #[serde(default)]
    assigned_to: Option<AssignedTo>,
    #[serde(default, rename = "type")]
    job_type: Option<JobType>,
    #[serde(default)]
    status: Option<JobStatus>,
    #[serde(default)]
    log_information: Option<LogInformation>,
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
    #[serde(default, with = "crate::api::date::option")]
    udf_date_1: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    udf_date_2: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    udf_date_3: Option<DateTime<Utc>>,
    #[serde(default, with = "crate::api::date::option")]
    udf_date_4: Option<DateTime<Utc>>,
}

impl From<WireJob> for Job {
    fn from(w: WireJob) -> Self {
        Self {
            id: w.id,
            number: w.number,
            description: w.description,
            notes: w.notes,
            contact_email: w.contact_email,
            contact_phone: w.contact_phone,
            life_cycle_state: w.life_cycle_state,
            rating_state: w.rating_state,
            start_date: w.start_date,
            expected_completion_date: w.expected_completion_date,
            actual_completed_date: w.actual_completed_date,
            expiration_date: w.expiration_date,
            scheduled_date: w.scheduled_date,
            assigned_to: w.assigned_to.map(Arc::new),
            job_type: w.job_type.map(Arc::new),
            status: w.status.map(Arc::new),
            log_information: w.log_information,
            udf: UserDefinedFields {
                udf_string_1: w.udf_string_1,
                udf_string_2: w.udf_string_2,
                udf_string_3: w.udf_string_3,
                udf_string_4: w.udf_string_4,
                udf_string_5: w.udf_string_5,
                udf_string_6: w.udf_string_6,
                udf_string_7: w.udf_string_7,
                udf_string_8: w.udf_string_8,
                udf_float_1: w.udf_float_1,
                udf_float_2: w.udf_float_2,
                udf_float_3: w.udf_float_3,
                udf_float_4: w.udf_float_4,
                udf_date_1: w.udf_date_1,
                udf_date_2: w.udf_date_2,
                udf_date_3: w.udf_date_3,
                udf_date_4: w.udf_date_4,
            },
        }
    }
}
