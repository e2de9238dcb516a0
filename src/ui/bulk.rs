//! The bulk completion modal: the status picker for all marked jobs (with why no status is
//! common, when none is), then one line per job with its outcome. Its keys are in the
//! footer, generated from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget, Wrap};

use super::clip;
use super::layout::centered;
use super::theme::Theme;
use crate::app::bulk::{Bulk, Outcome};

pub(super) fn render(bulk: &Bulk, area: Rect, buf: &mut Buffer, theme: Theme) {
    let width = area.width.saturating_sub(2).min(90);
    let inner_width = usize::from(width.saturating_sub(4));
    let mut lines = Vec::new();
    if bulk.is_sent() {
        lines.extend(results(bulk, inner_width, theme));
    } else {
        lines.extend(choices(bulk, theme));
    }
    // Long lines wrap: count the rows they take so nothing is cut off.
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width.max(1)).max(1))
        .sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let modal = centered(area, width, height);
    Clear.render(modal, buf);
    let title = format!(" Complete {} marked jobs ", bulk.items.len());
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .title(Span::styled(title, theme.title()))
                .border_style(theme.focused())
                .padding(Padding::horizontal(1)),
        )
        .render(modal, buf);
}

fn choices(bulk: &Bulk, theme: Theme) -> Vec<Line<'static>> {
    let numbers: Vec<&str> = bulk.items.iter().map(|i| i.job.number.as_str()).collect();
    let mut lines = vec![
        Line::from(numbers.join(" ")),
        Line::default(),
        Line::styled("Status for all of them", theme.title()),
    ];
    if bulk.is_loading() {
        lines.push(Line::styled(
            "  loading the statuses of their types…",
            theme.dim(),
        ));
    }
    for (index, choice) in bulk.choices().into_iter().enumerate() {
        let label = match choice {
            None => "each type's default status".to_owned(),
            Some(entry) => entry.status.name.clone(),
        };
        let line = if index == bulk.cursor {
            Line::styled(format!("> {label}"), theme.selected())
        } else {
            Line::from(format!("  {label}"))
        };
        lines.push(line);
    }
    if let Some(note) = bulk.status_note() {
        lines.push(Line::styled(format!("! {note}"), theme.warning()));
    }
    lines
}

fn results(bulk: &Bulk, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = bulk
        .items
        .iter()
        .map(|item| {
            let (mark, text, style) = match &item.outcome {
                Outcome::Ready => ("·", "not sent".to_owned(), theme.dim()),
                Outcome::Sending(_) => ("…", "sending".to_owned(), theme.dim()),
                Outcome::Completed(status) => {
                    ("✓", format!("completed ({status})"), theme.success())
                }
                Outcome::Failed(why) => ("✗", format!("failed: {why}"), theme.error()),
                Outcome::Queued(why) => ("⧗", format!("waiting: {why}"), theme.dim()),
            };
            let text = clip(&text, width.saturating_sub(12));
            Line::from(vec![
                Span::raw(format!("{} ", item.job.number)),
                Span::styled(format!("{mark} {text}"), style),
            ])
        })
        .collect();
    // The keys are in the footer, from the keymap.
    if bulk.sending() > 0 {
        lines.push(Line::default());
        let text = format!("{} still on their way", bulk.sending());
        lines.push(Line::styled(text, theme.dim()));
    }
    lines
}
