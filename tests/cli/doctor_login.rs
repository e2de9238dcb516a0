//! `crmjobs doctor`'s login: the way it went, the password and token never shown, a dead-token
//! code learned on the way, server text made safe, and the exit codes of a failed login.

use serde_json::Value;

use crate::cli_support::Bench;
use crate::doctor::{doctor_json, documented, method};
use crmjobs::api::model::LifeCycleState;
use crmjobs::standin::{DEMO_PASSWORD, DEMO_USERNAME, DOCUMENTED_TOKEN_REJECTED_CODE};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn neither_the_password_nor_the_token_appears() {
    const CANARY: &str = "canary-Doctor-4471";
    let bench = Bench::start().await;
    bench.server.set_password(DEMO_USERNAME, CANARY);
    let env = [("CRMJOBS_PASSWORD", CANARY)];
    let text = bench.run_with(&["doctor"], &env, None).await;
    let json = bench.run_with(&["doctor", "--json"], &env, None).await;
    assert_eq!((text.code, json.code), (0, 0), "{text:?} {json:?}");
    let cache = bench.home.path().join("state/crmjobs/tokens/default.token");
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(cache).expect("token cached")).expect("json");
    let token = stored["token"].as_str().expect("token");
    // The header is the same for every token; the claims and the signature are this one's.
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT");
    for run in [&text, &json] {
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains(CANARY), "the password leaked: {all}");
        for part in [token, parts[1], parts[2]] {
            assert!(!all.contains(part), "the token leaked: {all}");
        }
    }
    assert!(text.stdout.contains("token         JWT"), "{text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_token_is_the_way_when_it_works() {
    let bench = Bench::start().await;
    assert_eq!(bench.run(&["login"]).await.code, 0);
    let run = bench
        .run_with(&["--no-input", "doctor", "--json"], &[], None)
        .await;
    assert_eq!(run.code, 0, "{run:?}");
    let doc: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(doc["login"]["way"], "cached_token", "{doc:#}");
    assert_eq!(doc["login"]["cached_token"], "used", "{doc:#}");
    assert_eq!(bench.server.logins(), 1, "no second login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_token_code_learned_on_the_way_is_suggested() {
    let bench = documented(false).await;
    assert_eq!(bench.run(&["login"]).await.code, 0);
    bench.server.expire_tokens();
    // The cached token is refused with a code no rule reads as a dead token; the password
    // at hand renews it, and the code is learned.
    let (run, doc) = doctor_json(&bench).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(doc["login"]["token_replaced_during_run"], true, "{doc:#}");
    assert_eq!(doc["login"]["cached_token"], "replaced", "{doc:#}");
    let code = doc["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .find(|c| c["code"] == DOCUMENTED_TOKEN_REJECTED_CODE)
        .unwrap_or_else(|| panic!("the code is reported: {doc:#}"));
    assert_eq!(code["meaning"], "dead_token", "{code}");
    assert_eq!(code["source"], "learned_this_run", "{code}");
    assert_eq!(
        doc["suggestions"]["token_error_codes"],
        serde_json::json!([DOCUMENTED_TOKEN_REJECTED_CODE])
    );
    assert_eq!(
        method(&doc, "jobs/all_scopes/get_draft", None)["result"],
        "answers"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_text_reaches_the_report_without_control_characters() {
    // Documented: the tabs are missing, so the type names are suggested as job_types.
    let bench = documented(false).await;
    let newest = bench.jobs(LifeCycleState::Completed, 1, |_| true).await;
    let job_type = newest[0].job_type.as_ref().expect("a type");
    bench.server.patch_job(
        &newest[0].number,
        serde_json::json!({
            "type": {"id": job_type.id, "name": "Evil\u{1b}[2J\ntype\u{202e}", "fulfillment_scope": "GENERIC_PURPOSE"},
            "log_information": {"created_date": "2026-11-28T09:45:00\u{7}"},
        }),
    );
    let run = bench.run(&["doctor"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("Evil\u{FFFD}[2J type"),
        "the name is shown, made safe: {run:?}"
    );
    assert!(
        !run.stdout
            .chars()
            .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
        "{:?}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_login_exits_3_and_an_unreachable_server_5() {
    let bench = Bench::start().await;
    let wrong = bench
        .run_with(
            &["doctor", "--json"],
            &[("CRMJOBS_PASSWORD", "hunter2-wrong")],
            None,
        )
        .await;
    assert_eq!(wrong.code, 3, "{wrong:?}");
    let doc: Value = serde_json::from_str(&wrong.stdout).expect("a report all the same");
    assert_eq!(doc["login"]["ok"], false);
    assert!(
        doc["login"]["error"]
            .as_str()
            .is_some_and(|e| !e.is_empty())
    );
    assert!(!format!("{wrong:?}").contains("hunter2"), "{wrong:?}");
    // A port that was just free: nothing listens there. The later --server wins.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let away_url = format!("http://127.0.0.1:{port}");
    let away = bench
        .run_with(
            &["--server", &away_url, "doctor"],
            &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)],
            None,
        )
        .await;
    assert_eq!(away.code, 5, "{away:?}");
    assert!(away.stdout.contains("result        failed"), "{away:?}");
}
