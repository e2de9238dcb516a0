//! Where the config file, the state (token cache) and the data (outbox, audit log, drafts)
//! live: the platform's folders from `directories`, with `--config FILE`/`CRMJOBS_CONFIG`
//! overriding the config file alone. On Linux `XDG_CONFIG_HOME`, `XDG_STATE_HOME` and
//! `XDG_DATA_HOME` are honoured.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use super::ConfigError;

/// The environment variable naming the config file.
pub const CONFIG_ENV: &str = "CRMJOBS_CONFIG";

/// The files and folders crmjobs uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The TOML config file (it may not exist).
    pub config_file: PathBuf,
    /// State that may be lost: `tokens/<profile>.token`, `jobs/<profile>.json`.
    pub state_dir: PathBuf,
    /// Data that must not be lost: `outbox/`, `audit.jsonl`, `drafts/`.
    pub data_dir: PathBuf,
}

impl Paths {
    /// The platform paths, with `CRMJOBS_CONFIG` naming the config file when set.
    ///
    /// # Errors
    /// No home directory.
    pub fn discover() -> Result<Paths, ConfigError> {
        let env = std::env::var_os(CONFIG_ENV).filter(|v| !v.is_empty());
        Self::discover_with(env.as_deref().map(Path::new))
    }

    /// The platform paths, with `config` (from `--config` or `CRMJOBS_CONFIG`) naming the
    /// config file when given.
    ///
    /// # Errors
    /// No home directory.
    pub fn discover_with(config: Option<&Path>) -> Result<Paths, ConfigError> {
        let dirs = ProjectDirs::from("", "", "crmjobs").ok_or(ConfigError::NoHome)?;
        // macOS and Windows have no state folder; the local data folder is the closest.
        let state_dir = dirs
            .state_dir()
            .map_or_else(|| dirs.data_local_dir().join("state"), Path::to_path_buf);
        Ok(Paths {
            config_file: config
                .map_or_else(|| dirs.config_dir().join("config.toml"), Path::to_path_buf),
            state_dir,
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }

    /// The outbox folder.
    #[must_use]
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// The audit log.
    #[must_use]
    pub fn audit_log(&self) -> PathBuf {
        self.data_dir.join("audit.jsonl")
    }

    /// The drafts folder.
    #[must_use]
    pub fn drafts_dir(&self) -> PathBuf {
        self.data_dir.join("drafts")
    }

    /// The job cache folder: each profile's loaded rows, shown at the next start.
    #[must_use]
    pub fn jobs_dir(&self) -> PathBuf {
        self.state_dir.join("jobs")
    }

    /// What the client learned about each server (methods, codes, job types).
    #[must_use]
    pub fn servers_dir(&self) -> PathBuf {
        self.state_dir.join("servers")
    }

    /// The token cache folder.
    #[must_use]
    pub fn tokens_dir(&self) -> PathBuf {
        self.state_dir.join("tokens")
    }

    /// The token cache (`crmjobs login` stores, `logout` removes, the TUI reuses).
    #[must_use]
    pub fn token_cache(&self) -> super::TokenCache {
        super::TokenCache::new(self.tokens_dir())
    }
}
