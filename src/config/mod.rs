//! Configuration: where files live, the TOML profiles, the precedence of flags, environment,
//! file and defaults, the keymap and theme overrides, and the per-profile token cache.
//!
//! Precedence, highest first: command-line flags, `CRMJOBS_*` environment variables, the
//! config file's profile table, the file's top-level `[keys]`/`[theme]`, built-in defaults.

use std::path::PathBuf;
use std::time::Duration;

pub mod check;
pub mod command;
pub mod file;
pub mod keys;
pub mod paths;
pub mod resolve;
pub mod secret;
pub mod timezone;
pub mod token_cache;

pub use command::{ConfigCommand, run_config_command};
pub use keys::KeyOverrides;
pub use paths::Paths;
pub use resolve::{Overrides, load, load_settings, load_with};
pub use timezone::{SERVER_TIMEZONE_ENV, parse_timezone};
pub use token_cache::TokenCache;

/// The page size asked of the server when the profile says nothing.
pub const DEFAULT_PAGE_SIZE: u32 = 50;
/// The request deadline when the profile says nothing.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// One resolved profile: everything needed to log in and run, after precedence was applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    /// The profile's name (the `[profiles.NAME]` table), shown in the header.
    pub name: String,
    /// Server base URL.
    pub server: String,
    /// Organisation to log in to (may be empty with an API key).
    pub organisation: String,
    /// User name (may be empty with an API key).
    pub username: String,
    /// Unit id to work in; the user's default unit when `None`.
    pub unit: Option<String>,
    /// Where the password or key comes from.
    pub auth: AuthSource,
    /// Jobs per page.
    pub page_size: u32,
    /// Total deadline of one request.
    pub request_timeout: Duration,
    /// Reload the shown tab this often; `None` is off.
    pub auto_refresh: Option<Duration>,
    /// Narrows the user picker (a name fragment).
    pub users_filter: Option<String>,
    /// Extra certificate authorities (PEM).
    pub ca_file: Option<PathBuf>,
    /// Whether the TUI captures the mouse.
    pub mouse: bool,
    /// Whether the loaded jobs are kept between runs (shown at the next start until the
    /// server answers).
    pub cache_jobs: bool,
    /// The server's time zone (`server_timezone`, `CRMJOBS_SERVER_TIMEZONE`; UTC unless
    /// set): the dates it sends without an offset are read, and the dates sent to it are
    /// written, as wall-clock times there.
    pub server_timezone: chrono_tz::Tz,
    /// Error codes the server sends for a dead token (`token_error_codes`), beside those
    /// the client recognises by their words or learns.
    pub token_error_codes: Vec<String>,
    /// Job type names whose lists make up a tab the server has no method for
    /// (`job_types`); empty: the types seen in the jobs.
    pub job_types: Vec<String>,
    /// Key binding overrides: the file's `[keys]` with the profile's `[profiles.NAME.keys]`
    /// on top.
    pub keymap: KeyOverrides,
    /// Colour and borders.
    pub theme: ThemeSettings,
}

impl Profile {
    /// The API client's settings: the server, the request deadline, the extra CA file, the
    /// server's time zone, its dead-token codes and job types, and where what the client
    /// learns about the server is kept (`paths`' `servers/`).
    #[must_use]
    pub fn client_config(&self, paths: &Paths) -> crate::api::client::ClientConfig {
        crate::api::client::ClientConfig {
            request_timeout: self.request_timeout,
            extra_ca_file: self.ca_file.clone(),
            server_zone: self.server_timezone,
            token_error_codes: self.token_error_codes.clone(),
            job_types: self.job_types.clone(),
            memory_dir: Some(paths.servers_dir()),
            ..crate::api::client::ClientConfig::new(self.server.clone())
        }
    }

