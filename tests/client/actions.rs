//! The client's actions against the stand-in: start, complete with every
//! parameter of the seed method and its scope rules, cancel, and a race of two completes.
#![cfg(feature = "standin")]

use crate::client_support;

use chrono::{DateTime, Duration, Utc};
use client_support::{a_job, jobs_of, logged_in, number, standin};
use crmjobs::api::ident::{CancellationReasonIdentifier, JobStatusIdentifier, UserIdentifier};
use crmjobs::api::job::{CancelParams, CompleteParams, StartParams};
use crmjobs::api::model::{LifeCycleState, Page, UserFilter};

/// A date at whole seconds, as the wire carries it.
fn whole_seconds(date: DateTime<Utc>) -> DateTime<Utc> {
    date - Duration::nanoseconds(i64::from(date.timestamp_subsec_nanos()))
}

/// A status by name, as the optional parameter of an action.
#[expect(
    clippy::unnecessary_wraps,
    reason = "the action parameters take an Option"
)]
fn status(name: &str) -> Option<JobStatusIdentifier> {
    Some(JobStatusIdentifier::Name(name.to_owned()))
}

#[tokio::test]
async fn start_progress_with_the_default_or_a_chosen_status() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let pending = jobs_of(&client, LifeCycleState::Pending, "REPAIR").await;
    let started = client
        .start_progress(&StartParams {
            job: pending[0].identifier(),
            status: None,
        })
        .await
        .unwrap();
    assert_eq!(started.life_cycle_state, LifeCycleState::InProgress);
    assert_eq!(
        started.status.unwrap().name,
        "On site",
        "the type's default"
    );
    let chosen = StartParams {
        job: pending[1].identifier(),
        status: status("Travelling"),
    };
    let started = client.start_progress(&chosen).await.unwrap();
    assert_eq!(started.status.unwrap().name, "Travelling");

    let again = client.start_progress(&chosen).await.unwrap_err();
    assert_eq!(again.code(), Some("INVALID_LIFE_CYCLE_STATE"), "{again}");
    assert_eq!(server.applied_actions(&pending[1].number), 1);
}

#[tokio::test]
async fn complete_with_the_default_or_a_chosen_status() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let jobs = jobs_of(&client, LifeCycleState::InProgress, "REPAIR").await;
    let before = client.show_job(&jobs[0].identifier()).await.unwrap();
    let done = client
        .complete(&CompleteParams::new(jobs[0].identifier()))
        .await
        .unwrap();
    assert_eq!(done.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(done.status.as_ref().unwrap().name, "Resolved");
    assert!(done.actual_completed_date.is_some());
    assert!(done.updated_date() >= before.updated_date());
    let log = done.log_information.unwrap();
    assert_eq!(
        log.updated_by_user.unwrap().username.as_deref(),
        Some("supervisor")
    );

    let params = CompleteParams {
        status: status("No fault found"),
        ..CompleteParams::new(jobs[1].identifier())
    };
    let done = client.complete(&params).await.unwrap();
    assert_eq!(done.status.unwrap().name, "No fault found");

    let params = CompleteParams {
        status: status("On site"),
        ..CompleteParams::new(jobs[2].identifier())
    };
    let error = client.complete(&params).await.unwrap_err();
    assert_eq!(error.code(), Some("INVALID_STATUS"), "{error}");

    let pending = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let error = client
        .complete(&CompleteParams::new(number(&pending)))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("INVALID_LIFE_CYCLE_STATE"));
    assert!(error.to_string().contains(&pending), "{error}");
}

