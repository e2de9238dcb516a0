//! When a token should be renewed, so a client holding credentials never sends a dead one.
//!
//! A JWT (R12 and later) says when it dies: `exp`, and `iat` for when it was issued, both
//! epoch seconds, written as strings by the reference's example and accepted as numbers too.
//! With both, the lifetime `exp - iat` is counted from when the token arrived here, so a
//! server clock that differs from ours does not matter. With `exp` alone it is compared with
//! our clock. A token that is not a JWT (older servers: 32 hex characters) lives two hours
//! from issue and dies after one hour unused. Renewal comes a margin before any of these:
//! a tenth of the lifetime, at most five minutes.

use std::time::{Duration, Instant};

use base64::Engine as _;

/// Tokens of servers before R12: dead two hours after issue...
const OPAQUE_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);
/// ...or after one hour unused.
const OPAQUE_IDLE: Duration = Duration::from_secs(60 * 60);
/// The longest margin before a token's end.
const MAX_MARGIN: Duration = Duration::from_secs(5 * 60);

/// When the token in force should be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenLife {
    /// Renew at or after this instant; `None` when the token says nothing we can use.
    renew_at: Option<Instant>,
    /// Renew when unused this long (opaque tokens only).
    idle_limit: Option<Duration>,
    /// When the token was last sent.
    last_used: Instant,
}

/// The claims that say when a token dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Claims {
    /// Issued at, epoch seconds.
    pub(crate) iat: Option<i64>,
    /// Expires at, epoch seconds.
    pub(crate) exp: Option<i64>,
}

impl TokenLife {
    /// The life of `token`, received at `now` (`fresh`: from a login just now; otherwise
    /// read from a cache, so its issue time is unknown), with our clock at `epoch_now`.
    pub(crate) fn of(token: &str, now: Instant, epoch_now: i64, fresh: bool) -> Self {
        let (renew_at, idle_limit) = match claims(token) {
            Some(Claims {
                iat: Some(iat),
                exp: Some(exp),
            }) if fresh && exp > iat => {
                let lifetime = Duration::from_secs(exp.abs_diff(iat));
                (
                    now.checked_add(lifetime.saturating_sub(margin(lifetime))),
                    None,
                )
            }
            Some(Claims {
                exp: Some(exp),
                iat,
            }) => {
                let lifetime = iat.filter(|iat| exp > *iat).map_or(OPAQUE_LIFETIME, |iat| {
                    Duration::from_secs(exp.abs_diff(iat))
                });
                let left = Duration::from_secs(u64::try_from(exp - epoch_now).unwrap_or(0));
                (
                    Some(
                        now.checked_add(left.saturating_sub(margin(lifetime)))
                            .unwrap_or(now),
                    ),
                    None,
                )
            }
            Some(_) => (None, None),
            None if fresh => (
                now.checked_add(OPAQUE_LIFETIME.saturating_sub(margin(OPAQUE_LIFETIME))),
                Some(OPAQUE_IDLE.saturating_sub(margin(OPAQUE_IDLE))),
            ),
            None => (None, Some(OPAQUE_IDLE.saturating_sub(margin(OPAQUE_IDLE)))),
        };
        Self {
            renew_at,
            idle_limit,
            last_used: now,
        }
    }

    /// Whether the token should be replaced before it is sent at `now`.
    pub(crate) fn is_due(&self, now: Instant) -> bool {
        self.renew_at.is_some_and(|at| now >= at)
            || self
                .idle_limit
                .is_some_and(|idle| now.saturating_duration_since(self.last_used) >= idle)
    }

    /// The token was just sent.
    pub(crate) fn used(&mut self, now: Instant) {
        self.last_used = now;
    }

    /// How long the token has left before its renewal, for `doctor`.
    pub(crate) fn renews_in(&self, now: Instant) -> Option<Duration> {
        self.renew_at.map(|at| at.saturating_duration_since(now))
    }
}

/// A tenth of the lifetime, at most [`MAX_MARGIN`].
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 10).min(MAX_MARGIN)
}

/// The `iat` and `exp` of a JWT; `None` for a token that is not one.
pub(crate) fn claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let seconds = |name: &str| match value.get(name)? {
        serde_json::Value::Number(number) => number.as_i64(),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    };
    Some(Claims {
        iat: seconds("iat"),
        exp: seconds("exp"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            engine.encode(br#"{"alg":"HS256"}"#),
            engine.encode(payload)
        )
    }

    #[test]
    fn claims_are_read_as_strings_or_numbers() {
        let text = jwt(r#"{"usr":"u","iat":"1494329548","exp":"1494336748"}"#);
        assert_eq!(
            claims(&text),
            Some(Claims {
                iat: Some(1_494_329_548),
                exp: Some(1_494_336_748)
            })
        );
        let numbers = jwt(r#"{"iat":10,"exp":7210}"#);
        assert_eq!(claims(&numbers).unwrap().exp, Some(7210));
        assert_eq!(claims("0123456789abcdef0123456789abcdef"), None);
        assert_eq!(claims("a.b.c"), None);
    }

    #[test]
    fn a_fresh_jwt_is_renewed_a_margin_before_its_lifetime_whatever_our_clock() {
        let now = Instant::now();
        // Two hours of life, issued by a server whose clock is a day ahead of ours.
        let token = jwt(r#"{"iat":"1000086400","exp":"1000093600"}"#);
        let life = TokenLife::of(&token, now, 1_000_000_000, true);
        assert!(!life.is_due(now + Duration::from_secs(7200 - 301)));
        assert!(life.is_due(now + Duration::from_secs(7200 - 300)));
        // Two seconds of life: renewed after 1.8 s.
        let short = TokenLife::of(&jwt(r#"{"iat":5,"exp":7}"#), now, 0, true);
        assert!(!short.is_due(now + Duration::from_millis(1799)));
        assert!(short.is_due(now + Duration::from_millis(1800)));
    }

    #[test]
    fn a_cached_jwt_counts_from_its_exp_on_our_clock() {
        let now = Instant::now();
        let token = jwt(r#"{"iat":"0","exp":"7200"}"#);
        let life = TokenLife::of(&token, now, 3600, false);
        assert!(!life.is_due(now + Duration::from_secs(3600 - 301)));
        assert!(life.is_due(now + Duration::from_secs(3600 - 300)));
        let expired = TokenLife::of(&token, now, 9000, false);
        assert!(expired.is_due(now));
    }

    #[test]
    fn an_opaque_token_lives_two_hours_and_one_idle_hour() {
        let now = Instant::now();
        let token = "0123456789abcdef0123456789abcdef";
        let mut life = TokenLife::of(token, now, 0, true);
        let step = Duration::from_secs(50 * 60);
        for minute in 1..=2 {
            assert!(!life.is_due(now + step * minute));
            life.used(now + step * minute);
        }
        // Used every 50 minutes, it still goes after two hours less five minutes.
        assert!(life.is_due(now + Duration::from_secs(7200 - 300)));
        let idle = TokenLife::of(token, now, 0, true);
        assert!(!idle.is_due(now + Duration::from_secs(3600 - 301)));
        assert!(idle.is_due(now + Duration::from_secs(3600 - 300)));
        // From a cache, only the idle hour is known, counted from now.
        let cached = TokenLife::of(token, now, 0, false);
        assert!(!cached.is_due(now + Duration::from_secs(3000)));
    }
}
