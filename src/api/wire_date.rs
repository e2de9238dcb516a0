//! A date as a job on the wire carries it, before the server's zone is applied: read from
//! any form the client accepts, and kept as written when no form reads it, so one odd date
//! never costs its job (or its page).

use std::fmt;

use serde::Deserializer;
use serde::de::{self, IgnoredAny, Visitor};

use super::date::{self, Reading};

/// One date field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WireDate {
    /// A date in a form the client reads.
    Read(Reading),
    /// Anything else, as written (JSON that is not a string, as its kind).
    Unreadable(Box<str>),
}

/// Reads an optional date: `null`, absent and blank are `None`; everything else is a
/// [`WireDate`], never an error. A visitor rather than an untagged enum, which would buffer
/// every date of every job before trying each form.
///
/// # Errors
/// Only the deserializer's own (JSON that is not JSON).
pub(crate) fn option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<WireDate>, D::Error> {
    deserializer.deserialize_option(OptionalDate)
}

struct OptionalDate;

/// A value no form reads, kept as written.
fn unreadable(text: impl Into<Box<str>>) -> WireDate {
    WireDate::Unreadable(text.into())
}

impl<'de> Visitor<'de> for OptionalDate {
    type Value = Option<WireDate>;

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
        Ok(date::read_lenient(text)
            .map_or_else(|| Some(unreadable(text)), |r| Some(WireDate::Read(r))))
    }

    fn visit_i64<E: de::Error>(self, millis: i64) -> Result<Self::Value, E> {
        Ok(chrono::DateTime::from_timestamp_millis(millis).map_or_else(
            || Some(unreadable(millis.to_string())),
            |date| Some(WireDate::Read(Reading::Exact(date))),
        ))
    }

    fn visit_u64<E: de::Error>(self, millis: u64) -> Result<Self::Value, E> {
        match i64::try_from(millis) {
            Ok(millis) => self.visit_i64(millis),
            Err(_) => Ok(Some(unreadable(millis.to_string()))),
        }
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(Some(unreadable(number.to_string())))
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(Some(unreadable(flag.to_string())))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some(unreadable("(a list)")))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some(unreadable("(an object)")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use serde::Deserialize;

    /// A date field on its own.
    #[derive(Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "option")]
        at: Option<WireDate>,
    }

    fn read(json: &str) -> Option<WireDate> {
        serde_json::from_str::<Holder>(json).unwrap().at
    }

    #[test]
    fn every_value_is_a_date_an_unreadable_one_or_none() {
        let at = Utc.with_ymd_and_hms(2026, 11, 28, 9, 45, 0).unwrap();
        let local = WireDate::Read(Reading::Local(at.naive_utc()));
        assert_eq!(read(r#"{"at":"2026-11-28T09:45:00"}"#), Some(local.clone()));
        assert_eq!(read(r#"{"at":"2026-11-28 09:45:00"}"#), Some(local));
        assert_eq!(
            read(r#"{"at":"2026-11-28T09:45:00Z"}"#),
            Some(WireDate::Read(Reading::Exact(at)))
        );
        assert_eq!(
            read(r#"{"at":1795859100000}"#),
            Some(WireDate::Read(Reading::Exact(
                chrono::DateTime::from_timestamp_millis(1_795_859_100_000).unwrap()
            )))
        );
        for json in [r#"{"at":null}"#, r#"{"at":" "}"#, "{}"] {
            assert_eq!(read(json), None, "{json}");
        }
        for (json, kept) in [
            (r#"{"at":"31/11/2026"}"#, "31/11/2026"),
            (r#"{"at":"2026-02-30"}"#, "2026-02-30"),
            (r#"{"at":true}"#, "true"),
            (r#"{"at":1.5}"#, "1.5"),
            (r#"{"at":{"a":[1]}}"#, "(an object)"),
            (r#"{"at":[1,2]}"#, "(a list)"),
            (r#"{"at":99999999999999999999}"#, "100000000000000000000"),
        ] {
            assert_eq!(
                read(json),
                Some(WireDate::Unreadable(kept.into())),
                "{json}"
            );
        }
    }
}
