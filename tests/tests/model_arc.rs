//! `StackArc`/`StackArcWeak` in an `ArcPool<Tracked, 4>` against std's `Arc`/`Weak` (see
//! `avila_alloc_tests::run_arc_ops`): from raw fuzzer bytes and from proptest.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{ARC_POOL_CAPACITY, ArcOp, run_arc_ops};

#[test]
fn stack_arc_matches_arc_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_arc_ops).assert_reached_full(ARC_POOL_CAPACITY);
}

/// `make_mut` in its three cases (unique, shared, only weak references besides), with a full
/// pool, and `into_inner` of a shared and of the last reference.
#[test]
fn make_mut_and_into_inner_in_every_case() {
    use ArcOp::{Clone, Downgrade, Drop, DropWeak, MakeMut, New, TryUnwrap, Upgrade};
    let stats = run_arc_ops(&[
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
        TryUnwrap {
            index: 2,
            into_inner: false,
        },
        Clone { index: 0 },
        TryUnwrap {
            index: 0,
            into_inner: true,
        },
        TryUnwrap {
            index: 0,
            into_inner: true,
        },
        Drop { index: 0 },
    ]);
    assert!(stats.rejected >= 1, "{stats:?}");
    assert_eq!(stats.max_len, ARC_POOL_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_arc_matches_arc() {
    avila_alloc_tests::drive::run_proptest(run_arc_ops).assert_reached_full(ARC_POOL_CAPACITY);
}
