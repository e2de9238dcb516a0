//! Fault injection: latency with jitter, gateway failures, and dropped answers.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Faults;

/// Waits the configured latency, give or take the jitter.
pub(crate) async fn delay(faults: &Faults) {
    let mut wait = faults.latency;
    if !faults.jitter.is_zero() {
        let jitter_ms = u64::try_from(faults.jitter.as_millis()).unwrap_or(u64::MAX);
        let offset = Duration::from_millis(fastrand::u64(0..=jitter_ms));
        wait = if fastrand::bool() {
            wait.saturating_add(offset)
        } else {
            wait.saturating_sub(offset)
        };
    }
    if !wait.is_zero() {
        tokio::time::sleep(wait).await;
    }
}

/// Whether an event with probability `rate` happens this time.
pub(crate) fn happens(rate: f64) -> bool {
    rate > 0.0 && fastrand::f64() < rate
}

/// A response whose body fails before its first byte: hyper closes the connection without
/// finishing the answer, so the caller sees a transport error (before or after the status
/// line, depending on when hyper flushed the head) and never a complete answer.
pub(crate) fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "stand-in fault: connection dropped after the action was applied",
        ))
    });
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from_stream(failing),
    )
        .into_response()
}
