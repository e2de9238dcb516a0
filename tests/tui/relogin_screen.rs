//! The re-login prompt as the user sees it: over the completion form, which stays in view
//! (insta snapshots of a `TestBackend` at 80x24 and 160x48).
use crate::tui_support;

use crmjobs::api::error::ApiError;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use secrecy::ExposeSecret;
use tui_support::{draw, loaded_app, serve};

fn act(app: &mut App, action: Action) -> Vec<Command> {
    app.update(Msg::Action(action))
}

/// The In progress tab's first job, its completion form sent and refused for the token.
fn refused_for_the_token(size: (u16, u16)) -> App {
    let mut app = loaded_app(size, 120);
    let commands = act(&mut app, Action::NextTab);
    serve(&mut app, commands, 120);
    let commands = act(&mut app, Action::Complete);
    serve(&mut app, commands, 120);
    let sent = act(&mut app, Action::Submit);
    let [Command::Complete { id, .. }] = sent.as_slice() else {
        panic!("one completion sent: {sent:?}");
    };
    let refused = Msg::Acted {
        id: *id,
        result: Err(ApiError::server(
            "INVALID_TOKEN",
            Some("token: the token has expired; log in again"),
            None,
        )),
    };
    // First a login without asking (a password command would run now); it cannot log in.
    let silent = app.update(refused);
    let [Command::Login { id, password, .. }] = silent.as_slice() else {
        panic!("only a silent login before anything else: {silent:?}");
    };
    assert!(password.expose_secret().is_empty(), "no password to send");
    assert!(
        app.login.as_ref().is_some_and(|l| !l.is_shown()),
        "no prompt yet"
    );
    let failed = app.update(Msg::LoggedIn {
        id: *id,
        result: Err(ApiError::NotLoggedIn),
    });
    assert!(failed.is_empty(), "nothing sent before the typed login");
    app
}

#[test]
fn the_prompt_opens_over_the_form() {
    for size in [(80, 24), (160, 48)] {
        let app = refused_for_the_token(size);
        assert_eq!(app.held_for_login(), 1);
        assert!(app.form().is_some(), "the form is kept");
        let terminal = draw(&app, size);
        insta::assert_snapshot!(
            format!("relogin_over_form_{}x{}", size.0, size.1),
            terminal.backend()
        );
    }
}

#[test]
fn after_the_login_the_refused_completion_goes_again_with_its_id() {
    let mut app = refused_for_the_token((100, 30));
    for c in "secret".chars() {
        app.update(Msg::Text(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Char(c),
        )));
    }
    let login = act(&mut app, Action::Submit);
    let [Command::Login { id, .. }] = login.as_slice() else {
        panic!("a login: {login:?}");
    };
    let again = app.update(Msg::LoggedIn {
        id: *id,
        result: Ok(()),
    });
    assert!(
        matches!(again.as_slice(), [Command::Complete { .. }]),
        "the completion, and nothing else (no reload): {again:?}"
    );
    assert!(app.login.is_none());
    assert!(app.form().is_some(), "the form waits for the answer");
}
