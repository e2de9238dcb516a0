//! Power features through the real event loop against the stand-in over HTTP: the OSC 52
//! escape `y` writes on the terminal (plain and wrapped for tmux), the auto-refresh timer,
//! and mouse events. Every wait is on a condition (bytes written, a frame, a request
//! counted), never on time.
use crate::tui_support;

use std::io;
use std::sync::{Arc, Mutex};

use base64::Engine;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::{App, Command, Msg};
use crmjobs::runtime::Effects;
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::runtime::terminal::TerminalScreen;
use crmjobs::standin::DEMO_PASSWORD;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tokio::sync::{mpsc, watch};
use tui_support::Recorder;
use tui_support::http::{client, session, standin};

/// What the terminal writer was given, with a signal on every write.
#[derive(Clone)]
struct Wire {
    bytes: Arc<Mutex<Vec<u8>>>,
    writes: Arc<watch::Sender<usize>>,
}

impl Wire {
    fn new() -> Self {
        Self {
            bytes: Arc::default(),
            writes: Arc::new(watch::channel(0).0),
        }
    }

    fn contains(&self, needle: &[u8]) -> bool {
        let bytes = self.bytes.lock().expect("not poisoned");
        bytes.windows(needle.len()).any(|w| w == needle)
    }

    /// The bytes after the last `needle`.
    fn after(&self, needle: &[u8]) -> Vec<u8> {
        let bytes = self.bytes.lock().expect("not poisoned");
        let at = bytes
            .windows(needle.len())
            .rposition(|w| w == needle)
            .expect("written");
        bytes[at + needle.len()..].to_vec()
    }

    async fn wait_for(&self, needle: &[u8]) {
        let mut writes = self.writes.subscribe();
        while !self.contains(needle) {
            writes.changed().await.expect("the loop writes");
        }
    }
}

impl io::Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes
            .lock()
            .expect("not poisoned")
            .extend_from_slice(buf);
        self.writes.send_modify(|n| *n += 1);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

async fn copy_through_the_loop(tmux: bool) -> (Wire, App) {
    let server = standin().await;
    let wire = Wire::new();
    let mut screen = TerminalScreen::new(wire.clone(), (100, 30))
        .expect("a screen")
        .with_tmux(tmux);
    let (keys, input) = mpsc::unbounded_channel();
    let app = tui_support::new_app(session(&server), Some(DEMO_PASSWORD), (100, 30));
    let effects = ClientEffects::new(client(&server));
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut screen, input, &effects, std::future::pending()).await
    });
    wire.wait_for(b"online").await;
    wire.wait_for(b"JB0").await;
    keys.send(Ok(key('y'))).expect("the loop runs");
    let start: &[u8] = if tmux {
        b"\x1bPtmux;\x1b\x1b]52;c;"
    } else {
        b"\x1b]52;c;"
    };
    wire.wait_for(start).await;
    keys.send(Ok(key('q'))).expect("the loop runs");
    let app = task.await.expect("the task").expect("a clean end");
    let notice = format!("{:?}", app.notice);
    assert!(notice.contains("copied JB"), "{notice}");
    (wire, app)
}

fn copied(wire: &Wire, start: &[u8]) -> String {
    let rest = wire.after(start);
    let end = rest.iter().position(|b| *b == 0x07).expect("BEL ends it");
    let text = base64::engine::general_purpose::STANDARD
        .decode(&rest[..end])
        .expect("base64");
    String::from_utf8(text).expect("utf-8")
}

#[tokio::test]
async fn y_writes_the_osc52_escape_with_the_job_number() {
    let (wire, app) = copy_through_the_loop(false).await;
    let number = app.selected().expect("a job").number.clone();
    assert_eq!(copied(&wire, b"\x1b]52;c;"), number);
    assert!(!app.is_busy(), "the copy is not waited for");
}

