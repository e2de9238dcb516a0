//! Forgiving date entry: `now`, `today 14:30`, `yesterday`, `-2h`, ISO; and how it was understood.
//!
//! People type dates into the completion form the way they say them. Everything is read in
//! the local time zone unless the text carries its own (`Z`, `+02:00`), and every reading is
//! shown back ("Sat 28 Nov 2026 14:30 local (in 2 h)") so a misreading is seen before it is sent.
//! The parser is generic over the time zone so tests can pin one; the form uses [`Zone`].

mod zone;

use chrono::{
    DateTime, Days, FixedOffset, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone,
    Utc,
};

pub use zone::Zone;

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhenError {
    /// Nothing was typed.
    #[error("nothing entered")]
    Empty,
    /// The text matches none of the forms.
    #[error("cannot read \"{0}\"; try now, today 14:30, -2h or 2026-11-28 14:30")]
    Unrecognised(String),
    /// The time part is not a time of day (`25:00`, `9:75`).
    #[error("\"{0}\" is not a time of day")]
    BadTime(String),
    /// The date part is not a calendar date (`2026-02-30`).
    #[error("\"{0}\" is not a date")]
    BadDate(String),
    /// The local time falls in a clock change gap and never happens.
    #[error("{0} does not exist in this time zone (clock change)")]
    Skipped(String),
    /// The arithmetic left chrono's range (`+99999999d`).
    #[error("\"{0}\" is too far away")]
    OutOfRange(String),
}

/// What a date field's text means right now: shown live under the field as the user types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Understood {
    /// Nothing typed: the field is left out.
    Empty,
    /// Read as this instant.
    Date(DateTime<Utc>),
    /// Could not be read; the error says why.
    Invalid(WhenError),
}

/// Reads `text` as a date in the local time zone, relative to `now`.
///
/// # Errors
/// [`WhenError`] when the text is empty or not a date.
pub fn parse_when(text: &str, now: DateTime<Local>) -> Result<DateTime<Utc>, WhenError> {
    parse_when_in(text, &now)
}

/// `date` in local time with its distance from `now`: "Sat 28 Nov 2026 14:30 local (in 2 h)".
#[must_use]
pub fn describe(date: DateTime<Utc>, now: DateTime<Local>) -> String {
    describe_in(date, &now, "local")
}

/// Reads `text` relative to `now`, in `now`'s time zone. The accepted forms: `now`;
/// `today`, `yesterday`, `tomorrow`, each optionally followed by a time (`14:30`, `9`, `2pm`,
/// `at 8:15`); a time alone (`14:30`, today); relative offsets (`-2h`, `+30m`, `-1d`,
/// `-1h30m`, `in 2 hours`, `3 days ago`); `2026-11-28`, `2026-11-28 14:30` and ISO forms with
/// `T`, seconds, fractions, `Z` or an offset. Date-only forms mean the start of that day.
///
/// # Errors
/// [`WhenError`] when the text is empty or not a date.
pub fn parse_when_in<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
) -> Result<DateTime<Utc>, WhenError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text.to_lowercase();
    if text.is_empty() {
        return Err(WhenError::Empty);
    }
    if text == "now" {
        return Ok(now.to_utc());
    }
    if let Some(delta) = relative(&text) {
        let delta = delta?;
        return now
            .to_utc()
            .checked_add_signed(delta)
            .ok_or(WhenError::OutOfRange(text));
    }
    if let Some(result) = day_word(&text, now) {
        return result;
    }
    if let Some(result) = absolute(&text, &now.timezone()) {
        return result;
    }
    if looks_like_time(&text) {
        let time = time_of_day(&text)?;
        return in_zone(&now.timezone(), now.date_naive().and_time(time));
    }
    Err(WhenError::Unrecognised(text))
}

