//! Routing: one handler takes every request, so unknown paths, wrong verbs, oversized bodies
//! and malformed input all get an envelope instead of axum's plain-text rejections.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;

use super::envelope::{self, Code, Failure};
use super::fields::Data;
use super::params::Params;
use super::{
    ActionOutcome, ActionRecord, Flavour, Shared, actions, auth, faults, lock, reads, reasons,
    users,
};
use crate::api::model::{FulfillmentScope, LifeCycleState};

/// Where every method lives.
pub(crate) const PREFIX: &str = "/crmapi/rest/v2/";

/// Bodies larger than this are refused (HTTP 413) before they are parsed.
pub(crate) const BODY_LIMIT: usize = 64 * 1024;

/// The methods the stand-in knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Login,
    ApiKeyLogin,
    Release,
    List,
    ByState(LifeCycleState),
    Overdue,
    Show,
    ScopeShow(FulfillmentScope),
    NextStatuses,
    Statuses,
    CancellationReasons,
    Users,
    Start,
    Complete,
    Cancel,
}

impl Endpoint {
    /// The method at a path below the prefix, with the verb it takes.
    fn at(path: &str) -> Option<(Self, Method)> {
        let found = match path {
            "authentication/token" => (Self::Login, Method::POST),
            "authentication/web_api_key/token" => (Self::ApiKeyLogin, Method::POST),
            "authentication/token/release" => (Self::Release, Method::POST),
            "jobs/all_scopes/list" => (Self::List, Method::GET),
            "jobs/all_scopes/get_draft" => (Self::ByState(LifeCycleState::Draft), Method::GET),
            "jobs/all_scopes/get_pending" => (Self::ByState(LifeCycleState::Pending), Method::GET),
            "jobs/all_scopes/get_in_progress" => {
                (Self::ByState(LifeCycleState::InProgress), Method::GET)
            }
            "jobs/all_scopes/get_completed" => {
                (Self::ByState(LifeCycleState::Completed), Method::GET)
            }
            "jobs/all_scopes/get_cancelled" => {
                (Self::ByState(LifeCycleState::Cancelled), Method::GET)
            }
            "jobs/all_scopes/get_overdue" => (Self::Overdue, Method::GET),
            "jobs/all_scopes/show" => (Self::Show, Method::GET),
            "jobs/all_scopes/get_next_status_sequence" => (Self::NextStatuses, Method::GET),
            "jobs/configuration/statuses/list" => (Self::Statuses, Method::GET),
            "jobs/configuration/cancellation_reasons/list" => {
                (Self::CancellationReasons, Method::GET)
            }
            "users/list" => (Self::Users, Method::GET),
            "jobs/all_scopes/start_progress" => (Self::Start, Method::POST),
            "jobs/all_scopes/complete" => (Self::Complete, Method::POST),
            "jobs/all_scopes/cancel" => (Self::Cancel, Method::POST),
            other => return Self::scope_show(other).map(|e| (e, Method::GET)),
        };
        Some(found)
    }

    /// `jobs/<scope>/show`, the scope in lower case.
    fn scope_show(path: &str) -> Option<Self> {
        let scope = path.strip_prefix("jobs/")?.strip_suffix("/show")?;
        FulfillmentScope::ALL
            .into_iter()
            .find(|s| s.as_wire().to_ascii_lowercase() == scope)
            .map(Self::ScopeShow)
    }

    /// Whether the flavour serves it: the documented flavour has only the methods the public
    /// record shows.
    fn exists_in(self, flavour: Flavour) -> bool {
        let inferred = matches!(
            self,
            Self::Release
                | Self::Show
                | Self::ByState(
                    LifeCycleState::Pending
                        | LifeCycleState::InProgress
                        | LifeCycleState::Cancelled
                )
        );
        flavour == Flavour::Strict || !inferred
    }

    /// Whether it changes a job (the drop fault applies to these only).
    fn is_action(self) -> bool {
        matches!(self, Self::Start | Self::Complete | Self::Cancel)
    }

    /// The path of an action, for the action log.
    fn path(self) -> &'static str {
        match self {
            Self::Start => "jobs/all_scopes/start_progress",
            Self::Complete => "jobs/all_scopes/complete",
            Self::Cancel => "jobs/all_scopes/cancel",
            _ => "",
        }
    }
}

/// The stand-in's router.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

/// Logs each request without its query string (which carries the token) or body.
async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let (response, outcome) = respond(&shared, request).await;
    *super::lock(&shared.answers)
        .entry(response.status().as_u16())
        .or_default() += 1;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        outcome,
        elapsed_ms = started.elapsed().as_millis(),
        "stand-in request"
    );
    response
}

