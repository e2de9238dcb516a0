//! Dates on the wire: the one form the stand-in emits and the many forms the client accepts.
//!
//! crm-api.md §7: emit `YYYY-MM-DDTHH:MM:SS` in UTC without an offset; accept `YYYY-MM-DD`,
//! `YYYY-MM-DDTHH:MM:SS` with optional fractional seconds and an optional `Z` or `±HH:MM`.
//! Date-only values mean midnight UTC.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// The format every date is sent in.
pub const WIRE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// Formats a date the way it travels: UTC, seconds precision, no offset.
#[must_use]
pub fn format(date: &DateTime<Utc>) -> String {
    date.format(WIRE_FORMAT).to_string()
}

/// Parses the date forms crm-api.md §7 allows. Strict: this is what the stand-in accepts.
///
/// # Errors
/// Returns `None` when the text is none of the allowed forms.
#[must_use]
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(date) = parse_wire_form(text) {
        return Some(date);
    }
    if text.len() == 10 {
        let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        return Some(day.and_hms_opt(0, 0, 0)?.and_utc());
    }
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc())
}

/// The one form the stand-in emits (`YYYY-MM-DDTHH:MM:SS`), read digit by digit: a page of
/// jobs carries thousands of dates, and chrono re-reads its format string for each one (and
/// tries RFC 3339 first). `None` for anything else, leap seconds included, which the general
/// path then reads exactly as before.
fn parse_wire_form(text: &str) -> Option<DateTime<Utc>> {
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
    let time = day.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(time.and_utc())
}

/// Parses any date form a real server might send: the strict forms, a space instead of `T`,
/// and epoch milliseconds as a number or a string of digits. Lenient: this is the client.
#[must_use]
pub fn parse_lenient(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(date) = parse(text) {
        return Some(date);
    }
    if text.len() > 10 && text.as_bytes()[10] == b' ' {
        let mut fixed = text.to_owned();
        fixed.replace_range(10..11, "T");
        return parse(&fixed);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis);
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
        assert_eq!(parse_wire_form("2026-11-28T09:45:07"), Some(at(9, 45, 7)));
        for text in [
            "2026-11-28T09:45:60",
            "2026-02-29T09:45:00",
            "2026-11-28T24:00:00",
            "2026-11-28 09:45:00",
            "2026-11-28T09:45:0x",
            "+026-11-28T09:45:00",
            "2026-11-28T09:45:00Z",
        ] {
            assert_eq!(parse_wire_form(text), None, "{text}");
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
            match parse_wire_form(&text) {
                Some(date) => proptest::prop_assert_eq!(Some(date), general),
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

    #[test]
    fn emits_one_form() {
        assert_eq!(format(&at(9, 5, 7)), "2026-11-28T09:05:07");
    }
}
