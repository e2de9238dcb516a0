//! The scripting commands at a terminal (a pseudo-terminal): the password asked without
//! echo, the table chosen by default, and the cancel confirmation.
#![cfg(unix)]

use crate::cli_support;

use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use cli_support::{Bench, home_env};
use crmjobs::api::model::LifeCycleState;
use crmjobs::standin::{DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// The bytes written so far and whether the terminal closed.
type Written = Mutex<(Vec<u8>, bool)>;

/// Everything the program wrote to the terminal.
#[derive(Clone, Default)]
struct Screen(Arc<(Written, Condvar)>);

impl Screen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.0.lock().expect("tty").0).into_owned()
    }

    /// Waits for `needle`; the deadline only guards against a hang.
    fn wait_for(&self, needle: &str) {
        let (lock, changed) = &*self.0;
        let mut out = lock.lock().expect("tty");
        let mut waited = Duration::ZERO;
        while !String::from_utf8_lossy(&out.0).contains(needle) {
            assert!(
                !out.1,
                "ended before {needle:?}: {}",
                String::from_utf8_lossy(&out.0)
            );
            assert!(
                waited < Duration::from_secs(120),
                "no {needle:?}: {}",
                String::from_utf8_lossy(&out.0)
            );
            let step = Duration::from_millis(100);
            out = changed.wait_timeout(out, step).expect("tty").0;
            waited += step;
        }
    }
}

/// Runs `crmjobs ARGS` in a pty, typing `answers` each after its prompt; the exit code and
/// the screen's bytes.
fn run_in_pty(
    bench_url: &str,
    home: &std::path::Path,
    args: &[&str],
    answers: &[(&str, &str)],
) -> (u32, String) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("pty");
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
    command.env_clear();
    command.env("TZ", "UTC");
    command.env("TERM", "xterm");
    for (name, value) in home_env(home) {
        command.env(name, value);
    }
    command.args([
        "--server",
        bench_url,
        "--organisation",
        DEMO_ORGANISATION,
        "--username",
        DEMO_USERNAME,
    ]);
    command.args(args);
    let mut child = pty.slave.spawn_command(command).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut keys = pty.master.take_writer().expect("writer");
    let screen = Screen::default();
    let feed = screen.clone();
    let reading = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            let (lock, changed) = &*feed.0;
            lock.lock().expect("tty").0.extend_from_slice(&buf[..n]);
            changed.notify_all();
        }
        let (lock, changed) = &*feed.0;
        lock.lock().expect("tty").1 = true;
        changed.notify_all();
    });
    for (prompt, answer) in answers {
        screen.wait_for(prompt);
        keys.write_all(answer.as_bytes()).expect("typed");
        keys.flush().expect("typed");
    }
    let status = crate::tty_support::wait_bounded(child.as_mut(), "the command");
    drop(pty.master);
    let _ = reading.join();
    (status.exit_code(), screen.text())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_asks_the_password_without_echo_and_a_terminal_gets_the_table() {
    let bench = Bench::start().await;
    let (url, home) = (bench.server.url(), bench.home.path().to_path_buf());
    let password = format!("{DEMO_PASSWORD}\r");
    let (code, screen) = tokio::task::spawn_blocking({
        let (url, home) = (url.clone(), home.clone());
        move || {
            run_in_pty(
                &url,
                &home,
                &["login"],
                &[("Password for supervisor@northwind-field", &password)],
            )
        }
    })
    .await
    .expect("pty");
    assert_eq!(code, 0, "{screen}");
    assert!(screen.contains("logged in to"), "{screen}");
    assert!(
        !screen.contains(DEMO_PASSWORD),
        "the password is never echoed: {screen}"
    );
    let (code, screen) = tokio::task::spawn_blocking({
        let (url, home) = (url.clone(), home.clone());
        move || {
            run_in_pty(
                &url,
                &home,
                &["jobs", "list", "--state", "pending", "--limit", "2"],
                &[],
            )
        }
    })
    .await
    .expect("pty");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("NUMBER") && screen.contains("LIFE CYCLE STATE"),
        "a table: {screen}"
    );
    assert_eq!(bench.server.logins(), 1, "the cached token served the list");

    let job = bench
        .jobs(LifeCycleState::Pending, 1, |_| true)
        .await
        .remove(0);
    let number = job.number.clone();
    let (code, screen) = tokio::task::spawn_blocking(move || {
        run_in_pty(
            &url,
            &home,
            &["jobs", "cancel", &number],
            &[("[y/N]", "n\r")],
        )
    })
    .await
    .expect("pty");
    assert_eq!(code, 1, "declined: {screen}");
    assert_eq!(bench.server.applied_actions(&job.number), 0);
}
