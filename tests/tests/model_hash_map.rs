//! `StackHashMap<Tracked, Tracked, 16>` against the `HashMap<u16, u16>` model: random [`MapOp`]
//! sequences from proptest and from raw bytes through `arbitrary` (the fuzz target's decoding
//! path), with the default hasher and with one that makes every key collide.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{MAP_CAPACITY, MapOp, run_map_ops, run_map_ops_colliding};

#[test]
fn stack_hash_map_matches_hash_map_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_map_ops).assert_reached_full(MAP_CAPACITY);
}

#[test]
fn colliding_stack_hash_map_matches_hash_map_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_map_ops_colliding).assert_reached_full(MAP_CAPACITY);
}

/// On a full map, every operation that adds a new key fails with exactly the rejected entry
/// (or key) and leaves the map unchanged, while operations on present keys still work.
#[test]
fn full_map_rejects_new_keys_only() {
    let mut ops = vec![MapOp::Extend {
        count: 16,
        seed: 0,
        by_ref: false,
    }];
    for how in 0..5 {
        ops.push(MapOp::Entry {
            key: 20,
            value: 1,
            how,
        });
        ops.push(MapOp::Entry {
            key: 2,
            value: 1,
            how,
        });
    }
    ops.extend([
        MapOp::Insert { key: 17, value: 9 },
        MapOp::Insert { key: 1, value: 9 },
        MapOp::EntryAndModify {
            key: 23,
            bump: 1,
            value: 2,
        },
        MapOp::EntryMatch {
            key: 22,
            value: 3,
            entry_too: false,
        },
        MapOp::EntryMatch {
            key: 22,
            value: 3,
            entry_too: true,
        },
        MapOp::TryExtend { count: 24, seed: 0 },
        MapOp::Extend {
            count: 3,
            seed: 15,
            by_ref: false,
        },
        MapOp::Collect {
            count: 24,
            seed: 0,
            how: 0,
            replace: true,
        },
    ]);
    for run in [run_map_ops, run_map_ops_colliding] {
        let stats = run(&ops);
        assert_eq!(stats.ops_when_full, ops.len() - 1);
        assert_eq!(stats.rejected, 5 + 1 + 1 + 2 + 2 + 1);
    }
}

/// Churn on a full map in every way the runner knows, with every key colliding.
#[test]
fn churn_on_a_full_colliding_map() {
    let mut ops = Vec::new();
    for round in 0..24u8 {
        ops.push(MapOp::Extend {
            count: 24,
            seed: round,
            by_ref: round % 2 == 0,
        });
        ops.push(MapOp::Remove {
            key: round,
            borrowed: round % 3 == 0,
        });
        ops.push(MapOp::Insert {
            key: round + 7,
            value: round,
        });
        ops.push(MapOp::GetDisjointMut {
            a: round,
            b: round + 5,
        });
        ops.push(MapOp::Retain { modulus: round });
        ops.push(MapOp::Drain {
            take: round % 5,
            leak: round % 4 == 1,
        });
    }
    ops.push(MapOp::IntoIter {
        front: 2,
        back: 2,
        how: 0,
        keep: true,
    });
    let stats = run_map_ops_colliding(&ops);
    assert!(stats.max_len == MAP_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_hash_map_matches_hash_map() {
    avila_alloc_tests::drive::run_proptest(run_map_ops).assert_reached_full(MAP_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn colliding_stack_hash_map_matches_hash_map() {
    avila_alloc_tests::drive::run_proptest(run_map_ops_colliding).assert_reached_full(MAP_CAPACITY);
}
