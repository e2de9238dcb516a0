//! Drawing of the completion, start and cancel forms and their pickers: a centred modal.
//!
//! The form is laid out as lines: the job on top (and the cancel question), the message of a
//! failure or the spinner of a request in flight, the fields with a label column, then the
//! button and the key hints. The focused picker opens to its filter and a window of rows
//! sized to the room left; the others show their value in one line. Drawing only reads.

mod field;
mod picker;
mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget};

use crate::app::form::{ActionForm, FieldId, FieldRef, Focus, Phase};
use crate::ui::theme::Theme;

use text::{LABEL_WIDTH, indented, label};

/// Widest the modal gets.
const MAX_WIDTH: u16 = 96;
/// Most picker rows shown at once.
const MAX_LIST: usize = 12;
/// The spinner's frames.
const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Draws `form` as a modal centred in `area`.
pub fn render_form(form: &ActionForm, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let composed = compose(form, area, *theme);
    if composed.modal.is_empty() {
        return;
    }
    Clear.render(composed.modal, buf);
    let title = format!(" {} job {} ", form.kind().name(), form.job_number());
    theme
        .block()
        .title(Span::styled(title, theme.title()))
        .padding(Padding::horizontal(1))
        .render(composed.modal, buf);
    Paragraph::new(composed.lines).render(composed.inner, buf);
}

/// Where the terminal cursor goes: in the focused text (a picker's filter or a date), while
/// the form takes input; `None` otherwise.
#[must_use]
pub fn cursor(form: &ActionForm, area: Rect) -> Option<(u16, u16)> {
    let composed = compose(form, area, Theme::MONO);
    let (line, column) = composed.cursor?;
    let x = composed.inner.x.checked_add(u16::try_from(column).ok()?)?;
    let y = composed.inner.y.checked_add(u16::try_from(line).ok()?)?;
    (x < composed.inner.right() && y < composed.inner.bottom()).then_some((x, y))
}

/// The picker row drawn at (`x`, `y`) of a form drawn in `area`, if any: the mouse's hit
/// test, from the same composition the form is drawn with. The focused picker's rows follow
/// its filter line, which is where the cursor goes.
#[must_use]
pub fn picker_row_at(form: &ActionForm, area: Rect, x: u16, y: u16) -> Option<usize> {
    let Focus::Field(id) = form.focus() else {
        return None;
    };
    let Some(FieldRef::Picker(picker)) = form.field(id) else {
        return None;
    };
    let composed = compose(form, area, Theme::MONO);
    let (line, _) = composed.cursor?;
    let first = usize::from(composed.inner.y) + line + 1;
    let inside = (composed.inner.x..composed.inner.right()).contains(&x);
    let at = usize::from(y)
        .checked_sub(first)
        .filter(|at| inside && *at < composed.list)?;
    let row = picker.window_start(composed.list) + at;
    (row < picker.rows().len()).then_some(row)
}

/// The modal's place and the lines inside it.
struct Composed {
    modal: Rect,
    inner: Rect,
    lines: Vec<Line<'static>>,
    /// Line and column of the cursor inside `inner`.
    cursor: Option<(usize, usize)>,
    /// Rows the focused picker's list is given.
    list: usize,
}

fn compose(form: &ActionForm, area: Rect, theme: Theme) -> Composed {
    // A column of the list stays visible on each side when there is room for it.
    let width = if area.width > 40 {
        (area.width - 2).min(MAX_WIDTH)
    } else {
        area.width
    };
    let inner_width = usize::from(width.saturating_sub(4));
    let value_width = inner_width.saturating_sub(LABEL_WIDTH).max(1);
    let room = usize::from(area.height.saturating_sub(2));

    let head = header(form, inner_width, theme);
    let foot = footer(form, theme);
    let fixed = head.len() + foot.len();
    // The fields without the focused list tell how much room the list gets.
    let (bare, _) = fields(form, value_width, 0, theme);
    let list = room
        .saturating_sub(fixed + bare.len())
        .clamp(1, MAX_LIST)
        .min(wanted_list(form));
    let (body, cursor) = fields(form, value_width, list, theme);

    let body_room = room.saturating_sub(fixed);
    let cursor = cursor
        .filter(|(line, _)| *line < body_room)
        .map(|(line, column)| (line + head.len(), column + LABEL_WIDTH));
    let mut lines = head;
    lines.extend(body.into_iter().take(body_room));
    lines.extend(foot);

    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let modal = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let inner = Block::bordered()
        .padding(Padding::horizontal(1))
        .inner(modal);
    let cursor = cursor.filter(|_| form.phase() == Phase::Editing);
    Composed {
        modal,
        inner,
        lines,
        cursor,
        list,
    }
}

