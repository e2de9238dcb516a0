//! The cancel form's Reason picker: the job type's cancellation reasons fetched beside its
//! statuses, the default marked and preselected, type to filter; sent by id, only once shown.
//! Screens as insta snapshots of a `TestBackend`, and journeys through the real loop against
//! the stand-in, which records the reason that arrived.
use crate::tui_support;

use crmjobs::api::client::Client;
use crmjobs::api::error::ApiError;
use crmjobs::api::ident::CancellationReasonIdentifier;
use crmjobs::api::job::{CancelParams, Job};
use crmjobs::api::model::{CancellationReason, FulfillmentScope, LifeCycleState, Page};
use crmjobs::app::form::{FieldId, FieldRef, Focus};
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, StandinServer};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::http::{Running, launch, logged_in, session, standin};
use tui_support::{draw, loaded_app, reasons, serve};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

/// Sends a key as the terminal would; returns what the app asks for.
fn press(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Command> {
    let msg = app
        .key_msg(KeyEvent::new(code, modifiers))
        .expect("the key means something here");
    app.update(msg)
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let commands = press(app, KeyCode::Char(c), KeyModifiers::NONE);
        assert!(commands.is_empty(), "typing sends nothing: {commands:?}");
    }
}

/// The cancel form of the first pending fixture job, open, with nothing answered yet; the
/// commands it asked for.
fn open_cancel(size: (u16, u16)) -> (App, Vec<Command>) {
    let mut app = loaded_app(size, 20);
    let commands = app.update(Msg::Action(Action::Cancel));
    (app, commands)
}

/// Answers every command but the reasons; returns the reasons' request.
fn answer_all_but_reasons(app: &mut App, commands: Vec<Command>) -> Command {
    let (reasons, rest): (Vec<_>, Vec<_>) = commands
        .into_iter()
        .partition(|c| matches!(c, Command::FetchReasons { .. }));
    serve(app, rest, 20);
    reasons
        .into_iter()
        .next()
        .expect("the form asks for the reasons")
}

fn reasons_answer(request: &Command, result: Result<Vec<CancellationReason>, ApiError>) -> Msg {
    let Command::FetchReasons { id, .. } = request else {
        panic!("not a reasons request: {request:?}")
    };
    Msg::Reasons { id: *id, result }
}

/// Ctrl-s; the cancel it sends, if it sends one.
fn confirm(app: &mut App) -> Option<CancelParams> {
    press(app, KeyCode::Char('s'), KeyModifiers::CONTROL)
        .into_iter()
        .find_map(|c| match c {
            Command::Cancel { params, .. } => Some(params),
            _ => None,
        })
}

fn snapshot(name: &str, app: &App, size: (u16, u16)) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.0, size.1),
        draw(app, size).backend()
    );
}

#[test]
fn the_statuses_and_the_reasons_are_asked_together() {
    let (_, commands) = open_cancel((80, 24));
    let statuses = commands.iter().position(|c| {
        matches!(
            c,
            Command::FetchStatuses {
                state: LifeCycleState::Cancelled,
                ..
            }
        )
    });
    let reasons = commands
        .iter()
        .position(|c| matches!(c, Command::FetchReasons { .. }));
    assert!(
        statuses.is_some() && reasons.is_some(),
        "both in one batch, so they load in parallel: {commands:?}"
    );
}

#[test]
fn the_default_reason_is_marked_and_preselected() {
    for size in SIZES {
        let (mut app, commands) = open_cancel(size);
        serve(&mut app, commands, 20);
        snapshot("cancel_reason_collapsed", &app, size);
        press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
        snapshot("cancel_reason_picker", &app, size);
    }
}

#[test]
fn a_reason_still_loading_is_never_sent() {
    let (mut app, commands) = open_cancel((80, 24));
    let request = answer_all_but_reasons(&mut app, commands);
    assert_eq!(
        confirm(&mut app),
        None,
        "nothing is sent before the reasons show"
    );
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("still loading"),
        "the form says why: {screen}"
    );
    let more = app.update(reasons_answer(&request, Ok(reasons())));
    assert!(more.is_empty(), "{more:?}");
    let sent = confirm(&mut app).expect("sent once the reasons show");
    assert_eq!(
        sent.reason,
        Some(CancellationReasonIdentifier::Id("R2".into())),
        "the default, by id"
    );
}

#[test]
fn typing_filters_the_reasons_and_the_chosen_one_is_sent() {
    let (mut app, commands) = open_cancel((80, 24));
    serve(&mut app, commands, 20);
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    type_text(&mut app, "dup");
    for size in SIZES {
        snapshot("cancel_reason_filtered", &app, size);
    }
    let sent = confirm(&mut app).expect("sent");
    assert_eq!(
        sent.reason,
        Some(CancellationReasonIdentifier::Id("R3".into()))
    );
}

