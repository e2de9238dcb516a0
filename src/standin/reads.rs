//! The read methods of jobs: lists and pages, by state, overdue, one job, status lists.

use super::auth::session;
use super::envelope::{Code, Failure};
use super::fields::{self, Data};
use super::params::Params;
use super::store::{Jobs, Selection};
use super::{Shared, lock, now, render};
use crate::api::ident::{AccountsReceivableIdentifier, JobIdentifier, JobTypeIdentifier};
use crate::api::model::{FulfillmentScope, LifeCycleState};

/// Page size when `number_of_results` is not given.
pub(crate) const DEFAULT_PAGE_SIZE: u32 = 50;

/// Reads and checks the token of a request.
pub(crate) fn authorised(
    shared: &Shared,
    params: &mut Params,
) -> Result<super::auth::Session, Failure> {
    let token = params.token()?;
    session(shared, &token)
}

/// `offset` and `number_of_results`, with the default page size; with `ignore_paging` both are
/// taken unread and the whole list is answered, as a server before R13 does.
pub(crate) fn paging(shared: &Shared, params: &mut Params) -> Result<(usize, usize), Failure> {
    if shared.ignore_paging {
        params.discard("offset");
        params.discard("number_of_results");
        return Ok((0, usize::MAX));
    }
    let offset = params.number("offset", 0)?.unwrap_or(0);
    let size = params
        .number("number_of_results", 1)?
        .unwrap_or(DEFAULT_PAGE_SIZE);
    Ok((offset as usize, size as usize))
}

/// The job filter: an accounts receivable or a type, at most one.
enum JobFilter {
    Receivable(usize),
    Type(usize),
}

fn job_filter(shared: &Shared, params: &mut Params) -> Result<Option<JobFilter>, Failure> {
    let org = &shared.org;
    let receivable: Option<AccountsReceivableIdentifier> =
        params.identifier("accounts_receivable_identifier")?;
    let job_type: Option<JobTypeIdentifier> = params.identifier("type_identifier")?;
    match (receivable, job_type) {
        (Some(_), Some(_)) => Err(Failure::invalid(
            "type_identifier",
            "give either accounts_receivable_identifier or type_identifier, not both",
        )),
        (Some(ident), None) => org
            .find_receivable(&ident)
            .map(|r| Some(JobFilter::Receivable(r)))
            .ok_or_else(|| {
                Failure::not_found(
                    "accounts_receivable_identifier",
                    format!("no accounts receivable with {ident}"),
                )
            }),
        (None, Some(ident)) => org
            .find_type(&ident)
            .map(|t| Some(JobFilter::Type(t)))
            .ok_or_else(|| {
                Failure::not_found("type_identifier", format!("no job type with {ident}"))
            }),
        (None, None) => Ok(None),
    }
}

/// The jobs at `positions` as JSON, filtered by `fields_set`.
fn job_list(shared: &Shared, jobs: &Jobs, positions: &[usize], wanted: Option<&[String]>) -> Data {
    let list: Vec<_> = positions
        .iter()
        .map(|&at| render::job(shared, jobs, at))
        .collect();
    Data::of(&list, wanted)
}

/// A page of jobs as JSON, filtered by `fields_set`.
fn job_page(
    shared: &Shared,
    selection: Selection,
    (offset, size): (usize, usize),
    wanted: Option<&[String]>,
) -> Data {
    let jobs = lock(&shared.jobs);
    let page = jobs.page(selection, offset, size);
    job_list(shared, &jobs, &page, wanted)
}

/// `GET jobs/all_scopes/list`: exactly one of the two filters.
pub(crate) fn list(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let filter = job_filter(shared, &mut params)?;
    let paging = paging(shared, &mut params)?;
    let wanted = params.fields_set(render::job_fields(shared.flavour))?;
    params.finish("jobs/all_scopes/list")?;
    let selection = match filter {
        Some(JobFilter::Receivable(r)) => Selection::Receivable(r),
        Some(JobFilter::Type(t)) => Selection::Type(t),
        None => {
            return Err(Failure::new(
                Code::MissingParameter,
                "type_identifier: give exactly one of accounts_receivable_identifier or type_identifier",
            ));
        }
    };
    Ok(job_page(shared, selection, paging, wanted.as_deref()))
}

/// The parameters of `get_<state>` and `get_overdue`: at most one filter, paging, `fields_set`.
struct StateQuery {
    filter: Option<JobFilter>,
    paging: (usize, usize),
    wanted: Option<Vec<String>>,
}

fn state_query(shared: &Shared, params: &mut Params) -> Result<StateQuery, Failure> {
    authorised(shared, params)?;
    Ok(StateQuery {
        filter: job_filter(shared, params)?,
        paging: paging(shared, params)?,
        wanted: params.fields_set(render::job_fields(shared.flavour))?,
    })
}

/// The selection of one state with the request's filter.
fn in_state(filter: Option<&JobFilter>, state: LifeCycleState) -> Selection {
    match filter {
        Some(JobFilter::Receivable(r)) => Selection::StateReceivable(state, *r),
        Some(JobFilter::Type(t)) => Selection::StateType(state, *t),
        None => Selection::State(state),
    }
}

