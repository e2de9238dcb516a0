//! A backend wrapper that leaves out what the terminal already shows: an empty diff writes
//! no colour resets, and the cursor is hidden, shown or moved only when that changes. An
//! unchanged frame therefore produces no bytes at all, and the screen can skip it entirely.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// Wraps a backend, remembering the cursor state it last set.
#[derive(Debug)]
pub struct QuietBackend<B> {
    inner: B,
    /// Where the cursor was last put, while nothing drawn since moved it.
    position: Option<Position>,
    /// Whether the cursor was last shown (`Some(true)`) or hidden; `None` before either.
    visible: Option<bool>,
}

impl<B> QuietBackend<B> {
    /// Wraps `inner`; the first frame sets the cursor state unconditionally.
    pub fn new(inner: B) -> Self {
        Self {
            inner,
            position: None,
            visible: None,
        }
    }

    /// Forgets where the cursor is (something else moved it, e.g. a scroll region).
    pub fn moved(&mut self) {
        self.position = None;
    }

    /// Forgets the cursor state, so the next frame sets it again (after the terminal was
    /// written by someone else, e.g. a resize clear).
    pub fn forget(&mut self) {
        self.position = None;
        self.visible = None;
    }
}

impl<B: Backend> Backend for QuietBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        // Printing moves the terminal's cursor: the next explicit position must be written.
        self.position = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.position = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.visible == Some(false) {
            return Ok(());
        }
        self.visible = Some(false);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.visible == Some(true) {
            return Ok(());
        }
        self.visible = Some(true);
        self.inner.show_cursor()
    }

    /// Answers from what was last set instead of asking the terminal, which would mean a
    /// round trip over the link (and reading input the event task owns).
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(self.position.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let position = position.into();
        if self.position == Some(position) {
            return Ok(());
        }
        self.position = Some(position);
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell as Counter;
    use std::io;
    use std::rc::Rc;

    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    use ratatui::widgets::Paragraph;

    use super::*;

    /// Counts the bytes written.
    #[derive(Clone, Default)]
    struct Wire(Rc<Counter<usize>>);

    impl io::Write for Wire {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.set(self.0.get() + buf.len());
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    type Quiet = Terminal<QuietBackend<CrosstermBackend<Wire>>>;

    fn terminal() -> (Quiet, Wire) {
        let wire = Wire::default();
        let backend = QuietBackend::new(CrosstermBackend::new(wire.clone()));
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 20, 2));
        let terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport })
            .expect("a terminal over a counter");
        (terminal, wire)
    }

    fn written(wire: &Wire) -> usize {
        wire.0.replace(0)
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let (mut terminal, wire) = terminal();
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .expect("drawn");
        assert!(written(&wire) > 5, "the first frame draws");
        terminal
            .draw(|f| f.render_widget(Paragraph::new("hello"), f.area()))
            .expect("drawn");
        assert_eq!(written(&wire), 0);
    }

    #[test]
    fn the_cursor_is_moved_only_when_it_moves() {
        let (mut terminal, wire) = terminal();
        let draw = |t: &mut Quiet, x| {
            t.draw(|f| f.set_cursor_position((x, 0))).expect("drawn");
        };
        draw(&mut terminal, 3);
        assert!(written(&wire) > 0, "first frame shows and places it");
        draw(&mut terminal, 3);
        assert_eq!(written(&wire), 0, "same place: nothing");
        draw(&mut terminal, 4);
        let moved = written(&wire);
        assert!(moved > 0 && moved < 12, "{moved} bytes: only a move");
        terminal.draw(|_| {}).expect("drawn");
        assert_eq!(written(&wire), 6, "hidden: ESC [ ? 2 5 l");
    }
}
