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
