//! The job cache in the model, without I/O: the saved rows asked at start, shown (and said to
//! be saved) until the server answers, never over the server's rows, kept when the server
//! cannot be reached, and what is saved on the way out.
use crate::tui_support;

use chrono::{DateTime, TimeZone, Utc};
use crmjobs::api::error::ApiError;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg, Notice, RequestId};
use crmjobs::jobcache::SavedTab;
use tui_support::{draw, job, noon, serve};

const SIZE: (u16, u16) = (120, 24);

fn saved_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 16, 45, 0)
        .single()
        .expect("fixture")
}

/// `count` saved jobs of `state`, numbered from `first`.
fn saved(state: LifeCycleState, first: usize, count: usize, complete: bool) -> SavedTab {
    SavedTab {
        state,
        saved_at: saved_at(),
        complete,
        jobs: (first..first + count).map(|n| job(n, state)).collect(),
    }
}

/// An app keeping a job cache, started: the cache read and the login asked.
fn started() -> (App, RequestId, Vec<Command>) {
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), SIZE).with_clock(noon);
    app.keep_saved_jobs();
    let mut commands = app.init();
    let Some(Command::LoadSavedJobs { id }) = commands.first().cloned() else {
        panic!("the cache is read first: {commands:?}")
    };
    commands.remove(0);
    (app, id, commands)
}

/// Answers the start's login: the commands that follow (a fetch per tab).
fn log_in(app: &mut App, login: &[Command]) -> Vec<Command> {
    let [Command::Login { id, .. }] = login else {
        panic!("{login:?}")
    };
    app.update(Msg::LoggedIn {
        id: *id,
        result: Ok(()),
    })
}

fn numbers(app: &App) -> Vec<String> {
    app.tab().rows().iter().map(|j| j.number.clone()).collect()
}

