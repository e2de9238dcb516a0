//! Building the `Profile` to run with: flags, then `CRMJOBS_*` environment variables, then
//! the file's profile table, then the file's shared `[keys]`/`[theme]`, then defaults.

use std::path::PathBuf;
use std::time::Duration;

use toml::Spanned;

use super::check::profile_problems;
use super::file::{self, AuthKind, RawConfig, RawProfile, RawTheme, Source};
use super::keys::KeyOverrides;
use super::{
    AuthSource, ConfigError, DEFAULT_PAGE_SIZE, DEFAULT_REQUEST_TIMEOUT, Paths, Profile,
    ThemeSettings,
};

/// Values from the command line; `None` leaves the choice to the environment and the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--profile NAME`.
    pub profile: Option<String>,
    /// `--server URL`.
    pub server: Option<String>,
    /// `--organisation NAME`.
    pub organisation: Option<String>,
    /// `--username NAME`.
    pub username: Option<String>,
}

/// The result of loading: where things live and the profile to use.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The folders and the config file used.
    pub paths: Paths,
    /// The chosen profile, resolved.
    pub profile: Profile,
}

/// The profile name used when nothing names one and the file has no single profile.
pub const DEFAULT_PROFILE: &str = "default";

/// Loads with the process environment.
///
/// # Errors
/// The file is unreadable or invalid, the profile is unknown, or the server (or, for a
/// password, the organisation or user name) is given nowhere.
pub fn load(overrides: &Overrides) -> Result<Loaded, ConfigError> {
    load_with(overrides, &|name| {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    })
}

