//! The real event loop, scripted keys and a test screen, against the stand-in over HTTP with
//! the real client: logging in, stale answers, start and cancel. Every wait is on a
//! condition (a frame showing some text, an answer delivered), never on time.
use crate::tui_support;

use std::sync::Mutex;

use crmjobs::api::client::Client;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::app::{Command, Msg};
use crmjobs::runtime::Effects;
use crmjobs::runtime::effects::{ClientEffects, execute};
use crmjobs::standin::DEMO_PASSWORD;
use crossterm::event::KeyCode;
use tokio::sync::{mpsc, oneshot};
use tui_support::http::{client, launch, logged_in, session, standin};

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
    let client = logged_in(&server).await;
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
    // The default status and the default reason: a reason is sent only once shown.
    app.screen
        .wait_until(|s| s.matches("(default)").count() >= 2)
        .await;
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