fn screen(app: &App) -> String {
    let terminal = draw(app, SIZE);
    let buffer = terminal.backend().buffer();
    (0..SIZE.1)
        .map(|y| {
            (0..SIZE.0)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn saved_rows_show_until_the_server_answers_then_its_first_page_replaces_them() {
    let (mut app, id, login) = started();
    assert!(app.is_busy(), "the read counts as work in flight");
    let _ = app.update(Msg::SavedJobs {
        id,
        result: Ok(vec![
            saved(LifeCycleState::Pending, 9000, 300, false),
            saved(LifeCycleState::Draft, 9500, 3, true),
        ]),
    });
    assert_eq!(numbers(&app).len(), 300);
    assert_eq!(app.tab().saved_at(), Some(saved_at()));
    assert_eq!(
        app.tab().count_label(),
        "300+",
        "not every pending job was saved"
    );
    assert_eq!(app.tabs[4].count_label(), "3", "every draft was");
    let text = screen(&app);
    assert!(text.contains("saved 27 Nov"), "the header says so:\n{text}");
    assert!(
        text.contains("JB09000"),
        "the saved rows are listed:\n{text}"
    );
    assert!(
        matches!(&app.notice, Some(Notice::Info(n)) if n.contains("until the server answers")),
        "{:?}",
        app.notice
    );
    // The login brings the first page of each tab: one page, not the 300 saved.
    let fetches = log_in(&mut app, &login);
    for command in &fetches {
        let Command::FetchJobs { page, .. } = command else {
            panic!("{command:?}")
        };
        assert_eq!(*page, Page::first(50));
    }
    serve(&mut app, fetches, 60);
    assert_eq!(app.tab().saved_at(), None);
    assert_eq!(numbers(&app).first().map(String::as_str), Some("JB00001"));
    assert_eq!(app.tab().count_label(), "50+");
    assert!(!screen(&app).contains("saved 27 Nov"));
}

#[test]
fn the_servers_rows_win_over_saved_ones_that_come_later() {
    let (mut app, id, login) = started();
    serve(&mut app, login, 20);
    let before = numbers(&app);
    let _ = app.update(Msg::SavedJobs {
        id,
        result: Ok(vec![saved(LifeCycleState::Pending, 9000, 300, false)]),
    });
    assert_eq!(numbers(&app), before);
    assert_eq!(app.tab().saved_at(), None);
}

#[test]
fn saved_rows_stay_when_the_server_cannot_be_reached() {
    let (mut app, id, login) = started();
    let _ = app.update(Msg::SavedJobs {
        id,
        result: Ok(vec![saved(LifeCycleState::Pending, 9000, 30, true)]),
    });
    let fetches = log_in(&mut app, &login);
    for command in fetches {
        let Command::FetchJobs { id, state, page } = command else {
            panic!("{command:?}")
        };
        let _ = app.update(Msg::Jobs {
            id,
            state,
            page,
            result: Err(ApiError::Unreachable("connection refused".into())),
        });
    }
    assert_eq!(numbers(&app).len(), 30, "the saved rows are still there");
    assert_eq!(app.tab().saved_at(), Some(saved_at()));
    let text = screen(&app);
    assert!(
        text.contains("offline") && text.contains("saved 27 Nov"),
        "{text}"
    );
    // The user can still move among them.
    let _ = app.update(Msg::Action(Action::Down));
    assert_eq!(app.selected().map(|j| j.number.as_str()), Some("JB09001"));
}

#[test]
fn an_unreadable_cache_is_said_and_nothing_is_saved_before_it_was_read() {
    let (mut app, id, _) = started();
    assert!(
        app.tabs_to_save().is_none(),
        "saving now would replace the saved rows with none"
    );
    let _ = app.update(Msg::SavedJobs {
        id,
        result: Err(
            "the saved jobs in /x/work.json are damaged (EOF); they will be replaced".into(),
        ),
    });
    assert!(matches!(&app.notice, Some(Notice::Error(e)) if e.contains("damaged")));
    assert_eq!(app.tabs_to_save().map(|t| t.len()), Some(0));
}

#[test]
fn what_is_saved_is_each_tabs_rows_with_when_they_came_from_the_server() {
    let (mut app, id, login) = started();
    let _ = app.update(Msg::SavedJobs {
        id,
        result: Ok(vec![saved(LifeCycleState::Cancelled, 9000, 5, true)]),
    });
    // The login answers, every tab but Cancelled answers; Cancelled stays saved.
    let fetches = log_in(&mut app, &login);
    let answered: Vec<Command> = fetches
        .into_iter()
        .filter(|c| !matches!(c, Command::FetchJobs { state, .. } if *state == LifeCycleState::Cancelled))
        .collect();
    serve(&mut app, answered, 20);
    let tabs = app.tabs_to_save().expect("the cache was read");
    let by_state = |state| {
        tabs.iter()
            .find(|t| t.state == state)
            .unwrap_or_else(|| panic!("{state:?} saved"))
    };
    let pending = by_state(LifeCycleState::Pending);
    assert_eq!(pending.jobs.len(), 20);
    assert!(pending.complete, "20 of 20: the last page was short");
    assert_eq!(pending.saved_at, noon());
    let cancelled = by_state(LifeCycleState::Cancelled);
    assert_eq!(cancelled.jobs.len(), 5);
    assert_eq!(
        cancelled.saved_at,
        saved_at(),
        "still the time it was saved"
    );
    assert!(cancelled.complete);
}

#[test]
fn without_a_cache_nothing_is_read_or_saved() {
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), SIZE);
    let commands = app.init();
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::LoadSavedJobs { .. })),
        "{commands:?}"
    );
    assert!(app.tabs_to_save().is_none());
}

#[test]
fn a_silent_login_that_cannot_reach_the_server_keeps_the_saved_rows_and_r_tries_again() {
    let mut app = tui_support::new_app(tui_support::session(), None, SIZE).with_clock(noon);
    app.login = Some(crmjobs::app::login::Login::silent());
    app.keep_saved_jobs();
    let commands = app.init();
    let [
        Command::LoadSavedJobs { id: read },
        Command::Login { id: login, .. },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}")
    };
    let _ = app.update(Msg::SavedJobs {
        id: *read,
        result: Ok(vec![saved(LifeCycleState::Pending, 9000, 30, true)]),
    });
    let after = app.update(Msg::LoggedIn {
        id: *login,
        result: Err(ApiError::Unreachable("connection refused".into())),
    });
    assert!(after.is_empty());
    let text = screen(&app);
    assert!(!text.contains("Log in"), "no password is asked:\n{text}");
    assert!(
        text.contains("JB09000") && text.contains("offline"),
        "{text}"
    );
    assert!(text.contains("r tries again"), "{text}");
    let again = app.update(Msg::Action(Action::Refresh));
    let [Command::Login { id: login, .. }] = again.as_slice() else {
        panic!("{again:?}")
    };
    let fetches = app.update(Msg::LoggedIn {
        id: *login,
        result: Ok(()),
    });
    assert_eq!(fetches.len(), LifeCycleState::ALL.len(), "{fetches:?}");
}
