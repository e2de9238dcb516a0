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

use chrono::{DateTime, Local, Utc};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use crate::app::{App, Overlay};

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

/// A date in local time, short: `28 Nov 14:30`.
#[must_use]
pub fn short_time(date: Option<DateTime<Utc>>) -> String {
    date.map(|d| d.with_timezone(&Local).format("%d %b %H:%M").to_string())
        .unwrap_or_default()
}

/// A date in local time, long: `Sat 28 Nov 2026 14:30`.
#[must_use]
pub fn long_time(date: Option<DateTime<Utc>>) -> String {
    date.map_or_else(
        || "—".to_owned(),
        |d| {
            d.with_timezone(&Local)
                .format("%a %d %b %Y %H:%M")
                .to_string()
        },
    )
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
