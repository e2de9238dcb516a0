//! The one keymap: a data table of (mode, action, keys) from which key resolution, the footer
//! hints and the help overlay are all derived. No other module names a key, except text typed
//! into a focused field. The table can be changed at run time (`rebind`), so a config file can
//! override any binding.

use crossterm::event::KeyEvent;
#[cfg(test)]
use crossterm::event::{KeyCode, KeyModifiers};

pub use super::key::{BadKey, Key};

pub use super::action::{Action, Mode};

/// A binding override that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// No such mode.
    #[error("unknown mode {0:?} in the keymap")]
    Mode(String),
    /// No such action.
    #[error("unknown action {0:?} in the keymap")]
    Action(String),
    /// A key that could not be read.
    #[error(transparent)]
    Key(#[from] BadKey),
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

impl Keymap {
    /// Applies config overrides: mode name -> action name -> keys, e.g.
    /// `[keys.list] refresh = ["F5", "r"]`. Nothing changes when any entry is wrong.
    ///
    /// # Errors
    /// The first unknown mode, action or key.
    pub fn apply<'a, A, K>(
        &mut self,
        overrides: impl IntoIterator<Item = (&'a str, A)>,
    ) -> Result<(), KeymapError>
    where
        A: IntoIterator<Item = (&'a str, K)>,
        K: IntoIterator<Item = &'a str>,
    {
        let mut changed = self.clone();
        for (mode_name, actions) in overrides {
            let mode = Mode::from_name(mode_name)
                .ok_or_else(|| KeymapError::Mode(mode_name.to_owned()))?;
            for (action_name, keys) in actions {
                let action = Action::from_name(action_name)
                    .ok_or_else(|| KeymapError::Action(action_name.to_owned()))?;
                let keys = keys
                    .into_iter()
                    .map(str::parse)
                    .collect::<Result<Vec<Key>, _>>()?;
                changed.rebind(mode, action, keys);
            }
        }
        *self = changed;
        Ok(())
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
    fn config_overrides_apply_all_or_nothing() {
        let mut map = Keymap::default();
        let good = [("list", [("refresh", ["F5", "ctrl-r"])])];
        map.apply(good).unwrap();
        let ctrl_r = press(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(map.resolve(Mode::List, ctrl_r), Some(Action::Refresh));
        let bad = [("list", [("quit", ["Q"]), ("nonsense", ["x"])])];
        assert_eq!(map.apply(bad), Err(KeymapError::Action("nonsense".into())));
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(
            map.resolve(Mode::List, q),
            Some(Action::Quit),
            "unchanged after an error"
        );
    }

    #[test]
    fn action_names_round_trip() {
        for (action, name) in Action::NAMES {
            assert_eq!(Action::from_name(name), Some(action));
            assert_eq!(action.name(), name);
        }
    }
}
