//! A real server's jobs: every odd job of a page decodes (a state crmjobs does not know kept
//! as written, an unreadable date kept aside, null and empty names absent), offset-less
//! dates read in the server's zone; the app keeps such a job in its tab and acts on it only
//! when it knows its state; a page longer than asked ends paging; a job whose type names no
//! scope gets every completion field.
use crate::tui_support;

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use crmjobs::api::job::{DateField, Job, JobPage};
use crmjobs::api::model::{FulfillmentScope, JobState, LifeCycleState, Page};
use crmjobs::api::{decode_jobs, decode_jobs_in};
use crmjobs::app::filter::Filter;
use crmjobs::app::form::{ActionForm, FieldId, FieldRef};
use crmjobs::app::jobs::{JobList, Load};
use crmjobs::app::keymap::Action;
use crmjobs::app::{Command, Msg, Notice, RequestId};
use crmjobs::when::Zone;

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("a date")
        .with_timezone(&Utc)
}

/// A page shaped like the public record's examples: `unit: null`, no `business_unit`, empty
/// names, keys crmjobs does not know, a type without a scope, a status without a state, a
/// `null` name, a state crmjobs does not know, dates it cannot read, and an entry that is no
/// job at all.
const REAL_PAGE: &str = r#"{"status": {"code": "OK", "message": null, "description": null},
 "data": [
  {"id": "5C3A", "number": "JB00019", "life_cycle_state": "PENDING", "description": null,
   "start_date": "2026-07-15T17:30:00", "rating_state": "PENDING", "priority_level": 3,
   "accounts_receivable": {"id": "AR1", "number": "AR00001", "name": "Maria Georgiou"},
   "assigned_to": {"user": {"id": "U1", "username": "tech1", "person_name": "", "email": ""},
                   "unit": null},
   "type": {"id": "T1", "name": "Router swap", "alternative_code": "RS", "classification": {}},
   "status": {"id": "S1", "name": "Awaiting parts", "alternative_code": null},
   "log_information": {"created_date": "2026-01-15T17:30:00",
                       "updated_date": "2026-01-15T08:30:00Z",
                       "created_by_user": {"id": "U9", "username": "admin", "person_name": ""},
                       "created_by_unit": {"id": "N1", "name": "HQ", "description": "",
                                           "alternative_code": "HQ", "group_name": "",
                                           "community_name": ""}}},
  {"id": "5C3B", "number": "JB00020", "life_cycle_state": "EXPIRED",
   "expiration_date": "31/12/2026",
   "type": {"id": "T2", "name": null, "fulfillment_scope": null},
   "status": {"id": "S9", "name": null, "life_cycle_state": "EXPIRED"}},
  {"id": 7731, "number": "JB00021", "life_cycle_state": "IN PROGRESS",
   "log_information": {"updated_date": "yesterday"}, "udf_float_1": "12,5",
   "status": {"id": "S2", "name": "On site"}},
  {"id": "", "number": null, "life_cycle_state": "PENDING"}
 ]}"#;

