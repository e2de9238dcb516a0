//! The probes of `crmjobs doctor`, in order: each `get_<state>` and `get_overdue` for one
//! row, two more reads of `get_completed` for paging and order, then the methods that need a
//! job, a type or a unit, asked with ones seen in those answers. Token release is never sent:
//! it would end the session (and is deprecated from R12).

use chrono::{DateTime, Utc};

use crate::api::client::Client;
use crate::api::date;
use crate::api::error::ApiError;
use crate::api::model::{FulfillmentScope, LifeCycleState};
use crate::api::probe::{PAST_EVENT_FIELDS, Probe, Probed, SeenJob, rows, seen_jobs, wall_clock};
use crate::api::refusal::Meaning;

use super::doctor_judge;
use super::doctor_report::{Check, MethodReport, clean};
use super::doctor_zone::DatedAnswer;

/// The `get_<state>` methods, in the order of the report.
const TABS: [LifeCycleState; 5] = [
    LifeCycleState::Draft,
    LifeCycleState::Pending,
    LifeCycleState::InProgress,
    LifeCycleState::Completed,
    LifeCycleState::Cancelled,
];

/// Rows asked of the page whose created dates are checked for newest-first order.
const ORDER_PAGE: u32 = 20;

/// Everything the probes saw.
#[derive(Debug, Default)]
pub struct Findings {
    /// One entry per method, in the order of the report.
    pub methods: Vec<MethodReport>,
    /// Every job seen in an answer.
    pub jobs: Vec<SeenJob>,
    /// Every date text seen.
    pub date_texts: Vec<String>,
    /// The offset-less dates of past events, with their answer's clock.
    pub dated: Vec<DatedAnswer>,
    /// Whether a page is no longer than asked.
    pub paging: Check,
    /// Whether lists come newest first.
    pub newest_first: Check,
    /// The refusals met: code and meaning.
    pub refusals: Vec<(String, Meaning)>,
}

/// Runs every probe with `client` (logged in).
pub async fn probe_all(client: &Client) -> Findings {
    let mut run = Runner {
        client,
        found: Findings::default(),
    };
    let mut completed_rows = None;
    for state in TABS {
        let probed = run.ask(Probe::jobs_in(state, 1), None).await;
        if state == LifeCycleState::Completed {
            completed_rows = probed.map(|p| rows(p.data.as_deref()));
        }
    }
    run.ask(Probe::overdue(1), None).await;
    let two = run
        .quietly(Probe::jobs_in(LifeCycleState::Completed, 2))
        .await
        .map(|p| rows(p.data.as_deref()));
    run.found.paging = doctor_judge::paging(completed_rows, two);
    let page = run
        .quietly(Probe::jobs_in(LifeCycleState::Completed, ORDER_PAGE))
        .await;
    run.found.newest_first = doctor_judge::newest_first(&created_dates(page.as_ref()));
    run.by_what_was_seen().await;
    run.found.methods.push(not_probed(
        "authentication/token/release",
        None,
        "it would end the session",
    ));
    run.found
}

struct Runner<'a> {
    client: &'a Client,
    found: Findings,
}

