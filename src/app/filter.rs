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
    /// Whether the text changed since the last view (typing, not new rows).
    typed: bool,
    /// Views of the same rows for the texts typed on the way to this one.
    memo: Memo,
}

/// The ranked views of one set of rows for successive texts, each extending the one
/// before: typing a letter ranks only the rows the previous text matched, erasing one
/// goes back to a view already ranked. 100,000 rows are not scanned per keystroke.
#[derive(Debug, Default)]
struct Memo {
    /// Which rows (address and length of the haystacks) the views are of.
    rows: (usize, usize),
    /// Text and its view (row indices, best first), shortest text first.
    steps: Vec<(String, Vec<u32>)>,
}

/// Above this many loaded rows, plain fuzzy words are scored by nucleo's greedy match
/// (about 7 times faster than its optimal one): ranking 100,000 rows then fits a keystroke.
/// The rows matched are the same; only the order among close scores can differ.
const GREEDY_ABOVE: usize = 20_000;

/// Whether every row matching `longer` also matches `shorter`: plain fuzzy words only (the
/// pattern syntax `! ^ $ ' \\` can widen a match as it is typed).
fn narrows(shorter: &str, longer: &str) -> bool {
    longer.starts_with(shorter) && !longer.contains(['!', '^', '$', '\'', '\\'])
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
            self.typed = true;
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
        self.memo.steps.clear();
    }

    /// The rows that match, best first (ties keep list order). `None` when nothing is typed.
    /// Right after typing, the rows the previous text matched are the only candidates;
    /// otherwise (new rows, another tab, another sort) every row is ranked afresh.
    pub fn view(&mut self, haystacks: &[Utf32String]) -> Option<Vec<usize>> {
        let typed = std::mem::take(&mut self.typed);
        if self.is_empty() {
            self.memo.steps.clear();
            return None;
        }
        let rows = (haystacks.as_ptr() as usize, haystacks.len());
        if !typed || self.memo.rows != rows {
            self.memo = Memo {
                rows,
                steps: Vec::new(),
            };
        }
        let text = self.input.value().to_owned();
        while self
            .memo
            .steps
            .last()
            .is_some_and(|(before, _)| !narrows(before, &text))
        {
            self.memo.steps.pop();
        }
        let ranked = match self.memo.steps.last() {
            Some((before, view)) if *before == text => view.clone(),
            Some((_, view)) => {
                let candidates = view.clone();
                self.rank(haystacks, candidates.into_iter())
            }
            None => self.rank(
                haystacks,
                0..u32::try_from(haystacks.len()).unwrap_or(u32::MAX),
            ),
        };
        let view = ranked.iter().map(|&i| i as usize).collect();
        if self
            .memo
            .steps
            .last()
            .is_none_or(|(before, _)| *before != text)
        {
            self.memo.steps.push((text, ranked));
        }
        Some(view)
    }

    /// Ranks the `candidates` rows that match the pattern, best first, ties in list order.
    fn rank(
        &mut self,
        haystacks: &[Utf32String],
        candidates: impl Iterator<Item = u32>,
    ) -> Vec<u32> {
        let greedy = haystacks.len() > GREEDY_ABOVE && narrows("", self.input.value());
        let matcher = self
            .matcher
            .get_or_insert_with(|| Box::new(Matcher::new(Config::DEFAULT)));
        // Best score first, then list order: one u64 per row, (inverted score, index), so
        // the sort compares plain integers.
        let mut keyed: Vec<u64> = candidates
            .filter_map(|i| {
                let haystack = haystacks.get(i as usize)?;
                let score = if greedy {
                    greedy_score(&self.pattern, haystack, matcher)?
                } else {
                    self.pattern.score(haystack.slice(..), matcher)?
                };
                Some((u64::from(u32::MAX - score) << 32) | u64::from(i))
            })
            .collect();
        // Each index appears once, so the unstable sort is as deterministic as a stable one.
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|key| u32::try_from(key & u64::from(u32::MAX)).unwrap_or(u32::MAX))
            .collect()
    }
}

