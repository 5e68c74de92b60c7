//! `LockFreePool<Tracked, 5>` on one thread against a model of its contents and reuse order (see
//! `avila_alloc_tests::run_lock_free_pool_ops`): from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{LOCK_FREE_POOL_CAPACITY, LockFreePoolOp, run_lock_free_pool_ops};

#[test]
fn lock_free_pool_matches_model_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_lock_free_pool_ops).assert_reached_full(LOCK_FREE_POOL_CAPACITY);
}

#[test]
fn fill_free_in_every_order_and_refill() {
    use LockFreePoolOp::{Alloc, Bump, Drop, IntoInner};
    let mut ops = Vec::new();
    for round in 0..3_u8 {
        ops.extend((0..6).map(|v| Alloc { value: v }));
        ops.push(Bump {
            index: round,
            add: 9,
        });
        ops.push(Drop { index: 3 * round });
        ops.push(IntoInner {
            index: 3 * round + 3,
        });
        ops.push(Alloc { value: 77 });
    }
    let stats = run_lock_free_pool_ops(&ops);
    assert_eq!(stats.max_len, LOCK_FREE_POOL_CAPACITY);
    assert!(stats.rejected >= 3);
}

#[cfg(feature = "proptest")]
#[test]
fn lock_free_pool_matches_model() {
    avila_alloc_tests::drive::run_proptest(run_lock_free_pool_ops)
        .assert_reached_full(LOCK_FREE_POOL_CAPACITY);
}
