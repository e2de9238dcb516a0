//! `crmjobs jobs list|show|start|complete|cancel`: the list of a life cycle state (a page,
//! `--limit` rows or `--all` pages), one job in full, and the three actions (in `act`).

use clap::{Args, Subcommand, ValueEnum};

use crate::api::ident::{JobIdentifier, JobTypeIdentifier};
use crate::api::job::{Job, JobPage};
use crate::api::model::{JobFilter, LifeCycleState, Page};
use crate::api::paging::Pager;

use super::act;
use super::output::{Cell, Table, emit, json_text, note};
use super::session::{Ctx, Failure, connect};
use super::{Exit, Format, Global};

/// What `crmjobs jobs` does.
#[derive(Subcommand, Debug)]
pub enum JobsCommand {
    /// List the jobs in a life cycle state, newest first (one page unless --limit or --all).
    #[command(after_help = super::EXIT_HELP)]
    List(ListArgs),
    /// Show one job in full.
    #[command(after_help = super::EXIT_HELP)]
    Show {
        /// The job number, e.g. JB00019.
        number: String,
    },
    /// Start progress on pending jobs.
    #[command(after_help = super::EXIT_HELP)]
    Start(act::StartArgs),
    /// Complete jobs in progress.
    #[command(after_help = super::EXIT_HELP)]
    Complete(act::CompleteArgs),
    /// Cancel jobs (asks first unless --yes).
    #[command(after_help = super::EXIT_HELP)]
    Cancel(act::CancelArgs),
}

/// `jobs list` options.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// The life cycle state to list.
    #[arg(long, value_enum)]
    pub state: StateArg,
    /// Only jobs of this type (its name).
    #[arg(long = "type", value_name = "TYPE")]
    pub job_type: Option<String>,
    /// At most this many jobs (pages are fetched as needed).
    #[arg(long, value_name = "N", conflicts_with = "all")]
    pub limit: Option<u32>,
    /// Every page, until the server has no more.
    #[arg(long)]
    pub all: bool,
}

/// A life cycle state on the command line.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateArg {
    /// `PENDING`.
    Pending,
    /// `IN_PROGRESS`.
    InProgress,
    /// `COMPLETED`.
    Completed,
    /// `CANCELLED`.
    Cancelled,
    /// `DRAFT`.
    Draft,
}

impl From<StateArg> for LifeCycleState {
    fn from(state: StateArg) -> Self {
        match state {
            StateArg::Pending => Self::Pending,
            StateArg::InProgress => Self::InProgress,
            StateArg::Completed => Self::Completed,
            StateArg::Cancelled => Self::Cancelled,
            StateArg::Draft => Self::Draft,
        }
    }
}

/// Runs a `jobs` subcommand.
pub async fn run(global: &Global, command: JobsCommand) -> Exit {
    let ctx = match connect(global).await {
        Ok(ctx) => ctx,
        Err(failure) => return failure.report(),
    };
    let result = match command {
        JobsCommand::List(args) => list(&ctx, &args).await,
        JobsCommand::Show { number } => show(&ctx, &number).await,
        JobsCommand::Start(args) => act::start(&ctx, &args).await,
        JobsCommand::Complete(args) => act::complete(&ctx, &args).await,
        JobsCommand::Cancel(args) => act::cancel(&ctx, &args).await,
    };
    ctx.finish();
    result.unwrap_or_else(Failure::report)
}

/// The columns of a job row.
pub const JOB_COLUMNS: &[&str] = &[
    "number",
    "life_cycle_state",
    "type",
    "status",
    "assignee",
    "scheduled_date",
    "expiration_date",
    "updated_date",
    "description",
];

/// A job as a row under [`JOB_COLUMNS`].
#[must_use]
pub fn job_row(job: &Job) -> Vec<Cell> {
    let assignee = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| u.person_name.clone().or_else(|| u.username.clone()));
    vec![
        Cell::Text(job.number.clone()),
        Cell::Text(job.life_cycle_state.as_wire().to_owned()),
        Cell::opt(job.job_type.as_ref().map(|t| t.name.clone())),
        Cell::opt(job.status.as_ref().map(|s| s.name.clone())),
        Cell::opt(assignee),
        Cell::Date(job.scheduled_date),
        Cell::Date(job.expiration_date),
        Cell::Date(job.updated_date()),
        Cell::opt(job.description.clone()),
    ]
}

async fn list(ctx: &Ctx, args: &ListArgs) -> Result<Exit, Failure> {
    let filter = args
        .job_type
        .clone()
        .map(|name| JobFilter::Type(JobTypeIdentifier::Name(name)));
    let wanted = if args.all {
        None
    } else {
        Some(args.limit.unwrap_or(ctx.profile.page_size) as usize)
    };
    let mut skipped = 0;
    let gathered = Pager::new(ctx.profile.page_size)
        .limit(wanted)
        .gather(
            |job: &Job| (job.id.clone(), job.number.clone()),
            async |page: Page| {
                let jobs = ctx
                    .client
                    .jobs_by_state(args.state.into(), filter.as_ref(), page)
                    .await?;
                skipped += jobs.skipped;
                let received = jobs.received();
                Ok::<_, Failure>((jobs.jobs, received))
            },
        )
        .await?;
    let notices = [
        JobPage {
            skipped,
            ..JobPage::default()
        }
        .skipped_notice(),
        gathered.end.notice(),
    ];
    notices.iter().flatten().for_each(|text| note(text));
    let table = Table {
        key: "jobs",
        columns: JOB_COLUMNS,
        rows: gathered.rows.iter().map(job_row).collect(),
    };
    emit(&table.render(ctx.format));
    Ok(Exit::Success)
}

