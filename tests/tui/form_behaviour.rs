//! The action forms as a pure component: what they ask for, how focus walks, what they send,
//! what they refuse before sending, and where the server's complaints land.

use crate::form_support;

use chrono::{TimeDelta, TimeZone, Utc};
use crmjobs::api::error::ApiError;
use crmjobs::api::ident::{
    JobIdentifier, JobStatusIdentifier, JobTypeIdentifier, UnitIdentifier, UserIdentifier,
};
use crmjobs::api::job::{CancelParams, CompleteParams, StartParams};
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::form::{
    ActionForm, ActionRequest, FieldId, FieldRef, Focus, FormInput, FormKind, FormNeed,
    FormOutcome, Phase, UsersOf,
};
use crmjobs::app::remote::Remote;
use crmjobs::when::Zone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use form_support::*;

fn submitted(form: &mut ActionForm) -> ActionRequest {
    match send(form, FormInput::Submit) {
        FormOutcome::Submit(request) => request,
        other => panic!("expected a submission, got {other:?}"),
    }
}

fn completion(form: &mut ActionForm) -> CompleteParams {
    match submitted(form) {
        ActionRequest::Complete(params) => params,
        other => panic!("expected a completion, got {other:?}"),
    }
}

fn field_error(form: &ActionForm, id: FieldId) -> Option<String> {
    match form.field(id) {
        Some(FieldRef::Picker(p)) => p.error().map(str::to_owned),
        Some(FieldRef::Date(d)) => d.error().map(str::to_owned),
        _ => None,
    }
}

fn focus_to(form: &mut ActionForm, target: Focus) {
    for _ in 0..6 {
        if form.focus() == target {
            return;
        }
        send(form, FormInput::NextField);
    }
    panic!("{target:?} is not reachable");
}

fn server(code: &str, message: &str) -> ApiError {
    ApiError::server(code, Some(message), None)
}

#[test]
fn completion_asks_for_completed_statuses_and_the_units_users() {
    let form = ActionForm::complete_in(&new_subscription_job(), now(), Zone::utc());
    assert_eq!(form.kind(), FormKind::Complete);
    assert_eq!(form.job_number(), "JB00019");
    assert_eq!(
        form.needs(),
        [
            FormNeed::Statuses {
                job_type: JobTypeIdentifier::Id("JT-0001".into()),
                state: LifeCycleState::Completed
            },
            FormNeed::Users(UsersOf {
                unit: Some(UnitIdentifier::Id("UN-0003".into())),
                business_unit: None,
            }),
        ]
    );
    let generic = ActionForm::complete_in(&generic_job(), now(), Zone::utc());
    assert_eq!(
        generic.needs().len(),
        1,
        "no users for a job that cannot send performed by"
    );
    let start = ActionForm::start(&pending_job());
    assert!(matches!(
        &start.needs()[..],
        [FormNeed::Statuses {
            state: LifeCycleState::InProgress,
            ..
        }]
    ));
    let cancel = ActionForm::cancel(&generic_job());
    assert!(matches!(
        &cancel.needs()[..],
        [
            FormNeed::Statuses {
                state: LifeCycleState::Cancelled,
                ..
            },
            FormNeed::Reasons { .. }
        ]
    ));
}

#[test]
fn tab_walks_the_enabled_fields_and_the_button() {
    let mut form = loaded_completion(&new_subscription_job());
    let mut seen = vec![form.focus()];
    for _ in 0..4 {
        send(&mut form, FormInput::NextField);
        seen.push(form.focus());
    }
    assert_eq!(
        seen,
        [
            Focus::Field(FieldId::Status),
            Focus::Field(FieldId::PerformedBy),
            Focus::Field(FieldId::PerformedOn),
            Focus::Submit,
            Focus::Field(FieldId::Status),
        ]
    );
    send(&mut form, FormInput::PrevField);
    assert_eq!(form.focus(), Focus::Submit);
    send(&mut form, key(KeyCode::BackTab));
    assert_eq!(form.focus(), Focus::Field(FieldId::PerformedOn));

    let mut scheduled = loaded_completion(&cancel_subscription_job());
    send(&mut scheduled, key(KeyCode::Tab));
    assert_eq!(scheduled.focus(), Focus::Field(FieldId::ScheduledDate));
    let mut generic = loaded_completion(&generic_job());
    send(&mut generic, FormInput::NextField);
    assert_eq!(
        generic.focus(),
        Focus::Submit,
        "disabled fields are skipped"
    );
}

