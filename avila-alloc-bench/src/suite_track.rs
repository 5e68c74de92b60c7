//! The tracker cases: every [`TrackWorkload`] through avila's `AllocationTracker` and
//! `LeakDetector`, through `stats_alloc`'s `StatsAlloc`, through avila's `MemoryProfiler` and
//! `dhat` (over the system allocator only), avila's tracker inside the heap's lock (`avila_in_lock`,
//! over the heap only) and through the bare allocator, over the system
//! allocator and over avila's `LockedHeap<Heap, SpinLock>` (rows `track/<workload>_<inner>/...`).
//!
//! A tracker's overhead per call is its row's time minus the `untracked` time, divided by the
//! calls per operation (two per pair or replacement).

use core::fmt;
use core::hint::black_box;
use std::alloc::System;

use crate::peers_track::{
    self as peers, AVILA, AVILA_IN_LOCK, DHAT, Inner, LEAK, LockedSystemHeap, PROFILER,
    STATS_ALLOC, UNTRACKED,
};
use crate::suite::Visitor;
use crate::workloads_track::{self as workloads, CHURN_OPS, PAIRS};

/// The tracker workloads of [`workloads_track`](crate::workloads_track), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrackWorkload {
    /// [`workloads::pairs`].
    Pairs,
    /// [`workloads::pairs_two_threads`].
    PairsTwoThreads,
    /// [`workloads::churn`].
    Churn,
}

impl TrackWorkload {
    /// Every tracker workload, in report order.
    pub const ALL: [Self; 3] = [Self::Pairs, Self::PairsTwoThreads, Self::Churn];

    /// The name in case names.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Pairs => "pair",
            Self::PairsTwoThreads => "pair_2_threads",
            Self::Churn => "churn",
        }
    }

    /// Operations per run: pairs (both threads') or replacements.
    #[must_use]
    pub const fn operations(self) -> usize {
        match self {
            Self::Pairs => PAIRS,
            Self::PairsTwoThreads => 2 * PAIRS,
            Self::Churn => CHURN_OPS,
        }
    }
}

impl fmt::Display for TrackWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a workload over the inner allocator `A` (`track/<workload>_<inner>/<ops>`).
#[must_use]
pub fn track_case_name<A: Inner>(workload: TrackWorkload) -> String {
    format!("track/{workload}_{}/{}", A::NAME, workload.operations())
}

/// The tracker cases: `track/...`, over the system allocator, then over avila's locked heap.
pub fn track_cases(vis: &mut impl Visitor) {
    for workload in TrackWorkload::ALL {
        track_peers::<System>(vis, workload);
    }
    for workload in TrackWorkload::ALL {
        track_peers::<LockedSystemHeap>(vis, workload);
    }
}

fn track_peers<A: Inner>(vis: &mut impl Visitor, workload: TrackWorkload) {
    let case = track_case_name::<A>(workload);
    track_case(vis, &case, AVILA, workload, peers::avila::<A>());
    if A::NAME == LockedSystemHeap::NAME {
        track_case(vis, &case, AVILA_IN_LOCK, workload, peers::avila_in_lock());
    }
    track_case(vis, &case, LEAK, workload, peers::leak::<A>());
    track_case(vis, &case, STATS_ALLOC, workload, peers::stats_alloc::<A>());
    track_case(vis, &case, PROFILER, workload, peers::profiler::<A>());
    if A::NAME == System::NAME {
        track_case(vis, &case, DHAT, workload, peers::dhat());
    }
    track_case(vis, &case, UNTRACKED, workload, peers::untracked::<A>());
}

fn track_case<G: core::alloc::GlobalAlloc + Sync + 'static>(
    vis: &mut impl Visitor,
    case: &str,
    peer: &'static str,
    workload: TrackWorkload,
    alloc: &'static G,
) {
    match workload {
        TrackWorkload::Pairs => vis.plain(case, peer, move || {
            black_box(workloads::pairs(alloc));
        }),
        TrackWorkload::PairsTwoThreads => vis.plain(case, peer, move || {
            black_box(workloads::pairs_two_threads(alloc));
        }),
        TrackWorkload::Churn => vis.plain(case, peer, move || {
            black_box(workloads::churn(alloc));
        }),
    }
}
