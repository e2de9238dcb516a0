//! Logins, tokens and re-logins against the stand-in: password and API key
//! logins, release, and one re-login for all the requests that met `INVALID_TOKEN` together.
#![cfg(feature = "standin")]

use crate::client_support;

use std::time::Duration;

use client_support::{
    a_job, client_of, demo_credentials, jobs_of, logged_in, number, standin, standin_with,
};
use crmjobs::api::client::Credentials;
use crmjobs::api::error::ApiError;
use crmjobs::api::job::CompleteParams;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::standin::{DEMO_API_KEY, DEMO_ORGANISATION, Faults, StandinConfig};
use futures_util::future::join_all;
use secrecy::ExposeSecret;

#[tokio::test]
async fn password_login_then_release_kills_the_token() {
    let server = standin().await;
    let client = logged_in(&server).await;
    assert!(client.is_logged_in());
    let token = client.token().unwrap();
    assert!(token.expose_secret().split('.').count() == 3, "JWT-shaped");
    client.release_token().await.unwrap();
    assert!(!client.is_logged_in());
    assert!(
        client.release_token().await.is_ok(),
        "releasing nothing is fine"
    );

    let other = client_of(&server);
    other.set_token(token);
    let error = other.show_job(&number("JB00001")).await.unwrap_err();
    assert_eq!(error.code(), Some("INVALID_TOKEN"), "{error}");
    assert!(error.to_string().contains("log in again"), "{error}");
    assert_eq!(server.logins(), 1, "no credentials, no re-login");
}

#[tokio::test]
async fn a_wrong_password_is_refused_with_the_servers_words() {
    let server = standin().await;
    let client = client_of(&server);
    client.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: "supervisor".into(),
        password: "not-the-password".into(),
        unit: None,
    });
    let error = client.login().await.unwrap_err();
    assert_eq!(error.code(), Some("AUTHENTICATION_FAILED"));
    assert!(
        error
            .to_string()
            .contains("wrong organisation, username or password")
    );
    assert!(!client.is_logged_in());
    let read = client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(1))
        .await;
    assert_eq!(read.unwrap_err().code(), Some("AUTHENTICATION_FAILED"));
}

#[tokio::test]
async fn logins_with_and_without_a_unit() {
    let server = standin().await;
    let client = client_of(&server);
    client.set_credentials(Credentials::ApiKey {
        key: DEMO_API_KEY.into(),
        unit: None,
    });
    client.login().await.unwrap();
    let job = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let unit = client
        .show_job(&number(&job))
        .await
        .unwrap()
        .assigned_to
        .unwrap()
        .unit
        .clone()
        .unwrap();

    let in_unit = client_of(&server);
    in_unit.set_credentials(Credentials::ApiKey {
        key: DEMO_API_KEY.into(),
        unit: Some(unit.id.clone()),
    });
    in_unit.login().await.unwrap();
    assert!(in_unit.show_job(&number(&job)).await.is_ok());
    assert_eq!(server.logins(), 2);

    let by_password = client_of(&server);
    by_password.set_credentials(Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: "supervisor".into(),
        password: crmjobs::standin::DEMO_PASSWORD.into(),
        unit: Some(unit.id.clone()),
    });
    by_password.login().await.unwrap();
    assert_eq!(server.logins(), 3, "a password login in a chosen unit");

    let unknown_unit = client_of(&server);
    unknown_unit.set_credentials(Credentials::ApiKey {
        key: DEMO_API_KEY.into(),
        unit: Some("no-such-unit".into()),
    });
    assert!(unknown_unit.login().await.unwrap_err().code().is_some());

    let wrong = client_of(&server);
    wrong.set_credentials(Credentials::ApiKey {
        key: "nwf-wrong-key".into(),
        unit: None,
    });
    let error = wrong.login().await.unwrap_err();
    assert_eq!(error.code(), Some("AUTHENTICATION_FAILED"), "{error}");
}

