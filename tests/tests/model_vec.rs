//! `StackVec<Tracked, 16>` against the `Vec<u16>` model: random [`VecOp`] sequences from proptest,
//! and from raw bytes through `arbitrary` (the fuzz target's decoding path).

use arbitrary::{Arbitrary, Unstructured};
use avila_alloc_tests::{RunStats, VEC_CAPACITY, VecOp, run_vec_ops};

/// A tiny xorshift generator: fixed seed, so the byte buffers are the same on every run.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Decodes `bytes` exactly like `libfuzzer_sys::fuzz_target!` does for a `Vec<VecOp>` input.
fn decode(bytes: &[u8]) -> Option<Vec<VecOp>> {
    if bytes.len() < <Vec<VecOp> as Arbitrary>::size_hint(0).0 {
        return None;
    }
    Vec::<VecOp>::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

/// Asserts that a batch of runs went through the interesting states, so the model test cannot
/// pass vacuously (for example if generation stopped producing long sequences).
fn assert_coverage(stats: RunStats, runs: usize) {
    println!("{runs} runs: {stats:?}");
    assert_eq!(stats.max_len, VEC_CAPACITY, "some run filled the vector");
    assert!(
        stats.ops_when_full * 50 >= stats.ops,
        "at least 2% of the operations see a full vector"
    );
    assert!(
        stats.rejected * 50 >= stats.ops,
        "at least 2% of the operations are rejected for capacity"
    );
}

#[test]
fn stack_vec_matches_vec_on_fuzzer_bytes() {
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
            total.merge(run_vec_ops(&ops));
        }
    }
    if !cfg!(miri) {
        assert_coverage(total, buffers);
    }
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
        VecOp::Insert { index: 3, value: 4 },
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
    assert_eq!(stats.ops, 17);
    assert_eq!(
        stats.ops_when_full, 16,
        "every operation after the first saw a full vector"
    );
    assert_eq!(
        stats.rejected, 16,
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

#[cfg(feature = "proptest")]
mod proptests {
    use core::cell::Cell;

    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::test_runner::{RngAlgorithm, TestRunner};

    const CASES: u32 = if cfg!(miri) { 8 } else { 10_000 };

    #[test]
    fn stack_vec_matches_vec() {
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
        let result = TestRunner::new(config).run(&vec(any::<VecOp>(), 0..=64), |ops| {
            let mut sum = total.get();
            sum.merge(run_vec_ops(&ops));
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
