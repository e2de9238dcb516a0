//! The texts the filter matches a tab's rows on, kept back to back in one buffer: ranking
//! 100,000 rows then reads memory in order instead of chasing one allocation per row (which
//! cost half of a first keystroke in cache misses).

use std::sync::atomic::{AtomicU64, Ordering};

use nucleo_matcher::{Utf32Str, Utf32String};

use crate::api::job::Job;

/// The filter's texts of a tab's rows, in row order (edited as the rows are).
#[derive(Debug, Default)]
pub struct Haystacks {
    /// The ASCII texts (nearly every row), back to back.
    ascii: Vec<u8>,
    /// The other texts, as nucleo matches them (one char per grapheme), back to back.
    wide: Vec<char>,
    /// Where each row's text is.
    spans: Vec<Span>,
    /// Bytes and chars no row points at any more (replaced or removed rows); reclaimed when
    /// they outgrow the live ones, so edits never shift the whole buffer.
    unused: usize,
    /// Taken afresh at every edit and never repeated, so a view ranked for other rows (or
    /// another tab's) is never mistaken for one of these.
    version: u64,
}

/// Where one row's text is in `Haystacks`.
#[derive(Debug, Clone, Copy)]
enum Span {
    /// `ascii[start..end]`.
    Ascii { start: usize, end: usize },
    /// `wide[start..end]`.
    Wide { start: usize, end: usize },
}

impl Span {
    fn len(self) -> usize {
        match self {
            Self::Ascii { start, end } | Self::Wide { start, end } => end - start,
        }
    }
}

/// Below this many unused bytes the buffers are not worth compacting.
const COMPACT_ABOVE: usize = 64 * 1024;

/// The next version of any `Haystacks` (0 is an empty one never edited).
static VERSIONS: AtomicU64 = AtomicU64::new(1);

impl Haystacks {
    /// How many rows there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no row.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Forgets every row.
    pub fn clear(&mut self) {
        self.ascii.clear();
        self.wide.clear();
        self.spans.clear();
        self.unused = 0;
        self.touch();
    }

    /// Adds a row's text after the others.
    pub fn push(&mut self, text: impl AsRef<str>) {
        let span = self.store(text.as_ref());
        self.spans.push(span);
        self.touch();
    }

    /// Adds a row's text at `index` (at the end when past it).
    pub fn insert(&mut self, index: usize, text: impl AsRef<str>) {
        let span = self.store(text.as_ref());
        self.spans.insert(index.min(self.spans.len()), span);
        self.touch();
    }

    /// Removes the row at `index` (nothing when there is none).
    pub fn remove(&mut self, index: usize) {
        if index < self.spans.len() {
            let span = self.spans.remove(index);
            self.forget(span);
        }
    }

    /// Replaces the text of the row at `index` (nothing when there is none).
    pub fn replace(&mut self, index: usize, text: impl AsRef<str>) {
        if index < self.spans.len() {
            let span = self.store(text.as_ref());
            let old = std::mem::replace(&mut self.spans[index], span);
            self.forget(old);
        }
    }

    /// The text of the row at `index`, as nucleo matches it.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Utf32Str<'_>> {
        Some(match *self.spans.get(index)? {
            Span::Ascii { start, end } => Utf32Str::Ascii(self.ascii.get(start..end)?),
            Span::Wide { start, end } => Utf32Str::Unicode(self.wide.get(start..end)?),
        })
    }

    /// Changes whenever the rows do; equal versions mean the same rows.
    pub(super) fn version(&self) -> u64 {
        self.version
    }

    fn touch(&mut self) {
        self.version = VERSIONS.fetch_add(1, Ordering::Relaxed);
    }

    /// Appends `text` to the buffers; where it went.
    fn store(&mut self, text: &str) -> Span {
        if text.is_ascii() {
            let start = self.ascii.len();
            self.ascii.extend_from_slice(text.as_bytes());
            Span::Ascii {
                start,
                end: self.ascii.len(),
            }
        } else {
            // nucleo's own conversion, so wide rows match as they always did.
            let start = self.wide.len();
            match Utf32String::from(text) {
                Utf32String::Unicode(chars) => self.wide.extend_from_slice(&chars),
                Utf32String::Ascii(text) => self.wide.extend(text.chars()),
            }
            Span::Wide {
                start,
                end: self.wide.len(),
            }
        }
    }

    /// Counts a text no row points at any more; compacts once most of the buffers are such.
    fn forget(&mut self, span: Span) {
        self.unused += span.len();
        self.touch();
        let live = self.ascii.len() + self.wide.len() - self.unused;
        if self.unused > COMPACT_ABOVE && self.unused > live {
            self.compact();
        }
    }

    /// Rewrites the buffers with only the rows' texts, in row order.
    fn compact(&mut self) {
        let live = self.ascii.len() + self.wide.len() - self.unused;
        let mut ascii = Vec::with_capacity(live);
        let mut wide = Vec::new();
        for span in &mut self.spans {
            *span = match *span {
                Span::Ascii { start, end } => {
                    let at = ascii.len();
                    ascii.extend_from_slice(&self.ascii[start..end]);
                    Span::Ascii {
                        start: at,
                        end: ascii.len(),
                    }
                }
                Span::Wide { start, end } => {
                    let at = wide.len();
                    wide.extend_from_slice(&self.wide[start..end]);
                    Span::Wide {
                        start: at,
                        end: wide.len(),
                    }
                }
            };
        }
        self.ascii = ascii;
        self.wide = wide;
        self.unused = 0;
    }
}

