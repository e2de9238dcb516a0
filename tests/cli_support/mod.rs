//! Shared setup of the command tests: a stand-in on 127.0.0.1, the real binary run against
//! it with its folders (XDG_*) in a temporary directory, and masks for volatile output.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::Job;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page};
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A stand-in and a home for the binary's files.
pub struct Bench {
    pub server: StandinServer,
    pub home: tempfile::TempDir,
}

impl Bench {
    /// A stand-in with 120 jobs (seed 1) and an empty home.
    pub async fn start() -> Bench {
        Self::start_with(StandinConfig {
            jobs: 120,
            ..StandinConfig::default()
        })
        .await
    }

    pub async fn start_with(config: StandinConfig) -> Bench {
        let server = StandinServer::start(config).await.expect("stand-in starts");
        Bench {
            server,
            home: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// Runs `crmjobs ARGS` with the demo password in the environment.
    pub async fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)], None)
            .await
    }

    /// Runs `crmjobs --server URL --organisation .. --username .. ARGS` with `env` and
    /// `stdin`, without blocking the stand-in's runtime.
    pub async fn run_with(&self, args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Run {
        let mut command = self.command(args, env);
        let input = stdin.map(str::to_owned);
        tokio::task::spawn_blocking(move || run_command(&mut command, input.as_deref()))
            .await
            .expect("runner")
    }

    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_crmjobs"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TZ", "UTC")
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
            .envs(env.iter().copied());
        command
    }

    /// A logged-in client of the stand-in, to find jobs and check what the commands did.
    pub fn client(&self) -> Client {
        let client = Client::new(ClientConfig::new(self.server.url())).expect("client");
        client.set_credentials(Credentials::Password {
            organisation: DEMO_ORGANISATION.into(),
            username: DEMO_USERNAME.into(),
            password: DEMO_PASSWORD.into(),
            unit: None,
        });
        client
    }

    /// The first `n` jobs in `state` whose scope satisfies `fits`, in list order.
    pub async fn jobs(
        &self,
        state: LifeCycleState,
        n: usize,
        fits: impl Fn(FulfillmentScope) -> bool,
    ) -> Vec<Job> {
        let jobs = self
            .client()
            .jobs_by_state(state, None, Page::first(500))
            .await
            .expect("jobs");
        let found: Vec<Job> = jobs
            .into_iter()
            .filter(|j| fits(j.scope()))
            .take(n)
            .collect();
        assert_eq!(found.len(), n, "not enough {state:?} jobs in the seed");
        found
    }
}

/// The environment that points every folder of the binary into `home`.
pub fn home_env(home: &Path) -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("HOME", home.to_path_buf()),
        ("XDG_CONFIG_HOME", home.join("config")),
        ("XDG_STATE_HOME", home.join("state")),
        ("XDG_DATA_HOME", home.join("data")),
    ]
}

fn run_command(command: &mut Command, stdin: Option<&str>) -> Run {
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("crmjobs starts");
    if let Some(text) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(text.as_bytes()).expect("stdin written");
    }
    let output = child.wait_with_output().expect("crmjobs ends");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// `text` with dates and ports replaced by placeholders, for snapshots.
pub fn mask(text: &str) -> String {
    let date = regex::Regex::new(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(Z|[+-]\d{2}:\d{2})?)?")
        .expect("regex");
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("regex");
    port.replace_all(&date.replace_all(text, "<date>"), "127.0.0.1:<port>")
        .into_owned()
}