#[test]
fn a_real_servers_page_decodes_job_by_job() {
    let kolkata: Tz = "Asia/Kolkata".parse().expect("a zone");
    let page = decode_jobs_in(REAL_PAGE.as_bytes(), kolkata).expect("the page stands");
    let numbers: Vec<&str> = page.iter().map(|j| j.number.as_str()).collect();
    assert_eq!(numbers, ["JB00019", "JB00020", "JB00021"]);
    assert_eq!((page.skipped, page.received()), (1, 4));
    assert_eq!(
        page.skipped_notice().as_deref(),
        Some("1 job without a number or an id was left out")
    );

    let [real, expired, odd] = &page[..] else {
        panic!("three jobs")
    };
    // Offset-less dates are the server's wall clock; one with an offset is exact.
    assert_eq!(real.start_date, Some(utc("2026-07-15T12:00:00Z")));
    let log = real.log_information.as_ref().expect("a log");
    assert_eq!(log.created_date, Some(utc("2026-01-15T12:00:00Z")));
    assert_eq!(log.updated_date, Some(utc("2026-01-15T08:30:00Z")));
    // Empty names are absent: the assignee falls back to the login name.
    let assigned = real.assigned_to.as_ref().expect("assigned");
    let user = assigned.user.as_ref().expect("a user");
    assert_eq!(
        (user.person_name.as_deref(), user.email.as_deref()),
        (None, None)
    );
    assert_eq!(
        (assigned.unit.as_ref(), assigned.business_unit.as_ref()),
        (None, None)
    );
    let unit = log.created_by_unit.as_ref().expect("a unit");
    assert_eq!(
        (unit.group_name.as_deref(), unit.community_name.as_deref()),
        (None, None)
    );
    // No scope: the server judges; a status without a state is in the job's.
    assert_eq!(real.scope(), FulfillmentScope::Unknown);
    assert!(real.offers_performed_by() && real.offers_scheduled_date());
    let status = real.status.as_ref().expect("a status");
    assert_eq!(status.life_cycle_state, LifeCycleState::Pending);

    assert_eq!(
        expired.life_cycle_state,
        JobState::Unknown("EXPIRED".into())
    );
    assert_eq!(expired.life_cycle_state.as_wire(), "EXPIRED");
    assert_eq!(
        expired.expiration_date, None,
        "sorting and lists see no date"
    );
    assert_eq!(
        expired.unreadable(DateField::ExpirationDate),
        Some("31/12/2026")
    );
    assert_eq!(expired.job_type.as_ref().map(|t| t.name.as_str()), Some(""));

    assert_eq!(odd.id, "7731");
    assert_eq!(odd.life_cycle_state, LifeCycleState::InProgress);
    assert_eq!(odd.unreadable(DateField::UpdatedDate), Some("yesterday"));
    assert_eq!(
        odd.udf.udf_float_1, None,
        "a field no reader takes is left out"
    );
    assert_eq!(
        odd.status.as_ref().map(|s| s.life_cycle_state),
        Some(LifeCycleState::InProgress)
    );
}

#[test]
fn without_a_zone_offset_less_dates_are_utc() {
    let page = decode_jobs(REAL_PAGE.as_bytes()).expect("the page stands");
    assert_eq!(page[0].start_date, Some(utc("2026-07-15T17:30:00Z")));
    let st_johns: Tz = "America/St_Johns".parse().expect("a zone");
    for (instant, zone) in [
        ("2026-07-15T12:00:00Z", st_johns),
        ("2026-01-15T12:00:00Z", st_johns),
    ] {
        let wire = crmjobs::api::date::format_in(&utc(instant), zone);
        let body = format!(
            r#"{{"status":{{"code":"OK"}},"data":[{{"number":"JB1","start_date":"{wire}"}}]}}"#
        );
        let back = decode_jobs_in(body.as_bytes(), zone).expect("a page");
        assert_eq!(back[0].start_date, Some(utc(instant)), "{wire}");
    }
}

