//! `crmjobs config path|init|check` as a user runs them: the real binary with a temporary
//! home (XDG_* variables), its output and exit codes; and `--help` documenting precedence.

use std::path::Path;
use std::process::{Command, Output};

fn crmjobs(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crmjobs"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_DATA_HOME", home.join("data"))
        .output()
        .expect("run crmjobs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn path_init_check_round_trip() {
    let home = tempfile::tempdir().unwrap();
    let expected = home.path().join("config/crmjobs/config.toml");
    let out = crmjobs(home.path(), &["config", "path"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), format!("{}\n", expected.display()));

    let out = crmjobs(home.path(), &["config", "check"]);
    assert_eq!(out.status.code(), Some(2), "no file yet");
    assert!(
        text(&out.stderr).contains("crmjobs config init"),
        "{}",
        text(&out.stderr)
    );

    let out = crmjobs(home.path(), &["config", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(expected.exists());
    let out = crmjobs(home.path(), &["config", "check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("{}: ok (2 profiles)\n", expected.display())
    );

    let out = crmjobs(home.path(), &["config", "init"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_names_lines_and_fails_with_code_2() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("elsewhere.toml");
    std::fs::write(
        &file,
        "[keys]\ncomplete = \"s\"\nhelp = \"F99x\"\n[profiles.p]\nserver = \"https://x\"\nauto_refresh = -1\n",
    )
    .unwrap();
    let name = file.to_str().unwrap();
    let out = crmjobs(home.path(), &["--config", name, "config", "check"]);
    assert_eq!(out.status.code(), Some(2));
    let report = text(&out.stderr).replace(name, "FILE");
    assert_eq!(
        report,
        "FILE:2: key `s` is bound to both `start` and `complete` in list mode\n\
         FILE:2: key `s` is bound to both `start` and `complete` in detail mode\n\
         FILE:3: unknown key \"F99x\" (for `help`)\n\
         FILE:6: auto_refresh = -1 is out of range 0..=86400\n"
    );
    let out = crmjobs(home.path(), &["config", "path", "--config", name]);
    assert_eq!(
        text(&out.stdout),
        format!("{name}\n"),
        "--config after the subcommand too"
    );
}

#[test]
fn a_bad_config_stops_the_tui_before_the_terminal_with_code_2() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("config/crmjobs/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "[profiles.p]\nserver = \"https://x\"\norganisation = \"o\"\nusername = \"u\"\npage_sise = 5\n").unwrap();
    let out = crmjobs(home.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:5: unknown field `page_sise`", file.display())),
        "{stderr}"
    );
    std::fs::write(&file, "[profiles.p]\nserver = \"https://x\"\n").unwrap();
    let out = crmjobs(home.path(), &["--profile", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no profile \"nope\""),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_documents_precedence_and_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let help = text(&crmjobs(home.path(), &["--help"]).stdout);
    for needle in [
        "flags, environment variables",
        "CRMJOBS_PASSWORD",
        "CRMJOBS_API_KEY",
        "CRMJOBS_PROFILE",
        "--config <FILE>",
        "crmjobs config init",
    ] {
        assert!(
            help.contains(needle),
            "{needle:?} missing from --help:\n{help}"
        );
    }
    let help = text(&crmjobs(home.path(), &["config", "--help"]).stdout);
    for needle in ["path", "init", "check"] {
        assert!(help.contains(needle), "{help}");
    }
}

#[test]
fn without_a_server_or_with_a_failing_password_command_it_stops_with_code_2() {
    let home = tempfile::tempdir().unwrap();
    let out = crmjobs(home.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no server") && stderr.contains("CRMJOBS_SERVER"),
        "{stderr}"
    );
    let file = home.path().join("config/crmjobs/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(
        &file,
        "[profiles.p]\nserver = \"http://127.0.0.1:9\"\norganisation = \"o\"\nusername = \"u\"\n\
         password_command = \"echo not-this-secret; exit 3\"\n",
    )
    .unwrap();
    let out = crmjobs(home.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("password_command failed"), "{stderr}");
    assert!(
        !stderr.contains("not-this-secret"),
        "the output is never repeated: {stderr}"
    );
}
