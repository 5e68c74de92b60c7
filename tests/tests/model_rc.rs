//! `StackRc`/`StackWeak` in an `RcPool<Tracked, 4>` against std's `Rc`/`Weak` (see
//! `avila_alloc_tests::run_rc_ops`): from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{RC_POOL_CAPACITY, RcOp, run_rc_ops};

#[test]
fn stack_rc_matches_rc_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_rc_ops).assert_reached_full(RC_POOL_CAPACITY);
}

/// `make_mut` in its three cases (unique, shared, only weak references besides) and with a full
/// pool.
#[test]
fn make_mut_in_every_case() {
    use RcOp::{Clone, Downgrade, Drop, DropWeak, MakeMut, New, TryUnwrap, Upgrade};
    let stats = run_rc_ops(&[
        New { value: 1 },
        MakeMut { index: 0, add: 1 },
        Clone { index: 0 },
        MakeMut { index: 0, add: 2 },
        Downgrade { index: 0 },
        MakeMut { index: 0, add: 3 },
        Upgrade { index: 0 },
        New { value: 5 },
        New { value: 6 },
        Clone { index: 1 },
        MakeMut { index: 1, add: 4 },
        New { value: 7 },
        DropWeak { index: 0 },
        TryUnwrap { index: 2 },
        Drop { index: 0 },
    ]);
    assert!(stats.rejected >= 1, "{stats:?}");
    assert_eq!(stats.max_len, RC_POOL_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_rc_matches_rc() {
    avila_alloc_tests::drive::run_proptest(run_rc_ops).assert_reached_full(RC_POOL_CAPACITY);
}