#[tokio::test]
async fn inside_tmux_the_escape_is_wrapped_in_the_passthrough() {
    let (wire, app) = copy_through_the_loop(true).await;
    let number = app.selected().expect("a job").number.clone();
    assert_eq!(copied(&wire, b"\x1bPtmux;\x1b\x1b]52;c;"), number);
    let rest = wire.after(b"\x1bPtmux;");
    let end = rest.iter().position(|b| *b == 0x07).expect("BEL");
    assert_eq!(
        &rest[end + 1..end + 3],
        b"\x1b\\",
        "the passthrough is closed"
    );
}

/// Client effects that count the job pages asked per state.
struct Counting {
    inner: ClientEffects,
    pages: Arc<watch::Sender<Vec<LifeCycleState>>>,
}

impl Effects for Counting {
    fn run(&self, command: Command, reply: mpsc::UnboundedSender<Msg>) {
        if let Command::FetchJobs { state, .. } = &command {
            self.pages.send_modify(|p| p.push(*state));
        }
        self.inner.run(command, reply);
    }
}

#[tokio::test]
async fn auto_refresh_reloads_the_shown_tab_in_the_background_keeping_the_cursor() {
    let server = standin().await;
    let pages = Arc::new(watch::channel(Vec::new()).0);
    let effects = Counting {
        inner: ClientEffects::new(client(&server)),
        pages: pages.clone(),
    };
    let screen = Recorder::new(100, 30);
    let (keys, input) = mpsc::unbounded_channel();
    let mut app = tui_support::new_app(session(&server), Some(DEMO_PASSWORD), (100, 30));
    app.auto_refresh = Some(std::time::Duration::from_millis(40));
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &effects, std::future::pending()).await
    });
    screen.wait_for("● online").await;
    screen.wait_for("JB0").await;
    keys.send(Ok(key('j'))).expect("runs");
    keys.send(Ok(key('j'))).expect("runs");
    let pending =
        |p: &Vec<LifeCycleState>| p.iter().filter(|s| **s == LifeCycleState::Pending).count();
    let mut counted = pages.subscribe();
    // The first load, then at least two refreshes the timer asked for.
    counted
        .wait_for(|p| pending(p) >= 3)
        .await
        .expect("the loop runs");
    let other = pages
        .borrow()
        .iter()
        .filter(|s| **s != LifeCycleState::Pending)
        .count();
    assert_eq!(
        other, 4,
        "only the shown tab is refreshed (the others loaded once)"
    );
    keys.send(Ok(key('q'))).expect("runs");
    let app = task.await.expect("task").expect("clean end");
    assert_eq!(app.tab().cursor(), 2, "the cursor stayed on the third job");
}

#[tokio::test]
async fn a_click_selects_the_row_under_the_mouse() {
    let server = standin().await;
    let screen = Recorder::new(100, 30);
    let (keys, input) = mpsc::unbounded_channel();
    let app = tui_support::new_app(session(&server), Some(DEMO_PASSWORD), (100, 30));
    let effects = ClientEffects::new(client(&server));
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &effects, std::future::pending()).await
    });
    screen.wait_for("JB0").await;
    let row = |kind| {
        Ok(Event::Mouse(MouseEvent {
            kind,
            column: 20,
            row: 7,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // A move is ignored; the click on screen row 7 selects the fifth job (rows start at 3).
    keys.send(row(MouseEventKind::Moved)).expect("runs");
    keys.send(row(MouseEventKind::Down(MouseButton::Left)))
        .expect("runs");
    let text = screen.text();
    let line = text.lines().nth(7).expect("row 7");
    let at = line.find("JB").expect("a job on row 7");
    let fifth = line[at..at + 7].to_owned();
    screen.wait_for(&format!(" {fifth} · Pending")).await;
    keys.send(Ok(key('q'))).expect("runs");
    let app = task.await.expect("task").expect("clean end");
    assert_eq!(app.tab().cursor(), 4);
}
