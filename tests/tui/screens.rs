//! Screens as the user sees them (insta snapshots of a `TestBackend`) at 80x24 and 160x48.
use crate::tui_support;

use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Msg};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{draw, loaded_app, serve};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn act(app: &mut App, action: Action) {
    let commands = app.update(Msg::Action(action));
    serve(app, commands, 120);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let commands = app.update(Msg::Text(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
        serve(app, commands, 120);
    }
}

fn snapshot(name: &str, prepare: impl Fn(&mut App)) {
    for size in SIZES {
        let mut app = loaded_app(size, 120);
        prepare(&mut app);
        let terminal = draw(&app, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
    }
}

#[test]
fn list_pending() {
    snapshot("list_pending", |_| {});
}

#[test]
fn list_moved_down_and_second_tab() {
    snapshot("list_in_progress_row3", |app| {
        act(app, Action::NextTab);
        act(app, Action::Down);
        act(app, Action::Down);
    });
}

#[test]
fn list_filtered() {
    snapshot("list_filtered", |app| {
        act(app, Action::Filter);
        type_text(app, "decoder");
    });
}

#[test]
fn full_detail() {
    snapshot("detail", |app| {
        act(app, Action::Down);
        act(app, Action::Open);
    });
}

#[test]
fn help_overlay() {
    snapshot("help", |app| act(app, Action::Help));
}

#[test]
fn login_screen() {
    for size in SIZES {
        let mut app = tui_support::new_app(tui_support::session(), None, size);
        let _ = app.init();
        type_text(&mut app, "secret");
        let terminal = draw(&app, size);
        let screen = terminal.backend().to_string();
        assert!(!screen.contains("secret"), "the password is masked");
        insta::assert_snapshot!(format!("login_{}x{}", size.0, size.1), terminal.backend());
    }
}

#[test]
fn too_small() {
    let app = loaded_app((40, 10), 5);
    insta::assert_snapshot!("too_small_40x10", draw(&app, (40, 10)).backend());
}

#[test]
fn no_panic_at_any_small_size() {
    let app = loaded_app((80, 24), 60);
    for width in 1..90 {
        for height in 1..30 {
            let _ = draw(&app, (width, height));
        }
    }
}

#[test]
fn tab_counts_show_more_pages() {
    let app = loaded_app((80, 24), 120);
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(screen.contains("Pending 50+"), "{screen}");
    let app = loaded_app((80, 24), 7);
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(screen.contains("Pending 7 "), "{screen}");
}

#[test]
fn without_colour_the_selection_and_tab_still_show() {
    use ratatui::style::{Color, Modifier};
    let mut app = loaded_app((80, 24), 20);
    app.theme = crmjobs::ui::theme::Theme::MONO;
    let terminal = draw(&app, (80, 24));
    let buffer = terminal.backend().buffer();
    for cell in &buffer.content {
        assert_eq!(cell.fg, Color::Reset, "no colour with NO_COLOR");
        assert_eq!(cell.bg, Color::Reset, "no colour with NO_COLOR");
    }
    let selected_row = 3;
    for x in 0..80 {
        let cell = &buffer[(x, selected_row)];
        assert!(
            cell.modifier.contains(Modifier::REVERSED),
            "reverse video at column {x}"
        );
    }
    let other_row = 4;
    assert!(!buffer[(0, other_row)].modifier.contains(Modifier::REVERSED));
    let tab = (0..80)
        .find(|&x| buffer[(x, 1)].symbol() == "P")
        .expect("the Pending tab");
    assert!(
        buffer[(tab, 1)].modifier.contains(Modifier::REVERSED),
        "the current tab shows"
    );
}
