//! Drawing a date field (its text, how it was read, its error) and a disabled field.

use ratatui::text::{Line, Span};

use crate::app::form::date_field::DateField;
use crate::ui::theme::Theme;
use crate::when::Understood;

use super::picker::CursorAt;
use super::text::indented;

/// The text on the field's line, the reading under it, then any error; with where the cursor
/// goes in the text.
#[must_use]
pub fn date(field: &DateField, value_width: usize, theme: Theme) -> (Vec<Line<'static>>, CursorAt) {
    let input = field.input();
    let scroll = input.visual_scroll(value_width.saturating_sub(1));
    let shown: String = input.value().chars().skip(scroll).collect();
    let cursor = (0, input.visual_cursor().saturating_sub(scroll));
    let mut lines = vec![Line::from(Span::styled(shown, theme.text()))];
    let (reading, style) = match field.understood() {
        Understood::Date(_) => (
            format!("→ {}", field.shown().unwrap_or_default()),
            theme.success(),
        ),
        Understood::Empty if field.is_required() => {
            ("required for this job".to_owned(), theme.warning())
        }
        Understood::Empty => ("not sent".to_owned(), theme.dim()),
        Understood::Invalid(error) => (format!("✗ {error}"), theme.error()),
    };
    lines.extend(indented(&reading, value_width, style));
    if let Some(error) = field.error() {
        lines.extend(indented(&format!("! {error}"), value_width, theme.error()));
    }
    (lines, cursor)
}

/// The reason a field does not apply, dimmed, wrapped into the value column.
#[must_use]
pub fn disabled(reason: &str, value_width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = indented(reason, value_width, theme.disabled());
    if let Some(first) = lines.first_mut() {
        first.spans.remove(0);
    }
    lines
}
