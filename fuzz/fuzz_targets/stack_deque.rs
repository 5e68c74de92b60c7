//! `StackDeque<Tracked, 13>` against `VecDeque<u16>`: every operation of `DequeOp`, with leak and
//! double-drop detection (see `avila_alloc_tests::run_deque_ops`).
#![no_main]

use avila_alloc_tests::{DequeOp, run_deque_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<DequeOp>| {
    run_deque_ops(&ops);
});
