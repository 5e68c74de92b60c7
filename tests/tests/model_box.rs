//! `StackBox<dyn Shape, 32>` trait objects of four concrete types, held in a `StackVec` and moved
//! around, against a plain model: random [`BoxOp`] sequences from proptest, and from raw bytes
//! through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{BOX_SLOTS, BoxOp, run_box_ops};

#[test]
fn stack_box_matches_model_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_box_ops).assert_reached_full(BOX_SLOTS);
}

/// Every kind of object, bumped, moved through every path, then dropped by `Clear`.
#[test]
fn every_kind_through_every_move() {
    let mut ops = Vec::new();
    for round in 0..3_u8 {
        ops.push(BoxOp::PushByte { value: 250 + round });
        ops.push(BoxOp::PushArray {
            seed: u16::from(round),
        });
        ops.push(BoxOp::PushTracked { value: 9 });
        ops.push(BoxOp::PushStepper {
            start: 100,
            add: round + 1,
        });
        for index in 0..4 {
            ops.push(BoxOp::Bump { index });
            ops.push(BoxOp::Rotate { index });
            ops.push(BoxOp::Swap {
                a: index,
                b: index + round,
            });
        }
        ops.push(BoxOp::TryNewTooBig { value: 5 });
        ops.push(BoxOp::IntoInner { value: 6 });
        ops.push(BoxOp::Remove { index: round });
    }
    let stats = run_box_ops(&ops);
    assert_eq!(stats.max_len, BOX_SLOTS);
    assert!(
        stats.rejected > 0,
        "pushes into the full vector were rejected and checked"
    );
    assert!(run_box_ops(&[BoxOp::PushStepper { start: 1, add: 1 }, BoxOp::Clear]).ops == 2);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_box_matches_model() {
    avila_alloc_tests::drive::run_proptest(run_box_ops).assert_reached_full(BOX_SLOTS);
}