/// `GET jobs/all_scopes/get_<state>`: at most one of the two filters.
pub(crate) fn by_state(
    shared: &Shared,
    state: LifeCycleState,
    mut params: Params,
) -> Result<Data, Failure> {
    let query = state_query(shared, &mut params)?;
    params.finish("this method")?;
    let selection = in_state(query.filter.as_ref(), state);
    Ok(job_page(
        shared,
        selection,
        query.paging,
        query.wanted.as_deref(),
    ))
}

/// `GET jobs/all_scopes/get_overdue`: pending and in-progress jobs past their expected
/// completion date, with the parameters of `get_<state>`.
pub(crate) fn overdue(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    let query = state_query(shared, &mut params)?;
    params.finish("jobs/all_scopes/get_overdue")?;
    let (offset, size) = query.paging;
    let jobs = lock(&shared.jobs);
    let filter = query.filter.as_ref();
    let page = jobs.overdue_page(|state| in_state(filter, state), now(), offset, size);
    Ok(job_list(shared, &jobs, &page, query.wanted.as_deref()))
}

/// Finds a job by its identifier, or `NOT_FOUND` naming `job_identifier`.
pub(crate) fn find_job(jobs: &Jobs, ident: &JobIdentifier) -> Result<usize, Failure> {
    let found = match ident {
        JobIdentifier::Id(id) => jobs.by_id(id),
        JobIdentifier::Number(number) => jobs.by_number(number),
    };
    found.ok_or_else(|| Failure::not_found("job_identifier", format!("no job with {ident}")))
}

/// `GET jobs/all_scopes/show`, or `jobs/<scope>/show` when `scope` is given: there a job of
/// another scope is not found.
pub(crate) fn show(
    shared: &Shared,
    scope: Option<FulfillmentScope>,
    mut params: Params,
) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let ident: JobIdentifier = params.required_identifier("job_identifier")?;
    let wanted = params.fields_set(render::job_fields(shared.flavour))?;
    params.finish("this method")?;
    let jobs = lock(&shared.jobs);
    let at = find_job(&jobs, &ident)?;
    if let Some(scope) = scope {
        let job_type = &shared.org.types[jobs.get(at).job_type].job_type;
        if job_type.fulfillment_scope != scope {
            return Err(Failure::not_found(
                "job_identifier",
                format!("no {} job with {ident}", scope.as_wire()),
            ));
        }
    }
    Ok(render::one(shared, &jobs, at, wanted.as_deref()))
}

/// `GET jobs/all_scopes/get_next_status_sequence`: the statuses the job's next action may set.
pub(crate) fn next_status_sequence(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let ident: JobIdentifier = params.required_identifier("job_identifier")?;
    let wanted = params.fields_set(fields::STATUS_ENTRY)?;
    params.finish("jobs/all_scopes/get_next_status_sequence")?;
    let (job_type, state) = {
        let jobs = lock(&shared.jobs);
        let rec = jobs.get(find_job(&jobs, &ident)?);
        (rec.job_type, rec.state)
    };
    let next: &[LifeCycleState] = match state {
        LifeCycleState::Draft => &[LifeCycleState::Cancelled],
        LifeCycleState::Pending => &[LifeCycleState::InProgress, LifeCycleState::Cancelled],
        LifeCycleState::InProgress => &[LifeCycleState::Completed, LifeCycleState::Cancelled],
        LifeCycleState::Completed | LifeCycleState::Cancelled => &[],
    };
    let org = &shared.org;
    let entries: Vec<_> = next
        .iter()
        .flat_map(|&s| org.type_statuses(job_type, s))
        .map(|entry| org.status_entry(entry))
        .collect();
    Ok(Data::of(&entries, wanted.as_deref()))
}

/// `GET jobs/configuration/statuses/list`.
pub(crate) fn statuses(shared: &Shared, mut params: Params) -> Result<Data, Failure> {
    authorised(shared, &mut params)?;
    let ident: JobTypeIdentifier = params.required_identifier("job_type_identifier")?;
    let state = match params.text("life_cycle_state")? {
        None => None,
        Some(text) => Some(LifeCycleState::from_wire(&text).ok_or_else(|| {
            Failure::invalid(
                "life_cycle_state",
                format!("{text:?} is not one of DRAFT, PENDING, IN_PROGRESS, COMPLETED, CANCELLED"),
            )
        })?),
    };
    let wanted = params.fields_set(fields::STATUS_ENTRY)?;
    params.finish("jobs/configuration/statuses/list")?;
    let org = &shared.org;
    let job_type = org.find_type(&ident).ok_or_else(|| {
        Failure::not_found("job_type_identifier", format!("no job type with {ident}"))
    })?;
    let entries: Vec<_> = org.types[job_type]
        .statuses
        .iter()
        .filter(|entry| state.is_none_or(|s| org.statuses[entry.status].life_cycle_state == s))
        .map(|entry| org.status_entry(entry))
        .collect();
    Ok(Data::of(&entries, wanted.as_deref()))
}
