//! The heap benchmarks (rows `heap/...`): every [`HeapGroup`] for every peer of
//! [`for_each_peer`], each behind the same spin lock.
//!
//! These rows do not go through the calibrated [`harness`](crate::harness): they follow talc's
//! published method (fixed-time trials counting actions, rounds to the first failure, per-call
//! timers), run by [`run_heap`], and make three tables of their own:
//!
//! - **throughput** (`heap/actions/<max>`, `heap/actions_realloc/<max>`): millions of random
//!   actions per second, the median of [`HeapConfig::trials`] trials of
//!   [`HeapConfig::trial_time`] each, peers interleaved trial by trial, in a pre-touched
//!   [`ARENA_BYTES`] arena (one arena, written once before the first trial; every trial builds a
//!   fresh allocator over it);
//! - **efficiency**: the mean, over [`HeapConfig::efficiency_rounds`] rounds, of the bytes
//!   live at the first failure divided by the heap size. `heap/efficiency_mixed/10000` is
//!   talc's own heap-efficiency program (allocations, frees and reallocs up to ten times
//!   `max`, [`efficiency_mixed_round`]) in an [`ARENA_BYTES`] heap, as talc runs it;
//!   `heap/efficiency/<max>` only allocates ([`efficiency_round`]: the per-block overhead
//!   alone), in a smaller heap of [`EFFICIENCY_HEAP_BYTES`] (1 MiB, to keep the rounds fast);
//! - **latency** (`heap/latency/<loop>/<p50|p99|max>`): nanoseconds per allocator call in the
//!   [`LatencyLoop`]s, [`HeapConfig::latency_ops`] calls each, every call timed by two reads of
//!   `Instant` (whose own cost, [`HeapRun::timer_overhead_ns`], is included and printed).
//!
//! Every peer sees the same random sequence (the same seeds).

use core::alloc::{GlobalAlloc as _, Layout};
use core::fmt::Write as _;
use core::hint::black_box;
use core::ptr::NonNull;
use core::time::Duration;

use crate::harness::{median, relative_mad};
use crate::peers_heap::{AVILA, HeapPeer, PeerVisitor, for_each_peer, locked};
use crate::report::{Measurement, Row, Table};
use crate::suite::Visitor;
use crate::workloads_heap::{
    self as workloads, LatencyLoop, Rng, Trial, efficiency_mixed_round, efficiency_round, quantile,
    random_actions,
};

/// The arena of the throughput trials and the latency loops: 128 MiB, as in talc's method.
pub const ARENA_BYTES: usize = 128 << 20;
/// The heap of the allocation-only efficiency rounds: 1 MiB (see the [module docs](self)).
pub const EFFICIENCY_HEAP_BYTES: usize = 1 << 20;
/// The `max` of the request law for the throughput rows (talc's).
pub const MAX_SIZES: [usize; 5] = [200, 1000, 3000, 10_000, 30_000];
/// The `max` of the request law for the allocation-only efficiency rows.
pub const EFFICIENCY_MAX_SIZES: [usize; 2] = [1000, 30_000];
/// The `max` of the request law for talc's mixed efficiency program (talc's
/// `HE_MAX_ALLOC_SIZE`).
pub const EFFICIENCY_MIXED_MAX: usize = 10_000;
/// The base seed; trial `t` and round `r` derive theirs from it.
pub const SEED: u64 = 0xA71A_5EED_0000_0006;

/// How long to measure the heap rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeapConfig {
    /// Trials per peer and throughput row.
    pub trials: usize,
    /// The length of one trial.
    pub trial_time: Duration,
    /// Rounds per peer and efficiency row.
    pub efficiency_rounds: usize,
    /// Timed allocator calls per peer and latency loop.
    pub latency_ops: usize,
}

