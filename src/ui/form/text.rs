//! Small text helpers for the form view: word wrapping and the label column.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Width of the label column: marker, the longest label (`Scheduled date *`), a space.
pub const LABEL_WIDTH: usize = 19;

/// Splits `text` into lines of at most `width` characters, at spaces where it can.
#[must_use]
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        // A word longer than a line is cut; the rest carries on.
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The label column of a row: `> Label` when focused, padded to [`LABEL_WIDTH`].
#[must_use]
pub fn label(text: &str, focused: bool, style: Style) -> Span<'static> {
    let marker = if focused { "> " } else { "  " };
    Span::styled(
        format!("{marker}{text:<width$}", width = LABEL_WIDTH - 2),
        style,
    )
}

/// An empty label column, for the lines under a field.
#[must_use]
pub fn indent() -> Span<'static> {
    Span::raw(" ".repeat(LABEL_WIDTH))
}

/// Lines of `text` wrapped into the value column, each after an empty label column.
#[must_use]
pub fn indented(text: &str, value_width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, value_width)
        .into_iter()
        .map(|part| Line::from(vec![indent(), Span::styled(part, style)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("only for New subscription jobs", 12),
            ["only for New", "subscription", "jobs"]
        );
    }

    #[test]
    fn cuts_words_longer_than_a_line() {
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(wrap("", 5), [""]);
    }
}
