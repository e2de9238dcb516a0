//! The login screen: server, organisation and user shown, the password asked (masked).

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::layout::centered;
use crate::app::App;
use crate::app::login::Login;
use crate::app::remote::Remote;

/// Draws the login box; returns where the text cursor goes (end of the password).
pub(super) fn render(app: &App, login: &Login, area: Rect, buf: &mut Buffer) -> Position {
    let theme = app.theme;
    let session = &app.session;
    let popup = centered(area, 64, 10);
    // The first login owns the body; a login again leaves the screen under it in view.
    Clear.render(if login.is_again() { popup } else { area }, buf);
    let label = |text: &'static str| Span::styled(format!("{text:<14}"), theme.dim());
    let masked = "•".repeat(login.masked_len());
    let state = match &login.state {
        Remote::Loading => Line::from(Span::styled("logging in…", theme.dim())),
        Remote::Failed(error) => Line::from(Span::styled(error.clone(), theme.error())),
        Remote::NotAsked if login.is_again() => Line::from(Span::styled(
            "the session expired; what you were doing is kept",
            theme.dim(),
        )),
        Remote::NotAsked | Remote::Loaded(()) => Line::default(),
    };
    let title = if login.is_again() {
        " Log in again "
    } else {
        " Log in "
    };
    let lines = vec![
        Line::from(vec![label("Server"), Span::raw(session.server.as_str())]),
        Line::from(vec![
            label("Organisation"),
            Span::raw(session.organisation.as_str()),
        ]),
        Line::from(vec![
            label("Username"),
            Span::raw(session.username.as_str()),
        ]),
        Line::from(vec![
            label("Password"),
            Span::styled(masked, theme.focused()),
        ]),
        Line::default(),
        state,
    ];
    let inner = Block::bordered().inner(popup);
    Paragraph::new(lines)
        .block(
            theme
                .block()
                .title(Span::styled(title, theme.title()))
                .border_style(theme.focused()),
        )
        .wrap(Wrap { trim: true })
        .render(popup, buf);
    let x = inner.x + 14 + u16::try_from(login.masked_len()).unwrap_or(0);
    Position::new(x.min(inner.right().saturating_sub(1)), inner.y + 3)
}
