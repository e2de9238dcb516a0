//! Ranking rows against the filter's pattern: scoring each candidate row, then ordering the
//! matches best score first, ties in row order.

use nucleo_matcher::pattern::Pattern;
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::haystacks::Haystacks;

/// The matcher and the buffers ranking reuses from one keystroke to the next.
#[derive(Debug, Default)]
pub(super) struct Ranker {
    /// Made on first use: nucleo's matcher allocates its scratch memory up front.
    matcher: Option<Box<Matcher>>,
    /// (score, row) of the rows that matched, in row order.
    matched: Vec<(u32, u32)>,
    /// One bit per row: the candidates, to visit them in row order.
    candidates: Vec<u64>,
}

impl Ranker {
    /// The `candidates` rows (every row with `None`) that match `pattern`, best first, ties
    /// in row order. `greedy` scores plain fuzzy words by nucleo's greedy match.
    pub(super) fn rank(
        &mut self,
        pattern: &Pattern,
        greedy: bool,
        rows: &Haystacks,
        candidates: Option<&[u32]>,
    ) -> Vec<u32> {
        let matcher = self
            .matcher
            .get_or_insert_with(|| Box::new(Matcher::new(Config::DEFAULT)));
        let words: Option<Vec<Word>> = greedy.then(|| {
            let words = pattern.atoms.iter();
            words.map(|a| Word::new(a.needle_text(), matcher)).collect()
        });
        let hits = &mut self.matched;
        hits.clear();
        let mut visit = |row: u32| {
            let Some(text) = rows.get(row as usize) else {
                return;
            };
            let score = match &words {
                Some(words) => words.iter().try_fold(0, |total, word| {
                    Some(total + u32::from(word.score(text, matcher)?))
                }),
                None => pattern.score(text, matcher),
            };
            if let Some(score) = score {
                hits.push((score, row));
            }
        };
        match candidates {
            None => (0..u32::try_from(rows.len()).unwrap_or(u32::MAX)).for_each(&mut visit),
            Some(view) => in_row_order(view, rows.len(), &mut self.candidates, visit),
        }
        order(&self.matched)
    }
}

/// Calls `visit` with each row of `view` in ascending order, through a bitmap of the rows:
/// one bit a row, so 100,000 rows are a 12 KB scan.
fn in_row_order(view: &[u32], rows: usize, bits: &mut Vec<u64>, mut visit: impl FnMut(u32)) {
    bits.clear();
    bits.resize(rows.div_ceil(64), 0);
    for &row in view {
        if let Some(word) = bits.get_mut(row as usize / 64) {
            *word |= 1 << (row % 64);
        }
    }
    for (at, &word) in (0u32..).step_by(64).zip(bits.iter()) {
        let mut word = word;
        while word != 0 {
            visit(at + word.trailing_zeros());
            word &= word - 1;
        }
    }
}

/// Row indices by score, best first, ties in row order; `matched` is in row order.
fn order(matched: &[(u32, u32)]) -> Vec<u32> {
    let (Some(low), Some(high)) = (
        matched.iter().map(|m| m.0).min(),
        matched.iter().map(|m| m.0).max(),
    ) else {
        return Vec::new();
    };
    let range = (high - low) as usize + 1;
    if range > matched.len() * 2 + 64 {
        // Scores too spread out to count: sort one packed integer per row, (inverted score,
        // row), so the sort compares plain integers. Each row appears once, so the unstable
        // sort is as deterministic as a stable one.
        let mut keyed: Vec<u64> = matched
            .iter()
            .map(|&(score, row)| (u64::from(u32::MAX - score) << 32) | u64::from(row))
            .collect();
        keyed.sort_unstable();
        return keyed
            .into_iter()
            .map(|key| u32::try_from(key & u64::from(u32::MAX)).unwrap_or(u32::MAX))
            .collect();
    }
    // Few distinct scores (a first letter over 100,000 rows has a handful): count the rows
    // of each score, then place each row after the better ones; taking them in row order
    // keeps ties in row order.
    let mut next = vec![0u32; range];
    for &(score, _) in matched {
        next[(high - score) as usize] += 1;
    }
    let mut at = 0;
    for slot in &mut next {
        (*slot, at) = (at, at + *slot);
    }
    let mut ordered = vec![0; matched.len()];
    for &(score, row) in matched {
        let slot = &mut next[(high - score) as usize];
        ordered[*slot as usize] = row;
        *slot += 1;
    }
    ordered
}

