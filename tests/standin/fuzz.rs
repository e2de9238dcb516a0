//! Random bodies and query strings against every method: no panic, always an envelope.
#![cfg(feature = "standin")]

use crate::standin_support;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use standin_support::{Harness, start};

const GETS: &[&str] = &[
    "jobs/all_scopes/list",
    "jobs/all_scopes/get_pending",
    "jobs/all_scopes/get_completed",
    "jobs/all_scopes/show",
    "jobs/all_scopes/get_next_status_sequence",
    "jobs/configuration/statuses/list",
    "users/list",
];

const POSTS: &[&str] = &[
    "authentication/token",
    "authentication/web_api_key/token",
    "authentication/token/release",
    "jobs/all_scopes/start_progress",
    "jobs/all_scopes/complete",
    "jobs/all_scopes/cancel",
];

const NAMES: &[&str] = &[
    "token",
    "job_identifier",
    "status_identifier",
    "type_identifier",
    "accounts_receivable_identifier",
    "job_type_identifier",
    "unit_identifier",
    "performed_by_user_identifier",
    "performed_on",
    "scheduled_date",
    "fields_set",
    "offset",
    "number_of_results",
    "life_cycle_state",
    "cancel_provided_items",
];

/// A query value or name: characters that matter to the parser, plus some that do not.
fn query_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9_=%+.,:-]{0,12}|%[0-9A-Fa-fGz]{0,2}")
        .expect("a valid regex")
}

/// A JSON value of any shape, a few levels deep.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(NAMES).prop_map(str::to_owned),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..4
            )
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A body: a JSON object of known and unknown names, any JSON, or arbitrary bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let object = prop::collection::btree_map(
        prop_oneof![
            prop::sample::select(NAMES).prop_map(str::to_owned),
            "[a-z_]{1,8}"
        ],
        json_value(),
        0..6,
    )
    .prop_map(|map| serde_json::to_vec(&map).expect("JSON"));
    prop_oneof![
        object,
        json_value().prop_map(|v| serde_json::to_vec(&v).expect("JSON")),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let pair = (
        prop_oneof![
            prop::sample::select(NAMES).prop_map(str::to_owned),
            query_text()
        ],
        query_text(),
    );
    prop::collection::vec(pair, 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// Asserts the answer is an envelope: JSON with a string code, and `data` null unless OK.
async fn assert_envelope(response: reqwest::Response) {
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a whole answer");
    let envelope: Value = serde_json::from_slice(&bytes).expect("JSON");
    let code = envelope["status"]["code"].as_str().expect("a code");
    assert!(matches!(status, 200 | 413), "HTTP {status}");
    if code != "OK" {
        assert!(envelope["data"].is_null());
        assert!(
            !envelope["status"]["message"]
                .as_str()
                .unwrap_or("")
                .is_empty()
        );
    }
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    })
}

#[test]
fn random_bodies_always_get_an_envelope() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let h: Harness = runtime.block_on(start());
    let token = runtime.block_on(h.login());
    let strategy = (prop::sample::select(POSTS), body(), any::<bool>());
    runner()
        .run(&strategy, |(method, mut body, with_token)| {
            // Half the time the token is real, so the rules behind it are reached too.
            if with_token && body.first() == Some(&b'{') && body.len() > 2 {
                let rest = body.split_off(1);
                body = format!("{{\"token\":\"{token}\",").into_bytes();
                body.extend(rest);
            }
            runtime.block_on(async {
                let response = h.http.post(h.url(method)).body(body).send().await.unwrap();
                assert_envelope(response).await;
            });
            Ok(())
        })
        .unwrap();
    runtime.block_on(h.login());
}

#[test]
fn random_query_strings_always_get_an_envelope() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let h: Harness = runtime.block_on(start());
    let token = runtime.block_on(h.login());
    let strategy = (prop::sample::select(GETS), query(), any::<bool>());
    runner()
        .run(&strategy, |(method, query, with_token)| {
            let query = if with_token {
                format!("token={token}&{query}")
            } else {
                query
            };
            runtime.block_on(async {
                let url = format!("{}?{query}", h.url(method));
                let response = h.http.get(url).send().await.unwrap();
                assert_envelope(response).await;
            });
            Ok(())
        })
        .unwrap();
    runtime.block_on(h.login());
}
