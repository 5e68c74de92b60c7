//! `GenArena<Tracked, 8>` against an exact model of its slots, generations, free list and keys:
//! random [`GenArenaOp`] sequences (insert, remove and look up with live and stale keys,
//! `get2_mut`, retain, drain, clear, clone) from proptest, and from raw bytes through
//! `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{GEN_ARENA_CAPACITY, GenArenaOp, RunStats, run_gen_arena_ops};

/// The batch went through the interesting states: some run filled the arena, 2% of the
/// operations ran full, 1% were refused. Skipped under Miri, whose batches are too small to say
/// anything.
fn assert_reached_full(stats: RunStats) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?}");
    assert_eq!(
        stats.max_len, GEN_ARENA_CAPACITY,
        "some run filled the arena"
    );
    assert!(stats.ops_when_full * 50 >= stats.ops, "2% of the ops full");
    assert!(stats.rejected * 100 >= stats.ops, "1% of the ops refused");
}

#[test]
fn gen_arena_matches_the_model_on_fuzzer_bytes() {
    assert_reached_full(run_on_fuzzer_bytes(run_gen_arena_ops));
}

/// Fill, free two slots, refill them last-in-first-out, use every stale key.
#[test]
fn reuse_after_removal_keeps_old_keys_stale() {
    use GenArenaOp::*;
    let mut ops: Vec<GenArenaOp> = (0..9)
        .map(|value| Insert {
            value,
            count: 0,
            with_key: value % 2 == 0,
        })
        .collect();
    ops.extend([
        Remove { key: 3 },
        Remove { key: 5 },
        Insert {
            value: 50,
            count: 1,
            with_key: false,
        },
        Get { key: 3, bump: 1 },
        Get { key: 5, bump: 1 },
        Get { key: 9, bump: 1 },
        Get2 { a: 9, b: 10 },
        Remove { key: 3 },
        Retain { modulus: 0 },
        Clone,
        Drain { take: 2 },
        Insert {
            value: 7,
            count: 0,
            with_key: true,
        },
        Walk { bump: 3 },
        Drain { take: 7 },
    ]);
    let stats = run_gen_arena_ops(&ops);
    assert_eq!(stats.rejected, 1, "the ninth insert is refused");
    assert_eq!(stats.max_len, GEN_ARENA_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn gen_arena_matches_the_model() {
    assert_reached_full(avila_alloc_tests::drive::run_proptest(run_gen_arena_ops));
}
