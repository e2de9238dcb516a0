//! Authentication: password and Web API key logins, release, token lifetime.
#![cfg(feature = "standin")]

use crate::standin_support;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crmjobs::standin::{
    DEMO_API_KEY, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Faults, StandinConfig,
};
use serde_json::{Value, json};
use standin_support::{Harness, code, message, start, start_with};

async fn password_login(h: &Harness, body: &Value) -> Value {
    h.post("authentication/token", body).await.1
}

async fn key_login(h: &Harness, authorization: Option<&str>, body: &str) -> Value {
    let mut request = h
        .http
        .post(h.url("authentication/web_api_key/token"))
        .body(body.to_owned());
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let response = request.send().await.expect("answered");
    response.json().await.expect("an envelope")
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// Whether a token is accepted, asked through a cheap read.
async fn token_works(h: &Harness, token: &str) -> bool {
    let query = format!("token={token}&number_of_results=1");
    let (_, envelope) = h.get("jobs/all_scopes/get_pending", &query).await;
    match code(&envelope) {
        "OK" => true,
        "INVALID_TOKEN" => false,
        other => panic!("unexpected {other}: {envelope}"),
    }
}

#[tokio::test]
async fn password_login_gives_a_jwt_shaped_token_and_counts() {
    let h = start().await;
    assert_eq!(h.server.logins(), 0);
    let token = h.login().await;
    assert_eq!(token.split('.').count(), 3, "JWT-shaped: {token}");
    assert!(token_works(&h, &token).await);
    h.login().await;
    assert_eq!(h.server.logins(), 2);
}

#[tokio::test]
async fn wrong_credentials_fail_without_saying_which() {
    let h = start().await;
    for (user, password, org) in [
        (DEMO_USERNAME, "nope", DEMO_ORGANISATION),
        ("nobody", DEMO_PASSWORD, DEMO_ORGANISATION),
        (DEMO_USERNAME, DEMO_PASSWORD, "elsewhere"),
        ("pwalsh", DEMO_PASSWORD, DEMO_ORGANISATION), // inactive
    ] {
        let body = json!({"username": user, "password": password, "organisation": org});
        let envelope = password_login(&h, &body).await;
        assert_eq!(code(&envelope), "AUTHENTICATION_FAILED", "{envelope}");
        assert!(envelope["data"].is_null());
    }
    assert_eq!(h.server.logins(), 0);
}

#[tokio::test]
async fn missing_login_parameters_are_named() {
    let h = start().await;
    let envelope = password_login(
        &h,
        &json!({"username": DEMO_USERNAME, "password": DEMO_PASSWORD}),
    )
    .await;
    assert_eq!(code(&envelope), "MISSING_PARAMETER");
    assert!(
        message(&envelope).starts_with("organisation:"),
        "{envelope}"
    );
    let envelope = password_login(
        &h,
        &json!({"username": 5, "password": "x", "organisation": "y"}),
    )
    .await;
    assert_eq!(code(&envelope), "INVALID_PARAMETER");
    assert!(message(&envelope).starts_with("username:"), "{envelope}");
}

#[tokio::test]
async fn login_may_pick_one_of_the_users_units() {
    let h = start().await;
    let token = h.login().await;
    let (_, users) = h
        .get(
            "users/list",
            &format!("token={token}&unit_identifier=alternative_code=SDEP"),
        )
        .await;
    assert_eq!(code(&users), "OK");
    // The unit ids come from a job's assignment: find one of the South Depot.
    let jobs = h
        .jobs(
            "jobs/all_scopes/get_pending",
            &token,
            "number_of_results=200",
        )
        .await;
    let south = jobs
        .iter()
        .find(|j| j["assigned_to"]["unit"]["name"] == "South Depot")
        .map(|j| j["assigned_to"]["unit"]["id"].as_str().unwrap().to_owned())
        .unwrap();
    let mut body = json!({"username": DEMO_USERNAME, "password": DEMO_PASSWORD,
                          "organisation": DEMO_ORGANISATION, "unit": south});
    assert_eq!(code(&password_login(&h, &body).await), "OK");
    body["unit"] = json!("no-such-unit");
    let envelope = password_login(&h, &body).await;
    assert_eq!(code(&envelope), "NOT_FOUND");
    assert!(message(&envelope).starts_with("unit:"));
    body["username"] = json!("jokafor"); // a North Depot technician
    body["unit"] = json!(south);
    assert_eq!(
        code(&password_login(&h, &body).await),
        "AUTHENTICATION_FAILED"
    );
}

#[tokio::test]
async fn web_api_key_login_uses_http_basic_with_an_empty_password() {
    let h = start().await;
    let envelope = key_login(&h, Some(&basic(DEMO_API_KEY, "")), "").await;
    assert_eq!(code(&envelope), "OK", "{envelope}");
    let token = envelope["data"]["token"].as_str().unwrap();
    assert!(token_works(&h, token).await);
    assert_eq!(h.server.logins(), 1);

    let with_body = key_login(&h, Some(&basic(DEMO_API_KEY, "")), "{}").await;
    assert_eq!(code(&with_body), "OK");
    let wrong_key = key_login(&h, Some(&basic("wrong-key", "")), "").await;
    assert_eq!(code(&wrong_key), "AUTHENTICATION_FAILED");
    let with_password = key_login(&h, Some(&basic(DEMO_API_KEY, "secret")), "").await;
    assert_eq!(code(&with_password), "AUTHENTICATION_FAILED");
    let garbled = key_login(&h, Some("Basic ***"), "").await;
    assert_eq!(code(&garbled), "AUTHENTICATION_FAILED");
    let missing = key_login(&h, None, "").await;
    assert_eq!(code(&missing), "MISSING_PARAMETER");
    let bad_unit = key_login(&h, Some(&basic(DEMO_API_KEY, "")), r#"{"unit":"nowhere"}"#).await;
    assert_eq!(code(&bad_unit), "NOT_FOUND");
    assert_eq!(h.server.logins(), 2);
}

#[tokio::test]
async fn a_released_token_is_dead_at_once() {
    let h = start().await;
    let token = h.login().await;
    let (_, released) = h
        .post("authentication/token/release", &json!({"token": token}))
        .await;
    assert_eq!(code(&released), "OK", "{released}");
    assert!(released["data"].is_null());
    assert!(!token_works(&h, &token).await);
    let (_, again) = h
        .post("authentication/token/release", &json!({"token": token}))
        .await;
    assert_eq!(code(&again), "INVALID_TOKEN");
}

#[tokio::test]
async fn missing_and_unknown_tokens_are_invalid() {
    let h = start().await;
    let (_, none) = h.get("jobs/all_scopes/get_pending", "").await;
    assert_eq!(code(&none), "INVALID_TOKEN");
    assert!(message(&none).starts_with("token:"));
    assert!(!token_works(&h, "eyJhbGciOiJIUzI1NiJ9.e30.forged").await);
    let (_, post) = h
        .post(
            "jobs/all_scopes/complete",
            &json!({"job_identifier": {"number": "JB00001"}}),
        )
        .await;
    assert_eq!(code(&post), "INVALID_TOKEN");
}

#[tokio::test]
async fn tokens_expire_after_their_lifetime_used_or_not() {
    let faults = Faults {
        token_ttl: Duration::from_secs(1),
        ..Faults::default()
    };
    let h = start_with(StandinConfig {
        faults,
        ..StandinConfig::default()
    })
    .await;
    let used = h.login().await;
    let unused = h.login().await;
    token_works(&h, &used).await;
    // Lifetime runs from issue; after it has surely passed, both are dead.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(!token_works(&h, &used).await);
    assert!(!token_works(&h, &unused).await);
    // A fresh login works again while the lifetime is lengthened at runtime.
    h.server.set_faults(Faults::default());
    let fresh = h.login().await;
    assert!(token_works(&h, &fresh).await);
}
