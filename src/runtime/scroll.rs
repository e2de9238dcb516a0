//! Scrolling the job list with the terminal's own scroll region. When the list moves by one
//! row, the frame first asks the terminal to move the list's lines (CSI top;bottom r, then
//! CSI 1 S or CSI 1 T, then CSI r: a dozen bytes) and ratatui then diffs against what the
//! terminal shows after that move, so only the row that came into view, the two highlight
//! rows and what really changed beside them are written: about an eighth of redrawing every
//! row at 200x50 (see `tests/perf/bytes.rs`). Whatever the guess, the diff is taken against
//! exactly what the terminal shows, so the picture is always right.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use crate::app::{App, Overlay};
use crate::ui::layout;

/// What the list showed in a frame: enough to recognise a one-row scroll in the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shown {
    size: (u16, u16),
    tab: usize,
    offset: usize,
}

/// A scroll of whole terminal lines `top..bottom` by one, up (content moves up) or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    top: u16,
    bottom: u16,
    up: bool,
}

/// Remembers the last frame's list, to tell whether the next one scrolled it by one row.
#[derive(Debug, Default)]
pub struct ScrollTracker {
    shown: Option<Shown>,
}

/// The list as `app` shows it, if it is on screen unobstructed.
fn shown(app: &App) -> Option<Shown> {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let plain =
        matches!(app.overlay, Overlay::None) && app.login.as_ref().is_none_or(|l| !l.is_shown());
    (plain && layout::fits(area)).then(|| Shown {
        size: app.size,
        tab: app.current,
        offset: app.tab().offset(),
    })
}

impl ScrollTracker {
    /// The scroll that turns the last frame's list into `app`'s, when it is one row on the
    /// same tab at the same size; remembers `app`'s list for the next frame.
    pub fn next(&mut self, app: &App) -> Option<Scroll> {
        let now = shown(app);
        let before = std::mem::replace(&mut self.shown, now);
        let (before, now) = (before?, now?);
        if before.size != now.size
            || before.tab != now.tab
            || before.offset.abs_diff(now.offset) != 1
        {
            return None;
        }
        let list = layout::areas(Rect::new(0, 0, now.size.0, now.size.1)).list;
        // The heading row stays; the job rows below it move.
        let (top, bottom) = (list.y + 1, list.y + list.height);
        (bottom > top + 1).then_some(Scroll {
            top,
            bottom,
            up: now.offset > before.offset,
        })
    }

    /// Forgets the last frame (after a resize or anything else that redraws everything).
    pub fn forget(&mut self) {
        self.shown = None;
    }
}

impl Scroll {
    /// The bytes that make the terminal scroll: set the region, scroll by one, reset the
    /// region (which also homes the cursor).
    #[must_use]
    pub fn sequence(&self) -> String {
        let direction = if self.up { 'S' } else { 'T' };
        format!(
            "\x1b[{};{}r\x1b[1{direction}\x1b[r",
            self.top + 1,
            self.bottom
        )
    }

    /// `screen` as the terminal shows it after the scroll: whole lines moved by one, the
    /// line that came free blank.
    pub fn apply(&self, screen: &mut Buffer) {
        let width = screen.area.width;
        let rows: Vec<u16> = if self.up {
            (self.top..self.bottom).collect()
        } else {
            (self.top..self.bottom).rev().collect()
        };
        for y in rows {
            let from = if self.up { y + 1 } else { y.wrapping_sub(1) };
            let inside = (self.top..self.bottom).contains(&from);
            for x in 0..width {
                let cell = if inside {
                    screen[(x, from)].clone()
                } else {
                    Cell::default()
                };
                screen[(x, y)] = cell;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(buffer: &Buffer) -> Vec<String> {
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn scrolling_moves_whole_lines_within_the_region_only() {
        let mut screen = Buffer::with_lines(["head", "aaaa", "bbbb", "cccc", "foot"]);
        Scroll {
            top: 1,
            bottom: 4,
            up: true,
        }
        .apply(&mut screen);
        assert_eq!(lines(&screen), ["head", "bbbb", "cccc", "    ", "foot"]);
        Scroll {
            top: 1,
            bottom: 4,
            up: false,
        }
        .apply(&mut screen);
        assert_eq!(lines(&screen), ["head", "    ", "bbbb", "cccc", "foot"]);
    }

    #[test]
    fn the_sequence_names_the_region_one_based() {
        let scroll = Scroll {
            top: 3,
            bottom: 48,
            up: true,
        };
        assert_eq!(scroll.sequence(), "\x1b[4;48r\x1b[1S\x1b[r");
    }
}
