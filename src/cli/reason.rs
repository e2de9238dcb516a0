//! `jobs cancel --reason TEXT`: the reason named by its name, alternative code or id (any
//! case), looked up among the job type's cancellation reasons before anything is sent, as
//! `--status` is among its statuses.

use std::collections::HashMap;

use crate::api::ident::{CancellationReasonIdentifier, JobTypeIdentifier};
use crate::api::job::Job;
use crate::api::model::CancellationReason;

use super::act::Outcome;
use super::session::Ctx;

/// The reasons fetched so far, by job type id (one request per type and call).
pub(super) type Cache = HashMap<String, Vec<CancellationReason>>;

/// The reason named by `text` among those `job`'s type offers, by id; `NotSent` naming the
/// offered ones when none matches.
pub(super) async fn pick(
    ctx: &Ctx,
    cache: &mut Cache,
    job: &Job,
    text: &str,
) -> Result<CancellationReasonIdentifier, Outcome> {
    let Some(job_type) = job.job_type.as_ref() else {
        // No type to look the reason up in: let the server judge the name.
        return Ok(CancellationReasonIdentifier::Name(text.to_owned()));
    };
    if !cache.contains_key(&job_type.id) {
        let list = ctx
            .client
            .cancellation_reasons(&JobTypeIdentifier::Id(job_type.id.clone()))
            .await
            .map_err(Outcome::Failed)?;
        cache.insert(job_type.id.clone(), list);
    }
    let offered = cache.get(&job_type.id).map_or(&[][..], Vec::as_slice);
    matching(offered, text)
        .map(|reason| CancellationReasonIdentifier::Id(reason.id.clone()))
        .ok_or_else(|| {
            let names: Vec<&str> = offered.iter().map(|r| r.name.as_str()).collect();
            let offer = if names.is_empty() {
                format!("{} jobs offer no cancellation reasons", job_type.name)
            } else {
                format!("{} jobs offer: {}", job_type.name, names.join(", "))
            };
            Outcome::NotSent(format!(
                "--reason: {} ({offer})",
                crate::rules::no_reason_matches(text)
            ))
        })
}

/// The reason whose name, alternative code or id is `text`, ignoring case.
fn matching<'a>(offered: &'a [CancellationReason], text: &str) -> Option<&'a CancellationReason> {
    let wanted = text.trim().to_lowercase();
    offered.iter().find(|r| {
        r.name.to_lowercase() == wanted
            || r.id.to_lowercase() == wanted
            || r.alternative_code
                .as_deref()
                .is_some_and(|c| c.to_lowercase() == wanted)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(id: &str, name: &str, code: &str) -> CancellationReason {
        CancellationReason {
            id: id.into(),
            name: name.into(),
            alternative_code: Some(code.into()),
            ..CancellationReason::default()
        }
    }

    #[test]
    fn name_code_or_id_in_any_case() {
        let offered = [
            reason("R1", "Customer request", "CUSTREQ"),
            reason("R2", "No access to premises", "NOACCESS"),
        ];
        let id = |text| matching(&offered, text).map(|r| r.id.as_str());
        assert_eq!(id("no ACCESS to premises"), Some("R2"));
        assert_eq!(id("custreq"), Some("R1"));
        assert_eq!(id("r2"), Some("R2"));
        assert_eq!(id("customer"), None, "a part is not enough");
    }
}
