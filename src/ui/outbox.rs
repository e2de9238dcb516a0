//! The outbox view: each action not yet confirmed, with its age, attempts and state.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::clip;
use super::layout::centered;
use super::theme::Theme;
use crate::app::App;
use crate::outbox::{Entry, EntryState};

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let popup = centered(area, area.width.saturating_sub(4).min(110), area.height);
    let inner_width = usize::from(popup.width.saturating_sub(2));
    let now = app.clock();
    let state = &app.outbox;
    let mut lines = Vec::new();
    if state.entries.is_empty() {
        lines.push(Line::from(Span::styled(
            "Nothing waits: every action was confirmed by the server.",
            theme.dim(),
        )));
    } else {
        lines.push(Line::from(Span::styled(
            format!(
                "  {:<9} {:<10} {:<9} {:>6} {:>5}  state",
                "entry", "job", "action", "age", "tries"
            ),
            theme.dim(),
        )));
    }
    for (row, entry) in state.entries.iter().enumerate() {
        let selected = row == state.selected;
        lines.push(entry_line(entry, selected, now, inner_width, theme));
    }
    // The row clips the state; the selected entry's is shown whole below the table.
    if let Some(entry) = state.selected_entry() {
        lines.push(Line::default());
        let (text, style) = state_text(entry, theme);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {}: ", entry.action.verb(), entry.job()),
                theme.title(),
            ),
            Span::styled(text, style),
        ]));
    }
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(Span::styled(
                    format!(" Outbox · {} not yet confirmed ", state.entries.len()),
                    theme.title(),
                ))
                .border_style(theme.focused()),
        )
        .wrap(Wrap { trim: false })
        .render(popup, buf);
}

/// One entry: marker, id, job, action, age, attempts, and its state with the last error.
fn entry_line(
    entry: &Entry,
    selected: bool,
    now: DateTime<Utc>,
    width: usize,
    theme: Theme,
) -> Line<'static> {
    let (state, style) = state_text(entry, theme);
    let head = format!(
        "{} {:<9} {:<10} {:<9} {:>6} {:>5}  ",
        if selected { "▶" } else { " " },
        entry.id,
        clip(entry.job(), 10),
        entry.action.verb(),
        age(now, entry.created),
        entry.attempts
    );
    let room = width.saturating_sub(head.chars().count()).max(10);
    let row_style = if selected {
        theme.selected()
    } else {
        Style::default()
    };
    Line::from(vec![
        Span::styled(head, row_style),
        Span::styled(clip(&state, room), style.patch(row_style)),
    ])
}

/// The entry's state with its last error or conflict, and its style.
fn state_text(entry: &Entry, theme: Theme) -> (String, Style) {
    match &entry.state {
        EntryState::Queued => ("sending".to_owned(), theme.text()),
        EntryState::Waiting { error, .. } => (format!("waiting: {error}"), theme.warning()),
        EntryState::Conflict { why } => (format!("conflict: {why}"), theme.error()),
    }
}

/// How long ago, coarse: `<1 min`, `12 min`, `3 h`, `2 d`.
fn age(now: DateTime<Utc>, then: DateTime<Utc>) -> String {
    let minutes = (now - then).num_minutes().max(0);
    match minutes {
        0 => "<1 min".to_owned(),
        1..=59 => format!("{minutes} min"),
        60..=2879 => format!("{} h", minutes / 60),
        _ => format!("{} d", minutes / 1440),
    }
}
