//! Sorting a tab's loaded jobs by a column of the table, ascending or descending, and the
//! view that combines the sort, the fuzzy filter and the due-only toggle. The order is
//! computed once per change (rows, sort, filter), never per frame.

use super::App;
use super::Command;
use super::due;
use super::filter::Filter;
use super::jobs::JobList;
use crate::api::job::Job;

/// A column of the job table, in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The job number.
    Number,
    /// The description.
    Description,
    /// The job type's name.
    Type,
    /// The status name.
    Status,
    /// The assigned user.
    Assignee,
    /// The scheduled date, else the expiration date.
    Due,
    /// The last update.
    Updated,
}

impl Column {
    /// Every column, in table order (the order `S` cycles through).
    pub const ALL: [Self; 7] = [
        Self::Number,
        Self::Description,
        Self::Type,
        Self::Status,
        Self::Assignee,
        Self::Due,
        Self::Updated,
    ];

    /// The position of the column in the table.
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// Heading text, as in the table.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Number => "Number",
            Self::Description => "Description",
            Self::Type => "Type",
            Self::Status => "Status",
            Self::Assignee => "Assignee",
            Self::Due => "Sched/Exp",
            Self::Updated => "Updated",
        }
    }
}

/// How a tab is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// By which column.
    pub column: Column,
    /// Largest (or latest, or last in the alphabet) first.
    pub descending: bool,
}

impl Sort {
    /// The row indices of `rows` in this order. Rows without a value go last either way;
    /// ties keep the server's order (the sort is stable).
    #[must_use]
    pub fn order(self, rows: &[Job]) -> Vec<usize> {
        match self.column {
            Column::Due => self.sorted(rows.iter().map(|j| due_date(j).map(|d| d.timestamp()))),
            Column::Updated => {
                self.sorted(rows.iter().map(|j| j.updated_date().map(|d| d.timestamp())))
            }
            column => self.sorted(rows.iter().map(|j| text_key(j, column))),
        }
    }

    fn sorted<K: Ord>(self, keys: impl Iterator<Item = Option<K>>) -> Vec<usize> {
        let keys: Vec<Option<K>> = keys.collect();
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| match (&keys[a], &keys[b]) {
            (Some(x), Some(y)) if self.descending => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        order
    }
}

/// What the Sched/Exp column shows.
fn due_date(job: &Job) -> Option<chrono::DateTime<chrono::Utc>> {
    job.scheduled_date.or(job.expiration_date)
}

/// Text columns compare case-insensitively; an empty value counts as missing.
fn text_key(job: &Job, column: Column) -> Option<String> {
    let text = match column {
        Column::Number => Some(job.number.as_str()),
        Column::Description => job.description.as_deref(),
        Column::Type => job.job_type.as_ref().map(|t| t.name.as_str()),
        Column::Status => job.status.as_ref().map(|s| s.name.as_str()),
        Column::Assignee => {
            let user = job.assigned_to.as_ref().and_then(|a| a.user.as_ref());
            user.and_then(|u| u.person_name.as_deref().or(u.username.as_deref()))
        }
        Column::Due | Column::Updated => None,
    };
    text.filter(|t| !t.is_empty()).map(str::to_lowercase)
}

impl JobList {
    /// The tab's sort, if any (`None`: the server's order).
    #[must_use]
    pub fn sort(&self) -> Option<Sort> {
        self.sort
    }

    /// Sorts the tab (or returns it to the server's order); the cursor stays on its job.
    pub fn set_sort(&mut self, sort: Option<Sort>, filter: &mut Filter) {
        self.sort = sort;
        self.resort();
        self.refilter(filter);
    }

    /// Recomputes the sorted order after the rows changed.
    pub(super) fn resort(&mut self) {
        self.order = self.sort.map(|s| s.order(&self.rows));
    }

    /// Shows only jobs overdue or due today (judged by `clock`), or every job with `None`.
    pub fn set_due_only(&mut self, clock: Option<due::DueClock>, filter: &mut Filter) {
        self.due_only = clock;
        self.refilter(filter);
    }

    /// The shown rows: the filter's matches (best first, or in sort order when sorted),
    /// kept to due jobs when asked. `None` shows every row in the server's order.
    pub(super) fn compose_view(&self, matched: Option<Vec<usize>>) -> Option<Vec<usize>> {
        let clock = self.due_only;
        let keep_due = |i: &usize| clock.is_none_or(|c| c.judge(&self.rows[*i]).is_some());
        match (matched, &self.order) {
            (None, None) if self.due_only.is_none() => None,
            (None, None) => Some((0..self.rows.len()).filter(keep_due).collect()),
            (None, Some(order)) => Some(order.iter().copied().filter(keep_due).collect()),
            (Some(matched), None) => Some(matched.into_iter().filter(keep_due).collect()),
            (Some(matched), Some(order)) => {
                let mut hit = vec![false; self.rows.len()];
                for i in matched {
                    hit[i] = true;
                }
                let kept = order.iter().copied().filter(|i| hit[*i] && keep_due(i));
                Some(kept.collect())
            }
        }
    }
}

impl App {
    /// `S`: sorts the shown tab by the next column (after the last one: the server's order).
    pub(super) fn sort_next(&mut self) -> Vec<Command> {
        let sort = match self.tab().sort() {
            None => Some(Sort {
                column: Column::Number,
                descending: false,
            }),
            Some(sort) => Column::ALL
                .get(sort.column.index() + 1)
                .map(|&column| Sort {
                    column,
                    descending: sort.descending,
                }),
        };
        self.apply_sort(sort)
    }

    /// `R`: reverses the shown tab's order (unsorted: latest update first).
    pub(super) fn sort_reverse(&mut self) -> Vec<Command> {
        let sort = match self.tab().sort() {
            None => Sort {
                column: Column::Updated,
                descending: true,
            },
            Some(sort) => Sort {
                descending: !sort.descending,
                ..sort
            },
        };
        self.apply_sort(Some(sort))
    }

    pub(super) fn apply_sort(&mut self, sort: Option<Sort>) -> Vec<Command> {
        let rows = self.list_rows();
        let tab = &mut self.tabs[self.current];
        tab.set_sort(sort, &mut self.filter);
        tab.scroll_into_view(rows);
        self.notice = Some(super::Notice::Info(match sort {
            Some(s) => format!(
                "sorted by {} {}",
                s.column.label().to_lowercase(),
                if s.descending {
                    "descending"
                } else {
                    "ascending"
                }
            ),
            None => "in the server's order".to_owned(),
        }));
        Vec::new()
    }
}
