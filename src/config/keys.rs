//! Key binding overrides: `action = "key"` (every mode the action lives in), a list of keys,
//! `""` or `[]` to unbind, or a mode table `[keys.list] refresh = "F5"` for one mode. Checked
//! against the keymap: unknown modes, actions and keys, and keys bound twice in a mode.

use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use super::check::Problem;
use crate::app::keymap::{Action, Key, Keymap, Mode};
use crossterm::event::{KeyCode, KeyModifiers};

/// One override as written, with byte spans.
#[derive(Debug, Clone)]
pub struct RawKey {
    /// The mode table it sits in, if any.
    pub mode: Option<Spanned<String>>,
    /// The action name.
    pub action: Spanned<String>,
    /// The keys; empty unbinds.
    pub keys: Vec<String>,
}

/// A `[keys]` table as written.
#[derive(Debug, Clone, Default)]
pub struct RawKeys(pub Vec<RawKey>);

/// One override, resolved to a line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    /// One mode, or `None` for every mode the action is bound in.
    pub mode: Option<String>,
    /// The action name, e.g. `complete`.
    pub action: String,
    /// The keys, e.g. `["C"]`; empty unbinds.
    pub keys: Vec<String>,
    /// 1-based line in the config file (0 when not from a file).
    pub line: usize,
}

/// The overrides in the order they apply: the later wins.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyOverrides(pub Vec<KeyOverride>);

impl KeyOverrides {
    /// The keymap with these overrides applied, and every problem found. A problem entry is
    /// skipped; the rest still apply.
    #[must_use]
    pub fn apply(&self, base: &Keymap) -> (Keymap, Vec<Problem>) {
        let mut keymap = base.clone();
        let mut problems = Vec::new();
        let mut changed: Vec<(Mode, Action, usize)> = Vec::new();
        for entry in &self.0 {
            match entry.resolve(base) {
                Ok((modes, action, keys)) => {
                    for mode in modes {
                        keymap.rebind(mode, action, keys.clone());
                        changed.retain(|(m, a, _)| (*m, *a) != (mode, action));
                        changed.push((mode, action, entry.line));
                    }
                }
                Err(message) => problems.push(Problem {
                    line: entry.line,
                    message,
                }),
            }
        }
        problems.extend(duplicates(&keymap, &changed));
        (keymap, problems)
    }
}

impl KeyOverride {
    fn resolve(&self, base: &Keymap) -> Result<(Vec<Mode>, Action, Vec<Key>), String> {
        let action = Action::from_name(&self.action).ok_or_else(|| {
            let mut known: Vec<&str> = base.bindings().iter().map(|b| b.action.name()).collect();
            known.sort_unstable();
            known.dedup();
            format!(
                "unknown action `{}`; actions are {}",
                self.action,
                known.join(", ")
            )
        })?;
        let keys = self
            .keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| {
                k.parse::<Key>()
                    .map_err(|e| format!("{e} (for `{}`)", self.action))
            })
            .collect::<Result<Vec<Key>, String>>()?;
        let typed = keys.iter().find(|k| types_text(k));
        let modes = match (&self.mode, typed) {
            (Some(name), _) => {
                let mode = Mode::from_name(name).ok_or_else(|| {
                    let known: Vec<&str> = Mode::ALL.iter().map(|m| m.name()).collect();
                    format!("unknown mode `{name}`; modes are {}", known.join(", "))
                })?;
                if let (true, Some(key)) = (mode.takes_text(), typed) {
                    return Err(format!(
                        "`{key}` types text in {name} mode; bind `{}` to a key with ctrl- or alt-",
                        self.action
                    ));
                }
                vec![mode]
            }
            // A key that types text keeps its text in the filter, forms and login.
            (None, typed) => Mode::ALL
                .into_iter()
                .filter(|m| typed.is_none() || !m.takes_text())
                .filter(|m| {
                    base.bindings()
                        .iter()
                        .any(|b| b.mode == *m && b.action == action)
                })
                .collect(),
        };
        if modes.is_empty() {
            return Err(format!(
                "`{}` has no default key in a mode this key can serve; use a mode table such \
                 as [keys.form] with a ctrl- or alt- key",
                self.action
            ));
        }
        Ok((modes, action, keys))
    }
}

