//! The actions: `start_progress`, `cancel`, and `complete`'s common rules.
#![cfg(feature = "standin")]

use crate::standin_support;

use serde_json::{Value, json};
use standin_support::{Harness, code, job_body, job_body_with, message, start_logged_in};

async fn act(h: &Harness, action: &str, body: Value) -> Value {
    h.post(&format!("jobs/all_scopes/{action}"), &body).await.1
}

async fn first(h: &Harness, token: &str, method: &str, query: &str) -> Value {
    let mut jobs = h
        .jobs(&format!("jobs/all_scopes/{method}"), token, query)
        .await;
    assert!(!jobs.is_empty(), "no job for {method}?{query}");
    jobs.remove(0)
}

/// The newest job of a type (by alternative code) that `method` (e.g. `get_pending`) lists.
async fn newest_of_type(h: &Harness, token: &str, method: &str, type_code: &str) -> Value {
    let query = format!("type_identifier=alternative_code={type_code}");
    first(h, token, method, &query).await
}

#[tokio::test]
async fn start_progress_moves_a_pending_job_with_the_default_or_chosen_status() {
    let (h, token) = start_logged_in().await;
    let query = "type_identifier=alternative_code=REPAIR&number_of_results=2";
    let pending = h.jobs("jobs/all_scopes/get_pending", &token, query).await;
    let (a, b) = (pending[0]["number"].clone(), pending[1]["number"].clone());

    let started = act(&h, "start_progress", job_body(&token, &a)).await;
    assert_eq!(code(&started), "OK", "{started}");
    let job = &started["data"];
    assert_eq!(job["life_cycle_state"], "IN_PROGRESS");
    assert_eq!(
        job["status"]["name"], "On site",
        "the type's default IN_PROGRESS status"
    );
    assert!(job["start_date"].is_string());
    assert_eq!(
        job["log_information"]["updated_by_user"]["username"],
        "supervisor"
    );
    assert_eq!(h.server.applied_actions(a.as_str().unwrap()), 1);
    let listed = h
        .jobs(
            "jobs/all_scopes/get_in_progress",
            &token,
            "number_of_results=1",
        )
        .await;
    assert_eq!(listed.len(), 1);
    let still_pending = h
        .jobs(
            "jobs/all_scopes/get_pending",
            &token,
            "number_of_results=1000",
        )
        .await;
    assert!(
        still_pending.iter().all(|j| j["number"] != a),
        "moved out of the pending index"
    );

    let extra = json!({"status_identifier": {"alternative_code": "RDIAG"}, "fields_set": "status"});
    let chosen = act(&h, "start_progress", job_body_with(&token, &b, extra)).await;
    assert_eq!(
        chosen["data"],
        json!({"status": chosen["data"]["status"].clone()})
    );
    assert_eq!(chosen["data"]["status"]["name"], "Remote diagnosis");
}

#[tokio::test]
async fn start_progress_only_starts_pending_jobs() {
    let (h, token) = start_logged_in().await;
    let a = first(&h, &token, "get_in_progress", "number_of_results=1").await["number"].clone();
    let again = act(&h, "start_progress", job_body(&token, &a)).await;
    assert_eq!(code(&again), "INVALID_LIFE_CYCLE_STATE");
    assert!(message(&again).starts_with("job_identifier:"), "{again}");
    assert_eq!(h.server.applied_actions(a.as_str().unwrap()), 0);
}

#[tokio::test]
async fn start_progress_refuses_foreign_and_unknown_statuses() {
    let (h, token) = start_logged_in().await;
    let job = newest_of_type(&h, &token, "get_pending", "REPAIR").await;
    let number = job["number"].clone();
    let start_with_status = |status: Value| {
        let body = job_body_with(&token, &number, json!({"status_identifier": status}));
        act(&h, "start_progress", body)
    };
    let foreign = start_with_status(json!({"name": "Installed"})).await;
    assert_eq!(code(&foreign), "INVALID_STATUS");
    assert!(
        message(&foreign).starts_with("status_identifier:"),
        "{foreign}"
    );
    let unknown = start_with_status(json!({"name": "Teleported"})).await;
    assert_eq!(code(&unknown), "NOT_FOUND");
    let two = start_with_status(json!({"name": "On site", "id": "x"})).await;
    assert_eq!(code(&two), "INVALID_IDENTIFIER");
    let empty = act(
        &h,
        "start_progress",
        json!({"token": token, "job_identifier": {}}),
    )
    .await;
    assert_eq!(code(&empty), "INVALID_IDENTIFIER");
    let missing = act(&h, "start_progress", json!({"token": token})).await;
    assert_eq!(code(&missing), "MISSING_PARAMETER");
    assert_eq!(
        h.show(&token, number.as_str().unwrap()).await["life_cycle_state"],
        "PENDING"
    );
    assert_eq!(h.server.applied_actions(number.as_str().unwrap()), 0);
}

