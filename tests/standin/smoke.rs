//! The first increment of the stand-in end to end: login, a page, show, start, complete,
//! cancel, statuses and users, all in envelopes.
#![cfg(feature = "standin")]

use crate::standin_support;

use serde_json::json;
use standin_support::{code, start};

#[tokio::test]
async fn login_page_show_and_the_life_cycle() {
    let h = start().await;
    let token = h.login().await;
    let pending = h
        .jobs("jobs/all_scopes/get_pending", &token, "number_of_results=5")
        .await;
    assert_eq!(pending.len(), 5);
    let number = pending[0]["number"].as_str().unwrap().to_owned();
    let job = h.show(&token, &number).await;
    assert_eq!(job["life_cycle_state"], "PENDING");

    let (_, started) = h
        .post(
            "jobs/all_scopes/start_progress",
            &json!({"token": token, "job_identifier": {"number": number}}),
        )
        .await;
    assert_eq!(code(&started), "OK", "{started}");
    assert_eq!(started["data"]["life_cycle_state"], "IN_PROGRESS");

    let (_, statuses) = h
        .get(
            "jobs/configuration/statuses/list",
            &format!(
                "token={token}&job_type_identifier=id={}&life_cycle_state=COMPLETED",
                job["type"]["id"].as_str().unwrap()
            ),
        )
        .await;
    let statuses = statuses["data"].as_array().unwrap().clone();
    assert!(!statuses.is_empty());
    assert_eq!(statuses.iter().filter(|e| e["default"] == true).count(), 1);
    let chosen = statuses.last().unwrap()["status"]["name"].as_str().unwrap();

    let (_, completed) = h
        .post(
            "jobs/all_scopes/complete",
            &json!({"token": token, "job_identifier": {"number": number},
                    "status_identifier": {"name": chosen}}),
        )
        .await;
    // Scheduled scopes may demand a date; either way the answer is an envelope.
    if code(&completed) == "OK" {
        assert_eq!(completed["data"]["life_cycle_state"], "COMPLETED");
        assert_eq!(completed["data"]["status"]["name"], chosen);
        assert!(completed["data"]["actual_completed_date"].is_string());
    } else {
        assert_eq!(code(&completed), "SCHEDULED_DATE_REQUIRED", "{completed}");
    }
    assert_eq!(
        h.server.applied_actions(&number),
        if code(&completed) == "OK" { 2 } else { 1 }
    );

    let (_, users) = h
        .get(
            "users/list",
            &format!("token={token}&unit_identifier=alternative_code=NDEP"),
        )
        .await;
    assert_eq!(code(&users), "OK", "{users}");
    assert!(users["data"].as_array().unwrap().len() >= 5);
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let h = start().await;
    let url = h.url("users/list");
    h.server.shutdown().await;
    assert!(h.http.get(&url).send().await.is_err(), "shut down");

    let h = start().await;
    let url = h.url("users/list");
    let http = h.http.clone();
    drop(h.server);
    // Dropping aborts the server task; wait until the listener is gone.
    while http.get(&url).send().await.is_ok() {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn answers_keep_the_envelope_and_the_references_field_order() {
    let h = start().await;
    let token = h.login().await;
    let url = format!(
        "{}?token={token}&number_of_results=1",
        h.url("jobs/all_scopes/get_pending")
    );
    let text = h.http.get(url).send().await.unwrap().text().await.unwrap();
    let prefix = r#"{"status":{"code":"OK","message":null,"description":null},"data":[{"id":""#;
    assert!(text.starts_with(prefix), "{text}");
    let number = text.find(r#""number":"#).unwrap();
    let state = text.find(r#""life_cycle_state":"#).unwrap();
    assert!(number < state, "fields in the reference's order");
}
