//! The stand-in's two flavours over real HTTP: the documented flavour's codes, messages,
//! missing methods, tokens and job shapes; what both flavours share (per-scope `show`,
//! `get_overdue`, a time zone, ignored paging); and the test hooks.

use crate::standin_support;

use base64::Engine as _;
use chrono::{Duration, Utc};
use crmjobs::standin::{
    ActionOutcome, DOCUMENTED_LOGIN_FAILED_CODE, DOCUMENTED_TOKEN_REJECTED_CODE, Flavour,
    StandinConfig,
};
use serde_json::{Value, json};
use standin_support::{Harness, code, job_body_with, message, start_with};

async fn start_flavour(flavour: Flavour) -> (Harness, String) {
    let h = start_with(StandinConfig {
        flavour,
        ..StandinConfig::default()
    })
    .await;
    let token = h.login().await;
    (h, token)
}

/// GET without assuming JSON: the HTTP status, the content type and the body.
async fn get_text(h: &Harness, method: &str, query: &str) -> (u16, String, String) {
    let url = format!("{}?{query}", h.url(method));
    let response = h.http.get(url).send().await.expect("GET answered");
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    (status, kind, response.text().await.expect("body"))
}

fn numbers(jobs: &[Value]) -> Vec<String> {
    jobs.iter()
        .map(|j| j["number"].as_str().expect("number").to_owned())
        .collect()
}

/// A Java exception name: `COM.CRM.EXCEPTION.<AREA>.<NAME>EXCEPTION`.
fn is_java_exception(code: &str) -> bool {
    code.strip_prefix("COM.CRM.EXCEPTION.")
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(area, name)| !area.is_empty() && name.ends_with("EXCEPTION"))
}

/// The newest job of a type (by alternative code) answered by a state method.
async fn newest(h: &Harness, token: &str, method: &str, type_code: &str) -> String {
    h.find_job(token, method, type_code, |_| true).await
}

#[tokio::test]
async fn documented_refusals_are_java_exception_names_with_prose() {
    let (h, token) = start_flavour(Flavour::Documented).await;
    let (_, no_token) = h.get("jobs/all_scopes/get_completed", "").await;
    assert_eq!(code(&no_token), DOCUMENTED_TOKEN_REJECTED_CODE);
    let bad_login = json!({"username": "supervisor", "password": "wrong",
                           "organisation": "northwind-field"});
    let (_, refused) = h.post("authentication/token", &bad_login).await;
    assert_eq!(code(&refused), DOCUMENTED_LOGIN_FAILED_CODE);
    let draft = newest(&h, &token, "get_draft", "NEWINST").await;
    let body = job_body_with(&token, &draft, json!({}));
    let (_, wrong_state) = h.post("jobs/all_scopes/complete", &body).await;
    let (_, missing) = h
        .post("jobs/all_scopes/complete", &json!({"token": token}))
        .await;
    let (_, bad_offset) = h
        .get(
            "jobs/all_scopes/get_completed",
            &format!("token={token}&offset=-1"),
        )
        .await;
    for (envelope, parameter) in [
        (&no_token, "token"),
        (&refused, "password"),
        (&wrong_state, "job_identifier"),
        (&missing, "job_identifier"),
        (&bad_offset, "offset"),
    ] {
        assert!(is_java_exception(code(envelope)), "{envelope}");
        let text = message(envelope);
        assert!(
            !text.is_empty() && !text.starts_with(parameter),
            "{envelope}"
        );
        assert!(text.starts_with(char::is_uppercase), "{envelope}");
    }
    assert_ne!(code(&wrong_state), code(&missing));
}

/// The jobs of a type (by alternative code) in a state, newest first, from `list` (which
/// both flavours have).
async fn of_type_in(h: &Harness, token: &str, type_code: &str, state: &str) -> Vec<String> {
    let query = format!("type_identifier=alternative_code={type_code}&number_of_results=1000");
    let jobs = h.jobs("jobs/all_scopes/list", token, &query).await;
    numbers(
        &jobs
            .into_iter()
            .filter(|j| j["life_cycle_state"] == state)
            .collect::<Vec<_>>(),
    )
}

