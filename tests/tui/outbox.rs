//! The outbox in the interface: through the real loop against the stand-in over HTTP
//! (offline then back, an answer dropped after the commit, a job changed before completing,
//! what a previous run left settled after login), the outbox view as the user sees it, and
//! quitting or discarding with unsent actions.
use crate::tui_support;

use std::path::Path;
use std::time::Duration;

use chrono::Utc;
use crmjobs::api::client::Client;
use crmjobs::api::job::{CancelParams, CompleteParams, StartParams};
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page};
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use crmjobs::outbox::{Backoff, Baseline, Entry, EntryState, Outbox, Owner, PendingAction};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Faults, StandinServer};
use crossterm::event::KeyCode;
use tui_support::http::{
    Running, in_progress_job, launch, launch_app, logged_in, open_completion, session, standin,
};
use tui_support::{draw, loaded_app};

fn owner(server: &StandinServer) -> Owner {
    Owner {
        profile: "test".into(),
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
    }
}

/// An outbox in `dir` (audit log beside it) retrying waiting entries after `base`, doubling
/// up to `cap`.
fn outbox_in(dir: &Path, base: Duration, cap: Duration) -> Outbox {
    Outbox::open(&dir.join("outbox"))
        .expect("outbox")
        .with_audit(&dir.join("audit.jsonl"))
        .with_backoff(Backoff { base, cap })
}

/// An outbox whose waiting entries are retried after a few tens of milliseconds.
fn quick_outbox(dir: &Path) -> Outbox {
    outbox_in(dir, Duration::from_millis(30), Duration::from_millis(60))
}

/// The app at 120×40 on `client`, logged in with the demo password, its actions going
/// through `outbox`.
fn launch_through(server: &StandinServer, client: Client, outbox: Outbox) -> Running {
    let effects = ClientEffects::new(client).with_outbox(outbox, owner(server));
    launch(session(server), Some(DEMO_PASSWORD), (120, 40), effects)
}

/// The app at 120×40 on `client`, its actions going through a [`quick_outbox`] in `dir`.
fn launch_with_outbox(server: &StandinServer, client: Client, dir: &Path) -> Running {
    launch_through(server, client, quick_outbox(dir))
}

/// Starts the first pending job while the server answers nothing but 503s: the start waits
/// in the outbox, unapplied. The server is left failing; the job's number.
async fn start_while_unreachable(server: &StandinServer, app: &Running) -> String {
    let number = open_start(app).await;
    server.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    app.ctrl('s');
    app.screen
        .wait_until(|text| text.contains("outbox 1") && !text.contains("Start job"))
        .await;
    assert_eq!(server.applied_actions(&number), 0);
    number
}

/// The number of the first row on screen.
fn first_row(app: &Running) -> String {
    app.screen
        .text()
        .lines()
        .nth(3)
        .and_then(|row| row.trim_start_matches('"').split_whitespace().next())
        .expect("the first pending job")
        .to_owned()
}

/// Opens the start form of the first pending job and waits until it can be sent.
async fn open_start(app: &Running) -> String {
    app.screen.wait_for("● online").await;
    app.screen.wait_for("JB").await;
    let number = first_row(app);
    app.press(KeyCode::Char('s'));
    app.screen.wait_for(&format!("Start job {number}")).await;
    app.screen.wait_for("(default)").await;
    number
}

#[tokio::test]
async fn offline_the_start_waits_in_the_outbox_then_is_sent_once() {
    let server = standin().await;
    let dir = tempfile::tempdir().unwrap();
    let app = launch_with_outbox(&server, logged_in(&server).await, dir.path());
    let number = start_while_unreachable(&server, &app).await;

    server.set_faults(Faults::default());
    app.screen
        .wait_for(&format!("{number} is now In progress"))
        .await;
    app.screen
        .wait_until(|text| !text.contains("outbox 1"))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty());
    assert_eq!(server.applied_actions(&number), 1, "sent once");
    assert!(quick_outbox(dir.path()).list().unwrap().is_empty());
}

/// Back from an outage, `r` delivers what waits at once: the outbox's backoff here is an
/// hour, so only the server's answer to the refresh can have sent it.
#[tokio::test]
async fn after_an_outage_a_refresh_delivers_the_waiting_action_at_once() {
    let server = standin().await;
    let dir = tempfile::tempdir().unwrap();
    let hour = Duration::from_secs(3600);
    let slow = outbox_in(dir.path(), hour, hour);
    let app = launch_through(&server, logged_in(&server).await, slow);
    let number = start_while_unreachable(&server, &app).await;

    server.set_faults(Faults::default());
    app.press(KeyCode::Char('r'));
    app.screen
        .wait_until(|text| !text.contains("outbox 1"))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty());
    assert_eq!(server.applied_actions(&number), 1, "sent once");
}

