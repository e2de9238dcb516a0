//! The parameters of one call, rendered the two ways the API takes them: a query string for GET
//! (identifiers flattened to `name=field=value`) and a JSON body for POST (identifiers as
//! one-field objects). The token is added at send time so a replay can carry a fresh one.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

/// Characters left as they are in a query value: RFC 3986 unreserved. Everything else,
/// `=`, `&`, `+` and spaces included, is percent-encoded so a value cannot split a parameter.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The wire name of the token parameter.
pub(crate) const TOKEN: &str = "token";

/// One parameter value.
#[derive(Debug, Clone, PartialEq)]
enum Param {
    /// A string, a date already in wire form, or a comma-separated list.
    Text(String),
    /// An identifier: its one field and the value.
    Ident(&'static str, String),
    /// A count or an offset.
    Number(u32),
    /// A flag.
    Bool(bool),
}

/// The parameters of a call, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Params(Vec<(&'static str, Param)>);

impl Params {
    /// No parameters.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds a text parameter.
    pub(crate) fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.push((name, Param::Text(value.into())));
        self
    }

    /// Adds a text parameter when there is one.
    pub(crate) fn text_opt(self, name: &'static str, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// Adds an identifier given as its wire field and value (see `ident::*::parts`).
    pub(crate) fn ident(mut self, name: &'static str, parts: (&'static str, &str)) -> Self {
        self.0
            .push((name, Param::Ident(parts.0, parts.1.to_owned())));
        self
    }

    /// Adds an identifier when there is one.
    pub(crate) fn ident_opt(self, name: &'static str, parts: Option<(&'static str, &str)>) -> Self {
        match parts {
            Some(parts) => self.ident(name, parts),
            None => self,
        }
    }

    /// Adds a number.
    pub(crate) fn number(mut self, name: &'static str, value: u32) -> Self {
        self.0.push((name, Param::Number(value)));
        self
    }

    /// Adds a flag.
    pub(crate) fn flag(mut self, name: &'static str, value: bool) -> Self {
        self.0.push((name, Param::Bool(value)));
        self
    }

    /// Adds a date in the wire form (`YYYY-MM-DDTHH:MM:SS`, the wall-clock time in the
    /// server's `zone`) when there is one.
    pub(crate) fn date_opt(
        self,
        name: &'static str,
        value: Option<&DateTime<Utc>>,
        zone: Tz,
    ) -> Self {
        match value {
            Some(date) => self.text(name, super::date::format_in(date, zone)),
            None => self,
        }
    }

    /// The query string (without `?`), the token first when given.
    pub(crate) fn to_query(&self, token: Option<&str>) -> String {
        let mut pairs: Vec<String> = Vec::with_capacity(self.0.len() + 1);
        if let Some(token) = token {
            pairs.push(format!("{TOKEN}={}", encode(token)));
        }
        for (name, param) in &self.0 {
            let value = match param {
                Param::Text(text) => encode(text),
                // The field name is a fixed wire word; the literal `=` after it is the
                // flattened form the reference shows (`job_identifier=number=JB00019`).
                Param::Ident(field, value) => format!("{field}={}", encode(value)),
                Param::Number(number) => number.to_string(),
                Param::Bool(flag) => flag.to_string(),
            };
            pairs.push(format!("{name}={value}"));
        }
        pairs.join("&")
    }

    /// The JSON body, with `"token"` as an ordinary field when given.
    pub(crate) fn to_body(&self, token: Option<&str>) -> Value {
        let mut body = Map::new();
        if let Some(token) = token {
            body.insert(TOKEN.to_owned(), Value::String(token.to_owned()));
        }
        for (name, param) in &self.0 {
            let value = match param {
                Param::Text(text) => Value::String(text.clone()),
                Param::Ident(field, value) => {
                    let mut one = Map::new();
                    one.insert((*field).to_owned(), Value::String(value.clone()));
                    Value::Object(one)
                }
                Param::Number(number) => Value::from(*number),
                Param::Bool(flag) => Value::Bool(*flag),
            };
            body.insert((*name).to_owned(), value);
        }
        Value::Object(body)
    }
}

