//! The time zone dates are read and shown in, as data: the machine's, a fixed offset, or a
//! named IANA zone. The app holds one (`App::zone`), so every date on screen, "today" and
//! the due marks follow it, and tests pin one instead of depending on the machine's `TZ`.

use chrono::{
    DateTime, FixedOffset, Local, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

use super::{Understood, WhenError, describe_in, parse_when_in};

/// The time zone dates are read and shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// The local time zone of this machine (`TZ`), with its clock changes.
    #[default]
    Local,
    /// A fixed offset from UTC.
    Fixed(FixedOffset),
    /// The user's own zone given by its IANA name, with its clock changes (tests pin one; it
    /// stands where `Local` would, so it is labelled `local` too).
    Named(Tz),
}

/// Runs `$body` with `$tz` bound to the zone as a `chrono::TimeZone` (the three kinds are
/// different types, so no single generic value can stand for them).
macro_rules! in_zone {
    ($zone:expr, $tz:ident => $body:expr) => {
        match $zone {
            Zone::Local => {
                let $tz = &Local;
                $body
            }
            Zone::Fixed(offset) => {
                let $tz = &offset;
                $body
            }
            Zone::Named(named) => {
                let $tz = &named;
                $body
            }
        }
    };
}

impl Zone {
    /// UTC as a fixed zone.
    #[must_use]
    pub fn utc() -> Self {
        Self::Fixed(Utc.fix())
    }

    /// How the zone is named after a time: `local`, `UTC`, `UTC+02:00`.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Local | Self::Named(_) => "local".to_owned(),
            Self::Fixed(offset) if offset.local_minus_utc() == 0 => "UTC".to_owned(),
            Self::Fixed(offset) => format!("UTC{offset}"),
        }
    }

    /// Reads `text` relative to `now` in this zone.
    ///
    /// # Errors
    /// [`WhenError`] when the text is empty or not a date.
    pub fn parse(self, text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, WhenError> {
        in_zone!(self, tz => parse_when_in(text, &now.with_timezone(tz)))
    }

    /// What `text` means right now.
    #[must_use]
    pub fn understand(self, text: &str, now: DateTime<Utc>) -> Understood {
        match self.parse(text, now) {
            Ok(date) => Understood::Date(date),
            Err(WhenError::Empty) => Understood::Empty,
            Err(error) => Understood::Invalid(error),
        }
    }

    /// `date` as this zone shows it, with how far it is from `now`.
    #[must_use]
    pub fn describe(self, date: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let label = self.label();
        in_zone!(self, tz => describe_in(date, &now.with_timezone(tz), &label))
    }

    /// The calendar day `at` falls on in this zone.
    #[must_use]
    pub fn date_of(self, at: DateTime<Utc>) -> NaiveDate {
        in_zone!(self, tz => at.with_timezone(tz).date_naive())
    }

    /// The first instant of `day` in this zone: its midnight, or where a clock change skips
    /// midnight, the moment the clock resumes. `None` only outside chrono's range.
    #[must_use]
    pub fn start_of(self, day: NaiveDate) -> Option<DateTime<Utc>> {
        let midnight = day.and_hms_opt(0, 0, 0)?;
        in_zone!(self, tz => first_at_or_after(tz, midnight))
    }

    /// Appends `at` as this zone shows it, as `format` (a chrono format string) says.
    /// Straight into `out`: chrono's `Display` would format into a `String` of its own first.
    pub fn write(self, out: &mut String, at: DateTime<Utc>, format: &str) {
        // Writing to a `String` fails only on a format chrono cannot render; ours are fixed.
        in_zone!(self, tz => {
            let _ = at.with_timezone(tz).format(format).write_to(out);
        });
    }

    /// `at` as this zone shows it, as `format` says.
    #[must_use]
    pub fn format(self, at: DateTime<Utc>, format: &str) -> String {
        let mut out = String::new();
        self.write(&mut out, at, format);
        out
    }
}

/// The first instant whose wall-clock time in `zone` is `local` or later (by the minute:
/// clock changes happen on whole minutes). A time a change repeats is taken the first time.
fn first_at_or_after<Tz: TimeZone>(zone: &Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    // No clock change skips more than a day (Samoa's skipped day is the longest).
    (0..=26 * 60).find_map(|minutes| {
        let wall = local.checked_add_signed(TimeDelta::minutes(minutes))?;
        zone.from_local_datetime(&wall)
            .earliest()
            .map(|at| at.to_utc())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().expect("a test date")
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test day")
    }

    #[test]
    fn a_day_starts_at_midnight_or_where_the_clock_resumes() {
        let kiritimati = Zone::Named(chrono_tz::Pacific::Kiritimati);
        assert_eq!(
            kiritimati.start_of(day("2026-11-28")),
            Some(utc("2026-11-27T10:00:00Z"))
        );
        // Santiago springs forward at midnight: 6 Sep 2026 begins at 01:00 (-03:00).
        let santiago = Zone::Named(chrono_tz::America::Santiago);
        assert_eq!(
            santiago.start_of(day("2026-09-06")),
            Some(utc("2026-09-06T04:00:00Z"))
        );
        assert_eq!(
            santiago.date_of(utc("2026-09-06T04:00:00Z")),
            day("2026-09-06")
        );
        assert_eq!(
            santiago.date_of(utc("2026-09-06T03:59:00Z")),
            day("2026-09-05")
        );
        // Samoa skipped 30 Dec 2011 entirely: the next day starts where it would have.
        let apia = Zone::Named(chrono_tz::Pacific::Apia);
        assert_eq!(
            apia.start_of(day("2011-12-30")),
            Some(utc("2011-12-30T10:00:00Z"))
        );
    }

    #[test]
    fn dates_are_written_in_the_zone_with_its_offset_that_day() {
        let berlin = Zone::Named(chrono_tz::Europe::Berlin);
        let winter = utc("2026-01-10T12:00:00Z");
        let summer = utc("2026-07-10T12:00:00Z");
        assert_eq!(berlin.format(winter, "%H:%M"), "13:00");
        assert_eq!(berlin.format(summer, "%H:%M"), "14:00");
        assert_eq!(Zone::utc().format(summer, "%d %b %H:%M"), "10 Jul 12:00");
        assert_eq!(berlin.label(), "local");
        assert_eq!(
            Zone::Named(chrono_tz::Asia::Kolkata).describe(winter, winter),
            "Sat 10 Jan 2026 17:30 local (now)"
        );
    }
}
