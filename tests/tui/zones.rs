//! Dates, "today" and the due marks in zones far from UTC and on days a clock change makes
//! 23 or 25 hours long. The app's zone and clock are data, pinned here, so these hold under
//! any `TZ` the tests run in; each case is one that UTC (or a 24-hour day) judges otherwise.
use crate::tui_support;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use crmjobs::api::job::Job;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use crmjobs::when::Zone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{draw, job, loaded_app_in, serve};

const SIZE: (u16, u16) = (160, 30);

/// The instant of a wall-clock time in `tz` (the first, when a clock change repeats it).
fn local(tz: Tz, (y, mo, d): (i32, u32, u32), (h, mi): (u32, u32)) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .earliest()
        .expect("a time that exists")
        .to_utc()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().expect("a test date")
}

fn screen(app: &App) -> String {
    draw(app, app.size).backend().to_string()
}

/// A pending job due at `deadline` (no scheduled date, so the table shows the deadline).
fn due_at(n: usize, deadline: DateTime<Utc>) -> Job {
    let mut job = job(n, LifeCycleState::Pending);
    job.expiration_date = Some(deadline);
    job.scheduled_date = None;
    job
}

/// The shown tab's rows become `jobs`, as a refresh answered by the server.
fn replace_rows(app: &mut App, jobs: Vec<Job>) {
    let commands = app.update(Msg::Action(Action::Refresh));
    let [Command::FetchJobs { id, state, page }] = commands.as_slice() else {
        panic!("a refresh asks one page: {commands:?}");
    };
    let msg = Msg::Jobs {
        id: *id,
        state: *state,
        page: *page,
        result: Ok(jobs.into()),
    };
    assert!(app.update(msg).is_empty());
}

/// One zone, one "now", and three deadlines by the zone's wall clock: one passed, one late
/// today, one early tomorrow. `shown` is how the table writes the one due today.
struct Case {
    tz: Tz,
    now: fn() -> DateTime<Utc>,
    overdue: DateTime<Utc>,
    today: DateTime<Utc>,
    tomorrow: DateTime<Utc>,
    shown: &'static str,
}

fn check(case: &Case) {
    let zone = Zone::Named(case.tz);
    let mut app = loaded_app_in(SIZE, 0, zone, case.now);
    replace_rows(
        &mut app,
        vec![
            due_at(1, case.overdue),
            due_at(2, case.today),
            due_at(3, case.tomorrow),
        ],
    );
    let text = screen(&app);
    let tz = case.tz;
    assert!(
        text.contains(" ! JB00001"),
        "{tz}: passed is overdue:\n{text}"
    );
    assert!(
        text.contains(" ~ JB00002"),
        "{tz}: due later today:\n{text}"
    );
    assert!(
        text.contains("   JB00003"),
        "{tz}: tomorrow is not due:\n{text}"
    );
    let row = text.lines().find(|l| l.contains("JB00002")).unwrap_or("");
    assert!(row.contains(case.shown), "{tz}: shown in the zone: {row}");
    assert_eq!((app.overview.overdue, app.overview.today), (1, 1), "{tz}");
    assert!(
        text.contains("! 1 overdue · ~ 1 due today"),
        "{tz}:\n{text}"
    );
    let _ = app.update(Msg::Action(Action::DueOnly));
    let shown: Vec<_> = (0..app.tab().len())
        .filter_map(|i| app.tab().row_at(i).map(|j| j.number.clone()))
        .collect();
    assert_eq!(shown, ["JB00001", "JB00002"], "{tz}: due only");
}

