//! The fuzzy filter over the loaded jobs: the text the user types and the matcher that ranks
//! rows against it (nucleo-matcher, the engine of the helix editor's pickers).

use crossterm::event::{Event, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::api::job::Job;

/// The filter text and its compiled pattern.
#[derive(Debug, Default)]
pub struct Filter {
    input: Input,
    pattern: Pattern,
    matcher: Option<Box<Matcher>>,
}

impl Filter {
    /// The text typed so far.
    #[must_use]
    pub fn text(&self) -> &str {
        self.input.value()
    }

    /// Where the cursor is in the text, in columns.
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.input.visual_cursor()
    }

    /// Whether the filter hides nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.input.value().trim().is_empty()
    }

    /// Applies a key typed into the filter; true when the text changed.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        let changed = self
            .input
            .handle_event(&Event::Key(key))
            .is_some_and(|r| r.value);
        if changed {
            self.pattern = Pattern::parse(
                self.input.value(),
                CaseMatching::Smart,
                Normalization::Smart,
            );
        }
        changed
    }

    /// Forgets the text.
    pub fn clear(&mut self) {
        self.input.reset();
        self.pattern = Pattern::default();
    }

    /// The rows that match, best first (ties keep list order). `None` when nothing is typed.
    pub fn view(&mut self, haystacks: &[Utf32String]) -> Option<Vec<usize>> {
        if self.is_empty() {
            return None;
        }
        let matcher = self
            .matcher
            .get_or_insert_with(|| Box::new(Matcher::new(Config::DEFAULT)));
        let mut scored: Vec<(u32, usize)> = haystacks
            .iter()
            .enumerate()
            .filter_map(|(i, h)| Some((self.pattern.score(h.slice(..), matcher)?, i)))
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Some(scored.into_iter().map(|(_, i)| i).collect())
    }
}

/// The text a job is matched on: what a supervisor remembers about a job.
#[must_use]
pub fn haystack(job: &Job) -> Utf32String {
    let mut text = String::with_capacity(96);
    let mut push = |part: Option<&str>| {
        if let Some(part) = part.filter(|p| !p.is_empty()) {
            text.push_str(part);
            text.push(' ');
        }
    };
    push(Some(&job.number));
    push(job.description.as_deref());
    push(job.job_type.as_ref().map(|t| t.name.as_str()));
    push(job.status.as_ref().map(|s| s.name.as_str()));
    let user = job.assigned_to.as_ref().and_then(|a| a.user.as_ref());
    push(user.and_then(|u| u.person_name.as_deref()));
    push(user.and_then(|u| u.username.as_deref()));
    Utf32String::from(text.trim_end())
}