impl HeapConfig {
    /// talc's method: 7 trials of 200 ms; 300 efficiency rounds; 200,000 timed calls per loop.
    pub const FULL: Self = Self {
        trials: 7,
        trial_time: Duration::from_millis(200),
        efficiency_rounds: 300,
        latency_ops: 200_000,
    };
    /// `--quick`: 3 trials of 20 ms, 30 rounds, 20,000 calls: a smoke test, noisy.
    pub const QUICK: Self = Self {
        trials: 3,
        trial_time: Duration::from_millis(20),
        efficiency_rounds: 30,
        latency_ops: 20_000,
    };

    /// A one-line description, for the report header.
    #[must_use]
    pub fn describe(&self) -> String {
        format!(
            "heap rows: {} trials of {} ms per peer (median), {} efficiency rounds (mean; a {} \
             MiB heap for the mixed program, {} KiB for allocation only), {} timed calls per \
             latency loop",
            self.trials,
            self.trial_time.as_millis(),
            self.efficiency_rounds,
            ARENA_BYTES >> 20,
            EFFICIENCY_HEAP_BYTES >> 10,
            self.latency_ops,
        )
    }
}

/// A group of heap rows, measured together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeapGroup {
    /// Random actions with requests up to `max`; with or without reallocs.
    Actions {
        /// The request law's `max`.
        max: usize,
        /// Whether one action in 7 is a realloc.
        realloc: bool,
    },
    /// Heap efficiency with requests up to `max`.
    Efficiency {
        /// The request law's `max`.
        max: usize,
        /// talc's mixed program (allocations, frees, reallocs) in the whole arena, rather
        /// than allocations alone in [`EFFICIENCY_HEAP_BYTES`].
        mixed: bool,
    },
    /// A latency loop (three rows: p50, p99, max).
    Latency(LatencyLoop),
}

impl HeapGroup {
    /// Every group, in report order.
    #[must_use]
    pub fn all() -> Vec<Self> {
        let mut groups = Vec::new();
        for realloc in [false, true] {
            groups.extend(MAX_SIZES.map(|max| Self::Actions { max, realloc }));
        }
        groups.push(Self::Efficiency {
            max: EFFICIENCY_MIXED_MAX,
            mixed: true,
        });
        groups.extend(EFFICIENCY_MAX_SIZES.map(|max| Self::Efficiency { max, mixed: false }));
        groups.extend(LatencyLoop::ALL.map(Self::Latency));
        groups
    }

    /// The group's name, the prefix of its rows' names (`heap/actions_realloc/1000`).
    #[must_use]
    pub fn name(&self) -> String {
        match *self {
            Self::Actions { max, realloc } => {
                let kind = if realloc {
                    "actions_realloc"
                } else {
                    "actions"
                };
                format!("heap/{kind}/{max}")
            }
            Self::Efficiency { max, mixed: true } => format!("heap/efficiency_mixed/{max}"),
            Self::Efficiency { max, mixed: false } => format!("heap/efficiency/{max}"),
            Self::Latency(kind) => format!("heap/latency/{}", kind.name()),
        }
    }
}

/// A 4096-aligned block of memory from the system allocator, every page written once.
#[derive(Debug)]
pub struct Arena {
    ptr: NonNull<u8>,
    layout: Layout,
}

impl Arena {
    /// `bytes` bytes (a multiple of 4096, not zero), filled with a pattern so every page is
    /// mapped before any measurement.
    ///
    /// # Panics
    ///
    /// If the system allocator fails.
    #[must_use]
    pub fn new(bytes: usize) -> Self {
        let layout = Layout::from_size_align(bytes, 4096).expect("a valid arena size");
        assert!(bytes > 0, "an empty arena");
        // SAFETY: not zero-sized.
        let ptr = unsafe { alloc::alloc::alloc(layout) };
        let ptr = NonNull::new(ptr).unwrap_or_else(|| alloc::alloc::handle_alloc_error(layout));
        // SAFETY: a fresh block of `bytes` bytes.
        unsafe { ptr.as_ptr().write_bytes(0xA5, bytes) };
        Self { ptr, layout }
    }

