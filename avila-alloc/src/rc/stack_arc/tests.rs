//! Tests of `StackArc`/`StackArcWeak`: counts against std's `Arc`, slot reuse, drops (also
//! panicking ones and on other threads), `make_mut` in its three cases, a full pool, zero-sized
//! values and the auto traits.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::format;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::string::{String, ToString};
use std::sync::{Arc, Barrier};
use std::vec;
use std::vec::Vec;

use super::*;
use crate::test_util::{DropCount, Noisy};

/// Iterations of the threaded tests (Miri runs threads, slowly).
const ROUNDS: usize = if cfg!(miri) { 3 } else { 200 };

#[test]
fn counts_follow_std_arc() {
    let pool: ArcPool<u32, 2> = ArcPool::new();
    let a = pool.arc(7).unwrap();
    let std_a = Arc::new(7);
    let b = StackArc::clone(&a);
    let std_b = Arc::clone(&std_a);
    let w = StackArc::downgrade(&a);
    let std_w = Arc::downgrade(&std_a);
    let w2 = w.clone();
    let std_w2 = std_w.clone();
    assert_eq!(StackArc::strong_count(&a), Arc::strong_count(&std_a));
    assert_eq!(StackArc::weak_count(&a), Arc::weak_count(&std_a));
    assert_eq!(w.strong_count(), std_w.strong_count());
    assert_eq!(w.weak_count(), std_w.weak_count());
    drop((w2, std_w2));
    assert_eq!(StackArc::weak_count(&a), Arc::weak_count(&std_a));
    drop((a, b, std_a, std_b));
    assert_eq!(w.strong_count(), std_w.strong_count());
    assert_eq!(w.weak_count(), std_w.weak_count());
    assert!(w.upgrade().is_none());
    // The weak reference keeps its slot: one free slot is left.
    let other = pool.arc(1).unwrap();
    assert_eq!(pool.arc(2).unwrap_err().element(), 2);
    drop((w, other));
    let both = (pool.arc(3).unwrap(), pool.arc(4).unwrap());
    assert_eq!((*both.0, *both.1), (3, 4));
}

#[test]
fn the_value_drops_with_the_last_strong_reference_and_the_slot_with_the_last_weak() {
    let drops = DropCount::new();
    let pool: ArcPool<Noisy<'_>, 1> = ArcPool::new();
    let strong = pool.arc(Noisy::new(&drops)).unwrap();
    let weak = StackArc::downgrade(&strong);
    let weak2 = weak.clone();
    let strong2 = weak.upgrade().unwrap();
    drop(strong);
    assert_eq!(drops.get(), 0);
    drop(strong2);
    assert_eq!(drops.get(), 1);
    assert!(
        weak.upgrade().is_none(),
        "no upgrade after the last strong drop"
    );
    let refused = pool.arc(Noisy::new(&drops)).unwrap_err();
    assert_eq!(refused.capacity(), 1);
    drop(refused);
    assert_eq!(
        drops.get(),
        2,
        "the refused value came back and was dropped here"
    );
    drop(weak);
    drop(weak2);

    // A panicking drop still frees the slot, and runs once.
    let loud = pool
        .arc(Noisy {
            drops: &drops,
            panic: true,
        })
        .unwrap();
    let loud2 = StackArc::clone(&loud);
    drop(loud);
    assert!(catch_unwind(AssertUnwindSafe(|| drop(loud2))).is_err());
    assert_eq!(drops.get(), 3);
    assert!(pool.arc(Noisy::new(&drops)).is_ok());
    assert_eq!(drops.get(), 4);
}

#[test]
fn slots_are_reused_last_freed_first() {
    let pool: ArcPool<u8, 3> = ArcPool::new();
    let all: Vec<_> = (0..3).map(|i| pool.arc(i).unwrap()).collect();
    let addresses: Vec<*const u8> = all.iter().map(StackArc::as_ptr).collect();
    drop(all); // frees slots 0, 1, 2 in that order
    // Under `std` a thread with a cache in the pool gets back the slot it cached (the first it
    // freed); otherwise the free list's top, the last freed.
    let expected = if pool.indices.caches_this_thread() {
        addresses[0]
    } else {
        addresses[2]
    };
    let again = pool.arc(9).unwrap();
    assert_eq!(StackArc::as_ptr(&again), expected);
    assert_eq!(format!("{again:p}"), format!("{expected:p}"));
    assert_eq!(pool.high_water_mark(), 3);
}

