//! The real event loop, scripted keys and a test screen, against the stand-in over HTTP with
//! the real client. Every wait is on a condition (a frame showing some text, an answer
//! delivered), never on time.
#[expect(dead_code, reason = "the fixture jobs serve the offline tests")]
mod tui_support;

use std::io;
use std::sync::Mutex;

use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::ident::{JobTypeIdentifier, UnitIdentifier};
use crmjobs::api::job::Job;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page, UserFilter};
use crmjobs::app::{App, Command, Connection, Msg, Session};
use crmjobs::runtime::Effects;
use crmjobs::runtime::effects::{ClientEffects, execute};
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tui_support::Recorder;

/// A running app: its keyboard, its screen and the loop's task.
struct Running {
    keys: mpsc::UnboundedSender<io::Result<Event>>,
    screen: Recorder,
    task: JoinHandle<io::Result<App>>,
}

impl Running {
    fn press(&self, code: KeyCode) {
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        self.keys.send(Ok(event)).expect("the loop is running");
    }

    fn ctrl(&self, c: char) {
        let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self.keys.send(Ok(event)).expect("the loop is running");
    }

    fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    async fn quit(self) -> App {
        self.press(KeyCode::Char('q'));
        self.task
            .await
            .expect("the loop task")
            .expect("the loop ends cleanly")
    }
}

async fn standin() -> StandinServer {
    StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts")
}

fn session(server: &StandinServer) -> Session {
    Session {
        profile: "test".into(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        server: server.url(),
        demo: false,
        connection: Connection::LoggedOut,
    }
}

fn client(server: &StandinServer) -> Client {
    Client::new(ClientConfig::new(server.url())).expect("a client")
}

fn launch<E: Effects + Send + Sync + 'static>(
    session: Session,
    password: Option<&str>,
    size: (u16, u16),
    effects: E,
) -> Running {
    let screen = Recorder::new(size.0, size.1);
    let (keys, input) = mpsc::unbounded_channel();
    let app = App::new(session, password.map(|p| p.to_owned().into()), size);
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &effects, std::future::pending()).await
    });
    Running { keys, screen, task }
}

#[tokio::test]
async fn the_login_screen_logs_in_with_the_typed_password() {
    let server = standin().await;
    let app = launch(
        session(&server),
        None,
        (100, 30),
        ClientEffects::new(client(&server)),
    );
    app.screen.wait_for("Password").await;
    app.type_text("Xq7zzP");
    app.press(KeyCode::Enter);
    app.screen.wait_for("AUTHENTICATION_FAILED").await;
    let screen = app.screen.text();
    assert!(
        !screen.contains("Xq7zzP"),
        "the password never shows: {screen}"
    );
    app.type_text(DEMO_PASSWORD);
    app.press(KeyCode::Enter);
    app.screen.wait_for("● online").await;
    app.screen.wait_for("JB").await;
    let final_app = app.quit().await;
    assert!(final_app.login.is_none());
    assert!(final_app.tab().loaded() > 0);
}

/// Client effects that hold back the answer about one job until released.
struct HoldOne {
    client: Client,
    number: String,
    gate: Mutex<Option<oneshot::Receiver<()>>>,
    delivered: Mutex<Option<oneshot::Sender<()>>>,
}

impl Effects for HoldOne {
    fn run(&self, command: Command, reply: mpsc::UnboundedSender<Msg>) {
        let held = matches!(&command, Command::ShowJob { job, .. } if job.value() == self.number);
        let client = self.client.clone();
        let gate = if held {
            self.gate.lock().expect("not poisoned").take()
        } else {
            None
        };
        let delivered = if held {
            self.delivered.lock().expect("not poisoned").take()
        } else {
            None
        };
        tokio::spawn(async move {
            let msg = execute(&client, command).await;
            if let Some(gate) = gate {
                let _ = gate.await;
            }
            // After a quit nobody listens; the answer is simply no longer wanted.
            let _ = reply.send(msg);
            if let Some(delivered) = delivered {
                let _ = delivered.send(());
            }
        });
    }
}

#[tokio::test]
async fn a_late_answer_for_a_job_no_longer_selected_is_ignored() {
    let server = standin().await;
    let client = client(&server);
    client.set_credentials(crmjobs::api::client::Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.to_owned().into(),
        unit: None,
    });
    client.login().await.expect("login");
    let pending = client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(2))
        .await
        .expect("pending jobs");
    let (first, second) = (pending[0].number.clone(), pending[1].number.clone());

    let (release, gate) = oneshot::channel();
    let (delivered, was_delivered) = oneshot::channel();
    let effects = HoldOne {
        client: client.clone(),
        number: first.clone(),
        gate: Mutex::new(Some(gate)),
        delivered: Mutex::new(Some(delivered)),
    };
    let app = launch(session(&server), Some(DEMO_PASSWORD), (100, 30), effects);
    app.screen.wait_for(&first).await;
    app.press(KeyCode::Enter); // full detail of the first job: its answer is held
    app.screen.wait_for("loading").await;
    app.press(KeyCode::Esc);
    app.press(KeyCode::Char('j'));
    app.press(KeyCode::Enter); // full detail of the second job: answered
    app.screen
        .wait_until(|text| {
            text.contains(&format!("Number        {second}")) && !text.contains("loading…")
        })
        .await;
    release.send(()).expect("the held task waits");
    was_delivered
        .await
        .expect("the late answer reached the loop");
    let final_app = app.quit().await;
    let shown = final_app
        .detail
        .job
        .loaded()
        .expect("the second job's detail");
    assert_eq!(
        shown.number, second,
        "the late answer about {first} was dropped"
    );
    assert_eq!(final_app.selected().map(|j| j.number.clone()), Some(second));
}

