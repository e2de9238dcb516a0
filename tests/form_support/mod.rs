//! Hand-built jobs, statuses and users for the form tests, and helpers to draw and type.
#![allow(
    dead_code,
    reason = "each test file uses a different part of the support module"
)]

use chrono::{DateTime, TimeZone, Utc};
use crmjobs::api::job::{Job, UserDefinedFields};
use crmjobs::api::model::{
    AssignedTo, FulfillmentScope, JobStatus, JobType, LifeCycleState, LogInformation, StatusEntry,
    UnitRef, User, UserRef,
};
use crmjobs::app::form::{ActionForm, FormInput, FormOutcome};
use crmjobs::app::remote::Remote;
use crmjobs::ui::form::render_form;
use crmjobs::ui::theme::Theme;
use crmjobs::when::Zone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The fixed moment every test runs at: Saturday 28 November 2026, 12:55 UTC.
pub fn now_utc() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 55, 0).unwrap()
}

/// The same moment as the app passes it.
pub fn now() -> DateTime<Utc> {
    now_utc()
}

fn status(id: &str, name: &str, code: &str, state: LifeCycleState) -> JobStatus {
    JobStatus {
        id: id.into(),
        name: name.into(),
        alternative_code: Some(code.into()),
        description: None,
        life_cycle_state: state,
    }
}

fn entry(id: &str, name: &str, code: &str, state: LifeCycleState, default: bool) -> StatusEntry {
    StatusEntry {
        id: format!("TS-{id}"),
        default,
        status: status(id, name, code, state),
    }
}

/// The completion statuses of the fibre installation type; `Installed` is the default.
pub fn completed_statuses() -> Vec<StatusEntry> {
    let c = LifeCycleState::Completed;
    vec![
        entry("ST-0201", "Installed with remarks", "INSTR", c, false),
        entry("ST-0200", "Installed", "INST", c, true),
        entry(
            "ST-0202",
            "Not installed - customer absent",
            "NOCUST",
            c,
            false,
        ),
        entry("ST-0203", "Not installed - no coverage", "NOCOV", c, false),
        entry("ST-0204", "Completed remotely", "REMOTE", c, false),
        entry("ST-0205", "Partially installed", "PART", c, false),
    ]
}

/// The in-progress statuses; `Technician on site` is the default.
pub fn in_progress_statuses() -> Vec<StatusEntry> {
    let p = LifeCycleState::InProgress;
    vec![
        entry("ST-0100", "Technician en route", "ENROUTE", p, false),
        entry("ST-0101", "Technician on site", "ONSITE", p, true),
        entry("ST-0102", "Waiting for parts", "PARTS", p, false),
    ]
}

/// The cancellation statuses; `Cancelled by customer` is the default.
pub fn cancelled_statuses() -> Vec<StatusEntry> {
    let x = LifeCycleState::Cancelled;
    vec![
        entry("ST-0300", "Cancelled by customer", "CUST", x, true),
        entry("ST-0301", "Duplicate job", "DUP", x, false),
        entry("ST-0302", "No access to premises", "NOACCESS", x, false),
    ]
}

fn user(id: &str, username: &str, name: &str, active: bool) -> User {
    User {
        id: id.into(),
        username: username.into(),
        person_name: Some(name.into()),
        email: Some(format!("{username}@northwind-field.example")),
        active,
    }
}

/// The technicians of the Nicosia field team.
pub fn unit_users() -> Vec<User> {
    vec![
        user("U-0101", "agiorgiou", "Andreas Giorgiou", true),
        user("U-0102", "eloizou", "Eleni Loizou", true),
        user("U-0103", "mpapadopoulos", "Marios Papadopoulos", true),
        user("U-0104", "cchristou", "Christina Christou", false),
        user("U-0105", "nkyriakou", "Nikos Kyriakou", true),
        user("U-0106", "sioannou", "Sofia Ioannou", true),
        user("U-0107", "mgeorgiou", "Maria Georgiou", true),
        user("U-0108", "pantoniou", "Petros Antoniou", true),
    ]
}

