//! The picker on its own: fuzzy filtering, the highlighted row, paging and the visible window.

use crate::form_support;

use crmjobs::app::form::picker::{Choice, Picker, Row};
use crmjobs::app::remote::Remote;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use form_support::*;

fn press(picker: &mut Picker, code: KeyCode) {
    picker.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(picker: &mut Picker, text: &str) {
    for c in text.chars() {
        press(picker, KeyCode::Char(c));
    }
}

fn statuses() -> Picker {
    let mut picker = Picker::new("statuses", None);
    picker.set_items(Remote::Loaded(
        completed_statuses()
            .iter()
            .map(Choice::from_status)
            .collect(),
    ));
    picker
}

fn labels(picker: &Picker) -> Vec<String> {
    picker
        .rows()
        .iter()
        .map(|row| {
            picker
                .choice(*row)
                .map_or("nobody".to_owned(), |c| c.label.clone())
        })
        .collect()
}

fn many(count: usize) -> Picker {
    let items = (0..count)
        .map(|i| Choice {
            id: format!("S{i}"),
            label: format!("Status {i}"),
            detail: None,
            is_default: false,
        })
        .collect();
    let mut picker = Picker::new("statuses", None);
    picker.set_items(Remote::Loaded(items));
    picker
}

#[test]
fn the_default_is_preselected_in_the_servers_order() {
    let picker = statuses();
    assert_eq!(picker.rows().len(), 6);
    assert_eq!(picker.chosen().unwrap().label, "Installed");
    assert!(picker.chosen().unwrap().is_default);
    assert!(!picker.has_changes());
}

#[test]
fn typing_narrows_fuzzily_best_first() {
    let mut picker = statuses();
    typed(&mut picker, "nocov");
    assert_eq!(
        labels(&picker),
        ["Not installed - no coverage"],
        "the code matches too"
    );
    press(&mut picker, KeyCode::Backspace);
    press(&mut picker, KeyCode::Backspace);
    press(&mut picker, KeyCode::Backspace);
    assert_eq!(picker.filter().value(), "no");
    assert!(
        labels(&picker)
            .iter()
            .all(|l| l.to_lowercase().contains('n'))
    );
    assert_eq!(picker.selected(), 0, "a filter highlights the best match");

    let mut picker = statuses();
    typed(&mut picker, "inst rem");
    assert_eq!(labels(&picker)[0], "Installed with remarks");
}

#[test]
fn clearing_the_filter_keeps_the_choice() {
    let mut picker = statuses();
    typed(&mut picker, "remote");
    assert_eq!(picker.chosen().unwrap().label, "Completed remotely");
    // Ctrl-u empties the filter at once; the highlighted choice stays.
    picker.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert_eq!(picker.filter().value(), "");
    assert_eq!(picker.rows().len(), 6);
    assert_eq!(picker.chosen().unwrap().label, "Completed remotely");
    assert!(picker.has_changes());
}

#[test]
fn nothing_matching_is_reported() {
    let mut picker = statuses();
    typed(&mut picker, "qqq");
    assert!(picker.nothing_matches());
    assert_eq!(picker.chosen(), None);
}

#[test]
fn moving_stops_at_the_ends_and_pages() {
    let mut picker = many(30);
    assert!(!picker.move_by(-1), "already at the top");
    press(&mut picker, KeyCode::PageDown);
    assert_eq!(picker.selected(), Picker::PAGE);
    for _ in 0..10 {
        press(&mut picker, KeyCode::PageDown);
    }
    assert_eq!(picker.selected(), 29);
    press(&mut picker, KeyCode::Up);
    assert_eq!(picker.selected(), 28);
    press(&mut picker, KeyCode::PageUp);
    assert_eq!(picker.selected(), 28 - Picker::PAGE);
}

#[test]
fn the_window_keeps_the_highlight_visible() {
    let mut picker = many(100);
    assert_eq!(picker.window_start(5), 0);
    picker.move_by(20);
    let start = picker.window_start(5);
    assert!(
        start <= 20 && 20 < start + 5,
        "row 20 in the window from {start}"
    );
    picker.move_by(79);
    assert_eq!(
        picker.window_start(5),
        95,
        "the window ends at the last row"
    );
    assert_eq!(picker.window_start(0), 0);
    // Moving up inside the window does not scroll it.
    let before = picker.window_start(Picker::PAGE);
    picker.move_by(-2);
    assert_eq!(picker.window_start(Picker::PAGE), before);
}

#[test]
fn users_offer_nobody_and_preselect_the_assignee() {
    let mut picker = Picker::new("users", Some("nobody")).preselecting(Some("U-0107".into()));
    picker.set_items(Remote::Loaded(
        unit_users().iter().map(Choice::from_user).collect(),
    ));
    assert_eq!(picker.rows()[0], Row::Nobody);
    assert_eq!(picker.chosen().unwrap().label, "Maria Georgiou");
    let inactive = picker.choice(Row::Item(3)).unwrap();
    assert_eq!(inactive.detail.as_deref(), Some("cchristou, inactive"));
    typed(&mut picker, "no");
    assert!(
        !picker.rows().contains(&Row::Nobody),
        "nobody is offered only unfiltered"
    );

    let mut unassigned = Picker::new("users", Some("nobody"));
    unassigned.set_items(Remote::Loaded(
        unit_users().iter().map(Choice::from_user).collect(),
    ));
    assert_eq!(unassigned.chosen_row(), Some(Row::Nobody));
    assert_eq!(unassigned.chosen(), None);
}

#[test]
fn loading_and_failure_have_no_rows() {
    let mut picker = Picker::new("users", None);
    picker.set_items(Remote::Loading);
    assert!(picker.items().is_loading());
    assert!(picker.rows().is_empty());
    assert!(
        !picker.nothing_matches(),
        "nothing to match yet is not a mismatch"
    );
    picker.set_items(Remote::Failed("refused".into()));
    assert_eq!(picker.chosen(), None);
}
