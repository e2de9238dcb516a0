//! The signals the interactive app answers: the ones that end it (SIGTERM, SIGINT, SIGHUP,
//! SIGQUIT), turned into an orderly exit that restores the terminal, and SIGWINCH, turned
//! into a resize event.

use std::io;

use crossterm::event::Event;
use tokio::sync::mpsc::UnboundedSender;

/// Why the app was told to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// SIGTERM: asked to end (e.g. a system shutdown).
    Terminate,
    /// SIGINT: `kill -INT` (Ctrl-c in raw mode arrives as a key instead).
    Interrupt,
    /// SIGHUP: the terminal or the SSH session went away.
    HangUp,
    /// SIGQUIT.
    Quit,
}

/// The stop signals, caught from the moment this is built.
///
/// Built before the terminal enters raw mode: a signal that came between the two would
/// otherwise kill the process with the terminal left raw.
#[derive(Debug)]
pub struct Shutdown {
    #[cfg(unix)]
    signals: Vec<(Stop, tokio::signal::unix::Signal)>,
}

impl Shutdown {
    /// Catches the stop signals. A SIGHUP the parent ignored (`nohup`, `trap '' HUP`) stays
    /// ignored, as such a parent expects; a terminal that really went away is then noticed by
    /// the input thread (`input.rs`), which watches the tty itself.
    ///
    /// # Errors
    /// A handler could not be installed.
    pub fn install() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let mut signals = vec![
                (Stop::Terminate, signal(SignalKind::terminate())?),
                (Stop::Interrupt, signal(SignalKind::interrupt())?),
                (Stop::Quit, signal(SignalKind::quit())?),
            ];
            if !hangup_ignored() {
                signals.push((Stop::HangUp, signal(SignalKind::hangup())?));
            }
            Ok(Self { signals })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// Completes when the first stop signal arrives.
    pub async fn wait(mut self) -> Stop {
        #[cfg(unix)]
        {
            let waits = self.signals.iter_mut().map(|(stop, signal)| {
                Box::pin(async move {
                    signal.recv().await;
                    *stop
                })
            });
            let (stop, _, _) = futures_util::future::select_all(waits).await;
            tracing::debug!(?stop, "stop signal");
            stop
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            std::future::pending().await
        }
    }
}

/// Whether this process started with SIGHUP ignored: bit 0 (signal 1) of `SigIgn` in
/// /proc/self/status, read without any unsafe `sigaction` call. Elsewhere than Linux: no.
fn hangup_ignored() -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & 1 == 1)
}

/// Sends a resize event into `events` on every SIGWINCH. Holds only a weak sender, so the
/// input channel still closes when the input thread ends (the terminal hung up).
pub fn forward_resizes(events: &UnboundedSender<io::Result<Event>>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut winch) = signal(SignalKind::window_change()) else {
            return;
        };
        let events = events.downgrade();
        tokio::spawn(async move {
            while winch.recv().await.is_some() {
                let Some(events) = events.upgrade() else {
                    break;
                };
                let event = crossterm::terminal::size().map(|(w, h)| Event::Resize(w, h));
                if events.send(event).is_err() {
                    break;
                }
            }
        });
    }
    #[cfg(not(unix))]
    let _ = events;
}
