//! The fuzzy filter over the loaded jobs: the text the user types and the matcher that ranks
//! rows against it (nucleo-matcher, the engine of the helix editor's pickers).

use crossterm::event::{Event, KeyEvent};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod haystacks;
mod rank;

pub use haystacks::{Haystacks, haystack};

/// The filter text and its compiled pattern.
#[derive(Debug, Default)]
pub struct Filter {
    input: Input,
    pattern: Pattern,
    ranker: rank::Ranker,
    /// Views of the same rows for the texts typed on the way to this one.
    memo: Memo,
}

/// The ranked views of one set of rows for successive texts, each extending the one
/// before: typing a letter ranks only the rows the previous text matched, erasing one
/// goes back to a view already ranked. 100,000 rows are not scanned per keystroke.
#[derive(Debug, Default)]
struct Memo {
    /// The version of the rows the views are of (`Haystacks::version`).
    rows: u64,
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
    /// The rows a shorter text matched are the only candidates for a longer one, and a text
    /// already ranked for these rows is not ranked again; other rows (another tab, rows
    /// added, removed or changed) are ranked afresh.
    pub fn view(&mut self, rows: &Haystacks) -> Option<Vec<usize>> {
        if self.is_empty() {
            self.memo.steps.clear();
            return None;
        }
        if self.memo.rows != rows.version() {
            self.memo = Memo {
                rows: rows.version(),
                steps: Vec::new(),
            };
        }
        let text = self.input.value();
        let steps = &mut self.memo.steps;
        while steps
            .last()
            .is_some_and(|(before, _)| !narrows(before, text))
        {
            steps.pop();
        }
        let greedy = rows.len() > GREEDY_ABOVE && narrows("", text);
        let ranked = match steps.last() {
            Some((before, view)) if before == text => view,
            last => {
                let candidates = last.map(|(_, view)| view.as_slice());
                let ranked = self.ranker.rank(&self.pattern, greedy, rows, candidates);
                steps.push((text.to_owned(), ranked));
                &steps[steps.len() - 1].1
            }
        };
        Some(ranked.iter().map(|&i| i as usize).collect())
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyModifiers};
    use nucleo_matcher::{Config, Matcher};

    use super::*;

    fn haystacks() -> Haystacks {
        many(400)
    }

    fn text(i: usize) -> String {
        let words = [
            "Repair", "router", "Install", "fibre", "decoder", "Ana", "Ben", "swap",
        ];
        format!(
            "JB{i:05} {} {} {}",
            words[i % 8],
            words[(i / 8) % 8],
            words[(i / 64) % 8]
        )
    }

    fn many(count: usize) -> Haystacks {
        let mut rows = Haystacks::default();
        (0..count).for_each(|i| rows.push(text(i)));
        rows
    }

    fn press(filter: &mut Filter, code: KeyCode) {
        filter.type_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    /// What ranking every row afresh for the filter's text gives.
    fn fresh(text: &str, rows: &Haystacks) -> Option<Vec<usize>> {
        let mut filter = Filter::default();
        for c in text.chars() {
            press(&mut filter, KeyCode::Char(c));
        }
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
        let fewer = many(100);
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
    fn a_changed_row_is_ranked_afresh_with_the_same_text() {
        let mut rows = haystacks();
        let mut filter = Filter::default();
        for c in "zq".chars() {
            press(&mut filter, KeyCode::Char(c));
            assert_eq!(filter.view(&rows), Some(Vec::new()));
        }
        // Same length, same place in memory: only the version tells the rows apart.
        rows.replace(7, "JB00007 zq");
        assert_eq!(filter.view(&rows), Some(vec![7]));
        press(&mut filter, KeyCode::Backspace);
        assert_eq!(filter.view(&rows), fresh("z", &rows));
        rows.remove(7);
        assert_eq!(filter.view(&rows), fresh("z", &rows));
        rows.insert(0, "zebra");
        assert_eq!(filter.view(&rows), Some(vec![0]));
    }

    #[test]
    fn long_lists_match_the_same_rows_greedily_and_stay_consistent() {
        let mut rows = many(GREEDY_ABOVE + 1);
        // A few rows with other characters, which nucleo scores itself.
        rows.replace(3, "JB00003 Zoë router 1/2");
        rows.replace(20_000, "Ångström fibre");
        // One-character words (looked up, not asked of nucleo), upper case, digits.
        for script in ["rou an", "R 1 x", "J/ e", "ë r"] {
            let mut filter = Filter::default();
            for c in script.chars() {
                press(&mut filter, KeyCode::Char(c));
                let text = filter.text().to_owned();
                let view = filter.view(&rows).expect("a view");
                assert_eq!(Some(view.clone()), fresh(&text, &rows), "{text:?}");
                let pattern = Pattern::parse(&text, CaseMatching::Smart, Normalization::Smart);
                let mut matcher = Matcher::new(Config::DEFAULT);
                let mut optimal: Vec<usize> = (0..rows.len())
                    .filter(|&i| pattern.score(rows.get(i).unwrap(), &mut matcher).is_some())
                    .collect();
                let mut greedy = view;
                greedy.sort_unstable();
                optimal.sort_unstable();
                assert_eq!(greedy, optimal, "the same rows match {text:?}");
            }
            for _ in 0..script.len() {
                press(&mut filter, KeyCode::Backspace);
                let text = filter.text().to_owned();
                assert_eq!(filter.view(&rows), fresh(&text, &rows), "{text:?}");
            }
        }
    }
}
