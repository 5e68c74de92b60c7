//! `StackRing<Tracked, 7>` against a `VecDeque<u16>` reference ring: every operation of `RingOp`,
//! with leak and double-drop detection (see `avila_alloc_tests::run_ring_ops`).
#![no_main]

use avila_alloc_tests::{RingOp, run_ring_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<RingOp>| {
    run_ring_ops(&ops);
});
