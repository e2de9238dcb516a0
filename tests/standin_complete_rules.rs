//! `complete`'s scope rules (crm-api.md §4.2): performed by/on for `NEW_SUBSCRIPTION` only,
//! `scheduled_date` for four scopes only, and the per-job flag that demands it.
#![cfg(feature = "standin")]

mod standin_support;

use chrono::{Duration, Utc};
use serde_json::{Value, json};
use standin_support::{Harness, code, message, start};

fn wire(date: chrono::DateTime<Utc>) -> String {
    date.format("%Y-%m-%dT%H:%M:%S").to_string()
}

async fn complete(h: &Harness, body: Value) -> Value {
    h.post("jobs/all_scopes/complete", &body).await.1
}

/// In-progress jobs of a type, newest first.
async fn in_progress(h: &Harness, token: &str, type_code: &str) -> Vec<String> {
    let query = format!("type_identifier=alternative_code={type_code}&number_of_results=1000");
    h.jobs("jobs/all_scopes/get_in_progress", token, &query)
        .await
        .iter()
        .map(|j| j["number"].as_str().expect("number").to_owned())
        .collect()
}

#[tokio::test]
async fn new_subscription_refuses_a_future_performed_on_and_unknown_performers() {
    let h = start().await;
    let token = h.login().await;
    let jobs = in_progress(&h, &token, "NEWINST").await;
    let number = &jobs[0];
    let body = |extra: Value| {
        let mut body = json!({"token": token, "job_identifier": {"number": number}});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let future = complete(
        &h,
        body(json!({"performed_on": wire(Utc::now() + Duration::hours(1))})),
    )
    .await;
    assert_eq!(code(&future), "INVALID_PARAMETER");
    assert!(message(&future).starts_with("performed_on:"), "{future}");
    let garbled = complete(&h, body(json!({"performed_on": "28/11/2026"}))).await;
    assert_eq!(code(&garbled), "INVALID_PARAMETER");
    assert!(message(&garbled).starts_with("performed_on:"));
    let nobody = complete(
        &h,
        body(json!({"performed_by_user_identifier": {"username": "ghost"}})),
    )
    .await;
    assert_eq!(code(&nobody), "NOT_FOUND");
    assert!(message(&nobody).starts_with("performed_by_user_identifier:"));
    let wrong_field = complete(
        &h,
        body(json!({"performed_by_user_identifier": {"email": "x@y"}})),
    )
    .await;
    assert_eq!(code(&wrong_field), "INVALID_IDENTIFIER");
    let scheduled = complete(
        &h,
        body(json!({"scheduled_date": wire(Utc::now() + Duration::days(2))})),
    )
    .await;
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
    let h = start().await;
    let token = h.login().await;
    let jobs = in_progress(&h, &token, "NEWINST").await;
    let number = &jobs[0];
    let body = |extra: Value| {
        let mut body = json!({"token": token, "job_identifier": {"number": number}});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let done = complete(
        &h,
        body(json!({
            "status_identifier": {"name": "Installed - partial"},
            "performed_by_user_identifier": {"username": "jokafor"},
            "performed_on": wire(Utc::now() - Duration::hours(2)),
        })),
    )
    .await;
    assert_eq!(code(&done), "OK", "{done}");
    assert_eq!(done["data"]["status"]["name"], "Installed - partial");
    let today = complete(
        &h,
        json!({"token": token, "job_identifier": {"number": jobs[1]},
        "performed_on": wire(Utc::now())}),
    )
    .await;
    assert_eq!(code(&today), "OK", "now is not the future: {today}");
}

#[tokio::test]
async fn other_scopes_refuse_performed_by_and_performed_on() {
    let h = start().await;
    let token = h.login().await;
    for type_code in ["REPAIR", "MAINT", "ACT"] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let by = complete(
            &h,
            json!({"token": token, "job_identifier": {"number": number},
            "performed_by_user_identifier": {"username": "jokafor"}}),
        )
        .await;
        assert_eq!(code(&by), "NOT_APPLICABLE_PARAMETER", "{type_code}");
        assert!(
            message(&by).starts_with("performed_by_user_identifier:"),
            "{by}"
        );
        let on = complete(
            &h,
            json!({"token": token, "job_identifier": {"number": number},
            "performed_on": wire(Utc::now() - Duration::hours(1))}),
        )
        .await;
        assert_eq!(code(&on), "NOT_APPLICABLE_PARAMETER", "{type_code}");
        assert!(message(&on).starts_with("performed_on:"));
    }
}

#[tokio::test]
async fn scheduled_date_only_for_the_four_scopes() {
    let h = start().await;
    let token = h.login().await;
    let later = wire(Utc::now() + Duration::days(3));
    for type_code in [
        "REPAIR", "ACT", "ADDSVC", "MOVE", "SWAPEQ", "RPLGDS", "DEACT",
    ] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let refused = complete(
            &h,
            json!({"token": token, "job_identifier": {"number": number},
            "scheduled_date": later}),
        )
        .await;
        assert_eq!(
            code(&refused),
            "NOT_APPLICABLE_PARAMETER",
            "{type_code}: {refused}"
        );
        assert!(message(&refused).starts_with("scheduled_date:"));
    }
    for type_code in ["CXSUB", "RMSVC", "SWAPSVC", "MAINT"] {
        let number = &in_progress(&h, &token, type_code).await[0];
        let done = complete(
            &h,
            json!({"token": token, "job_identifier": {"number": number},
            "scheduled_date": later}),
        )
        .await;
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
    let h = start().await;
    let token = h.login().await;
    let jobs = in_progress(&h, &token, "SWAPSVC").await;
    let (flagged, free) = (&jobs[0], &jobs[1]);
    h.server.set_requires_scheduled_date(flagged, true);
    h.server.set_requires_scheduled_date(free, false);
    assert!(h.server.requires_scheduled_date(flagged));
    assert!(!h.server.requires_scheduled_date(free));

    let bare = json!({"token": token, "job_identifier": {"number": flagged}});
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
    let unflagged = complete(
        &h,
        json!({"token": token, "job_identifier": {"number": free}}),
    )
    .await;
    assert_eq!(code(&unflagged), "OK", "{unflagged}");
}

#[tokio::test]
async fn the_seed_flags_some_scheduled_scope_jobs() {
    let h = start().await;
    let token = h.login().await;
    let mut flagged = 0;
    for type_code in ["CXSUB", "RMSVC", "SWAPSVC", "MAINT"] {
        for number in in_progress(&h, &token, type_code).await {
            flagged += usize::from(h.server.requires_scheduled_date(&number));
        }
    }
    assert!(flagged >= 2, "{flagged} flagged jobs");
    assert!(!h.server.requires_scheduled_date("JB99999"));
}
