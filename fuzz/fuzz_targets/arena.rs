//! `StackArena<256>` and `StackMpmcArena<256>` against an exact model of their bump offset: random alloc/extend/shrink/mark/
//! rewind/reset sequences with alignment, bounds, non-overlap and content checks of every live
//! allocation (see `avila_alloc_tests::run_arena_ops`).
#![no_main]

use avila_alloc_tests::{ArenaOp, run_arena_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<ArenaOp>| {
    run_arena_ops(&ops);
});
