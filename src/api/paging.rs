//! When to stop asking pages. The list methods take `number_of_results` and `offset` and say
//! nothing of a total: a page shorter than asked is the end. A server before R13 ignores
//! both and answers the whole list every time, so asking on until a short page would loop
//! for ever. The rule, shared by every loop over pages (the CLI's `jobs list --all` and
//! `users`, the TUI's next page): stop at a page shorter than asked, at one longer than
//! asked (the whole list came at once), at one that brings nothing not already seen, and
//! in any case after [`MAX_PAGES`] pages or [`MAX_ROWS`] rows.

use std::collections::HashSet;
use std::hash::Hash;

use super::query::Page;

/// The most pages one loop asks.
pub const MAX_PAGES: u32 = 10_000;
/// The most rows one loop gathers.
pub const MAX_ROWS: usize = 1_000_000;

/// Why a loop over pages stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingEnd {
    /// A page came back shorter than asked: the end of the list.
    Short,
    /// A page came back longer than asked: the server ignores paging and sent its whole
    /// list at once.
    Longer,
    /// A page brought nothing not already seen: the server ignores `offset`.
    NothingNew,
    /// As many rows as the caller wanted.
    Enough,
    /// The hard cap on pages or rows: the list may go on.
    Cap,
}

impl PagingEnd {
    /// What to tell the user, when the rows gathered may not be the whole list.
    #[must_use]
    pub fn notice(self) -> Option<String> {
        (self == Self::Cap).then(|| {
            format!(
                "stopped after {MAX_PAGES} pages or {MAX_ROWS} rows; the list may go on \
                 (narrow it, e.g. by type)"
            )
        })
    }
}

/// The rule after one page: `asked` rows were asked, `received` came back (entries left out
/// while decoding included), `new` of them were not seen before. `None`: ask the next page.
#[must_use]
pub fn after_page(asked: u32, received: usize, new: usize) -> Option<PagingEnd> {
    let asked = usize::try_from(asked).unwrap_or(usize::MAX);
    if received > asked {
        Some(PagingEnd::Longer)
    } else if received < asked {
        Some(PagingEnd::Short)
    } else if new == 0 {
        Some(PagingEnd::NothingNew)
    } else {
        None
    }
}

/// What a loop over pages gathered, each row once, and why it stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gathered<T> {
    /// The rows, in the order they came, repeats left out.
    pub rows: Vec<T>,
    /// Why the loop stopped.
    pub end: PagingEnd,
    /// How many pages were asked.
    pub pages: u32,
}

/// A loop over pages of `page_size` rows, optionally up to `limit` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pager {
    page_size: u32,
    limit: Option<usize>,
    max_pages: u32,
    max_rows: usize,
}

impl Pager {
    /// Pages of `page_size` rows (at least one), every page until the end.
    #[must_use]
    pub fn new(page_size: u32) -> Self {
        Self {
            page_size: page_size.max(1),
            limit: None,
            max_pages: MAX_PAGES,
            max_rows: MAX_ROWS,
        }
    }

    /// At most `limit` rows (`None`: every page).
    #[must_use]
    pub fn limit(self, limit: Option<usize>) -> Self {
        Self { limit, ..self }
    }

    /// Other caps than [`MAX_PAGES`] and [`MAX_ROWS`] (tests).
    #[must_use]
    pub fn caps(self, max_pages: u32, max_rows: usize) -> Self {
        Self {
            max_pages,
            max_rows,
            ..self
        }
    }