#[test]
fn a_job_due_at_half_past_eleven_tonight_is_due_today_far_east_and_west_of_utc() {
    use chrono_tz::America::St_Johns;
    use chrono_tz::Pacific::Kiritimati;
    // 10:00 on 28 Nov at UTC+14: in UTC it is still the 27th, and 23:30 is the 28th.
    check(&Case {
        tz: Kiritimati,
        now: || utc("2026-11-27T20:00:00Z"),
        overdue: local(Kiritimati, (2026, 11, 28), (9, 0)),
        today: local(Kiritimati, (2026, 11, 28), (23, 30)),
        tomorrow: local(Kiritimati, (2026, 11, 29), (0, 30)),
        shown: "28 Nov 23:30",
    });
    // 10:00 on 28 Nov at UTC-03:30: 23:30 tonight is already the 29th in UTC.
    check(&Case {
        tz: St_Johns,
        now: || utc("2026-11-28T13:30:00Z"),
        overdue: local(St_Johns, (2026, 11, 28), (9, 0)),
        today: local(St_Johns, (2026, 11, 28), (23, 30)),
        tomorrow: local(St_Johns, (2026, 11, 29), (0, 30)),
        shown: "28 Nov 23:30",
    });
}

#[test]
fn a_day_with_a_clock_change_is_as_long_as_the_clock_says() {
    use chrono_tz::America::St_Johns;
    use chrono_tz::Europe::Berlin;
    // 25 Oct 2026 in Berlin has 25 hours: 23:30 is 24 h 59 min after midnight and still today.
    check(&Case {
        tz: Berlin,
        now: || utc("2026-10-24T22:30:00Z"),
        overdue: local(Berlin, (2026, 10, 25), (0, 10)),
        today: local(Berlin, (2026, 10, 25), (23, 30)),
        tomorrow: local(Berlin, (2026, 10, 26), (0, 30)),
        shown: "25 Oct 23:30",
    });
    // 29 Mar 2026 in Berlin has 23 hours: 00:30 the next day is only 23 h 30 min after midnight.
    check(&Case {
        tz: Berlin,
        now: || utc("2026-03-28T23:30:00Z"),
        overdue: local(Berlin, (2026, 3, 29), (0, 10)),
        today: local(Berlin, (2026, 3, 29), (23, 30)),
        tomorrow: local(Berlin, (2026, 3, 30), (0, 30)),
        shown: "29 Mar 23:30",
    });
    // St John's falls back on 1 Nov 2026 (-02:30 to -03:30): a 25-hour day too.
    check(&Case {
        tz: St_Johns,
        now: || utc("2026-11-01T03:00:00Z"),
        overdue: local(St_Johns, (2026, 11, 1), (0, 10)),
        today: local(St_Johns, (2026, 11, 1), (23, 30)),
        tomorrow: local(St_Johns, (2026, 11, 2), (0, 30)),
        shown: "01 Nov 23:30",
    });
}

/// The fixtures' noon: 17:30 in Kolkata, where the open jobs' 18:30 UTC deadline is
/// tomorrow's midnight.
fn kolkata_app() -> App {
    let zone = Zone::Named(chrono_tz::Asia::Kolkata);
    loaded_app_in((120, 24), 20, zone, tui_support::noon)
}

#[test]
fn the_list_and_detail_show_dates_in_kolkata() {
    let mut app = kolkata_app();
    let text = screen(&app);
    assert!(text.contains("Expires       29 Nov 00:00"), "{text}");
    assert!(
        !text.contains("due today"),
        "due tomorrow in Kolkata:\n{text}"
    );
    insta::assert_snapshot!(
        "list_pending_kolkata_120x24",
        draw(&app, (120, 24)).backend()
    );
    let commands = app.update(Msg::Action(Action::Open));
    serve(&mut app, commands, 20);
    let text = screen(&app);
    // JB00001 expires on 28 Nov at 18:30 UTC and started on 2 Nov at 08:30 UTC.
    assert!(
        text.contains("Expires       Sun 29 Nov 2026 00:00"),
        "{text}"
    );
    assert!(
        text.contains("Started       Mon 02 Nov 2026 14:00"),
        "{text}"
    );
}

