//! Where a failed action's message goes: beside the field it concerns, or on top of the form.

use crate::api::error::ApiError;
use crate::api::refusal::Concern;

use super::focus::FieldId;

/// Where an error is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorTarget {
    /// Beside this field.
    Field(FieldId),
    /// On top of the form: not about one field, or not from the server.
    Top,
}

/// Where `error` belongs: beside the field of the parameter the server's refusal concerns
/// (read by `api::refusal` from the code's words, then from the parameter a message names);
/// everything else (unreachable, outcome unknown, ...) goes on top.
#[must_use]
pub fn target(error: &ApiError) -> ErrorTarget {
    match error.concerns() {
        Some(Concern::Status) => ErrorTarget::Field(FieldId::Status),
        Some(Concern::PerformedBy) => ErrorTarget::Field(FieldId::PerformedBy),
        Some(Concern::PerformedOn) => ErrorTarget::Field(FieldId::PerformedOn),
        Some(Concern::ScheduledDate { .. }) => ErrorTarget::Field(FieldId::ScheduledDate),
        Some(Concern::CancellationReason) => ErrorTarget::Field(FieldId::Reason),
        None => ErrorTarget::Top,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: &str, message: &str, description: Option<&str>) -> ApiError {
        ApiError::server(code, Some(message), description)
    }

    #[test]
    fn codes_name_their_field() {
        let required = server(
            "COM.CRM.EXCEPTION.JOBS.SCHEDULEDDATEREQUIREDEXCEPTION",
            "rules block it",
            None,
        );
        assert_eq!(
            target(&required),
            ErrorTarget::Field(FieldId::ScheduledDate)
        );
        let status = server(
            "COM.CRM.EXCEPTION.JOBS.INVALIDSTATUSEXCEPTION",
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
    fn prose_of_real_shaped_codes_finds_its_field() {
        let required = server(
            "COM.CRM.EXCEPTION.JOBS.MANDATORYPARAMETEREXCEPTION",
            "The scheduled date is required because the action rules prevent it",
            None,
        );
        assert_eq!(
            target(&required),
            ErrorTarget::Field(FieldId::ScheduledDate)
        );
        assert_eq!(
            required.concerns(),
            Some(Concern::ScheduledDate { required: true })
        );
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
