//! One life cycle tab: the rows loaded so far, how paging stands, the cursor and the scroll
//! offset (kept here, not in the view, so rendering only reads).

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::RequestId;
use super::filter::{Filter, Haystacks, haystack};
use super::sort::Sort;
use crate::api::job::{Job, JobPage};
use crate::api::model::{LifeCycleState, Page};
use crate::api::paging;

/// Rows asked per page.
pub const PAGE_SIZE: u32 = 50;
/// The next page is asked when the cursor comes this close to the last loaded row.
const PREFETCH: usize = 10;

/// How the tab's list stands against the server. A paged `Remote`: rows already loaded stay
/// visible while the next page or a refresh is on its way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    /// Nothing asked yet.
    NotAsked,
    /// `page` was asked by request `id`; offset 0 means a first load or a refresh.
    Loading {
        /// The request whose answer is awaited; any other answer is stale.
        id: RequestId,
        /// The rows asked.
        page: Page,
    },
    /// More rows exist on the server; this page comes next.
    More(Page),
    /// Every row is loaded.
    End,
    /// The last request failed; `retry` is the page to ask again.
    Failed {
        /// What the user reads.
        error: String,
        /// The page that failed.
        retry: Page,
    },
}

/// One tab.
#[derive(Debug)]
pub struct JobList {
    /// The life cycle state the tab lists.
    pub state: LifeCycleState,
    pub(super) rows: Vec<Job>,
    haystacks: Haystacks,
    numbers: HashSet<String>,
    /// Paging.
    pub load: Load,
    /// Indices of the rows shown, in order; `None` shows every row.
    view: Option<Vec<usize>>,
    /// Whether the view hides rows (filter or due-only), which stops paging.
    filtered: bool,
    cursor: usize,
    offset: usize,
    /// The job the cursor was on when a refresh was asked.
    anchor: Option<String>,
    /// Jobs asked per page (the profile's `page_size`).
    pub page_size: u32,
    /// The column sort, if any.
    pub(super) sort: Option<Sort>,
    /// Every row index in sort order, while sorted (recomputed when the rows change).
    pub(super) order: Option<Vec<usize>>,
    /// Show only due jobs, judged by this clock.
    pub(super) due_only: Option<super::due::DueClock>,
    /// Marked jobs, by number, so marks survive filtering, sorting and refresh.
    pub(super) marks: HashSet<String>,
    /// The job range marking starts from.
    pub(super) mark_anchor: Option<String>,
    /// While the rows shown come from the job cache (no answer from the server has
    /// replaced them yet): when they were saved and whether they were all of the state.
    saved: Option<(DateTime<Utc>, bool)>,
    /// `Some(types)` while the rows come from `list` over that many job types, because the
    /// server has no method for this tab.
    pub assembled_from: Option<usize>,
    /// When the server last answered the first page (what the cache records).
    pub(super) fetched_at: Option<DateTime<Utc>>,
}

impl JobList {
    /// An empty tab.
    #[must_use]
    pub fn new(state: LifeCycleState) -> Self {
        Self {
            state,
            rows: Vec::new(),
            haystacks: Haystacks::default(),
            numbers: HashSet::new(),
            load: Load::NotAsked,
            view: None,
            filtered: false,
            cursor: 0,
            offset: 0,
            anchor: None,
            page_size: PAGE_SIZE,
            sort: None,
            order: None,
            due_only: None,
            marks: HashSet::new(),
            mark_anchor: None,
            saved: None,
            assembled_from: None,
            fetched_at: None,
        }
    }

    /// When the rows shown were saved, while they come from the job cache.
    #[must_use]
    pub fn saved_at(&self) -> Option<DateTime<Utc>> {
        self.saved.map(|(at, _)| at)
    }

    /// Shows `jobs` saved at `saved_at` until the server answers. Only an empty tab takes
    /// them: rows from the server always win over saved ones. True when taken.
    pub fn take_saved(
        &mut self,
        jobs: Vec<Job>,
        saved_at: DateTime<Utc>,
        complete: bool,
        filter: &mut Filter,
    ) -> bool {
        let answered = matches!(self.load, Load::More(_) | Load::End);
        if answered || !self.rows.is_empty() {
            return false;
        }
        self.append_rows(jobs);
        self.saved = Some((saved_at, complete));
        self.resort();
        self.refilter(filter);
        true
    }

