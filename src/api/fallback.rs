//! Reads for servers that lack a method: a tab put together from `jobs/all_scopes/list`, and
//! one job found through its scope's `show` or its type's list.
//!
//! `get_pending`, `get_in_progress`, `get_cancelled` and `jobs/all_scopes/show` are not in
//! CRM.COM's published record; `get_draft`, `get_completed`, `get_overdue`, `list` (by
//! accounts receivable or by type) and `jobs/<scope>/show` are. When a method answers as
//! missing (see `transport`), the client remembers it for this server and asks these instead.
//!
//! A tab put together from `list` reads every page of every job type (the profile's
//! `job_types`, else every type seen in a job), keeps the jobs in the tab's state, and orders
//! them newest created first, as the server orders its own lists. The first page of a tab
//! reads them all; the pages after it are cut from that reading, so scrolling costs nothing.

use std::collections::HashSet;
use std::sync::Arc;

use super::client::Client;
use super::error::ApiError;
use super::ident::{JobIdentifier, JobTypeIdentifier};
use super::job::{Job, JobPage};
use super::model::{FulfillmentScope, JobFilter, LifeCycleState, Page};
use super::paging::{MAX_PAGES, MAX_ROWS, PagingEnd, after_page};
use super::params::Params;
use super::transport::Call;

/// The rows asked a page while putting a tab together.
const ASSEMBLY_PAGE: u32 = 500;

impl Client {
    /// Every job `list` gives for `filter`, page after page, by the rule of `paging` (a
    /// plain loop: this future is spawned, and `Pager::gather`'s async closure is not `Send`).
    pub(crate) async fn list_all(&self, filter: &JobFilter) -> Result<Vec<Job>, ApiError> {
        let mut jobs = Vec::new();
        let mut seen = HashSet::new();
        let mut page = Page::first(ASSEMBLY_PAGE);
        for _ in 0..MAX_PAGES {
            let got = self.list_jobs(filter, page).await?;
            let received = got.received();
            let before = jobs.len();
            jobs.extend(
                got.jobs
                    .into_iter()
                    .filter(|job| seen.insert((job.id.clone(), job.number.clone()))),
            );
            match after_page(page.size, received, jobs.len() - before) {
                None if jobs.len() < MAX_ROWS => page = page.next(),
                Some(PagingEnd::Longer) => {
                    self.remember(|memory| !std::mem::replace(&mut memory.ignores_paging, true));
                    break;
                }
                _ => break,
            }
        }
        Ok(jobs)
    }

    /// A page of the jobs in `state`, put together from `list` (see the top of this file).
    pub(crate) async fn assemble(
        &self,
        state: LifeCycleState,
        filter: Option<&JobFilter>,
        page: Page,
    ) -> Result<JobPage, ApiError> {
        let cached = (page.offset > 0 && filter.is_none())
            .then(|| self.assembled().get(&state).cloned())
            .flatten();
        let (all, types) = if let Some(all) = cached {
            (all, self.assembly_types().await?.len())
        } else {
            let (all, types) = self.read_assembly(state, filter).await?;
            let all = Arc::new(all);
            if filter.is_none() {
                self.assembled().insert(state, Arc::clone(&all));
            }
            (all, types)
        };
        let start = (page.offset as usize).min(all.len());
        let end = start.saturating_add(page.size as usize).min(all.len());
        Ok(JobPage {
            jobs: all[start..end].to_vec(),
            skipped: 0,
            assembled_from: Some(types),
        })
    }

    /// Every job in `state` of the types (or of the one filter), newest created first.
    async fn read_assembly(
        &self,
        state: LifeCycleState,
        filter: Option<&JobFilter>,
    ) -> Result<(Vec<Job>, usize), ApiError> {
        let filters = match filter {
            Some(filter) => vec![filter.clone()],
            None => self
                .assembly_types()
                .await?
                .into_iter()
                .map(JobFilter::Type)
                .collect(),
        };
        let mut jobs = Vec::new();
        for filter in &filters {
            let listed = self.list_all(filter).await?;
            // A job in a state crmjobs does not know (an expired one, say) would belong to no
            // tab: it is shown, as written, with the pending jobs, where a get_pending that
            // carries it puts it too.
            jobs.extend(listed.into_iter().filter(|job| {
                job.life_cycle_state == state
                    || (state == LifeCycleState::Pending && job.life_cycle_state.known().is_none())
            }));
        }
        jobs.sort_by_key(|job| std::cmp::Reverse(created(job)));
        Ok((jobs, filters.len()))
    }

    /// The job types a tab is put together from: the profile's, else those learned from the
    /// jobs seen, after the documented reads were asked once to see as many as they show.
    async fn assembly_types(&self) -> Result<Vec<JobTypeIdentifier>, ApiError> {
        if !self.inner_job_types().is_empty() {
            return Ok(self
                .inner_job_types()
                .iter()
                .map(|name| JobTypeIdentifier::Name(name.clone()))
                .collect());
        }
        self.survey_types().await?;
        let learned: Vec<JobTypeIdentifier> = self
            .memory()
            .job_types
            .keys()
            .map(|id| JobTypeIdentifier::Id(id.clone()))
            .collect();
        if learned.is_empty() {
            return Err(ApiError::Config(
                "this server has no method for this tab and no job type is known to list its \
                 jobs by: set job_types = [\"...\"] in the profile"
                    .to_owned(),
            ));
        }
        Ok(learned)
    }

