//! The one keymap: a data table of (mode, action, keys) from which key resolution, the footer
//! hints and the help overlay are all derived. No other module names a key, except text typed
//! into a focused field. The table can be changed at run time (`rebind`), so a config file can
//! override any binding.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the user can ask for; views and `update` match these, never keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the cursor up one row (or scroll up).
    Up,
    /// Move the cursor down one row (or scroll down).
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last loaded row.
    Bottom,
    /// Move up one screen.
    PageUp,
    /// Move down one screen.
    PageDown,
    /// Next life cycle tab.
    NextTab,
    /// Previous life cycle tab.
    PrevTab,
    /// Go to tab N (0-based).
    Tab(u8),
    /// Start typing a fuzzy filter.
    Filter,
    /// Keep the typed filter and return to the list.
    AcceptFilter,
    /// Leave the current overlay or clear the filter.
    Back,
    /// Open the full detail of the selected job.
    Open,
    /// Start progress on the selected (pending) job.
    Start,
    /// Complete the selected (in progress) job.
    Complete,
    /// Cancel the selected job.
    Cancel,
    /// Reload the current tab, keeping the cursor on the same job.
    Refresh,
    /// Show or hide the help overlay.
    Help,
    /// Leave the program.
    Quit,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form or login: send.
    Submit,
}

impl Action {
    /// Every action with its config name, for parsing overrides.
    const NAMES: [(Self, &'static str); 26] = [
        (Self::Up, "up"),
        (Self::Down, "down"),
        (Self::Top, "top"),
        (Self::Bottom, "bottom"),
        (Self::PageUp, "page_up"),
        (Self::PageDown, "page_down"),
        (Self::NextTab, "next_tab"),
        (Self::PrevTab, "prev_tab"),
        (Self::Tab(0), "tab_1"),
        (Self::Tab(1), "tab_2"),
        (Self::Tab(2), "tab_3"),
        (Self::Tab(3), "tab_4"),
        (Self::Tab(4), "tab_5"),
        (Self::Filter, "filter"),
        (Self::AcceptFilter, "accept_filter"),
        (Self::Back, "back"),
        (Self::Open, "open"),
        (Self::Start, "start"),
        (Self::Complete, "complete"),
        (Self::Cancel, "cancel"),
        (Self::Refresh, "refresh"),
        (Self::Help, "help"),
        (Self::Quit, "quit"),
        (Self::NextField, "next_field"),
        (Self::PrevField, "prev_field"),
        (Self::Submit, "submit"),
    ];

    /// The name used in config files, e.g. `page_down`.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(action, _)| *action == self)
            .map_or("?", |(_, name)| name)
    }

    /// The action a config name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(action, _)| *action)
    }
}

/// Which keys are live: each mode has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The job list with its detail pane.
    List,
    /// Typing a filter: text goes to the filter.
    Filter,
    /// The full detail of one job.
    Detail,
    /// The help overlay.
    Help,
    /// A start, completion or cancel form: text goes to the focused field.
    Form,
    /// The login screen: text goes to the password field.
    Login,
}

impl Mode {
    /// Every mode, in the order help lists them.
    pub const ALL: [Self; 6] = [
        Self::List,
        Self::Filter,
        Self::Detail,
        Self::Form,
        Self::Help,
        Self::Login,
    ];

    /// Heading in the help overlay.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::List => "Job list",
            Self::Filter => "Filter",
            Self::Detail => "Job detail",
            Self::Help => "Help",
            Self::Form => "Forms",
            Self::Login => "Login",
        }
    }

    /// Whether keys without a binding are text for a focused field.
    #[must_use]
    pub fn takes_text(self) -> bool {
        matches!(self, Self::Filter | Self::Form | Self::Login)
    }
}

/// One key with its modifiers, e.g. `ctrl-c`, `shift-tab`, `G`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl and Alt; Shift only for keys that have no shifted character.
    pub modifiers: KeyModifiers,
}

