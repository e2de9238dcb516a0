//! Start: the network never blocks the first frame, and neither does the job
//! cache. The real event loop and the real client run against the stand-in answering every
//! request late; the first frame (the login in progress) is written before any answer and,
//! with 100,000 saved jobs, before they are read; the saved rows are then shown while the
//! server has still answered nothing. Counted in frames and requests, not timed.
#![cfg(feature = "standin")]
use crate::tui_support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::api::model::LifeCycleState;
use crmjobs::app::Session;
use crmjobs::config::token_cache::TokenOwner;
use crmjobs::jobcache::{JobCache, TabToSave};
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::runtime::terminal::TerminalScreen;
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, Faults, StandinConfig, StandinServer,
};

/// The frames written, one entry per write.
#[derive(Clone, Default)]
struct Frames(Arc<Mutex<Vec<Vec<u8>>>>);

impl Write for Frames {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("not poisoned").push(buf.to_vec());
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Frames {
    fn count(&self) -> usize {
        self.0.lock().expect("not poisoned").len()
    }

    fn text(&self, index: usize) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("not poisoned")[index]).into_owned()
    }

    fn any(&self, needle: &str) -> bool {
        let frames = self.0.lock().expect("not poisoned");
        frames
            .iter()
            .any(|f| String::from_utf8_lossy(f).contains(needle))
    }
}

/// The stand-in answering every request after `latency`, and a session on it.
async fn slow_standin(latency: Duration) -> (StandinServer, Session) {
    let server = StandinServer::start(StandinConfig {
        port: 0,
        faults: Faults {
            latency,
            ..Faults::default()
        },
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts");
    let session = Session {
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        ..tui_support::session()
    };
    (server, session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_frame_comes_before_a_slow_server_answers() {
    let (server, session) = slow_standin(Duration::from_secs(2)).await;
    let client = Client::new(ClientConfig::new(server.url())).expect("a client");
    let effects = ClientEffects::new(client);
    let frames = Frames::default();
    let mut screen = TerminalScreen::new(frames.clone(), (100, 30)).expect("a screen");
    let app = tui_support::new_app(session, Some(DEMO_PASSWORD), (100, 30));
    let (keys, input) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut screen, input, &effects, std::future::pending()).await
    });
    // The loop draws before it first waits; the login is then 2 s from its answer.
    while frames.count() == 0 {
        tokio::task::yield_now().await;
    }
    assert_eq!(server.logins(), 0, "the login is not answered yet");
    let first = frames.text(0);
    assert!(
        first.contains("connecting"),
        "the first frame shows the login going on: {first:?}"
    );
    // And the answers, when they come, bring the list.
    while !frames.any("JB") {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    keys.send(Ok(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('q')),
    )))
    .expect("the loop listens");
    let app = task.await.expect("no panic").expect("no terminal error");
    assert!(app.should_quit());
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_100000_saved_jobs_the_first_frame_waits_for_neither_them_nor_the_server() {
    // The login is answered after a minute: everything below happens before.
    let (server, session) = slow_standin(Duration::from_secs(60)).await;
    let dir = tempfile::tempdir().expect("a state folder");
    let owner = TokenOwner {
        server: session.server.clone(),
        organisation: session.organisation.clone(),
        username: session.username.clone(),
    };
    let cache = JobCache::new(dir.path().join("jobs"), "work", owner).expect("a cache");
    let jobs: Vec<_> = (0..100_000)
        .map(|n| tui_support::job(n, LifeCycleState::Pending))
        .collect();
    cache
        .save(&[TabToSave {
            state: LifeCycleState::Pending,
            saved_at: chrono::Utc::now(),
            complete: false,
            jobs: &jobs,
        }])
        .expect("saved");
    drop(jobs);

    let client = Client::new(ClientConfig::new(server.url())).expect("a client");
    let effects = ClientEffects::new(client).with_job_cache(cache);
    let frames = Frames::default();
    let mut screen = TerminalScreen::new(frames.clone(), (100, 30)).expect("a screen");
    let mut app = tui_support::new_app(session, Some(DEMO_PASSWORD), (100, 30));
    app.keep_saved_jobs();
    let (keys, input) = tokio::sync::mpsc::unbounded_channel();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut screen, input, &effects, std::future::pending()).await
    });
    while frames.count() == 0 {
        tokio::task::yield_now().await;
    }
    let first = frames.text(0);
    assert!(
        first.contains("connecting") && !first.contains("saved"),
        "the first frame is drawn before the saved jobs are read: {first:?}"
    );
    while !frames.any("100000+") {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(server.logins(), 0, "the saved rows came before any answer");
    assert!(
        frames.any("saved "),
        "the header says the rows are saved ones"
    );
    keys.send(Ok(crossterm::event::Event::Key(
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('q')),
    )))
    .expect("the loop listens");
    let app = task.await.expect("no panic").expect("no terminal error");
    assert_eq!(app.tab().loaded(), 100_000);
    drop(server);
}
