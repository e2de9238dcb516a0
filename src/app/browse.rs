//! The job list: moving, switching tabs, filtering, refreshing, paging and help.

use crossterm::event::KeyEvent;

use super::keymap::Action;
use super::{App, Command, Connection, Notice, Overlay, RequestId};
use crate::api::error::ApiError;
use crate::api::job::JobPage;
use crate::api::model::{LifeCycleState, Page};

impl App {
    pub(super) fn list_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Up
            | Action::Down
            | Action::Top
            | Action::Bottom
            | Action::PageUp
            | Action::PageDown => self.move_cursor(action),
            Action::NextTab => self.switch_tab((self.current + 1) % self.tabs.len()),
            Action::PrevTab => {
                self.switch_tab((self.current + self.tabs.len() - 1) % self.tabs.len())
            }
            Action::Tab(index) => self.switch_tab(usize::from(index)),
            Action::Filter => {
                self.filtering = true;
                Vec::new()
            }
            Action::Back if !self.filter.is_empty() => self.clear_filter(),
            Action::Open => self.open_detail(),
            Action::Complete if self.tab().marked() > 0 => self.open_bulk(),
            Action::Start | Action::Complete | Action::Cancel => self.open_form(action),
            Action::Refresh => self.refresh(),
            Action::Mark | Action::MarkRange | Action::MarkDown | Action::MarkUp => {
                self.mark_action(action)
            }
            Action::Copy | Action::CopySummary => self.copy(action),
            Action::SortNext => self.sort_next(),
            Action::SortReverse => self.sort_reverse(),
            Action::DueOnly => self.toggle_due_only(),
            Action::Outbox => self.open_outbox(),
            Action::Help => {
                self.overlay = Overlay::Help(0);
                Vec::new()
            }
            _ => self.unchanged(),
        }
    }

    pub(super) fn filter_action(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::AcceptFilter => {
                self.filtering = false;
                Vec::new()
            }
            Action::Back => {
                self.filtering = false;
                self.clear_filter()
            }
            Action::Up | Action::Down => self.move_cursor(action),
            _ => self.unchanged(),
        }
    }

    pub(super) fn filter_text(&mut self, key: KeyEvent) -> Vec<Command> {
        if !self.filter.type_key(key) {
            return self.unchanged();
        }
        self.apply_filter();
        Vec::new()
    }

    pub(super) fn help_action(&mut self, action: Action) -> Vec<Command> {
        let Overlay::Help(scroll) = &mut self.overlay else {
            return self.unchanged();
        };
        match action {
            Action::Back | Action::Help => self.overlay = Overlay::None,
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            _ => return self.unchanged(),
        }
        Vec::new()
    }

    fn clear_filter(&mut self) -> Vec<Command> {
        self.filter.clear();
        self.apply_filter();
        Vec::new()
    }

    fn apply_filter(&mut self) {
        let rows = self.list_rows();
        let tab = &mut self.tabs[self.current];
        tab.refilter(&mut self.filter);
        tab.scroll_into_view(rows);
        self.detail.unpin();
    }

    fn move_cursor(&mut self, action: Action) -> Vec<Command> {
        let rows = self.list_rows();
        let page = isize::try_from(rows.max(1)).unwrap_or(1);
        let before = self.tab().cursor();
        let tab = self.tab_mut();
        match action {
            Action::Up => tab.move_by(-1, rows),
            Action::Down => tab.move_by(1, rows),
            Action::PageUp => tab.move_by(-page, rows),
            Action::PageDown => tab.move_by(page, rows),
            Action::Top => tab.move_to(0, rows),
            _ => tab.move_to(usize::MAX, rows),
        }
        let commands = self.fetch_more();
        if self.tab().cursor() == before && commands.is_empty() {
            return self.unchanged();
        }
        self.detail.unpin();
        commands
    }

    /// Asks the next page of the shown tab when the cursor nears the end of what is loaded.
    pub(super) fn fetch_more(&mut self) -> Vec<Command> {
        let Some(page) = self.tab().wants_more() else {
            return Vec::new();
        };
        let id = self.next_request();
        let tab = self.tab_mut();
        tab.request_page(id, page);
        vec![Command::FetchJobs {
            id,
            state: tab.state,
            page,
        }]
    }

    pub(super) fn switch_tab(&mut self, index: usize) -> Vec<Command> {
        if index >= self.tabs.len() || index == self.current {
            return self.unchanged();
        }
        self.current = index;
        self.detail.unpin();
        let rows = self.list_rows();
        let tab = &mut self.tabs[index];
        tab.refilter(&mut self.filter);
        tab.scroll_into_view(rows);
        if tab.load == super::jobs::Load::NotAsked {
            return self.load_tab(index);
        }
        Vec::new()
    }

    pub(super) fn load_tab(&mut self, index: usize) -> Vec<Command> {
        let id = self.next_request();
        let tab = &mut self.tabs[index];
        let page = tab.request_refresh(id);
        vec![Command::FetchJobs {
            id,
            state: tab.state,
            page,
        }]
    }

    /// Reloads the shown tab; the cursor comes back to the same job.
    fn refresh(&mut self) -> Vec<Command> {
        self.notice = None;
        if let Some(login) = self.retry_login() {
            return login;
        }
        self.load_tab(self.current)
    }

    /// The first page of every tab, so each shows its count.
    pub(super) fn load_all_tabs(&mut self) -> Vec<Command> {
        (0..self.tabs.len())
            .flat_map(|i| self.load_tab(i))
            .collect()
    }

    pub(super) fn jobs_answer(
        &mut self,
        id: RequestId,
        state: LifeCycleState,
        page: Page,
        result: Result<JobPage, ApiError>,
    ) -> Vec<Command> {
        let Some(index) = self
            .tabs
            .iter()
            .position(|t| t.state == state && t.awaits(id))
        else {
            return self.unchanged();
        };
        let result = match result {
            Ok(jobs) => {
                self.session.connection = Connection::Online;
                if let Some(skipped) = jobs.skipped_notice() {
                    self.notice = Some(Notice::Info(format!("{}: {skipped}", state.label())));
                } else if let Some(types) = jobs.assembled_from
                    // Said once, when the tab on screen first comes from the lists: neither a
                    // refresh nor a tab loading behind it may cover what the user just did (an
                    // action's outcome); the other tabs' labels say "(N types)" themselves.
                    && page.offset == 0
                    && index == self.current
                    && self.tabs[index].assembled_from.is_none()
                {
                    self.notice = Some(Notice::Info(assembled_notice(state, types)));
                }
                Ok(jobs)
            }
            Err(error) => {
                self.report(&format!("loading {}", state.label()), &error);
                Err(error.to_string())
            }
        };
        let first = page.offset == 0 && result.is_ok();
        let now = self.clock();
        let rows = self.list_rows();
        let tab = &mut self.tabs[index];
        if first {
            tab.fetched_at = Some(now);
        }
        tab.take_page(page, result, &mut self.filter);
        tab.scroll_into_view(rows);
        let mut commands = if first {
            self.server_answered()
        } else {
            Vec::new()
        };
        if index == self.current {
            commands.extend(self.fetch_more());
        }
        commands
    }
}

/// What the user is told when a tab comes from `list` because the server lacks its method.
fn assembled_notice(state: LifeCycleState, types: usize) -> String {
    let plural = if types == 1 { "" } else { "s" };
    format!(
        "{}: this server has no method for the tab; it is put together from the lists of \
         {types} job type{plural}",
        state.label()
    )
}
