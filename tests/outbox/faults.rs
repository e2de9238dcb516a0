//! Exactly once under faults (issue 4): 1,000 random fault schedules (start, complete or
//! cancel, each on a fresh job) against the stand-in over HTTP: latency past the client's
//! deadline, 503s, answers dropped after the commit, tokens expiring, and the client killed between the outbox write and the send (or between
//! counting an attempt and sending it), then restarted. For every intended action the server
//! applies it exactly once and nothing is lost: while faults last the entry is either settled
//! (and applied once) or still in the outbox; with faults off, settling applies it once.
#![cfg(feature = "standin")]

use crate::outbox_support;

use std::sync::Mutex;
use std::time::Duration;

use crmjobs::api::job::{CancelParams, CompleteParams, Job, StartParams};
use crmjobs::api::model::LifeCycleState;
use crmjobs::outbox::{Baseline, Delivery, Entry, Outbox, PendingAction, deliver, settle};
use crmjobs::standin::{Faults, StandinServer};
use outbox_support::{all_in, client, outbox, owner, standin};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The client's deadline while faults last; the latency fault goes past it.
const DEADLINE: Duration = Duration::from_millis(15);

/// Where the client process dies, if it does.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// It lives.
    Never,
    /// Right after the outbox write, before anything was sent.
    AfterAdd,
    /// After counting the attempt on disk, before the send left.
    AfterCount,
}

/// The action of a case.
#[derive(Debug, Clone, Copy)]
enum Act {
    Start,
    Complete,
    Cancel,
}

/// One fault schedule.
#[derive(Debug, Clone)]
struct Schedule {
    act: Act,
    latency_ms: u64,
    fail_rate: f64,
    drop_rate: f64,
    token_ttl_ms: Option<u64>,
    kill: Kill,
    faulty_rounds: u8,
}

fn schedules() -> impl Strategy<Value = Schedule> {
    (
        prop_oneof![Just(Act::Start), Just(Act::Complete), Just(Act::Cancel)],
        prop_oneof![Just(0_u64), 1_u64..6, 18_u64..26],
        prop_oneof![Just(0.0), Just(0.5), Just(1.0)],
        prop_oneof![Just(0.0), Just(0.5), Just(1.0)],
        prop_oneof![3 => Just(None), 1 => (1_u64..25).prop_map(Some)],
        prop_oneof![
            2 => Just(Kill::Never),
            1 => Just(Kill::AfterAdd),
            1 => Just(Kill::AfterCount)
        ],
        0_u8..3,
    )
        .prop_map(
            |(act, latency_ms, fail_rate, drop_rate, token_ttl_ms, kill, faulty_rounds)| Schedule {
                act,
                latency_ms,
                fail_rate,
                drop_rate,
                token_ttl_ms,
                kill,
                faulty_rounds,
            },
        )
}

/// Jobs not yet used, by the action they are fit for.
struct Pools {
    pending: Vec<Job>,
    /// In progress, of a scope whose completion needs no date or user.
    completable: Vec<Job>,
    /// In progress, the others.
    in_progress: Vec<Job>,
}

impl Schedule {
    fn faults(&self) -> Faults {
        Faults {
            latency: Duration::from_millis(self.latency_ms),
            jitter: Duration::from_millis(self.latency_ms / 5),
            fail_rate: self.fail_rate,
            drop_rate: self.drop_rate,
            token_ttl: self
                .token_ttl_ms
                .map_or(Duration::ZERO, Duration::from_millis),
        }
    }

    /// The entry of this case, on a job never used before.
    fn entry(&self, server: &StandinServer, pools: &Mutex<Pools>) -> Entry {
        let mut pools = pools.lock().expect("pools lock");
        let job = match self.act {
            Act::Start => pools.pending.pop(),
            Act::Complete => pools.completable.pop(),
            Act::Cancel => pools.in_progress.pop().or_else(|| pools.completable.pop()),
        }
        .expect("enough jobs for every case");
        let action = match self.act {
            Act::Start => PendingAction::Start(StartParams {
                job: job.identifier(),
                status: None,
            }),
            Act::Complete => PendingAction::Complete(CompleteParams::new(job.identifier())),
            Act::Cancel => PendingAction::Cancel(CancelParams {
                job: job.identifier(),
                status: None,
                reason: None,
                cancel_provided_items: false,
            }),
        };
        Entry::new(&owner(server), action, Some(Baseline::of(&job)))
    }
}

