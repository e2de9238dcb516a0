//! `crmjobs doctor`'s guess of the server's time zone, for `server_timezone`.
//!
//! A server writes offset-less dates in its own zone, and an answer's HTTP `Date`
//! header says the server's "now" in UTC. A date that records something already done
//! (created, updated, started, completed) is never later than now, so when such a date, read
//! as UTC, is later than the `Date` of its answer, the server's zone is ahead of UTC by at
//! least that much. The guess is the smallest offset in use by any zone at that moment that
//! covers the lead: right when some job changed shortly before the run, too small otherwise,
//! and blind to zones behind UTC. It is offered as a best guess and says so.

use chrono::{DateTime, NaiveDateTime, Offset as _, TimeDelta, TimeZone as _, Utc};
use chrono_tz::{TZ_VARIANTS, Tz};

use super::doctor_report::ZoneSuggestion;
use super::doctor_text::span;

/// A date of a past event as written (offset-less), and the server's clock when it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedAnswer {
    /// The wall-clock text, read without a zone.
    pub wall: NaiveDateTime,
    /// The `Date` header of the answer that carried it.
    pub server_now: DateTime<Utc>,
}

/// A lead this small is the `Date` header's whole seconds and the dates' own, not a zone.
const NOISE: TimeDelta = TimeDelta::minutes(2);

/// Zones named first for an offset, one per offset in use; a scan of every zone finds the
/// rest. Cyprus first: CRM.COM's home.
const PREFERRED: [&str; 36] = [
    "Asia/Nicosia",
    "Europe/London",
    "Europe/Berlin",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Europe/Moscow",
    "Asia/Riyadh",
    "Asia/Tehran",
    "Asia/Dubai",
    "Asia/Kabul",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Asia/Dhaka",
    "Asia/Yangon",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Australia/Eucla",
    "Asia/Tokyo",
    "Australia/Darwin",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Noumea",
    "Pacific/Norfolk",
    "Pacific/Auckland",
    "Pacific/Fiji",
    "Pacific/Chatham",
    "Pacific/Tongatapu",
    "Pacific/Kiritimati",
    "Atlantic/Azores",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
];

/// `tz`'s offset from UTC at `at`.
fn offset_at(tz: Tz, at: DateTime<Utc>) -> TimeDelta {
    TimeDelta::seconds(i64::from(
        tz.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc(),
    ))
}

/// `+05:30`.
#[must_use]
pub fn offset_text(offset: TimeDelta) -> String {
    let sign = if offset < TimeDelta::zero() { '-' } else { '+' };
    let minutes = offset.num_minutes().unsigned_abs();
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A zone whose offset at `at` is `offset`: a preferred one, else any `Area/City` one.
fn zone_with(offset: TimeDelta, at: DateTime<Utc>) -> Option<Tz> {
    let preferred = PREFERRED.iter().filter_map(|name| name.parse::<Tz>().ok());
    let any = TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| tz.name().contains('/') && !tz.name().starts_with("Etc/"));
    preferred.chain(any).find(|tz| offset_at(*tz, at) == offset)
}

/// The smallest offset in use at `at` that is at least `lead`.
fn smallest_offset_covering(lead: TimeDelta, at: DateTime<Utc>) -> Option<TimeDelta> {
    TZ_VARIANTS
        .iter()
        .map(|tz| offset_at(*tz, at))
        .filter(|offset| *offset >= lead - TimeDelta::seconds(2))
        .min()
}

