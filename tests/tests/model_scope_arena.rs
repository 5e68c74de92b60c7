//! `StackScopeArena<256>` against a model of its scopes (values per level, the exact bump offset
//! with drop headers and padding, and how many `Tracked` values are alive): random
//! [`ScopeArenaOp`] sequences (values, slices, writes, nested scopes) from proptest, and from raw
//! bytes through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{RunStats, SCOPE_ARENA_CAPACITY, ScopeArenaOp, run_scope_arena_ops};

/// The batch went through the interesting states: some run nearly filled the arena, 5% of the
/// operations ran with less than a header and a value of room, and 1% were refused. Skipped under Miri, whose batches are too small to say anything.
fn assert_reached_full(stats: RunStats) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?}");
    assert!(
        stats.max_len + 40 >= SCOPE_ARENA_CAPACITY,
        "some run nearly filled the arena"
    );
    assert!(
        stats.ops_when_full * 20 >= stats.ops,
        "5% of the ops near full"
    );
    assert!(stats.rejected * 100 >= stats.ops, "1% of the ops refused");
}

#[test]
fn scope_arena_matches_the_model_on_fuzzer_bytes() {
    assert_reached_full(run_on_fuzzer_bytes(run_scope_arena_ops));
}

/// Dropped and never-dropped values side by side, nested scopes that write and exit, a scope
/// that fills the arena (a refused value comes back), and a second outermost scope after the
/// first ended.
#[test]
fn nested_scopes_give_back_their_memory_and_drop_their_values() {
    use ScopeArenaOp::*;
    // Four slices of 23 dropped values (46 bytes each, one run under one header) and a value
    // overfill the nested scope's room.
    let fill = Slice {
        len: 23,
        first: 7,
        drop: true,
    };
    let ops = [
        Value { value: 1, kind: 0 },
        Value { value: 2, kind: 2 },
        Slice {
            len: 3,
            first: 10,
            drop: true,
        },
        Enter,
        Value { value: 3, kind: 1 },
        Slice {
            len: 23,
            first: 0,
            drop: false,
        },
        Write { handle: 1, by: 5 },
        Enter,
        fill.clone(),
        fill.clone(),
        fill.clone(),
        fill,
        Value { value: 9, kind: 0 },
        Exit,
        Write { handle: 0, by: 1 },
        Exit,
        Write { handle: 2, by: 3 },
        Exit,
        Value { value: 4, kind: 0 },
    ];
    let stats = run_scope_arena_ops(&ops);
    assert!(stats.rejected >= 1, "{stats:?}");
    assert!(stats.max_len + 60 >= SCOPE_ARENA_CAPACITY, "{stats:?}");
}

#[cfg(feature = "proptest")]
#[test]
fn scope_arena_matches_the_model() {
    assert_reached_full(avila_alloc_tests::drive::run_proptest(run_scope_arena_ops));
}