    /// Who a token of this profile is issued to (the token cache keys on it).
    #[must_use]
    pub fn token_owner(&self) -> token_cache::TokenOwner {
        token_cache::TokenOwner {
            server: self.server.clone(),
            organisation: self.organisation.clone(),
            username: self.username.clone(),
        }
    }
}

/// Where the secret comes from. The secret itself is never stored here, and Debug leaves
/// out the command text (it could hold a secret, e.g. `echo hunter2`).
#[derive(Clone, PartialEq, Eq)]
pub enum AuthSource {
    /// A password: `CRMJOBS_PASSWORD`, else asked on the login screen.
    Password,
    /// A password printed by this shell command (`password_command`); `CRMJOBS_PASSWORD`
    /// still wins when set.
    PasswordCommand(String),
    /// A Web API key from `CRMJOBS_API_KEY`.
    ApiKey,
    /// A Web API key printed by this shell command (`api_key_command`); `CRMJOBS_API_KEY`
    /// still wins when set.
    ApiKeyCommand(String),
}

impl std::fmt::Debug for AuthSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Password => "Password",
            Self::PasswordCommand(_) => "PasswordCommand(..)",
            Self::ApiKey => "ApiKey",
            Self::ApiKeyCommand(_) => "ApiKeyCommand(..)",
        })
    }
}

/// Colour and border choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThemeSettings {
    /// Whether to use colour.
    pub colour: ColourMode,
    /// Box-drawing characters or plain ASCII.
    pub borders: Borders,
}

/// `colour = "auto" | "on" | "off"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColourMode {
    /// Colour unless `NO_COLOR` is set to a non-empty value.
    #[default]
    Auto,
    /// Colour even when `NO_COLOR` is set.
    On,
    /// Never colour.
    Off,
}

impl ColourMode {
    /// Whether colour is used, given the value of `NO_COLOR`.
    #[must_use]
    pub fn enabled(self, no_color: Option<&str>) -> bool {
        match self {
            Self::Auto => no_color.is_none_or(str::is_empty),
            Self::On => true,
            Self::Off => false,
        }
    }
}

/// `borders = "unicode" | "ascii"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Borders {
    /// Box-drawing characters.
    #[default]
    Unicode,
    /// `+`, `-` and `|`, for terminals and fonts without box drawing.
    Ascii,
}

/// Why the configuration could not be used. Messages name the file and, where known, the
/// line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No home directory, so no platform paths.
    #[error("cannot find the home directory to place the config file; use --config FILE")]
    NoHome,
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has a bad value.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// `--profile`/`CRMJOBS_PROFILE`/`default_profile` names a profile the file lacks.
    #[error("no profile {name:?} in {path}")]
    UnknownProfile {
        /// The name asked for.
        name: String,
        /// The file.
        path: PathBuf,
    },
    /// The file has several profiles and nothing chooses one.
    #[error(
        "{path} has profiles {names} and no default_profile: choose one with --profile, \
         CRMJOBS_PROFILE or default_profile"
    )]
    NoProfileChosen {
        /// The profile names, comma-separated.
        names: String,
        /// The file.
        path: PathBuf,
    },
    /// A value needed to log in is given nowhere.
    #[error(
        "no {what}: set it in the profile, with --{flag} or with CRMJOBS_{env} \
         (`crmjobs config init` writes an example config; `crmjobs --demo` needs none)"
    )]
    Missing {
        /// The setting, e.g. `server`.
        what: &'static str,
        /// Its flag name.
        flag: &'static str,
        /// Its environment variable suffix.
        env: &'static str,
    },
    /// A password or key command failed.
    #[error("{0}")]
    Command(String),
    /// The token cache could not be used.
    #[error("{0}")]
    TokenCache(String),
    /// An environment variable holds a value that cannot be used.
    #[error("{variable}: {message}")]
    Environment {
        /// The variable, e.g. `CRMJOBS_SERVER_TIMEZONE`.
        variable: &'static str,
        /// What is wrong.
        message: String,
    },
}
