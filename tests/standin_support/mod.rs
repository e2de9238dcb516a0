//! Shared setup of the stand-in tests: a server on 127.0.0.1:0 and raw HTTP helpers with
//! hand-written query strings and JSON bodies, so the tests pin the stand-in to the wire contract
//! independently of the API client.

use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use serde_json::{Value, json};

/// A running stand-in and a plain HTTP client.
pub struct Harness {
    pub server: StandinServer,
    pub http: reqwest::Client,
}

/// A stand-in with the default 600 jobs and no faults.
pub async fn start() -> Harness {
    start_with(StandinConfig::default()).await
}

/// A stand-in with the default 600 jobs, and a token of the demo supervisor logged in to it.
pub async fn start_logged_in() -> (Harness, String) {
    let h = start().await;
    let token = h.login().await;
    (h, token)
}

/// A stand-in with the given configuration (the port is always 0).
pub async fn start_with(config: StandinConfig) -> Harness {
    let server = StandinServer::start(StandinConfig { port: 0, ..config })
        .await
        .expect("stand-in starts");
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("http client");
    Harness { server, http }
}

/// The body of an action on the job numbered `number`: the token and
/// `{"job_identifier": {"number": number}}`, nothing else.
pub fn job_body(token: &str, number: impl serde::Serialize) -> Value {
    json!({"token": token, "job_identifier": {"number": number}})
}

/// [`job_body`] with each field of `extra` (a JSON object) added.
pub fn job_body_with(token: &str, number: impl serde::Serialize, extra: Value) -> Value {
    let mut body = job_body(token, number);
    let Value::Object(extra) = extra else {
        panic!("the extra fields are a JSON object, not {extra}");
    };
    body.as_object_mut()
        .expect("a job body is an object")
        .extend(extra);
    body
}

/// The `status.code` of an envelope.
pub fn code(envelope: &Value) -> &str {
    envelope["status"]["code"].as_str().unwrap_or("<no code>")
}

/// The `status.message` of an envelope.
pub fn message(envelope: &Value) -> &str {
    envelope["status"]["message"].as_str().unwrap_or("")
}

impl Harness {
    /// The URL of a method below `/crmapi/rest/v2/`.
    pub fn url(&self, method: &str) -> String {
        format!("{}/crmapi/rest/v2/{method}", self.server.url())
    }

    /// GET with a raw query string; the HTTP status and the parsed envelope.
    pub async fn get(&self, method: &str, query: &str) -> (u16, Value) {
        let url = format!("{}?{query}", self.url(method));
        let response = self.http.get(url).send().await.expect("GET answered");
        let status = response.status().as_u16();
        let body = response.bytes().await.expect("body");
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
        (status, value)
    }

    /// POST a raw body; the HTTP status and the parsed envelope.
    pub async fn post_raw(&self, method: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let response = self
            .http
            .post(self.url(method))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("POST answered");
        let status = response.status().as_u16();
        let body = response.bytes().await.expect("body");
        let value = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&body)));
        (status, value)
    }

    /// POST a JSON body.
    pub async fn post(&self, method: &str, body: &Value) -> (u16, Value) {
        self.post_raw(method, body.to_string()).await
    }

    /// Logs in as the demo supervisor; the token.
    pub async fn login(&self) -> String {
        let (_, envelope) = self
            .post(
                "authentication/token",
                &json!({"username": DEMO_USERNAME, "password": DEMO_PASSWORD,
                        "organisation": DEMO_ORGANISATION}),
            )
            .await;
        assert_eq!(code(&envelope), "OK", "{envelope}");
        envelope["data"]["token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// GET a job list page with the token; the envelope (asserted OK) and its data array.
    pub async fn jobs(&self, method: &str, token: &str, query: &str) -> Vec<Value> {
        let (_, envelope) = self.get(method, &format!("token={token}&{query}")).await;
        assert_eq!(code(&envelope), "OK", "{envelope}");
        envelope["data"].as_array().expect("array").clone()
    }

    /// The numbers of the in-progress jobs a raw query (say `number_of_results=5`) selects, in
    /// list order: newest first.
    pub async fn in_progress_numbers(&self, token: &str, query: &str) -> Vec<String> {
        self.jobs("jobs/all_scopes/get_in_progress", token, query)
            .await
            .iter()
            .map(|j| j["number"].as_str().expect("number").to_owned())
            .collect()
    }

    /// POST `body` as JSON and hand back the response unread, or the transport error: for the
    /// tests that look at the answer itself (its status, its headers, whether it arrives).
    pub async fn send(&self, method: &str, body: &Value) -> reqwest::Result<reqwest::Response> {
        self.http.post(self.url(method)).json(body).send().await
    }

    /// The number of the newest job in `state_method` (e.g. `get_in_progress`) of a job type
    /// (by alternative code) for which `keep` holds.
    pub async fn find_job(
        &self,
        token: &str,
        state_method: &str,
        type_code: &str,
        keep: impl Fn(&Value) -> bool,
    ) -> String {
        let query = format!("type_identifier=alternative_code={type_code}&number_of_results=1000");
        let jobs = self
            .jobs(&format!("jobs/all_scopes/{state_method}"), token, &query)
            .await;
        jobs.iter()
            .find(|job| keep(job))
            .and_then(|job| job["number"].as_str())
            .unwrap_or_else(|| panic!("no {type_code} job in {state_method}"))
            .to_owned()
    }

    /// Shows a job by number.
    pub async fn show(&self, token: &str, number: &str) -> Value {
        let (_, envelope) = self
            .get(
                "jobs/all_scopes/show",
                &format!("token={token}&job_identifier=number={number}"),
            )
            .await;
        assert_eq!(code(&envelope), "OK", "{envelope}");
        envelope["data"].clone()
    }
}
