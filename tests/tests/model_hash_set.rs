//! `StackHashSet<Tracked, 16>` against the `HashSet<u16>` model: random [`SetOp`] sequences from
//! proptest and from raw bytes through `arbitrary`, with the default and a colliding hasher.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{SET_CAPACITY, SetOp, run_set_ops, run_set_ops_colliding};

#[test]
fn stack_hash_set_matches_hash_set_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_set_ops).assert_reached_full(SET_CAPACITY);
}

#[test]
fn colliding_stack_hash_set_matches_hash_set_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_set_ops_colliding).assert_reached_full(SET_CAPACITY);
}

/// A full set rejects new values (with the value back) and accepts present ones; the set
/// algebra and its operators work on full sets.
#[test]
fn full_set_rejects_new_values_only() {
    let ops = [
        SetOp::Extend { count: 16, seed: 0 },
        SetOp::Insert { value: 20 },
        SetOp::Replace { value: 21 },
        SetOp::Insert { value: 3 },
        SetOp::Replace { value: 3 },
        SetOp::Extend { count: 2, seed: 15 },
        SetOp::Algebra {
            count: 16,
            seed: 8,
            stride: 0,
            how: 0,
            replace: true,
        },
        SetOp::Algebra {
            count: 16,
            seed: 8,
            stride: 1,
            how: 3,
            replace: true,
        },
    ];
    for run in [run_set_ops, run_set_ops_colliding] {
        let stats = run(&ops);
        assert_eq!(stats.ops_when_full, ops.len() - 1);
        assert!(stats.rejected >= 4);
    }
}

#[cfg(feature = "proptest")]
#[test]
fn stack_hash_set_matches_hash_set() {
    avila_alloc_tests::drive::run_proptest(run_set_ops).assert_reached_full(SET_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn colliding_stack_hash_set_matches_hash_set() {
    avila_alloc_tests::drive::run_proptest(run_set_ops_colliding).assert_reached_full(SET_CAPACITY);
}
