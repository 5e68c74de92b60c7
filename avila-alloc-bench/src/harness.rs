//! A small timing harness for the report binary: calibrated samples, peers interleaved.
//!
//! For each case (one row of the report):
//!
//! 1. **calibrate** each peer: find the iteration count that makes one sample last about
//!    [`Config::sample_time`] (this also warms caches, branch predictors and the allocator);
//! 2. take [`Config::samples`] samples per peer, **round-robin**: one sample of each peer in turn,
//!    the starting peer rotating every round, so drift (frequency scaling, a noisy neighbour on a
//!    shared machine) hits all peers alike; one extra round at the start is a warm-up and is
//!    discarded;
//! 3. report, per peer, the **median** time per run and the spread of the samples (median
//!    absolute deviation relative to the median).
//!
//! Each round also runs its samples at a different **stack offset** (one of
//! [`STACK_OFFSETS`], `STACK_STEP` bytes apart, covering a 4 KiB page): a routine's stack
//! frame, and a container built in it, lands at another address modulo 4,096 in every round, the
//! same for every peer of the round. Where a container sits on the stack can change its time on
//! its own: heapless's `FnvIndexMap` at `map/fnv/insert/4096/75` took 15.3 to 27.2 µs depending
//! only on the size of the process's environment, which moves the stack. With one offset, a run
//! of the report measured whichever placement it happened to get; the median over the rotation
//! measures the typical one.
//!
//! The routines come from the [`suite`](crate::suite) through [`Collector`], the harness's
//! [`Visitor`]; each peer's timing loop is monomorphized, so the only dynamic call is one per
//! sample.

use core::fmt;
use core::hint::black_box;
use core::time::Duration;
use std::time::Instant;

use crate::report::{Measurement, Row};
use crate::suite::{Sampling, Visitor};

/// How long to measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// The target duration of one sample (a calibrated number of runs of the routine).
    pub sample_time: Duration,
    /// Samples per peer and case, not counting the warm-up round.
    pub samples: usize,
}

impl Config {
    /// The default run: 70 samples of ~4 ms per peer; about 30 s for the whole suite here.
    pub const FULL: Self = Self {
        sample_time: Duration::from_millis(4),
        samples: 70,
    };
    /// `--quick`: 10 samples of ~1 ms per peer, for CI smoke tests; noisy.
    pub const QUICK: Self = Self {
        sample_time: Duration::from_millis(1),
        samples: 10,
    };
}

impl Config {
    /// The configuration for a case of the given [`Sampling`]: [`Sampling::Light`] takes a third
    /// of the samples (at least 3), each half as long.
    #[must_use]
    pub fn for_sampling(self, sampling: Sampling) -> Self {
        match sampling {
            Sampling::Full => self,
            Sampling::Light => Self {
                sample_time: self.sample_time / 2,
                samples: (self.samples / 3).max(3),
            },
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self::FULL
    }
}

/// Runs a routine `iters` times and returns the time it took (setup excluded).
type Sampler = Box<dyn FnMut(u64) -> Duration>;

/// The distance between two consecutive stack offsets of [`measure`]'s rounds, in bytes: a
/// multiple of 16 (the stack's alignment) that is not a power of two, so the offsets also differ
/// in their position within a 64-byte cache line (0, 16, 32, 48, 0, ...), not only in the page.
pub const STACK_STEP: usize = 272;

/// How many stack offsets [`measure`]'s rounds rotate through: `0, STACK_STEP, ...` up to
/// `4080`, spread over a page of 4,096 bytes.
pub const STACK_OFFSETS: usize = 16;

/// Takes a sample of `routine` with `BYTES` more bytes of stack in use than at offset 0.
#[inline(never)]
fn sample_below<const BYTES: usize>(routine: &mut PeerRoutine, iters: u64) -> Duration {
    let pad = [0_u8; BYTES];
    // The padding must exist in memory, below this frame's caller and above the routine's frame.
    black_box(&pad);
    let elapsed = routine.sample(iters);
    black_box(&pad);
    elapsed
}

/// [`sample_below`] at each of the [`STACK_OFFSETS`] offsets, in order (16 bytes of padding at
/// offset 0 too, so that every frame has the same layout and only the padding's size differs).
const SAMPLE_AT_OFFSET: [fn(&mut PeerRoutine, u64) -> Duration; STACK_OFFSETS] = [
    sample_below::<16>,
    sample_below::<{ 16 + STACK_STEP }>,
    sample_below::<{ 16 + 2 * STACK_STEP }>,
    sample_below::<{ 16 + 3 * STACK_STEP }>,
    sample_below::<{ 16 + 4 * STACK_STEP }>,
    sample_below::<{ 16 + 5 * STACK_STEP }>,
    sample_below::<{ 16 + 6 * STACK_STEP }>,
    sample_below::<{ 16 + 7 * STACK_STEP }>,
    sample_below::<{ 16 + 8 * STACK_STEP }>,
    sample_below::<{ 16 + 9 * STACK_STEP }>,
    sample_below::<{ 16 + 10 * STACK_STEP }>,
    sample_below::<{ 16 + 11 * STACK_STEP }>,
    sample_below::<{ 16 + 12 * STACK_STEP }>,
    sample_below::<{ 16 + 13 * STACK_STEP }>,
    sample_below::<{ 16 + 14 * STACK_STEP }>,
    sample_below::<{ 16 + 15 * STACK_STEP }>,
];

/// One peer's routine in a [`Case`].
pub struct PeerRoutine {
    /// The peer's name (`avila`, `arrayvec`, ...).
    pub peer: &'static str,
    sampler: Sampler,
}

impl fmt::Debug for PeerRoutine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerRoutine")
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

impl PeerRoutine {
    /// Runs the routine `iters` times and returns the time taken by the runs themselves.
    pub fn sample(&mut self, iters: u64) -> Duration {
        (self.sampler)(iters)
    }

