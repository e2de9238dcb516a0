//! Completing jobs through the real loop against the stand-in over HTTP: the chosen status,
//! user and date reach the server once; a refusal keeps every value in the form.
use crate::tui_support;

use crmjobs::api::client::Client;
use crmjobs::api::ident::{JobTypeIdentifier, UnitIdentifier};
use crmjobs::api::job::Job;
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page, StatusEntry, UserFilter};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, StandinServer};
use crossterm::event::KeyCode;
use tui_support::http::{
    Running, in_progress_job, launch_app, logged_in, open_completion, session, standin,
    stopped_clock,
};

/// The statuses `job`'s type offers for completion.
async fn completion_statuses(client: &Client, job: &Job) -> Vec<StatusEntry> {
    let job_type = job.job_type.as_ref().expect("a type");
    client
        .statuses(
            &JobTypeIdentifier::Id(job_type.id.clone()),
            Some(LifeCycleState::Completed),
        )
        .await
        .expect("statuses")
}

/// The app at 120×40 on `client`, logged in with the demo password, with the completion form
/// of job `number` open and its status picker drawn. Its clock is stopped, so what it counts
/// as today is the same day from the completion to the last assertion, even at midnight.
async fn open_form(server: &StandinServer, client: &Client, number: &str) -> Running {
    let size = (120, 40);
    let app =
        tui_support::new_app(session(server), Some(DEMO_PASSWORD), size).with_clock(stopped_clock);
    let app = launch_app(app, size, ClientEffects::new(client.clone()));
    open_completion(&app, number).await;
    app.screen.wait_for("(default)").await;
    app
}

#[tokio::test]
async fn completes_a_job_with_a_chosen_status_user_and_date() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = in_progress_job(&client, FulfillmentScope::NewSubscription).await;
    let statuses = completion_statuses(&client, &job).await;
    let status = statuses
        .iter()
        .find(|s| !s.default)
        .expect("a status other than the default")
        .status
        .name
        .clone();
    let unit = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.unit.as_ref())
        .expect("a unit");
    let users = client
        .users(
            &UserFilter::Unit(UnitIdentifier::Id(unit.id.clone())),
            Page::first(500),
        )
        .await
        .expect("users");
    let user = users.last().expect("the unit has users").username.clone();

    let app = open_form(&server, &client, &job.number).await;
    app.type_text(&status);
    app.press(KeyCode::Tab);
    app.type_text(&user);
    app.press(KeyCode::Tab);
    for _ in 0..3 {
        app.press(KeyCode::Backspace);
    }
    app.type_text("-2h");
    app.screen.wait_for("2 h ago").await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    app.screen
        .wait_for(&format!(" {} · Completed", job.number))
        .await;
    assert!(
        app.screen.text().contains(&status),
        "the returned status is shown"
    );
    // The overview strip counts it as completed today by this user.
    app.screen.wait_for("✓").await;
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert_eq!(final_app.completed_today.count(final_app.today()), 1);
    assert_eq!(
        server.applied_actions(&job.number),
        1,
        "one POST for one action"
    );
    let stored = client.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(stored.status.map(|s| s.name.clone()), Some(status));
}

#[tokio::test]
async fn a_server_rejection_keeps_every_value() {
    let server = standin().await;
    let client = logged_in(&server).await;
    let job = in_progress_job(&client, FulfillmentScope::CancelSubscription).await;
    server.set_requires_scheduled_date(&job.number, true);
    let statuses = completion_statuses(&client, &job).await;
    let default = statuses.iter().position(|s| s.default).unwrap_or(0);
    let chosen = statuses[(default + 1).min(statuses.len() - 1)]
        .status
        .name
        .clone();

    let app = open_form(&server, &client, &job.number).await;
    app.press(KeyCode::Down); // the status after the default
    app.ctrl('s');
    app.screen.wait_for("SCHEDULED_DATE_REQUIRED").await;
    let screen = app.screen.text();
    assert!(
        screen.contains(&format!("Complete job {}", job.number)),
        "the form stays open"
    );
    assert!(
        screen.contains(&chosen),
        "the chosen status is kept: {screen}"
    );
    assert_eq!(server.applied_actions(&job.number), 0);
    // Then the date the server asked for: accepted, once, with the status chosen before.
    app.type_text("tomorrow 10:00");
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.form().is_none());
    assert_eq!(server.applied_actions(&job.number), 1);
    let stored = client.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.status.map(|s| s.name.clone()), Some(chosen));
    assert!(stored.scheduled_date.is_some());
}