#[test]
fn disabled_fields_are_listed_with_their_reason() {
    let form = loaded_completion(&generic_job());
    let fields = form.fields();
    assert_eq!(fields.len(), 4, "no field is silently dropped");
    for (id, field) in fields.into_iter().skip(1) {
        let FieldRef::Disabled(reason) = field else {
            panic!("{id:?} should be disabled")
        };
        assert!(reason.starts_with("only for"), "{id:?}: {reason}");
    }
}

#[test]
fn defaults_of_a_new_subscription_completion() {
    let mut form = loaded_completion(&new_subscription_job());
    assert!(!form.has_changes());
    assert_eq!(
        completion(&mut form),
        CompleteParams {
            job: JobIdentifier::Number("JB00019".into()),
            status: Some(JobStatusIdentifier::Id("ST-0200".into())),
            performed_by: Some(UserIdentifier::Id("U-0107".into())),
            performed_on: Some(now_utc()),
            scheduled_date: None,
        }
    );
}

#[test]
fn a_generic_job_sends_only_the_status() {
    let mut form = loaded_completion(&generic_job());
    send(&mut form, FormInput::Down);
    let params = completion(&mut form);
    assert_eq!(
        params.status,
        Some(JobStatusIdentifier::Id("ST-0202".into()))
    );
    assert_eq!(
        (
            params.performed_by,
            params.performed_on,
            params.scheduled_date
        ),
        (None, None, None)
    );
}

#[test]
fn picked_values_are_sent_by_id() {
    let mut form = loaded_completion(&new_subscription_job());
    type_text(&mut form, "remote");
    send(&mut form, key(KeyCode::Enter));
    assert_eq!(
        form.focus(),
        Focus::Field(FieldId::PerformedBy),
        "Enter in a picker moves on"
    );
    type_text(&mut form, "eleni");
    send(&mut form, FormInput::NextField);
    clear(&mut form);
    type_text(&mut form, "yesterday 16:45");
    let params = completion(&mut form);
    assert_eq!(
        params.status,
        Some(JobStatusIdentifier::Id("ST-0204".into()))
    );
    assert_eq!(
        params.performed_by,
        Some(UserIdentifier::Id("U-0102".into()))
    );
    assert_eq!(
        params.performed_on,
        Some(Utc.with_ymd_and_hms(2026, 11, 27, 16, 45, 0).unwrap())
    );
    assert!(form.has_changes());
}

#[test]
fn nobody_leaves_performed_by_out() {
    let mut form = loaded_completion(&new_subscription_job());
    send(&mut form, FormInput::NextField);
    for _ in 0..2 {
        send(&mut form, FormInput::PageUp);
    }
    assert_eq!(completion(&mut form).performed_by, None);
}

#[test]
fn scheduled_date_is_sent_when_given() {
    let mut form = loaded_completion(&cancel_subscription_job());
    assert_eq!(
        completion(&mut form).scheduled_date,
        None,
        "optional until the server says"
    );
    send(&mut form, FormInput::NextField);
    type_text(&mut form, "tomorrow 8");
    assert_eq!(
        completion(&mut form).scheduled_date,
        Some(Utc.with_ymd_and_hms(2026, 11, 29, 8, 0, 0).unwrap())
    );
}

#[test]
fn enter_on_the_button_and_ctrl_s_submit() {
    let mut form = loaded_completion(&generic_job());
    send(&mut form, FormInput::NextField);
    assert!(matches!(
        send(&mut form, key(KeyCode::Enter)),
        FormOutcome::Submit(_)
    ));
    let ctrl_s = FormInput::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(matches!(send(&mut form, ctrl_s), FormOutcome::Submit(_)));
}

#[test]
fn client_side_validation_puts_messages_beside_fields() {
    let mut form = loaded_completion(&new_subscription_job());
    focus_to(&mut form, Focus::Field(FieldId::PerformedOn));
    clear(&mut form);
    type_text(&mut form, "+1h");
    focus_to(&mut form, Focus::Submit);
    assert_eq!(send(&mut form, FormInput::Submit), FormOutcome::Nothing);
    let message = field_error(&form, FieldId::PerformedOn).expect("a message beside performed on");
    assert!(message.contains("future"), "{message}");
    assert_eq!(
        form.focus(),
        Focus::Field(FieldId::PerformedOn),
        "the field with the problem takes the focus"
    );

    clear(&mut form);
    assert_eq!(
        field_error(&form, FieldId::PerformedOn),
        None,
        "editing clears the message"
    );
    type_text(&mut form, "last tuesday");
    assert_eq!(send(&mut form, FormInput::Submit), FormOutcome::Nothing);
    assert!(
        field_error(&form, FieldId::PerformedOn)
            .unwrap()
            .contains("cannot read")
    );

    let mut scheduled = loaded_completion(&cancel_subscription_job());
    send(&mut scheduled, FormInput::NextField);
    type_text(&mut scheduled, "-1d");
    assert_eq!(
        send(&mut scheduled, FormInput::Submit),
        FormOutcome::Nothing
    );
    assert!(
        field_error(&scheduled, FieldId::ScheduledDate)
            .unwrap()
            .contains("past")
    );
}

