//! Terminal input on its own thread, which also notices a terminal that went away.
//!
//! crossterm, reading a hung-up tty, gets end-of-file or EIO back and tries again forever: a
//! 100 % CPU spin (and when it runs on the event loop's thread, nothing else ever runs). So
//! this thread first waits with `poll(2)` on the tty itself; a hang-up (POLLHUP, POLLERR,
//! POLLNVAL) ends the thread, which closes the input channel, which ends the app. crossterm
//! is asked for events only when the tty has bytes waiting. One narrow window remains: a
//! hang-up in the middle of a half-received escape sequence.

use std::io;
use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc::UnboundedSender;

/// What the tty has to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// Bytes are waiting to be read.
    Input,
    /// The terminal is gone (closed pty, dropped SSH session, revoked tty).
    HungUp,
    /// Nothing yet (only when asked not to wait).
    Nothing,
}

/// Starts the input thread. It sends each terminal event into `events`, and ends (closing
/// its end of the channel) when the terminal hangs up or the app stops listening.
///
/// A plain thread, not `spawn_blocking`: the runtime would wait for a blocking task at
/// shutdown, and this one may sit in `poll` until the process ends.
///
/// # Errors
/// The thread could not start.
pub fn spawn(events: UnboundedSender<io::Result<Event>>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("crmjobs-input".to_owned())
        .spawn(move || {
            if let Err(error) = pump(&events) {
                tracing::debug!(%error, "terminal input ended");
                let _ = events.send(Err(error));
            }
        })
        .map(drop)
}

/// Reads events until the terminal hangs up (`Ok`) or reading fails (`Err`).
fn pump(events: &UnboundedSender<io::Result<Event>>) -> io::Result<()> {
    let tty = Tty::open()?;
    loop {
        if tty.wait(true)? == Ready::HungUp {
            tracing::debug!("the terminal hung up");
            return Ok(());
        }
        // Everything crossterm can parse now, without blocking: a burst of keys in one read
        // leaves several events in its buffer, and the tty will not wake `poll` for those.
        while crossterm::event::poll(Duration::ZERO)? {
            let event = crossterm::event::read()?;
            // SIGWINCH reaches the app through `signals::forward_resizes` already.
            if matches!(event, Event::Resize(..)) {
                continue;
            }
            if events.send(Ok(event)).is_err() {
                return Ok(());
            }
            if tty.wait(false)? == Ready::HungUp {
                return Ok(());
            }
        }
    }
}

/// Whether the terminal has gone away (or cannot even be opened): a failed write to it is
/// then the end of the session, not an error worth reporting (there is nowhere to report).
/// A hung-up stdin no longer even passes `isatty`, so stdin is polled as it is.
#[must_use]
pub fn hung_up() -> bool {
    #[cfg(unix)]
    {
        let stdin = std::os::fd::AsFd::as_fd(&io::stdin()).try_clone_to_owned();
        let tty = match stdin {
            Ok(fd) => Ok(Tty::from_fd(fd)),
            Err(_) => Tty::open(),
        };
        tty.and_then(|tty| tty.wait(false))
            .map_or(true, |ready| ready == Ready::HungUp)
    }
    #[cfg(not(unix))]
    false
}

/// The terminal crossterm reads: stdin when it is a tty, else `/dev/tty`.
#[derive(Debug)]
pub struct Tty {
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

impl Tty {
    /// Opens the terminal the app reads from.
    ///
    /// # Errors
    /// Neither stdin nor `/dev/tty` is a terminal.
    pub fn open() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use std::io::IsTerminal;
            let stdin = io::stdin();
            let fd = if stdin.is_terminal() {
                std::os::fd::AsFd::as_fd(&stdin).try_clone_to_owned()?
            } else {
                std::fs::File::open("/dev/tty")?.into()
            };
            Ok(Self { fd })
        }
        #[cfg(not(unix))]
        Ok(Self {})
    }

    /// A terminal already open (tests).
    #[cfg(unix)]
    #[must_use]
    pub fn from_fd(fd: std::os::fd::OwnedFd) -> Self {
        Self { fd }
    }

    /// Waits (or, with `block` false, only looks) until the tty has input or hangs up.
    ///
    /// # Errors
    /// `poll` failed other than by being interrupted.
    pub fn wait(&self, block: bool) -> io::Result<Ready> {
        #[cfg(unix)]
        {
            use rustix::event::{PollFd, PollFlags, Timespec, poll};
            let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
            let now = Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            loop {
                let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
                match poll(&mut fds, if block { None } else { Some(&now) }) {
                    Ok(_) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(errno) => return Err(errno.into()),
                }
                let revents = fds[0].revents();
                return Ok(if revents.intersects(gone) {
                    Ready::HungUp
                } else if revents.contains(PollFlags::IN) {
                    Ready::Input
                } else {
                    Ready::Nothing
                });
            }
        }
        #[cfg(not(unix))]
        {
            // No poll(2) here: crossterm's own wait, a minute at a time.
            while block && !crossterm::event::poll(Duration::from_secs(60))? {}
            Ok(Ready::Input)
        }
    }
}
