//! Runs the real binary in a pseudo-terminal and reads its screen through a vt100 parser:
//! wait on what the screen shows, never on the clock (the deadline is only a failsafe).

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Screen size of every run.
pub const ROWS: u16 = 30;
/// Screen size of every run.
pub const COLS: u16 = 100;

struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
    closed: bool,
}

/// The binary in a pty.
pub struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    keys: Box<dyn Write + Send>,
    shared: Arc<(Mutex<Output>, Condvar)>,
    reading: Option<std::thread::JoinHandle<()>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts `command` (the environment is already set on it).
    pub fn spawn(command: CommandBuilder) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let child = pty.slave.spawn_command(command).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let keys = pty.master.take_writer().expect("writer");
        let shared = Arc::new((
            Mutex::new(Output {
                parser: vt100::Parser::new(
                    ROWS.try_into().expect("rows"),
                    COLS.try_into().expect("cols"),
                    0,
                ),
                raw: Vec::new(),
                closed: false,
            }),
            Condvar::new(),
        ));
        let feed = Arc::clone(&shared);
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let (lock, changed) = &*feed;
                let mut out = lock.lock().expect("screen");
                out.parser.process(&buf[..n]);
                out.raw.extend_from_slice(&buf[..n]);
                changed.notify_all();
            }
            let (lock, changed) = &*feed;
            lock.lock().expect("screen").closed = true;
            changed.notify_all();
        });
        Self {
            child,
            keys,
            shared,
            reading: Some(reading),
            _master: pty.master,
        }
    }

    /// Waits until the screen contains `needle`.
    pub fn wait_text(&self, needle: &str) {
        self.wait(needle, |screen, _| screen.contains(needle));
    }

    /// Waits until the screen no longer contains `needle`.
    pub fn wait_gone(&self, needle: &str) {
        self.wait(needle, |screen, _| !screen.contains(needle));
    }

    /// Waits until everything written so far (raw, without escapes handled) contains `needle`.
    pub fn wait_output(&self, needle: &str) {
        self.wait(needle, |_, raw| raw.contains(needle));
    }

    fn wait(&self, what: &str, done: impl Fn(&str, &str) -> bool) {
        let (lock, changed) = &*self.shared;
        let mut out = lock.lock().expect("screen");
        let mut waited = Duration::ZERO;
        loop {
            let screen = out.parser.screen().contents();
            let raw = String::from_utf8_lossy(&out.raw).into_owned();
            if done(&screen, &raw) {
                return;
            }
            assert!(
                !out.closed,
                "the program ended before {what}:\n{screen}\n{raw}"
            );
            assert!(
                waited < Duration::from_secs(180),
                "still waiting for {what}:\n{screen}"
            );
            let step = Duration::from_millis(200);
            out = changed.wait_timeout(out, step).expect("screen").0;
            waited += step;
        }
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.shared
            .0
            .lock()
            .expect("screen")
            .parser
            .screen()
            .contents()
    }

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).expect("keys");
    }

    /// Waits for the exit; returns its code. Kills the program if it hangs (a failsafe, as
    /// in `wait`).
    pub fn wait_exit(mut self) -> u32 {
        let mut waited = Duration::ZERO;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if waited > Duration::from_secs(180) {
                let _ = self.child.kill();
                panic!("the program did not exit:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(100));
            waited += Duration::from_millis(100);
        };
        if let Some(reading) = self.reading.take() {
            reading.join().expect("reader");
        }
        status.exit_code()
    }
}
