//! Dates on the wire: the one form the stand-in emits and the many forms the client accepts,
//! and the server's time zone they are read and written in.
//!
//! The stand-in emits `YYYY-MM-DDTHH:MM:SS` without an offset; the client accepts
//! `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS` with optional fractional seconds and an optional `Z` or
//! `±HH:MM`, a space instead of `T`, and epoch milliseconds. A text without an offset is a
//! wall-clock time in the server's zone (the profile's `server_timezone`, UTC unless set; see
//! [`from_zone`]); one with an offset, or milliseconds, is an exact instant.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The format every date is sent in.
pub const WIRE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Formats a date the way it travels: UTC, seconds precision, no offset.
#[must_use]
pub fn format(date: &DateTime<Utc>) -> String {
    format_in(date, Tz::UTC)
}

/// Formats a date the way it travels to a server in `zone`: its wall-clock time there,
/// seconds precision, no offset.
#[must_use]
pub fn format_in(date: &DateTime<Utc>, zone: Tz) -> String {
    if zone == Tz::UTC {
        return date.format(WIRE_FORMAT).to_string();
    }
    date.with_timezone(&zone).format(WIRE_FORMAT).to_string()
}

/// What a date text says, before the server's zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// No offset: a wall-clock time in the server's zone (date-only texts are midnight).
    Local(NaiveDateTime),
    /// An offset or epoch milliseconds: an exact instant, whatever the server's zone.
    Exact(DateTime<Utc>),
}

impl Reading {
    /// The instant, reading a wall-clock time in `zone`.
    #[must_use]
    pub fn in_zone(self, zone: Tz) -> DateTime<Utc> {
        match self {
            Self::Local(naive) => from_zone(naive, zone),
            Self::Exact(date) => date,
        }
    }
}

/// The instant a wall-clock time `naive` in `zone` names. Around a clock change the text
/// cannot say which instant was meant: in the hour a clock goes back the earlier one is
/// taken, and a time the clock skipped is read with the offset in force before the skip
/// (02:30 where 02:00 jumps to 03:00 is 03:30). Neither happens in the time zones' usual
/// working hours.
#[must_use]
pub fn from_zone(naive: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    if zone == Tz::UTC {
        return naive.and_utc();
    }
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(date) | chrono::LocalResult::Ambiguous(date, _) => {
            date.with_timezone(&Utc)
        }
        chrono::LocalResult::None => {
            // No zone changes its clock twice within a day.
            let before = naive
                .checked_sub_signed(TimeDelta::days(1))
                .unwrap_or(naive);
            let offset = zone.offset_from_utc_datetime(&before);
            let seconds = chrono::Offset::fix(&offset).local_minus_utc();
            (naive - TimeDelta::seconds(i64::from(seconds))).and_utc()
        }
    }
}

/// Parses the strict date forms, offset-less ones as UTC. Strict: this is what the stand-in
/// accepts.
#[must_use]
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    read(text).map(|reading| reading.in_zone(Tz::UTC))
}

/// What a text in one of the strict forms says (see the module's comment).
#[must_use]
pub fn read(text: &str) -> Option<Reading> {
    let text = text.trim();
    if let Some(date) = read_wire_form(text) {
        return Some(Reading::Local(date));
    }
    if text.len() == 10 {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        return Some(Reading::Local(day.and_hms_opt(0, 0, 0)?));
    }
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(Reading::Exact(with_offset.with_timezone(&Utc)));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(Reading::Local)
}

/// The one form the stand-in emits (`YYYY-MM-DDTHH:MM:SS`), read digit by digit: a page of
/// jobs carries thousands of dates, and chrono re-reads its format string for each one (and
/// tries RFC 3339 first). `None` for anything else, leap seconds included, which the general
/// path then reads exactly as before.
fn read_wire_form(text: &str) -> Option<NaiveDateTime> {
    let bytes: &[u8; 19] = text.as_bytes().try_into().ok()?;
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(at, byte)| bytes[at] != byte) {
        return None;
    }
    let number = |from: usize, to: usize| {
        bytes[from..to].iter().try_fold(0_u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let day = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    day.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)
}

/// Parses any date form a real server might send, offset-less ones as UTC (see
/// [`read_lenient`]).
#[must_use]
pub fn parse_lenient(text: &str) -> Option<DateTime<Utc>> {
    read_lenient(text).map(|reading| reading.in_zone(Tz::UTC))
}