/// The text a job is matched on: what a supervisor remembers about a job.
#[must_use]
pub fn haystack(job: &Job) -> String {
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
    let len = text.trim_end().len();
    text.truncate(len);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &Haystacks) -> Vec<String> {
        (0..rows.len())
            .map(|i| match rows.get(i).expect("a row") {
                Utf32Str::Ascii(bytes) => String::from_utf8(bytes.to_vec()).expect("ascii"),
                Utf32Str::Unicode(chars) => chars.iter().collect(),
            })
            .collect()
    }

    #[test]
    fn edits_keep_each_row_its_text_and_change_the_version() {
        let mut rows = Haystacks::default();
        let mut model: Vec<String> = Vec::new();
        let mut versions = vec![rows.version()];
        let mut stored = 0;
        // Long texts, so replacing and removing them crosses the compaction threshold.
        let text = |i: usize| format!("JB{i:05} Café {}", "x".repeat(i % 5_000));
        for i in 0..60 {
            rows.push(text(i));
            model.push(text(i));
            stored += text(i).chars().count();
            versions.push(rows.version());
        }
        for i in 0..200 {
            let at = (i * 7) % model.len();
            let new = text(i + 1_000 * (i % 4));
            match i % 4 {
                0 => {
                    rows.replace(at, &new);
                    stored += new.chars().count();
                    model[at] = new;
                }
                1 => {
                    rows.remove(at);
                    model.remove(at);
                }
                2 => {
                    rows.insert(0, &new);
                    stored += new.chars().count();
                    model.insert(0, new);
                }
                _ => {
                    let new = new.replace('é', "e");
                    rows.insert(at, &new);
                    stored += new.chars().count();
                    model.insert(at, new);
                }
            }
            versions.push(rows.version());
            assert_eq!(texts(&rows), model, "after edit {i}");
            let live = rows.ascii.len() + rows.wide.len() - rows.unused;
            assert!(rows.unused <= COMPACT_ABOVE.max(live), "compacted at {i}");
        }
        // Rewriting the same rows over and over: the old texts are reclaimed.
        for round in 0..20 {
            for (at, text) in model.iter_mut().enumerate().take(10) {
                *text = format!("{round} {}", "y".repeat(10_000));
                rows.replace(at, &*text);
                stored += text.len();
            }
        }
        assert_eq!(texts(&rows), model);
        // Without compaction the buffers would hold every text ever stored.
        assert!(
            rows.ascii.len() + rows.wide.len() < stored / 4,
            "unused texts reclaimed"
        );
        rows.clear();
        versions.push(rows.version());
        assert!(rows.is_empty() && rows.get(0).is_none());
        let count = versions.len();
        versions.sort_unstable();
        versions.dedup();
        assert_eq!(versions.len(), count, "every edit a new version");
    }

    #[test]
    fn wide_rows_match_as_nucleo_converts_them() {
        let mut rows = Haystacks::default();
        rows.push("Ana Lopes");
        rows.push("Zoë Παπαδοπούλου e\u{301}");
        let expected = Utf32String::from("Zoë Παπαδοπούλου e\u{301}");
        assert_eq!(rows.get(1), Some(expected.slice(..)));
        assert!(matches!(rows.get(0), Some(Utf32Str::Ascii(b"Ana Lopes"))));
    }
}
