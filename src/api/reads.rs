//! The read methods of the client: jobs by state and by filter, one job, statuses,
//! cancellation reasons, users.
//! All GET, parameters in the query string; retried on transport failures and gateway errors.
//! Where a server lacks a method, `fallback` asks the ones it has.

use super::client::Client;
use super::decode;
use super::error::ApiError;
use super::ident::{JobIdentifier, JobTypeIdentifier};
use super::job::{Job, JobPage};
use super::model::{
    CancellationReason, JobFilter, LifeCycleState, Page, StatusEntry, User, UserFilter,
};
use super::params::Params;
use super::transport::Call;

/// Reads.
impl Client {
    /// One page of jobs in a life cycle state (`get_draft`, `get_pending`, ...), optionally
    /// filtered by accounts receivable or type. Decoded job by job: an odd job never fails
    /// the page, and one without an id or a number is left out and counted.
    ///
    /// # Errors
    /// Any `ApiError`; reads are retried on transport failures and gateway errors.
    pub async fn jobs_by_state(
        &self,
        state: LifeCycleState,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        if !self.memory().is_missing(state_path(state)) {
            match self.read_state(state, filter, page).await {
                Err(ApiError::MethodMissing { .. }) => {}
                other => return other,
            }
        }
        self.assemble(state, filter, page).await
    }

    /// `get_<state>` itself, without a fallback.
    pub(crate) async fn read_state(
        &self,
        state: LifeCycleState,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.read_jobs(state_path(state), filter, page).await
    }

    /// `get_overdue`: pending or in progress jobs past their expected completion (R10).
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn overdue(&self, page: Page) -> Result<JobPage, ApiError> {
        self.read_jobs("jobs/all_scopes/get_overdue", None, page)
            .await
    }

    async fn read_jobs(
        &self,
        path: &'static str,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        let params = paged(job_filter(Params::new(), filter), page);
        let reply = self
            .send(&Call::get(path, self.with_fields_set(params)))
            .await?;
        let mut jobs = super::job_pages::page(reply.data(), self.server_zone())?;
        self.share(&mut jobs);
        Ok(jobs)
    }

    /// `get_draft`: one page of draft jobs.
    ///
    /// # Errors
    /// As [`Client::jobs_by_state`].
    pub async fn get_draft(
        &self,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.jobs_by_state(LifeCycleState::Draft, filter, page)
            .await
    }

    /// `get_pending`: one page of pending jobs.
    ///
    /// # Errors
    /// As [`Client::jobs_by_state`].
    pub async fn get_pending(
        &self,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.jobs_by_state(LifeCycleState::Pending, filter, page)
            .await
    }

    /// `get_in_progress`: one page of jobs in progress.
    ///
    /// # Errors
    /// As [`Client::jobs_by_state`].
    pub async fn get_in_progress(
        &self,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.jobs_by_state(LifeCycleState::InProgress, filter, page)
            .await
    }

    /// `get_completed`: one page of completed jobs.
    ///
    /// # Errors
    /// As [`Client::jobs_by_state`].
    pub async fn get_completed(
        &self,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.jobs_by_state(LifeCycleState::Completed, filter, page)
            .await
    }

    /// `get_cancelled`: one page of cancelled jobs.
    ///
    /// # Errors
    /// As [`Client::jobs_by_state`].
    pub async fn get_cancelled(
        &self,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        self.jobs_by_state(LifeCycleState::Cancelled, filter, page)
            .await
    }

    /// `jobs/all_scopes/list`: one page of jobs of an accounts receivable or a type.
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn list_jobs(&self, filter: &JobFilter, page: Page) -> Result<JobPage, ApiError> {
        let params = paged(job_filter(Params::new(), Some(filter)), page);
        let call = Call::get("jobs/all_scopes/list", self.with_fields_set(params));
        let data = self.send(&call).await?;
        let mut jobs = super::job_pages::page(data.data(), self.server_zone())?;
        self.share(&mut jobs);
        Ok(jobs)
    }

