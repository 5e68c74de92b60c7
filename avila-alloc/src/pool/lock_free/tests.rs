//! Tests of `LockFreePool`: one thread (reuse order, full pool, drops, panics, ZSTs) and many
//! threads (no slot handed to two owners at once, every slot returned).
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::sync::atomic::{AtomicUsize, Ordering};
use std::format;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::string::{String, ToString};
use std::sync::Arc;
use std::thread;
use std::vec;
use std::vec::Vec;

use super::*;
use crate::test_util::{DropCount, Noisy};

#[test]
fn values_go_in_and_come_back_out() {
    let pool: LockFreePool<String, 3> = LockFreePool::new();
    let a = pool.alloc("a".to_string()).unwrap();
    let mut b = pool.alloc("b".to_string()).unwrap();
    b.push('!');
    assert_eq!((a.as_str(), b.as_str()), ("a", "b!"));
    assert_eq!(format!("{a:?} {b}"), "\"a\" b!");
    assert_eq!(b.into_inner(), "b!");
    assert_eq!(pool.high_water_mark(), 2);
    assert_eq!(
        format!("{pool:?}"),
        "LockFreePool { capacity: 3, high_water_mark: 2 }"
    );
    drop(a);
}

#[test]
fn a_full_pool_gives_the_value_back() {
    let pool: LockFreePool<Vec<u8>, 2> = LockFreePool::new();
    let held = [pool.alloc(vec![1]).unwrap(), pool.alloc(vec![2]).unwrap()];
    let error = pool.alloc(vec![3, 4]).unwrap_err();
    assert_eq!(error.capacity(), 2);
    assert_eq!(error.element(), [3, 4]);
    drop(held);
    let again = [pool.alloc(vec![5]).unwrap(), pool.alloc(vec![6]).unwrap()];
    assert!(pool.alloc(vec![]).is_err());
    assert_eq!(
        pool.high_water_mark(),
        2,
        "freed slots are reused, no new ones"
    );
    drop(again);
}

/// Freed slots come back last freed first from the list; under `std`, a thread with a cache gets
/// the slot it cached (the first it freed into an empty cache) before the list's.
#[test]
fn the_last_freed_slot_is_reused_first() {
    let pool: LockFreePool<u32, 4> = LockFreePool::new();
    let boxes: Vec<_> = (0..4).map(|i| pool.alloc(i).unwrap()).collect();
    let addresses: Vec<*const u32> = boxes.iter().map(|b| &raw const **b).collect();
    drop(boxes); // frees slots 0, 1, 2, 3 in that order
    let expected: Vec<*const u32> = if pool.caches_this_thread() {
        [0, 3, 2, 1].map(|i| addresses[i]).to_vec()
    } else {
        [3, 2, 1, 0].map(|i| addresses[i]).to_vec()
    };
    for expected in expected {
        let b = pool.alloc(7).unwrap();
        assert_eq!(&raw const *b, expected);
        core::mem::forget(b); // keep the slot taken, so the next alloc takes the next one
    }
    assert!(pool.alloc(0).is_err());
}

/// The list alone (below the caches) is a stack.
#[test]
fn the_free_list_is_last_in_first_out() {
    let pool: LockFreePool<u32, 4> = LockFreePool::new();
    for index in 0..4 {
        assert_eq!(pool.take_unused(), Some(index));
        pool.push(index);
    }
    assert_eq!(
        (0..5).map(|_| pool.pop()).collect::<Vec<_>>(),
        [Some(3), Some(2), Some(1), Some(0), None]
    );
}

/// A slot left in another thread's cache (that thread idle, or gone) is still the pool's: a
/// full pool is full only when no cache holds a slot either.
#[test]
fn slots_in_other_threads_caches_are_not_lost() {
    let pool: LockFreePool<u32, 2> = LockFreePool::new();
    let (cached, idle) = (std::sync::Barrier::new(2), std::sync::Barrier::new(2));
    thread::scope(|s| {
        s.spawn(|| {
            drop(pool.alloc(1).unwrap()); // into this thread's cache, if it has one
            cached.wait();
            idle.wait(); // stays alive (holding its number) while the other thread allocates
        });
        cached.wait();
        let (a, b, c) = (pool.alloc(2), pool.alloc(3), pool.alloc(4));
        let outcome = (
            a.is_ok(),
            b.is_ok(),
            c.map_err(CapacityError::element).err(),
        );
        drop((a, b));
        idle.wait(); // before any assertion, so a failure cannot leave the other thread waiting
        assert_eq!(outcome, (true, true, Some(4)));
    });
    // The thread is gone; its cache may still hold a slot, and both slots are still there.
    let all: Vec<_> = (0..2).map(|i| pool.alloc(i).unwrap()).collect();
    assert!(pool.alloc(9).is_err());
    drop(all);
}