#[tokio::test]
async fn documented_scheduled_date_refusal_is_prose() {
    let (h, token) = start_flavour(Flavour::Documented).await;
    let number = of_type_in(&h, &token, "MAINT", "IN_PROGRESS").await[0].clone();
    h.server.set_requires_scheduled_date(&number, true);
    let body = job_body_with(&token, &number, json!({}));
    let (_, refused) = h.post("jobs/all_scopes/complete", &body).await;
    assert_eq!(
        code(&refused),
        "COM.CRM.EXCEPTION.SUBSCRIPTIONS.SCHEDULEDDATEREQUIREDEXCEPTION"
    );
    assert_eq!(
        message(&refused),
        "The scheduled date is required because the subscription's action rules prevent \
         immediate execution"
    );
}

#[tokio::test]
async fn inferred_methods_answer_html_404_in_documented_and_work_in_strict() {
    for flavour in [Flavour::Strict, Flavour::Documented] {
        let (h, token) = start_flavour(flavour).await;
        let any = newest(&h, &token, "get_completed", "REPAIR").await;
        let reads = [
            ("jobs/all_scopes/get_pending", String::new()),
            ("jobs/all_scopes/get_in_progress", String::new()),
            ("jobs/all_scopes/get_cancelled", String::new()),
            (
                "jobs/all_scopes/show",
                format!("&job_identifier=number={any}"),
            ),
        ];
        for (method, extra) in reads {
            let (status, kind, body) = get_text(&h, method, &format!("token={token}{extra}")).await;
            if flavour == Flavour::Strict {
                assert_eq!(status, 200, "{method}: {body}");
                assert!(body.contains(r#""code":"OK""#), "{method}: {body}");
            } else {
                assert_eq!(status, 404, "{method}");
                assert!(kind.starts_with("text/html"), "{method}: {kind}");
                assert!(body.starts_with("<!doctype html>"), "{method}: {body}");
            }
        }
        let release = h
            .send("authentication/token/release", &json!({"token": token}))
            .await
            .expect("answered");
        let expected = if flavour == Flavour::Strict { 200 } else { 404 };
        assert_eq!(release.status().as_u16(), expected, "{flavour:?}");
    }
}

#[tokio::test]
async fn per_scope_show_finds_only_jobs_of_its_scope_in_both_flavours() {
    for flavour in [Flavour::Strict, Flavour::Documented] {
        let (h, token) = start_flavour(flavour).await;
        let install = newest(&h, &token, "get_completed", "NEWINST").await;
        let query = format!("token={token}&job_identifier=number={install}");
        let (status, shown) = h.get("jobs/new_subscription/show", &query).await;
        assert_eq!((status, code(&shown)), (200, "OK"), "{shown}");
        assert_eq!(shown["data"]["number"], json!(install));
        let (_, elsewhere) = h
            .get("jobs/cancel_subscription_services/show", &query)
            .await;
        let not_found = match flavour {
            Flavour::Strict => "NOT_FOUND",
            Flavour::Documented => "COM.CRM.EXCEPTION.GENERAL.ENTITYNOTFOUNDEXCEPTION",
        };
        assert_eq!(code(&elsewhere), not_found, "{elsewhere}");
        let (status, _, _) = get_text(&h, "jobs/NEW_SUBSCRIPTION/show", &query).await;
        assert_eq!(status, 404);
        let (status, _, _) = get_text(&h, "jobs/no_such_scope/show", &query).await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn get_overdue_answers_open_jobs_past_their_expected_completion() {
    let (h, token) = start_flavour(Flavour::Strict).await;
    let all = "number_of_results=1000";
    let overdue = h.jobs("jobs/all_scopes/get_overdue", &token, all).await;
    let now = Utc::now();
    let late = |job: &Value| {
        let expected = job["expected_completion_date"].as_str().unwrap_or("");
        crmjobs::api::date::parse(expected).is_some_and(|date| date < now)
    };
    let mut open = h.jobs("jobs/all_scopes/get_pending", &token, all).await;
    open.extend(h.jobs("jobs/all_scopes/get_in_progress", &token, all).await);
    let mut expected = numbers(&open.into_iter().filter(late).collect::<Vec<_>>());
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert!(expected.len() > 3, "the seed has overdue jobs");
    // Job numbers follow creation, so newest first is descending numbers.
    assert_eq!(numbers(&overdue), expected);
    let page = h
        .jobs(
            "jobs/all_scopes/get_overdue",
            &token,
            "number_of_results=2&offset=1",
        )
        .await;
    assert_eq!(numbers(&page), expected[1..3]);
    let typed = h
        .jobs(
            "jobs/all_scopes/get_overdue",
            &token,
            &format!("{all}&type_identifier=alternative_code=REPAIR"),
        )
        .await;
    assert!(
        typed
            .iter()
            .all(|j| j["type"]["alternative_code"] == "REPAIR")
    );
    assert!(!typed.is_empty() && typed.len() < overdue.len());
    let (h, token) = start_flavour(Flavour::Documented).await;
    assert!(
        !h.jobs("jobs/all_scopes/get_overdue", &token, all)
            .await
            .is_empty()
    );
}

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

#[tokio::test]
async fn documented_tokens_carry_the_records_claims_with_string_times() {
    let (_h, token) = start_flavour(Flavour::Documented).await;
    let claims = claims(&token);
    assert_eq!(claims["usr"], "supervisor");
    assert_eq!(claims["org"], "northwind-field");
    assert!(claims["oun"].is_string() && claims["jti"].is_string());
    let seconds = |name: &str| {
        claims[name]
            .as_str()
            .and_then(|text| text.parse::<i64>().ok())
            .unwrap_or_else(|| panic!("{name} is a string of digits: {claims}"))
    };
    assert_eq!(seconds("exp") - seconds("iat"), 7200);
    // The strict flavour keeps numbers.
    let (_h, token) = start_flavour(Flavour::Strict).await;
    let strict = self::claims(&token);
    assert!(strict["exp"].is_i64() && strict["iat"].is_i64(), "{strict}");
}

#[tokio::test]
async fn documented_jobs_are_shaped_like_the_real_examples() {
    let (h, token) = start_flavour(Flavour::Documented).await;
    let all = "number_of_results=1000";
    let mut jobs = h.jobs("jobs/all_scopes/get_completed", &token, all).await;
    jobs.extend(h.jobs("jobs/all_scopes/get_draft", &token, all).await);
    assert!(
        jobs.iter()
            .all(|j| j["assigned_to"].get("business_unit").is_none())
    );
    assert!(jobs.iter().any(|j| j["assigned_to"]["unit"].is_null()));
    assert!(
        jobs.iter()
            .any(|j| j["assigned_to"]["unit"]["alternative_code"].is_string())
    );
    assert!(
        jobs.iter()
            .any(|j| j["assigned_to"]["user"]["person_name"] == "")
    );
    assert!(jobs.iter().any(|j| {
        let name = &j["assigned_to"]["user"]["person_name"];
        name.is_string() && name != ""
    }));
    for key in [
        "accounts_receivable",
        "installed_items",
        "udf_string_1",
        "rating_state",
    ] {
        assert!(jobs.iter().all(|j| j.get(key).is_some()), "{key}");
    }
    let without_scope = |j: &Value| j["type"].get("fulfillment_scope").is_none();
    assert!(jobs.iter().any(without_scope));
    assert!(jobs.iter().any(|j| !without_scope(j)));
    // The type without a scope has jobs in every state, all of them without it.
    let query = format!("{all}&type_identifier=alternative_code=REPAIR");
    let repairs = h.jobs("jobs/all_scopes/list", &token, &query).await;
    assert!(repairs.iter().all(without_scope));
    for state in ["DRAFT", "PENDING", "IN_PROGRESS", "COMPLETED", "CANCELLED"] {
        assert!(
            repairs.iter().any(|j| j["life_cycle_state"] == state),
            "{state}"
        );
    }
    let (_, users) = h
        .get(
            "users/list",
            &format!("token={token}&unit_identifier=alternative_code=NDEP"),
        )
        .await;
    let users = users["data"].as_array().expect("users").clone();
    assert!(
        users
            .iter()
            .any(|u| u["person_name"] == "" && u["email"] == "")
    );
    assert!(users.iter().any(|u| u["person_name"] != ""));
}

#[tokio::test]
async fn dates_are_written_and_read_in_the_configured_zone() {
    let h = start_with(StandinConfig {
        flavour: Flavour::Documented,
        zone: chrono_tz::Asia::Kolkata,
        ..StandinConfig::default()
    })
    .await;
    let token = h.login().await;
    assert_eq!(h.server.zone(), chrono_tz::Asia::Kolkata);
    let local_text = |hours: i64| {
        (Utc::now() + Duration::hours(hours))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string()
    };
    // Two hours ahead in UTC's figures is three and a half hours ago in Kolkata: in the past.
    let scheduled = of_type_in(&h, &token, "MAINT", "IN_PROGRESS").await[0].clone();
    let ahead_in_utc = json!({"scheduled_date": local_text(2)});
    let body = job_body_with(&token, &scheduled, ahead_in_utc);
    let (_, refused) = h.post("jobs/all_scopes/complete", &body).await;
    assert_eq!(
        code(&refused),
        "COM.CRM.EXCEPTION.GENERAL.INVALIDVALUEEXCEPTION"
    );
    let day = (Utc::now() + Duration::days(30)).date_naive();
    let utc_midnight = format!("{day}T00:00:00Z");
    let body = job_body_with(&token, &scheduled, json!({"scheduled_date": utc_midnight}));
    let (_, done) = h.post("jobs/all_scopes/complete", &body).await;
    assert_eq!(code(&done), "OK", "{done}");
    assert_eq!(done["data"]["scheduled_date"], format!("{day}T05:30:00"));
    // Three hours ahead in UTC's figures is two and a half hours ago in Kolkata: accepted.
    let install = of_type_in(&h, &token, "NEWINST", "IN_PROGRESS").await[0].clone();
    let body = job_body_with(&token, &install, json!({"performed_on": local_text(3)}));
    let (_, done) = h.post("jobs/all_scopes/complete", &body).await;
    assert_eq!(code(&done), "OK", "{done}");
    let written = done["data"]["actual_completed_date"]
        .as_str()
        .expect("a date");
    let written = chrono::NaiveDateTime::parse_from_str(written, "%Y-%m-%dT%H:%M:%S").unwrap();
    let kolkata_now = Utc::now().naive_utc() + Duration::minutes(330);
    assert!(
        (kolkata_now - written).abs() < Duration::minutes(5),
        "{written}"
    );
}

#[tokio::test]
async fn ignored_paging_answers_every_job_and_user() {
    let h = start_with(StandinConfig {
        ignore_paging: true,
        ..StandinConfig::default()
    })
    .await;
    let token = h.login().await;
    let whole = h.jobs("jobs/all_scopes/get_completed", &token, "").await;
    assert!(
        whole.len() > 50,
        "more than one default page: {}",
        whole.len()
    );
    let paged = h
        .jobs(
            "jobs/all_scopes/get_completed",
            &token,
            "number_of_results=5&offset=3",
        )
        .await;
    assert_eq!(numbers(&paged), numbers(&whole));
    let listed = h
        .jobs(
            "jobs/all_scopes/list",
            &token,
            "type_identifier=alternative_code=REPAIR&number_of_results=1",
        )
        .await;
    assert!(listed.len() > 1);
    let query = format!("token={token}&unit_identifier=alternative_code=NDEP&number_of_results=1");
    let (_, users) = h.get("users/list", &query).await;
    assert!(users["data"].as_array().expect("users").len() > 1);
}

#[tokio::test]
async fn expired_tokens_are_refused_with_the_flavours_code() {
    for (flavour, expected) in [
        (Flavour::Strict, "INVALID_TOKEN"),
        (Flavour::Documented, DOCUMENTED_TOKEN_REJECTED_CODE),
    ] {
        let (h, token) = start_flavour(flavour).await;
        let read = format!("token={token}&number_of_results=1");
        assert_eq!(
            code(&h.get("jobs/all_scopes/get_completed", &read).await.1),
            "OK"
        );
        h.server.expire_tokens();
        let (_, refused) = h.get("jobs/all_scopes/get_completed", &read).await;
        assert_eq!(code(&refused), expected, "{refused}");
        let fresh = h.login().await;
        let read = format!("token={fresh}&number_of_results=1");
        assert_eq!(
            code(&h.get("jobs/all_scopes/get_completed", &read).await.1),
            "OK"
        );
    }
}

#[tokio::test]
async fn the_action_log_records_what_arrived_and_what_became_of_it() {
    let (h, token) = start_flavour(Flavour::Documented).await;
    assert_eq!(h.server.flavour(), Flavour::Documented);
    let install = of_type_in(&h, &token, "NEWINST", "IN_PROGRESS").await[0].clone();
    let yesterday = (Utc::now() - Duration::days(1)).format("%Y-%m-%dT%H:%M:%S");
    let performed = json!({"performed_by_user_identifier": {"username": "jokafor"},
                           "performed_on": yesterday.to_string()});
    let body = job_body_with(&token, &install, performed.clone());
    assert_eq!(
        code(&h.post("jobs/all_scopes/complete", &body).await.1),
        "OK"
    );
    let (_, refused) = h.post("jobs/all_scopes/complete", &body).await;
    let log = h.server.action_log();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].path, "jobs/all_scopes/complete");
    let mut sent = performed;
    sent["job_identifier"] = json!({"number": install});
    assert_eq!(log[0].params, sent);
    assert_eq!(log[0].outcome, ActionOutcome::Applied { answered: true });
    assert_eq!(
        log[1].outcome,
        ActionOutcome::Refused(code(&refused).to_owned())
    );
    assert!(code(&refused).starts_with("COM.CRM.EXCEPTION.JOBS."));
}

#[tokio::test]
async fn a_patched_job_shows_the_patch_in_every_answer_and_stays_in_its_list() {
    let (h, token) = start_flavour(Flavour::Strict).await;
    let started = h.in_progress_numbers(&token, "number_of_results=3").await;
    let (odd, other) = (&started[1], &started[0]);
    h.server.patch_job(
        odd,
        json!({"life_cycle_state": "EXPIRED", "start_date": "yesterday-ish"}),
    );
    let jobs = h
        .jobs(
            "jobs/all_scopes/get_in_progress",
            &token,
            "number_of_results=3",
        )
        .await;
    assert_eq!(numbers(&jobs), started);
    assert_eq!(jobs[1]["life_cycle_state"], "EXPIRED");
    assert_eq!(jobs[1]["start_date"], "yesterday-ish");
    assert_eq!(jobs[0]["life_cycle_state"], "IN_PROGRESS");
    assert_eq!(h.show(&token, odd).await["life_cycle_state"], "EXPIRED");
    assert_eq!(
        h.show(&token, other).await["life_cycle_state"],
        "IN_PROGRESS"
    );
    // The documented flavour too, through `fields_set`.
    let (h, token) = start_flavour(Flavour::Documented).await;
    let done = h
        .jobs(
            "jobs/all_scopes/get_completed",
            &token,
            "number_of_results=1",
        )
        .await;
    let number = done[0]["number"].as_str().expect("number");
    h.server
        .patch_job(number, json!({"life_cycle_state": "EXPIRED"}));
    let query = "number_of_results=1&fields_set=number,life_cycle_state";
    let done = h.jobs("jobs/all_scopes/get_completed", &token, query).await;
    assert_eq!(
        done[0],
        json!({"number": number, "life_cycle_state": "EXPIRED"})
    );
}
