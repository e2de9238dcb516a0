//! The effect runner: one tokio task per command, calling the API client and sending back
//! the one message that answers it, tagged with the command's request id.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use secrecy::ExposeSecret;
use tokio::sync::mpsc::UnboundedSender;

use super::Effects;
use super::outbox_effects::{self, OutboxLink};
use crate::api::client::{Client, Credentials};
use crate::api::error::ApiError;
use crate::api::job::Job;
use crate::api::model::{Page, User, UserFilter};
use crate::app::form::UsersOf;
use crate::app::{Command, Msg};
use crate::jobcache::JobCache;
use crate::outbox::{Outbox, Owner, PendingAction};

/// Users asked for the performed-by picker: one page, larger than any unit's staff.
const USERS_PAGE: u32 = 500;

/// Runs commands against a CRM.COM server through the client.
#[derive(Clone, Debug)]
pub struct ClientEffects {
    client: Client,
    /// How a profile logs in; `None` logs in with the typed (or demo) password only.
    plan: Option<Arc<super::login_plan::LoginPlan>>,
    /// The profile's `users_filter`: the performed-by picker keeps users whose login or
    /// name contains it (case-insensitive).
    users_filter: Option<Arc<str>>,
    /// Where drafts are kept; `None` keeps none.
    drafts: Option<crate::drafts::Drafts>,
    /// Where actions are written before they are sent; `None` sends them directly.
    outbox: Option<OutboxLink>,
    /// Where the loaded rows are kept between runs; `None` keeps none.
    jobs: Option<JobCache>,
    /// The zone the app shows dates in (the machine's unless pinned), for messages that
    /// name a date.
    zone: crate::when::Zone,
}

impl ClientEffects {
    /// Effects carried out by `client`; actions are sent directly, with no outbox.
    #[must_use]
    pub fn new(client: Client) -> Self {
        Self {
            client,
            plan: None,
            users_filter: None,
            drafts: None,
            outbox: None,
            jobs: None,
            zone: crate::when::Zone::Local,
        }
    }

    /// Logs in as `plan` says (cached token, profile secret, token cache).
    #[must_use]
    pub fn with_login(mut self, plan: super::login_plan::LoginPlan) -> Self {
        self.plan = Some(Arc::new(plan));
        self
    }

    /// Saves and removes drafts in `drafts`.
    #[must_use]
    pub fn with_drafts(mut self, drafts: crate::drafts::Drafts) -> Self {
        self.drafts = Some(drafts);
        self
    }

    /// Reads the saved rows from `cache` at start, and saves them there on the way out.
    #[must_use]
    pub fn with_job_cache(mut self, cache: JobCache) -> Self {
        self.jobs = Some(cache);
        self
    }

    /// Saves what `app` loaded in the job cache (on the way out). Nothing is saved without
    /// a cache, or while the saved rows were still being read.
    ///
    /// # Errors
    /// The cache file cannot be written.
    pub fn save_jobs(&self, app: &crate::app::App) -> std::io::Result<()> {
        match (&self.jobs, app.tabs_to_save()) {
            (Some(cache), Some(tabs)) => cache.save(&tabs),
            _ => Ok(()),
        }
    }

    /// Narrows the users offered by the picker.
    #[must_use]
    pub fn with_users_filter(mut self, filter: Option<String>) -> Self {
        self.users_filter = filter.filter(|f| !f.is_empty()).map(Arc::from);
        self
    }

    /// Actions go through `outbox` (written before they are sent) for `owner`.
    #[must_use]
    pub fn with_outbox(mut self, outbox: Outbox, owner: Owner) -> Self {
        self.outbox = Some(OutboxLink {
            outbox,
            owner,
            zone: self.zone,
        });
        self
    }

    /// Names dates in `zone`, as the app is told to show them (tests pin one).
    #[must_use]
    pub fn with_zone(mut self, zone: crate::when::Zone) -> Self {
        self.zone = zone;
        if let Some(link) = &mut self.outbox {
            link.zone = zone;
        }
        self
    }
}

