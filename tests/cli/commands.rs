//! The scripting commands end to end: the real binary against a stand-in on 127.0.0.1, its
//! output in every format (snapshots, volatile parts masked) and its exit codes.

use crate::cli_support;

use cli_support::{Bench, mask};
use crmjobs::api::model::{FulfillmentScope, LifeCycleState};
use crmjobs::standin::{Faults, StandinConfig};

const ANY: fn(FulfillmentScope) -> bool = |_| true;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_prints_a_table_plain_lines_json_and_csv() {
    let bench = Bench::start().await;
    let list = ["jobs", "list", "--state", "in-progress", "--limit", "3"];
    let plain = bench.run(&list).await;
    assert_eq!(plain.code, 0, "{plain:?}");
    assert_eq!(plain.stdout.lines().count(), 3, "no header when piped");
    insta::assert_snapshot!("list_plain", mask(&plain.stdout));
    for format in ["--table", "--json", "--csv"] {
        let run = bench.run(&[&list[..], &[format]].concat()).await;
        assert_eq!(run.code, 0, "{run:?}");
        insta::assert_snapshot!(
            format!("list{}", format.replace("--", "_")),
            mask(&run.stdout)
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&bench.run(&[&list[..], &["--json"]].concat()).await.stdout)
            .expect("one JSON document");
    assert_eq!(json["jobs"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["jobs"][0]["life_cycle_state"], "IN_PROGRESS");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_follows_pages_with_limit_and_all() {
    let bench = Bench::start().await;
    let expected = bench.jobs(LifeCycleState::Pending, 1, ANY).await;
    let all = bench
        .client()
        .jobs_by_state(
            LifeCycleState::Pending,
            None,
            crmjobs::api::model::Page::first(1000),
        )
        .await
        .expect("all pending");
    assert!(all.len() > 7, "the seed has enough pending jobs");
    // A page size of 3 from a config file makes the paging visible.
    let config = bench.home.path().join("paged.toml");
    std::fs::write(&config, "[profiles.default]\npage_size = 3\n").expect("config");
    let config = config.to_string_lossy().into_owned();
    let limited = bench
        .run(&[
            "--config", &config, "jobs", "list", "--state", "pending", "--limit", "7",
        ])
        .await;
    assert_eq!(limited.stdout.lines().count(), 7, "{limited:?}");
    assert!(limited.stdout.starts_with(&expected[0].number));
    let every = bench
        .run(&[
            "--config", &config, "jobs", "list", "--state", "pending", "--all",
        ])
        .await;
    assert_eq!(every.stdout.lines().count(), all.len());
    let one_page = bench
        .run(&["--config", &config, "jobs", "list", "--state", "pending"])
        .await;
    assert_eq!(
        one_page.stdout.lines().count(),
        3,
        "one page of the profile's size"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_prints_one_job_in_full() {
    let bench = Bench::start().await;
    let job = &bench.jobs(LifeCycleState::InProgress, 1, ANY).await[0];
    let run = bench.run(&["jobs", "show", &job.number, "--json"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(doc["job"]["number"], job.number.as_str());
    assert_eq!(doc["job"]["life_cycle_state"], "IN_PROGRESS");
    let plain = bench.run(&["jobs", "show", &job.number]).await;
    assert!(
        plain.stdout.contains(&format!("number\t{}\n", job.number)),
        "{plain:?}"
    );
    let missing = bench.run(&["jobs", "show", "JB99999"]).await;
    assert_eq!(missing.code, 1, "an unknown job is a refusal: {missing:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn complete_applies_and_refusal_exits_1() {
    let bench = Bench::start().await;
    let done = &bench.jobs(LifeCycleState::InProgress, 1, ANY).await[0];
    let pending = &bench.jobs(LifeCycleState::Pending, 1, ANY).await[0];
    let ok = bench.run(&["jobs", "complete", &done.number]).await;
    assert_eq!(ok.code, 0, "{ok:?}");
    assert!(
        ok.stdout
            .starts_with(&format!("{}\tapplied\tCOMPLETED\t", done.number)),
        "{ok:?}"
    );
    assert_eq!(bench.server.applied_actions(&done.number), 1);
    let refused = bench
        .run(&["jobs", "complete", &pending.number, "--json"])
        .await;
    assert_eq!(refused.code, 1, "{refused:?}");
    let doc: serde_json::Value = serde_json::from_str(&refused.stdout).expect("JSON");
    assert_eq!(doc["results"][0]["outcome"], "refused");
    assert!(
        doc["results"][0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("INVALID_LIFE_CYCLE_STATE"),
        "{doc}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_numbers_from_stdin_give_one_line_each() {
    let bench = Bench::start().await;
    let started = bench.jobs(LifeCycleState::Pending, 2, ANY).await;
    let in_progress = &bench.jobs(LifeCycleState::InProgress, 1, ANY).await[0];
    let stdin = format!(
        "{}\n{} {}\n",
        started[0].number, in_progress.number, started[1].number
    );
    let password = [("CRMJOBS_PASSWORD", crmjobs::standin::DEMO_PASSWORD)];
    let run = bench
        .run_with(&["jobs", "start", "-", "--csv"], &password, Some(&stdin))
        .await;
    assert_eq!(run.code, 1, "one refusal among three: {run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "header and one line per job: {run:?}");
    assert_eq!(lines[0], "job,outcome,life_cycle_state,status,message");
    assert!(lines[1].starts_with(&format!("{},applied,IN_PROGRESS,", started[0].number)));
    assert!(lines[2].starts_with(&format!("{},refused,,,", in_progress.number)));
    assert!(lines[3].starts_with(&format!("{},applied,IN_PROGRESS,", started[1].number)));
    let all_good = bench
        .run(&["jobs", "complete", &started[0].number, &started[1].number])
        .await;
    assert_eq!(all_good.code, 0, "{all_good:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_forms_checks_run_before_anything_is_sent() {
    let bench = Bench::start().await;
    let not_new = |s: FulfillmentScope| !s.takes_performed_by() && !s.takes_scheduled_date();
    let job = &bench.jobs(LifeCycleState::InProgress, 1, not_new).await[0];
    let future = bench
        .run(&["jobs", "complete", &job.number, "--performed-on", "+2h"])
        .await;
    assert_eq!(future.code, 2, "{future:?}");
    assert!(
        future.stderr.contains("--performed-on is in the future")
            && future.stderr.contains("the work must already be done"),
        "the form's words: {future:?}"
    );
    let unreadable = bench
        .run(&[
            "jobs",
            "complete",
            &job.number,
            "--scheduled-date",
            "whenever",
        ])
        .await;
    assert_eq!(unreadable.code, 2, "{unreadable:?}");
    assert!(
        unreadable.stderr.contains("cannot read \"whenever\""),
        "{unreadable:?}"
    );
    let scope = bench
        .run(&["jobs", "complete", &job.number, "--performed-by", "mkovacs"])
        .await;
    assert_eq!(scope.code, 1, "{scope:?}");
    assert!(
        scope.stdout.contains("not_sent")
            && scope.stdout.contains("only for New subscription jobs")
    );
    let status = bench
        .run(&["jobs", "complete", &job.number, "--status", "Nonsense"])
        .await;
    assert_eq!(status.code, 1, "{status:?}");
    assert!(
        status.stdout.contains("no status matches \"Nonsense\""),
        "{status:?}"
    );
    assert_eq!(
        bench.server.applied_actions(&job.number),
        0,
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn complete_sends_the_scope_parameters_and_a_chosen_status() {
    let bench = Bench::start().await;
    let new = &bench
        .jobs(
            LifeCycleState::InProgress,
            1,
            FulfillmentScope::takes_performed_by,
        )
        .await[0];
    let run = bench
        .run(&[
            "jobs",
            "complete",
            &new.number,
            "--performed-by",
            "supervisor",
            "--performed-on",
            "-1h",
            "--status",
            "installed",
            "--json",
        ])
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(doc["results"][0]["status"], "Installed", "{doc}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_asks_unless_yes_and_usage_errors_exit_2() {
    let bench = Bench::start().await;
    let job = &bench.jobs(LifeCycleState::Pending, 1, ANY).await[0];
    let refused = bench
        .run(&["--no-input", "jobs", "cancel", &job.number])
        .await;
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("--yes"), "{refused:?}");
    assert_eq!(bench.server.applied_actions(&job.number), 0);
    let yes = bench.run(&["jobs", "cancel", &job.number, "--yes"]).await;
    assert_eq!(yes.code, 0, "{yes:?}");
    assert!(yes.stdout.contains("CANCELLED"));
    let bad = bench.run(&["jobs", "list", "--state", "sleeping"]).await;
    assert_eq!(bad.code, 2, "clap's usage error: {bad:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_is_settled_by_reading_back_and_an_unreachable_server_exits_5() {
    let bench = Bench::start_with(StandinConfig {
        jobs: 120,
        faults: Faults {
            drop_rate: 1.0,
            ..Faults::default()
        },
        ..StandinConfig::default()
    })
    .await;
    let job = &bench.jobs(LifeCycleState::InProgress, 1, ANY).await[0];
    let lost = bench.run(&["jobs", "complete", &job.number]).await;
    assert_eq!(lost.code, 0, "the job read back shows it applied: {lost:?}");
    assert!(
        lost.stdout.contains("\talready_applied\tCOMPLETED\t"),
        "{lost:?}"
    );
    assert_eq!(bench.server.applied_actions(&job.number), 1, "sent once");
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("port");
        listener.local_addr().expect("addr").port()
    };
    let gone = bench
        .run(&[
            "--server",
            &format!("http://127.0.0.1:{closed}"),
            "jobs",
            "list",
            "--state",
            "pending",
        ])
        .await;
    assert_eq!(gone.code, 5, "{gone:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn statuses_and_users_list_reference_data() {
    let bench = Bench::start().await;
    let statuses = bench
        .run(&[
            "statuses",
            "--type",
            "Field repair",
            "--state",
            "completed",
            "--table",
        ])
        .await;
    assert_eq!(statuses.code, 0, "{statuses:?}");
    insta::assert_snapshot!("statuses_table", statuses.stdout);
    let users = bench.run(&["users", "--unit", "East Depot", "--csv"]).await;
    assert_eq!(users.code, 0, "{users:?}");
    insta::assert_snapshot!("users_csv", users.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_documents_the_exit_codes() {
    let bench = Bench::start().await;
    for command in [
        &["--help"][..],
        &["jobs", "complete", "--help"],
        &["jobs", "list", "--help"],
        &["login", "--help"],
        &["outbox", "--help"],
    ] {
        let help = bench.run(command).await;
        assert_eq!(help.code, 0, "{help:?}");
        assert!(
            help.stdout.contains("Exit codes:") && help.stdout.contains("4  outcome unknown"),
            "{command:?}: {help:?}"
        );
    }
}
