//! The password or API key for a silent login: `CRMJOBS_PASSWORD`/`CRMJOBS_API_KEY`, or the
//! output of `password_command`/`api_key_command` run with `sh -c`. The output is trimmed and
//! never logged; a failing command's output is not repeated either, only its exit status.

use std::process::{Command, Stdio};

use secrecy::SecretString;

use super::{AuthSource, ConfigError};
use crate::api::client::Credentials;

/// The credentials for a login without asking, or `None` when the password must be typed
/// on the login screen.
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

/// Runs `command` with `sh -c`; its standard output, trimmed, is the secret. Standard input
/// and error stay the terminal's, so a command may ask for a passphrase.
///
/// # Errors
/// The command could not start, failed, or printed nothing.
pub fn run(setting: &str, command: &str) -> Result<SecretString, ConfigError> {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
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
