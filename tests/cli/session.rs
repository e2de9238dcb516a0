//! `login`/`logout` and the token cache as the scripting commands use it, and the
//! authentication exit code.

use crate::cli_support;

use cli_support::{Bench, Run};
use crmjobs::standin::DEMO_PASSWORD;

/// Runs `crmjobs` with the words of `command_line` (split at spaces) and `env`, no input.
async fn run_words(bench: &Bench, command_line: &str, env: &[(&str, &str)]) -> Run {
    let args: Vec<&str> = command_line.split_whitespace().collect();
    bench.run_with(&args, env, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_caches_the_token_and_logout_releases_it() {
    let bench = Bench::start().await;
    let login = bench
        .run_with(&["login"], &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)], None)
        .await;
    assert_eq!(login.code, 0, "{login:?}");
    assert!(
        !login.stdout.contains("eyJ"),
        "no token on screen: {login:?}"
    );
    let token = bench.home.path().join("state/crmjobs/tokens/default.token");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token)
            .expect("token cached")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(bench.server.logins(), 1);
    // No password now: the cached token does the work.
    let list = run_words(
        &bench,
        "--no-input jobs list --state pending --limit 2",
        &[],
    )
    .await;
    assert_eq!(list.code, 0, "{list:?}");
    assert_eq!(bench.server.logins(), 1, "no second login");
    let logout = bench.run_with(&["logout"], &[], None).await;
    assert_eq!(logout.code, 0, "{logout:?}");
    assert!(!token.exists(), "deleted locally");
    let after = run_words(&bench, "--no-input jobs list --state pending", &[]).await;
    assert_eq!(
        after.code, 3,
        "logged out and not allowed to ask: {after:?}"
    );
    assert!(after.stderr.contains("crmjobs login"), "{after:?}");
}

/// A server without `token/release` (deprecated from R12; the documented stand-in answers 404
/// with an HTML page): logging out still deletes the token here, warns, and exits 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logout_where_release_is_missing_warns_and_succeeds() {
    let bench = Bench::start_with(crmjobs::standin::StandinConfig {
        flavour: crmjobs::standin::Flavour::Documented,
        ..crmjobs::standin::StandinConfig::default()
    })
    .await;
    let login = bench
        .run_with(&["login"], &[("CRMJOBS_PASSWORD", DEMO_PASSWORD)], None)
        .await;
    assert_eq!(login.code, 0, "{login:?}");
    let token = bench.home.path().join("state/crmjobs/tokens/default.token");
    assert!(token.exists());
    let logout = bench.run_with(&["logout"], &[], None).await;
    assert_eq!(logout.code, 0, "{logout:?}");
    assert!(!token.exists(), "deleted locally");
    assert!(
        logout.stderr.contains("warning") && logout.stderr.contains("not released"),
        "{logout:?}"
    );
    assert!(logout.stdout.contains("logged out"), "{logout:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_exits_3_without_echoing_it() {
    let bench = Bench::start().await;
    let run = bench
        .run_with(
            &["jobs", "list", "--state", "pending"],
            &[("CRMJOBS_PASSWORD", "hunter2-wrong")],
            None,
        )
        .await;
    assert_eq!(run.code, 3, "{run:?}");
    assert!(!run.stderr.contains("hunter2") && !run.stdout.contains("hunter2"));
    let login = bench
        .run_with(&["login"], &[("CRMJOBS_PASSWORD", "hunter2-wrong")], None)
        .await;
    assert_eq!(login.code, 3, "{login:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_cached_token_is_replaced_by_the_password() {
    let bench = Bench::start().await;
    let login = bench.run(&["login"]).await;
    assert_eq!(login.code, 0, "{login:?}");
    // Someone else releases the cached token: the server now answers INVALID_TOKEN.
    let file = bench.home.path().join("state/crmjobs/tokens/default.token");
    let cached: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(file).expect("cached")).expect("JSON");
    let released = reqwest::Client::new()
        .post(format!(
            "{}/crmapi/rest/v2/authentication/token/release",
            bench.server.url()
        ))
        .json(&serde_json::json!({ "token": cached["token"] }))
        .send()
        .await
        .expect("released");
    assert!(released.status().is_success());
    let stale = run_words(&bench, "--no-input jobs list --state pending", &[]).await;
    assert_eq!(stale.code, 3, "expired and no way to log in: {stale:?}");
    let renewed = bench
        .run(&["jobs", "list", "--state", "pending", "--limit", "1"])
        .await;
    assert_eq!(renewed.code, 0, "{renewed:?}");
    assert_eq!(bench.server.logins(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_key_or_a_password_command_logs_in_without_asking() {
    let bench = Bench::start().await;
    let key = run_words(
        &bench,
        "--no-input jobs list --state pending --limit 1",
        &[("CRMJOBS_API_KEY", crmjobs::standin::DEMO_API_KEY)],
    )
    .await;
    assert_eq!(key.code, 0, "{key:?}");
    assert_eq!(key.stdout.lines().count(), 1);
    let config = bench.home.path().join("command.toml");
    std::fs::write(
        &config,
        format!("[profiles.default]\npassword_command = \"echo {DEMO_PASSWORD}\"\n"),
    )
    .expect("config");
    let config = config.to_string_lossy().into_owned();
    let command = bench
        .run_with(
            &[
                "--config",
                &config,
                "--no-input",
                "jobs",
                "list",
                "--state",
                "pending",
            ],
            &[],
            None,
        )
        .await;
    assert_eq!(command.code, 0, "{command:?}");
    assert!(!command.stderr.contains(DEMO_PASSWORD) && !command.stdout.contains(DEMO_PASSWORD));
}
