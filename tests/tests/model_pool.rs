//! `SizedPool<24, 6>` through `PoolBox`es and `RawAlloc` at once: alignment, non-overlap,
//! contents, refusals and reuse order checked after every operation of random [`PoolOp`]
//! sequences from proptest, and from raw bytes through `arbitrary` (the fuzz target's path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{POOL_BLOCKS, PoolOp, run_pool_ops};

#[test]
fn sized_pool_matches_the_model_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_pool_ops).assert_reached_full(POOL_BLOCKS);
}

/// Every kind of allocation, the refusals of each kind, frees in LIFO and out of order.
#[test]
fn every_kind_and_every_refusal() {
    use PoolOp::*;
    let stats = run_pool_ops(&[
        Raw { size: 0, align: 3 },
        Raw { size: 25, align: 0 },
        Raw { size: 8, align: 4 },
        Boxed { seed: 1 },
        Tracked { value: 2 },
        Raw { size: 24, align: 3 },
        Raw { size: 5, align: 0 },
        Boxed { seed: 3 },
        Tracked { value: 4 },
        Tracked { value: 5 },
        Raw { size: 1, align: 0 },
        Write { index: 2, seed: 9 },
        Free { index: 1 },
        IntoInner { index: 3 },
        Boxed { seed: 6 },
        Tracked { value: 7 },
        Free { index: 0 },
        Free { index: 4 },
    ]);
    assert_eq!(stats.max_len, POOL_BLOCKS);
    assert!(stats.rejected >= 5);
}

#[cfg(feature = "proptest")]
#[test]
fn sized_pool_matches_the_model() {
    avila_alloc_tests::drive::run_proptest(run_pool_ops).assert_reached_full(POOL_BLOCKS);
}
