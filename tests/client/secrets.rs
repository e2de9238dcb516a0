//! Secrets never leak: a canary password, API key and token must not appear in
//! the Debug or Display of the client, the credentials or any error, nor in anything logged
//! while they are used, down to trace level.
#![cfg(feature = "standin")]

use crate::client_logs;
use crate::client_support;

use client_logs::LogBuffer;
use client_support::{a_job, client_of, logged_in, number, standin};
use crmjobs::api::client::{Client, ClientConfig, Credentials};
use crmjobs::api::job::CompleteParams;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::standin::DEMO_ORGANISATION;
use secrecy::ExposeSecret;

const CANARY: &str = "canary-7f3a9c-Secret";

/// Fails when the canary shows up in any of the texts.
fn assert_hidden(secret: &str, texts: &[String]) {
    for text in texts {
        assert!(!text.contains(secret), "the secret leaked into: {text}");
    }
}

#[tokio::test]
async fn a_password_and_a_key_stay_hidden_when_refused() {
    let server = standin().await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    let with_password = Credentials::Password {
        organisation: DEMO_ORGANISATION.into(),
        username: "supervisor".into(),
        password: CANARY.into(),
        unit: None,
    };
    let with_key = Credentials::ApiKey {
        key: CANARY.into(),
        unit: None,
    };
    for credentials in [with_password, with_key] {
        let client = client_of(&server);
        client.set_credentials(credentials.clone());
        let error = client.login().await.unwrap_err();
        assert_eq!(error.code(), Some("AUTHENTICATION_FAILED"));
        let read = client
            .jobs_by_state(LifeCycleState::Pending, None, Page::first(1))
            .await;
        let texts = [
            format!("{credentials:?}"),
            format!("{client:?} {client:#?}"),
            format!("{error} {error:?}"),
            format!("{read:?}"),
        ];
        assert_hidden(CANARY, &texts);
    }
    assert!(
        logs.text().contains("POST authentication/token"),
        "the logins were logged"
    );
    assert_hidden(CANARY, &[logs.text()]);
}

#[tokio::test]
async fn the_token_stays_out_of_logs_debug_and_errors() {
    let server = standin().await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    let client = logged_in(&server).await;
    let token = client.token().unwrap().expose_secret().to_owned();
    let target = a_job(&client, LifeCycleState::InProgress, "REPAIR").await;
    let slim = client.with_fields(&["number", "life_cycle_state"]);
    slim.show_job(&number(&target)).await.unwrap();
    client
        .complete(&CompleteParams::new(number(&target)))
        .await
        .unwrap();
    let refused = client
        .complete(&CompleteParams::new(number(&target)))
        .await
        .unwrap_err();
    let texts = [
        format!("{client:?} {slim:#?}"),
        format!("{refused} {refused:?}"),
    ];
    client.release_token().await.unwrap();
    let log_text = logs.text();
    assert!(
        log_text.contains(&format!(
            "GET jobs/all_scopes/show?job_identifier=number={target}"
        )),
        "reads are logged without their token: {log_text}"
    );
    assert_hidden(&token, &texts);
    assert_hidden(&token, &[log_text]);
}

#[tokio::test]
async fn a_canary_token_stays_out_of_transport_errors() {
    let server = standin().await;
    let logs = LogBuffer::default();
    let _capture = logs.install();
    let refused = client_of(&server);
    refused.set_token(CANARY.into());
    let invalid = refused.show_job(&number("JB00001")).await.unwrap_err();
    assert_eq!(invalid.code(), Some("INVALID_TOKEN"));

    let gone = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let unreachable = Client::new(ClientConfig::new(gone)).unwrap();
    unreachable.set_token(CANARY.into());
    let read = unreachable.show_job(&number("JB00001")).await.unwrap_err();
    let action = unreachable
        .complete(&CompleteParams::new(number("JB00001")))
        .await
        .unwrap_err();
    let texts = [
        format!("{invalid} {invalid:?}"),
        format!("{read} {read:?}"),
        format!("{action} {action:?}"),
        format!("{refused:?} {unreachable:?}"),
        logs.text(),
    ];
    assert!(texts[1].contains("cannot reach the server"), "{}", texts[1]);
    assert_hidden(CANARY, &texts);
}
