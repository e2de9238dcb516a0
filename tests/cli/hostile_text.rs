//! Job text is typed by many people: control characters in it (ESC sequences, OSC 52 that
//! writes the clipboard, BEL, C1 controls) reach the terminal through no output form.

use crate::cli_support;

use cli_support::Bench;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState};
use serde_json::json;

/// Clipboard write, window title, clear screen, an 8-bit CSI, a bell, and a tab and a line
/// break (which a TSV line must not carry raw either).
const HOSTILE: &str =
    "Fix\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\tline\nbreak";

fn assert_inert(what: &str, text: &str) {
    let bad: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .collect();
    assert!(bad.is_empty(), "{what} carries controls {bad:?}:\n{text}");
    assert!(
        text.contains('\u{FFFD}'),
        "{what} shows where they were:\n{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn job_text_with_controls_is_shown_not_obeyed_in_every_output_form() {
    let bench = Bench::start().await;
    let job = bench
        .jobs(LifeCycleState::InProgress, 1, |_: FulfillmentScope| true)
        .await
        .remove(0);
    bench.server.patch_job(
        &job.number,
        json!({"description": HOSTILE, "notes": HOSTILE}),
    );
    let list = ["jobs", "list", "--state", "in-progress", "--limit", "5"];
    for (form, extra) in [("table", "--table"), ("plain", ""), ("csv", "--csv")] {
        let mut args = list.to_vec();
        if !extra.is_empty() {
            args.push(extra);
        }
        let run = bench.run(&args).await;
        assert_eq!(run.code, 0, "{run:?}");
        assert_inert(form, &run.stdout);
        if form == "plain" {
            // The hostile line has as many fields as its clean neighbours.
            let tabs: Vec<usize> = run
                .stdout
                .lines()
                .map(|l| l.matches('\t').count())
                .collect();
            assert!(
                tabs.len() > 1 && tabs.iter().all(|t| *t == tabs[0]),
                "{tabs:?}"
            );
            assert!(run.stdout.lines().any(|l| l.starts_with(&job.number)));
        }
    }
    let show = bench.run(&["jobs", "show", &job.number, "--table"]).await;
    assert_eq!(show.code, 0, "{show:?}");
    assert_inert("show", &show.stdout);
    let json = bench.run(&["jobs", "show", &job.number, "--json"]).await;
    assert!(
        !json.stdout.contains('\u{1b}'),
        "JSON escapes them: {}",
        json.stdout
    );
}