/// Whether the key is a character typed as text (no ctrl or alt).
fn types_text(key: &Key) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

/// Keys bound to two actions in one mode, where at least one of them was changed by the
/// config (the built-in table is not the user's problem).
fn duplicates(keymap: &Keymap, changed: &[(Mode, Action, usize)]) -> Vec<Problem> {
    let line_of = |mode: Mode, action: Action| {
        changed
            .iter()
            .find(|(m, a, _)| (*m, *a) == (mode, action))
            .map(|(_, _, line)| *line)
    };
    let bindings = keymap.bindings();
    let mut problems = Vec::new();
    for (i, first) in bindings.iter().enumerate() {
        for second in bindings.iter().skip(i + 1).filter(|b| b.mode == first.mode) {
            let line = match (
                line_of(first.mode, first.action),
                line_of(second.mode, second.action),
            ) {
                (Some(a), Some(b)) => a.max(b),
                (Some(line), None) | (None, Some(line)) => line,
                (None, None) => continue,
            };
            for key in first.keys.iter().filter(|k| second.keys.contains(k)) {
                problems.push(Problem {
                    line,
                    message: format!(
                        "key `{key}` is bound to both `{}` and `{}` in {} mode",
                        first.action.name(),
                        second.action.name(),
                        first.mode.name()
                    ),
                });
            }
        }
    }
    problems
}

/// Either keys (a string or a list) or a mode table.
enum Entry {
    Keys(Vec<String>),
    Mode(Vec<(Spanned<String>, Spanned<KeyList>)>),
}

/// A string or a list of strings.
struct KeyList(Vec<String>);

impl<'de> Deserialize<'de> for RawKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawKeysVisitor)
    }
}

struct RawKeysVisitor;

impl<'de> Visitor<'de> for RawKeysVisitor {
    type Value = RawKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table of action = key")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<RawKeys, M::Error> {
        let mut out = Vec::new();
        while let Some(name) = map.next_key::<Spanned<String>>()? {
            match map.next_value::<Entry>()? {
                Entry::Keys(keys) => out.push(RawKey {
                    mode: None,
                    action: name,
                    keys,
                }),
                Entry::Mode(actions) => {
                    for (action, keys) in actions {
                        out.push(RawKey {
                            mode: Some(name.clone()),
                            action,
                            keys: keys.into_inner().0,
                        });
                    }
                }
            }
        }
        Ok(RawKeys(out))
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key such as \"C\", a list of keys, or a mode table")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Entry, E> {
        KeyListVisitor.visit_str(v).map(|k| Entry::Keys(k.0))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Entry, S::Error> {
        KeyListVisitor.visit_seq(seq).map(|k| Entry::Keys(k.0))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Entry, M::Error> {
        let mut actions = Vec::new();
        while let Some(action) = map.next_key::<Spanned<String>>()? {
            actions.push((action, map.next_value::<Spanned<KeyList>>()?));
        }
        Ok(Entry::Mode(actions))
    }
}

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyListVisitor)
    }
}

struct KeyListVisitor;

impl<'de> Visitor<'de> for KeyListVisitor {
    type Value = KeyList;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key such as \"C\" or a list of keys")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeyList, E> {
        Ok(KeyList(if v.is_empty() {
            Vec::new()
        } else {
            vec![v.to_owned()]
        }))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<KeyList, S::Error> {
        let mut keys = Vec::new();
        while let Some(key) = seq.next_element::<String>()? {
            keys.push(key);
        }
        Ok(KeyList(keys))
    }
}

impl RawKeys {
    /// The overrides with their lines in `source`.
    #[must_use]
    pub fn resolve(&self, source: &super::file::Source) -> KeyOverrides {
        KeyOverrides(
            self.0
                .iter()
                .map(|raw| KeyOverride {
                    mode: raw.mode.as_ref().map(|m| m.get_ref().clone()),
                    action: raw.action.get_ref().clone(),
                    keys: raw.keys.clone(),
                    line: source.line_of(raw.action.span().start),
                })
                .collect(),
        )
    }
}
