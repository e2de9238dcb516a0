//! Fault injection: gateway 503s before any change, answers dropped after the
//! change, latency; and exactly-once actions under concurrency.
#![cfg(feature = "standin")]

use crate::standin_support;

use std::time::{Duration, Instant};

use crmjobs::standin::Faults;
use standin_support::{Harness, code, job_body, start, start_logged_in};

async fn in_progress(h: &Harness, token: &str, count: usize) -> Vec<String> {
    let query = format!("type_identifier=alternative_code=REPAIR&number_of_results={count}");
    h.in_progress_numbers(token, &query).await
}

#[tokio::test]
async fn a_503_comes_before_any_change_as_a_small_html_page() {
    let (h, token) = start_logged_in().await;
    let number = in_progress(&h, &token, 1).await.remove(0);
    h.server.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let response = h
        .send("jobs/all_scopes/complete", &job_body(&token, &number))
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let text = response.text().await.unwrap();
    assert!(text.contains("503") && text.len() < 1024, "{text}");
    let login = h
        .http
        .post(h.url("authentication/token"))
        .body(r#"{"username":"supervisor","password":"demo-password","organisation":"northwind-field"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(login.status().as_u16(), 503);

    h.server.set_faults(Faults::default());
    assert_eq!(
        h.show(&token, &number).await["life_cycle_state"],
        "IN_PROGRESS"
    );
    assert_eq!(h.server.applied_actions(&number), 0);
    assert_eq!(h.server.logins(), 1, "the refused login did not count");
}

#[tokio::test]
async fn a_dropped_answer_still_applies_the_action_and_the_caller_sees_a_transport_error() {
    let (h, token) = start_logged_in().await;
    let numbers = in_progress(&h, &token, 5).await;
    h.server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    // Reads are never dropped.
    assert_eq!(
        h.show(&token, &numbers[0]).await["life_cycle_state"],
        "IN_PROGRESS"
    );
    for number in &numbers {
        let sent = h
            .send("jobs/all_scopes/complete", &job_body(&token, number))
            .await;
        match sent {
            Err(error) => assert!(!error.is_timeout(), "{error}"),
            Ok(response) => {
                let body = response.bytes().await;
                assert!(body.is_err(), "a complete answer arrived: {body:?}");
            }
        }
    }
    h.server.set_faults(Faults::default());
    for number in &numbers {
        assert_eq!(
            h.show(&token, number).await["life_cycle_state"],
            "COMPLETED"
        );
        assert_eq!(h.server.applied_actions(number), 1);
    }
}

#[tokio::test]
async fn refused_actions_are_answered_even_when_answers_are_dropped() {
    let (h, token) = start_logged_in().await;
    h.server.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let (_, refused) = h
        .post("jobs/all_scopes/complete", &job_body(&token, "JB99999"))
        .await;
    assert_eq!(code(&refused), "NOT_FOUND");
}

#[tokio::test]
async fn latency_delays_every_request_at_least_by_latency_minus_jitter() {
    let h = start().await;
    h.server.set_faults(Faults {
        latency: Duration::from_millis(300),
        jitter: Duration::from_millis(100),
        ..Faults::default()
    });
    let began = Instant::now();
    let (status, envelope) = h.get("jobs/all_scopes/get_pending", "").await;
    assert!(began.elapsed() >= Duration::from_millis(200));
    assert_eq!((status, code(&envelope)), (200, "INVALID_TOKEN"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_completes_give_exactly_one_success() {
    let (h, token) = start_logged_in().await;
    for number in in_progress(&h, &token, 10).await {
        let body = job_body(&token, &number);
        let url = h.url("jobs/all_scopes/complete");
        let send = |client: reqwest::Client| {
            let (url, body) = (url.clone(), body.clone());
            tokio::spawn(async move {
                let response = client.post(url).json(&body).send().await.unwrap();
                let envelope: serde_json::Value = response.json().await.unwrap();
                code(&envelope).to_owned()
            })
        };
        let (a, b) = tokio::join!(send(h.http.clone()), send(h.http.clone()));
        let mut codes = [a.unwrap(), b.unwrap()];
        codes.sort();
        assert_eq!(codes, ["INVALID_LIFE_CYCLE_STATE", "OK"], "{number}");
        assert_eq!(h.server.applied_actions(&number), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complete_racing_a_cancel_leaves_one_winner() {
    let (h, token) = start_logged_in().await;
    for number in in_progress(&h, &token, 6).await {
        let body = job_body(&token, &number);
        let send = |action: &str| {
            let (client, url, body) = (h.http.clone(), h.url(action), body.clone());
            tokio::spawn(async move {
                let response = client.post(url).json(&body).send().await.unwrap();
                let envelope: serde_json::Value = response.json().await.unwrap();
                (
                    code(&envelope).to_owned(),
                    envelope["data"]["life_cycle_state"].clone(),
                )
            })
        };
        let (complete, cancel) = tokio::join!(
            send("jobs/all_scopes/complete"),
            send("jobs/all_scopes/cancel")
        );
        let outcomes = [complete.unwrap(), cancel.unwrap()];
        let winners: Vec<_> = outcomes.iter().filter(|(c, _)| c == "OK").collect();
        assert_eq!(winners.len(), 1, "{number}: {outcomes:?}");
        let final_state = h.show(&token, &number).await["life_cycle_state"].clone();
        assert_eq!(final_state, winners[0].1);
        assert_eq!(h.server.applied_actions(&number), 1);
    }
}