/// What a text in any form a real server might send says: the strict forms, a space instead
/// of `T`, and epoch milliseconds as a string of digits. Lenient: this is the client.
#[must_use]
pub fn read_lenient(text: &str) -> Option<Reading> {
    let text = text.trim();
    if let Some(reading) = read(text) {
        return Some(reading);
    }
    if text.len() > 10 && text.as_bytes()[10] == b' ' {
        let mut fixed = text.to_owned();
        fixed.replace_range(10..11, "T");
        return read(&fixed);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis)
            .map(Reading::Exact);
    }
    None
}

/// serde support for optional dates: emits the wire form or `null`, accepts every lenient form,
/// `null`, an empty string and epoch milliseconds.
pub mod option {
    use std::fmt;

    use chrono::{DateTime, Utc};
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    /// Serialises `Some(date)` in the wire form and `None` as `null`.
    ///
    /// # Errors
    /// Only the serializer's own errors.
    pub fn serialize<S: Serializer>(
        date: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match date {
            Some(date) => serializer.serialize_str(&super::format(date)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a date leniently; `null`, absent and `""` are `None`. A visitor rather than an
    /// untagged enum, which would buffer every date of every job before trying each form.
    ///
    /// # Errors
    /// A value that is neither null, a date string nor a number.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        deserializer.deserialize_option(OptionalDate)
    }

    struct OptionalDate;

    impl<'de> Visitor<'de> for OptionalDate {
        type Value = Option<DateTime<Utc>>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date, milliseconds since 1970, or null")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            super::parse_lenient(text)
                .map(Some)
                .ok_or_else(|| E::custom(format!("unrecognised date {text:?}")))
        }

        fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Self::Value, E> {
            DateTime::from_timestamp_millis(millis)
                .map(Some)
                .ok_or_else(|| E::custom(format!("date out of range: {millis}")))
        }

        fn visit_u64<E: de::Error>(self, millis: u64) -> Result<Self::Value, E> {
            let millis = i64::try_from(millis)
                .map_err(|_| E::custom(format!("date out of range: {millis}")))?;
            self.visit_i64(millis)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, h, m, s).unwrap()
    }

    #[test]
    fn strict_forms() {
        assert_eq!(parse("2026-11-28"), Some(at(0, 0, 0)));
        assert_eq!(parse("2026-11-28T09:45:00"), Some(at(9, 45, 0)));
        assert_eq!(
            parse("2026-11-28T09:45:00.250"),
            Some(at(9, 45, 0) + chrono::Duration::milliseconds(250))
        );
        assert_eq!(parse("2026-11-28T09:45:00Z"), Some(at(9, 45, 0)));
        assert_eq!(parse("2026-11-28T11:45:00+02:00"), Some(at(9, 45, 0)));
        assert_eq!(parse("2026-11-28 09:45:00"), None);
        assert_eq!(parse("28/11/2026"), None);
        assert_eq!(parse("2026-02-30"), None);
    }

    #[test]
    fn the_wire_form_reads_as_chrono_reads_it() {
        assert_eq!(
            read_wire_form("2026-11-28T09:45:07").map(|n| n.and_utc()),
            Some(at(9, 45, 7))
        );
        for text in [
            "2026-11-28T09:45:60",
            "2026-02-29T09:45:00",
            "2026-11-28T24:00:00",
            "2026-11-28 09:45:00",
            "2026-11-28T09:45:0x",
            "+026-11-28T09:45:00",
            "2026-11-28T09:45:00Z",
        ] {
            assert_eq!(read_wire_form(text), None, "{text}");
        }
        // Where the fast path answers, chrono's general path answers the same.
        let chrono = |text: &str| {
            NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|naive| naive.and_utc())
        };
        let forms = "[0-9]{4}-[0-2][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9]";
        proptest::proptest!(|(text in forms)| {
            let general = chrono(&text);
            match read_wire_form(&text) {
                Some(date) => proptest::prop_assert_eq!(Some(date.and_utc()), general),
                // Only leap seconds are left to the general path among these.
                None => proptest::prop_assert!(
                    general.is_none_or(|d| d.timestamp_subsec_nanos() >= 1_000_000_000),
                    "{}",
                    text
                ),
            }
        });
    }