#[tokio::test]
async fn performed_by_and_on_only_for_new_subscriptions() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = client
        .show_job(&number(
            &a_job(&client, LifeCycleState::InProgress, "NEWINST").await,
        ))
        .await
        .unwrap();
    let unit = job.assigned_to.as_ref().unwrap().unit.as_ref().unwrap();
    let unit = crmjobs::api::ident::UnitIdentifier::Id(unit.id.clone());
    let users = client
        .users(&UserFilter::Unit(unit), Page::first(50))
        .await
        .unwrap();
    let performer = UserIdentifier::Username(users[0].username.clone());

    let future = CompleteParams {
        performed_on: Some(Utc::now() + Duration::hours(2)),
        ..CompleteParams::new(job.identifier())
    };
    let error = client.complete(&future).await.unwrap_err();
    assert_eq!(error.code(), Some("INVALID_PARAMETER"));
    assert!(error.to_string().starts_with("performed_on:"), "{error}");

    let params = CompleteParams {
        status: status("Installed - partial"),
        performed_by: Some(performer.clone()),
        performed_on: Some(whole_seconds(Utc::now() - Duration::hours(1))),
        ..CompleteParams::new(job.identifier())
    };
    let done = client.complete(&params).await.unwrap();
    assert_eq!(done.status.unwrap().name, "Installed - partial");

    let generic = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let params = CompleteParams {
        performed_by: Some(performer),
        ..CompleteParams::new(number(&generic))
    };
    let error = client.complete(&params).await.unwrap_err();
    assert_eq!(error.code(), Some("NOT_APPLICABLE_PARAMETER"), "{error}");
    assert_eq!(server.applied_actions(&generic), 0);
}

#[tokio::test]
async fn scheduled_date_when_the_rules_demand_it() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let target = a_job(&client, LifeCycleState::InProgress, "CXSUB").await;
    server.set_requires_scheduled_date(&target, true);

    let error = client
        .complete(&CompleteParams::new(number(&target)))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("SCHEDULED_DATE_REQUIRED"), "{error}");
    let past = CompleteParams {
        scheduled_date: Some(Utc::now() - Duration::days(1)),
        ..CompleteParams::new(number(&target))
    };
    assert_eq!(
        client.complete(&past).await.unwrap_err().code(),
        Some("INVALID_PARAMETER")
    );

    let when = whole_seconds(Utc::now() + Duration::days(3));
    let params = CompleteParams {
        scheduled_date: Some(when),
        ..CompleteParams::new(number(&target))
    };
    let done = client.complete(&params).await.unwrap();
    assert_eq!(done.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(done.scheduled_date, Some(when), "sent and read back in UTC");

    let generic = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let params = CompleteParams {
        scheduled_date: Some(when),
        ..CompleteParams::new(number(&generic))
    };
    let error = client.complete(&params).await.unwrap_err();
    assert_eq!(error.code(), Some("NOT_APPLICABLE_PARAMETER"));
}

#[tokio::test]
async fn cancel_with_status_reason_and_items() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let pending = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let params = CancelParams {
        job: number(&pending),
        status: status("Cancelled - duplicate"),
        reason: Some(CancellationReasonIdentifier::Name(
            "Duplicate request".into(),
        )),
        cancel_provided_items: true,
    };
    let cancelled = client.cancel(&params).await.unwrap();
    assert_eq!(cancelled.life_cycle_state, LifeCycleState::Cancelled);
    assert_eq!(cancelled.status.unwrap().name, "Cancelled - duplicate");
    let again = client.cancel(&params).await.unwrap_err();
    assert_eq!(again.code(), Some("INVALID_LIFE_CYCLE_STATE"));

    let in_progress = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let plain = CancelParams {
        job: number(&in_progress),
        status: None,
        reason: None,
        cancel_provided_items: false,
    };
    let cancelled = client.cancel(&plain).await.unwrap();
    assert_eq!(
        cancelled.status.unwrap().name,
        "Cancelled by customer",
        "the type's default"
    );
    let unknown_reason = CancelParams {
        reason: Some(CancellationReasonIdentifier::Name("Bored".into())),
        ..plain
    };
    assert!(client.cancel(&unknown_reason).await.is_err());
}

#[tokio::test]
async fn two_concurrent_completes_one_wins() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let target = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let params = CompleteParams::new(number(&target));
    let other = client.clone();
    let (first, second) = tokio::join!(client.complete(&params), other.complete(&params));
    let (won, lost) = match (first, second) {
        (Ok(job), Err(error)) | (Err(error), Ok(job)) => (job, error),
        (first, second) => panic!("expected one winner: {first:?} / {second:?}"),
    };
    assert_eq!(won.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(lost.code(), Some("INVALID_LIFE_CYCLE_STATE"), "{lost}");
    assert_eq!(server.applied_actions(&target), 1);
}
