//! Text from the server made safe to print on a terminal. Descriptions, names, notes and
//! server messages are typed by many people; a control character in them (ESC starting an
//! escape sequence, OSC 52 writing the clipboard, BEL, C1 controls) would be obeyed by the
//! user's terminal. Every such character is shown as `�` instead; the interface's own
//! escape sequences are written elsewhere and never pass through here.

use std::borrow::Cow;

/// What the text may keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// One line: tabs, line feeds and carriage returns become spaces (tables, TSV, stderr).
    OneLine,
    /// Tabs and line breaks stay (CSV quotes them); other controls do not.
    Lines,
}

/// `text` with every control character replaced (see [`Keep`]); borrowed when it had none.
#[must_use]
pub fn printable(text: &str, keep: Keep) -> Cow<'_, str> {
    let clean = !text.chars().any(is_unsafe);
    if clean && (keep == Keep::Lines || !has_breaks(text)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' if keep == Keep::OneLine => ' ',
                c if is_unsafe(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

fn has_breaks(text: &str) -> bool {
    text.contains(['\t', '\n', '\r'])
}

/// Whether `c` must never reach the terminal: C0 controls but tab and line breaks (judged
/// by [`Keep`]), DEL, and C1 (U+0080..U+009F: the 8-bit CSI, OSC, ST...).
fn is_unsafe(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_c1_controls_are_shown_not_obeyed() {
        let hostile = "Fix\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\u{9b}31m\u{7f} now";
        let safe = printable(hostile, Keep::OneLine);
        assert!(!safe.chars().any(char::is_control), "{safe:?}");
        assert!(safe.starts_with("Fix\u{FFFD}]52;") && safe.ends_with(" now"));
    }

    #[test]
    fn line_breaks_are_spaces_on_one_line_and_kept_for_csv() {
        assert_eq!(printable("a\tb\r\nc", Keep::OneLine), "a b  c");
        assert_eq!(
            printable("a\tb\r\nc\u{1b}", Keep::Lines),
            "a\tb\r\nc\u{FFFD}"
        );
        assert!(matches!(
            printable("plain text", Keep::OneLine),
            Cow::Borrowed(_)
        ));
    }
}
