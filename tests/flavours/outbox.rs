//! An ambiguous send settled through the outbox in each flavour: the completion is applied
//! and its answer lost, so the job is read back, and where `jobs/all_scopes/show` is missing
//! (documented) the read goes through the job's scope's `show` or its type's list. The entry
//! settles as already applied, the job changed exactly once.
use crate::both;
use crate::cli_run;

use crmjobs::api::job::CompleteParams;
use crmjobs::outbox::{Backoff, Baseline, Delivery, Entry, Outbox, Owner, PendingAction, deliver};
use crmjobs::standin::{
    ActionOutcome, DEMO_ORGANISATION, DEMO_USERNAME, Faults, Flavour, StandinServer,
};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_settles_as_already_applied_once() {
    both::each_flavour(lost_answer).await;
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

async fn lost_answer(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_where(&server, &reader, both::plain).await;
    let dir = tempfile::tempdir().expect("a temp folder");
    let outbox = Outbox::open(&dir.path().join("outbox"))
        .expect("the outbox")
        .with_backoff(Backoff {
            base: Duration::ZERO,
            cap: Duration::ZERO,
        });
    let action = PendingAction::Complete(CompleteParams::new(job.identifier()));
    let entry = outbox
        .add(&Entry::new(
            &owner(&server),
            action,
            Some(Baseline::of(&job)),
        ))
        .expect("written before it is sent");
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
