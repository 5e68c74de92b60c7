//! `AllocationTracker<System>` as the `#[global_allocator]` of this test binary: every allocation
//! of the program goes through it. Known sequences must give exact counts; real std workloads
//! (`avila_alloc_tests::std_workloads`: collections, strings, formatting, threads with
//! cross-thread frees, short-lived threads, allocating thread-local destructors, scoped maps) must
//! leave the live allocations and bytes where they started.
//!
//! `harness = false` (see Cargo.toml): libtest's threads and output buffers would allocate beside
//! the checks and blur the counts, so `main` runs them and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::alloc::System;
use std::hint::black_box;
use std::process::ExitCode;

use avila_alloc::track::{AllocDelta, AllocationTracker};
use avila_alloc_tests::std_workloads::{
    allocation_in_thread_local_destructors, cross_thread_frees, formatting, maps, run_checks,
    scoped_maps, short_lived_threads, threads, vec_and_string_churn, warm_up,
};

#[global_allocator]
static GLOBAL: AllocationTracker<System> = AllocationTracker::new(System);

/// What `f` did, as counted by the global tracker.
fn measure(f: impl FnOnce()) -> AllocDelta {
    let before = GLOBAL.snapshot();
    f();
    GLOBAL.snapshot().diff(&before)
}

fn exact_counts() {
    // One allocation of 100 u64s, freed.
    let d = measure(|| drop(black_box(Vec::<u64>::with_capacity(100))));
    assert_eq!(
        (d.allocations, d.deallocations, d.reallocations),
        (1, 1, 0),
        "{d}"
    );
    assert_eq!((d.current_bytes, d.total_bytes), (0, 800), "{d}");

    // Growth by reallocation: 4 bytes reserved, then 1000; the vector is kept alive.
    let mut kept = Vec::new();
    let d = measure(|| {
        let mut v: Vec<u8> = Vec::with_capacity(4);
        v.reserve_exact(1000);
        kept = black_box(v);
    });
    assert_eq!(
        (d.allocations, d.deallocations, d.reallocations),
        (1, 0, 1),
        "{d}"
    );
    assert_eq!((d.current_bytes, d.total_bytes), (1000, 1000), "{d}");
    let d = measure(|| drop(std::mem::take(&mut kept)));
    assert_eq!((d.deallocations, d.current_bytes), (1, -1000), "{d}");

    // Three boxes and a string: four allocations, the peak in between.
    GLOBAL.reset_peak();
    let base = GLOBAL.snapshot().current_bytes;
    let d = measure(|| {
        let boxes = black_box([Box::new(1_u64), Box::new(2), Box::new(3)]);
        let s = black_box(String::from("twenty-four bytes long!!"));
        drop((boxes, s));
    });
    assert_eq!(
        (d.allocations, d.deallocations, d.current_bytes),
        (4, 4, 0),
        "{d}"
    );
    assert_eq!(GLOBAL.snapshot().peak_bytes, base + 3 * 8 + 24);

    // A refused request is a failure, and nothing else.
    let d = measure(|| {
        let mut v: Vec<u8> = Vec::new();
        assert!(v.try_reserve(isize::MAX as usize - 64).is_err());
    });
    assert_eq!(
        (d.allocations, d.failures, d.current_bytes),
        (0, 1, 0),
        "{d}"
    );
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| eprintln!("global_tracker: panic: {info}")));
    // Warm-up: std's one-time allocations (stdout's buffer, the first thread's bookkeeping).
    println!("global_tracker: warming up");
    warm_up();

    let checks: [(&str, fn()); 9] = [
        ("exact counts of known sequences", exact_counts),
        ("vec and string churn", || vec_and_string_churn(20_000)),
        ("btree and hash maps", || maps(3000)),
        ("formatting", formatting),
        ("4 threads with mpsc", threads),
        ("cross-thread frees both ways", cross_thread_frees),
        ("200 short-lived threads", short_lived_threads),
        (
            "allocation in thread-local destructors",
            allocation_in_thread_local_destructors,
        ),
        ("scoped threads build maps, main merges", scoped_maps),
    ];
    let passed = run_checks(
        "global_tracker",
        &checks,
        || GLOBAL.snapshot(),
        |before, after| {
            let change = after.diff(before);
            let ok = change.current_bytes == 0 && change.allocations == change.deallocations;
            (ok, change.to_string())
        },
    );
    if !passed {
        eprintln!("global_tracker: FAILED ({})", GLOBAL.snapshot());
        return ExitCode::FAILURE;
    }
    println!("global_tracker: all checks passed; {GLOBAL}");
    ExitCode::SUCCESS
}
