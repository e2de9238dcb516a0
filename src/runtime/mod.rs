//! The event loop. It owns the screen and waits (biased `select!`) on terminal input, on the
//! messages finished effects send back, on a spinner timer that exists only while a request
//! is in flight, and on an auto-refresh timer that exists only while auto-refresh is on and
//! the server answers. After draining every ready message it draws once, and only if
//! messages finished effects send back, on a spinner timer that exists only while a
//! request is in flight, and on a retry timer that exists only while outbox entries wait. After draining every ready message it draws once, and only if
//! something changed: an idle app writes nothing and wakes for nothing.

pub mod effects;
pub mod input;
pub mod launch;
pub mod logging;
pub mod login_plan;
pub mod osc52;
mod outbox_effects;
pub mod profile;
pub mod quiet;
pub mod scroll;
pub mod signals;
pub mod terminal;

use std::future::Future;
use std::io;
use std::time::Duration;

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};
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

    /// Puts `text` on the user's clipboard through the terminal (OSC 52). Screens that are
    /// not a terminal ignore it.
    ///
    /// # Errors
    /// The terminal could not be written.
    fn copy(&mut self, text: &str) -> io::Result<()> {
        let _ = text;
        Ok(())
    }
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
    carry_out(commands, screen, effects, &reply)?;
    screen.draw(&app)?;
    app.take_dirty();
    tokio::pin!(shutdown);
    let mut ticker: Option<Interval> = None;
    let mut refresher = Refresher::default();
    while !app.should_quit() {
        sync_ticker(&app, &mut ticker);
        refresher.sync(app.auto_refresh_period());
        let msg = tokio::select! {
            biased;
            () = &mut shutdown => Some(Msg::Interrupted),
            event = input.recv() => input_msg(&app, event)?,
            Some(msg) = messages.recv() => Some(msg),
            () = tick(&mut ticker) => Some(Msg::Tick),
            () = tick(&mut refresher.interval) => Some(Msg::AutoRefresh),
            () = retry_timer(&app) => Some(Msg::RetryDue),
        };
        if let Some(msg) = msg {
            dispatch(&mut app, msg, screen, effects, &reply)?;
        }
        drain(&mut app, &mut input, &mut messages, screen, effects, &reply)?;
        if !app.should_quit() && app.take_dirty() {
            // The form's draft is saved at most once per frame, just before it is drawn.
            carry_out(app.take_draft_commands(), screen, effects, &reply)?;
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

/// The auto-refresh timer: exists only while the app asks for a period; a new period (or a
/// pause and resume) starts it afresh, so the first refresh comes one period later.
#[derive(Default)]
struct Refresher {
    period: Option<Duration>,
    interval: Option<Interval>,
}

impl Refresher {
    fn sync(&mut self, period: Option<Duration>) {
        if period == self.period {
            return;
        }
        self.period = period;
        self.interval = period.map(|p| {
            let mut interval = tokio::time::interval_at(Instant::now() + p, p);
            interval.set_missed_tick_behavior(MissedTickBehavior::Delay);
            interval
        });
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
        Some(Ok(Event::Mouse(mouse))) if app.mouse && wanted(mouse.kind) => {
            Ok(Some(Msg::Mouse(mouse)))
        }
        Some(Ok(_)) => Ok(None),
    }
}

/// Clicks and wheel turns; moves and drags (a flood while the mouse moves) never wake the
/// app.
fn wanted(kind: MouseEventKind) -> bool {
    matches!(
        kind,
        MouseEventKind::Down(MouseButton::Left)
            | MouseEventKind::ScrollDown
            | MouseEventKind::ScrollUp
    )
}

fn dispatch<S: Screen, E: Effects>(
    app: &mut App,
    msg: Msg,
    screen: &mut S,
    effects: &E,
    reply: &UnboundedSender<Msg>,
) -> io::Result<()> {
    carry_out(app.update(msg), screen, effects, reply)
}

/// Runs commands: copies are written on the terminal here, the rest go to the effects.
fn carry_out<S: Screen, E: Effects>(
    commands: Vec<Command>,
    screen: &mut S,
    effects: &E,
    reply: &UnboundedSender<Msg>,
) -> io::Result<()> {
    for command in commands {
        match command {
            Command::Copy { text } => screen.copy(&text)?,
            command => effects.run(command, reply.clone()),
        }
    }
    Ok(())
}

/// Handles every input and message already waiting, so a burst costs one frame.
fn drain<S: Screen, E: Effects>(
    app: &mut App,
    input: &mut UnboundedReceiver<io::Result<Event>>,
    messages: &mut UnboundedReceiver<Msg>,
    screen: &mut S,
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
            dispatch(app, msg, screen, effects, reply)?;
            changed |= app.take_dirty();
        }
    }
    if changed {
        app.mark_dirty();
    }
    Ok(())
}