/// One plain fuzzy word, scored by nucleo's greedy match.
struct Word<'p> {
    needle: Utf32Str<'p>,
    /// Smart case: a word with an upper-case letter is case-sensitive.
    ignore_case: bool,
    /// Smart normalisation: a word with a non-ASCII letter matches accents exactly.
    normalize: bool,
    /// For a one-character ASCII word: its scores, looked up instead of asked of nucleo.
    one: Option<Box<OneChar>>,
}

impl<'p> Word<'p> {
    fn new(needle: Utf32Str<'p>, matcher: &mut Matcher) -> Self {
        let mut word = Self {
            needle,
            ignore_case: !needle.chars().any(char::is_uppercase),
            normalize: needle.chars().all(|c| c.is_ascii()),
            one: None,
        };
        if let Utf32Str::Ascii(&[c]) = needle {
            word.one = Some(Box::new(OneChar::new(c, &word, matcher)));
        }
        word
    }

    fn score(&self, text: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u16> {
        if let (Some(one), Utf32Str::Ascii(bytes)) = (&self.one, text)
            && bytes.len() > 1
        {
            return one.score(bytes);
        }
        self.nucleo(text, matcher)
    }

    fn nucleo(&self, text: Utf32Str<'_>, matcher: &mut Matcher) -> Option<u16> {
        matcher.config.ignore_case = self.ignore_case;
        matcher.config.normalize = self.normalize;
        matcher.fuzzy_match_greedy(text, self.needle)
    }
}

/// The greedy score of a one-character word in an ASCII text of two or more characters.
/// nucleo scores its first occurrence by the character and the one before it alone, so
/// the scores are asked of nucleo once per word, on two-character texts, and a row costs a
/// scan for the character (eight bytes at a time) and a table look-up.
struct OneChar {
    /// The bytes that match: the letter in both cases when case is ignored.
    bytes: [u8; 2],
    /// Score by matched byte (index into `bytes`) and the byte before it (128: none);
    /// 0 where nucleo does not match.
    scores: [[u16; 129]; 2],
}

impl OneChar {
    fn new(c: u8, word: &Word, matcher: &mut Matcher) -> Self {
        let bytes = if word.ignore_case && c.is_ascii_lowercase() {
            [c, c.to_ascii_uppercase()]
        } else {
            [c, c]
        };
        // Any byte that does not match, to follow a match at the start of a text.
        let other = if bytes.contains(&b'x') { b'y' } else { b'x' };
        let mut scores = [[0; 129]; 2];
        for (table, &matched) in scores.iter_mut().zip(&bytes) {
            table[128] = word
                .nucleo(Utf32Str::Ascii(&[matched, other]), matcher)
                .unwrap_or(0);
            for before in (0..128).filter(|b| !bytes.contains(b)) {
                let text = [before, matched];
                table[usize::from(before)] =
                    word.nucleo(Utf32Str::Ascii(&text), matcher).unwrap_or(0);
            }
        }
        Self { bytes, scores }
    }

    fn score(&self, text: &[u8]) -> Option<u16> {
        let at = first_of(text, self.bytes)?;
        let which = usize::from(text[at] != self.bytes[0]);
        let before = at
            .checked_sub(1)
            .map_or(128, |i| usize::from(text[i] & 0x7f));
        let score = self.scores[which][before];
        (score != 0).then_some(score)
    }
}

/// Where the first of either byte is in `text`, eight bytes at a time (a zero byte in
/// `word ^ pattern` marks a match; the lowest one found is exact).
fn first_of(text: &[u8], [a, b]: [u8; 2]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let (a8, b8) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut chunks = text.chunks_exact(8);
    for (at, chunk) in (0..).step_by(8).zip(&mut chunks) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        let (x, y) = (word ^ a8, word ^ b8);
        let zeros = (x.wrapping_sub(ONES) & !x | y.wrapping_sub(ONES) & !y) & HIGHS;
        if zeros != 0 {
            return Some(at + zeros.trailing_zeros() as usize / 8);
        }
    }
    let rest = chunks.remainder();
    let at = text.len() - rest.len();
    rest.iter().position(|&c| c == a || c == b).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use nucleo_matcher::Utf32String;
    use nucleo_matcher::pattern::{CaseMatching, Normalization};
    use proptest::prelude::*;

