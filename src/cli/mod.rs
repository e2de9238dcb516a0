//! Command-line definitions (clap derive) and the dispatch to the interactive app or to a
//! scripting command.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod act;
mod doctor;
mod doctor_judge;
mod doctor_probe;
mod doctor_report;
mod doctor_text;
mod doctor_zone;
mod exit;
mod input;
mod jobs;
mod outbox;
mod output;
mod prompt;
mod reads;
mod reason;
mod session;

pub use exit::Exit;
pub use output::Format;

/// The output formats and exit codes, shown at the end of every command's `--help`.
macro_rules! exit_help {
    () => {
        "\
Output:
  A table on a terminal; otherwise plain lines, fields separated by tabs, no header.
  --json prints one JSON document, --csv CSV with a header (RFC 4180).

Exit codes:
  0  success (every job of the call)
  1  refused: by the server, or before sending by the same checks as the form
  2  usage error: bad flags, arguments or configuration
  3  authentication failed, or not logged in and not allowed to ask (--no-input)
  4  outcome unknown: an action was sent but its answer was lost; check the job
  5  server unreachable or not answering
  With several jobs the most serious code wins: 4, then 3, then 5, then 1."
    };
}

/// [`exit_help`] as a constant, for the subcommands.
const EXIT_HELP: &str = exit_help!();

/// The output and exit codes of `doctor`.
const DOCTOR_HELP: &str = "\
Output:
  Aligned sections for people; --json prints one JSON object (stable snake_case keys).
  Nothing is changed on the server: only reads are sent, never an action or token release.

Exit codes:
  0  logged in (even when methods are missing or refused: the report says which)
  2  configuration error
  3  authentication failed, or not logged in and not allowed to ask (--no-input)
  5  server unreachable or not answering";

/// How settings combine, then the exit codes, shown at the end of `crmjobs --help`.
const AFTER_HELP: &str = concat!(
    "\
Configuration:
  Settings come from, highest first: flags, environment variables (CRMJOBS_PROFILE,
  CRMJOBS_SERVER, CRMJOBS_ORGANISATION, CRMJOBS_USERNAME, CRMJOBS_PASSWORD, CRMJOBS_API_KEY,
  CRMJOBS_CONFIG), the config file's profile, then defaults. `crmjobs config init` writes a
  commented example, `crmjobs config path` prints where it lives, `crmjobs config check`
  validates it.

",
    exit_help!()
);

/// Close CRM.COM service jobs from the terminal.
#[derive(Parser, Debug)]
#[command(name = "crmjobs", version, about, after_help = AFTER_HELP, args_override_self = true)]
pub struct Cli {
    /// Try it out: start the stand-in CRM.COM server in-process and log in as its supervisor.
    #[arg(long, conflicts_with_all = ["server", "organisation", "username"])]
    pub demo: bool,
    /// How the demo's stand-in plays CRM.COM.
    #[cfg(feature = "standin")]
    #[command(flatten)]
    pub demo_server: crate::standin::DemoArgs,
    /// Connection and output settings, valid before or after a subcommand.
    #[command(flatten)]
    pub global: Global,
    /// What to run instead of the interactive app.
    #[command(subcommand)]
    pub command: Option<Sub>,
}

