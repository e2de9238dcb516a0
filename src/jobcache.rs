//! The job cache: the rows each tab had loaded, kept per profile between runs in
//! `state_dir/jobs/<profile>.json`, so the next start shows them at once (marked as saved)
//! while the server is asked, and a supervisor whose server cannot be reached still sees
//! their jobs. It is a cache: losing it loses nothing (the server is the truth), so a file
//! that cannot be read is reported and replaced, never trusted in part.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::job::Job;
use crate::api::model::LifeCycleState;
use crate::api::shared::Interner;
use crate::config::token_cache::{TokenOwner, plain_name};

/// Bumped when the file's shape changes: an older file is then ignored, not misread.
/// 2: a job's state may be one crmjobs does not know (kept as written), and a job may carry
/// `unreadable_dates`; a version that reads format 1 would misread either.
const FORMAT: u32 = 2;

/// One profile's cache file.
#[derive(Debug, Clone)]
pub struct JobCache {
    dir: PathBuf,
    path: PathBuf,
    owner: TokenOwner,
}

/// The rows of one tab as they were saved.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SavedTab {
    /// The tab's life cycle state.
    pub state: LifeCycleState,
    /// When its rows last came from the server.
    pub saved_at: DateTime<Utc>,
    /// Whether every row of the state was loaded (no more pages).
    pub complete: bool,
    /// The rows, in the order the tab had them from the server.
    pub jobs: Vec<Job>,
}

/// A tab's rows to save, borrowed from the app (100,000 jobs are not copied to be saved).
#[derive(Debug, Serialize)]
pub struct TabToSave<'a> {
    /// The tab's life cycle state.
    pub state: LifeCycleState,
    /// When its rows last came from the server.
    pub saved_at: DateTime<Utc>,
    /// Whether every row of the state was loaded.
    pub complete: bool,
    /// The rows.
    pub jobs: &'a [Job],
}

#[derive(Serialize)]
struct FileToSave<'a> {
    format: u32,
    #[serde(flatten)]
    owner: &'a TokenOwner,
    tabs: &'a [TabToSave<'a>],
}

/// The file's head, read first so another user's or an older format's file is skipped
/// without decoding its jobs.
#[derive(Deserialize)]
struct Head {
    format: u32,
    server: String,
    organisation: String,
    username: String,
}

#[derive(Deserialize)]
struct SavedFile {
    tabs: Vec<SavedTab>,
}

/// Why the cache could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The file could not be read.
    #[error("the saved jobs in {path} could not be read: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file is not what crmjobs writes (torn by hand, or truncated by a full disk).
    #[error("the saved jobs in {path} are damaged ({why}); they will be replaced")]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What the decoder said.
        why: String,
    },
}

