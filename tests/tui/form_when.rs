//! Forgiving date entry, read against a fixed moment in a fixed zone (UTC+02:00, Nicosia in
//! winter), so nothing depends on the machine's clock or `TZ`.

use chrono::{DateTime, FixedOffset, Local, TimeZone, Utc};
use crmjobs::when::{
    Understood, WhenError, Zone, describe, describe_in, parse_when, parse_when_in,
};

fn nicosia() -> FixedOffset {
    FixedOffset::east_opt(2 * 3600).expect("a valid offset")
}

/// Saturday 28 November 2026, 14:55 in Nicosia (12:55 UTC).
fn now() -> DateTime<FixedOffset> {
    nicosia().with_ymd_and_hms(2026, 11, 28, 14, 55, 0).unwrap()
}

fn utc(day: u32, h: u32, m: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, h, m, s).unwrap()
}

fn read(text: &str) -> Result<DateTime<Utc>, WhenError> {
    parse_when_in(text, &now())
}

#[test]
fn words_for_now_and_days() {
    assert_eq!(read("now"), Ok(utc(28, 12, 55, 0)));
    assert_eq!(
        read("today"),
        Ok(utc(27, 22, 0, 0)),
        "start of the local day"
    );
    assert_eq!(read("today 14:30"), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("today at 14:30"), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("yesterday"), Ok(utc(26, 22, 0, 0)));
    assert_eq!(read("yesterday 9:00"), Ok(utc(27, 7, 0, 0)));
    assert_eq!(read("tomorrow 8"), Ok(utc(29, 6, 0, 0)));
    assert_eq!(read("tomorrow 2pm"), Ok(utc(29, 12, 0, 0)));
}

#[test]
fn case_and_spacing_do_not_matter() {
    assert_eq!(read("  Today   2:30PM "), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("NOW"), Ok(utc(28, 12, 55, 0)));
}

#[test]
fn relative_offsets() {
    assert_eq!(read("-2h"), Ok(utc(28, 10, 55, 0)));
    assert_eq!(read("+30m"), Ok(utc(28, 13, 25, 0)));
    assert_eq!(read("-1d"), Ok(utc(27, 12, 55, 0)));
    assert_eq!(read("-1h30m"), Ok(utc(28, 11, 25, 0)));
    assert_eq!(read("in 2 hours"), Ok(utc(28, 14, 55, 0)));
    assert_eq!(read("3 days ago"), Ok(utc(25, 12, 55, 0)));
    assert_eq!(
        read("+1w"),
        Ok(Utc.with_ymd_and_hms(2026, 12, 5, 12, 55, 0).unwrap())
    );
}

#[test]
fn a_time_alone_is_today() {
    assert_eq!(read("14:30"), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("9:05"), Ok(utc(28, 7, 5, 0)));
    assert_eq!(read("9am"), Ok(utc(28, 7, 0, 0)));
    assert_eq!(read("12am"), Ok(utc(27, 22, 0, 0)), "12am is midnight");
}

#[test]
fn calendar_dates_are_local() {
    assert_eq!(read("2026-11-28 14:30"), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("2026-11-28"), Ok(utc(27, 22, 0, 0)));
    assert_eq!(read("2026-11-28T14:30"), Ok(utc(28, 12, 30, 0)));
    assert_eq!(read("2026-11-28T14:30:15"), Ok(utc(28, 12, 30, 15)));
    assert_eq!(
        read("2026-11-28T14:30:15.250"),
        Ok(utc(28, 12, 30, 15) + chrono::TimeDelta::milliseconds(250))
    );
}

#[test]
fn iso_forms_with_their_own_zone_keep_it() {
    assert_eq!(read("2026-11-28T14:30:00Z"), Ok(utc(28, 14, 30, 0)));
    assert_eq!(read("2026-11-28T14:30Z"), Ok(utc(28, 14, 30, 0)));
    assert_eq!(read("2026-11-28T14:30:00+01:00"), Ok(utc(28, 13, 30, 0)));
    assert_eq!(read("2026-11-28 14:30 -0500"), Ok(utc(28, 19, 30, 0)));
}

