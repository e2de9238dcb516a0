//! Bulk completion: `c` with marked jobs in progress, one status for all (the common ones,
//! or why none is), each job its own action, a result list, "retry failed". Through the
//! real update and views with answers made here, and through the real loop against the
//! stand-in.
use crate::tui_support;

use std::sync::Arc;

use crmjobs::api::error::ApiError;
use crmjobs::api::ident::{JobStatusIdentifier, JobTypeIdentifier};
use crmjobs::api::job::Job;
use crmjobs::api::model::{JobStatus, LifeCycleState, StatusEntry};
use crmjobs::app::bulk::Outcome;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg, Overlay};
use crmjobs::runtime::effects::ClientEffects;
use crossterm::event::KeyCode;
use tui_support::http::{client, launch, logged_in, session, standin};
use tui_support::{draw, loaded_app, serve};

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

fn entry(id: &str, name: &str, default: bool) -> StatusEntry {
    StatusEntry {
        id: format!("E-{id}"),
        default,
        status: JobStatus {
            id: id.to_owned(),
            name: name.to_owned(),
            alternative_code: None,
            description: None,
            life_cycle_state: LifeCycleState::Completed,
        },
    }
}

/// Answers the bulk form's status fetches: type T1 completes as Resolved or Customer not
/// home, type T2 as Done or (when `shared`) Customer not home.
fn answer_statuses(app: &mut App, commands: Vec<Command>, shared: bool) {
    assert_eq!(commands.len(), 2, "one fetch per job type: {commands:?}");
    for command in commands {
        let Command::FetchStatuses {
            id,
            job_type: JobTypeIdentifier::Id(kind),
            state: LifeCycleState::Completed,
        } = command
        else {
            panic!("{command:?}");
        };
        let mut entries = vec![if kind == "T1" {
            entry("S-R", "Resolved", true)
        } else {
            entry("S-D", "Done", true)
        }];
        if shared {
            entries.push(entry("S-C", "Customer not home", false));
        }
        assert!(
            app.update(Msg::Statuses {
                id,
                result: Ok(entries)
            })
            .is_empty()
        );
    }
}

/// The In progress tab with JB01001 (type T1) and JB01002 (type T2) marked, and `c`.
fn bulk_open(size: (u16, u16)) -> (App, Vec<Command>) {
    let mut app = loaded_app(size, 120);
    let commands = act(&mut app, Action::NextTab);
    serve(&mut app, commands, 120);
    assert!(act(&mut app, Action::Mark).is_empty());
    assert!(act(&mut app, Action::Mark).is_empty());
    let commands = act(&mut app, Action::Complete);
    assert!(
        matches!(app.overlay, Overlay::Bulk(_)),
        "the bulk form opens"
    );
    (app, commands)
}

fn completed(job: &Job, status: &str) -> Job {
    let mut job = job.clone();
    job.life_cycle_state = LifeCycleState::Completed.into();
    job.status = Some(Arc::new(JobStatus {
        id: "S-C".into(),
        name: status.into(),
        alternative_code: None,
        description: None,
        life_cycle_state: LifeCycleState::Completed,
    }));
    job
}

fn outcomes(app: &App) -> Vec<Outcome> {
    let Overlay::Bulk(bulk) = &app.overlay else {
        panic!("the bulk form is open");
    };
    bulk.items.iter().map(|i| i.outcome.clone()).collect()
}

