//! loom model test of `track::AllocationTracker`'s counters: threads allocate and free through one
//! tracker while loom explores every interleaving (up to `LOOM_MAX_PREEMPTIONS` preemptions) of
//! their atomic operations. No update may be lost, and the peak must be the highest value the byte
//! count took: with blocks still held at the end, that is exactly the bytes in use then. (A peak
//! kept by load-then-store would fail here: one thread's lower value could overwrite the other's.)
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;

use avila_alloc::track::AllocationTracker;
use loom::sync::Arc;
use loom::thread;

/// An allocator that hands out a dangling, well-aligned pointer: the tracker only counts, it
/// never touches the memory, and this keeps the model free of real allocations.
struct Dangling;

// SAFETY: the pointers are never dereferenced (by the tracker or the test).
unsafe impl GlobalAlloc for Dangling {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        NonNull::<u8>::dangling()
            .as_ptr()
            .wrapping_add(layout.align() - 1)
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 1).unwrap()
}

#[test]
fn two_threads_lose_no_count_and_the_peak_is_exact() {
    loom::model(|| {
        let tracker = Arc::new(AllocationTracker::new(Dangling));
        let other = Arc::clone(&tracker);
        // Each thread frees a short-lived block, then keeps a larger one: at the end 50 + 30
        // bytes are in use, and no moment had more (each thread holds one block at a time, at
        // most 50 and 30 bytes), so the peak must be exactly 80.
        let t = thread::spawn(move || {
            // SAFETY: a non-zero-sized layout; the block is freed with it.
            unsafe { other.dealloc(other.alloc(layout(20)), layout(20)) };
            // SAFETY: as above; kept (the allocator never reclaims anything).
            let _kept = unsafe { other.alloc(layout(30)) };
        });
        // SAFETY: as in the other thread.
        unsafe { tracker.dealloc(tracker.alloc(layout(10)), layout(10)) };
        // SAFETY: as above.
        let _kept = unsafe { tracker.alloc(layout(50)) };
        t.join().unwrap();

        let stats = tracker.snapshot();
        assert_eq!((stats.allocations, stats.deallocations), (4, 2));
        assert_eq!((stats.current_bytes, stats.total_bytes), (80, 110));
        assert_eq!(stats.peak_bytes, 80, "{stats}");
    });
}
