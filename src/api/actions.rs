//! The actions of the client: start, complete, cancel. One POST each, never retried blindly:
//! a lost answer is `ApiError::OutcomeUnknown` and the caller reads the job back.

use super::client::Client;
use super::error::ApiError;
use super::ident::{
    CancellationReasonIdentifier, JobIdentifier, JobStatusIdentifier, UserIdentifier,
};
use super::job::{CancelParams, CompleteParams, Job, StartParams};
use super::params::Params;
use super::transport::Call;

/// Actions: sent once; see `ApiError::OutcomeUnknown` for the doubtful case.
impl Client {
    /// `jobs/all_scopes/start_progress`: `PENDING` to `IN_PROGRESS`.
    ///
    /// # Errors
    /// `Server` when refused; `OutcomeUnknown` when the answer was lost; `Unreachable` when it
    /// was not sent.
    pub async fn start_progress(&self, params: &StartParams) -> Result<Job, ApiError> {
        let body = Params::new()
            .ident("job_identifier", params.job.parts())
            .ident_opt(
                "status_identifier",
                params.status.as_ref().map(JobStatusIdentifier::parts),
            );
        self.act("jobs/all_scopes/start_progress", body, "start", &params.job)
            .await
    }

    /// `jobs/all_scopes/complete` with every parameter of the seed method.
    ///
    /// # Errors
    /// As [`Client::start_progress`].
    pub async fn complete(&self, params: &CompleteParams) -> Result<Job, ApiError> {
        let body = Params::new()
            .ident("job_identifier", params.job.parts())
            .ident_opt(
                "status_identifier",
                params.status.as_ref().map(JobStatusIdentifier::parts),
            )
            .ident_opt(
                "performed_by_user_identifier",
                params.performed_by.as_ref().map(UserIdentifier::parts),
            )
            .date_opt(
                "performed_on",
                params.performed_on.as_ref(),
                self.server_zone(),
            )
            .date_opt(
                "scheduled_date",
                params.scheduled_date.as_ref(),
                self.server_zone(),
            );
        self.act("jobs/all_scopes/complete", body, "complete", &params.job)
            .await
    }

    /// `jobs/all_scopes/cancel`.
    ///
    /// # Errors
    /// As [`Client::start_progress`].
    pub async fn cancel(&self, params: &CancelParams) -> Result<Job, ApiError> {
        let mut body = Params::new()
            .ident("job_identifier", params.job.parts())
            .ident_opt(
                "status_identifier",
                params.status.as_ref().map(JobStatusIdentifier::parts),
            )
            .ident_opt(
                "cancellation_reason_identifier",
                params
                    .reason
                    .as_ref()
                    .map(CancellationReasonIdentifier::parts),
            );
        if params.cancel_provided_items {
            body = body.flag("cancel_provided_items", true);
        }
        self.act("jobs/all_scopes/cancel", body, "cancel", &params.job)
            .await
    }

    /// Sends an action and reads the job it returns.
    async fn act(
        &self,
        path: &'static str,
        body: Params,
        verb: &str,
        job: &JobIdentifier,
    ) -> Result<Job, ApiError> {
        let name = match job {
            JobIdentifier::Number(number) => format!("{verb} {number}"),
            JobIdentifier::Id(id) => format!("{verb} job id {id}"),
        };
        let reply = self.send(&Call::action(path, body, name.clone())).await?;
        super::job_pages::one(reply.data(), self.server_zone()).map_err(|error| match error {
            // The server said OK, so the action happened; only its answer is unreadable.
            ApiError::Decode(detail) => {
                ApiError::Decode(format!("{name} was accepted, but {detail}"))
            }
            other => other,
        })
    }
}
