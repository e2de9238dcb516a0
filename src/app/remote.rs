//! `Remote<T>`: data that comes from the server, in one of its four stages.

/// Data fetched from the server. One enum, never a flag beside an option.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Remote<T> {
    /// Not requested yet.
    #[default]
    NotAsked,
    /// Requested; the answer has not come.
    Loading,
    /// The answer came.
    Loaded(T),
    /// The request failed; the text is what the user reads.
    Failed(String),
}

impl<T> Remote<T> {
    /// The data, when it has come.
    #[must_use]
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Self::Loaded(value) => Some(value),
            _ => None,
        }
    }

    /// Whether a request is under way.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading)
    }
}