#[test]
fn what_is_not_a_date_says_why() {
    assert_eq!(read(""), Err(WhenError::Empty));
    assert_eq!(read("   "), Err(WhenError::Empty));
    assert!(matches!(read("soon"), Err(WhenError::Unrecognised(_))));
    assert!(matches!(read("25:00"), Err(WhenError::BadTime(_))));
    assert!(matches!(read("today 9:7"), Err(WhenError::BadTime(_))));
    assert!(matches!(read("today 13pm"), Err(WhenError::BadTime(_))));
    assert!(matches!(read("2026-02-30"), Err(WhenError::BadDate(_))));
    assert!(matches!(
        read("2026-11-28x14:30"),
        Err(WhenError::Unrecognised(_))
    ));
    assert!(matches!(
        read("+999999999999999d"),
        Err(WhenError::OutOfRange(_))
    ));
    let message = read("soon").unwrap_err().to_string();
    assert!(
        message.contains("today 14:30"),
        "the message suggests forms: {message}"
    );
}

#[test]
fn descriptions_say_when_and_how_far() {
    let zone = "UTC+02:00";
    assert_eq!(
        describe_in(utc(28, 12, 30, 0), &now(), zone),
        "Sat 28 Nov 2026 14:30 UTC+02:00 (25 min ago)"
    );
    assert_eq!(
        describe_in(utc(28, 14, 55, 0), &now(), zone),
        "Sat 28 Nov 2026 16:55 UTC+02:00 (in 2 h)"
    );
    assert_eq!(
        describe_in(utc(29, 6, 0, 0), &now(), zone),
        "Sun 29 Nov 2026 08:00 UTC+02:00 (in 17 h 5 min)"
    );
    assert_eq!(
        describe_in(utc(25, 12, 0, 0), &now(), zone),
        "Wed 25 Nov 2026 14:00 UTC+02:00 (3 days ago)"
    );
    assert_eq!(
        describe_in(utc(28, 12, 55, 0), &now(), zone),
        "Sat 28 Nov 2026 14:55 UTC+02:00 (now)"
    );
}

#[test]
fn zones_read_and_name_themselves() {
    let at = utc(28, 12, 55, 0);
    let fixed = Zone::Fixed(nicosia());
    assert_eq!(fixed.parse("today 14:30", at), Ok(utc(28, 12, 30, 0)));
    assert_eq!(Zone::utc().parse("today 14:30", at), Ok(utc(28, 14, 30, 0)));
    assert_eq!(Zone::utc().label(), "UTC");
    assert_eq!(fixed.label(), "UTC+02:00");
    assert_eq!(Zone::Local.label(), "local");
    assert_eq!(fixed.understand("", at), Understood::Empty);
    assert_eq!(
        fixed.understand("-2h", at),
        Understood::Date(utc(28, 10, 55, 0))
    );
    assert!(matches!(
        fixed.understand("later", at),
        Understood::Invalid(_)
    ));
    assert_eq!(
        Zone::utc().describe(utc(28, 14, 30, 0), at),
        "Sat 28 Nov 2026 14:30 UTC (in 1 h 35 min)"
    );
}

#[test]
fn the_local_entry_points_agree_on_zone_free_forms() {
    // Whatever the machine's zone, offsets from now and explicit zones mean the same instant.
    let local: DateTime<Local> = utc(28, 12, 55, 0).with_timezone(&Local);
    assert_eq!(parse_when("now", local), Ok(utc(28, 12, 55, 0)));
    assert_eq!(parse_when("-2h", local), Ok(utc(28, 10, 55, 0)));
    assert_eq!(
        parse_when("2026-11-28T09:00:00Z", local),
        Ok(utc(28, 9, 0, 0))
    );
    let text = describe(utc(28, 10, 55, 0), local);
    assert!(text.ends_with("local (2 h ago)"), "{text}");
}