    /// One job: `jobs/all_scopes/show`, or where the server lacks it the job's scope's
    /// `show`, then its type's list (see `fallback`).
    ///
    /// # Errors
    /// `Server` for an unknown job; any other `ApiError`.
    pub async fn show_job(&self, job: &JobIdentifier) -> Result<Job, ApiError> {
        self.find_job(job).await
    }

    /// `jobs/configuration/statuses/list`: the statuses of a job type, optionally of one state.
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn statuses(
        &self,
        job_type: &JobTypeIdentifier,
        state: Option<LifeCycleState>,
    ) -> Result<Vec<StatusEntry>, ApiError> {
        let params = Params::new()
            .ident("job_type_identifier", job_type.parts())
            .text_opt("life_cycle_state", state.map(LifeCycleState::as_wire));
        let call = Call::get("jobs/configuration/statuses/list", params);
        decode::list(self.send(&call).await?.data(), "statuses")
    }

    /// `jobs/configuration/cancellation_reasons/list`: the reasons a job of this type may be
    /// cancelled for, the type's default marked. No paging is asked: a type has few.
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn cancellation_reasons(
        &self,
        job_type: &JobTypeIdentifier,
    ) -> Result<Vec<CancellationReason>, ApiError> {
        let params = Params::new().ident("job_type_identifier", job_type.parts());
        let call = Call::get("jobs/configuration/cancellation_reasons/list", params);
        decode::list(self.send(&call).await?.data(), "cancellation reasons")
    }

    /// `jobs/all_scopes/get_next_status_sequence`: the statuses a job may move to next.
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn next_status_sequence(
        &self,
        job: &JobIdentifier,
    ) -> Result<Vec<StatusEntry>, ApiError> {
        let params = Params::new().ident("job_identifier", job.parts());
        let call = Call::get("jobs/all_scopes/get_next_status_sequence", params);
        decode::list(self.send(&call).await?.data(), "statuses")
    }

    /// `users/list`: one page of users of a business unit, unit, group or security profile.
    ///
    /// # Errors
    /// Any `ApiError`.
    pub async fn users(&self, filter: &UserFilter, page: Page) -> Result<Vec<User>, ApiError> {
        let params = match filter {
            UserFilter::BusinessUnit(id) => {
                Params::new().ident("business_unit_identifier", id.parts())
            }
            UserFilter::Unit(id) => Params::new().ident("unit_identifier", id.parts()),
            UserFilter::Group(id) => Params::new().ident("group_identifier", id.parts()),
            UserFilter::SecurityProfile(id) => {
                Params::new().ident("security_profile_identifier", id.parts())
            }
        };
        let call = Call::get("users/list", self.with_fields_set(paged(params, page)));
        decode::list(self.send(&call).await?.data(), "users")
    }
}

/// The `get_<state>` method of a tab.
pub(crate) fn state_path(state: LifeCycleState) -> &'static str {
    match state {
        LifeCycleState::Draft => "jobs/all_scopes/get_draft",
        LifeCycleState::Pending => "jobs/all_scopes/get_pending",
        LifeCycleState::InProgress => "jobs/all_scopes/get_in_progress",
        LifeCycleState::Completed => "jobs/all_scopes/get_completed",
        LifeCycleState::Cancelled => "jobs/all_scopes/get_cancelled",
    }
}

/// Adds the optional job filter of `get_<state>` (the required one of `list`).
fn job_filter(params: Params, filter: Option<&JobFilter>) -> Params {
    match filter {
        None => params,
        Some(JobFilter::AccountsReceivable(id)) => {
            params.ident("accounts_receivable_identifier", id.parts())
        }
        Some(JobFilter::Type(id)) => params.ident("type_identifier", id.parts()),
    }
}

/// Adds `number_of_results` and `offset`.
fn paged(params: Params, page: Page) -> Params {
    params
        .number("number_of_results", page.size)
        .number("offset", page.offset)
}
