//! `StackScopeArena<256>` against a model of its scopes: random value/slice/write/enter/exit
//! sequences, checking every kept reference, the exact bump offset and that each value is dropped
//! once at its scope's end (see `avila_alloc_tests::run_scope_arena_ops`).
#![no_main]

use avila_alloc_tests::{ScopeArenaOp, run_scope_arena_ops};

libfuzzer_sys::fuzz_target!(|ops: Vec<ScopeArenaOp>| {
    run_scope_arena_ops(&ops);
});
