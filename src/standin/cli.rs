//! `crmjobs standin`: the command-line options and the foreground server.

use std::process::ExitCode;
use std::time::Duration;

use chrono_tz::Tz;

use super::{
    DEMO_API_KEY, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Faults, Flavour, StandinConfig,
    StandinServer,
};

/// Options of `crmjobs standin`.
#[derive(clap::Args, Debug, Clone)]
pub struct StandinArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// How many jobs to generate (up to 100,000).
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(0..=100_000))]
    pub jobs: u32,
    /// Seed of the generated data; the same seed gives the same jobs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Up to this many milliseconds added to or taken from the latency at random.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,
    /// Share of requests (0 to 1) answered HTTP 503 before any change.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub fail_rate: f64,
    /// Share of actions (0 to 1) applied and then left without an answer.
    #[arg(long, default_value_t = 0.0, value_parser = share)]
    pub drop_rate: f64,
    /// Token lifetime in seconds.
    #[arg(long, default_value_t = 7200, value_parser = clap::value_parser!(u64).range(1..))]
    pub token_ttl: u64,
    /// How CRM.COM is played: `strict` (the project's own error codes and every method the
    /// client may use) or `documented` (only what CRM.COM's public record shows: Java
    /// exception codes, no `get_pending`, `get_in_progress`, `get_cancelled`, `all_scopes/show`
    /// or token release, jobs shaped like the real examples).
    #[arg(long, value_enum, default_value_t = Flavour::Strict)]
    pub flavour: Flavour,
    /// IANA time zone the server writes and reads dates without an offset in, e.g.
    /// `Asia/Kolkata`.
    #[arg(long, value_name = "AREA/CITY", default_value = "UTC", value_parser = zone)]
    pub tz: Tz,
    /// Answer every list whole, ignoring `number_of_results` and `offset`, as a server before
    /// R13 does.
    #[arg(long)]
    pub ignore_paging: bool,
}

/// How the stand-in of `crmjobs --demo` plays CRM.COM.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct DemoArgs {
    /// With --demo: `strict` (the default) or `documented`, as for `crmjobs standin`.
    #[arg(
        long = "flavour",
        value_name = "FLAVOUR",
        value_enum,
        requires = "demo"
    )]
    pub demo_flavour: Option<Flavour>,
    /// With --demo: the stand-in's time zone (IANA name); the demo's client is not told.
    #[arg(long = "tz", value_name = "AREA/CITY", requires = "demo", value_parser = zone)]
    pub demo_tz: Option<Tz>,
    /// With --demo: the stand-in ignores paging, as a server before R13 does.
    #[arg(long = "ignore-paging", requires = "demo")]
    pub demo_ignore_paging: bool,
}

impl DemoArgs {
    /// The demo stand-in's configuration: the defaults with these choices.
    #[must_use]
    pub fn config(&self) -> StandinConfig {
        StandinConfig {
            flavour: self.demo_flavour.unwrap_or_default(),
            zone: self.demo_tz.unwrap_or(Tz::UTC),
            ignore_paging: self.demo_ignore_paging,
            ..StandinConfig::default()
        }
    }
}

/// An IANA zone name.
fn zone(text: &str) -> Result<Tz, String> {
    text.parse::<Tz>()
        .map_err(|_| format!("{text:?} is not an IANA time zone name such as Europe/Athens"))
}

