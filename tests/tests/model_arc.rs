//! `StackArc`/`StackArcWeak` in an `ArcPool<Tracked, 4>` against std's `Arc`/`Weak` (see
//! `avila_alloc_tests::run_arc_ops`): from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::ops::ref_count::EVERY_CASE;
use avila_alloc_tests::{ARC_POOL_CAPACITY, run_arc_ops};

#[test]
fn stack_arc_matches_arc_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_arc_ops).assert_reached_full(ARC_POOL_CAPACITY);
}

/// `make_mut` in its three cases and with a full pool, `try_unwrap` and `into_inner` (see
/// `avila_alloc_tests::ops::ref_count::EVERY_CASE`).
#[test]
fn make_mut_and_into_inner_in_every_case() {
    let stats = run_arc_ops(EVERY_CASE);
    assert!(stats.rejected >= 1, "{stats:?}");
    assert_eq!(stats.max_len, ARC_POOL_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_arc_matches_arc() {
    avila_alloc_tests::drive::run_proptest(run_arc_ops).assert_reached_full(ARC_POOL_CAPACITY);
}
