//! The scripting commands in each flavour through the real binary: `jobs list` of every state
//! (the documented flavour has no `get_pending`, `get_in_progress` nor `get_cancelled`), all
//! pages with paging honoured and with a server that ignores it, `jobs show`, `jobs complete`
//! with a chosen status, and `logout` where release is missing.
use crate::both;
use crate::cli_run;

use std::collections::HashSet;

use cli_run::{Cli, json, listed};
use crmjobs::api::ident::JobTypeIdentifier;
use crmjobs::api::model::LifeCycleState;
use crmjobs::standin::{DEMO_PASSWORD, Flavour};

/// Seeded jobs: every one of them is in exactly one of the five states.
const JOBS: usize = 120;

/// Requests one `--all` may cost: pages of 7, or the tab put together from one `list` per
/// job type; a paging loop that does not end costs thousands before the hard cap.
const MAX_REQUESTS: usize = 40;

/// The states as `--state` names them, with their wire names.
const STATES: [(&str, &str); 5] = [
    ("pending", "PENDING"),
    ("in-progress", "IN_PROGRESS"),
    ("completed", "COMPLETED"),
    ("cancelled", "CANCELLED"),
    ("draft", "DRAFT"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_lists_all_its_pages_with_paging_honoured() {
    both::each_flavour(|flavour| every_state_lists(flavour, false)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_state_lists_once_from_a_server_that_ignores_paging() {
    both::each_flavour(|flavour| every_state_lists(flavour, true)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_and_complete_with_a_chosen_status() {
    both::each_flavour(show_and_complete).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_deletes_the_token_whether_or_not_the_server_can_release_it() {
    both::each_flavour(logout).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_cached_token_asks_for_a_login_or_is_replaced_by_the_password() {
    both::each_flavour(expired_cached_token).await;
}

/// `jobs list --state S --all` in pages of 7 for every state: each job listed once, in its
/// own state, and all of them together are every seeded job. A server before R13 answers
/// every page whole: the first page longer than asked ends the listing.
async fn every_state_lists(flavour: Flavour, ignore_paging: bool) {
    let mut config = both::config(flavour, both::zone_of(flavour), JOBS);
    config.ignore_paging = ignore_paging;
    let cli = Cli::start(config).await;
    let paged = cli.paged_config(7);
    let mut seen = HashSet::new();
    for (state, wire) in STATES {
        let before = cli.server.answers_with(200);
        let run = cli
            .run(&[
                "--config", &paged, "jobs", "list", "--state", state, "--all", "--json",
            ])
            .await;
        let jobs = listed(&run);
        let asked = cli.server.answers_with(200) - before;
        assert!(
            asked <= MAX_REQUESTS,
            "{state}: {asked} requests for {} jobs",
            jobs.len()
        );
        assert!(!jobs.is_empty(), "{state}: the seed has such jobs");
        for job in &jobs {
            assert_eq!(job["life_cycle_state"], wire, "{state}: {job}");
            let number = job["number"].as_str().expect("a number").to_owned();
            assert!(seen.insert(number), "{state}: listed twice: {job}");
        }
        let one_page = cli
            .run(&[
                "--config", &paged, "jobs", "list", "--state", state, "--json",
            ])
            .await;
        let first = listed(&one_page);
        assert_eq!(first.len(), jobs.len().min(7), "{state}: one page of 7");
        assert_eq!(
            first[..],
            jobs[..first.len()],
            "{state}: the same first page"
        );
    }
    assert_eq!(seen.len(), JOBS, "every job in one state or another");
}

/// `jobs show` of a job in progress and of an unknown one; `jobs complete --status` with a
/// status other than the type's default, which reaches the server and the output.
async fn show_and_complete(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let cli = Cli::start(both::config(flavour, zone, JOBS)).await;
    let reader = both::logged_in(&cli.server, zone).await;
    let job = both::in_progress_where(&cli.server, &reader, both::plain).await;

    let shown = json(&cli.run(&["jobs", "show", &job.number, "--json"]).await);
    assert_eq!(shown["job"]["number"], job.number.as_str(), "{shown}");
    assert_eq!(shown["job"]["life_cycle_state"], "IN_PROGRESS", "{shown}");
    let missing = cli.run(&["jobs", "show", "JB99999"]).await;
    assert_eq!(missing.code, 1, "an unknown job is a refusal: {missing:?}");

    let job_type = job.job_type.as_ref().expect("a type");
    let statuses = reader
        .statuses(
            &JobTypeIdentifier::Id(job_type.id.clone()),
            Some(LifeCycleState::Completed),
        )
        .await
        .expect("the completion statuses");
    let status = statuses
        .iter()
        .find(|s| !s.default)
        .map_or_else(|| statuses[0].status.clone(), |s| s.status.clone());
    let done = json(
        &cli.run(&[
            "jobs",
            "complete",
            &job.number,
            "--status",
            &status.name,
            "--json",
        ])
        .await,
    );
    assert_eq!(done["results"][0]["outcome"], "applied", "{done}");
    assert_eq!(done["results"][0]["status"], status.name.as_str(), "{done}");
    let records = both::actions_on(&cli.server, &job.number);
    let sent = &both::the_applied(&records).params;
    assert!(
        both::names(&sent["status_identifier"], &status.id, &status.name),
        "{sent}"
    );
    assert_eq!(cli.server.applied_actions(&job.number), 1);
}

/// `login` caches a token; `logout` deletes it whatever the server says of the release.
async fn logout(flavour: Flavour) {
    let cli = Cli::start(both::config(flavour, both::zone_of(flavour), JOBS)).await;
    let login = cli
        .run_with(&["login"], &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)])
        .await;
    assert_eq!(login.code, 0, "{login:?}");
    assert!(cli.token_file().exists(), "the token is cached");
    let logout = cli.run_with(&["logout"], &[]).await;
    assert!(!cli.token_file().exists(), "deleted here: {logout:?}");
    match flavour {
        Flavour::Strict => {
            assert_eq!(logout.code, 0, "{logout:?}");
            assert!(logout.stderr.is_empty(), "{logout:?}");
        }
        Flavour::Documented => {
            // Release answers 404 here (deprecated from R12): a warning, and logged out.
            assert_eq!(logout.code, 0, "{logout:?}");
            assert!(
                logout.stderr.contains("warning") && logout.stderr.contains("not released"),
                "{logout:?}"
            );
        }
    }
    let after = cli
        .run_with(&["--no-input", "jobs", "list", "--state", "completed"], &[])
        .await;
    assert_eq!(after.code, 3, "logged out: {after:?}");
}

/// A cached token that died: without a password the command says to log in (exit 3), with
/// one it logs in again silently; every state's list works either way once logged in. The
/// documented flavour refuses the dead token with a code the client has to find out about.
async fn expired_cached_token(flavour: Flavour) {
    let cli = Cli::start(both::config(flavour, both::zone_of(flavour), JOBS)).await;
    let login = cli.run(&["login"]).await;
    assert_eq!(login.code, 0, "{login:?}");
    cli.server.expire_tokens();
    for (state, _) in STATES {
        let stale = cli
            .run_with(&["--no-input", "jobs", "list", "--state", state], &[])
            .await;
        assert_eq!(
            stale.code, 3,
            "{state}: expired, no way to log in: {stale:?}"
        );
        assert!(stale.stderr.contains("crmjobs login"), "{state}: {stale:?}");
    }
    let logins = cli.server.logins();
    let renewed = cli
        .run(&[
            "--no-input",
            "jobs",
            "list",
            "--state",
            "in-progress",
            "--limit",
            "1",
        ])
        .await;
    assert_eq!(renewed.code, 0, "{renewed:?}");
    assert_eq!(renewed.stdout.lines().count(), 1, "{renewed:?}");
    assert_eq!(
        cli.server.logins(),
        logins + 1,
        "one login, by the password"
    );
}