/// Rows the focused picker would like to show.
fn wanted_list(form: &ActionForm) -> usize {
    match form.focus() {
        Focus::Field(id) => match form.field(id) {
            Some(FieldRef::Picker(p)) => picker::wanted_rows(p),
            _ => 1,
        },
        Focus::Submit => 1,
    }
}

/// The job, the cancel question, and the spinner or the failure on top.
fn header(form: &ActionForm, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let job = form.job();
    let description = job.description.as_deref().unwrap_or("(no description)");
    let mut lines = vec![Line::from(vec![
        Span::styled(form.job_number().to_owned(), theme.title()),
        Span::styled(format!("  {description}"), theme.text()),
    ])];
    if let Some(question) = form.question() {
        lines.push(Line::styled(question, theme.warning()));
    }
    match form.phase() {
        Phase::Submitting { frame } => lines.push(Line::styled(
            format!(
                "{} {} {}…",
                SPINNER[frame % SPINNER.len()],
                form.kind().progressive(),
                form.job_number()
            ),
            theme.warning(),
        )),
        Phase::Editing | Phase::ConfirmLeave => {
            if let Some(notice) = form.notice() {
                let mut notice = indented(&format!("! {notice}"), width, theme.error());
                for line in &mut notice {
                    line.spans.remove(0);
                }
                lines.extend(notice);
            }
        }
    }
    lines.push(Line::raw(""));
    lines
}

/// Every field's lines; with the cursor's line and column in the value column.
fn fields(
    form: &ActionForm,
    value_width: usize,
    list: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, Option<(usize, usize)>) {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut cursor = None;
    for (id, field) in form.fields() {
        let focused = form.focus() == Focus::Field(id);
        let (mut part, at) = match field {
            FieldRef::Picker(p) if focused => {
                let (part, at) = picker::expanded(p, value_width, list, theme);
                (part, Some(at))
            }
            FieldRef::Picker(p) => (picker::collapsed(p, value_width, theme), None),
            FieldRef::Date(d) => {
                let (part, at) = field::date(d, value_width, theme);
                (part, focused.then_some(at))
            }
            FieldRef::Disabled(reason) => (field::disabled(reason, value_width, theme), None),
        };
        if let Some((line, column)) = at {
            cursor = Some((lines.len() + line, column));
        }
        let label_style = match field {
            FieldRef::Disabled(_) => theme.disabled(),
            _ if focused => theme.focused(),
            _ => theme.title(),
        };
        if let Some(first) = part.first_mut() {
            first
                .spans
                .insert(0, label(&field_label(id, field), focused, label_style));
        }
        lines.extend(part);
    }
    (lines, cursor)
}

/// The label, with `*` when the server said the field is required.
fn field_label(id: FieldId, field: FieldRef<'_>) -> String {
    match field {
        FieldRef::Date(date) if date.is_required() => format!("{} *", id.label()),
        _ => id.label().to_owned(),
    }
}

/// The button and the key hints (or the leave question).
fn footer(form: &ActionForm, theme: Theme) -> Vec<Line<'static>> {
    let focused = form.focus() == Focus::Submit;
    let verb = form.kind().verb();
    let button_style = match form.phase() {
        Phase::Submitting { .. } => theme.disabled(),
        _ if focused => theme.selected().patch(theme.title()),
        _ => theme.title(),
    };
    let button = Line::from(vec![
        label("", focused, theme.focused()),
        Span::styled(format!("[ {verb} ]"), button_style),
    ]);
    let hints = match form.phase() {
        Phase::ConfirmLeave => Line::styled(
            "Discard your changes? Esc or y leaves, any other key stays",
            theme.warning(),
        ),
        Phase::Submitting { .. } => {
            Line::styled("Waiting for the server; edits are ignored", theme.dim())
        }
        Phase::Editing => Line::styled(hints(form, verb), theme.dim()),
    };
    vec![Line::raw(""), button, hints]
}

fn hints(form: &ActionForm, verb: &str) -> String {
    let verb = verb.to_lowercase();
    let field = match form.focus() {
        Focus::Field(id) => match form.field(id) {
            Some(FieldRef::Picker(_)) => "↑↓ choose · type to filter · ",
            Some(FieldRef::Date(_)) => "e.g. now, today 14:30, -2h · ",
            _ => "",
        },
        Focus::Submit => "Enter ",
    };
    match form.focus() {
        Focus::Submit => format!("{field}{verb} · Tab next field · Esc leave"),
        Focus::Field(_) => format!("{field}Tab next · Ctrl-s {verb} · Esc leave"),
    }
}
