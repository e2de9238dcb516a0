//! Identifiers: a reference to an entity by exactly one of its identifying fields.
//!
//! On the wire an identifier is a JSON object with exactly one field in a
//! POST body, `{"number": "JB00019"}`, and `name=field=value` in a GET query string. Each kind
//! of identifier lists the fields it may use; anything else is `INVALID_IDENTIFIER`.

use serde::de::{Deserialize, Deserializer, Error as _};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Declares an identifier enum with its allowed wire fields.
macro_rules! identifier {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $field:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $(
                #[doc = concat!("By `", $field, "`.")]
                $variant(String),
            )+
        }

        impl $name {
            /// The wire field names this identifier accepts, in the reference's order.
            pub const FIELDS: &'static [&'static str] = &[$($field),+];

            /// The wire field name and the value.
            #[must_use]
            pub fn parts(&self) -> (&'static str, &str) {
                match self {
                    $(Self::$variant(value) => ($field, value.as_str()),)+
                }
            }

            /// Builds the identifier from a wire field name and value; `None` for a field this
            /// identifier does not accept.
            #[must_use]
            pub fn from_parts(field: &str, value: impl Into<String>) -> Option<Self> {
                match field {
                    $($field => Some(Self::$variant(value.into())),)+
                    _ => None,
                }
            }

            /// The value, whichever field it is.
            #[must_use]
            pub fn value(&self) -> &str {
                self.parts().1
            }

            /// The flattened GET form: `field=value` (the caller adds `name=` as the query key).
            #[must_use]
            pub fn query_value(&self) -> String {
                let (field, value) = self.parts();
                format!("{field}={value}")
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (field, value) = self.parts();
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry(field, value)?;
                map.end()
            }
        }

        // The POST form read back, e.g. from the outbox: an object with exactly one allowed
        // field.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let map = std::collections::BTreeMap::<String, String>::deserialize(deserializer)?;
                let mut fields = map.into_iter();
                match (fields.next(), fields.next()) {
                    (Some((field, value)), None) => Self::from_parts(&field, value).ok_or_else(|| {
                        D::Error::custom(format!("{} takes none of {field:?}", stringify!($name)))
                    }),
                    _ => Err(D::Error::custom(concat!(
                        stringify!($name),
                        " needs exactly one field"
                    ))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let (field, value) = self.parts();
                write!(f, "{field} {value}")
            }
        }
    };
}

identifier!(
    /// A job, by id or number (`JB00019`).
    JobIdentifier { Id => "id", Number => "number" }
);
identifier!(
    /// A job status.
    JobStatusIdentifier { Id => "id", Name => "name", AlternativeCode => "alternative_code" }
);
identifier!(
    /// A user.
    UserIdentifier { Id => "id", Username => "username" }
);
identifier!(
    /// A job type.
    JobTypeIdentifier { Id => "id", Name => "name", AlternativeCode => "alternative_code" }
);
identifier!(
    /// An accounts receivable.
    AccountsReceivableIdentifier { Id => "id", Number => "number", Name => "name" }
);
identifier!(
    /// A unit.
    UnitIdentifier { Id => "id", Name => "name", AlternativeCode => "alternative_code" }
);
identifier!(
    /// A business unit.
    BusinessUnitIdentifier { Id => "id", Name => "name", Code => "code" }
);
identifier!(
    /// A user group (filter of `users/list`).
    GroupIdentifier { Id => "id", Name => "name" }
);
identifier!(
    /// A security profile (filter of `users/list`).
    SecurityProfileIdentifier { Id => "id", Name => "name" }
);
identifier!(
    /// A cancellation reason (`jobs/all_scopes/cancel`).
    CancellationReasonIdentifier {
        Id => "id", Name => "name", AlternativeCode => "alternative_code"
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_form_has_exactly_one_field() {
        let json = serde_json::to_string(&JobIdentifier::Number("JB00019".into())).unwrap();
        assert_eq!(json, r#"{"number":"JB00019"}"#);
    }

    #[test]
    fn get_form_is_field_equals_value() {
        let id = JobStatusIdentifier::AlternativeCode("INST".into());
        assert_eq!(id.query_value(), "alternative_code=INST");
    }

    #[test]
    fn post_form_reads_back() {
        let id = JobStatusIdentifier::AlternativeCode("INST".into());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(
            serde_json::from_str::<JobStatusIdentifier>(&json).unwrap(),
            id
        );
        assert!(serde_json::from_str::<JobIdentifier>(r#"{"name":"x"}"#).is_err());
        assert!(serde_json::from_str::<JobIdentifier>(r#"{"id":"1","number":"2"}"#).is_err());
    }

    #[test]
    fn unknown_field_is_refused() {
        assert_eq!(UserIdentifier::from_parts("email", "a@b"), None);
        assert_eq!(
            UserIdentifier::from_parts("username", "tech1"),
            Some(UserIdentifier::Username("tech1".into()))
        );
    }
}
