//! loom model test of `heap::SpinLock`: two threads each take the lock, read a counter kept in a
//! loom `UnsafeCell`, write it back incremented and release the lock. loom explores every
//! interleaving (up to `LOOM_MAX_PREEMPTIONS` preemptions) under its model of the C++11 memory
//! orderings and fails on a data race on the cell (two accesses not ordered by the lock's
//! acquire/release) or on a lost update.
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use avila_alloc::heap::{RawLock, SpinLock};
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;

struct Shared {
    lock: SpinLock,
    count: UnsafeCell<usize>,
}

// SAFETY: `count` is accessed only under `lock` (which loom checks).
unsafe impl Sync for Shared {}

fn increment(shared: &Shared) {
    shared.lock.lock();
    // SAFETY: under the lock; loom reports the access if the lock does not order it.
    let value = shared.count.with(|p| unsafe { *p });
    // SAFETY: as above.
    shared.count.with_mut(|p| unsafe { *p = value + 1 });
    // SAFETY: this thread holds the lock.
    unsafe { shared.lock.unlock() };
}

#[test]
fn spin_lock_orders_two_threads() {
    loom::model(|| {
        let shared = Arc::new(Shared {
            lock: SpinLock::new(),
            count: UnsafeCell::new(0),
        });
        let other = Arc::clone(&shared);
        let t = thread::spawn(move || increment(&other));
        increment(&shared);
        t.join().unwrap();
        assert!(!shared.lock.is_locked());
        // SAFETY: both increments are done (joined).
        assert_eq!(shared.count.with(|p| unsafe { *p }), 2);
    });
}
