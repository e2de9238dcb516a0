//! Checks of the seed files and the generated jobs, in-process (no HTTP).

use chrono::Duration;

use super::jobgen::generate;
use super::seed::organisation;
use super::store::Selection;
use super::{DEMO_ORGANISATION, DEMO_USERNAME};
use crate::api::model::{FulfillmentScope, LifeCycleState};

fn start() -> chrono::DateTime<chrono::Utc> {
    crate::api::date::parse("2026-11-28T12:00:00").unwrap()
}

#[test]
fn organisation_has_every_scope_with_one_default_status_per_state() {
    let (org, _) = organisation().unwrap();
    assert_eq!(org.name, DEMO_ORGANISATION);
    for scope in FulfillmentScope::ALL {
        assert!(
            org.types
                .iter()
                .any(|t| t.job_type.fulfillment_scope == scope),
            "no job type for {scope:?}"
        );
    }
    for (at, t) in org.types.iter().enumerate() {
        for state in LifeCycleState::ALL {
            let defaults = org.type_statuses(at, state).filter(|e| e.default).count();
            assert_eq!(defaults, 1, "{} in {state}", t.job_type.name);
        }
    }
    let most_completed = (0..org.types.len())
        .map(|t| org.type_statuses(t, LifeCycleState::Completed).count())
        .max();
    assert!(most_completed >= Some(3));
}

#[test]
fn organisation_has_the_demo_supervisor_and_enough_users() {
    let (org, _) = organisation().unwrap();
    assert!(org.users.len() >= 20);
    let demo = org
        .users
        .iter()
        .find(|u| u.username == DEMO_USERNAME)
        .unwrap();
    assert!(demo.active && !demo.technician && demo.units.len() > 1);
    assert!(org.users.iter().all(|u| !u.units.is_empty()));
}

#[test]
fn same_seed_same_jobs_other_seed_other_jobs() {
    let render = |seed| {
        let (org, jobs) = generate(200, seed, start()).unwrap();
        (0..200)
            .map(|at| serde_json::to_string(&jobs.render(&org, at)).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(render(7), render(7));
    assert_ne!(render(7), render(8));
}

#[test]
fn default_jobs_cover_every_state_and_the_special_cases() {
    let now = start();
    let (org, jobs) = generate(600, 1, now).unwrap();
    for state in LifeCycleState::ALL {
        assert!(
            !jobs.page(Selection::State(state), 0, 1).is_empty(),
            "{state}"
        );
    }
    let in_progress = jobs.page(Selection::State(LifeCycleState::InProgress), 0, 600);
    let scope = |at: usize| org.types[jobs.get(at).job_type].job_type.fulfillment_scope;
    assert!(
        in_progress
            .iter()
            .any(|&at| scope(at) == FulfillmentScope::NewSubscription)
    );
    assert!(
        in_progress
            .iter()
            .any(|&at| scope(at).takes_scheduled_date())
    );
    assert!(
        in_progress
            .iter()
            .any(|&at| jobs.get(at).requires_scheduled_date)
    );
    let mut previous = None;
    for at in 0..600 {
        let rec = jobs.get(at);
        assert!(rec.created <= now && rec.created > now - Duration::weeks(17));
        assert!(previous.is_none_or(|p| p <= rec.created), "creation order");
        previous = Some(rec.created);
        assert_eq!(org.statuses[rec.status].life_cycle_state, rec.state);
    }
}

#[test]
fn moving_a_job_moves_it_between_indexes() {
    let (org, mut jobs) = generate(300, 3, start()).unwrap();
    let at = jobs.page(Selection::State(LifeCycleState::Pending), 0, 1)[0];
    let job_type = jobs.get(at).job_type;
    jobs.set_state(at, LifeCycleState::InProgress);
    let pending = jobs.page(Selection::State(LifeCycleState::Pending), 0, 300);
    let started = jobs.page(Selection::State(LifeCycleState::InProgress), 0, 300);
    assert!(!pending.contains(&at) && started.contains(&at));
    let typed = jobs.page(
        Selection::StateType(LifeCycleState::InProgress, job_type),
        0,
        300,
    );
    assert!(typed.contains(&at));
    assert!(started.windows(2).all(|w| w[0] > w[1]), "newest first");
    assert_eq!(
        jobs.render(&org, at).life_cycle_state,
        LifeCycleState::InProgress
    );
}

#[test]
fn a_hundred_thousand_jobs_page_newest_first() {
    let (_, jobs) = generate(100_000, 1, start()).unwrap();
    let page = jobs.page(Selection::State(LifeCycleState::Completed), 1000, 50);
    assert_eq!(page.len(), 50);
    assert!(
        page.windows(2)
            .all(|w| jobs.get(w[0]).created >= jobs.get(w[1]).created)
    );
}

#[test]
fn fields_set_names_are_exactly_the_serialised_top_level_fields() {
    let (org, jobs) = generate(5, 1, start()).unwrap();
    let keys = |value: serde_json::Value| {
        let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let sorted = |names: &[&str]| {
        let mut names: Vec<String> = names.iter().map(|&n| n.to_owned()).collect();
        names.sort();
        names
    };
    let job = serde_json::to_value(jobs.render(&org, 0)).unwrap();
    assert_eq!(keys(job), sorted(super::fields::JOB));
    let user = serde_json::to_value(org.user(0)).unwrap();
    assert_eq!(keys(user), sorted(super::fields::USER));
    let entry = serde_json::to_value(org.status_entry(&org.types[0].statuses[0])).unwrap();
    assert_eq!(keys(entry), sorted(super::fields::STATUS_ENTRY));
}

#[test]
fn the_type_without_scope_in_the_documented_flavour_has_jobs_in_every_state() {
    let (org, jobs) = generate(600, 1, start()).unwrap();
    let hidden: Vec<usize> = (0..org.types.len())
        .filter(|&t| org.types[t].documented_without_scope)
        .collect();
    assert!(!hidden.is_empty());
    for state in LifeCycleState::ALL {
        assert!(
            hidden
                .iter()
                .any(|&t| !jobs.page(Selection::StateType(state, t), 0, 1).is_empty()),
            "{state}"
        );
    }
    assert!(org.users.iter().any(|u| u.documented_blank && u.technician));
    assert!(
        org.users
            .iter()
            .any(|u| !u.documented_blank && u.technician)
    );
}

#[test]
fn documented_fields_set_names_are_exactly_the_documented_top_level_fields() {
    let (org, jobs) = generate(5, 1, start()).unwrap();
    let mut job = serde_json::to_value(jobs.render(&org, 0)).unwrap();
    super::documented::reshape_job(&mut job, &org, jobs.get(0), 0);
    let mut keys: Vec<&str> = job
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut names = super::render::job_fields(super::Flavour::Documented).to_vec();
    names.sort_unstable();
    assert_eq!(keys, names);
    assert!(job["assigned_to"].get("business_unit").is_none());
}
