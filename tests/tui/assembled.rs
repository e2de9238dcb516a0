//! Against a server that follows only the public record (the documented stand-in, without
//! `get_pending`, `get_in_progress`, `get_cancelled` and `all_scopes/show`): the tabs are put
//! together from `list` per job type and say so, and the rows are the server's own.

use crate::tui_support;

use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, Flavour, StandinConfig, StandinServer};
use crossterm::event::KeyCode;
use tui_support::http::{client, launch, logged_in, session};

async fn documented() -> StandinServer {
    StandinServer::start(StandinConfig {
        flavour: Flavour::Documented,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts")
}

#[tokio::test]
async fn a_tab_without_its_method_is_put_together_from_the_type_lists_and_says_so() {
    let server = documented().await;
    // What the server holds in progress, read the way the app reads it (through `list`).
    let reader = logged_in(&server).await;
    let in_progress = reader
        .jobs_by_state(LifeCycleState::InProgress, None, Page::first(5))
        .await
        .expect("in progress, from the lists");
    let types = in_progress.assembled_from.expect("put together from list");
    assert!(types > 1, "several job types: {types}");
    assert!(
        in_progress
            .iter()
            .all(|job| job.life_cycle_state == LifeCycleState::InProgress)
    );

    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 30),
        ClientEffects::new(client(&server)),
    );
    app.screen.wait_for("● online").await;
    app.press(KeyCode::Char('2'));
    app.screen
        .wait_for(&format!("In progress 50+ ({types} types)"))
        .await;
    app.screen.wait_for(&in_progress[0].number).await;
    assert!(
        app.screen.text().contains("put together from the lists of"),
        "the status line explains it:\n{}",
        app.screen.text()
    );
    // A tab the server has a method for says nothing of types.
    app.press(KeyCode::Char('3'));
    app.screen.wait_for("Completed 50+").await;
    assert!(!app.screen.text().contains("Completed 50+ ("));
    app.quit().await;
}

/// The performed-by picker's users: by the job's unit, and by its business unit when the
/// server refuses the unit filter (deprecated from R18) or the job has no unit.
#[tokio::test]
async fn users_come_by_business_unit_when_the_unit_filter_is_refused() {
    use crmjobs::api::ident::{BusinessUnitIdentifier, UnitIdentifier};
    use crmjobs::app::form::UsersOf;
    use crmjobs::app::{Command, Msg, RequestId};
    use crmjobs::runtime::Effects;

    let server = StandinServer::start(StandinConfig::default())
        .await
        .expect("the stand-in starts");
    let reader = logged_in(&server).await;
    let jobs = reader
        .jobs_by_state(LifeCycleState::InProgress, None, Page::first(100))
        .await
        .expect("jobs");
    let business_unit = jobs
        .iter()
        .find_map(|job| job.assigned_to.as_ref()?.business_unit.clone())
        .expect("a job with a business unit");
    let effects = ClientEffects::new(reader);
    for unit in [Some(UnitIdentifier::Name("No such unit".into())), None] {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let of = UsersOf {
            unit: unit.clone(),
            business_unit: Some(BusinessUnitIdentifier::Id(business_unit.id.clone())),
        };
        effects.run(
            Command::FetchUsers {
                id: RequestId(7),
                of,
            },
            tx,
        );
        let Some(Msg::Users { result, .. }) = rx.recv().await else {
            panic!("no answer");
        };
        let users = result.expect("users of the business unit");
        assert!(!users.is_empty(), "{unit:?}");
    }
}
