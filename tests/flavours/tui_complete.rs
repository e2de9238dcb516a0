//! Completing a new-subscription job through the real loop in each flavour: the status, the
//! performed-by user and the performed-on date chosen in the form arrive at the server as
//! chosen, the date as the server's wall-clock time (the documented flavour in Asia/Kolkata,
//! the client told so), whatever the machine's own zone.
use crate::both;
use crate::tui_support;

use crmjobs::api::ident::{JobTypeIdentifier, UnitIdentifier};
use crmjobs::api::model::{FulfillmentScope, LifeCycleState, Page, UserFilter};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, Flavour};
use crossterm::event::KeyCode;
use tui_support::http::{launch, open_completion, session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_completion_sends_the_chosen_status_user_and_date() {
    both::each_flavour(completion).await;
}

async fn completion(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let reader = both::logged_in(&server, zone).await;
    let job = both::in_progress_of(&server, &reader, FulfillmentScope::NewSubscription).await;
    let job_type = job.job_type.as_ref().expect("a type");
    let statuses = reader
        .statuses(
            &JobTypeIdentifier::Id(job_type.id.clone()),
            Some(LifeCycleState::Completed),
        )
        .await
        .expect("the completion statuses");
    let status = statuses
        .iter()
        .find(|s| !s.default)
        .expect("a status other than the default")
        .status
        .clone();
    let unit = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.unit.as_ref())
        .expect("a unit");
    let users = reader
        .users(
            &UserFilter::Unit(UnitIdentifier::Id(unit.id.clone())),
            Page::first(500),
        )
        .await
        .expect("the unit's users");
    let user = users.last().expect("the unit has users").clone();
    let performed_on = both::minutes_ago(50);

    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(both::client(&server, zone)),
    );
    open_completion(&app, &job.number).await;
    app.screen.wait_for("(default)").await;
    // A user typed into a picker still loading would be lost: wait for the unit's users.
    app.screen
        .wait_until(|screen| !screen.contains("Loading users"))
        .await;
    app.type_text(&status.name);
    app.press(KeyCode::Tab);
    app.type_text(&user.username);
    app.press(KeyCode::Tab);
    for _ in 0.."now".len() {
        app.press(KeyCode::Backspace);
    }
    both::enter_date(&app, performed_on).await;
    app.ctrl('s');
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.form().is_none(), "the form closed");

    let records = both::actions_on(&server, &job.number);
    let sent = &both::the_applied(&records).params;
    assert_eq!(records.len(), 1, "one request: {records:#?}");
    assert!(
        both::names(&sent["status_identifier"], &status.id, &status.name),
        "the chosen status {:?}: {sent}",
        status.name
    );
    assert!(
        both::names(
            &sent["performed_by_user_identifier"],
            &user.id,
            &user.username
        ),
        "the chosen user {:?}: {sent}",
        user.username
    );
    assert_eq!(
        sent["performed_on"].as_str(),
        Some(both::wall_text(performed_on, zone).as_str()),
        "the chosen date as the server's ({zone}) wall-clock time: {sent}"
    );
    let stored = reader.show_job(&job.identifier()).await.expect("the job");
    assert_eq!(stored.life_cycle_state, LifeCycleState::Completed);
    assert_eq!(stored.status.map(|s| s.id.clone()), Some(status.id));
}
