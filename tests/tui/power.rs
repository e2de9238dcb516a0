//! Supervisor power features through the real update and the real views (fixture server):
//! sorting per tab, marks, due markers and the due-only toggle.
use crate::tui_support;

use chrono::{DateTime, Duration, Utc};
use crmjobs::api::job::Job;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::sort::Column;
use crmjobs::app::{App, Command, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{draw, job, loaded_app, serve};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn act(app: &mut App, action: Action) {
    let commands = app.update(Msg::Action(action));
    serve(app, commands, 120);
}

fn selected(app: &App) -> String {
    app.selected().expect("a selected job").number.clone()
}

fn shown(app: &App) -> Vec<String> {
    (0..app.tab().len())
        .map(|i| app.tab().row_at(i).expect("a row").number.clone())
        .collect()
}

fn screen(app: &App) -> String {
    draw(app, app.size).backend().to_string()
}

fn snapshot(name: &str, prepare: impl Fn(&mut App)) {
    for size in SIZES {
        let mut app = loaded_app(size, 120);
        prepare(&mut app);
        insta::assert_snapshot!(
            format!("{name}_{}x{}", size.0, size.1),
            draw(&app, size).backend()
        );
    }
}

#[test]
fn s_cycles_columns_and_r_reverses_keeping_the_cursor_on_its_job() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    assert_eq!(selected(&app), "JB00003");
    act(&mut app, Action::SortNext);
    let sort = app.tab().sort().expect("sorted");
    assert_eq!((sort.column, sort.descending), (Column::Number, false));
    act(&mut app, Action::SortReverse);
    assert_eq!(shown(&app)[0], "JB00050", "largest number first");
    assert_eq!(selected(&app), "JB00003", "the cursor stays on its job");
    assert!(screen(&app).contains("Number▼"), "{}", screen(&app));
    for column in &Column::ALL[1..] {
        act(&mut app, Action::SortNext);
        assert_eq!(app.tab().sort().map(|s| s.column), Some(*column));
        assert_eq!(selected(&app), "JB00003");
    }
    act(&mut app, Action::SortNext);
    assert_eq!(
        app.tab().sort(),
        None,
        "after the last column: the server's order"
    );
    assert_eq!(shown(&app)[0], "JB00001");
}

#[test]
fn every_column_sorts_both_ways_with_missing_values_last() {
    let mut app = loaded_app((160, 48), 120);
    // One job without an assignee: it goes last whichever the direction.
    let mut lonely = job(7, LifeCycleState::Pending);
    lonely.assigned_to = None;
    replace_rows(
        &mut app,
        (1..=30)
            .map(|n| {
                if n == 7 {
                    lonely.clone()
                } else {
                    job(n, LifeCycleState::Pending)
                }
            })
            .collect(),
    );
    let keys: [(Column, KeyOf); 4] = [
        (Column::Description, |j| {
            j.description.clone().unwrap_or_default().to_lowercase()
        }),
        (Column::Type, |j| {
            j.job_type
                .as_ref()
                .map(|t| t.name.to_lowercase())
                .unwrap_or_default()
        }),
        (Column::Assignee, |j| person(j)),
        (Column::Updated, |j| {
            j.updated_date().map(|d| d.to_rfc3339()).unwrap_or_default()
        }),
    ];
    for (column, key) in keys {
        while app.tab().sort().map(|s| s.column) != Some(column) {
            act(&mut app, Action::SortNext);
        }
        for descending in [false, true] {
            if app.tab().sort().is_some_and(|s| s.descending != descending) {
                act(&mut app, Action::SortReverse);
            }
            let rows: Vec<&Job> = (0..app.tab().len())
                .filter_map(|i| app.tab().row_at(i))
                .collect();
            let values: Vec<String> = rows
                .iter()
                .map(|j| key(j))
                .filter(|k| !k.is_empty())
                .collect();
            let mut expected = values.clone();
            expected.sort();
            if descending {
                expected.reverse();
            }
            assert_eq!(values, expected, "{column:?} descending={descending}");
            if column == Column::Assignee {
                assert_eq!(rows.last().map(|j| j.number.as_str()), Some("JB00007"));
            }
        }
    }
}

/// What a column shows of a job, as the test compares it.
type KeyOf = fn(&Job) -> String;

fn person(job: &Job) -> String {
    job.assigned_to
        .as_ref()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| u.person_name.clone())
        .unwrap_or_default()
        .to_lowercase()
}

/// Refreshes the shown tab and answers it with `jobs`.
fn replace_rows(app: &mut App, jobs: Vec<Job>) {
    let commands = app.update(Msg::Action(Action::Refresh));
    let [Command::FetchJobs { id, state, page }] = commands.as_slice() else {
        panic!("a refresh asks one page: {commands:?}");
    };
    let msg = Msg::Jobs {
        id: *id,
        state: *state,
        page: *page,
        result: Ok(jobs.into()),
    };
    assert!(app.update(msg).is_empty());
}

#[test]
fn the_sort_is_kept_per_tab() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::SortReverse);
    act(&mut app, Action::NextTab);
    assert_eq!(app.tab().sort(), None);
    assert!(!screen(&app).contains('▼'));
    act(&mut app, Action::PrevTab);
    assert!(app.tab().sort().is_some_and(|s| s.descending));
    assert!(screen(&app).contains("Updated ▼"), "{}", screen(&app));
}