/// An action applied while the audit log cannot be written says so on the status line.
#[tokio::test]
async fn an_audit_log_that_cannot_be_written_is_reported_on_the_status_line() {
    let server = standin().await;
    let dir = tempfile::tempdir().unwrap();
    // A folder where the log's file should be: no append can succeed (even as root).
    std::fs::create_dir_all(dir.path().join("audit.jsonl")).unwrap();
    let app = launch_with_outbox(&server, logged_in(&server).await, dir.path());
    let number = open_start(&app).await;
    app.ctrl('s');
    app.screen.wait_for("not recorded in the audit log").await;
    app.quit().await;
    assert_eq!(server.applied_actions(&number), 1);
}

#[tokio::test]
async fn an_answer_dropped_after_the_commit_is_shown_as_done_and_applied_once() {
    let server = standin().await;
    let dir = tempfile::tempdir().unwrap();
    let app = launch_with_outbox(&server, logged_in(&server).await, dir.path());
    let number = open_start(&app).await;

    server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{number} is now In progress"))
        .await;
    server.set_faults(Faults::default());
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert!(final_app.outbox.entries.is_empty());
    assert_eq!(server.applied_actions(&number), 1);
}

#[tokio::test]
async fn a_job_changed_on_the_server_since_it_was_loaded_is_asked_about() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = in_progress_job(&client, FulfillmentScope::NewSubscription).await;
    let dir = tempfile::tempdir().unwrap();
    let app = launch_with_outbox(&server, client.clone(), dir.path());
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;

    // A colleague cancels the job while the form is open.
    client
        .cancel(&CancelParams {
            job: job.identifier(),
            status: None,
            reason: None,
            cancel_provided_items: false,
        })
        .await
        .unwrap();
    app.ctrl('s');
    app.screen.wait_for("changed on the server").await;
    let screen = app.screen.text();
    assert!(screen.contains("sends anyway"), "{screen}");
    assert!(screen.contains(&format!("Complete job {}", job.number)));
    assert_eq!(server.applied_actions(&job.number), 1, "nothing was sent");

    // Sent anyway: the server has the last word.
    app.ctrl('s');
    app.screen.wait_for("INVALID_LIFE_CYCLE_STATE").await;
    assert_eq!(server.applied_actions(&job.number), 1);
    app.press(KeyCode::Esc);
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty());
}

#[tokio::test]
async fn what_a_previous_run_left_is_settled_after_login() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let jobs = client
        .jobs_by_state(LifeCycleState::InProgress, None, Page::first(2))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outbox = quick_outbox(dir.path());
    // Left by a run killed after the write; the second was for another profile.
    let complete = PendingAction::Complete(CompleteParams::new(jobs[0].identifier()));
    let mine = Entry::new(&owner(&server), complete, Some(Baseline::of(&jobs[0])));
    outbox.add(&mine).unwrap();
    let mut other_owner = owner(&server);
    other_owner.profile = "other".into();
    let start = PendingAction::Start(StartParams {
        job: jobs[1].identifier(),
        status: None,
    });
    outbox.add(&Entry::new(&other_owner, start, None)).unwrap();

    let mut app = tui_support::new_app(session(&server), Some(DEMO_PASSWORD), (120, 40));
    app.outbox.enabled = true;
    app.outbox.entries = outbox.list_for(&owner(&server)).unwrap();
    let effects = ClientEffects::new(client.clone()).with_outbox(outbox.clone(), owner(&server));
    let app = launch_app(app, (120, 40), effects);
    app.screen
        .wait_for(&format!("{} is now Completed", jobs[0].number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty());
    assert_eq!(server.applied_actions(&jobs[0].number), 1);
    assert_eq!(
        server.applied_actions(&jobs[1].number),
        0,
        "not this profile's"
    );
    assert_eq!(outbox.list().unwrap().len(), 1);
}

/// Two entries of the fixture session, made before `now` by the app's clock: one waiting,
/// one in conflict.
fn fixture_entries(app: &App) -> Vec<Entry> {
    let now = app.clock().with_timezone(&Utc);
    let me = Owner {
        profile: "test".into(),
        server: tui_support::session().server,
        organisation: tui_support::session().organisation,
        username: tui_support::session().username,
    };
    let number = |n: &str| crmjobs::api::ident::JobIdentifier::Number(n.into());
    let mut waiting = Entry::new(
        &me,
        PendingAction::Complete(CompleteParams::new(number("JB00007"))),
        None,
    );
    waiting.id = "a1b2c3d4".parse().expect("an id");
    waiting.created = now - chrono::Duration::minutes(5);
    waiting.attempts = 2;
    waiting.state = EntryState::Waiting {
        error: "cannot reach the server: connection refused".into(),
        failures: 2,
        retry_at: now + chrono::Duration::hours(1),
    };
    let mut conflict = Entry::new(
        &me,
        PendingAction::Start(StartParams {
            job: number("JB00012"),
            status: None,
        }),
        None,
    );
    conflict.id = "0badf00d".parse().expect("an id");
    conflict.created = now - chrono::Duration::hours(3);
    conflict.attempts = 1;
    conflict.state = EntryState::Conflict {
        why: "JB00012 changed on the server before the start was confirmed: it is now CANCELLED"
            .into(),
    };
    vec![waiting, conflict]
}

