//! `StackString<32>` against `String`: every operation of `StringOp` (see
//! `avila_alloc_tests::run_string_ops`).
#![no_main]

use avila_alloc_tests::{StringOp, run_string_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<StringOp>| {
    run_string_ops(&ops);
});