#[test]
fn paging_keeps_working_while_sorted() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::SortNext);
    act(&mut app, Action::SortReverse);
    assert_eq!(app.tab().loaded(), 50);
    // The last row (smallest number) is near the end: the next page is asked and merged.
    let commands = app.update(Msg::Action(Action::Bottom));
    assert!(
        matches!(commands.as_slice(), [Command::FetchJobs { .. }]),
        "{commands:?}"
    );
    let before = selected(&app);
    serve(&mut app, commands, 120);
    assert!(app.tab().loaded() > 50, "the next page arrived");
    assert_eq!(selected(&app), before, "the cursor stays on its job");
    assert_eq!(
        shown(&app)[0],
        format!("JB{:05}", app.tab().loaded()),
        "merged in order"
    );
}

#[test]
fn sorted_screens() {
    snapshot("sorted_number_descending", |app| {
        act(app, Action::SortNext);
        act(app, Action::SortReverse);
    });
    let mut app = loaded_app((80, 24), 120);
    app.theme = crmjobs::ui::theme::Theme::MONO;
    for _ in 0..5 {
        act(&mut app, Action::SortNext);
    }
    let text = screen(&app);
    assert!(
        text.contains("Assignee^"),
        "ASCII arrow without colour: {text}"
    );
}

#[test]
fn marks_survive_filtering_sorting_and_refresh() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::Mark);
    act(&mut app, Action::Mark);
    assert_eq!(selected(&app), "JB00003", "Space moves down");
    act(&mut app, Action::Filter);
    for c in "decoder".chars() {
        let commands = app.update(Msg::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
        serve(&mut app, commands, 120);
    }
    act(&mut app, Action::Back);
    act(&mut app, Action::SortReverse);
    act(&mut app, Action::Refresh);
    assert!(app.tab().is_marked("JB00001") && app.tab().is_marked("JB00002"));
    assert_eq!(app.tab().marked(), 2);
    // A job that left the tab loses its mark.
    replace_rows(
        &mut app,
        (2..=50).map(|n| job(n, LifeCycleState::Pending)).collect(),
    );
    assert_eq!(app.tab().marked(), 1);
}

#[test]
fn range_marking_with_v_and_shift_arrows() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::Down);
    act(&mut app, Action::Mark); // JB00002, cursor to JB00003
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::MarkRange); // JB00002..JB00005
    let marked: Vec<String> = app.tab().marked_jobs().map(|j| j.number.clone()).collect();
    assert_eq!(marked, ["JB00002", "JB00003", "JB00004", "JB00005"]);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::MarkDown); // JB00007 and JB00008
    assert_eq!(app.tab().marked(), 6);
    assert!(app.tab().is_marked("JB00008"));
    let keys = &app.keymap;
    let shift_down = KeyEvent::new(KeyCode::Down, KeyModifiers::SHIFT);
    assert_eq!(
        keys.resolve(crmjobs::app::keymap::Mode::List, shift_down),
        Some(Action::MarkDown)
    );
    let text = screen(&app);
    assert!(
        text.contains("*~ JB00002"),
        "a marker column shows marks: {text}"
    );
    assert!(text.contains(" ~ JB00006"), "{text}");
}

fn evening() -> DateTime<Utc> {
    tui_support::noon() + Duration::hours(7)
}

#[test]
fn due_jobs_are_marked_counted_and_can_be_shown_alone() {
    let mut app = loaded_app((160, 48), 120).with_clock(evening);
    // Tomorrow's deadline: neither overdue nor due today.
    let mut later = job(3, LifeCycleState::Pending);
    later.expiration_date = later.expiration_date.map(|d| d + Duration::days(2));
    replace_rows(
        &mut app,
        vec![
            job(1, LifeCycleState::Pending),
            job(2, LifeCycleState::Pending),
            later,
        ],
    );
    let text = screen(&app);
    assert!(
        text.contains(" ! JB00001") && text.contains("   JB00003"),
        "{text}"
    );
    assert_eq!(
        (app.overview.overdue, app.overview.today),
        (52, 0),
        "2 pending + 50 in progress"
    );
    assert!(text.contains("! 52 overdue"), "{text}");
    act(&mut app, Action::DueOnly);
    assert_eq!(shown(&app), ["JB00001", "JB00002"]);
    assert!(screen(&app).contains("Pending 3 (due)"), "{}", screen(&app));
    act(&mut app, Action::DueOnly);
    assert_eq!(app.tab().len(), 3);
    act(&mut app, Action::Tab(2));
    act(&mut app, Action::DueOnly);
    assert!(screen(&app).contains("no loaded job is overdue or due today"));
}

#[test]
fn due_screens() {
    snapshot("due_only_marked", |app| {
        act(app, Action::NextTab);
        act(app, Action::Mark);
        act(app, Action::DueOnly);
    });
}

#[test]
fn a_job_changed_in_place_moves_to_its_sorted_place_with_the_cursor_on_it() {
    let mut app = loaded_app((160, 48), 120);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::SortNext);
    act(&mut app, Action::SortNext);
    assert_eq!(
        app.tab().sort().map(|s| s.column),
        Some(Column::Description)
    );
    assert_eq!(selected(&app), "JB00003");
    assert_ne!(shown(&app)[0], "JB00003");
    // The detail's fetch brings the job back with a description that sorts first.
    let commands = app.update(Msg::Action(Action::Open));
    let Some(Command::ShowJob { id, .. }) = commands.first() else {
        panic!("{commands:?}")
    };
    let mut changed = job(3, LifeCycleState::Pending);
    changed.description = Some("Aaa: a first visit".into());
    let _ = app.update(Msg::Job {
        id: *id,
        result: Ok(changed),
    });
    assert_eq!(shown(&app)[0], "JB00003", "re-sorted");
    assert_eq!(selected(&app), "JB00003", "the cursor followed its job");
}
