//! The real event loop driven by scripted keys against a test screen, with effects answered
//! in-process; and the bytes the real terminal writer produces.
use crate::tui_support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use crmjobs::app::{Command, Msg};
use crmjobs::runtime::terminal::TerminalScreen;
use crmjobs::runtime::{Effects, Screen};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc;
use tui_support::{Recorder, job, loaded_app};

/// Answers at once, as a server with 120 jobs per state would.
struct Instant;

impl Effects for Instant {
    fn run(&self, command: Command, reply: mpsc::UnboundedSender<Msg>) {
        let msg = match command {
            Command::Login { id, .. } => Msg::LoggedIn { id, result: Ok(()) },
            Command::FetchJobs { id, state, page } => {
                let base = 1 + 1000
                    * crmjobs::api::model::LifeCycleState::ALL
                        .iter()
                        .position(|s| *s == state)
                        .expect("test setup");
                let start = page.offset as usize;
                let jobs = (start..120.min(start + page.size as usize))
                    .map(|i| job(base + i, state))
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
        reply.send(msg).expect("test setup");
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

#[tokio::test]
async fn a_burst_of_keys_draws_at_most_twice() {
    let screen = Recorder::new(80, 24);
    let (keys, input) = mpsc::unbounded_channel();
    let app = tui_support::new_app(tui_support::session(), Some("pw"), (80, 24));
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &Instant, std::future::pending()).await
    });
    screen.wait_for("JB00001").await;
    let before = *screen.frames.borrow();
    for _ in 0..30 {
        keys.send(Ok(key('j'))).expect("test setup");
    }
    screen.wait_for(" JB00031 · Pending").await;
    let drawn = *screen.frames.borrow() - before;
    assert!(
        (1..=2).contains(&drawn),
        "{drawn} frames for a burst of 30 keys"
    );
    keys.send(Ok(key('q'))).expect("test setup");
    let app = task.await.expect("test setup").expect("test setup");
    assert!(app.should_quit());
    assert_eq!(app.selected().expect("test setup").number, "JB00031");
}

#[tokio::test]
async fn input_that_ends_stops_the_loop() {
    let mut screen = Recorder::new(80, 24);
    let (keys, input) = mpsc::unbounded_channel();
    drop(keys);
    let app = tui_support::new_app(tui_support::session(), None, (80, 24));
    let app = crmjobs::runtime::run(app, &mut screen, input, &Instant, std::future::pending())
        .await
        .expect("test setup");
    assert!(app.should_quit());
}

/// Collects what the terminal writer writes, counting the writes.
#[derive(Clone, Default)]
struct Wire {
    bytes: Arc<Mutex<Vec<u8>>>,
    writes: Arc<Mutex<usize>>,
}

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes
            .lock()
            .expect("test setup")
            .extend_from_slice(buf);
        *self.writes.lock().expect("test setup") += 1;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Wire {
    fn take(&self) -> (Vec<u8>, usize) {
        let bytes = std::mem::take(&mut *self.bytes.lock().expect("test setup"));
        let writes = std::mem::take(&mut *self.writes.lock().expect("test setup"));
        (bytes, writes)
    }
}

#[test]
fn a_one_row_move_at_200x50_writes_one_small_synchronized_frame() {
    let wire = Wire::default();
    let mut app = loaded_app((200, 50), 120);
    let mut screen = TerminalScreen::new(wire.clone(), (200, 50)).expect("test setup");
    screen.draw(&app).expect("test setup");
    let (first, writes) = wire.take();
    assert_eq!(writes, 1, "one write per frame");
    assert!(first.len() > 2000, "the first frame draws everything");
    let _ = app.update(Msg::Action(crmjobs::app::keymap::Action::Down));
    screen.draw(&app).expect("test setup");
    let (moved, writes) = wire.take();
    assert_eq!(writes, 1, "one write per frame");
    assert!(
        moved.starts_with(b"\x1b[?2026h"),
        "frame opens synchronized output"
    );
    assert!(
        moved.ends_with(b"\x1b[?2026l"),
        "frame closes synchronized output"
    );
    assert!(
        moved.len() <= 500,
        "{} bytes for a one-row move: {}",
        moved.len(),
        String::from_utf8_lossy(&moved).escape_debug()
    );
}
