//! The envelope every answer travels in, and the errors the stand-in answers with.
//!
//! Application errors go out with HTTP 200 and a non-OK `status.code`; only
//! unknown paths (404), wrong verbs (405), oversized bodies (413) and injected gateway faults
//! (503) use another HTTP status, and all but the last still carry an envelope.
//!
//! The strict codes below are the stand-in's own vocabulary; the documented flavour maps each
//! of them here, in one place, to a Java exception name of the shape real servers send, and
//! rewrites the message as prose ([`Failure`] is always built with the strict code, so every
//! handler gets both flavours for free).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::Flavour;
use super::fields::Data;
use crate::api::model::{ApiStatus, Envelope};

/// The strict flavour's error codes, plus the two of the transport layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Code {
    /// Wrong username, password, organisation or API key.
    AuthenticationFailed,
    /// Token missing, unknown, expired or released.
    InvalidToken,
    /// A mandatory parameter is absent.
    MissingParameter,
    /// A value of the wrong type or format, or a parameter the method does not know.
    InvalidParameter,
    /// An identifier with zero or several fields, or an unknown field.
    InvalidIdentifier,
    /// The identified entity, or the requested path, does not exist.
    NotFound,
    /// The action is not allowed in the job's current state.
    InvalidLifeCycleState,
    /// The status is not one of the type's statuses for the target state.
    InvalidStatus,
    /// A parameter the job's fulfillment scope does not allow.
    NotApplicableParameter,
    /// The job's rules block immediate execution and no `scheduled_date` was given.
    ScheduledDateRequired,
    /// The path exists but not for this HTTP verb.
    MethodNotAllowed,
}

impl Code {
    /// The wire form.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::AuthenticationFailed => "AUTHENTICATION_FAILED",
            Self::InvalidToken => "INVALID_TOKEN",
            Self::MissingParameter => "MISSING_PARAMETER",
            Self::InvalidParameter => "INVALID_PARAMETER",
            Self::InvalidIdentifier => "INVALID_IDENTIFIER",
            Self::NotFound => "NOT_FOUND",
            Self::InvalidLifeCycleState => "INVALID_LIFE_CYCLE_STATE",
            Self::InvalidStatus => "INVALID_STATUS",
            Self::NotApplicableParameter => "NOT_APPLICABLE_PARAMETER",
            Self::ScheduledDateRequired => "SCHEDULED_DATE_REQUIRED",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
        }
    }

    /// The code a real server might send: a Java exception name.
    pub(crate) fn documented(self) -> &'static str {
        match self {
            Self::AuthenticationFailed => DOCUMENTED_LOGIN_FAILED_CODE,
            Self::InvalidToken => DOCUMENTED_TOKEN_REJECTED_CODE,
            Self::MissingParameter => "COM.CRM.EXCEPTION.GENERAL.MANDATORYFIELDMISSINGEXCEPTION",
            Self::InvalidParameter => "COM.CRM.EXCEPTION.GENERAL.INVALIDVALUEEXCEPTION",
            Self::InvalidIdentifier => "COM.CRM.EXCEPTION.GENERAL.INVALIDIDENTIFIEREXCEPTION",
            Self::NotFound => "COM.CRM.EXCEPTION.GENERAL.ENTITYNOTFOUNDEXCEPTION",
            Self::InvalidLifeCycleState => "COM.CRM.EXCEPTION.JOBS.INVALIDLIFECYCLESTATEEXCEPTION",
            Self::InvalidStatus => "COM.CRM.EXCEPTION.JOBS.INVALIDJOBSTATUSEXCEPTION",
            Self::NotApplicableParameter => {
                "COM.CRM.EXCEPTION.JOBS.NOTAPPLICABLEFORFULFILLMENTSCOPEEXCEPTION"
            }
            Self::ScheduledDateRequired => {
                "COM.CRM.EXCEPTION.SUBSCRIPTIONS.SCHEDULEDDATEREQUIREDEXCEPTION"
            }
            Self::MethodNotAllowed => "COM.CRM.EXCEPTION.GENERAL.METHODNOTALLOWEDEXCEPTION",
        }
    }

    /// The wire form in a flavour.
    pub(crate) fn wire(self, flavour: Flavour) -> &'static str {
        match flavour {
            Flavour::Strict => self.as_str(),
            Flavour::Documented => self.documented(),
        }
    }
}

