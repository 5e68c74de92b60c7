//! loom model tests of `rc::StackArc`'s counts: loom explores every interleaving (up to
//! `LOOM_MAX_PREEMPTIONS` preemptions) of two threads cloning, dropping, upgrading, unwrapping
//! and mutating references to one value. The value holds a loom `UnsafeCell` that its readers
//! read and its `Drop` (and a `&mut` from `get_mut`/`make_mut`) writes, so a read not ordered
//! before the write (a missing Release decrement or Acquire fence, an unlocked uniqueness check)
//! fails the model as a data race; a drop counter catches a value dropped twice or never, and a
//! reader that sees the overwritten value catches a revived one (an `upgrade` that is not a
//! compare-and-swap).
//!
//! Built and run only by `scripts/loom.sh` (`--cfg loom`).
#![cfg(loom)]

use avila_alloc::rc::{ArcPool, StackArc};
use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::sync::atomic::AtomicUsize;
use loom::sync::atomic::Ordering::Relaxed;
use loom::thread;

/// The value every test shares: `7` until dropped, then overwritten.
const ALIVE: u32 = 7;
const DROPPED: u32 = 0xdead;

struct Value {
    cell: UnsafeCell<u32>,
    drops: Arc<AtomicUsize>,
}

// SAFETY: the cell is written only by `Drop` (with `&mut self`); loom checks every other access
// against it.
unsafe impl Sync for Value {}

impl Value {
    fn new(drops: &Arc<AtomicUsize>) -> Self {
        Self {
            cell: UnsafeCell::new(ALIVE),
            drops: Arc::clone(drops),
        }
    }

    /// Reads the value (a checked access) and asserts it was not dropped.
    fn check(&self) {
        // SAFETY: loom reports a read that races with `Drop`'s write.
        let seen = self.cell.with(|p| unsafe { *p });
        assert_eq!(seen, ALIVE, "read a dropped value");
    }
}

impl Drop for Value {
    fn drop(&mut self) {
        // SAFETY: as in `check`.
        self.cell.with_mut(|p| unsafe { *p = DROPPED });
        self.drops.fetch_add(1, Relaxed);
    }
}

impl Clone for Value {
    fn clone(&self) -> Self {
        self.check();
        Self::new(&self.drops)
    }
}

/// A pool for one model run, leaked so that references to it can move into loom threads
/// (`thread::spawn` needs `'static`; a run leaks one small pool).
fn pool<const N: usize>() -> &'static ArcPool<Value, N> {
    Box::leak(Box::new(ArcPool::new()))
}

/// Clones on two threads, each read and dropped there: the value is dropped exactly once, after
/// both reads, whichever thread drops last; the slot comes back.
#[test]
fn clones_dropped_on_two_threads_drop_the_value_once() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let pool = pool::<1>();
        let a = pool.arc(Value::new(&drops)).unwrap();
        let b = StackArc::clone(&a);
        let t = thread::spawn(move || {
            let c = StackArc::clone(&b);
            b.check();
            drop(b);
            c.check();
        });
        a.check();
        drop(a);
        t.join().unwrap();
        assert_eq!(drops.load(Relaxed), 1);
        assert!(pool.arc(Value::new(&drops)).is_ok(), "the slot came back");
    });
}

/// A weak reference upgrading on one thread while the last strong reference is dropped on the
/// other: the upgrade either wins (and reads a live value, which it then drops) or returns
/// `None`; never both a drop and a successful upgrade.
#[test]
fn upgrade_racing_the_last_drop_never_revives_the_value() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let pool = pool::<1>();
        let strong = pool.arc(Value::new(&drops)).unwrap();
        let weak = StackArc::downgrade(&strong);
        let t = thread::spawn(move || {
            if let Some(revived) = weak.upgrade() {
                revived.check();
            }
        });
        drop(strong);
        t.join().unwrap();
        assert_eq!(drops.load(Relaxed), 1);
        assert!(pool.arc(Value::new(&drops)).is_ok(), "the slot came back");
    });
}

/// `into_inner` on two threads: exactly one of them gets the value.
#[test]
fn into_inner_on_two_threads_gives_the_value_to_one() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let pool = pool::<1>();
        let a = pool.arc(Value::new(&drops)).unwrap();
        let b = StackArc::clone(&a);
        let t = thread::spawn(move || StackArc::into_inner(b).map(|v| v.check()).is_some());
        let here = StackArc::into_inner(a).map(|v| v.check()).is_some();
        let there = t.join().unwrap();
        assert!(here ^ there, "exactly one gets the value");
        assert_eq!(drops.load(Relaxed), 1);
        assert!(pool.arc(Value::new(&drops)).is_ok(), "the slot came back");
    });
}

/// `get_mut` racing a `downgrade` + `upgrade` through a clone on the other thread: a `&mut` is
/// given out only while no other reference can read the value.
#[test]
fn get_mut_is_exclusive_against_a_racing_downgrade() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let pool = pool::<1>();
        let mut a = pool.arc(Value::new(&drops)).unwrap();
        let b = StackArc::clone(&a);
        let t = thread::spawn(move || {
            let weak = StackArc::downgrade(&b);
            drop(b);
            if let Some(c) = weak.upgrade() {
                c.check();
            }
        });
        if let Some(value) = StackArc::get_mut(&mut a) {
            // SAFETY: loom reports this write if another thread may read concurrently.
            value.cell.with_mut(|p| unsafe { *p = ALIVE });
        }
        t.join().unwrap();
        a.check();
        drop(a);
        assert_eq!(drops.load(Relaxed), 1);
    });
}

/// `make_mut` while a weak reference upgrades on the other thread: the upgrade comes first (the
/// value is cloned into the second slot), or after the value moved (it fails), or the weak
/// reference is gone first (in place); in every case the `&mut` reaches a value no other thread
/// reads, each value is dropped once, and both slots come back.
#[test]
fn make_mut_racing_an_upgrade_writes_only_its_own_value() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let pool = pool::<2>();
        let mut a = pool.arc(Value::new(&drops)).unwrap();
        let weak = StackArc::downgrade(&a);
        let t = thread::spawn(move || {
            if let Some(b) = weak.upgrade() {
                b.check();
            }
        });
        let value = StackArc::try_make_mut(&mut a).expect("a spare slot");
        // SAFETY: loom reports this write if another thread may read concurrently.
        value.cell.with_mut(|p| unsafe { *p = ALIVE });
        t.join().unwrap();
        a.check();
        let cloned = drops.load(Relaxed);
        drop(a);
        assert_eq!(drops.load(Relaxed), cloned + 1, "each value dropped once");
        assert!(cloned <= 1);
        let both = (pool.arc(Value::new(&drops)), pool.arc(Value::new(&drops)));
        assert!(both.0.is_ok() && both.1.is_ok(), "both slots came back");
    });
}
