//! Exact byte and frame counts of the budgets at 200x50: what a one-row move, a scroll by
//! one row, a tab switch and a full repaint write; nothing for an unchanged frame; one write
//! per frame; a burst of 200 queued keys drawn at most twice. The figures are printed
//! (`--nocapture`) for the README's Performance table.
use crate::tui_support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use crmjobs::runtime::terminal::TerminalScreen;
use crmjobs::runtime::{Effects, Screen};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;
use tui_support::loaded_app;

const SIZE: (u16, u16) = (200, 50);
const BEGIN: &[u8] = b"\x1b[?2026h";
const END: &[u8] = b"\x1b[?2026l";

/// What the terminal writer receives: the bytes and how many `write` calls brought them.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<(Vec<u8>, usize)>>);

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut wire = self.0.lock().expect("not poisoned");
        wire.0.extend_from_slice(buf);
        wire.1 += 1;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Wire {
    /// The bytes and write calls since the last take.
    fn take(&self) -> (Vec<u8>, usize) {
        std::mem::take(&mut *self.0.lock().expect("not poisoned"))
    }
}

/// A loaded app (120 jobs per tab) on a real terminal writer, its first frame drawn.
fn screen() -> (App, TerminalScreen<Wire>, Wire) {
    let app = loaded_app(SIZE, 120);
    let wire = Wire::default();
    let mut screen = TerminalScreen::new(wire.clone(), SIZE).expect("a screen");
    screen.draw(&app).expect("first frame");
    (app, screen, wire)
}

/// Applies `action`, draws, and returns the frame, checking it is one synchronized write.
fn frame_after(
    app: &mut App,
    screen: &mut TerminalScreen<Wire>,
    wire: &Wire,
    action: Action,
) -> Vec<u8> {
    let _ = wire.take();
    let _ = app.update(Msg::Action(action));
    screen.draw(app).expect("a frame");
    let (bytes, writes) = wire.take();
    assert_eq!(writes, 1, "one write per frame");
    assert!(
        bytes.starts_with(BEGIN) && bytes.ends_with(END),
        "synchronized"
    );
    bytes
}

