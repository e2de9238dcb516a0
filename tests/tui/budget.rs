//! The byte budget of a row move over real data: every one-row move through the stand-in's
//! seed jobs at 200x50 writes at most 500 bytes, in one synchronized frame.

use crate::tui_support;

use std::io;
use std::sync::{Arc, Mutex};

use crmjobs::api::client::{Client, ClientConfig};
use crmjobs::app::keymap::Action;
use crmjobs::app::{Connection, Msg, Session};
use crmjobs::runtime::Screen;
use crmjobs::runtime::effects::execute;
use crmjobs::runtime::terminal::TerminalScreen;
use crmjobs::standin::{
    DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};

/// Collects what the terminal writer writes.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<Vec<u8>>>);

impl io::Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn one_row_moves_over_the_seed_data_stay_within_500_bytes_at_200x50() {
    let server = StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await
    .expect("the stand-in starts");
    let client = Client::new(ClientConfig::new(server.url())).expect("a client");
    let session = Session {
        profile: "test".into(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        server: server.url(),
        demo: true,
        connection: Connection::LoggedOut,
    };
    let mut app = tui_support::new_app(session, Some(DEMO_PASSWORD), (200, 50));
    let mut queue = app.init();
    while let Some(command) = queue.pop() {
        let msg = execute(&client, command).await;
        queue.extend(app.update(msg));
    }
    let wire = Wire::default();
    let mut screen = TerminalScreen::new(wire.clone(), (200, 50)).expect("screen");
    screen.draw(&app).expect("first frame");
    let mut worst = 0;
    // Rows 1 to 36: within the screen, before the next page is asked.
    for _ in 0..35 {
        wire.0.lock().expect("not poisoned").clear();
        assert!(
            app.update(Msg::Action(Action::Down)).is_empty(),
            "no page needed yet"
        );
        screen.draw(&app).expect("a frame");
        worst = worst.max(wire.0.lock().expect("not poisoned").len());
    }
    assert!(worst <= 500, "{worst} bytes for a one-row move");
    let frame = wire.0.lock().expect("not poisoned").clone();
    assert!(frame.starts_with(b"\x1b[?2026h") && frame.ends_with(b"\x1b[?2026l"));
}
