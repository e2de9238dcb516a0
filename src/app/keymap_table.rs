//! The default key table. Data only: `keymap.rs` reads it.

use crossterm::event::{KeyCode, KeyModifiers};

use super::keymap::{Action, Binding, Key, Mode};

/// Shorthand for one row of the table.
fn bind(
    mode: Mode,
    action: Action,
    keys: &[Key],
    hint: Option<&'static str>,
    help: &'static str,
) -> Binding {
    Binding {
        mode,
        action,
        keys: keys.to_vec(),
        hint,
        help,
    }
}

const fn plain(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn ch(c: char) -> Key {
    Key::char(c)
}

const SHIFT_TAB: Key = plain(KeyCode::BackTab);
const CTRL_S: Key = Key {
    code: KeyCode::Char('s'),
    modifiers: KeyModifiers::CONTROL,
};

/// Movement keys shared by the list and the detail view.
fn movement(mode: Mode) -> Vec<Binding> {
    use Action::{Bottom, Down, PageDown, PageUp, Top, Up};
    vec![
        bind(mode, Down, &[ch('j'), plain(KeyCode::Down)], None, "down"),
        bind(mode, Up, &[ch('k'), plain(KeyCode::Up)], None, "up"),
        bind(mode, Top, &[ch('g'), plain(KeyCode::Home)], None, "first"),
        bind(mode, Bottom, &[ch('G'), plain(KeyCode::End)], None, "last"),
        bind(
            mode,
            PageDown,
            &[plain(KeyCode::PageDown)],
            None,
            "page down",
        ),
        bind(mode, PageUp, &[plain(KeyCode::PageUp)], None, "page up"),
    ]
}

/// Job actions, live in the list and in the detail view.
fn job_actions(mode: Mode) -> Vec<Binding> {
    use Action::{Cancel, Complete, Start};
    vec![
        bind(
            mode,
            Start,
            &[ch('s')],
            Some("start"),
            "start progress (pending job)",
        ),
        bind(
            mode,
            Complete,
            &[ch('c')],
            Some("complete"),
            "complete (job in progress)",
        ),
        bind(
            mode,
            Cancel,
            &[ch('x')],
            Some("cancel"),
            "cancel the job, after confirming",
        ),
    ]
}

/// Copying, live in the list and in the detail view.
fn copying(mode: Mode) -> Vec<Binding> {
    vec![
        bind(
            mode,
            Action::Copy,
            &[ch('y')],
            None,
            "copy the job number (OSC 52)",
        ),
        bind(
            mode,
            Action::CopySummary,
            &[ch('Y')],
            None,
            "copy a one-line summary of the job",
        ),
    ]
}

/// Marks, sorting and the due-only view of the list.
fn power() -> Vec<Binding> {
    use Action::{DueOnly, Mark, MarkDown, MarkRange, MarkUp, SortNext, SortReverse};
    let m = Mode::List;
    let shift = |code| Key {
        code,
        modifiers: KeyModifiers::SHIFT,
    };
    vec![
        bind(m, Mark, &[ch(' ')], None, "mark or unmark, then down"),
        bind(
            m,
            MarkRange,
            &[ch('V')],
            None,
            "mark from the last marked job to here",
        ),
        bind(
            m,
            MarkDown,
            &[shift(KeyCode::Down)],
            None,
            "mark while moving down",
        ),
        bind(
            m,
            MarkUp,
            &[shift(KeyCode::Up)],
            None,
            "mark while moving up",
        ),
        bind(
            m,
            SortNext,
            &[ch('S')],
            None,
            "sort by the next column (then unsorted)",
        ),
        bind(m, SortReverse, &[ch('R')], None, "reverse the sort order"),
        bind(
            m,
            DueOnly,
            &[ch('!')],
            None,
            "only jobs overdue or due today (toggle)",
        ),
    ]
}

fn list() -> Vec<Binding> {
    use Action::{Back, Filter, Help, NextTab, Open, PrevTab, Quit, Refresh, Tab};
    let m = Mode::List;
    let mut table = movement(m);
    table.extend([
        bind(m, NextTab, &[plain(KeyCode::Tab)], None, "next tab"),
        bind(m, PrevTab, &[SHIFT_TAB], None, "previous tab"),
        bind(m, Tab(0), &[ch('1')], None, "Pending tab"),
        bind(m, Tab(1), &[ch('2')], None, "In progress tab"),
        bind(m, Tab(2), &[ch('3')], None, "Completed tab"),
        bind(m, Tab(3), &[ch('4')], None, "Cancelled tab"),
        bind(m, Tab(4), &[ch('5')], None, "Draft tab"),
        bind(
            m,
            Open,
            &[plain(KeyCode::Enter)],
            Some("detail"),
            "full job detail",
        ),
        bind(
            m,
            Filter,
            &[ch('/')],
            Some("filter"),
            "fuzzy filter of the loaded jobs",
        ),
        bind(m, Back, &[plain(KeyCode::Esc)], None, "clear the filter"),
    ]);
    table.extend(job_actions(m));
    table.extend(power());
    table.extend(copying(m));
    table.extend([
        bind(
            m,
            Refresh,
            &[ch('r')],
            Some("refresh"),
            "reload, keeping the cursor",
        ),
        bind(
            m,
            Action::Outbox,
            &[ch('o')],
            None,
            "outbox: actions not yet confirmed",
        ),
        bind(m, Help, &[ch('?')], Some("help"), "this help"),
        bind(m, Quit, &[ch('q')], Some("quit"), "quit"),
    ]);
    table
}

fn outbox() -> Vec<Binding> {
    use Action::{Back, Discard, Down, Quit, Retry, Up};
    let m = Mode::Outbox;
    vec![
        bind(m, Down, &[ch('j'), plain(KeyCode::Down)], None, "down"),
        bind(m, Up, &[ch('k'), plain(KeyCode::Up)], None, "up"),
        bind(
            m,
            Retry,
            &[ch('r')],
            Some("retry"),
            "send now (a conflict: send anyway)",
        ),
        bind(
            m,
            Discard,
            &[ch('d')],
            Some("discard"),
            "discard, after confirming",
        ),
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc), ch('o')],
            Some("back"),
            "back to the list",
        ),
        bind(m, Quit, &[ch('q')], Some("quit"), "quit"),
    ]
}

