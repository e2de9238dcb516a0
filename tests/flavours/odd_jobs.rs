//! One job in a state crmjobs does not know (`EXPIRED`) and one with an unreadable date on
//! the first page of the Pending tab, in each flavour: the rest of the page is shown, in the
//! interface and by `jobs list`. The strict flavour's `get_pending` still carries the expired
//! job, shown as written; the documented flavour's tab is put together from `list` split by
//! state, where a state that is none of the five joins the pending jobs, shown as written.
use crate::both;
use crate::cli_run;
use crate::tui_support;

use crmjobs::api::job::{DateField, Job};
use crmjobs::api::model::{JobState, LifeCycleState};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::standin::{DEMO_PASSWORD, Flavour, StandinServer};
use crossterm::event::KeyCode;
use serde_json::json;
use tui_support::http::{launch, session};

/// What the unreadable date reads.
const BAD_DATE: &str = "31/12/2026";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pending_tab_shows_the_rest_of_a_page_with_odd_jobs() {
    both::each_flavour(in_the_tab).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jobs_list_prints_the_rest_of_a_page_with_odd_jobs() {
    both::each_flavour(in_the_list).await;
}

/// The pending jobs as the server first had them, newest first; the second is then made to
/// read `EXPIRED`, the third to carry an unreadable expiration date. Returns the list and
/// the two numbers.
async fn patched(server: &StandinServer, flavour: Flavour) -> (Vec<Job>, String, String) {
    let reader = both::logged_in(server, both::zone_of(flavour)).await;
    let pending = both::all_in(&reader, LifeCycleState::Pending).await;
    assert!(pending.len() > 3, "the seed has pending jobs");
    let expired = pending[1].number.clone();
    let unreadable = pending[2].number.clone();
    server.patch_job(&expired, json!({"life_cycle_state": "EXPIRED"}));
    server.patch_job(&unreadable, json!({"expiration_date": BAD_DATE}));
    (pending, expired, unreadable)
}

async fn in_the_tab(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let server = both::standin(both::config(flavour, zone, 600)).await;
    let (pending, expired, unreadable) = patched(&server, flavour).await;
    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(both::client(&server, zone)),
    );
    app.screen.wait_for("● online").await;
    app.screen.wait_for(&unreadable).await;
    app.press(KeyCode::Char('/'));
    app.type_text(&unreadable);
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!(" {unreadable} · Pending"))
        .await;
    app.screen
        .wait_for(&format!("{BAD_DATE} (unreadable)"))
        .await;
    let final_app = app.quit().await;
    let tab = &final_app.tabs[0];
    assert_eq!(tab.state, LifeCycleState::Pending);
    let rows = tab.rows();
    let shown = |number: &str| rows.iter().find(|job| job.number == number);
    // The newest first page (the tab's first page is 50 long), less the expired one.
    for job in pending.iter().take(40).filter(|job| job.number != expired) {
        assert!(shown(&job.number).is_some(), "{} is shown", job.number);
    }
    let odd = shown(&unreadable).expect("the job with the bad date");
    assert_eq!(odd.unreadable(DateField::ExpirationDate), Some(BAD_DATE));
    let job = shown(&expired).expect("the expired job stays in the Pending tab");
    assert_eq!(job.life_cycle_state, JobState::Unknown("EXPIRED".into()));
}

async fn in_the_list(flavour: Flavour) {
    let zone = both::zone_of(flavour);
    let cli = cli_run::Cli::start(both::config(flavour, zone, 120)).await;
    let (pending, expired, unreadable) = patched(&cli.server, flavour).await;
    let run = cli
        .run(&["jobs", "list", "--state", "pending", "--all", "--json"])
        .await;
    let listed = cli_run::listed(&run);
    let find = |number: &str| listed.iter().find(|job| job["number"] == number);
    for job in pending.iter().filter(|job| job.number != expired) {
        assert!(find(&job.number).is_some(), "{} is listed", job.number);
    }
    assert!(find(&unreadable).is_some());
    let job = find(&expired).expect("the expired job is listed with the pending ones");
    assert_eq!(job["life_cycle_state"], "EXPIRED", "as written");
    let plain = cli
        .run(&["jobs", "list", "--state", "pending", "--all"])
        .await;
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(plain.stdout.contains(&unreadable), "{plain:?}");
}
