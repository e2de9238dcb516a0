//! Delivery through the outbox against the stand-in over HTTP: applied, answer dropped after
//! the commit (read back: already applied), offline then back (waiting, then sent once),
//! refused, changed by someone else (conflict), and no secret in the outbox or audit log.
#![cfg(feature = "standin")]

use crate::outbox_support;

use std::time::Duration;

use crmjobs::api::client::Client;
use crmjobs::api::job::{CancelParams, CompleteParams, Job, StartParams};
use crmjobs::api::model::LifeCycleState;
use crmjobs::audit::{self, Outcome};
use crmjobs::outbox::{
    Baseline, Delivery, Entry, EntryState, Outbox, Owner, PendingAction, deliver, settle,
};
use crmjobs::standin::{DEMO_PASSWORD, Faults, StandinServer};
use outbox_support::{all_in, client, outbox, owner, standin};
use secrecy::ExposeSecret;
use tempfile::TempDir;

const GENEROUS: Duration = Duration::from_secs(30);

/// What every delivery test starts from, in this order: a stand-in with 600 jobs; the demo
/// supervisor as the owner of the entries; a fresh temp folder (removed when dropped) holding
/// an outbox whose retries are due at once and its audit log; and a client with generous
/// deadlines, logged in as the demo supervisor. A test that never reads the folder binds it
/// as `_dir`, which still keeps it until the test ends.
async fn logged_in() -> (StandinServer, Owner, TempDir, Outbox, Client) {
    let server = standin(600).await;
    let me = owner(&server);
    let dir = tempfile::tempdir().expect("temp folder");
    let outbox = outbox(dir.path());
    let client = client(&server, GENEROUS);
    client.login().await.expect("demo login");
    (server, me, dir, outbox, client)
}

/// From now on every request fails at the gateway, before any change (a 503).
fn fail_every_request(server: &StandinServer) {
    server.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
}

/// From now on every answer is lost after the server has made the change.
fn drop_every_answer(server: &StandinServer) {
    server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
}

fn start_of(owner: &Owner, job: &Job) -> Entry {
    let action = PendingAction::Start(StartParams {
        job: job.identifier(),
        status: None,
    });
    Entry::new(owner, action, Some(Baseline::of(job)))
}

/// A plain cancel of `job`: no status, no reason, the provided items kept.
fn cancel_of(job: &Job) -> PendingAction {
    PendingAction::Cancel(CancelParams {
        job: job.identifier(),
        status: None,
        reason: None,
        cancel_provided_items: false,
    })
}