impl Effects for ClientEffects {
    fn run(&self, command: Command, reply: UnboundedSender<Msg>) {
        // Drafts are written here, in order, before the frame that shows the change: a
        // small file, and a later save must never be overtaken by an earlier one.
        if let Some(result) = self.keep_draft(&command) {
            if let Err(error) = result {
                tracing::warn!(%error, "draft not saved");
            }
            return;
        }
        if let Command::LoadSavedJobs { id } = command {
            let cache = self.jobs.clone();
            // Decoding 100,000 saved jobs takes a while: off the loop's threads.
            tokio::task::spawn_blocking(move || {
                let read = std::panic::catch_unwind(|| cache.map(|c| c.load()));
                let result = match read {
                    Ok(Some(Ok(Some(tabs)))) => Ok(tabs),
                    Ok(None | Some(Ok(None))) => Ok(Vec::new()),
                    Ok(Some(Err(error))) => Err(error.to_string()),
                    Err(_) => Err("the saved jobs could not be read".to_owned()),
                };
                let _ = reply.send(Msg::SavedJobs { id, result });
            });
            return;
        }
        let client = self.client.clone();
        let plan = self.plan.clone();
        let users_filter = self.users_filter.clone();
        let link = self.outbox.clone();
        tokio::spawn(async move {
            let fallback = command.clone();
            // Only the commands the outbox carries out write the audit log; they report a
            // failed write after their own answer, so it is the status line's last word.
            let audits = link.is_some() && command.writes_audit();
            let work = async {
                // Actions go through the outbox first; what it does not handle goes on.
                let command = match &link {
                    Some(link) => {
                        match outbox_effects::execute(&client, link, command, &reply).await {
                            Ok(msg) => return msg,
                            Err(command) => command,
                        }
                    }
                    None => command,
                };
                match (plan, command) {
                    (
                        Some(plan),
                        Command::Login {
                            id,
                            organisation,
                            username,
                            password,
                        },
                    ) => {
                        plan.login(&client, id, organisation, username, password)
                            .await
                    }
                    (_, command) => narrow_users(execute(&client, command).await, users_filter),
                }
            };
            // A panic in the work must still answer, or the app would wait (and spin) forever.
            let msg = match AssertUnwindSafe(work).catch_unwind().await {
                Ok(msg) => msg,
                Err(_) => fallback.failed(ApiError::Decode(
                    "the client failed while handling this request".to_owned(),
                )),
            };
            // The loop has ended when nobody listens; the answer is no longer wanted.
            let _ = reply.send(msg);
            if let Some(link) = link.as_ref().filter(|_| audits) {
                link.report_audit_failure(&reply);
            }
        });
    }
}

impl ClientEffects {
    /// Carries out a draft command; `None` for every other command.
    fn keep_draft(&self, command: &Command) -> Option<std::io::Result<()>> {
        let result = match (command, &self.drafts) {
            (Command::SaveDraft { draft }, Some(drafts)) => drafts.save(draft),
            (Command::RemoveDraft { profile, job }, Some(drafts)) => drafts.remove(profile, job),
            (Command::SaveDraft { .. } | Command::RemoveDraft { .. }, None) => Ok(()),
            _ => return None,
        };
        Some(result)
    }
}

