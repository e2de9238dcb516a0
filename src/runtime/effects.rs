//! The effect runner: one tokio task per command, calling the API client and sending back
//! the one message that answers it, tagged with the command's request id.

use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;

use super::Effects;
use super::outbox_effects::{self, OutboxLink};
use crate::api::client::{Client, Credentials};
use crate::api::error::ApiError;
use crate::api::model::{Page, UserFilter};
use crate::app::{Command, Msg};
use crate::outbox::{Outbox, Owner};

/// Users asked for the performed-by picker: one page, larger than any unit's staff.
const USERS_PAGE: u32 = 500;

/// Runs commands against a CRM.COM server through the client.
#[derive(Clone, Debug)]
pub struct ClientEffects {
    client: Client,
    outbox: Option<OutboxLink>,
}

impl ClientEffects {
    /// Effects carried out by `client`; actions are sent directly, with no outbox.
    #[must_use]
    pub fn new(client: Client) -> Self {
        Self {
            client,
            outbox: None,
        }
    }

    /// Actions go through `outbox` (written before they are sent) for `owner`.
    #[must_use]
    pub fn with_outbox(mut self, outbox: Outbox, owner: Owner) -> Self {
        self.outbox = Some(OutboxLink { outbox, owner });
        self
    }
}

impl Effects for ClientEffects {
    fn run(&self, command: Command, reply: UnboundedSender<Msg>) {
        let client = self.client.clone();
        let link = self.outbox.clone();
        tokio::spawn(async move {
            let fallback = command.clone();
            let work = async {
                let command = match &link {
                    Some(link) => {
                        match outbox_effects::execute(&client, link, command, &reply).await {
                            Ok(msg) => return msg,
                            Err(command) => command,
                        }
                    }
                    None => command,
                };
                execute(&client, command).await
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
        });
    }
}

/// Carries out one command; the answer always carries the command's id.
pub async fn execute(client: &Client, command: Command) -> Msg {
    match command {
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
            result: client.start_progress(&params).await,
        },
        Command::Complete { id, params, .. } => Msg::Acted {
            id,
            result: client.complete(&params).await,
        },
        Command::Cancel { id, params, .. } => Msg::Acted {
            id,
            result: client.cancel(&params).await,
        },
        // Without an outbox there is nothing to settle, retry or discard.
        Command::SettleOutbox { id }
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
        Command::FetchUsers { id, unit } => Msg::Users {
            id,
            result: client
                .users(&UserFilter::Unit(unit), Page::first(USERS_PAGE))
                .await,
        },
    }
}
