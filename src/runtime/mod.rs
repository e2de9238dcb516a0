//! The event loop. It owns the screen and waits (biased `select!`) on terminal input, on the
//! messages finished effects send back, on a spinner timer that exists only while a
//! request is in flight, and on a retry timer that exists only while outbox entries wait. After draining every ready message it draws once, and only if
//! something changed: an idle app writes nothing and wakes for nothing.

pub mod effects;
pub mod launch;
mod outbox_effects;
pub mod terminal;

use std::future::Future;
use std::io;
use std::time::Duration;

use crossterm::event::{Event, KeyEventKind};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, error::TryRecvError};
use tokio::time::{Instant, Interval, MissedTickBehavior};

use crate::app::{App, Command, Msg};

/// How often the spinner turns while a request is in flight.
const TICK: Duration = Duration::from_millis(120);

/// Where frames go: the real terminal, or a test backend.
pub trait Screen {
    /// Draws the app (one frame).
    ///
    /// # Errors
    /// The terminal could not be written: the only error that ends the program.
    fn draw(&mut self, app: &App) -> io::Result<()>;

    /// The size in columns and rows.
    ///
    /// # Errors
    /// The terminal could not be asked.
    fn size(&self) -> io::Result<(u16, u16)>;
}

impl<B: ratatui::backend::Backend> Screen for ratatui::Terminal<B> {
    fn draw(&mut self, app: &App) -> io::Result<()> {
        ratatui::Terminal::draw(self, |frame| crate::ui::render(app, frame))
            .map(|_| ())
            .map_err(|e| io::Error::other(e.to_string()))
    }

    fn size(&self) -> io::Result<(u16, u16)> {
        ratatui::Terminal::size(self)
            .map(|s| (s.width, s.height))
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Carries out commands: each must end in exactly one `Msg` sent to `reply`.
pub trait Effects {
    /// Starts `command`; must not block.
    fn run(&self, command: Command, reply: UnboundedSender<Msg>);
}

/// Runs the app until it quits, input ends, or `shutdown` completes (SIGTERM, SIGHUP).
/// Returns the final app.
///
/// # Errors
/// Only a broken terminal (input or output) ends the loop with an error.
pub async fn run<S, E>(
    mut app: App,
    screen: &mut S,
    mut input: UnboundedReceiver<io::Result<Event>>,
    effects: &E,
    shutdown: impl Future<Output = ()>,
) -> io::Result<App>
where
    S: Screen,
    E: Effects,
{
    let (reply, mut messages) = tokio::sync::mpsc::unbounded_channel();
    let (width, height) = screen.size()?;
    let mut commands = app.init();
    commands.extend(app.update(Msg::Resize { width, height }));
    for command in commands {
        effects.run(command, reply.clone());
    }
    screen.draw(&app)?;
    app.take_dirty();
    tokio::pin!(shutdown);
    let mut ticker: Option<Interval> = None;
    while !app.should_quit() {
        sync_ticker(&app, &mut ticker);
        let msg = tokio::select! {
            biased;
            () = &mut shutdown => Some(Msg::Interrupted),
            event = input.recv() => input_msg(&app, event)?,
            Some(msg) = messages.recv() => Some(msg),
            () = tick(&mut ticker) => Some(Msg::Tick),
            () = retry_timer(&app) => Some(Msg::RetryDue),
        };
        if let Some(msg) = msg {
            dispatch(&mut app, msg, effects, &reply);
        }
        drain(&mut app, &mut input, &mut messages, effects, &reply)?;
        if !app.should_quit() && app.take_dirty() {
            screen.draw(&app)?;
        }
    }
    Ok(app)
}

/// The timer exists only while something is in flight.
fn sync_ticker(app: &App, ticker: &mut Option<Interval>) {
    if app.is_busy() {
        ticker.get_or_insert_with(|| {
            let mut interval = tokio::time::interval_at(Instant::now() + TICK, TICK);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval
        });
    } else {
        *ticker = None;
    }
}

async fn tick(ticker: &mut Option<Interval>) {
    match ticker {
        Some(interval) => {
            interval.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// Fires when a waiting outbox entry is due; never when none waits (the idle budget).
async fn retry_timer(app: &App) {
    let Some(at) = app.outbox.next_retry() else {
        return std::future::pending().await;
    };
    let wait = (at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO);
    tokio::time::sleep(wait).await;
}

/// Turns a terminal event into a message; input that ended means the terminal is gone.
fn input_msg(app: &App, event: Option<io::Result<Event>>) -> io::Result<Option<Msg>> {
    match event {
        None => Ok(Some(Msg::Interrupted)),
        Some(Err(error)) => Err(error),
        Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => Ok(app.key_msg(key)),
        Some(Ok(Event::Resize(width, height))) => Ok(Some(Msg::Resize { width, height })),
        Some(Ok(_)) => Ok(None),
    }
}

fn dispatch<E: Effects>(app: &mut App, msg: Msg, effects: &E, reply: &UnboundedSender<Msg>) {
    for command in app.update(msg) {
        effects.run(command, reply.clone());
    }
}

/// Handles every input and message already waiting, so a burst costs one frame.
fn drain<E: Effects>(
    app: &mut App,
    input: &mut UnboundedReceiver<io::Result<Event>>,
    messages: &mut UnboundedReceiver<Msg>,
    effects: &E,
    reply: &UnboundedSender<Msg>,
) -> io::Result<()> {
    let mut changed = app.take_dirty();
    while !app.should_quit() {
        let msg = match input.try_recv() {
            Ok(event) => input_msg(app, Some(event))?,
            Err(TryRecvError::Disconnected) => Some(Msg::Interrupted),
            Err(TryRecvError::Empty) => match messages.try_recv() {
                Ok(msg) => Some(msg),
                Err(_) => break,
            },
        };
        if let Some(msg) = msg {
            dispatch(app, msg, effects, reply);
            changed |= app.take_dirty();
        }
    }
    if changed {
        app.mark_dirty();
    }
    Ok(())
}
