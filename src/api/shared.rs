//! Sharing the parts jobs repeat. A hundred thousand jobs carry a dozen types, a few dozen
//! statuses and the same few hundred people and units; each distinct value is kept once
//! (`Arc`) instead of once per job, which halves what a loaded list holds in memory.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::job::Job;
use super::model::{AssignedTo, JobStatus, JobType, LogInformation, UnitRef, UserRef};

/// Serde for `Option<Arc<T>>` without serde's `rc` feature: the wire form is `T`'s.
pub mod arc_option {
    use super::{Arc, Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the value as `T` would be written.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<Arc<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_deref().serialize(serializer)
    }

    /// Reads a `T` (or null) into a new `Arc`.
    ///
    /// # Errors
    /// As `T`'s own decoding.
    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<Arc<T>>, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map(Arc::new))
    }
}

/// The distinct values seen so far, by id. Bounded by what the organisation has, not by how
/// many jobs were loaded.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    types: HashMap<String, Arc<JobType>>,
    statuses: HashMap<String, Arc<JobStatus>>,
    assignments: HashMap<[String; 3], Arc<AssignedTo>>,
    users: HashMap<String, Arc<UserRef>>,
    units: HashMap<String, Arc<UnitRef>>,
}

/// Puts `value` in place of an equal copy held under `key`, or holds it as the latest copy.
fn share<K: Eq + std::hash::Hash, T: PartialEq>(
    held: &mut HashMap<K, Arc<T>>,
    key: K,
    value: &mut Arc<T>,
) {
    match held.get(&key) {
        Some(known) if **known == **value => *value = Arc::clone(known),
        // New, or changed on the server: the newer copy is the one to share from now on.
        _ => {
            held.insert(key, Arc::clone(value));
        }
    }
}

impl Interner {
    /// Replaces the job's repeated parts by the copies already held.
    pub(crate) fn share_job(&mut self, job: &mut Job) {
        if let Some(kind) = job.job_type.as_mut() {
            share(&mut self.types, kind.id.clone(), kind);
        }
        if let Some(status) = job.status.as_mut() {
            share(&mut self.statuses, status.id.clone(), status);
        }
        if let Some(assigned) = job.assigned_to.as_mut() {
            let key = [
                assigned
                    .user
                    .as_ref()
                    .map(|u| u.id.clone())
                    .unwrap_or_default(),
                assigned
                    .unit
                    .as_ref()
                    .map(|u| u.id.clone())
                    .unwrap_or_default(),
                assigned
                    .business_unit
                    .as_ref()
                    .map(|b| b.id.clone())
                    .unwrap_or_default(),
            ];
            share(&mut self.assignments, key, assigned);
        }
        if let Some(log) = job.log_information.as_mut() {
            self.share_log(log);
        }
    }

    fn share_log(&mut self, log: &mut LogInformation) {
        for user in [&mut log.created_by_user, &mut log.updated_by_user]
            .into_iter()
            .flatten()
        {
            share(&mut self.users, user.id.clone(), user);
        }
        for unit in [&mut log.created_by_unit, &mut log.updated_by_unit]
            .into_iter()
            .flatten()
        {
            share(&mut self.units, unit.id.clone(), unit);
        }
    }

    /// Shares the parts of every job of a page.
    pub(crate) fn share_all(&mut self, jobs: &mut [Job]) {
        for job in jobs {
            self.share_job(job);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(type_name: &str) -> Job {
        serde_json::from_value(serde_json::json!({
            "number": "JB1",
            "life_cycle_state": "PENDING",
            "type": {"id": "T1", "name": type_name, "fulfillment_scope": "GENERIC_PURPOSE"},
            "log_information": {"created_by_user": {"id": "U1", "username": "ana"}},
        }))
        .expect("a job")
    }

    #[test]
    fn equal_parts_are_held_once_and_changed_ones_replace_them() {
        let mut interner = Interner::default();
        let mut jobs = vec![job("Repair"), job("Repair"), job("Repair (new name)")];
        interner.share_all(&mut jobs);
        let kind = |j: &Job| Arc::clone(j.job_type.as_ref().expect("a type"));
        assert!(Arc::ptr_eq(&kind(&jobs[0]), &kind(&jobs[1])));
        assert!(!Arc::ptr_eq(&kind(&jobs[1]), &kind(&jobs[2])));
        assert_eq!(kind(&jobs[2]).name, "Repair (new name)");
        let user = |j: &Job| {
            let log = j.log_information.as_ref().expect("a log");
            Arc::clone(log.created_by_user.as_ref().expect("a user"))
        };
        assert!(Arc::ptr_eq(&user(&jobs[0]), &user(&jobs[2])));
        let mut later = vec![job("Repair (new name)")];
        interner.share_all(&mut later);
        assert!(
            Arc::ptr_eq(&kind(&later[0]), &kind(&jobs[2])),
            "across pages"
        );
    }
}
