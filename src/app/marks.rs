//! Marks: `Space` marks the job under the cursor, `V` marks every shown job between the
//! last marked one and the cursor, Shift-arrows mark while moving. Marks are kept by job
//! number, so they survive filtering, sorting and refresh (a job that left the tab loses
//! its mark).

use super::jobs::JobList;
use super::keymap::Action;
use super::{App, Command, Notice};

impl JobList {
    /// Whether the job numbered `number` is marked.
    #[must_use]
    pub fn is_marked(&self, number: &str) -> bool {
        self.marks.contains(number)
    }

    /// How many jobs are marked.
    #[must_use]
    pub fn marked(&self) -> usize {
        self.marks.len()
    }

    /// The marked jobs, in the server's order.
    pub fn marked_jobs(&self) -> impl Iterator<Item = &crate::api::job::Job> {
        self.rows.iter().filter(|j| self.marks.contains(&j.number))
    }

    /// Marks or unmarks the job under the cursor; it becomes the start of a range.
    pub fn toggle_mark(&mut self) {
        let Some(number) = self.selected().map(|j| j.number.clone()) else {
            return;
        };
        if !self.marks.remove(&number) {
            self.marks.insert(number.clone());
        }
        self.mark_anchor = Some(number);
    }

    /// Marks the job under the cursor (not a toggle: extending a range never unmarks).
    pub fn mark_selected(&mut self) {
        if let Some(number) = self.selected().map(|j| j.number.clone()) {
            self.marks.insert(number.clone());
            self.mark_anchor = Some(number);
        }
    }

    /// Marks every shown job from the range start (the last marked job, or the top) to the
    /// cursor, both included.
    pub fn mark_range(&mut self) {
        let anchor = self
            .mark_anchor
            .as_ref()
            .and_then(|n| (0..self.len()).find(|&i| self.row_at(i).is_some_and(|j| &j.number == n)))
            .unwrap_or(0);
        let (from, to) = (anchor.min(self.cursor()), anchor.max(self.cursor()));
        let numbers: Vec<String> = (from..=to)
            .filter_map(|i| self.row_at(i).map(|j| j.number.clone()))
            .collect();
        self.marks.extend(numbers);
        self.mark_anchor = self.selected().map(|j| j.number.clone());
    }

    /// Forgets every mark.
    pub fn clear_marks(&mut self) {
        self.marks.clear();
        self.mark_anchor = None;
    }
}

impl App {
    /// `Space`, `V`, Shift-arrows in the list.
    pub(super) fn mark_action(&mut self, action: Action) -> Vec<Command> {
        let rows = self.list_rows();
        let tab = &mut self.tabs[self.current];
        match action {
            Action::Mark => {
                tab.toggle_mark();
                tab.move_by(1, rows);
            }
            Action::MarkRange => tab.mark_range(),
            Action::MarkDown | Action::MarkUp => {
                tab.mark_selected();
                tab.move_by(if action == Action::MarkUp { -1 } else { 1 }, rows);
                tab.mark_selected();
            }
            _ => return self.unchanged(),
        }
        let marked = self.tab().marked();
        self.notice = Some(Notice::Info(format!(
            "{marked} marked in {}",
            self.tab().state.label()
        )));
        self.detail.unpin();
        Vec::new()
    }
}
