//! Drawing a picker: one line when it does not have the focus; the filter and the visible
//! window of rows when it does. Only the visible rows are built.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::form::picker::{Choice, Picker, Row};
use crate::app::remote::Remote;
use crate::ui::theme::Theme;

use super::text::{indent, indented};

/// Where the filter's cursor goes: the line (from the first line of the picker) and column.
pub type CursorAt = (usize, usize);

/// The picker's value in one line, for when it does not have the focus.
#[must_use]
pub fn collapsed(picker: &Picker, value_width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = match picker.items() {
        Remote::NotAsked | Remote::Loading => {
            vec![Line::styled(
                format!("Loading {}…", picker.noun()),
                theme.dim(),
            )]
        }
        Remote::Failed(message) => {
            let text = format!("! Could not load {}: {message}", picker.noun());
            indented_first(&text, value_width, theme.error())
        }
        Remote::Loaded(items) if items.is_empty() && picker.nobody_label().is_none() => {
            vec![Line::styled(empty_text(picker), theme.dim())]
        }
        Remote::Loaded(items) if items.is_empty() && picker.empty_note().is_some() => {
            vec![Line::styled(empty_text(picker), theme.dim())]
        }
        Remote::Loaded(_) if picker.nothing_matches() => vec![Line::styled(
            format!("no match for \"{}\"", picker.filter().value()),
            theme.error(),
        )],
        Remote::Loaded(_) => match picker.chosen_row() {
            Some(row) => vec![row_line(picker, row, theme)],
            None => vec![Line::raw("")],
        },
    };
    lines.extend(error_lines(picker, value_width, theme));
    lines
}

/// The filter line, the window of at most `list_height` rows around the highlighted one, and
/// any error; with where the cursor goes in the filter.
#[must_use]
pub fn expanded(
    picker: &Picker,
    value_width: usize,
    list_height: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, CursorAt) {
    let filter = picker.filter();
    let scroll = filter.visual_scroll(value_width.saturating_sub(1));
    let shown: String = filter.value().chars().skip(scroll).collect();
    let first = if shown.is_empty() {
        Line::styled(format!("type to filter {}", picker.noun()), theme.dim())
    } else {
        Line::styled(shown, theme.text())
    };
    let cursor = (0, filter.visual_cursor().saturating_sub(scroll));
    let mut lines = vec![first];
    lines.extend(list_lines(picker, value_width, list_height, theme));
    lines.extend(error_lines(picker, value_width, theme));
    (lines, cursor)
}

/// How many lines [`expanded`] draws beside the list for this picker's state.
#[must_use]
pub fn wanted_rows(picker: &Picker) -> usize {
    match picker.items() {
        Remote::Loaded(_) => picker.rows().len().max(1),
        _ => 1,
    }
}

fn list_lines(
    picker: &Picker,
    value_width: usize,
    height: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let items = match picker.items() {
        Remote::NotAsked | Remote::Loading => {
            return vec![indented_line(Line::styled(
                format!("Loading {}…", picker.noun()),
                theme.dim(),
            ))];
        }
        Remote::Failed(message) => {
            let text = format!("! Could not load {}: {message}", picker.noun());
            return indented(&text, value_width, theme.error());
        }
        Remote::Loaded(items) => items,
    };
    if items.is_empty() && picker.empty_note().is_some() {
        return indented(&empty_text(picker), value_width, theme.dim());
    }
    if picker.rows().is_empty() {
        let text = if items.is_empty() {
            empty_text(picker)
        } else {
            format!("no match for \"{}\"", picker.filter().value())
        };
        return vec![indented_line(Line::styled(text, theme.dim()))];
    }
    let start = picker.window_start(height);
    let end = (start + height).min(picker.rows().len());
    picker.rows()[start..end]
        .iter()
        .enumerate()
        .map(|(at, row)| {
            let selected = start + at == picker.selected();
            let marker = if selected { "> " } else { "  " };
            let mut line = row_line(picker, *row, theme);
            line.spans.insert(0, Span::raw(marker));
            if selected {
                line = line.patch_style(theme.selected());
                pad(&mut line, value_width);
            }
            indented_line(line)
        })
        .collect()
}

/// A row: the label, `(default)` on the type's default, the detail dimmed.
fn row_line(picker: &Picker, row: Row, theme: Theme) -> Line<'static> {
    let Some(choice) = picker.choice(row) else {
        let label = picker.nobody_label().unwrap_or("none");
        return Line::styled(label.to_owned(), theme.text());
    };
    choice_line(choice, theme)
}

fn choice_line(choice: &Choice, theme: Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(choice.label.clone(), theme.text())];
    if choice.is_default {
        spans.push(Span::styled(" (default)", theme.title()));
    }
    if let Some(detail) = &choice.detail {
        spans.push(Span::styled(format!("  {detail}"), theme.dim()));
    }
    Line::from(spans)
}

fn empty_text(picker: &Picker) -> String {
    if let Some(note) = picker.empty_note() {
        note.to_owned()
    } else if picker.noun() == "statuses" {
        "no statuses configured: the type's default is used".to_owned()
    } else {
        format!("no {} to choose from", picker.noun())
    }
}

fn error_lines(picker: &Picker, value_width: usize, theme: Theme) -> Vec<Line<'static>> {
    picker.error().map_or_else(Vec::new, |error| {
        indented(&format!("! {error}"), value_width, theme.error())
    })
}

/// Wrapped text whose first line sits in the value column of the field's own line.
fn indented_first(text: &str, value_width: usize, style: Style) -> Vec<Line<'static>> {
    let mut lines = indented(text, value_width, style);
    if let Some(first) = lines.first_mut() {
        first.spans.remove(0);
    }
    lines
}

fn indented_line(mut line: Line<'static>) -> Line<'static> {
    line.spans.insert(0, indent());
    line
}

/// Pads a highlighted row to the column width so the reverse video reads as a bar.
fn pad(line: &mut Line<'static>, width: usize) {
    let used = line.width();
    if used < width {
        let style = line.style;
        line.spans
            .push(Span::styled(" ".repeat(width - used), style));
    }
}
