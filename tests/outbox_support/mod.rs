//! Shared setup of the outbox delivery tests: a stand-in, clients with chosen deadlines, an
//! outbox in a temp folder, and pools of jobs to act on.
#![allow(dead_code, reason = "each test file uses part of the support module")]

use std::time::Duration;

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::Job;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::outbox::{Backoff, Outbox, Owner};
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};

/// A stand-in with `jobs` seeded jobs on a free port.
pub async fn standin(jobs: usize) -> StandinServer {
    StandinServer::start(StandinConfig {
        port: 0,
        jobs,
        ..StandinConfig::default()
    })
    .await
    .expect("stand-in starts")
}

/// A client of `server` holding the demo credentials (not yet logged in), with this deadline.
pub fn client(server: &StandinServer, deadline: Duration) -> Client {
    let mut config = ClientConfig::new(server.url());
    config.request_timeout = deadline;
    config.connect_timeout = deadline;
    let client = Client::new(config).expect("client");
    client.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.to_owned(),
        username: DEMO_USERNAME.to_owned(),
        password: DEMO_PASSWORD.into(),
        unit: None,
    });
    client
}

/// The demo supervisor on `server`, as an outbox owner.
pub fn owner(server: &StandinServer) -> Owner {
    Owner {
        profile: "test".into(),
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
    }
}

/// An outbox in `dir` whose waiting entries are due at once, auditing to `dir/../audit.jsonl`.
pub fn outbox(dir: &std::path::Path) -> Outbox {
    Outbox::open(&dir.join("outbox"))
        .expect("outbox opens")
        .with_audit(&dir.join("audit.jsonl"))
        .with_backoff(Backoff {
            base: Duration::ZERO,
            cap: Duration::ZERO,
        })
}

/// Every job in a state, read a page at a time.
pub async fn all_in(client: &Client, state: LifeCycleState) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut page = Page::first(500);
    loop {
        let batch = client
            .jobs_by_state(state, None, page)
            .await
            .expect("jobs of a state");
        let done = batch.len() < page.size as usize;
        jobs.extend(batch);
        if done {
            return jobs;
        }
        page = page.next();
    }
}