/// Loads with `env` standing for the environment (tests pass a map).
///
/// # Errors
/// As [`load`].
pub fn load_with(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, ConfigError> {
    load_inner(overrides, env, true)
}

/// The profile's settings without requiring what a login needs (server, organisation, user
/// name may be empty): for `--demo`, which logs in to its own stand-in but honours the
/// file's keys, theme, page size, auto-refresh and mouse settings.
///
/// # Errors
/// The file is unreadable or invalid, or the profile is unknown.
pub fn load_settings(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Loaded, ConfigError> {
    load_inner(overrides, env, false)
}

fn load_inner(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    for_login: bool,
) -> Result<Loaded, ConfigError> {
    let config = overrides
        .config
        .clone()
        .or_else(|| env(super::paths::CONFIG_ENV).map(PathBuf::from));
    let paths = Paths::discover_with(config.as_deref())?;
    let source = file::read(&paths.config_file)?;
    let raw = match &source {
        Some(source) => file::parse(source)?,
        None => RawConfig::default(),
    };
    let name = profile_name(overrides, env, &raw, source.as_ref(), for_login)?;
    let empty = Spanned::new(0..0, RawProfile::default());
    let table = match (&name, &source) {
        (Some(name), Some(source)) => {
            raw.profiles
                .get(name)
                .ok_or_else(|| ConfigError::UnknownProfile {
                    name: name.clone(),
                    path: source.path.clone(),
                })?
        }
        _ => &empty,
    };
    if let Some(source) = &source
        && let Some(problem) = profile_problems(source, &raw, table).into_iter().next()
    {
        return Err(source.error_at_line(problem.line, problem.message));
    }
    let name = name.unwrap_or_else(|| DEFAULT_PROFILE.to_owned());
    let file = (&raw, table.get_ref(), source.as_ref());
    let profile = build(name, overrides, env, file, for_login)?;
    Ok(Loaded { paths, profile })
}

/// `--profile`, `CRMJOBS_PROFILE`, `default_profile`, or a file's only profile; `None`
/// when nothing names one.
fn profile_name(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    raw: &RawConfig,
    source: Option<&Source>,
    for_login: bool,
) -> Result<Option<String>, ConfigError> {
    let name = overrides
        .profile
        .clone()
        .or_else(|| env("CRMJOBS_PROFILE"))
        .or_else(|| raw.default_profile.as_ref().map(|n| n.get_ref().clone()))
        .or_else(|| {
            (raw.profiles.len() == 1)
                .then(|| raw.profiles.keys().next().cloned())
                .flatten()
        });
    // Ad hoc flags or variables naming a server need no profile.
    let ad_hoc = overrides.server.is_some() || env("CRMJOBS_SERVER").is_some();
    if for_login
        && !ad_hoc
        && name.is_none()
        && raw.profiles.len() > 1
        && let Some(source) = source
    {
        return Err(ConfigError::NoProfileChosen {
            names: raw.profiles.keys().cloned().collect::<Vec<_>>().join(", "),
            path: source.path.clone(),
        });
    }
    Ok(name)
}

fn build(
    name: String,
    flags: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    (raw, p, source): (&RawConfig, &RawProfile, Option<&Source>),
    for_login: bool,
) -> Result<Profile, ConfigError> {
    let auth = auth_source(p, env);
    let (server, organisation, username) = identity(flags, env, p, &auth, for_login)?;
    let seconds = |v: &Option<Spanned<i64>>| {
        v.as_ref()
            .map(|v| Duration::from_secs(v.get_ref().unsigned_abs()))
    };
    // A relative CA file is relative to the config file, not to wherever crmjobs runs.
    let base = source.and_then(|s| s.path.parent());
    let ca_file = p.ca_file.as_ref().map(|f| match base {
        Some(base) => base.join(f.get_ref()),
        None => f.get_ref().clone(),
    });
    let server_timezone = super::timezone::resolve(p, env)?;
    Ok(Profile {
        name,
        server,
        organisation,
        username,
        unit: env("CRMJOBS_UNIT").or_else(|| p.unit.clone()),
        auth,
        page_size: p.page_size.as_ref().map_or(DEFAULT_PAGE_SIZE, |v| {
            u32::try_from(*v.get_ref()).unwrap_or(DEFAULT_PAGE_SIZE)
        }),
        request_timeout: seconds(&p.request_timeout).unwrap_or(DEFAULT_REQUEST_TIMEOUT),
        // CRMJOBS_AUTO_REFRESH (seconds, as in the demo) beats the file; unreadable is unset.
        auto_refresh: env("CRMJOBS_AUTO_REFRESH")
            .and_then(|v| v.trim().parse::<u64>().ok().map(Duration::from_secs))
            .or_else(|| seconds(&p.auto_refresh))
            .filter(|d| !d.is_zero()),
        users_filter: p.users_filter.clone(),
        ca_file,
        mouse: p.mouse.unwrap_or(true),
        cache_jobs: p.cache_jobs.unwrap_or(true),
        server_timezone,
        token_error_codes: listed(p.token_error_codes.as_ref()),
        job_types: listed(p.job_types.as_ref()),
        keymap: source.map_or_else(KeyOverrides::default, |s| raw.keys_for(p, s)),
        theme: theme(&raw.theme, &p.theme),
    })
}

/// A list setting's entries, trimmed, the empty ones left out.
fn listed(list: Option<&Spanned<Vec<String>>>) -> Vec<String> {
    list.map(|l| {
        l.get_ref()
            .iter()
            .map(|entry| entry.trim().to_owned())
            .filter(|entry| !entry.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

/// Server, organisation and user name, each from its flag, its variable or the file; the
/// last two may be empty only for an API key.
fn identity(
    flags: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    p: &RawProfile,
    auth: &AuthSource,
    for_login: bool,
) -> Result<(String, String, String), ConfigError> {
    let pick = |flag: &Option<String>, var: &str, file: Option<&String>| {
        flag.clone().or_else(|| env(var)).or_else(|| file.cloned())
    };
    let server = pick(
        &flags.server,
        "CRMJOBS_SERVER",
        p.server.as_ref().map(Spanned::get_ref),
    );
    let organisation = pick(
        &flags.organisation,
        "CRMJOBS_ORGANISATION",
        p.organisation.as_ref(),
    );
    let username = pick(&flags.username, "CRMJOBS_USERNAME", p.username.as_ref());
    if !for_login {
        let text = Option::unwrap_or_default;
        return Ok((text(server), text(organisation), text(username)));
    }
    let missing = |what, flag, env| ConfigError::Missing { what, flag, env };
    let server = server.ok_or_else(|| missing("server", "server", "SERVER"))?;
    if matches!(auth, AuthSource::ApiKey | AuthSource::ApiKeyCommand(_)) {
        return Ok((
            server,
            organisation.unwrap_or_default(),
            username.unwrap_or_default(),
        ));
    }
    let organisation =
        organisation.ok_or_else(|| missing("organisation", "organisation", "ORGANISATION"))?;
    let username = username.ok_or_else(|| missing("username", "username", "USERNAME"))?;
    Ok((server, organisation, username))
}

/// The kind is the file's `auth`; without one, a command implies its kind, and
/// `CRMJOBS_API_KEY` (without `CRMJOBS_PASSWORD`) means a key.
fn auth_source(p: &RawProfile, env: &dyn Fn(&str) -> Option<String>) -> AuthSource {
    let kind = p.auth.as_ref().map_or_else(
        || {
            let key = p.api_key_command.is_some()
                || (p.password_command.is_none()
                    && env("CRMJOBS_API_KEY").is_some()
                    && env("CRMJOBS_PASSWORD").is_none());
            if key {
                AuthKind::ApiKey
            } else {
                AuthKind::Password
            }
        },
        |a| *a.get_ref(),
    );
    match kind {
        AuthKind::Password => p
            .password_command
            .as_ref()
            .map_or(AuthSource::Password, |c| {
                AuthSource::PasswordCommand(c.get_ref().clone())
            }),
        AuthKind::ApiKey => p.api_key_command.as_ref().map_or(AuthSource::ApiKey, |c| {
            AuthSource::ApiKeyCommand(c.get_ref().clone())
        }),
    }
}

/// The profile's theme values over the shared `[theme]`.
fn theme(shared: &RawTheme, own: &RawTheme) -> ThemeSettings {
    ThemeSettings {
        colour: own.colour.or(shared.colour).unwrap_or_default(),
        borders: own.borders.or(shared.borders).unwrap_or_default(),
    }
}
