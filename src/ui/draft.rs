//! The offer of a draft kept from an earlier session: a small box over the list.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::layout::centered;
use crate::app::App;
use crate::drafts::Draft;

/// Draws the question: restore the draft of the completion of this job?
pub(super) fn render(app: &App, draft: &Draft, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let popup = centered(area, 60, 7);
    Clear.render(popup, buf);
    let saved = super::short_time(Some(draft.saved), app.zone);
    let lines = vec![
        Line::from(format!(
            "Restore the draft of the completion of {}?",
            draft.job
        )),
        Line::from(Span::styled(format!("saved {saved}"), theme.dim())),
        Line::default(),
        Line::from("restore it, discard it, or keep it for later: keys below"),
    ];
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(Span::styled(" Draft kept ", theme.title()))
                .border_style(theme.focused()),
        )
        .wrap(Wrap { trim: true })
        .render(popup, buf);
}
