//! `StackBox<dyn Shape, 32>` trait objects moved around a `StackVec`, against a plain model, with
//! leak and double-drop detection (see `avila_alloc_tests::run_box_ops`).
#![no_main]

use avila_alloc_tests::{BoxOp, run_box_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<BoxOp>| {
    run_box_ops(&ops);
});