/// Carries out one command; the answer always carries the command's id.
pub async fn execute(client: &Client, command: Command) -> Msg {
    match command {
        // An empty password asks for a login without one; without a login plan there is
        // none to be had (and the kept credentials must not be replaced by an empty one).
        Command::Login { id, password, .. } if password.expose_secret().is_empty() => {
            Msg::LoggedIn {
                id,
                result: Err(ApiError::NotLoggedIn),
            }
        }
        Command::Login {
            id,
            organisation,
            username,
            password,
        } => {
            client.set_credentials(Credentials::Password {
                organisation,
                username,
                password,
                unit: None,
            });
            Msg::LoggedIn {
                id,
                result: client.login().await,
            }
        }
        Command::FetchJobs { id, state, page } => Msg::Jobs {
            id,
            state,
            page,
            result: client.jobs_by_state(state, None, page).await,
        },
        Command::ShowJob { id, job } => Msg::Job {
            id,
            result: client.show_job(&job).await,
        },
        Command::Start { id, params, .. } => Msg::Acted {
            id,
            result: act_directly(client, PendingAction::Start(params)).await,
        },
        Command::Complete { id, params, .. } => Msg::Acted {
            id,
            result: act_directly(client, PendingAction::Complete(params)).await,
        },
        Command::Cancel { id, params, .. } => Msg::Acted {
            id,
            result: act_directly(client, PendingAction::Cancel(params)).await,
        },
        // Without an outbox there is nothing to settle, retry or discard.
        Command::SettleOutbox { id, .. }
        | Command::RetryEntry { id, .. }
        | Command::DiscardEntry { id, .. } => Msg::Settled {
            id,
            results: Vec::new(),
        },
        Command::FetchStatuses {
            id,
            job_type,
            state,
        } => Msg::Statuses {
            id,
            result: client.statuses(&job_type, Some(state)).await,
        },
        Command::FetchReasons { id, job_type } => Msg::Reasons {
            id,
            result: client.cancellation_reasons(&job_type).await,
        },
        Command::FetchUsers { id, of } => Msg::Users {
            id,
            result: users_of(client, of).await,
        },
        // A client alone keeps no job cache.
        Command::LoadSavedJobs { id } => Msg::SavedJobs {
            id,
            result: Ok(Vec::new()),
        },
        // The runtime writes copies on the terminal; nothing to do with the client.
        Command::Copy { .. } | Command::SaveDraft { .. } | Command::RemoveDraft { .. } => Msg::Tick,
    }
}

/// The users of a job's unit; of its business unit when it has no unit or the server
/// refuses the unit filter (deprecated from R18).
async fn users_of(client: &Client, of: UsersOf) -> Result<Vec<User>, ApiError> {
    let by_business_unit = of.business_unit.map(UserFilter::BusinessUnit);
    let Some(unit) = of.unit else {
        let filter = by_business_unit.ok_or(ApiError::Decode(
            "the job has neither a unit nor a business unit to list users of".to_owned(),
        ))?;
        return client.users(&filter, Page::first(USERS_PAGE)).await;
    };
    let by_unit = client
        .users(&UserFilter::Unit(unit), Page::first(USERS_PAGE))
        .await;
    match (by_unit, by_business_unit) {
        (Err(error), Some(filter)) if !error.is_auth_failure() => {
            tracing::debug!(%error, "users by unit refused; asking by business unit");
            client.users(&filter, Page::first(USERS_PAGE)).await
        }
        (other, _) => other,
    }
}

/// Keeps the users whose login or name contains `filter` (case-insensitive).
fn narrow_users(msg: Msg, filter: Option<Arc<str>>) -> Msg {
    let Some(filter) = filter else { return msg };
    let needle = filter.to_lowercase();
    match msg {
        Msg::Users {
            id,
            result: Ok(users),
        } => Msg::Users {
            id,
            result: Ok(users
                .into_iter()
                .filter(|u| {
                    u.username.to_lowercase().contains(&needle)
                        || u.person_name
                            .as_deref()
                            .is_some_and(|n| n.to_lowercase().contains(&needle))
                })
                .collect()),
        },
        other => other,
    }
}

/// Sends an action without an outbox. A dead token the client renewed by itself means the
/// server did nothing, yet the action is sent again only after the job is read back still in
/// a state it starts from (never blindly): done already is success, changed is a doubt.
async fn act_directly(client: &Client, action: PendingAction) -> Result<Job, ApiError> {
    let error = match action.send(client).await {
        Err(error) if error.needs_login() && client.can_renew() => error,
        other => return other,
    };
    let job = client.show_job(action.job()).await?;
    if job.life_cycle_state == action.target_state() {
        return Ok(job);
    }
    if job
        .life_cycle_state
        .known()
        .is_some_and(|state| action.source_states().contains(&state))
    {
        return action.send(client).await;
    }
    tracing::debug!(%error, "the job changed while the token was renewed");
    Err(ApiError::OutcomeUnknown {
        action: format!("{} {}", action.verb(), job.number),
        detail: format!("the job is now {}", job.life_cycle_state),
    })
}