/// Options every command takes.
#[derive(Args, Debug, Clone, Default)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "command-line switches, each independent"
)]
pub struct Global {
    /// CRM.COM server base URL, e.g. `https://crm.example.com`.
    #[arg(long, global = true, env = "CRMJOBS_SERVER")]
    pub server: Option<String>,
    /// Organisation to log in to.
    #[arg(long, global = true, env = "CRMJOBS_ORGANISATION")]
    pub organisation: Option<String>,
    /// User name to log in as.
    #[arg(long, global = true, env = "CRMJOBS_USERNAME")]
    pub username: Option<String>,
    /// Profile of the config file to use (default: the file's `default_profile`).
    #[arg(long, global = true, env = "CRMJOBS_PROFILE")]
    pub profile: Option<String>,
    /// Config file to read instead of the platform's (see `crmjobs config path`).
    #[arg(long, global = true, env = "CRMJOBS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print one JSON document (stable `snake_case` field names).
    #[arg(long, global = true, conflicts_with_all = ["csv", "table"])]
    pub json: bool,
    /// Print CSV with a header line.
    #[arg(long, global = true, conflicts_with = "table")]
    pub csv: bool,
    /// Print the aligned table even when the output is not a terminal.
    #[arg(long, global = true)]
    pub table: bool,
    /// Never prompt (for a password or a confirmation); fail instead.
    #[arg(long, global = true)]
    pub no_input: bool,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Sub {
    /// Log in and cache the session token for the profile (asks the password on the
    /// terminal unless `CRMJOBS_PASSWORD`, `password_command` or an API key gives it).
    #[command(after_help = EXIT_HELP)]
    Login,
    /// Release the cached session token on the server and delete it here.
    #[command(after_help = EXIT_HELP)]
    Logout,
    /// List, show, start, complete and cancel jobs.
    #[command(after_help = EXIT_HELP)]
    Jobs {
        /// What to do.
        #[command(subcommand)]
        command: jobs::JobsCommand,
    },
    /// The statuses a job type offers, optionally for one life cycle state.
    #[command(after_help = EXIT_HELP)]
    Statuses(reads::StatusesArgs),
    /// The users of a unit (who may be named with `jobs complete --performed-by`).
    #[command(after_help = EXIT_HELP)]
    Users(reads::UsersArgs),
    /// Check the server against what crmjobs expects, read-only, for a bug report: the
    /// login and token, which methods answer, paging and order, dates, clock, error codes,
    /// and the profile settings it suggests. Never prints the token or a secret.
    #[command(after_help = DOCTOR_HELP)]
    Doctor,
    /// Actions not yet confirmed by the server: list, retry, discard.
    #[command(after_help = EXIT_HELP)]
    Outbox {
        /// What to do.
        #[command(subcommand)]
        command: outbox::OutboxCommand,
    },
    /// The audit log: every action's outcome, oldest first.
    #[command(after_help = EXIT_HELP)]
    Log(outbox::LogArgs),
    /// Run the stand-in CRM.COM server in the foreground (demos, tests).
    #[cfg(feature = "standin")]
    Standin(crate::standin::StandinArgs),
    /// Where the config file is, write an example, or validate it.
    Config {
        /// What to do.
        #[command(subcommand)]
        command: crate::config::ConfigCommand,
    },
}

/// Entry point of the binary.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // One thread: a burst of keys lands in the input channel before the loop wakes, so it
    // costs one frame; the work is network-bound, never CPU-bound.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("crmjobs: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(cli))
}

/// The demo's stand-in, as the flags describe it.
#[cfg(feature = "standin")]
fn demo_server(cli: &Cli) -> crate::runtime::launch::DemoServer {
    cli.demo_server.config()
}

/// The demo's stand-in: there is none in this build.
#[cfg(not(feature = "standin"))]
fn demo_server(_cli: &Cli) -> crate::runtime::launch::DemoServer {
    crate::runtime::launch::DemoServer
}

async fn run(cli: Cli) -> ExitCode {
    let server = demo_server(&cli);
    let global = cli.global;
    let exit = match cli.command {
        #[cfg(feature = "standin")]
        Some(Sub::Standin(args)) => return crate::standin::serve(args).await,
        Some(Sub::Config { command }) => {
            return crate::config::run_config_command(command, global.config.as_deref());
        }
        Some(Sub::Login) => session::login(&global).await,
        Some(Sub::Logout) => session::logout(&global).await,
        Some(Sub::Jobs { command }) => jobs::run(&global, command).await,
        Some(Sub::Statuses(args)) => reads::statuses(&global, &args).await,
        Some(Sub::Users(args)) => reads::users(&global, &args).await,
        Some(Sub::Doctor) => doctor::run(&global).await,
        Some(Sub::Outbox { command }) => outbox::run(&global, command).await,
        Some(Sub::Log(args)) => outbox::log(&global, &args),
        None => return interactive(cli.demo.then_some(server), global).await,
    };
    exit.into()
}

async fn interactive(demo: Option<crate::runtime::launch::DemoServer>, global: Global) -> ExitCode {
    if let Some(server) = demo {
        // The demo logs in to its own stand-in but honours the file's keys, theme, ...
        let overrides = crate::config::Overrides {
            config: global.config.clone(),
            profile: global.profile.clone(),
            ..crate::config::Overrides::default()
        };
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let settings = match crate::config::load_settings(&overrides, &env) {
            Ok(settings) => settings,
            Err(error) => {
                report(&error);
                return Exit::Usage.into();
            }
        };
        return match crate::runtime::launch::demo_with(Some(&settings), server).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                report(&error);
                ExitCode::FAILURE
            }
        };
    }
    let loaded = match crate::config::load(&session::overrides(&global)) {
        Ok(loaded) => loaded,
        Err(error) => {
            report(&error);
            return Exit::Usage.into();
        }
    };
    match crate::runtime::profile::run(loaded).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(crate::runtime::profile::LaunchError::Config(error)) => {
            report(&error);
            Exit::Usage.into()
        }
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}

/// Reports a failure of the interactive app. Not `eprintln!`: it panics when stderr is a
/// terminal that went away, and a dropped session must end quietly.
fn report(error: &dyn std::fmt::Display) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "crmjobs: {}",
        crate::text::printable(&error.to_string(), crate::text::Keep::OneLine)
    );
}
