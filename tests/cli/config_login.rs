//! The login a profile plans, against the stand-in over HTTP: an API key from the
//! environment logs in without the login screen and caches the token; no secret anywhere
//! shows the login screen; a cached token the server refuses falls back to the login
//! screen; the profile's unit, page size and theme reach the app.

use std::path::Path;
use std::time::Duration;

use crmjobs::app::form::UsersOf;
use crmjobs::app::keymap::Mode;
use crmjobs::app::{App, Msg};
use crmjobs::config::token_cache::TokenOwner;
use crmjobs::config::{
    AuthSource, Borders, ColourMode, KeyOverrides, Paths, Profile, ThemeSettings, TokenCache,
};
use crmjobs::runtime::Effects;
use crmjobs::runtime::effects::ClientEffects;
use crmjobs::runtime::profile::prepare;
use crmjobs::standin::{
    DEMO_API_KEY, DEMO_ORGANISATION, DEMO_PASSWORD, DEMO_USERNAME, StandinConfig, StandinServer,
};
use secrecy::SecretString;

fn profile(server: &str, auth: AuthSource) -> Profile {
    Profile {
        name: "northwind".into(),
        server: server.into(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
        unit: None,
        auth,
        page_size: 7,
        request_timeout: Duration::from_secs(20),
        auto_refresh: Some(Duration::from_secs(90)),
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
    }
}

fn paths(home: &Path) -> Paths {
    Paths {
        config_file: home.join("config.toml"),
        state_dir: home.join("state"),
        data_dir: home.join("data"),
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

/// An environment holding only `CRMJOBS_PASSWORD`, set to the demo password.
fn password_env(name: &str) -> Option<String> {
    (name == "CRMJOBS_PASSWORD").then(|| DEMO_PASSWORD.to_owned())
}

/// A stand-in with the default seed on a free port.
async fn standin() -> StandinServer {
    StandinServer::start(StandinConfig {
        port: 0,
        ..StandinConfig::default()
    })
    .await
    .expect("stand-in starts")
}

/// The demo supervisor on `server`, as the owner of a cached token.
fn demo_owner(server: &StandinServer) -> TokenOwner {
    TokenOwner {
        server: server.url(),
        organisation: DEMO_ORGANISATION.into(),
        username: DEMO_USERNAME.into(),
    }
}

/// Runs the app's first commands (the login) and feeds the answers back.
async fn first_login(app: &mut App, effects: &ClientEffects) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let commands = app.init();
    assert_eq!(commands.len(), 1, "one login command");
    for command in commands {
        effects.run(command, tx.clone());
    }
    let msg = rx.recv().await.expect("an answer");
    assert!(matches!(msg, Msg::LoggedIn { .. }), "{msg:?}");
    let _ = app.update(msg);
}

#[tokio::test]
async fn an_api_key_from_the_environment_logs_in_silently_and_is_cached() {
    let server = standin().await;
    let home = tempfile::tempdir().unwrap();
    let profile = profile(&server.url(), AuthSource::ApiKey);
    let env = |name: &str| (name == "CRMJOBS_API_KEY").then(|| DEMO_API_KEY.to_owned());
    let mut prepared = prepare(&profile, &paths(home.path()), (100, 30), &env).unwrap();
    assert_ne!(prepared.app.mode(), Mode::Login, "no login screen");
    assert_eq!(prepared.app.tabs[0].page_size, 7);
    assert_eq!(prepared.app.auto_refresh, Some(Duration::from_secs(90)));
    assert!(!prepared.app.mouse);
    assert!(prepared.app.theme.color && prepared.app.theme.ascii);
    first_login(&mut prepared.app, &prepared.effects).await;
    assert!(prepared.app.login.is_none(), "logged in");
    let cache = TokenCache::new(home.path().join("state/tokens"));
    let owner = demo_owner(&server);
    assert!(
        cache.load("northwind", &owner).unwrap().is_some(),
        "token cached"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn without_any_secret_the_login_screen_asks() {
    let home = tempfile::tempdir().unwrap();
    let profile = profile("http://127.0.0.1:9", AuthSource::Password);
    let prepared = prepare(&profile, &paths(home.path()), (100, 30), &no_env).unwrap();
    assert_eq!(prepared.app.mode(), Mode::Login);
}

#[tokio::test]
async fn a_refused_cached_token_falls_back_to_the_login_screen() {
    let server = standin().await;
    let home = tempfile::tempdir().unwrap();
    let profile = profile(&server.url(), AuthSource::Password);
    let owner = demo_owner(&server);
    TokenCache::new(home.path().join("state/tokens"))
        .store("northwind", &owner, &SecretString::from("not-a-token"))
        .unwrap();
    let mut prepared = prepare(&profile, &paths(home.path()), (100, 30), &no_env).unwrap();
    assert_ne!(
        prepared.app.mode(),
        Mode::Login,
        "the cached token is tried first"
    );
    first_login(&mut prepared.app, &prepared.effects).await;
    assert_eq!(
        prepared.app.mode(),
        Mode::Login,
        "then the password is asked"
    );
    assert_eq!(server.logins(), 0);
    server.shutdown().await;
}

#[tokio::test]
async fn crmjobs_password_logs_in_without_the_screen_and_is_not_stored() {
    let server = standin().await;
    let home = tempfile::tempdir().unwrap();
    let profile = profile(&server.url(), AuthSource::Password);
    let mut prepared = prepare(&profile, &paths(home.path()), (100, 30), &password_env).unwrap();
    assert_ne!(prepared.app.mode(), Mode::Login);
    first_login(&mut prepared.app, &prepared.effects).await;
    assert!(prepared.app.login.is_none(), "logged in");
    assert_eq!(server.logins(), 1);
    let file = home.path().join("state/tokens/northwind.token");
    let stored = std::fs::read_to_string(file).unwrap();
    assert!(!stored.contains(DEMO_PASSWORD), "only the token is cached");
    server.shutdown().await;
}

#[test]
fn colour_auto_honours_no_color_and_on_overrides_it() {
    let home = tempfile::tempdir().unwrap();
    let no_color = |name: &str| (name == "NO_COLOR").then(|| "1".to_owned());
    for (colour, env_set, expected) in [
        (ColourMode::Auto, false, true),
        (ColourMode::Auto, true, false),
        (ColourMode::On, true, true),
        (ColourMode::Off, false, false),
    ] {
        let mut p = profile("http://127.0.0.1:9", AuthSource::Password);
        p.theme.colour = colour;
        let env: &dyn Fn(&str) -> Option<String> = if env_set { &no_color } else { &no_env };
        let prepared = prepare(&p, &paths(home.path()), (80, 24), env).unwrap();
        assert_eq!(
            prepared.app.theme.color, expected,
            "{colour:?}, NO_COLOR {env_set}"
        );
    }
}

#[tokio::test]
async fn users_filter_narrows_the_picker_users() {
    use crmjobs::api::ident::UnitIdentifier;
    use crmjobs::app::{Command, RequestId};
    let server = standin().await;
    let home = tempfile::tempdir().unwrap();
    let mut counts = Vec::new();
    for filter in [None, Some("SUPERVISOR")] {
        let mut p = profile(&server.url(), AuthSource::Password);
        p.users_filter = filter.map(str::to_owned);
        let mut prepared = prepare(&p, &paths(home.path()), (100, 30), &password_env).unwrap();
        first_login(&mut prepared.app, &prepared.effects).await;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let command = Command::FetchUsers {
            id: RequestId(99),
            of: UsersOf {
                unit: Some(UnitIdentifier::AlternativeCode("NDEP".into())),
                business_unit: None,
            },
        };
        prepared.effects.run(command, tx);
        let Some(Msg::Users {
            result: Ok(users), ..
        }) = rx.recv().await
        else {
            panic!("no users");
        };
        counts.push(users.len());
        if filter.is_some() {
            assert!(
                users.iter().all(|u| u.username == "supervisor"),
                "{users:?}"
            );
        }
    }
    assert!(counts[0] > counts[1] && counts[1] == 1, "{counts:?}");
    server.shutdown().await;
}

#[test]
fn the_profiles_ca_file_reaches_the_client() {
    let home = tempfile::tempdir().unwrap();
    let ca = home.path().join("ca.pem");
    std::fs::write(&ca, "not a certificate").unwrap();
    let mut p = profile("https://127.0.0.1:9", AuthSource::Password);
    p.ca_file = Some(ca);
    let error = prepare(&p, &paths(home.path()), (80, 24), &no_env).unwrap_err();
    assert!(error.to_string().contains("ca.pem"), "{error}");
    let config = p.client_config(&paths(home.path()));
    assert_eq!(config.request_timeout, Duration::from_secs(20));
    assert_eq!(config.memory_dir, Some(home.path().join("state/servers")));
}

#[test]
fn the_profiles_codes_and_job_types_reach_the_client() {
    let home = tempfile::tempdir().unwrap();
    let mut p = profile("https://127.0.0.1:9", AuthSource::Password);
    p.token_error_codes = vec!["COM.CRM.EXCEPTION.X.GONEEXCEPTION".into()];
    p.job_types = vec!["Field repair".into()];
    let config = p.client_config(&paths(home.path()));
    assert_eq!(config.token_error_codes, p.token_error_codes);
    assert_eq!(config.job_types, p.job_types);
}
