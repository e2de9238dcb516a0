//! The real binary against a stand-in of one flavour, told the server's zone
//! (`CRMJOBS_SERVER_TIMEZONE`) while its own zone is UTC, with every run bounded: a command
//! that loops (a server ignoring paging) is a failure, not a hung suite.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono_tz::Tz;
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use serde_json::Value;

use crate::cli_support::{Run, home_env};

/// Longest a command may run.
const BOUND: Duration = Duration::from_secs(120);

/// A stand-in and a home for the binary's files.
pub struct Cli {
    pub server: StandinServer,
    pub zone: Tz,
    pub home: tempfile::TempDir,
}

impl Cli {
    /// Starts the stand-in of `config`; the binary is told its zone.
    pub async fn start(config: StandinConfig) -> Cli {
        let zone = config.zone;
        Cli {
            server: crate::both::standin(config).await,
            zone,
            home: tempfile::tempdir().expect("a temp folder"),
        }
    }

    /// `crmjobs --server .. ARGS` with the demo password in the environment.
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)])
            .await
    }

    /// `crmjobs --server .. ARGS` with `env`, no input, killed after [`BOUND`].
    pub async fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crmjobs"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TZ", "UTC")
            .env("CRMJOBS_SERVER_TIMEZONE", self.zone.name())
            .envs(home_env(self.home.path()))
            .args([
                "--server",
                &self.server.url(),
                "--organisation",
                DEMO_ORGANISATION,
                "--username",
                DEMO_USERNAME,
            ])
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let child = command.spawn().expect("crmjobs starts");
        let pid = child.id();
        let mut waiting = tokio::task::spawn_blocking(move || child.wait_with_output());
        let Ok(output) = tokio::time::timeout(BOUND, &mut waiting).await else {
            // Ours, by its id: the command that did not end.
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            let _ = waiting.await;
            panic!("crmjobs {args:?} did not end within {BOUND:?}");
        };
        let output = output.expect("the waiter").expect("crmjobs ends");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
        }
    }

    /// A config file whose default profile asks pages of `size`, as a `--config` argument.
    pub fn paged_config(&self, size: u32) -> String {
        let path = self.home.path().join("paged.toml");
        std::fs::write(&path, format!("[profiles.default]\npage_size = {size}\n"))
            .expect("the config file");
        path.to_string_lossy().into_owned()
    }

    /// Where `login` caches the default profile's token.
    pub fn token_file(&self) -> PathBuf {
        self.home.path().join("state/crmjobs/tokens/default.token")
    }
}

/// The JSON document a run printed, after checking it succeeded.
pub fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{run:?}");
    serde_json::from_str(&run.stdout).expect("one JSON document")
}

/// The `jobs` array of `jobs list --json`.
pub fn listed(run: &Run) -> Vec<Value> {
    json(run)["jobs"]
        .as_array()
        .expect("a list of jobs")
        .clone()
}
