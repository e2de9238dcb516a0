//! The overview strip, at the right of the tabs line: how many loaded open jobs are overdue
//! or due today (the tabs themselves show the loaded count per life cycle state; the API
//! returns no totals). Counts come from the model, taken when the rows changed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;

/// Draws the strip in what the tabs (`used` columns) left of `area`, in the longest form
/// that fits; nothing when nothing is due or nothing fits.
pub(super) fn render(app: &App, area: Rect, used: usize, buf: &mut Buffer) {
    let theme = app.theme;
    let overview = app.overview;
    if overview.overdue == 0 && overview.today == 0 {
        return;
    }
    let (overdue, today) = (overview.overdue, overview.today);
    let forms = [
        (
            format!("! {overdue} overdue"),
            format!("~ {today} due today"),
        ),
        (format!("!{overdue}"), format!("~{today}")),
    ];
    let room = usize::from(area.width).saturating_sub(used + 2);
    for (late, soon) in forms {
        let spans = [
            (overdue > 0).then(|| Span::styled(late, theme.error())),
            (overdue > 0 && today > 0).then(|| Span::styled(" · ", theme.dim())),
            (today > 0).then(|| Span::styled(soon, theme.warning())),
            Some(Span::raw(" ")),
        ];
        let line = Line::from(spans.into_iter().flatten().collect::<Vec<_>>());
        if line.width() <= room {
            Paragraph::new(line)
                .alignment(Alignment::Right)
                .render(area, buf);
            return;
        }
    }
}
