//! A config file's keymap and theme as the user sees them: the help overlay and the footer
//! after `complete = "C"`, `help = "f2"`, `start = ""` and `borders = "ascii"` (insta
//! snapshot of a `TestBackend`).
use crate::tui_support;

use crmjobs::app::Msg;
use crmjobs::config::{Borders, Overrides, load_with};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_support::{draw, loaded_app};

const CONFIG: &str = r#"
[keys]
complete = "C"
help = "f2"
start = ""
[theme]
borders = "ascii"
[profiles.p]
server = "https://crm.example"
organisation = "o"
username = "u"
"#;

#[test]
fn help_and_footer_show_the_configured_keys_in_ascii() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, CONFIG).unwrap();
    let overrides = Overrides {
        config: Some(path),
        ..Overrides::default()
    };
    let profile = load_with(&overrides, &|_| None).unwrap().profile;
    let size = (80, 30);
    let mut app = loaded_app(size, 20);
    let (keymap, problems) = profile.keymap.apply(&app.keymap);
    assert_eq!(problems, []);
    app.keymap = keymap;
    app.theme.ascii = profile.theme.borders == Borders::Ascii;
    let footer = draw(&app, size).backend().to_string();
    assert!(footer.contains("C complete"), "{footer}");
    assert!(!footer.contains("s start"), "{footer}");
    let f2 = app
        .key_msg(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE))
        .expect("f2 is bound");
    assert!(matches!(f2, Msg::Action(_)));
    let _ = app.update(f2);
    insta::assert_snapshot!("config_help_ascii_80x30", draw(&app, size).backend());
}