    /// What the job cache keeps of this tab: its rows and when they came from the server,
    /// or `None` when no rows came (the cache then keeps nothing of it).
    #[must_use]
    pub fn to_save(&self) -> Option<crate::jobcache::TabToSave<'_>> {
        let (saved_at, complete) = match self.saved {
            Some(saved) => saved,
            None => (self.fetched_at?, self.load == Load::End),
        };
        Some(crate::jobcache::TabToSave {
            state: self.state,
            saved_at,
            complete,
            jobs: &self.rows,
        })
    }

    /// How many rows are shown (after the filter).
    #[must_use]
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(self.rows.len(), Vec::len)
    }

    /// Whether no row is shown.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every loaded row, in the server's order.
    #[must_use]
    pub fn rows(&self) -> &[Job] {
        &self.rows
    }

    /// How many rows are loaded (before the filter).
    #[must_use]
    pub fn loaded(&self) -> usize {
        self.rows.len()
    }

    /// The tab's count as shown: `50+` while more pages exist.
    #[must_use]
    pub fn count_label(&self) -> String {
        let more = matches!(
            self.load,
            Load::More(_) | Load::Failed { .. } | Load::Loading { .. }
        ) && !self.rows.is_empty();
        if let Some((_, complete)) = self.saved.filter(|_| !self.rows.is_empty()) {
            let plus = if complete { "" } else { "+" };
            return format!("{}{plus}", self.rows.len());
        }
        match (&self.load, self.rows.is_empty()) {
            (Load::NotAsked, _) => String::new(),
            (Load::Loading { .. }, true) => "…".to_owned(),
            (Load::Failed { .. }, true) => "!".to_owned(),
            _ if more => format!("{}+", self.rows.len()),
            _ => self.rows.len().to_string(),
        }
    }

    /// Cursor position among the shown rows.
    #[must_use]
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// First shown row on screen.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The job under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<&Job> {
        self.row_at(self.cursor)
    }

    /// The shown row at `index`.
    #[must_use]
    pub fn row_at(&self, index: usize) -> Option<&Job> {
        let row = match &self.view {
            Some(view) => *view.get(index)?,
            None => index,
        };
        self.rows.get(row)
    }

    /// The rows on screen: at most `height` from the scroll offset. Only these are built
    /// per frame, however many are loaded.
    pub fn visible(&self, height: usize) -> impl Iterator<Item = (usize, &Job)> {
        let end = self.len().min(self.offset.saturating_add(height));
        (self.offset..end).filter_map(|i| Some((i, self.row_at(i)?)))
    }

    /// Asks the first page (or, with rows loaded, a refresh of everything loaded so far).
    pub fn request_refresh(&mut self, id: RequestId) -> Page {
        self.anchor = self.selected().map(|j| j.number.clone());
        // Saved rows are replaced by the first page: asking for as many as were saved
        // (maybe 100,000) in one request would keep the user waiting for all of them.
        let loaded = if self.saved.is_some() {
            0
        } else {
            u32::try_from(self.rows.len()).unwrap_or(u32::MAX)
        };
        let per_page = self.page_size.max(1);
        let size = loaded.div_ceil(per_page).max(1).saturating_mul(per_page);
        let page = Page { offset: 0, size };
        self.load = Load::Loading { id, page };
        page
    }

    /// The page to fetch now, if the cursor is near the end of what is loaded and more
    /// exist. Paging follows the unfiltered list: the filter works on what is loaded.
    #[must_use]
    pub fn wants_more(&self) -> Option<Page> {
        match self.load {
            Load::More(page) if !self.filtered => {
                (self.cursor + PREFETCH >= self.rows.len()).then_some(page)
            }
            _ => None,
        }
    }

    /// Marks `page` as asked by `id`.
    pub fn request_page(&mut self, id: RequestId, page: Page) {
        self.load = Load::Loading { id, page };
    }

    /// Whether `id` is the request this tab waits for.
    #[must_use]
    pub fn awaits(&self, id: RequestId) -> bool {
        matches!(self.load, Load::Loading { id: awaited, .. } if awaited == id)
    }

    /// Takes a page answer. The caller has checked `awaits(id)`. Paging goes on only while
    /// pages come back as long as asked and bring rows not loaded yet (a server that
    /// ignores paging sends its whole list every time; see `api::paging`).
    pub fn take_page(&mut self, page: Page, result: Result<JobPage, String>, filter: &mut Filter) {
        let jobs = match result {
            Ok(jobs) => jobs,
            Err(error) => {
                self.load = Load::Failed { error, retry: page };
                return;
            }
        };
        let received = jobs.received();
        if page.offset == 0 {
            self.assembled_from = jobs.assembled_from;
        }
        let before = if page.offset == 0 { 0 } else { self.rows.len() };
        if page.offset == 0 {
            self.saved = None;
            self.replace_rows(jobs.jobs);
        } else {
            self.append_rows(jobs.jobs);
        }
        let new = self.rows.len().saturating_sub(before);
        let capped = self.rows.len() >= paging::MAX_ROWS;
        self.load = match paging::after_page(page.size, received, new) {
            None if !capped => Load::More(Page {
                offset: page.offset.saturating_add(page.size),
                size: self.page_size.max(1),
            }),
            _ => Load::End,
        };
        self.resort();
        self.refilter(filter);
    }

    /// A refresh's rows replace the loaded ones. The cursor stays on the job it is on now
    /// (the user may have moved while the refresh was on its way); marks of jobs that left
    /// the tab go.
    fn replace_rows(&mut self, jobs: Vec<Job>) {
        let anchor = self.anchor.take();
        let current = self.selected().map(|j| j.number.clone()).or(anchor);
        self.rows.clear();
        self.haystacks.clear();
        self.numbers.clear();
        self.append_rows(jobs);
        self.marks.retain(|n| self.numbers.contains(n));
        self.view = None;
        if let Some(index) = current.and_then(|n| self.rows.iter().position(|j| j.number == n)) {
            self.cursor = index;
        }
    }

    fn append_rows(&mut self, jobs: Vec<Job>) {
        for job in jobs {
            // Offset paging over a changing list can repeat a row; show it once.
            if self.numbers.insert(job.number.clone()) {
                self.haystacks.push(haystack(&job));
                self.rows.push(job);
            }
        }
    }

    /// Recomputes the shown rows after the filter or the rows changed.
    pub fn refilter(&mut self, filter: &mut Filter) {
        let selected = self.selected().map(|j| j.number.clone());
        let matched = filter.view(&self.haystacks);
        self.filtered = matched.is_some() || self.due_only.is_some();
        self.view = self.compose_view(matched);
        let found = selected.and_then(|n| (0..self.len()).find(|&i| self.number_at(i) == Some(&n)));
        self.cursor = found.unwrap_or(0).min(self.len().saturating_sub(1));
        self.offset = self.offset.min(self.cursor);
    }

    fn number_at(&self, index: usize) -> Option<&String> {
        self.row_at(index).map(|j| &j.number)
    }

    /// Moves the cursor by `delta` rows and scrolls so it stays within `height` rows.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let last = self.len().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
        self.scroll_into_view(height);
    }

    /// Puts the cursor on the shown row `index` (clamped).
    pub fn move_to(&mut self, index: usize, height: usize) {
        self.cursor = index.min(self.len().saturating_sub(1));
        self.scroll_into_view(height);
    }

    /// Scrolls the least needed to show the cursor in `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
    }

    /// Replaces a loaded job with a newer copy; true when it was loaded here. A sorted,
    /// filtered or due-only tab places it anew (its new values may move it); the cursor
    /// stays on the job it was on.
    pub fn update_job(&mut self, job: &Job, filter: &mut Filter) -> bool {
        let Some(index) = self.rows.iter().position(|j| j.number == job.number) else {
            return false;
        };
        if self.rows[index] == *job {
            return true;
        }
        self.haystacks.replace(index, haystack(job));
        self.rows[index] = job.clone();
        if self.sort.is_some() || self.filtered {
            self.resort();
            self.refilter(filter);
        }
        true
    }

    /// Removes a job (it moved to another state); the cursor stays on the same place.
    pub fn remove(&mut self, number: &str, filter: &mut Filter) {
        if let Some(index) = self.rows.iter().position(|j| j.number == number) {
            self.rows.remove(index);
            self.haystacks.remove(index);
            self.numbers.remove(number);
            self.marks.remove(number);
            let cursor = self.cursor;
            self.view = None;
            self.resort();
            self.refilter(filter);
            self.cursor = cursor.min(self.len().saturating_sub(1));
        }
    }

    /// Adds a job that arrived in this state at the top (the server lists newest first),
    /// unless the tab was never loaded: its first load will bring it.
    pub fn insert_front(&mut self, job: Job, filter: &mut Filter) {
        if self.load == Load::NotAsked || self.numbers.contains(&job.number) {
            return;
        }
        self.numbers.insert(job.number.clone());
        self.haystacks.insert(0, haystack(&job));
        let selected = self.selected().map(|j| j.number.clone());
        self.rows.insert(0, job);
        self.view = None;
        self.resort();
        self.view = self.compose_view(filter.view(&self.haystacks));
        if let Some(n) = selected {
            self.cursor = (0..self.len())
                .find(|&i| self.number_at(i) == Some(&n))
                .unwrap_or(self.cursor);
        }
    }
}
