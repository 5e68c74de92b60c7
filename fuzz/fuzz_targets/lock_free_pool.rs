//! `LockFreePool<Tracked, 5>` against a model of its contents and reuse order (see
//! `avila_alloc_tests::run_lock_free_pool_ops`).
#![no_main]

use avila_alloc_tests::{LockFreePoolOp, run_lock_free_pool_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<LockFreePoolOp>| {
    run_lock_free_pool_ops(&ops);
});
