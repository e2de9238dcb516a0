//! The outbox: actions written durably before they are sent, kept until the server's answer
//! is known.
//!
//! Flow: the caller builds an [`Entry`], [`Outbox::add`]s it (durable before anything is
//! sent), then calls [`deliver`], which sends it, reads the job back when the answer was lost,
//! and removes the entry only once the outcome is known. At start, [`settle`] delivers what a
//! previous run left behind. Every delivery outcome is appended to the audit log when one is
//! configured ([`Outbox::with_audit`]).

mod backoff;
mod deliver;
mod entry;
mod store;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use chrono::Utc;

pub use backoff::Backoff;
pub use deliver::{Delivery, deliver, retry, settle, settle_at_once};
pub use entry::{BadEntryId, Baseline, Entry, EntryId, EntryState, Owner, PendingAction};
pub use store::WriteStep;

use crate::audit::{self, AuditRecord, Outcome};
use store::Store;

/// A durable outbox in a folder. Cheap to clone; clones use the same folder.
#[derive(Debug, Clone)]
pub struct Outbox {
    store: Store,
    audit: Option<PathBuf>,
    quarantined: Vec<PathBuf>,
    backoff: Backoff,
    /// Entries being delivered by this process (shared by clones): a settle skips them, so
    /// an action is never sent twice at once.
    busy: Arc<Mutex<HashSet<EntryId>>>,
    /// The last failure to write the audit log, for the caller to report (shared by clones
    /// and with whoever gave it, see [`Outbox::with_audit_failures`]).
    audit_failure: AuditFailure,
}

/// Where a failed audit write is kept until someone reports it.
pub type AuditFailure = Arc<Mutex<Option<String>>>;

/// Marks an entry as being delivered until dropped.
pub(crate) struct Claim {
    busy: Arc<Mutex<HashSet<EntryId>>>,
    id: EntryId,
}

impl Drop for Claim {
    fn drop(&mut self) {
        self.busy
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

impl Outbox {
    /// Opens (creating if needed) the outbox in `dir`, cleaning up after interrupted writes.
    ///
    /// # Errors
    /// When the folder cannot be created or read.
    pub fn open(dir: &Path) -> io::Result<Outbox> {
        let (store, opened) = Store::open(dir)?;
        if opened.stray_temps > 0 {
            tracing::info!(
                count = opened.stray_temps,
                "removed temp files of interrupted outbox writes"
            );
        }
        Ok(Outbox {
            store,
            audit: None,
            quarantined: opened.quarantined,
            backoff: Backoff::default(),
            busy: Arc::default(),
            audit_failure: Arc::default(),
        })
    }

    /// Appends every delivery outcome to the audit log at `path` (JSON lines).
    #[must_use]
    pub fn with_audit(mut self, path: &Path) -> Outbox {
        self.audit = Some(path.to_path_buf());
        self
    }

    /// Keeps audit write failures in `shared`, which outlives this outbox.
    #[must_use]
    pub fn with_audit_failures(mut self, shared: AuditFailure) -> Outbox {
        self.audit_failure = shared;
        self
    }

    /// The last audit write that failed since the last call, worded for the user.
    #[must_use]
    pub fn take_audit_failure(&self) -> Option<String> {
        self.audit_failure
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    /// The audit log the deliveries are recorded in, if any.
    #[must_use]
    pub fn audit_path(&self) -> Option<&Path> {
        self.audit.as_deref()
    }

    /// Uses another backoff for waiting entries (tests use short ones).
    #[must_use]
    pub fn with_backoff(mut self, backoff: Backoff) -> Outbox {
        self.backoff = backoff;
        self
    }

    /// The folder.
    #[must_use]
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Files that did not parse when the outbox was opened, moved aside as `*.corrupt`.
    #[must_use]
    pub fn quarantined(&self) -> &[PathBuf] {
        &self.quarantined
    }

    /// Writes a new entry durably. A clash of random ids gets the entry a fresh id.
    ///
    /// # Errors
    /// When the entry cannot be written; then nothing may be sent.
    pub fn add(&self, entry: &Entry) -> io::Result<Entry> {
        let mut entry = entry.clone();
        while self.store.exists(&entry.id) {
            entry.id = EntryId::random();
        }
        self.store.write(&entry, &mut |_| ())?;
        Ok(entry)
    }

    /// Writes an entry that is already there with its new contents, atomically.
    ///
    /// # Errors
    /// When it cannot be written (the old contents stay); `NotFound` when the entry is gone
    /// (discarded, e.g. from another process): it is not brought back.
    pub fn replace(&self, entry: &Entry) -> io::Result<()> {
        if !self.store.exists(&entry.id) {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("outbox entry {} is no longer there", entry.id),
            ));
        }
        self.store.write(entry, &mut |_| ())
    }

    /// Writes an entry, calling `after` once each step of the write is done. For crash tests:
    /// the hook can end the process at any step.
    ///
    /// # Errors
    /// As [`Outbox::replace`].
    #[doc(hidden)]
    pub fn write_with_hook(
        &self,
        entry: &Entry,
        after: &mut dyn FnMut(WriteStep),
    ) -> io::Result<()> {
        self.store.write(entry, after)
    }

    /// Removes an entry (its answer is known).
    ///
    /// # Errors
    /// When the file cannot be removed.
    pub fn remove(&self, id: &EntryId) -> io::Result<()> {
        self.store.remove(id)
    }

    /// Removes an entry the user gave up on, and says so in the audit log.
    ///
    /// # Errors
    /// When the file cannot be removed; `NotFound` for an unknown id; `ResourceBusy` while
    /// a delivery in this process has it.
    pub fn discard(&self, id: &EntryId) -> io::Result<Entry> {
        // A delivery under way would write the entry back: let it finish first.
        if self.is_busy(id) {
            return Err(io::Error::new(
                io::ErrorKind::ResourceBusy,
                format!("outbox entry {id} is being sent right now; try again when it settles"),
            ));
        }
        let entry = self.get(id)?.ok_or_else(|| {
            io::Error::new(io::ErrorKind::NotFound, format!("no outbox entry {id}"))
        })?;
        self.store.remove(id)?;
        self.record(&entry, Outcome::Discarded, None, None);
        Ok(entry)
    }

    /// Every entry, oldest first.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn list(&self) -> io::Result<Vec<Entry>> {
        self.store.read_all()
    }