impl Key {
    /// A key without modifiers.
    #[must_use]
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            modifiers: KeyModifiers::NONE,
        }
    }

    /// A character key.
    #[must_use]
    pub const fn char(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }

    /// A key with Ctrl held.
    #[must_use]
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

    /// The key as terminals report it, normalised: Shift is dropped from characters (the
    /// character already says it) and Shift-Tab arrives as `BackTab`.
    #[must_use]
    pub fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if event.modifiers.contains(KeyModifiers::SHIFT) && !matches!(event.code, KeyCode::Char(_))
        {
            modifiers |= KeyModifiers::SHIFT;
        }
        let modifiers = if event.code == KeyCode::BackTab {
            modifiers - KeyModifiers::SHIFT
        } else {
            modifiers
        };
        Self {
            code: event.code,
            modifiers,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// A key description that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown key {0:?}")]
pub struct BadKey(pub String);

impl FromStr for Key {
    type Err = BadKey;

    /// Reads `j`, `G`, `ctrl-c`, `shift-tab`, `pgdn`, `enter`, `esc`, `up`, `f1`, `space`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadKey(text.to_owned());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, modifier) = if lower.starts_with("ctrl-") {
                (5, KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                (4, KeyModifiers::ALT)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (6, KeyModifiers::SHIFT)
            } else {
                break;
            };
            modifiers |= modifier;
            rest = &rest[prefix..];
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers -= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "backspace" => KeyCode::Backspace,
            f if f.len() > 1 && f.starts_with('f') => {
                KeyCode::F(f[1..].parse().map_err(|_| bad())?)
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    _ => return Err(bad()),
                }
            }
        };
        Ok(Self { code, modifiers })
    }
}

/// One row of the table: in `mode`, any of `keys` means `action`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Where the binding is live.
    pub mode: Mode,
    /// What it does.
    pub action: Action,
    /// The keys, the first shown in hints.
    pub keys: Vec<Key>,
    /// Short label for the footer; `None` keeps it out of the footer (help still lists it).
    pub hint: Option<&'static str>,
    /// What help says it does.
    pub help: &'static str,
}

/// The key table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The action `event` stands for in `mode`. Ctrl-c quits everywhere, so a rebinding
    /// mistake can never trap the user.
    #[must_use]
    pub fn resolve(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        if key == Key::ctrl('c') {
            return Some(Action::Quit);
        }
        self.bindings
            .iter()
            .find(|b| b.mode == mode && b.keys.contains(&key))
            .map(|b| b.action)
    }

    /// Every binding, in table order.
    #[must_use]
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The footer hints of a mode: (first key, label).
    #[must_use]
    pub fn hints(&self, mode: Mode) -> Vec<(String, &'static str)> {
        self.bindings
            .iter()
            .filter(|b| b.mode == mode)
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint?)))
            .collect()
    }

    /// The first key bound to `action` in `mode`, as text, e.g. for "press ? for help".
    #[must_use]
    pub fn key_for(&self, mode: Mode, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.mode == mode && b.action == action)
            .and_then(|b| b.keys.first())
            .map(ToString::to_string)
    }

    /// Replaces the keys of `action` in `mode` (a config override). Adds the binding when the
    /// mode had none for that action.
    pub fn rebind(&mut self, mode: Mode, action: Action, keys: Vec<Key>) {
        match self
            .bindings
            .iter_mut()
            .find(|b| b.mode == mode && b.action == action)
        {
            Some(binding) => binding.keys = keys,
            None => self.bindings.push(Binding {
                mode,
                action,
                keys,
                hint: None,
                help: action.name(),
            }),
        }
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            bindings: super::keymap_table::default_bindings(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEvent;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn resolves_per_mode() {
        let map = Keymap::default();
        let j = press(KeyCode::Char('j'), KeyModifiers::NONE);
        assert_eq!(map.resolve(Mode::List, j), Some(Action::Down));
        assert_eq!(
            map.resolve(Mode::Filter, j),
            None,
            "j is text in the filter"
        );
        let shift_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(map.resolve(Mode::List, shift_g), Some(Action::Bottom));
        let back_tab = press(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.resolve(Mode::List, back_tab), Some(Action::PrevTab));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(Mode::Form, ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn parses_and_prints_keys() {
        assert_eq!("ctrl-s".parse::<Key>(), Ok(Key::ctrl('s')));
        assert_eq!(
            "shift-tab".parse::<Key>().map(|k| k.code),
            Ok(KeyCode::BackTab)
        );
        assert_eq!(
            "pgdn".parse::<Key>().map(|k| k.to_string()),
            Ok("PgDn".into())
        );
        assert!("nonsense".parse::<Key>().is_err());
    }

    #[test]
    fn rebinding_changes_resolution_and_hints() {
        let mut map = Keymap::default();
        map.rebind(Mode::List, Action::Refresh, vec![Key::plain(KeyCode::F(5))]);
        let r = press(KeyCode::Char('r'), KeyModifiers::NONE);
        assert_eq!(map.resolve(Mode::List, r), None);
        let f5 = press(KeyCode::F(5), KeyModifiers::NONE);
        assert_eq!(map.resolve(Mode::List, f5), Some(Action::Refresh));
        assert!(map.hints(Mode::List).iter().any(|(k, _)| k == "F5"));
    }

    #[test]
    fn action_names_round_trip() {
        for (action, name) in Action::NAMES {
            assert_eq!(Action::from_name(name), Some(action));
            assert_eq!(action.name(), name);
        }
    }
}
