//! Where each part of the screen goes. Pure functions of the size, shared with the model so
//! paging and scrolling know how many rows the table shows.

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this size the screen only says it is too small.
pub const MIN_WIDTH: u16 = 60;
/// Below this size the screen only says it is too small.
pub const MIN_HEIGHT: u16 = 12;
/// From this width on the detail pane goes beside the table, below it otherwise.
pub const WIDE: u16 = 140;

/// The parts of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// Profile, user, server, connection.
    pub header: Rect,
    /// The life cycle tabs.
    pub tabs: Rect,
    /// The job table, its heading row included.
    pub list: Rect,
    /// The detail pane.
    pub detail: Rect,
    /// Everything between the tabs and the footer (overlays cover it).
    pub body: Rect,
    /// Notice or filter line.
    pub status: Rect,
    /// Key hints.
    pub hints: Rect,
}

/// Whether the screen is big enough for the app.
#[must_use]
pub fn fits(area: Rect) -> bool {
    area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT
}

/// The parts of the screen for `area`.
#[must_use]
pub fn areas(area: Rect) -> Areas {
    let [header, tabs, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let [list, detail] = if area.width >= WIDE {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(body)
    } else {
        Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body)
    };
    Areas {
        header,
        tabs,
        list,
        detail,
        body,
        status,
        hints,
    }
}

/// How many job rows the table shows at `size` (columns, rows): its height less the
/// heading row.
#[must_use]
pub fn list_rows((width, height): (u16, u16)) -> u16 {
    areas(Rect::new(0, 0, width, height))
        .list
        .height
        .saturating_sub(1)
}

/// A box of at most `width` x `height` in the middle of `area`.
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_goes_beside_on_wide_and_below_on_narrow() {
        let wide = areas(Rect::new(0, 0, 160, 48));
        assert_eq!(wide.list.y, wide.detail.y);
        assert!(wide.detail.x > wide.list.x);
        let narrow = areas(Rect::new(0, 0, 80, 24));
        assert_eq!(narrow.list.x, narrow.detail.x);
        assert!(narrow.detail.y > narrow.list.y);
        assert_eq!(list_rows((80, 24)), 9);
    }

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for w in 0..5 {
            for h in 0..5 {
                let _ = areas(Rect::new(0, 0, w, h));
                let _ = list_rows((w, h));
                let _ = centered(Rect::new(0, 0, w, h), 10, 10);
            }
        }
    }
}
