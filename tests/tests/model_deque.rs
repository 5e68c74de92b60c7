//! `StackDeque<Tracked, 13>` against the `VecDeque<u16>` model: random [`DequeOp`] sequences from
//! proptest, and from raw bytes through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{DEQUE_CAPACITY, DequeOp, run_deque_ops};

#[test]
fn stack_deque_matches_vec_deque_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_deque_ops).assert_reached_full(DEQUE_CAPACITY);
}

/// Every fallible operation on a full deque fails, returns exactly the rejected value, and leaves
/// the deque unchanged (checked by the runner after each one). The deque is filled from both
/// ends, so it wraps.
#[test]
fn full_deque_rejects_everything() {
    let mut ops = vec![DequeOp::PushBack { value: 1 }];
    for value in 0..12 {
        ops.push(DequeOp::PushFront { value });
    }
    ops.extend([
        DequeOp::PushBack { value: 1 },
        DequeOp::PushFront { value: 2 },
        DequeOp::TryPushBack { value: 3 },
        DequeOp::TryPushFront { value: 4 },
        DequeOp::PushUnchecked {
            value: 5,
            front: true,
        },
        DequeOp::PushBackMut {
            value: 5,
            bump: 1,
            fallible: false,
        },
        DequeOp::PushFrontMut {
            value: 5,
            bump: 1,
            fallible: true,
        },
        DequeOp::Insert { index: 3, value: 6 },
        DequeOp::InsertMut {
            index: 3,
            value: 6,
            bump: 1,
            fallible: false,
        },
        DequeOp::TryInsert {
            index: 200,
            value: 7,
        },
        DequeOp::Append {
            count: 1,
            seed: 8,
            head: 5,
            fallible: false,
        },
        DequeOp::Resize {
            len: 14,
            value: 9,
            fallible: false,
        },
        DequeOp::ResizeWith {
            len: 16,
            seed: 10,
            fallible: false,
        },
        DequeOp::TryExtend { count: 3, seed: 11 },
        DequeOp::Extend { count: 1, seed: 12 },
        DequeOp::ExtendCopied { count: 1, seed: 13 },
        DequeOp::Collect {
            count: 16,
            seed: 14,
            how: 0,
            replace: true,
        },
        DequeOp::Collect {
            count: 16,
            seed: 14,
            how: 2,
            replace: true,
        },
        DequeOp::Collect {
            count: 16,
            seed: 14,
            how: 3,
            replace: true,
        },
    ]);
    let stats = run_deque_ops(&ops);
    assert_eq!(stats.ops, 32);
    assert_eq!(
        stats.ops_when_full, 19,
        "every operation after the filling saw a full deque"
    );
    assert_eq!(
        stats.rejected, 19,
        "every operation after the filling was rejected"
    );
}

/// Drain, split, rotate and iterate a full, wrapped deque in every way the runner knows,
/// including a leaked drain (the deque keeps the prefix; the leak is accounted for).
#[test]
fn drains_and_iterators_on_a_wrapped_deque() {
    let mut ops = Vec::new();
    for form in 0..6 {
        for finish in 0..4 {
            ops.push(DequeOp::Clear);
            ops.push(DequeOp::Resize {
                len: 7,
                value: 1,
                fallible: false,
            });
            for value in 0..6 {
                ops.push(DequeOp::PushFront { value });
            }
            ops.push(DequeOp::Iterate {
                start: 2,
                end: 11,
                form,
                pattern: 0x55 ^ finish,
                mutable: finish % 2 == 0,
                bump: 3,
            });
            ops.push(DequeOp::Drain {
                start: 3,
                end: 10,
                form,
                front: 2,
                back: 2,
                finish,
            });
        }
        ops.push(DequeOp::Extend {
            count: 13,
            seed: form,
        });
        ops.push(DequeOp::RotateLeft { n: 4 + form });
        ops.push(DequeOp::MakeContiguous {
            sort: form % 2 == 0,
        });
        ops.push(DequeOp::IntoIter {
            front: 3,
            back: 4,
            mode: form,
        });
        ops.push(DequeOp::SplitOff { at: 5, then: form });
    }
    let stats = run_deque_ops(&ops);
    assert!(stats.ops_when_full >= 24);
}

/// The `_mut` pushes and inserts and the conditional pops from every front slot, at the ends of
/// a wrapped deque, until it is full and then empty again.
#[test]
fn mut_pushes_and_pop_ifs_on_a_wrapped_deque() {
    let mut ops = Vec::new();
    // Every front slot natively; under Miri, which interprets every step, one in four.
    for head in (0..13).step_by(if cfg!(miri) { 4 } else { 1 }) {
        ops.push(DequeOp::Clear);
        for _ in 0..head {
            ops.push(DequeOp::PushBack { value: 0 });
            ops.push(DequeOp::PopFront);
        }
        for i in 0..14 {
            ops.push(match i % 3 {
                0 => DequeOp::PushFrontMut {
                    value: i,
                    bump: head,
                    fallible: head % 2 == 0,
                },
                1 => DequeOp::PushBackMut {
                    value: i,
                    bump: head,
                    fallible: head % 2 == 1,
                },
                _ => DequeOp::InsertMut {
                    index: i * 5,
                    value: i,
                    bump: 3,
                    fallible: i % 4 == 0,
                },
            });
        }
        for i in 0..14 {
            let (threshold, bump) = (if i % 4 == 0 { 0 } else { 255 }, i);
            ops.push(if i % 2 == 0 {
                DequeOp::PopFrontIf { threshold, bump }
            } else {
                DequeOp::PopBackIf { threshold, bump }
            });
        }
    }
    let stats = run_deque_ops(&ops);
    let heads = if cfg!(miri) { 4 } else { 13 };
    assert!(stats.ops_when_full >= heads);
    assert!(stats.rejected >= heads);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_deque_matches_vec_deque() {
    avila_alloc_tests::drive::run_proptest(run_deque_ops).assert_reached_full(DEQUE_CAPACITY);
}
