//! `StackRing<Tracked, 7>` against a reference ring (a `VecDeque<u16>` that drops its oldest value
//! when full): random [`RingOp`] sequences from proptest, and from raw bytes through `arbitrary`
//! (the fuzz target's decoding path).
//!
//! For the ring, [`RunStats::rejected`](avila_alloc_tests::RunStats::rejected) counts the values
//! it handed back or dropped because it was full, so `assert_reached_full` checks that the runs
//! overwrite often.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{RING_CAPACITY, RingOp, run_ring_ops};

#[test]
fn stack_ring_matches_the_reference_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_ring_ops).assert_reached_full(RING_CAPACITY);
}

/// A full ring overwrites on every kind of push, and hands back exactly what it overwrote.
#[test]
fn full_ring_overwrites_and_hands_back() {
    let stats = run_ring_ops(&[
        RingOp::Extend { count: 7, seed: 0 },
        RingOp::Push { value: 1 },
        RingOp::ExtendWithOverwritten { count: 3, seed: 2 },
        RingOp::Extend { count: 2, seed: 3 },
        RingOp::ExtendCopied { count: 2, seed: 4 },
        RingOp::PopFront,
        RingOp::Push { value: 5 },
        RingOp::Push { value: 6 },
    ]);
    assert_eq!(stats.rejected, 1 + 3 + 2 + 1, "one per overwritten value");
    assert_eq!(stats.ops_when_full, 6);
}

/// Iterate, pop, rebuild and compare a wrapped ring in every way the runner knows.
#[test]
fn iterators_on_a_wrapped_ring() {
    let mut ops = Vec::new();
    for k in 0..8 {
        ops.push(RingOp::Extend {
            count: 7 + k,
            seed: k,
        });
        ops.push(RingOp::Iterate {
            pattern: 0x35 + k,
            mutable: k % 2 == 0,
            bump: k,
        });
        ops.push(RingOp::AsSlices { bump: 1 });
        ops.push(RingOp::Peek { index: k, bump: 2 });
        ops.push(RingOp::Compare { count: 9, seed: k });
        ops.push(RingOp::IntoIter {
            front: 2,
            back: 1,
            mode: k,
        });
        ops.push(RingOp::MakeContiguous {
            reverse: k % 3 == 0,
        });
    }
    let stats = run_ring_ops(&ops);
    assert!(stats.ops_when_full >= 8);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_ring_matches_the_reference() {
    avila_alloc_tests::drive::run_proptest(run_ring_ops).assert_reached_full(RING_CAPACITY);
}