#[test]
fn a_filter_matching_nothing_cannot_be_sent() {
    let mut form = loaded_completion(&generic_job());
    type_text(&mut form, "zzz");
    assert_eq!(send(&mut form, FormInput::Submit), FormOutcome::Nothing);
    assert!(field_error(&form, FieldId::Status).unwrap().contains("zzz"));
}

#[test]
fn without_statuses_the_types_default_is_used() {
    let mut form = ActionForm::complete_in(&generic_job(), now(), Zone::utc());
    form.set_statuses(Remote::Failed(
        "the server did not answer within 30 s".into(),
    ));
    assert_eq!(completion(&mut form).status, None);
}

#[test]
fn statuses_of_other_states_are_not_offered() {
    let mut form = ActionForm::complete_in(&generic_job(), now(), Zone::utc());
    let mut mixed = in_progress_statuses();
    mixed.extend(completed_statuses());
    form.set_statuses(Remote::Loaded(mixed));
    let Some(FieldRef::Picker(picker)) = form.field(FieldId::Status) else {
        panic!()
    };
    assert_eq!(picker.rows().len(), completed_statuses().len());
    assert_eq!(picker.chosen().unwrap().label, "Installed");
}

#[test]
fn leaving_asks_only_when_something_changed() {
    let mut form = loaded_completion(&new_subscription_job());
    assert_eq!(send(&mut form, FormInput::Escape), FormOutcome::Close);

    send(&mut form, FormInput::Down);
    assert_eq!(send(&mut form, FormInput::Escape), FormOutcome::Nothing);
    assert_eq!(form.phase(), Phase::ConfirmLeave);
    assert_eq!(
        send(&mut form, key(KeyCode::Char('n'))),
        FormOutcome::Nothing
    );
    assert_eq!(form.phase(), Phase::Editing, "any other key stays");
    send(&mut form, key(KeyCode::Esc));
    assert_eq!(send(&mut form, key(KeyCode::Char('y'))), FormOutcome::Close);
    send(&mut form, FormInput::Escape);
    assert_eq!(
        send(&mut form, FormInput::Escape),
        FormOutcome::Close,
        "Esc twice leaves"
    );

    send(&mut form, FormInput::Up);
    assert!(!form.has_changes(), "back on the default is no change");
}

#[test]
fn while_submitting_edits_are_ignored() {
    let mut form = loaded_completion(&new_subscription_job());
    let request = submitted(&mut form);
    form.set_submitting();
    assert!(form.is_submitting());
    type_text(&mut form, "xyz");
    assert_eq!(send(&mut form, FormInput::Submit), FormOutcome::Nothing);
    assert_eq!(send(&mut form, FormInput::Escape), FormOutcome::Nothing);
    form.tick();
    assert_eq!(form.phase(), Phase::Submitting { frame: 1 });
    form.set_failed(&ApiError::Unreachable("connection refused".into()));
    assert!(!form.is_submitting());
    assert_eq!(submitted(&mut form), request, "every value is kept");
}

#[test]
fn server_errors_land_beside_their_field() {
    let mut form = loaded_completion(&new_subscription_job());
    focus_to(&mut form, Focus::Submit);
    form.set_submitting();
    form.set_failed(&server(
        "INVALID_STATUS",
        "Installed is not a completion status of this type",
    ));
    assert!(
        field_error(&form, FieldId::Status)
            .unwrap()
            .contains("INVALID_STATUS")
    );
    assert_eq!(form.focus(), Focus::Field(FieldId::Status));
    assert_eq!(form.notice(), None);

    form.set_failed(&ApiError::server(
        "NOT_FOUND",
        Some("No such user"),
        Some("performed_by_user_identifier id=U-0107 does not exist"),
    ));
    assert_eq!(
        field_error(&form, FieldId::Status),
        None,
        "the old message goes"
    );
    assert!(field_error(&form, FieldId::PerformedBy).is_some());

    form.set_failed(&server(
        "INVALID_PARAMETER",
        "performed_on is later than now",
    ));
    assert!(field_error(&form, FieldId::PerformedOn).is_some());
}

