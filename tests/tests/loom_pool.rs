//! loom model tests of `pool::LockFreePool`'s free list: threads allocate and free through one pool
//! while loom explores every interleaving (up to `LOOM_MAX_PREEMPTIONS` preemptions) of their
//! atomic operations. loom's `UnsafeCell` tracking fails the test if two threads ever write one
//! slot's value without the free list ordering them (a slot handed to two owners), and the
//! values are checked. The second test sets up the ABA pattern: one thread pops the head slot,
//! takes the next and pushes the first back while the other is between reading the head and
//! swapping it; only the tag in the head word makes that swap fail.
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use avila_alloc::pool::LockFreePool;
use loom::sync::Arc;
use loom::thread;

#[test]
fn two_threads_never_share_a_slot() {
    loom::model(|| {
        let pool: Arc<LockFreePool<u32, 2>> = Arc::new(LockFreePool::new());
        let other = Arc::clone(&pool);
        let t = thread::spawn(move || {
            let a = other.alloc(1).expect("two slots for two threads");
            assert_eq!(*a, 1);
            drop(a);
            let b = other.alloc(2).expect("two slots for two threads");
            assert_eq!(*b, 2);
        });
        let c = pool.alloc(3).expect("two slots for two threads");
        assert_eq!(*c, 3);
        drop(c);
        t.join().unwrap();
        // Both slots came back.
        let all = [pool.alloc(4).unwrap(), pool.alloc(5).unwrap()];
        assert_eq!((*all[0], *all[1]), (4, 5));
        assert!(pool.alloc(6).is_err());
    });
}

#[test]
fn a_slot_popped_and_pushed_back_meanwhile_is_not_taken_twice() {
    loom::model(|| {
        let pool: Arc<LockFreePool<u32, 2>> = Arc::new(LockFreePool::new());
        // Both slots on the free list: head -> 1 -> 0.
        drop([pool.alloc(0).unwrap(), pool.alloc(0).unwrap()]);
        let other = Arc::clone(&pool);
        let t = thread::spawn(move || {
            let x = other.alloc(7);
            if let Ok(x) = &x {
                assert_eq!(**x, 7);
            }
        });
        // Pop the head, pop the next, push the first back: the head index is the same as
        // before, its `next` is not.
        let a = pool.alloc(1);
        let b = pool.alloc(2);
        drop(a);
        if let Ok(b) = &b {
            assert_eq!(**b, 2);
        }
        drop(b);
        t.join().unwrap();
        let all = [pool.alloc(4).unwrap(), pool.alloc(5).unwrap()];
        assert!(pool.alloc(6).is_err());
        drop(all);
    });
}

/// The per-thread caches (each loom thread given its own): a slot cached by one thread is taken
/// by exactly one taker when the owner takes it back while the other thread, finding the list and
/// the unused slots exhausted, steals it; and no slot is lost in a cache.
#[test]
fn a_cached_slot_goes_to_exactly_one_taker() {
    type Pool = LockFreePool<u32, 2>;
    loom::model(|| {
        let pool: Arc<Pool> = Arc::new(LockFreePool::new());
        Pool::loom_use_cache(Some(0));
        let other = Arc::clone(&pool);
        let t = thread::spawn(move || {
            Pool::loom_use_cache(Some(1));
            if let Ok(a) = other.alloc(1) {
                assert_eq!(*a, 1);
                drop(a); // into cache 1
            }
            // Takes its cached slot back, racing the main thread's steal.
            if let Ok(b) = other.alloc(2) {
                assert_eq!(*b, 2);
            }
        });
        let c = pool.alloc(3);
        let d = pool.alloc(4); // may have to steal the other thread's cached slot
        for (boxed, value) in [(&c, 3), (&d, 4)] {
            if let Ok(boxed) = boxed {
                assert_eq!(**boxed, value);
            }
        }
        drop((c, d));
        t.join().unwrap();
        // Every slot is back, in a cache or on the list.
        let all = [pool.alloc(5).unwrap(), pool.alloc(6).unwrap()];
        assert_eq!((*all[0], *all[1]), (5, 6));
        assert!(pool.alloc(7).is_err());
    });
}
