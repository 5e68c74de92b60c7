//! `SlabAllocator<Tracked, 8>` against a `BTreeMap` model plus the stack of freed keys, which
//! predicts every key handed out (see `avila_alloc_tests::run_slab_ops`).
#![no_main]

use avila_alloc_tests::{SlabOp, run_slab_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<SlabOp>| {
    run_slab_ops(&ops);
});
