//! The real binary in a pseudo-terminal for the end-to-end journeys (demo, exits, hang-ups,
//! secrets, drafts, profiles): the parsed screen and every raw byte, waits on what the screen
//! shows (never on the clock; the bound only stops a hung test), the tty's `stty -g` before
//! and after, the process's CPU ticks from /proc, and a way to close the terminal side for
//! real.
#![cfg(target_os = "linux")]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub const ROWS: u16 = 30;
pub const COLS: u16 = 100;

/// A generous bound on a hang, never a timing assertion: a healthy exit takes a fraction.
pub const HANG_BOUND: Duration = Duration::from_secs(10);

/// What the program wrote: the parsed screen and every raw byte.
pub struct Output {
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    pub closed: bool,
}

/// The screen, shared with the thread that reads the pty.
#[derive(Clone)]
pub struct Shared(Arc<(Mutex<Output>, Condvar)>);

impl Shared {
    fn new() -> Self {
        Self(Arc::new((
            Mutex::new(Output {
                parser: vt100::Parser::new(
                    ROWS.try_into().expect("pty"),
                    COLS.try_into().expect("pty"),
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
        let mut out = lock.lock().expect("pty");
        out.parser.process(bytes);
        out.raw.extend_from_slice(bytes);
        changed.notify_all();
    }

    fn close(&self) {
        let (lock, changed) = &*self.0;
        lock.lock().expect("pty").closed = true;
        changed.notify_all();
    }

    /// Waits until the output satisfies `done`; the bound only stops a hung test.
    pub fn wait(&self, what: &str, done: impl Fn(&Output) -> bool) {
        let (lock, changed) = &*self.0;
        let mut out = lock.lock().expect("pty");
        let mut waited = Duration::ZERO;
        while !done(&out) {
            assert!(
                !out.closed,
                "the program ended before {what}:\n{}",
                out.parser.screen().contents()
            );
            assert!(
                waited < Duration::from_secs(180),
                "still waiting for {what}:\n{}",
                out.parser.screen().contents()
            );
            let step = Duration::from_millis(100);
            out = changed.wait_timeout(out, step).expect("pty").0;
            waited += step;
        }
    }

    pub fn wait_text(&self, needle: &str) {
        self.wait(needle, |out| {
            out.parser.screen().contents().contains(needle)
        });
    }

    pub fn screen(&self) -> String {
        self.0.0.lock().expect("pty").parser.screen().contents()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.0.0.lock().expect("pty").raw.clone()
    }
}

/// `stty -g` of the terminal at `tty`: every setting raw mode touches.
pub fn stty(tty: &Path) -> String {
    let output = std::process::Command::new("stty")
        .arg("-g")
        .stdin(std::fs::File::open(tty).expect("pty"))
        .output()
        .expect("pty");
    assert!(output.status.success(), "stty failed: {output:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// The process's state letter and its user+system CPU ticks, from /proc/PID/stat.
pub fn proc_stat(pid: u32) -> Option<(char, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some((state, utime + stime))
}

/// The binary in a pseudo-terminal.
pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    pub shared: Shared,
    pub tty: PathBuf,
    /// `stty -g` before the program started.
    pub before: String,
    keys: Option<Box<dyn Write + Send>>,
    reading: Option<JoinHandle<()>>,
    stop_reading: Arc<AtomicBool>,
    master: Option<Box<dyn MasterPty + Send>>,
}

/// How the process ended, and the CPU it used from the trigger to its exit.
#[derive(Debug)]
pub struct Exit {
    pub status: portable_pty::ExitStatus,
    pub ticks_after_trigger: u64,
}

impl Pty {
    /// Starts `command` (`TERM` and `NO_COLOR` set) in a fresh pseudo-terminal.
    pub fn spawn(mut command: CommandBuilder) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let tty = pty.master.tty_name().expect("the pty has a name");
        let before = stty(&tty);
        command.env("TERM", "xterm-256color");
        command.env("NO_COLOR", "1");
        let child = pty.slave.spawn_command(command).expect("pty");
        // Only the child holds the terminal side now, so its exit ends the output.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty");
        let keys = pty.master.take_writer().expect("pty");
        let shared = Shared::new();
        let feed = shared.clone();
        let stop_reading = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                feed.feed(&buf[..n]);
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
            feed.close();
        });
        Self {
            child,
            shared,
            tty,
            before,
            keys: Some(keys),
            reading: Some(reading),
            stop_reading,
            master: Some(pty.master),
        }
    }

    /// `crmjobs ARGS` with extra environment.
    pub fn crmjobs(args: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
        command.args(args);
        for (key, value) in env {
            command.env(key, value);
        }
        Self::spawn(command)
    }

    /// `crmjobs --demo`, waited for until it is logged in.
    pub fn demo() -> Self {
        Self::demo_via(CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs")))
    }

    /// The demo started through `command` (which must end up running the binary with
    /// `--demo`, e.g. a shell that `exec`s it), waited for until it is logged in.
    pub fn demo_via(mut command: CommandBuilder) -> Self {
        if command.get_argv().len() == 1 {
            command.arg("--demo");
        }
        let pty = Self::spawn(command);
        pty.shared.wait("the demo marker", |out| {
            let screen = out.parser.screen();
            screen.alternate_screen() && screen.contents().contains("DEMO")
        });
        pty.shared.wait_text("online");
        pty
    }

    /// Waits until the screen shows `needle`.
    pub fn wait_text(&self, needle: &str) {
        self.shared.wait_text(needle);
    }

    /// Waits until the screen no longer shows `needle`.
    pub fn wait_gone(&self, needle: &str) {
        self.shared.wait(needle, |out| {
            !out.parser.screen().contents().contains(needle)
        });
    }

    /// Waits until the raw output (escapes not handled) contains `needle`.
    pub fn wait_output(&self, needle: &str) {
        self.shared.wait(needle, |out| {
            String::from_utf8_lossy(&out.raw).contains(needle)
        });
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.shared.screen()
    }

    /// Waits for the exit (killing a program that hangs, as a failsafe); its exit code.
    pub fn exit_code(mut self) -> u32 {
        let mut waited = Duration::ZERO;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("pty") {
                break status;
            }
            if waited > Duration::from_secs(180) {
                let _ = self.child.kill();
                panic!("the program did not exit:\n{}", self.screen());
            }
            let step = Duration::from_millis(50);
            std::thread::sleep(step);
            waited += step;
        };
        if let Some(reading) = self.reading.take() {
            reading.join().expect("pty");
        }
        status.exit_code()
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a pid")
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let keys = self.keys.as_mut().expect("the terminal is open");
        keys.write_all(bytes).expect("pty");
        keys.flush().expect("pty");
    }

    /// Sends a signal with kill(1).
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.pid().to_string())
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{name}");
    }

    /// The CPU ticks used so far.
    pub fn ticks(&self) -> u64 {
        proc_stat(self.pid()).expect("the process is there").1
    }

    /// Closes the terminal side for good, as a dropped SSH session does: every copy of the
    /// master is closed, so the kernel hangs the terminal up. `poke` is a key that makes the
    /// program draw, which wakes the reading thread so it can let go of its copy.
    pub fn close_terminal(&mut self, poke: &[u8]) {
        self.stop_reading.store(true, Ordering::SeqCst);
        self.send(poke);
        if let Some(reading) = self.reading.take() {
            reading.join().expect("pty");
        }
        self.keys = None;
        self.master = None;
    }

    /// Waits (bounded) for the process to end without reaping it first, so its final CPU
    /// ticks can be read from the zombie; then reaps it.
    pub fn wait_exit(&mut self, ticks_at_trigger: u64) -> Exit {
        let pid = self.pid();
        let mut waited = Duration::ZERO;
        let final_ticks = loop {
            match proc_stat(pid) {
                Some(('Z', ticks)) => break ticks,
                Some(_) => {}
                None => panic!("the process vanished before it could be read"),
            }
            assert!(
                waited < HANG_BOUND,
                "still running {HANG_BOUND:?} after it was told to end:\n{}",
                self.shared.screen()
            );
            let step = Duration::from_millis(50);
            std::thread::sleep(step);
            waited += step;
        };
        let status = self.child.wait().expect("pty");
        Exit {
            status,
            ticks_after_trigger: final_ticks.saturating_sub(ticks_at_trigger),
        }
    }

    /// After the exit: the output is all read, the terminal settings are as before, and the
    /// last thing written left the alternate screen and showed the cursor.
    pub fn assert_restored(mut self) {
        self.shared.wait("the pty to close", |out| out.closed);
        if let Some(reading) = self.reading.take() {
            reading.join().expect("pty");
        }
        assert_eq!(
            stty(&self.tty),
            self.before,
            "stty -g is as before the launch"
        );
        let screen_text = self.shared.screen();
        let out = self.shared.0.0.lock().expect("pty");
        let screen = out.parser.screen();
        assert!(!screen.alternate_screen(), "the alternate screen was left");
        assert!(!screen.hide_cursor(), "the cursor is shown again");
        let raw = String::from_utf8_lossy(&out.raw);
        let entered = raw
            .rfind("\x1b[?1049h")
            .expect("entered the alternate screen");
        let left = raw.rfind("\x1b[?1049l").expect("left the alternate screen");
        assert!(left > entered, "left after entering:\n{screen_text}");
        let shown = raw.rfind("\x1b[?25h").expect("showed the cursor");
        let hidden = raw.rfind("\x1b[?25l").unwrap_or(0);
        assert!(
            shown > hidden && shown > entered,
            "the cursor is shown last"
        );
    }
}

/// Waits (at most three minutes) for `child` to exit: a program that hangs is killed and the
/// test fails with `what`, instead of holding the run until CI's own timeout.
pub fn wait_bounded(child: &mut (dyn Child + Send + Sync), what: &str) -> portable_pty::ExitStatus {
    let step = Duration::from_millis(50);
    let mut waited = Duration::ZERO;
    loop {
        if let Some(status) = child.try_wait().expect("pty") {
            return status;
        }
        if waited > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("{what}: the program did not exit within three minutes");
        }
        std::thread::sleep(step);
        waited += step;
    }
}
