//! The client's reads against the stand-in: jobs by state with paging, the list filters, one
//! job, `fields_set`, statuses, the next status sequence and users.
#![cfg(feature = "standin")]

use crate::client_support;

use std::collections::HashSet;

use client_support::{a_job, job_type, logged_in, number, standin};
use crmjobs::api::error::ApiError;
use crmjobs::api::ident::{
    AccountsReceivableIdentifier, BusinessUnitIdentifier, GroupIdentifier, JobIdentifier,
    SecurityProfileIdentifier, UnitIdentifier,
};
use crmjobs::api::model::{JobFilter, LifeCycleState, Page, UserFilter};

#[tokio::test]
async fn every_state_pages_newest_first_until_a_short_page() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let mut seen = HashSet::new();
    for state in LifeCycleState::ALL {
        let mut page = Page::first(40);
        let mut in_state = Vec::new();
        loop {
            let jobs = client.jobs_by_state(state, None, page).await.unwrap();
            let short = jobs.len() < 40;
            in_state.extend(jobs);
            if short {
                break;
            }
            page = page.next();
        }
        assert!(!in_state.is_empty(), "no {state} jobs");
        assert!(in_state.iter().all(|j| j.life_cycle_state == state));
        let created: Vec<_> = in_state
            .iter()
            .map(|j| j.log_information.as_ref().and_then(|l| l.created_date))
            .collect();
        assert!(
            created.windows(2).all(|w| w[0] >= w[1]),
            "{state} not newest first"
        );
        for job in &in_state {
            assert!(seen.insert(job.number.clone()), "{} twice", job.number);
        }
    }
    assert_eq!(seen.len(), 600, "every seeded job in exactly one state");
}

#[tokio::test]
async fn the_get_methods_are_the_states() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let filter = JobFilter::Type(job_type("REPAIR"));
    let page = Page::first(5);
    let answers = [
        (
            LifeCycleState::Draft,
            client.get_draft(Some(&filter), page).await,
        ),
        (
            LifeCycleState::Pending,
            client.get_pending(Some(&filter), page).await,
        ),
        (
            LifeCycleState::InProgress,
            client.get_in_progress(Some(&filter), page).await,
        ),
        (
            LifeCycleState::Completed,
            client.get_completed(Some(&filter), page).await,
        ),
        (
            LifeCycleState::Cancelled,
            client.get_cancelled(Some(&filter), page).await,
        ),
    ];
    for (state, answer) in answers {
        let jobs = answer.unwrap();
        assert!(!jobs.is_empty(), "no REPAIR job in {state}");
        for job in jobs {
            assert_eq!(job.life_cycle_state, state);
            assert_eq!(
                job.job_type.unwrap().alternative_code.as_deref(),
                Some("REPAIR")
            );
        }
    }
}

#[tokio::test]
async fn list_takes_a_type_or_an_accounts_receivable() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let by_type = client
        .list_jobs(&JobFilter::Type(job_type("NEWINST")), Page::first(1000))
        .await
        .unwrap();
    assert!(by_type.len() > 5);
    assert!(
        by_type
            .iter()
            .all(|j| j.job_type.as_ref().unwrap().name == "New installation")
    );
    let states: HashSet<_> = by_type.iter().map(|j| j.life_cycle_state.clone()).collect();
    assert!(states.len() > 1, "list covers every state: {states:?}");

    let customer = AccountsReceivableIdentifier::Name("Aldridge Bakery".into());
    let filter = JobFilter::AccountsReceivable(customer);
    let by_customer = client.list_jobs(&filter, Page::first(1000)).await.unwrap();
    assert!(!by_customer.is_empty() && by_customer.len() < 600);
    let second_page = client
        .list_jobs(&filter, Page { offset: 1, size: 1 })
        .await
        .unwrap();
    assert_eq!(second_page[0].number, by_customer[1].number);

    let nobody = AccountsReceivableIdentifier::Name("Nobody Ltd".into());
    let error = client
        .list_jobs(&JobFilter::AccountsReceivable(nobody), Page::first(5))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NOT_FOUND"), "{error}");
}

#[tokio::test]
async fn show_finds_a_job_by_number_or_id_and_names_a_missing_one() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let wanted = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let by_number = client.show_job(&number(&wanted)).await.unwrap();
    assert_eq!(by_number.number, wanted);
    let by_id = client
        .show_job(&JobIdentifier::Id(by_number.id.clone()))
        .await
        .unwrap();
    assert_eq!(by_id, by_number);
    assert!(by_number.assigned_to.is_some() && by_number.status.is_some());

    let error = client.show_job(&number("JB99999")).await.unwrap_err();
    assert_eq!(error.code(), Some("NOT_FOUND"));
    assert!(error.to_string().contains("JB99999"), "{error}");
    assert!(error.to_string().ends_with("(NOT_FOUND)"), "{error}");
}