/// `today`, `yesterday`, `tomorrow`, optionally with a time.
fn day_word<Tz: TimeZone>(
    text: &str,
    now: &DateTime<Tz>,
) -> Option<Result<DateTime<Utc>, WhenError>> {
    let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
    let today = now.date_naive();
    let day = match word {
        "today" => Some(today),
        "yesterday" => today.checked_sub_days(Days::new(1)),
        "tomorrow" => today.checked_add_days(Days::new(1)),
        _ => return None,
    };
    let Some(day) = day else {
        return Some(Err(WhenError::OutOfRange(text.to_owned())));
    };
    let rest = rest.strip_prefix("at ").unwrap_or(rest).trim();
    let time = if rest.is_empty() {
        Ok(NaiveTime::MIN)
    } else {
        time_of_day(rest)
    };
    Some(time.and_then(|time| in_zone(&now.timezone(), day.and_time(time))))
}

/// `2026-11-28`, `2026-11-28 14:30`, `2026-11-28T14:30:00.5Z`, `2026-11-28T14:30+02:00`.
fn absolute<Tz: TimeZone>(text: &str, zone: &Tz) -> Option<Result<DateTime<Utc>, WhenError>> {
    let date_part = text.get(..10)?;
    let looks_like_date = date_part.bytes().enumerate().all(|(i, b)| {
        if i == 4 || i == 7 {
            b == b'-'
        } else {
            b.is_ascii_digit()
        }
    });
    if !looks_like_date {
        return None;
    }
    let Ok(date) = NaiveDate::parse_from_str(date_part, "%Y-%m-%d") else {
        return Some(Err(WhenError::BadDate(date_part.to_owned())));
    };
    let rest = &text[10..];
    if rest.is_empty() {
        return Some(in_zone(zone, date.and_time(NaiveTime::MIN)));
    }
    let Some(rest) = rest.strip_prefix('t').or_else(|| rest.strip_prefix(' ')) else {
        return Some(Err(WhenError::Unrecognised(text.to_owned())));
    };
    let (time_text, offset) = match split_offset(rest.trim()) {
        Ok(parts) => parts,
        Err(error) => return Some(Err(error)),
    };
    let naive = match time_of_day(time_text) {
        Ok(time) => date.and_time(time),
        Err(error) => return Some(Err(error)),
    };
    Some(match offset {
        Some(offset) => in_zone(&offset, naive),
        None => in_zone(zone, naive),
    })
}

/// Splits `14:30:00z` / `14:30+02:00` / `14:30 -0500` into the time and its offset, if any.
fn split_offset(text: &str) -> Result<(&str, Option<FixedOffset>), WhenError> {
    if let Some(time) = text.strip_suffix('z') {
        return Ok((time.trim_end(), FixedOffset::east_opt(0)));
    }
    let Some(at) = text.rfind(['+', '-']) else {
        return Ok((text, None));
    };
    let (time, offset) = text.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    let bad = || WhenError::Unrecognised(text.to_owned());
    if digits.len() != 2 && digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let hours: i32 = digits[..2].parse().map_err(|_| bad())?;
    let minutes: i32 = digits.get(2..).unwrap_or("0").parse().map_err(|_| bad())?;
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(bad)?;
    Ok((time.trim_end(), Some(offset)))
}

/// Whether the text alone is meant as a time today: `14:30`, `9am`, `2:15pm`.
fn looks_like_time(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && (text.contains(':') || text.ends_with("am") || text.ends_with("pm"))
}

/// `14`, `14:30`, `14:30:15`, `14:30:15.250`, `9am`, `2:30pm`, `12am` (midnight).
fn time_of_day(text: &str) -> Result<NaiveTime, WhenError> {
    let bad = || WhenError::BadTime(text.to_owned());
    let (clock, meridiem) = if let Some(clock) = text.strip_suffix("am") {
        (clock.trim_end(), Some(0))
    } else if let Some(clock) = text.strip_suffix("pm") {
        (clock.trim_end(), Some(12))
    } else {
        (text, None)
    };
    let mut parts = clock.splitn(3, ':');
    let hour: u32 = parts.next().unwrap_or("").parse().map_err(|_| bad())?;
    let minute: u32 = match parts.next() {
        Some(m) if m.len() == 2 => m.parse().map_err(|_| bad())?,
        Some(_) => return Err(bad()),
        None => 0,
    };
    let (second, nanos) = match parts.next() {
        Some(s) => seconds(s).ok_or_else(bad)?,
        None => (0, 0),
    };
    let hour = match meridiem {
        Some(_) if hour == 0 || hour > 12 => return Err(bad()),
        Some(add) => hour % 12 + add,
        None => hour,
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos).ok_or_else(bad)
}

