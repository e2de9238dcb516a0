//! Snapshots of the forms as the user sees them, at 80x24 and 160x48, drawn without colour so
//! focus and selection must show as markers. Dates are pinned to UTC and a fixed moment.

use crate::form_support;

use crmjobs::api::error::ApiError;
use crmjobs::app::form::{ActionForm, FormInput, FormOutcome};
use crmjobs::app::remote::Remote;
use crmjobs::ui::form::cursor;
use form_support::*;
use ratatui::layout::Rect;

/// Snapshots `form` at both sizes.
fn snap(name: &str, form: &ActionForm) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(form, 80, 24).backend());
    insta::assert_snapshot!(format!("{name}_160x48"), draw(form, 160, 48).backend());
}

#[test]
fn completion_of_a_new_subscription_job() {
    snap(
        "complete_new_subscription",
        &loaded_completion(&new_subscription_job()),
    );
}

#[test]
fn completion_of_a_scheduled_date_job() {
    let mut form = loaded_completion(&cancel_subscription_job());
    send(&mut form, FormInput::NextField);
    type_text(&mut form, "tomorrow 8");
    snap("complete_scheduled_date", &form);
}

#[test]
fn completion_of_a_generic_job_shows_disabled_fields_with_reasons() {
    let mut form = loaded_completion(&generic_job());
    send(&mut form, FormInput::NextField);
    snap("complete_generic", &form);
}

#[test]
fn status_picker_filtered() {
    let mut form = loaded_completion(&new_subscription_job());
    type_text(&mut form, "not");
    snap("status_filtered", &form);
}

#[test]
fn user_picker_filtered() {
    let mut form = loaded_completion(&new_subscription_job());
    send(&mut form, FormInput::NextField);
    type_text(&mut form, "ma");
    snap("user_filtered", &form);
}

#[test]
fn pickers_loading() {
    let form = ActionForm::complete_in(
        &new_subscription_job(),
        now_utc(),
        crmjobs::when::Zone::utc(),
    );
    snap("pickers_loading", &form);
}

#[test]
fn pickers_failed() {
    let mut form = ActionForm::complete_in(
        &new_subscription_job(),
        now_utc(),
        crmjobs::when::Zone::utc(),
    );
    form.set_statuses(Remote::Failed(
        "the server did not answer within 30 s".into(),
    ));
    form.set_users(Remote::Failed(
        "cannot reach the server: connection refused".into(),
    ));
    snap("pickers_failed", &form);
}

#[test]
fn server_error_kept_beside_its_field_with_the_values() {
    let mut form = loaded_completion(&new_subscription_job());
    send(&mut form, FormInput::Down);
    send(&mut form, FormInput::NextField);
    send(&mut form, FormInput::Up);
    send(&mut form, FormInput::NextField);
    clear(&mut form);
    type_text(&mut form, "today 9:30");
    let FormOutcome::Submit(_) = send(&mut form, FormInput::Submit) else {
        panic!("the form should submit");
    };
    form.set_submitting();
    form.set_failed(&ApiError::server(
        "INVALID_PARAMETER",
        Some("performed_on 2026-11-28T09:30:00 is before the job was started"),
        None,
    ));
    snap("failed_beside_field", &form);
}

#[test]
fn scheduled_date_required_by_the_server() {
    let mut form = loaded_completion(&cancel_subscription_job());
    form.set_submitting();
    form.set_failed(&ApiError::server(
        "SCHEDULED_DATE_REQUIRED",
        Some(
            "The subscription action rules of JB00031 prevent immediate execution; give a scheduled_date",
        ),
        None,
    ));
    snap("scheduled_date_required", &form);
}

#[test]
fn unreachable_error_on_top() {
    let mut form = loaded_completion(&generic_job());
    form.set_submitting();
    form.set_failed(&ApiError::OutcomeUnknown {
        action: "complete JB00042".into(),
        detail: "connection reset by peer".into(),
    });
    snap("failed_on_top", &form);
}

#[test]
fn submitting() {
    let mut form = loaded_completion(&new_subscription_job());
    form.set_submitting();
    form.tick();
    form.tick();
    snap("submitting", &form);
}

#[test]
fn start_form() {
    let mut form = ActionForm::start(&pending_job());
    form.set_statuses(Remote::Loaded(in_progress_statuses()));
    snap("start", &form);
}

#[test]
fn cancel_confirmation() {
    let mut form = ActionForm::cancel(&generic_job());
    form.set_statuses(Remote::Loaded(cancelled_statuses()));
    snap("cancel", &form);
}

#[test]
fn leaving_with_changes_asks_first() {
    let mut form = loaded_completion(&new_subscription_job());
    send(&mut form, FormInput::Down);
    send(&mut form, FormInput::Escape);
    snap("confirm_leave", &form);
}

#[test]
fn every_small_size_draws_without_panic() {
    let forms = [
        loaded_completion(&new_subscription_job()),
        loaded_completion(&cancel_subscription_job()),
        ActionForm::cancel(&generic_job()),
    ];
    for form in &forms {
        for width in 1..=82 {
            for height in 1..=26 {
                draw(form, width, height);
                let area = Rect::new(0, 0, width, height);
                if let Some((x, y)) = cursor(form, area) {
                    assert!(x < width && y < height, "cursor outside {width}x{height}");
                }
            }
        }
    }
}

#[test]
fn cursor_sits_in_the_focused_text() {
    let mut form = loaded_completion(&new_subscription_job());
    type_text(&mut form, "in");
    let area = Rect::new(0, 0, 80, 24);
    let (x, y) = cursor(&form, area).expect("the status filter has the cursor");
    let terminal = draw(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    // The two characters before the cursor are the filter text.
    assert_eq!(buffer[(x - 2, y)].symbol(), "i");
    assert_eq!(buffer[(x - 1, y)].symbol(), "n");
    send(&mut form, FormInput::Submit);
    // Nothing typed moves while the request would be in flight.
    form.set_submitting();
    assert_eq!(cursor(&form, area), None);
}

#[test]
fn focus_and_selection_show_without_colour() {
    use ratatui::style::{Color, Modifier};
    let form = loaded_completion(&new_subscription_job());
    let terminal = draw(&form, 80, 24);
    let buffer = terminal.backend().buffer();
    let find = |text: &str| {
        (0..24u16)
            .find_map(|y| {
                let line: String = (0..80u16).map(|x| buffer[(x, y)].symbol()).collect();
                line.find(text)
                    .map(|at| (u16::try_from(line[..at].chars().count()).unwrap(), y))
            })
            .unwrap_or_else(|| panic!("{text} not drawn"))
    };
    let (x, y) = find("> Installed (default)");
    assert!(
        buffer[(x + 2, y)].modifier.contains(Modifier::REVERSED),
        "selected row in reverse video"
    );
    let (x, y) = find("> Status");
    assert!(
        buffer[(x + 2, y)].modifier.contains(Modifier::BOLD),
        "focused label in bold"
    );
    for y in 0..24u16 {
        for x in 0..80u16 {
            assert_eq!(
                buffer[(x, y)].fg,
                Color::Reset,
                "no colour in the mono theme"
            );
        }
    }
}