/// One case: the action under faults, then settled with faults off.
async fn run(
    server: &StandinServer,
    dir: &std::path::Path,
    pools: &Mutex<Pools>,
    schedule: &Schedule,
) -> Result<(), TestCaseError> {
    server.set_faults(Faults::default());
    let entry = schedule.entry(server, pools);
    let number = entry.job().to_owned();
    server.set_faults(schedule.faults());
    {
        let outbox = outbox(dir);
        let client = client(server, DEADLINE);
        let mut entry = outbox.add(&entry).map_err(fail)?;
        match schedule.kill {
            Kill::Never => {
                let delivery = deliver(&client, &outbox, entry).await;
                check_under_faults(server, &outbox, &number, &delivery)?;
            }
            Kill::AfterAdd => {}
            Kill::AfterCount => {
                entry.attempts += 1;
                outbox.replace(&entry).map_err(fail)?;
            }
        }
        // The process ends here: the client and the outbox handle go.
    }
    for _ in 0..schedule.faulty_rounds {
        // Restarted while the faults last: a new client settles the same outbox.
        let outbox = outbox(dir);
        let client = client(server, DEADLINE);
        for delivery in settle(&client, &outbox, &owner(server))
            .await
            .map_err(fail)?
        {
            check_under_faults(server, &outbox, &number, &delivery)?;
        }
    }
    server.set_faults(Faults::default());
    let outbox = outbox(dir);
    let client = client(server, Duration::from_secs(30));
    let results = settle(&client, &outbox, &owner(server))
        .await
        .map_err(fail)?;
    for delivery in &results {
        prop_assert!(delivery.is_done(), "settled with faults off: {delivery:?}");
    }
    prop_assert!(
        outbox.list().map_err(fail)?.is_empty(),
        "the outbox is empty"
    );
    prop_assert_eq!(server.applied_actions(&number), 1, "applied exactly once");
    Ok(())
}

/// While faults last: a settled action is applied once; any other is still in the outbox and
/// not applied twice. Refusals and conflicts cannot happen to an action nobody else touched.
fn check_under_faults(
    server: &StandinServer,
    outbox: &Outbox,
    number: &str,
    delivery: &Delivery,
) -> Result<(), TestCaseError> {
    let applied = server.applied_actions(number);
    prop_assert!(applied <= 1, "applied {applied} times");
    match delivery {
        Delivery::Applied(_) | Delivery::AlreadyApplied(_) => prop_assert_eq!(applied, 1),
        Delivery::Waiting { entry, .. } => {
            prop_assert!(outbox.get(&entry.id).map_err(fail)?.is_some(), "kept");
        }
        Delivery::Refused { .. } | Delivery::Conflict { .. } => {
            prop_assert!(false, "unexpected {delivery:?}");
        }
    }
    Ok(())
}

#[expect(clippy::needless_pass_by_value, reason = "used as map_err(fail)")]
fn fail(error: std::io::Error) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

#[test]
fn every_action_is_applied_exactly_once_under_random_faults() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(standin(12_000));
    let pools = runtime.block_on(async {
        // Every case takes a fresh job: enough of each kind for 1,000 cases and the shrinking.
        let client = client(&server, Duration::from_secs(30));
        let (completable, in_progress) = all_in(&client, LifeCycleState::InProgress)
            .await
            .into_iter()
            .partition(|job| {
                !job.scope().takes_scheduled_date() && !server.requires_scheduled_date(&job.number)
            });
        let pools = Pools {
            pending: all_in(&client, LifeCycleState::Pending).await,
            completable,
            in_progress,
        };
        // A third of the cases each, on average (cancels fall back on the completable jobs);
        // the margin covers chance and shrinking.
        let (pending, completable) = (pools.pending.len(), pools.completable.len());
        let open = completable + pools.in_progress.len();
        assert!(
            pending >= 500 && completable >= 500 && open >= 1000,
            "{pending} pending, {completable} completable, {open} in progress"
        );
        Mutex::new(pools)
    });
    // In memory where there is a tmpfs: every outbox write syncs twice, which costs ms on a
    // shared disk; durability itself is proven by the crash test in outbox_store.rs.
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 1000,
        failure_persistence: None,
        max_shrink_iters: 50,
        ..Config::default()
    });
    let cases = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&schedules(), |schedule| {
        cases.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        runtime.block_on(run(&server, dir.path(), &pools, &schedule))
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let cases = cases.into_inner();
    assert!(cases >= 1000, "ran {cases} schedules");
}
