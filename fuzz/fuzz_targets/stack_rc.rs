//! `StackRc`/`StackWeak` in an `RcPool<Tracked, 4>` against std's `Rc`/`Weak` (see
//! `avila_alloc_tests::run_rc_ops`).
#![no_main]

use avila_alloc_tests::{RcOp, run_rc_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<RcOp>| {
    run_rc_ops(&ops);
});
