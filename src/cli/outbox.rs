//! `crmjobs outbox list|retry|discard` and `crmjobs log`: the actions not yet confirmed by
//! the server, and the audit log of every action's outcome. Listing and discarding are
//! local; retrying logs in and delivers with the same reconciliation as any action.

use std::str::FromStr;

use chrono::Utc;
use clap::{Args, Subcommand};

use crate::config::Paths;
use crate::outbox::{EntryId, EntryState, Outbox};
use crate::when::Zone;

use super::act::{RESULT_COLUMNS, outcome_of, result_row};
use super::output::{Cell, Table, emit};
use super::session::{Failure, connect};
use super::{Exit, Format, Global};

/// What `crmjobs outbox` does.
#[derive(Subcommand, Debug)]
pub enum OutboxCommand {
    /// The actions waiting for a confirmation, oldest first.
    List,
    /// Send entries again now (all of this profile's when no id is given); an entry in
    /// conflict is sent anyway.
    Retry {
        /// Entry ids, as `outbox list` shows them.
        ids: Vec<String>,
    },
    /// Drop entries without sending them (recorded in the audit log).
    Discard {
        /// Entry ids, as `outbox list` shows them.
        #[arg(required = true)]
        ids: Vec<String>,
    },
}

/// `log` options.
#[derive(Args, Debug)]
pub struct LogArgs {
    /// Only records from this date on: `yesterday`, `-2h`, `2026-11-28 14:30`, ISO.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub since: Option<String>,
}

/// Runs an `outbox` subcommand.
pub async fn run(global: &Global, command: OutboxCommand) -> Exit {
    let result = match command {
        OutboxCommand::List => list(global),
        OutboxCommand::Retry { ids } => retry(global, &ids).await,
        OutboxCommand::Discard { ids } => discard(global, &ids),
    };
    result.unwrap_or_else(Failure::report)
}

/// The folders, without needing a complete profile (nothing is sent).
fn paths(global: &Global) -> Result<Paths, Failure> {
    let config = global
        .config
        .clone()
        .or_else(|| std::env::var_os(crate::config::paths::CONFIG_ENV).map(Into::into));
    Paths::discover_with(config.as_deref()).map_err(|e| Failure::new(Exit::Usage, e.to_string()))
}

fn open(paths: &Paths) -> Result<Outbox, Failure> {
    Outbox::open(&paths.outbox_dir())
        .map(|outbox| outbox.with_audit(&paths.audit_log()))
        .map_err(|e| Failure::new(Exit::Usage, format!("cannot open the outbox: {e}")))
}

fn ids(texts: &[String]) -> Result<Vec<EntryId>, Failure> {
    texts
        .iter()
        .map(|t| EntryId::from_str(t).map_err(|e| Failure::new(Exit::Usage, e.to_string())))
        .collect()
}

fn list(global: &Global) -> Result<Exit, Failure> {
    let outbox = open(&paths(global)?)?;
    let entries = outbox
        .list()
        .map_err(|e| Failure::new(Exit::Usage, format!("cannot read the outbox: {e}")))?;
    let rows = entries
        .iter()
        .map(|entry| {
            let (state, note) = match &entry.state {
                EntryState::Queued => ("queued", None),
                EntryState::Waiting { error, .. } => ("waiting", Some(error.clone())),
                EntryState::Conflict { why } => ("conflict", Some(why.clone())),
            };
            vec![
                Cell::Text(entry.id.to_string()),
                Cell::Date(Some(entry.created)),
                Cell::Text(entry.profile.clone()),
                Cell::Text(entry.action.verb().to_owned()),
                Cell::Text(entry.job().to_owned()),
                Cell::Text(state.to_owned()),
                Cell::Text(entry.attempts.to_string()),
                Cell::opt(note),
            ]
        })
        .collect();
    let table = Table {
        key: "entries",
        columns: &[
            "id", "created", "profile", "action", "job", "state", "attempts", "message",
        ],
        rows,
    };
    emit(&table.render(Format::choose(global)));
    Ok(Exit::Success)
}