impl Runner<'_> {
    /// Probes and reports a method; the jobs of its answer are kept.
    async fn ask(&mut self, probe: Probe, by: Option<&'static str>) -> Option<Probed> {
        let result = self.client.probe(&probe).await;
        let mut report = MethodReport {
            method: probe.method().to_owned(),
            by,
            result: "answers",
            http_status: None,
            code: None,
            message: None,
            rows: None,
        };
        match result {
            Ok(probed) => {
                report.rows = Some(rows(probed.data.as_deref()));
                self.keep(&probed);
                self.found.methods.push(report);
                Some(probed)
            }
            Err(error) => {
                self.describe(&mut report, &error);
                self.found.methods.push(report);
                None
            }
        }
    }

    /// Probes without reporting the method (it is reported already); the jobs are kept.
    async fn quietly(&mut self, probe: Probe) -> Option<Probed> {
        let probed = self.client.probe(&probe).await.ok()?;
        self.keep(&probed);
        Some(probed)
    }

    fn describe(&mut self, report: &mut MethodReport, error: &ApiError) {
        match error {
            ApiError::MethodMissing { status, .. } => {
                report.result = "missing";
                report.http_status = Some(*status);
            }
            ApiError::Server {
                code,
                message,
                meaning,
                ..
            } => {
                report.result = "refused";
                report.code = Some(clean(code));
                report.message = message.as_deref().map(clean);
                self.found.refusals.push((clean(code), *meaning));
            }
            other => {
                report.result = "failed";
                report.message = Some(clean(&other.to_string()));
            }
        }
    }

    /// Keeps the jobs of an answer, their date texts, and the past-event dates with the
    /// answer's clock.
    fn keep(&mut self, probed: &Probed) {
        for job in seen_jobs(probed.data.as_deref()) {
            for (field, text) in &job.dates {
                self.found.date_texts.push(text.clone());
                let past = PAST_EVENT_FIELDS.contains(field);
                if let (true, Some(wall), Some(clock)) = (past, wall_clock(text), probed.clock) {
                    self.found.dated.push(DatedAnswer {
                        wall,
                        server_now: clock.server,
                    });
                }
            }
            self.found.jobs.push(job);
        }
    }

    /// The methods asked with a job, a type or a unit seen in the answers so far; those
    /// with nothing to ask by are reported as not probed, and why.
    async fn by_what_was_seen(&mut self) {
        let seen = Targets::of(&self.found.jobs);
        let no_job = "no job was seen in any answer";
        let no_type = "no job type was seen in any answer";
        let type_id = seen.type_id.as_deref();
        let number = seen.number.as_deref();
        let asks = [
            (
                type_id.map(|t| Probe::list_by_type(t, 1)),
                ("jobs/all_scopes/list", Some("type_identifier"), no_type),
            ),
            (
                number.map(Probe::show),
                ("jobs/all_scopes/show", None, no_job),
            ),
            (
                seen.scoped
                    .as_ref()
                    .map(|(scope, n)| Probe::scope_show(*scope, n)),
                (
                    "jobs/<scope>/show",
                    None,
                    "no job whose type names its scope was seen",
                ),
            ),
            (
                type_id.map(Probe::statuses),
                ("jobs/configuration/statuses/list", None, no_type),
            ),
            (
                number.map(Probe::next_status_sequence),
                ("jobs/all_scopes/get_next_status_sequence", None, no_job),
            ),
            (
                type_id.map(Probe::cancellation_reasons),
                (
                    "jobs/configuration/cancellation_reasons/list",
                    None,
                    no_type,
                ),
            ),
            (
                seen.business_unit
                    .as_deref()
                    .map(|id| Probe::users_by_business_unit(id, 1)),
                (
                    "users/list",
                    Some("business_unit_identifier"),
                    "no job seen names its business unit",
                ),
            ),
            (
                seen.unit.as_deref().map(|id| Probe::users_by_unit(id, 1)),
                (
                    "users/list",
                    Some("unit_identifier"),
                    "no job seen names its unit",
                ),
            ),
        ];
        for (probe, otherwise) in asks {
            self.maybe(probe, otherwise).await;
        }
    }

    /// Asks `probe`, or reports the method (path, parameter, why) as not probed.
    async fn maybe(
        &mut self,
        probe: Option<Probe>,
        (method, by, why): (&str, Option<&'static str>, &str),
    ) {
        let by_param = by;
        match probe {
            Some(probe) => {
                self.ask(probe, by_param).await;
            }
            None => self.found.methods.push(not_probed(method, by_param, why)),
        }
    }
}

/// What the methods after the tabs are asked by, picked from the jobs seen.
struct Targets {
    /// A job to show and ask the next statuses of: open, of a known scope, where one is.
    number: Option<String>,
    /// A job of a known scope, for that scope's `show`.
    scoped: Option<(FulfillmentScope, String)>,
    /// The type of that job (or of any).
    type_id: Option<String>,
    unit: Option<String>,
    business_unit: Option<String>,
}

impl Targets {
    fn of(jobs: &[SeenJob]) -> Self {
        let numbered = || jobs.iter().filter(|job| job.number.is_some());
        let job = numbered()
            .find(|job| is_open(job) && job.scope.is_some())
            .or_else(|| numbered().find(|job| is_open(job)))
            .or_else(|| numbered().next());
        let scoped = job
            .filter(|job| job.scope.is_some())
            .or_else(|| numbered().find(|job| job.scope.is_some()))
            .and_then(|job| Some((job.scope?, job.number.clone()?)));
        Self {
            number: job.and_then(|job| job.number.clone()),
            scoped,
            type_id: job
                .and_then(|job| job.type_id.clone())
                .or_else(|| jobs.iter().find_map(|job| job.type_id.clone())),
            unit: jobs.iter().find_map(|job| job.unit_id.clone()),
            business_unit: jobs.iter().find_map(|job| job.business_unit_id.clone()),
        }
    }
}

/// A method left alone, and why.
fn not_probed(method: &str, by: Option<&'static str>, why: &str) -> MethodReport {
    MethodReport {
        method: method.to_owned(),
        by,
        result: "not_probed",
        http_status: None,
        code: None,
        message: Some(why.to_owned()),
        rows: None,
    }
}

/// Whether a job is pending or in progress (its next statuses are worth asking).
fn is_open(job: &SeenJob) -> bool {
    job.state
        .as_deref()
        .and_then(LifeCycleState::from_wire)
        .is_some_and(|state| matches!(state, LifeCycleState::Pending | LifeCycleState::InProgress))
}

/// The created dates of a page's jobs, in the server's order (their relative order does not
/// depend on the zone they are read in).
fn created_dates(page: Option<&Probed>) -> Vec<DateTime<Utc>> {
    let Some(page) = page else {
        return Vec::new();
    };
    seen_jobs(page.data.as_deref())
        .iter()
        .filter_map(|job| job.created.as_deref())
        .filter_map(date::parse_lenient)
        .collect()
}
