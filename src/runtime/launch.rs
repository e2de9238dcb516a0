//! Starting the interactive app for real: the terminal, the input task, signals, the
//! client, and (for `--demo`) the in-process stand-in.

use std::io;
use std::path::{Path, PathBuf};

use crossterm::event::EventStream;
use futures_util::StreamExt;
use secrecy::SecretString;

use super::effects::ClientEffects;
use super::terminal::{TerminalGuard, TerminalScreen};
use crate::api::client::{Client, ClientConfig};
use crate::app::{App, Connection, Session};
use crate::outbox::{Outbox, Owner};
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
    // The demo's outbox is its own and goes with it: its entries are for a server that
    // lives only as long as the demo.
    let data = std::env::temp_dir().join(format!("crmjobs-demo-{}", std::process::id()));
    let result = interactive(session, Some(SecretString::from(DEMO_PASSWORD)), &data).await;
    server.shutdown().await;
    let _ = std::fs::remove_dir_all(&data);
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
    interactive(session, None, &data_dir()?).await
}

/// The data folder of the outbox and the audit log.
// Until the profile's paths are wired in, straight from `directories`.
fn data_dir() -> io::Result<PathBuf> {
    directories::ProjectDirs::from("", "", "crmjobs")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| io::Error::other("no home folder to keep the outbox in"))
}

/// The outbox in `data` (auditing to `data/audit.jsonl`) and the owner of this session's
/// entries.
fn open_outbox(session: &Session, data: &Path) -> io::Result<(Outbox, Owner)> {
    let outbox = Outbox::open(&data.join("outbox"))
        .map_err(|e| io::Error::new(e.kind(), format!("the outbox in {}: {e}", data.display())))?
        .with_audit(&data.join("audit.jsonl"));
    let owner = Owner {
        profile: session.profile.clone(),
        server: session.server.clone(),
        organisation: session.organisation.clone(),
        username: session.username.clone(),
    };
    Ok((outbox, owner))
}

async fn interactive(
    session: Session,
    password: Option<SecretString>,
    data: &Path,
) -> io::Result<()> {
    let client = Client::new(ClientConfig::new(session.server.clone()))
        .map_err(|e| io::Error::other(e.to_string()))?;
    let (outbox, owner) = open_outbox(&session, data)?;
    // What a previous run left unsent shows (and guards quitting) before the login settles it.
    let waiting = outbox.list_for(&owner)?;
    let effects = ClientEffects::new(client).with_outbox(outbox, owner);
    let guard = TerminalGuard::enter()?;
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
    let mut app = App::new(session, password, size);
    app.theme = Theme::from_env();
    app.outbox.enabled = true;
    app.outbox.entries = waiting;
    let result = super::run(app, &mut screen, input, &effects, signals()).await;
    reader.abort();
    drop(guard);
    result.map(drop)
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
