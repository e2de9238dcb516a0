//! The application model and its one synchronous update: App, Msg, Command.
//!
//! `App::update` is the only place state changes. It does no I/O: effects leave as
//! `Command`s, each tagged with a `RequestId`, and come back as one `Msg` carrying that id;
//! answers whose id is no longer awaited are dropped.
mod action;
mod actions;
mod browse;
pub mod bulk;
mod clock;
mod copy;
pub mod detail;
pub mod drafts;
pub mod due;
pub mod filter;
pub mod form;
pub mod jobs;
pub mod key;
pub mod keymap;
mod keymap_table;
pub mod login;
mod marks;
mod mouse;
mod msg;
pub mod outbox;
mod refresh;
mod relogin;
pub mod remote;
pub mod saved;
pub mod session;
pub mod sort;
pub mod today;

use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use secrecy::SecretString;

use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::api::model::LifeCycleState;
use detail::Detail;
use filter::Filter;
use jobs::JobList;
use keymap::{Action, Keymap, Mode};
use login::Login;
pub use msg::{Command, Msg};
pub use session::{Connection, Session};

/// Tags a request so its answer can be matched to what is still awaited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// What covers the job list.
#[derive(Debug, Default)]
pub enum Overlay {
    /// Nothing: the list and its detail pane.
    #[default]
    None,
    /// The full detail of the selected job.
    Detail,
    /// The help, scrolled by this many lines.
    Help(u16),
    /// A start, completion or cancel form.
    Form(Box<form::ActionForm>),
    /// The outbox: actions not yet confirmed.
    Outbox,
    /// The bulk completion form of the marked jobs, then its result list.
    Bulk(Box<bulk::Bulk>),
}

/// The latest notice, shown in the footer until the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Something went well.
    Info(String),
    /// Something failed.
    Error(String),
}

/// The whole model.
#[derive(Debug)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent switches (filtering, mouse, redraw, quit), not a state machine"
)]
pub struct App {
    /// Who is logged in where.
    pub session: Session,
    /// The login screen, while not logged in.
    pub login: Option<Login>,
    /// One tab per life cycle state, in `LifeCycleState::ALL` order.
    pub tabs: Vec<JobList>,
    /// Index of the shown tab.
    pub current: usize,
    /// The fuzzy filter.
    pub filter: Filter,
    /// Whether keys go to the filter.
    pub filtering: bool,
    /// The full detail and the action results.
    pub detail: Detail,
    /// What covers the list.
    pub overlay: Overlay,
    /// The latest notice or error.
    pub notice: Option<Notice>,
    /// The keys.
    pub keymap: Keymap,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Spinner frame.
    pub spinner: usize,
    /// Colours or not.
    pub theme: crate::ui::theme::Theme,
    /// Refresh the shown tab this often in the background (`None`: never).
    pub auto_refresh: Option<Duration>,
    /// Whether clicks and the wheel work (the terminal then captures the mouse).
    pub mouse: bool,
    /// Overdue and due-today counts over the loaded jobs, taken when the rows change.
    pub overview: due::Overview,
    /// The jobs this user completed today (the overview strip shows the count).
    pub completed_today: today::CompletedToday,
    /// The time of the last update: what "overdue" and "today" are judged against.
    pub clock: DateTime<Utc>,
    /// The zone dates are shown in and days are counted in (the machine's, unless pinned).
    pub zone: crate::when::Zone,
    /// The outbox: entries, view and quit confirmation.
    pub outbox: outbox::OutboxState,
    /// The action request whose answer is awaited.
    acting: Option<RequestId>,
    /// The job as it was when the open form was opened (or when the user chose to send
    /// anyway): the completion is checked against it before it is sent.
    form_baseline: Option<crate::outbox::Baseline>,
    /// The fetches the open form waits for.
    form_requests: actions::FormRequests,
    /// Commands in flight, and those held while the user logs in again.
    relogin: relogin::Relogin,
    /// Drafts of completion forms: found at start, on offer, being saved.
    pub drafts: drafts::DraftState,
    /// The job cache: read at start, saved on the way out.
    saved_jobs: saved::SavedJobs,
    next_id: u64,
    in_flight: usize,
    dirty: bool,
    quit: bool,
    /// The wall clock, read once per update so `update` stays deterministic in tests.
    now: fn() -> DateTime<Utc>,
}