/// A logged-in client for looking at the stand-in's data directly.
async fn logged_in(server: &StandinServer) -> Client {
    let client = client(server);
    client.set_credentials(crmjobs::api::client::Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.to_owned().into(),
        unit: None,
    });
    client.login().await.expect("login");
    client
}

/// The first job in progress whose type has `scope` (and an assigned unit).
async fn in_progress_job(client: &Client, scope: FulfillmentScope) -> Job {
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
async fn open_completion(app: &Running, number: &str) {
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

#[tokio::test]
async fn completes_a_job_with_a_chosen_status_user_and_date() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = in_progress_job(&client, FulfillmentScope::NewSubscription).await;
    let job_type = job.job_type.as_ref().expect("a type");
    let statuses = client
        .statuses(
            &JobTypeIdentifier::Id(job_type.id.clone()),
            Some(LifeCycleState::Completed),
        )
        .await
        .expect("statuses");
    let status = statuses
        .iter()
        .find(|s| !s.default)
        .expect("a status other than the default")
        .status
        .name
        .clone();
    let unit = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.unit.as_ref())
        .expect("a unit");
    let users = client
        .users(
            &UserFilter::Unit(UnitIdentifier::Id(unit.id.clone())),
            Page::first(500),
        )
        .await
        .expect("users");
    let user = users.last().expect("the unit has users").username.clone();

    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client.clone()),
    );
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    app.type_text(&status);
    app.press(KeyCode::Tab);
    app.type_text(&user);
    app.press(KeyCode::Tab);
    for _ in 0..3 {
        app.press(KeyCode::Backspace);
    }
    app.type_text("-2h");
    app.screen.wait_for("2 h ago").await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    app.screen
        .wait_for(&format!(" {} · Completed", job.number))
        .await;
    assert!(
        app.screen.text().contains(&status),
        "the returned status is shown"
    );
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert_eq!(
        server.applied_actions(&job.number),
        1,
        "one POST for one action"
    );
    let stored = client.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(stored.status.map(|s| s.name), Some(status));
}

#[tokio::test]
async fn a_server_rejection_keeps_every_value() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = in_progress_job(&client, FulfillmentScope::CancelSubscription).await;
    server.set_requires_scheduled_date(&job.number, true);
    let job_type = job.job_type.as_ref().expect("a type");
    let statuses = client
        .statuses(
            &JobTypeIdentifier::Id(job_type.id.clone()),
            Some(LifeCycleState::Completed),
        )
        .await
        .expect("statuses");
    let default = statuses.iter().position(|s| s.default).unwrap_or(0);
    let chosen = statuses[(default + 1).min(statuses.len() - 1)]
        .status
        .name
        .clone();

    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client.clone()),
    );
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    app.press(KeyCode::Down); // the status after the default
    app.ctrl('s');
    app.screen.wait_for("SCHEDULED_DATE_REQUIRED").await;
    let screen = app.screen.text();
    assert!(
        screen.contains(&format!("Complete job {}", job.number)),
        "the form stays open"
    );
    assert!(
        screen.contains(&chosen),
        "the chosen status is kept: {screen}"
    );
    assert_eq!(server.applied_actions(&job.number), 0);
    // Then the date the server asked for: accepted, once, with the status chosen before.
    app.type_text("tomorrow 10:00");
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert_eq!(server.applied_actions(&job.number), 1);
    let stored = client.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.status.map(|s| s.name), Some(chosen));
    assert!(stored.scheduled_date.is_some());
}

#[tokio::test]
async fn starts_a_pending_job_then_cancels_it_after_the_question() {
    let server = standin().await;
    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(logged_in(&server).await),
    );
    app.screen.wait_for("● online").await;
    app.screen.wait_for("JB").await;
    let number = app
        .screen
        .text()
        .lines()
        .nth(3)
        .and_then(|row| row.trim_start_matches('"').split_whitespace().next())
        .expect("the first pending job")
        .to_owned();
    app.press(KeyCode::Char('s'));
    app.screen.wait_for(&format!("Start job {number}")).await;
    app.screen.wait_for("(default)").await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{number} is now In progress"))
        .await;
    // The job left the Pending tab; follow it to In progress and cancel it there.
    app.press(KeyCode::Char('2'));
    app.press(KeyCode::Char('/'));
    app.type_text(&number);
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!(" {number} · In progress"))
        .await;
    app.press(KeyCode::Char('x'));
    app.screen.wait_for(&format!("Cancel job {number}?")).await;
    app.screen.wait_for("(default)").await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{number} is now Cancelled"))
        .await;
    let final_app = app.quit().await;
    assert_eq!(server.applied_actions(&number), 2, "one POST per action");
    assert!(
        final_app.tabs[3]
            .row_at(0)
            .is_some_and(|j| j.number == number)
    );
}
