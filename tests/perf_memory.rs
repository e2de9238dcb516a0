//! Memory: 100,000 jobs fetched from the stand-in over real HTTP and loaded
//! into the tabs' lists take under 200 MB of resident memory. Measured as the growth of this
//! process's `VmRSS` from before the first fetch (the stand-in's own store already counted) to
//! after every tab is loaded, so it includes what decoding left behind in the allocator.
#![cfg(all(feature = "standin", target_os = "linux"))]

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::Job;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::app::RequestId;
use crmjobs::app::filter::Filter;
use crmjobs::app::jobs::JobList;
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};

#[global_allocator]
static ALLOCATOR: &stats_alloc::StatsAlloc<std::alloc::System> = &stats_alloc::INSTRUMENTED_SYSTEM;

/// Bytes allocated and not yet freed, process-wide.
fn live_bytes() -> isize {
    let stats = ALLOCATOR.stats();
    // Reallocations are already counted in both (as growth or shrinkage).
    stats.bytes_allocated.cast_signed() - stats.bytes_deallocated.cast_signed()
}

const JOBS: usize = 100_000;
const PAGE: u32 = 1_000;
const BUDGET_MB: usize = 200;

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .expect("the field is there")
}

/// Every job of `state`, a page at a time, loaded into a tab's list as the app does.
async fn load(client: &Client, state: LifeCycleState, filter: &mut Filter) -> JobList {
    let mut list = JobList::new(state);
    let mut offset = 0;
    loop {
        let page = Page { offset, size: PAGE };
        let jobs = client
            .jobs_by_state(state, None, page)
            .await
            .expect("a page");
        let done = jobs.len() < PAGE as usize;
        list.request_page(RequestId(u64::from(offset)), page);
        list.take_page(page, Ok(jobs), filter);
        if done {
            return list;
        }
        offset += PAGE;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_loaded_jobs_stay_under_200_mb() {
    let server = StandinServer::start(StandinConfig {
        port: 0,
        jobs: JOBS,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts");
    let client = Client::new(ClientConfig::new(server.url())).expect("a client");
    client.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        password: DEMO_PASSWORD.to_owned().into(),
        unit: None,
    });
    client.login().await.expect("logged in");
    let before = status_kb("VmRSS");
    let live_before = live_bytes();
    let mut filter = Filter::default();
    let mut tabs = Vec::new();
    for state in LifeCycleState::ALL {
        tabs.push(load(&client, state, &mut filter).await);
    }
    let after = status_kb("VmRSS");
    let held = live_bytes() - live_before;
    let loaded: usize = tabs.iter().map(JobList::loaded).sum();
    assert_eq!(loaded, JOBS, "every job is loaded");
    let grown_mb = after.saturating_sub(before) / 1024;
    println!(
        "{loaded} jobs: resident grew by {grown_mb} MB ({} bytes a job; size_of::<Job>() = {}); \
         peak {} MB; the heap holds {} MB more ({} bytes a job)",
        after.saturating_sub(before) * 1024 / loaded,
        size_of::<Job>(),
        status_kb("VmHWM") / 1024,
        held / 1024 / 1024,
        held / loaded.cast_signed(),
    );
    assert!(
        grown_mb < BUDGET_MB,
        "{grown_mb} MB resident for {loaded} jobs"
    );
    server.shutdown().await;
}
