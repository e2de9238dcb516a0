//! The life cycle tabs and the job table. Only the rows on screen are built, however many
//! are loaded, so a frame costs the same with 100 jobs or 100,000.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

use super::{ShortTimes, clip};
use crate::api::job::Job;
use crate::app::App;
use crate::app::due::Due;
use crate::app::jobs::Load;
use crate::app::keymap::{Action, Mode};
use crate::app::sort::Column;

pub(super) fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (i, label) in tab_labels(app, area.width).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(TAB_GAP, theme.dim()));
        }
        let style = if i == app.current {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            theme.text()
        };
        spans.push(Span::styled(label, style));
    }
    let used = Line::from(spans.clone()).width();
    Paragraph::new(Line::from(spans)).render(area, buf);
    super::overview::render(app, area, used, buf);
}

const TAB_GAP: &str = " · ";

/// The text of each tab for a tabs line `width` columns wide: the key digit (when there is
/// room), the state, the loaded count, and "due" while the tab shows only due jobs.
fn tab_labels(app: &App, width: u16) -> Vec<String> {
    // The digits say which key opens the tab; narrow screens drop them to fit.
    let digits = width >= 100;
    app.tabs
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let mut label = tab.state.label().to_owned();
            if digits {
                label = format!("{} {label}", i + 1);
            }
            let count = tab.count_label();
            if !count.is_empty() {
                label = format!("{label} {count}");
            }
            if let Some(types) = tab.assembled_from {
                // Put together from `list`: say so, and over how many job types.
                label = format!("{label} ({types} types)");
            }
            if tab.is_due_only() {
                label.push_str(" (due)");
            }
            label
        })
        .collect()
}

/// The tab drawn at `column` of the tabs line `area`, if any: the mouse's hit test, from
/// the same labels the line is drawn with.
#[must_use]
pub fn tab_at(app: &App, area: Rect, column: u16) -> Option<usize> {
    let mut x = usize::from(area.x) + 1;
    let column = usize::from(column);
    for (i, label) in tab_labels(app, area.width).iter().enumerate() {
        if i > 0 {
            x += TAB_GAP.chars().count();
        }
        let end = x + Line::from(label.as_str()).width();
        if (x..end).contains(&column) {
            return Some(i);
        }
        x = end;
    }
    None
}

/// Column widths for a table `width` columns wide: marker, number, type, status, assignee,
/// scheduled/expiry, updated; the description takes what is left.
fn widths(width: u16) -> [Constraint; COLUMNS] {
    // Narrow screens give the description what the other columns can spare.
    let (number, kind, status, person) = if width >= 90 {
        (8, 12, 12, 12)
    } else {
        (7, 9, 9, 9)
    };
    [
        Constraint::Length(MARKER_WIDTH),
        Constraint::Length(number),
        Constraint::Fill(1),
        Constraint::Length(kind),
        Constraint::Length(status),
        Constraint::Length(person),
        Constraint::Length(12),
        Constraint::Length(12),
    ]
}

/// The marker column, then one per `Column`.
const COLUMNS: usize = 8;
/// Mark (`*`) and due (`!` overdue, `~` today): shown by characters, not colour alone.
const MARKER_WIDTH: u16 = 2;

/// Where each column of a job table drawn in `area` lies (the marker column first), laid
/// out as the table lays them out: the mouse's hit test for sorting by a heading.
#[must_use]
pub fn column_areas(area: Rect) -> Vec<Rect> {
    Layout::horizontal(widths(area.width))
        .spacing(1)
        .split(area)
        .to_vec()
}

/// The column under `x` in a table drawn in `area`, if any.
#[must_use]
pub fn column_at(area: Rect, x: u16) -> Option<Column> {
    let index = column_areas(area)
        .iter()
        .position(|r| (r.x..r.right()).contains(&x))?;
    Column::ALL.get(index.checked_sub(1)?).copied()
}

