//! Reads: paging, filters, `fields_set`, identifiers, show.
#![cfg(feature = "standin")]

use crate::standin_support;

use serde_json::Value;
use standin_support::{code, message, start};

fn numbers(jobs: &[Value]) -> Vec<String> {
    jobs.iter()
        .map(|j| j["number"].as_str().expect("number").to_owned())
        .collect()
}

fn created(job: &Value) -> String {
    job["log_information"]["created_date"]
        .as_str()
        .expect("created_date")
        .to_owned()
}

#[tokio::test]
async fn pages_are_newest_first_contiguous_and_end_short() {
    let h = start().await;
    let token = h.login().await;
    let method = "jobs/all_scopes/get_completed";
    let all = h.jobs(method, &token, "number_of_results=10000").await;
    assert!(all.len() > 100, "600 jobs should give many completed ones");
    assert!(
        all.windows(2).all(|w| created(&w[0]) >= created(&w[1])),
        "newest first"
    );
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = h
            .jobs(
                method,
                &token,
                &format!("number_of_results=40&offset={offset}"),
            )
            .await;
        paged.extend(page.iter().cloned());
        offset += 40;
        if page.len() < 40 {
            break;
        }
    }
    assert_eq!(numbers(&paged), numbers(&all));
    assert_eq!(all.len() % 40, paged.len() % 40);
    let beyond = h
        .jobs(method, &token, &format!("offset={}", all.len()))
        .await;
    assert!(beyond.is_empty());
}

#[tokio::test]
async fn default_page_is_fifty_and_every_state_has_its_method() {
    let h = start().await;
    let token = h.login().await;
    let completed = h.jobs("jobs/all_scopes/get_completed", &token, "").await;
    assert_eq!(completed.len(), 50);
    for (method, state) in [
        ("get_draft", "DRAFT"),
        ("get_pending", "PENDING"),
        ("get_in_progress", "IN_PROGRESS"),
        ("get_completed", "COMPLETED"),
        ("get_cancelled", "CANCELLED"),
    ] {
        let jobs = h
            .jobs(&format!("jobs/all_scopes/{method}"), &token, "")
            .await;
        assert!(!jobs.is_empty(), "{method}");
        assert!(
            jobs.iter().all(|j| j["life_cycle_state"] == state),
            "{method}"
        );
    }
}

#[tokio::test]
async fn paging_parameters_are_checked() {
    let h = start().await;
    let token = h.login().await;
    for query in [
        "offset=-1",
        "number_of_results=0",
        "number_of_results=ten",
        "offset=1.5",
    ] {
        let (_, envelope) = h
            .get(
                "jobs/all_scopes/get_pending",
                &format!("token={token}&{query}"),
            )
            .await;
        assert_eq!(code(&envelope), "INVALID_PARAMETER", "{query}: {envelope}");
        let name = query.split('=').next().unwrap();
        assert!(message(&envelope).starts_with(name), "{envelope}");
    }
}

#[tokio::test]
async fn list_takes_exactly_one_filter_and_get_state_at_most_one() {
    let h = start().await;
    let token = h.login().await;
    let list = "jobs/all_scopes/list";
    let (_, none) = h.get(list, &format!("token={token}")).await;
    assert_eq!(code(&none), "MISSING_PARAMETER");
    let both = format!(
        "token={token}&type_identifier=alternative_code=REPAIR&accounts_receivable_identifier=number=AR001000"
    );
    assert_eq!(code(&h.get(list, &both).await.1), "INVALID_PARAMETER");
    let pending_both = h.get("jobs/all_scopes/get_pending", &both).await.1;
    assert_eq!(code(&pending_both), "INVALID_PARAMETER");

    let by_type = h
        .jobs(
            list,
            &token,
            "type_identifier=alternative_code=REPAIR&number_of_results=1000",
        )
        .await;
    assert!(
        by_type
            .iter()
            .all(|j| j["type"]["alternative_code"] == "REPAIR")
    );
    let states: std::collections::BTreeSet<_> = by_type
        .iter()
        .map(|j| j["life_cycle_state"].as_str().unwrap().to_owned())
        .collect();
    assert!(states.len() >= 3, "list spans states: {states:?}");
    let by_ar = h
        .jobs(
            list,
            &token,
            "accounts_receivable_identifier=number=AR001000",
        )
        .await;
    assert!(!by_ar.is_empty());
    let customer = by_ar[0]["contact_email"].clone();
    assert!(by_ar.iter().all(|j| j["contact_email"] == customer));
    let by_name = h
        .jobs(
            list,
            &token,
            "type_identifier=name=Field+repair&number_of_results=1000",
        )
        .await;
    assert_eq!(numbers(&by_name), numbers(&by_type));
}

