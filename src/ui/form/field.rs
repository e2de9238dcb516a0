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
    let first = match field.understood() {
        // An empty field says what it means on its own line, where the text would be.
        Understood::Empty if field.is_required() => {
            Line::styled("required for this job", theme.warning())
        }
        Understood::Empty => Line::styled("empty: not sent (e.g. tomorrow 9:00)", theme.dim()),
        _ => Line::from(Span::styled(shown, theme.text())),
    };
    let mut lines = vec![first];
    match field.understood() {
        Understood::Date(_) => {
            let reading = format!("→ {}", field.shown().unwrap_or_default());
            lines.extend(indented(&reading, value_width, theme.success()));
        }
        Understood::Invalid(error) => {
            lines.extend(indented(&format!("✗ {error}"), value_width, theme.error()));
        }
        Understood::Empty => {}
    }
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