#[test]
fn one_status_for_all_each_job_its_own_action_and_retry_failed() {
    for size in [(80, 24), (160, 48)] {
        let (mut app, commands) = bulk_open(size);
        answer_statuses(&mut app, commands, true);
        insta::assert_snapshot!(
            format!("bulk_form_{}x{}", size.0, size.1),
            draw(&app, size).backend()
        );
        assert!(act(&mut app, Action::Down).is_empty());
        let commands = act(&mut app, Action::Submit);
        let sent: Vec<_> = commands
            .iter()
            .map(|c| match c {
                Command::Complete { id, params, .. } => (*id, params.clone()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(sent.len(), 2, "each job its own action");
        assert_ne!(sent[0].0, sent[1].0);
        for (_, params) in &sent {
            assert_eq!(params.status, Some(JobStatusIdentifier::Id("S-C".into())));
        }
        let first = app.tab().row_at(0).expect("a row").clone();
        let done = completed(&first, "Customer not home");
        app.update(Msg::Acted {
            id: sent[0].0,
            result: Ok(done),
        });
        let refused = ApiError::server(
            "SCHEDULED_DATE_REQUIRED",
            Some("A scheduled date is required"),
            None,
        );
        app.update(Msg::Acted {
            id: sent[1].0,
            result: Err(refused),
        });
        assert!(matches!(
            outcomes(&app)[..],
            [Outcome::Completed(_), Outcome::Failed(_)]
        ));
        insta::assert_snapshot!(
            format!("bulk_results_{}x{}", size.0, size.1),
            draw(&app, size).backend()
        );
        assert!(
            app.tabs[1].rows().iter().all(|j| j.number != first.number),
            "the completed job left the In progress tab"
        );
        // Retry sends the failed job only.
        let retry = act(&mut app, Action::Refresh);
        let [Command::Complete { id, params, .. }] = retry.as_slice() else {
            panic!("{retry:?}");
        };
        assert_eq!(params.job.value(), "JB01002");
        let second = app.tabs[1]
            .rows()
            .iter()
            .find(|j| j.number == "JB01002")
            .cloned();
        let done = completed(&second.expect("still loaded"), "Customer not home");
        app.update(Msg::Acted {
            id: *id,
            result: Ok(done),
        });
        assert!(
            outcomes(&app)
                .iter()
                .all(|o| matches!(o, Outcome::Completed(_)))
        );
        assert!(act(&mut app, Action::Back).is_empty());
        assert!(matches!(app.overlay, Overlay::None));
        assert_eq!(
            app.tabs[1].marked(),
            0,
            "completed jobs left with their marks"
        );
    }
}

#[test]
fn without_a_common_status_the_form_says_why_and_offers_the_defaults() {
    let (mut app, commands) = bulk_open((160, 48));
    answer_statuses(&mut app, commands, false);
    let screen = draw(&app, (160, 48)).backend().to_string();
    assert!(
        screen.contains("no completion status is common to Disconnection, Repair"),
        "{screen}"
    );
    assert!(screen.contains("> each type's default status"), "{screen}");
    let commands = act(&mut app, Action::Submit);
    assert_eq!(commands.len(), 2);
    assert!(
        commands
            .iter()
            .all(|c| matches!(c, Command::Complete { params, .. } if params.status.is_none()))
    );
}

#[test]
fn marks_outside_the_in_progress_tab_are_refused_with_a_reason() {
    let mut app = loaded_app((80, 24), 120);
    act(&mut app, Action::Mark);
    assert!(act(&mut app, Action::Complete).is_empty());
    assert!(matches!(app.overlay, Overlay::None));
    let screen = draw(&app, (80, 24)).backend().to_string();
    assert!(
        screen.contains("only jobs in progress can be completed"),
        "{screen}"
    );
}

#[tokio::test]
async fn bulk_completion_against_the_stand_in() {
    let server = standin().await;
    let app = launch(
        session(&server),
        Some(crmjobs::standin::DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client(&server)),
    );
    app.screen.wait_for("● online").await;
    app.press(KeyCode::Char('2'));
    app.screen.wait_for("· In progress").await;
    for _ in 0..3 {
        app.press(KeyCode::Char(' '));
    }
    app.press(KeyCode::Char('c'));
    app.screen.wait_for("Complete 3 marked jobs").await;
    app.screen
        .wait_until(|s| s.contains("> each type's default") && !s.contains("loading the statuses"))
        .await;
    app.ctrl('s');
    app.screen.wait_for("bulk completion done").await;
    // q is not bound over the bulk form (as over any form); Ctrl-c always quits.
    app.ctrl('c');
    let done = app.task.await.expect("the loop task").expect("a clean end");
    let Overlay::Bulk(bulk) = &done.overlay else {
        panic!("the result list stays until closed");
    };
    let reader = logged_in(&server).await;
    for item in &bulk.items {
        let job = reader
            .show_job(&item.job.identifier())
            .await
            .expect("the job");
        match &item.outcome {
            Outcome::Completed(_) => {
                assert_eq!(job.life_cycle_state, LifeCycleState::Completed);
            }
            Outcome::Failed(_) => assert_eq!(job.life_cycle_state, LifeCycleState::InProgress),
            other => panic!("{} still {other:?}", item.job.number),
        }
    }
}

#[test]
fn a_job_changed_on_the_server_fails_and_a_retry_sends_it_against_what_is_seen_now() {
    let (mut app, commands) = bulk_open((80, 24));
    answer_statuses(&mut app, commands, true);
    let sent = act(&mut app, Action::Submit);
    let ids: Vec<_> = sent
        .iter()
        .filter_map(|c| match c {
            Command::Complete { id, .. } => Some(*id),
            _ => None,
        })
        .collect();
    let mut changed = app.tab().row_at(0).expect("a row").clone();
    changed.description = Some("Changed by the back office".into());
    if let Some(log) = changed.log_information.as_mut() {
        log.updated_date = log.updated_date.map(|d| d + chrono::Duration::hours(1));
    }
    assert_ne!(
        crmjobs::outbox::Baseline::of(&changed),
        crmjobs::outbox::Baseline::of(app.tab().row_at(0).expect("a row"))
    );
    app.update(Msg::ActionConflict {
        id: ids[0],
        job: Box::new(changed.clone()),
        why: "JB01001 changed on the server since it was loaded".to_owned(),
    });
    let done = completed(app.tab().row_at(1).expect("a row"), "Customer not home");
    app.update(Msg::Acted {
        id: ids[1],
        result: Ok(done),
    });
    assert!(matches!(
        outcomes(&app)[..],
        [Outcome::Failed(_), Outcome::Completed(_)]
    ));
    let retry = act(&mut app, Action::Refresh);
    let [Command::Complete { baseline, .. }] = retry.as_slice() else {
        panic!("{retry:?}");
    };
    assert_eq!(
        baseline.as_ref(),
        Some(&crmjobs::outbox::Baseline::of(&changed)),
        "the retry is checked against the job as now seen, not the one first loaded"
    );
}
