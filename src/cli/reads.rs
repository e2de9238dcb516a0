//! `crmjobs statuses` and `crmjobs users`: the reference data a script needs to fill in
//! `--status` and `--performed-by`.

use clap::Args;

use crate::api::ident::{JobTypeIdentifier, UnitIdentifier};
use crate::api::model::{Page, User, UserFilter};
use crate::api::paging::Pager;

use super::jobs::StateArg;
use super::output::{Cell, Table, emit, note};
use super::session::{Ctx, Failure, connect};
use super::{Exit, Global};

/// `statuses` options.
#[derive(Args, Debug)]
pub struct StatusesArgs {
    /// The job type (its name).
    #[arg(long = "type", value_name = "TYPE")]
    pub job_type: String,
    /// Only the statuses of this life cycle state.
    #[arg(long, value_enum)]
    pub state: Option<StateArg>,
}

/// `users` options.
#[derive(Args, Debug)]
pub struct UsersArgs {
    /// The unit (its name).
    #[arg(long, value_name = "UNIT")]
    pub unit: String,
}

/// `crmjobs statuses`.
pub async fn statuses(global: &Global, args: &StatusesArgs) -> Exit {
    with_session(global, async |ctx| {
        let list = ctx
            .client
            .statuses(
                &JobTypeIdentifier::Name(args.job_type.clone()),
                args.state.map(Into::into),
            )
            .await?;
        let rows = list
            .iter()
            .map(|entry| {
                vec![
                    Cell::Text(entry.status.name.clone()),
                    Cell::opt(entry.status.alternative_code.clone()),
                    Cell::Text(entry.status.life_cycle_state.as_wire().to_owned()),
                    Cell::Flag(entry.default),
                    Cell::Text(entry.status.id.clone()),
                ]
            })
            .collect();
        let table = Table {
            key: "statuses",
            columns: &[
                "name",
                "alternative_code",
                "life_cycle_state",
                "default",
                "id",
            ],
            rows,
        };
        emit(&table.render(ctx.format));
        Ok(Exit::Success)
    })
    .await
}

/// `crmjobs users`: every page of the unit's users.
pub async fn users(global: &Global, args: &UsersArgs) -> Exit {
    with_session(global, async |ctx| {
        let filter = UserFilter::Unit(UnitIdentifier::Name(args.unit.clone()));
        let gathered = Pager::new(ctx.profile.page_size)
            .gather(
                |user: &User| (user.id.clone(), user.username.clone()),
                async |page: Page| {
                    let users = ctx.client.users(&filter, page).await?;
                    let received = users.len();
                    Ok::<_, Failure>((users, received))
                },
            )
            .await?;
        if let Some(text) = gathered.end.notice() {
            note(&text);
        }
        let rows = gathered
            .rows
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(u.username.clone()),
                    Cell::opt(u.person_name.clone()),
                    Cell::opt(u.email.clone()),
                    Cell::Flag(u.active),
                ]
            })
            .collect();
        let table = Table {
            key: "users",
            columns: &["username", "person_name", "email", "active"],
            rows,
        };
        emit(&table.render(ctx.format));
        Ok(Exit::Success)
    })
    .await
}

/// Connects, runs `work`, caches the token and reports a failure.
async fn with_session(
    global: &Global,
    work: impl AsyncFnOnce(&Ctx) -> Result<Exit, Failure>,
) -> Exit {
    let ctx = match connect(global).await {
        Ok(ctx) => ctx,
        Err(failure) => return failure.report(),
    };
    let result = work(&ctx).await;
    ctx.finish();
    result.unwrap_or_else(Failure::report)
}
