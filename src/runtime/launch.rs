//! Starting the interactive app for real: the terminal, the input task, signals, the
//! client, and (for `--demo`) the in-process stand-in. `profile.rs` starts it on a profile.

use std::io;

use crossterm::event::EventStream;
use futures_util::StreamExt;
use secrecy::SecretString;

use super::effects::ClientEffects;
use super::terminal::{TerminalGuard, TerminalScreen};
use crate::api::client::{Client, ClientConfig};
use crate::app::{App, Session};
use crate::config::resolve::Loaded;
use crate::ui::theme::Theme;

/// `crmjobs --demo` with built-in settings.
///
/// # Errors
/// The stand-in could not start, or the terminal broke.
pub async fn demo() -> io::Result<()> {
    demo_with(None).await
}

/// `crmjobs --demo`: the stand-in on a free local port, logged in as its supervisor; with
/// `settings`, the config file's keys, theme, page size, auto-refresh and mouse apply.
///
/// # Errors
/// The stand-in could not start, or the terminal broke.
#[cfg(feature = "standin")]
pub async fn demo_with(settings: Option<&Loaded>) -> io::Result<()> {
    use crate::app::Connection;
    use crate::standin::{
        DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
    };
    let server = StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await?;
    let session = Session {
        profile: "demo".to_owned(),
        organisation: DEMO_ORGANISATION.to_owned(),
        username: DEMO_USERNAME.to_owned(),
        server: server.url(),
        demo: true,
        connection: Connection::LoggedOut,
    };
    let password = Some(SecretString::from(DEMO_PASSWORD));
    let result = interactive(session, password, settings).await;
    server.shutdown().await;
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
pub async fn demo_with(_settings: Option<&Loaded>) -> io::Result<()> {
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
    settings: Option<&Loaded>,
) -> io::Result<()> {
    let client = Client::new(ClientConfig::new(session.server.clone()))
        .map_err(|e| io::Error::other(e.to_string()))?;
    let effects = ClientEffects::new(client);
    let size = crossterm::terminal::size()?;
    let mut app = App::new(session, password, size);
    if let Some(loaded) = settings {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        super::profile::configure(&mut app, &loaded.profile, &loaded.paths, &env)
            .map_err(|e| io::Error::other(e.to_string()))?;
    } else {
        app.theme = Theme::from_env();
        app.auto_refresh = auto_refresh_from_env();
    }
    run_app(app, &effects).await
}

/// Runs `app` in the real terminal until it quits: the input task, the signals, and a
/// restored terminal on every way out.
///
/// # Errors
/// The terminal broke.
pub(super) async fn run_app(app: App, effects: &ClientEffects) -> io::Result<()> {
    let guard = TerminalGuard::enter(app.mouse)?;
    let size = crossterm::terminal::size()?;
    let mut screen = TerminalScreen::new(io::stdout(), size)?;
    let (events, input) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut stream = EventStream::new();
        while let Some(event) = stream.next().await {
            if events.send(event).is_err() {
                break;
            }
        }
    });
    let result = super::run(app, &mut screen, input, effects, signals()).await;
    reader.abort();
    drop(guard);
    result.map(drop)
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

/// Completes on SIGTERM or SIGHUP (a closed SSH session), so the terminal is restored.
async fn signals() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    std::future::pending::<()>().await;
}
