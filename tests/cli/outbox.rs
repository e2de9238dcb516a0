//! Actions through the outbox from the command line: an answer that cannot be had is exit 4
//! and stays in the outbox; `outbox list`, `retry` and `discard` work on it; `log` shows
//! every outcome from the audit log.

use crate::cli_support;

use std::time::Duration;

use cli_support::{Bench, mask};
use crmjobs::api::model::LifeCycleState;
use crmjobs::standin::Faults;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsettled_action_exits_4_and_waits_in_the_outbox() {
    let bench = Bench::start().await;
    let jobs = bench.jobs(LifeCycleState::InProgress, 2, |_| true).await;
    // A one-second deadline against a server three seconds slow: no answer, no read-back.
    let config = bench.home.path().join("slow.toml");
    std::fs::write(&config, "[profiles.default]\nrequest_timeout = 1\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    assert_eq!(bench.run(&["--config", &config, "login"]).await.code, 0);
    bench.server.set_faults(Faults {
        latency: Duration::from_secs(3),
        ..Faults::default()
    });
    let numbers = [jobs[0].number.as_str(), jobs[1].number.as_str()];
    let lost = bench
        .run(&[&["--config", &config, "jobs", "complete"][..], &numbers].concat())
        .await;
    assert_eq!(lost.code, 4, "{lost:?}");
    assert_eq!(lost.stdout.matches("\twaiting\t").count(), 2, "{lost:?}");
    bench.server.set_faults(Faults::default());

    let listed = bench.run(&["outbox", "list", "--json"]).await;
    assert_eq!(listed.code, 0, "{listed:?}");
    let doc: serde_json::Value = serde_json::from_str(&listed.stdout).expect("JSON");
    let entries = doc["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 2, "{doc}");
    assert_eq!(entries[0]["action"], "complete");
    assert_eq!(entries[0]["state"], "waiting");
    let first = entries[0]["id"].as_str().expect("id").to_owned();
    let second = entries[1]["id"].as_str().expect("id").to_owned();
    assert!(!listed.stdout.contains("demo-password") && !listed.stdout.contains("eyJ"));

    let retried = bench.run(&["outbox", "retry", &first]).await;
    assert_eq!(retried.code, 0, "{retried:?}");
    assert!(retried.stdout.contains("applied\tCOMPLETED"), "{retried:?}");
    let discarded = bench.run(&["outbox", "discard", &second]).await;
    assert_eq!(discarded.code, 0, "{discarded:?}");
    let empty = bench.run(&["outbox", "list"]).await;
    assert_eq!(empty.stdout, "", "nothing left: {empty:?}");
    let unknown = bench.run(&["outbox", "discard", &second]).await;
    assert_eq!(unknown.code, 2, "{unknown:?}");

    let log = bench.run(&["log", "--csv"]).await;
    assert_eq!(log.code, 0, "{log:?}");
    insta::assert_snapshot!(
        "log_csv",
        mask(
            &log.stdout
                .replace(&jobs[0].number, "<job1>")
                .replace(&jobs[1].number, "<job2>")
        )
    );
    let later = bench.run(&["log", "--since", "+1h"]).await;
    assert_eq!(later.stdout, "", "nothing after now: {later:?}");
}
