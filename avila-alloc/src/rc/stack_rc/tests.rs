//! Tests of `StackRc`/`StackWeak`: counts against std's `Rc`, slot reuse, drops (also panicking
//! ones), `make_mut` in both of its cases, a full pool, and zero-sized values.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::format;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;
use std::string::{String, ToString};
use std::vec;
use std::vec::Vec;

use super::*;
use crate::test_util::{DropCount, Noisy};

#[test]
fn counts_follow_std_rc() {
    let pool: RcPool<u32, 2> = RcPool::new();
    let a = pool.rc(7).unwrap();
    let std_a = Rc::new(7);
    let b = StackRc::clone(&a);
    let std_b = Rc::clone(&std_a);
    let w = StackRc::downgrade(&a);
    let std_w = Rc::downgrade(&std_a);
    assert_eq!(StackRc::strong_count(&a), Rc::strong_count(&std_a));
    assert_eq!(StackRc::weak_count(&a), Rc::weak_count(&std_a));
    assert_eq!(w.strong_count(), std_w.strong_count());
    assert_eq!(w.weak_count(), std_w.weak_count());
    drop((a, b, std_a, std_b));
    assert_eq!(w.strong_count(), std_w.strong_count());
    assert_eq!(w.weak_count(), std_w.weak_count());
    assert!(w.upgrade().is_none());
    assert_eq!(pool.len(), 1, "the weak reference keeps the slot");
    drop(w);
    assert!(pool.is_empty());
}

#[test]
fn the_value_drops_with_the_last_strong_reference_and_the_slot_with_the_last_weak() {
    let drops = DropCount::new();
    let pool: RcPool<Noisy<'_>, 1> = RcPool::new();
    let strong = pool
        .rc(Noisy {
            drops: &drops,
            panic: false,
        })
        .unwrap();
    let weak = StackRc::downgrade(&strong);
    let weak2 = weak.clone();
    drop(strong);
    assert_eq!(drops.get(), 1);
    assert_eq!(pool.len(), 1);
    assert!(
        pool.rc(Noisy {
            drops: &drops,
            panic: false
        })
        .is_err()
    );
    assert_eq!(
        drops.get(),
        2,
        "the refused value came back and was dropped here"
    );
    drop(weak);
    drop(weak2);
    assert_eq!(pool.len(), 0);

    // A panicking drop still frees the slot.
    let loud = pool
        .rc(Noisy {
            drops: &drops,
            panic: true,
        })
        .unwrap();
    assert!(catch_unwind(AssertUnwindSafe(|| drop(loud))).is_err());
    assert_eq!(drops.get(), 3);
    assert!(pool.is_empty());
}

#[test]
fn slots_are_reused_last_freed_first() {
    let pool: RcPool<u8, 3> = RcPool::new();
    let all: Vec<_> = (0..3).map(|i| pool.rc(i).unwrap()).collect();
    let addresses: Vec<*const u8> = all.iter().map(StackRc::as_ptr).collect();
    drop(all);
    let again = pool.rc(9).unwrap();
    assert_eq!(StackRc::as_ptr(&again), addresses[2]);
    assert_eq!(format!("{again:p}"), format!("{:p}", addresses[2]));
}

#[test]
fn make_mut_clones_when_shared_and_moves_when_only_weak_references_remain() {
    let pool: RcPool<Vec<u8>, 3> = RcPool::new();
    let mut a = pool.rc(vec![1]).unwrap();
    // Unique: in place.
    let before = StackRc::as_ptr(&a);
    StackRc::make_mut(&mut a).push(2);
    assert_eq!(StackRc::as_ptr(&a), before);
    // Shared: `a` gets a copy in a new slot.
    let b = StackRc::clone(&a);
    StackRc::make_mut(&mut a).push(3);
    assert_eq!((&**a, &**b), (&[1, 2, 3][..], &[1, 2][..]));
    assert!(!StackRc::ptr_eq(&a, &b));
    assert_eq!(pool.len(), 2);
    // Only weak references besides: the value moves, the weak ones see it gone.
    let w = StackRc::downgrade(&a);
    StackRc::make_mut(&mut a).push(4);
    assert!(w.upgrade().is_none());
    assert_eq!(*a, [1, 2, 3, 4]);
    assert_eq!(pool.len(), 3, "the old slot is held by `w`");
    // Full pool: a copy cannot be made; nothing changes.
    let c = StackRc::clone(&b);
    let mut b = b;
    assert!(StackRc::try_make_mut(&mut b).is_err());
    assert_eq!(StackRc::strong_count(&b), 2);
    let message = catch_unwind(AssertUnwindSafe(|| {
        StackRc::make_mut(&mut b);
    }))
    .unwrap_err();
    let message = message.downcast::<String>().unwrap();
    assert!(message.contains("needs a new slot"), "{message}");
    drop((c, w));
    assert_eq!(StackRc::get_mut(&mut b).map(|v| v.len()), Some(2));
}