fn audit_outcomes(dir: &std::path::Path, job: &str) -> Vec<Outcome> {
    audit::read(&dir.join("audit.jsonl"), None)
        .expect("audit log reads")
        .into_iter()
        .filter(|r| r.job == job)
        .map(|r| r.outcome)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_answer_reads_back_as_already_applied_once() {
    let (server, me, dir, outbox, client) = logged_in().await;
    let pending = all_in(&client, LifeCycleState::Pending).await;

    // Answered normally.
    let entry = outbox.add(&start_of(&me, &pending[0])).unwrap();
    let delivery = deliver(&client, &outbox, entry).await;
    assert!(
        matches!(delivery, Delivery::Applied(ref job) if job.life_cycle_state == LifeCycleState::InProgress),
        "{delivery:?}"
    );
    assert_eq!(server.applied_actions(&pending[0].number), 1);

    // Applied, then the connection dropped before the answer.
    drop_every_answer(&server);
    let entry = outbox.add(&start_of(&me, &pending[1])).unwrap();
    let delivery = deliver(&client, &outbox, entry).await;
    assert!(
        matches!(delivery, Delivery::AlreadyApplied(_)),
        "{delivery:?}"
    );
    assert_eq!(server.applied_actions(&pending[1].number), 1);
    assert!(outbox.list().unwrap().is_empty());
    assert_eq!(
        audit_outcomes(dir.path(), &pending[0].number),
        [Outcome::Applied]
    );
    assert_eq!(
        audit_outcomes(dir.path(), &pending[1].number),
        [Outcome::AlreadyApplied]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_waits_in_the_outbox_then_is_sent_once() {
    let (server, me, dir, outbox, client) = logged_in().await;
    let job = all_in(&client, LifeCycleState::InProgress).await.remove(0);
    let action = cancel_of(&job);
    let entry = outbox
        .add(&Entry::new(&me, action, Some(Baseline::of(&job))))
        .unwrap();

    fail_every_request(&server);
    let delivery = deliver(&client, &outbox, entry.clone()).await;
    let Delivery::Waiting { entry: waiting, .. } = delivery else {
        panic!("{delivery:?}")
    };
    assert!(matches!(
        waiting.state,
        EntryState::Waiting { failures: 1, .. }
    ));
    assert_eq!(outbox.list().unwrap(), vec![waiting]);
    assert_eq!(server.applied_actions(&job.number), 0);

    server.set_faults(Faults::default());
    let results = settle(&client, &outbox, &me).await.unwrap();
    assert!(
        matches!(results.as_slice(), [Delivery::Applied(_)]),
        "{results:?}"
    );
    assert_eq!(server.applied_actions(&job.number), 1);
    assert!(outbox.list().unwrap().is_empty());
    assert_eq!(
        audit_outcomes(dir.path(), &job.number),
        [Outcome::Waiting, Outcome::Applied]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_leaves_the_outbox_and_a_change_by_someone_else_is_a_conflict() {
    let (server, me, _dir, outbox, client) = logged_in().await;

    // Completing a pending job: the server refuses; nothing stays behind.
    let pending = all_in(&client, LifeCycleState::Pending).await;
    let complete = PendingAction::Complete(CompleteParams::new(pending[0].identifier()));
    let entry = outbox
        .add(&Entry::new(&me, complete, Some(Baseline::of(&pending[0]))))
        .unwrap();
    let delivery = deliver(&client, &outbox, entry).await;
    let Delivery::Refused { error, .. } = delivery else {
        panic!("{delivery:?}")
    };
    assert_eq!(error.code(), Some("INVALID_LIFE_CYCLE_STATE"));
    assert!(outbox.list().unwrap().is_empty());

    // A start whose answer was lost; meanwhile a colleague cancelled the job.
    let mut entry = outbox.add(&start_of(&me, &pending[1])).unwrap();
    entry.attempts = 1;
    outbox.replace(&entry).unwrap();
    let colleague = cancel_of(&pending[1]);
    let other = outbox.add(&Entry::new(&me, colleague, None)).unwrap();
    assert!(deliver(&client, &outbox, other).await.is_done());
    let delivery = deliver(&client, &outbox, entry).await;
    let Delivery::Conflict { entry, job, why } = delivery else {
        panic!("{delivery:?}")
    };
    assert_eq!(job.life_cycle_state, LifeCycleState::Cancelled);
    assert!(why.contains("CANCELLED"), "{why}");
    // The conflict stays for the user to decide; settling leaves it alone.
    assert_eq!(outbox.list().unwrap(), vec![entry]);
    assert!(settle(&client, &outbox, &me).await.unwrap().is_empty());
    assert_eq!(server.applied_actions(&pending[1].number), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_or_token_in_the_outbox_or_the_audit_log() {
    let (server, me, dir, outbox, client) = logged_in().await;
    let token = client.token().unwrap().expose_secret().to_owned();
    let pending = all_in(&client, LifeCycleState::Pending).await;
    fail_every_request(&server);
    for job in &pending[..3] {
        let entry = outbox.add(&start_of(&me, job)).unwrap();
        deliver(&client, &outbox, entry).await;
    }
    drop_every_answer(&server);
    settle(&client, &outbox, &me).await.unwrap();
    let mut written = String::new();
    for item in walk(dir.path()) {
        written.push_str(&std::fs::read_to_string(item).unwrap());
    }
    assert!(written.contains(&pending[0].number), "the files were read");
    assert!(!written.contains(DEMO_PASSWORD));
    assert!(!written.contains(&token));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for item in std::fs::read_dir(dir).expect("folder reads") {
        let path = item.expect("folder entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settle_leaves_alone_an_entry_being_delivered() {
    let (server, me, _dir, outbox, client) = logged_in().await;
    let job = all_in(&client, LifeCycleState::Pending).await.remove(0);
    // A slow server keeps the first delivery under way while the settle runs.
    server.set_faults(Faults {
        latency: Duration::from_millis(300),
        ..Faults::default()
    });
    let entry = outbox.add(&start_of(&me, &job)).unwrap();
    let id = entry.id.clone();
    let first = tokio::spawn({
        let (client, outbox) = (client.clone(), outbox.clone());
        async move { deliver(&client, &outbox, entry).await }
    });
    while !outbox.is_busy(&id) && !first.is_finished() {
        tokio::task::yield_now().await;
    }
    assert!(settle(&client, &outbox, &me).await.unwrap().is_empty());
    assert!(
        crmjobs::outbox::retry(&client, &outbox, &id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(outbox.discard(&id).is_err(), "not while it is being sent");
    assert!(first.await.unwrap().is_done());
    assert!(!outbox.is_busy(&id));
    assert_eq!(server.applied_actions(&job.number), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_discarded_meanwhile_is_not_sent() {
    let (server, me, _dir, outbox, client) = logged_in().await;
    let job = all_in(&client, LifeCycleState::Pending).await.remove(0);
    let entry = outbox.add(&start_of(&me, &job)).unwrap();
    // Discarded (say by `crmjobs outbox discard` in another shell) after it was listed.
    outbox.discard(&entry.id).unwrap();
    let delivery = deliver(&client, &outbox, entry).await;
    assert!(matches!(delivery, Delivery::Waiting { .. }), "{delivery:?}");
    assert_eq!(server.applied_actions(&job.number), 0);
    assert!(outbox.list().unwrap().is_empty(), "not brought back");
}
