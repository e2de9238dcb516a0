//! Re-login in place, through the real loop against the stand-in over HTTP. A session that
//! started from a token alone (no password kept, as from the token cache) meets an expired
//! token while sending a completion: a password prompt opens over the form, the form stays
//! underneath, and after the login the completion goes through, once. With the password at
//! hand the client logs in again by itself and no prompt appears.
use crate::tui_support;

use std::io;
use std::time::Duration;

use crmjobs::api::client::Client;
use crmjobs::api::job::Job;
use crmjobs::api::model::FulfillmentScope;
use crmjobs::app::login::Login;
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::runtime::login_plan::LoginPlan;
use crmjobs::standin::{DEMO_PASSWORD, Faults, StandinServer};
use crossterm::event::KeyCode;
use tokio::sync::mpsc;
use tui_support::Recorder;
use tui_support::http::{
    Running, client, in_progress_job, launch, logged_in, open_completion, session, standin,
};

/// Every token, old or new, is dead from now on.
fn expire_tokens(server: &StandinServer) {
    server.set_faults(Faults {
        token_ttl: Duration::from_nanos(1),
        ..Faults::default()
    });
}

/// Tokens live two seconds from now on, and two and a half pass: every token handed out
/// before this call is dead, one handed out after it lives long enough for the next action.
async fn outlive_the_token(server: &StandinServer) {
    server.set_faults(Faults {
        token_ttl: Duration::from_secs(2),
        ..Faults::default()
    });
    tokio::time::sleep(Duration::from_millis(2500)).await;
}

/// Opens the completion form of job `number`, lets every token handed out so far die
/// ([`outlive_the_token`]) and sends the form (Ctrl-S); the server's login count from before
/// the tokens died.
async fn send_once_the_token_died(server: &StandinServer, app: &Running, number: &str) -> usize {
    open_form(app, number).await;
    let logins = server.logins();
    outlive_the_token(server).await;
    app.ctrl('s');
    logins
}

/// A stand-in, a client logged in to it (the tests lend its token to the app), and one of its
/// generic in-progress jobs (with an assigned unit) to complete.
async fn standin_with_job() -> (StandinServer, Client, Job) {
    let server = standin().await;
    let seeding = logged_in(&server).await;
    let job = in_progress_job(&seeding, FulfillmentScope::GenericPurpose).await;
    (server, seeding, job)
}

/// Opens the completion form of job `number` and waits until its status picker is drawn.
async fn open_form(app: &Running, number: &str) {
    open_completion(app, number).await;
    app.screen.wait_for("(default)").await;
}

/// The app on a client that holds only `token`: no password to log in again with.
fn launch_with_token_only(server: &StandinServer, token: secrecy::SecretString) -> Running {
    launch_with_plan(server, token, LoginPlan::default())
}

/// The app on a client that holds only `token`, logging in as `plan` says.
fn launch_with_plan(
    server: &StandinServer,
    token: secrecy::SecretString,
    plan: LoginPlan,
) -> Running {
    let bare = client(server);
    bare.set_token(token);
    let effects = ClientEffects::new(bare).with_login(plan);
    let size = (120, 40);
    let screen = Recorder::new(size.0, size.1);
    let (keys, input) = mpsc::unbounded_channel::<io::Result<crossterm::event::Event>>();
    let mut app = tui_support::new_app(session(server), None, size);
    app.login = Some(Login::silent());
    let mut looped = screen.clone();
    let task = tokio::spawn(async move {
        crmjobs::runtime::run(app, &mut looped, input, &effects, std::future::pending()).await
    });
    Running { keys, screen, task }
}