fn filter() -> Vec<Binding> {
    use Action::{AcceptFilter, Back, Down, Up};
    let m = Mode::Filter;
    vec![
        bind(
            m,
            AcceptFilter,
            &[plain(KeyCode::Enter)],
            Some("keep"),
            "keep the filter",
        ),
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc)],
            Some("clear"),
            "clear the filter",
        ),
        bind(m, Down, &[plain(KeyCode::Down)], None, "down"),
        bind(m, Up, &[plain(KeyCode::Up)], None, "up"),
    ]
}

fn detail() -> Vec<Binding> {
    use Action::{Back, Help, Quit, Refresh};
    let m = Mode::Detail;
    let mut table = vec![bind(
        m,
        Back,
        &[plain(KeyCode::Esc)],
        Some("back"),
        "back to the list",
    )];
    table.extend(movement(m));
    table.extend(job_actions(m));
    table.extend(copying(m));
    table.extend([
        bind(m, Refresh, &[ch('r')], Some("reload"), "reload the job"),
        bind(m, Help, &[ch('?')], Some("help"), "this help"),
        bind(m, Quit, &[ch('q')], Some("quit"), "quit"),
    ]);
    table
}

fn form() -> Vec<Binding> {
    use Action::{Back, Down, NextField, PageDown, PageUp, PrevField, Submit, Up};
    let m = Mode::Form;
    vec![
        bind(
            m,
            NextField,
            &[plain(KeyCode::Tab)],
            Some("next field"),
            "next field",
        ),
        bind(m, PrevField, &[SHIFT_TAB], None, "previous field"),
        bind(m, Down, &[plain(KeyCode::Down)], None, "down in the picker"),
        bind(m, Up, &[plain(KeyCode::Up)], None, "up in the picker"),
        bind(
            m,
            PageDown,
            &[plain(KeyCode::PageDown)],
            None,
            "page down in the picker",
        ),
        bind(
            m,
            PageUp,
            &[plain(KeyCode::PageUp)],
            None,
            "page up in the picker",
        ),
        bind(m, Submit, &[CTRL_S], Some("send"), "send the form"),
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc)],
            Some("leave"),
            "leave (asks if changed)",
        ),
    ]
}

fn help() -> Vec<Binding> {
    use Action::{Back, Down, Help, Up};
    let m = Mode::Help;
    vec![
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc), ch('q')],
            Some("close"),
            "close help",
        ),
        bind(m, Help, &[ch('?')], None, "close help"),
        bind(
            m,
            Down,
            &[ch('j'), plain(KeyCode::Down)],
            None,
            "scroll down",
        ),
        bind(m, Up, &[ch('k'), plain(KeyCode::Up)], None, "scroll up"),
    ]
}

fn login() -> Vec<Binding> {
    use Action::{Quit, Submit};
    let m = Mode::Login;
    vec![
        bind(
            m,
            Submit,
            &[plain(KeyCode::Enter)],
            Some("log in"),
            "log in",
        ),
        bind(m, Quit, &[plain(KeyCode::Esc)], Some("quit"), "quit"),
    ]
}

fn draft() -> Vec<Binding> {
    use Action::{Back, DiscardDraft, RestoreDraft};
    let m = Mode::Draft;
    vec![
        bind(
            m,
            RestoreDraft,
            &[ch('y')],
            Some("restore"),
            "reopen the form with the draft's values",
        ),
        bind(
            m,
            DiscardDraft,
            &[ch('n')],
            Some("discard"),
            "throw the draft away",
        ),
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc)],
            Some("later"),
            "keep the draft for the next start",
        ),
    ]
}

fn bulk() -> Vec<Binding> {
    use Action::{Back, Down, Refresh, Submit, Up};
    let m = Mode::Bulk;
    vec![
        bind(
            m,
            Down,
            &[ch('j'), plain(KeyCode::Down)],
            None,
            "next status",
        ),
        bind(
            m,
            Up,
            &[ch('k'), plain(KeyCode::Up)],
            None,
            "previous status",
        ),
        bind(
            m,
            Submit,
            &[CTRL_S, plain(KeyCode::Enter)],
            Some("complete all"),
            "complete every marked job with the chosen status",
        ),
        bind(
            m,
            Refresh,
            &[ch('r')],
            Some("retry failed"),
            "send the failed jobs again",
        ),
        bind(
            m,
            Back,
            &[plain(KeyCode::Esc)],
            Some("leave"),
            "leave (once every answer is in)",
        ),
    ]
}

/// The whole default table.
pub(super) fn default_bindings() -> Vec<Binding> {
    let mut table = list();
    table.extend(filter());
    table.extend(detail());
    table.extend(form());
    table.extend(bulk());
    table.extend(help());
    table.extend(login());
    table.extend(draft());
    table.extend(outbox());
    table
}
