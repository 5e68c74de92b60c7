//! `LockedHeap<Heap, SpinLock>` through its global-allocator route (`GlobalAlloc`'s
//! alloc/dealloc/realloc, `Allocator` for zero sizes and new alignments): the heap target's random
//! allocate/grow/shrink/free/extend sequences with the same checks after every operation
//! (alignment, non-overlap, contents, the invariant checker; see
//! `avila_alloc_tests::run_locked_heap_ops`).
#![no_main]

use avila_alloc_tests::{HeapOp, run_locked_heap_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<HeapOp>| {
    run_locked_heap_ops(&ops);
});
