//! An action applied while the audit log cannot be written is not a silent gap: the command
//! says so on stderr and ends with its own exit code (6); the action itself is done once.

use crate::cli_support;

use cli_support::Bench;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applied_action_whose_audit_write_fails_warns_and_exits_6() {
    let bench = Bench::start().await;
    let job = bench
        .jobs(LifeCycleState::InProgress, 1, |scope: FulfillmentScope| {
            !scope.takes_scheduled_date()
        })
        .await
        .remove(0);
    // A folder where the log's file should be: no append can succeed (even as root).
    let audit = bench.home.path().join("data/crmjobs/audit.jsonl");
    std::fs::create_dir_all(&audit).unwrap();
    let run = bench.run(&["jobs", "complete", &job.number]).await;
    assert_eq!(run.code, 6, "{run:?}");
    assert!(run.stdout.contains("applied"), "{run:?}");
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("audit log"),
        "{run:?}"
    );
    assert_eq!(bench.server.applied_actions(&job.number), 1);
}
