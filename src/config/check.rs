//! Validation of the config file beyond its syntax: values in range, consistent auth
//! settings, an existing default profile, and each profile's keymap. `crmjobs config check`
//! reports every problem; loading a profile stops at the first of that profile's.

use std::fmt;
use std::ops::RangeInclusive;

use toml::Spanned;

use super::file::{AuthKind, RawConfig, RawProfile, Source};
use crate::app::keymap::Keymap;

/// One problem, at a line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// 1-based line (0 when not from a file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Jobs per page the server is asked for.
pub const PAGE_SIZE: RangeInclusive<i64> = 1..=1000;
/// Seconds a request may take.
pub const REQUEST_TIMEOUT: RangeInclusive<i64> = 1..=3600;
/// Seconds between automatic refreshes; 0 is off.
pub const AUTO_REFRESH: RangeInclusive<i64> = 0..=86_400;

/// Every problem in the file, in line order.
#[must_use]
pub fn file_problems(source: &Source, raw: &RawConfig) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(name) = raw
        .default_profile
        .as_ref()
        .filter(|name| !raw.profiles.contains_key(name.get_ref()))
    {
        problems.push(Problem {
            line: source.line_of(name.span().start),
            message: format!(
                "default_profile `{0}` has no [profiles.{0}] table",
                name.get_ref()
            ),
        });
    }
    for (name, profile) in &raw.profiles {
        if !super::token_cache::plain_name(name) {
            problems.push(Problem {
                line: source.line_of(profile.span().start),
                message: format!(
                    "profile name {name:?} cannot name its token file: use letters, digits, - _ ."
                ),
            });
        }
        problems.extend(profile_problems(source, raw, profile));
    }
    if raw.profiles.is_empty() {
        // The shared keys are still checked when no profile uses them yet.
        problems.extend(profile_problems(
            source,
            raw,
            &Spanned::new(0..0, RawProfile::default()),
        ));
    }
    // Shared [keys] problems come once per profile: report each once.
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    problems.sort_by_key(|p| p.line);
    problems
}

/// The problems of one profile, its keymap (shared `[keys]` included) among them.
#[must_use]
pub fn profile_problems(
    source: &Source,
    raw: &RawConfig,
    profile: &Spanned<RawProfile>,
) -> Vec<Problem> {
    let at = |offset: usize, message: String| Problem {
        line: source.line_of(offset),
        message,
    };
    let p = profile.get_ref();
    let mut problems = Vec::new();
    if let Some(server) = &p.server {
        let url = server.get_ref();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            problems.push(at(
                server.span().start,
                format!("server `{url}` must start with https:// or http://"),
            ));
        }
    }
    for (value, range, name) in [
        (&p.page_size, PAGE_SIZE, "page_size"),
        (&p.request_timeout, REQUEST_TIMEOUT, "request_timeout"),
        (&p.auto_refresh, AUTO_REFRESH, "auto_refresh"),
    ] {
        if let Some(value) = value.as_ref().filter(|v| !range.contains(v.get_ref())) {
            problems.push(at(
                value.span().start,
                format!(
                    "{name} = {} is out of range {}..={}",
                    value.get_ref(),
                    range.start(),
                    range.end()
                ),
            ));
        }
    }
    problems.extend(auth_problems(p).map(|(offset, message)| at(offset, message)));
    if let Some(zone) = &p.server_timezone
        && let Err(message) = super::parse_timezone(zone.get_ref())
    {
        problems.push(at(zone.span().start, message));
    }
    for (name, list) in [
        ("token_error_codes", &p.token_error_codes),
        ("job_types", &p.job_types),
    ] {
        if let Some(list) = list
            && list.get_ref().iter().any(|entry| entry.trim().is_empty())
        {
            problems.push(at(
                list.span().start,
                format!("{name} has an empty entry; remove it"),
            ));
        }
    }
    if let Some(file) = &p.ca_file {
        let base = source.path.parent().unwrap_or(std::path::Path::new(""));
        let path = base.join(file.get_ref());
        if !path.is_file() {
            problems.push(at(
                file.span().start,
                format!("ca_file {} does not exist", path.display()),
            ));
        }
    }
    problems.extend(raw.keys_for(p, source).apply(&Keymap::default()).1);
    problems
}

/// A password command with `auth = "api_key"`, or the other way round, or both commands.
fn auth_problems(p: &RawProfile) -> Option<(usize, String)> {
    let kind = p.auth.as_ref().map(|a| *a.get_ref());
    match (&p.password_command, &p.api_key_command, kind) {
        (Some(_), Some(key), _) => Some((
            key.span().start,
            "give password_command or api_key_command, not both".to_owned(),
        )),
        (Some(cmd), None, Some(AuthKind::ApiKey)) => Some((
            cmd.span().start,
            "password_command with auth = \"api_key\"; use api_key_command".to_owned(),
        )),
        (None, Some(cmd), Some(AuthKind::Password)) => Some((
            cmd.span().start,
            "api_key_command with auth = \"password\"; use password_command".to_owned(),
        )),
        _ => None,
    }
}
