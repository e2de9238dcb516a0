//! A job as an answer carries it, in the server's flavour and zone, with a test's patch laid
//! over it. The default (strict, UTC, no patch) serialises the typed job directly, as before;
//! only the documented flavour and patched jobs go through a JSON tree.

use serde::Serialize;
use serde_json::Value;

use super::fields::{self, Data};
use super::flavour::Zone;
use super::store::Jobs;
use super::{Flavour, Shared, documented};
use crate::api::job::Job;

/// One job, ready to serialise.
#[derive(Serialize)]
#[serde(untagged)]
#[expect(
    clippy::large_enum_variant,
    reason = "the strict page is a Vec of typed jobs as before; a box would cost an allocation a job"
)]
pub(crate) enum WireJob {
    /// The strict shape, straight from the wire type.
    Typed(Job),
    /// Reshaped or patched.
    Json(Value),
}

/// The job at `at` as the server's answers carry it.
pub(crate) fn job(shared: &Shared, jobs: &Jobs, at: usize) -> WireJob {
    let mut job = jobs.render(&shared.org, at);
    shift_dates(&mut job, shared.zone);
    let documented = shared.flavour == Flavour::Documented;
    if !documented && !shared.hooks.has_patch(&job.number) {
        return WireJob::Typed(job);
    }
    // Plain data always serialises; `null` keeps this total.
    let mut value = serde_json::to_value(&job).unwrap_or(Value::Null);
    if documented {
        documented::reshape_job(&mut value, &shared.org, jobs.get(at), at);
    }
    shared.hooks.apply_patch(&job.number, &mut value);
    WireJob::Json(value)
}

/// The answer carrying the job at `at`, filtered by `fields_set`.
pub(crate) fn one(shared: &Shared, jobs: &Jobs, at: usize, wanted: Option<&[String]>) -> Data {
    Data::of(&job(shared, jobs, at), wanted)
}

/// The names `fields_set` may give for a job in the flavour.
pub(crate) fn job_fields(flavour: Flavour) -> &'static [&'static str] {
    match flavour {
        Flavour::Strict => fields::JOB,
        Flavour::Documented => &DOCUMENTED_JOB_FIELDS,
    }
}

const DOCUMENTED_JOB_FIELDS: [&str; fields::JOB.len() + documented::EXTRA_JOB_FIELDS.len()] = {
    let mut all = [""; fields::JOB.len() + documented::EXTRA_JOB_FIELDS.len()];
    let mut at = 0;
    while at < fields::JOB.len() {
        all[at] = fields::JOB[at];
        at += 1;
    }
    while at < all.len() {
        all[at] = documented::EXTRA_JOB_FIELDS[at - fields::JOB.len()];
        at += 1;
    }
    all
};

/// Moves every date of the job to the zone's wall-clock time (the wire writes them without an
/// offset).
fn shift_dates(job: &mut Job, zone: Zone) {
    if zone == Zone::default() {
        return;
    }
    for date in [
        &mut job.start_date,
        &mut job.expected_completion_date,
        &mut job.actual_completed_date,
        &mut job.expiration_date,
        &mut job.scheduled_date,
        &mut job.udf.udf_date_1,
        &mut job.udf.udf_date_2,
        &mut job.udf.udf_date_3,
        &mut job.udf.udf_date_4,
    ] {
        zone.shift_opt(date);
    }
    if let Some(log) = &mut job.log_information {
        zone.shift_opt(&mut log.created_date);
        zone.shift_opt(&mut log.updated_date);
    }
}
