//! Shared setup of the client tests: a stand-in on 127.0.0.1:0, a client logged in to it,
//! and helpers to find jobs.

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::ident::{JobIdentifier, JobTypeIdentifier};
use crmjobs::api::job::Job;
use crmjobs::api::model::{JobFilter, LifeCycleState, Page};
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};

/// A running stand-in.
pub async fn standin() -> StandinServer {
    standin_with(StandinConfig::default()).await
}

/// A stand-in with the given configuration (always on port 0).
pub async fn standin_with(config: StandinConfig) -> StandinServer {
    StandinServer::start(StandinConfig { port: 0, ..config })
        .await
        .expect("stand-in starts")
}

/// The demo supervisor's password credentials.
pub fn demo_credentials() -> Credentials {
    Credentials::Password {
        organisation: DEMO_ORGANISATION.to_owned(),
        username: DEMO_USERNAME.to_owned(),
        password: DEMO_PASSWORD.into(),
        unit: None,
    }
}

/// A client of `server` with default settings and no credentials.
pub fn client_of(server: &StandinServer) -> Client {
    Client::new(ClientConfig::new(server.url())).expect("client")
}

/// A client of `server` holding the demo credentials, logged in.
pub async fn logged_in(server: &StandinServer) -> Client {
    let client = client_of(server);
    client.set_credentials(demo_credentials());
    client.login().await.expect("demo login");
    client
}

/// The identifier of a job type by its alternative code.
pub fn job_type(code: &str) -> JobTypeIdentifier {
    JobTypeIdentifier::AlternativeCode(code.to_owned())
}

/// Jobs of a type (by alternative code) in a state, newest first, up to 1000.
pub async fn jobs_of(client: &Client, state: LifeCycleState, type_code: &str) -> Vec<Job> {
    let filter = JobFilter::Type(job_type(type_code));
    client
        .jobs_by_state(state, Some(&filter), Page::first(1000))
        .await
        .expect("jobs of a type")
        .jobs
}

/// The number of the newest job of a type in a state.
pub async fn a_job(client: &Client, state: LifeCycleState, type_code: &str) -> String {
    jobs_of(client, state, type_code)
        .await
        .first()
        .unwrap_or_else(|| panic!("no {type_code} job in {state}"))
        .number
        .clone()
}

/// A job identifier by number.
pub fn number(number: &str) -> JobIdentifier {
    JobIdentifier::Number(number.to_owned())
}