/// The documented flavour's refusal of a missing, unknown, expired or released token. Chosen
/// so that it does not read like a dead token (no `INVALID`, `EXPIRED`, `NOTFOUND`, `UNKNOWN`
/// or `RELEASED` beside `TOKEN`): a client must cope with a code it cannot recognise.
pub const DOCUMENTED_TOKEN_REJECTED_CODE: &str =
    "COM.CRM.EXCEPTION.SECURITY.ACCESSTOKENREJECTEDEXCEPTION";

/// The documented flavour's refusal of a login (wrong username, password, organisation, unit
/// or Web API key); it does not read like a dead token either.
pub const DOCUMENTED_LOGIN_FAILED_CODE: &str =
    "COM.CRM.EXCEPTION.SECURITY.AUTHENTICATIONFAILEDEXCEPTION";

/// A refused request: the code and a message for people that names the wire parameter it
/// concerns, so the client can put it beside the right form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) code: Code,
    pub(crate) message: String,
    pub(crate) http: StatusCode,
}

impl Failure {
    /// An application error, answered with HTTP 200.
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            http: StatusCode::OK,
        }
    }

    /// The same error with another HTTP status.
    pub(crate) fn with_http(mut self, http: StatusCode) -> Self {
        self.http = http;
        self
    }

    /// `MISSING_PARAMETER` for `name`.
    pub(crate) fn missing(name: &str) -> Self {
        Self::new(
            Code::MissingParameter,
            format!("{name}: this parameter is mandatory"),
        )
    }

    /// `INVALID_PARAMETER` for `name`, with what is wrong.
    pub(crate) fn invalid(name: &str, what: impl std::fmt::Display) -> Self {
        Self::new(Code::InvalidParameter, format!("{name}: {what}"))
    }

    /// `INVALID_IDENTIFIER` for `name`, with what is wrong.
    pub(crate) fn identifier(name: &str, what: impl std::fmt::Display) -> Self {
        Self::new(Code::InvalidIdentifier, format!("{name}: {what}"))
    }

    /// `NOT_FOUND` for `name`, with what was looked for.
    pub(crate) fn not_found(name: &str, what: impl std::fmt::Display) -> Self {
        Self::new(Code::NotFound, format!("{name}: {what}"))
    }
}

