//! End to end: the real binary with `--demo` in a pseudo-terminal, read through a vt100
//! parser. Completes a job from launch, quits, and checks the terminal was restored.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// What the program wrote: the parsed screen and every raw byte.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    closed: bool,
}

/// The screen, shared with the thread that reads the pty.
#[derive(Clone)]
struct Shared(Arc<(Mutex<Output>, Condvar)>);

impl Shared {
    fn new() -> Self {
        Self(Arc::new((
            Mutex::new(Output {
                parser: vt100::Parser::new(
                    ROWS.try_into().expect("e2e"),
                    COLS.try_into().expect("e2e"),
                    0,
                ),
                raw: Vec::new(),
                closed: false,
            }),
            Condvar::new(),
        )))
    }

    fn feed(&self, bytes: &[u8]) {
        let (lock, changed) = &*self.0;
        let mut out = lock.lock().expect("e2e");
        out.parser.process(bytes);
        out.raw.extend_from_slice(bytes);
        changed.notify_all();
    }

    fn close(&self) {
        let (lock, changed) = &*self.0;
        lock.lock().expect("e2e").closed = true;
        changed.notify_all();
    }

    /// Waits until the screen satisfies `done`. The deadline is only a failsafe against a
    /// hang; it never decides a result on a healthy run.
    fn wait(&self, what: &str, done: impl Fn(&Output) -> bool) {
        let (lock, changed) = &*self.0;
        let mut out = lock.lock().expect("e2e");
        let mut waited = Duration::ZERO;
        while !done(&out) {
            assert!(
                !out.closed || done(&out),
                "the program ended before {what}:\n{}",
                out.parser.screen().contents()
            );
            assert!(
                waited < Duration::from_secs(180),
                "still waiting for {what}:\n{}",
                out.parser.screen().contents()
            );
            let step = Duration::from_millis(200);
            out = changed.wait_timeout(out, step).expect("e2e").0;
            waited += step;
        }
    }

    fn wait_text(&self, needle: &str) {
        self.wait(needle, |out| {
            out.parser.screen().contents().contains(needle)
        });
    }

    fn screen(&self) -> String {
        self.0.0.lock().expect("e2e").parser.screen().contents()
    }
}

fn stty(tty: &Path) -> String {
    let output = Command::new("stty")
        .arg("-a")
        .stdin(std::fs::File::open(tty).expect("e2e"))
        .output()
        .expect("e2e");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The settings raw mode changes; the rest (speed, rows) may legitimately differ.
fn modes(stty: &str) -> Vec<String> {
    stty.split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| {
            ["icanon", "echo", "isig", "icrnl", "opost", "ixon", "iexten"]
                .contains(&w.trim_start_matches('-'))
        })
        .map(str::to_owned)
        .collect()
}

/// The binary running `--demo` in a pseudo-terminal.
struct Demo {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    keys: Box<dyn Write + Send>,
    shared: Shared,
    reading: std::thread::JoinHandle<()>,
    tty: std::path::PathBuf,
    cooked: Vec<String>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Demo {
    fn start() -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("e2e");
        let tty = pty.master.tty_name().expect("the pty has a name");
        let cooked = modes(&stty(&tty));
        assert!(
            cooked.iter().any(|m| m == "icanon"),
            "cooked to start with: {cooked:?}"
        );
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
        command.arg("--demo");
        command.env("TERM", "xterm-256color");
        command.env("NO_COLOR", "1");
        let child = pty.slave.spawn_command(command).expect("e2e");
        // Only the child holds the terminal side now, so its exit ends the output.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("e2e");
        let keys = pty.master.take_writer().expect("e2e");
        let shared = Shared::new();
        let feed = shared.clone();
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.feed(&buf[..n]);
            }
            feed.close();
        });
        shared.wait("the demo marker", |out| {
            let screen = out.parser.screen();
            screen.alternate_screen() && screen.contents().contains("DEMO")
        });
        shared.wait_text("online");
        Self {
            child,
            keys,
            shared,
            reading,
            tty,
            cooked,
            _master: pty.master,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).expect("e2e");
    }

    /// Waits for the exit and checks the terminal is as it was before the program.
    fn assert_exits_restored(mut self) {
        let status = self.child.wait().expect("e2e");
        assert!(status.success(), "exit status {status:?}");
        self.shared.wait("the pty to close", |out| out.closed);
        self.reading.join().expect("e2e");
        let out = self.shared.0.0.lock().expect("e2e");
        let screen = out.parser.screen();
        assert!(!screen.alternate_screen(), "the alternate screen was left");
        assert!(!screen.hide_cursor(), "the cursor is shown again");
        let raw = String::from_utf8_lossy(&out.raw);
        let entered = raw
            .rfind("\x1b[?1049h")
            .expect("entered the alternate screen");
        let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(left > entered);
        // The mouse is on by default: captured on the way in, released on the way out.
        let captured = raw.rfind("\x1b[?1000h").expect("the mouse was captured");
        let released = raw.rfind("\x1b[?1000l").expect("the mouse was released");
        assert!(released > captured, "mouse capture is off again");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "no mouse reporting left on"
        );
        drop(out);
        assert_eq!(
            modes(&stty(&self.tty)),
            self.cooked,
            "raw mode is off again"
        );
    }
}

#[test]
fn demo_completes_a_job_and_restores_the_terminal() {
    let mut demo = Demo::start();
    // The In progress tab, filtered to field repairs (generic jobs: only a status to pick).
    demo.send(b"2");
    demo.shared.wait_text("JB");
    demo.send(b"/Field repair\r");
    demo.shared.wait_text("of");
    demo.send(b"c");
    demo.shared.wait_text("Status");
    demo.send(b"\x13"); // Ctrl-s
    demo.shared.wait_text("is now Completed");
    let screen = demo.shared.screen();
    assert!(screen.contains("Completed"), "{screen}");
    demo.send(b"q");
    demo.assert_exits_restored();
}

#[test]
fn a_hangup_restores_the_terminal() {
    let demo = Demo::start();
    // SIGHUP, as when the SSH session that ran it closes.
    demo.child.clone_killer().kill().expect("e2e");
    demo.assert_exits_restored();
}

#[test]
fn a_click_on_a_tab_switches_to_it_in_the_real_terminal() {
    let mut demo = Demo::start();
    let screen = demo.shared.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("In progress"))
        .expect("the tabs line");
    let byte = line.find("In progress").expect("the tab");
    let column = line[..byte].chars().count() + 3;
    // An SGR mouse report (1-based): left button pressed, then released.
    let at = format!("{};{}", column + 1, row + 1);
    demo.send(format!("\x1b[<0;{at}M\x1b[<0;{at}m").as_bytes());
    demo.shared.wait_text("· In progress");
    demo.send(b"q");
    demo.assert_exits_restored();
}