    /// Asks pages with `fetch` until the rule says stop. `fetch` answers a page's rows and
    /// how many entries the server sent (more than the rows when some were left out);
    /// `key` tells rows apart.
    ///
    /// # Errors
    /// The first error `fetch` returns.
    pub async fn gather<T, K, E>(
        self,
        key: impl Fn(&T) -> K,
        mut fetch: impl AsyncFnMut(Page) -> Result<(Vec<T>, usize), E>,
    ) -> Result<Gathered<T>, E>
    where
        K: Eq + Hash,
    {
        let mut rows = Vec::new();
        let mut seen = HashSet::new();
        let mut pages = 0;
        let mut offset: u32 = 0;
        let end = loop {
            let left = self
                .limit
                .map_or(usize::MAX, |l| l.saturating_sub(rows.len()));
            if left == 0 {
                break PagingEnd::Enough;
            }
            if pages >= self.max_pages || rows.len() >= self.max_rows {
                break PagingEnd::Cap;
            }
            let size = u32::try_from(left).map_or(self.page_size, |l| l.min(self.page_size));
            let (batch, received) = fetch(Page { offset, size }).await?;
            pages += 1;
            let before = rows.len();
            rows.extend(batch.into_iter().filter(|row| seen.insert(key(row))));
            offset = offset.saturating_add(size);
            if let Some(end) = after_page(size, received, rows.len() - before) {
                break end;
            }
        };
        if let Some(limit) = self.limit {
            // A server that ignores paging may send more than wanted.
            rows.truncate(limit);
        }
        Ok(Gathered { rows, end, pages })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    /// A server holding rows `0..total`: honest, ignoring paging, or ignoring `offset`.
    #[derive(Clone, Copy)]
    enum Server {
        Honest,
        IgnoresPaging,
        IgnoresOffset,
    }

    fn answer(server: Server, total: u32, page: Page) -> Vec<u32> {
        let (from, size) = match server {
            Server::Honest => (page.offset, page.size),
            Server::IgnoresPaging => (0, total),
            Server::IgnoresOffset => (0, page.size),
        };
        (from..total).take(size as usize).collect()
    }

    fn run(pager: Pager, server: Server, total: u32) -> (Gathered<u32>, Vec<Page>) {
        let mut asked = Vec::new();
        let gathered = futures_util::FutureExt::now_or_never(pager.gather(
            |row: &u32| *row,
            async |page: Page| -> Result<_, Infallible> {
                asked.push(page);
                let rows = answer(server, total, page);
                let received = rows.len();
                Ok((rows, received))
            },
        ))
        .expect("no waiting")
        .unwrap_or_else(|never| match never {});
        (gathered, asked)
    }

    #[test]
    fn the_rule_after_one_page() {
        assert_eq!(after_page(50, 50, 50), None);
        assert_eq!(after_page(50, 49, 49), Some(PagingEnd::Short));
        assert_eq!(after_page(50, 0, 0), Some(PagingEnd::Short));
        assert_eq!(after_page(50, 51, 51), Some(PagingEnd::Longer));
        assert_eq!(after_page(50, 500, 0), Some(PagingEnd::Longer));
        assert_eq!(after_page(50, 50, 0), Some(PagingEnd::NothingNew));
        assert_eq!(after_page(50, 50, 1), None);
    }

    #[test]
    fn an_honest_server_is_paged_to_its_short_page() {
        let (gathered, asked) = run(Pager::new(50), Server::Honest, 120);
        assert_eq!(gathered.rows, (0..120).collect::<Vec<_>>());
        assert_eq!((gathered.end, gathered.pages), (PagingEnd::Short, 3));
        assert_eq!(
            asked[2],
            Page {
                offset: 100,
                size: 50
            }
        );
        let (exact, _) = run(Pager::new(50), Server::Honest, 100);
        assert_eq!(
            (exact.rows.len(), exact.end, exact.pages),
            (100, PagingEnd::Short, 3)
        );
    }

    #[test]
    fn a_server_that_ignores_paging_ends_it_at_once() {
        let (gathered, asked) = run(Pager::new(50), Server::IgnoresPaging, 120);
        assert_eq!(
            (gathered.rows.len(), gathered.end),
            (120, PagingEnd::Longer)
        );
        assert_eq!(asked.len(), 1);
        let (limited, _) = run(Pager::new(50).limit(Some(70)), Server::IgnoresPaging, 120);
        assert_eq!((limited.rows.len(), limited.end), (70, PagingEnd::Longer));
        let (again, asked) = run(Pager::new(50), Server::IgnoresOffset, 120);
        assert_eq!((again.rows.len(), again.end), (50, PagingEnd::NothingNew));
        assert_eq!(asked.len(), 2);
    }

    #[test]
    fn a_limit_asks_no_more_than_it_needs() {
        let (gathered, asked) = run(Pager::new(50).limit(Some(70)), Server::Honest, 1000);
        assert_eq!((gathered.rows.len(), gathered.end), (70, PagingEnd::Enough));
        assert_eq!(
            asked,
            [
                Page {
                    offset: 0,
                    size: 50
                },
                Page {
                    offset: 50,
                    size: 20
                }
            ]
        );
    }

    #[test]
    fn the_caps_end_an_endless_list_with_a_notice() {
        let (gathered, asked) = run(Pager::new(10).caps(5, 1_000), Server::Honest, u32::MAX);
        assert_eq!(
            (gathered.rows.len(), gathered.end, asked.len()),
            (50, PagingEnd::Cap, 5)
        );
        let (rows, _) = run(Pager::new(10).caps(100, 25), Server::Honest, u32::MAX);
        assert_eq!((rows.rows.len(), rows.end), (30, PagingEnd::Cap));
        assert!(PagingEnd::Cap.notice().unwrap().contains("10000 pages"));
        assert_eq!(PagingEnd::Longer.notice(), None);
    }
}
