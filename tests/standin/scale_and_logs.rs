//! The stand-in at 100,000 jobs, and its request log, which must never carry secrets.
#![cfg(feature = "standin")]

use crate::standin_support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use crmjobs::standin::{DEMO_API_KEY, DEMO_PASSWORD, StandinConfig};
use standin_support::{code, start, start_with};

#[tokio::test]
async fn a_hundred_thousand_jobs_page_deep_and_in_order() {
    let h = start_with(StandinConfig {
        jobs: 100_000,
        ..StandinConfig::default()
    })
    .await;
    let token = h.login().await;
    let deep = h
        .jobs(
            "jobs/all_scopes/get_completed",
            &token,
            "offset=60000&number_of_results=100",
        )
        .await;
    assert_eq!(deep.len(), 100);
    let created = |j: &serde_json::Value| {
        j["log_information"]["created_date"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(deep.windows(2).all(|w| created(&w[0]) >= created(&w[1])));
    let newest = h.show(&token, "JB100000").await;
    assert!(newest["number"] == "JB100000");
}

/// A log sink the test can read back.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log sink").extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_request_log_has_method_path_and_status_but_no_secrets() {
    let capture = Capture::default();
    let sink = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    // The test runtime runs the server's tasks on this thread, so a thread default sees them.
    let _guard = tracing::subscriber::set_default(subscriber);
    let h = start().await;
    let token = h.login().await;
    let (_, shown) = h
        .get(
            "jobs/all_scopes/show",
            &format!("token={token}&job_identifier=number=JB00001"),
        )
        .await;
    assert_eq!(code(&shown), "OK");
    let key_login = h
        .http
        .post(h.url("authentication/web_api_key/token"))
        .basic_auth(DEMO_API_KEY, Some(""))
        .send()
        .await
        .unwrap();
    assert_eq!(key_login.status().as_u16(), 200);
    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("/crmapi/rest/v2/jobs/all_scopes/show"),
        "{log}"
    );
    assert!(log.contains("GET") && log.contains("status=200"), "{log}");
    assert!(log.contains("elapsed_ms"), "{log}");
    for secret in [token.as_str(), DEMO_PASSWORD, DEMO_API_KEY] {
        assert!(!log.contains(secret), "the log leaks {secret}: {log}");
    }
}
