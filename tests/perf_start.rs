//! Start (design.md §4): the network never blocks the first frame. The real event loop and
//! the real client run against the stand-in answering every request after 2 s; the first
//! frame (the login in progress) is written before any answer, and the list follows once
//! the answers come. Counted in frames and requests, not timed.
#![cfg(feature = "standin")]
#[expect(dead_code, reason = "only the session fixture is used here")]
mod tui_support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::app::{App, Session};
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_frame_comes_before_a_slow_server_answers() {
    let server = StandinServer::start(StandinConfig {
        port: 0,
        faults: Faults {
            latency: Duration::from_secs(2),
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
    let client = Client::new(ClientConfig::new(server.url())).expect("a client");
    let effects = ClientEffects::new(client);
    let frames = Frames::default();
    let mut screen = TerminalScreen::new(frames.clone(), (100, 30)).expect("a screen");
    let app = App::new(session, Some(DEMO_PASSWORD.to_owned().into()), (100, 30));
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
