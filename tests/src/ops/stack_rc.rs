//! [`RcOp`] and [`run_rc_ops`]: `StackRc`/`StackWeak` in an `RcPool<Tracked, 4>` against std's
//! `Rc`/`Weak` driven through the same operations. After each one the two agree on every value,
//! strong and weak count, upgrade and `ptr_eq`; the pool's `len` is the number of std
//! allocations still alive (held by a strong or a weak reference); a refusal happens only when
//! a new slot is needed and all are in use; and no `Tracked` is leaked or dropped twice.

use alloc::rc::{Rc, Weak};
use alloc::vec::Vec;

use avila_alloc::rc::{RcPool, StackRc, StackWeak};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the pool under test.
pub const RC_POOL_CAPACITY: usize = 4;

/// How many strong and how many weak references the runner keeps at most.
const HANDLES: usize = 8;

type Pool = RcPool<Tracked, RC_POOL_CAPACITY>;

/// One operation, applied to both sides by [`run_rc_ops`]. Indices are raw (`% len`).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum RcOp {
    /// A new value (refused when the pool is full).
    New {
        /// The value.
        value: u16,
    },
    /// Clone a strong reference.
    Clone {
        /// Raw index.
        index: u8,
    },
    /// Drop a strong reference; applies on even `index` values only (reference `index / 2`),
    /// so that runs fill the pool.
    Drop {
        /// Raw index.
        index: u8,
    },
    /// Downgrade a strong reference.
    Downgrade {
        /// Raw index.
        index: u8,
    },
    /// Upgrade a weak reference.
    Upgrade {
        /// Raw index.
        index: u8,
    },
    /// Drop a weak reference.
    DropWeak {
        /// Raw index.
        index: u8,
    },
    /// `get_mut` and add to the value when unique.
    GetMut {
        /// Raw index.
        index: u8,
        /// Added (wrapping).
        add: u16,
    },
    /// `try_make_mut` and add to the value.
    MakeMut {
        /// Raw index.
        index: u8,
        /// Added (wrapping).
        add: u16,
    },
    /// `try_unwrap`, checking the value.
    TryUnwrap {
        /// Raw index.
        index: u8,
    },
}

type Strong<'p> = (StackRc<'p, Tracked, RC_POOL_CAPACITY>, Rc<Tracked>);
type WeakPair<'p> = (StackWeak<'p, Tracked, RC_POOL_CAPACITY>, Weak<Tracked>);

/// Runs `ops` on a fresh pool and on std, checking after each one (see the module docs).
///
/// # Panics
///
/// On any disagreement.
pub fn run_rc_ops(ops: &[RcOp]) -> RunStats {
    let baseline = Tracked::live();
    let pool = Pool::new();
    let mut stats = RunStats::default();
    {
        let mut strong: Vec<Strong<'_>> = Vec::new();
        let mut weak: Vec<WeakPair<'_>> = Vec::new();
        for op in ops {
            stats.ops += 1;
            if pool.len() == RC_POOL_CAPACITY {
                stats.ops_when_full += 1;
            }
            apply(op, &pool, &mut strong, &mut weak, &mut stats);
            check(&pool, &strong, &weak, baseline);
            stats.max_len = stats.max_len.max(pool.len());
        }
    }
    assert!(pool.is_empty());
    assert_eq!(Tracked::live(), baseline, "every value dropped once");
    stats
}