async fn retry(global: &Global, texts: &[String]) -> Result<Exit, Failure> {
    let wanted = ids(texts)?;
    let ctx = connect(global).await?;
    let outbox = ctx.outbox()?;
    let owner = ctx.owner();
    let mine = outbox
        .list_for(&owner)
        .map_err(|e| Failure::new(Exit::Usage, format!("cannot read the outbox: {e}")))?;
    let chosen: Vec<EntryId> = if wanted.is_empty() {
        mine.iter().map(|e| e.id.clone()).collect()
    } else {
        wanted
    };
    let mut rows = Vec::new();
    let mut exit = Exit::Success;
    for id in chosen {
        let Some(entry) = mine.iter().find(|e| e.id == id) else {
            rows.push(not_here(&id));
            exit = exit.worst(Exit::Usage);
            continue;
        };
        let delivered = crate::outbox::retry(&ctx.client, &outbox, &id)
            .await
            .map_err(|e| Failure::new(Exit::Usage, format!("cannot use the outbox: {e}")))?;
        let Some(delivery) = delivered else { continue };
        let (code, row) = result_row(entry.job(), &outcome_of(delivery));
        exit = exit.worst(code);
        rows.push(row);
    }
    ctx.finish();
    let table = Table {
        key: "results",
        columns: RESULT_COLUMNS,
        rows,
    };
    emit(&table.render(ctx.format));
    Ok(exit)
}

/// The line for an id that is not this profile's entry.
fn not_here(id: &EntryId) -> Vec<Cell> {
    vec![
        Cell::Empty,
        Cell::Text("not_found".into()),
        Cell::Empty,
        Cell::Empty,
        Cell::Text(format!(
            "no outbox entry {id} for this profile (see `crmjobs outbox list`)"
        )),
    ]
}

fn discard(global: &Global, texts: &[String]) -> Result<Exit, Failure> {
    let outbox = open(&paths(global)?)?;
    let mut rows = Vec::new();
    let mut exit = Exit::Success;
    for id in ids(texts)? {
        match outbox.discard(&id) {
            Ok(entry) => rows.push(vec![
                Cell::Text(entry.job().to_owned()),
                Cell::Text("discarded".into()),
                Cell::Empty,
                Cell::Empty,
                Cell::Text(format!(
                    "{} {} dropped unsent",
                    entry.action.verb(),
                    entry.job()
                )),
            ]),
            Err(error) => {
                exit = exit.worst(Exit::Usage);
                let mut row = not_here(&id);
                row[4] = Cell::Text(error.to_string());
                rows.push(row);
            }
        }
    }
    let table = Table {
        key: "results",
        columns: RESULT_COLUMNS,
        rows,
    };
    emit(&table.render(Format::choose(global)));
    Ok(exit)
}

/// `crmjobs log`: the audit log, oldest first.
pub fn log(global: &Global, args: &LogArgs) -> Exit {
    log_inner(global, args).unwrap_or_else(Failure::report)
}

fn log_inner(global: &Global, args: &LogArgs) -> Result<Exit, Failure> {
    let since = match &args.since {
        Some(text) => Some(
            Zone::Local
                .parse(text, Utc::now())
                .map_err(|e| Failure::new(Exit::Usage, format!("--since {e}")))?,
        ),
        None => None,
    };
    let path = paths(global)?.audit_log();
    let records = crate::audit::read(&path, since)
        .map_err(|e| Failure::new(Exit::Usage, format!("cannot read {}: {e}", path.display())))?;
    let rows = records
        .iter()
        .map(|r| {
            vec![
                Cell::Date(Some(r.at)),
                Cell::Text(r.profile.clone()),
                Cell::Text(format!("{}@{}", r.username, r.organisation)),
                Cell::Text(r.action.clone()),
                Cell::Text(r.job.clone()),
                Cell::Text(r.outcome.as_str().to_owned()),
                Cell::opt(r.status.clone()),
                Cell::opt(r.message.clone()),
            ]
        })
        .collect();
    let table = Table {
        key: "records",
        columns: &[
            "at", "profile", "user", "action", "job", "outcome", "status", "message",
        ],
        rows,
    };
    emit(&table.render(Format::choose(global)));
    Ok(Exit::Success)
}
