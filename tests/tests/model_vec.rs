//! `StackVec<Tracked, 16>` against the `Vec<u16>` model: random [`VecOp`] sequences from proptest,
//! and from raw bytes through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{VEC_CAPACITY, VecOp, run_vec_ops};

#[test]
fn stack_vec_matches_vec_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_vec_ops).assert_reached_full(VEC_CAPACITY);
}

/// Every fallible operation on a full vector fails, returns exactly the rejected value, and
/// leaves the vector unchanged (checked by the runner after each one).
#[test]
fn full_vector_rejects_everything() {
    let stats = run_vec_ops(&[
        VecOp::Resize {
            len: 16,
            value: 7,
            fallible: false,
        },
        VecOp::Push { value: 1 },
        VecOp::TryPush { value: 2 },
        VecOp::PushUnchecked { value: 3 },
        VecOp::PushMut {
            value: 3,
            bump: 1,
            fallible: false,
        },
        VecOp::Insert { index: 3, value: 4 },
        VecOp::InsertMut {
            index: 200,
            value: 4,
            bump: 1,
            fallible: true,
        },
        VecOp::TryInsert {
            index: 200,
            value: 5,
        },
        VecOp::Append {
            count: 1,
            seed: 6,
            fallible: false,
        },
        VecOp::ExtendFromSlice {
            count: 1,
            seed: 7,
            fallible: false,
        },
        VecOp::ExtendFromWithin {
            start: 0,
            end: 1,
            form: 0,
            fallible: false,
        },
        VecOp::Resize {
            len: 17,
            value: 8,
            fallible: false,
        },
        VecOp::ResizeWith {
            len: 19,
            seed: 9,
            fallible: false,
        },
        VecOp::TryExtend { count: 3, seed: 10 },
        VecOp::Extend { count: 1, seed: 11 },
        VecOp::ExtendCopied { count: 1, seed: 12 },
        VecOp::Collect {
            count: 20,
            seed: 13,
            how: 0,
            replace: true,
        },
        VecOp::Collect {
            count: 20,
            seed: 13,
            how: 1,
            replace: true,
        },
        VecOp::Collect {
            count: 20,
            seed: 13,
            how: 2,
            replace: true,
        },
    ]);
    assert_eq!(stats.ops, 19);
    assert_eq!(
        stats.ops_when_full, 18,
        "every operation after the first saw a full vector"
    );
    assert_eq!(
        stats.rejected, 18,
        "every operation after the first was rejected"
    );
}

/// Drain, split and iterate a full vector in every way the runner knows, including a leaked
/// drain (the vector keeps the prefix; the leak is accounted for).
#[test]
fn drains_and_iterators_on_a_full_vector() {
    let mut ops = Vec::new();
    for form in 0..6 {
        for finish in 0..4 {
            ops.push(VecOp::Resize {
                len: 16,
                value: 1,
                fallible: false,
            });
            ops.push(VecOp::IterMut { bump: 3 });
            ops.push(VecOp::Drain {
                start: 3,
                end: 12,
                form,
                front: 2,
                back: 2,
                finish,
            });
        }
        ops.push(VecOp::ExtendFromSlice {
            count: 16,
            seed: form,
            fallible: true,
        });
        ops.push(VecOp::IntoIter {
            front: 3,
            back: 4,
            mode: form,
        });
        ops.push(VecOp::SplitOff { at: 5, then: form });
    }
    let stats = run_vec_ops(&ops);
    assert!(stats.ops_when_full >= 24);
}

/// `extract_if` over ranges of a full vector, stopped after a few items (and run to the end), then
/// the `_mut` pushes and inserts refill it.
#[test]
fn extract_if_every_range_and_stop() {
    let mut ops = Vec::new();
    for start in (0..=16).step_by(4) {
        for end in (start..=16).step_by(3) {
            for take in [0, 1, 2, 17] {
                ops.push(VecOp::Resize {
                    len: 16,
                    value: 1,
                    fallible: false,
                });
                ops.push(VecOp::IterMut { bump: start });
                ops.push(VecOp::ExtractIf {
                    start,
                    end,
                    modulus: take,
                    take,
                });
                ops.push(VecOp::InsertMut {
                    index: end,
                    value: 9,
                    bump: take,
                    fallible: take % 2 == 0,
                });
                ops.push(VecOp::PushMut {
                    value: 8,
                    bump: 1,
                    fallible: take % 2 == 1,
                });
            }
        }
    }
    let stats = run_vec_ops(&ops);
    assert!(stats.ops_when_full >= 60);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_vec_matches_vec() {
    avila_alloc_tests::drive::run_proptest(run_vec_ops).assert_reached_full(VEC_CAPACITY);
}
