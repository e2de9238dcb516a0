//! The benchmarks of design.md §4 (divan): one frame of the job list at 200x50 with 100,
//! 10,000 and 100,000 jobs loaded; a filter keystroke over 100,000 jobs (and the ranking
//! alone); decoding a page of 500 jobs and one job as the stand-in sends them; launch to
//! first frame, with and without 100,000 saved jobs. `cargo bench --bench perf`.

use std::io;

use crmjobs::api::job::Job;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Connection, Msg, Session};
use crmjobs::runtime::Screen;
use crmjobs::runtime::terminal::TerminalScreen;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;

#[path = "../tests/decode_support/mod.rs"]
mod decode_support;

const SIZE: (u16, u16) = (200, 50);

fn main() {
    divan::main();
}

fn session() -> Session {
    Session {
        profile: "bench".into(),
        organisation: "northwind-field".into(),
        username: "supervisor".into(),
        server: "http://127.0.0.1:9".into(),
        demo: true,
        connection: Connection::LoggedOut,
    }
}

/// Five jobs of different shapes; the loaded ones are copies with their own numbers (their
/// shared parts stay shared, as the client's interner leaves them).
fn templates() -> Vec<Job> {
    let kinds = [
        "Installation",
        "Repair",
        "Disconnection",
        "Package swap",
        "Maintenance",
    ];
    let people = ["Ana Lopes", "Ben Okafor", "Chen Wei"];
    (0..5)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "id": format!("{i:032x}"),
                "number": "JB00000",
                "description": format!("{} at 14 Makarios Avenue for customer {i}", kinds[i]),
                "notes": "Gate code 4411. Dog in the yard.",
                "life_cycle_state": "PENDING",
                "expiration_date": "2026-12-28T18:00:00",
                "type": {"id": format!("T{i}"), "name": kinds[i],
                         "fulfillment_scope": "GENERIC_PURPOSE"},
                "status": {"id": "S1", "name": "Awaiting visit", "life_cycle_state": "PENDING"},
                "assigned_to": {"user": {"id": format!("U{i}"), "username": format!("tech{i}"),
                                         "person_name": people[i % 3]},
                                "unit": {"id": "UN1", "name": "Nicosia field team"}},
                "log_information": {"created_date": "2026-11-20T07:30:00",
                                    "updated_date": "2026-11-21T09:30:00"},
                "udf_string_1": "Router SN 99812",
            }))
            .expect("a template job")
        })
        .collect()
}

/// An app whose first tab holds `jobs` loaded jobs (pages answered in-process).
fn loaded(jobs: usize) -> App {
    let templates = templates();
    let mut app = App::new(session(), Some("pw".to_owned().into()), SIZE);
    let mut queue = app.init();
    while let Some(command) = queue.pop() {
        let msg = match command {
            Command::Login { id, .. } => Msg::LoggedIn { id, result: Ok(()) },
            Command::FetchJobs { id, state, page } => {
                let wanted = if state == LifeCycleState::ALL[0] {
                    jobs
                } else {
                    0
                };
                let start = page.offset as usize;
                let end = wanted.min(start + page.size as usize);
                let rows = (start..end)
                    .map(|n| {
                        let mut job = templates[n % templates.len()].clone();
                        job.number = format!("JB{:06}", n + 1);
                        job
                    })
                    .collect();
                Msg::Jobs {
                    id,
                    state,
                    page,
                    result: Ok(rows),
                }
            }
            _ => continue,
        };
        queue.extend(app.update(msg));
        // The app pages as the cursor nears the end; jump there to load everything.
        if app.tab().loaded() < jobs {
            queue.extend(app.update(Msg::Action(Action::Bottom)));
        }
    }
    let _ = app.update(Msg::Action(Action::Top));
    assert_eq!(app.tab().loaded(), jobs, "every job loaded");
    app
}

/// One frame after a one-row move, at 200x50, however many jobs are loaded.
#[divan::bench(args = [100, 10_000, 100_000])]
fn frame(bencher: Bencher, jobs: usize) {
    let mut app = loaded(jobs);
    let mut screen = TerminalScreen::new(io::sink(), SIZE).expect("a screen");
    screen.draw(&app).expect("first frame");
    let mut down = true;
    bencher.bench_local(|| {
        let action = if down { Action::Down } else { Action::Up };
        down = !down;
        let _ = app.update(Msg::Action(action));
        screen.draw(&app).expect("a frame");
    });
}

/// The usual keystroke in `/` over 100,000 loaded jobs, after `repa`: each iteration types
/// a letter (the filter narrows the rows `repa` matched) and takes it back (a view already
/// ranked). Timed together: timed apart, the fastest sample would always be the erasing.
#[divan::bench]
fn filter_keystroke(bencher: Bencher) {
    let mut app = loaded(100_000);
    let _ = app.update(Msg::Action(Action::Filter));
    for c in "repa".chars() {
        let msg = app
            .key_msg(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            .expect("typed into the filter");
        let _ = app.update(msg);
    }
    bencher.bench_local(|| {
        for code in [KeyCode::Char('i'), KeyCode::Backspace] {
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            let msg = app.key_msg(key).expect("typed into the filter");
            let _ = app.update(msg);
        }
        app.tab().len()
    });
}

/// The worst keystroke: the first letter over 100,000 loaded jobs ranks every one of them
/// (each iteration types it and erases it; erasing back to nothing costs next to nothing).
#[divan::bench]
fn filter_first_keystroke(bencher: Bencher) {
    let mut app = loaded(100_000);
    let _ = app.update(Msg::Action(Action::Filter));
    bencher.bench_local(|| {
        for code in [KeyCode::Char('r'), KeyCode::Backspace] {
            let key = KeyEvent::new(code, KeyModifiers::NONE);
            let msg = app.key_msg(key).expect("typed into the filter");
            let _ = app.update(msg);
        }
        app.tab().len()
    });
}

/// Decoding one page of 500 jobs (envelope and jobs, as the client does).
#[divan::bench]
fn decode_500(bencher: Bencher) {
    let body = decode_support::standin_bodies().page;
    assert_eq!(
        crmjobs::api::decode_jobs(&body).expect("decodes").len(),
        500
    );
    bencher
        .counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| crmjobs::api::decode_jobs(divan::black_box(&body)));
}

