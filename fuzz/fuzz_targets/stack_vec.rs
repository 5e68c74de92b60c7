//! `StackVec<Tracked, 16>` against `Vec<u16>`: every operation of `VecOp`, with leak and
//! double-drop detection (see `avila_alloc_tests::run_vec_ops`).
#![no_main]

use avila_alloc_tests::{VecOp, run_vec_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<VecOp>| {
    run_vec_ops(&ops);
});
