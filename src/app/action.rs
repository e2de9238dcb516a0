//! The named actions keys resolve to and the modes that decide which keys are live, with the
//! names a config file uses for them. `keymap.rs` binds keys to these.

/// What the user can ask for; views and `update` match these, never keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the cursor up one row (or scroll up).
    Up,
    /// Move the cursor down one row (or scroll down).
    Down,
    /// Jump to the first row.
    Top,
    /// Jump to the last loaded row.
    Bottom,
    /// Move up one screen.
    PageUp,
    /// Move down one screen.
    PageDown,
    /// Next life cycle tab.
    NextTab,
    /// Previous life cycle tab.
    PrevTab,
    /// Go to tab N (0-based).
    Tab(u8),
    /// Start typing a fuzzy filter.
    Filter,
    /// Keep the typed filter and return to the list.
    AcceptFilter,
    /// Leave the current overlay or clear the filter.
    Back,
    /// Open the full detail of the selected job.
    Open,
    /// Start progress on the selected (pending) job.
    Start,
    /// Complete the selected (in progress) job.
    Complete,
    /// Cancel the selected job.
    Cancel,
    /// Reload the current tab, keeping the cursor on the same job.
    Refresh,
    /// Show or hide the help overlay.
    Help,
    /// Leave the program.
    Quit,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form or login: send.
    Submit,
    /// Mark or unmark the job under the cursor, then move down.
    Mark,
    /// Mark every job from the last marked one to the cursor.
    MarkRange,
    /// Mark the job under the cursor and the one below, moving down.
    MarkDown,
    /// Mark the job under the cursor and the one above, moving up.
    MarkUp,
    /// Copy the selected job's number to the clipboard (OSC 52).
    Copy,
    /// Copy a one-line summary of the selected job.
    CopySummary,
    /// Sort the tab by the next column (after the last: the server's order).
    SortNext,
    /// Reverse the tab's sort order.
    SortReverse,
    /// Show only jobs overdue or due today, or every job again.
    DueOnly,
    /// Reopen the completion form a draft on offer was saved from.
    RestoreDraft,
    /// Throw away the draft on offer.
    DiscardDraft,
    /// Open the outbox view.
    Outbox,
    /// Outbox: send the selected entry now (a conflict: send anyway).
    Retry,
    /// Outbox: drop the selected entry, after confirming.
    Discard,
}

impl Action {
    /// Every action with its config name, for parsing overrides.
    pub(super) const NAMES: [(Self, &'static str); 40] = [
        (Self::Up, "up"),
        (Self::Down, "down"),
        (Self::Top, "top"),
        (Self::Bottom, "bottom"),
        (Self::PageUp, "page_up"),
        (Self::PageDown, "page_down"),
        (Self::NextTab, "next_tab"),
        (Self::PrevTab, "prev_tab"),
        (Self::Tab(0), "tab_1"),
        (Self::Tab(1), "tab_2"),
        (Self::Tab(2), "tab_3"),
        (Self::Tab(3), "tab_4"),
        (Self::Tab(4), "tab_5"),
        (Self::Filter, "filter"),
        (Self::AcceptFilter, "accept_filter"),
        (Self::Back, "back"),
        (Self::Open, "open"),
        (Self::Start, "start"),
        (Self::Complete, "complete"),
        (Self::Cancel, "cancel"),
        (Self::Refresh, "refresh"),
        (Self::Help, "help"),
        (Self::Quit, "quit"),
        (Self::NextField, "next_field"),
        (Self::PrevField, "prev_field"),
        (Self::Submit, "submit"),
        (Self::Mark, "mark"),
        (Self::MarkRange, "mark_range"),
        (Self::MarkDown, "mark_down"),
        (Self::MarkUp, "mark_up"),
        (Self::Copy, "copy"),
        (Self::CopySummary, "copy_summary"),
        (Self::SortNext, "sort"),
        (Self::SortReverse, "sort_reverse"),
        (Self::DueOnly, "due_only"),
        (Self::RestoreDraft, "restore_draft"),
        (Self::DiscardDraft, "discard_draft"),
        (Self::Outbox, "outbox"),
        (Self::Retry, "retry"),
        (Self::Discard, "discard"),
    ];

    /// The name used in config files, e.g. `page_down`.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::NAMES
            .iter()
            .find(|(action, _)| *action == self)
            .map_or("?", |(_, name)| name)
    }

    /// The action a config name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(action, _)| *action)
    }
}

/// Which keys are live: each mode has its own bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The job list with its detail pane.
    List,
    /// Typing a filter: text goes to the filter.
    Filter,
    /// The full detail of one job.
    Detail,
    /// The help overlay.
    Help,
    /// A start, completion or cancel form: text goes to the focused field.
    Form,
    /// The login screen: text goes to the password field.
    Login,
    /// A draft kept from an earlier session is offered back.
    Draft,
    /// The outbox view.
    Outbox,
    /// The bulk completion form of the marked jobs and its result list.
    Bulk,
}

impl Mode {
    /// Every mode, in the order help lists them.
    pub const ALL: [Self; 9] = [
        Self::List,
        Self::Filter,
        Self::Detail,
        Self::Form,
        Self::Outbox,
        Self::Bulk,
        Self::Help,
        Self::Login,
        Self::Draft,
    ];

    /// Heading in the help overlay.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::List => "Job list",
            Self::Filter => "Filter",
            Self::Detail => "Job detail",
            Self::Help => "Help",
            Self::Form => "Forms",
            Self::Login => "Login",
            Self::Draft => "Draft offered back",
            Self::Outbox => "Outbox",
            Self::Bulk => "Bulk completion",
        }
    }

    /// The name used in config files, e.g. `list`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::List => "list",
            Self::Filter => "filter",
            Self::Detail => "detail",
            Self::Help => "help",
            Self::Form => "form",
            Self::Login => "login",
            Self::Draft => "draft",
            Self::Outbox => "outbox",
            Self::Bulk => "bulk",
        }
    }

    /// The mode a config name stands for.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Whether keys without a binding are text for a focused field.
    #[must_use]
    pub fn takes_text(self) -> bool {
        matches!(self, Self::Filter | Self::Form | Self::Login)
    }
}