/// `app` once its outbox holds the two [`fixture_entries`].
fn with_fixture_entries(mut app: App) -> App {
    let entries = fixture_entries(&app);
    app.update(Msg::OutboxChanged(entries));
    app
}

#[test]
fn the_outbox_view() {
    for size in [(80, 24), (160, 48)] {
        let mut app = with_fixture_entries(loaded_app(size, 120));
        app.update(Msg::Action(Action::Outbox));
        app.update(Msg::Action(Action::Down));
        let terminal = draw(&app, size);
        insta::assert_snapshot!(format!("outbox_{}x{}", size.0, size.1), terminal.backend());
    }
}

#[test]
fn quit_asks_first_while_actions_are_unsent() {
    let mut app = with_fixture_entries(loaded_app((100, 30), 20));
    app.update(Msg::Action(Action::Quit));
    assert!(!app.should_quit(), "asks first");
    let screen = format!("{}", draw(&app, (100, 30)).backend());
    assert!(screen.contains("press q again to quit"), "{screen}");
    assert!(screen.contains("outbox 2"), "{screen}");
    // Any other key keeps the app; the question is asked again.
    app.update(Msg::Action(Action::Down));
    app.update(Msg::Action(Action::Quit));
    assert!(!app.should_quit());
    app.update(Msg::Action(Action::Quit));
    assert!(app.should_quit());
}

#[test]
fn retry_and_discard_from_the_outbox_view() {
    let mut app = with_fixture_entries(loaded_app((100, 30), 20));
    app.update(Msg::Action(Action::Outbox));
    let commands = app.update(Msg::Action(Action::Retry));
    assert!(
        matches!(commands.as_slice(), [Command::RetryEntry { entry, .. }] if entry.as_str() == "a1b2c3d4"),
        "{commands:?}"
    );
    app.update(Msg::Action(Action::Down));
    assert!(
        app.update(Msg::Action(Action::Discard)).is_empty(),
        "asks first"
    );
    let screen = format!("{}", draw(&app, (100, 30)).backend());
    assert!(screen.contains("discard the start of JB00012?"), "{screen}");
    let commands = app.update(Msg::Action(Action::Discard));
    assert!(
        matches!(commands.as_slice(), [Command::DiscardEntry { entry, .. }] if entry.as_str() == "0badf00d"),
        "{commands:?}"
    );
    app.update(Msg::Action(Action::Back));
    assert!(app.form().is_none());
    assert_eq!(app.mode(), crmjobs::app::keymap::Mode::List);
}

#[test]
fn no_second_action_on_a_job_whose_action_waits() {
    let mut app = with_fixture_entries(loaded_app((100, 30), 20));
    while app.selected().is_some_and(|j| j.number != "JB00012") {
        app.update(Msg::Action(Action::Down));
    }
    assert!(app.update(Msg::Action(Action::Start)).is_empty());
    assert!(app.form().is_none());
    let screen = format!("{}", draw(&app, (100, 30)).backend());
    assert!(
        screen.contains("JB00012: the start waits in the outbox"),
        "{screen}"
    );
}

#[tokio::test]
async fn an_expired_token_asks_for_the_password_and_the_action_goes_once() {
    let server = standin().await;
    let seeding = logged_in(&server).await;
    let job = in_progress_job(&seeding, FulfillmentScope::GenericPurpose).await;
    let dir = tempfile::tempdir().unwrap();
    // A client holding only a token (as from the token cache): no password to log in again.
    let bare = tui_support::http::client(&server);
    bare.set_token(seeding.token().expect("a token"));
    let effects = ClientEffects::new(bare)
        .with_login(crmjobs::runtime::login_plan::LoginPlan::default())
        .with_outbox(quick_outbox(dir.path()), owner(&server));
    let mut app = tui_support::new_app(session(&server), None, (120, 40));
    app.login = Some(crmjobs::app::login::Login::silent());
    app.outbox.enabled = true;
    let app = launch_app(app, (120, 40), effects);
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    server.set_faults(Faults {
        token_ttl: Duration::from_nanos(1),
        ..Faults::default()
    });
    app.ctrl('s');
    app.screen.wait_for("Log in again").await;
    assert!(
        app.screen
            .text()
            .contains(&format!("Complete job {}", job.number))
    );
    assert!(
        quick_outbox(dir.path()).list().unwrap().is_empty(),
        "nothing was applied"
    );

    server.set_faults(Faults::default());
    app.type_text(DEMO_PASSWORD);
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.outbox.entries.is_empty());
    assert_eq!(
        server.applied_actions(&job.number),
        1,
        "applied exactly once"
    );
}