    #[test]
    fn lenient_forms() {
        assert_eq!(parse_lenient("2026-11-28 09:45:00"), Some(at(9, 45, 0)));
        assert_eq!(
            parse_lenient("1795859100000"),
            DateTime::from_timestamp_millis(1_795_859_100_000)
        );
        assert_eq!(parse_lenient("yesterday"), None);
    }

    #[test]
    fn optional_dates_decode_from_every_wire_form() {
        #[derive(serde::Deserialize)]
        struct Holder {
            #[serde(default, with = "super::option")]
            at: Option<DateTime<Utc>>,
        }
        let read = |json: &str| serde_json::from_str::<Holder>(json).map(|h| h.at);
        assert_eq!(
            read(r#"{"at":"2026-11-28T09:45:00"}"#).unwrap(),
            Some(at(9, 45, 0))
        );
        assert_eq!(
            read(r#"{"at":"2026-11-28 09:45:00"}"#).unwrap(),
            Some(at(9, 45, 0))
        );
        assert_eq!(
            read(r#"{"at":1795859100000}"#).unwrap(),
            DateTime::from_timestamp_millis(1_795_859_100_000)
        );
        assert_eq!(read(r#"{"at":null}"#).unwrap(), None);
        assert_eq!(read(r#"{"at":" "}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        assert!(read(r#"{"at":"soon"}"#).is_err());
        assert!(read(r#"{"at":true}"#).is_err());
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn dates_go_out_and_come_back_in_the_servers_zone() {
        let kolkata: Tz = "Asia/Kolkata".parse().unwrap();
        let st_johns: Tz = "America/St_Johns".parse().unwrap();
        for (zone, instant, wire) in [
            (kolkata, "2026-07-15T12:00:00Z", "2026-07-15T17:30:00"),
            (kolkata, "2026-01-15T12:00:00Z", "2026-01-15T17:30:00"),
            // Newfoundland: -02:30 in summer, -03:30 in winter.
            (st_johns, "2026-07-15T12:00:00Z", "2026-07-15T09:30:00"),
            (st_johns, "2026-01-15T12:00:00Z", "2026-01-15T08:30:00"),
            // A minute either side of the clocks going forward (02:00 NST is 03:00 NDT)...
            (st_johns, "2026-03-08T05:29:00Z", "2026-03-08T01:59:00"),
            (st_johns, "2026-03-08T05:31:00Z", "2026-03-08T03:01:00"),
            // ...and either side of the hour they go back over (02:00 NDT is 01:00 NST).
            (st_johns, "2026-11-01T02:59:00Z", "2026-11-01T00:29:00"),
            (st_johns, "2026-11-01T05:31:00Z", "2026-11-01T02:01:00"),
        ] {
            let instant = utc(instant);
            assert_eq!(format_in(&instant, zone), wire, "{zone} {instant}");
            let back = read(wire).unwrap().in_zone(zone);
            assert_eq!(back, instant, "{zone} {wire}");
        }
        // An offset or a count of milliseconds is exact, whatever the zone.
        let exact = read("2026-07-15T12:00:00+02:00").unwrap();
        assert_eq!(exact.in_zone(st_johns), utc("2026-07-15T10:00:00Z"));
        let millis = read_lenient("1795859100000").unwrap();
        assert_eq!(millis.in_zone(kolkata), millis.in_zone(Tz::UTC));
        // A date alone is midnight where the server is.
        let day = read("2026-07-15").unwrap();
        assert_eq!(day.in_zone(kolkata), utc("2026-07-14T18:30:00Z"));
    }

    #[test]
    fn times_a_clock_change_makes_doubtful_are_read_one_stated_way() {
        let st_johns: Tz = "America/St_Johns".parse().unwrap();
        let naive = |text| read(text).unwrap();
        // 02:30 never happened on 8 March: read with the winter offset, it is 03:30 NDT.
        assert_eq!(
            naive("2026-03-08T02:30:00").in_zone(st_johns),
            utc("2026-03-08T06:00:00Z")
        );
        // 01:30 happened twice on 1 November: the first (NDT) is taken.
        assert_eq!(
            naive("2026-11-01T01:30:00").in_zone(st_johns),
            utc("2026-11-01T04:00:00Z")
        );
        assert_eq!(
            naive("2026-11-28T09:45:00").in_zone(Tz::UTC),
            at(9, 45, 0),
            "UTC is the default"
        );
    }

    #[test]
    fn emits_one_form() {
        assert_eq!(format(&at(9, 5, 7)), "2026-11-28T09:05:07");
    }
}