fn show(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

#[test]
fn a_full_repaint_at_200x50_is_one_synchronized_write() {
    let app = loaded_app(SIZE, 120);
    let wire = Wire::default();
    let mut screen = TerminalScreen::new(wire.clone(), SIZE).expect("a screen");
    screen.draw(&app).expect("first frame");
    let (bytes, writes) = wire.take();
    println!("full repaint at 200x50: {} bytes", bytes.len());
    assert_eq!(writes, 1, "one write per frame");
    assert!(bytes.starts_with(BEGIN) && bytes.ends_with(END));
    // 10,000 cells: most are written once; styles and moves add to that, blank runs save.
    assert!(
        (6_000..=14_000).contains(&bytes.len()),
        "{} bytes for a full repaint",
        bytes.len()
    );
}

#[test]
fn an_unchanged_frame_writes_nothing() {
    let (app, mut screen, wire) = screen();
    let _ = wire.take();
    screen.draw(&app).expect("a frame");
    assert_eq!(wire.take(), (Vec::new(), 0), "no bytes, no write");
}

#[test]
fn a_one_row_move_rewrites_two_rows_and_the_detail() {
    let (mut app, mut screen, wire) = screen();
    let moved = frame_after(&mut app, &mut screen, &wire, Action::Down);
    println!("one-row move at 200x50: {} bytes", moved.len());
    assert!(
        moved.len() <= 500,
        "{} bytes: {}",
        moved.len(),
        show(&moved)
    );
    // Moving back is the same work the other way.
    let back = frame_after(&mut app, &mut screen, &wire, Action::Up);
    assert!(back.len() <= 500, "{} bytes: {}", back.len(), show(&back));
}

#[test]
fn a_scroll_by_one_row_lets_the_terminal_move_the_rows() {
    let (mut app, mut screen, wire) = screen();
    let rows = crmjobs::ui::layout::list_rows(SIZE);
    for _ in 1..rows {
        let _ = app.update(Msg::Action(Action::Down));
    }
    screen.draw(&app).expect("cursor on the last shown row");
    let scrolled = frame_after(&mut app, &mut screen, &wire, Action::Down);
    assert_eq!(app.tab().offset(), 1, "the list scrolled by one row");
    println!("scroll by one row at 200x50: {} bytes", scrolled.len());
    // The terminal moves the rows (a scroll region); the new row, the two highlight rows and
    // what changed in the detail pane are written. Redrawing every row takes 5,597 bytes.
    assert!(
        scrolled.starts_with(b"\x1b[?2026h\x1b[4;48r\x1b[1S\x1b[r"),
        "a scroll region: {}",
        show(&scrolled)
    );
    assert!(
        scrolled.len() <= 900,
        "{} bytes: {}",
        scrolled.len(),
        show(&scrolled)
    );
}

#[test]
fn a_tab_switch_rewrites_the_list_but_not_the_frame_around_it() {
    let (mut app, mut screen, wire) = screen();
    let switched = frame_after(&mut app, &mut screen, &wire, Action::NextTab);
    println!("tab switch at 200x50: {} bytes", switched.len());
    assert!(
        switched.len() <= 7_000,
        "{} bytes: {}",
        switched.len(),
        show(&switched)
    );
}

/// Answers logins and pages at once, as a server with 120 jobs per state would.
struct Instant;

impl Effects for Instant {
    fn run(&self, command: Command, reply: mpsc::UnboundedSender<Msg>) {
        let msg = match command {
            Command::Login { id, .. } => Msg::LoggedIn { id, result: Ok(()) },
            Command::FetchJobs { id, state, page } => {
                let start = usize::try_from(page.offset).expect("fixture");
                let end = 120.min(start + usize::try_from(page.size).expect("fixture"));
                let tab = LifeCycleState::ALL.iter().position(|s| *s == state);
                let base = 1 + 1000 * tab.expect("a known state");
                let jobs = (start..end)
                    .map(|i| tui_support::job(base + i, state))
                    .collect();
                Msg::Jobs {
                    id,
                    state,
                    page,
                    result: Ok(jobs),
                }
            }
            other => panic!("not answered here: {other:?}"),
        };
        reply.send(msg).expect("the loop listens");
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// Lets the loop run until it waits again (the test runtime has one thread, so the loop
/// only runs while this task yields).
async fn settle() {
    for _ in 0..100 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_burst_of_200_queued_keys_draws_once() {
    let wire = Wire::default();
    let mut screen = TerminalScreen::new(wire.clone(), SIZE).expect("a screen");
    let (keys, input) = mpsc::unbounded_channel();
    let app = tui_support::new_app(tui_support::session(), Some("pw"), SIZE);
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut screen, input, &Instant, std::future::pending()).await
    });
    settle().await;
    let (loaded, _) = wire.take();
    assert!(
        loaded.windows(7).any(|w| w == b"JB00001"),
        "logged in and loaded"
    );
    for _ in 0..200 {
        keys.send(Ok(key('j'))).expect("the loop listens");
    }
    settle().await;
    let (_, frames) = wire.take();
    println!("frames for a burst of 200 keys: {frames}");
    assert!((1..=2).contains(&frames), "{frames} frames for 200 keys");
    keys.send(Ok(key('q'))).expect("the loop listens");
    let app = task.await.expect("no panic").expect("no terminal error");
    // Keys are handled before the page answers queued behind them: the cursor stops on the
    // last row loaded when the burst came.
    assert_eq!(app.tab().cursor(), 49, "every key was handled");
}

/// The whole screen as the app renders it at `size`.
fn rendered(app: &App, size: (u16, u16)) -> ratatui::buffer::Buffer {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1))
        .expect("a terminal");
    terminal
        .draw(|frame| crmjobs::ui::render(app, frame))
        .expect("drawn");
    terminal.backend().buffer().clone()
}

/// The bytes the crossterm backend writes to bring `from` to `to`.
fn diff_bytes(from: &ratatui::buffer::Buffer, to: &ratatui::buffer::Buffer) -> usize {
    use ratatui::backend::Backend;
    let wire = Wire::default();
    let mut backend = ratatui::backend::CrosstermBackend::new(wire.clone());
    backend.draw(from.diff(to).into_iter()).expect("in memory");
    wire.take().0.len()
}