/// The zone guess from the past-event dates seen (see the top of this file); `offset_less`:
/// whether any date text came without an offset.
#[must_use]
pub fn guess_zone(dated: &[DatedAnswer], offset_less: bool, profile: Tz) -> ZoneSuggestion {
    let mut guess = ZoneSuggestion {
        profile_zone: profile.name().to_owned(),
        ..ZoneSuggestion::default()
    };
    let newest = dated.iter().max_by_key(|d| d.wall.and_utc() - d.server_now);
    let Some(newest) = newest.filter(|_| offset_less) else {
        guess.reason = if offset_less {
            "no date of a past event came with the server's clock".to_owned()
        } else {
            "no offset-less date was seen; dates with an offset need no server_timezone".to_owned()
        };
        return guess;
    };
    let lead = newest.wall.and_utc() - newest.server_now;
    let now = newest.server_now;
    if lead <= NOISE {
        guess.reason = format!(
            "no date of a past event, read as UTC, is later than the server's clock (the \
             newest is {} before it): UTC fits, and so does any zone behind UTC",
            span(-lead.num_seconds())
        );
        return guess;
    }
    let Some(offset) = smallest_offset_covering(lead, now) else {
        guess.reason = format!(
            "dates of past events read {} later than the server's clock as UTC, more than any \
             zone's offset",
            span(lead.num_seconds())
        );
        return guess;
    };
    let profile_fits = offset_at(profile, now) == offset;
    let zone = if profile_fits {
        Some(profile)
    } else {
        zone_with(offset, now)
    };
    guess.zone = zone.map(|tz| tz.name().to_owned());
    guess.offset = Some(offset_text(offset));
    guess.reason = format!(
        "the newest date of a past event reads {} later than the server's clock when taken as \
         UTC, so the server writes dates at least that far ahead of UTC; {} is the nearest \
         offset in use (right if some job changed shortly before this run){}",
        span(lead.num_seconds()),
        offset_text(offset),
        if profile_fits {
            "; the profile's server_timezone already has it"
        } else {
            ""
        }
    );
    guess
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        crate::api::date::parse(text).unwrap()
    }

    fn dated(wall: &str, now: &str) -> DatedAnswer {
        DatedAnswer {
            wall: at(wall).naive_utc(),
            server_now: at(now),
        }
    }

    #[test]
    fn a_lead_of_five_hours_twenty_is_india() {
        let seen = [
            dated("2026-11-28T12:00:00", "2026-11-28T09:00:00Z"),
            dated("2026-11-28T14:20:00", "2026-11-28T09:00:00Z"),
        ];
        let guess = guess_zone(&seen, true, Tz::UTC);
        assert_eq!(guess.offset.as_deref(), Some("+05:30"));
        assert_eq!(guess.zone.as_deref(), Some("Asia/Kolkata"));
        assert!(guess.reason.contains("5 h 20 min"), "{}", guess.reason);
    }

    #[test]
    fn summer_in_cyprus_is_three_hours_and_the_profile_is_kept_when_it_fits() {
        let seen = [dated("2026-07-01T11:58:00", "2026-07-01T09:00:00Z")];
        let guess = guess_zone(&seen, true, Tz::UTC);
        assert_eq!(guess.offset.as_deref(), Some("+03:00"));
        assert_eq!(guess.zone.as_deref(), Some("Asia/Nicosia"));
        let athens: Tz = "Europe/Athens".parse().unwrap();
        let kept = guess_zone(&seen, true, athens);
        assert_eq!(kept.zone.as_deref(), Some("Europe/Athens"));
        assert!(kept.reason.contains("already has it"));
    }

    #[test]
    fn past_dates_behind_the_clock_cannot_tell() {
        let seen = [dated("2026-11-28T08:50:00", "2026-11-28T09:00:00Z")];
        let guess = guess_zone(&seen, true, Tz::UTC);
        assert_eq!(guess.zone, None);
        assert!(guess.reason.contains("UTC fits"), "{}", guess.reason);
        assert!(guess_zone(&seen, false, Tz::UTC).zone.is_none());
        let future = [dated("2026-11-30T09:00:00", "2026-11-28T09:00:00Z")];
        assert!(guess_zone(&future, true, Tz::UTC).zone.is_none());
        assert_eq!(offset_text(TimeDelta::minutes(-210)), "-03:30");
    }
}
