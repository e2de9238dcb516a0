//! The outbox as the app sees it: this profile's entries (the header count and the outbox
//! view), actions that wait or meet a conflict, settling after login and when a retry time
//! comes, and quitting while actions are unsent.

use chrono::{DateTime, Utc};

use super::keymap::{Action, Mode};
use super::{App, Command, Connection, Notice, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::audit::Outcome;
use crate::outbox::{Baseline, Delivery, Entry, EntryState};

/// After a settle, the next one waits at least this long, whatever the entries say: a clock
/// step or an unreadable outbox must not make the retry timer spin.
const MIN_RETRY_GAP: chrono::TimeDelta = chrono::TimeDelta::seconds(1);

/// What became of one outbox entry, for the screen.
#[derive(Debug)]
pub struct Settled {
    /// What happened.
    pub outcome: Outcome,
    /// One line for the footer.
    pub message: String,
    /// The job as the server returned it, when the action is done.
    pub job: Option<Box<Job>>,
    /// It waits because the session expired: the user must log in again.
    pub needs_login: bool,
}

impl Settled {
    /// The outbox itself failed (could not be read or written).
    #[must_use]
    pub fn failed(error: &ApiError) -> Self {
        Self {
            outcome: Outcome::Waiting,
            message: format!("outbox: {error}"),
            job: None,
            needs_login: false,
        }
    }

    /// The summary of a delivery.
    #[must_use]
    pub fn of(delivery: Delivery) -> Self {
        let done = |outcome, job: Job, how: &str| {
            let status = job.status.as_ref().map_or("", |s| s.name.as_str());
            Self {
                outcome,
                message: format!(
                    "{} is now {} ({status}){how}",
                    job.number,
                    job.life_cycle_state.label()
                ),
                job: Some(Box::new(job)),
                needs_login: false,
            }
        };
        match delivery {
            Delivery::Applied(job) => done(Outcome::Applied, job, ""),
            Delivery::AlreadyApplied(job) => {
                done(Outcome::AlreadyApplied, job, ", as the server confirms")
            }
            Delivery::Refused { entry, error } => Self {
                outcome: Outcome::Refused,
                message: format!(
                    "the {} of {} was refused: {error}",
                    entry.action.verb(),
                    entry.job()
                ),
                job: None,
                needs_login: false,
            },
            Delivery::Conflict { why, .. } => Self {
                outcome: Outcome::Conflict,
                message: format!("{why}; see the outbox (o)"),
                job: None,
                needs_login: false,
            },
            Delivery::Waiting { entry, error } => Self {
                outcome: Outcome::Waiting,
                message: format!(
                    "the {} of {} waits in the outbox: {error}",
                    entry.action.verb(),
                    entry.job()
                ),
                job: None,
                needs_login: error.needs_login(),
            },
        }
    }
}

/// The outbox part of the model.
#[derive(Debug, Default)]
pub struct OutboxState {
    /// Whether actions go through an outbox (set by launch): then the outbox is settled
    /// after login.
    pub enabled: bool,
    /// This profile's entries, oldest first.
    pub entries: Vec<Entry>,
    /// The row under the cursor in the outbox view.
    pub selected: usize,
    /// `d` was pressed once on the selected entry: `d` again discards it.
    pub confirm_discard: bool,
    /// `q` was pressed once while actions were unsent: `q` again quits.
    pub quit_armed: bool,
    settling: Option<RequestId>,
    last_settle: Option<DateTime<Utc>>,
}

impl OutboxState {
    /// The entry under the cursor.
    #[must_use]
    pub fn selected_entry(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// When the retry timer should fire: the earliest retry time of a waiting entry, not
    /// while a settle is under way, and not within a second of the last one.
    #[must_use]
    pub fn next_retry(&self) -> Option<DateTime<Utc>> {
        if !self.enabled || self.settling.is_some() {
            return None;
        }
        let earliest = self
            .entries
            .iter()
            .filter_map(|entry| match &entry.state {
                EntryState::Waiting { retry_at, .. } => Some(*retry_at),
                EntryState::Queued | EntryState::Conflict { .. } => None,
            })
            .min()?;
        Some(match self.last_settle {
            Some(last) => earliest.max(last + MIN_RETRY_GAP),
            None => earliest,
        })
    }
}

impl App {
    /// Delivers everything the outbox holds for this profile, the waiting entries too
    /// (after a login: the server is there).
    pub(super) fn settle_outbox(&mut self) -> Vec<Command> {
        self.settle(true)
    }

    fn settle(&mut self, at_once: bool) -> Vec<Command> {
        if !self.outbox.enabled {
            return Vec::new();
        }
        let id = self.next_request();
        self.outbox.settling = Some(id);
        let since = self.start_of_today();
        vec![Command::SettleOutbox { id, at_once, since }]
    }

    pub(super) fn retry_due(&mut self) -> Vec<Command> {
        if self.outbox.settling.is_some() || self.outbox.next_retry().is_none() {
            return self.unchanged();
        }
        self.dirty = false;
        self.settle(false)
    }

    /// The server answered a read: actions waiting for it (after it could not be reached)
    /// go now, not at their backoff time. At most once a second, never two settles at once.
    pub(super) fn server_answered(&mut self) -> Vec<Command> {
        let now = self.clock().with_timezone(&Utc);
        let waiting = self.outbox.entries.iter().any(Entry::is_waiting);
        let recent = self
            .outbox
            .last_settle
            .is_some_and(|last| now < last + MIN_RETRY_GAP);
        if !waiting || self.outbox.settling.is_some() || recent {
            return Vec::new();
        }
        self.settle(true)
    }

    pub(super) fn outbox_changed(&mut self, entries: Vec<Entry>) -> Vec<Command> {
        // Only effects with an outbox report one.
        self.outbox.enabled = true;
        self.outbox.entries = entries;
        self.outbox.selected = self
            .outbox
            .selected
            .min(self.outbox.entries.len().saturating_sub(1));
        Vec::new()
    }

    pub(super) fn open_outbox(&mut self) -> Vec<Command> {
        self.overlay = Overlay::Outbox;
        self.outbox.confirm_discard = false;
        Vec::new()
    }

    pub(super) fn outbox_action(&mut self, action: Action) -> Vec<Command> {
        let confirming = std::mem::take(&mut self.outbox.confirm_discard);
        let last = self.outbox.entries.len().saturating_sub(1);
        match action {
            Action::Down => self.outbox.selected = (self.outbox.selected + 1).min(last),
            Action::Up => self.outbox.selected = self.outbox.selected.saturating_sub(1),
            Action::Back if confirming => self.notice = Some(Notice::Info("kept".to_owned())),
            Action::Back | Action::Outbox => self.overlay = Overlay::None,
            Action::Retry => {
                return self.outbox_command(|id, entry| Command::RetryEntry { id, entry });
            }
            Action::Discard if confirming => {
                return self.outbox_command(|id, entry| Command::DiscardEntry { id, entry });
            }
            Action::Discard => self.ask_discard(),
            _ => return self.unchanged(),
        }
        Vec::new()
    }

    fn ask_discard(&mut self) {
        let Some(entry) = self.outbox.selected_entry() else {
            return;
        };
        let key = self
            .keymap
            .key_for(Mode::Outbox, Action::Discard)
            .unwrap_or_default();
        self.notice = Some(Notice::Error(format!(
            "discard the {} of {}? It will not be sent. Press {key} again to discard, any other key keeps it",
            entry.action.verb(),
            entry.job()
        )));
        self.outbox.confirm_discard = true;
    }

    fn outbox_command(
        &mut self,
        command: impl FnOnce(RequestId, crate::outbox::EntryId) -> Command,
    ) -> Vec<Command> {
        let Some(entry) = self.outbox.selected_entry().map(|e| e.id.clone()) else {
            return self.unchanged();
        };
        let id = self.next_request();
        vec![command(id, entry)]
    }

    pub(super) fn settled(&mut self, id: RequestId, results: Vec<Settled>) -> Vec<Command> {
        if self.outbox.settling == Some(id) {
            self.outbox.settling = None;
        }
        self.outbox.last_settle = Some(self.clock());
        let count = |outcome| results.iter().filter(|r| r.outcome == outcome).count();
        let sent = count(Outcome::Applied) + count(Outcome::AlreadyApplied);
        let summary = match results.as_slice() {
            [] => None,
            [one] => Some(one.message.clone()),
            _ => Some(format!(
                "outbox: {sent} sent, {} waiting, {} conflicts, {} refused",
                count(Outcome::Waiting),
                count(Outcome::Conflict),
                count(Outcome::Refused)
            )),
        };
        let trouble = count(Outcome::Refused) + count(Outcome::Conflict) > 0;
        if sent > 0 {
            self.session.connection = Connection::Online;
        }
        let needs_login = results.iter().any(|r| r.needs_login);
        let today = self.day_now();
        for job in results.into_iter().filter_map(|r| r.job) {
            self.completed_today.record(&job, today);
            self.place_job(&job);
        }
        if let Some(summary) = summary {
            self.notice = Some(if trouble {
                Notice::Error(summary)
            } else {
                Notice::Info(summary)
            });
        }
        if needs_login && self.login.is_none() {
            // The entries wait for a token; the login over the screen settles them after.
            self.login = Some(super::login::Login::again());
            self.session.connection = Connection::LoggedOut;
            self.notice = Some(Notice::Error(
                "the session expired: log in again to send what waits in the outbox".to_owned(),
            ));
        }
        Vec::new()
    }

    /// The answer of an action that could not be confirmed: the form closes, its values are
    /// safe in the outbox.
    pub(super) fn action_queued(
        &mut self,
        id: RequestId,
        entry: &Entry,
        error: &ApiError,
    ) -> Vec<Command> {
        let waiting = super::bulk::Outcome::Queued(format!("in the outbox: {error}"));
        if self.bulk_outbox_answer(id, waiting) {
            return Vec::new();
        }
        if self.acting != Some(id) {
            return self.unchanged();
        }
        self.acting = None;
        self.close_form();
        self.session.connection = Connection::after_error(error);
        self.notice = Some(Notice::Info(format!(
            "the {} of {} is saved in the outbox and will be sent when the server answers ({error})",
            entry.action.verb(),
            entry.job()
        )));
        // The outbox holds the values now; the form's draft is no longer needed.
        self.forget_draft(entry.job())
    }

    /// The job changed on the server. Before sending, the form says so and a second submit
    /// sends anyway (the job as now seen becomes the baseline); after a lost answer the entry
    /// waits in the outbox for the user.
    pub(super) fn action_conflict(&mut self, id: RequestId, job: &Job, why: &str) -> Vec<Command> {
        let in_outbox = self
            .outbox
            .entries
            .iter()
            .any(|e| e.job() == job.number && matches!(e.state, EntryState::Conflict { .. }));
        let outcome = if in_outbox {
            super::bulk::Outcome::Queued(format!("{why}; see the outbox (o)"))
        } else {
            super::bulk::Outcome::Failed(format!("not sent: {why}"))
        };
        if self.bulk_outbox_answer(id, outcome) {
            self.bulk_rebase(job);
            self.place_job(job);
            return Vec::new();
        }
        if self.acting != Some(id) {
            return self.unchanged();
        }
        self.acting = None;
        self.place_job(job);
        let queued = self
            .outbox
            .entries
            .iter()
            .any(|e| e.job() == job.number && matches!(e.state, EntryState::Conflict { .. }));
        if queued {
            self.close_form();
            self.notice = Some(Notice::Error(format!("{why}; see the outbox (o)")));
            return self.forget_draft(&job.number);
        }
        self.form_baseline = Some(Baseline::of(job));
        let send = self
            .keymap
            .key_for(Mode::Form, Action::Submit)
            .unwrap_or_default();
        if let Overlay::Form(form) = &mut self.overlay {
            form.set_warning(format!("{why}. Check it; {send} sends anyway, Esc leaves"));
        }
        self.notice = Some(Notice::Error(why.to_owned()));
        Vec::new()
    }

    /// The outbox entry already waiting for this job, if any: a second action on it would
    /// only meet a refusal once the first is delivered.
    pub(super) fn waiting_for(&self, number: &str) -> Option<&Entry> {
        self.outbox.entries.iter().find(|e| e.job() == number)
    }

    /// `q`: quits at once when nothing is unsent, else asks first.
    pub(super) fn ask_quit(&mut self) -> Vec<Command> {
        let unsent = self.outbox.entries.len();
        if unsent == 0 || self.outbox.quit_armed {
            return self.quit();
        }
        self.outbox.quit_armed = true;
        let key = self
            .keymap
            .key_for(Mode::List, Action::Quit)
            .unwrap_or_else(|| "q".to_owned());
        self.notice = Some(Notice::Error(format!(
            "{unsent} unconfirmed action(s) stay in the outbox for the next start: press {key} again to quit"
        )));
        Vec::new()
    }
}
