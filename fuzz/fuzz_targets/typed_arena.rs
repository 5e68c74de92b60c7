//! `TypedArena<Tracked>` against a `Vec<u16>` of its values and an exact model of its chunk
//! policy: random alloc/alloc_extend/try_reserve/iter_mut sequences that keep and write through
//! every reference handed out, `into_vec` and a drop count at the end (see
//! `avila_alloc_tests::run_typed_arena_ops`).
#![no_main]

use avila_alloc_tests::{TypedArenaOp, run_typed_arena_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<TypedArenaOp>| {
    run_typed_arena_ops(&ops);
});