    use super::*;

    fn nucleo_greedy(needle: &str, text: &str) -> Option<u16> {
        let mut matcher = Matcher::new(Config::DEFAULT);
        matcher.config.ignore_case = !needle.chars().any(char::is_uppercase);
        matcher.config.normalize = needle.is_ascii();
        let needle = Utf32String::from(needle);
        let text = Utf32String::from(text);
        matcher.fuzzy_match_greedy(text.slice(..), needle.slice(..))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4_000))]

        /// The table gives what nucleo gives, for any ASCII text and character.
        #[test]
        fn one_character_scores_are_nucleos(
            needle in "[ -~]",
            text in "[ -~\t\n]{0,40}|[aAbB_ /:.-]{0,12}|(Ana|ana|B1|/|-| |x){0,8}",
        ) {
            let mut matcher = Matcher::new(Config::DEFAULT);
            let needle_text = Utf32String::from(needle.as_str());
            let word = Word::new(needle_text.slice(..), &mut matcher);
            prop_assert!(word.one.is_some());
            let mut rows = Haystacks::default();
            rows.push(&text);
            let ours = word.score(rows.get(0).expect("a row"), &mut matcher);
            prop_assert_eq!(ours, nucleo_greedy(&needle, &text));
        }

        #[test]
        fn the_scan_finds_the_first_of_either_byte(
            text in proptest::collection::vec(0u8..128, 0..70),
            a in 0u8..128,
            b in 0u8..128,
        ) {
            let expected = text.iter().position(|&c| c == a || c == b);
            prop_assert_eq!(first_of(&text, [a, b]), expected);
        }

        #[test]
        fn ordering_is_by_score_then_row(
            scores in proptest::collection::vec(proptest::option::of(0u32..300), 0..400),
            spread in prop_oneof![Just(1u32), Just(1_000_000)],
        ) {
            let matched: Vec<(u32, u32)> = (0..)
                .zip(&scores)
                .filter_map(|(row, score)| Some((score.as_ref()? * spread, row)))
                .collect();
            let mut expected = matched.clone();
            expected.sort_by_key(|&(score, row)| (std::cmp::Reverse(score), row));
            let expected: Vec<u32> = expected.into_iter().map(|m| m.1).collect();
            prop_assert_eq!(order(&matched), expected);
        }
    }

    #[test]
    fn candidates_are_visited_in_row_order() {
        let mut bits = vec![u64::MAX; 3];
        let mut seen = Vec::new();
        in_row_order(&[130, 5, 64, 0, 63, 200], 131, &mut bits, |row| {
            seen.push(row);
        });
        assert_eq!(
            seen,
            [0, 5, 63, 64, 130],
            "rows past the end are not visited"
        );
    }

    #[test]
    fn one_character_words_rank_as_nucleo_ranks() {
        let texts = [
            "JB00001 Repair router",
            "r",
            "",
            "Zoë router",
            "JB00002 install/Router",
            "xr",
            "JB00003 fibre",
        ];
        let mut rows = Haystacks::default();
        for text in texts {
            rows.push(text);
        }
        let mut ranker = Ranker::default();
        for needle in ["r", "R", "0", "/", "ë"] {
            let pattern = Pattern::parse(needle, CaseMatching::Smart, Normalization::Smart);
            let mut expected: Vec<(u16, u32)> = (0..)
                .zip(texts)
                .filter_map(|(row, text)| Some((nucleo_greedy(needle, text)?, row)))
                .collect();
            expected.sort_by_key(|&(score, row)| (std::cmp::Reverse(score), row));
            let expected: Vec<u32> = expected.into_iter().map(|m| m.1).collect();
            assert_eq!(
                ranker.rank(&pattern, true, &rows, None),
                expected,
                "{needle:?}"
            );
            let some = [6, 0, 3];
            let narrowed: Vec<u32> = expected
                .iter()
                .copied()
                .filter(|r| some.contains(r))
                .collect();
            assert_eq!(ranker.rank(&pattern, true, &rows, Some(&some)), narrowed);
        }
    }
}
