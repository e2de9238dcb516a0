//! Answer bodies exactly as the stand-in sends them, fetched once over HTTP, for the decoding
//! benchmarks (`benches/perf.rs`) and the decoding allocation counts (`perf_decode.rs`).

use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::standin::{DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME};
use crmjobs::standin::{StandinConfig, StandinServer};
use secrecy::ExposeSecret;

/// Two bodies from the stand-in.
pub struct Bodies {
    /// A page of 500 completed jobs (`get_completed`).
    pub page: Vec<u8>,
    /// One of those jobs (`show`).
    pub job: Vec<u8>,
}

/// Fetches the bodies on a single-threaded runtime that is gone when this returns, so no
/// worker thread is left to allocate while a caller counts allocations.
pub fn standin_bodies() -> Bodies {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let server = StandinServer::start(StandinConfig {
            port: 0,
            jobs: 2_000,
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
        let token = client.token().expect("a token");
        let base = format!("{}/crmapi/rest/v2/jobs/all_scopes", server.url());
        let token = token.expose_secret();
        let get = |url: String| async move {
            let answer = reqwest::get(url).await.expect("an answer");
            answer.bytes().await.expect("a body").to_vec()
        };
        let page = get(format!(
            "{base}/get_completed?number_of_results=500&token={token}"
        ))
        .await;
        let first = crmjobs::api::decode_jobs(&page).expect("a page of jobs");
        let number = &first.first().expect("a job").number;
        let job = get(format!(
            "{base}/show?job_identifier=number={number}&token={token}"
        ))
        .await;
        server.shutdown().await;
        Bodies { page, job }
    })
}
