//! Config parsing, precedence (flags > environment > file > defaults), `check` messages with
//! line numbers, and the example written by `config init`. Files live in temp folders; the
//! environment is a map handed to the loader, never the process's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crmjobs::config::{
    AuthSource, Borders, ColourMode, ConfigError, Overrides, command, load_with,
};

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    // The CA file a profile may name (`ca_file = "ca.pem"`, relative to the config).
    std::fs::write(dir.join("ca.pem"), "").expect("write ca");
    path
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn flags(config: &Path) -> Overrides {
    Overrides {
        config: Some(config.to_path_buf()),
        ..Overrides::default()
    }
}

const TWO: &str = r#"
default_profile = "work"
[theme]
colour = "off"
[keys]
complete = "C"
[profiles.work]
server = "https://work.example"
organisation = "ACME"
username = "jdoe"
unit = "U1"
page_size = 20
request_timeout = 12
auto_refresh = 60
users_filter = "Field"
ca_file = "ca.pem"
mouse = false
cache_jobs = false
password_command = "echo secret"
[profiles.work.keys]
refresh = ["F5", "r"]
[profiles.work.theme]
borders = "ascii"
[profiles.test]
server = "https://test.example"
organisation = "TEST"
username = "tester"
auth = "api_key"
"#;

#[test]
fn parses_every_profile_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), TWO);
    std::fs::remove_file(dir.path().join("ca.pem")).unwrap();
    let error = load_with(&flags(&path), &env(&[])).unwrap_err().to_string();
    assert!(
        error.contains(":16: ca_file ") && error.ends_with("ca.pem does not exist"),
        "{error}"
    );
    std::fs::write(dir.path().join("ca.pem"), "").unwrap();
    let loaded = load_with(&flags(&path), &env(&[])).unwrap();
    let p = loaded.profile;
    assert_eq!(p.name, "work");
    assert_eq!(p.server, "https://work.example");
    assert_eq!(
        (p.organisation.as_str(), p.username.as_str()),
        ("ACME", "jdoe")
    );
    assert_eq!(p.unit.as_deref(), Some("U1"));
    assert_eq!(p.auth, AuthSource::PasswordCommand("echo secret".into()));
    assert!(
        !format!("{p:?}").contains("echo secret"),
        "Debug hides the command"
    );
    assert_eq!(p.page_size, 20);
    assert_eq!(p.request_timeout, Duration::from_secs(12));
    assert_eq!(p.auto_refresh, Some(Duration::from_secs(60)));
    assert_eq!(p.users_filter.as_deref(), Some("Field"));
    assert_eq!(
        p.ca_file,
        Some(dir.path().join("ca.pem")),
        "relative to the config file"
    );
    assert!(!p.mouse);
    assert!(!p.cache_jobs);
    assert_eq!(p.theme.colour, ColourMode::Off, "shared [theme]");
    assert_eq!(p.theme.borders, Borders::Ascii, "the profile's own theme");
    let keys: Vec<(&str, Vec<String>)> = p
        .keymap
        .0
        .iter()
        .map(|k| (k.action.as_str(), k.keys.clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("complete", vec!["C".into()]),
            ("refresh", vec!["F5".into(), "r".into()])
        ],
        "shared keys first, the profile's after (they win)"
    );
    assert_eq!(loaded.paths.config_file, path);
}

#[test]
fn defaults_fill_what_the_file_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), TWO);
    let o = Overrides {
        profile: Some("test".into()),
        ..flags(&path)
    };
    let p = load_with(&o, &env(&[])).unwrap().profile;
    assert_eq!(p.auth, AuthSource::ApiKey);
    assert_eq!(p.page_size, 50);
    assert_eq!(p.request_timeout, Duration::from_secs(30));
    assert_eq!(p.auto_refresh, None);
    assert!(p.mouse, "mouse defaults to on");
    assert!(p.cache_jobs, "the job cache defaults to on");
    assert_eq!(p.theme.colour, ColourMode::Off);
    assert_eq!(p.theme.borders, Borders::Unicode);
}

#[test]
fn flags_beat_environment_beat_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), TWO);
    let environment = env(&[
        ("CRMJOBS_PROFILE", "test"),
        ("CRMJOBS_SERVER", "https://env.example"),
        ("CRMJOBS_USERNAME", "env-user"),
        ("CRMJOBS_AUTO_REFRESH", "15"),
    ]);
    let p = load_with(&flags(&path), &environment).unwrap().profile;
    assert_eq!(p.name, "test", "CRMJOBS_PROFILE beats default_profile");
    assert_eq!(p.server, "https://env.example", "environment beats file");
    assert_eq!(p.username, "env-user");
    assert_eq!(p.organisation, "TEST", "file where nothing overrides");
    let o = Overrides {
        profile: Some("work".into()),
        server: Some("https://flag.example".into()),
        ..flags(&path)
    };
    let p = load_with(&o, &environment).unwrap().profile;
    assert_eq!(p.name, "work", "--profile beats CRMJOBS_PROFILE");
    assert_eq!(p.server, "https://flag.example", "flag beats environment");
    assert_eq!(
        p.username, "env-user",
        "environment beats the work profile too"
    );
    assert_eq!(
        p.auto_refresh,
        Some(Duration::from_secs(15)),
        "not the file's 60"
    );
}