    /// Reads the documented lists once per client for the job types they show. Types seen in
    /// passing are only some of them (the app loads every tab at once, so a first page of
    /// completed jobs often arrives before a tab is put together, and a memory kept from an
    /// earlier run may hold no more than that): a tab put together from those alone would
    /// silently leave out every job of the others.
    async fn survey_types(&self) -> Result<(), ApiError> {
        let mut surveyed = self.types_surveyed().lock().await;
        if *surveyed {
            return Ok(());
        }
        for state in [LifeCycleState::Completed, LifeCycleState::Draft] {
            self.read_state(state, None, Page::first(ASSEMBLY_PAGE))
                .await?;
        }
        self.overdue(Page::first(ASSEMBLY_PAGE)).await?;
        *surveyed = true;
        Ok(())
    }

    /// One job by the methods the server has: `all_scopes/show`, then its scope's `show`,
    /// then its type's `list`.
    pub(crate) async fn find_job(&self, job: &JobIdentifier) -> Result<Job, ApiError> {
        const SHOW: &str = "jobs/all_scopes/show";
        if !self.memory().is_missing(SHOW) {
            match self.show_at(SHOW, job).await {
                Err(ApiError::MethodMissing { .. }) => {}
                other => return other,
            }
        }
        let known = self.known_type_of(job);
        let scopes: Vec<FulfillmentScope> = match known.as_ref().map(|(_, scope)| *scope) {
            Some(scope) if scope != FulfillmentScope::Unknown => vec![scope],
            _ => FulfillmentScope::ALL.to_vec(),
        };
        for scope in scopes {
            let path = scope_show_path(scope);
            if self.memory().is_missing(path) {
                continue;
            }
            match self.show_at(path, job).await {
                Ok(found) => return Ok(found),
                // Not this scope (or no such method): try the next one.
                Err(ApiError::MethodMissing { .. }) => {}
                Err(refused @ ApiError::Server { .. }) if !refused.needs_login() => {}
                Err(other) => return Err(other),
            }
        }
        self.find_in_lists(job, known.map(|(id, _)| id)).await
    }

    /// The job in its type's list, or in every known type's.
    async fn find_in_lists(
        &self,
        job: &JobIdentifier,
        type_id: Option<String>,
    ) -> Result<Job, ApiError> {
        let types: Vec<JobTypeIdentifier> = match type_id {
            Some(id) => vec![JobTypeIdentifier::Id(id)],
            None => self.assembly_types().await?,
        };
        for job_type in types {
            let listed = self.list_all(&JobFilter::Type(job_type)).await?;
            if let Some(found) = listed.into_iter().find(|candidate| is(candidate, job)) {
                return Ok(found);
            }
        }
        Err(ApiError::server(
            "NOT_FOUND",
            Some(&format!(
                "{} was found in none of the job lists",
                describe(job)
            )),
            None,
        )
        .with_meaning(super::refusal::Meaning::Refused))
    }

    /// `show` at one path.
    async fn show_at(&self, path: &'static str, job: &JobIdentifier) -> Result<Job, ApiError> {
        let params = Params::new().ident("job_identifier", job.parts());
        let call = Call::get(path, self.with_fields_set(params));
        let mut found = super::job_pages::one(self.send(&call).await?.data(), self.server_zone())?;
        self.share(std::slice::from_mut(&mut found));
        Ok(found)
    }

    fn inner_job_types(&self) -> &[String] {
        self.profile_job_types()
    }
}

/// Whether `job` is the one `ident` names.
fn is(job: &Job, ident: &JobIdentifier) -> bool {
    match ident {
        JobIdentifier::Number(number) => job.number.eq_ignore_ascii_case(number),
        JobIdentifier::Id(id) => &job.id == id,
    }
}

/// A job's identifier for people.
fn describe(job: &JobIdentifier) -> String {
    match job {
        JobIdentifier::Number(number) => number.clone(),
        JobIdentifier::Id(id) => format!("job id {id}"),
    }
}

/// When a job was created, for newest-first order (unknown last).
fn created(job: &Job) -> Option<chrono::DateTime<chrono::Utc>> {
    job.log_information.as_ref()?.created_date
}

/// `jobs/<scope>/show`, the scope in lower case.
pub(crate) fn scope_show_path(scope: FulfillmentScope) -> &'static str {
    match scope {
        FulfillmentScope::GenericPurpose | FulfillmentScope::Unknown => "jobs/generic_purpose/show",
        FulfillmentScope::NewSubscription => "jobs/new_subscription/show",
        FulfillmentScope::ActivateSubscription => "jobs/activate_subscription/show",
        FulfillmentScope::DeactivateSubscription => "jobs/deactivate_subscription/show",
        FulfillmentScope::CancelSubscription => "jobs/cancel_subscription/show",
        FulfillmentScope::AddSubscriptionServices => "jobs/add_subscription_services/show",
        FulfillmentScope::CancelSubscriptionServices => "jobs/cancel_subscription_services/show",
        FulfillmentScope::ChangeSubscriptionLocation => "jobs/change_subscription_location/show",
        FulfillmentScope::SwapSubscriptionInstalledItems => {
            "jobs/swap_subscription_installed_items/show"
        }
        FulfillmentScope::SwapSubscriptionServices => "jobs/swap_subscription_services/show",
        FulfillmentScope::ReplacePhysicalGoods => "jobs/replace_physical_goods/show",
        FulfillmentScope::SubscriptionMaintainance => "jobs/subscription_maintainance/show",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scope_has_its_show_path_in_lower_case() {
        for scope in FulfillmentScope::ALL {
            let path = scope_show_path(scope);
            assert_eq!(
                path,
                format!("jobs/{}/show", scope.as_wire().to_lowercase())
            );
        }
    }
}