/// The pattern's score by greedy matching; only for plain fuzzy words (see `narrows`).
fn greedy_score(pattern: &Pattern, haystack: &Utf32String, matcher: &mut Matcher) -> Option<u32> {
    pattern.atoms.iter().try_fold(0, |total, atom| {
        let needle = atom.needle_text();
        // Smart case and normalisation, as the atom was parsed: an upper-case letter makes
        // the word case-sensitive, a non-ASCII one turns normalisation off.
        matcher.config.ignore_case = !needle.chars().any(char::is_uppercase);
        matcher.config.normalize = needle.chars().all(|c| c.is_ascii());
        let score = matcher.fuzzy_match_greedy(haystack.slice(..), needle)?;
        Some(total + u32::from(score))
    })
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

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;

    fn haystacks() -> Vec<Utf32String> {
        many(400)
    }

    fn many(count: usize) -> Vec<Utf32String> {
        let words = [
            "Repair", "router", "Install", "fibre", "decoder", "Ana", "Ben", "swap",
        ];
        (0..count)
            .map(|i| {
                let text = format!(
                    "JB{i:05} {} {} {}",
                    words[i % 8],
                    words[(i / 8) % 8],
                    words[(i / 64) % 8]
                );
                Utf32String::from(text.as_str())
            })
            .collect()
    }

    fn press(filter: &mut Filter, code: KeyCode) {
        filter.type_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// What ranking every row afresh for the filter's text gives.
    fn fresh(text: &str, rows: &[Utf32String]) -> Option<Vec<usize>> {
        let mut filter = Filter::default();
        for c in text.chars() {
            press(&mut filter, KeyCode::Char(c));
        }
        filter.typed = false;
        filter.view(rows)
    }

    #[test]
    fn typing_and_erasing_give_what_a_fresh_ranking_gives() {
        let rows = haystacks();
        // Negation (`!`), anchors (`^`, `$`), exact (`'`) and escapes widen as typed.
        for script in [
            "rep a!b^ r 'in $x",
            "!rou",
            "ana !",
            "^JB0001",
            "'an",
            "fibre$ x",
        ] {
            let mut filter = Filter::default();
            for c in script.chars() {
                press(&mut filter, KeyCode::Char(c));
                let text = filter.text().to_owned();
                assert_eq!(filter.view(&rows), fresh(&text, &rows), "{text:?}");
            }
            for _ in 0..script.len() {
                press(&mut filter, KeyCode::Backspace);
                let text = filter.text().to_owned();
                assert_eq!(filter.view(&rows), fresh(&text, &rows), "{text:?}");
            }
        }
    }

    #[test]
    fn other_rows_are_ranked_afresh() {
        let rows = haystacks();
        let mut filter = Filter::default();
        for c in "rou".chars() {
            press(&mut filter, KeyCode::Char(c));
            let _ = filter.view(&rows);
        }
        let fewer = rows[..100].to_vec();
        press(&mut filter, KeyCode::Char('t'));
        assert_eq!(filter.view(&fewer), fresh("rout", &fewer));
        let _ = filter.view(&rows);
        assert_eq!(
            filter.view(&rows),
            fresh("rout", &rows),
            "new rows, same text"
        );
    }

    #[test]
    fn long_lists_match_the_same_rows_greedily_and_stay_consistent() {
        let rows = many(GREEDY_ABOVE + 1);
        let mut filter = Filter::default();
        for c in "rou an".chars() {
            press(&mut filter, KeyCode::Char(c));
            let text = filter.text().to_owned();
            let view = filter.view(&rows).expect("a view");
            assert_eq!(Some(view.clone()), fresh(&text, &rows), "{text:?}");
            let pattern = Pattern::parse(&text, CaseMatching::Smart, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut optimal: Vec<usize> = (0..rows.len())
                .filter(|&i| pattern.score(rows[i].slice(..), &mut matcher).is_some())
                .collect();
            let mut greedy = view;
            greedy.sort_unstable();
            optimal.sort_unstable();
            assert_eq!(greedy, optimal, "the same rows match {text:?}");
        }
    }
}
