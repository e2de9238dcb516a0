//! What the scripting commands print: an aligned table on a terminal, tab-separated lines
//! when piped, one JSON document with `--json`, CSV (RFC 4180) with `--csv`.
//!
//! Every command builds one [`Table`]; the formats differ only in how cells are written.
//! Dates are local `YYYY-MM-DD HH:MM` in the table (for people) and RFC 3339 UTC elsewhere
//! (for programs).

use std::io::IsTerminal;

use chrono::{DateTime, Local, SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::Global;
use crate::text::{Keep, printable};

/// How output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns with a header, for a terminal.
    Table,
    /// One line per row, tab-separated, no header: for `cut`, `awk`, `while read`.
    Plain,
    /// One JSON document.
    Json,
    /// CSV with a header line.
    Csv,
}

impl Format {
    /// The format the flags ask for, else a table on a terminal and plain lines otherwise.
    #[must_use]
    pub fn choose(global: &Global) -> Format {
        if global.json {
            Self::Json
        } else if global.csv {
            Self::Csv
        } else if global.table || std::io::stdout().is_terminal() {
            Self::Table
        } else {
            Self::Plain
        }
    }
}

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A date, or nothing.
    Date(Option<DateTime<Utc>>),
    /// Nothing (JSON `null`, an empty field elsewhere).
    Empty,
    /// A yes/no value (JSON boolean).
    Flag(bool),
}

impl Cell {
    /// Text, or nothing when `None`.
    pub fn opt(text: Option<impl Into<String>>) -> Cell {
        text.map_or(Self::Empty, |t| Self::Text(t.into()))
    }

    fn plain(&self) -> String {
        match self {
            // Server text never carries a control character to the terminal or a script.
            Self::Text(text) => printable(text, Keep::OneLine).into_owned(),
            Self::Date(Some(date)) => date.to_rfc3339_opts(SecondsFormat::Secs, true),
            Self::Date(None) | Self::Empty => String::new(),
            Self::Flag(flag) => if *flag { "yes" } else { "no" }.to_owned(),
        }
    }

    /// As [`Cell::plain`], but a text keeps its tabs and line breaks (CSV quotes them).
    fn csv(&self) -> String {
        match self {
            Self::Text(text) => printable(text, Keep::Lines).into_owned(),
            other => other.plain(),
        }
    }

    fn human(&self) -> String {
        match self {
            Self::Date(Some(date)) => date
                .with_timezone(&Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            Self::Date(None) | Self::Empty => "—".to_owned(),
            other => other.plain(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Self::Text(text) => Value::String(text.clone()),
            Self::Date(None) | Self::Empty => Value::Null,
            Self::Date(Some(_)) => Value::String(self.plain()),
            Self::Flag(flag) => Value::Bool(*flag),
        }
    }
}

/// Rows under named columns; `key` names the list in JSON (`{"jobs": [...]}`).
#[derive(Debug, Clone)]
pub struct Table {
    /// The JSON key of the rows.
    pub key: &'static str,
    /// Column names, `snake_case` (the JSON and CSV names).
    pub columns: &'static [&'static str],
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// The widest a table cell gets before it is cut with `…`.
const MAX_CELL: usize = 48;

impl Table {
    /// The text to print in `format`, ending with a newline (nothing for an empty plain list).
    #[must_use]
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.table(),
            Format::Plain => self
                .rows
                .iter()
                .map(|row| row.iter().map(Cell::plain).collect::<Vec<_>>().join("\t") + "\n")
                .collect(),
            Format::Json => {
                let rows = self.rows.iter().map(|row| self.object(row)).collect();
                let mut doc = Map::new();
                doc.insert(self.key.to_owned(), Value::Array(rows));
                json_text(&Value::Object(doc))
            }
            Format::Csv => {
                let mut out = csv_line(self.columns.iter().map(|c| (*c).to_owned()));
                for row in &self.rows {
                    out += &csv_line(row.iter().map(Cell::csv));
                }
                out
            }
        }
    }

    /// One row as a JSON object.
    #[must_use]
    pub fn object(&self, row: &[Cell]) -> Value {
        let mut object = Map::new();
        for (name, cell) in self.columns.iter().zip(row) {
            object.insert((*name).to_owned(), cell.json());
        }
        Value::Object(object)
    }

    fn table(&self) -> String {
        let header: Vec<String> = self
            .columns
            .iter()
            .map(|c| c.replace('_', " ").to_uppercase())
            .collect();
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|c| cut(&c.human())).collect())
            .collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &body {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        std::iter::once(&header)
            .chain(&body)
            .map(|row| aligned(row, &widths))
            .collect()
    }
}

/// Writes `text` to standard output. A reader that went away (`| head`) is not an error
/// worth a panic: the rest is dropped quietly.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Tells the user something beside the output (on stderr, so the output stays clean for a
/// script); never panics when stderr is gone.
pub fn note(text: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "crmjobs: {}",
        printable(text, Keep::OneLine)
    );
}

/// A JSON value, pretty-printed, with a final newline.
#[must_use]
pub fn json_text(value: &Value) -> String {
    // Serialising a Value cannot fail: every key is a string.
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CELL {
        text.to_owned()
    } else {
        text.chars().take(MAX_CELL - 1).collect::<String>() + "…"
    }
}

fn aligned(row: &[String], widths: &[usize]) -> String {
    let last = row.len().saturating_sub(1);
    let mut line = String::new();
    for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
        line += cell;
        if i < last {
            line.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
        }
    }
    line.trim_end().to_owned() + "\n"
}

/// One CSV record: fields with a comma, quote or line break are quoted, quotes doubled.
fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let quoted: Vec<String> = fields
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    quoted.join(",") + "\r\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            key: "things",
            columns: &["name", "note"],
            rows: vec![
                vec![Cell::Text("a, b".into()), Cell::Text("say \"hi\"".into())],
                vec![Cell::Text("tab\there".into()), Cell::Empty],
            ],
        }
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        assert_eq!(
            sample().render(Format::Csv),
            "name,note\r\n\"a, b\",\"say \"\"hi\"\"\"\r\ntab here,\r\n"
        );
    }

    #[test]
    fn plain_lines_keep_one_record_per_line() {
        assert_eq!(
            sample().render(Format::Plain),
            "a, b\tsay \"hi\"\ntab here\t\n"
        );
    }

    #[test]
    fn json_uses_the_column_names_and_null() {
        let doc: Value = serde_json::from_str(&sample().render(Format::Json)).unwrap();
        assert_eq!(doc["things"][1]["note"], Value::Null);
        assert_eq!(doc["things"][0]["name"], "a, b");
    }

    #[test]
    fn table_aligns_and_cuts_long_cells() {
        let mut table = sample();
        table
            .rows
            .push(vec![Cell::Text("x".repeat(60)), Cell::Empty]);
        let text = table.render(Format::Table);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            format!("NAME{}NOTE", " ".repeat(MAX_CELL - 4 + 2))
        );
        assert!(lines[3].starts_with(&format!("{}…", "x".repeat(MAX_CELL - 1))));
    }
}
