//! `crmjobs` on a profile: the client from the profile (timeout, CA file), the keymap and
//! theme overrides, the page size and the plain settings the app reads, then the login
//! (cached token, profile secret, or the login screen), the saved jobs shown until the server
//! answers, and, on the way out, the token written back to the cache.

use std::io;

use super::effects::ClientEffects;
use super::login_plan::{CacheSlot, LoginPlan};
use crate::api::client::Client;
use crate::app::login::Login;
use crate::app::{App, Connection, Session};
use crate::config::resolve::Loaded;
use crate::config::{AuthSource, Borders, ConfigError, Paths, Profile, secret};
use crate::jobcache::JobCache;
use crate::ui::theme::Theme;

/// Why the app did not run.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The configuration cannot be used (exit code 2).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// The terminal broke, or the client could not be set up.
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Everything the loop needs, built before the terminal is touched so every configuration
/// problem is reported on a normal screen.
#[derive(Debug)]
pub struct Prepared {
    /// The app, ready for `init`.
    pub app: App,
    /// The effects, logging in as the profile says.
    pub effects: ClientEffects,
    /// The client the effects use.
    pub client: Client,
    /// Where the token goes on the way out.
    pub cache: CacheSlot,
}

/// Runs the TUI on `loaded`'s profile.
///
/// # Errors
/// A configuration problem, or a broken terminal.
pub async fn run(loaded: Loaded) -> Result<(), LaunchError> {
    // Configuration problems are reported even without a terminal; the loop learns the real
    // size when it enters one.
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let prepared = prepare(&loaded.profile, &loaded.paths, size, &env)?;
    let result = super::launch::run_app(prepared.app, &prepared.effects).await;
    // Re-logins during the session replaced the token: keep the latest.
    prepared.cache.remember(&prepared.client);
    Ok(result?)
}

/// Builds the app and its effects for `profile`, with `env` standing for the environment.
///
/// # Errors
/// A keymap problem, a refused token cache, a failing password or key command.
pub fn prepare(
    profile: &Profile,
    paths: &Paths,
    size: (u16, u16),
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Prepared, LaunchError> {
    let client =
        Client::new(profile.client_config(paths)).map_err(|e| io::Error::other(e.to_string()))?;
    let cache = CacheSlot {
        cache: paths.token_cache(),
        profile: profile.name.clone(),
        owner: profile.token_owner(),
    };
    let cached = cache.cache.load(&cache.profile, &cache.owner)?;
    let mut plan = LoginPlan {
        credentials: secret::env_credentials(profile, env),
        unit: profile.unit.clone(),
        cache: Some(cache.clone()),
        fallback: None,
    };
    if let Some(token) = cached {
        client.set_token(token);
        // The command (perhaps a passphrase prompt) is needed only if the token fails.
        plan.fallback = Some(profile.clone());
    } else if plan.credentials.is_none() {
        plan.credentials = secret::silent_credentials(profile, env)?;
    }
    let silent = client.is_logged_in() || plan.credentials.is_some();
    let mut app = App::new(session(profile), None, size);
    if silent {
        app.login = Some(Login::silent());
    }
    configure(&mut app, profile, paths, env)?;
    let (outbox, owner) =
        super::launch::open_outbox(&app.session, &paths.outbox_dir(), &paths.audit_log())?;
    super::launch::show_waiting(&mut app, &outbox, &owner)?;
    let effects = ClientEffects::new(client.clone())
        .with_login(plan)
        .with_users_filter(profile.users_filter.clone())
        .with_outbox(outbox, owner);
    let drafts = super::launch::drafts_dir(&paths.data_dir);
    let mut effects = super::launch::keep_drafts(&mut app, effects, Some(drafts));
    let jobs = profile
        .cache_jobs
        .then(|| JobCache::new(paths.jobs_dir(), &profile.name, profile.token_owner()))
        .flatten();
    if let Some(jobs) = jobs {
        app.keep_saved_jobs();
        effects = effects.with_job_cache(jobs);
    }
    Ok(Prepared {
        app,
        effects,
        client,
        cache,
    })
}

fn session(profile: &Profile) -> Session {
    let api_key = matches!(
        profile.auth,
        AuthSource::ApiKey | AuthSource::ApiKeyCommand(_)
    );
    Session {
        profile: profile.name.clone(),
        organisation: profile.organisation.clone(),
        // An API key logs in as whoever the key belongs to.
        username: if api_key && profile.username.is_empty() {
            "api-key".to_owned()
        } else {
            profile.username.clone()
        },
        server: profile.server.clone(),
        demo: false,
        connection: Connection::LoggedOut,
    }
}

/// The profile's keymap, theme, page size, refresh and mouse settings.
pub(super) fn configure(
    app: &mut App,
    profile: &Profile,
    paths: &Paths,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    let (keymap, problems) = profile.keymap.apply(&app.keymap);
    if let Some(problem) = problems.into_iter().next() {
        return Err(ConfigError::Invalid {
            path: paths.config_file.clone(),
            line: problem.line,
            message: problem.message,
        });
    }
    app.keymap = keymap;
    app.theme = Theme {
        color: profile.theme.colour.enabled(env("NO_COLOR").as_deref()),
        ascii: profile.theme.borders == Borders::Ascii,
    };
    for tab in &mut app.tabs {
        tab.page_size = profile.page_size;
    }
    app.auto_refresh = profile.auto_refresh;
    app.mouse = profile.mouse;
    Ok(())
}
