//! End to end on a profile: the real binary in a pty with a config file in a temporary home
//! (XDG_* variables), against the stand-in. The password comes from `password_command`, the
//! config rebinds keys and asks for ASCII borders; the token is cached (0600 in 0700) and
//! the next start uses it without running the command or logging in again; an open token
//! file is refused with the `chmod` that fixes it.
#![cfg(target_os = "linux")]

use crate::tty_support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use portable_pty::CommandBuilder;
use tty_support::Pty;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new(server: &str) -> Self {
        let dir = tempfile::tempdir().expect("home");
        let home = Self { dir };
        let marker = home.marker();
        let config = format!(
            r#"default_profile = "northwind"
[keys]
complete = "C"
help = "f2"
[theme]
borders = "ascii"
[profiles.northwind]
server = "{server}"
organisation = "{DEMO_ORGANISATION}"
username = "{DEMO_USERNAME}"
password_command = "touch '{}'; printf '%s\n' '{DEMO_PASSWORD}'"
"#,
            marker.display()
        );
        let file = home.path().join("config/crmjobs/config.toml");
        std::fs::create_dir_all(file.parent().expect("parent")).expect("config dir");
        std::fs::write(file, config).expect("config");
        home
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Created by the password command each time it runs.
    fn marker(&self) -> PathBuf {
        self.path().join("password-command-ran")
    }

    fn token(&self) -> PathBuf {
        self.path().join("state/crmjobs/tokens/northwind.token")
    }

    /// The variables that put every folder of crmjobs in this home.
    fn env(&self) -> [(&'static str, PathBuf); 4] {
        [
            ("HOME", self.path().to_path_buf()),
            ("XDG_CONFIG_HOME", self.path().join("config")),
            ("XDG_STATE_HOME", self.path().join("state")),
            ("XDG_DATA_HOME", self.path().join("data")),
        ]
    }

    fn start(&self) -> Pty {
        self.start_with(&[])
    }

    fn start_with(&self, args: &[&str]) -> Pty {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_crmjobs"));
        command.args(args);
        command.env_clear();
        for (name, value) in self.env() {
            command.env(name, value);
        }
        command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        command.env("TERM", "xterm-256color");
        command.env("NO_COLOR", "1");
        Pty::spawn(command)
    }
}

/// The stand-in on a free port.
async fn standin() -> StandinServer {
    StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts")
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn a_profile_logs_in_silently_rebinds_keys_and_caches_its_token() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(standin());
    let home = Home::new(&server.url());

    let mut app = home.start();
    app.wait_text("online");
    assert!(
        home.marker().exists(),
        "the password command gave the password"
    );
    assert_eq!(server.logins(), 1);
    let screen = app.screen();
    assert!(
        screen.contains("C complete"),
        "the footer shows the new key:\n{screen}"
    );
    assert!(
        screen.contains("northwind"),
        "the profile name in the header:\n{screen}"
    );
    app.send(b"\x1bOQ"); // F2, the new help key
    app.wait_text("Help");
    let screen = app.screen();
    assert!(screen.contains("+ Help"), "ASCII borders:\n{screen}");
    assert!(
        screen.contains("  C             complete"),
        "help lists the new key:\n{screen}"
    );
    assert!(
        !screen.contains(['┌', '┐', '└', '┘', '│', '─']),
        "no box drawing:\n{screen}"
    );
    app.send(b"\x1bOQ");
    app.wait_gone("+ Help");
    app.send(b"2");
    app.wait_text("· In progress"); // the detail pane's title: a job in progress is selected
    app.send(b"c"); // no longer bound: nothing opens
    app.send(b"C");
    app.wait_text("Complete job");
    // Esc alone: followed at once by `q` it would read as Alt-q.
    app.send(b"\x1b");
    app.wait_gone("Complete job");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert_eq!(mode(&home.token()), 0o600);
    assert_eq!(mode(home.token().parent().expect("tokens")), 0o700);

    // The next start uses the cached token: no command, no login.
    std::fs::remove_file(home.marker()).unwrap();
    let mut app = home.start();
    app.wait_text("online");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert!(!home.marker().exists(), "the password command did not run");
    assert_eq!(server.logins(), 1, "the cached token was used");

    // A token file others could read is refused, with the fix.
    std::fs::set_permissions(home.token(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let app = home.start();
    app.wait_output("chmod 600");
    let text = app.screen();
    assert_eq!(app.exit_code(), 2);
    assert!(text.contains("refusing the token cache"), "{text}");
    runtime.block_on(server.shutdown());
}

#[test]
fn the_demo_honours_the_config_files_keys_and_theme() {
    // The profile's server is never contacted: the demo logs in to its own stand-in.
    let home = Home::new("http://127.0.0.1:9");
    let mut app = home.start_with(&["--demo"]);
    app.wait_text("online");
    let screen = app.screen();
    assert!(
        screen.contains("DEMO") && screen.contains("C complete"),
        "{screen}"
    );
    app.send(b"\x1bOQ"); // F2
    app.wait_text("+ Help");
    app.send(b"\x1bOQ");
    app.wait_gone("+ Help");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert!(
        !home.marker().exists(),
        "the profile's password command is not the demo's"
    );
}

#[test]
fn the_next_start_shows_the_saved_jobs_while_the_server_is_down_and_logout_deletes_them() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(standin());
    let home = Home::new(&server.url());
    let saved = home.path().join("state/crmjobs/jobs/northwind.json");

    let mut app = home.start();
    app.wait_text("online");
    app.wait_text("Pending 50+");
    let first = app.screen();
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert_eq!(mode(&saved), 0o600, "the saved jobs are private");
    assert_eq!(mode(saved.parent().expect("jobs")), 0o700);
    runtime.block_on(server.shutdown());

    // The server is gone: the saved rows are shown, said to be saved, and usable.
    let mut app = home.start();
    app.wait_text("offline");
    app.wait_text("saved ");
    let screen = app.screen();
    let row = |text: &str| {
        text.lines()
            .find(|l| l.contains("JB0"))
            .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
    };
    assert!(row(&screen).is_some(), "saved rows listed:\n{screen}");
    assert_eq!(row(&screen), row(&first), "the same first row:\n{screen}");
    assert!(screen.contains("Pending 50+"), "{screen}");
    app.send(b"q");
    assert_eq!(app.exit_code(), 0);
    assert!(saved.exists(), "still saved for the start after");

    // Logging out deletes them with the token (the server cannot be told: exit 3 or so).
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_crmjobs"));
    command.arg("logout").env_clear().envs(home.env());
    let output = command.output().expect("logout runs");
    assert!(!saved.exists(), "{output:?}");
    assert!(!home.token().exists(), "{output:?}");
}
