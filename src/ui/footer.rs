//! The footer: the filter and the latest notice, then key hints built from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::keymap::{Action, Mode};
use crate::app::{App, Notice};

/// Draws both lines; returns where the text cursor goes while the filter is typed.
pub(super) fn render(app: &App, status: Rect, hints: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = app.theme;
    let mut spans = Vec::new();
    let mut cursor = None;
    if app.filtering || !app.filter.is_empty() {
        let key = app
            .keymap
            .key_for(Mode::List, Action::Filter)
            .unwrap_or_default();
        let prefix = format!(" {key} ");
        if app.filtering {
            let column = prefix.chars().count() + app.filter.cursor();
            let x = status.x + u16::try_from(column).unwrap_or(u16::MAX);
            cursor = Some(Position::new(
                x.min(status.right().saturating_sub(1)),
                status.y,
            ));
        }
        let tab = app.tab();
        spans.extend([
            Span::styled(prefix, theme.focused()),
            Span::raw(app.filter.text().to_owned()),
            Span::styled(
                format!("  {} of {} loaded ", tab.len(), tab.loaded()),
                theme.dim(),
            ),
        ]);
    }
    // While the filter is typed it has the line; afterwards the notice follows it.
    if !app.filtering {
        match &app.notice {
            Some(Notice::Info(text)) => {
                spans.push(Span::styled(format!(" {text}"), theme.success()));
            }
            Some(Notice::Error(text)) => {
                spans.push(Span::styled(format!(" {text}"), theme.error()));
            }
            None => {}
        }
    }
    Paragraph::new(Line::from(spans)).render(status, buf);
    render_hints(app, hints, buf);
    cursor
}

fn render_hints(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let hints = app.keymap.hints(app.mode());
    let natural: usize = hints
        .iter()
        .map(|(k, l)| k.chars().count() + l.chars().count() + 3)
        .sum();
    let wide_gap = natural <= usize::from(area.width);
    let mut spans = Vec::new();
    for (key, label) in hints {
        let gap = if spans.is_empty() || !wide_gap {
            " "
        } else {
            "  "
        };
        spans.push(Span::styled(format!("{gap}{key}"), theme.title()));
        spans.push(Span::styled(format!(" {label}"), theme.dim()));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}
