//! `global_heap!` as the `#[global_allocator]` of this test binary (a `LockedHeap` of the TLSF
//! `Heap` behind a `SpinLock`, claiming a static buffer of 8 MiB on first use): every allocation of
//! the program, std's own included, goes through it. Real std workloads check their results, and
//! the heap's statistics must come back to where they started.
//!
//! `harness = false` (see Cargo.toml): libtest's threads and output buffers would allocate beside
//! the workloads and blur the statistics, so `main` runs the checks and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::process::ExitCode;

use avila_alloc::global_heap;
use avila_alloc_tests::std_workloads::{
    formatting, maps, run_checks, threads, vec_and_string_churn, warm_up,
};

global_heap!(static HEAP: 8 * 1024 * 1024);

fn main() -> ExitCode {
    // A panic message without a backtrace: symbolizing one reads the binary's debug information
    // into memory, more than this heap holds (the out-of-memory handler would then wait forever
    // for the backtrace lock it already holds).
    std::panic::set_hook(Box::new(|info| eprintln!("global_heap: panic: {info}")));
    // Warm-up: std's one-time allocations (stdout's buffer, the bookkeeping of the first thread
    // and of the main thread's first blocking wait on a channel) happen before the baseline.
    println!("global_heap: warming up");
    warm_up();
    let start = HEAP.stats();
    if start.free + start.used < 8 * 1024 * 1024 - 4096 {
        eprintln!("global_heap: the static buffer was not claimed: {start:?}");
        return ExitCode::FAILURE;
    }

    let checks: [(&str, fn()); 4] = [
        ("vec and string churn", || vec_and_string_churn(20_000)),
        ("btree and hash maps", || maps(3000)),
        ("formatting", formatting),
        ("4 threads with mpsc", threads),
    ];
    let passed = run_checks(
        "global_heap",
        &checks,
        || HEAP.stats(),
        |before, after| {
            let ok = after.allocations == before.allocations && after.used == before.used;
            let summary = format!(
                "{} live allocations, {} bytes used, {} free",
                after.allocations, after.used, after.free
            );
            (ok, summary)
        },
    );

    HEAP.lock().heap().check_invariants();
    let end = HEAP.stats();
    if !passed || end.allocations != start.allocations || end.used != start.used {
        eprintln!("global_heap: FAILED (start {start:?}, end {end:?})");
        return ExitCode::FAILURE;
    }
    println!("global_heap: all checks passed, stats back to {end:?}");
    ExitCode::SUCCESS
}
