//! The client against answers a real network produces and the stand-in does not: proxies'
//! HTML pages, empty bodies, gateway errors, redirects, JSON of another shape, and a real
//! server's lenient forms.

use crate::client_foreign;

use client_foreign::{Canned, Fake};
use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::error::ApiError;
use crmjobs::api::ident::JobIdentifier;
use crmjobs::api::job::CompleteParams;
use crmjobs::api::model::{LifeCycleState, Page};
use serde_json::json;

const HTML_502: &str = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

fn client_of(fake: &Fake) -> Client {
    let client = Client::new(ClientConfig::new(&fake.url)).expect("client");
    client.set_token("a-token".into());
    client
}

fn job_number() -> JobIdentifier {
    JobIdentifier::Number("JB00019".into())
}

fn lenient_job() -> serde_json::Value {
    json!({
        "id": "9f1", "number": "JB00019", "life_cycle_state": "IN PROGRESS",
        "start_date": "2026-11-28 09:45:00", "expected_completion_date": 1_795_859_100_000_i64,
        "expiration_date": "", "scheduled_date": "2026-11-30T10:00:00+02:00",
        "assigned_to": {"user": null, "unit": {"id": "U1"}}, "type": null,
        "status": {"id": "S1", "name": "On site", "life_cycle_state": "IN_PROGRESS"},
        "rating_state": "SOMETHING_NEW", "priority": 3, "udf_float_1": 2.5
    })
}

