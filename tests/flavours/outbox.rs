//! An ambiguous send settled through the outbox in each flavour: the completion is applied
//! and its answer lost, so the job is read back, and where `jobs/all_scopes/show` is missing
//! (documented) the read goes through the job's scope's `show` or its type's list. The entry
//! settles as already applied, the job changed exactly once.
use crate::both;
use crate::cli_run;

use crmjobs::api::job::{CompleteParams, Job};
use crmjobs::outbox::{Backoff, Baseline, Delivery, Entry, Outbox, Owner, PendingAction, deliver};
use crmjobs::standin::{
    ActionOutcome, ActionRecord, DEMO_ORGANISATION, DEMO_USERNAME, Faults, Flavour, StandinServer,
};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_settles_as_already_applied_once() {
    both::each_flavour(lost_answer).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_refused_for_a_dead_token_goes_again_once_after_reading_the_job_back() {
    both::each_flavour(dead_token_at_the_send).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_settles_a_lost_answer_as_already_applied_once() {
    both::each_flavour(lost_answer_in_the_cli).await;
}

fn owner(server: &StandinServer) -> Owner {
    Owner {
        profile: "test".into(),
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
    }
}

/// Every successful action from now on loses its answer after the change is made.
fn drop_every_answer(server: &StandinServer) {
    server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
}

/// An outbox in `dir` whose waiting entries are due at once.
fn quick_outbox(dir: &std::path::Path) -> Outbox {
    Outbox::open(&dir.join("outbox"))
        .expect("the outbox")
        .with_backoff(Backoff {
            base: Duration::ZERO,
            cap: Duration::ZERO,
        })
}

/// A completion of `job` written to `outbox`, the job as loaded for its baseline.
fn completion_in(outbox: &Outbox, server: &StandinServer, job: &Job) -> Entry {
    let action = PendingAction::Complete(CompleteParams::new(job.identifier()));
    outbox
        .add(&Entry::new(&owner(server), action, Some(Baseline::of(job))))
        .expect("written before it is sent")
}

async fn lost_answer(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_where(&server, &reader, both::plain).await;
    let dir = tempfile::tempdir().expect("a temp folder");
    let outbox = quick_outbox(dir.path());
    let entry = completion_in(&outbox, &server, &job);
    // A client that has seen no job: it learns the server's methods as it settles.
    let client = both::logged_in(&server, zone).await;
    drop_every_answer(&server);
    let delivery = deliver(&client, &outbox, entry).await;
    server.set_faults(Faults::default());
    assert!(
        matches!(delivery, Delivery::AlreadyApplied(ref read) if read.number == job.number),
        "{delivery:?}"
    );
    assert!(outbox.list().expect("the outbox").is_empty(), "settled");
    assert_eq!(server.applied_actions(&job.number), 1, "applied once");
    let records = both::actions_on(&server, &job.number);
    assert!(
        matches!(
            records.as_slice(),
            [record] if record.outcome == ActionOutcome::Applied { answered: false }
        ),
        "sent once, its answer lost: {records:#?}"
    );
}

/// The token dies between the outbox write and the send: the send is refused (in the
/// documented flavour with a code the client has to find out about), the client logs in
/// again, reads the job back unchanged and sends once more; applied once, settled.
async fn dead_token_at_the_send(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_where(&server, &reader, both::plain).await;
    let dir = tempfile::tempdir().expect("a temp folder");
    let outbox = quick_outbox(dir.path());
    let entry = completion_in(&outbox, &server, &job);
    // The client has loaded the job (as the app has before acting on it), so it knows the
    // job's scope. One that has not tries each scope's `show`; the documented flavour's
    // not-found code is new to it then, and finding out what it means costs a login.
    let client = both::logged_in(&server, zone).await;
    both::all_in(&client, crmjobs::api::model::LifeCycleState::InProgress).await;
    let logins = server.logins();
    server.expire_tokens();
    let delivery = deliver(&client, &outbox, entry).await;
    assert!(matches!(delivery, Delivery::Applied(_)), "{delivery:?}");
    assert!(outbox.list().expect("the outbox").is_empty(), "settled");
    assert_eq!(server.logins(), logins + 1, "one login");
    let records = both::actions_on(&server, &job.number);
    assert!(
        matches!(
            records.as_slice(),
            [
                ActionRecord {
                    outcome: ActionOutcome::Refused(_),
                    ..
                },
                ActionRecord {
                    outcome: ActionOutcome::Applied { answered: true },
                    ..
                },
            ]
        ),
        "refused for the dead token, then applied once: {records:#?}"
    );
    assert_eq!(server.applied_actions(&job.number), 1);
}

/// `jobs complete` through the binary (its outbox in the state folder) against a server
/// that loses every action's answer.
async fn lost_answer_in_the_cli(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let cli = cli_run::Cli::start(both::config(flavour, zone, 120)).await;
    let reader = both::logged_in(&cli.server, zone).await;
    let job = both::in_progress_where(&cli.server, &reader, both::plain).await;
    drop_every_answer(&cli.server);
    let lost = cli.run(&["jobs", "complete", &job.number]).await;
    cli.server.set_faults(Faults::default());
    assert_eq!(lost.code, 0, "the job read back shows it applied: {lost:?}");
    assert!(
        lost.stdout.contains("\talready_applied\tCOMPLETED\t"),
        "{lost:?}"
    );
    assert_eq!(cli.server.applied_actions(&job.number), 1, "sent once");
    let left = cli.run(&["outbox", "list", "--json"]).await;
    assert_eq!(left.code, 0, "{left:?}");
    assert!(!left.stdout.contains(&job.number), "settled: {left:?}");
}
