//! Backoff between attempts of a read: exponential, capped, and jittered so that many clients
//! failing together (a gateway restart) do not all come back at the same instant.

use std::sync::Mutex;
use std::time::Duration;

/// How reads are retried.
#[derive(Debug)]
pub(crate) struct Backoff {
    /// Attempts in all, the first included.
    pub(crate) attempts: u32,
    /// The wait before the second attempt, before jitter.
    base: Duration,
    /// No wait is longer than this.
    cap: Duration,
    /// Private generator: the jitter must not draw from the thread's shared one, which tests
    /// seed to make the stand-in's faults repeatable.
    rng: Mutex<fastrand::Rng>,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(3, Duration::from_millis(200), Duration::from_secs(2))
    }
}

impl Backoff {
    /// A backoff of `attempts` attempts waiting from `base` up to `cap`.
    pub(crate) fn new(attempts: u32, base: Duration, cap: Duration) -> Self {
        Self {
            attempts,
            base,
            cap,
            rng: Mutex::new(fastrand::Rng::new()),
        }
    }

    /// The wait after failed attempt number `attempt` (1-based): half of the capped
    /// exponential step for sure, plus up to the other half at random ("equal jitter"), so a
    /// retry always waits a little and never longer than the cap.
    pub(crate) fn delay(&self, attempt: u32) -> Duration {
        let step = self
            .base
            .saturating_mul(2_u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.cap);
        let half = step / 2;
        let half_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
        let random = {
            let mut rng = self
                .rng
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            rng.u64(0..=half_ms)
        };
        half + Duration::from_millis(random)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stop_at_the_cap() {
        let backoff = Backoff::new(10, Duration::from_millis(200), Duration::from_secs(2));
        for _ in 0..200 {
            let first = backoff.delay(1);
            assert!((100..=200).contains(&first.as_millis()), "{first:?}");
            let second = backoff.delay(2);
            assert!((200..=400).contains(&second.as_millis()), "{second:?}");
            let late = backoff.delay(9);
            assert!((1000..=2000).contains(&late.as_millis()), "{late:?}");
            let huge = backoff.delay(u32::MAX);
            assert!(huge <= Duration::from_secs(2), "{huge:?}");
        }
    }

    #[test]
    fn delays_are_jittered() {
        let backoff = Backoff::default();
        let delays: std::collections::HashSet<Duration> =
            (0..50).map(|_| backoff.delay(2)).collect();
        assert!(delays.len() > 5, "{delays:?}");
    }

    #[test]
    fn default_is_three_attempts() {
        assert_eq!(Backoff::default().attempts, 3);
    }
}
