//! The footer: the filter or the latest notice, then key hints built from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::keymap::{Action, Mode};
use crate::app::{App, Notice};

/// Draws both lines; returns where the text cursor goes while the filter is typed.
pub(super) fn render(app: &App, status: Rect, hints: Rect, buf: &mut Buffer) -> Option<Position> {
    let theme = app.theme;
    let mode = app.mode();
    let mut cursor = None;
    let line = if app.filtering || !app.filter.is_empty() {
        let key = app
            .keymap
            .key_for(Mode::List, Action::Filter)
            .unwrap_or_default();
        let prefix = format!(" {key} ");
        if app.filtering {
            let x =
                status.x + u16::try_from(prefix.chars().count() + app.filter.cursor()).unwrap_or(0);
            cursor = Some(Position::new(
                x.min(status.right().saturating_sub(1)),
                status.y,
            ));
        }
        let tab = app.tab();
        Line::from(vec![
            Span::styled(prefix, theme.focused()),
            Span::raw(app.filter.text().to_owned()),
            Span::styled(
                format!("   {} of {} loaded", tab.len(), tab.loaded()),
                theme.dim(),
            ),
        ])
    } else {
        match &app.notice {
            Some(Notice::Info(text)) => {
                Line::from(Span::styled(format!(" {text}"), theme.success()))
            }
            Some(Notice::Error(text)) => {
                Line::from(Span::styled(format!(" {text}"), theme.error()))
            }
            None => Line::default(),
        }
    };
    Paragraph::new(line).render(status, buf);
    let hints_list = app.keymap.hints(mode);
    let natural: usize = hints_list
        .iter()
        .map(|(k, l)| k.chars().count() + l.chars().count() + 3)
        .sum();
    let wide_gap = natural <= usize::from(hints.width);
    let mut spans = Vec::new();
    for (key, label) in hints_list {
        let gap = if spans.is_empty() || !wide_gap {
            " "
        } else {
            "  "
        };
        spans.push(Span::styled(format!("{gap}{key}"), theme.title()));
        spans.push(Span::styled(format!(" {label}"), theme.dim()));
    }
    Paragraph::new(Line::from(spans)).render(hints, buf);
    cursor
}
