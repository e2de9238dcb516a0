//! Dates through a server zone other than the client's, in each flavour: the stand-in in
//! `America/St_Johns` (UTC-03:30, a half-hour zone), the client told so, its own zone UTC (the
//! binary) or the machine's (the loop). A `performed_on` and a `scheduled_date` chosen as
//! instants arrive as St John's wall-clock times, and the scheduled date read back is the
//! instant chosen.
use crate::both;
use crate::cli_run;
use crate::tui_support;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, DEMO_USERNAME, Flavour};
use crossterm::event::KeyCode;
use tui_support::http::{launch, open_completion, session};

const ST_JOHNS: Tz = chrono_tz::America::St_Johns;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_sends_and_reads_dates_as_st_johns_wall_time() {
    both::each_flavour(through_the_cli).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_sends_a_scheduled_date_as_st_johns_wall_time() {
    both::each_flavour(through_the_form).await;
}

/// A whole minute `days` from now.
fn minutes_ahead(days: i64) -> DateTime<Utc> {
    both::minutes_ago(-24 * days)
}

/// The date text `field` of the one applied request on `number`.
fn sent_date(server: &crmjobs::standin::StandinServer, number: &str, field: &str) -> String {
    let records = both::actions_on(server, number);
    let sent = &both::the_applied(&records).params;
    sent[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} was sent: {sent}"))
        .to_owned()
}

async fn through_the_cli(flavour: Flavour) {
    let cli = cli_run::Cli::start(both::config(flavour, ST_JOHNS, 120)).await;
    let reader = both::logged_in(&cli.server, ST_JOHNS).await;
    let new = both::in_progress_of(&cli.server, &reader, FulfillmentScope::NewSubscription).await;
    let scheduled =
        both::in_progress_where(&cli.server, &reader, FulfillmentScope::takes_scheduled_date).await;

    let performed_on = both::minutes_ago(30) - Duration::minutes(17);
    let run = cli
        .run(&[
            "jobs",
            "complete",
            &new.number,
            "--performed-by",
            DEMO_USERNAME,
            "--performed-on",
            &both::typed(performed_on),
            "--json",
        ])
        .await;
    assert_eq!(cli_run::json(&run)["results"][0]["outcome"], "applied");
    assert_eq!(
        sent_date(&cli.server, &new.number, "performed_on"),
        both::wall_text(performed_on, ST_JOHNS),
        "St John's wall time of {performed_on}"
    );

    let on = minutes_ahead(3) + Duration::minutes(41);
    let run = cli
        .run(&[
            "jobs",
            "complete",
            &scheduled.number,
            "--scheduled-date",
            &both::typed(on),
            "--json",
        ])
        .await;
    assert_eq!(cli_run::json(&run)["results"][0]["outcome"], "applied");
    assert_eq!(
        sent_date(&cli.server, &scheduled.number, "scheduled_date"),
        both::wall_text(on, ST_JOHNS),
        "St John's wall time of {on}"
    );
    // Back again: the server writes St John's wall time, the binary prints the instant.
    let shown = cli_run::json(
        &cli.run(&["jobs", "show", &scheduled.number, "--json"])
            .await,
    );
    assert_eq!(
        shown["job"]["scheduled_date"],
        on.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "{shown}"
    );
    let stored = reader
        .show_job(&scheduled.identifier())
        .await
        .expect("the job");
    assert_eq!(stored.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(stored.scheduled_date, Some(on));
}

async fn through_the_form(flavour: Flavour) {
    let server = both::standin(both::config(flavour, ST_JOHNS, 600)).await;
    let reader = both::logged_in(&server, ST_JOHNS).await;
    let job =
        both::in_progress_where(&server, &reader, FulfillmentScope::takes_scheduled_date).await;
    server.set_requires_scheduled_date(&job.number, true);
    let on = minutes_ahead(2) + Duration::minutes(7);
    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(both::client(&server, ST_JOHNS)),
    );
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    app.press(KeyCode::Tab);
    both::enter_date(&app, on).await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    app.quit().await;
    assert_eq!(
        sent_date(&server, &job.number, "scheduled_date"),
        both::wall_text(on, ST_JOHNS),
        "St John's wall time of {on}"
    );
    let stored = reader.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.scheduled_date, Some(on), "read back as chosen");
}
