//! `SizedPool<24, 6>` through `PoolBox`es and `RawAlloc` at once: alignment, non-overlap,
//! contents, refusals and reuse order after every operation (see
//! `avila_alloc_tests::run_pool_ops`).
#![no_main]

use avila_alloc_tests::{PoolOp, run_pool_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<PoolOp>| {
    run_pool_ops(&ops);
});
