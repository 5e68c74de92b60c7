//! `GenArena<Tracked, 8>` against an exact model of its slots, generations, free list and keys:
//! random insert/remove/get/get2_mut/retain/drain/clear/clone sequences with live and stale keys
//! (see `avila_alloc_tests::run_gen_arena_ops`).
#![no_main]

use avila_alloc_tests::{GenArenaOp, run_gen_arena_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<GenArenaOp>| {
    run_gen_arena_ops(&ops);
});
