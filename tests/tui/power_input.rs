//! Copy commands, the mouse and auto-refresh through the real update and the real views
//! (fixture server); the runtime side is in `tui_power_runtime.rs`.
use crate::tui_support;

use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::sort::Column;
use crmjobs::app::{App, Command, Connection, Msg};
use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_support::{draw, loaded_app, serve};

fn act(app: &mut App, action: Action) {
    let commands = app.update(Msg::Action(action));
    serve(app, commands, 120);
}

fn selected(app: &App) -> String {
    app.selected().expect("a selected job").number.clone()
}

fn screen(app: &App) -> String {
    draw(app, app.size).backend().to_string()
}

#[test]
fn y_copies_the_number_and_shift_y_a_summary() {
    let mut app = loaded_app((80, 24), 120);
    let commands = app.update(Msg::Action(Action::Copy));
    assert!(matches!(commands.as_slice(), [Command::Copy { text }] if text == "JB00001"));
    assert!(!app.is_busy(), "a copy is not a request in flight");
    assert!(screen(&app).contains("copied JB00001 to the clipboard"));
    let commands = app.update(Msg::Action(Action::CopySummary));
    let [Command::Copy { text }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    assert_eq!(
        text,
        "JB00001 · Pending · Pending ok · Repair · Ben Okafor · Replace faulty decoder"
    );
    act(&mut app, Action::Open);
    let commands = app.update(Msg::Action(Action::Copy));
    assert!(
        matches!(commands.as_slice(), [Command::Copy { .. }]),
        "y works in the detail view"
    );
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Msg {
    Msg::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn click(column: u16, row: u16) -> Msg {
    mouse(MouseEventKind::Down(MouseButton::Left), column, row)
}

#[test]
fn clicks_select_rows_switch_tabs_and_sort_and_the_wheel_moves() {
    let mut app = loaded_app((80, 24), 120);
    // 80x24: tabs on row 1, the table heading on row 2, jobs from row 3.
    app.update(click(10, 6));
    assert_eq!(selected(&app), "JB00004");
    app.update(mouse(MouseEventKind::ScrollDown, 10, 6));
    assert_eq!(selected(&app), "JB00007");
    app.update(mouse(MouseEventKind::ScrollUp, 10, 6));
    assert_eq!(selected(&app), "JB00004");
    let tabs = screen(&app).lines().nth(1).expect("tabs").to_owned();
    let x = tabs.find("In progress").expect("the tab") + 2;
    let commands = app.update(click(u16::try_from(x).expect("small"), 1));
    assert!(commands.is_empty(), "loaded already");
    assert_eq!(app.current, 1);
    // The Number heading: columns 3..10.
    app.update(click(4, 2));
    assert_eq!(
        app.tab().sort().map(|s| (s.column, s.descending)),
        Some((Column::Number, false))
    );
    app.update(click(4, 2));
    assert_eq!(app.tab().sort().map(|s| s.descending), Some(true));
    app.mouse = false;
    let before = selected(&app);
    app.update(click(10, 8));
    assert_eq!(
        selected(&app),
        before,
        "with the mouse off clicks do nothing"
    );
}

#[test]
fn auto_refresh_reloads_the_shown_tab_but_never_under_a_form_or_offline() {
    let mut app = loaded_app((80, 24), 120);
    assert!(app.update(Msg::AutoRefresh).is_empty(), "off by default");
    assert_eq!(app.auto_refresh_period(), None);
    app.auto_refresh = Some(std::time::Duration::from_secs(30));
    assert!(app.auto_refresh_period().is_some());
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    let commands = app.update(Msg::AutoRefresh);
    assert!(matches!(
        commands.as_slice(),
        [Command::FetchJobs {
            state: LifeCycleState::Pending,
            ..
        }]
    ));
    // The user moves on while the refresh is on its way: the cursor stays where the user is.
    act(&mut app, Action::Down);
    serve(&mut app, commands, 120);
    assert_eq!(selected(&app), "JB00004");
    act(&mut app, Action::Start);
    assert!(app.form().is_some());
    assert!(
        app.update(Msg::AutoRefresh).is_empty(),
        "an open form is never disturbed"
    );
    act(&mut app, Action::Back);
    app.session.connection = Connection::Offline("unreachable".into());
    assert_eq!(app.auto_refresh_period(), None, "paused while offline");
    assert!(app.update(Msg::AutoRefresh).is_empty());
    act(&mut app, Action::Refresh);
    assert_eq!(app.session.connection, Connection::Online);
    assert!(
        app.auto_refresh_period().is_some(),
        "resumed by an answered request"
    );
}

#[test]
fn a_click_on_a_picker_entry_picks_it_and_the_wheel_moves_through_it() {
    let mut app = loaded_app((80, 24), 120);
    act(&mut app, Action::NextTab);
    act(&mut app, Action::Complete);
    let text = screen(&app);
    let (y, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Customer not home"))
        .expect("the status picker lists it");
    // Lines of the test backend's text are quoted: column 0 is after the quote.
    let x = line.find("Customer").expect("the entry") - 1;
    let click = mouse(MouseEventKind::Down(MouseButton::Left), x_of(x), x_of(y));
    let commands = app.update(click);
    serve(&mut app, commands, 120);
    assert!(
        screen(&app).contains("> Customer not home"),
        "{}",
        screen(&app)
    );
    // A click outside the entries changes nothing.
    let commands = app.update(mouse(MouseEventKind::Down(MouseButton::Left), 0, 0));
    assert!(commands.is_empty());
    assert!(screen(&app).contains("> Customer not home"));
    app.update(mouse(MouseEventKind::ScrollUp, 40, 12));
    assert!(
        screen(&app).contains("> Installed (default)"),
        "{}",
        screen(&app)
    );
}

fn x_of(n: usize) -> u16 {
    u16::try_from(n).expect("on screen")
}