#[test]
fn scheduled_date_required_marks_the_field_and_is_then_checked_here() {
    let mut form = loaded_completion(&cancel_subscription_job());
    form.set_submitting();
    form.set_failed(&server(
        "SCHEDULED_DATE_REQUIRED",
        "rules prevent immediate execution",
    ));
    let Some(FieldRef::Date(date)) = form.field(FieldId::ScheduledDate) else {
        panic!()
    };
    assert!(date.is_required());
    assert!(
        date.error()
            .unwrap()
            .contains("rules prevent immediate execution")
    );
    assert_eq!(form.focus(), Focus::Field(FieldId::ScheduledDate));
    assert_eq!(
        send(&mut form, FormInput::Submit),
        FormOutcome::Nothing,
        "now required before sending"
    );
    assert!(
        field_error(&form, FieldId::ScheduledDate)
            .unwrap()
            .contains("required")
    );
    type_text(&mut form, "+2d");
    assert_eq!(
        completion(&mut form).scheduled_date,
        Some(now_utc() + TimeDelta::days(2))
    );
}

#[test]
fn other_errors_go_on_top() {
    let mut form = loaded_completion(&generic_job());
    form.set_failed(&server(
        "INVALID_LIFE_CYCLE_STATE",
        "Job JB00042 is PENDING",
    ));
    assert_eq!(
        form.notice(),
        Some("Job JB00042 is PENDING (INVALID_LIFE_CYCLE_STATE)")
    );
    // A parameter this form does not send cannot be shown beside a field.
    form.set_failed(&server(
        "NOT_APPLICABLE_PARAMETER",
        "performed_on does not apply",
    ));
    assert_eq!(
        form.notice(),
        Some("performed_on does not apply (NOT_APPLICABLE_PARAMETER)")
    );
    let unknown = ApiError::OutcomeUnknown {
        action: "complete JB00042".into(),
        detail: "reset".into(),
    };
    form.set_failed(&unknown);
    assert_eq!(form.notice(), Some(unknown.to_string().as_str()));
    form.set_submitting();
    assert_eq!(form.notice(), None, "a new attempt clears the old message");
}

#[test]
fn start_sends_the_picked_in_progress_status() {
    let mut form = ActionForm::start(&pending_job());
    form.set_statuses(Remote::Loaded(in_progress_statuses()));
    assert_eq!(
        submitted(&mut form),
        ActionRequest::Start(StartParams {
            job: JobIdentifier::Number("JB00057".into()),
            status: Some(JobStatusIdentifier::Id("ST-0101".into())),
        })
    );
    send(&mut form, FormInput::Down);
    let ActionRequest::Start(params) = submitted(&mut form) else {
        panic!()
    };
    assert_eq!(
        params.status,
        Some(JobStatusIdentifier::Id("ST-0102".into()))
    );
}

#[test]
fn cancel_asks_and_sends_the_picked_cancelled_status() {
    let mut form = ActionForm::cancel(&generic_job());
    assert_eq!(
        form.question().as_deref(),
        Some("Cancel job JB00042? This cannot be undone.")
    );
    form.set_statuses(Remote::Loaded(cancelled_statuses()));
    form.set_reasons(Remote::Loaded(Vec::new()));
    type_text(&mut form, "dup");
    assert_eq!(
        submitted(&mut form),
        ActionRequest::Cancel(CancelParams {
            job: JobIdentifier::Number("JB00042".into()),
            status: Some(JobStatusIdentifier::Id("ST-0301".into())),
            reason: None,
            cancel_provided_items: false,
        })
    );
    assert_eq!(ActionForm::start(&pending_job()).question(), None);
}

#[test]
fn dates_are_read_again_at_each_input() {
    let mut form = loaded_completion(&new_subscription_job());
    let later = now_utc() + TimeDelta::minutes(10);
    form.handle(FormInput::NextField, later);
    let Some(FieldRef::Date(date)) = form.field(FieldId::PerformedOn) else {
        panic!()
    };
    assert_eq!(date.shown(), Some("Sat 28 Nov 2026 13:05 UTC (now)"));
    let FormOutcome::Submit(ActionRequest::Complete(params)) =
        form.handle(FormInput::Submit, later)
    else {
        panic!("the form should submit");
    };
    assert_eq!(
        params.performed_on,
        Some(now_utc() + TimeDelta::minutes(10))
    );
}
