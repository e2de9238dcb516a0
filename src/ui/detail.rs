//! A job's detail: the pane beside or below the table, and the full view on Enter with every
//! field the server sends, user-defined fields when set.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use super::theme::Theme;
use super::{long_time, short_time};
use chrono::{DateTime, Utc};

use crate::api::job::{DateField, Job};
use crate::api::model::{JobState, RatingState, UnitRef, UserRef};
use crate::app::App;
use crate::app::remote::Remote;
use crate::when::Zone;

fn field(theme: Theme, label: &str, value: impl Into<String>) -> Line<'_> {
    Line::from(vec![
        Span::styled(format!("{label:<14}"), theme.dim()),
        Span::raw(value.into()),
    ])
}

fn heading(theme: Theme, text: &str) -> Line<'_> {
    Line::from(Span::styled(text, theme.title()))
}

fn user(user: Option<&UserRef>) -> String {
    match user {
        Some(u) => match (u.person_name.as_deref(), u.username.as_deref()) {
            (Some(name), Some(login)) => format!("{name} ({login})"),
            (Some(name), None) => name.to_owned(),
            (None, Some(login)) => login.to_owned(),
            (None, None) => u.id.clone(),
        },
        None => "—".to_owned(),
    }
}

fn unit(unit: Option<&UnitRef>) -> String {
    unit.and_then(|u| u.name.clone())
        .unwrap_or_else(|| "—".to_owned())
}

fn type_line(job: &Job) -> String {
    job.job_type.as_ref().map_or_else(
        || "—".to_owned(),
        |t| format!("{} ({})", t.name, t.fulfillment_scope.as_wire()),
    )
}

fn status_line(job: &Job) -> String {
    job.status
        .as_ref()
        .map_or_else(|| "—".to_owned(), |s| s.name.clone())
}

/// The state as a person reads it; one crmjobs does not know is shown as written, and said so.
fn state_line(state: &JobState) -> String {
    match state.known() {
        Some(known) => known.label().to_owned(),
        None => format!("{} (a state crmjobs does not know)", state.label()),
    }
}

/// How the dates of a job are shown: short or long, in the app's zone.
#[derive(Clone, Copy)]
struct Dates {
    long: bool,
    zone: Zone,
}

impl Dates {
    /// A date field: the date, or the text the server sent when no form reads it, marked.
    fn text(self, job: &Job, field: DateField, date: Option<DateTime<Utc>>) -> String {
        match (date, job.unreadable(field)) {
            (None, Some(text)) => format!("{text} (unreadable)"),
            (date, _) if self.long => long_time(date, self.zone),
            (date, _) => date.map_or_else(|| "—".to_owned(), |d| short_time(Some(d), self.zone)),
        }
    }
}

fn opt(text: Option<&str>) -> String {
    text.filter(|t| !t.is_empty()).unwrap_or("—").to_owned()
}

/// The short form for the pane. Beside the table, what the table already shows (description,
/// state, updated) is left out, so a one-row move rewrites little (the byte budget of a row move).
fn pane_lines(job: &Job, theme: Theme, below: bool, zone: Zone) -> Vec<Line<'static>> {
    let dates = Dates { long: false, zone };
    let assigned = job.assigned_to.as_ref();
    let mut lines = Vec::with_capacity(9);
    if below {
        lines.push(Line::from(opt(job.description.as_deref())));
        lines.push(field(theme, "State", state_line(&job.life_cycle_state)));
    }
    // The scope decides which completion fields apply; beside the table the form and the
    // full view show it, the pane keeps to the type's name.
    let job_type = if below {
        type_line(job)
    } else {
        opt(job.job_type.as_ref().map(|t| t.name.as_str()))
    };
    let person = assigned.and_then(|a| a.user.as_ref());
    let who = match person.and_then(|u| u.person_name.clone()) {
        Some(name) if !below => name,
        _ => user(person),
    };
    lines.extend([
        field(theme, "Status", status_line(job)),
        field(theme, "Type", job_type),
        field(theme, "Assignee", who),
        field(theme, "Unit", unit(assigned.and_then(|a| a.unit.as_ref()))),
        field(
            theme,
            "Scheduled",
            dates.text(job, DateField::ScheduledDate, job.scheduled_date),
        ),
        field(
            theme,
            "Expires",
            dates.text(job, DateField::ExpirationDate, job.expiration_date),
        ),
    ]);
    if below {
        let updated = dates.text(job, DateField::UpdatedDate, job.updated_date());
        lines.push(field(theme, "Updated", updated));
    }
    lines
}

/// Every field, grouped.
fn full_lines(job: &Job, theme: Theme, zone: Zone) -> Vec<Line<'static>> {
    let mut lines = job_and_assignment(job, theme);
    lines.extend(dates_and_log(job, theme, zone));
    lines.extend([
        Line::default(),
        heading(theme, "Contacts"),
        field(theme, "Email", opt(job.contact_email.as_deref())),
        field(theme, "Phone", opt(job.contact_phone.as_deref())),
        Line::default(),
        heading(theme, "Notes"),
    ]);
    lines.extend(
        opt(job.notes.as_deref())
            .lines()
            .map(|l| Line::from(l.to_owned())),
    );
    let udfs = user_defined(job, zone);
    if !udfs.is_empty() {
        lines.push(Line::default());
        lines.push(heading(theme, "User-defined fields"));
        lines.extend(
            udfs.into_iter()
                .map(|(name, value)| field(theme, name, value)),
        );
    }
    lines
}

