//! `BuddyAllocator` over two regions: random allocate/grow/shrink/free sequences (sizes up to
//! 6000 bytes, alignments up to 4096), checking alignment, non-overlap, contents, statistics and
//! the allocator's invariant checker after every operation (see `avila_alloc_tests::run_buddy_ops`),
//! and that everything merges back at the end.
#![no_main]

use avila_alloc_tests::{HeapOp, run_buddy_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<HeapOp>| {
    run_buddy_ops(&ops);
});
