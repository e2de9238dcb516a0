//! Strict reading of parameters: the query string of a GET, the JSON body of a POST.
//!
//! Both end up as named raw values that typed getters take one by one; whatever is left when
//! the handler calls [`Params::finish`] is a parameter the method does not know, and is
//! refused rather than silently ignored (a misspelt parameter must not look accepted).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::envelope::{Code, Failure};
use super::flavour::Zone;
use crate::api::ident;

/// One parameter as it arrived.
#[derive(Debug, Clone)]
enum Raw {
    /// From a query string.
    Text(String),
    /// From a JSON body.
    Json(Value),
    /// Given more than once in a query string.
    Repeated,
}

/// The parameters of one request.
#[derive(Debug, Default)]
pub(crate) struct Params {
    entries: BTreeMap<String, Raw>,
}

/// An identifier kind of `crate::api::ident`: its fields and how to build it.
pub(crate) trait Ident: Sized {
    /// The wire fields it accepts.
    const FIELDS: &'static [&'static str];
    /// Builds it from one field and value; `None` for an unknown field.
    fn build(field: &str, value: &str) -> Option<Self>;
}

macro_rules! ident_kinds {
    ($($kind:ty),+) => {$(
        impl Ident for $kind {
            const FIELDS: &'static [&'static str] = <$kind>::FIELDS;
            fn build(field: &str, value: &str) -> Option<Self> {
                <$kind>::from_parts(field, value)
            }
        }
    )+};
}

ident_kinds!(
    ident::JobIdentifier,
    ident::JobStatusIdentifier,
    ident::UserIdentifier,
    ident::JobTypeIdentifier,
    ident::AccountsReceivableIdentifier,
    ident::UnitIdentifier,
    ident::BusinessUnitIdentifier,
    ident::GroupIdentifier,
    ident::SecurityProfileIdentifier,
    ident::CancellationReasonIdentifier
);

/// Decodes one `application/x-www-form-urlencoded` component strictly: `+` is a space, `%XY`
/// must be two hex digits, and the result must be UTF-8.
fn decode_component(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(at + 1..at + 3)
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| format!("bad percent-encoding at byte {at}"))?;
                out.push(hex);
                at += 2;
            }
            other => out.push(other),
        }
        at += 1;
    }
    String::from_utf8(out).map_err(|_| "not valid UTF-8 once decoded".to_owned())
}

