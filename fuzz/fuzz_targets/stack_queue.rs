//! `StackQueue<Tracked, 7>` against `VecDeque<u16>`, directly and through its split halves, with
//! leak and double-drop detection (see `avila_alloc_tests::run_queue_ops`).
#![no_main]

use avila_alloc_tests::{QueueOp, run_queue_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<QueueOp>| {
    run_queue_ops(&ops);
});