impl App {
    /// A new app. With `password` (the demo) it logs in at once; without, the login screen
    /// asks for it. Nothing here waits for the network: call `init` for the first commands.
    #[must_use]
    pub fn new(session: Session, password: Option<SecretString>, size: (u16, u16)) -> Self {
        let login = Login::new(password);
        Self {
            session,
            login: Some(login),
            tabs: LifeCycleState::ALL.map(JobList::new).into(),
            current: 0,
            filter: Filter::default(),
            filtering: false,
            detail: Detail::default(),
            overlay: Overlay::None,
            notice: None,
            keymap: Keymap::default(),
            size,
            spinner: 0,
            theme: crate::ui::theme::Theme::COLOR,
            auto_refresh: None,
            mouse: true,
            overview: due::Overview::default(),
            completed_today: today::CompletedToday::default(),
            clock: Utc::now(),
            zone: crate::when::Zone::Local,
            outbox: outbox::OutboxState::default(),
            acting: None,
            form_baseline: None,
            form_requests: actions::FormRequests::default(),
            relogin: relogin::Relogin::default(),
            drafts: drafts::DraftState::default(),
            saved_jobs: saved::SavedJobs::Off,
            next_id: 0,
            in_flight: 0,
            dirty: true,
            quit: false,
            now: Utc::now,
        }
    }

    /// The commands to run at start: a login when the password is already known.
    pub fn init(&mut self) -> Vec<Command> {
        let mut commands = self.load_saved_jobs();
        commands.extend(self.start_login());
        self.in_flight += commands.iter().filter(|c| c.is_answered()).count();
        self.relogin.track(&commands);
        commands
    }

    /// The one update. Synchronous, no I/O; returns the effects to run.
    pub fn update(&mut self, msg: Msg) -> Vec<Command> {
        self.dirty = true;
        if msg.is_answer() {
            self.in_flight = self.in_flight.saturating_sub(1);
        }
        let rows_change = matches!(
            msg,
            Msg::Jobs { .. } | Msg::Acted { .. } | Msg::SavedJobs { .. }
        );
        let held = self.hold_for_login(&msg);
        let commands = if let Some(commands) = held {
            commands
        } else {
            self.handle(msg)
        };
        if rows_change {
            self.recount();
        }
        self.in_flight += commands.iter().filter(|c| c.is_answered()).count();
        self.relogin.track(&commands);
        commands
    }

    /// The arm of `update` for each message.
    fn handle(&mut self, msg: Msg) -> Vec<Command> {
        match msg {
            Msg::Action(action) => self.on_action(action),
            Msg::Text(key) => self.on_text(key),
            Msg::Resize { width, height } => self.resize(width, height),
            Msg::Tick => self.tick(),
            Msg::AutoRefresh => self.auto_refresh(),
            Msg::Mouse(event) => self.on_mouse(event),
            Msg::Interrupted => self.quit(),
            Msg::ActionQueued { id, entry, error } => self.action_queued(id, &entry, &error),
            Msg::ActionConflict { id, job, why } => self.action_conflict(id, &job, &why),
            Msg::Settled { id, results } => self.settled(id, results),
            Msg::OutboxChanged(entries) => self.outbox_changed(entries),
            Msg::AuditUnwritten(why) => {
                // What it means first: the status line may cut the path and the cause.
                self.notice = Some(Notice::Error(format!(
                    "not recorded in the audit log: {why}"
                )));
                Vec::new()
            }
            Msg::CompletedToday(jobs) => {
                let today = self.day_now();
                self.completed_today.add_all(today, jobs);
                Vec::new()
            }
            Msg::RetryDue => self.retry_due(),
            Msg::LoggedIn { id, result } => self.logged_in(id, result),
            Msg::Jobs {
                id,
                state,
                page,
                result,
            } => self.jobs_answer(id, state, page, result),
            Msg::Job { id, result } if self.is_draft_fetch(id) => self.draft_job(result),
            Msg::Job { id, result } => self.job_answer(id, result),
            Msg::Acted { id, result } => self.acted(id, result),
            Msg::Statuses { id, result } => self.statuses_answer(id, result),
            Msg::Reasons { id, result } => self.reasons_answer(id, result),
            Msg::Users { id, result } => self.users_answer(id, result),
            Msg::SavedJobs { id, result } => self.saved_jobs_answer(id, result),
        }
    }