fn job_type(id: &str, name: &str, scope: FulfillmentScope) -> JobType {
    JobType {
        id: id.into(),
        name: name.into(),
        alternative_code: None,
        description: None,
        fulfillment_scope: scope,
    }
}

fn job(number: &str, description: &str, state: LifeCycleState, kind: JobType) -> Job {
    let updated = Utc.with_ymd_and_hms(2026, 11, 27, 16, 5, 0).unwrap();
    Job {
        id: format!("J-{number}"),
        number: number.into(),
        description: Some(description.into()),
        notes: None,
        contact_email: None,
        contact_phone: Some("+357 22 123456".into()),
        life_cycle_state: state.into(),
        rating_state: None,
        start_date: Some(updated),
        expected_completion_date: None,
        actual_completed_date: None,
        expiration_date: None,
        scheduled_date: None,
        assigned_to: Some(std::sync::Arc::new(AssignedTo {
            user: Some(UserRef {
                id: "U-0107".into(),
                username: Some("mgeorgiou".into()),
                person_name: Some("Maria Georgiou".into()),
                email: None,
            }),
            unit: Some(UnitRef {
                id: "UN-0003".into(),
                name: Some("Nicosia field team".into()),
                group_name: None,
                community_name: None,
            }),
            business_unit: None,
        })),
        job_type: Some(std::sync::Arc::new(kind)),
        status: None,
        log_information: Some(LogInformation {
            updated_date: Some(updated),
            ..LogInformation::default()
        }),
        udf: UserDefinedFields::default(),
        unreadable_dates: Vec::new(),
    }
}

/// A fibre installation in progress: takes performed by and performed on.
pub fn new_subscription_job() -> Job {
    job(
        "JB00019",
        "Install fibre broadband at 12 Elm Street, Nicosia",
        LifeCycleState::InProgress,
        job_type(
            "JT-0001",
            "Fibre installation",
            FulfillmentScope::NewSubscription,
        ),
    )
}

/// A disconnection in progress: takes a scheduled date.
pub fn cancel_subscription_job() -> Job {
    job(
        "JB00031",
        "Disconnect service at 4 Oak Avenue, Limassol",
        LifeCycleState::InProgress,
        job_type(
            "JT-0004",
            "Service disconnection",
            FulfillmentScope::CancelSubscription,
        ),
    )
}

/// A street cabinet repair: takes none of the optional dates or users.
pub fn generic_job() -> Job {
    job(
        "JB00042",
        "Replace damaged street cabinet door, Makarios Avenue",
        LifeCycleState::InProgress,
        job_type(
            "JT-0009",
            "Cabinet repair",
            FulfillmentScope::GenericPurpose,
        ),
    )
}

/// A pending fibre installation, to start.
pub fn pending_job() -> Job {
    let mut job = new_subscription_job();
    job.number = "JB00057".into();
    job.id = "J-JB00057".into();
    job.life_cycle_state = LifeCycleState::Pending.into();
    job
}

/// The completion form of `job` at the fixed moment, in UTC, with its lists loaded.
pub fn loaded_completion(job: &Job) -> ActionForm {
    let mut form = ActionForm::complete_in(job, now_utc(), Zone::utc());
    form.set_statuses(Remote::Loaded(completed_statuses()));
    form.set_users(Remote::Loaded(unit_users()));
    form
}

/// A key with no modifiers.
pub fn key(code: KeyCode) -> FormInput {
    FormInput::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Types `text` into the focused field.
pub fn type_text(form: &mut ActionForm, text: &str) {
    for c in text.chars() {
        assert_eq!(
            form.handle(key(KeyCode::Char(c)), now()),
            FormOutcome::Nothing
        );
    }
}

/// Clears the focused text field (Ctrl-u).
pub fn clear(form: &mut ActionForm) {
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    form.handle(FormInput::Key(ctrl_u), now());
}

/// Sends `input` at the fixed moment.
pub fn send(form: &mut ActionForm, input: FormInput) -> FormOutcome {
    form.handle(input, now())
}

/// The form drawn without colour on a `width` x `height` test terminal.
pub fn draw(form: &ActionForm, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| render_form(form, frame.area(), frame.buffer_mut(), &Theme::MONO))
        .unwrap();
    terminal
}
