//! Test hooks of [`StandinServer`]: what actions arrived, patches laid over jobs, tokens
//! expired on demand. Each costs nothing until a test uses it (one atomic load per job
//! rendered, one record per action).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Map, Value};

use super::{Flavour, StandinServer, lock};

/// One action request that reached an action handler (start, complete, cancel).
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRecord {
    /// The method below `/crmapi/rest/v2/`, e.g. `jobs/all_scopes/complete`.
    pub path: String,
    /// The body's parameters as they arrived, without the token.
    pub params: Value,
    /// What became of it.
    pub outcome: ActionOutcome,
}

/// Whether an action was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionOutcome {
    /// The job changed. `answered` is false when the drop fault cut the answer off after.
    Applied {
        /// Whether the answer was sent.
        answered: bool,
    },
    /// Refused with this code, in the flavour's words.
    Refused(String),
}

/// What the hooks keep.
#[derive(Debug, Default)]
pub(crate) struct Hooks {
    actions: Mutex<Vec<ActionRecord>>,
    patches: Mutex<HashMap<String, Map<String, Value>>>,
    /// Whether any patch was ever laid: the render path checks this before taking the lock.
    patched: AtomicBool,
}

impl Hooks {
    /// Records an action request.
    pub(crate) fn record(&self, record: ActionRecord) {
        lock(&self.actions).push(record);
    }

    /// Lays the keys of the job's patch over its serialised form, if it has one.
    pub(crate) fn apply_patch(&self, number: &str, job: &mut Value) {
        if !self.patched.load(Ordering::Acquire) {
            return;
        }
        let patches = lock(&self.patches);
        if let (Some(patch), Value::Object(job)) = (patches.get(number), job) {
            job.extend(patch.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }

    /// Whether the job has a patch (so it must be rendered as JSON, not the typed job).
    pub(crate) fn has_patch(&self, number: &str) -> bool {
        self.patched.load(Ordering::Acquire) && lock(&self.patches).contains_key(number)
    }
}

impl StandinServer {
    /// Every token issued so far dies now (the next request with one is refused as with an
    /// expired token); tokens issued afterwards live normally. Lets tests expire a session
    /// without waiting for its lifetime.
    pub fn expire_tokens(&self) {
        lock(&self.shared.sessions).expire_all();
    }

    /// The action requests that reached an action handler, oldest first: which method, the
    /// parameters without the token (so a test can see what `performed_by_user_identifier`,
    /// `performed_on` or `status_identifier` arrived), and whether it was applied.
    #[must_use]
    pub fn action_log(&self) -> Vec<ActionRecord> {
        lock(&self.shared.hooks.actions).clone()
    }

    /// Merges the keys of `patch` (a JSON object; anything else is ignored) into the job's
    /// serialised form in every answer that carries it, lists and action answers alike, in
    /// both flavours. The job keeps its real state, so it stays in its list: a test can give
    /// it `"life_cycle_state": "EXPIRED"` or an unreadable date. Later patches of the same
    /// job add to earlier ones. `fields_set` still applies after the patch.
    pub fn patch_job(&self, number: &str, patch: Value) {
        let Value::Object(patch) = patch else {
            return;
        };
        let hooks = &self.shared.hooks;
        lock(&hooks.patches)
            .entry(number.to_owned())
            .or_default()
            .extend(patch);
        hooks.patched.store(true, Ordering::Release);
    }

    /// The flavour the server plays.
    #[must_use]
    pub fn flavour(&self) -> Flavour {
        self.shared.flavour
    }

    /// The zone offset-less dates are written and read in.
    #[must_use]
    pub fn zone(&self) -> chrono_tz::Tz {
        self.shared.zone.tz()
    }
}
