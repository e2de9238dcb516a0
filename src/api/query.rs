//! What a list request asks for: the page and the one filter some methods require.

/// Which page of a list to fetch: `offset` rows skipped, at most `size` returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: u32,
    /// Rows to return at most (`number_of_results`).
    pub size: u32,
}

impl Page {
    /// The first page of `size` rows.
    #[must_use]
    pub fn first(size: u32) -> Self {
        Self { offset: 0, size }
    }

    /// The page after this one.
    #[must_use]
    pub fn next(self) -> Self {
        Self {
            offset: self.offset.saturating_add(self.size),
            size: self.size,
        }
    }
}

/// The one filter `jobs/all_scopes/list` requires, and the optional one of `get_<state>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobFilter {
    /// Jobs of one accounts receivable.
    AccountsReceivable(super::ident::AccountsReceivableIdentifier),
    /// Jobs of one type.
    Type(super::ident::JobTypeIdentifier),
}

/// The one filter `users/list` requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserFilter {
    /// Users of a business unit.
    BusinessUnit(super::ident::BusinessUnitIdentifier),
    /// Users of a unit (the completion form filters by the job's assigned unit).
    Unit(super::ident::UnitIdentifier),
    /// Users of a group.
    Group(super::ident::GroupIdentifier),
    /// Users with a security profile.
    SecurityProfile(super::ident::SecurityProfileIdentifier),
}
