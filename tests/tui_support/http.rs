//! Driving the real loop against the stand-in over HTTP: launch, keys, a logged-in client.

use std::io;

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::Job;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page};
use crmjobs::app::{App, Connection, Session};
use crmjobs::runtime::Effects;
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Recorder;

/// A running app: its keyboard, its screen and the loop's task.
pub struct Running {
    pub keys: mpsc::UnboundedSender<io::Result<Event>>,
    pub screen: Recorder,
    pub task: JoinHandle<io::Result<App>>,
}

impl Running {
    pub fn press(&self, code: KeyCode) {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.keys.send(Ok(event)).expect("the loop is running");
    }

    pub fn ctrl(&self, c: char) {
        let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self.keys.send(Ok(event)).expect("the loop is running");
    }

    pub fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    pub async fn quit(self) -> App {
        self.press(KeyCode::Char('q'));
        self.task
            .await
            .expect("the loop task")
            .expect("the loop ends cleanly")
    }
}

pub async fn standin() -> StandinServer {
    StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts")
}

pub fn session(server: &StandinServer) -> Session {
    Session {
        profile: "test".into(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        server: server.url(),
        demo: false,
        connection: Connection::LoggedOut,
    }
}

pub fn client(server: &StandinServer) -> Client {
    Client::new(ClientConfig::new(server.url())).expect("a client")
}

/// The app's clock for the real loop against the stand-in, stopped at the first reading:
/// the stand-in judges dates by its own wall clock, so the app's "now" is a real moment
/// (already past), but "today" cannot turn over midnight halfway through a test.
pub fn stopped_clock() -> chrono::DateTime<chrono::Utc> {
    static START: std::sync::OnceLock<chrono::DateTime<chrono::Utc>> = std::sync::OnceLock::new();
    *START.get_or_init(chrono::Utc::now)
}

pub fn launch<E: Effects + Send + Sync + 'static>(
    session: Session,
    password: Option<&str>,
    size: (u16, u16),
    effects: E,
) -> Running {
    let app = super::new_app(session, password, size);
    launch_app(app, size, effects)
}

/// Runs an app prepared by the test (e.g. with fields launch sets).
pub fn launch_app<E: Effects + Send + Sync + 'static>(
    app: App,
    size: (u16, u16),
    effects: E,
) -> Running {
    let screen = Recorder::new(size.0, size.1);
    let (keys, input) = mpsc::unbounded_channel();
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &effects, std::future::pending()).await
    });
    Running { keys, screen, task }
}

/// A logged-in client for looking at the stand-in's data directly.
pub async fn logged_in(server: &StandinServer) -> Client {
    let client = client(server);
    client.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.to_owned().into(),
        unit: None,
    });
    client.login().await.expect("login");
    client
}

/// The first job in progress whose type has `scope` (and an assigned unit).
pub async fn in_progress_job(client: &Client, scope: FulfillmentScope) -> Job {
    let jobs = client
        .jobs_by_state(LifeCycleState::InProgress, None, Page::first(500))
        .await
        .expect("jobs in progress");
    jobs.into_iter()
        .find(|j| {
            j.scope() == scope
                && j.assigned_to
                    .as_ref()
                    .and_then(|a| a.unit.as_ref())
                    .is_some()
        })
        .expect("the seed has such a job")
}

/// Opens the completion form of `number` from the In progress tab.
pub async fn open_completion(app: &Running, number: &str) {
    app.screen.wait_for("● online").await;
    app.press(KeyCode::Char('2'));
    app.screen.wait_for("In progress").await;
    app.press(KeyCode::Char('/'));
    app.type_text(number);
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!(" {number} · In progress"))
        .await;
    app.press(KeyCode::Char('c'));
    app.screen.wait_for(&format!("Complete job {number}")).await;
}
