//! The life cycle tabs and the job table. Only the rows on screen are built, however many
//! are loaded, so a frame costs the same with 100 jobs or 100,000.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row, Table, Widget};

use super::short_time;
use crate::api::job::Job;
use crate::app::App;
use crate::app::jobs::Load;
use crate::app::keymap::{Action, Mode};

pub(super) fn render_tabs(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    // The digits say which key opens the tab; narrow screens drop them to fit.
    let digits = area.width >= 100;
    let mut spans = vec![Span::raw(" ")];
    for (i, tab) in app.tabs.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        let mut label = tab.state.label().to_owned();
        if digits {
            label = format!("{} {label}", i + 1);
        }
        let count = tab.count_label();
        if !count.is_empty() {
            label = format!("{label} {count}");
        }
        let style = if i == app.current {
            theme.selected().add_modifier(Modifier::BOLD)
        } else {
            theme.text()
        };
        spans.push(Span::styled(label, style));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// Column widths for a table `width` columns wide: number, type, status, assignee,
/// scheduled/expiry, updated; the description takes what is left.
fn widths(width: u16) -> [Constraint; 7] {
    // Narrow screens give the description what the other columns can spare.
    let (number, kind, status, person) = if width >= 90 {
        (8, 12, 12, 12)
    } else {
        (7, 9, 9, 9)
    };
    [
        Constraint::Length(number),
        Constraint::Fill(1),
        Constraint::Length(kind),
        Constraint::Length(status),
        Constraint::Length(person),
        Constraint::Length(12),
        Constraint::Length(12),
    ]
}

fn cells(job: &Job) -> [String; 7] {
    let assignee = job
        .assigned_to
        .as_ref()
        .and_then(|a| a.user.as_ref())
        .and_then(|u| u.person_name.as_deref().or(u.username.as_deref()))
        .unwrap_or("");
    [
        job.number.clone(),
        job.description.clone().unwrap_or_default(),
        job.job_type
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default(),
        job.status
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        assignee.to_owned(),
        short_time(job.scheduled_date.or(job.expiration_date)),
        short_time(job.updated_date()),
    ]
}

pub(super) fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let tab = app.tab();
    if area.height == 0 {
        return;
    }
    let header = Row::new([
        "Number",
        "Description",
        "Type",
        "Status",
        "Assignee",
        "Sched/Exp",
        "Updated",
    ])
    .style(theme.title().add_modifier(Modifier::UNDERLINED));
    let height = usize::from(area.height.saturating_sub(1));
    let widths = widths(area.width);
    let rows = tab.visible(height).map(|(index, job)| {
        let row = Row::new(cells(job));
        if index == tab.cursor() {
            row.style(theme.selected())
        } else {
            row
        }
    });
    Table::new(rows, widths)
        .header(header)
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
        _ if tab.loaded() > 0 => " no loaded job matches the filter".to_owned(),
        _ => format!(" no {} jobs", tab.state.label().to_lowercase()),
    }
}
