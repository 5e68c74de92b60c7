//! `StackArena<256>` against an exact model of its bump offset and live allocations: random
//! [`ArenaOp`] sequences (alloc, extend, shrink, mark, rewind, reset) from proptest, and from raw
//! bytes through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{ARENA_CAPACITY, ArenaOp, RunStats, run_arena_ops};

/// The batch went through the interesting states: some run used the arena nearly to the end,
/// 2% of the operations ran with less than 32 bytes left, 2% were refused. Skipped under Miri,
/// whose batches are too small to say anything.
fn assert_reached_full(stats: RunStats) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?}");
    assert!(
        stats.max_len + 8 >= ARENA_CAPACITY,
        "some run nearly filled the arena"
    );
    assert!(
        stats.ops_when_full * 50 >= stats.ops,
        "2% of the ops near full"
    );
    assert!(stats.rejected * 50 >= stats.ops, "2% of the ops refused");
}

#[test]
fn stack_arena_matches_the_model_on_fuzzer_bytes() {
    assert_reached_full(run_on_fuzzer_bytes(run_arena_ops));
}

/// Nested checkpoints, a reset inside one, growth and shrink of the last slice.
#[test]
fn nested_checkpoints_reset_and_last_slice() {
    use ArenaOp::*;
    let stats = run_arena_ops(&[
        Value { value: 1 },
        Slice { len: 3, seed: 1 },
        Mark,
        Bytes { size: 10, align: 6 },
        Slice { len: 2, seed: 9 },
        Extend { extra: 3 },
        Mark,
        Str { len: 7 },
        Shrink { len: 1 },
        Rewind,
        Extend { extra: 7 },
        Shrink { len: 2 },
        Rewind,
        Extend { extra: 2 },
        Mark,
        Reset,
        Value { value: 2 },
        Rewind,
        Value { value: 3 },
        Bytes { size: 79, align: 3 },
        Bytes { size: 79, align: 3 },
        Bytes { size: 79, align: 3 },
        Bytes { size: 79, align: 3 },
    ]);
    assert_eq!(stats.ops, 23);
    assert!(stats.rejected >= 1, "the last large blocks do not fit");
}

#[cfg(feature = "proptest")]
#[test]
fn stack_arena_matches_the_model() {
    assert_reached_full(avila_alloc_tests::drive::run_proptest(run_arena_ops));
}
