//! The two flavours of the stand-in and its time zone: how strictly it plays CRM.COM, and in
//! which zone it writes and reads dates that carry no offset.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone as _, Utc};
use chrono_tz::Tz;

/// How the stand-in plays CRM.COM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Flavour {
    /// The project's own vocabulary: short error codes (`INVALID_TOKEN`, ...), messages that
    /// start with the parameter they concern, and every inferred method (`get_pending`,
    /// `get_in_progress`, `get_cancelled`, `jobs/all_scopes/show`, token release). The oracle
    /// for the client's own behaviour.
    #[default]
    Strict,
    /// Only what the public record of CRM.COM shows: Java exception codes
    /// (`COM.CRM.EXCEPTION.<AREA>.<NAME>EXCEPTION`), prose messages, the inferred methods
    /// answering HTTP 404 with an HTML page, JWT claims as strings, and jobs shaped like the
    /// real examples (units `null`, no business unit, empty names, extra keys, a type without
    /// `fulfillment_scope`).
    Documented,
}

impl Flavour {
    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Documented => "documented",
        }
    }
}

/// The zone the stand-in writes its offset-less dates in and reads offset-less input in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Zone(Tz);

impl Zone {
    /// The zone of an IANA name.
    pub(crate) fn new(tz: Tz) -> Self {
        Self(tz)
    }

    /// The IANA zone.
    pub(crate) fn tz(self) -> Tz {
        self.0
    }

    /// Whether nothing needs shifting (the default, and the fast path of every answer).
    fn is_utc(self) -> bool {
        self.0 == Tz::UTC
    }

    /// The instant as the zone's wall-clock time, carried in a `DateTime<Utc>` so the wire
    /// types (which write UTC without an offset) write the local text.
    pub(crate) fn shift(self, instant: DateTime<Utc>) -> DateTime<Utc> {
        if self.is_utc() {
            return instant;
        }
        instant.with_timezone(&self.0).naive_local().and_utc()
    }

    /// [`Zone::shift`] of an optional date.
    pub(crate) fn shift_opt(self, instant: &mut Option<DateTime<Utc>>) {
        if let Some(date) = instant {
            *date = self.shift(*date);
        }
    }

    /// The wire text of an instant: `YYYY-MM-DDTHH:MM:SS` in the zone.
    pub(crate) fn format(self, instant: DateTime<Utc>) -> String {
        crate::api::date::format(&self.shift(instant))
    }

    /// Reads a date in one of the accepted forms; one without an offset is wall-clock time in
    /// the zone. A wall-clock time skipped by a daylight-saving change is read an hour later,
    /// as a Java server does; an ambiguous one as the earlier instant.
    pub(crate) fn parse(self, text: &str) -> Option<DateTime<Utc>> {
        let parsed = crate::api::date::parse(text)?;
        if self.is_utc() || has_offset(text) {
            return Some(parsed);
        }
        let local = parsed.naive_utc();
        self.at_local(local)
            .or_else(|| self.at_local(local + Duration::hours(1)))
    }

    fn at_local(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.0
            .from_local_datetime(&local)
            .earliest()
            .map(|date| date.with_timezone(&Utc))
    }
}

impl Default for Zone {
    fn default() -> Self {
        Self(Tz::UTC)
    }
}

/// Whether a date text that parsed carries `Z` or `±HH:MM` after its time.
fn has_offset(text: &str) -> bool {
    let text = text.trim();
    text.ends_with(['Z', 'z']) || text.get(11..).is_some_and(|time| time.contains(['+', '-']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kolkata() -> Zone {
        Zone::new(chrono_tz::Asia::Kolkata)
    }

    #[test]
    fn utc_is_left_alone() {
        let at = crate::api::date::parse("2026-11-28T09:45:00").unwrap();
        assert_eq!(Zone::default().format(at), "2026-11-28T09:45:00");
        assert_eq!(Zone::default().parse("2026-11-28T09:45:00"), Some(at));
    }

    #[test]
    fn a_zone_writes_and_reads_wall_clock_time() {
        let at = crate::api::date::parse("2026-11-28T09:45:00Z").unwrap();
        assert_eq!(kolkata().format(at), "2026-11-28T15:15:00");
        assert_eq!(kolkata().parse("2026-11-28T15:15:00"), Some(at));
        assert_eq!(
            kolkata().parse("2026-11-28T15:15:00.250"),
            Some(at + Duration::milliseconds(250))
        );
        assert_eq!(kolkata().parse("2026-11-28T09:45:00Z"), Some(at));
        assert_eq!(kolkata().parse("2026-11-28T10:45:00+01:00"), Some(at));
        let midnight = crate::api::date::parse("2026-11-27T18:30:00Z").unwrap();
        assert_eq!(kolkata().parse("2026-11-28"), Some(midnight));
    }

    #[test]
    fn a_skipped_hour_reads_an_hour_later() {
        let berlin = Zone::new(chrono_tz::Europe::Berlin);
        // 2026-03-29 02:30 does not exist in Berlin; 03:30 CEST is 01:30 UTC.
        let expected = crate::api::date::parse("2026-03-29T01:30:00Z").unwrap();
        assert_eq!(berlin.parse("2026-03-29T02:30:00"), Some(expected));
    }
}