/// The JSON response carrying `envelope` with the given HTTP status.
fn json_response(http: StatusCode, envelope: &Envelope<Value>) -> Response {
    // Serialising a `Value` inside plain structs cannot fail; the fallback keeps it total.
    let body = serde_json::to_vec(envelope).unwrap_or_else(|_| {
        br#"{"status":{"code":"INTERNAL_ERROR","message":"could not encode the answer","description":null},"data":null}"#.to_vec()
    });
    (
        http,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A success: `{"status":{"code":"OK",...},"data":data}`.
pub(crate) fn ok(data: &Data) -> Response {
    let status = ApiStatus {
        code: ApiStatus::OK.to_owned(),
        message: None,
        description: None,
    };
    let mut body = br#"{"status":"#.to_vec();
    // A struct of strings always serialises; the fallback keeps this total.
    body.extend(serde_json::to_vec(&status).unwrap_or_else(|_| br#"{"code":"OK"}"#.to_vec()));
    body.extend_from_slice(br#","data":"#);
    body.extend_from_slice(data.as_bytes());
    body.push(b'}');
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// An error answer with its envelope, in the flavour's words.
pub(crate) fn failure(failure: &Failure, flavour: Flavour) -> Response {
    let message = match flavour {
        Flavour::Strict => failure.message.clone(),
        Flavour::Documented => super::prose::documented(failure.code, &failure.message),
    };
    let envelope = Envelope {
        status: ApiStatus {
            code: failure.code.wire(flavour).to_owned(),
            message: Some(message),
            description: None,
        },
        data: None,
    };
    json_response(failure.http, &envelope)
}

/// What a Java application server answers for a path or verb it has no method for: the HTTP
/// status with its own HTML page, not JSON (the documented flavour's missing methods).
pub(crate) fn server_page(http: StatusCode, path: &str) -> Response {
    let title = format!(
        "HTTP Status {} \u{2013} {}",
        http.as_u16(),
        http.canonical_reason().unwrap_or("Error")
    );
    let path: String = path
        .chars()
        .map(|c| match c {
            '<' => "&lt;".to_owned(),
            '>' => "&gt;".to_owned(),
            '&' => "&amp;".to_owned(),
            '"' => "&quot;".to_owned(),
            other => other.to_string(),
        })
        .collect();
    let description = if http == StatusCode::METHOD_NOT_ALLOWED {
        "The method received in the request-line is known by the origin server but not \
         supported by the target resource."
    } else {
        "The origin server did not find a current representation for the target resource or \
         is not willing to disclose that one exists."
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title>\
         <style type=\"text/css\">body {{font-family:Tahoma,Arial,sans-serif;}}</style></head>\
         <body><h1>{title}</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p>\
         <p><b>Message</b> {path}</p><p><b>Description</b> {description}</p>\
         <hr class=\"line\" /><h3>Apache Tomcat/9.0.83</h3></body></html>"
    );
    (
        http,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html;charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// What an overloaded gateway in front of CRM.COM answers: HTTP 503 with a small HTML page,
/// not JSON. The client must cope with exactly this.
pub(crate) fn gateway_unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::RETRY_AFTER, HeaderValue::from_static("1")),
        ],
        "<html><head><title>503 Service Temporarily Unavailable</title></head>\
         <body><h1>503 Service Temporarily Unavailable</h1>\
         <p>The upstream server is busy. Please try again shortly.</p></body></html>\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Code; 11] = [
        Code::AuthenticationFailed,
        Code::InvalidToken,
        Code::MissingParameter,
        Code::InvalidParameter,
        Code::InvalidIdentifier,
        Code::NotFound,
        Code::InvalidLifeCycleState,
        Code::InvalidStatus,
        Code::NotApplicableParameter,
        Code::ScheduledDateRequired,
        Code::MethodNotAllowed,
    ];

    /// The dead-token pattern a client may use: a subject word with a death word, case and
    /// dots ignored.
    fn reads_like_a_dead_token(code: &str) -> bool {
        let code = code.to_ascii_uppercase().replace('.', "");
        let subject = ["TOKEN", "SESSION", "AUTHENTICAT", "LOGIN"];
        let death = ["INVALID", "EXPIRED", "NOTFOUND", "UNKNOWN", "RELEASED"];
        subject.iter().any(|w| code.contains(w)) && death.iter().any(|w| code.contains(w))
    }

    #[test]
    fn documented_codes_are_java_exception_names_and_none_reads_like_a_dead_token() {
        for code in ALL {
            let wire = code.wire(Flavour::Documented);
            let (area, name) = wire
                .strip_prefix("COM.CRM.EXCEPTION.")
                .and_then(|rest| rest.split_once('.'))
                .unwrap_or_else(|| panic!("{wire}"));
            assert!(area.chars().all(|c| c.is_ascii_uppercase()), "{wire}");
            assert!(name.ends_with("EXCEPTION"), "{wire}");
            assert!(name.chars().all(|c| c.is_ascii_uppercase()), "{wire}");
            assert!(!reads_like_a_dead_token(wire), "{wire}");
            assert_eq!(code.wire(Flavour::Strict), code.as_str());
        }
        assert!(reads_like_a_dead_token(Code::InvalidToken.as_str()));
        assert_ne!(DOCUMENTED_TOKEN_REJECTED_CODE, DOCUMENTED_LOGIN_FAILED_CODE);
    }
}
