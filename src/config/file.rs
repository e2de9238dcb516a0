//! The config file as written: serde structs that keep each value's position (`Spanned`) so
//! every message can name its line. Unknown fields are errors, so a typo never goes unseen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::keys::{KeyOverrides, RawKeys};
use super::{Borders, ColourMode, ConfigError};

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The profile used without `--profile`/`CRMJOBS_PROFILE`.
    pub default_profile: Option<Spanned<String>>,
    /// Key overrides shared by every profile.
    #[serde(default)]
    pub keys: RawKeys,
    /// Theme shared by every profile.
    #[serde(default)]
    pub theme: RawTheme,
    /// `[profiles.NAME]` tables.
    #[serde(default)]
    pub profiles: BTreeMap<String, Spanned<RawProfile>>,
}

/// `[theme]` or `[profiles.NAME.theme]`.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    /// `auto`, `on` or `off`.
    #[serde(alias = "color")]
    pub colour: Option<ColourMode>,
    /// `unicode` or `ascii`.
    pub borders: Option<Borders>,
}

/// How the profile logs in, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthKind {
    /// User name and password.
    Password,
    /// A Web API key.
    ApiKey,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    /// Server base URL.
    pub server: Option<Spanned<String>>,
    /// Organisation.
    #[serde(alias = "organization")]
    pub organisation: Option<String>,
    /// User name.
    pub username: Option<String>,
    /// Unit id.
    pub unit: Option<String>,
    /// `password` or `api_key`.
    pub auth: Option<Spanned<AuthKind>>,
    /// Shell command printing the password.
    pub password_command: Option<Spanned<String>>,
    /// Shell command printing the API key.
    pub api_key_command: Option<Spanned<String>>,
    /// Jobs per page.
    pub page_size: Option<Spanned<i64>>,
    /// Seconds.
    pub request_timeout: Option<Spanned<i64>>,
    /// Seconds; 0 is off.
    pub auto_refresh: Option<Spanned<i64>>,
    /// Narrows the user picker.
    pub users_filter: Option<String>,
    /// PEM file of extra CAs; relative to the config file's folder.
    pub ca_file: Option<Spanned<PathBuf>>,
    /// Mouse capture.
    pub mouse: Option<bool>,
    /// Keep the loaded jobs between runs.
    pub cache_jobs: Option<bool>,
    /// The server's IANA time zone (`Area/City`), for its offset-less dates.
    pub server_timezone: Option<Spanned<String>>,
    /// Error codes this server sends for a dead token.
    pub token_error_codes: Option<Spanned<Vec<String>>>,
    /// Job type names whose lists make up a tab the server has no method for.
    pub job_types: Option<Spanned<Vec<String>>>,
    /// Per-profile key overrides.
    #[serde(default)]
    pub keys: RawKeys,
    /// Per-profile theme.
    #[serde(default)]
    pub theme: RawTheme,
}

impl RawConfig {
    /// The key overrides of `profile`: the shared `[keys]` first, the profile's after (the
    /// later wins).
    #[must_use]
    pub fn keys_for(&self, profile: &RawProfile, source: &Source) -> KeyOverrides {
        let shared = self.keys.resolve(source).0;
        KeyOverrides(
            shared
                .into_iter()
                .chain(profile.keys.resolve(source).0)
                .collect(),
        )
    }
}

/// The file's text and where it came from, for line numbers.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl Source {
    /// The 1-based line of a byte offset.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text[..end].matches('\n').count() + 1
    }

    /// An `Invalid` error at a line.
    #[must_use]
    pub fn error_at_line(&self, line: usize, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.clone(),
            line,
            message: message.into(),
        }
    }

    /// An `Invalid` error at a byte offset.
    #[must_use]
    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.clone(),
            line: self.line_of(offset),
            message: message.into(),
        }
    }
}

/// Reads the file; `Ok(None)` when it does not exist (defaults and flags still work).
///
/// # Errors
/// The file exists but cannot be read.
pub fn read(path: &Path) -> Result<Option<Source>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(Source {
            path: path.to_path_buf(),
            text,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ConfigError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Parses the text; syntax errors, unknown fields and wrong types carry their line.
///
/// # Errors
/// The first problem serde met.
pub fn parse(source: &Source) -> Result<RawConfig, ConfigError> {
    toml::from_str(&source.text).map_err(|e| {
        let offset = e.span().map_or(0, |span| span.start);
        // The toml message repeats the source excerpt; the first line is the reason.
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_owned();
        source.error_at(offset, message)
    })
}