#[test]
fn config_file_comes_from_flag_then_environment() {
    let dir = tempfile::tempdir().unwrap();
    let by_env = write(
        dir.path(),
        "[profiles.a]\nserver = \"https://a.example\"\norganisation = \"O\"\nusername = \"u\"\n",
    );
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[profiles.b]\nserver = \"https://b.example\"\norganisation = \"O\"\nusername = \"u\"\n",
    )
    .unwrap();
    let environment = env(&[("CRMJOBS_CONFIG", by_env.to_str().unwrap())]);
    let p = load_with(&Overrides::default(), &environment)
        .unwrap()
        .profile;
    assert_eq!(
        (p.name.as_str(), p.server.as_str()),
        ("a", "https://a.example"),
        "a single profile is the default"
    );
    let p = load_with(&flags(&other), &environment).unwrap().profile;
    assert_eq!(p.name, "b", "--config beats CRMJOBS_CONFIG");
}

#[test]
fn no_file_works_from_flags_and_environment_alone() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.toml");
    let environment = env(&[
        ("CRMJOBS_SERVER", "https://env.example"),
        ("CRMJOBS_ORGANISATION", "ORG"),
        ("CRMJOBS_USERNAME", "u"),
    ]);
    let p = load_with(&flags(&missing), &environment).unwrap().profile;
    assert_eq!(p.name, "default");
    assert_eq!(p.auth, AuthSource::Password);
    let error = load_with(&flags(&missing), &env(&[])).unwrap_err();
    assert!(error.to_string().contains("CRMJOBS_SERVER"), "{error}");
    let key_only = env(&[("CRMJOBS_SERVER", "https://s"), ("CRMJOBS_API_KEY", "k")]);
    let p = load_with(&flags(&missing), &key_only).unwrap().profile;
    assert_eq!(
        p.auth,
        AuthSource::ApiKey,
        "a key needs no organisation or user name"
    );
}

#[test]
fn several_profiles_and_no_default_ask_for_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &TWO.replace("default_profile = \"work\"", ""));
    let error = load_with(&flags(&path), &env(&[])).unwrap_err().to_string();
    assert!(error.ends_with("has profiles test, work and no default_profile: choose one with --profile, CRMJOBS_PROFILE or default_profile"), "{error}");
    let chosen = load_with(&flags(&path), &env(&[("CRMJOBS_PROFILE", "work")])).unwrap();
    assert_eq!(chosen.profile.name, "work");
    let ad_hoc = env(&[
        ("CRMJOBS_SERVER", "https://s"),
        ("CRMJOBS_ORGANISATION", "o"),
        ("CRMJOBS_USERNAME", "u"),
    ]);
    let loaded = load_with(&flags(&path), &ad_hoc).unwrap();
    assert_eq!(
        (loaded.profile.name.as_str(), loaded.profile.server.as_str()),
        ("default", "https://s")
    );
}

#[test]
fn unknown_profile_and_bad_values_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), TWO);
    let o = Overrides {
        profile: Some("nope".into()),
        ..flags(&path)
    };
    assert!(matches!(
        load_with(&o, &env(&[])),
        Err(ConfigError::UnknownProfile { .. })
    ));
    let path = write(
        dir.path(),
        "[profiles.p]\nserver = \"https://x\"\norganisation = \"O\"\nusername = \"u\"\npage_size = 0\n",
    );
    let error = load_with(&flags(&path), &env(&[])).unwrap_err().to_string();
    assert!(
        error.ends_with(":5: page_size = 0 is out of range 1..=1000"),
        "{error}"
    );
    let path = write(
        dir.path(),
        "[profiles.p]\nserver = \"https://x\"\nsevrer = 1\n",
    );
    let error = load_with(&flags(&path), &env(&[])).unwrap_err().to_string();
    assert!(error.contains(":3: unknown field `sevrer`"), "{error}");
}

fn check(text: &str) -> Result<String, String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write(dir.path(), text);
    let name = path.to_str().expect("utf-8 path");
    match command::check(&path) {
        Ok(summary) => Ok(summary.replace(name, "FILE")),
        Err(report) => Err(report.replace(name, "FILE")),
    }
}