    /// The entries of one profile and account, oldest first.
    ///
    /// # Errors
    /// When the folder cannot be read.
    pub fn list_for(&self, owner: &Owner) -> io::Result<Vec<Entry>> {
        let mut entries = self.list()?;
        entries.retain(|entry| entry.belongs_to(owner));
        Ok(entries)
    }

    /// One entry, `None` when it is not (or no longer) there.
    ///
    /// # Errors
    /// When its file cannot be read.
    pub fn get(&self, id: &EntryId) -> io::Result<Option<Entry>> {
        self.store.read(id)
    }

    /// Appends an outcome to the audit log, if there is one; a failure is logged, never
    /// fatal (the outbox, not the audit log, is what keeps actions safe).
    pub(crate) fn record(
        &self,
        entry: &Entry,
        outcome: Outcome,
        status: Option<String>,
        message: Option<String>,
    ) {
        let Some(path) = &self.audit else { return };
        let record = AuditRecord {
            at: Utc::now(),
            profile: entry.profile.clone(),
            server: entry.server.clone(),
            organisation: entry.organisation.clone(),
            username: entry.username.clone(),
            action: entry.action.verb().to_owned(),
            job: entry.job().to_owned(),
            outcome,
            status,
            message,
        };
        if let Err(error) = audit::append(path, &record) {
            tracing::warn!(%error, "could not append to the audit log");
            // A silent gap in the record is worse than a warning: the caller reports it.
            *self
                .audit_failure
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(format!(
                "the audit log {} could not be written: {error}",
                path.display()
            ));
        }
    }

    /// Claims an entry for delivery; `None` while another delivery in this process has it.
    pub(crate) fn claim(&self, id: &EntryId) -> Option<Claim> {
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        busy.insert(id.clone()).then(|| Claim {
            busy: Arc::clone(&self.busy),
            id: id.clone(),
        })
    }

    /// Whether a delivery in this process has the entry.
    #[must_use]
    pub fn is_busy(&self, id: &EntryId) -> bool {
        self.busy
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(id)
    }

    pub(crate) fn backoff(&self) -> &Backoff {
        &self.backoff
    }
}
