//! Tabs put together from `list` (the documented flavour has no `get_pending`,
//! `get_in_progress` nor `get_cancelled`) hold the same jobs whatever the client read before:
//! the app loads every tab at once, so a small page of completed jobs may arrive before the
//! Pending tab is put together, and must not narrow the job types it is put together from.
use crate::both;

use std::collections::BTreeSet;

use crmjobs::api::model::{LifeCycleState, Page};
use crmjobs::standin::Flavour;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tab_put_together_from_list_holds_every_job_whatever_was_read_before() {
    let zone = both::zone_of(Flavour::Documented);
    let server = both::standin(both::config(Flavour::Documented, zone, 600)).await;
    let fresh = both::logged_in(&server, zone).await;
    let expected: BTreeSet<String> = both::all_in(&fresh, LifeCycleState::InProgress)
        .await
        .into_iter()
        .map(|job| job.number)
        .collect();
    assert!(!expected.is_empty());

    // Another client first sees a few completed jobs (a tab's first page), then the tab.
    let busy = both::logged_in(&server, zone).await;
    busy.jobs_by_state(LifeCycleState::Completed, None, Page::first(2))
        .await
        .expect("two completed jobs");
    let got: BTreeSet<String> = both::all_in(&busy, LifeCycleState::InProgress)
        .await
        .into_iter()
        .map(|job| job.number)
        .collect();
    let missing: Vec<&String> = expected.difference(&got).collect();
    assert!(
        missing.is_empty(),
        "{} jobs in progress missing: {missing:?}",
        missing.len()
    );

    // And all tabs at once, as the app asks for them.
    let all_at_once = both::logged_in(&server, zone).await;
    let (_, _, _, in_progress) = tokio::join!(
        all_at_once.jobs_by_state(LifeCycleState::Completed, None, Page::first(50)),
        all_at_once.jobs_by_state(LifeCycleState::Draft, None, Page::first(50)),
        all_at_once.jobs_by_state(LifeCycleState::Pending, None, Page::first(50)),
        both::all_in(&all_at_once, LifeCycleState::InProgress),
    );
    let got: BTreeSet<String> = in_progress.into_iter().map(|job| job.number).collect();
    let missing: Vec<&String> = expected.difference(&got).collect();
    assert!(missing.is_empty(), "all at once: {missing:?} missing");
}