#[tokio::test]
async fn an_expired_token_asks_for_the_password_over_the_form_and_sends_again() {
    let (server, seeding, job) = standin_with_job().await;
    let token = seeding.token().expect("a token");
    let app = launch_with_token_only(&server, token);
    open_form(&app, &job.number).await;
    expire_tokens(&server);
    app.ctrl('s');
    app.screen.wait_for("Log in again").await;
    let screen = app.screen.text();
    assert!(
        screen.contains(&format!("Complete job {}", job.number)),
        "the form stays underneath:\n{screen}"
    );
    assert_eq!(
        server.applied_actions(&job.number),
        0,
        "nothing applied yet"
    );
    // Tokens live again; the password typed in the prompt logs in and the action goes.
    server.set_faults(Faults::default());
    app.type_text(DEMO_PASSWORD);
    let masked = app.screen.text();
    assert!(!masked.contains(DEMO_PASSWORD), "the password is masked");
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    let final_app = app.quit().await;
    assert!(final_app.login.is_none(), "the prompt is gone");
    assert_eq!(final_app.held_for_login(), 0, "nothing left waiting");
    assert_eq!(
        server.applied_actions(&job.number),
        1,
        "applied exactly once"
    );
}

#[tokio::test]
async fn a_wrong_password_in_the_prompt_keeps_the_form_and_asks_again() {
    let (server, seeding, job) = standin_with_job().await;
    let app = launch_with_token_only(&server, seeding.token().expect("a token"));
    open_form(&app, &job.number).await;
    expire_tokens(&server);
    app.ctrl('s');
    app.screen.wait_for("Log in again").await;
    server.set_faults(Faults::default());
    app.type_text("not-the-password");
    app.press(KeyCode::Enter);
    app.screen.wait_for("AUTHENTICATION_FAILED").await;
    assert!(app.screen.text().contains("Log in again"));
    app.type_text(DEMO_PASSWORD);
    app.press(KeyCode::Enter);
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    app.quit().await;
    assert_eq!(server.applied_actions(&job.number), 1);
}

#[tokio::test]
async fn with_the_password_at_hand_the_client_logs_in_again_silently() {
    let (server, _seeding, job) = standin_with_job().await;
    let app = launch(
        session(&server),
        Some(DEMO_PASSWORD),
        (120, 40),
        ClientEffects::new(client(&server)),
    );
    // The app's token dies under the form; the one the silent login gets lives long enough
    // for the action sent again right after it.
    let logins = send_once_the_token_died(&server, &app, &job.number).await;
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    assert!(!app.screen.text().contains("Log in again"), "no prompt");
    app.quit().await;
    assert_eq!(server.logins(), logins + 1, "one silent login");
    assert_eq!(server.applied_actions(&job.number), 1);
}

/// A profile whose password comes from a command: started from a cached token, the command
/// has not run; when the token dies mid-session it runs then, and no prompt appears.
#[tokio::test]
async fn a_password_command_logs_in_again_silently_when_the_cached_token_dies() {
    use crmjobs::config::{AuthSource, Borders, ColourMode, KeyOverrides, Profile, ThemeSettings};
    let (server, seeding, job) = standin_with_job().await;
    let profile = Profile {
        name: "test".into(),
        server: server.url(),
        organisation: crmjobs::standin::DEMO_ORGANISATION.into(),
        username: crmjobs::standin::DEMO_USERNAME.into(),
        unit: None,
        auth: AuthSource::PasswordCommand(format!("echo {DEMO_PASSWORD}")),
        page_size: 50,
        request_timeout: Duration::from_secs(20),
        auto_refresh: None,
        users_filter: None,
        ca_file: None,
        mouse: false,
        cache_jobs: false,
        server_timezone: chrono_tz::Tz::UTC,
        token_error_codes: Vec::new(),
        job_types: Vec::new(),
        keymap: KeyOverrides::default(),
        theme: ThemeSettings {
            colour: ColourMode::On,
            borders: Borders::Ascii,
        },
    };
    let plan = LoginPlan {
        fallback: Some(profile),
        ..LoginPlan::default()
    };
    let app = launch_with_plan(&server, seeding.token().expect("a token"), plan);
    // The cached token dies under the form; the new one lives long enough.
    let logins = send_once_the_token_died(&server, &app, &job.number).await;
    app.screen
        .wait_for(&format!("{} is now Completed", job.number))
        .await;
    assert!(!app.screen.text().contains("Log in again"), "no prompt");
    app.quit().await;
    assert_eq!(server.logins(), logins + 1, "one login, by the command");
    assert_eq!(server.applied_actions(&job.number), 1);
}
