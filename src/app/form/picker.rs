//! A picker: a list the server sends, narrowed by typing (fuzzy, nucleo-matcher), with one row
//! highlighted. The highlighted row is the picker's value.

use crossterm::event::{Event, KeyCode, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler as _;

use crate::api::model::{CancellationReason, StatusEntry, User};
use crate::app::remote::Remote;

/// One entry of a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Server id, sent as the identifier.
    pub id: String,
    /// What the row says.
    pub label: String,
    /// Secondary text after the label: a username, a code.
    pub detail: Option<String>,
    /// Whether the server marks this entry as the default; shown as `(default)`.
    pub is_default: bool,
}

impl Choice {
    /// A status of the job's type.
    #[must_use]
    pub fn from_status(entry: &StatusEntry) -> Self {
        Self {
            id: entry.status.id.clone(),
            label: entry.status.name.clone(),
            detail: entry.status.alternative_code.clone(),
            is_default: entry.default,
        }
    }

    /// A cancellation reason of the job's type.
    #[must_use]
    pub fn from_reason(reason: &CancellationReason) -> Self {
        Self {
            id: reason.id.clone(),
            label: reason.name.clone(),
            detail: reason.alternative_code.clone(),
            is_default: reason.default,
        }
    }

    /// A user of the job's unit; inactive users say so.
    #[must_use]
    pub fn from_user(user: &User) -> Self {
        let label = user
            .person_name
            .clone()
            .unwrap_or_else(|| user.username.clone());
        let detail = if user.active {
            user.username.clone()
        } else {
            format!("{}, inactive", user.username)
        };
        Self {
            id: user.id.clone(),
            label,
            detail: Some(detail),
            is_default: false,
        }
    }

    /// The text the filter matches against.
    fn haystack(&self) -> String {
        match &self.detail {
            Some(detail) => format!("{} {detail}", self.label),
            None => self.label.clone(),
        }
    }
}

/// A visible row of a picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// "Nobody": leave the parameter out. Offered when the value is optional and nothing is typed.
    Nobody,
    /// The choice at this index of the items.
    Item(usize),
}

/// A filterable list with one highlighted row.
#[derive(Debug, Clone)]
pub struct Picker {
    noun: &'static str,
    nobody: Option<&'static str>,
    empty_note: Option<&'static str>,
    items: Remote<Vec<Choice>>,
    filter: Input,
    rows: Vec<Row>,
    selected: usize,
    offset: usize,
    initial: Option<Row>,
    preselect: Option<String>,
    error: Option<String>,
}

impl Picker {
    /// Rows `PageUp` and `PageDown` move by, and the window the model keeps the selection in.
    pub const PAGE: usize = 8;

    /// An empty picker of `noun` ("statuses", "users"); `nobody` labels the leave-it-out row
    /// of an optional value.
    #[must_use]
    pub fn new(noun: &'static str, nobody: Option<&'static str>) -> Self {
        Self {
            noun,
            nobody,
            empty_note: None,
            items: Remote::NotAsked,
            filter: Input::default(),
            rows: Vec::new(),
            selected: 0,
            offset: 0,
            initial: None,
            preselect: None,
            error: None,
        }
    }

    /// What to show when the server sends no items (instead of the nobody row alone).
    #[must_use]
    pub fn with_empty_note(mut self, note: &'static str) -> Self {
        self.empty_note = Some(note);
        self
    }

