//! Allocations per frame, counted by a counting global allocator (its own
//! test binary, since the allocator is process-wide): a one-row move and its frame at
//! 200x50 allocate a bounded number of times, however many jobs are loaded, and an
//! unchanged frame allocates no more than a moved one.
#[expect(dead_code, reason = "only the fixtures are used here")]
mod tui_support;

use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Msg};
use crmjobs::runtime::Screen;
use crmjobs::runtime::terminal::TerminalScreen;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tui_support::loaded_app;

#[global_allocator]
static ALLOCATOR: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const SIZE: (u16, u16) = (200, 50);
/// Measured: 1,016 (see `--nocapture`; 1,527 before the row dates were written into one
/// buffer a frame, 2,599 before the list borrowed its cell texts).
const BUDGET: usize = 1_120;

/// Allocations of one one-row move and its frame, after a warm-up frame.
fn per_move(app: &mut App) -> (usize, usize) {
    let mut screen = TerminalScreen::new(std::io::sink(), SIZE).expect("a screen");
    screen.draw(app).expect("first frame");
    let _ = app.update(Msg::Action(Action::Down));
    screen.draw(app).expect("warm-up frame");
    let region = Region::new(ALLOCATOR);
    let _ = app.update(Msg::Action(Action::Down));
    screen.draw(app).expect("a frame");
    let moved = region.change().allocations;
    let region = Region::new(ALLOCATOR);
    screen.draw(app).expect("an unchanged frame");
    let unchanged = region.change().allocations;
    (moved, unchanged)
}

#[test]
fn a_frame_allocates_a_bounded_number_of_times_whatever_is_loaded() {
    let (small, unchanged) = per_move(&mut loaded_app(SIZE, 100));
    let (large, _) = per_move(&mut loaded_app(SIZE, 5_000));
    println!(
        "allocations per one-row move and frame at 200x50: {small} with 100 jobs a tab, \
         {large} with 5,000; {unchanged} for an unchanged frame"
    );
    assert!(small <= BUDGET, "{small} allocations");
    assert!(large <= BUDGET, "{large} allocations");
    assert!(
        large.abs_diff(small) <= small / 10,
        "per-frame work grows with the loaded jobs: {small} against {large}"
    );
    assert!(unchanged <= small, "{unchanged} for an unchanged frame");
}