    /// The first `len` bytes (at most the arena's size) as a region for an allocator.
    ///
    /// # Panics
    ///
    /// If `len` is larger than the arena.
    #[must_use]
    pub fn region(&mut self, len: usize) -> *mut [u8] {
        assert!(len <= self.layout.size(), "a region larger than the arena");
        core::ptr::slice_from_raw_parts_mut(self.ptr.as_ptr(), len)
    }
}

impl Drop for Arena {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { alloc::alloc::dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// One trial of random actions for `A` over `region`.
///
/// # Safety
///
/// `region` is valid, 4096-aligned, and used by nothing else during the call.
unsafe fn actions_trial<A: HeapPeer>(
    region: *mut [u8],
    rng: &mut Rng,
    max: usize,
    realloc: bool,
    time: Duration,
) -> Trial {
    // SAFETY: the caller's guarantees; the allocator is dropped before the call returns.
    let heap = unsafe { locked::<A>(region) };
    random_actions(&heap, rng, max, realloc, time)
}

/// One efficiency round for `A` over `region`: talc's mixed program, or allocations alone.
///
/// # Safety
///
/// That of [`actions_trial`].
unsafe fn efficiency<A: HeapPeer>(
    region: *mut [u8],
    rng: &mut Rng,
    max: usize,
    mixed: bool,
) -> f64 {
    // SAFETY: the caller's guarantees; the allocator is dropped before the call returns.
    let heap = unsafe { locked::<A>(region) };
    if mixed {
        efficiency_mixed_round(&heap, region.len(), rng, max)
    } else {
        efficiency_round(&heap, region.len(), rng, max)
    }
}

/// A latency loop for `A` over `region`.
///
/// # Safety
///
/// That of [`actions_trial`].
unsafe fn latency<A: HeapPeer>(
    region: *mut [u8],
    kind: LatencyLoop,
    rng: &mut Rng,
    ops: usize,
) -> Vec<u64> {
    // SAFETY: the caller's guarantees; the allocator is dropped before the call returns.
    let heap = unsafe { locked::<A>(region) };
    workloads::latency(&heap, kind, rng, ops)
}

/// One peer's routines, monomorphized.
#[derive(Clone, Copy)]
struct PeerRuns {
    name: &'static str,
    actions: unsafe fn(*mut [u8], &mut Rng, usize, bool, Duration) -> Trial,
    efficiency: unsafe fn(*mut [u8], &mut Rng, usize, bool) -> f64,
    latency: unsafe fn(*mut [u8], LatencyLoop, &mut Rng, usize) -> Vec<u64>,
}

struct Runs(Vec<PeerRuns>);

impl PeerVisitor for Runs {
    fn visit<A: HeapPeer>(&mut self) {
        self.0.push(PeerRuns {
            name: A::PEER,
            actions: actions_trial::<A>,
            efficiency: efficiency::<A>,
            latency: latency::<A>,
        });
    }
}

/// The result of [`run_heap`].
#[derive(Clone, Debug, PartialEq)]
pub struct HeapRun {
    /// `heap/actions*` rows: millions of actions per second (higher is better).
    pub throughput: Table,
    /// `heap/efficiency/*` rows: live bytes at the first failure, percent of the heap (higher
    /// is better).
    pub efficiency: Table,
    /// `heap/latency/*` rows: nanoseconds per call (lower is better).
    pub latency: Table,
    /// The cost of the per-call timer, included in every latency figure.
    pub timer_overhead_ns: u64,
    /// (row, peer, count) of failed requests during the throughput trials (expected: none).
    pub failures: Vec<(String, &'static str, u64)>,
}

/// Measures `groups` for every peer with `config`; `progress` sees each row when done.
pub fn run_heap(
    groups: &[HeapGroup],
    config: &HeapConfig,
    mut progress: impl FnMut(&Row),
) -> HeapRun {
    let mut runs = Runs(Vec::new());
    for_each_peer(&mut runs);
    let peers = runs.0;
    let mut arena = Arena::new(ARENA_BYTES);
    let mut out = HeapRun {
        throughput: Table::with_unit(AVILA, "Mact/s"),
        efficiency: Table::with_unit(AVILA, "%"),
        latency: Table::with_unit(AVILA, "ns"),
        timer_overhead_ns: workloads::timer_overhead_ns(),
        failures: Vec::new(),
    };
    for group in groups {
        let name = group.name();
        match *group {
            HeapGroup::Actions { max, realloc } => {
                let mut rates: Vec<Vec<f64>> = vec![Vec::new(); peers.len()];
                let mut failures = vec![0; peers.len()];
                for trial in 0..config.trials {
                    for k in 0..peers.len() {
                        // Rotate the starting peer, as the harness does.
                        let p = (trial + k) % peers.len();
                        let mut rng = Rng::new(SEED ^ trial as u64);
                        let region = arena.region(ARENA_BYTES);
                        // SAFETY: the arena's region, used by this call alone.
                        let result = unsafe {
                            (peers[p].actions)(region, &mut rng, max, realloc, config.trial_time)
                        };
                        rates[p].push(result.per_second() / 1e6);
                        failures[p] += result.failures;
                    }
                }
                for (peer, &count) in peers.iter().zip(&failures) {
                    if count > 0 {
                        out.failures.push((name.clone(), peer.name, count));
                    }
                }
                let row = summarize(&name, &peers, rates, Summary::Median);
                progress(&row);
                out.throughput.rows.push(row);
            }
            HeapGroup::Efficiency { max, mixed } => {
                let bytes = if mixed {
                    ARENA_BYTES
                } else {
                    EFFICIENCY_HEAP_BYTES
                };
                let mut shares: Vec<Vec<f64>> = vec![Vec::new(); peers.len()];
                for round in 0..config.efficiency_rounds {
                    for (p, peer) in peers.iter().enumerate() {
                        let mut rng = Rng::new(SEED ^ ((round as u64) << 20));
                        let region = arena.region(bytes);
                        // SAFETY: the arena's region, used by this call alone.
                        let share = unsafe { (peer.efficiency)(region, &mut rng, max, mixed) };
                        shares[p].push(share * 100.0);
                    }
                }
                let row = summarize(&name, &peers, shares, Summary::Mean);
                progress(&row);
                out.efficiency.rows.push(row);
            }
            HeapGroup::Latency(kind) => {
                let mut sorted: Vec<Vec<u64>> = Vec::new();
                for peer in &peers {
                    let mut rng = Rng::new(SEED ^ 0x1A7E);
                    let region = arena.region(ARENA_BYTES);
                    // SAFETY: the arena's region, used by this call alone.
                    let mut times =
                        unsafe { (peer.latency)(region, kind, &mut rng, config.latency_ops) };
                    times.sort_unstable();
                    sorted.push(times);
                }
                for (label, q) in [("p50", 0.5), ("p99", 0.99), ("max", 1.0)] {
                    let row = Row {
                        workload: format!("{name}/{label}"),
                        measurements: peers
                            .iter()
                            .zip(&sorted)
                            .map(|(peer, times)| Measurement {
                                peer: peer.name.to_owned(),
                                value: quantile(times, q) as f64,
                                spread: 0.0,
                            })
                            .collect(),
                    };
                    progress(&row);
                    out.latency.rows.push(row);
                }
            }
        }
    }
    out
}

/// How a row's value is taken from its samples.
#[derive(Clone, Copy)]
enum Summary {
    Median,
    Mean,
}

fn summarize(name: &str, peers: &[PeerRuns], samples: Vec<Vec<f64>>, how: Summary) -> Row {
    let measurements = peers
        .iter()
        .zip(samples)
        .map(|(peer, mut values)| {
            let value = match how {
                Summary::Median => median(&mut values),
                Summary::Mean => values.iter().sum::<f64>() / values.len().max(1) as f64,
            };
            Measurement {
                peer: peer.name.to_owned(),
                value,
                spread: relative_mad(&values, value),
            }
        })
        .collect();
    Row {
        workload: name.to_owned(),
        measurements,
    }
}

/// The explanation line of each heap table.
#[must_use]
pub fn legends(run: &HeapRun) -> [(&Table, String); 3] {
    let s = AVILA;
    [
        (
            &run.throughput,
            format!(
                "throughput: median millions of random actions per second; {s}/peer > 1.00 \
                 means {s} is faster"
            ),
        ),
        (
            &run.efficiency,
            format!(
                "heap efficiency: mean live bytes at the first failure, % of the heap (talc's \
                 mixed program in {} MiB; allocations alone in {} KiB); {s}/peer > 1.00 means \
                 {s} fits more",
                ARENA_BYTES >> 20,
                EFFICIENCY_HEAP_BYTES >> 10
            ),
        ),
        (
            &run.latency,
            format!(
                "latency: ns per allocator call (each timed alone, {} ns of timer included); \
                 {s}/peer < 1.00 means {s} is quicker",
                run.timer_overhead_ns
            ),
        ),
    ]
}

/// The heap tables as plain text, each under its legend (empty tables left out).
#[must_use]
pub fn heap_text(run: &HeapRun) -> String {
    let mut out = String::new();
    for (table, legend) in legends(run) {
        if !table.rows.is_empty() {
            let _ = writeln!(out, "\n{legend}\n");
            out.push_str(&table.to_text());
        }
    }
    out
}

/// The heap tables as Markdown, each under its legend (empty tables left out).
#[must_use]
pub fn heap_markdown(run: &HeapRun) -> String {
    let mut out = String::new();
    for (table, legend) in legends(run) {
        if !table.rows.is_empty() {
            let _ = writeln!(out, "\n{legend}\n");
            out.push_str(&table.to_markdown());
        }
    }
    out
}

/// The heap tables as one CSV (the three tables one after the other, each with its header).
#[must_use]
pub fn heap_csv(run: &HeapRun) -> String {
    let mut out = String::new();
    for (table, _) in legends(run) {
        if !table.rows.is_empty() {
            out.push_str(&table.to_csv());
        }
    }
    out
}

/// The rows where avila misses a peer by more than `threshold` (0.05 = 5%), as
/// (row, peer, avila/peer), in whichever direction "worse" is for the table.
#[must_use]
pub fn heap_misses(run: &HeapRun, threshold: f64) -> Vec<(String, String, f64)> {
    let mut misses = Vec::new();
    let tables = [
        (&run.throughput, true),
        (&run.efficiency, true),
        (&run.latency, false),
    ];
    for (table, higher_is_better) in tables {
        let peers = table.peers();
        for row in &table.rows {
            for &peer in &peers[1..] {
                if let Some(ratio) = row.ratio(&table.subject, peer) {
                    let worse = if higher_is_better {
                        ratio < 1.0 - threshold
                    } else {
                        ratio > 1.0 + threshold
                    };
                    if worse {
                        misses.push((row.workload.clone(), peer.to_owned(), ratio));
                    }
                }
            }
        }
    }
    misses
}

/// The calibrated heap cases (rows of the main, nanosecond table): one allocator call pair per
/// run, through the same harness and criterion front ends as every other row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeapCase {
    /// `heap/alloc_free/1000`: allocate a block and free it (an otherwise empty heap).
    AllocFree,
    /// `heap/churn/1000`: with [`CASE_LIVE`] live blocks, free one (picked at random) and
    /// allocate its replacement.
    Churn,
}

/// Live blocks in [`HeapCase::Churn`].
pub const CASE_LIVE: usize = 1000;
/// Requests drawn in advance (the same for every peer) and cycled through by the cases.
const CASE_DRAWS: usize = 4096;
/// The arena of each calibrated case.
const CASE_ARENA_BYTES: usize = 8 << 20;

impl HeapCase {
    /// Every case, in report order.
    pub const ALL: [Self; 2] = [Self::AllocFree, Self::Churn];