#[test]
fn make_mut_clones_when_shared_and_moves_when_only_weak_references_remain() {
    let pool: ArcPool<Vec<u8>, 3> = ArcPool::new();
    let mut a = pool.arc(vec![1]).unwrap();
    // Unique: in place.
    let before = StackArc::as_ptr(&a);
    StackArc::make_mut(&mut a).push(2);
    assert_eq!(StackArc::as_ptr(&a), before);
    // Shared: `a` gets a copy in a new slot.
    let b = StackArc::clone(&a);
    StackArc::make_mut(&mut a).push(3);
    assert_eq!((&**a, &**b), (&[1, 2, 3][..], &[1, 2][..]));
    assert!(!StackArc::ptr_eq(&a, &b));
    assert_eq!(StackArc::strong_count(&b), 1);
    // Only weak references besides: the value moves, the weak ones see it gone.
    let w = StackArc::downgrade(&a);
    StackArc::make_mut(&mut a).push(4);
    assert!(w.upgrade().is_none());
    assert_eq!(w.strong_count(), 0);
    assert_eq!(*a, [1, 2, 3, 4]);
    assert_eq!(StackArc::weak_count(&a), 0);
    // Full pool (`w` holds the third slot): nothing changes, weak references included.
    let c = StackArc::clone(&b);
    let mut b = b;
    assert!(StackArc::try_make_mut(&mut b).is_err());
    assert_eq!(StackArc::strong_count(&b), 2);
    let wb = StackArc::downgrade(&c);
    drop(c);
    assert!(StackArc::try_make_mut(&mut b).is_err());
    assert_eq!(wb.upgrade().as_deref(), Some(&vec![1, 2]));
    let message = catch_unwind(AssertUnwindSafe(|| {
        StackArc::make_mut(&mut b);
    }))
    .unwrap_err();
    let message = message.downcast::<String>().unwrap();
    assert!(message.contains("needs a new slot"), "{message}");
    drop((w, wb));
    assert_eq!(StackArc::get_mut(&mut b).map(|v| v.len()), Some(2));
}

#[test]
fn a_panicking_clone_in_make_mut_loses_no_slot() {
    #[derive(Debug)]
    struct Unclonable;
    impl Clone for Unclonable {
        fn clone(&self) -> Self {
            panic!("clone panics")
        }
    }
    let pool: ArcPool<Unclonable, 2> = ArcPool::new();
    let mut a = pool.arc(Unclonable).unwrap();
    let b = StackArc::clone(&a);
    assert!(
        catch_unwind(AssertUnwindSafe(|| {
            StackArc::make_mut(&mut a);
        }))
        .is_err()
    );
    assert_eq!(StackArc::strong_count(&b), 2);
    drop(b);
    let _two = (pool.arc(Unclonable).unwrap(), a);
}

#[test]
fn get_mut_needs_the_only_reference_of_any_kind() {
    let pool: ArcPool<u8, 1> = ArcPool::new();
    let mut a = pool.arc(1).unwrap();
    let w = StackArc::downgrade(&a);
    assert!(StackArc::get_mut(&mut a).is_none());
    drop(w);
    *StackArc::get_mut(&mut a).unwrap() = 5;
    // The uniqueness check unlocks the weak count: downgrading works again.
    let w = StackArc::downgrade(&a);
    assert_eq!(w.weak_count(), 1);
    assert_eq!(StackArc::weak_count(&a), 1);
    assert_eq!(*w.upgrade().unwrap(), 5);
}

#[test]
fn try_unwrap_into_inner_and_unwrap_or_clone() {
    let pool: ArcPool<String, 2> = ArcPool::new();
    let a = pool.arc("x".to_string()).unwrap();
    let b = StackArc::clone(&a);
    let a = StackArc::try_unwrap(a).unwrap_err();
    assert_eq!(StackArc::unwrap_or_clone(b), "x");
    let w = StackArc::downgrade(&a);
    assert_eq!(StackArc::into_inner(a).as_deref(), Some("x"));
    assert!(w.upgrade().is_none());
    drop(w);
    let c = pool.arc("y".to_string()).unwrap();
    let d = StackArc::clone(&c);
    assert_eq!(StackArc::into_inner(c), None);
    assert_eq!(StackArc::into_inner(d).as_deref(), Some("y"));
    let (e, f) = (pool.arc("e".into()).unwrap(), pool.arc("f".into()).unwrap());
    assert_eq!(StackArc::try_unwrap(e).unwrap() + &f, "ef");
}

#[test]
fn traits_pass_through_to_the_value() {
    use core::hash::BuildHasher;
    let pool: ArcPool<u32, 4> = ArcPool::new();
    let a = pool.arc(1).unwrap();
    let b = pool.arc(2).unwrap();
    assert!(a < b && a != b && a == StackArc::clone(&a));
    assert_eq!(a.cmp(&b), core::cmp::Ordering::Less);
    assert_eq!(format!("{a:?} {b}"), "1 2");
    let as_ref: &u32 = a.as_ref();
    let borrowed: &u32 = core::borrow::Borrow::borrow(&b);
    assert_eq!((*as_ref, *borrowed), (1, 2));
    let state = std::hash::RandomState::new();
    assert_eq!(state.hash_one(&a), state.hash_one(1_u32));
    assert_eq!(
        format!("{pool:?}"),
        "ArcPool { capacity: 4, high_water_mark: 2 }"
    );
    assert_eq!(format!("{:?}", StackArc::downgrade(&a)), "(StackArcWeak)");
    let default: ArcPool<u8, 1> = ArcPool::default();
    assert_eq!(default.capacity(), 1);
}

