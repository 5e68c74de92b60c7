//! The allocation trackers under comparison, each wrapping the same inner allocator.
//!
//! | peer | type |
//! |---|---|
//! | [`AVILA`] | `avila_alloc::track::AllocationTracker<A>` |
//! | [`AVILA_IN_LOCK`] | `LockedHeap<AllocationTracker<Heap>, SpinLock>`: the tracker inside the heap's lock (heap rows only) |
//! | [`LEAK`] | `avila_alloc::track::LeakDetector<A, LEAK_TABLE>` |
//! | [`STATS_ALLOC`] | `stats_alloc::StatsAlloc<A>` |
//! | [`PROFILER`] | `avila_alloc::track::MemoryProfiler<A>` |
//! | [`DHAT`] | `dhat::Alloc` with a `dhat::Profiler` running (over [`System`] only: it wraps nothing else) |
//! | [`UNTRACKED`] | `A` itself: the baseline, so a row shows each tracker's overhead |
//!
//! The inner allocator `A` is the system allocator ([`System`]) or avila's heap behind a spin
//! lock ([`LockedSystemHeap`]). Every allocator is made once, leaked, and reached through a
//! `&'static` reference, the way a `#[global_allocator]` is.

use std::alloc::System;

use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
use avila_alloc::track::{AllocationTracker, LeakDetector, MemoryProfiler};
use stats_alloc::StatsAlloc;

pub use crate::peers::AVILA;

/// The name under which avila's `AllocationTracker` inside the heap's lock appears in reports.
pub const AVILA_IN_LOCK: &str = "avila_in_lock";

/// The name under which avila's `LeakDetector` appears in reports.
pub const LEAK: &str = "avila_leak";

/// The table size of the [`LEAK`] peer: four times the most blocks a workload keeps live
/// ([`LIVE`](crate::workloads_track::LIVE)).
pub const LEAK_TABLE: usize = 1024;

const _: () = assert!(LEAK_TABLE >= 2 * crate::workloads_track::LIVE);

/// The name under which `stats_alloc` appears in reports.
pub const STATS_ALLOC: &str = "stats_alloc";

/// The name under which avila's `MemoryProfiler` appears in reports.
pub const PROFILER: &str = "profiler";

/// The name under which `dhat` (its heap profiler) appears in reports.
pub const DHAT: &str = "dhat";

/// The name of the inner allocator without a tracker.
pub const UNTRACKED: &str = "untracked";

/// Bytes of the heap each [`LockedSystemHeap`] manages.
pub const HEAP_BYTES: usize = 4 << 20;

/// avila's TLSF heap behind its spin lock (what `global_heap!` installs).
pub type LockedSystemHeap = LockedHeap<Heap, SpinLock>;

/// An inner allocator the trackers wrap: made fresh for each peer.
pub trait Inner: core::alloc::GlobalAlloc + Sync + Send + 'static {
    /// The allocator's name in case names (`track/<workload>_<inner>/...`).
    const NAME: &'static str;
    /// A fresh allocator.
    fn make() -> Self;
}

impl Inner for System {
    const NAME: &'static str = "system";

    fn make() -> Self {
        System
    }
}

impl Inner for LockedSystemHeap {
    const NAME: &'static str = "heap";

    fn make() -> Self {
        let heap = LockedHeap::new(Heap::new());
        // SAFETY: a fresh region, used for nothing else.
        unsafe { heap.lock().claim(leaked_region()) };
        heap
    }
}

/// [`HEAP_BYTES`] of leaked memory, for one heap.
fn leaked_region() -> *mut [u8] {
    let memory: &'static mut [u64] = Box::leak(vec![0_u64; HEAP_BYTES / 8].into_boxed_slice());
    core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast::<u8>(), HEAP_BYTES)
}

/// `LockedHeap<AllocationTracker<Heap>, SpinLock>`, leaked: the tracker counts inside the lock,
/// through `&mut`.
#[must_use]
pub fn avila_in_lock() -> &'static LockedHeap<AllocationTracker<Heap>, SpinLock> {
    let heap = Box::leak(Box::new(LockedHeap::new(AllocationTracker::new(
        Heap::new(),
    ))));
    // SAFETY: a fresh region, used for nothing else.
    unsafe { heap.lock().inner_mut().claim(leaked_region()) };
    heap
}

/// `AllocationTracker<A>`, leaked.
#[must_use]
pub fn avila<A: Inner>() -> &'static AllocationTracker<A> {
    Box::leak(Box::new(AllocationTracker::new(A::make())))
}

/// `LeakDetector<A, LEAK_TABLE>`, leaked.
#[must_use]
pub fn leak<A: Inner>() -> &'static LeakDetector<A, LEAK_TABLE> {
    Box::leak(Box::new(LeakDetector::new(A::make())))
}

/// `StatsAlloc<A>`, leaked.
#[must_use]
pub fn stats_alloc<A: Inner>() -> &'static StatsAlloc<A> {
    Box::leak(Box::new(StatsAlloc::new(A::make())))
}

/// `MemoryProfiler<A>`, leaked.
#[must_use]
pub fn profiler<A: Inner>() -> &'static MemoryProfiler<A> {
    Box::leak(Box::new(MemoryProfiler::new(A::make())))
}

/// `dhat::Alloc`, with dhat's heap profiler started on the first call and never stopped (so it
/// writes no file).
///
/// `dhat::Alloc` is not this binary's `#[global_allocator]`: its calls are made directly, like
/// every peer's. dhat records them all the same (it only needs its `Profiler` running), and the
/// work it does per call (a backtrace, a table lookup, a global lock) is exactly what it does as
/// the global allocator; what it allocates for itself goes to the real global allocator, which
/// dhat does not see either way (it sets a thread-local flag around its own work).
#[must_use]
pub fn dhat() -> &'static dhat::Alloc {
    static ALLOC: dhat::Alloc = dhat::Alloc;
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| core::mem::forget(dhat::Profiler::new_heap()));
    &ALLOC
}

/// `A` without a tracker, leaked.
#[must_use]
pub fn untracked<A: Inner>() -> &'static A {
    Box::leak(Box::new(A::make()))
}