#[test]
fn each_value_is_dropped_once_even_when_its_drop_panics() {
    let drops = DropCount::new();
    let pool: LockFreePool<Noisy<'_>, 1> = LockFreePool::new();
    let quiet = pool.alloc(Noisy {
        drops: &drops,
        panic: false,
    });
    drop(quiet);
    assert_eq!(drops.get(), 1);
    let loud = pool
        .alloc(Noisy {
            drops: &drops,
            panic: true,
        })
        .unwrap();
    assert!(catch_unwind(AssertUnwindSafe(|| drop(loud))).is_err());
    assert_eq!(drops.get(), 2);
    // The slot came back although the drop panicked.
    let moved = pool
        .alloc(Noisy {
            drops: &drops,
            panic: false,
        })
        .unwrap();
    let value = moved.into_inner();
    assert_eq!(
        drops.get(),
        2,
        "into_inner moves the value out without dropping it"
    );
    drop(value);
    assert_eq!(drops.get(), 3);
    let again = pool.alloc(Noisy {
        drops: &drops,
        panic: false,
    });
    assert!(again.is_ok());
}

#[test]
fn zero_sized_values() {
    let pool: LockFreePool<(), 2> = LockFreePool::new();
    let a = pool.alloc(()).unwrap();
    let b = pool.alloc(()).unwrap();
    assert!(pool.alloc(()).is_err());
    drop((a, b));
    assert!(pool.alloc(()).is_ok());
}

#[test]
fn a_static_pool() {
    static POOL: LockFreePool<u64, 2> = LockFreePool::new();
    let a = POOL.alloc(1).unwrap();
    assert_eq!(*a + 1, 2);
}

/// The index and tag share one word: a pool whose `N` needs many index bits still has a tag.
#[test]
fn the_head_word_splits_into_index_and_tag() {
    assert_eq!(LockFreePool::<u8, 1>::INDEX_BITS, 1);
    assert_eq!(LockFreePool::<u8, 4>::INDEX_BITS, 3);
    assert_eq!(LockFreePool::<u8, 1000>::INDEX_BITS, 10);
    let pool: LockFreePool<u8, 3> = LockFreePool::new();
    let index = pool.take_unused().unwrap();
    for round in 0..40_usize {
        pool.push(index);
        assert_eq!(pool.pop(), Some(index));
        // Each pop and each push adds one to the tag.
        let head = pool.head.load(Ordering::Relaxed);
        assert_eq!(head >> 2, 2 * round + 2);
    }
}

#[test]
fn threads_never_share_a_slot_and_return_every_one() {
    const THREADS: usize = 4;
    const ROUNDS: usize = if cfg!(miri) { 40 } else { 20_000 };
    let pool: Arc<LockFreePool<[usize; 4], 6>> = Arc::new(LockFreePool::new());
    let refused = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..THREADS)
        .map(|id| {
            let pool = Arc::clone(&pool);
            let refused = Arc::clone(&refused);
            thread::spawn(move || {
                let mut held = Vec::new();
                for round in 0..ROUNDS {
                    let stamp = id * ROUNDS + round;
                    match pool.alloc([stamp; 4]) {
                        Ok(b) => held.push((b, stamp)),
                        Err(e) => {
                            assert_eq!(e.element(), [stamp; 4]);
                            refused.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    // Nobody else wrote into a slot this thread holds.
                    for (b, stamp) in &held {
                        assert_eq!(**b, [*stamp; 4]);
                    }
                    if held.len() >= 2 || (round % 3 == 0 && !held.is_empty()) {
                        held.remove(round % held.len());
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    // Every slot came back: all six can be held at once again.
    let all: Vec<_> = (0..6).map(|i| pool.alloc([i; 4]).unwrap()).collect();
    assert!(pool.alloc([0; 4]).is_err());
    drop(all);
    assert_eq!(pool.high_water_mark(), 6);
}

#[test]
fn boxes_move_between_threads() {
    static POOL: LockFreePool<String, 4> = LockFreePool::new();
    let boxed = POOL.alloc("made here".to_string()).unwrap();
    let len = thread::spawn(move || {
        let len = boxed.len();
        drop(boxed); // freed on another thread
        len
    })
    .join()
    .unwrap();
    assert_eq!(len, 9);
    let all: Vec<_> = (0..4).map(|_| POOL.alloc(String::new()).unwrap()).collect();
    assert_eq!(all.len(), 4);
}
