//! `complete`'s scope rules: performed by/on for `NEW_SUBSCRIPTION` only,
//! `scheduled_date` for four scopes only, and the per-job flag that demands it.
#![cfg(feature = "standin")]

use crate::standin_support;

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use standin_support::{Harness, code, job_body, job_body_with, message, start_logged_in};

fn wire(date: chrono::DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S").to_string()
}

async fn complete(h: &Harness, body: Value) -> Value {
    h.post("jobs/all_scopes/complete", &body).await.1
}

/// In-progress jobs of a type, newest first.
async fn in_progress(h: &Harness, token: &str, type_code: &str) -> Vec<String> {
    let query = format!("type_identifier=alternative_code={type_code}&number_of_results=1000");
    h.in_progress_numbers(token, &query).await
}

#[tokio::test]
async fn new_subscription_refuses_a_future_performed_on_and_unknown_performers() {
    let (h, token) = start_logged_in().await;
    let jobs = in_progress(&h, &token, "NEWINST").await;
    let number = &jobs[0];
    let complete_with = |extra: Value| complete(&h, job_body_with(&token, number, extra));
    let future =
        complete_with(json!({"performed_on": wire(Utc::now() + Duration::hours(1))})).await;
    assert_eq!(code(&future), "INVALID_PARAMETER");
    assert!(message(&future).starts_with("performed_on:"), "{future}");
    let garbled = complete_with(json!({"performed_on": "28/11/2026"})).await;
    assert_eq!(code(&garbled), "INVALID_PARAMETER");
    assert!(message(&garbled).starts_with("performed_on:"));
    let nobody =
        complete_with(json!({"performed_by_user_identifier": {"username": "ghost"}})).await;
    assert_eq!(code(&nobody), "NOT_FOUND");
    assert!(message(&nobody).starts_with("performed_by_user_identifier:"));
    let wrong_field =
        complete_with(json!({"performed_by_user_identifier": {"email": "x@y"}})).await;
    assert_eq!(code(&wrong_field), "INVALID_IDENTIFIER");
    let scheduled =
        complete_with(json!({"scheduled_date": wire(Utc::now() + Duration::days(2))})).await;
    assert_eq!(code(&scheduled), "NOT_APPLICABLE_PARAMETER");
    assert!(message(&scheduled).starts_with("scheduled_date:"));
    assert_eq!(
        h.server.applied_actions(number),
        0,
        "refusals change nothing"
    );
}

#[tokio::test]
async fn new_subscription_completes_with_performer_and_performed_on() {
    let (h, token) = start_logged_in().await;
    let jobs = in_progress(&h, &token, "NEWINST").await;
    let performed = json!({
        "status_identifier": {"name": "Installed - partial"},
        "performed_by_user_identifier": {"username": "jokafor"},
        "performed_on": wire(Utc::now() - Duration::hours(2)),
    });
    let done = complete(&h, job_body_with(&token, &jobs[0], performed)).await;
    assert_eq!(code(&done), "OK", "{done}");
    assert_eq!(done["data"]["status"]["name"], "Installed - partial");
    let now = json!({"performed_on": wire(Utc::now())});
    let today = complete(&h, job_body_with(&token, &jobs[1], now)).await;
    assert_eq!(code(&today), "OK", "now is not the future: {today}");
}

#[tokio::test]
async fn other_scopes_refuse_performed_by_and_performed_on() {
    let (h, token) = start_logged_in().await;
    for type_code in ["REPAIR", "MAINT", "ACT"] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let performer = json!({"performed_by_user_identifier": {"username": "jokafor"}});
        let by = complete(&h, job_body_with(&token, number, performer)).await;
        assert_eq!(code(&by), "NOT_APPLICABLE_PARAMETER", "{type_code}");
        assert!(
            message(&by).starts_with("performed_by_user_identifier:"),
            "{by}"
        );
        let an_hour_ago = json!({"performed_on": wire(Utc::now() - Duration::hours(1))});
        let on = complete(&h, job_body_with(&token, number, an_hour_ago)).await;
        assert_eq!(code(&on), "NOT_APPLICABLE_PARAMETER", "{type_code}");
        assert!(message(&on).starts_with("performed_on:"));
    }
}

#[tokio::test]
async fn scheduled_date_only_for_the_four_scopes() {
    let (h, token) = start_logged_in().await;
    let later = wire(Utc::now() + Duration::days(3));
    let scheduled = |number: &str| job_body_with(&token, number, json!({"scheduled_date": later}));
    for type_code in [
        "REPAIR", "ACT", "ADDSVC", "MOVE", "SWAPEQ", "RPLGDS", "DEACT",
    ] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let refused = complete(&h, scheduled(number)).await;
        assert_eq!(
            code(&refused),
            "NOT_APPLICABLE_PARAMETER",
            "{type_code}: {refused}"
        );
        assert!(message(&refused).starts_with("scheduled_date:"));
    }
    for type_code in ["CXSUB", "RMSVC", "SWAPSVC", "MAINT"] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let done = complete(&h, scheduled(number)).await;
        assert_eq!(code(&done), "OK", "{type_code}: {done}");
        assert_eq!(
            done["data"]["scheduled_date"],
            later.as_str(),
            "the completed job carries it"
        );
    }
}

#[tokio::test]
async fn the_per_job_flag_demands_a_scheduled_date_from_now_on() {
    let (h, token) = start_logged_in().await;
    let jobs = in_progress(&h, &token, "SWAPSVC").await;
    let (flagged, free) = (&jobs[0], &jobs[1]);
    h.server.set_requires_scheduled_date(flagged, true);
    h.server.set_requires_scheduled_date(free, false);
    assert!(h.server.requires_scheduled_date(flagged));
    assert!(!h.server.requires_scheduled_date(free));

    let bare = job_body(&token, flagged);
    let required = complete(&h, bare.clone()).await;
    assert_eq!(code(&required), "SCHEDULED_DATE_REQUIRED", "{required}");
    assert!(message(&required).starts_with("scheduled_date:"));
    let mut past = bare.clone();
    past["scheduled_date"] = json!(wire(Utc::now() - Duration::days(1)));
    let past = complete(&h, past).await;
    assert_eq!(code(&past), "INVALID_PARAMETER");
    assert!(message(&past).starts_with("scheduled_date:"));
    assert_eq!(
        h.show(&token, flagged).await["life_cycle_state"],
        "IN_PROGRESS"
    );

    let mut dated = bare;
    dated["scheduled_date"] = json!("2099-01-31");
    let done = complete(&h, dated).await;
    assert_eq!(code(&done), "OK", "{done}");
    assert_eq!(done["data"]["scheduled_date"], "2099-01-31T00:00:00");
    let unflagged = complete(&h, job_body(&token, free)).await;
    assert_eq!(code(&unflagged), "OK", "{unflagged}");
}

#[tokio::test]
async fn the_seed_flags_some_scheduled_scope_jobs() {
    let (h, token) = start_logged_in().await;
    let mut flagged = 0;
    for type_code in ["CXSUB", "RMSVC", "SWAPSVC", "MAINT"] {
        for number in in_progress(&h, &token, type_code).await {
            flagged += usize::from(h.server.requires_scheduled_date(&number));
        }
    }
    assert!(flagged >= 2, "{flagged} flagged jobs");
    assert!(!h.server.requires_scheduled_date("JB99999"));
}
