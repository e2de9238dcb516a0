//! Allocations of decoding (no budget of its own, but counts are exact where times are
//! noisy): a 500-job page and one job, as the stand-in sends them, decoded as the client
//! decodes them. A counting global allocator, so this is its own test binary with one test.
#![cfg(feature = "standin")]

mod decode_support;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

/// Measured: 25,523 (79,101 through a `Value` tree); about 51 a job are the job's own texts.
const PAGE_BUDGET: usize = 28_000;
/// Measured: 53 (171 through a `Value` tree).
const JOB_BUDGET: usize = 60;

/// The fewest allocations of three runs of `decode`, after a warm-up run (the minimum leaves
/// out anything another thread of the harness might allocate meanwhile).
fn allocations<T>(decode: impl Fn() -> T) -> usize {
    drop(decode());
    (0..3)
        .map(|_| {
            let region = Region::new(ALLOCATOR);
            drop(decode());
            region.change().allocations
        })
        .min()
        .unwrap_or(usize::MAX)
}

#[test]
fn decoding_allocates_a_bounded_number_of_times() {
    let bodies = decode_support::standin_bodies();
    let page = allocations(|| crmjobs::api::decode_jobs(&bodies.page).expect("a page"));
    let job = allocations(|| crmjobs::api::decode_job(&bodies.job).expect("a job"));
    println!(
        "allocations: {page} decoding a 500-job page ({} bytes), {job} decoding one job \
         ({} bytes)",
        bodies.page.len(),
        bodies.job.len()
    );
    assert!(page <= PAGE_BUDGET, "{page} allocations for a page");
    assert!(job <= JOB_BUDGET, "{job} allocations for a job");
}
