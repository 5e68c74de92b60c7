//! `StackString<32>` against the `String` model: random [`StringOp`] sequences from proptest,
//! and from raw bytes through `arbitrary` (the fuzz target's decoding path).

use arbitrary::{Arbitrary, Unstructured};
use avila_alloc_tests::{RunStats, STRING_CAPACITY, StringOp, run_string_ops};

/// A tiny xorshift generator: fixed seed, so the byte buffers are the same on every run.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Decodes `bytes` exactly like `libfuzzer_sys::fuzz_target!` does for a `Vec<StringOp>` input.
fn decode(bytes: &[u8]) -> Option<Vec<StringOp>> {
    if bytes.len() < <Vec<StringOp> as Arbitrary>::size_hint(0).0 {
        return None;
    }
    Vec::<StringOp>::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

/// Asserts that a batch of runs went through the interesting states, so the model test cannot
/// pass vacuously (for example if generation stopped producing long sequences).
fn assert_coverage(stats: RunStats, runs: usize) {
    println!("{runs} runs: {stats:?}");
    assert_eq!(stats.max_len, STRING_CAPACITY, "some run filled the string");
    assert!(
        stats.ops_when_full * 50 >= stats.ops,
        "at least 2% of the operations see a full string"
    );
    assert!(
        stats.rejected * 50 >= stats.ops,
        "at least 2% of the operations are rejected for capacity"
    );
}

#[test]
fn stack_string_matches_string_on_fuzzer_bytes() {
    let buffers = if cfg!(miri) { 8 } else { 2_000 };
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut total = RunStats::default();
    for i in 0..buffers {
        let len = (xorshift(&mut state) % 1024) as usize;
        // `arbitrary` reads a "keep going" bool (the low bit of a byte) before each element of
        // the `Vec`, so uniform bytes decode to about one operation. Every other buffer sets the
        // low bit of 15 bytes in 16, which decodes to long sequences like the ones libFuzzer
        // evolves.
        let biased = i % 2 == 1;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let r = xorshift(&mut state);
                let byte = r as u8;
                if biased && !(r >> 32).is_multiple_of(16) {
                    byte | 1
                } else {
                    byte
                }
            })
            .collect();
        if let Some(ops) = decode(&bytes) {
            total.merge(run_string_ops(&ops));
        }
    }
    if !cfg!(miri) {
        assert_coverage(total, buffers);
    }
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
mod proptests {
    use core::cell::Cell;

    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::test_runner::{RngAlgorithm, TestRunner};

    const CASES: u32 = if cfg!(miri) { 8 } else { 10_000 };

    #[test]
    fn stack_string_matches_string() {
        let config = ProptestConfig {
            cases: CASES,
            failure_persistence: None,
            // Generating an op seeds a generator per enum variant before the chosen one; seeding
            // ChaCha under Miri costs about 2.5 s per op, XorShift about 0.2 s.
            rng_algorithm: if cfg!(miri) {
                RngAlgorithm::XorShift
            } else {
                RngAlgorithm::ChaCha
            },
            ..ProptestConfig::default()
        };
        let total = Cell::new(RunStats::default());
        let result = TestRunner::new(config).run(&vec(any::<StringOp>(), 0..=64), |ops| {
            let mut sum = total.get();
            sum.merge(run_string_ops(&ops));
            total.set(sum);
            Ok(())
        });
        if let Err(err) = result {
            panic!("{err}");
        }
        if !cfg!(miri) {
            assert_coverage(total.get(), CASES as usize);
        }
    }
}
