//! The app's clock and zone as data: what "now" and "today" are, replaceable in tests so no
//! screen or count depends on the machine's wall clock or time zone.

use chrono::{DateTime, NaiveDate, Utc};

use super::App;
use crate::when::Zone;

impl App {
    /// The present moment, by the app's clock (replaceable in tests).
    #[must_use]
    pub fn clock(&self) -> DateTime<Utc> {
        (self.now)()
    }

    /// Replaces the clock (tests).
    #[must_use]
    pub fn with_clock(mut self, now: fn() -> DateTime<Utc>) -> Self {
        self.now = now;
        self.clock = now();
        self
    }

    /// Shows dates and counts days in `zone` instead of the machine's (tests pin one).
    #[must_use]
    pub fn with_zone(mut self, zone: Zone) -> Self {
        self.zone = zone;
        self
    }

    /// The day of the last update, in the app's zone: what "completed today" counts.
    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.zone.date_of(self.clock)
    }

    /// The present day in the app's zone, by its clock now.
    pub(super) fn day_now(&self) -> NaiveDate {
        self.zone.date_of(self.clock())
    }

    /// The first instant of the present day in the app's zone, by its clock now.
    pub(super) fn start_of_today(&self) -> DateTime<Utc> {
        let now = self.clock();
        self.zone.start_of(self.zone.date_of(now)).unwrap_or(now)
    }
}
