//! The audit log: every action sent and its outcome, one JSON line each, in the data folder.
//!
//! Records name the account, the job and what happened; never a password, token or key. The
//! file is only appended to, each line written with one `write` and synced, so a crash can at
//! worst leave a torn last line, which `read` skips.

use std::fs::{self, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What became of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The server applied it and said so.
    Applied,
    /// The answer was lost, and reading the job back showed it applied.
    AlreadyApplied,
    /// The server refused it.
    Refused,
    /// The job changed on the server; the user decides.
    Conflict,
    /// The server could not be reached or did not answer; it stays in the outbox.
    Waiting,
    /// The user dropped it from the outbox.
    Discarded,
}

impl Outcome {
    /// The wire name, as in the log.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::AlreadyApplied => "already_applied",
            Self::Refused => "refused",
            Self::Conflict => "conflict",
            Self::Waiting => "waiting",
            Self::Discarded => "discarded",
        }
    }
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The profile in use.
    pub profile: String,
    /// The server.
    pub server: String,
    /// The organisation.
    pub organisation: String,
    /// The user who asked for the action.
    pub username: String,
    /// `start`, `complete` or `cancel`.
    pub action: String,
    /// The job's number (or id).
    pub job: String,
    /// What became of it.
    pub outcome: Outcome,
    /// The job's status afterwards, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The server's message or the failure, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Appends one record as a JSON line and syncs it (the folder is created if needed).
///
/// # Errors
/// When the file cannot be opened or written.
pub fn append(path: &Path, record: &AuditRecord) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_vec(record).map_err(io::Error::other)?;
    line.push(b'\n');
    let mut options = OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // One write per line: appends from two processes do not interleave within a line.
    file.write_all(&line)?;
    file.sync_data()
}

/// The records at or after `since` (all when `None`), oldest first. A missing file is an
/// empty log; a line that does not parse (torn by a crash) is skipped.
///
/// # Errors
/// When the file exists but cannot be read.
pub fn read(path: &Path, since: Option<DateTime<Utc>>) -> io::Result<Vec<AuditRecord>> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut records = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<AuditRecord>(&line) {
            Ok(record) if since.is_none_or(|since| record.at >= since) => records.push(record),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "skipping an unreadable audit log line"),
        }
    }
    Ok(records)
}

/// The jobs `owner` completed since `since` (applied, or found applied after a lost answer),
/// in log order, each once: what "completed today by you" starts from.
///
/// # Errors
/// When the log exists but cannot be read.
pub fn completed_since(
    path: &Path,
    owner: &crate::outbox::Owner,
    since: DateTime<Utc>,
) -> io::Result<Vec<String>> {
    let mut jobs: Vec<String> = Vec::new();
    for record in read(path, Some(since))? {
        let mine = record.profile == owner.profile
            && record.server == owner.server
            && record.organisation == owner.organisation
            && record.username == owner.username;
        let done = matches!(record.outcome, Outcome::Applied | Outcome::AlreadyApplied);
        if mine && done && record.action == "complete" && !jobs.contains(&record.job) {
            jobs.push(record.job);
        }
    }
    Ok(jobs)
}
