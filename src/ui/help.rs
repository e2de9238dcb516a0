//! The help overlay, generated from the keymap: every binding of every mode.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::layout::centered;
use crate::app::App;
use crate::app::keymap::Mode;

pub(super) fn render(app: &App, scroll: u16, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        let bindings: Vec<_> = app
            .keymap
            .bindings()
            .iter()
            .filter(|b| b.mode == mode && !b.keys.is_empty())
            .collect();
        if bindings.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(mode.title(), theme.title())));
        for binding in bindings {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", keys.join(" ")), theme.focused()),
                Span::raw(binding.help),
            ]));
        }
    }
    let popup = centered(area, 64, area.height);
    Clear.render(popup, buf);
    Paragraph::new(lines)
        .block(
            theme
                .block()
                .title(Span::styled(" Help ", theme.title()))
                .border_style(theme.focused()),
        )
        .scroll((scroll, 0))
        .render(popup, buf);
}