impl Params {
    /// Reads a query string (without the `?`); `None` is an empty one.
    pub(crate) fn from_query(query: Option<&str>) -> Result<Self, Failure> {
        let mut params = Self::default();
        for pair in query
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode_component(key)
                .map_err(|what| Failure::invalid("query string", format!("a name has {what}")))?;
            let value = decode_component(value).map_err(|what| Failure::invalid(&key, what))?;
            if key.is_empty() {
                return Err(Failure::invalid("query string", "a parameter has no name"));
            }
            let raw = if params.entries.contains_key(&key) {
                Raw::Repeated
            } else {
                Raw::Text(value)
            };
            params.entries.insert(key, raw);
        }
        Ok(params)
    }

    /// Reads a JSON body, which must be one object; an empty body is an empty object.
    pub(crate) fn from_body(body: &[u8]) -> Result<Self, Failure> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self::default());
        }
        let value: Value = serde_json::from_slice(body).map_err(|error| {
            Failure::invalid("request body", format!("not valid JSON ({error})"))
        })?;
        let Value::Object(map) = value else {
            return Err(Failure::invalid(
                "request body",
                "must be a JSON object of named parameters",
            ));
        };
        Ok(Self {
            entries: map.into_iter().map(|(k, v)| (k, Raw::Json(v))).collect(),
        })
    }

    /// Takes a parameter out; JSON `null` counts as absent.
    fn take(&mut self, name: &str) -> Option<Raw> {
        match self.entries.remove(name)? {
            Raw::Json(Value::Null) => None,
            raw => Some(raw),
        }
    }

    /// The parameters as JSON, without the token (for the action log).
    pub(crate) fn without_token(&self) -> Value {
        let entries = self.entries.iter().filter(|(name, _)| *name != "token");
        Value::Object(
            entries
                .map(|(name, raw)| {
                    let value = match raw {
                        Raw::Text(text) => Value::String(text.clone()),
                        Raw::Json(value) => value.clone(),
                        Raw::Repeated => Value::Null,
                    };
                    (name.clone(), value)
                })
                .collect(),
        )
    }

    /// Takes a parameter out unread (one the server ignores).
    pub(crate) fn discard(&mut self, name: &str) {
        self.entries.remove(name);
    }

    /// The token: a missing one is `INVALID_TOKEN`, as the reference treats it.
    pub(crate) fn token(&mut self) -> Result<String, Failure> {
        match self.text("token")? {
            Some(token) if !token.is_empty() => Ok(token),
            _ => Err(Failure::new(
                Code::InvalidToken,
                "token: no token given; log in first",
            )),
        }
    }

    /// An optional string.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, Failure> {
        match self.take(name) {
            None => Ok(None),
            Some(Raw::Text(text) | Raw::Json(Value::String(text))) => Ok(Some(text)),
            Some(Raw::Repeated) => Err(Failure::invalid(name, "given more than once")),
            Some(Raw::Json(other)) => Err(Failure::invalid(
                name,
                format!("expected a string, got {}", kind(&other)),
            )),
        }
    }

    /// A mandatory, non-empty string.
    pub(crate) fn required_text(&mut self, name: &str) -> Result<String, Failure> {
        match self.text(name)? {
            Some(text) if !text.is_empty() => Ok(text),
            Some(_) => Err(Failure::invalid(name, "must not be empty")),
            None => Err(Failure::missing(name)),
        }
    }

    /// An optional identifier: `field=value` in a query, `{"field": "value"}` in a body.
    pub(crate) fn identifier<I: Ident>(&mut self, name: &str) -> Result<Option<I>, Failure> {
        let fields = I::FIELDS.join(", ");
        let (field, value) = match self.take(name) {
            None => return Ok(None),
            Some(Raw::Repeated) => {
                return Err(Failure::identifier(
                    name,
                    format!("given more than once; give exactly one of the fields {fields}"),
                ));
            }
            Some(Raw::Text(text)) => match text.split_once('=') {
                Some((field, value)) => (field.to_owned(), value.to_owned()),
                None => {
                    return Err(Failure::identifier(
                        name,
                        format!("expected field=value with one of the fields {fields}"),
                    ));
                }
            },
            Some(Raw::Json(value)) => json_identifier(name, value, &fields)?,
        };
        if value.is_empty() {
            return Err(Failure::identifier(name, format!("{field} is empty")));
        }
        I::build(&field, &value).map(Some).ok_or_else(|| {
            Failure::identifier(
                name,
                format!("unknown field {field:?}; use exactly one of {fields}"),
            )
        })
    }

    /// A mandatory identifier.
    pub(crate) fn required_identifier<I: Ident>(&mut self, name: &str) -> Result<I, Failure> {
        self.identifier(name)?.ok_or_else(|| Failure::missing(name))
    }

    /// An optional date in one of the accepted forms; one without an offset is read in `zone`.
    pub(crate) fn date(
        &mut self,
        name: &str,
        zone: Zone,
    ) -> Result<Option<DateTime<Utc>>, Failure> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        zone.parse(&text).map(Some).ok_or_else(|| {
            Failure::invalid(
                name,
                format!("{text:?} is not a date; use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS"),
            )
        })
    }

    /// An optional whole number of at least `min`.
    pub(crate) fn number(&mut self, name: &str, min: u32) -> Result<Option<u32>, Failure> {
        let parsed = match self.take(name) {
            None => return Ok(None),
            Some(Raw::Text(text)) => text.trim().parse::<u32>().ok(),
            Some(Raw::Json(Value::Number(number))) => {
                number.as_u64().and_then(|n| u32::try_from(n).ok())
            }
            Some(Raw::Repeated) => return Err(Failure::invalid(name, "given more than once")),
            Some(Raw::Json(_)) => None,
        };
        match parsed {
            Some(n) if n >= min => Ok(Some(n)),
            _ => Err(Failure::invalid(
                name,
                format!("must be a whole number of at least {min}"),
            )),
        }
    }

    /// An optional boolean: `true`/`false` in a query, a JSON boolean in a body.
    pub(crate) fn flag(&mut self, name: &str) -> Result<Option<bool>, Failure> {
        match self.take(name) {
            None => Ok(None),
            Some(Raw::Json(Value::Bool(flag))) => Ok(Some(flag)),
            Some(Raw::Text(text)) if text == "true" => Ok(Some(true)),
            Some(Raw::Text(text)) if text == "false" => Ok(Some(false)),
            Some(_) => Err(Failure::invalid(name, "must be true or false")),
        }
    }

    /// `fields_set`: comma-separated top-level field names, each one of `known`.
    pub(crate) fn fields_set(&mut self, known: &[&str]) -> Result<Option<Vec<String>>, Failure> {
        let Some(text) = self.text("fields_set")? else {
            return Ok(None);
        };
        let names: Vec<String> = text.split(',').map(|n| n.trim().to_owned()).collect();
        for name in &names {
            if name.is_empty() {
                return Err(Failure::invalid("fields_set", "has an empty field name"));
            }
            if !known.contains(&name.as_str()) {
                return Err(Failure::invalid(
                    "fields_set",
                    format!("unknown field {name:?}; nested names are not supported"),
                ));
            }
        }
        Ok(Some(names))
    }

    /// Refuses whatever the handler did not take: parameters the method does not know.
    pub(crate) fn finish(self, method: &str) -> Result<(), Failure> {
        match self.entries.keys().next() {
            None => Ok(()),
            Some(name) => Err(Failure::invalid(
                name,
                format!("{method} has no such parameter"),
            )),
        }
    }
}

