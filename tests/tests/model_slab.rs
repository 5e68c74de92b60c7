//! `SlabAllocator<Tracked, 8>` against a `BTreeMap` model plus the stack of freed keys (which
//! predicts every key handed out): random [`SlabOp`] sequences from proptest, and from raw bytes
//! through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{SLAB_CAPACITY, SlabOp, run_slab_ops};

#[test]
fn slab_matches_the_model_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_slab_ops).assert_reached_full(SLAB_CAPACITY);
}

/// Fill, free out of order, refill in LIFO order, then every bulk operation.
#[test]
fn lifo_reuse_and_bulk_operations() {
    use SlabOp::*;
    let mut ops: Vec<SlabOp> = (0..9).map(|value| Insert { value, count: 0 }).collect();
    ops.extend([
        TryRemove { key: 3 },
        Remove { index: 0 },
        TryRemove { key: 3 },
        TryRemove { key: 9 },
        Entry { use_it: false },
        Entry { use_it: true },
        Insert {
            value: 50,
            count: 0,
        },
        Insert {
            value: 51,
            count: 0,
        },
        Swap2 { a: 1, b: 2 },
        Swap2 { a: 2, b: 2 },
        Bump { key: 4, add: 7 },
        IterMut,
        Retain { bit: 0 },
        CloneSwap,
        Insert {
            value: 60,
            count: 3,
        },
        Drain {
            take: 2,
            back: true,
            rare: 0,
        },
        Insert {
            value: 70,
            count: 1,
        },
        Drain {
            take: 0,
            back: false,
            rare: 4,
        },
        Insert {
            value: 80,
            count: 2,
        },
        Drain {
            take: 1,
            back: false,
            rare: 1,
        },
        Clear { rare: 0 },
    ]);
    let stats = run_slab_ops(&ops);
    assert_eq!(stats.max_len, SLAB_CAPACITY);
    assert!(stats.rejected >= 2);
}

#[cfg(feature = "proptest")]
#[test]
fn slab_matches_the_model() {
    avila_alloc_tests::drive::run_proptest(run_slab_ops).assert_reached_full(SLAB_CAPACITY);
}
