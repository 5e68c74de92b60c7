//! `StackString<32>` against the `String` model: random [`StringOp`] sequences from proptest,
//! and from raw bytes through `arbitrary` (the fuzz target's decoding path).

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::{STRING_CAPACITY, StringOp, run_string_ops};

#[test]
fn stack_string_matches_string_on_fuzzer_bytes() {
    run_on_fuzzer_bytes(run_string_ops).assert_reached_full(STRING_CAPACITY);
}

/// Every fallible operation on a full string fails, returns exactly the rejected value, and
/// leaves the string unchanged (checked by the runner after each one).
#[test]
fn full_string_rejects_everything() {
    let mut ops = vec![StringOp::Clear];
    for _ in 0..32 {
        ops.push(StringOp::Push {
            ch: 0,
            fallible: false,
        });
    }
    ops.extend([
        StringOp::Push {
            ch: 1,
            fallible: false,
        },
        StringOp::Push {
            ch: 13,
            fallible: true,
        },
        StringOp::PushStr {
            seed: 1,
            count: 1,
            fallible: false,
        },
        StringOp::Insert {
            index: 4,
            ch: 6,
            fallible: false,
        },
        StringOp::InsertStr {
            index: 9,
            seed: 2,
            count: 2,
            fallible: true,
        },
        StringOp::WriteStr { seed: 3, count: 1 },
        StringOp::WriteChar { ch: 4 },
        StringOp::WriteFmt {
            seed: 0,
            count: 0,
            number: 5,
        },
        StringOp::StackFormat {
            seed: 13,
            count: 20,
            number: 65535,
            form: 0,
            replace: true,
        },
        StringOp::StackFormat {
            seed: 0,
            count: 0,
            number: 0,
            form: 2,
            replace: true,
        },
        StringOp::TryExtend { seed: 5, count: 3 },
        StringOp::Extend {
            seed: 6,
            count: 2,
            kind: 2,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 0,
            replace: true,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 1,
            replace: true,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 2,
            replace: true,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 3,
            replace: true,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 4,
            replace: true,
        },
        StringOp::Parse {
            seed: 13,
            count: 20,
            how: 5,
            replace: true,
        },
    ]);
    let stats = run_string_ops(&ops);
    assert_eq!(stats.ops, 51);
    assert_eq!(stats.max_len, 32);
    assert_eq!(
        stats.ops_when_full, 18,
        "every operation after the 32 pushes saw a full string"
    );
    assert_eq!(
        stats.rejected, 18,
        "every operation after the 32 pushes was rejected"
    );
}

/// Drain and split a string of multi-byte chars in every way the runner knows, including a
/// leaked drain (which must leave the string unchanged).
#[test]
fn drains_on_multibyte_text() {
    let mut ops = Vec::new();
    for form in 0..6 {
        for finish in 0..4 {
            ops.push(StringOp::Clear);
            ops.push(StringOp::PushStr {
                seed: form * 5 + finish,
                count: 9,
                fallible: false,
            });
            ops.push(StringOp::Drain {
                start: 2,
                end: 7,
                form,
                front: 1,
                back: 1,
                finish,
            });
            ops.push(StringOp::Retain { modulus: form });
            ops.push(StringOp::SplitOff {
                at: finish + 1,
                then: form,
            });
        }
    }
    let stats = run_string_ops(&ops);
    assert!(stats.max_len >= 20);
}

#[cfg(feature = "proptest")]
#[test]
fn stack_string_matches_string() {
    avila_alloc_tests::drive::run_proptest(run_string_ops).assert_reached_full(STRING_CAPACITY);
}
