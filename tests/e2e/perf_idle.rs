//! Idle: the real binary (`--demo`) in a pseudo-terminal, loaded and then left
//! alone for 60 s (the budget's minute), writes no byte and uses at most 2 clock ticks of CPU (utime + stime from
//! `/proc/PID/stat`, every thread of the process counted). Also prints how long the first
//! frame took to arrive after launch (a figure for the README, never asserted).
#![cfg(target_os = "linux")]

use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long the app is left alone: the idle budget is for a minute.
const IDLE: Duration = Duration::from_secs(60);

/// Everything the program wrote, and when its first frame came.
#[derive(Default)]
struct Output {
    raw: Vec<u8>,
    first: Option<Instant>,
}

/// utime + stime of process `pid`, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("procfs");
    // The command name may hold spaces; the fields that follow it are plain numbers.
    let after = &stat[stat.rfind(')').expect("a stat line") + 2..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of the whole line; `after` starts at field 3.
    fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
}

/// Waits (failsafe 180 s, never a verdict on a healthy run) until `done` holds.
fn wait(out: &Mutex<Output>, what: &str, done: impl Fn(&Output) -> bool) {
    let started = Instant::now();
    while !done(&out.lock().expect("not poisoned")) {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "still waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn screen_has(out: &Output, needle: &str) -> bool {
    let mut parser = vt100::Parser::new(
        30.try_into().expect("rows"),
        100.try_into().expect("cols"),
        0,
    );
    parser.process(&out.raw);
    parser.screen().contents().contains(needle)
}

#[test]
fn an_idle_minute_writes_nothing_and_costs_at_most_two_ticks() {
    let home = tempfile::tempdir().expect("a temp dir");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
    command.arg("--demo");
    command.env("TERM", "xterm-256color");
    command.env("NO_COLOR", "1");
    command.env("HOME", home.path());
    for var in ["XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"] {
        command.env(var, home.path().join(var));
    }
    let launched = Instant::now();
    let mut child = pty.slave.spawn_command(command).expect("spawned");
    drop(pty.slave);
    let pid = child.process_id().expect("a pid");
    let mut reader = pty.master.try_clone_reader().expect("a reader");
    let mut keys = pty.master.take_writer().expect("a writer");
    let out = Arc::new(Mutex::new(Output::default()));
    let feed = Arc::clone(&out);
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let mut out = feed.lock().expect("not poisoned");
            out.raw.extend_from_slice(&buf[..n]);
            // The first frame opens synchronized output (the alternate screen comes before).
            if out.first.is_none() && out.raw.windows(8).any(|w| w == b"\x1b[?2026h") {
                out.first = Some(Instant::now());
            }
        }
    });
    wait(&out, "the loaded list", |o| {
        screen_has(o, "online") && screen_has(o, "JB")
    });
    let first = out.lock().expect("not poisoned").first.expect("bytes came");
    println!(
        "first frame {} ms after launch (process start included, debug build)",
        first.duration_since(launched).as_millis()
    );
    // Settle: the spinner stops once the last page is in; wait for a quiet second.
    let mut seen = 0;
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let now = out.lock().expect("not poisoned").raw.len();
        if now == seen {
            break;
        }
        seen = now;
    }
    let ticks = cpu_ticks(pid);
    std::thread::sleep(IDLE);
    let written = out.lock().expect("not poisoned").raw.len() - seen;
    let spent = cpu_ticks(pid) - ticks;
    println!(
        "idle {} s: {written} bytes written, {spent} clock ticks of CPU",
        IDLE.as_secs()
    );
    assert_eq!(written, 0, "bytes written while idle");
    assert!(spent <= 2, "{spent} clock ticks while idle");
    std::io::Write::write_all(&mut keys, b"q").expect("a key");
    let status = crate::tty_support::wait_bounded(child.as_mut(), "the idle demo");
    assert!(status.success(), "exit status {status:?}");
    reading.join().expect("the reader ends");
}
