//! The header line: profile, user@organisation, server, connection state, when the rows
//! shown were saved (while they come from the job cache), outbox count, demo marker.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::clip;
use crate::app::saved::saved_label;
use crate::app::{App, Connection};

/// Spinner frames, advanced by the timer that runs only while a request is in flight.
const SPINNER: [&str; 4] = ["-", "\\", "|", "/"];

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let session = &app.session;
    let state = match &session.connection {
        Connection::Online => Span::styled("● online", theme.success()),
        Connection::Offline(_) => Span::styled("○ offline", theme.error()),
        Connection::Connecting => Span::styled("◌ connecting", theme.warning()),
        Connection::LoggedOut => Span::styled("○ logged out", theme.dim()),
    };
    let sep = || Span::styled(if theme.ascii { " | " } else { " │ " }, theme.dim());
    // Rows from the job cache may be out of date: said beside the connection, not hidden.
    let saved = app
        .tab()
        .saved_at()
        .map(|at| format!("saved {}", saved_label(at, app.clock, app.zone)));
    let who = format!("{}@{}", session.username, session.organisation);
    let mut left = Vec::new();
    if area.width >= 100 {
        left.extend([Span::styled(" crmjobs", theme.title()), sep()]);
    } else {
        left.push(Span::raw(" "));
    }
    // Unconfirmed actions are what a supervisor must not overlook; nothing shows when none.
    let unsent = app.outbox.entries.len();
    let outbox = (unsent > 0).then(|| format!("outbox {unsent}"));
    // The server is what gives way on a narrow screen.
    let fixed = session.profile.chars().count()
        + who.chars().count()
        + 3 * 3
        + 14
        + 7
        + outbox.as_ref().map_or(0, |o| o.chars().count() + 3)
        + saved.as_ref().map_or(0, |s| s.chars().count() + 3);
    let room = usize::from(area.width).saturating_sub(fixed);
    left.extend([
        Span::raw(session.profile.as_str()),
        sep(),
        Span::raw(who),
        sep(),
        Span::styled(clip(&session.server, room.max(8)), theme.dim()),
        sep(),
        state,
    ]);
    if let Some(saved) = saved {
        left.extend([sep(), Span::styled(saved, theme.warning())]);
    }
    if let Some(outbox) = outbox {
        left.extend([sep(), Span::styled(outbox, theme.warning())]);
    }
    if app.is_busy() {
        left.push(Span::raw(format!(
            " {}",
            SPINNER[app.spinner % SPINNER.len()]
        )));
    }
    Paragraph::new(Line::from(left)).render(area, buf);
    if session.demo {
        let marker = Span::styled(" DEMO ", theme.warning().add_modifier(Modifier::REVERSED));
        Paragraph::new(Line::from(marker))
            .alignment(Alignment::Right)
            .render(area, buf);
    }
}
