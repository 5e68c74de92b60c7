//! The thread-safe reference-counting cases: `StackArc` in an `ArcPool` against std's `Arc` and
//! heapless's `arc_pool`, on one thread (making and dropping [`COUNT`] values, cloning and
//! dropping [`COUNT`] references to one) and on two threads cloning and dropping references to
//! one shared value (its strong count is contended). The values, counts and heapless's pool are
//! the `rc/` cases' (see [`crate::stack_rc`]).

use alloc::sync::Arc;
use core::hint::black_box;
use core::ops::Deref;

use avila_alloc::rc::{ArcPool, StackArc};

use crate::peers::{AVILA, HEAPLESS, STD};
use crate::stack_rc::{COUNT, HeaplessArcPool, SLOTS, Value, clone_drop, manage_heapless};
use crate::suite::Visitor;

/// Clones (each read and dropped) per thread per run of the two-thread case: the two scoped
/// threads' spawn (tens of microseconds) is a small part of a run, the same for every peer.
pub const CLONES_PER_THREAD: usize = 20_000;

/// [`COUNT`] values made, each read once, then all dropped. Returns a checksum.
#[inline(always)]
pub fn avila_new_drop(pool: &ArcPool<Value, SLOTS>) -> u64 {
    let held: [StackArc<'_, Value, SLOTS>; COUNT] =
        core::array::from_fn(|i| pool.arc([black_box(i as u64); 4]).expect("room for COUNT"));
    black_box(held.iter().map(|r| r[1]).sum())
}

/// [`avila_new_drop`] with `Arc`.
#[inline(always)]
pub fn std_new_drop() -> u64 {
    let held: [Arc<Value>; COUNT] = core::array::from_fn(|i| Arc::new([black_box(i as u64); 4]));
    black_box(held.iter().map(|r| r[1]).sum())
}

/// [`CLONES_PER_THREAD`] clones of `one`, each read and dropped, on each of two threads at
/// once. Returns a checksum.
pub fn clone_drop_two_threads<R>(one: &R) -> u64
where
    R: Clone + Deref<Target = Value> + Sync,
{
    let per_thread = || {
        let mut sum = 0_u64;
        for _ in 0..CLONES_PER_THREAD {
            let copy = black_box(one).clone();
            sum = sum.wrapping_add(copy[2]);
        }
        sum
    };
    std::thread::scope(|s| {
        let other = s.spawn(per_thread);
        let here = per_thread();
        black_box(here.wrapping_add(other.join().expect("the thread does not panic")))
    })
}

/// The `arc/` cases: new+drop and clone+drop on one thread, clone+drop on two, for every peer.
pub fn stack_arc_cases(vis: &mut impl Visitor) {
    manage_heapless();
    let pool: &'static ArcPool<Value, SLOTS> = Box::leak(Box::new(ArcPool::new()));
    let case = format!("arc/new_drop/{COUNT}");
    vis.plain(&case, AVILA, move || {
        black_box(avila_new_drop(pool));
    });
    vis.plain(&case, STD, || {
        black_box(std_new_drop());
    });
    vis.plain(&case, HEAPLESS, || {
        black_box(crate::stack_rc::heapless_new_drop());
    });

    let other: &'static ArcPool<Value, SLOTS> = Box::leak(Box::new(ArcPool::new()));
    let ours = other.arc([1, 2, 3, 4]).expect("an empty pool");
    let theirs = Arc::new([1, 2, 3, 4]);
    let heapless = HeaplessArcPool
        .alloc([1, 2, 3, 4])
        .unwrap_or_else(|_| panic!("a free block"));

    let case = format!("arc/clone_drop/{COUNT}");
    let (o, t, h) = (ours.clone(), Arc::clone(&theirs), heapless.clone());
    vis.plain(&case, AVILA, move || {
        black_box(clone_drop(&o));
    });
    vis.plain(&case, STD, move || {
        black_box(clone_drop(&t));
    });
    vis.plain(&case, HEAPLESS, move || {
        black_box(clone_drop(&h));
    });

    let case = format!("arc/clone_drop_2threads/{CLONES_PER_THREAD}");
    vis.plain(&case, AVILA, move || {
        black_box(clone_drop_two_threads(&ours));
    });
    vis.plain(&case, STD, move || {
        black_box(clone_drop_two_threads(&theirs));
    });
    vis.plain(&case, HEAPLESS, move || {
        black_box(clone_drop_two_threads(&heapless));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_peer_computes_the_same() {
        manage_heapless();
        let pool = ArcPool::new();
        let expected = (0..COUNT as u64).sum::<u64>();
        assert_eq!(avila_new_drop(&pool), expected);
        assert_eq!(std_new_drop(), expected);
        let ours = pool.arc([1, 2, 3, 4]).unwrap();
        assert_eq!(clone_drop(&ours), 3 * COUNT as u64);
        let both = 2 * 3 * CLONES_PER_THREAD as u64;
        assert_eq!(clone_drop_two_threads(&ours), both);
        assert_eq!(clone_drop_two_threads(&Arc::new([1, 2, 3, 4])), both);
        assert_eq!(StackArc::strong_count(&ours), 1);
        // Every other slot came back: the pool fills up to SLOTS again.
        let rest: Vec<_> = (1..SLOTS).map(|_| pool.arc([0; 4]).unwrap()).collect();
        assert!(pool.arc([0; 4]).is_err());
        drop(rest);
    }
}