impl JobCache {
    /// The cache of `profile` in `dir` (normally `Paths::jobs_dir()`), for jobs of `owner`'s
    /// server, organisation and user. `None` when the profile's name cannot name a file.
    #[must_use]
    pub fn new(dir: PathBuf, profile: &str, owner: TokenOwner) -> Option<Self> {
        plain_name(profile).then(|| Self {
            path: dir.join(format!("{profile}.json")),
            dir,
            owner,
        })
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved tabs, when the file exists and was saved for the same server, organisation
    /// and user in this format. The jobs share their repeated parts, as loaded ones do.
    ///
    /// # Errors
    /// The file exists but cannot be read or decoded.
    pub fn load(&self) -> Result<Option<Vec<SavedTab>>, CacheError> {
        let bytes = match fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(CacheError::Read {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let damaged = |error: serde_json::Error| CacheError::Damaged {
            path: self.path.clone(),
            why: error.to_string(),
        };
        let head: Head = serde_json::from_slice(&bytes).map_err(damaged)?;
        let owner = TokenOwner {
            server: head.server,
            organisation: head.organisation,
            username: head.username,
        };
        if head.format != FORMAT || owner != self.owner {
            return Ok(None);
        }
        let mut file: SavedFile = serde_json::from_slice(&bytes).map_err(damaged)?;
        let mut interner = Interner::default();
        for tab in &mut file.tabs {
            interner.share_all(&mut tab.jobs);
        }
        Ok(Some(file.tabs))
    }

    /// Replaces the file with `tabs` (atomically: a crash leaves the old file or the new).
    ///
    /// # Errors
    /// The folder or the file cannot be written.
    pub fn save(&self, tabs: &[TabToSave<'_>]) -> io::Result<()> {
        crate::durable::create_private_dir(&self.dir)?;
        let file = FileToSave {
            format: FORMAT,
            owner: &self.owner,
            tabs,
        };
        crate::durable::write_atomically_with(&self.dir, &self.path, |out| {
            serde_json::to_writer(out, &file).map_err(io::Error::from)
        })
    }

    /// Deletes the file (at logout: it holds customers' addresses and names); true when
    /// there was one.
    ///
    /// # Errors
    /// The file exists and cannot be deleted.
    pub fn remove(&self) -> io::Result<bool> {
        match fs::remove_file(&self.path) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(error) => Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(user: &str) -> TokenOwner {
        TokenOwner {
            server: "https://crm.example.com".into(),
            organisation: "ACME".into(),
            username: user.into(),
        }
    }

    fn job(number: &str, type_name: &str) -> Job {
        serde_json::from_value(serde_json::json!({
            "id": format!("id-{number}"),
            "number": number,
            "description": "Repair the router at 14 Makarios Avenue",
            "life_cycle_state": "IN_PROGRESS",
            "expiration_date": "2026-12-28T18:00:00",
            "type": {"id": "T1", "name": type_name, "fulfillment_scope": "NEW_SUBSCRIPTION"},
            "status": {"id": "S1", "name": "On site", "life_cycle_state": "IN_PROGRESS"},
            "assigned_to": {"user": {"id": "U1", "username": "ana", "person_name": "Ana Lopes"}},
            "log_information": {"updated_date": "2026-11-21T09:30:00",
                                "updated_by_user": {"id": "U1", "username": "ana"}},
            "udf_string_1": "Router SN 99812",
        }))
        .expect("a job")
    }

    fn saved_at() -> DateTime<Utc> {
        "2026-11-28T14:02:00Z".parse().expect("a date")
    }

    /// Saves `jobs` as the in-progress tab.
    fn save_one(cache: &JobCache, jobs: &[Job], complete: bool) {
        let tabs = [TabToSave {
            state: LifeCycleState::InProgress,
            saved_at: saved_at(),
            complete,
            jobs,
        }];
        cache.save(&tabs).expect("saved");
    }

    #[test]
    fn saved_tabs_come_back_as_they_were_with_their_parts_shared() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = JobCache::new(dir.path().join("jobs"), "work", owner("ana")).expect("a name");
        let jobs = vec![job("JB1", "Repair"), job("JB2", "Repair")];
        save_one(&cache, &jobs, true);
        let loaded = cache.load().expect("readable").expect("same owner");
        assert_eq!(loaded.len(), 1);
        assert_eq!(loaded[0].state, LifeCycleState::InProgress);
        assert_eq!(loaded[0].saved_at, saved_at());
        assert!(loaded[0].complete);
        assert_eq!(loaded[0].jobs, jobs);
        let [a, b] = &loaded[0].jobs[..] else {
            panic!("two jobs")
        };
        assert!(std::sync::Arc::ptr_eq(
            a.job_type.as_ref().expect("a type"),
            b.job_type.as_ref().expect("a type")
        ));
    }

    #[test]
    fn odd_states_and_unreadable_dates_come_back_as_they_were() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = JobCache::new(dir.path().join("jobs"), "work", owner("ana")).expect("a name");
        let odd: Job = serde_json::from_value(serde_json::json!({
            "number": "JB9",
            "life_cycle_state": "EXPIRED",
            "expiration_date": "31/12/2026",
            "log_information": {"updated_date": "soon"},
        }))
        .expect("a job");
        assert_eq!(odd.unreadable_dates.len(), 2);
        let jobs = vec![odd, job("JB1", "Repair")];
        save_one(&cache, &jobs, false);
        let loaded = cache.load().expect("readable").expect("same owner");
        assert_eq!(loaded[0].jobs, jobs);
    }

    #[test]
    fn another_users_or_an_older_formats_file_is_not_shown() {
        let dir = tempfile::tempdir().expect("tempdir");
        let jobs_dir = dir.path().join("jobs");
        let ana = JobCache::new(jobs_dir.clone(), "work", owner("ana")).expect("a name");
        save_one(&ana, &[job("JB1", "Repair")], false);
        let ben = JobCache::new(jobs_dir, "work", owner("ben")).expect("a name");
        assert!(
            ben.load().expect("readable").is_none(),
            "ana's jobs for ben"
        );
        let text = fs::read_to_string(ana.path()).expect("the file");
        fs::write(ana.path(), text.replace("\"format\":2", "\"format\":1")).expect("written");
        assert!(ana.load().expect("readable").is_none(), "an older format");
    }

    #[test]
    fn a_damaged_file_is_reported_and_nothing_of_it_is_used() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = JobCache::new(dir.path().to_path_buf(), "work", owner("ana")).expect("name");
        save_one(&cache, &[job("JB1", "Repair")], false);
        let text = fs::read(cache.path()).expect("the file");
        fs::write(cache.path(), &text[..text.len() / 2]).expect("truncated");
        let error = cache.load().expect_err("damaged");
        assert!(
            error.to_string().contains("are damaged") && error.to_string().contains("work.json"),
            "{error}"
        );
        fs::write(cache.path(), "<html>").expect("written");
        assert!(matches!(cache.load(), Err(CacheError::Damaged { .. })));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_removed_at_logout() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let jobs_dir = dir.path().join("jobs");
        let cache = JobCache::new(jobs_dir.clone(), "work", owner("ana")).expect("a name");
        assert!(!cache.remove().expect("nothing to remove"));
        cache.save(&[]).expect("saved");
        let mode = |p: &Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;
        assert_eq!(mode(cache.path()), 0o600);
        assert_eq!(mode(&jobs_dir), 0o700);
        assert!(cache.remove().expect("removed"));
        assert!(!cache.path().exists());
    }

    #[test]
    fn a_profile_name_that_is_not_a_file_name_has_no_cache() {
        assert!(JobCache::new(PathBuf::from("/tmp"), "../etc", owner("ana")).is_none());
    }
}