/// Decoding one job's answer (`show`, and what an action returns).
#[divan::bench]
fn decode_one(bencher: Bencher) {
    let body = decode_support::standin_bodies().job;
    crmjobs::api::decode_job(&body).expect("decodes");
    bencher
        .counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| crmjobs::api::decode_job(divan::black_box(&body)));
}

/// Launch to first frame: the model, its first commands, and the first full frame at
/// 200x50 (the network is not waited for: the first frame shows the login in progress).
#[divan::bench]
fn launch_to_first_frame() -> usize {
    let mut app = App::new(session(), Some("pw".to_owned().into()), SIZE);
    let commands = app.init();
    let mut screen = TerminalScreen::new(io::sink(), SIZE).expect("a screen");
    screen.draw(&app).expect("first frame");
    commands.len()
}

/// A job cache of 100,000 saved jobs, written once to a temporary folder.
fn saved_100k() -> (tempfile::TempDir, crmjobs::jobcache::JobCache) {
    use crmjobs::config::token_cache::TokenOwner;
    use crmjobs::jobcache::{JobCache, TabToSave};
    let app = loaded(100_000);
    let dir = tempfile::tempdir().expect("a folder");
    let owner = TokenOwner {
        server: app.session.server.clone(),
        organisation: app.session.organisation.clone(),
        username: app.session.username.clone(),
    };
    let cache = JobCache::new(dir.path().join("jobs"), "bench", owner).expect("a cache");
    let tab = app.tab();
    cache
        .save(&[TabToSave {
            state: tab.state,
            saved_at: chrono::Utc::now(),
            complete: true,
            jobs: tab.rows(),
        }])
        .expect("saved");
    (dir, cache)
}

/// Launch to first frame with 100,000 jobs saved: the model with the cache kept, its first
/// commands (the cache read is one of them, carried out off the loop) and the first frame.
/// The same work as without a cache: the saved jobs never delay the first frame.
#[divan::bench]
fn launch_to_first_frame_with_100k_saved() -> usize {
    let mut app = App::new(session(), Some("pw".to_owned().into()), SIZE);
    app.keep_saved_jobs();
    let commands = app.init();
    assert!(matches!(commands[0], Command::LoadSavedJobs { .. }));
    let mut screen = TerminalScreen::new(io::sink(), SIZE).expect("a screen");
    screen.draw(&app).expect("first frame");
    commands.len()
}

/// Reading 100,000 saved jobs (off the loop, after the first frame): the file read, decoded
/// and its repeated parts shared.
#[divan::bench(sample_count = 10)]
fn saved_100k_read(bencher: Bencher) {
    let (_dir, cache) = saved_100k();
    let bytes = std::fs::metadata(cache.path()).expect("the file").len();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| cache.load().expect("readable").expect("the same owner"));
}

/// 100,000 saved jobs reaching the model and the frame that shows them.
#[divan::bench(sample_count = 10)]
fn saved_100k_shown(bencher: Bencher) {
    let (_dir, cache) = saved_100k();
    bencher
        .with_inputs(|| {
            let mut app = App::new(session(), Some("pw".to_owned().into()), SIZE);
            app.keep_saved_jobs();
            let commands = app.init();
            let Some(Command::LoadSavedJobs { id }) = commands.first().cloned() else {
                panic!("the cache is read first")
            };
            let saved = cache.load().expect("readable").expect("the same owner");
            let screen = TerminalScreen::new(io::sink(), SIZE).expect("a screen");
            (app, id, saved, screen)
        })
        .bench_local_values(|(mut app, id, saved, mut screen)| {
            let _ = app.update(Msg::SavedJobs {
                id,
                result: Ok(saved),
            });
            screen.draw(&app).expect("a frame");
            app
        });
}

/// The ranking alone (no app around it) of the worst keystroke: the first letter over
/// 100,000 rows' texts, typed and erased.
#[divan::bench]
fn filter_rank_first(bencher: Bencher) {
    use crmjobs::app::filter::{Filter, Haystacks, haystack};
    let templates = templates();
    let mut rows = Haystacks::default();
    for n in 0..100_000 {
        let mut job = templates[n % templates.len()].clone();
        job.number = format!("JB{:06}", n + 1);
        rows.push(haystack(&job));
    }
    let mut filter = Filter::default();
    bencher.bench_local(|| {
        let mut len = 0;
        for code in [KeyCode::Char('r'), KeyCode::Backspace] {
            filter.type_key(KeyEvent::new(code, KeyModifiers::NONE));
            len += filter.view(&rows).map_or(0, |v| v.len());
        }
        len
    });
}