    /// The message a key stands for in the current mode, if any.
    #[must_use]
    pub fn key_msg(&self, key: KeyEvent) -> Option<Msg> {
        let mode = self.mode();
        match self.keymap.resolve(mode, key) {
            Some(action) => Some(Msg::Action(action)),
            None if mode.takes_text() => Some(Msg::Text(key)),
            None => None,
        }
    }

    /// Which bindings are live.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.login.as_ref().is_some_and(Login::is_shown) {
            return Mode::Login;
        }
        if self.drafts.offer().is_some() {
            return Mode::Draft;
        }
        match self.overlay {
            Overlay::Help(_) => Mode::Help,
            Overlay::Form(_) => Mode::Form,
            Overlay::Outbox => Mode::Outbox,
            Overlay::Bulk(_) => Mode::Bulk,
            Overlay::Detail => Mode::Detail,
            Overlay::None if self.filtering => Mode::Filter,
            Overlay::None => Mode::List,
        }
    }

    /// Whether the last update changed what is on screen; clears the mark.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Asks for a redraw (the runtime batches several updates into one frame).
    pub fn mark_dirty(&mut self) {
        self.dirty = true;
    }

    /// Whether the user asked to leave.
    #[must_use]
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether any request is in flight (the spinner turns, the timer runs).
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.in_flight > 0
    }

    /// The tab on screen.
    #[must_use]
    pub fn tab(&self) -> &JobList {
        &self.tabs[self.current]
    }

    pub(super) fn tab_mut(&mut self) -> &mut JobList {
        &mut self.tabs[self.current]
    }

    /// The job under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<&Job> {
        self.tab().selected()
    }

    /// The form on screen, if any.
    #[must_use]
    pub fn form(&self) -> Option<&form::ActionForm> {
        match &self.overlay {
            Overlay::Form(form) => Some(form),
            _ => None,
        }
    }

    fn next_request(&mut self) -> RequestId {
        self.next_id += 1;
        RequestId(self.next_id)
    }

    /// Marks the update as changing nothing on screen (e.g. a stale answer).
    fn unchanged(&mut self) -> Vec<Command> {
        self.dirty = false;
        Vec::new()
    }

    fn on_action(&mut self, action: Action) -> Vec<Command> {
        if action == Action::Quit {
            return self.ask_quit();
        }
        self.outbox.quit_armed = false;
        match self.mode() {
            Mode::List => self.list_action(action),
            Mode::Filter => self.filter_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Help => self.help_action(action),
            Mode::Form => self.form_action(action),
            Mode::Login => self.login_action(action),
            Mode::Draft => self.draft_action(action),
            Mode::Outbox => self.outbox_action(action),
            Mode::Bulk => self.bulk_action(action),
        }
    }

    fn on_text(&mut self, key: KeyEvent) -> Vec<Command> {
        match self.mode() {
            Mode::Filter => self.filter_text(key),
            Mode::Form => self.form_text(key),
            Mode::Login => self.login_text(key),
            _ => self.unchanged(),
        }
    }

    fn resize(&mut self, width: u16, height: u16) -> Vec<Command> {
        self.size = (width, height);
        let rows = self.list_rows();
        self.tab_mut().scroll_into_view(rows);
        Vec::new()
    }

    fn tick(&mut self) -> Vec<Command> {
        if !self.is_busy() {
            return self.unchanged();
        }
        self.spinner = self.spinner.wrapping_add(1);
        if let Overlay::Form(form) = &mut self.overlay {
            form.tick();
        }
        Vec::new()
    }

    fn quit(&mut self) -> Vec<Command> {
        self.quit = true;
        Vec::new()
    }

    /// Rows the job table shows at the current size.
    #[must_use]
    pub fn list_rows(&self) -> usize {
        usize::from(crate::ui::layout::list_rows(self.size))
    }

    /// Records an error from the server: in the footer, and in the connection state when
    /// the server could not be reached.
    fn report(&mut self, what: &str, error: &ApiError) {
        self.session.connection = Connection::after_error(error);
        self.notice = Some(Notice::Error(format!("{what}: {error}")));
    }
}
