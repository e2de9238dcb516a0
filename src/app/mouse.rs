//! The mouse (on unless the config turns it off): a click on a row selects it, on a tab
//! switches to it, on a column heading sorts by that column (again: reverses); the wheel
//! moves the list, scrolls help and detail, and moves through an open picker. Hit tests use
//! the same layout functions the views draw with, computed from the terminal size.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::form::{FieldRef, Focus};
use super::keymap::{Action, Mode};
use super::sort::Sort;
use super::{App, Command, Overlay};
use crate::ui::{layout, list};

/// Rows one wheel notch moves.
const WHEEL: isize = 3;

impl App {
    pub(super) fn on_mouse(&mut self, event: MouseEvent) -> Vec<Command> {
        if !self.mouse {
            return self.unchanged();
        }
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => self.click(event.column, event.row),
            MouseEventKind::ScrollDown => self.wheel(WHEEL),
            MouseEventKind::ScrollUp => self.wheel(-WHEEL),
            _ => self.unchanged(),
        }
    }

    fn wheel(&mut self, delta: isize) -> Vec<Command> {
        let (down, up) = (delta > 0, delta < 0);
        let action = if down { Action::Down } else { Action::Up };
        match self.mode() {
            Mode::List | Mode::Filter => self.move_list(delta),
            Mode::Help | Mode::Detail | Mode::Form if down || up => {
                let mut commands = Vec::new();
                for _ in 0..delta.unsigned_abs() {
                    commands.extend(self.on_action_in_mode(action));
                }
                commands
            }
            _ => self.unchanged(),
        }
    }

    fn on_action_in_mode(&mut self, action: Action) -> Vec<Command> {
        match self.mode() {
            Mode::Help => self.help_action(action),
            Mode::Detail => self.detail_action(action),
            Mode::Form => self.form_action(action),
            _ => Vec::new(),
        }
    }

    fn move_list(&mut self, delta: isize) -> Vec<Command> {
        let rows = self.list_rows();
        let before = self.tab().cursor();
        self.tab_mut().move_by(delta, rows);
        let commands = self.fetch_more();
        if self.tab().cursor() == before && commands.is_empty() {
            return self.unchanged();
        }
        self.detail.unpin();
        commands
    }

    /// A click on an entry of the open form's focused picker picks it (the highlighted
    /// entry is the choice), through the same moves the arrow keys make.
    fn click_picker(&mut self, x: u16, y: u16) -> Vec<Command> {
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        let body = layout::areas(screen).body;
        let Some(form) = self.form() else {
            return self.unchanged();
        };
        let Some(row) = crate::ui::form::picker_row_at(form, body, x, y) else {
            return self.unchanged();
        };
        let Focus::Field(id) = form.focus() else {
            return self.unchanged();
        };
        let Some(FieldRef::Picker(picker)) = form.field(id) else {
            return self.unchanged();
        };
        let selected = picker.selected();
        let action = if row > selected {
            Action::Down
        } else {
            Action::Up
        };
        let mut commands = Vec::new();
        for _ in 0..row.abs_diff(selected) {
            commands.extend(self.form_action(action));
        }
        commands
    }

    fn click(&mut self, x: u16, y: u16) -> Vec<Command> {
        if self.mode() == Mode::Form {
            return self.click_picker(x, y);
        }
        let screen = Rect::new(0, 0, self.size.0, self.size.1);
        let on_list = matches!(self.mode(), Mode::List | Mode::Filter);
        if !layout::fits(screen) || !on_list || !matches!(self.overlay, Overlay::None) {
            return self.unchanged();
        }
        let areas = layout::areas(screen);
        let at = Position::new(x, y);
        if areas.tabs.contains(at) {
            return match list::tab_at(self, areas.tabs, x) {
                Some(index) => self.switch_tab(index),
                None => self.unchanged(),
            };
        }
        if !areas.list.contains(at) {
            return self.unchanged();
        }
        if y == areas.list.y {
            return match list::column_at(areas.list, x) {
                Some(column) => self.sort_by(column),
                None => self.unchanged(),
            };
        }
        let index = self.tab().offset() + usize::from(y - areas.list.y - 1);
        if index >= self.tab().len() {
            return self.unchanged();
        }
        let rows = self.list_rows();
        self.tab_mut().move_to(index, rows);
        self.detail.unpin();
        self.fetch_more()
    }

    /// A click on a heading: sort by it ascending, or reverse when it is already the sort.
    fn sort_by(&mut self, column: super::sort::Column) -> Vec<Command> {
        let sort = match self.tab().sort() {
            Some(sort) if sort.column == column => Sort {
                descending: !sort.descending,
                ..sort
            },
            _ => Sort {
                column,
                descending: false,
            },
        };
        self.apply_sort(Some(sort))
    }
}
