//! Where a failed action's message goes: beside the field it concerns, or on top of the form.

use crate::api::error::ApiError;

use super::focus::FieldId;

/// Where an error is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorTarget {
    /// Beside this field.
    Field(FieldId),
    /// On top of the form: not about one field, or not from the server.
    Top,
}

/// The fields whose wire names a server message may carry. No wire name contains another, so
/// the first one named in the text decides.
const BY_WIRE_NAME: [FieldId; 5] = [
    FieldId::Status,
    FieldId::PerformedBy,
    FieldId::PerformedOn,
    FieldId::ScheduledDate,
    FieldId::Reason,
];

/// Where `error` belongs. Server errors are matched by code first (`SCHEDULED_DATE_REQUIRED`,
/// `INVALID_STATUS`), then by the wire parameter named in the message or description;
/// everything else (unreachable, outcome unknown, ...) goes on top.
#[must_use]
pub fn target(error: &ApiError) -> ErrorTarget {
    let ApiError::Server {
        code,
        message,
        description,
    } = error
    else {
        return ErrorTarget::Top;
    };
    match code.as_str() {
        "SCHEDULED_DATE_REQUIRED" => return ErrorTarget::Field(FieldId::ScheduledDate),
        "INVALID_STATUS" => return ErrorTarget::Field(FieldId::Status),
        _ => {}
    }
    [message, description]
        .into_iter()
        .flatten()
        .find_map(|text| named_field(text))
        .map_or(ErrorTarget::Top, ErrorTarget::Field)
}

/// The field whose wire name appears first in `text`.
fn named_field(text: &str) -> Option<FieldId> {
    BY_WIRE_NAME
        .into_iter()
        .filter_map(|field| text.find(field.wire_name()).map(|at| (at, field)))
        .min_by_key(|(at, _)| *at)
        .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: &str, message: &str, description: Option<&str>) -> ApiError {
        ApiError::Server {
            code: code.into(),
            message: Some(message.into()),
            description: description.map(Into::into),
        }
    }

    #[test]
    fn codes_name_their_field() {
        let required = server("SCHEDULED_DATE_REQUIRED", "rules block it", None);
        assert_eq!(
            target(&required),
            ErrorTarget::Field(FieldId::ScheduledDate)
        );
        let status = server(
            "INVALID_STATUS",
            "Installed is not a completion status",
            None,
        );
        assert_eq!(target(&status), ErrorTarget::Field(FieldId::Status));
    }

    #[test]
    fn wire_names_in_message_or_description_name_their_field() {
        let future = server("INVALID_PARAMETER", "performed_on is later than now", None);
        assert_eq!(target(&future), ErrorTarget::Field(FieldId::PerformedOn));
        let user = server(
            "NOT_FOUND",
            "No such user",
            Some("performed_by_user_identifier id=U9 does not exist"),
        );
        assert_eq!(target(&user), ErrorTarget::Field(FieldId::PerformedBy));
        let past = server("INVALID_PARAMETER", "scheduled_date is in the past", None);
        assert_eq!(target(&past), ErrorTarget::Field(FieldId::ScheduledDate));
        let status = server("NOT_FOUND", "status_identifier name=Gone not found", None);
        assert_eq!(target(&status), ErrorTarget::Field(FieldId::Status));
    }

    #[test]
    fn the_first_named_parameter_wins() {
        let both = server(
            "NOT_APPLICABLE_PARAMETER",
            "performed_on and scheduled_date do not apply",
            None,
        );
        assert_eq!(target(&both), ErrorTarget::Field(FieldId::PerformedOn));
    }

    #[test]
    fn other_errors_go_on_top() {
        let state = server("INVALID_LIFE_CYCLE_STATE", "Job JB00019 is PENDING", None);
        assert_eq!(target(&state), ErrorTarget::Top);
        assert_eq!(
            target(&ApiError::Unreachable("refused".into())),
            ErrorTarget::Top
        );
        let unknown = ApiError::OutcomeUnknown {
            action: "complete JB00019".into(),
            detail: "connection reset".into(),
        };
        assert_eq!(target(&unknown), ErrorTarget::Top);
    }
}
