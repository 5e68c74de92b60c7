//! `StackRefCell<[u32; 4]>` against std's `RefCell` under the same borrows, clones, splits and
//! writes, with the places each refusal names checked against a model (see
//! `avila_alloc_tests::run_ref_cell_ops`).
#![no_main]

use avila_alloc_tests::{RefCellOp, run_ref_cell_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<RefCellOp>| {
    run_ref_cell_ops(&ops);
});
