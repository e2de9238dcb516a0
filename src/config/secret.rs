//! The password or API key for a silent login: `CRMJOBS_PASSWORD`/`CRMJOBS_API_KEY`, or the
//! output of `password_command`/`api_key_command` run with `sh -c`. The output is trimmed and
//! never logged; a failing command's output is not repeated either, only its exit status.

use std::process::{Command, Stdio};

use secrecy::SecretString;

use super::{AuthSource, ConfigError};
use crate::api::client::Credentials;

/// The credentials the environment gives (`CRMJOBS_PASSWORD`, `CRMJOBS_API_KEY`), without
/// running any command.
#[must_use]
pub fn env_credentials(
    profile: &super::Profile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Credentials> {
    let unit = profile.unit.clone();
    match &profile.auth {
        AuthSource::Password | AuthSource::PasswordCommand(_) => {
            env("CRMJOBS_PASSWORD").map(|p| Credentials::Password {
                organisation: profile.organisation.clone(),
                username: profile.username.clone(),
                password: p.into(),
                unit,
            })
        }
        AuthSource::ApiKey | AuthSource::ApiKeyCommand(_) => {
            env("CRMJOBS_API_KEY").map(|k| Credentials::ApiKey {
                key: k.into(),
                unit,
            })
        }
    }
}

/// The credentials for a login without asking, or `None` when the password must be typed
/// on the login screen. Runs `password_command`/`api_key_command` when the environment
/// gives no secret.
///
/// # Errors
/// A password or key command failed or printed nothing; or an API key is given nowhere.
pub fn silent_credentials(
    profile: &super::Profile,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, ConfigError> {
    let password = |password: SecretString| Credentials::Password {
        organisation: profile.organisation.clone(),
        username: profile.username.clone(),
        password,
        unit: profile.unit.clone(),
    };
    let key = |key: SecretString| Credentials::ApiKey {
        key,
        unit: profile.unit.clone(),
    };
    Ok(match &profile.auth {
        AuthSource::Password => env("CRMJOBS_PASSWORD").map(|p| password(p.into())),
        AuthSource::PasswordCommand(command) => Some(password(match env("CRMJOBS_PASSWORD") {
            Some(p) => p.into(),
            None => run("password_command", command)?,
        })),
        AuthSource::ApiKey => Some(key(env("CRMJOBS_API_KEY")
            .map(SecretString::from)
            .ok_or_else(|| {
                ConfigError::Command(format!(
                    "profile {:?} logs in with an API key: set CRMJOBS_API_KEY or api_key_command",
                    profile.name
                ))
            })?)),
        AuthSource::ApiKeyCommand(command) => Some(key(match env("CRMJOBS_API_KEY") {
            Some(k) => k.into(),
            None => run("api_key_command", command)?,
        })),
    })
}

/// The credentials from the profile's `password_command`/`api_key_command`, run with no
/// terminal (`run_detached`); `None` when the profile has no command.
///
/// # Errors
/// The command failed or printed nothing.
pub fn command_credentials(profile: &super::Profile) -> Result<Option<Credentials>, ConfigError> {
    let unit = profile.unit.clone();
    Ok(match &profile.auth {
        AuthSource::PasswordCommand(command) => Some(Credentials::Password {
            organisation: profile.organisation.clone(),
            username: profile.username.clone(),
            password: run_detached("password_command", command)?,
            unit,
        }),
        AuthSource::ApiKeyCommand(command) => Some(Credentials::ApiKey {
            key: run_detached("api_key_command", command)?,
            unit,
        }),
        AuthSource::Password | AuthSource::ApiKey => None,
    })
}

/// Runs `command` with `sh -c`; its standard output, trimmed, is the secret. Standard input
/// and error stay the terminal's, so a command may ask for a passphrase.
///
/// # Errors
/// The command could not start, failed, or printed nothing.
pub fn run(setting: &str, command: &str) -> Result<SecretString, ConfigError> {
    run_with(setting, command, Stdio::inherit, Stdio::inherit)
}

/// Runs `command` with no terminal at all: for use while the TUI owns the screen, where a
/// prompt could neither be seen nor answered.
///
/// # Errors
/// As [`run`].
pub fn run_detached(setting: &str, command: &str) -> Result<SecretString, ConfigError> {
    run_with(setting, command, Stdio::null, Stdio::null)
}

fn run_with(
    setting: &str,
    command: &str,
    stdin: fn() -> Stdio,
    stderr: fn() -> Stdio,
) -> Result<SecretString, ConfigError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(stdin())
        .stderr(stderr())
        .stdout(Stdio::piped())
        .output()
        .map_err(|e| ConfigError::Command(format!("{setting}: cannot run sh: {e}")))?;
    if !output.status.success() {
        return Err(ConfigError::Command(format!(
            "{setting} failed ({})",
            output.status
        )));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| ConfigError::Command(format!("{setting} printed something not UTF-8")))?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(ConfigError::Command(format!("{setting} printed nothing")));
    }
    Ok(SecretString::from(secret))
}
