//! Bad input never panics and always gets a clear envelope: malformed JSON, wrong types,
//! huge bodies, unknown paths, wrong verbs, odd UTF-8 and bad percent-encoding.
#![cfg(feature = "standin")]

use crate::standin_support;

use std::fmt::Write as _;

use serde_json::{Value, json};
use standin_support::{Harness, code, message, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn complete_raw(h: &Harness, body: impl Into<reqwest::Body>) -> (u16, Value) {
    h.post_raw("jobs/all_scopes/complete", body).await
}

#[tokio::test]
async fn malformed_and_non_object_bodies_are_invalid_parameters() {
    let h = start().await;
    for body in [
        b"{".to_vec(),
        b"{\"token\": }".to_vec(),
        b"[1, 2]".to_vec(),
        b"\"token\"".to_vec(),
        b"42".to_vec(),
        vec![0xff, 0xfe, 0x7b, 0x7d],
        b"{\"token\": \"\xc3\x28\"}".to_vec(),
        "[".repeat(10_000).into_bytes(),
    ] {
        let (status, envelope) = complete_raw(&h, body.clone()).await;
        assert_eq!(status, 200);
        assert_eq!(
            code(&envelope),
            "INVALID_PARAMETER",
            "{}",
            String::from_utf8_lossy(&body)
        );
        assert!(
            message(&envelope).starts_with("request body:"),
            "{envelope}"
        );
        assert!(envelope["data"].is_null());
    }
}

#[tokio::test]
async fn wrong_types_name_the_parameter() {
    let h = start().await;
    let token = h.login().await;
    let cases = [
        (json!({"token": 7}), "INVALID_PARAMETER", "token:"),
        (
            json!({"token": token, "job_identifier": "JB00001"}),
            "INVALID_IDENTIFIER",
            "job_identifier:",
        ),
        (
            json!({"token": token, "job_identifier": {"number": 19}}),
            "INVALID_PARAMETER",
            "job_identifier.number:",
        ),
        (
            json!({"token": token, "job_identifier": ["number", "JB1"]}),
            "INVALID_IDENTIFIER",
            "job_identifier:",
        ),
        (
            json!({"token": token, "job_identifier": {"number": "JB00001"}, "performed_on": 5}),
            "INVALID_PARAMETER",
            "performed_on:",
        ),
        (
            json!({"token": token, "job_identifier": {"number": "JB00001"}, "fields_set": ["number"]}),
            "INVALID_PARAMETER",
            "fields_set:",
        ),
        (
            json!({"token": token, "job_identifier": {"number": "JB00001"}, "colour": "red"}),
            "INVALID_PARAMETER",
            "colour:",
        ),
    ];
    for (body, expected, prefix) in cases {
        let (_, envelope) = h.post("jobs/all_scopes/complete", &body).await;
        assert_eq!(code(&envelope), expected, "{body}: {envelope}");
        assert!(message(&envelope).starts_with(prefix), "{envelope}");
    }
    let (_, nulls) = h
        .post(
            "jobs/all_scopes/complete",
            &json!({"token": token, "job_identifier": {"number": "JB99999"},
            "status_identifier": null}),
        )
        .await;
    assert_eq!(code(&nulls), "NOT_FOUND", "null counts as absent: {nulls}");
}

#[tokio::test]
async fn huge_bodies_are_refused_with_413_and_an_envelope() {
    let h = start().await;
    let huge = format!("{{\"token\": \"{}\"}}", "x".repeat(100 * 1024));
    let (status, envelope) = complete_raw(&h, huge).await;
    assert_eq!(status, 413);
    assert_eq!(code(&envelope), "INVALID_PARAMETER");
    assert!(message(&envelope).starts_with("request body:"));
}

/// Sends raw bytes over TCP and returns the whole answer as text.
async fn raw_http(h: &Harness, request: &[u8]) -> String {
    let address = h.server.url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    stream.write_all(request).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_huge_chunked_body_without_length_is_refused_too() {
    let h = start().await;
    let chunk = "x".repeat(8192);
    let mut request = String::from(
        "POST /crmapi/rest/v2/jobs/all_scopes/complete HTTP/1.1\r\nHost: x\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
    );
    for _ in 0..10 {
        write!(request, "{:x}\r\n{chunk}\r\n", chunk.len()).unwrap();
    }
    request.push_str("0\r\n\r\n");
    let answer = raw_http(&h, request.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("\"INVALID_PARAMETER\""), "{answer}");
}

#[tokio::test]
async fn unknown_paths_are_404_and_wrong_verbs_405_with_envelopes() {
    let h = start().await;
    for path in [
        "/",
        "/crmapi/rest/v2/",
        "/crmapi/rest/v2/jobs/all_scopes/explode",
        "/crmapi/rest/v1/users/list",
        "/crmapi/rest/v2/users/list/",
    ] {
        let response = h
            .http
            .get(format!("{}{path}", h.server.url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
        let envelope: Value = response.json().await.unwrap();
        assert_eq!(code(&envelope), "NOT_FOUND", "{path}");
    }
    let cases = [
        (reqwest::Method::GET, "jobs/all_scopes/complete", "POST"),
        (reqwest::Method::POST, "jobs/all_scopes/show", "GET"),
        (reqwest::Method::PUT, "authentication/token", "POST"),
        (reqwest::Method::DELETE, "users/list", "GET"),
    ];
    for (verb, method, allowed) in cases {
        let response = h
            .http
            .request(verb.clone(), h.url(method))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 405, "{verb} {method}");
        assert_eq!(response.headers()["allow"], allowed);
        let envelope: Value = response.json().await.unwrap();
        assert_eq!(code(&envelope), "METHOD_NOT_ALLOWED");
        assert!(message(&envelope).contains(allowed));
    }
}

#[tokio::test]
async fn odd_query_strings_get_clear_errors() {
    let h = start().await;
    let token = h.login().await;
    let show = "jobs/all_scopes/show";
    let (_, bad_escape) = h
        .get(show, &format!("token={token}&job_identifier=number=%G1"))
        .await;
    assert_eq!(code(&bad_escape), "INVALID_PARAMETER");
    assert!(
        message(&bad_escape).starts_with("job_identifier:"),
        "{bad_escape}"
    );
    let (_, truncated) = h
        .get(show, &format!("token={token}&job_identifier=number%3"))
        .await;
    assert_eq!(code(&truncated), "INVALID_PARAMETER");
    let (_, not_utf8) = h
        .get(show, &format!("token={token}&job_identifier=number=%FF%FE"))
        .await;
    assert_eq!(code(&not_utf8), "INVALID_PARAMETER");
    let (_, unicode) = h
        .get(
            show,
            &format!("token={token}&job_identifier=number=J%C3%A9%F0%9F%98%80"),
        )
        .await;
    assert_eq!(code(&unicode), "NOT_FOUND");
    let (_, no_name) = h.get(show, &format!("token={token}&=x")).await;
    assert_eq!(code(&no_name), "INVALID_PARAMETER");
    let (_, twice) = h
        .get(
            "jobs/all_scopes/get_pending",
            &format!("token={token}&offset=1&offset=2"),
        )
        .await;
    assert_eq!(code(&twice), "INVALID_PARAMETER");
    assert!(message(&twice).starts_with("offset:"));
    let url = format!("{}?token={token}", h.url("jobs/all_scopes/complete"));
    let response = h.http.post(url).body("{}").send().await.unwrap();
    let envelope: Value = response.json().await.unwrap();
    assert_eq!(
        code(&envelope),
        "INVALID_PARAMETER",
        "POST parameters travel in the body"
    );
}
