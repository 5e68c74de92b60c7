//! loom model test of `track::LeakDetector`'s bookkeeping: two threads allocate and free through
//! one detector while loom explores every interleaving (up to `LOOM_MAX_PREEMPTIONS`
//! preemptions) of the table's spin lock and the atomic reservation count. No allocation may be
//! lost from the table or counted twice, a table exactly as large as the peak of live blocks is
//! never reported full, and a table one entry too small refuses exactly the allocation that does
//! not fit (the reservation is taken before the wrapped allocator is called, so two threads
//! cannot both pass a check for the last entry).
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

use avila_alloc::track::LeakDetector;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

/// Hands out distinct, never dereferenced addresses (a counter times 64), so the table sees
/// different blocks; the detector never touches the memory.
struct Addresses(AtomicUsize);

// SAFETY: the pointers are never dereferenced (by the detector or the test).
unsafe impl GlobalAlloc for Addresses {
    unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        ptr::without_provenance_mut(n * 64)
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

#[test]
fn two_threads_lose_no_entry_and_a_right_sized_table_is_never_full() {
    loom::model(|| {
        let detector = Arc::new(LeakDetector::<_, 2>::new(Addresses(AtomicUsize::new(0))));
        let mark = detector.mark();
        let other = Arc::clone(&detector);
        let t = thread::spawn(move || {
            // SAFETY: a non-zero-sized layout; the block is freed with it.
            let a = unsafe { other.alloc(layout(16)) };
            assert!(!a.is_null());
            // SAFETY: `a` is live with this layout.
            unsafe { other.dealloc(a, layout(16)) };
        });
        // SAFETY: as in the other thread; kept to the end.
        let kept = unsafe { detector.alloc(layout(32)) };
        assert!(!kept.is_null());
        t.join().unwrap();

        let report = detector.report();
        assert_eq!(
            (report.allocations, report.deallocations),
            (2, 1),
            "{report}"
        );
        assert_eq!(
            (report.table_full, report.total_misuses()),
            (0, 0),
            "{report}"
        );
        let leaks = detector.leaks_since(&mark);
        assert_eq!((leaks.count, leaks.bytes), (1, 32));
        // SAFETY: `kept` is live with this layout.
        unsafe { detector.dealloc(kept, layout(32)) };
        assert_eq!(detector.leaks().count, 0);
    });
}

#[test]
fn the_last_entry_goes_to_exactly_one_of_two_threads() {
    loom::model(|| {
        let detector = Arc::new(LeakDetector::<_, 1>::new(Addresses(AtomicUsize::new(0))));
        let other = Arc::clone(&detector);
        // SAFETY: a non-zero-sized layout (each side keeps its block, if any, to the end).
        let t = thread::spawn(move || unsafe { other.alloc(layout(8)) }.addr());
        // SAFETY: as above.
        let mine = unsafe { detector.alloc(layout(8)) };
        let theirs = t.join().unwrap();
        assert!(
            mine.is_null() != (theirs == 0),
            "exactly one allocation fits a one-entry table"
        );
        let report = detector.report();
        assert_eq!((report.allocations, report.table_full), (1, 1), "{report}");
        assert_eq!(detector.leaks().count, 1);
    });
}
