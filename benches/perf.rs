//! The benchmarks of design.md §4 (divan): one frame of the job list at 200x50 with 100,
//! 10,000 and 100,000 jobs loaded; a filter keystroke over 100,000 jobs (and the ranking alone); decoding a page of
//! 500 jobs as the stand-in sends them; launch to first frame. `cargo bench --bench perf`.

use std::io;

use crmjobs::api::job::Job;
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Connection, Msg, Session};
use crmjobs::runtime::Screen;
use crmjobs::runtime::terminal::TerminalScreen;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;

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

/// The body of a 500-job page as the stand-in sends it, fetched once over HTTP.
fn standin_page() -> Vec<u8> {
    use crmjobs::api::client::{Client, ClientConfig, Credentials};
    use crmjobs::standin::{DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME};
    use crmjobs::standin::{StandinConfig, StandinServer};
    use secrecy::ExposeSecret;
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let server = StandinServer::start(StandinConfig {
            port: 0,
            jobs: 2_000,
            ..StandinConfig::default()
        })
        .await
        .expect("the stand-in starts");
        let client = Client::new(ClientConfig::new(server.url())).expect("a client");
        client.set_credentials(Credentials::Password {
            organisation: DEMO_ORGANISATION.into(),
            username: DEMO_USERNAME.into(),
            password: DEMO_PASSWORD.to_owned().into(),
            unit: None,
        });
        client.login().await.expect("logged in");
        let token = client.token().expect("a token");
        let url = format!(
            "{}/crmapi/rest/v2/jobs/all_scopes/get_completed?number_of_results=500&token={}",
            server.url(),
            token.expose_secret()
        );
        let body = reqwest::get(url).await.expect("an answer").bytes().await;
        server.shutdown().await;
        body.expect("a body").to_vec()
    })
}

/// Decoding one page of 500 jobs (envelope and jobs, as the client does).
#[divan::bench]
fn decode_500(bencher: Bencher) {
    let body = standin_page();
    assert_eq!(
        crmjobs::api::decode_jobs(&body).expect("decodes").len(),
        500
    );
    bencher
        .counter(divan::counter::BytesCount::new(body.len()))
        .bench(|| crmjobs::api::decode_jobs(divan::black_box(&body)));
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
