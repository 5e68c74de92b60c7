//! Tests of `AllocationTracker` over `GlobalAlloc`, `RawAlloc` and `allocator_api2::Allocator`.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;
use std::alloc::System;
use std::string::ToString;
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::vec::Vec;

use super::{AllocDelta, AllocStats, AllocationTracker};
use crate::heap::{Heap, LockedHeap, RawAlloc, SpinLock};

/// The system allocator, refusing requests above `limit` bytes (allocations and growth).
struct Limited {
    limit: AtomicUsize,
}

impl Limited {
    const fn new(limit: usize) -> Self {
        Self {
            limit: AtomicUsize::new(limit),
        }
    }
}

// SAFETY: passes requests on to `System`, or refuses them with null.
unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() > self.limit.load(Ordering::Relaxed) {
            return ptr::null_mut();
        }
        // SAFETY: the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > self.limit.load(Ordering::Relaxed) {
            return ptr::null_mut();
        }
        // SAFETY: the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

fn stats(
    allocations: usize,
    deallocations: usize,
    reallocations: usize,
    failures: usize,
    [current_bytes, peak_bytes, total_bytes]: [usize; 3],
) -> AllocStats {
    AllocStats {
        allocations,
        deallocations,
        reallocations,
        failures,
        current_bytes,
        peak_bytes,
        total_bytes,
    }
}

#[test]
fn global_alloc_counts_a_known_sequence_exactly() {
    let t = AllocationTracker::new(Limited::new(1000));
    // SAFETY: non-zero-sized layouts; every block is freed with its current layout.
    unsafe {
        let a = t.alloc(layout(100));
        let b = t.alloc_zeroed(layout(50));
        assert!(!a.is_null() && !b.is_null());
        assert_eq!(*b.add(49), 0);
        assert_eq!(t.snapshot(), stats(2, 0, 0, 0, [150, 150, 150]));
        t.dealloc(a, layout(100));
        assert_eq!(t.snapshot(), stats(2, 1, 0, 0, [50, 150, 150]));
        // Growth by 250, then a shrink by 200.
        let b = t.realloc(b, layout(50), 300);
        assert_eq!(t.snapshot(), stats(2, 1, 1, 0, [300, 300, 400]));
        let b = t.realloc(b, layout(300), 100);
        assert_eq!(t.snapshot(), stats(2, 1, 2, 0, [100, 300, 400]));
        // Refusals change nothing but the failure count; the block is still there.
        assert!(t.alloc(layout(2000)).is_null());
        assert!(t.alloc_zeroed(layout(2000)).is_null());
        assert!(t.realloc(b, layout(100), 5000).is_null());
        assert_eq!(t.snapshot(), stats(2, 1, 2, 3, [100, 300, 400]));
        t.dealloc(b, layout(100));
    }
    let end = t.snapshot();
    assert_eq!(end, stats(2, 2, 2, 3, [0, 300, 400]));
    assert_eq!(end.live(), 0);
}

#[test]
fn reset_peak_restarts_from_the_current_bytes() {
    let t = AllocationTracker::new(System);
    // SAFETY: non-zero-sized layouts, freed with the same layouts.
    unsafe {
        let keep = t.alloc(layout(64));
        t.dealloc(t.alloc(layout(1024)), layout(1024));
        assert_eq!(t.snapshot().peak_bytes, 1088);
        t.reset_peak();
        assert_eq!(t.snapshot().peak_bytes, 64);
        t.dealloc(t.alloc(layout(32)), layout(32));
        assert_eq!(t.snapshot().peak_bytes, 96);
        t.dealloc(keep, layout(64));
    }
}

#[test]
fn diff_is_what_happened_in_between() {
    let t = AllocationTracker::new(System);
    // SAFETY: non-zero-sized layouts, freed with their current layouts.
    unsafe {
        let a = t.alloc(layout(40));
        let before = t.snapshot();
        let b = t.alloc(layout(10));
        t.dealloc(a, layout(40));
        let b = t.realloc(b, layout(10), 30);
        let change = t.snapshot().diff(&before);
        assert_eq!(
            change,
            AllocDelta {
                allocations: 1,
                deallocations: 1,
                reallocations: 1,
                failures: 0,
                current_bytes: -10,
                total_bytes: 30,
            }
        );
        assert_eq!(
            change.to_string(),
            "1 allocation, 1 deallocation, 1 reallocation, 0 failures; -10 B current, 30 B allocated"
        );
        t.dealloc(b, layout(30));
    }
    // Counters that wrapped between the snapshots still give the right difference.
    let earlier = stats(usize::MAX - 1, 0, 0, 0, [usize::MAX, 0, usize::MAX - 4]);
    let later = stats(2, 0, 0, 0, [3, 0, 5]);
    let change = later.diff(&earlier);
    assert_eq!(
        (change.allocations, change.current_bytes, change.total_bytes),
        (4, 4, 10)
    );
}