    /// [`sample`](Self::sample) with the stack pointer `offset * STACK_STEP` bytes lower than at
    /// offset 0 (`offset` taken modulo [`STACK_OFFSETS`]); see the [module docs](self).
    pub fn sample_at_offset(&mut self, offset: usize, iters: u64) -> Duration {
        SAMPLE_AT_OFFSET[offset % STACK_OFFSETS](self, iters)
    }
}

/// One row to measure: a workload and the routine of every peer.
#[derive(Debug)]
pub struct Case {
    /// The case name, e.g. `vec/push/256`.
    pub name: String,
    /// The peers' routines; the first one is the subject the ratios are computed for.
    pub peers: Vec<PeerRoutine>,
    /// How thoroughly to sample it.
    pub sampling: Sampling,
}

/// The harness's [`Visitor`]: collects the suite's routines into [`Case`]s.
#[derive(Debug, Default)]
pub struct Collector {
    cases: Vec<Case>,
    sampling: Sampling,
}

impl Collector {
    /// An empty collector.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The collected cases, in suite order.
    #[must_use]
    pub fn into_cases(self) -> Vec<Case> {
        self.cases
    }

    fn add(&mut self, case: &str, peer: &'static str, sampler: Sampler) {
        let routine = PeerRoutine { peer, sampler };
        match self.cases.last_mut() {
            Some(last) if last.name == case => last.peers.push(routine),
            _ => self.cases.push(Case {
                name: case.to_owned(),
                peers: vec![routine],
                sampling: self.sampling,
            }),
        }
    }
}

impl Visitor for Collector {
    fn plain<F>(&mut self, case: &str, peer: &'static str, mut routine: F)
    where
        F: FnMut() + 'static,
    {
        let sampler = move |iters: u64| {
            let start = Instant::now();
            for _ in 0..iters {
                routine();
            }
            start.elapsed()
        };
        self.add(case, peer, Box::new(sampler));
    }

    fn batched<I, S, F>(
        &mut self,
        case: &str,
        peer: &'static str,
        batch: usize,
        mut setup: S,
        mut routine: F,
    ) where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static,
    {
        let batch = batch.max(1);
        let mut inputs: Vec<I> = Vec::with_capacity(batch);
        let sampler = move |iters: u64| {
            let mut total = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let count = usize::try_from(left).map_or(batch, |left| left.min(batch));
                // Dropping the previous batch's (emptied) inputs is not timed either.
                inputs.clear();
                inputs.extend((0..count).map(|_| setup()));
                let inputs = black_box(&mut inputs);
                let start = Instant::now();
                for input in inputs.iter_mut() {
                    routine(input);
                }
                total += start.elapsed();
                left -= count as u64;
            }
            total
        };
        self.add(case, peer, Box::new(sampler));
    }

    fn sampling(&mut self, sampling: Sampling) {
        self.sampling = sampling;
    }
}

/// The number of runs that makes one sample of `routine` last about `target`.
fn calibrate(routine: &mut PeerRoutine, target: Duration) -> u64 {
    let mut iters: u64 = 1;
    loop {
        let elapsed = routine.sample(iters);
        if elapsed >= target / 8 || iters >= 1 << 40 {
            let per_run = elapsed.as_secs_f64() / iters as f64;
            let wanted = target.as_secs_f64() / per_run.max(1e-12);
            return (wanted.ceil() as u64).clamp(1, 1 << 40);
        }
        // Grow fast while far from the target, then by doubling.
        iters *= if elapsed < target / 100 { 10 } else { 2 };
    }
}

/// The median of `values` (sorted in place); `NaN` if empty.
#[must_use]
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The median absolute deviation of `values` from `center`, relative to `center`.
#[must_use]
pub fn relative_mad(values: &[f64], center: f64) -> f64 {
    let mut deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
    median(&mut deviations) / center
}

/// Measures every peer of `case` as described in the [module docs](self).
#[must_use]
pub fn measure(case: &mut Case, config: &Config) -> Row {
    let config = &config.for_sampling(case.sampling);
    let peers = case.peers.len();
    let iters: Vec<u64> = case
        .peers
        .iter_mut()
        .map(|peer| calibrate(peer, config.sample_time))
        .collect();
    let mut ns_per_run: Vec<Vec<f64>> = vec![Vec::with_capacity(config.samples); peers];
    for round in 0..=config.samples {
        for k in 0..peers {
            let p = (round + k) % peers;
            let elapsed = case.peers[p].sample_at_offset(round, iters[p]);
            if round > 0 {
                ns_per_run[p].push(elapsed.as_nanos() as f64 / iters[p] as f64);
            }
        }
    }
    let measurements = case
        .peers
        .iter()
        .zip(&mut ns_per_run)
        .map(|(routine, samples)| {
            let ns = median(samples);
            Measurement {
                peer: routine.peer.to_owned(),
                value: ns,
                spread: relative_mad(samples, ns),
            }
        })
        .collect();
    Row {
        workload: case.name.clone(),
        measurements,
    }
}