/// The field and value of a JSON identifier object with exactly one string field.
fn json_identifier(name: &str, value: Value, fields: &str) -> Result<(String, String), Failure> {
    let Value::Object(map) = value else {
        return Err(Failure::identifier(
            name,
            format!("expected an object with exactly one of the fields {fields}"),
        ));
    };
    if map.len() != 1 {
        return Err(Failure::identifier(
            name,
            format!("has {} fields; give exactly one of {fields}", map.len()),
        ));
    }
    let Some((field, value)) = map.into_iter().next() else {
        return Err(Failure::identifier(name, "has no field"));
    };
    match value {
        Value::String(text) => Ok((field, text)),
        other => Err(Failure::invalid(
            &format!("{name}.{field}"),
            format!("expected a string, got {}", kind(&other)),
        )),
    }
}

/// How a person names a JSON value's type.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ident::JobIdentifier;

    #[test]
    fn query_identifier_is_split_at_the_first_equals() {
        let mut params = Params::from_query(Some("job_identifier=number=JB00019")).unwrap();
        let job: JobIdentifier = params.required_identifier("job_identifier").unwrap();
        assert_eq!(job, JobIdentifier::Number("JB00019".into()));
        params.finish("show").unwrap();
    }

    #[test]
    fn encoded_identifier_and_plus_decode() {
        let mut params = Params::from_query(Some("t=name%3DField+repair")).unwrap();
        let t: ident::JobTypeIdentifier = params.required_identifier("t").unwrap();
        assert_eq!(t, ident::JobTypeIdentifier::Name("Field repair".into()));
    }

    #[test]
    fn bad_percent_encoding_and_utf8_are_refused() {
        assert!(Params::from_query(Some("a=%4")).is_err());
        assert!(Params::from_query(Some("a=%zz")).is_err());
        assert!(Params::from_query(Some("a=%ff%fe")).is_err());
        assert!(Params::from_query(Some("a=%C3%A9")).is_ok());
    }

    #[test]
    fn two_fields_is_invalid_identifier() {
        let body = br#"{"job_identifier":{"id":"1","number":"JB1"}}"#;
        let mut params = Params::from_body(body).unwrap();
        let error = params
            .required_identifier::<JobIdentifier>("job_identifier")
            .unwrap_err();
        assert_eq!(error.code, Code::InvalidIdentifier);
        assert!(error.message.starts_with("job_identifier:"));
    }

    #[test]
    fn leftovers_are_unknown_parameters() {
        let params = Params::from_query(Some("colour=blue")).unwrap();
        let error = params.finish("show").unwrap_err();
        assert_eq!(error.code, Code::InvalidParameter);
        assert!(error.message.starts_with("colour:"));
    }
}