#[test]
fn display_and_debug_show_the_counters() {
    let s = stats(3, 1, 0, 2, [96, 128, 256]);
    assert_eq!(
        s.to_string(),
        "3 allocations, 1 deallocation, 0 reallocations, 2 failures; 96 B current, 128 B peak, 256 B total"
    );
    let t = AllocationTracker::new(System);
    assert_eq!(t.to_string(), AllocStats::default().to_string());
    let debug = std::format!("{t:?}");
    assert!(
        debug.starts_with("AllocationTracker { stats: AllocStats { allocations: 0"),
        "{debug}"
    );
}

#[test]
fn raw_alloc_counts_moves_in_place_resizes_and_failures() {
    #[repr(align(16))]
    struct Memory([u8; 4096]);
    let mut memory = Memory([0; 4096]);
    let mut heap = Heap::new();
    // SAFETY: `memory` outlives the heap and is used for nothing else.
    unsafe { heap.claim(ptr::from_mut(&mut memory.0[..])) };
    let mut t = AllocationTracker::new(heap);
    let a = t.allocate(layout(64)).unwrap();
    assert_eq!(t.snapshot(), stats(1, 0, 0, 0, [64, 64, 64]));
    // The block after `a` is free: growth happens in place and counts as a reallocation.
    // SAFETY: `a` is live with layout(64).
    unsafe { t.grow_in_place(a, layout(64), 128) }.unwrap();
    assert_eq!(t.snapshot(), stats(1, 0, 1, 0, [128, 128, 128]));
    let b = t.allocate(layout(32)).unwrap();
    // `b` now follows `a`: growing in place is refused, which is not a failure ...
    // SAFETY: `a` is live with layout(128).
    assert!(unsafe { t.grow_in_place(a, layout(128), 512) }.is_err());
    assert_eq!(t.snapshot().failures, 0);
    // ... and `grow` moves the block: one reallocation, not an allocation and a free.
    // SAFETY: `a` is live with layout(128).
    let a = unsafe { t.grow(a, layout(128), layout(512)) }.unwrap();
    assert_eq!(t.snapshot(), stats(2, 0, 2, 0, [544, 544, 544]));
    // SAFETY: `a` is live with layout(512).
    let a = unsafe { t.shrink(a, layout(512), layout(100)) }.unwrap();
    assert_eq!(t.snapshot(), stats(2, 0, 3, 0, [132, 544, 544]));
    assert!(t.allocate(layout(1 << 20)).is_err());
    // SAFETY: `a` is live with layout(100).
    assert!(unsafe { t.grow(a, layout(100), layout(1 << 20)) }.is_err());
    assert_eq!(t.snapshot().failures, 2);
    // SAFETY: both blocks are live with these layouts.
    unsafe {
        t.deallocate(a, layout(100));
        t.deallocate(b, layout(32));
    }
    assert_eq!(t.snapshot(), stats(2, 2, 3, 2, [0, 544, 544]));
    // The inner allocator's own statistics pass through.
    assert_eq!(t.stats().allocations, 0);
}

#[test]
fn counts_from_many_threads_are_exact() {
    const THREADS: usize = if cfg!(miri) { 3 } else { 4 };
    const ROUNDS: usize = if cfg!(miri) { 20 } else { 2000 };
    let t = AllocationTracker::new(System);
    thread::scope(|s| {
        for id in 0..THREADS {
            let t = &t;
            s.spawn(move || {
                let mut held = Vec::new();
                for round in 0..ROUNDS {
                    let size = 8 + (id * 31 + round) % 57;
                    // SAFETY: non-zero-sized layouts; every block is freed with its layout.
                    unsafe {
                        held.push((t.alloc(layout(size)), size));
                        if round % 3 == 2 {
                            for (ptr, size) in held.drain(..) {
                                t.dealloc(ptr, layout(size));
                            }
                        }
                    }
                }
                for (ptr, size) in held {
                    // SAFETY: as above.
                    unsafe { t.dealloc(ptr, layout(size)) };
                }
            });
        }
    });
    let total: usize = (0..THREADS)
        .flat_map(|id| (0..ROUNDS).map(move |round| 8 + (id * 31 + round) % 57))
        .sum();
    let end = t.snapshot();
    assert_eq!(end.allocations, THREADS * ROUNDS);
    assert_eq!(end.deallocations, THREADS * ROUNDS);
    assert_eq!((end.current_bytes, end.total_bytes), (0, total));
    // Each thread holds at most 3 blocks of at most 64 bytes at a time.
    assert!(
        end.peak_bytes >= 8 * 3 && end.peak_bytes <= THREADS * 3 * 64,
        "{end}"
    );
}