fn apply<'p>(
    op: &RcOp,
    pool: &'p Pool,
    strong: &mut Vec<Strong<'p>>,
    weak: &mut Vec<WeakPair<'p>>,
    stats: &mut RunStats,
) {
    let pick = |index: u8, len: usize| (len > 0).then(|| usize::from(index) % len);
    match *op {
        RcOp::New { value } => match pool.rc(Tracked::new(value)) {
            Ok(ours) => {
                if strong.len() < HANDLES {
                    strong.push((ours, Rc::new(Tracked::new(value))));
                }
            }
            Err(error) => {
                assert_eq!(pool.len(), RC_POOL_CAPACITY, "refused while not full");
                assert_eq!(error.element().value, value);
                stats.rejected += 1;
            }
        },
        RcOp::Clone { index } => {
            if let Some(i) = pick(index, strong.len()).filter(|_| strong.len() < HANDLES) {
                let copy = (StackRc::clone(&strong[i].0), Rc::clone(&strong[i].1));
                strong.push(copy);
            }
        }
        RcOp::Drop { index } => {
            if let Some(i) = pick(index / 2, strong.len()).filter(|_| index % 2 == 0) {
                drop(strong.swap_remove(i));
            }
        }
        RcOp::Downgrade { index } => {
            if let Some(i) = pick(index, strong.len()).filter(|_| weak.len() < HANDLES) {
                let w = (
                    StackRc::downgrade(&strong[i].0),
                    Rc::downgrade(&strong[i].1),
                );
                weak.push(w);
            }
        }
        RcOp::Upgrade { index } => {
            if let Some(i) = pick(index, weak.len()) {
                match (weak[i].0.upgrade(), weak[i].1.upgrade()) {
                    (Some(ours), Some(theirs)) if strong.len() < HANDLES => {
                        strong.push((ours, theirs));
                    }
                    (Some(_), Some(_)) | (None, None) => {}
                    (ours, theirs) => {
                        panic!("upgrade: ours {}, std {}", ours.is_some(), theirs.is_some())
                    }
                }
            }
        }
        RcOp::DropWeak { index } => {
            if let Some(i) = pick(index, weak.len()) {
                drop(weak.swap_remove(i));
            }
        }
        RcOp::GetMut { index, add } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = &mut strong[i];
                match (StackRc::get_mut(ours), Rc::get_mut(theirs)) {
                    (Some(a), Some(b)) => {
                        a.value = a.value.wrapping_add(add);
                        b.value = b.value.wrapping_add(add);
                    }
                    (None, None) => {}
                    (a, b) => panic!("get_mut: ours {}, std {}", a.is_some(), b.is_some()),
                }
            }
        }
        RcOp::MakeMut { index, add } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = &mut strong[i];
                let needs_slot = StackRc::strong_count(ours) > 1 || StackRc::weak_count(ours) > 0;
                match StackRc::try_make_mut(ours) {
                    Ok(value) => {
                        value.value = value.value.wrapping_add(add);
                        let theirs = Rc::make_mut(theirs);
                        theirs.value = theirs.value.wrapping_add(add);
                    }
                    Err(_) => {
                        assert!(needs_slot && pool.len() == RC_POOL_CAPACITY);
                        stats.rejected += 1;
                    }
                }
            }
        }
        RcOp::TryUnwrap { index } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = strong.swap_remove(i);
                match (StackRc::try_unwrap(ours), Rc::try_unwrap(theirs)) {
                    (Ok(a), Ok(b)) => assert_eq!(a.value, b.value),
                    (Err(a), Err(b)) => strong.push((a, b)),
                    (a, b) => panic!("try_unwrap: ours {}, std {}", a.is_ok(), b.is_ok()),
                }
            }
        }
    }
}

fn check(pool: &Pool, strong: &[Strong<'_>], weak: &[WeakPair<'_>], baseline: isize) {
    for (ours, theirs) in strong {
        assert_eq!(ours.value, theirs.value);
        assert_eq!(StackRc::strong_count(ours), Rc::strong_count(theirs));
        assert_eq!(StackRc::weak_count(ours), Rc::weak_count(theirs));
    }
    for (ours, theirs) in weak {
        assert_eq!(ours.strong_count(), theirs.strong_count());
        assert_eq!(ours.weak_count(), theirs.weak_count());
    }
    for (a, b) in strong.iter().zip(strong.iter().skip(1)) {
        assert_eq!(StackRc::ptr_eq(&a.0, &b.0), Rc::ptr_eq(&a.1, &b.1));
    }
    for (a, b) in weak.iter().zip(weak.iter().skip(1)) {
        assert_eq!(a.0.ptr_eq(&b.0), Weak::ptr_eq(&a.1, &b.1));
    }
    // The pool's slots in use are std's allocations still alive.
    let mut alive: Vec<*const Tracked> = strong.iter().map(|(_, r)| Rc::as_ptr(r)).collect();
    alive.extend(weak.iter().map(|(_, w)| w.as_ptr()));
    alive.sort_unstable();
    alive.dedup();
    assert_eq!(pool.len(), alive.len());
    // Every value alive on std's side is alive on ours too (and each side holds one Tracked).
    let values = strong
        .iter()
        .map(|(_, r)| Rc::as_ptr(r))
        .collect::<alloc::collections::BTreeSet<_>>()
        .len();
    assert_eq!(
        Tracked::live() - baseline,
        2 * isize::try_from(values).unwrap()
    );
}
