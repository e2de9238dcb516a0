//! Logging of the interactive app. The terminal is the screen, so logs go to a file, and
//! only when asked: `CRMJOBS_LOG=FILE` appends to FILE, filtered by `RUST_LOG` (default
//! `info`). Nothing logged carries a secret: tokens, passwords and keys are `SecretString`s,
//! whose Debug output is redacted, and no log line formats one.

use std::sync::Mutex;

/// The variable naming the log file.
pub const LOG_ENV: &str = "CRMJOBS_LOG";

/// Starts logging to the file `CRMJOBS_LOG` names, if it names one. A file that cannot be
/// opened means no logging, not a failure to start.
pub fn init_from_env() {
    let Some(path) = std::env::var_os(LOG_ENV).filter(|p| !p.is_empty()) else {
        return;
    };
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
    else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Another subscriber (a test's) may be installed already; that one wins.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .try_init();
}
