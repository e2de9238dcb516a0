//! `crmjobs doctor`: the real binary against both flavours of the stand-in, read as JSON and
//! as text (the login, secrets and exit codes are in `doctor_login`).

use serde_json::Value;

use crate::cli_support::{Bench, Run};
use crmjobs::standin::{Flavour, StandinConfig};

/// The methods a documented server lacks (the public record has none of them).
const UNDOCUMENTED: [&str; 4] = [
    "jobs/all_scopes/get_pending",
    "jobs/all_scopes/get_in_progress",
    "jobs/all_scopes/get_cancelled",
    "jobs/all_scopes/show",
];

pub(crate) async fn documented(ignore_paging: bool) -> Bench {
    Bench::start_with(StandinConfig {
        jobs: 120,
        flavour: Flavour::Documented,
        zone: chrono_tz::Asia::Kolkata,
        ignore_paging,
        ..StandinConfig::default()
    })
    .await
}

/// `doctor --json` with the demo password; the document it printed.
pub(crate) async fn doctor_json(bench: &Bench) -> (Run, Value) {
    let run = bench.run(&["doctor", "--json"]).await;
    let doc = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("doctor --json prints JSON ({e}): {run:?}"));
    (run, doc)
}

/// The report entry of `method` (asked `by` a parameter, where that matters).
pub(crate) fn method<'a>(doc: &'a Value, name: &str, by: Option<&str>) -> &'a Value {
    doc["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .find(|m| m["method"] == name && m["by"].as_str() == by)
        .unwrap_or_else(|| panic!("{name} by {by:?} not reported: {doc:#}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_the_strict_flavour_every_method_answers_and_paging_holds() {
    let bench = Bench::start().await;
    let (run, doc) = doctor_json(&bench).await;
    assert_eq!(run.code, 0, "{run:?}");
    let methods = doc["methods"].as_array().expect("methods");
    assert_eq!(methods.len(), 15, "{doc:#}");
    for entry in methods {
        let expected = if entry["method"] == "authentication/token/release" {
            "not_probed"
        } else {
            "answers"
        };
        assert_eq!(entry["result"], expected, "{entry}");
    }
    assert_eq!(
        method(&doc, "users/list", Some("unit_identifier"))["rows"],
        1
    );
    assert_eq!(doc["paging"]["holds"], true, "{doc:#}");
    assert_eq!(doc["newest_first"]["holds"], true, "{doc:#}");
    assert_eq!(doc["login"]["way"], "password");
    assert_eq!(doc["login"]["token"]["form"], "jwt");
    assert_eq!(doc["dates"]["forms"][0]["form"], "YYYY-MM-DDTHH:MM:SS");
    assert_eq!(doc["dates"]["forms"][0]["offset"], false);
    // A UTC server: its past dates are all behind its clock; nothing to suggest.
    assert_eq!(doc["suggestions"]["server_timezone"]["zone"], Value::Null);
    assert_eq!(doc["suggestions"]["settings"], serde_json::json!([]));
    assert!(doc["clock"]["server_ahead_seconds"].is_i64(), "{doc:#}");
    // Read-only: no action reached the server, and the token was not released.
    assert!(bench.server.action_log().is_empty());
    let after = bench
        .run_with(
            &[
                "--no-input",
                "jobs",
                "list",
                "--state",
                "completed",
                "--limit",
                "1",
            ],
            &[],
            None,
        )
        .await;
    assert_eq!(after.code, 0, "the cached token still works: {after:?}");
    assert_eq!(bench.server.logins(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_the_documented_flavour_the_missing_methods_and_the_zone_are_reported() {
    let bench = documented(false).await;
    let (run, doc) = doctor_json(&bench).await;
    assert_eq!(
        run.code, 0,
        "logged in, though methods are missing: {run:?}"
    );
    for name in UNDOCUMENTED {
        let entry = method(&doc, name, None);
        assert_eq!(entry["result"], "missing", "{entry}");
        assert_eq!(entry["http_status"], 404, "{entry}");
    }
    for name in [
        "jobs/all_scopes/get_draft",
        "jobs/all_scopes/get_completed",
        "jobs/all_scopes/get_overdue",
        "jobs/configuration/statuses/list",
        "jobs/all_scopes/get_next_status_sequence",
        "jobs/configuration/cancellation_reasons/list",
    ] {
        assert_eq!(method(&doc, name, None)["result"], "answers", "{name}");
    }
    assert_eq!(
        method(&doc, "jobs/all_scopes/list", Some("type_identifier"))["result"],
        "answers"
    );
    let scope_show = doc["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .find(|m| {
            let name = m["method"].as_str().unwrap_or("");
            name.ends_with("/show") && name != "jobs/all_scopes/show"
        })
        .expect("the job's scope's show is reported");
    assert_eq!(scope_show["result"], "answers", "{scope_show}");
    let token = &doc["login"]["token"];
    assert_eq!(token["form"], "jwt");
    assert_eq!(token["lifetime_seconds"], 7200, "{token}");
    assert!(
        token["left_seconds"]
            .as_i64()
            .is_some_and(|left| left > 7000),
        "{token}"
    );
    let zone = &doc["suggestions"]["server_timezone"];
    assert_eq!(zone["offset"], "+05:30", "{zone}");
    // Any zone at +05:30 will do (Asia/Kolkata, Asia/Colombo, ...): the offset is the finding.
    let name: chrono_tz::Tz = zone["zone"]
        .as_str()
        .expect("a zone")
        .parse()
        .expect("IANA");
    let now = chrono::Utc::now().naive_utc();
    let offset = chrono::TimeZone::offset_from_utc_datetime(&name, &now);
    assert_eq!(
        chrono::Offset::fix(&offset).local_minus_utc(),
        5 * 3600 + 30 * 60,
        "{zone}"
    );
    let types = doc["suggestions"]["job_types"]
        .as_array()
        .expect("job_types");
    assert!(types.len() >= 2, "{types:?}");
    let settings = doc["suggestions"]["settings"].to_string();
    assert!(settings.contains("job_types = ["), "{settings}");
    assert!(settings.contains("server_timezone = "), "{settings}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_text_report_reads_in_aligned_sections() {
    let bench = documented(false).await;
    let run = bench.run(&["doctor"]).await;
    assert_eq!(run.code, 0, "{run:?}");
    let out = &run.stdout;
    for section in [
        "Login\n",
        "Methods\n",
        "Lists\n",
        "Dates and clock\n",
        "Suggested settings\n",
    ] {
        assert!(out.contains(section), "{section:?} in {out}");
    }
    let line = |start: &str| {
        out.lines()
            .find(|l| l.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("a line {start:?} in {out}"))
            .to_owned()
    };
    assert!(
        line("jobs/all_scopes/get_pending ").ends_with("missing (HTTP 404)"),
        "{out}"
    );
    assert!(
        line("jobs/all_scopes/get_draft ").ends_with("answers"),
        "{out}"
    );
    // Method results line up in one column.
    let column = |l: String| l.find("answers").or_else(|| l.find("missing"));
    assert_eq!(
        column(line("jobs/all_scopes/get_pending ")),
        column(line("jobs/configuration/cancellation_reasons/list "))
    );
    assert!(line("token ").contains("JWT, lives 2 h 0 min"), "{out}");
    assert!(line("paging ").contains("holds"), "{out}");
    assert!(
        line("server_timezone ").contains("(+05:30), a best guess"),
        "{out}"
    );
    // The suggested lines are whole TOML, ready to paste.
    let job_types = line("job_types = [");
    assert!(job_types.starts_with("    "), "{out}");
    let table: toml::Table = toml::from_str(job_types.trim()).expect("one TOML line");
    assert!(
        table["job_types"].as_array().is_some_and(|a| a.len() >= 2),
        "{job_types}"
    );
    assert!(!out.contains(['\u{1b}', '\r', '\t']), "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_ignores_paging_is_reported() {
    let bench = documented(true).await;
    let (run, doc) = doctor_json(&bench).await;
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(doc["paging"]["holds"], false, "{doc:#}");
    let text = bench.run(&["doctor"]).await;
    assert!(
        text.stdout.contains("paging        DOES NOT HOLD"),
        "{text:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_json_report_has_its_keys() {
    let bench = Bench::start().await;
    let (_, doc) = doctor_json(&bench).await;
    let keys = |value: &Value| -> Vec<String> {
        value
            .as_object()
            .expect("an object")
            .keys()
            .cloned()
            .collect()
    };
    let expect = |value: &Value, names: &[&str]| {
        let mut have = keys(value);
        have.sort();
        let mut want: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        want.sort();
        assert_eq!(have, want, "{value:#}");
    };
    expect(
        &doc,
        &[
            "crmjobs_version",
            "profile",
            "server",
            "login",
            "methods",
            "paging",
            "newest_first",
            "dates",
            "clock",
            "codes",
            "suggestions",
        ],
    );
    expect(
        &doc["login"],
        &[
            "ok",
            "way",
            "cached_token",
            "token_replaced_during_run",
            "error",
            "token",
        ],
    );
    expect(
        &doc["login"]["token"],
        &[
            "form",
            "issued_at",
            "expires_at",
            "lifetime_seconds",
            "left_seconds",
            "renews_in_seconds",
        ],
    );
    expect(
        &doc["methods"][0],
        &[
            "method",
            "by",
            "result",
            "http_status",
            "code",
            "message",
            "rows",
        ],
    );
    expect(&doc["paging"], &["holds", "detail"]);
    expect(&doc["newest_first"], &["holds", "detail"]);
    expect(&doc["dates"], &["forms", "unreadable", "example"]);
    expect(&doc["dates"]["forms"][0], &["form", "offset", "count"]);
    expect(
        &doc["clock"],
        &["server_date", "server_ahead_seconds", "detail"],
    );
    expect(
        &doc["suggestions"],
        &[
            "server_timezone",
            "job_types",
            "token_error_codes",
            "settings",
        ],
    );
    expect(
        &doc["suggestions"]["server_timezone"],
        &["zone", "offset", "profile_zone", "reason"],
    );
    assert!(doc["codes"].is_array());
}