fn headings(app: &App, width: u16) -> Row<'static> {
    let theme = app.theme;
    let sort = app.tab().sort();
    let widths = widths(width);
    let cells = Column::ALL.iter().enumerate().map(|(i, &column)| {
        let label = column.label();
        let Some(sort) = sort.filter(|s| s.column == column) else {
            return Cell::from(label);
        };
        let arrow = match (sort.descending, theme.color) {
            (false, true) => "▲",
            (true, true) => "▼",
            (false, false) => "^",
            (true, false) => "v",
        };
        let width = match widths[i + 1] {
            Constraint::Length(w) => usize::from(w),
            _ => usize::MAX,
        };
        // The arrow always shows; a narrow column loses the space, then letters.
        let text = if label.chars().count() + 2 <= width {
            format!("{label} {arrow}")
        } else {
            format!("{}{arrow}", clip(label, width.saturating_sub(1)))
        };
        Cell::from(text)
    });
    Row::new(std::iter::once(Cell::from("")).chain(cells))
        .style(theme.title().add_modifier(Modifier::UNDERLINED))
}

/// The texts of a job's row, borrowed from the job and from its two dates (`when`,
/// `updated`), so building a row allocates no text. A job in a state crmjobs does not know
/// shows that state, as written, in the status column: it is what explains the job.
fn cells<'a>(job: &'a Job, when: &'a str, updated: &'a str) -> [&'a str; 7] {
    let assignee = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| u.person_name.as_deref().or(u.username.as_deref()))
        .unwrap_or("");
    [
        job.number.as_str(),
        job.description.as_deref().unwrap_or(""),
        job.job_type.as_ref().map_or("", |t| t.name.as_str()),
        match job.life_cycle_state.known() {
            Some(_) => job.status.as_ref().map_or("", |s| s.name.as_str()),
            None => job.life_cycle_state.label(),
        },
        assignee,
        when,
        updated,
    ]
}

/// The marker column's text: marked (`*`), then overdue (`!`) or due today (`~`).
fn marker(marked: bool, due: Option<Due>) -> &'static str {
    match (marked, due) {
        (false, None) => "  ",
        (false, Some(Due::Overdue)) => " !",
        (false, Some(Due::Today)) => " ~",
        (true, None) => "* ",
        (true, Some(Due::Overdue)) => "*!",
        (true, Some(Due::Today)) => "*~",
    }
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let tab = app.tab();
    if area.height == 0 {
        return;
    }
    let height = usize::from(area.height.saturating_sub(1));
    // The dates first, into one buffer the rows then borrow from.
    let mut times = ShortTimes::new(app.zone);
    let visible: Vec<_> = tab
        .visible(height)
        .map(|(index, job)| {
            let when = times.add(job.scheduled_date.or(job.expiration_date));
            (index, job, [when, times.add(job.updated_date())])
        })
        .collect();
    let clock = app.due_clock();
    let rows = visible.into_iter().map(|(index, job, [when, updated])| {
        let due = clock.judge(job);
        let due_style = match due {
            Some(Due::Overdue) => theme.error(),
            Some(Due::Today) => theme.warning(),
            None => theme.text(),
        };
        let marker = marker(tab.is_marked(&job.number), due);
        let texts = cells(job, times.get(when), times.get(updated));
        let [number, description, kind, status, person, when, updated] = texts;
        let row = Row::new([
            Cell::from(marker).style(due_style),
            Cell::from(number),
            Cell::from(description),
            Cell::from(kind),
            Cell::from(status),
            Cell::from(person),
            Cell::from(when),
            Cell::from(updated),
        ]);
        if index == tab.cursor() {
            row.style(theme.selected())
        } else {
            row
        }
    });
    Table::new(rows, widths(area.width))
        .header(headings(app, area.width))
        .column_spacing(1)
        .render(area, buf);
    if tab.is_empty() {
        let message = empty_message(app);
        let line = Rect::new(area.x, area.y + 1, area.width, 1.min(area.height - 1));
        Paragraph::new(Span::styled(message, theme.dim())).render(line, buf);
    }
}

fn empty_message(app: &App) -> String {
    let tab = app.tab();
    match &tab.load {
        Load::Loading { .. } | Load::NotAsked => " loading…".to_owned(),
        Load::Failed { error, .. } => {
            let key = app
                .keymap
                .key_for(Mode::List, Action::Refresh)
                .unwrap_or_default();
            format!(" could not load: {error} ({key} retries)")
        }
        _ if tab.loaded() > 0 && app.filter.is_empty() => {
            " no loaded job is overdue or due today".to_owned()
        }
        _ if tab.loaded() > 0 => " no loaded job matches the filter".to_owned(),
        _ => format!(" no {} jobs", tab.state.label().to_lowercase()),
    }
}