#[test]
fn the_form_reads_today_half_past_two_in_kolkata() {
    let mut app = kolkata_app();
    let _ = app.update(Msg::Action(Action::Tab(1)));
    for _ in 0..4 {
        let _ = app.update(Msg::Action(Action::Down));
    }
    let commands = app.update(Msg::Action(Action::Complete));
    serve(&mut app, commands, 20);
    for _ in 0..2 {
        let _ = app.update(Msg::Action(Action::NextField));
    }
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    let keys = std::iter::once(ctrl_u).chain(
        "today 14:30"
            .chars()
            .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
    for key in keys {
        let msg = app.key_msg(key).expect("text reaches the form");
        let _ = app.update(msg);
    }
    assert!(
        screen(&app).contains("Sat 28 Nov 2026 14:30 local (3 h ago)"),
        "{}",
        screen(&app)
    );
    let sent = app.update(Msg::Action(Action::Submit));
    let [Command::Complete { params, .. }] = sent.as_slice() else {
        panic!("the completion is sent: {sent:?}")
    };
    assert_eq!(params.performed_on, Some(utc("2026-11-28T09:00:00Z")));
}

static MOVING_CLOCK: std::sync::Mutex<Option<DateTime<Utc>>> = std::sync::Mutex::new(None);

fn moving_clock() -> DateTime<Utc> {
    MOVING_CLOCK
        .lock()
        .expect("the test clock")
        .expect("set by the test")
}

fn set_clock(at: DateTime<Utc>) {
    *MOVING_CLOCK.lock().expect("the test clock") = Some(at);
}

#[test]
fn completed_today_starts_at_midnight_in_the_apps_zone() {
    use chrono_tz::Pacific::Kiritimati;
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("a day");
    // 10:30 on 28 Nov at UTC+14, still the 27th in UTC.
    set_clock(local(Kiritimati, (2026, 11, 28), (10, 30)));
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), SIZE)
        .with_zone(Zone::Named(Kiritimati))
        .with_clock(moving_clock);
    app.outbox.enabled = true;
    let commands = app.init();
    let [Command::Login { id, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    let after = app.update(Msg::LoggedIn {
        id: *id,
        result: Ok(()),
    });
    // The audit log is read from the zone's midnight, not the machine's.
    let since = after.iter().find_map(|c| match c {
        Command::SettleOutbox { since, .. } => Some(*since),
        _ => None,
    });
    assert_eq!(since, Some(utc("2026-11-27T10:00:00Z")), "{after:?}");
    let _ = app.update(Msg::CompletedToday(vec!["JB00001".to_owned()]));
    assert_eq!(app.today(), day(28));
    assert_eq!(app.completed_today.count(app.today()), 1);
    assert!(screen(&app).contains("✓ 1 completed today by you"));
    // 23:30 there, the 28th in UTC too: the same day, and the count stays.
    set_clock(local(Kiritimati, (2026, 11, 28), (23, 30)));
    let _ = app.update(Msg::CompletedToday(vec!["JB00002".to_owned()]));
    replace_rows(&mut app, Vec::new());
    assert_eq!(app.completed_today.count(app.today()), 2);
    // An hour later it is 29 Nov there (still the 28th in UTC): a new day, none done yet.
    set_clock(local(Kiritimati, (2026, 11, 29), (0, 30)));
    replace_rows(&mut app, Vec::new());
    assert_eq!(app.today(), day(29));
    assert_eq!(app.completed_today.count(app.today()), 0);
    assert!(!screen(&app).contains('✓'), "{}", screen(&app));
}

#[test]
fn the_outbox_is_read_from_midnight_of_a_25_hour_day() {
    use chrono_tz::America::St_Johns;
    // 23:30 on 1 Nov 2026 at St John's: midnight was at -02:30, 25 hours before the next.
    let mut app = tui_support::new_app(tui_support::session(), Some("pw"), SIZE)
        .with_zone(Zone::Named(St_Johns))
        .with_clock(|| utc("2026-11-02T03:00:00Z"));
    app.outbox.enabled = true;
    let commands = app.init();
    let [Command::Login { id, .. }] = commands.as_slice() else {
        panic!("{commands:?}")
    };
    let after = app.update(Msg::LoggedIn {
        id: *id,
        result: Ok(()),
    });
    let since = after.iter().find_map(|c| match c {
        Command::SettleOutbox { since, .. } => Some(*since),
        _ => None,
    });
    assert_eq!(since, Some(utc("2026-11-01T02:30:00Z")), "{after:?}");
}
