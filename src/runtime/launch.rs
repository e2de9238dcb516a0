//! Starting the interactive app for real: the terminal, the input task, signals, the
//! client, and (for `--demo`) the in-process stand-in.

use std::io;

use secrecy::SecretString;

use super::effects::ClientEffects;
use super::signals::{self, Shutdown};
use super::terminal::{TerminalGuard, TerminalScreen};
use crate::api::client::{Client, ClientConfig};
use crate::app::{App, Connection, Session};
use crate::ui::theme::Theme;

/// Where to log in when not in the demo.
#[derive(Debug, Clone)]
pub struct Target {
    /// Profile name for the header.
    pub profile: String,
    /// Server base URL.
    pub server: String,
    /// Organisation.
    pub organisation: String,
    /// User name.
    pub username: String,
}

/// `crmjobs --demo`: the stand-in on a free local port, logged in as its supervisor.
///
/// # Errors
/// The stand-in could not start, or the terminal broke.
#[cfg(feature = "standin")]
pub async fn demo() -> io::Result<()> {
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
    let result = interactive(session, Some(SecretString::from(DEMO_PASSWORD))).await;
    server.shutdown().await;
    result
}

/// `crmjobs --demo` in a build without the stand-in.
///
/// # Errors
/// Always: the demo needs the stand-in.
#[cfg(not(feature = "standin"))]
pub async fn demo() -> io::Result<()> {
    Err(io::Error::other(
        "this build has no stand-in server, so no demo",
    ))
}

/// Logs in to a real server; the login screen asks for the password.
///
/// # Errors
/// The terminal broke, or the client could not be set up.
pub async fn remote(target: Target) -> io::Result<()> {
    let session = Session {
        profile: target.profile,
        organisation: target.organisation,
        username: target.username,
        server: target.server,
        demo: false,
        connection: Connection::LoggedOut,
    };
    interactive(session, None).await
}

async fn interactive(session: Session, password: Option<SecretString>) -> io::Result<()> {
    let client = Client::new(ClientConfig::new(session.server.clone()))
        .map_err(|e| io::Error::other(e.to_string()))?;
    let effects = ClientEffects::new(client);
    let shutdown = Shutdown::install()?;
    let guard = TerminalGuard::enter()?;
    let size = crossterm::terminal::size()?;
    let mut screen = TerminalScreen::new(io::stdout(), size)?;
    let (events, input) = tokio::sync::mpsc::unbounded_channel();
    signals::forward_resizes(&events);
    super::input::spawn(events)?;
    let mut app = App::new(session, password, size);
    app.theme = Theme::from_env();
    let stop = async {
        shutdown.wait().await;
    };
    let result = super::run(app, &mut screen, input, &effects, stop).await;
    drop(guard);
    match result {
        // Writing to a terminal that went away fails; that is a hang-up, not an error.
        Err(_) if super::input::hung_up() => Ok(()),
        other => other.map(drop),
    }
}
