//! Field readers that take what a real server sends where a strict reading would fail the
//! whole answer: `null` for a text, a number for an id, `""` for an absent name.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};

use super::model::FulfillmentScope;

/// A text that may come as a string, a number or `null` (empty).
///
/// # Errors
/// Any other JSON value.
pub(crate) fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(Text)
}

struct Text;

impl Visitor<'_> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number or null")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(text)
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(number.to_string())
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(number.to_string())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(String::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(String::new())
    }
}

/// An optional text where `""` means absent (names and addresses from R14.1 on), so a
/// display falls back as it does for a missing one. An empty string allocates nothing.
///
/// # Errors
/// A value that is neither a string nor `null`.
pub(crate) fn non_empty<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.filter(|text| !text.trim().is_empty()))
}

/// A job type's scope; `null` is a type without one, as absent is.
///
/// # Errors
/// A value that is neither a string nor `null`.
pub(crate) fn scope<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<FulfillmentScope, D::Error> {
    Ok(Option::<FulfillmentScope>::deserialize(deserializer)?.unwrap_or(FulfillmentScope::Unknown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(default, deserialize_with = "text")]
        id: String,
        #[serde(default, deserialize_with = "non_empty")]
        name: Option<String>,
        #[serde(default = "unknown", deserialize_with = "scope")]
        scope: FulfillmentScope,
    }

    fn unknown() -> FulfillmentScope {
        FulfillmentScope::Unknown
    }

    fn read(json: &str) -> Holder {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn nulls_numbers_and_empty_names_read_as_absent_or_text() {
        assert_eq!(read(r#"{"id": 17}"#).id, "17");
        assert_eq!(read(r#"{"id": null}"#).id, "");
        assert_eq!(read(r#"{"id": "A1"}"#).id, "A1");
        assert_eq!(read("{}").id, "");
        assert_eq!(read(r#"{"name": ""}"#).name, None);
        assert_eq!(read(r#"{"name": "  "}"#).name, None);
        assert_eq!(read(r#"{"name": null}"#).name, None);
        assert_eq!(read(r#"{"name": "Ana"}"#).name.as_deref(), Some("Ana"));
        assert_eq!(read(r#"{"scope": null}"#).scope, FulfillmentScope::Unknown);
        assert_eq!(read("{}").scope, FulfillmentScope::Unknown);
        assert_eq!(
            read(r#"{"scope": "NEW_SUBSCRIPTION"}"#).scope,
            FulfillmentScope::NewSubscription
        );
        assert!(serde_json::from_str::<Holder>(r#"{"id": [1]}"#).is_err());
    }
}