/// More threads alive at once than the tracker has slots (the rest share atomics), in waves, so
/// that thread numbers, and the slots that go with them, pass from exited threads to new ones.
#[test]
fn counts_stay_exact_past_the_slots_and_across_thread_exits() {
    const WAVES: usize = if cfg!(miri) { 2 } else { 4 };
    const THREADS: usize = 20;
    const ROUNDS: usize = if cfg!(miri) { 5 } else { 5000 };
    let t = AllocationTracker::new(System);
    for _ in 0..WAVES {
        // All of a wave's threads hold their numbers at once.
        let start = Barrier::new(THREADS);
        thread::scope(|s| {
            for id in 0..THREADS {
                let (t, start) = (&t, &start);
                s.spawn(move || {
                    start.wait();
                    for _ in 0..ROUNDS {
                        let size = 8 + id;
                        // SAFETY: a non-zero-sized layout, freed with the layout of its size.
                        unsafe {
                            let ptr = t.alloc(layout(size));
                            let ptr = t.realloc(ptr, layout(size), 2 * size);
                            t.dealloc(ptr, layout(2 * size));
                        }
                    }
                });
            }
        });
    }
    let calls = WAVES * THREADS * ROUNDS;
    let bytes: usize = (0..THREADS).map(|id| 2 * (8 + id)).sum::<usize>() * WAVES * ROUNDS;
    let after = t.snapshot();
    assert_eq!(
        (after.allocations, after.reallocations, after.deallocations),
        (calls, calls, calls)
    );
    assert_eq!((after.current_bytes, after.total_bytes), (0, bytes));
}

/// Inside a lock, the tracker counts through `&mut self` with plain loads and stores: the lock
/// keeps the counts exact when threads allocate at once.
#[test]
fn a_tracker_inside_a_locked_heap_counts_every_thread() {
    const THREADS: usize = 4;
    const ROUNDS: usize = if cfg!(miri) { 10 } else { 2000 };
    #[repr(align(16))]
    struct Memory([u8; 1 << 16]);
    let mut memory = std::boxed::Box::new(Memory([0; 1 << 16]));
    let locked = LockedHeap::<_, SpinLock>::new(AllocationTracker::new(Heap::new()));
    // SAFETY: the memory outlives the heap (declared first) and is used for nothing else.
    unsafe {
        locked
            .lock()
            .inner_mut()
            .claim(ptr::from_mut(&mut memory.0))
    };
    thread::scope(|s| {
        for id in 0..THREADS {
            let locked = &locked;
            s.spawn(move || {
                for _ in 0..ROUNDS {
                    let size = 16 * (id + 1);
                    // SAFETY: a non-zero-sized layout, freed with the same layout.
                    unsafe {
                        let ptr = locked.alloc(layout(size));
                        assert!(!ptr.is_null());
                        locked.dealloc(ptr, layout(size));
                    }
                }
            });
        }
    });
    let after = locked.lock().snapshot();
    let calls = THREADS * ROUNDS;
    assert_eq!((after.allocations, after.deallocations), (calls, calls));
    assert_eq!(after.total_bytes, 16 * (1 + 2 + 3 + 4) * ROUNDS);
    assert_eq!(after.current_bytes, 0);
    assert!((16..=64 * THREADS).contains(&after.peak_bytes));
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api2_counts_growth_shrink_and_failures() {
    use allocator_api2::alloc::{AllocError, Allocator, Global};
    use allocator_api2::vec::Vec as ApiVec;

    let t = AllocationTracker::new(Global);
    let mut v: ApiVec<u64, _> = ApiVec::with_capacity_in(2, &t);
    v.extend(0..10);
    let grown = t.snapshot();
    assert_eq!(grown.allocations, 1);
    assert!(grown.reallocations >= 1, "{grown}");
    assert_eq!(grown.current_bytes, v.capacity() * 8);
    v.truncate(3);
    v.shrink_to_fit();
    assert_eq!(t.snapshot().current_bytes, 24);
    drop(v);
    let end = t.snapshot();
    assert_eq!((end.current_bytes, end.live()), (0, 0));
    let z = t.allocate_zeroed(layout(16)).unwrap();
    // SAFETY: `z` is live with layout(16); grown to 64 zeroed bytes, then freed with that layout.
    unsafe {
        let z = t.grow_zeroed(z.cast(), layout(16), layout(64)).unwrap();
        assert_eq!(z.as_ref()[63], 0);
        t.deallocate(z.cast(), layout(64));
    }
    let after = t.snapshot();
    assert_eq!(after.allocations, end.allocations + 1);
    assert_eq!(after.reallocations, end.reallocations + 1);
    assert_eq!(after.current_bytes, 0);
    // A refusal from the inner allocator is a failure (an allocator that refuses everything:
    // asking `Global` for too much would abort under Miri instead of failing).
    struct Refusing;
    // SAFETY: it never hands out memory.
    unsafe impl Allocator for Refusing {
        fn allocate(&self, _: Layout) -> Result<core::ptr::NonNull<[u8]>, AllocError> {
            Err(AllocError)
        }

        unsafe fn deallocate(&self, _: core::ptr::NonNull<u8>, _: Layout) {
            unreachable!("nothing was allocated")
        }
    }
    let refusing = AllocationTracker::new(Refusing);
    assert!(refusing.allocate(layout(8)).is_err());
    assert!(refusing.allocate_zeroed(layout(8)).is_err());
    let stats = refusing.snapshot();
    assert_eq!((stats.allocations, stats.failures), (0, 2));
}
