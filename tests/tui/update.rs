//! `App::update` without any I/O: the commands it returns and the answers it drops.
use crate::tui_support;

use crmjobs::api::job::Job;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg, RequestId};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{job, loaded_app, serve};

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn selected(app: &App) -> String {
    app.selected().map(|j| j.number.clone()).unwrap_or_default()
}

#[test]
fn login_then_every_tab_is_fetched_a_page_at_a_time() {
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), (80, 24));
    let commands = app.init();
    let [Command::Login { id, username, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(username, "supervisor");
    let fetches = app.update(Msg::LoggedIn {
        id: *id,
        result: Ok(()),
    });
    let states: Vec<_> = fetches
        .iter()
        .map(|c| match c {
            Command::FetchJobs { state, page, .. } => {
                assert_eq!(*page, Page::first(50));
                *state
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(states, LifeCycleState::ALL);
}

#[test]
fn keys_resolve_through_the_keymap() {
    let app = loaded_app((80, 24), 10);
    assert!(matches!(
        app.key_msg(key('j')),
        Some(Msg::Action(Action::Down))
    ));
    assert!(
        app.key_msg(key('z')).is_none(),
        "unbound keys do nothing in the list"
    );
}

#[test]
fn next_page_is_asked_as_the_cursor_nears_the_end() {
    let mut app = loaded_app((80, 24), 120);
    let mut asked = Vec::new();
    for _ in 0..45 {
        asked.extend(app.update(Msg::Action(Action::Down)));
    }
    let pages: Vec<Page> = asked
        .iter()
        .filter_map(|c| match c {
            Command::FetchJobs { page, .. } => Some(*page),
            _ => None,
        })
        .collect();
    assert_eq!(
        pages,
        vec![Page {
            offset: 50,
            size: 50
        }],
        "asked once, not per key"
    );
    assert_eq!(app.tab().count_label(), "50+");
    serve(&mut app, asked, 120);
    assert_eq!(app.tab().count_label(), "100+");
    assert_eq!(selected(&app), "JB00046");
}

#[test]
fn refresh_keeps_the_cursor_on_the_same_job() {
    let mut app = loaded_app((80, 24), 20);
    for _ in 0..4 {
        let _ = app.update(Msg::Action(Action::Down));
    }
    assert_eq!(selected(&app), "JB00005");
    let commands = app.update(Msg::Action(Action::Refresh));
    let [Command::FetchJobs { id, state, page }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    // A new job arrived on the server meanwhile: it is listed first.
    let mut jobs: Vec<Job> = vec![job(999, LifeCycleState::Pending)];
    jobs.extend((1..=20).map(|n| job(n, LifeCycleState::Pending)));
    let _ = app.update(Msg::Jobs {
        id: *id,
        state: *state,
        page: *page,
        result: Ok(jobs.into()),
    });
    assert_eq!(selected(&app), "JB00005");
    assert_eq!(app.tab().cursor(), 5);
}

#[test]
fn a_page_answer_for_a_tab_refreshed_since_is_dropped() {
    let mut app = loaded_app((80, 24), 20);
    let first = app.update(Msg::Action(Action::Refresh));
    let second = app.update(Msg::Action(Action::Refresh));
    let (Command::FetchJobs { id: old, page, .. }, Command::FetchJobs { id: new, .. }) =
        (&first[0], &second[0])
    else {
        panic!()
    };
    assert_ne!(old, new);
    let _ = app.take_dirty();
    let _ = app.update(Msg::Jobs {
        id: *old,
        state: LifeCycleState::Pending,
        page: *page,
        result: Ok(vec![job(777, LifeCycleState::Pending)].into()),
    });
    assert!(
        !app.take_dirty(),
        "a stale answer changes nothing on screen"
    );
    assert_eq!(app.tab().loaded(), 20);
}

#[test]
fn a_job_answer_for_a_job_no_longer_selected_is_ignored() {
    let mut app = loaded_app((80, 24), 20);
    let commands = app.update(Msg::Action(Action::Open));
    let [Command::ShowJob { id, job: asked }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    assert_eq!(asked.value(), "JB00001");
    let _ = app.update(Msg::Action(Action::Back));
    let _ = app.update(Msg::Action(Action::Down));
    let _ = app.take_dirty();
    let mut changed = job(1, LifeCycleState::Pending);
    changed.description = Some("CHANGED ON THE SERVER".into());
    let _ = app.update(Msg::Job {
        id: *id,
        result: Ok(changed),
    });
    assert!(!app.take_dirty());
    let shown = app.detail.shown(app.selected()).unwrap();
    assert_eq!(shown.number, "JB00002");
    assert!(app.detail.job.loaded().is_none());
}

#[test]
fn unknown_request_ids_are_dropped() {
    let mut app = loaded_app((80, 24), 5);
    let _ = app.take_dirty();
    let _ = app.update(Msg::Job {
        id: RequestId(9999),
        result: Ok(job(1, LifeCycleState::Pending)),
    });
    let _ = app.update(Msg::Acted {
        id: RequestId(9999),
        result: Ok(job(2, LifeCycleState::Completed)),
    });
    assert!(!app.take_dirty());
    assert_eq!(app.tab().loaded(), 5);
}

#[test]
fn filter_narrows_the_loaded_rows_and_escape_clears_it() {
    let mut app = loaded_app((80, 24), 50);
    let _ = app.update(Msg::Action(Action::Filter));
    for c in "decoder".chars() {
        let msg = app.key_msg(key(c)).expect("text goes to the filter");
        assert!(matches!(msg, Msg::Text(_)), "{c} is text while filtering");
        let _ = app.update(msg);
    }
    let tab = app.tab();
    assert!(tab.len() < 50, "the filter hides rows");
    for i in 0..10 {
        let description = tab.row_at(i).unwrap().description.clone().unwrap();
        assert!(
            description.contains("decoder"),
            "best matches first: {description}"
        );
    }
    let _ = app.update(Msg::Action(Action::Back));
    assert_eq!(app.tab().len(), 50);
    assert!(app.filter.is_empty());
}

#[test]
fn the_spinner_only_turns_while_a_request_is_in_flight() {
    let mut app = loaded_app((80, 24), 5);
    assert!(!app.is_busy());
    let _ = app.take_dirty();
    let _ = app.update(Msg::Tick);
    assert!(!app.take_dirty(), "an idle tick draws nothing");
    let _ = app.update(Msg::Action(Action::Refresh));
    assert!(app.is_busy());
}

#[test]
fn switching_to_a_tab_never_loaded_fetches_it() {
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), (80, 24));
    let commands = app.init();
    let Command::Login { id, .. } = commands[0] else {
        panic!()
    };
    let _ = app.update(Msg::LoggedIn { id, result: Ok(()) });
    let again = app.update(Msg::Action(Action::Tab(2)));
    assert!(again.is_empty(), "already asked at login: {again:?}");
    assert_eq!(app.tab().state, LifeCycleState::Completed);
}

#[test]
fn quit_from_the_list_and_ctrl_c_anywhere() {
    let mut app = loaded_app((80, 24), 5);
    let _ = app.update(Msg::Action(Action::Filter));
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let msg = app.key_msg(ctrl_c).unwrap();
    let _ = app.update(msg);
    assert!(app.should_quit());
}