    /// The case name.
    #[must_use]
    pub fn name(self) -> String {
        let max = workloads::LATENCY_MAX;
        match self {
            Self::AllocFree => format!("heap/alloc_free/{max}"),
            Self::Churn => format!("heap/churn/{max}"),
        }
    }
}

/// The calibrated heap cases for every peer of [`for_each_peer`].
pub fn heap_cases(vis: &mut impl Visitor) {
    struct Cases<'v, V>(&'v mut V, HeapCase);
    impl<V: Visitor> PeerVisitor for Cases<'_, V> {
        fn visit<A: HeapPeer>(&mut self) {
            heap_case::<A>(self.0, self.1);
        }
    }
    for case in HeapCase::ALL {
        for_each_peer(&mut Cases(vis, case));
    }
}

/// What a calibrated case's routine owns: the heap first, so it is dropped before its arena.
struct CaseState<A: HeapPeer> {
    heap: crate::peers_heap::Locked<A>,
    live: Vec<(*mut u8, Layout)>,
    layouts: Vec<Layout>,
    picks: Vec<usize>,
    next: usize,
    _arena: Arena,
}

fn heap_case<A: HeapPeer>(vis: &mut impl Visitor, case: HeapCase) {
    let mut arena = Arena::new(CASE_ARENA_BYTES);
    // SAFETY: the arena moves into the state with the heap and outlives it (field order); the
    // region is used by this heap alone.
    let heap = unsafe { locked::<A>(arena.region(CASE_ARENA_BYTES)) };
    let mut rng = Rng::new(SEED);
    let max = workloads::LATENCY_MAX;
    let layouts = (0..CASE_DRAWS)
        .map(|_| workloads::random_layout(&mut rng, max))
        .collect();
    let picks = (0..CASE_DRAWS).map(|_| rng.below(CASE_LIVE)).collect();
    let mut state = CaseState {
        heap,
        live: Vec::new(),
        layouts,
        picks,
        next: 0,
        _arena: arena,
    };
    if case == HeapCase::Churn {
        for _ in 0..CASE_LIVE {
            let layout = workloads::random_layout(&mut rng, max);
            // SAFETY: not zero-sized.
            let ptr = unsafe { state.heap.alloc(layout) };
            assert!(!ptr.is_null(), "the case's arena is large enough");
            state.live.push((ptr, layout));
        }
    }
    let name = case.name();
    // The routines name `state` as a whole (`let state = &mut state`): a closure that only
    // named its fields would capture those fields alone, and the arena would be freed here.
    match case {
        HeapCase::AllocFree => vis.plain(&name, A::PEER, move || {
            let state = &mut state;
            let layout = state.layouts[state.next % CASE_DRAWS];
            state.next += 1;
            // SAFETY: not zero-sized; then freed once with its layout.
            unsafe {
                let ptr = state.heap.alloc(layout);
                assert!(!ptr.is_null(), "an empty heap refused a block");
                state.heap.dealloc(black_box(ptr), layout);
            }
        }),
        HeapCase::Churn => vis.plain(&name, A::PEER, move || {
            let state = &mut state;
            let i = state.next % CASE_DRAWS;
            state.next += 1;
            let slot = &mut state.live[state.picks[i]];
            let layout = state.layouts[i];
            // SAFETY: the slot's block is live with its layout and replaced right after; the
            // new layout is not zero-sized.
            unsafe {
                state.heap.dealloc(slot.0, slot.1);
                let ptr = state.heap.alloc(layout);
                assert!(!ptr.is_null(), "the case's arena is large enough");
                *slot = (black_box(ptr), layout);
            }
        }),
    }
}
