//! `OsHeap` through `GlobalAlloc` (a value, not the global allocator) from the fuzzer's thread
//! and a worker thread: random alloc/alloc_zeroed/realloc/free sequences with cross-thread
//! frees, blocks the worker allocates for the main thread, and workers that exit while their
//! blocks live on; alignment, non-overlap and contents checked after every operation, the heap's
//! thread caches and large allocations back at the end (see
//! `avila_alloc_tests::run_os_heap_ops`).
#![no_main]

use avila_alloc_tests::{OsHeapOp, run_os_heap_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<OsHeapOp>| {
    run_os_heap_ops(&ops);
});
