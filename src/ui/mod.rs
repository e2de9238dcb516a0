//! Pure rendering of the application state: nothing here changes state or does I/O.
mod bulk;
mod detail;
mod draft;
mod footer;
pub mod form;
mod header;
mod help;
pub mod layout;
pub mod list;
mod login;
mod outbox;
mod overview;
pub mod theme;

use std::ops::Range;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::app::{App, Overlay};
use crate::when::Zone;

/// Draws the whole screen from the app's state.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if !layout::fits(area) {
        too_small(area, frame);
        return;
    }
    let areas = layout::areas(area);
    let buf = frame.buffer_mut();
    header::render(app, areas.header, buf);
    if let Some(login) = app.login.as_ref().filter(|l| l.is_shown() && !l.is_again()) {
        let cursor = login::render(app, login, areas.body, buf);
        footer::render(app, areas.status, areas.hints, buf);
        frame.set_cursor_position(cursor);
        return;
    }
    list::render_tabs(app, areas.tabs, buf);
    match &app.overlay {
        Overlay::Detail => detail::render_full(app, areas.body, buf),
        Overlay::None
        | Overlay::Help(_)
        | Overlay::Form(_)
        | Overlay::Outbox
        | Overlay::Bulk(_) => {
            list::render(app, areas.list, buf);
            detail::render_pane(app, areas.detail, areas.list.x == areas.detail.x, buf);
        }
    }
    match &app.overlay {
        Overlay::Help(scroll) => help::render(app, *scroll, areas.body, buf),
        Overlay::Form(action_form) => form::render_form(action_form, areas.body, buf, &app.theme),
        Overlay::Outbox => outbox::render(app, areas.body, buf),
        Overlay::Bulk(batch) => bulk::render(batch, areas.body, buf, app.theme),
        Overlay::None | Overlay::Detail => {}
    }
    if let Some(offer) = app.drafts.offer() {
        draft::render(app, offer, areas.body, buf);
    }
    let footer_cursor = footer::render(app, areas.status, areas.hints, buf);
    // Logging in again: the prompt over whatever was on screen, which stays as it was.
    if let Some(login) = app.login.as_ref().filter(|l| l.is_shown() && l.is_again()) {
        let cursor = login::render(app, login, areas.body, frame.buffer_mut());
        frame.set_cursor_position(cursor);
        return;
    }
    let form_cursor = app
        .form()
        .and_then(|f| form::cursor(f, areas.body))
        .map(Position::from);
    if let Some(cursor) = form_cursor.or(footer_cursor) {
        frame.set_cursor_position(cursor);
    }
}

fn too_small(area: Rect, frame: &mut Frame) {
    let text = format!(
        "terminal too small: {}x{}, crmjobs needs {}x{}",
        area.width,
        area.height,
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT
    );
    Clear.render(area, frame.buffer_mut());
    Paragraph::new(Line::from(text))
        .wrap(Wrap { trim: true })
        .render(area, frame.buffer_mut());
}

/// How `short_time` writes a date.
const SHORT: &str = "%d %b %H:%M";

/// How `long_time` writes a date.
const LONG: &str = "%a %d %b %Y %H:%M";

/// A date in `zone` (the app's), short: `28 Nov 14:30`.
#[must_use]
pub fn short_time(date: Option<DateTime<Utc>>, zone: Zone) -> String {
    let mut text = String::with_capacity(12);
    if let Some(date) = date {
        zone.write(&mut text, date, SHORT);
    }
    text
}

/// A date in `zone` (the app's), long: `Sat 28 Nov 2026 14:30`.
#[must_use]
pub fn long_time(date: Option<DateTime<Utc>>, zone: Zone) -> String {
    let Some(date) = date else {
        return "—".to_owned();
    };
    let mut text = String::with_capacity(21);
    zone.write(&mut text, date, LONG);
    text
}

/// The short dates of the rows on screen, in one buffer for the frame: rows often share a
/// date, so each distinct instant is turned into the app's zone and written once (each with
/// its own offset, so dates either side of a daylight saving change stay right), and no
/// date needs a `String` of its own.
pub(crate) struct ShortTimes {
    zone: Zone,
    text: String,
    /// Each instant written so far and where its text is.
    written: Vec<(DateTime<Utc>, Range<usize>)>,
}

impl ShortTimes {
    /// No dates yet; they will be written in `zone`.
    pub(crate) fn new(zone: Zone) -> Self {
        Self {
            zone,
            text: String::new(),
            written: Vec::new(),
        }
    }

    /// Writes `date` (unless written already); where its text is.
    pub(crate) fn add(&mut self, date: Option<DateTime<Utc>>) -> Range<usize> {
        let Some(date) = date else {
            return 0..0;
        };
        if let Some((_, range)) = self.written.iter().find(|(d, _)| *d == date) {
            return range.clone();
        }
        let start = self.text.len();
        self.zone.write(&mut self.text, date, SHORT);
        let range = start..self.text.len();
        self.written.push((date, range.clone()));
        range
    }

    /// The text of a date added before.
    pub(crate) fn get(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or_default()
    }
}

/// Shortens `text` to `width` columns, marking the cut with `…`.
#[must_use]
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use chrono_tz::Tz;

    use super::*;

    #[test]
    fn shared_dates_read_as_each_formatted_alone() {
        // Every 7 h 13 min for over a year: both sides of each daylight saving change in
        // Berlin and St John's (a half-hour zone), each instant several times, and no date.
        let start = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
        let dates: Vec<Option<DateTime<Utc>>> = (0..1_300)
            .map(|i| start.to_utc() + TimeDelta::minutes(433 * (i % 1_250)))
            .map(Some)
            .chain([None])
            .collect();
        for tz in [
            chrono_tz::Europe::Berlin,
            chrono_tz::America::St_Johns,
            Tz::UTC,
        ] {
            let zone = Zone::Named(tz);
            let mut times = ShortTimes::new(zone);
            let ranges: Vec<_> = dates.iter().map(|&d| times.add(d)).collect();
            for (&date, range) in dates.iter().zip(ranges) {
                let alone = date.map(|d| d.with_timezone(&tz).format(SHORT).to_string());
                assert_eq!(times.get(range), alone.unwrap_or_default(), "{date:?}");
            }
            assert_eq!(times.written.len(), 1_250, "each instant written once");
            let again = times.add(dates[3]);
            assert_eq!(short_time(dates[3], zone), times.get(again));
            let long = start.with_timezone(&tz).format(LONG);
            assert_eq!(long_time(Some(start.to_utc()), zone), long.to_string());
            assert_eq!(long_time(None, zone), "—");
        }
        let kolkata = Zone::Named(chrono_tz::Asia::Kolkata);
        assert_eq!(short_time(Some(start.to_utc()), kolkata), "01 Jan 05:30");
        assert_eq!(
            long_time(
                Some(start.to_utc()),
                Zone::Named(chrono_tz::America::St_Johns)
            ),
            "Wed 31 Dec 2025 20:30"
        );
    }
}
