//! A completion form survives the process being killed: the real binary (`--demo`) in a
//! pseudo-terminal, a status chosen in the form, SIGKILL; the next start offers the draft
//! back after the login, and restoring it reopens the form with the same status, which then
//! completes the job with it.
#![cfg(target_os = "linux")]

use crate::tty_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use tty_support::Pty;

fn demo(home: &Path) -> Pty {
    let at = |sub: &str| home.join(sub).display().to_string();
    let (config, state, data) = (at("config"), at("state"), at("data"));
    let pty = Pty::crmjobs(
        &["--demo"],
        &[
            ("HOME", at("").as_str()),
            ("XDG_CONFIG_HOME", config.as_str()),
            ("XDG_STATE_HOME", state.as_str()),
            ("XDG_DATA_HOME", data.as_str()),
        ],
    );
    pty.shared.wait_text("online");
    pty
}

/// The status the picker highlights: the row marked `> ` other than the field's label.
fn highlighted_status(screen: &str) -> Option<String> {
    screen.lines().find_map(|line| {
        let at = line.find("> ")?;
        let rest = &line[at + 2..];
        if rest.starts_with("Status") {
            return None;
        }
        let name = rest.split("  ").next()?.trim();
        let name = name.trim_end_matches(" (default)");
        (!name.is_empty()).then(|| name.to_owned())
    })
}

fn draft_files(home: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(home.join("data/crmjobs/drafts"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits (bounded, against a hang) until `done` holds.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let mut waited = Duration::ZERO;
    while !done() {
        assert!(waited < Duration::from_secs(60), "still waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
        waited += Duration::from_millis(50);
    }
}

#[test]
fn a_killed_session_offers_its_draft_back_and_it_restores_the_form() {
    let home = tempfile::tempdir().expect("a temp dir");
    let mut first = demo(home.path());
    first.send(b"2");
    first.shared.wait_text("JB");
    first.send(b"/Field repair\r");
    first.shared.wait_text("of");
    first.send(b"c");
    first.shared.wait_text("(default)");
    first.send(b"\x1b[B"); // Down: another status than the default
    let job = {
        let screen = first.shared.screen();
        let at = screen.find("Complete job ").expect("the form") + "Complete job ".len();
        screen[at..at + 7].to_owned()
    };
    wait_for("the draft file", || !draft_files(home.path()).is_empty());
    let chosen = highlighted_status(&first.shared.screen()).expect("a highlighted status");
    first.signal("KILL");
    first.wait_exit(0);
    let files = draft_files(home.path());
    assert_eq!(files.len(), 1, "one draft: {files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("readable");
    assert!(text.contains(&job), "the draft is of {job}: {text}");

    let mut second = demo(home.path());
    second
        .shared
        .wait_text(&format!("Restore the draft of the completion of {job}"));
    second.send(b"y");
    second.shared.wait_text(&format!("Complete job {job}"));
    second.shared.wait_text("(default)");
    let screen = second.shared.screen();
    assert_eq!(
        highlighted_status(&screen).as_deref(),
        Some(chosen.as_str()),
        "the draft's status is chosen again:\n{screen}"
    );
    second.send(b"\x13"); // Ctrl-s
    second
        .shared
        .wait_text(&format!("{job} is now Completed ({chosen})"));
    wait_for("the draft to go", || draft_files(home.path()).is_empty());
    second.send(b"q");
    second.wait_exit(0);
}
