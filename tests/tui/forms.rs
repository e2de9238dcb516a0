//! The forms inside the app: opened by the keymap, fed statuses and users by the app,
//! sending the action and keeping every value when the server refuses. Snapshots at 80x24
//! and 160x48.
use crate::tui_support;

use chrono::{DateTime, TimeZone, Utc};
use crmjobs::api::error::ApiError;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::{Action, Mode};
use crmjobs::app::{App, Command, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{draw, job, serve, session};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0)
        .single()
        .expect("a date")
}

/// Logged in, on the In progress tab, the cursor on row `row`.
fn in_progress_app(size: (u16, u16), row: usize) -> App {
    let mut app = tui_support::new_app(session(), Some("pw"), size).with_clock(fixed_now);
    let commands = app.init();
    serve(&mut app, commands, 20);
    act(&mut app, Action::Tab(1));
    for _ in 0..row {
        act(&mut app, Action::Down);
    }
    app
}

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let key = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let msg = app.key_msg(key).expect("text reaches the form");
        let commands = app.update(msg);
        assert!(commands.is_empty(), "typing sends nothing: {commands:?}");
    }
}

/// Row 4 of the In progress fixture is a `NEW_SUBSCRIPTION` job; row 1 takes a scheduled date.
const NEW_SUBSCRIPTION: usize = 4;
const SCHEDULED: usize = 1;

fn open_completion(size: (u16, u16), row: usize) -> App {
    let mut app = in_progress_app(size, row);
    let commands = act(&mut app, Action::Complete);
    assert!(
        commands.iter().any(|c| matches!(
            c,
            Command::FetchStatuses {
                state: LifeCycleState::Completed,
                ..
            }
        )),
        "the form asks the type's COMPLETED statuses: {commands:?}"
    );
    serve(&mut app, commands, 20);
    assert_eq!(app.mode(), Mode::Form);
    app
}

fn snapshot(name: &str, prepare: impl Fn((u16, u16)) -> App) {
    for size in SIZES {
        let app = prepare(size);
        insta::assert_snapshot!(
            format!("{name}_{}x{}", size.0, size.1),
            draw(&app, size).backend()
        );
    }
}

#[test]
fn completion_form_for_a_new_subscription_job() {
    snapshot("form_new_subscription", |size| {
        let app = open_completion(size, NEW_SUBSCRIPTION);
        let commands_asked_users = app.form().expect("open").job_number().to_owned();
        assert_eq!(
            commands_asked_users,
            job(1005, LifeCycleState::InProgress).number
        );
        app
    });
}

#[test]
fn completion_form_for_a_scheduled_date_job() {
    snapshot("form_scheduled_date", |size| {
        open_completion(size, SCHEDULED)
    });
}

#[test]
fn status_picker_filtered() {
    snapshot("picker_status_filtered", |size| {
        let mut app = open_completion(size, NEW_SUBSCRIPTION);
        type_text(&mut app, "part");
        app
    });
}

#[test]
fn user_picker_filtered() {
    snapshot("picker_user_filtered", |size| {
        let mut app = open_completion(size, NEW_SUBSCRIPTION);
        let _ = act(&mut app, Action::NextField);
        type_text(&mut app, "ben");
        app
    });
}

#[test]
fn a_refusal_keeps_the_form_and_its_values() {
    snapshot("form_error_kept", |size| {
        let mut app = open_completion(size, SCHEDULED);
        let _ = act(&mut app, Action::Down);
        let sent = act(&mut app, Action::Submit);
        let [Command::Complete { id, params, .. }] = sent.as_slice() else {
            panic!("one POST per action: {sent:?}")
        };
        assert_eq!(
            params.job.value(),
            job(1002, LifeCycleState::InProgress).number
        );
        let refusal = ApiError::server(
            "SCHEDULED_DATE_REQUIRED",
            Some("The billing term's rules need a scheduled date"),
            None,
        );
        let _ = app.update(Msg::Acted {
            id: *id,
            result: Err(refusal),
        });
        let form = app.form().expect("the form stays open");
        assert!(!form.is_submitting());
        assert!(form.has_changes(), "the chosen status is kept");
        app
    });
}

#[test]
fn success_shows_the_returned_job_and_moves_the_row() {
    let mut app = open_completion((160, 48), NEW_SUBSCRIPTION);
    let number = app.form().expect("open").job_number().to_owned();
    let sent = act(&mut app, Action::Submit);
    let [Command::Complete { id, .. }] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    let mut done = job(1005, LifeCycleState::Completed);
    std::sync::Arc::make_mut(done.status.as_mut().expect("status")).name = "Installed".into();
    let _ = app.update(Msg::Acted {
        id: *id,
        result: Ok(done),
    });
    assert!(app.form().is_none(), "the form closes");
    assert!(app.tabs[1].row_at(0).is_some_and(|j| j.number != number) || app.tabs[1].len() == 19);
    assert_eq!(
        app.tabs[2].row_at(0).map(|j| j.number.clone()),
        Some(number.clone())
    );
    let screen = draw(&app, (160, 48)).backend().to_string();
    assert!(
        screen.contains(&format!("{number} · Completed")),
        "{screen}"
    );
    assert!(screen.contains("Installed"), "{screen}");
}

#[test]
fn start_is_refused_for_a_job_in_progress() {
    let mut app = in_progress_app((80, 24), 0);
    let commands = act(&mut app, Action::Start);
    assert!(commands.is_empty());
    assert_eq!(app.mode(), Mode::List);
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("only pending jobs can be started"),
        "{screen}"
    );
}