#[test]
fn check_reports_every_problem_with_its_line() {
    let text = r#"default_profile = "missing"
[keys]
complete = "s"
frobnicate = "z"
[keys.list]
refresh = "ctrl-banana"
[keys.nowhere]
quit = "Q"
[theme]
colour = "auto"
[profiles.p]
server = "ftp://x"
organisation = "O"
username = "u"
request_timeout = 0
auth = "api_key"
password_command = "pass crm"
[profiles."../x"]
server = "https://x"
"#;
    let report = check(text).unwrap_err();
    let expected = "\
FILE:1: default_profile `missing` has no [profiles.missing] table
FILE:3: key `s` is bound to both `start` and `complete` in list mode
FILE:3: key `s` is bound to both `start` and `complete` in detail mode
FILE:4: unknown action `frobnicate`; actions are ";
    assert!(report.starts_with(expected), "{report}");
    for line in [
        "FILE:6: unknown key \"ctrl-banana\"",
        "FILE:8: unknown mode `nowhere`; modes are list, filter, detail, form, outbox, bulk, help, login, draft",
        "FILE:12: server `ftp://x` must start with https:// or http://",
        "FILE:15: request_timeout = 0 is out of range 1..=3600",
        "FILE:17: password_command with auth = \"api_key\"; use api_key_command",
        "FILE:18: profile name \"../x\" cannot name its token file",
    ] {
        assert!(report.contains(line), "missing {line:?} in:\n{report}");
    }
}

#[test]
fn check_reports_syntax_and_type_errors_with_lines() {
    let report = check("[profiles.p]\nserver = \"https://x\"\npage_size = \"many\"\n").unwrap_err();
    assert!(
        report.starts_with("FILE:3: invalid type: string \"many\", expected i64"),
        "{report}"
    );
    let report = check("[theme]\ncolour = \"blue\"\n").unwrap_err();
    assert!(
        report.starts_with("FILE:2: unknown variant `blue`"),
        "{report}"
    );
    let report = check("[profiles.p\nserver = 1\n").unwrap_err();
    assert!(report.starts_with("FILE:1: "), "{report}");
}

#[test]
fn unbinding_and_lists_are_clean() {
    let ok = check(
        "[keys]\nstart = \"\"\ncomplete = [\"s\", \"C\"]\n[profiles.p]\nserver = \"https://x\"\n",
    );
    assert_eq!(ok, Ok("FILE: ok (1 profile)\n".into()));
}

#[test]
fn init_writes_a_clean_example_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deeper/config.toml");
    command::init(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), command::EXAMPLE);
    assert_eq!(
        command::check(&path),
        Ok(format!("{}: ok (2 profiles)\n", path.display()))
    );
    std::fs::write(&path, "# mine\n").unwrap();
    let error = command::init(&path).unwrap_err();
    assert!(error.contains("already exists; not overwriting"), "{error}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
}

#[test]
fn overrides_reach_the_keymap() {
    use crmjobs::app::keymap::{Action, Keymap, Mode};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "[keys]\ncomplete = \"C\"\nstart = \"\"\ndown = \"n\"\n[keys.detail]\nquit = [\"Q\", \"f10\"]\n\
         [profiles.p]\nserver = \"https://x\"\norganisation = \"o\"\nusername = \"u\"\n",
    );
    let profile = load_with(&flags(&path), &env(&[])).unwrap().profile;
    let (map, problems) = profile.keymap.apply(&Keymap::default());
    assert_eq!(problems, []);
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let shift = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::SHIFT);
    for mode in [Mode::List, Mode::Detail] {
        assert_eq!(
            map.resolve(mode, shift('C')),
            Some(Action::Complete),
            "{mode:?}"
        );
        assert_eq!(
            map.resolve(mode, key('c')),
            None,
            "{mode:?}: c no longer completes"
        );
        assert_eq!(map.resolve(mode, key('s')), None, "{mode:?}: start unbound");
    }
    let f10 = KeyEvent::new(KeyCode::F(10), KeyModifiers::NONE);
    assert_eq!(map.resolve(Mode::Detail, f10), Some(Action::Quit));
    assert_eq!(
        map.resolve(Mode::List, f10),
        None,
        "a mode table changes that mode only"
    );
    assert_eq!(map.resolve(Mode::List, key('q')), Some(Action::Quit));
    assert_eq!(map.resolve(Mode::List, key('n')), Some(Action::Down));
    assert_eq!(
        map.resolve(Mode::Filter, key('n')),
        None,
        "n still types in the filter"
    );
    let arrow = KeyEvent::new(KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(map.resolve(Mode::Filter, arrow), Some(Action::Down));
}

#[test]
fn a_text_key_in_a_text_mode_is_refused() {
    let report =
        check("[keys.filter]\naccept_filter = \"x\"\n[keys]\nnext_field = \"y\"\n").unwrap_err();
    assert_eq!(
        report,
        "FILE:2: `x` types text in filter mode; bind `accept_filter` to a key with ctrl- or alt-\n\
         FILE:4: `next_field` has no default key in a mode this key can serve; use a mode table \
         such as [keys.form] with a ctrl- or alt- key\n"
    );
    assert!(check("[keys.form]\nsubmit = \"ctrl-enter\"\n").is_ok());
}
