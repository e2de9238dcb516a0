//! Durable, private files: the one way crmjobs writes state that must survive a crash (the
//! outbox, drafts, the token cache, the job cache). A replacement is a temporary file
//! written and synced, renamed over the old one, then the folder synced, so a crash leaves
//! the old or the new file, never a torn one; files are 0600 and folders 0700 on Unix.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// Creates `dir` and its parents, the folder itself readable by its owner only.
///
/// # Errors
/// When the folder cannot be created.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates a new file (never an existing one) readable by its owner only.
///
/// # Errors
/// When the file exists or cannot be created.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Makes a rename or an unlink in `dir` durable.
///
/// # Errors
/// When the folder cannot be opened or synced.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replaces `target` (a file in `dir`) with `bytes`: temp file, write, fsync, rename, fsync
/// of the folder. The temp file is named `.<target name>.<pid>.<random>.tmp`.
///
/// # Errors
/// When any step fails; the temp file is then removed (best effort).
pub fn write_atomically(dir: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomically_with(dir, target, |out| out.write_all(bytes))
}

/// As `write_atomically`, with the content streamed by `write` through a buffer: a large
/// file (the job cache) is never held whole in memory.
///
/// # Errors
/// When `write` or any step fails; the temp file is then removed (best effort).
pub fn write_atomically_with(
    dir: &Path,
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    let temp = dir.join(format!(
        ".{name}.{}.{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ));
    let written = create_private_file(&temp).and_then(|file| {
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, target)
    });
    if let Err(error) = written {
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_privately_and_leaves_no_temp_behind() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("a/b");
        create_private_dir(&folder).expect("dir");
        let target = folder.join("x.json");
        write_atomically(&folder, &target, b"one").expect("first");
        write_atomically(&folder, &target, b"two").expect("second");
        assert_eq!(fs::read(&target).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(&folder)
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["x.json"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode(&target), 0o600);
            assert_eq!(mode(&folder), 0o700);
        }
    }
}
