//! Durable files of the outbox: one JSON file per entry, each written atomically.
//!
//! A write is: create a temp file, write, fsync it, rename it over `<id>.json`, fsync the
//! folder. A crash at any step leaves either the old file or the new one in place, plus at
//! most a stray temp file, which is ignored and removed on the next open. Removal is an
//! unlink and an fsync of the folder. A file that does not parse (a disk that lied about a
//! sync, a hand edit) is moved aside as `<name>.corrupt` and reported, never fatal.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::entry::{Entry, EntryId};
use crate::durable::{create_private_dir, create_private_file, sync_dir};

/// The steps of one atomic write, in order; a test can stop the write after any of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WriteStep {
    /// The temp file exists, empty.
    Created,
    /// Half of the bytes are written (a torn write).
    HalfWritten,
    /// All bytes are written.
    Written,
    /// The temp file is synced.
    Synced,
    /// The temp file has replaced the entry's file.
    Renamed,
    /// The folder is synced: the write is durable.
    DirSynced,
}

impl WriteStep {
    /// Every step, in order.
    pub const ALL: [Self; 6] = [
        Self::Created,
        Self::HalfWritten,
        Self::Written,
        Self::Synced,
        Self::Renamed,
        Self::DirSynced,
    ];
}

const SUFFIX: &str = ".json";
const TEMP_MARK: &str = ".tmp-";
const CORRUPT_SUFFIX: &str = ".corrupt";

/// The folder and its files.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    dir: PathBuf,
}

/// What opening found besides good entries.
#[derive(Debug, Default)]
pub(crate) struct Opened {
    /// Temp files left by an interrupted write, now removed.
    pub(crate) stray_temps: usize,
    /// Files that did not parse, moved aside.
    pub(crate) quarantined: Vec<PathBuf>,
}

impl Store {
    /// Creates the folder (0700 on Unix) if needed, removes stray temp files and moves
    /// unreadable entries aside.
    pub(crate) fn open(dir: &Path) -> io::Result<(Store, Opened)> {
        create_private_dir(dir)?;
        let store = Store {
            dir: dir.to_path_buf(),
        };
        let mut opened = Opened::default();
        for item in fs::read_dir(dir)? {
            let path = item?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if name.contains(TEMP_MARK) {
                fs::remove_file(&path)?;
                opened.stray_temps += 1;
            } else if name.ends_with(SUFFIX) && read_entry(&path).is_err() {
                let aside = path.with_file_name(format!("{name}{CORRUPT_SUFFIX}"));
                fs::rename(&path, &aside)?;
                tracing::warn!(file = %aside.display(), "unreadable outbox entry moved aside");
                opened.quarantined.push(aside);
            }
        }
        if opened.stray_temps > 0 || !opened.quarantined.is_empty() {
            sync_dir(dir)?;
        }
        Ok((store, opened))
    }

    /// The folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn path_of(&self, id: &EntryId) -> PathBuf {
        self.dir.join(format!("{id}{SUFFIX}"))
    }

    /// Whether an entry with this id has a file.
    pub(crate) fn exists(&self, id: &EntryId) -> bool {
        self.path_of(id).exists()
    }

    /// Writes the entry atomically, calling `after` once each step is done (tests stop the
    /// process there).
    pub(crate) fn write(&self, entry: &Entry, after: &mut dyn FnMut(WriteStep)) -> io::Result<()> {
        let bytes = serde_json::to_vec_pretty(entry).map_err(io::Error::other)?;
        let target = self.path_of(&entry.id);
        let temp = self.dir.join(format!(
            "{}{SUFFIX}{TEMP_MARK}{:08x}",
            entry.id,
            fastrand::u32(..)
        ));
        let result = write_steps(&temp, &target, &bytes, after);
        if result.is_err() {
            // Best effort: a temp file left here is removed on the next open anyway.
            let _ = fs::remove_file(&temp);
        }
        result.and_then(|()| {
            sync_dir(&self.dir)?;
            after(WriteStep::DirSynced);
            Ok(())
        })
    }

    /// Removes the entry's file; removing a missing entry is not an error.
    pub(crate) fn remove(&self, id: &EntryId) -> io::Result<()> {
        match fs::remove_file(self.path_of(id)) {
            Ok(()) => sync_dir(&self.dir),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(error),
        }
    }

    /// One entry; `None` when it has no file.
    pub(crate) fn read(&self, id: &EntryId) -> io::Result<Option<Entry>> {
        match read_entry(&self.path_of(id)) {
            Ok(entry) => Ok(Some(entry)),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Every readable entry, oldest first; an unreadable one is skipped with a warning (the
    /// next open moves it aside).
    pub(crate) fn read_all(&self) -> io::Result<Vec<Entry>> {
        let mut entries = Vec::new();
        for item in fs::read_dir(&self.dir)? {
            let path = item?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            if !name.ends_with(SUFFIX) || name.contains(TEMP_MARK) {
                continue;
            }
            match read_entry(&path) {
                Ok(entry) => entries.push(entry),
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => {
                    tracing::warn!(file = %path.display(), %error, "unreadable outbox entry");
                }
            }
        }
        entries.sort_by(|a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        Ok(entries)
    }
}

/// Steps 1 to 5 of a write (the folder sync is the caller's).
fn write_steps(
    temp: &Path,
    target: &Path,
    bytes: &[u8],
    after: &mut dyn FnMut(WriteStep),
) -> io::Result<()> {
    let mut file = create_private_file(temp)?;
    after(WriteStep::Created);
    let half = bytes.len() / 2;
    file.write_all(&bytes[..half])?;
    file.flush()?;
    after(WriteStep::HalfWritten);
    file.write_all(&bytes[half..])?;
    after(WriteStep::Written);
    file.sync_all()?;
    after(WriteStep::Synced);
    drop(file);
    fs::rename(temp, target)?;
    after(WriteStep::Renamed);
    Ok(())
}

fn read_entry(path: &Path) -> io::Result<Entry> {
    let bytes = fs::read(path)?;
    serde_json::from_slice(&bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}
