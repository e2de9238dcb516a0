//! When a waiting entry is tried again: capped exponential backoff with jitter.

use std::time::Duration;

/// Doubling waits from `base` up to `cap`, each drawn at random between half and all of it,
/// so several clients coming back online do not retry in step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// The wait after the first failure.
    pub base: Duration,
    /// The longest wait.
    pub cap: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(2),
            cap: Duration::from_secs(5 * 60),
        }
    }
}

impl Backoff {
    /// The wait after `failures` failures in a row (1 for the first).
    #[must_use]
    pub fn delay(&self, failures: u32) -> Duration {
        let doublings = failures.saturating_sub(1).min(20);
        let full = self.base.saturating_mul(1 << doublings).min(self.cap);
        full.mul_f64(0.5 + fastrand::f64() / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_within_jitter_and_stop_at_the_cap() {
        let backoff = Backoff::default();
        for failures in 1..40 {
            let full =
                Duration::from_secs(2_u64 << (failures.min(21) - 1)).min(Duration::from_secs(300));
            let delay = backoff.delay(failures);
            assert!(delay >= full / 2 && delay <= full, "{failures}: {delay:?}");
        }
    }
}
