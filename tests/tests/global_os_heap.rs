//! `OsHeap` as the `#[global_allocator]` of this test binary: every allocation of the program,
//! std's own included, goes to its thread caches. Real std workloads check their results (the
//! existing ones, and the ones a multi-threaded allocator needs: cross-thread frees both ways,
//! 200 short-lived threads leaving allocations behind, allocation in thread-local destructors,
//! scoped threads building maps the main thread merges), some of them on two threads at once;
//! after each, every thread it started has exited, so `OsHeap::stats` must show as many thread
//! caches and large allocations as before.
//!
//! `harness = false` (see Cargo.toml): libtest's threads would allocate and hold thread caches
//! beside the workloads, so `main` runs the checks and exits non-zero on failure.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::process::ExitCode;
use std::thread;

use avila_alloc::heap::{OsHeap, OsHeapStats};
use avila_alloc_tests::std_workloads::{
    allocation_in_thread_local_destructors, cross_thread_frees, formatting, maps, run_checks,
    scoped_maps, short_lived_threads, threads, vec_and_string_churn, warm_up,
};

#[global_allocator]
static A: OsHeap = OsHeap::new();

/// `OsHeap` serves this program: after the warm-up it holds a segment and the main thread's
/// cache, a new thread that allocates adds a cache which its exit takes away again, and a
/// 16 MiB vector is one large allocation of at least that size while it lives.
fn installed() {
    let start = A.stats();
    assert!(
        start.segments >= 1 && start.reserved_bytes >= start.segments << 22,
        "{start:?}"
    );
    assert!(
        start.thread_caches >= 1,
        "the main thread has a cache: {start:?}"
    );
    let caches = start.thread_caches;
    thread::spawn(move || {
        let v = std::hint::black_box(vec![1_u8; 100]);
        let during = A.stats();
        assert_eq!(during.thread_caches, caches + 1, "{during:?}");
        drop(v);
    })
    .join()
    .unwrap();
    assert_eq!(A.stats().thread_caches, start.thread_caches);
    let large = std::hint::black_box(vec![3_u8; 16 << 20]);
    let during = A.stats();
    assert_eq!(
        during.large_allocations,
        start.large_allocations + 1,
        "{during:?}"
    );
    assert!(
        during.large_bytes >= start.large_bytes + (16 << 20),
        "{during:?}"
    );
    drop(large);
}

/// Runs `a` and `b` on two threads at once.
fn side_by_side(a: fn(), b: fn()) {
    let other = thread::spawn(b);
    a();
    other.join().unwrap();
}

/// A few large blocks (1 to 16 MiB) made, written, grown and dropped by two threads at once.
fn large_blocks() {
    side_by_side(
        || {
            for mib in [1, 4, 16] {
                let mut v = vec![mib as u8; mib << 20];
                v.resize(v.len() + (mib << 19), 9);
                assert_eq!(v[(mib << 20) - 1], mib as u8);
                assert_eq!(v[v.len() - 1], 9);
            }
        },
        || {
            let blocks: Vec<Box<[u64]>> =
                (1..=4_u64).map(|i| vec![i; 1 << (16 + i)].into()).collect();
            for (i, b) in (1..).zip(&blocks) {
                assert!(b.iter().all(|&x| x == i), "large block contents");
            }
        },
    );
}

/// Memory freed across threads is reused: rounds of cross-thread frees (whose threads exit
/// leaving abandoned pages) do not keep growing the heap. How many parcels are in flight at once
/// depends on timing, so a round may take one segment more than the first two rounds did, not
/// more (without reuse, each round would add about two).
fn repeated_rounds_reuse_memory() {
    let mut segments = Vec::new();
    for _ in 0..4 {
        cross_thread_frees();
        segments.push(A.stats().segments);
    }
    let early = segments[..2].iter().max().unwrap();
    assert!(
        segments[2..].iter().all(|&s| s <= early + 1),
        "segments after each round: {segments:?}"
    );
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| eprintln!("global_os_heap: panic: {info}")));
    // Warm-up: std's one-time allocations (stdout's buffer, the first thread's bookkeeping, the
    // main thread's first blocking wait on a channel) and the main thread's own cache.
    println!("global_os_heap: warming up");
    warm_up();
    let start = A.stats();
    println!("global_os_heap: after warm-up: {start:?}");

    let checks: [(&str, fn()); 13] = [
        ("OsHeap is installed", installed),
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
        ("churn and maps side by side", || {
            side_by_side(|| vec_and_string_churn(20_000), || maps(3000));
        }),
        ("cross-thread frees beside short-lived threads", || {
            side_by_side(cross_thread_frees, short_lived_threads);
        }),
        ("large blocks on two threads", large_blocks),
        ("repeated rounds reuse memory", repeated_rounds_reuse_memory),
    ];
    let passed = run_checks(
        "global_os_heap",
        &checks,
        || A.stats(),
        |before: &OsHeapStats, after: &OsHeapStats| {
            let ok = after.thread_caches == before.thread_caches
                && after.large_allocations == before.large_allocations
                && after.large_bytes == before.large_bytes;
            let summary = format!(
                "{} thread caches, {} large allocations ({} bytes), {} segments \
                 ({} bytes reserved), {} pages in use, {} abandoned",
                after.thread_caches,
                after.large_allocations,
                after.large_bytes,
                after.segments,
                after.reserved_bytes,
                after.pages_in_use,
                after.abandoned_pages,
            );
            (ok, summary)
        },
    );

    let end = A.stats();
    if !passed
        || end.thread_caches != start.thread_caches
        || end.large_allocations != start.large_allocations
    {
        eprintln!("global_os_heap: FAILED (start {start:?}, end {end:?})");
        return ExitCode::FAILURE;
    }
    println!("global_os_heap: all checks passed; {end:?}");
    ExitCode::SUCCESS
}
