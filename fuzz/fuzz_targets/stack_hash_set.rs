//! `StackHashSet<Tracked, 16>` against `HashSet<u16>`: every operation of `SetOp`, set algebra
//! included, with the default and a colliding hasher (see `avila_alloc_tests::run_set_ops`).
#![no_main]

use avila_alloc_tests::{SetOp, run_set_ops, run_set_ops_colliding};

libfuzzer_sys::fuzz_target!(|ops: Vec<SetOp>| {
    run_set_ops(&ops);
    run_set_ops_colliding(&ops);
});
