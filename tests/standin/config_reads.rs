//! Configuration reads: job statuses, the next status sequence, users.
#![cfg(feature = "standin")]

use crate::standin_support;

use serde_json::{Value, json};
use standin_support::{Harness, code, message, start};

async fn data(h: &Harness, method: &str, query: &str) -> Vec<Value> {
    let (_, envelope) = h.get(method, query).await;
    assert_eq!(code(&envelope), "OK", "{method}?{query}: {envelope}");
    envelope["data"].as_array().expect("a list").clone()
}

#[tokio::test]
async fn statuses_list_has_one_default_per_state_and_filters_by_state() {
    let h = start().await;
    let token = h.login().await;
    let method = "jobs/configuration/statuses/list";
    let all = data(
        &h,
        method,
        &format!("token={token}&job_type_identifier=alternative_code=NEWINST"),
    )
    .await;
    for state in ["DRAFT", "PENDING", "IN_PROGRESS", "COMPLETED", "CANCELLED"] {
        let of_state: Vec<_> = all
            .iter()
            .filter(|e| e["status"]["life_cycle_state"] == state)
            .collect();
        assert!(!of_state.is_empty(), "{state}");
        assert_eq!(
            of_state.iter().filter(|e| e["default"] == true).count(),
            1,
            "{state}"
        );
    }
    let completed = data(
        &h,
        method,
        &format!(
            "token={token}&job_type_identifier=name=New+installation&life_cycle_state=COMPLETED"
        ),
    )
    .await;
    let names: Vec<_> = completed
        .iter()
        .map(|e| e["status"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Installed", "Installed - partial", "Customer not home"]
    );
    assert_eq!(completed[0]["default"], true);
    for entry in &completed {
        assert!(entry["id"].is_string() && entry["status"]["id"].is_string());
    }

    let (_, missing) = h.get(method, &format!("token={token}")).await;
    assert_eq!(code(&missing), "MISSING_PARAMETER");
    assert!(message(&missing).starts_with("job_type_identifier:"));
    let (_, bad_state) = h
        .get(
            method,
            &format!("token={token}&job_type_identifier=name=Plan+change&life_cycle_state=DONE"),
        )
        .await;
    assert_eq!(code(&bad_state), "INVALID_PARAMETER");
    assert!(message(&bad_state).starts_with("life_cycle_state:"));
    let (_, unknown) = h
        .get(method, &format!("token={token}&job_type_identifier=id=0"))
        .await;
    assert_eq!(code(&unknown), "NOT_FOUND");
}

#[tokio::test]
async fn next_status_sequence_follows_the_life_cycle() {
    let h = start().await;
    let token = h.login().await;
    let next = |number: String| {
        let token = token.clone();
        let h = &h;
        async move {
            let query = format!("token={token}&job_identifier=number={number}");
            let entries = data(h, "jobs/all_scopes/get_next_status_sequence", &query).await;
            let mut states: Vec<String> = entries
                .iter()
                .map(|e| e["status"]["life_cycle_state"].as_str().unwrap().to_owned())
                .collect();
            states.dedup();
            states
        }
    };
    let first = |method: &'static str| {
        let token = token.clone();
        let h = &h;
        async move {
            let jobs = h
                .jobs(
                    &format!("jobs/all_scopes/{method}"),
                    &token,
                    "number_of_results=1",
                )
                .await;
            jobs[0]["number"].as_str().unwrap().to_owned()
        }
    };
    assert_eq!(
        next(first("get_pending").await).await,
        ["IN_PROGRESS", "CANCELLED"]
    );
    assert_eq!(
        next(first("get_in_progress").await).await,
        ["COMPLETED", "CANCELLED"]
    );
    assert_eq!(next(first("get_draft").await).await, ["CANCELLED"]);
    assert!(next(first("get_completed").await).await.is_empty());
    assert!(next(first("get_cancelled").await).await.is_empty());
    let (_, unknown) = h
        .get(
            "jobs/all_scopes/get_next_status_sequence",
            &format!("token={token}&job_identifier=id=x"),
        )
        .await;
    assert_eq!(code(&unknown), "NOT_FOUND");
}

#[tokio::test]
async fn users_list_filters_by_unit_profile_group_or_business_unit() {
    let h = start().await;
    let token = h.login().await;
    let users = |filter: &str| format!("token={token}&{filter}");
    let north = data(
        &h,
        "users/list",
        &users("unit_identifier=alternative_code=NDEP"),
    )
    .await;
    let names: Vec<_> = north
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"supervisor") && names.contains(&"jokafor") && !names.contains(&"snowak")
    );
    assert!(
        north.iter().any(|u| u["active"] == false),
        "inactive users are listed too"
    );
    for user in &north {
        assert!(
            user["id"].is_string() && user["person_name"].is_string() && user["email"].is_string()
        );
    }
    let by_name = data(&h, "users/list", &users("unit_identifier=name=North+Depot")).await;
    assert_eq!(by_name, north);
    let technicians = data(
        &h,
        "users/list",
        &users("security_profile_identifier=name=Field+Technician&number_of_results=100"),
    )
    .await;
    assert!(technicians.len() >= 15);
    let care = data(
        &h,
        "users/list",
        &users("group_identifier=name=Customer+Care"),
    )
    .await;
    assert!(care.iter().any(|u| u["username"] == "tbrennan"));
    let tv = data(
        &h,
        "users/list",
        &users("business_unit_identifier=code=NWTV"),
    )
    .await;
    assert!(tv.iter().any(|u| u["username"] == "olarsen"));
    let paged = data(
        &h,
        "users/list",
        &users("security_profile_identifier=name=Field+Technician&number_of_results=5&offset=5"),
    )
    .await;
    assert_eq!(paged, technicians[5..10].to_vec());
    let slim = data(
        &h,
        "users/list",
        &users("unit_identifier=alternative_code=NDEP&fields_set=username"),
    )
    .await;
    assert_eq!(slim[0], json!({"username": "supervisor"}));
}

#[tokio::test]
async fn users_list_refuses_no_filter_two_filters_and_unknown_ones() {
    let h = start().await;
    let token = h.login().await;
    let users = |filter: &str| format!("token={token}&{filter}");
    let (_, none) = h.get("users/list", &users("")).await;
    assert_eq!(code(&none), "MISSING_PARAMETER");
    let (_, two) = h
        .get(
            "users/list",
            &users("unit_identifier=alternative_code=NDEP&group_identifier=name=Customer+Care"),
        )
        .await;
    assert_eq!(code(&two), "INVALID_PARAMETER");
    let (_, unknown) = h
        .get(
            "users/list",
            &users("unit_identifier=alternative_code=MARS"),
        )
        .await;
    assert_eq!(code(&unknown), "NOT_FOUND");
    assert!(message(&unknown).starts_with("unit_identifier:"));
    let (_, wrong_field) = h
        .get("users/list", &users("unit_identifier=code=NDEP"))
        .await;
    assert_eq!(code(&wrong_field), "INVALID_IDENTIFIER");
}