#[tokio::test]
async fn without_a_token_the_client_logs_in_first_or_says_so() {
    let server = standin().await;
    let bare = client_of(&server);
    let error = bare.show_job(&number("JB00001")).await.unwrap_err();
    assert!(matches!(error, ApiError::NotLoggedIn), "{error:?}");
    assert!(matches!(bare.login().await, Err(ApiError::NotLoggedIn)));

    let lazy = client_of(&server);
    lazy.set_credentials(demo_credentials());
    let reads = (0..4).map(|_| lazy.jobs_by_state(LifeCycleState::Pending, None, Page::first(2)));
    for answer in join_all(reads).await {
        assert_eq!(answer.unwrap().len(), 2);
    }
    assert_eq!(
        server.logins(),
        1,
        "one login for four requests that needed one"
    );
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_for_eight_requests() {
    let faults = Faults {
        token_ttl: Duration::from_secs(1),
        ..Faults::default()
    };
    let server = standin_with(StandinConfig {
        faults,
        ..StandinConfig::default()
    })
    .await;
    let client = logged_in(&server).await;
    let pending = jobs_of(&client, LifeCycleState::Pending, "REPAIR").await;
    let old_token = client.token().unwrap();
    // The lifetime is the condition waited for: after it every request meets INVALID_TOKEN.
    tokio::time::sleep(Duration::from_millis(1200)).await;

    let ids: Vec<_> = pending
        .iter()
        .take(4)
        .map(crmjobs::api::job::Job::identifier)
        .collect();
    let shows = ids.iter().map(|id| client.show_job(id));
    let pages = (0..4)
        .map(|i| client.jobs_by_state(LifeCycleState::Pending, None, Page { offset: i, size: 1 }));
    let (by_id, by_page) = tokio::join!(join_all(shows), join_all(pages));
    assert!(by_id.iter().all(Result::is_ok), "{by_id:?}");
    assert!(by_page.iter().all(Result::is_ok), "{by_page:?}");
    assert_eq!(
        server.logins(),
        2,
        "the first login and exactly one re-login"
    );
    assert_ne!(
        client.token().unwrap().expose_secret(),
        old_token.expose_secret()
    );
}

#[tokio::test]
async fn actions_that_met_a_dead_token_are_not_sent_again_blindly() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let jobs = jobs_of(&client, LifeCycleState::InProgress, "REPAIR").await;
    let targets: Vec<_> = jobs.iter().take(4).map(|j| j.number.clone()).collect();
    // Kill the token behind the client's back, as a server restart or a logout elsewhere would.
    let killer = client_of(&server);
    killer.set_token(client.token().unwrap());
    killer.release_token().await.unwrap();

    let completes: Vec<_> = targets
        .iter()
        .map(|n| CompleteParams::new(number(n)))
        .collect();
    let actions = completes.iter().map(|params| client.complete(params));
    let reads = (0..4).map(|_| client.jobs_by_state(LifeCycleState::Draft, None, Page::first(1)));
    let (done, read) = tokio::join!(join_all(actions), join_all(reads));
    // The reads are replayed with the new token; the actions come back refused for the
    // token, for the caller (the outbox) to read each job back before sending it again.
    assert!(read.iter().all(Result::is_ok), "{read:?}");
    for result in done {
        let error = result.unwrap_err();
        assert!(error.needs_login(), "{error:?}");
    }
    assert_eq!(server.logins(), 2, "one re-login for all eight");
    for (target, params) in targets.iter().zip(&completes) {
        assert_eq!(server.applied_actions(target), 0, "{target} not sent again");
        let job = client.complete(params).await.unwrap();
        assert_eq!(job.life_cycle_state, LifeCycleState::Completed);
        assert_eq!(server.applied_actions(target), 1, "{target} applied once");
    }
    assert_eq!(
        server.logins(),
        2,
        "the new token serves the actions sent again"
    );
}
