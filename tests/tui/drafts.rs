//! Drafts in the app, without a server: when the completion form's draft is saved (once per
//! frame, only when its values changed), when it is forgotten (the form left on purpose, the
//! completion confirmed), and how a draft found at start is offered back and restored.
use crate::tui_support;

use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::{Action, Mode};
use crmjobs::app::{App, Command, Msg};
use crmjobs::drafts::{Draft, DraftValues};
use crossterm::event::{KeyCode, KeyEvent};
use tui_support::{draw, job, loaded_app, noon, serve, session};

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Text(KeyEvent::from(code)))
}

/// The In progress tab's first job with its completion form open and loaded.
fn completing() -> App {
    let mut app = loaded_app((100, 30), 120);
    let commands = act(&mut app, Action::NextTab);
    serve(&mut app, commands, 120);
    let commands = act(&mut app, Action::Complete);
    serve(&mut app, commands, 120);
    assert!(app.form().is_some());
    app
}

fn saves(commands: &[Command]) -> Vec<&Draft> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::SaveDraft { draft } => Some(draft),
            _ => None,
        })
        .collect()
}

fn removes(commands: &[Command]) -> usize {
    commands
        .iter()
        .filter(|c| matches!(c, Command::RemoveDraft { .. }))
        .count()
}

#[test]
fn an_untouched_form_is_not_saved_a_changed_one_once_per_change() {
    let mut app = completing();
    assert!(app.take_draft_commands().is_empty(), "nothing typed yet");
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let first = app.take_draft_commands();
    let drafts = saves(&first);
    assert_eq!(drafts.len(), 1, "two keys before a frame: one save");
    assert_eq!(drafts[0].profile, "demo");
    assert_eq!(drafts[0].job, app.form().expect("open").job_number());
    assert!(drafts[0].values.status.is_some());
    assert!(app.take_draft_commands().is_empty(), "unchanged: no save");
    act(&mut app, Action::Up);
    assert_eq!(saves(&app.take_draft_commands()).len(), 1, "changed again");
}

#[test]
fn leaving_the_form_on_purpose_forgets_its_draft() {
    let mut app = completing();
    act(&mut app, Action::Down);
    app.take_draft_commands();
    let asked = act(&mut app, Action::Back);
    assert_eq!(removes(&asked), 0, "a changed form asks first");
    let left = key(&mut app, KeyCode::Char('y'));
    assert!(app.form().is_none(), "left");
    assert_eq!(removes(&left), 1, "and its draft goes");
}

#[test]
fn a_confirmed_completion_forgets_its_draft() {
    let mut app = completing();
    act(&mut app, Action::Down);
    app.take_draft_commands();
    let sent = act(&mut app, Action::Submit);
    let [Command::Complete { id, params, .. }] = sent.as_slice() else {
        panic!("one completion: {sent:?}");
    };
    let number = params.job.value().to_owned();
    let n: usize = number[2..].parse().expect("a number");
    let done = app.update(Msg::Acted {
        id: *id,
        result: Ok(job(n, LifeCycleState::Completed)),
    });
    assert_eq!(removes(&done), 1);
}

/// An app that found a draft of JB01001 at start, logged in and loaded.
fn with_draft_sized(values: DraftValues, size: (u16, u16)) -> App {
    let draft = Draft {
        profile: "demo".into(),
        job: "JB01001".into(),
        saved: noon().to_utc(),
        values,
    };
    let mut app = tui_support::new_app(session(), Some("pw"), size).with_clock(noon);
    app.drafts.found = vec![draft];
    let commands = app.init();
    serve(&mut app, commands, 120);
    app
}

fn with_draft(values: DraftValues) -> App {
    with_draft_sized(values, (100, 30))
}

#[test]
fn a_draft_found_at_start_is_offered_after_the_login() {
    for size in [(80, 24), (160, 48)] {
        let app = with_draft_sized(DraftValues::default(), size);
        assert_eq!(app.mode(), Mode::Draft);
        let terminal = draw(&app, size);
        insta::assert_snapshot!(
            format!("draft_offer_{}x{}", size.0, size.1),
            terminal.backend()
        );
    }
}

#[test]
fn restoring_fetches_the_job_and_reopens_the_form_with_the_values() {
    // The status after the default, so the restored choice is not what a new form picks.
    let mut chooser = completing();
    act(&mut chooser, Action::Down);
    let values = chooser
        .form()
        .and_then(crmjobs::app::form::ActionForm::draft_values)
        .expect("values");
    let mut app = with_draft(values.clone());
    let fetch = act(&mut app, Action::RestoreDraft);
    let [Command::ShowJob { id, job: ident }] = fetch.as_slice() else {
        panic!("the job is fetched afresh: {fetch:?}");
    };
    assert_eq!(ident.value(), "JB01001");
    let commands = app.update(Msg::Job {
        id: *id,
        result: Ok(job(1001, LifeCycleState::InProgress)),
    });
    serve(&mut app, commands, 120);
    let form = app.form().expect("the form reopened");
    assert_eq!(form.job_number(), "JB01001");
    assert_eq!(form.draft_values().as_ref(), Some(&values));
    assert_eq!(app.mode(), Mode::Form);
}

#[test]
fn a_draft_of_a_job_no_longer_in_progress_is_discarded() {
    let mut app = with_draft(DraftValues::default());
    let fetch = act(&mut app, Action::RestoreDraft);
    let [Command::ShowJob { id, .. }] = fetch.as_slice() else {
        panic!("a fetch: {fetch:?}");
    };
    let commands = app.update(Msg::Job {
        id: *id,
        result: Ok(job(1001, LifeCycleState::Completed)),
    });
    assert_eq!(removes(&commands), 1);
    assert!(app.form().is_none());
    assert_eq!(app.mode(), Mode::List);
}

#[test]
fn n_discards_and_esc_keeps_the_draft() {
    let mut app = with_draft(DraftValues::default());
    assert_eq!(removes(&act(&mut app, Action::DiscardDraft)), 1);
    assert_eq!(app.mode(), Mode::List);
    let mut app = with_draft(DraftValues::default());
    assert!(act(&mut app, Action::Back).is_empty(), "kept for next time");
    assert_eq!(app.mode(), Mode::List);
}