#[tokio::test]
async fn cancel_works_from_every_open_state_and_never_from_a_final_one() {
    let (h, token) = start_logged_in().await;
    for method in ["get_draft", "get_pending", "get_in_progress"] {
        let job = first(&h, &token, method, "number_of_results=1").await;
        let cancelled = act(
            &h,
            "cancel",
            json!({"token": token, "job_identifier": {"id": job["id"]}}),
        )
        .await;
        assert_eq!(code(&cancelled), "OK", "{method}: {cancelled}");
        assert_eq!(cancelled["data"]["life_cycle_state"], "CANCELLED");
        assert_eq!(cancelled["data"]["status"]["life_cycle_state"], "CANCELLED");
    }
    for method in ["get_completed", "get_cancelled"] {
        let job = first(&h, &token, method, "number_of_results=1").await;
        let refused = act(&h, "cancel", job_body(&token, &job["number"])).await;
        assert_eq!(code(&refused), "INVALID_LIFE_CYCLE_STATE", "{method}");
    }
}

#[tokio::test]
async fn cancel_takes_a_status_a_reason_and_the_provided_items_flag() {
    let (h, token) = start_logged_in().await;
    let job = newest_of_type(&h, &token, "get_pending", "NEWINST").await;
    let number = job["number"].clone();
    let cancel_with = |extra: Value| act(&h, "cancel", job_body_with(&token, &number, extra));
    let bad_flag = cancel_with(json!({"cancel_provided_items": "yes"})).await;
    assert_eq!(code(&bad_flag), "INVALID_PARAMETER");
    assert!(message(&bad_flag).starts_with("cancel_provided_items:"));
    let bad_reason =
        cancel_with(json!({"cancellation_reason_identifier": {"name": "Bored"}})).await;
    assert_eq!(code(&bad_reason), "NOT_FOUND");
    assert!(message(&bad_reason).starts_with("cancellation_reason_identifier:"));
    let wrong_status = cancel_with(json!({"status_identifier": {"name": "Installed"}})).await;
    assert_eq!(code(&wrong_status), "INVALID_STATUS");
    let done = cancel_with(json!({
        "status_identifier": {"name": "Cancelled - not feasible"},
        "cancellation_reason_identifier": {"name": "Customer moved away"},
        "cancel_provided_items": true}))
    .await;
    assert_eq!(code(&done), "OK", "{done}");
    assert_eq!(done["data"]["status"]["name"], "Cancelled - not feasible");
    assert_eq!(h.server.applied_actions(number.as_str().unwrap()), 1);
}

#[tokio::test]
async fn complete_sets_the_status_dates_and_log_information() {
    let (h, token) = start_logged_in().await;
    let job = newest_of_type(&h, &token, "get_in_progress", "REPAIR").await;
    let number = job["number"].as_str().unwrap();
    let done = act(&h, "complete", job_body(&token, number)).await;
    assert_eq!(code(&done), "OK", "{done}");
    let completed = &done["data"];
    assert_eq!(completed["life_cycle_state"], "COMPLETED");
    assert_eq!(
        completed["status"]["name"], "Resolved",
        "the type's default completion status"
    );
    let stamp = completed["actual_completed_date"].as_str().unwrap();
    assert_eq!(stamp.len(), 19, "YYYY-MM-DDTHH:MM:SS: {stamp}");
    let log = &completed["log_information"];
    assert_eq!(log["updated_date"], stamp);
    assert_ne!(log["updated_date"], job["log_information"]["updated_date"]);
    assert_eq!(log["updated_by_user"]["username"], "supervisor");
    assert_eq!(
        log["updated_by_unit"]["name"], "North Depot",
        "the login's default unit"
    );
    assert_eq!(h.show(&token, number).await, *completed);
    let again = act(&h, "complete", job_body(&token, number)).await;
    assert_eq!(code(&again), "INVALID_LIFE_CYCLE_STATE");
    let pending = first(&h, &token, "get_pending", "number_of_results=1").await;
    let early = act(
        &h,
        "complete",
        json!({"token": token, "job_identifier": {"id": pending["id"]}}),
    )
    .await;
    assert_eq!(code(&early), "INVALID_LIFE_CYCLE_STATE");
    assert!(message(&early).contains("PENDING"), "{early}");
}

#[tokio::test]
async fn complete_takes_any_of_the_types_completion_statuses_only() {
    let (h, token) = start_logged_in().await;
    let query = "type_identifier=alternative_code=REPAIR&number_of_results=2";
    let jobs = h
        .jobs("jobs/all_scopes/get_in_progress", &token, query)
        .await;
    let number = jobs[0]["number"].clone();
    let body = |status: Value| job_body_with(&token, &number, json!({"status_identifier": status}));
    let not_completion = act(&h, "complete", body(json!({"name": "On site"}))).await;
    assert_eq!(code(&not_completion), "INVALID_STATUS");
    let other_type = act(&h, "complete", body(json!({"name": "Installed"}))).await;
    assert_eq!(code(&other_type), "INVALID_STATUS");
    assert!(
        message(&other_type).contains("Customer not home"),
        "lists the choices: {other_type}"
    );
    let chosen = act(&h, "complete", body(json!({"alternative_code": "CNH"}))).await;
    assert_eq!(chosen["data"]["status"]["name"], "Customer not home");
}
