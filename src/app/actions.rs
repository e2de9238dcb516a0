//! Start, complete and cancel: opening the form, feeding it what it needs, sending what it
//! asks, and moving the job the server returns to its new tab.

use crossterm::event::KeyEvent;

use super::form::{ActionForm, ActionRequest, FormInput, FormNeed, FormOutcome};
use super::keymap::Action;
use super::remote::Remote;
use super::{App, Command, Connection, Notice, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::api::model::{CancellationReason, JobState, LifeCycleState, StatusEntry, User};

/// The ids of the fetches the open form waits for.
#[derive(Debug, Default)]
pub(super) struct FormRequests {
    statuses: Option<RequestId>,
    reasons: Option<RequestId>,
    users: Option<RequestId>,
}

/// Why `action` does not apply to a job in `state`, if it does not. A state the client does
/// not know is refused for every action: the rules above are written for the known ones.
fn refusal(action: Action, state: &JobState) -> Option<String> {
    let Some(state) = state.known() else {
        return state.unknown_refusal();
    };
    let reason = match action {
        Action::Start if state != LifeCycleState::Pending => "only pending jobs can be started",
        Action::Complete if state != LifeCycleState::InProgress => {
            "only jobs in progress can be completed"
        }
        Action::Cancel if state.is_final() => "completed and cancelled jobs are final",
        _ => return None,
    };
    Some(format!("{}: {reason}", state.label().to_lowercase()))
}

impl App {
    /// Opens the form for `action` on the selected job, and asks what it needs.
    pub(super) fn open_form(&mut self, action: Action) -> Vec<Command> {
        let Some(job) = self.detail.shown(self.selected()).cloned() else {
            return self.unchanged();
        };
        if let Some(reason) = refusal(action, &job.life_cycle_state) {
            self.notice = Some(Notice::Error(format!("{} is {reason}", job.number)));
            return Vec::new();
        }
        if let Some(entry) = self.waiting_for(&job.number) {
            self.notice = Some(Notice::Error(format!(
                "{}: the {} waits in the outbox; see it there (o)",
                job.number,
                entry.action.verb()
            )));
            return Vec::new();
        }
        let form = match action {
            Action::Start => ActionForm::start(&job),
            Action::Complete => ActionForm::complete_in(&job, (self.now)(), self.zone),
            _ => ActionForm::cancel(&job),
        };
        self.show_form(form)
    }

    /// Puts `form` on screen and asks what it needs.
    pub(super) fn show_form(&mut self, form: ActionForm) -> Vec<Command> {
        let needs = form.needs();
        self.form_baseline = Some(crate::outbox::Baseline::of(form.job()));
        self.overlay = Overlay::Form(Box::new(form));
        self.form_requests = FormRequests::default();
        needs
            .into_iter()
            .map(|need| self.ask_for_form(need))
            .collect()
    }

    fn ask_for_form(&mut self, need: FormNeed) -> Command {
        let id = self.next_request();
        match need {
            FormNeed::Statuses { job_type, state } => {
                self.form_requests.statuses = Some(id);
                Command::FetchStatuses {
                    id,
                    job_type,
                    state,
                }
            }
            FormNeed::Reasons { job_type } => {
                self.form_requests.reasons = Some(id);
                Command::FetchReasons { id, job_type }
            }
            FormNeed::Users(of) => {
                self.form_requests.users = Some(id);
                Command::FetchUsers { id, of }
            }
        }
    }

    pub(super) fn form_action(&mut self, action: Action) -> Vec<Command> {
        let input = match action {
            Action::NextField => FormInput::NextField,
            Action::PrevField => FormInput::PrevField,
            Action::Up => FormInput::Up,
            Action::Down => FormInput::Down,
            Action::PageUp => FormInput::PageUp,
            Action::PageDown => FormInput::PageDown,
            Action::Submit => FormInput::Submit,
            Action::Back => FormInput::Escape,
            _ => return self.unchanged(),
        };
        self.form_input(input)
    }

    pub(super) fn form_text(&mut self, key: KeyEvent) -> Vec<Command> {
        self.form_input(FormInput::Key(key))
    }

    fn form_input(&mut self, input: FormInput) -> Vec<Command> {
        let now = (self.now)();
        let Overlay::Form(form) = &mut self.overlay else {
            return self.unchanged();
        };
        match form.handle(input, now) {
            FormOutcome::Nothing => Vec::new(),
            FormOutcome::Close => {
                let number = form.job_number().to_owned();
                self.close_form();
                self.acting = None;
                // Left on purpose: its draft goes too.
                self.forget_draft(&number)
            }
            FormOutcome::Submit(request) => {
                form.set_submitting();
                self.send_action(request)
            }
        }
    }

    fn send_action(&mut self, request: ActionRequest) -> Vec<Command> {
        let id = self.next_request();
        self.acting = Some(id);
        let baseline = self.form_baseline.clone();
        vec![match request {
            ActionRequest::Start(params) => Command::Start {
                id,
                params,
                baseline,
            },
            ActionRequest::Complete(params) => Command::Complete {
                id,
                params,
                baseline,
            },
            ActionRequest::Cancel(params) => Command::Cancel {
                id,
                params,
                baseline,
            },
        }]
    }

    /// Closes the form and forgets what it waited for.
    pub(super) fn close_form(&mut self) {
        if matches!(self.overlay, Overlay::Form(_)) {
            self.overlay = Overlay::None;
        }
        self.form_requests = FormRequests::default();
        self.form_baseline = None;
    }

    fn open_form_mut(&mut self) -> Option<&mut ActionForm> {
        match &mut self.overlay {
            Overlay::Form(form) => Some(form),
            _ => None,
        }
    }

    pub(super) fn statuses_answer(
        &mut self,
        id: RequestId,
        result: Result<Vec<StatusEntry>, ApiError>,
    ) -> Vec<Command> {
        if self.bulk_statuses(id, &result) {
            return Vec::new();
        }
        if self.form_requests.statuses != Some(id) {
            return self.unchanged();
        }
        self.form_requests.statuses = None;
        let remote = self.remote_for_form("loading the statuses", result);
        if let Some(form) = self.open_form_mut() {
            form.set_statuses(remote);
        }
        Vec::new()
    }

    pub(super) fn reasons_answer(
        &mut self,
        id: RequestId,
        result: Result<Vec<CancellationReason>, ApiError>,
    ) -> Vec<Command> {
        if self.form_requests.reasons != Some(id) {
            return self.unchanged();
        }
        self.form_requests.reasons = None;
        let remote = self.remote_for_form("loading the cancellation reasons", result);
        if let Some(form) = self.open_form_mut() {
            form.set_reasons(remote);
        }
        Vec::new()
    }

    pub(super) fn users_answer(
        &mut self,
        id: RequestId,
        result: Result<Vec<User>, ApiError>,
    ) -> Vec<Command> {
        if self.form_requests.users != Some(id) {
            return self.unchanged();
        }
        self.form_requests.users = None;
        let remote = self.remote_for_form("loading the users", result);
        if let Some(form) = self.open_form_mut() {
            form.set_users(remote);
        }
        Vec::new()
    }

    fn remote_for_form<T>(&mut self, what: &str, result: Result<T, ApiError>) -> Remote<T> {
        match result {
            Ok(value) => {
                self.session.connection = Connection::Online;
                Remote::Loaded(value)
            }
            Err(error) => {
                self.report(what, &error);
                Remote::Failed(error.to_string())
            }
        }
    }

    /// The server's answer to an action: on success the form closes and the returned job is
    /// shown; on failure the form stays with every value and the message beside its field.
    pub(super) fn acted(&mut self, id: RequestId, result: Result<Job, ApiError>) -> Vec<Command> {
        if self.bulk_acted(id, &result) {
            return Vec::new();
        }
        if self.acting != Some(id) {
            return self.unchanged();
        }
        self.acting = None;
        match result {
            Ok(job) => {
                self.close_form();
                let number = job.number.clone();
                self.show_returned_job(job);
                // The server has it: the draft is no longer needed.
                return self.forget_draft(&number);
            }
            Err(error) => {
                if let Some(form) = self.open_form_mut() {
                    form.set_failed(&error);
                }
                self.report("the server refused", &error);
            }
        }
        Vec::new()
    }

    /// The job an action returned: shown in the detail pane, and moved to its new tab.
    fn show_returned_job(&mut self, job: Job) {
        self.session.connection = Connection::Online;
        let today = self.day_now();
        self.completed_today.record(&job, today);
        self.place_job(&job);
        let status = job.status.as_ref().map_or("", |s| s.name.as_str());
        self.notice = Some(Notice::Info(format!(
            "{} is now {} ({status})",
            job.number,
            job.life_cycle_state.label()
        )));
        self.detail.pin(job);
    }

    /// Puts a job as the server returned it in its state's tab and out of the others. A job
    /// in a state the client does not know has no tab of its own: it stays where it is.
    pub(super) fn place_job(&mut self, job: &Job) {
        let rows = self.list_rows();
        if job.life_cycle_state.known().is_none() {
            for tab in &mut self.tabs {
                tab.update_job(job, &mut self.filter);
            }
            return;
        }
        for tab in &mut self.tabs {
            if tab.state == job.life_cycle_state {
                tab.insert_front(job.clone(), &mut self.filter);
                tab.update_job(job, &mut self.filter);
            } else {
                tab.remove(&job.number, &mut self.filter);
            }
            tab.scroll_into_view(rows);
        }
    }
}
