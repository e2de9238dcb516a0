//! Exact byte and frame counts of design.md §4 at 200x50: what a one-row move, a scroll by
//! one row, a tab switch and a full repaint write; nothing for an unchanged frame; one write
//! per frame; a burst of 200 queued keys drawn at most twice. The figures are printed
//! (`--nocapture`) for the README's Performance table.
#[expect(dead_code, reason = "only the fixtures are used here")]
mod tui_support;

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
fn a_scroll_by_one_row_stays_within_a_screenful_of_the_list() {
    let (mut app, mut screen, wire) = screen();
    let rows = crmjobs::ui::layout::list_rows(SIZE);
    for _ in 1..rows {
        let _ = app.update(Msg::Action(Action::Down));
    }
    screen.draw(&app).expect("cursor on the last shown row");
    let scrolled = frame_after(&mut app, &mut screen, &wire, Action::Down);
    assert_eq!(app.tab().offset(), 1, "the list scrolled by one row");
    println!("scroll by one row at 200x50: {} bytes", scrolled.len());
    // Every shown row changes (and the detail pane beside); the header, tabs and footer do not.
    assert!(
        scrolled.len() <= 6_000,
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
    let app = App::new(tui_support::session(), Some("pw".to_owned().into()), SIZE);
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