#[test]
fn try_unwrap_into_inner_and_unwrap_or_clone() {
    let pool: RcPool<String, 2> = RcPool::new();
    let a = pool.rc("x".to_string()).unwrap();
    let b = StackRc::clone(&a);
    let a = StackRc::try_unwrap(a).unwrap_err();
    assert_eq!(StackRc::unwrap_or_clone(b), "x");
    let w = StackRc::downgrade(&a);
    assert_eq!(StackRc::into_inner(a).as_deref(), Some("x"));
    assert!(w.upgrade().is_none());
    drop(w);
    assert!(pool.is_empty());
    let c = pool.rc("y".to_string()).unwrap();
    let d = StackRc::clone(&c);
    assert_eq!(StackRc::into_inner(c), None);
    assert_eq!(StackRc::into_inner(d).as_deref(), Some("y"));
}

#[test]
fn traits_pass_through_to_the_value() {
    let pool: RcPool<u32, 4> = RcPool::new();
    let a = pool.rc(1).unwrap();
    let b = pool.rc(2).unwrap();
    assert!(a < b && a != b && a == StackRc::clone(&a));
    assert_eq!(format!("{a:?} {b}"), "1 2");
    let as_ref: &u32 = a.as_ref();
    assert_eq!(*as_ref, 1);
    assert_eq!(format!("{pool:?}"), "RcPool { len: 2, capacity: 4 }");
    assert_eq!(format!("{:?}", StackRc::downgrade(&a)), "(StackWeak)");
}

#[test]
fn leaked_references_leak_their_value_like_std() {
    let drops = DropCount::new();
    {
        let pool: RcPool<Noisy<'_>, 2> = RcPool::new();
        let kept = pool
            .rc(Noisy {
                drops: &drops,
                panic: false,
            })
            .unwrap();
        core::mem::forget(StackRc::clone(&kept));
        drop(kept);
        assert_eq!(pool.len(), 1);
    }
    assert_eq!(drops.get(), 0);
}

/// Values that refer into their own pool, with the pool on the stack: a parent and children
/// holding weak links to it, and a cycle of strong references (leaked, as with `Rc`).
#[test]
fn values_may_point_into_their_own_pool() {
    struct Node<'p> {
        parent: Option<StackWeak<'p, Node<'p>, 4>>,
        next: core::cell::RefCell<Option<StackRc<'p, Node<'p>, 4>>>,
    }
    let pool: RcPool<Node<'_>, 4> = RcPool::new();
    let root = pool
        .rc(Node {
            parent: None,
            next: core::cell::RefCell::new(None),
        })
        .unwrap();
    let child = pool
        .rc(Node {
            parent: Some(StackRc::downgrade(&root)),
            next: core::cell::RefCell::new(None),
        })
        .unwrap();
    assert!(child.parent.as_ref().unwrap().upgrade().is_some());
    // A cycle: root -> child -> root.
    *root.next.borrow_mut() = Some(StackRc::clone(&child));
    *child.next.borrow_mut() = Some(StackRc::clone(&root));
    drop((root, child));
    assert_eq!(pool.len(), 2, "the cycle keeps both, as it would with Rc");
}

#[test]
fn zero_sized_values() {
    let pool: RcPool<(), 2> = RcPool::new();
    let a = pool.rc(()).unwrap();
    let b = pool.rc(()).unwrap();
    assert!(pool.rc(()).is_err());
    assert!(!StackRc::ptr_eq(&a, &b));
    drop((a, b));
    assert!(pool.is_empty());
}