    /// What the picker says when the server sent no items, if it says something of its own.
    #[must_use]
    pub fn empty_note(&self) -> Option<&'static str> {
        self.empty_note
    }

    /// Highlights the item with this id when the items come (before: the default-marked one).
    #[must_use]
    pub fn preselecting(mut self, id: Option<String>) -> Self {
        self.preselect = id.filter(|id| !id.is_empty());
        self
    }

    /// Sets the items (or their loading state). The preselected item, else the default-marked
    /// one, else the nobody row, else the first, is highlighted and remembered as unchanged.
    pub fn set_items(&mut self, items: Remote<Vec<Choice>>) {
        self.items = items;
        self.refilter();
        let start = self.items.loaded().and_then(|items| {
            let by_id = self
                .preselect
                .as_ref()
                .and_then(|id| items.iter().position(|c| &c.id == id));
            by_id.or_else(|| items.iter().position(|c| c.is_default))
        });
        let start = start.map(Row::Item).or(self.nobody.map(|_| Row::Nobody));
        self.select_row(start);
        self.initial = self.chosen_row();
    }

    /// The id the picker stands for, for a draft: the highlighted item's once the items came,
    /// before that the one it will highlight.
    #[must_use]
    pub fn intended_id(&self) -> Option<String> {
        match self.items.loaded() {
            Some(_) => self.chosen().map(|c| c.id.clone()),
            None => self.preselect.clone(),
        }
    }

    /// Highlights the item with `id` (a restored draft's), now if the items are there, else
    /// when they come. Unlike [`Self::preselecting`], this counts as a change.
    pub fn restore(&mut self, id: Option<String>) {
        self.preselect = id.filter(|id| !id.is_empty());
        let Some(items) = self.items.loaded() else {
            return;
        };
        let at = self
            .preselect
            .as_ref()
            .and_then(|id| items.iter().position(|c| &c.id == id));
        if let Some(at) = at {
            self.select_row(Some(Row::Item(at)));
        }
    }

    /// What is being picked, plural: "statuses".
    #[must_use]
    pub fn noun(&self) -> &'static str {
        self.noun
    }

    /// The items and their loading state.
    #[must_use]
    pub fn items(&self) -> &Remote<Vec<Choice>> {
        &self.items
    }

    /// The text typed to filter.
    #[must_use]
    pub fn filter(&self) -> &Input {
        &self.filter
    }

    /// The rows the filter lets through, best match first.
    #[must_use]
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Index of the highlighted row in [`Self::rows`].
    #[must_use]
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The label of the nobody row.
    #[must_use]
    pub fn nobody_label(&self) -> Option<&'static str> {
        self.nobody
    }

    /// The choice a row stands for; `None` for the nobody row.
    #[must_use]
    pub fn choice(&self, row: Row) -> Option<&Choice> {
        match row {
            Row::Nobody => None,
            Row::Item(at) => self.items.loaded().and_then(|items| items.get(at)),
        }
    }

    /// The highlighted row, if any row is visible.
    #[must_use]
    pub fn chosen_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// The highlighted choice; `None` for the nobody row or when nothing matches.
    #[must_use]
    pub fn chosen(&self) -> Option<&Choice> {
        self.chosen_row().and_then(|row| self.choice(row))
    }

    /// The text typed while no items are there (still loading, or failed): it picks nothing,
    /// so sending now would silently leave out what the user meant to choose.
    #[must_use]
    pub fn typed_without_items(&self) -> Option<&str> {
        let text = self.filter.value().trim();
        (self.items.loaded().is_none() && !text.is_empty()).then_some(text)
    }

    /// Whether items came but the filter lets none through.
    #[must_use]
    pub fn nothing_matches(&self) -> bool {
        self.items.loaded().is_some_and(|items| !items.is_empty()) && self.rows.is_empty()
    }

    /// Whether the highlighted row differs from the one set when the items came.
    #[must_use]
    pub fn has_changes(&self) -> bool {
        self.items.loaded().is_some() && self.chosen_row() != self.initial
    }

    /// The message beside the picker (validation or server), if any.
    #[must_use]
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Puts a message beside the picker, or clears it.
    pub fn set_error(&mut self, error: Option<String>) {
        self.error = error;
    }

    /// The first of `height` rows to show so the highlighted one is visible, starting from the
    /// model's scroll offset; the view calls it, so a taller view shows more without jumping.
    #[must_use]
    pub fn window_start(&self, height: usize) -> usize {
        if height == 0 {
            return 0;
        }
        let start = self
            .offset
            .min(self.selected)
            .max((self.selected + 1).saturating_sub(height));
        start.min(self.rows.len().saturating_sub(height))
    }

    /// Handles a key: movement keys move the highlight, the rest edit the filter. Returns
    /// whether anything changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::PageUp => self.move_by(-page()),
            KeyCode::PageDown => self.move_by(page()),
            _ => {
                let before = self.filter.value().to_owned();
                let changed = self.filter.handle_event(&Event::Key(key)).is_some();
                if self.filter.value() != before {
                    self.error = None;
                    self.refilter_keeping_choice();
                }
                changed
            }
        }
    }

    /// Moves the highlight by `delta` rows, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) -> bool {
        let Some(last) = self.rows.len().checked_sub(1) else {
            return false;
        };
        let target = self.selected.saturating_add_signed(delta).min(last);
        let changed = target != self.selected;
        self.selected = target;
        self.offset = self.window_start(Self::PAGE);
        if changed {
            self.error = None;
        }
        changed
    }

    /// After the filter changed: an empty filter keeps the highlighted choice; a filter
    /// highlights the best match.
    fn refilter_keeping_choice(&mut self) {
        let chosen = self.chosen_row();
        self.refilter();
        if self.filter.value().is_empty() {
            self.select_row(chosen);
        } else {
            self.selected = 0;
            self.offset = 0;
        }
    }

    fn select_row(&mut self, row: Option<Row>) {
        self.selected = row
            .and_then(|row| self.rows.iter().position(|r| *r == row))
            .unwrap_or(0);
        self.offset = self.window_start(Self::PAGE);
    }

    /// Recomputes the rows from the items and the filter.
    fn refilter(&mut self) {
        let Some(items) = self.items.loaded() else {
            self.rows.clear();
            return;
        };
        let text = self.filter.value().trim();
        if text.is_empty() {
            let nobody = self.nobody.map(|_| Row::Nobody);
            self.rows = nobody
                .into_iter()
                .chain((0..items.len()).map(Row::Item))
                .collect();
            return;
        }
        let pattern = Pattern::parse(text, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buffer = Vec::new();
        let mut scored: Vec<(u32, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(at, choice)| {
                let haystack = choice.haystack();
                let score = pattern.score(Utf32Str::new(&haystack, &mut buffer), &mut matcher)?;
                Some((score, at))
            })
            .collect();
        // Best score first; equal scores keep the server's order.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.rows = scored.into_iter().map(|(_, at)| Row::Item(at)).collect();
    }
}

fn page() -> isize {
    isize::try_from(Picker::PAGE).unwrap_or(isize::MAX)
}