#[test]
fn no_reason_can_be_chosen() {
    let (mut app, commands) = open_cancel((80, 24));
    serve(&mut app, commands, 20);
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    // The rows: no reason, then the four; the default (the second reason) is highlighted.
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    press(&mut app, KeyCode::Up, KeyModifiers::NONE);
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("> no reason (the server's default)"),
        "{screen}"
    );
    assert_eq!(confirm(&mut app).expect("sent").reason, None);
}

#[test]
fn a_failed_list_says_why_and_the_job_is_cancelled_without_a_reason() {
    for size in SIZES {
        let (mut app, commands) = open_cancel(size);
        let request = answer_all_but_reasons(&mut app, commands);
        let failure = ApiError::Unreachable("connection refused".into());
        app.update(reasons_answer(&request, Err(failure)));
        snapshot("cancel_reasons_failed", &app, size);
        assert_eq!(confirm(&mut app).expect("still possible").reason, None);
    }
}

#[test]
fn a_type_without_reasons_says_so_and_sends_none() {
    let (mut app, commands) = open_cancel((80, 24));
    let request = answer_all_but_reasons(&mut app, commands);
    app.update(reasons_answer(&request, Ok(Vec::new())));
    press(&mut app, KeyCode::Tab, KeyModifiers::NONE);
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("this job type has no cancellation reasons; none is sent"),
        "{screen}"
    );
    assert_eq!(confirm(&mut app).expect("sent").reason, None);
}

#[test]
fn a_refused_reason_is_shown_beside_the_reason_picker() {
    let (mut app, commands) = open_cancel((80, 24));
    serve(&mut app, commands, 20);
    let sent = press(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let Some(Command::Cancel { id, .. }) = sent.first() else {
        panic!("a cancel is sent: {sent:?}")
    };
    let refusal = ApiError::server(
        "NOT_FOUND",
        Some("cancellation_reason_identifier: no cancellation reason with id R2"),
        None,
    );
    app.update(Msg::Acted {
        id: *id,
        result: Err(refusal),
    });
    let form = app.form().expect("the form stays open");
    assert_eq!(form.focus(), Focus::Field(FieldId::Reason));
    let Some(FieldRef::Picker(picker)) = form.field(FieldId::Reason) else {
        panic!("the reason picker")
    };
    assert!(
        picker
            .error()
            .is_some_and(|e| e.contains("no cancellation reason"))
    );
}

/// A pending Field repair job on the first page (the app loads it).
async fn pending_repair(client: &Client, skip: usize) -> Job {
    client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(50))
        .await
        .expect("pending jobs")
        .into_iter()
        .filter(|j| j.scope() == FulfillmentScope::GenericPurpose)
        .nth(skip)
        .expect("the seed has pending repairs")
}

/// The app against the stand-in with the cancel form of `number` open, both lists shown.
async fn open_cancel_form(server: &StandinServer, client: &Client, number: &str) -> Running {
    let app = launch(
        session(server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client.clone()),
    );
    app.screen.wait_for("● online").await;
    app.press(KeyCode::Char('/'));
    app.type_text(number);
    app.press(KeyCode::Enter);
    app.screen.wait_for(&format!(" {number} · Pending")).await;
    app.press(KeyCode::Char('x'));
    app.screen.wait_for(&format!("Cancel job {number}?")).await;
    // The default status and the default reason.
    app.screen
        .wait_until(|s| s.matches("(default)").count() >= 2)
        .await;
    app
}

#[tokio::test]
async fn the_chosen_reason_reaches_the_server() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = pending_repair(&client, 0).await;
    let app = open_cancel_form(&server, &client, &job.number).await;
    app.press(KeyCode::Tab);
    app.type_text("access");
    app.screen.wait_for("> No access to premises").await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Cancelled", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert_eq!(server.applied_actions(&job.number), 1, "one POST");
    assert_eq!(
        server.cancellation_reason_of(&job.number).as_deref(),
        Some("No access to premises")
    );
}

#[tokio::test]
async fn the_default_reason_shown_is_the_one_sent() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = pending_repair(&client, 1).await;
    let app = open_cancel_form(&server, &client, &job.number).await;
    assert!(
        app.screen.text().contains("Customer request (default)"),
        "the type's default is shown: {}",
        app.screen.text()
    );
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Cancelled", job.number))
        .await;
    app.quit().await;
    assert_eq!(
        server.cancellation_reason_of(&job.number).as_deref(),
        Some("Customer request")
    );
}
