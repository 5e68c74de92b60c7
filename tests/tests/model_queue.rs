//! `StackQueue<Tracked, 7>` against the `VecDeque<u16>` model, directly and through its split
//! halves: random [`QueueOp`] sequences from proptest, and from raw bytes through `arbitrary`
//! (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{QUEUE_CAPACITY, QueueOp, run_queue_ops};

#[test]
fn stack_queue_matches_vec_deque_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_queue_ops).assert_reached_full(QUEUE_CAPACITY);
}

/// Every fallible operation on a full queue fails, returns exactly the rejected value, and
/// leaves the queue unchanged (checked by the runner after each one); the split halves see the
/// same full queue.
#[test]
fn full_queue_rejects_everything() {
    let stats = run_queue_ops(&[
        QueueOp::Extend { count: 7, seed: 1 },
        QueueOp::Push { value: 1 },
        QueueOp::TryPush { value: 2 },
        QueueOp::Extend { count: 3, seed: 3 },
        QueueOp::Collect {
            count: 9,
            seed: 4,
            how: 0,
            replace: true,
        },
        QueueOp::Collect {
            count: 9,
            seed: 5,
            how: 2,
            replace: true,
        },
        QueueOp::Split {
            steps: 0b01_00,
            count: 2,
            seed: 6,
        },
    ]);
    assert_eq!(stats.ops, 7);
    assert_eq!(
        stats.ops_when_full, 6,
        "every op after the first saw it full"
    );
    assert_eq!(stats.rejected, 7, "every try was rejected");
}

/// The positions wrap at twice the capacity: run them around the ring several times, through
/// the queue and through the halves, at every fill level.
#[test]
fn wrapping_around_the_ring_at_every_fill_level() {
    let mut ops = Vec::new();
    for fill in 0..=7u8 {
        ops.push(QueueOp::Clear);
        ops.push(QueueOp::Extend {
            count: fill,
            seed: fill,
        });
        for round in 0..20u8 {
            ops.push(QueueOp::Pop);
            ops.push(QueueOp::Push { value: round });
            ops.push(QueueOp::Iterate { front: round });
        }
        // Dequeue then enqueue, and peek, 16 times through the halves.
        ops.push(QueueOp::Split {
            steps: 0b0111_0110_0010_0110_0010_0010_0111_0010,
            count: 16,
            seed: 100 + fill,
        });
        ops.push(QueueOp::IntoIter {
            front: 2,
            back: 1,
            keep: true,
        });
        ops.push(QueueOp::Compare {
            count: fill,
            seed: 0,
            shift: fill,
        });
    }
    let stats = run_queue_ops(&ops);
    assert_eq!(stats.max_len, QUEUE_CAPACITY);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_queue_matches_vec_deque() {
    avila_alloc_tests::drive::run_proptest(run_queue_ops).assert_reached_full(QUEUE_CAPACITY);
}
