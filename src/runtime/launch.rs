//! Starting the interactive app for real: the terminal, the input task, signals, the
//! client, and (for `--demo`) the in-process stand-in. `profile.rs` starts it on a profile.

use std::io;
use std::path::Path;

use secrecy::SecretString;

use super::effects::ClientEffects;
use super::signals::{self, Shutdown};
use super::terminal::{TerminalGuard, TerminalScreen};
use crate::api::client::{Client, ClientConfig};
use crate::app::{App, Session};
use crate::config::resolve::Loaded;
use crate::outbox::{Outbox, Owner};
use crate::ui::theme::Theme;

/// How the demo's stand-in is set up (its flavour, zone and paging; the port is always free).
#[cfg(feature = "standin")]
pub type DemoServer = crate::standin::StandinConfig;

/// How the demo's stand-in is set up: this build has none.
#[cfg(not(feature = "standin"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct DemoServer;

/// `crmjobs --demo` with built-in settings.
///
/// # Errors
/// The stand-in could not start, or the terminal broke.
pub async fn demo() -> io::Result<()> {
    demo_with(None, DemoServer::default()).await
}

/// `crmjobs --demo`: the stand-in on a free local port, logged in as its supervisor; with
/// `settings`, the config file's keys, theme, page size, auto-refresh and mouse apply;
/// `server` sets how the stand-in plays CRM.COM (flavour, zone, paging).
///
/// # Errors
/// The stand-in could not start, or the terminal broke.
#[cfg(feature = "standin")]
pub async fn demo_with(settings: Option<&Loaded>, server: DemoServer) -> io::Result<()> {
    use crate::app::Connection;
    use crate::standin::{
        DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
    };
    let server = StandinServer::start(StandinConfig { port: 0, ..server }).await?;
    let session = Session {
        profile: "demo".to_owned(),
        organisation: DEMO_ORGANISATION.to_owned(),
        username: DEMO_USERNAME.to_owned(),
        server: server.url(),
        demo: true,
        connection: Connection::LoggedOut,
    };
    // The demo's outbox is its own and goes with it: its entries are for a server that
    // lives only as long as the demo.
    let data = std::env::temp_dir().join(format!("crmjobs-demo-{}", std::process::id()));
    let password = Some(SecretString::from(DEMO_PASSWORD));
    // The demo's server is its own stand-in: its zone is the one its dates are in.
    let result = interactive(session, password, &data, settings, server.zone()).await;
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&data);
    result
}

/// `crmjobs --demo` in a build without the stand-in.
///
/// # Errors
/// Always: the demo needs the stand-in.
#[cfg(not(feature = "standin"))]
#[expect(
    clippy::unused_async,
    reason = "the same signature as with the stand-in"
)]
pub async fn demo_with(_settings: Option<&Loaded>, _server: DemoServer) -> io::Result<()> {
    Err(io::Error::other(
        "this build has no stand-in server, so no demo",
    ))
}

#[cfg_attr(
    not(feature = "standin"),
    expect(dead_code, reason = "only the demo starts without a profile")
)]
async fn interactive(
    session: Session,
    password: Option<SecretString>,
    data: &Path,
    settings: Option<&Loaded>,
    server_zone: chrono_tz::Tz,
) -> io::Result<()> {
    let client = Client::new(ClientConfig {
        server_zone,
        ..ClientConfig::new(session.server.clone())
    })
    .map_err(|e| io::Error::other(e.to_string()))?;
    let size = crossterm::terminal::size()?;
    let mut app = App::new(session, password, size);
    let (outbox, owner) = open_outbox(
        &app.session,
        &data.join("outbox"),
        &data.join("audit.jsonl"),
    )?;
    show_waiting(&mut app, &outbox, &owner)?;
    let effects = ClientEffects::new(client).with_outbox(outbox, owner);
    let data_dir = if let Some(loaded) = settings {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        super::profile::configure(&mut app, &loaded.profile, &loaded.paths, &env)
            .map_err(|e| io::Error::other(e.to_string()))?;
        Some(loaded.paths.data_dir.clone())
    } else {
        app.theme = Theme::from_env();
        app.auto_refresh = auto_refresh_from_env();
        crate::config::Paths::discover()
            .ok()
            .map(|paths| paths.data_dir)
    };
    let effects = keep_drafts(&mut app, effects, data_dir.as_deref().map(drafts_dir));
    run_app(app, &effects).await
}