fn share(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

impl StandinArgs {
    /// The server configuration these options describe.
    #[must_use]
    pub fn config(&self) -> StandinConfig {
        StandinConfig {
            port: self.port,
            jobs: self.jobs as usize,
            seed: self.seed,
            faults: Faults {
                latency: Duration::from_millis(self.latency_ms),
                jitter: Duration::from_millis(self.jitter_ms),
                fail_rate: self.fail_rate,
                drop_rate: self.drop_rate,
                token_ttl: Duration::from_secs(self.token_ttl),
            },
            flavour: self.flavour,
            zone: self.tz,
            ignore_paging: self.ignore_paging,
        }
    }
}

/// Runs the stand-in in the foreground until Ctrl-C; prints the URL and demo credentials.
/// Sets up request logging to stderr unless a subscriber is already installed.
pub async fn serve(args: StandinArgs) -> ExitCode {
    // Another subscriber may already be installed by the caller; that one wins.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .try_init();
    let config = args.config();
    let server = match StandinServer::start(config.clone()).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!(
                "crmjobs standin: cannot start on port {}: {error}",
                config.port
            );
            return ExitCode::FAILURE;
        }
    };
    println!("Stand-in CRM.COM server on {}", server.url());
    println!("  {} jobs, seed {}", config.jobs, config.seed);
    println!(
        "  flavour {}, dates in {}{}",
        config.flavour.name(),
        config.zone.name(),
        if config.ignore_paging {
            ", paging ignored"
        } else {
            ""
        }
    );
    println!("  organisation: {DEMO_ORGANISATION}");
    println!("  username:     {DEMO_USERNAME}");
    println!("  password:     {DEMO_PASSWORD}");
    println!("  Web API key:  {DEMO_API_KEY}");
    println!("Press Ctrl-C to stop.");
    let stopped = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    match stopped {
        Ok(()) => {
            println!("Stand-in stopped.");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("crmjobs standin: cannot wait for Ctrl-C: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        standin: StandinArgs,
    }

    #[test]
    fn options_become_the_configuration() {
        let cli = Cli::try_parse_from([
            "standin",
            "--port",
            "0",
            "--jobs",
            "100000",
            "--seed",
            "9",
            "--latency-ms",
            "250",
            "--jitter-ms",
            "50",
            "--fail-rate",
            "0.1",
            "--drop-rate",
            "0.2",
            "--token-ttl",
            "3",
        ])
        .unwrap();
        let config = cli.standin.config();
        assert_eq!((config.port, config.jobs, config.seed), (0, 100_000, 9));
        assert_eq!(config.faults.latency, Duration::from_millis(250));
        assert_eq!(config.faults.jitter, Duration::from_millis(50));
        assert!((config.faults.fail_rate - 0.1).abs() < f64::EPSILON);
        assert!((config.faults.drop_rate - 0.2).abs() < f64::EPSILON);
        assert_eq!(config.faults.token_ttl, Duration::from_secs(3));
        assert_eq!(config.flavour, Flavour::Strict);
        assert_eq!(config.zone, Tz::UTC);
        assert!(!config.ignore_paging);
    }

    #[test]
    fn flavour_zone_and_paging_options() {
        let cli = Cli::try_parse_from([
            "standin",
            "--flavour",
            "documented",
            "--tz",
            "Asia/Kolkata",
            "--ignore-paging",
        ])
        .unwrap();
        let config = cli.standin.config();
        assert_eq!(config.flavour, Flavour::Documented);
        assert_eq!(config.zone, chrono_tz::Asia::Kolkata);
        assert!(config.ignore_paging);
        assert!(Cli::try_parse_from(["standin", "--tz", "Mars/Olympus"]).is_err());
        assert!(Cli::try_parse_from(["standin", "--flavour", "lenient"]).is_err());
    }

    #[test]
    fn defaults_have_no_faults_and_two_hour_tokens() {
        let config = Cli::try_parse_from(["standin"]).unwrap().standin.config();
        assert_eq!(config.jobs, 600);
        assert_eq!(config.faults, Faults::default());
        assert_eq!(config.faults.token_ttl, Duration::from_secs(7200));
    }

    #[test]
    fn out_of_range_options_are_refused() {
        for args in [
            ["standin", "--fail-rate", "1.5"],
            ["standin", "--drop-rate", "-0.1"],
            ["standin", "--jobs", "100001"],
            ["standin", "--token-ttl", "0"],
            ["standin", "--tz", "+05:30"],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?}");
        }
    }
}