#[test]
fn send_and_sync_exactly_like_arc() {
    fn send_sync<X: Send + Sync>() {}
    send_sync::<StackArc<'static, u32, 4>>();
    send_sync::<StackArcWeak<'static, u32, 4>>();
    send_sync::<ArcPool<core::cell::Cell<u32>, 4>>();
    // The negative cases (a `StackArc` of a `Cell` or of a `MutexGuard` is neither) are
    // compile-time checks in tests/tests/auto_traits.rs.
}

#[test]
fn clones_dropped_on_several_threads_drop_the_value_exactly_once() {
    static POOL: ArcPool<Noisy<'static>, 2> = ArcPool::new();
    static DROPS: DropCount = DropCount::new();
    const THREADS: usize = 4;
    for round in 0..ROUNDS {
        let first = POOL.arc(Noisy::new(&DROPS)).unwrap();
        let weak = StackArc::downgrade(&first);
        let barrier = Barrier::new(THREADS);
        std::thread::scope(|s| {
            for _ in 0..THREADS {
                let mine = StackArc::clone(&first);
                let weak = weak.clone();
                let barrier = &barrier;
                s.spawn(move || {
                    barrier.wait();
                    let more = StackArc::clone(&mine);
                    drop(mine);
                    // Racing the others' drops: it either revives nothing or keeps it alive.
                    let upgraded = weak.upgrade();
                    drop((more, upgraded));
                });
            }
        });
        assert_eq!(DROPS.get(), round, "alive while `first` is");
        drop(first);
        assert_eq!(DROPS.get(), round + 1);
        assert!(weak.upgrade().is_none());
    }
    // Every slot came back.
    let _two = (
        POOL.arc(Noisy::new(&DROPS)).unwrap(),
        POOL.arc(Noisy::new(&DROPS)).unwrap(),
    );
}

#[test]
fn the_last_strong_reference_can_be_on_any_thread() {
    let drops = DropCount::new();
    let pool: ArcPool<Noisy<'_>, 1> = ArcPool::new();
    for _ in 0..ROUNDS {
        let a = pool.arc(Noisy::new(&drops)).unwrap();
        let weak = StackArc::downgrade(&a);
        let b = StackArc::clone(&a);
        let got = std::thread::scope(|s| {
            let other = s.spawn(move || StackArc::into_inner(b).is_some());
            let here = StackArc::into_inner(a).is_some();
            let there = other.join().unwrap();
            here as usize + there as usize
        });
        assert_eq!(got, 1, "exactly one `into_inner` gets the value");
        assert!(weak.upgrade().is_none());
    }
    assert_eq!(drops.get(), ROUNDS);
}

#[test]
fn leaked_references_leak_their_value_like_std() {
    let drops = DropCount::new();
    {
        let pool: ArcPool<Noisy<'_>, 2> = ArcPool::new();
        let kept = pool.arc(Noisy::new(&drops)).unwrap();
        core::mem::forget(StackArc::clone(&kept));
        drop(kept);
        assert!(pool.arc(Noisy::new(&drops)).is_ok());
    }
    assert_eq!(drops.get(), 1, "only the second value was dropped");
}

/// Values that refer into their own pool, with the pool on the stack (no drop glue): a child
/// holding a weak link to its parent, as with `RcPool`.
#[test]
fn values_may_point_into_their_own_pool() {
    struct Node<'p> {
        name: &'static str,
        parent: Option<StackArcWeak<'p, Node<'p>, 2>>,
    }
    let pool: ArcPool<Node<'_>, 2> = ArcPool::new();
    let root = pool
        .arc(Node {
            name: "root",
            parent: None,
        })
        .unwrap();
    let child = pool
        .arc(Node {
            name: "child",
            parent: Some(StackArc::downgrade(&root)),
        })
        .unwrap();
    let parent = child
        .parent
        .as_ref()
        .and_then(StackArcWeak::upgrade)
        .unwrap();
    assert_eq!((parent.name, child.name), ("root", "child"));
    drop((parent, root));
    assert!(child.parent.as_ref().unwrap().upgrade().is_none());
}

#[test]
fn zero_sized_values() {
    let pool: ArcPool<(), 2> = ArcPool::new();
    let a = pool.arc(()).unwrap();
    let b = pool.arc(()).unwrap();
    assert!(pool.arc(()).is_err());
    assert!(!StackArc::ptr_eq(&a, &b));
    drop((a, b));
    assert!(pool.arc(()).is_ok());
}
