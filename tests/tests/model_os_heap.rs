//! `OsHeap` through `GlobalAlloc` from two threads: proptest-generated [`OsHeapOp`] sequences
//! and byte buffers decoded through `arbitrary` (the fuzz target's path), each checked by
//! `run_os_heap_ops` after every operation (alignment, non-overlap, contents, with a worker
//! thread freeing, allocating and exiting), and the heap's thread caches and large allocations
//! back to their start at the end of each run.

use std::sync::Mutex;
use std::thread;

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{OsHeapCounts, OsHeapOp, RunStats, run_os_heap_ops_counted};

/// The runner compares the process-wide statistics of `OsHeap` before and after each run, so
/// no other thread may start or end a thread cache meanwhile: one batch at a time.
static ONE_BATCH_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `batch` alone, on a thread of its own: libtest's threads never touch `OsHeap`, so none
/// of them ends a thread cache in the middle of a run when its test finishes.
fn alone<R: Send + 'static>(batch: impl FnOnce() -> R + Send + 'static) -> R {
    let _alone = ONE_BATCH_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    thread::spawn(batch)
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Runs `ops`, adding what crossed threads to `counts`.
fn run(ops: &[OsHeapOp], counts: &mut OsHeapCounts) -> RunStats {
    let (stats, c) = run_os_heap_ops_counted(ops);
    counts.freed_by_worker += c.freed_by_worker;
    counts.worker_allocations += c.worker_allocations;
    counts.freed_from_worker += c.freed_from_worker;
    counts.outlived_worker += c.outlived_worker;
    counts.large += c.large;
    stats
}

/// The batch reached the interesting states: many blocks live at once, every kind of
/// cross-thread traffic, blocks outliving their worker, large allocations.
#[track_caller]
fn assert_reached(stats: RunStats, counts: OsHeapCounts) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?} {counts:?}");
    assert!(stats.max_len >= 12, "some run held many blocks at once");
    assert!(counts.freed_by_worker >= 100, "the worker freed blocks");
    assert!(
        counts.freed_from_worker >= 100,
        "the main thread freed worker blocks"
    );
    assert!(counts.outlived_worker >= 20, "blocks outlived their worker");
    assert!(counts.large >= 20, "large allocations were made");
}

#[test]
fn os_heap_on_fuzzer_bytes() {
    let (stats, counts) = alone(|| {
        let mut counts = OsHeapCounts::default();
        let stats = run_on_fuzzer_bytes(|ops: &[OsHeapOp]| run(ops, &mut counts));
        (stats, counts)
    });
    assert_reached(stats, counts);
}

/// Generated sequences: a run starts a thread and an eighth of its operations fill up to 4 MiB,
/// so 500 natively (about 3 s in debug); Miri's usual handful.
#[cfg(feature = "proptest")]
const CASES: u32 = if cfg!(miri) {
    avila_alloc_tests::drive::PROPTEST_CASES
} else {
    500
};

#[cfg(feature = "proptest")]
#[test]
fn os_heap_matches_model() {
    let (stats, counts) = alone(|| {
        let counts = core::cell::RefCell::new(OsHeapCounts::default());
        let stats = avila_alloc_tests::drive::run_proptest_cases(CASES, |ops: &[OsHeapOp]| {
            run(ops, &mut counts.borrow_mut())
        });
        (stats, counts.into_inner())
    });
    assert_reached(stats, counts);
}

/// A fixed sequence: the worker allocates blocks of every size class, exits, and the main
/// thread frees them, reallocates some (moving them out of the exited worker's pages), and
/// sends others to the next worker.
#[test]
fn blocks_outlive_the_worker_that_allocated_them() {
    let mut ops: Vec<OsHeapOp> = (0..40)
        .map(|i| OsHeapOp::WorkerAlloc {
            size: 1 << (i % 16),
            align: i as u8 % 13,
        })
        .collect();
    ops.push(OsHeapOp::ExitWorker);
    ops.extend((0..10).map(|i| OsHeapOp::Realloc {
        index: 3 * i,
        size: 50_000,
    }));
    ops.extend((0..10).map(|i| OsHeapOp::SendToWorker { index: i }));
    ops.extend((0..10).map(|i| OsHeapOp::Free { index: 2 * i }));
    ops.push(OsHeapOp::ExitWorker);
    ops.extend((0..8).map(|size| OsHeapOp::AllocLarge { size }));
    let (stats, counts) = alone(move || {
        let mut counts = OsHeapCounts::default();
        (run(&ops, &mut counts), counts)
    });
    assert_eq!(stats.max_len, 40);
    assert_eq!(counts.outlived_worker, 40);
    assert_eq!(counts.worker_allocations, 40);
    assert_eq!(counts.freed_by_worker, 10);
    // Every block the first worker allocated was freed by another thread.
    assert_eq!(counts.freed_from_worker, 30);
}
