//! What the client takes from the environment: `SSL_CERT_FILE` (through the platform
//! verifier) and proxies (`HTTP_PROXY` and friends). The environment is the process's, so
//! each case runs this test binary again as a child with the variables set.

use crate::client_foreign;

use client_foreign::{Canned, Fake};
use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::ident::JobIdentifier;

/// Set in the child so its half of a test runs; unset, that half does nothing.
const CHILD: &str = "CRMJOBS_CLIENT_ENV_CHILD";

fn fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs one test of this binary in a child process with `vars` set; its output.
fn run_child(test: &str, vars: &[(&str, String)]) -> std::process::Output {
    let mut command =
        std::process::Command::new(std::env::current_exe().expect("this test binary"));
    // Test names are paths inside the binary: `environment::child_...`.
    let module = module_path!().split_once("::").map_or("", |(_, rest)| rest);
    let name = format!("{module}::{test}");
    command.args(["--exact", &name, "--nocapture", "--test-threads=1"]);
    for proxy in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(proxy);
    }
    command
        .env(CHILD, "1")
        .envs(vars.iter().map(|(k, v)| (k, v)));
    command.output().expect("the child runs")
}

fn assert_child_passed(output: &std::process::Output) {
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && text.contains("1 passed"),
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn show_answer() -> Canned {
    Canned::envelope(
        "OK",
        &serde_json::json!({"number": "JB00019", "life_cycle_state": "PENDING"}),
    )
}

#[test]
fn ssl_cert_file_is_trusted() {
    let output = run_child(
        "child_trusts_ssl_cert_file",
        &[(
            "SSL_CERT_FILE",
            fixtures().join("test-ca.pem").display().to_string(),
        )],
    );
    assert_child_passed(&output);
}

#[tokio::test]
async fn child_trusts_ssl_cert_file() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let fake = Fake::start_tls(vec![show_answer()], client_foreign::tls_acceptor()).await;
    let client = Client::new(ClientConfig::new(&fake.url)).unwrap();
    client.set_token("a-token".into());
    let job = client
        .show_job(&JobIdentifier::Number("JB00019".into()))
        .await;
    assert_eq!(job.unwrap().number, "JB00019");
    assert_eq!(fake.requests(), 1);
}

#[tokio::test]
async fn http_proxy_from_the_environment_is_used() {
    let proxy = Fake::start(vec![show_answer()]).await;
    let output = tokio::task::spawn_blocking({
        let url = proxy.url.clone();
        move || run_child("child_goes_through_the_proxy", &[("HTTP_PROXY", url)])
    })
    .await
    .unwrap();
    assert_child_passed(&output);
    assert_eq!(
        proxy.requests(),
        1,
        "the child's request went through the proxy"
    );
    let request = proxy.last_request();
    assert!(
        request.starts_with("GET http://crm.invalid/crmapi/rest/v2/jobs/all_scopes/show?"),
        "{request}"
    );
}

#[tokio::test]
async fn child_goes_through_the_proxy() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // crm.invalid cannot resolve: only the proxy can answer.
    let client = Client::new(ClientConfig::new("http://crm.invalid")).unwrap();
    client.set_token("a-token".into());
    let job = client
        .show_job(&JobIdentifier::Number("JB00019".into()))
        .await;
    assert_eq!(job.unwrap().number, "JB00019");
}
