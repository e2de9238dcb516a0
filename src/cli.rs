//! Command-line definitions and the non-interactive commands.
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// How settings combine, shown at the end of `--help`.
const CONFIGURATION_HELP: &str = "\
Configuration:
  Settings come from, highest first: flags, environment variables (CRMJOBS_PROFILE,
  CRMJOBS_SERVER, CRMJOBS_ORGANISATION, CRMJOBS_USERNAME, CRMJOBS_PASSWORD, CRMJOBS_API_KEY,
  CRMJOBS_CONFIG), the config file's profile, then defaults. `crmjobs config init` writes a
  commented example, `crmjobs config path` prints where it lives, `crmjobs config check`
  validates it.";

/// Close CRM.COM service jobs from the terminal.
#[derive(Parser, Debug)]
#[command(name = "crmjobs", version, about, after_help = CONFIGURATION_HELP)]
pub struct Cli {
    /// Try it out: start the stand-in CRM.COM server in-process and log in as its supervisor.
    #[arg(long, conflicts_with_all = ["server", "organisation", "username"])]
    pub demo: bool,
    /// CRM.COM server base URL, e.g. `https://crm.example.com`.
    #[arg(long, env = "CRMJOBS_SERVER")]
    pub server: Option<String>,
    /// Organisation to log in to.
    #[arg(long, env = "CRMJOBS_ORGANISATION")]
    pub organisation: Option<String>,
    /// User name to log in as (the password is asked on screen).
    #[arg(long, env = "CRMJOBS_USERNAME")]
    pub username: Option<String>,
    /// Profile of the config file to use (default: the file's `default_profile`).
    #[arg(long, env = "CRMJOBS_PROFILE")]
    pub profile: Option<String>,
    /// Config file to read instead of the platform's (see `crmjobs config path`).
    #[arg(long, global = true, env = "CRMJOBS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to run instead of the interactive app.
    #[command(subcommand)]
    pub command: Option<Sub>,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Sub {
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

async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        #[cfg(feature = "standin")]
        Some(Sub::Standin(args)) => crate::standin::serve(args).await,
        Some(Sub::Config { command }) => {
            crate::config::run_config_command(command, cli.config.as_deref())
        }
        None => interactive(cli).await,
    }
}

async fn interactive(cli: Cli) -> ExitCode {
    if cli.demo {
        return match crate::runtime::launch::demo().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                report(&error);
                ExitCode::FAILURE
            }
        };
    }
    let overrides = crate::config::Overrides {
        config: cli.config,
        profile: cli.profile,
        server: cli.server,
        organisation: cli.organisation,
        username: cli.username,
    };
    let loaded = match crate::config::load(&overrides) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("crmjobs: {error}");
            return ExitCode::from(2);
        }
    };
    match crate::runtime::profile::run(loaded).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(crate::runtime::profile::LaunchError::Config(error)) => {
            eprintln!("crmjobs: {error}");
            ExitCode::from(2)
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
    let _ = writeln!(std::io::stderr(), "crmjobs: {error}");
}
