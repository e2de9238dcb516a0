//! What the client learned about one server: which methods answer, which error codes meant
//! a dead token and which a refusal, and the job types its jobs showed. Kept per server in
//! the state folder (the caller gives the path) so the next run starts knowing it.
//!
//! Methods are learned afresh after each login with a password or key (a server may have
//! been upgraded); codes and job types are kept, since a code's meaning does not change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::FulfillmentScope;
use super::refusal::KnownCodes;

/// The format of the file; another number is read as nothing learned.
const FORMAT: u32 = 1;

/// Whether a method answered on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MethodState {
    /// It answered (OK or a refusal of its own).
    Answers,
    /// HTTP 404, 405 or 501, or a code saying there is no such method.
    Missing,
}

/// A job type seen in a job, enough to list its jobs and to find its `show` method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnedType {
    /// The type's name.
    pub name: String,
    /// Its fulfillment scope (`Unknown` when the server gave none).
    pub scope: FulfillmentScope,
}

/// Everything learned about one server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerMemory {
    #[serde(default)]
    format: u32,
    /// Method paths (below `/crmapi/rest/v2/`) and whether they answer.
    #[serde(default)]
    pub methods: BTreeMap<String, MethodState>,
    /// Codes that turned out to mean a dead token.
    #[serde(default)]
    pub dead_token_codes: BTreeSet<String>,
    /// Codes that turned out to be refusals of the request itself.
    #[serde(default)]
    pub refusal_codes: BTreeSet<String>,
    /// Job types by id, from every job seen.
    #[serde(default)]
    pub job_types: BTreeMap<String, LearnedType>,
    /// Whether a page came back longer than asked (a server before R13 ignores paging).
    #[serde(default)]
    pub ignores_paging: bool,
}

impl ServerMemory {
    /// The codes as [`super::refusal::judge`] takes them, with the profile's own list.
    #[must_use]
    pub fn known_codes(&self, profile_codes: &[String]) -> KnownCodes {
        let mut dead_token = self.dead_token_codes.clone();
        dead_token.extend(profile_codes.iter().cloned());
        KnownCodes {
            dead_token,
            refused: self.refusal_codes.clone(),
        }
    }

    /// Whether `method` is known to be missing.
    #[must_use]
    pub fn is_missing(&self, method: &str) -> bool {
        self.methods.get(method) == Some(&MethodState::Missing)
    }

    /// Records what `method` did; true when that is news.
    pub fn note_method(&mut self, method: &str, state: MethodState) -> bool {
        // Asked after every request: known news costs a lookup, not an allocation.
        if self.methods.get(method) == Some(&state) {
            return false;
        }
        self.methods.insert(method.to_owned(), state);
        true
    }

    /// Records what `code` meant; true when that is news.
    pub fn note_code(&mut self, code: &str, dead_token: bool) -> bool {
        let (into, out_of) = if dead_token {
            (&mut self.dead_token_codes, &mut self.refusal_codes)
        } else {
            (&mut self.refusal_codes, &mut self.dead_token_codes)
        };
        out_of.remove(code);
        into.insert(code.to_owned())
    }

    /// Records a job type; true when that is news.
    pub fn note_type(&mut self, id: &str, learned: LearnedType) -> bool {
        if id.is_empty() || self.job_types.get(id) == Some(&learned) {
            return false;
        }
        self.job_types.insert(id.to_owned(), learned);
        true
    }

    /// Forgets which methods answer, after a login: the next calls find out again.
    pub fn forget_methods(&mut self) -> bool {
        let had = !self.methods.is_empty();
        self.methods.clear();
        had
    }
}

/// Where a server's memory is kept, and reading and writing it.
#[derive(Debug, Clone)]
pub struct MemoryFile {
    path: PathBuf,
}

impl MemoryFile {
    /// The file for `server` in `dir` (the state folder's `servers/`).
    #[must_use]
    pub fn for_server(dir: &Path, server: &str) -> Self {
        Self {
            path: dir.join(format!("{}.json", file_stem(server))),
        }
    }

    /// The file's path.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was learned before; nothing when the file is absent, damaged or of another
    /// format (it only saves requests, so losing it costs little).
    #[must_use]
    pub fn load(&self) -> ServerMemory {
        let Ok(text) = std::fs::read(&self.path) else {
            return ServerMemory::default();
        };
        match serde_json::from_slice::<ServerMemory>(&text) {
            Ok(memory) if memory.format == FORMAT => memory,
            Ok(_) => ServerMemory::default(),
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "server memory unreadable; starting afresh");
                ServerMemory::default()
            }
        }
    }

    /// Writes `memory` atomically (0600 in a 0700 folder).
    ///
    /// # Errors
    /// When the folder or file cannot be written.
    pub fn store(&self, memory: &ServerMemory) -> std::io::Result<()> {
        let mut memory = memory.clone();
        memory.format = FORMAT;
        let text = serde_json::to_vec_pretty(&memory).map_err(std::io::Error::other)?;
        let dir = self.path.parent().unwrap_or_else(|| Path::new("."));
        crate::durable::create_private_dir(dir)?;
        crate::durable::write_atomically(dir, &self.path, &text)
    }
}

/// A file name for a server address: its letters and digits, the rest as `_`.
fn file_stem(server: &str) -> String {
    let trimmed = server
        .trim()
        .trim_end_matches('/')
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let stem: String = trimmed
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    if stem.is_empty() {
        "server".to_owned()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_moves_between_meanings_and_reports_news() {
        let mut memory = ServerMemory::default();
        assert!(memory.note_code("X", true));
        assert!(!memory.note_code("X", true));
        assert!(memory.note_code("X", false));
        assert!(memory.dead_token_codes.is_empty());
        let known = memory.known_codes(&["P".to_owned()]);
        assert!(known.dead_token.contains("P") && known.refused.contains("X"));
    }

    #[test]
    fn memory_survives_a_round_trip_and_ignores_other_formats() {
        let dir = tempfile::tempdir().unwrap();
        let file = MemoryFile::for_server(dir.path(), "https://crm.example.com:8443/tenant/");
        assert!(file.path().ends_with("crm.example.com_8443_tenant.json"));
        assert_eq!(file.load(), ServerMemory::default());
        let mut memory = ServerMemory::default();
        memory.note_method("jobs/all_scopes/get_pending", MethodState::Missing);
        memory.note_type(
            "T1",
            LearnedType {
                name: "Field repair".into(),
                scope: FulfillmentScope::Unknown,
            },
        );
        file.store(&memory).unwrap();
        let loaded = file.load();
        assert!(loaded.is_missing("jobs/all_scopes/get_pending"));
        assert_eq!(loaded.job_types.len(), 1);
        std::fs::write(file.path(), br#"{"format": 99, "ignores_paging": true}"#).unwrap();
        assert_eq!(file.load(), ServerMemory::default());
    }
}
