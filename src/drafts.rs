//! Drafts of open completion forms, one JSON file each in `data_dir/drafts/`, named
//! `<profile>-<job>.json`, so a form survives a crash or a dropped session and is offered
//! back on the next start. Written atomically (temporary file, fsync, rename, fsync of the
//! folder): a reader sees the old draft or the new one, never half of one. Drafts hold only
//! what the user chose and typed in the form, never a secret.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::durable;

/// What the completion form held: the chosen status and user (ids) and the date texts as
/// typed (`-2h`, `today 14:30`), read again when the form reopens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftValues {
    /// The chosen status's id.
    pub status: Option<String>,
    /// The chosen performed-by user's id.
    pub performed_by: Option<String>,
    /// The performed-on text.
    pub performed_on: Option<String>,
    /// The scheduled-date text.
    pub scheduled_date: Option<String>,
}

/// One saved form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The profile it was typed under.
    pub profile: String,
    /// The job's number, e.g. `JB00600`.
    pub job: String,
    /// When it was last saved.
    pub saved: DateTime<Utc>,
    /// The form's values.
    pub values: DraftValues,
}

/// The drafts folder.
#[derive(Debug, Clone)]
pub struct Drafts {
    dir: PathBuf,
}

impl Drafts {
    /// Drafts kept in `dir` (normally `data_dir/drafts`); nothing is created yet.
    #[must_use]
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the draft of `job` under `profile` lives. Characters that could leave the
    /// folder or confuse a shell become `_`.
    #[must_use]
    pub fn path(&self, profile: &str, job: &str) -> PathBuf {
        let safe = |text: &str| -> String {
            text.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
        };
        self.dir
            .join(format!("{}-{}.json", safe(profile), safe(job)))
    }

    /// Saves `draft` atomically, replacing any earlier one of the same job.
    ///
    /// # Errors
    /// The folder or file could not be written.
    pub fn save(&self, draft: &Draft) -> io::Result<()> {
        durable::create_private_dir(&self.dir)?;
        let path = self.path(&draft.profile, &draft.job);
        let text = serde_json::to_vec_pretty(draft).map_err(io::Error::other)?;
        durable::write_atomically(&self.dir, &path, &text)
    }

    /// Removes the draft of `job`; no draft is no error.
    ///
    /// # Errors
    /// The file exists but could not be removed.
    pub fn remove(&self, profile: &str, job: &str) -> io::Result<()> {
        match fs::remove_file(self.path(profile, job)) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    /// The drafts of `profile`, oldest first. Files that do not parse (foreign, damaged)
    /// are skipped, never deleted.
    #[must_use]
    pub fn list(&self, profile: &str) -> Vec<Draft> {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut drafts: Vec<Draft> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .filter_map(|path| fs::read(path).ok())
            .filter_map(|bytes| serde_json::from_slice::<Draft>(&bytes).ok())
            .filter(|draft| draft.profile == profile)
            .collect();
        drafts.sort_by_key(|d| d.saved);
        drafts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(job: &str, status: &str) -> Draft {
        Draft {
            profile: "default".into(),
            job: job.into(),
            saved: Utc::now(),
            values: DraftValues {
                status: Some(status.into()),
                performed_on: Some("-2h".into()),
                ..DraftValues::default()
            },
        }
    }

    #[test]
    fn saves_replaces_lists_and_removes() {
        let dir = tempfile::tempdir().expect("temp");
        let drafts = Drafts::new(dir.path().join("drafts"));
        drafts.save(&draft("JB00600", "a")).expect("save");
        drafts.save(&draft("JB00600", "b")).expect("save again");
        drafts.save(&draft("JB00601", "c")).expect("save another");
        let listed = drafts.list("default");
        assert_eq!(listed.len(), 2, "one file per job");
        assert!(
            listed
                .iter()
                .any(|d| d.values.status.as_deref() == Some("b"))
        );
        assert!(drafts.list("other").is_empty(), "per profile");
        drafts.remove("default", "JB00600").expect("remove");
        drafts
            .remove("default", "JB00600")
            .expect("removing twice is fine");
        assert_eq!(drafts.list("default").len(), 1);
        let leftovers: Vec<_> = fs::read_dir(drafts.dir()).expect("dir").flatten().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left");
    }

    #[test]
    fn names_cannot_leave_the_folder() {
        let drafts = Drafts::new("/tmp/d");
        assert_eq!(
            drafts.path("../x", "JB/1"),
            PathBuf::from("/tmp/d/___x-JB_1.json")
        );
    }
}