fn job_and_assignment(job: &Job, theme: Theme) -> Vec<Line<'static>> {
    let assigned = job.assigned_to.as_ref();
    let rating = match job.rating_state {
        Some(RatingState::Pending) => "Pending",
        Some(RatingState::Completed) => "Completed",
        Some(RatingState::Unknown) => "unknown",
        None => "—",
    };
    let business = assigned
        .and_then(|a| a.business_unit.as_ref())
        .and_then(|b| b.name.clone());
    vec![
        heading(theme, "Job"),
        field(theme, "Number", job.number.clone()),
        field(theme, "Id", opt(Some(job.id.as_str()))),
        field(theme, "Description", opt(job.description.as_deref())),
        field(theme, "State", state_line(&job.life_cycle_state)),
        field(theme, "Status", status_line(job)),
        field(theme, "Rating state", rating),
        field(theme, "Type", type_line(job)),
        Line::default(),
        heading(theme, "Assignment"),
        field(
            theme,
            "Assignee",
            user(assigned.and_then(|a| a.user.as_ref())),
        ),
        field(theme, "Unit", unit(assigned.and_then(|a| a.unit.as_ref()))),
        field(theme, "Business unit", opt(business.as_deref())),
    ]
}

fn dates_and_log(job: &Job, theme: Theme, zone: Zone) -> Vec<Line<'static>> {
    let log = job.log_information.clone().unwrap_or_default();
    let dates = Dates { long: true, zone };
    let when = |field, date| dates.text(job, field, date);
    vec![
        Line::default(),
        heading(theme, "Dates"),
        field(
            theme,
            "Scheduled",
            when(DateField::ScheduledDate, job.scheduled_date),
        ),
        field(
            theme,
            "Expires",
            when(DateField::ExpirationDate, job.expiration_date),
        ),
        field(theme, "Started", when(DateField::StartDate, job.start_date)),
        field(
            theme,
            "Expected",
            when(
                DateField::ExpectedCompletionDate,
                job.expected_completion_date,
            ),
        ),
        field(
            theme,
            "Completed",
            when(DateField::ActualCompletedDate, job.actual_completed_date),
        ),
        Line::default(),
        heading(theme, "Log"),
        field(
            theme,
            "Created",
            when(DateField::CreatedDate, log.created_date),
        ),
        field(theme, "Created by", user(log.created_by_user.as_deref())),
        field(
            theme,
            "Updated",
            when(DateField::UpdatedDate, log.updated_date),
        ),
        field(theme, "Updated by", user(log.updated_by_user.as_deref())),
        field(theme, "Updated unit", unit(log.updated_by_unit.as_deref())),
    ]
}

/// The user-defined fields that are set, by wire name.
fn user_defined(job: &Job, zone: Zone) -> Vec<(&'static str, String)> {
    let u = &job.udf;
    let strings = [
        ("udf_string_1", &u.udf_string_1),
        ("udf_string_2", &u.udf_string_2),
        ("udf_string_3", &u.udf_string_3),
        ("udf_string_4", &u.udf_string_4),
        ("udf_string_5", &u.udf_string_5),
        ("udf_string_6", &u.udf_string_6),
        ("udf_string_7", &u.udf_string_7),
        ("udf_string_8", &u.udf_string_8),
    ];
    let floats = [
        ("udf_float_1", u.udf_float_1),
        ("udf_float_2", u.udf_float_2),
        ("udf_float_3", u.udf_float_3),
        ("udf_float_4", u.udf_float_4),
    ];
    let dates = [
        ("udf_date_1", DateField::UdfDate1, u.udf_date_1),
        ("udf_date_2", DateField::UdfDate2, u.udf_date_2),
        ("udf_date_3", DateField::UdfDate3, u.udf_date_3),
        ("udf_date_4", DateField::UdfDate4, u.udf_date_4),
    ];
    let mut set: Vec<(&'static str, String)> = strings
        .into_iter()
        .filter_map(|(n, v)| Some((n, v.clone().filter(|s| !s.is_empty())?)))
        .collect();
    set.extend(
        floats
            .into_iter()
            .filter_map(|(n, v)| Some((n, v?.to_string()))),
    );
    set.extend(
        dates
            .into_iter()
            .filter(|&(_, field, v)| v.is_some() || job.unreadable(field).is_some())
            .map(|(n, field, v)| (n, Dates { long: true, zone }.text(job, field, v))),
    );
    set
}

fn title(job: &Job) -> String {
    format!(" {} · {} ", job.number, job.life_cycle_state.label())
}

/// The pane beside (wide) or below (narrow) the table.
pub(super) fn render_pane(app: &App, area: Rect, below: bool, buf: &mut Buffer) {
    let theme = app.theme;
    let borders = if below { Borders::TOP } else { Borders::LEFT };
    let block = Block::new()
        .borders(borders)
        .border_set(theme.border_set())
        .border_style(theme.dim());
    let Some(job) = app.detail.shown(app.selected()) else {
        block.render(area, buf);
        return;
    };
    let block = block.title(Span::styled(title(job), theme.title()));
    Paragraph::new(pane_lines(job, theme, below, app.zone))
        .block(block)
        .render(area, buf);
}

/// The full detail over the body.
pub(super) fn render_full(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    Clear.render(area, buf);
    let block = theme.block().border_style(theme.focused());
    let Some(job) = app.detail.shown(app.selected()) else {
        block.render(area, buf);
        return;
    };
    let mut block = block.title(Span::styled(title(job), theme.title()));
    match &app.detail.job {
        Remote::Loading => block = block.title_bottom(Span::styled(" loading… ", theme.dim())),
        Remote::Failed(error) => {
            block = block.title_bottom(Span::styled(format!(" {error} "), theme.error()));
        }
        Remote::NotAsked | Remote::Loaded(_) => {}
    }
    Paragraph::new(full_lines(job, theme, app.zone))
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((app.detail.scroll, 0))
        .render(area, buf);
}
