//! Exact counts of the budgets that need no counting allocator: bytes per frame, start order.
//!
//! One test binary per area (each binary is linked once, not once per file); the
//! support modules live beside the areas that share them.

#[expect(
    dead_code,
    reason = "the start test uses the fixtures and one launch; the rest serves the tui binary"
)]
#[path = "../tui_support/mod.rs"]
mod tui_support;

mod bytes;
mod start;