/// Answers one request; the second value says what happened, for the log.
async fn respond(shared: &Shared, request: Request) -> (Response, &'static str) {
    let faults = lock(&shared.faults).clone();
    faults::delay(&faults).await;
    if faults::happens(faults.fail_rate) {
        return (envelope::gateway_unavailable(), "injected 503");
    }
    let flavour = shared.flavour;
    let path = request.uri().path();
    let found = path.strip_prefix(PREFIX).and_then(Endpoint::at);
    let Some((endpoint, verb)) = found.filter(|(e, _)| e.exists_in(flavour)) else {
        return (not_found(path, flavour), "unknown path");
    };
    if request.method() != verb {
        return (
            method_not_allowed(request.method(), &verb, path, flavour),
            "wrong verb",
        );
    }
    let headers = request.headers().clone();
    let params = match read_params(&verb, request).await {
        Ok(params) => params,
        Err(failure) => return (envelope::failure(&failure, flavour), "bad input"),
    };
    let seen = endpoint.is_action().then(|| params.without_token());
    let result = dispatch(shared, endpoint, &headers, params);
    let dropped = result.is_ok() && endpoint.is_action() && faults::happens(faults.drop_rate);
    if let Some(params) = seen {
        let outcome = match &result {
            Ok(_) => ActionOutcome::Applied { answered: !dropped },
            Err(failure) => ActionOutcome::Refused(failure.code.wire(flavour).to_owned()),
        };
        let path = endpoint.path().to_owned();
        shared.hooks.record(ActionRecord {
            path,
            params,
            outcome,
        });
    }
    match result {
        Ok(_) if dropped => (faults::dropped_connection(), "applied, answer dropped"),
        Ok(data) => (envelope::ok(&data), "ok"),
        Err(failure) => (
            envelope::failure(&failure, flavour),
            failure.code.wire(flavour),
        ),
    }
}

/// Calls the method's handler.
fn dispatch(
    shared: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    params: Params,
) -> Result<Data, Failure> {
    match endpoint {
        Endpoint::Login => auth::login(shared, params),
        Endpoint::ApiKeyLogin => auth::login_api_key(shared, headers, params),
        Endpoint::Release => auth::release(shared, params),
        Endpoint::List => reads::list(shared, params),
        Endpoint::ByState(state) => reads::by_state(shared, state, params),
        Endpoint::Overdue => reads::overdue(shared, params),
        Endpoint::Show => reads::show(shared, None, params),
        Endpoint::ScopeShow(scope) => reads::show(shared, Some(scope), params),
        Endpoint::NextStatuses => reads::next_status_sequence(shared, params),
        Endpoint::Statuses => reads::statuses(shared, params),
        Endpoint::CancellationReasons => reasons::list(shared, params),
        Endpoint::Users => users::list(shared, params),
        Endpoint::Start => actions::start_progress(shared, params),
        Endpoint::Complete => actions::complete(shared, params),
        Endpoint::Cancel => actions::cancel(shared, params),
    }
}

/// HTTP 404: an envelope in the strict flavour, the application server's page otherwise.
fn not_found(path: &str, flavour: Flavour) -> Response {
    match flavour {
        Flavour::Strict => {
            let failure = Failure::new(Code::NotFound, format!("no such method: {path}"))
                .with_http(StatusCode::NOT_FOUND);
            envelope::failure(&failure, flavour)
        }
        Flavour::Documented => envelope::server_page(StatusCode::NOT_FOUND, path),
    }
}

/// HTTP 405 with the `Allow` header; an envelope in the strict flavour, the application
/// server's page otherwise.
fn method_not_allowed(used: &Method, allowed: &Method, path: &str, flavour: Flavour) -> Response {
    let mut response = match flavour {
        Flavour::Strict => {
            let failure = Failure::new(
                Code::MethodNotAllowed,
                format!("this method takes {allowed}, not {used}"),
            )
            .with_http(StatusCode::METHOD_NOT_ALLOWED);
            envelope::failure(&failure, flavour)
        }
        Flavour::Documented => envelope::server_page(StatusCode::METHOD_NOT_ALLOWED, path),
    };
    let allow = if *allowed == Method::POST {
        "POST"
    } else {
        "GET"
    };
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// The parameters: the query string of a GET, the JSON body (at most [`BODY_LIMIT`]) of a POST.
async fn read_params(verb: &Method, request: Request) -> Result<Params, Failure> {
    if *verb == Method::GET {
        return Params::from_query(request.uri().query());
    }
    if request.uri().query().is_some_and(|query| !query.is_empty()) {
        return Err(Failure::invalid(
            "query string",
            "POST methods take their parameters, the token too, in the JSON body",
        ));
    }
    let too_large = || {
        Failure::invalid(
            "request body",
            format!("larger than {} KiB", BODY_LIMIT / 1024),
        )
        .with_http(StatusCode::PAYLOAD_TOO_LARGE)
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > BODY_LIMIT as u64) {
        return Err(too_large());
    }
    let body: Body = request.into_body();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| too_large())?;
    Params::from_body(&bytes)
}