#[tokio::test]
async fn get_state_filters_by_type_and_refuses_unknown_types() {
    let h = start().await;
    let token = h.login().await;
    let list = "jobs/all_scopes/list";
    let pending_typed = h
        .jobs(
            "jobs/all_scopes/get_pending",
            &token,
            "type_identifier=alternative_code=NEWINST",
        )
        .await;
    assert!(pending_typed.iter().all(|j| {
        j["type"]["fulfillment_scope"] == "NEW_SUBSCRIPTION" && j["life_cycle_state"] == "PENDING"
    }));
    let unknown = h
        .get(list, &format!("token={token}&type_identifier=name=Nothing"))
        .await
        .1;
    assert_eq!(code(&unknown), "NOT_FOUND");
    assert!(message(&unknown).starts_with("type_identifier:"));
}

#[tokio::test]
async fn fields_set_keeps_only_the_named_top_level_fields() {
    let h = start().await;
    let token = h.login().await;
    let jobs = h
        .jobs(
            "jobs/all_scopes/get_pending",
            &token,
            "fields_set=number,status&number_of_results=3",
        )
        .await;
    for job in &jobs {
        let keys: Vec<&String> = job.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["number", "status"]);
    }
    let number = jobs[0]["number"].as_str().unwrap();
    let query = format!("token={token}&job_identifier=number={number}&fields_set=life_cycle_state");
    let (_, shown) = h.get("jobs/all_scopes/show", &query).await;
    assert_eq!(shown["data"].as_object().unwrap().len(), 1);
    for bad in ["status.name", "colour", "number,,status"] {
        let query = format!("token={token}&fields_set={bad}");
        let (_, envelope) = h.get("jobs/all_scopes/get_pending", &query).await;
        assert_eq!(code(&envelope), "INVALID_PARAMETER", "{bad}");
        assert!(message(&envelope).starts_with("fields_set:"));
    }
    let full = h.show(&token, number).await;
    for field in [
        "udf_string_1",
        "udf_float_4",
        "udf_date_1",
        "type",
        "assigned_to",
        "scheduled_date",
    ] {
        assert!(full.as_object().unwrap().contains_key(field), "{field}");
    }
}

#[tokio::test]
async fn identifiers_have_exactly_one_known_field() {
    let h = start().await;
    let token = h.login().await;
    let job = h
        .jobs("jobs/all_scopes/get_pending", &token, "number_of_results=1")
        .await
        .remove(0);
    let (id, number) = (job["id"].as_str().unwrap(), job["number"].as_str().unwrap());
    let harness = &h;
    let show = |query: String| async move { harness.get("jobs/all_scopes/show", &query).await.1 };
    let by_id = show(format!("token={token}&job_identifier=id={id}")).await;
    assert_eq!(by_id["data"]["number"], number);
    let encoded = show(format!("token={token}&job_identifier=number%3D{number}")).await;
    assert_eq!(encoded["data"]["id"], id);
    for bad in [
        format!("job_identifier={number}"),
        format!("job_identifier=email={number}"),
        format!("job_identifier=number={number}&job_identifier=id={id}"),
        "job_identifier=number=".to_owned(),
    ] {
        let envelope = show(format!("token={token}&{bad}")).await;
        assert_eq!(code(&envelope), "INVALID_IDENTIFIER", "{bad}: {envelope}");
        assert!(message(&envelope).starts_with("job_identifier:"));
    }
    let missing = show(format!("token={token}")).await;
    assert_eq!(code(&missing), "MISSING_PARAMETER");
    let unknown = show(format!("token={token}&job_identifier=number=JB99999")).await;
    assert_eq!(code(&unknown), "NOT_FOUND");
    let extra = show(format!("token={token}&job_identifier=id={id}&colour=red")).await;
    assert_eq!(code(&extra), "INVALID_PARAMETER");
    assert!(message(&extra).starts_with("colour:"));
}
