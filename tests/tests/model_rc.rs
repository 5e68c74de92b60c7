//! `StackRc`/`StackWeak` in an `RcPool<Tracked, 4>` against std's `Rc`/`Weak` (see
//! `avila_alloc_tests::run_rc_ops`): from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::ops::ref_count::EVERY_CASE;
use avila_alloc_tests::{RC_POOL_CAPACITY, run_rc_ops};

#[test]
fn stack_rc_matches_rc_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_rc_ops).assert_reached_full(RC_POOL_CAPACITY);
}

/// `make_mut` in its three cases and with a full pool, `try_unwrap` and `into_inner` (see
/// `avila_alloc_tests::ops::ref_count::EVERY_CASE`).
#[test]
fn make_mut_in_every_case() {
    let stats = run_rc_ops(EVERY_CASE);
    assert!(stats.rejected >= 1, "{stats:?}");
    assert_eq!(stats.max_len, RC_POOL_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_rc_matches_rc() {
    avila_alloc_tests::drive::run_proptest(run_rc_ops).assert_reached_full(RC_POOL_CAPACITY);
}