async fn show(ctx: &Ctx, number: &str) -> Result<Exit, Failure> {
    let job = ctx
        .client
        .show_job(&JobIdentifier::Number(number.to_owned()))
        .await?;
    if ctx.format == Format::Json {
        let mut value = serde_json::to_value(&job)
            .map_err(|e| Failure::new(Exit::Refused, format!("cannot write the job: {e}")))?;
        machine_dates(&job, &mut value);
        emit(&json_text(&serde_json::json!({ "job": value })));
    } else {
        emit(&details(&job).render(ctx.format));
    }
    Ok(Exit::Success)
}

/// Writes the job's dates as machine output writes every instant, RFC 3339 in UTC with `Z`:
/// the job's own serialised form is the wire's offset-less text, which a script could not
/// tell from the server's zone.
fn machine_dates(job: &Job, value: &mut serde_json::Value) {
    let rfc = |date: Option<chrono::DateTime<chrono::Utc>>| {
        date.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    };
    let u = &job.udf;
    let top = [
        ("start_date", job.start_date),
        ("expected_completion_date", job.expected_completion_date),
        ("actual_completed_date", job.actual_completed_date),
        ("expiration_date", job.expiration_date),
        ("scheduled_date", job.scheduled_date),
        ("udf_date_1", u.udf_date_1),
        ("udf_date_2", u.udf_date_2),
        ("udf_date_3", u.udf_date_3),
        ("udf_date_4", u.udf_date_4),
    ];
    for (key, date) in top {
        if let Some(text) = rfc(date) {
            value[key] = text.into();
        }
    }
    if let Some(log) = &job.log_information {
        for (key, date) in [
            ("created_date", log.created_date),
            ("updated_date", log.updated_date),
        ] {
            if let Some(text) = rfc(date) {
                value["log_information"][key] = text.into();
            }
        }
    }
}

/// One job as field/value rows.
fn details(job: &Job) -> Table {
    let text =
        |name: &'static str, value: Option<String>| vec![Cell::Text(name.into()), Cell::opt(value)];
    let date = |name: &'static str, value| vec![Cell::Text(name.into()), Cell::Date(value)];
    let assigned = job.assigned_to.as_ref();
    let log = job.log_information.as_ref();
    let rows = vec![
        text("number", Some(job.number.clone())),
        text("id", Some(job.id.clone())),
        text("description", job.description.clone()),
        text(
            "life_cycle_state",
            Some(job.life_cycle_state.as_wire().to_owned()),
        ),
        text("status", job.status.as_ref().map(|s| s.name.clone())),
        text("type", job.job_type.as_ref().map(|t| t.name.clone())),
        text("fulfillment_scope", Some(job.scope().as_wire().to_owned())),
        text(
            "assignee",
            assigned
                .and_then(|a| a.user.as_ref())
                .and_then(|u| u.person_name.clone().or_else(|| u.username.clone())),
        ),
        text(
            "unit",
            assigned
                .and_then(|a| a.unit.as_ref())
                .and_then(|u| u.name.clone()),
        ),
        date("start_date", job.start_date),
        date("expected_completion_date", job.expected_completion_date),
        date("scheduled_date", job.scheduled_date),
        date("expiration_date", job.expiration_date),
        date("actual_completed_date", job.actual_completed_date),
        date("created_date", log.and_then(|l| l.created_date)),
        date("updated_date", job.updated_date()),
        text("contact_email", job.contact_email.clone()),
        text("contact_phone", job.contact_phone.clone()),
        text("notes", job.notes.clone()),
    ];
    Table {
        key: "fields",
        columns: &["field", "value"],
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_json_dates_are_rfc3339_utc() {
        let job: Job = serde_json::from_value(serde_json::json!({
            "number": "JB1", "life_cycle_state": "PENDING",
            "expiration_date": "2026-12-01T09:30:00", "udf_date_2": "2026-12-02",
            "log_information": {"updated_date": "2026-11-28T09:45:00+02:00"},
        }))
        .expect("a job");
        let mut value = serde_json::to_value(&job).expect("JSON");
        machine_dates(&job, &mut value);
        assert_eq!(value["expiration_date"], "2026-12-01T09:30:00Z");
        assert_eq!(value["udf_date_2"], "2026-12-02T00:00:00Z");
        assert_eq!(
            value["log_information"]["updated_date"],
            "2026-11-28T07:45:00Z"
        );
        assert_eq!(value["start_date"], serde_json::Value::Null);
    }
}
