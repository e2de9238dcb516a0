//! A canary password and the tokens it earns pass through a whole session of the real binary
//! in a pseudo-terminal, against a stand-in with faults (503s, connections dropped after
//! commit, tokens that expire every second so the client logs in again and again), with
//! trace logging on. Neither the password nor the token may appear in the log, the screen,
//! the raw terminal bytes, a panic report, the snapshots, or any file the program wrote
//! (outbox, audit log, drafts, config) other than the 0600 token cache itself.
#![cfg(target_os = "linux")]

use crate::tty_support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crmjobs::standin::{DEMO_ORGANISATION, DEMO_USERNAME, Faults, StandinConfig, StandinServer};
use tty_support::Pty;

const CANARY_PASSWORD: &str = "Canary-pw-9f3bZq71";

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        // A folder removed while walking (a demo's, a temp file's) has nothing left to leak.
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

fn assert_absent(what: &str, text: &[u8], secrets: &[String]) {
    let text = String::from_utf8_lossy(text);
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a secret leaked into {what}"
        );
    }
}

/// The environment of a child: everything it writes goes under `home`.
fn env(home: &Path) -> Vec<(String, String)> {
    let at = |sub: &str| home.join(sub).display().to_string();
    vec![
        ("HOME".into(), at("")),
        ("XDG_CONFIG_HOME".into(), at("config")),
        ("XDG_STATE_HOME".into(), at("state")),
        ("XDG_DATA_HOME".into(), at("data")),
        ("XDG_CACHE_HOME".into(), at("cache")),
        ("CRMJOBS_LOG".into(), at("crmjobs.log")),
        ("RUST_LOG".into(), "trace".into()),
    ]
}

fn launch(server: &StandinServer, home: &Path, extra: &[(&str, &str)]) -> Pty {
    let url = server.url();
    let args = [
        "--server",
        url.as_str(),
        "--organisation",
        DEMO_ORGANISATION,
        "--username",
        DEMO_USERNAME,
    ];
    let env = env(home);
    let mut all: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    all.extend_from_slice(extra);
    Pty::crmjobs(&args, &all)
}

/// Works through the app while tokens expire and requests fail: tabs, reloads, a form.
fn work_through_faults(pty: &mut Pty) {
    for key in [&b"2"[..], b"r", b"j", b"1", b"r", b"3", b"2", b"c"] {
        std::thread::sleep(Duration::from_millis(400));
        pty.send(key);
    }
    std::thread::sleep(Duration::from_millis(600));
    pty.send(b"\x13"); // Ctrl-s: send the completion (or meet the form's own complaint)
    std::thread::sleep(Duration::from_millis(1200));
    pty.send(b"\x1b"); // leave the form if it is still open
    std::thread::sleep(Duration::from_millis(300));
    pty.send(b"\x1b"); // and confirm leaving when asked
    pty.send(b"r");
    std::thread::sleep(Duration::from_millis(1200));
    pty.send(b"r");
}

#[test]
fn a_canary_password_and_token_leak_nowhere() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let server = runtime
        .block_on(StandinServer::start(StandinConfig::default()))
        .expect("the stand-in starts");
    server.set_password(DEMO_USERNAME, CANARY_PASSWORD);
    let home = tempfile::tempdir().expect("a temp dir");

    let mut pty = launch(&server, home.path(), &[]);
    pty.shared.wait_text("Password");
    pty.send(CANARY_PASSWORD.as_bytes());
    pty.send(b"\r");
    pty.shared.wait_text("online");
    server.set_faults(Faults {
        fail_rate: 0.2,
        drop_rate: 0.3,
        token_ttl: Duration::from_secs(1),
        ..Faults::default()
    });
    let logins = server.logins();
    work_through_faults(&mut pty);
    server.set_faults(Faults::default());
    // SIGTERM rather than `q`: with an action left in the outbox `q` asks first.
    pty.signal("TERM");
    let session_ticks = pty.ticks();
    pty.wait_exit(session_ticks);
    let raw = pty.shared.raw();
    let screen = pty.shared.screen();
    assert!(
        server.logins() > logins,
        "the client logged in again with the password during the session"
    );

    // The token the client ended with, from the cache: 0600 and the only file holding it.
    let token_file = home.path().join("state/crmjobs/tokens/default.token");
    let mode = std::fs::metadata(&token_file)
        .expect("the token is cached")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "the token file is private");
    let cached: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&token_file).expect("readable")).expect("JSON");
    let token = cached["token"].as_str().expect("a token").to_owned();
    let secrets = vec![CANARY_PASSWORD.to_owned(), token];

    // A panic report, with the password known from the environment this time.
    let mut panicking = launch(
        &server,
        home.path(),
        &[
            ("CRMJOBS_TEST_PANIC", "1"),
            ("CRMJOBS_PASSWORD", CANARY_PASSWORD),
        ],
    );
    panicking.wait_exit(0);
    let panic_raw = panicking.shared.raw();
    assert!(
        String::from_utf8_lossy(&panic_raw).contains("panicked"),
        "the panic run did panic"
    );

    assert_absent("the raw terminal output", &raw, &secrets);
    assert_absent("the screen", screen.as_bytes(), &secrets);
    assert_absent("the panic report", &panic_raw, &secrets);
    let log = std::fs::read(home.path().join("crmjobs.log")).expect("a log was written");
    let log_text = String::from_utf8_lossy(&log);
    assert!(
        log_text.contains("logged in") && log_text.contains("TRACE"),
        "trace logging really ran, logins included"
    );
    assert_absent("the log", &log, &secrets);
    let mut checked = 0;
    for file in files(home.path()) {
        if file == token_file {
            continue;
        }
        assert_absent(
            &file.display().to_string(),
            &std::fs::read(&file).expect("read"),
            &secrets,
        );
        checked += 1;
    }
    assert!(checked >= 1, "the log at least");
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for file in files(&snapshots) {
        assert_absent(
            &file.display().to_string(),
            &std::fs::read(&file).expect("read"),
            &secrets,
        );
    }
    runtime.block_on(server.shutdown());
}
