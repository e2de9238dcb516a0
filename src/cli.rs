//! Command-line definitions and the non-interactive commands.
use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Close CRM.COM service jobs from the terminal.
#[derive(Parser, Debug)]
#[command(name = "crmjobs", version, about)]
pub struct Cli {
    /// Try it out: start the stand-in CRM.COM server in-process and log in as its supervisor.
    #[arg(long, conflicts_with_all = ["server", "organisation", "username"])]
    pub demo: bool,
    /// CRM.COM server base URL, e.g. `https://crm.example.com`.
    #[arg(long, env = "CRMJOBS_SERVER", requires_all = ["organisation", "username"])]
    pub server: Option<String>,
    /// Organisation to log in to.
    #[arg(long, env = "CRMJOBS_ORGANISATION")]
    pub organisation: Option<String>,
    /// User name to log in as (the password is asked on screen).
    #[arg(long, env = "CRMJOBS_USERNAME")]
    pub username: Option<String>,
    /// Profile name shown in the header.
    #[arg(long, default_value = "default")]
    pub profile: String,
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
        None => interactive(cli).await,
    }
}

async fn interactive(cli: Cli) -> ExitCode {
    let result = if cli.demo {
        crate::runtime::launch::demo().await
    } else if let (Some(server), Some(organisation), Some(username)) =
        (cli.server, cli.organisation, cli.username)
    {
        let target = crate::runtime::launch::Target {
            profile: cli.profile,
            server,
            organisation,
            username,
        };
        crate::runtime::launch::remote(target).await
    } else {
        eprintln!(
            "crmjobs: give --server, --organisation and --username, or try --demo (see --help)"
        );
        return ExitCode::from(2);
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Not eprintln!: it panics when stderr is a terminal that went away.
            let _ = writeln!(std::io::stderr(), "crmjobs: {error}");
            ExitCode::FAILURE
        }
    }
}
