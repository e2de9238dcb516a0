//! Jobs decoded job by job: one odd job never costs its page.
//!
//! The usual page decodes in one pass over the bytes, each job built as soon as it is read
//! (the fields already take what a real server sends, see `job_wire`). Only when that pass
//! fails (a field of a type no reader takes, an entry that is not an object) is the page
//! read again entry by entry, and a failing entry rebuilt from the fields that do decode.
//! Only an entry with neither an id nor a number is left out, and counted.

use std::fmt;

use chrono_tz::Tz;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::decode::Kind;
use super::error::ApiError;
use super::job::{Job, JobPage};
use super::job_wire::WireJob;

/// The `data` of a page of jobs. A null `data` is an empty page.
pub(crate) fn page(data: Option<&[u8]>, zone: Tz) -> Result<JobPage, ApiError> {
    let Some(data) = data else {
        return Ok(JobPage::default());
    };
    let kind = Kind::of(data);
    if kind != Kind::List {
        return Err(ApiError::Decode(format!(
            "the list of jobs was {} instead of a list",
            kind.name()
        )));
    }
    let mut reader = serde_json::Deserializer::from_slice(data);
    let read = PageSeed { zone }
        .deserialize(&mut reader)
        .and_then(|page| reader.end().map(|()| page));
    read.or_else(|_| page_by_entry(data, zone))
}

/// The `data` of an answer carrying one job.
pub(crate) fn one(data: Option<&[u8]>, zone: Tz) -> Result<Job, ApiError> {
    let data = data.ok_or_else(|| ApiError::Decode("the answer carried no job".to_owned()))?;
    let kind = Kind::of(data);
    if kind != Kind::Object {
        return Err(ApiError::Decode(format!(
            "the job was {} instead of an object",
            kind.name()
        )));
    }
    let wire = match serde_json::from_slice::<WireJob>(data) {
        Ok(wire) => Some(wire),
        Err(_) => std::str::from_utf8(data).ok().and_then(salvage),
    };
    wire.and_then(|wire| wire.into_job(zone))
        .ok_or_else(|| ApiError::Decode("the job carried neither an id nor a number".to_owned()))
}

/// Builds each job as it is read, so a page holds no second copy of its jobs.
struct PageSeed {
    zone: Tz,
}

impl<'de> DeserializeSeed<'de> for PageSeed {
    type Value = JobPage;

    fn deserialize<D: serde::Deserializer<'de>>(self, reader: D) -> Result<JobPage, D::Error> {
        reader.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PageSeed {
    type Value = JobPage;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of jobs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut entries: A) -> Result<JobPage, A::Error> {
        let mut page = JobPage::default();
        while let Some(wire) = entries.next_element::<WireJob>()? {
            match wire.into_job(self.zone) {
                Some(job) => page.jobs.push(job),
                None => page.skipped += 1,
            }
        }
        Ok(page)
    }
}

/// The slow way, for a page the one pass could not read: entry by entry.
fn page_by_entry(data: &[u8], zone: Tz) -> Result<JobPage, ApiError> {
    let entries: Vec<&RawValue> = serde_json::from_slice(data)
        .map_err(|e| ApiError::Decode(format!("the list of jobs: {e}")))?;
    let mut page = JobPage::default();
    for entry in entries {
        let wire = serde_json::from_str::<WireJob>(entry.get())
            .ok()
            .or_else(|| salvage(entry.get()));
        match wire.and_then(|wire| wire.into_job(zone)) {
            Some(job) => page.jobs.push(job),
            None => page.skipped += 1,
        }
    }
    Ok(page)
}

/// A job rebuilt from the fields of `entry` that decode, the others left out (and logged
/// by name, never by value); `None` when the entry is not an object.
fn salvage(entry: &str) -> Option<WireJob> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(entry) else {
        return None;
    };
    let mut kept = Map::new();
    let mut dropped = Vec::new();
    for (name, value) in fields {
        let alone = Map::from_iter([(name.clone(), value)]);
        match serde_json::from_value::<WireJob>(Value::Object(alone.clone())) {
            Ok(_) => kept.extend(alone),
            Err(_) => dropped.push(name),
        }
    }
    if !dropped.is_empty() {
        tracing::debug!(fields = ?dropped, "job fields left out: none of their forms decodes");
    }
    serde_json::from_value(Value::Object(kept)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::job::DateField;
    use crate::api::model::{JobState, LifeCycleState};

    fn utc_page(json: &str) -> JobPage {
        page(Some(json.as_bytes()), Tz::UTC).unwrap()
    }

    #[test]
    fn an_odd_job_leaves_the_rest_of_its_page() {
        let page = utc_page(
            r#"[{"number": "A", "life_cycle_state": "PENDING"},
                {"number": "B", "life_cycle_state": "EXPIRED", "start_date": "soon"},
                {"number": "C", "life_cycle_state": "PENDING", "udf_float_1": "1,5"},
                {"number": "", "id": null, "life_cycle_state": "PENDING"},
                null,
                {"id": 42}]"#,
        );
        let numbers: Vec<&str> = page.iter().map(|j| j.number.as_str()).collect();
        assert_eq!(numbers, ["A", "B", "C", ""]);
        assert_eq!((page.skipped, page.received()), (2, 6));
        assert_eq!(
            page[1].life_cycle_state,
            JobState::Unknown("EXPIRED".into())
        );
        assert_eq!(page[1].unreadable(DateField::StartDate), Some("soon"));
        assert_eq!(page[1].start_date, None);
        // The field no reader takes is left out; the job stays.
        assert_eq!(
            (page[2].udf.udf_float_1, page[2].life_cycle_state.known()),
            (None, Some(LifeCycleState::Pending))
        );
        assert_eq!(
            (page[3].id.as_str(), page[3].life_cycle_state.label()),
            ("42", "no state")
        );
        assert_eq!(
            page.skipped_notice().as_deref(),
            Some("2 jobs without a number or an id were left out")
        );
    }

    #[test]
    fn a_page_that_is_not_a_list_is_an_error_and_null_is_empty() {
        assert!(page(None, Tz::UTC).unwrap().is_empty());
        let error = page(Some(br#"{"a": 1}"#), Tz::UTC).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("the list of jobs was an object instead of a list"),
            "{error}"
        );
        let error = one(Some(br#"{"life_cycle_state": "PENDING"}"#), Tz::UTC).unwrap_err();
        assert!(
            error.to_string().ends_with("neither an id nor a number"),
            "{error}"
        );
        let error = one(Some(b"[1]"), Tz::UTC).unwrap_err();
        assert!(
            error
                .to_string()
                .ends_with("the job was a list instead of an object"),
            "{error}"
        );
    }
}
