//! End to end, the outbox across runs: the real binary in a pty on a profile in a temporary
//! home, against the stand-in. Offline, a start waits in the outbox (a file in the data
//! folder, no secret in it); quitting asks first; the next run, with the server back, sends
//! it after the login, once, and the audit log tells the story.
#![cfg(target_os = "linux")]

use crate::tty_support;

use std::path::{Path, PathBuf};

use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::audit::{self, Outcome};
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Faults, StandinConfig, StandinServer,
};
use portable_pty::CommandBuilder;
use tty_support::Pty;

fn write_config(home: &Path, server: &str) {
    let config = format!(
        r#"default_profile = "northwind"
[profiles.northwind]
server = "{server}"
organisation = "{DEMO_ORGANISATION}"
username = "{DEMO_USERNAME}"
password_command = "printf '%s\n' '{DEMO_PASSWORD}'"
"#
    );
    let file = home.join("config/crmjobs/config.toml");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("config dir");
    std::fs::write(file, config).expect("config");
}

fn start(home: &Path) -> Pty {
    let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
    command.env_clear();
    for (name, value) in [
        ("HOME", home.to_path_buf()),
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_STATE_HOME", home.join("state")),
        ("XDG_DATA_HOME", home.join("data")),
    ] {
        command.env(name, value);
    }
    command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    command.env("TERM", "xterm-256color");
    command.env("NO_COLOR", "1");
    Pty::spawn(command)
}

fn outbox_files(home: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(home.join("data/crmjobs/outbox")) {
        Ok(items) => items.map(|i| i.expect("entry").path()).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn an_action_made_offline_is_sent_once_by_the_next_run() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(StandinServer::start(StandinConfig {
            port: 0,
            ..StandinConfig::default()
        }))
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    write_config(home.path(), &server.url());

    let mut app = start(home.path());
    app.wait_text("online");
    app.wait_text("JB");
    let pending = runtime.block_on(async {
        let client = crmjobs::api::client::Client::new(crmjobs::api::client::ClientConfig::new(
            server.url(),
        ))
        .unwrap();
        client.set_credentials(crmjobs::api::client::Credentials::Password {
            organisation: DEMO_ORGANISATION.into(),
            username: DEMO_USERNAME.into(),
            password: DEMO_PASSWORD.into(),
            unit: None,
        });
        client
            .jobs_by_state(LifeCycleState::Pending, None, Page::first(1))
            .await
            .unwrap()
    });
    let number = pending[0].number.clone();
    app.send(b"s");
    app.wait_text(&format!("Start job {number}"));
    app.wait_text("(default)");
    server.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    app.send(b"\x13"); // Ctrl-s
    app.wait_text("outbox 1");
    app.wait_gone("Start job");
    assert_eq!(server.applied_actions(&number), 0);
    let files = outbox_files(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let stored = std::fs::read_to_string(&files[0]).unwrap();
    assert!(stored.contains(&number), "{stored}");
    assert!(!stored.contains(DEMO_PASSWORD));

    app.send(b"q");
    app.wait_text("press q again to quit");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert_eq!(outbox_files(home.path()).len(), 1, "kept for the next run");

    server.set_faults(Faults::default());
    let mut app = start(home.path());
    app.wait_text(&format!("{number} is now In progress"));
    app.wait_gone("outbox 1");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert_eq!(server.applied_actions(&number), 1, "sent once");
    assert!(outbox_files(home.path()).is_empty());

    let log = audit::read(&home.path().join("data/crmjobs/audit.jsonl"), None).unwrap();
    let outcomes: Vec<Outcome> = log
        .iter()
        .filter(|r| r.job == number)
        .map(|r| r.outcome)
        .collect();
    assert_eq!(outcomes.first(), Some(&Outcome::Waiting));
    assert_eq!(outcomes.last(), Some(&Outcome::Applied));
    let text = std::fs::read_to_string(home.path().join("data/crmjobs/audit.jsonl")).unwrap();
    assert!(!text.contains(DEMO_PASSWORD));
    runtime.block_on(server.shutdown());
}