/// The outbox in `dir` (auditing to `audit`) and the owner of this session's entries.
///
/// # Errors
/// The outbox folder cannot be created or read.
pub(super) fn open_outbox(
    session: &Session,
    dir: &Path,
    audit: &Path,
) -> io::Result<(Outbox, Owner)> {
    let outbox = Outbox::open(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("the outbox in {}: {e}", dir.display())))?
        .with_audit(audit);
    let owner = Owner {
        profile: session.profile.clone(),
        server: session.server.clone(),
        organisation: session.organisation.clone(),
        username: session.username.clone(),
    };
    Ok((outbox, owner))
}

/// What a previous run left unsent shows (and guards quitting) before the login settles it.
///
/// # Errors
/// The outbox cannot be read.
pub(super) fn show_waiting(app: &mut App, outbox: &Outbox, owner: &Owner) -> io::Result<()> {
    app.outbox.enabled = true;
    app.outbox.entries = outbox.list_for(owner)?;
    Ok(())
}

/// Runs `app` in the real terminal until it quits: the input thread, the signals, and a
/// restored terminal on every way out (see `signals.rs` and `input.rs`).
///
/// # Errors
/// The terminal broke.
pub(super) async fn run_app(app: App, effects: &ClientEffects) -> io::Result<()> {
    super::logging::init_from_env();
    // Caught before raw mode, so no signal can leave the terminal raw.
    let shutdown = Shutdown::install()?;
    let guard = TerminalGuard::enter(app.mouse)?;
    let size = crossterm::terminal::size()?;
    let mut screen = TerminalScreen::new(io::stdout(), size)?;
    let (events, input) = tokio::sync::mpsc::unbounded_channel();
    signals::forward_resizes(&events);
    super::input::spawn(events)?;
    let stop = async {
        shutdown.wait().await;
    };
    let result = super::run(app, &mut screen, input, effects, stop).await;
    drop(guard);
    match result {
        Ok(app) => {
            // After the terminal is restored: a large cache takes a moment to write.
            if let Err(error) = effects.save_jobs(&app) {
                tracing::warn!(%error, "jobs not saved");
                eprintln!("crmjobs: the loaded jobs were not saved for the next start: {error}");
            }
            Ok(())
        }
        // Writing to a terminal that went away fails; that is a hang-up, not an error.
        Err(_) if super::input::hung_up() => Ok(()),
        Err(error) => Err(error),
    }
}

/// Where drafts live under a data folder.
#[must_use]
pub fn drafts_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("drafts")
}

/// Gives the app the drafts kept for its profile (offered after the login) and the effects
/// the folder to save them in. Without a folder (no home), no drafts are kept.
#[must_use]
pub fn keep_drafts(
    app: &mut App,
    effects: ClientEffects,
    dir: Option<std::path::PathBuf>,
) -> ClientEffects {
    let Some(dir) = dir else {
        return effects;
    };
    let drafts = crate::drafts::Drafts::new(dir);
    app.drafts.found = drafts.list(&app.session.profile);
    effects.with_drafts(drafts)
}

/// `CRMJOBS_AUTO_REFRESH=SECONDS` turns auto-refresh on in the demo (a profile sets it with
/// `auto_refresh`); unset, empty, zero or unreadable leaves it off.
fn auto_refresh_from_env() -> Option<std::time::Duration> {
    let seconds: u64 = std::env::var("CRMJOBS_AUTO_REFRESH")
        .ok()?
        .trim()
        .parse()
        .ok()?;
    (seconds > 0).then(|| std::time::Duration::from_secs(seconds))
}
