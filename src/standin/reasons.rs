//! Cancellation reasons: the seed (`assets/standin/cancellation_reasons.toml`), the read
//! `GET jobs/configuration/cancellation_reasons/list`, and the check `cancel` makes of the
//! `cancellation_reason_identifier` it is given.
//!
//! Each job type offers its own reasons, the first listed being its default; a reason of
//! another type is refused like an unknown one (`NOT_FOUND`, naming the parameter).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::envelope::Failure;
use super::fields::Data;
use super::org::{Org, TypeRec};
use super::params::Params;
use super::reads::{authorised, paging};
use super::seed::stable_id;
use super::{Shared, lock};
use crate::api::ident::{CancellationReasonIdentifier, JobTypeIdentifier};
use crate::api::model::CancellationReason;

const REASONS: &str = include_str!("../../assets/standin/cancellation_reasons.toml");

/// The top-level fields of a cancellation reason (for `fields_set`).
pub(crate) const FIELDS: &[&str] = &["id", "name", "alternative_code", "description", "default"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonsFile {
    reasons: Vec<ReasonFile>,
    /// Reason names by the job type's alternative code.
    types: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonFile {
    name: String,
    alternative_code: String,
    description: String,
}

/// One cancellation reason of the organisation.
#[derive(Debug, Clone)]
pub(crate) struct ReasonRec {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) alternative_code: String,
    pub(crate) description: String,
}

/// The organisation's reasons and, per job type (by position), the ones it offers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reasons {
    all: Vec<ReasonRec>,
    by_type: Vec<Vec<usize>>,
}

impl Reasons {
    /// The reason at a position.
    pub(crate) fn get(&self, at: usize) -> Option<&ReasonRec> {
        self.all.get(at)
    }

    /// The reasons a job type offers, its default first.
    pub(crate) fn of_type(&self, job_type: usize) -> &[usize] {
        self.by_type.get(job_type).map_or(&[], Vec::as_slice)
    }

    /// A reason of the organisation by id, name or alternative code.
    pub(crate) fn find(&self, ident: &CancellationReasonIdentifier) -> Option<usize> {
        self.all.iter().position(|r| match ident {
            CancellationReasonIdentifier::Id(id) => &r.id == id,
            CancellationReasonIdentifier::Name(name) => &r.name == name,
            CancellationReasonIdentifier::AlternativeCode(code) => &r.alternative_code == code,
        })
    }

    /// The list entry as the wire carries it.
    fn entry(&self, at: usize, default: bool) -> CancellationReason {
        let reason = &self.all[at];
        CancellationReason {
            id: reason.id.clone(),
            name: reason.name.clone(),
            alternative_code: Some(reason.alternative_code.clone()),
            description: Some(reason.description.clone()),
            default,
        }
    }
}

/// Reads the compiled-in reasons for `types`.
///
/// # Errors
/// A broken seed file: a reason or a type it names that does not exist (a build defect).
pub(crate) fn seed(types: &[TypeRec]) -> Result<Reasons, String> {
    let file: ReasonsFile =
        toml::from_str(REASONS).map_err(|e| format!("cancellation_reasons.toml: {e}"))?;
    let all: Vec<ReasonRec> = file
        .reasons
        .into_iter()
        .map(|r| ReasonRec {
            id: stable_id("reason", &r.alternative_code),
            name: r.name,
            alternative_code: r.alternative_code,
            description: r.description,
        })
        .collect();
    let mut by_type = vec![Vec::new(); types.len()];
    for (code, names) in &file.types {
        let at = types
            .iter()
            .position(|t| t.job_type.alternative_code.as_deref() == Some(code.as_str()))
            .ok_or_else(|| format!("seed: cancellation reasons for unknown job type {code:?}"))?;
        for name in names {
            let reason = all
                .iter()
                .position(|r| &r.name == name)
                .ok_or_else(|| format!("seed: unknown cancellation reason {name:?} in {code}"))?;
            by_type[at].push(reason);
        }
    }
    Ok(Reasons { all, by_type })
}

/// The reason `cancel` records: one the job's type offers, or `NOT_FOUND` naming
/// `cancellation_reason_identifier` (with the type's reasons when it is another type's).
pub(crate) fn for_cancel(
    org: &Org,
    job_type: usize,
    ident: &CancellationReasonIdentifier,
) -> Result<usize, Failure> {
    const PARAM: &str = "cancellation_reason_identifier";
    let reasons = &org.reasons;
    let at = reasons
        .find(ident)
        .ok_or_else(|| Failure::not_found(PARAM, format!("no cancellation reason with {ident}")))?;
    let offered = reasons.of_type(job_type);
    if offered.contains(&at) {
        return Ok(at);
    }
    let names: Vec<&str> = offered
        .iter()
        .filter_map(|&r| reasons.get(r))
        .map(|r| r.name.as_str())
        .collect();
    Err(Failure::not_found(
        PARAM,
        format!(
            "{:?} is not a cancellation reason of job type {}; choose one of {}",
            reasons.all[at].name,
            org.types[job_type].job_type.name,
            names.join(", ")
        ),
    ))
}

/// `GET jobs/configuration/cancellation_reasons/list`: the reasons of a job type, the type's
/// default marked. `job_type_identifier` is mandatory (as from R13); paging is optional.
pub(crate) fn list(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let ident: JobTypeIdentifier = params.required_identifier("job_type_identifier")?;
    let (offset, size) = paging(shared, &mut params)?;
    let wanted = params.fields_set(FIELDS)?;
    params.finish("jobs/configuration/cancellation_reasons/list")?;
    let org = &shared.org;
    let job_type = org.find_type(&ident).ok_or_else(|| {
        Failure::not_found("job_type_identifier", format!("no job type with {ident}"))
    })?;
    let entries: Vec<CancellationReason> = org
        .reasons
        .of_type(job_type)
        .iter()
        .enumerate()
        .map(|(place, &at)| org.reasons.entry(at, place == 0))
        .skip(offset)
        .take(size)
        .collect();
    Ok(Data::of(&entries, wanted.as_deref()))
}

/// The name of the reason a job was cancelled for, if it was cancelled with one.
pub(crate) fn of_job(shared: &Shared, number: &str) -> Option<String> {
    let jobs = lock(&shared.jobs);
    let at = jobs.by_number(number)?;
    let reason = jobs.get(at).cancellation_reason?;
    drop(jobs);
    shared.org.reasons.get(reason).map(|r| r.name.clone())
}

#[cfg(test)]
mod tests {
    use super::super::seed::organisation;

    #[test]
    fn every_type_offers_reasons_with_its_default_first() {
        let (org, _) = organisation().unwrap();
        for (at, t) in org.types.iter().enumerate() {
            let offered = org.reasons.of_type(at);
            assert!(offered.len() >= 2, "{} offers too few", t.job_type.name);
            let mut seen = offered.to_vec();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), offered.len(), "{} repeats one", t.job_type.name);
        }
        let all: Vec<_> = (0..).map_while(|at| org.reasons.get(at)).collect();
        let codes: std::collections::HashSet<_> = all.iter().map(|r| &r.alternative_code).collect();
        assert_eq!(codes.len(), all.len(), "alternative codes are unique");
    }
}
