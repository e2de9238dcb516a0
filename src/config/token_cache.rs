//! The session token cached per profile in `state_dir/tokens/<profile>.token`: mode 0600 in
//! a 0700 folder, written atomically, deleted on logout. A file or folder others could read
//! is refused (not used), with the `chmod` that fixes it. The token is kept with the server,
//! organisation and user it was issued for, so changing any of them never reuses it.

use std::fs;
use std::path::{Path, PathBuf};

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::ConfigError;

/// Who a token was issued to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenOwner {
    /// Server base URL.
    pub server: String,
    /// Organisation (may be empty with an API key).
    pub organisation: String,
    /// User name (may be empty with an API key).
    pub username: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(flatten)]
    owner: TokenOwner,
    token: String,
}

/// The token folder.
#[derive(Debug, Clone)]
pub struct TokenCache {
    dir: PathBuf,
}

impl TokenCache {
    /// The cache in `dir` (normally `Paths::tokens_dir()`); nothing is created yet.
    #[must_use]
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The file of `profile`.
    ///
    /// # Errors
    /// A profile name that is not a plain file name.
    pub fn path(&self, profile: &str) -> Result<PathBuf, ConfigError> {
        if !plain_name(profile) {
            return Err(ConfigError::TokenCache(format!(
                "profile name {profile:?} cannot name a token file: use letters, digits, - _ ."
            )));
        }
        Ok(self.dir.join(format!("{profile}.token")))
    }

    /// The cached token of `profile` when it was issued to `owner`.
    ///
    /// # Errors
    /// The file or folder is open to others (with the `chmod` that fixes it), or unreadable.
    pub fn load(
        &self,
        profile: &str,
        owner: &TokenOwner,
    ) -> Result<Option<SecretString>, ConfigError> {
        let path = self.path(profile)?;
        let meta = match fs::symlink_metadata(&path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&path, &e)),
        };
        if !meta.is_file() {
            return Err(ConfigError::TokenCache(format!(
                "refusing the token cache {}: not a regular file; delete it",
                path.display()
            )));
        }
        private(&self.dir, 0o700, "700")?;
        private(&path, 0o600, "600")?;
        let text = fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
        // A damaged file is as good as none: the next login overwrites it.
        let Ok(stored) = serde_json::from_str::<Stored>(&text) else {
            return Ok(None);
        };
        Ok((stored.owner == *owner).then(|| SecretString::from(stored.token)))
    }

    /// Stores `token` for `profile`, replacing the file atomically.
    ///
    /// # Errors
    /// The folder could not be made private or the file not written.
    pub fn store(
        &self,
        profile: &str,
        owner: &TokenOwner,
        token: &SecretString,
    ) -> Result<(), ConfigError> {
        let path = self.path(profile)?;
        make_private_dir(&self.dir)?;
        let text = serde_json::to_string(&Stored {
            owner: owner.clone(),
            token: token.expose_secret().to_owned(),
        })
        .map_err(|e| ConfigError::TokenCache(e.to_string()))?;
        crate::durable::write_atomically(&self.dir, &path, text.as_bytes())
            .map_err(|e| io_error(&path, &e))
    }

    /// Deletes the token of `profile`; `Ok(false)` when there was none.
    ///
    /// # Errors
    /// The file exists but could not be deleted.
    pub fn remove(&self, profile: &str) -> Result<bool, ConfigError> {
        let path = self.path(profile)?;
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(io_error(&path, &e)),
        }
    }
}

/// Whether a profile name can name a file: letters, digits, `-`, `_` and `.`, not leading.
#[must_use]
pub fn plain_name(profile: &str) -> bool {
    !profile.is_empty()
        && !profile.starts_with('.')
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn io_error(path: &Path, error: &std::io::Error) -> ConfigError {
    ConfigError::TokenCache(format!("token cache {}: {error}", path.display()))
}

/// Refuses `path` when its mode grants more than `allowed`.
#[cfg(unix)]
fn private(path: &Path, allowed: u32, fix: &str) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(path)
        .map_err(|e| io_error(path, &e))?
        .permissions()
        .mode()
        & 0o777;
    if mode & !allowed != 0 {
        return Err(ConfigError::TokenCache(format!(
            "refusing the token cache {}: its mode is {mode:04o}, so others may read it; \
             fix it with `chmod {fix} {}` (or delete it and log in again)",
            path.display(),
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn private(_path: &Path, _allowed: u32, _fix: &str) -> Result<(), ConfigError> {
    Ok(())
}

/// Creates the folder (and its parents) as 0700, and refuses an existing one open to others.
fn make_private_dir(dir: &Path) -> Result<(), ConfigError> {
    crate::durable::create_private_dir(dir).map_err(|e| io_error(dir, &e))?;
    private(dir, 0o700, "700")
}