/// The app with the shown (pending) tab refreshed to hold `jobs`.
fn app_showing(jobs: Vec<Job>) -> crmjobs::app::App {
    let mut app = tui_support::loaded_app((120, 30), 3);
    let commands = app.update(Msg::Action(Action::Refresh));
    let [Command::FetchJobs { id, state, page }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    let _ = app.update(Msg::Jobs {
        id: *id,
        state: *state,
        page: *page,
        result: Ok(jobs.into()),
    });
    app
}

#[test]
fn a_job_in_an_unknown_state_stays_in_its_tab_shown_as_written_and_is_not_acted_on() {
    let page = decode_jobs(REAL_PAGE.as_bytes()).expect("the page stands");
    let expired = page[1].clone();
    let mut app = app_showing(vec![expired]);
    assert_eq!(app.tab().state, LifeCycleState::Pending);
    assert_eq!(app.selected().map(|j| j.number.as_str()), Some("JB00020"));
    let screen = tui_support::draw(&app, (120, 30)).backend().to_string();
    assert!(screen.contains("EXPIRED"), "{screen}");
    assert!(screen.contains("31/12/2026 (unreadable)"), "{screen}");
    for action in [Action::Start, Action::Complete, Action::Cancel] {
        app.notice = None;
        let commands = app.update(Msg::Action(action));
        assert!(commands.is_empty(), "{action:?}: {commands:?}");
        let Some(Notice::Error(text)) = &app.notice else {
            panic!("{action:?}: {:?}", app.notice)
        };
        assert!(
            text.starts_with("JB00020 is in state \"EXPIRED\", which crmjobs does not know"),
            "{text}"
        );
    }
}

#[test]
fn a_page_left_out_entries_of_is_said_so() {
    let mut page: JobPage = vec![tui_support::job(1, LifeCycleState::Pending)].into();
    page.skipped = 2;
    let mut app = tui_support::loaded_app((120, 30), 3);
    let commands = app.update(Msg::Action(Action::Refresh));
    let [
        Command::FetchJobs {
            id,
            state,
            page: asked,
        },
    ] = commands.as_slice()
    else {
        panic!("{commands:?}")
    };
    let _ = app.update(Msg::Jobs {
        id: *id,
        state: *state,
        page: *asked,
        result: Ok(page),
    });
    let Some(Notice::Info(text)) = &app.notice else {
        panic!("{:?}", app.notice)
    };
    assert_eq!(
        text,
        "Pending: 2 jobs without a number or an id were left out"
    );
}

fn jobs(range: std::ops::Range<usize>) -> JobPage {
    range
        .map(|n| tui_support::job(n, LifeCycleState::Pending))
        .collect()
}

#[test]
fn the_tabs_paging_ends_at_a_page_longer_than_asked_or_with_nothing_new() {
    let mut filter = Filter::default();
    let asked = Page::first(50);
    let mut list = JobList::new(LifeCycleState::Pending);
    list.request_page(RequestId(1), asked);
    list.take_page(asked, Ok(jobs(0..50)), &mut filter);
    assert_eq!(
        list.load,
        Load::More(Page {
            offset: 50,
            size: 50
        }),
        "a full page"
    );
    // A server that ignores `offset` sends the same page again: nothing new.
    list.take_page(
        Page {
            offset: 50,
            size: 50,
        },
        Ok(jobs(0..50)),
        &mut filter,
    );
    assert_eq!((list.load.clone(), list.loaded()), (Load::End, 50));

    // A server that ignores paging sends its whole list at once.
    let mut list = JobList::new(LifeCycleState::Pending);
    list.request_page(RequestId(2), asked);
    list.take_page(asked, Ok(jobs(0..120)), &mut filter);
    assert_eq!((list.load.clone(), list.loaded()), (Load::End, 120));
}

/// A job in progress of `scope` (`None`: a type without one; no type at all below).
fn in_progress(scope: Option<FulfillmentScope>) -> Job {
    let mut job = tui_support::job(3, LifeCycleState::InProgress);
    let kind = Arc::make_mut(job.job_type.as_mut().expect("a type"));
    kind.fulfillment_scope = scope.unwrap_or(FulfillmentScope::Unknown);
    job
}

fn enabled(job: &Job) -> [bool; 3] {
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let form = ActionForm::complete_in(job, now, Zone::utc());
    [
        FieldId::PerformedBy,
        FieldId::PerformedOn,
        FieldId::ScheduledDate,
    ]
    .map(|id| !matches!(form.field(id), Some(FieldRef::Disabled(_)) | None))
}

#[test]
fn a_job_whose_type_names_no_scope_gets_every_completion_field() {
    assert_eq!(enabled(&in_progress(None)), [true; 3]);
    let mut untyped = in_progress(None);
    untyped.job_type = None;
    assert_eq!(enabled(&untyped), [true; 3]);
    // Known scopes keep to what they take.
    assert_eq!(
        enabled(&in_progress(Some(FulfillmentScope::GenericPurpose))),
        [false; 3]
    );
    assert_eq!(
        enabled(&in_progress(Some(FulfillmentScope::NewSubscription))),
        [true, true, false]
    );
}
