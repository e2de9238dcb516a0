//! Sorting costs once per change, never per frame: with 100,000 jobs sorted by description
//! and due markers on, a one-row move and its frame allocate about as often as with 100
//! (a counting global allocator in its own test binary, as in `perf_alloc.rs`).
#[expect(dead_code, reason = "only the fixtures are used here")]
mod tui_support;

use crmjobs::api::model::LifeCycleState;
use crmjobs::app::keymap::Action;
use crmjobs::app::{App, Command, Msg};
use crmjobs::runtime::Screen;
use crmjobs::runtime::terminal::TerminalScreen;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tui_support::{job, loaded_app};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const SIZE: (u16, u16) = (200, 50);

/// The Pending tab holding `count` jobs, sorted by description (then reversed).
fn sorted_app(count: usize) -> App {
    let mut app = loaded_app(SIZE, 100);
    let commands = app.update(Msg::Action(Action::Refresh));
    let [Command::FetchJobs { id, state, page }] = commands.as_slice() else {
        panic!("{commands:?}");
    };
    let jobs = (1..=count)
        .map(|n| job(n, LifeCycleState::Pending))
        .collect();
    let msg = Msg::Jobs {
        id: *id,
        state: *state,
        page: *page,
        result: Ok(jobs),
    };
    let _ = app.update(msg);
    let _ = app.update(Msg::Action(Action::SortNext));
    let _ = app.update(Msg::Action(Action::SortNext));
    let _ = app.update(Msg::Action(Action::SortReverse));
    assert_eq!(app.tab().loaded(), count);
    app
}

fn per_move(app: &mut App) -> usize {
    let mut screen = TerminalScreen::new(std::io::sink(), SIZE).expect("a screen");
    screen.draw(app).expect("first frame");
    let _ = app.update(Msg::Action(Action::Down));
    screen.draw(app).expect("warm-up frame");
    let region = Region::new(ALLOCATOR);
    let _ = app.update(Msg::Action(Action::Down));
    screen.draw(app).expect("a frame");
    region.change().allocations
}

#[test]
fn a_sorted_tab_of_100k_jobs_costs_a_frame_what_100_cost() {
    let small = per_move(&mut sorted_app(100));
    let mut large_app = sorted_app(100_000);
    let region = Region::new(ALLOCATOR);
    let _ = large_app.update(Msg::Action(Action::SortReverse));
    let resort = region.change().allocations;
    let large = per_move(&mut large_app);
    println!(
        "allocations per one-row move and frame at 200x50, sorted: {small} with 100 jobs, \
         {large} with 100,000; one re-sort of 100,000: {resort}"
    );
    assert!(
        large.abs_diff(small) <= small / 10,
        "per-frame work grows with the sorted jobs: {small} against {large}"
    );
    assert!(
        resort > large,
        "the re-sort is the expensive step, done once per change"
    );
}