/// `buffer` as the terminal shows it after its rows `top..bottom` scrolled up by one
/// (CSI top;bottom r, CSI 1 S, CSI r): whole lines move, the last one comes blank.
fn scrolled_up(buffer: &ratatui::buffer::Buffer, top: u16, bottom: u16) -> ratatui::buffer::Buffer {
    let mut shifted = buffer.clone();
    let width = buffer.area.width;
    for y in top..bottom {
        for x in 0..width {
            let cell = if y + 1 < bottom {
                buffer[(x, y + 1)].clone()
            } else {
                ratatui::buffer::Cell::default()
            };
            shifted[(x, y)] = cell;
        }
    }
    shifted
}

/// What a scroll region would save on a one-row scroll at `size`: the plain diff against
/// the scrolled-then-diffed bytes (the CSI sequences counted).
fn scroll_region_saving(size: (u16, u16)) -> (usize, usize) {
    let mut app = loaded_app(size, 120);
    let rows = crmjobs::ui::layout::list_rows(size);
    for _ in 1..rows {
        let _ = app.update(Msg::Action(Action::Down));
    }
    let before = rendered(&app, size);
    let _ = app.update(Msg::Action(Action::Down));
    assert_eq!(app.tab().offset(), 1, "scrolled by one row");
    let after = rendered(&app, size);
    let list = crmjobs::ui::layout::areas(ratatui::layout::Rect::new(0, 0, size.0, size.1)).list;
    let (top, bottom) = (list.y + 1, list.y + list.height);
    let region = format!("\x1b[{};{}r\x1b[1S\x1b[r", top + 1, bottom).len();
    let plain = diff_bytes(&before, &after);
    let with_region = region + diff_bytes(&scrolled_up(&before, top, bottom), &after);
    (plain, with_region)
}

/// Measures (does not assert a preference): a terminal scroll region helps only where the
/// list has whole lines to itself. At 200x50 the detail pane sits beside the list, so
/// scrolled lines carry the pane along and it must be redrawn; below 140 columns the pane
/// is under the list and the saving is real. See README, Performance.
#[test]
fn what_a_scroll_region_would_save() {
    for size in [(200, 50), (120, 40)] {
        let (plain, with_region) = scroll_region_saving(size);
        println!(
            "scroll by one row at {}x{}: {plain} bytes as drawn, {with_region} with a scroll region",
            size.0, size.1
        );
        assert!(plain > 0 && with_region > 0);
    }
}

/// The text of each line of a rendered buffer.
fn buffer_lines(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// The text of each line of what a terminal emulator shows.
fn terminal_lines(parser: &vt100::Parser) -> Vec<String> {
    let (_, width) = parser.screen().size();
    parser
        .screen()
        .rows(0, width.get())
        .map(|row| row.trim_end().to_owned())
        .collect()
}

#[test]
fn scrolling_in_place_shows_exactly_what_was_rendered() {
    for size in [(200, 50), (100, 30)] {
        let mut app = loaded_app(size, 120);
        let wire = Wire::default();
        let mut screen = TerminalScreen::new(wire.clone(), size).expect("a screen");
        let mut parser = vt100::Parser::new(
            size.1.try_into().expect("rows"),
            size.0.try_into().expect("columns"),
            0,
        );
        let script = [(Action::Down, 70), (Action::Up, 70), (Action::PageDown, 2)]
            .into_iter()
            .chain([(Action::Down, 3), (Action::NextTab, 1), (Action::Down, 50)]);
        let mut scrolls = 0;
        for (action, times) in script {
            for _ in 0..times {
                let _ = app.update(Msg::Action(action));
                screen.draw(&app).expect("a frame");
                let (bytes, _) = wire.take();
                scrolls +=
                    usize::from(bytes.windows(4).any(|w| w == b"\x1b[1S" || w == b"\x1b[1T"));
                parser.process(&bytes);
                assert_eq!(
                    terminal_lines(&parser),
                    buffer_lines(&rendered(&app, size)),
                    "after {action:?} at {size:?}"
                );
            }
        }
        assert!(
            scrolls >= 10,
            "{scrolls} frames scrolled in place at {size:?}"
        );
    }
}
