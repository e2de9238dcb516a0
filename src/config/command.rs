//! `crmjobs config path|init|check`: where the file is, writing the commented example, and
//! validating a file with line numbers (exit code 0 when clean, 2 when not).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;

use super::check::file_problems;
use super::{ConfigError, Paths, file};

/// The commented example `config init` writes (also `assets/config.example.toml`).
pub const EXAMPLE: &str = include_str!("../../assets/config.example.toml");

/// `crmjobs config ...`.
#[derive(Subcommand, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigCommand {
    /// Print the config file's path (`--config`/`CRMJOBS_CONFIG`, else the platform's).
    Path,
    /// Write a commented example config; never overwrites an existing file.
    Init,
    /// Validate the config file and each profile's keymap; exit code 0 when clean, 2 when not.
    Check,
}

/// Runs a `config` subcommand; `config` is the `--config` flag, if given.
#[must_use]
pub fn run_config_command(command: ConfigCommand, config: Option<&Path>) -> ExitCode {
    let env = std::env::var_os(super::paths::CONFIG_ENV).filter(|v| !v.is_empty());
    let paths = match Paths::discover_with(config.or(env.as_deref().map(Path::new))) {
        Ok(paths) => paths,
        Err(error) => {
            eprintln!("crmjobs: {error}");
            return ExitCode::from(2);
        }
    };
    let path = &paths.config_file;
    let (out, err, code) = match command {
        ConfigCommand::Path => (format!("{}\n", path.display()), String::new(), 0),
        ConfigCommand::Init => match init(path) {
            Ok(()) => (format!("wrote {}\n", path.display()), String::new(), 0),
            Err(message) => (String::new(), format!("crmjobs: {message}\n"), 1),
        },
        ConfigCommand::Check => match check(path) {
            Ok(summary) => (summary, String::new(), 0),
            Err(report) => (String::new(), report, 2),
        },
    };
    // A closed pipe (`| head`) is no reason to fail.
    let _ = std::io::stdout().write_all(out.as_bytes());
    let _ = std::io::stderr().write_all(err.as_bytes());
    ExitCode::from(code)
}

/// Writes the example to `path`, creating its folder; refuses to replace a file.
///
/// # Errors
/// The file exists or could not be written.
pub fn init(path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} already exists; not overwriting it", path.display())
            }
            _ => format!("cannot write {}: {e}", path.display()),
        })?;
    file.write_all(EXAMPLE.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Validates the file at `path`: a one-line summary when clean, else one `PATH:LINE:
/// message` line per problem.
///
/// # Errors
/// The report of every problem found.
pub fn check(path: &Path) -> Result<String, String> {
    let source = match file::read(path) {
        Ok(Some(source)) => source,
        Ok(None) => {
            return Err(format!(
                "{}: no such file (`crmjobs config init` writes an example)\n",
                path.display()
            ));
        }
        Err(error) => return Err(format!("{error}\n")),
    };
    let raw = match file::parse(&source) {
        Ok(raw) => raw,
        Err(error) => return Err(format!("{error}\n")),
    };
    let problems = file_problems(&source, &raw);
    if problems.is_empty() {
        let count = raw.profiles.len();
        return Ok(format!(
            "{}: ok ({count} profile{})\n",
            path.display(),
            if count == 1 { "" } else { "s" }
        ));
    }
    let mut report = String::new();
    for problem in problems {
        let error = ConfigError::Invalid {
            path: path.to_path_buf(),
            line: problem.line,
            message: problem.message,
        };
        report.push_str(&error.to_string());
        report.push('\n');
    }
    Err(report)
}
