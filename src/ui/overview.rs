//! The overview strip, at the right of the tabs line: how many jobs the user completed today,
//! and how many loaded open jobs are overdue or due today (the tabs themselves show the
//! loaded count per life cycle state; the API returns no totals). Counts come from the model,
//! taken when the rows changed.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::app::App;

/// Draws the strip in what the tabs (`used` columns) left of `area`, in the longest form
/// that fits; nothing when nothing is due or done, or nothing fits.
pub(super) fn render(app: &App, area: Rect, used: usize, buf: &mut Buffer) {
    let theme = app.theme;
    let overview = app.overview;
    let done = app.completed_today.count(app.today());
    if overview.overdue == 0 && overview.today == 0 && done == 0 {
        return;
    }
    let (overdue, today) = (overview.overdue, overview.today);
    let forms = [
        (
            format!("✓ {done} completed today by you"),
            format!("! {overdue} overdue"),
            format!("~ {today} due today"),
        ),
        (
            format!("✓ {done} today"),
            format!("! {overdue} overdue"),
            format!("~ {today} due today"),
        ),
        (
            format!("✓{done}"),
            format!("!{overdue}"),
            format!("~{today}"),
        ),
        // No room for all: what is due matters more than what is done.
        (String::new(), format!("!{overdue}"), format!("~{today}")),
    ];
    let room = usize::from(area.width).saturating_sub(used + 2);
    for (mine, late, soon) in forms {
        let show_mine = done > 0 && !mine.is_empty();
        let spans = [
            show_mine.then(|| Span::styled(mine, theme.success())),
            (show_mine && overdue + today > 0).then(|| Span::styled(" · ", theme.dim())),
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