#[tokio::test]
async fn with_fields_trims_reads_and_shares_the_session() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let wanted = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let slim = client.with_fields(&["number", "life_cycle_state", "status"]);
    let job = slim.show_job(&number(&wanted)).await.unwrap();
    assert_eq!(job.number, wanted);
    assert!(job.status.is_some());
    assert!(job.description.is_none() && job.assigned_to.is_none());
    let page = slim
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(3))
        .await
        .unwrap();
    assert!(page.iter().all(|j| j.description.is_none()));
    let full = client.show_job(&number(&wanted)).await.unwrap();
    assert!(
        full.description.is_some(),
        "the original client keeps every field"
    );
    assert_eq!(server.logins(), 1, "the slim client shares the session");

    // Leaving out the state leaves a job without one (shown as such, never acted on);
    // leaving out every identity is a clear decode error, not a raw dump.
    let stateless = client
        .with_fields(&["number"])
        .show_job(&number(&wanted))
        .await
        .unwrap();
    assert_eq!(stateless.life_cycle_state.label(), "no state");
    let error = client
        .with_fields(&["description"])
        .show_job(&number(&wanted))
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Decode(_)), "{error:?}");
    assert!(
        error.to_string().contains("neither an id nor a number"),
        "{error}"
    );
}

#[tokio::test]
async fn statuses_of_a_type_by_state_with_one_default() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let all = client.statuses(&job_type("REPAIR"), None).await.unwrap();
    let states: HashSet<_> = all.iter().map(|e| e.status.life_cycle_state).collect();
    assert_eq!(states.len(), 5, "{states:?}");
    let completed = client
        .statuses(&job_type("REPAIR"), Some(LifeCycleState::Completed))
        .await
        .unwrap();
    let names: Vec<_> = completed.iter().map(|e| e.status.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Resolved",
            "No fault found",
            "Customer not home",
            "Installed - partial"
        ]
    );
    let defaults: Vec<_> = completed.iter().filter(|e| e.default).collect();
    assert_eq!(defaults.len(), 1);
    assert_eq!(defaults[0].status.name, "Resolved");
    let error = client.statuses(&job_type("NOPE"), None).await.unwrap_err();
    assert_eq!(error.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn next_status_sequence_of_a_pending_job_leads_on() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let pending = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let next = client
        .next_status_sequence(&number(&pending))
        .await
        .unwrap();
    assert!(!next.is_empty());
    assert!(
        next.iter()
            .any(|e| e.status.life_cycle_state == LifeCycleState::InProgress),
        "{next:?}"
    );
    let error = client
        .next_status_sequence(&number("JB99999"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn users_by_each_filter() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let filters = [
        UserFilter::Unit(UnitIdentifier::AlternativeCode("NDEP".into())),
        UserFilter::BusinessUnit(BusinessUnitIdentifier::Code("NWB".into())),
        UserFilter::Group(GroupIdentifier::Name("Field Operations".into())),
        UserFilter::SecurityProfile(SecurityProfileIdentifier::Name("Field Technician".into())),
    ];
    for filter in &filters {
        let users = client.users(filter, Page::first(100)).await.unwrap();
        assert!(!users.is_empty(), "{filter:?}");
        assert!(users.iter().all(|u| !u.username.is_empty()));
    }
    let in_north = client.users(&filters[0], Page::first(100)).await.unwrap();
    assert!(in_north.iter().any(|u| u.username == "supervisor"));
    let first_two = client.users(&filters[0], Page::first(2)).await.unwrap();
    assert_eq!(first_two.len(), 2);
    let next = client
        .users(&filters[0], Page::first(2).next())
        .await
        .unwrap();
    assert_ne!(first_two[0].username, next[0].username);
}

#[tokio::test]
async fn a_trailing_slash_in_the_server_address_is_fine() {
    let server = standin().await;
    let config = crmjobs::api::client::ClientConfig::new(format!("{}/", server.url()));
    let client = crmjobs::api::client::Client::new(config).unwrap();
    client.set_credentials(client_support::demo_credentials());
    client.login().await.unwrap();
    let jobs = client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(1))
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
}
