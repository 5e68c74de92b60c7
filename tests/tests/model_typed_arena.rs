//! `TypedArena<Tracked>` against a `Vec<u16>` of its values and an exact model of its chunk
//! policy: random alloc/alloc_extend/try_reserve sequences that keep every reference handed out
//! and write through them, `iter_mut` between stretches, `into_vec` at the end, and a drop count
//! (see `avila_alloc_tests::run_typed_arena_ops`), from proptest and from raw bytes through
//! `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{
    ExtendHint, RunStats, TYPED_ARENA_FIRST_CHUNK, TypedArenaOp, run_typed_arena_ops,
};

/// The batch went through several chunks: some run held 8 times the first chunk. Skipped under
/// Miri, whose batches are too small to say anything.
fn assert_reached_chunks(stats: RunStats) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?}");
    assert!(stats.max_len >= 8 * TYPED_ARENA_FIRST_CHUNK, "{stats:?}");
}

#[test]
fn typed_arena_matches_the_model_on_fuzzer_bytes() {
    assert_reached_chunks(run_on_fuzzer_bytes(run_typed_arena_ops));
}

/// Values that fill the first chunk one by one, an extend whose hidden length spills over two
/// chunks (its values move), an exact extend larger than the next chunk (its own chunk), extends
/// whose exact `size_hint` is wrong either way, writes through old references, `iter_mut` in
/// between.
#[test]
fn extends_across_chunks_keep_every_reference() {
    use TypedArenaOp::*;
    let ops = [
        Alloc { value: 1 },
        Alloc { value: 2 },
        Alloc { value: 3 },
        Extend {
            first: 10,
            len: 11,
            hint: ExtendHint::Hidden,
            fallible: false,
        },
        Write { handle: 0, by: 100 },
        Extend {
            first: 50,
            len: 23,
            hint: ExtendHint::Exact,
            fallible: true,
        },
        Write { handle: 3, by: 1 },
        IterMut { by: 7 },
        Reserve { additional: 39 },
        Extend {
            first: 0,
            len: 0,
            hint: ExtendHint::Hidden,
            fallible: true,
        },
        Alloc { value: 9 },
        Write { handle: 1, by: 2 },
        // Wrong exact lengths: twice as many values as promised, past the room made for them
        // (they move to a new chunk), then 3 fewer than promised.
        Extend {
            first: 70,
            len: 22,
            hint: ExtendHint::Under,
            fallible: false,
        },
        Write { handle: 2, by: 5 },
        Extend {
            first: 90,
            len: 5,
            hint: ExtendHint::Over,
            fallible: true,
        },
        Extend {
            first: 95,
            len: 0,
            hint: ExtendHint::Over,
            fallible: false,
        },
    ];
    let stats = run_typed_arena_ops(&ops);
    assert_eq!(stats.ops, ops.len());
    assert_eq!(stats.max_len, 3 + 11 + 23 + 1 + 22 + 5);
}

/// An extend whose lower bound rises as the chunk fills (like a `flatten`'s): its values move to
/// a chunk sized for the values so far and the ones it now promises (20), not to the policy's
/// next chunk (8).
#[test]
fn a_rising_size_hint_sizes_the_chunk_the_values_move_to() {
    use TypedArenaOp::*;
    let ops = [
        Alloc { value: 1 },
        Alloc { value: 2 },
        Alloc { value: 3 },
        Extend {
            first: 100,
            len: 20,
            hint: ExtendHint::Late,
            fallible: false,
        },
        Alloc { value: 4 },
    ];
    let stats = run_typed_arena_ops(&ops);
    assert_eq!(stats.max_len, 3 + 20 + 1);
}

#[cfg(feature = "proptest")]
#[test]
fn typed_arena_matches_the_model() {
    assert_reached_chunks(avila_alloc_tests::drive::run_proptest(run_typed_arena_ops));
}