/// Percent-encodes one query value.
fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ident::{JobIdentifier, JobStatusIdentifier, UserIdentifier};
    use chrono::TimeZone;
    use serde_json::json;

    #[test]
    fn query_flattens_identifiers_and_puts_the_token_first() {
        let params = Params::new()
            .ident(
                "job_identifier",
                JobIdentifier::Number("JB00019".into()).parts(),
            )
            .number("number_of_results", 50)
            .number("offset", 100)
            .text("fields_set", "number,status");
        assert_eq!(
            params.to_query(Some("eyJ.a-b_c")),
            "token=eyJ.a-b_c&job_identifier=number=JB00019&number_of_results=50&offset=100\
             &fields_set=number%2Cstatus"
        );
    }

    #[test]
    fn query_values_cannot_break_out_of_their_parameter() {
        let status = JobStatusIdentifier::Name("Done & dusted = 100% + more".into());
        let params = Params::new().ident("status_identifier", status.parts());
        assert_eq!(
            params.to_query(None),
            "status_identifier=name=Done%20%26%20dusted%20%3D%20100%25%20%2B%20more"
        );
        let token = Params::new().to_query(Some("a+b/c=="));
        assert_eq!(token, "token=a%2Bb%2Fc%3D%3D");
    }

    #[test]
    fn query_encodes_non_ascii_as_utf8() {
        let params = Params::new().text("name", "Σταύρος");
        assert_eq!(
            params.to_query(None),
            "name=%CE%A3%CF%84%CE%B1%CF%8D%CF%81%CE%BF%CF%82"
        );
    }

    #[test]
    fn body_nests_identifiers_as_one_field_objects() {
        let performed_on = Utc.with_ymd_and_hms(2026, 11, 28, 9, 45, 0).unwrap();
        let params = Params::new()
            .ident(
                "job_identifier",
                JobIdentifier::Number("JB00019".into()).parts(),
            )
            .ident_opt(
                "status_identifier",
                Some(JobStatusIdentifier::Name("Installed".into()))
                    .as_ref()
                    .map(JobStatusIdentifier::parts),
            )
            .ident_opt(
                "performed_by_user_identifier",
                Some(UserIdentifier::Username("tech1".into()))
                    .as_ref()
                    .map(UserIdentifier::parts),
            )
            .date_opt("performed_on", Some(&performed_on), Tz::UTC)
            .date_opt("scheduled_date", None, Tz::UTC)
            .flag("cancel_provided_items", false);
        assert_eq!(
            params.to_body(Some("eyJ")),
            json!({
                "token": "eyJ",
                "job_identifier": {"number": "JB00019"},
                "status_identifier": {"name": "Installed"},
                "performed_by_user_identifier": {"username": "tech1"},
                "performed_on": "2026-11-28T09:45:00",
                "cancel_provided_items": false
            })
        );
    }

    #[test]
    fn dates_are_sent_as_the_servers_wall_clock() {
        let st_johns: Tz = "America/St_Johns".parse().unwrap();
        let july = Utc.with_ymd_and_hms(2026, 7, 15, 12, 0, 0).unwrap();
        let january = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let params = Params::new()
            .date_opt("performed_on", Some(&july), st_johns)
            .date_opt("scheduled_date", Some(&january), st_johns);
        assert_eq!(
            params.to_body(None),
            json!({
                "performed_on": "2026-07-15T09:30:00",
                "scheduled_date": "2026-01-15T08:30:00"
            })
        );
    }

    #[test]
    fn absent_options_are_left_out() {
        let params = Params::new()
            .text_opt("unit", None)
            .ident_opt("status_identifier", None);
        assert_eq!(params.to_body(None), json!({}));
        assert_eq!(params.to_query(None), "");
    }
}
