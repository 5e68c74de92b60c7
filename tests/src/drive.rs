//! Drivers shared by the model tests: feeding a runner with proptest-generated sequences, with
//! byte buffers decoded the way the fuzz targets decode theirs, and checking that a batch of runs
//! reached the interesting states.

use arbitrary::{Arbitrary, Unstructured};

use crate::RunStats;

/// Generated sequences per property test: 10,000 natively, a handful under Miri.
pub const PROPTEST_CASES: u32 = if cfg!(miri) { 8 } else { 10_000 };

/// The longest generated sequence: 64 operations natively, 32 under Miri (the model tests' time
/// there grows with it; the fuzzer-bytes runs still reach longer sequences).
pub const MAX_PROPTEST_OPS: usize = if cfg!(miri) { 32 } else { 64 };

/// Byte buffers per fuzzer-path test.
pub const FUZZER_BUFFERS: usize = if cfg!(miri) { 8 } else { 2_000 };

/// The length bound (exclusive) of the byte buffers: 1 KiB natively; 384 bytes under Miri, to
/// keep the model tests short there.
const MAX_FUZZER_BUFFER: u64 = if cfg!(miri) { 384 } else { 1024 };

/// A tiny xorshift generator: fixed seed, so the byte buffers are the same on every run.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Decodes `bytes` exactly like `libfuzzer_sys::fuzz_target!` does for a `Vec<Op>` input.
fn decode<Op: for<'a> Arbitrary<'a>>(bytes: &[u8]) -> Option<Vec<Op>> {
    if bytes.len() < <Vec<Op> as Arbitrary>::size_hint(0).0 {
        return None;
    }
    Vec::<Op>::arbitrary_take_rest(Unstructured::new(bytes)).ok()
}

/// Runs `run` on [`FUZZER_BUFFERS`] pseudo-random byte buffers decoded into op sequences through
/// `arbitrary` (the fuzz targets' decoding path), and returns the merged statistics.
pub fn run_on_fuzzer_bytes<Op: for<'a> Arbitrary<'a>>(
    mut run: impl FnMut(&[Op]) -> RunStats,
) -> RunStats {
    let mut state = 0x2545_f491_4f6c_dd1d;
    let mut total = RunStats::default();
    for i in 0..FUZZER_BUFFERS {
        let len = (xorshift(&mut state) % MAX_FUZZER_BUFFER) as usize;
        // `arbitrary` reads a "keep going" bool (the low bit of a byte) before each element of the
        // `Vec`, so uniform bytes decode to about one operation. Every other buffer sets the low
        // bit of 15 bytes in 16, which decodes to long sequences like the ones libFuzzer evolves.
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
        if let Some(ops) = decode::<Op>(&bytes) {
            total.merge(run(&ops));
        }
    }
    total
}

/// Runs `run` on [`PROPTEST_CASES`] proptest-generated sequences of 0 to [`MAX_PROPTEST_OPS`] ops,
/// panicking with the (shrunk) failing sequence if one fails, and returns the merged statistics.
#[cfg(feature = "proptest")]
pub fn run_proptest<Op>(run: impl Fn(&[Op]) -> RunStats) -> RunStats
where
    Op: proptest::arbitrary::Arbitrary + core::fmt::Debug,
{
    run_proptest_cases(PROPTEST_CASES, run)
}

/// [`run_proptest`] on `cases` sequences instead of [`PROPTEST_CASES`], for runners whose
/// operations are costly (threads, megabytes).
#[cfg(feature = "proptest")]
pub fn run_proptest_cases<Op>(cases: u32, run: impl Fn(&[Op]) -> RunStats) -> RunStats
where
    Op: proptest::arbitrary::Arbitrary + core::fmt::Debug,
{
    use core::cell::Cell;

    use proptest::collection::vec;
    use proptest::prelude::{ProptestConfig, any};
    use proptest::test_runner::{RngAlgorithm, TestRunner};

    let config = ProptestConfig {
        cases,
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
    let result = TestRunner::new(config).run(&vec(any::<Op>(), 0..=MAX_PROPTEST_OPS), |ops| {
        let mut sum = total.get();
        sum.merge(run(&ops));
        total.set(sum);
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    total.get()
}

impl RunStats {
    /// Asserts that a batch of runs went through the interesting states, so a model test cannot
    /// pass vacuously (for example if generation stopped producing long sequences): some run
    /// filled the container, and at least 2% of the operations saw it full and were rejected.
    /// Skipped under Miri, whose batches are too small to say anything.
    #[track_caller]
    pub fn assert_reached_full(self, capacity: usize) {
        if cfg!(miri) {
            return;
        }
        println!("{self:?}");
        assert_eq!(self.max_len, capacity, "some run filled the container");
        assert!(
            self.ops_when_full * 50 >= self.ops,
            "at least 2% of the ops see it full"
        );
        assert!(
            self.rejected * 50 >= self.ops,
            "at least 2% of the ops are rejected for capacity"
        );
    }
}
