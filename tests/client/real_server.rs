//! The client against a server that follows only the public record (the documented
//! stand-in): dead tokens recognised without knowing their code, what a code meant kept per
//! server, business refusals told apart from dead tokens, and the profile's own codes.

use crate::client_support;

use client_support::{a_job, demo_credentials, logged_in, number, standin_with};
use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::job::CompleteParams;
use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::api::refusal::Meaning;
use crmjobs::standin::{DOCUMENTED_TOKEN_REJECTED_CODE, Flavour, StandinConfig, StandinServer};

async fn documented() -> StandinServer {
    standin_with(StandinConfig {
        flavour: Flavour::Documented,
        ..StandinConfig::default()
    })
    .await
}

fn remembering(server: &StandinServer, dir: &std::path::Path, codes: &[&str]) -> Client {
    Client::new(ClientConfig {
        memory_dir: Some(dir.to_path_buf()),
        token_error_codes: codes.iter().map(|c| (*c).to_owned()).collect(),
        ..ClientConfig::new(server.url())
    })
    .expect("client")
}

#[tokio::test]
async fn an_unknown_dead_token_code_is_learned_by_a_replay_and_kept_for_the_server() {
    let server = documented().await;
    let dir = tempfile::tempdir().unwrap();
    let client = remembering(&server, dir.path(), &[]);
    client.set_credentials(demo_credentials());
    client.login().await.unwrap();
    server.expire_tokens();
    let page = client
        .jobs_by_state(LifeCycleState::Completed, None, Page::first(3))
        .await
        .expect("the read is replayed with a new token");
    assert_eq!(page.len(), 3);
    assert_eq!(server.logins(), 2, "one silent re-login");
    assert!(
        client
            .memory()
            .dead_token_codes
            .contains(DOCUMENTED_TOKEN_REJECTED_CODE),
        "{:?}",
        client.memory()
    );
    // The next run starts knowing it: a token-only client is told to log in, no guessing.
    server.expire_tokens();
    let next = remembering(&server, dir.path(), &[]);
    assert!(
        next.memory()
            .dead_token_codes
            .contains(DOCUMENTED_TOKEN_REJECTED_CODE)
    );
    next.set_token(client.token().unwrap());
    let error = next.prove_token().await.unwrap_err();
    assert!(error.needs_login(), "{error:?}");
}

#[tokio::test]
async fn without_credentials_the_old_token_is_tried_on_a_small_read() {
    let server = documented().await;
    let dir = tempfile::tempdir().unwrap();
    let seeding = logged_in(&server).await;
    let job = a_job(&seeding, LifeCycleState::InProgress, "REPAIR").await;
    let client = remembering(&server, dir.path(), &[]);
    client.set_token(seeding.token().unwrap());
    server.expire_tokens();
    let error = client
        .complete(&CompleteParams::new(number(&job)))
        .await
        .unwrap_err();
    assert!(error.needs_login(), "{error:?}");
    assert_eq!(server.applied_actions(&job), 0);
    assert!(
        client
            .memory()
            .dead_token_codes
            .contains(DOCUMENTED_TOKEN_REJECTED_CODE)
    );
}

#[tokio::test]
async fn a_refusal_of_the_request_is_not_taken_for_a_dead_token() {
    let server = documented().await;
    let dir = tempfile::tempdir().unwrap();
    let client = remembering(&server, dir.path(), &[]);
    client.set_credentials(demo_credentials());
    client.login().await.unwrap();
    // Completing a pending job: the server refuses the action itself.
    let pending = a_job(&client, LifeCycleState::Pending, "REPAIR").await;
    let error = client
        .complete(&CompleteParams::new(number(&pending)))
        .await
        .unwrap_err();
    assert_eq!(error.meaning(), Some(Meaning::Refused), "{error:?}");
    assert!(!error.needs_login());
    assert_eq!(server.logins(), 1, "no login for a refusal");
    let code = error.code().expect("a code").to_owned();
    assert!(client.memory().refusal_codes.contains(&code));
    assert!(
        !error.to_string().contains("COM.CRM.EXCEPTION."),
        "the code is shortened: {error}"
    );
}

#[tokio::test]
async fn the_profiles_codes_mean_a_dead_token_without_learning() {
    let server = documented().await;
    let dir = tempfile::tempdir().unwrap();
    let seeding = logged_in(&server).await;
    let client = remembering(&server, dir.path(), &[DOCUMENTED_TOKEN_REJECTED_CODE]);
    client.set_token(seeding.token().unwrap());
    server.expire_tokens();
    let error = client.prove_token().await.unwrap_err();
    assert!(error.needs_login(), "{error:?}");
    assert!(
        client.memory().dead_token_codes.is_empty(),
        "nothing had to be learned"
    );
}
