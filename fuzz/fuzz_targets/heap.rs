//! The TLSF `Heap` over two regions: random allocate/grow/shrink/free/extend sequences (sizes up
//! to 6000 bytes, alignments up to 4096), checking alignment, non-overlap, contents and the
//! heap's invariant checker after every operation (see `avila_alloc_tests::run_heap_ops`).
#![no_main]

use avila_alloc_tests::{HeapOp, run_heap_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<HeapOp>| {
    run_heap_ops(&ops);
});
