//! The token dies under an open form, and under a bulk completion, in each flavour: with the
//! password at hand the app logs in again by itself (no prompt), nothing is refused, and each
//! job is completed exactly once. The documented flavour's dead-token code is one no code in
//! `src/` names, so the client has to find out what it means.
use crate::both;
use crate::tui_support;

use crmjobs::api::model::LifeCycleState;
use crmjobs::app::Overlay;
use crmjobs::app::bulk::Outcome;
use crmjobs::outbox::{Backoff, Outbox, Owner};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{ActionOutcome, ActionRecord, DEMO_PASSWORD, Flavour, StandinServer};
use crmjobs::standin::{DEMO_ORGANISATION, DEMO_USERNAME};
use crossterm::event::KeyCode;
use std::path::Path;
use std::time::Duration;
use tui_support::http::{Running, launch, open_completion, session};

/// How many jobs the bulk completion marks.
const MARKED: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_dying_under_the_form_is_renewed_silently_and_the_job_completed_once() {
    both::each_flavour(under_the_form).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn through_the_outbox_a_token_dying_under_the_form_is_renewed_and_the_job_completed_once() {
    both::each_flavour(under_the_form_with_an_outbox).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_dying_under_a_bulk_completion_is_renewed_once_and_each_job_completed_once() {
    both::each_flavour(under_the_bulk_form).await;
}

/// The app on a client of `server` in `zone` that is given the demo password at login.
fn app_with_password(server: &StandinServer, flavour: Flavour) -> Running {
    let client = both::client(server, both::zone_of(flavour));
    launch(
        session(server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client),
    )
}

/// As [`app_with_password`], its actions written to an outbox in `dir` before they are sent.
fn app_with_outbox(server: &StandinServer, flavour: Flavour, dir: &Path) -> Running {
    let client = both::client(server, both::zone_of(flavour));
    let outbox = Outbox::open(&dir.join("outbox"))
        .expect("the outbox")
        .with_backoff(Backoff {
            base: Duration::from_millis(30),
            cap: Duration::from_millis(60),
        });
    let owner = Owner {
        profile: "test".into(),
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
    };
    launch(
        session(server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client).with_outbox(outbox, owner),
    )
}

async fn under_the_form(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_where(&server, &reader, both::plain).await;
    let app = app_with_password(&server, flavour);
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    let logins = server.logins();
    server.expire_tokens();
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    assert!(!app.screen.text().contains("Log in again"), "no prompt");
    let final_app = app.quit().await;
    assert!(final_app.form().is_none(), "the form closed");
    assert_eq!(server.logins(), logins + 1, "one silent login");
    assert_eq!(
        assert_sent_once(&server, &job.number),
        1,
        "the first request met the dead token"
    );
}

/// With an outbox the action may meet the dead token or not (the outbox may read the job
/// first); either way no prompt, one login, and one completion.
async fn under_the_form_with_an_outbox(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_where(&server, &reader, both::plain).await;
    let dir = tempfile::tempdir().expect("a temp folder");
    let app = app_with_outbox(&server, flavour, dir.path());
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    let logins = server.logins();
    server.expire_tokens();
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    assert!(!app.screen.text().contains("Log in again"), "no prompt");
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty(), "nothing left to send");
    assert_eq!(server.logins(), logins + 1, "one silent login");
    assert_sent_once(&server, &job.number);
}

async fn under_the_bulk_form(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    // Whichever jobs end up marked, none needs a date the bulk form does not ask for.
    for job in both::all_in(&reader, LifeCycleState::InProgress).await {
        server.set_requires_scheduled_date(&job.number, false);
    }
    let app = app_with_password(&server, flavour);
    app.screen.wait_for("● online").await;
    app.press(KeyCode::Char('2'));
    app.screen.wait_for("· In progress").await;
    for _ in 0..MARKED {
        app.press(KeyCode::Char(' '));
    }
    app.press(KeyCode::Char('c'));
    app.screen
        .wait_for(&format!("Complete {MARKED} marked jobs"))
        .await;
    app.screen
        .wait_until(|s| s.contains("> each type's default") && !s.contains("loading the statuses"))
        .await;
    let logins = server.logins();
    server.expire_tokens();
    app.ctrl('s');
    app.screen.wait_for("bulk completion done").await;
    assert!(!app.screen.text().contains("Log in again"), "no prompt");
    // q is not bound over the bulk form; Ctrl-c always quits.
    app.ctrl('c');
    let done = app.task.await.expect("the loop task").expect("a clean end");
    let Overlay::Bulk(bulk) = &done.overlay else {
        panic!("the result list stays until closed");
    };
    assert_eq!(bulk.items.len(), MARKED);
    for item in &bulk.items {
        assert!(
            matches!(item.outcome, Outcome::Completed(_)),
            "{} {:?}",
            item.job.number,
            item.outcome
        );
        assert_sent_once(&server, &item.job.number);
    }
    // The dead token was met (by an action, or by a read the bulk sends first: which one
    // comes first is the scheduler's choice), hence exactly one login more.
    assert_eq!(
        server.logins(),
        logins + 1,
        "one login for every request that met the dead token"
    );
}

/// The job was completed exactly once, and every other request for it was refused before
/// that one (the dead token) and none after: nothing went out again once it was applied.
/// Returns how many were refused (0 or 1).
fn assert_sent_once(server: &StandinServer, number: &str) -> usize {
    assert_eq!(server.applied_actions(number), 1, "{number} applied once");
    let records = both::actions_on(server, number);
    let applied_at = records
        .iter()
        .position(|r| matches!(r.outcome, ActionOutcome::Applied { .. }))
        .expect("an applied request");
    assert_eq!(applied_at + 1, records.len(), "nothing after: {records:#?}");
    assert!(
        records[..applied_at].len() <= 1,
        "at most the one request the dead token refused: {records:#?}"
    );
    assert!(
        records
            .iter()
            .all(|r: &ActionRecord| r.path.ends_with("/complete")),
        "{records:#?}"
    );
    applied_at
}