#[tokio::test]
async fn a_proxys_html_page_is_named_and_retried_for_reads() {
    let fake = Fake::start(vec![Canned::new(502, "text/html", HTML_502)]).await;
    let error = client_of(&fake).show_job(&job_number()).await.unwrap_err();
    assert!(
        matches!(error, ApiError::UnexpectedResponse { status: 502, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the server answered HTTP 502 Bad Gateway with an HTML page titled \"502 Bad Gateway\" \
         instead of a CRM.COM response"
    );
    assert_eq!(fake.requests(), 3, "three attempts in all");
}

#[tokio::test]
async fn a_read_gets_through_after_two_gateway_errors() {
    let answers = vec![
        Canned::new(503, "text/html", "<html>busy</html>"),
        Canned::new(504, "text/plain", ""),
        Canned::envelope("OK", &json!([lenient_job()])),
    ];
    let fake = Fake::start(answers).await;
    let jobs = client_of(&fake)
        .jobs_by_state(LifeCycleState::InProgress, None, Page::first(1))
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(fake.requests(), 3);
}

#[tokio::test]
async fn an_empty_or_plain_answer_is_not_retried_unless_it_is_a_5xx() {
    let fake = Fake::start(vec![Canned::new(200, "application/json", "")]).await;
    let error = client_of(&fake).show_job(&job_number()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the server answered HTTP 200 OK with an empty body instead of a CRM.COM response"
    );
    assert_eq!(fake.requests(), 1);
    // A 404 that is not a refusal says the method is missing: the fallbacks are asked (each
    // scope's show, then the documented lists) and, all missing, the first answer is told.
    let fake = Fake::start(vec![Canned::new(404, "text/plain", "no such route\n")]).await;
    let error = client_of(&fake).show_job(&job_number()).await.unwrap_err();
    assert!(
        matches!(error, ApiError::MethodMissing { status: 404, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("HTTP 404"), "{error}");
    assert!(fake.requests() > 1, "the fallbacks were asked");
}

#[tokio::test]
async fn gateway_errors_on_actions_are_unknown_but_a_503_is_a_refusal() {
    for (status, unknown) in [
        (502, true),
        (504, true),
        (500, true),
        (503, false),
        (404, false),
    ] {
        let missing = status == 404;
        let fake = Fake::start(vec![Canned::new(status, "text/html", HTML_502)]).await;
        let error = client_of(&fake)
            .complete(&CompleteParams::new(job_number()))
            .await
            .unwrap_err();
        assert_eq!(
            error.is_outcome_unknown(),
            unknown,
            "HTTP {status}: {error:?}"
        );
        if missing {
            assert!(
                matches!(error, ApiError::MethodMissing { status: 404, .. }),
                "{error:?}"
            );
        } else if !unknown {
            assert!(
                matches!(error, ApiError::UnexpectedResponse { .. }),
                "{error:?}"
            );
        }
        assert_eq!(fake.requests(), 1, "HTTP {status}: an action is sent once");
    }
}

#[tokio::test]
async fn a_refusal_is_a_server_error_whatever_the_http_status() {
    let body = json!({"status": {"code": "JOB_LOCKED", "message": "Job JB00019 is being edited by mkovacs",
                                 "description": "try later"}, "data": null});
    // The code is new to the client: the old token is tried on a small read, which the
    // server answers, so the refusal is the request's own (and is learned as such).
    let answers = vec![
        Canned::new(500, "application/json", body.to_string()),
        Canned::envelope("OK", &json!([])),
    ];
    let fake = Fake::start(answers).await;
    let client = client_of(&fake);
    let error = client.show_job(&job_number()).await.unwrap_err();
    assert_eq!(error.code(), Some("JOB_LOCKED"));
    assert!(client.memory().refusal_codes.contains("JOB_LOCKED"));
    assert_eq!(
        error.to_string(),
        "Job JB00019 is being edited by mkovacs (JOB_LOCKED)"
    );
    assert_eq!(
        fake.requests(),
        2,
        "the refused read and the probe; the refusal itself is not asked again"
    );
}

#[tokio::test]
async fn a_redirect_is_reported_not_followed() {
    let mut moved = Canned::new(301, "text/html", "");
    moved.extra_header = Some((
        "location",
        "https://crm.example.com/crmapi/rest/v2/jobs?token=a-token".into(),
    ));
    let fake = Fake::start(vec![moved]).await;
    let error = client_of(&fake)
        .complete(&CompleteParams::new(job_number()))
        .await
        .unwrap_err();
    let text = error.to_string();
    assert!(text.contains("HTTP 301"), "{text}");
    assert!(
        text.contains("a redirect to https://crm.example.com/crmapi/rest/v2/jobs;"),
        "{text}"
    );
    assert!(!text.contains("a-token"), "{text}");
    assert_eq!(fake.requests(), 1);
}

#[tokio::test]
async fn lenient_forms_of_a_real_server_are_read() {
    let fake = Fake::start(vec![Canned::envelope("OK", &lenient_job())]).await;
    let job = client_of(&fake).show_job(&job_number()).await.unwrap();
    assert_eq!(job.life_cycle_state, LifeCycleState::InProgress);
    assert_eq!(
        job.start_date.unwrap().to_rfc3339(),
        "2026-11-28T09:45:00+00:00"
    );
    assert!(job.expected_completion_date.is_some() && job.expiration_date.is_none());
    assert_eq!(
        job.scheduled_date.unwrap().to_rfc3339(),
        "2026-11-30T08:00:00+00:00"
    );
    assert_eq!(job.udf.udf_float_1, Some(2.5));
    let request = fake.last_request();
    assert!(
        request.starts_with(
            "GET /crmapi/rest/v2/jobs/all_scopes/show?token=a-token&job_identifier=number=JB00019 "
        ),
        "{request}"
    );
}

#[tokio::test]
async fn json_of_another_shape_is_a_decode_error_naming_what_was_wrong() {
    let fake = Fake::start(vec![Canned::envelope(
        "OK",
        &json!({"description": "Fibre"}),
    )])
    .await;
    let client = client_of(&fake);
    let error = client
        .jobs_by_state(LifeCycleState::Pending, None, Page::first(5))
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Decode(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the list of jobs was an object instead of a list")
    );
    let error = client
        .complete(&CompleteParams::new(job_number()))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the server's answer could not be read: complete JB00019 was accepted, but the job \
         carried neither an id nor a number"
    );
    let request = fake.last_request();
    assert!(
        request.starts_with("POST /crmapi/rest/v2/jobs/all_scopes/complete "),
        "{request}"
    );
    let body: serde_json::Value =
        serde_json::from_str(request.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"token": "a-token", "job_identifier": {"number": "JB00019"}})
    );
}

#[tokio::test]
async fn https_works_with_the_extra_ca_file_and_fails_without_it() {
    let answer = Canned::envelope("OK", &lenient_job());
    let fake = Fake::start_tls(vec![answer], client_foreign::tls_acceptor()).await;
    assert!(fake.url.starts_with("https://127.0.0.1:"));
    let ca = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/test-ca.pem");
    let trusting = Client::new(ClientConfig {
        extra_ca_file: Some(ca),
        ..ClientConfig::new(&fake.url)
    })
    .expect("client with the test CA");
    trusting.set_token("a-token".into());
    let job = trusting.show_job(&job_number()).await.unwrap();
    assert_eq!(job.number, "JB00019");

    let wary = client_of(&fake);
    let error = wary.show_job(&job_number()).await.unwrap_err();
    assert!(matches!(error, ApiError::Unreachable(_)), "{error:?}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    let error = wary
        .complete(&CompleteParams::new(job_number()))
        .await
        .unwrap_err();
    assert!(
        matches!(error, ApiError::Unreachable(_)),
        "refused before sending: {error:?}"
    );
}
