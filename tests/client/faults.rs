//! The client under the stand-in's faults: 503s retried for
//! reads and never for actions, answers dropped after an action is applied, deadlines, and a
//! server that is not there.
#![cfg(feature = "standin")]

use crate::client_logs;
use crate::client_support;

use std::time::Duration;

use client_logs::LogBuffer;
use client_support::{a_job, logged_in, number, standin};
use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::error::ApiError;
use crmjobs::api::job::{CancelParams, CompleteParams, StartParams};
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::standin::Faults;

fn failing(rate: f64) -> Faults {
    Faults {
        fail_rate: rate,
        ..Faults::default()
    }
}

#[tokio::test]
async fn a_read_meeting_503s_is_tried_three_times_in_all() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    server.set_faults(failing(1.0));
    let error = client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(5))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::UnexpectedResponse { status: 503, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("HTTP 503 Service Unavailable"),
        "{error}"
    );
    // Counted where the requests arrive: a log line can be lost to tracing's per-callsite
    // interest cache when parallel tests set and drop their capturing subscribers.
    assert_eq!(server.answers_with(503), 3, "{}", logs.text());
}

#[tokio::test]
async fn reads_get_through_half_the_requests_failing() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    // The stand-in draws its faults from this thread's generator (current-thread runtime),
    // so the seed makes the sequence of 503s the same on every run.
    fastrand::seed(20_261_128);
    server.set_faults(failing(0.5));
    let good_before = server.answers_with(200);
    let mut succeeded = 0;
    for offset in 0..16 {
        match client
            .jobs_by_state(LifeCycleState::Pending, None, Page { offset, size: 1 })
            .await
        {
            Ok(jobs) => {
                assert_eq!(jobs.len(), 1);
                succeeded += 1;
            }
            Err(error) => assert!(
                matches!(error, ApiError::UnexpectedResponse { status: 503, .. }),
                "{error:?}"
            ),
        }
    }
    // Counted where the requests arrive (see the test above).
    let failed_reads = 16 - succeeded;
    let failed_answers = server.answers_with(503);
    assert!(
        failed_answers > failed_reads,
        "more 503s than failed reads: some reads were tried again\n{}",
        logs.text()
    );
    // Without retries about half would fail; with three attempts about one in eight.
    assert!(succeeded >= 12, "only {succeeded} of 16 reads got through");
    assert_eq!(
        server.answers_with(200) - good_before,
        succeeded,
        "one good answer per success"
    );
}

#[tokio::test]
async fn an_action_meeting_a_503_is_not_retried_and_not_applied() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let target = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    server.set_faults(failing(1.0));
    let error = client
        .complete(&CompleteParams::new(number(&target)))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::UnexpectedResponse { status: 503, .. }),
        "{error:?}"
    );
    assert!(!error.is_outcome_unknown());
    assert_eq!(server.answers_with(503), 1, "sent once");
    server.set_faults(Faults::default());
    assert_eq!(server.applied_actions(&target), 0);
    let job = client.show_job(&number(&target)).await.unwrap();
    assert_eq!(job.life_cycle_state, LifeCycleState::InProgress);
}

#[tokio::test]
async fn a_dropped_answer_is_outcome_unknown_and_the_action_happened_once() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let in_progress = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let pending = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });

    let error = client
        .complete(&CompleteParams::new(number(&in_progress)))
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    let text = error.to_string();
    assert!(
        text.contains(&format!("complete {in_progress} was sent")),
        "{text}"
    );
    assert!(text.contains("check the job before trying again"), "{text}");

    let start = StartParams {
        job: number(&pending),
        status: None,
    };
    assert!(
        client
            .start_progress(&start)
            .await
            .unwrap_err()
            .is_outcome_unknown()
    );

    // Reads are never dropped: the client can read the job back and see what happened.
    let job = client.show_job(&number(&in_progress)).await.unwrap();
    assert_eq!(job.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(server.applied_actions(&in_progress), 1);
    assert_eq!(server.applied_actions(&pending), 1);

    let cancel = CancelParams {
        job: number(&pending),
        status: None,
        reason: None,
        cancel_provided_items: false,
    };
    assert!(
        client
            .cancel(&cancel)
            .await
            .unwrap_err()
            .is_outcome_unknown()
    );
    assert_eq!(server.applied_actions(&pending), 2);
}

#[tokio::test]
async fn a_slow_server_meets_the_deadline() {
    let server = standin().await;
    let fast = logged_in(&server).await;
    let target = a_job(&fast, LifeCycleState::InProgress, "REPAIR").await;
    let config = ClientConfig {
        request_timeout: Duration::from_millis(300),
        ..ClientConfig::new(server.url())
    };
    let client = Client::new(config).unwrap();
    client.set_token(fast.token().unwrap());
    server.set_faults(Faults {
        latency: Duration::from_secs(1),
        ..Faults::default()
    });

    let error = client.show_job(&number(&target)).await.unwrap_err();
    assert!(matches!(error, ApiError::Timeout(_)), "{error:?}");
    assert_eq!(error.to_string(), "the server did not answer within 0.3 s");
    let error = client
        .complete(&CompleteParams::new(number(&target)))
        .await
        .unwrap_err();
    assert!(error.is_outcome_unknown(), "{error:?}");
    assert!(
        error.to_string().contains("no answer within 0.3 s"),
        "{error}"
    );
}

#[tokio::test]
async fn a_server_that_is_not_there_is_unreachable_even_for_actions() {
    let server = standin().await;
    let gone = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::new(ClientConfig::new(gone)).unwrap();
    client.set_token(logged_in(&server).await.token().unwrap());
    let error = client.show_job(&number("JB00001")).await.unwrap_err();
    assert!(matches!(error, ApiError::Unreachable(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("cannot reach the server"),
        "{error}"
    );
    let error = client
        .complete(&CompleteParams::new(number("JB00001")))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::Unreachable(_)),
        "not sent, so not unknown: {error:?}"
    );
}
