//! The real terminal: raw mode and the alternate screen on the way in, restored on every way
//! out (drop, error, panic). Each frame is collected in memory and written with one write,
//! wrapped in synchronized output so the terminal never shows half a frame; a frame that
//! changes nothing on the terminal is not written at all.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, Once, PoisonError};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableMouseCapture};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute, queue, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::Screen;
use super::quiet::QuietBackend;
use super::scroll::ScrollTracker;
use crate::app::App;

/// Bytes of the frame being drawn, shared between the backend's writer and the screen.
#[derive(Debug, Clone, Default)]
struct FrameBuffer(Arc<Mutex<Vec<u8>>>);

impl FrameBuffer {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

impl Write for FrameBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// ratatui flushes several times per frame; the frame leaves in `commit` instead.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The terminal the app runs in, with any writer as the real output (stdout in production,
/// a byte counter in benchmarks).
pub struct TerminalScreen<W: Write> {
    terminal: Terminal<QuietBackend<CrosstermBackend<FrameBuffer>>>,
    frame: FrameBuffer,
    out: W,
    size: (u16, u16),
    /// Test-only: panic once the first frame is out (see [`TEST_PANIC_ENV`]).
    panic_after_frame: bool,
    /// The last frame as the terminal shows it, for scrolling it in place.
    last: ratatui::buffer::Buffer,
    scroll: ScrollTracker,
    tmux: bool,
}

/// Test-only switch: when this environment variable is set, the real terminal screen panics
/// right after drawing its first frame, so the exit tests can prove a panic restores the
/// terminal. Not a user setting; it changes nothing else.
pub const TEST_PANIC_ENV: &str = "CRMJOBS_TEST_PANIC";

impl<W: Write> TerminalScreen<W> {
    /// A screen of `size` writing frames to `out`. Does not touch terminal modes.
    ///
    /// # Errors
    /// The backend could not be set up.
    pub fn new(out: W, size: (u16, u16)) -> io::Result<Self> {
        let frame = FrameBuffer::default();
        let backend = QuietBackend::new(CrosstermBackend::new(frame.clone()));
        let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, size.0, size.1));
        let terminal = Terminal::with_options(backend, ratatui::TerminalOptions { viewport })?;
        Ok(Self {
            terminal,
            frame,
            out,
            size,
            panic_after_frame: std::env::var_os(TEST_PANIC_ENV).is_some(),
            last: ratatui::buffer::Buffer::default(),
            scroll: ScrollTracker::default(),
            tmux: super::osc52::in_tmux(),
        })
    }

    /// Wraps clipboard escapes for tmux (or not), whatever `TMUX` says.
    #[must_use]
    pub fn with_tmux(mut self, tmux: bool) -> Self {
        self.tmux = tmux;
        self
    }

    /// Follows a new terminal size (the viewport is fixed so that size never has to be
    /// asked of the terminal during a frame).
    ///
    /// # Errors
    /// The backend refused.
    pub fn resize(&mut self, size: (u16, u16)) -> io::Result<()> {
        self.size = size;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.0, size.1))?;
        // The clear moved the cursor; the next frame places it again.
        self.terminal.backend_mut().forget();
        self.scroll.forget();
        Ok(())
    }

    fn commit(&mut self) -> io::Result<()> {
        let bytes = self.frame.take();
        self.out.write_all(&bytes)?;
        self.out.flush()
    }
}

impl<W: Write> Screen for TerminalScreen<W> {
    fn draw(&mut self, app: &App) -> io::Result<()> {
        if app.size != self.size {
            self.resize(app.size)?;
        }
        let scroll = self.scroll.next(app);
        queue!(self.frame, BeginSynchronizedUpdate)?;
        let opening = self.frame.len();
        if let Some(scroll) = scroll {
            // The terminal moves the list's lines itself; ratatui then diffs against the
            // moved picture (its previous buffer is replaced by it through a swap).
            scroll.apply(&mut self.last);
            let current = self.terminal.current_buffer_mut();
            current.content.clone_from(&self.last.content);
            self.terminal.swap_buffers();
            self.frame.write_all(scroll.sequence().as_bytes())?;
            self.terminal.backend_mut().moved();
        }
        let completed = self.terminal.draw(|frame| crate::ui::render(app, frame))?;
        self.last.area = completed.buffer.area;
        self.last.content.clone_from(&completed.buffer.content);
        if self.frame.len() == opening {
            // Nothing changed on the terminal: not even the synchronized-output brackets go out.
            self.frame.clear();
            return Ok(());
        }
        queue!(self.frame, EndSynchronizedUpdate)?;
        self.commit()?;
        assert!(
            !self.panic_after_frame,
            "{TEST_PANIC_ENV} is set: panicking after the first frame, as asked"
        );
        Ok(())
    }

    fn size(&self) -> io::Result<(u16, u16)> {
        Ok(self.size)
    }

    /// Written at once, outside any frame: the escape draws nothing.
    fn copy(&mut self, text: &str) -> io::Result<()> {
        self.out
            .write_all(&super::osc52::sequence(text, self.tmux))?;
        self.out.flush()
    }
}

/// Raw mode, the alternate screen and (when asked) mouse capture while alive; the terminal
/// is restored when dropped.
#[derive(Debug)]
pub struct TerminalGuard(());

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, captures the mouse when `mouse` is set, and
    /// installs the panic hook that restores all of it before the panic message prints.
    ///
    /// # Errors
    /// The terminal refused raw mode or the alternate screen.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        terminal::enable_raw_mode()?;
        let guard = Self(());
        execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
        if mouse {
            execute!(io::stdout(), EnableMouseCapture)?;
        }
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Turns mouse capture and bracketed paste off (harmless when they were never on), leaves
/// the alternate screen, shows the cursor and turns raw mode off, in that order so the last
/// bytes written leave the terminal usable. Safe to call more than once; errors are ignored
/// because there is nowhere left to report them (the terminal may be gone).
pub fn restore() {
    let mut out = io::stdout();
    // Turning mouse capture off when it was never on is harmless, and saves remembering.
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}
