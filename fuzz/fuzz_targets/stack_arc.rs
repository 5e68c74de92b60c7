//! `StackArc`/`StackArcWeak` in an `ArcPool<Tracked, 4>` against std's `Arc`/`Weak` (see
//! `avila_alloc_tests::run_arc_ops`).
#![no_main]

use avila_alloc_tests::{ArcOp, run_arc_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<ArcOp>| {
    run_arc_ops(&ops);
});