/// `15` or `15.250` as seconds and nanoseconds.
fn seconds(text: &str) -> Option<(u32, u32)> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.len() != 2 || fraction.len() > 9 {
        return None;
    }
    let second = whole.parse().ok()?;
    if fraction.is_empty() {
        return Some((second, 0));
    }
    let nanos: u32 = format!("{fraction:0<9}").parse().ok()?;
    Some((second, nanos))
}

/// `-2h`, `+30m`, `-1h30m`, `in 2 hours`, `3 days ago`: `None` when the text is not relative,
/// an error when it is but overflows.
fn relative(text: &str) -> Option<Result<TimeDelta, WhenError>> {
    let (sign, body) = if let Some(body) = text.strip_prefix('-') {
        (-1, body)
    } else if let Some(body) = text.strip_prefix('+') {
        (1, body)
    } else if let Some(body) = text.strip_prefix("in ") {
        (1, body)
    } else if let Some(body) = text.strip_suffix(" ago") {
        (-1, body)
    } else {
        return None;
    };
    let mut total = TimeDelta::zero();
    let mut rest = body.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let amount: i64 = rest[..digits].parse().ok()?;
        let after = rest[digits..].trim_start();
        let unit_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let unit = unit_seconds(&after[..unit_len])?;
        let step = amount.checked_mul(unit).and_then(TimeDelta::try_seconds);
        let Some(sum) = step.and_then(|step| total.checked_add(&step)) else {
            return Some(Err(WhenError::OutOfRange(text.to_owned())));
        };
        total = sum;
        rest = after[unit_len..].trim_start();
    }
    Some(Ok(total * sign))
}

fn unit_seconds(unit: &str) -> Option<i64> {
    Some(match unit {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        "w" | "week" | "weeks" => 604_800,
        _ => return None,
    })
}

/// A wall-clock time in `zone`; the earlier reading when a clock change repeats it.
fn in_zone<Tz: TimeZone>(zone: &Tz, naive: NaiveDateTime) -> Result<DateTime<Utc>, WhenError> {
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|date| date.to_utc())
        .ok_or_else(|| WhenError::Skipped(naive.format("%Y-%m-%d %H:%M").to_string()))
}

/// `date` in `now`'s zone, named `zone_label`, with its distance from `now`.
#[must_use]
pub fn describe_in<Tz: TimeZone>(
    date: DateTime<Utc>,
    now: &DateTime<Tz>,
    zone_label: &str,
) -> String
where
    Tz::Offset: std::fmt::Display,
{
    let shown = date.with_timezone(&now.timezone());
    let distance = distance(date - now.to_utc());
    format!(
        "{} {zone_label} ({distance})",
        shown.format("%a %-d %b %Y %H:%M")
    )
}

/// "now", "in 5 min", "2 h 30 min ago", "in 3 days".
fn distance(delta: TimeDelta) -> String {
    let minutes = delta.num_minutes().unsigned_abs();
    let amount = match minutes {
        0 => return "now".to_owned(),
        1..60 => format!("{minutes} min"),
        60..1440 if minutes.is_multiple_of(60) => format!("{} h", minutes / 60),
        60..1440 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ if minutes / 1440 == 1 => "1 day".to_owned(),
        _ => format!("{} days", minutes / 1440),
    };
    if delta < TimeDelta::zero() {
        format!("{amount} ago")
    } else {
        format!("in {amount}")
    }
}
