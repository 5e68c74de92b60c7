//! [`ArcOp`] and [`run_arc_ops`]: `StackArc`/`StackArcWeak` in an `ArcPool<Tracked, 4>` against
//! std's `Arc`/`Weak` driven through the same operations. After each one the two agree on every
//! value, strong and weak count, upgrade and `ptr_eq`; a refusal happens only when a new slot is
//! needed and std holds as many allocations alive (by a strong or a weak reference) as the pool
//! has slots (`ArcPool` has no `len`); every slot comes back at the end; and no `Tracked` is
//! leaked or dropped twice. The operations are `RcOp`'s, with `into_inner` as a flag of `TryUnwrap`
//! (for `Arc` it is not `try_unwrap(..).ok()`).

use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;

use avila_alloc::rc::{ArcPool, StackArc, StackArcWeak};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the pool under test.
pub const ARC_POOL_CAPACITY: usize = 4;

/// How many strong and how many weak references the runner keeps at most.
const HANDLES: usize = 8;

type Pool = ArcPool<Tracked, ARC_POOL_CAPACITY>;

/// One operation, applied to both sides by [`run_arc_ops`]. Indices are raw (`% len`).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum ArcOp {
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
    /// `try_unwrap` (or `into_inner`), checking the value.
    TryUnwrap {
        /// Raw index.
        index: u8,
        /// `into_inner` instead: the value for the last strong reference, else `None` with the
        /// reference dropped (for `Arc` not the same as `try_unwrap(..).ok()`).
        into_inner: bool,
    },
}

type Strong<'p> = (StackArc<'p, Tracked, ARC_POOL_CAPACITY>, Arc<Tracked>);
type WeakPair<'p> = (StackArcWeak<'p, Tracked, ARC_POOL_CAPACITY>, Weak<Tracked>);

/// Runs `ops` on a fresh pool and on std, checking after each one (see the module docs).
///
/// # Panics
///
/// On any disagreement.
pub fn run_arc_ops(ops: &[ArcOp]) -> RunStats {
    let baseline = Tracked::live();
    let pool = Pool::new();
    let mut stats = RunStats::default();
    {
        let mut strong: Vec<Strong<'_>> = Vec::new();
        let mut weak: Vec<WeakPair<'_>> = Vec::new();
        for op in ops {
            stats.ops += 1;
            if in_use(&strong, &weak) == ARC_POOL_CAPACITY {
                stats.ops_when_full += 1;
            }
            apply(op, &pool, &mut strong, &mut weak, &mut stats);
            check(&strong, &weak, baseline);
            stats.max_len = stats.max_len.max(in_use(&strong, &weak));
        }
    }
    // Every slot came back.
    let all: Vec<_> = (0..ARC_POOL_CAPACITY)
        .map(|_| pool.arc(Tracked::new(0)).expect("a free slot"))
        .collect();
    drop(all);
    assert_eq!(Tracked::live(), baseline, "every value dropped once");
    stats
}

fn apply<'p>(
    op: &ArcOp,
    pool: &'p Pool,
    strong: &mut Vec<Strong<'p>>,
    weak: &mut Vec<WeakPair<'p>>,
    stats: &mut RunStats,
) {
    let pick = |index: u8, len: usize| (len > 0).then(|| usize::from(index) % len);
    let full = in_use(strong, weak) == ARC_POOL_CAPACITY;
    match *op {
        ArcOp::New { value } => match pool.arc(Tracked::new(value)) {
            Ok(ours) => {
                if strong.len() < HANDLES {
                    strong.push((ours, Arc::new(Tracked::new(value))));
                }
            }
            Err(error) => {
                assert!(full, "refused while not full");
                assert_eq!(error.element().value, value);
                stats.rejected += 1;
            }
        },
        ArcOp::Clone { index } => {
            if let Some(i) = pick(index, strong.len()).filter(|_| strong.len() < HANDLES) {
                let copy = (StackArc::clone(&strong[i].0), Arc::clone(&strong[i].1));
                strong.push(copy);
            }
        }
        ArcOp::Drop { index } => {
            if let Some(i) = pick(index / 2, strong.len()).filter(|_| index % 2 == 0) {
                drop(strong.swap_remove(i));
            }
        }
        ArcOp::Downgrade { index } => {
            if let Some(i) = pick(index, strong.len()).filter(|_| weak.len() < HANDLES) {
                let w = (
                    StackArc::downgrade(&strong[i].0),
                    Arc::downgrade(&strong[i].1),
                );
                weak.push(w);
            }
        }
        ArcOp::Upgrade { index } => {
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
        ArcOp::DropWeak { index } => {
            if let Some(i) = pick(index, weak.len()) {
                drop(weak.swap_remove(i));
            }
        }
        ArcOp::GetMut { index, add } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = &mut strong[i];
                match (StackArc::get_mut(ours), Arc::get_mut(theirs)) {
                    (Some(a), Some(b)) => {
                        a.value = a.value.wrapping_add(add);
                        b.value = b.value.wrapping_add(add);
                    }
                    (None, None) => {}
                    (a, b) => panic!("get_mut: ours {}, std {}", a.is_some(), b.is_some()),
                }
            }
        }
        ArcOp::MakeMut { index, add } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = &mut strong[i];
                let needs_slot = StackArc::strong_count(ours) > 1 || StackArc::weak_count(ours) > 0;
                match StackArc::try_make_mut(ours) {
                    Ok(value) => {
                        value.value = value.value.wrapping_add(add);
                        let theirs = Arc::make_mut(theirs);
                        theirs.value = theirs.value.wrapping_add(add);
                    }
                    Err(_) => {
                        assert!(needs_slot && full);
                        stats.rejected += 1;
                    }
                }
            }
        }
        ArcOp::TryUnwrap {
            index,
            into_inner: false,
        } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = strong.swap_remove(i);
                match (StackArc::try_unwrap(ours), Arc::try_unwrap(theirs)) {
                    (Ok(a), Ok(b)) => assert_eq!(a.value, b.value),
                    (Err(a), Err(b)) => strong.push((a, b)),
                    (a, b) => panic!("try_unwrap: ours {}, std {}", a.is_ok(), b.is_ok()),
                }
            }
        }
        ArcOp::TryUnwrap {
            index,
            into_inner: true,
        } => {
            if let Some(i) = pick(index, strong.len()) {
                let (ours, theirs) = strong.swap_remove(i);
                match (StackArc::into_inner(ours), Arc::into_inner(theirs)) {
                    (Some(a), Some(b)) => assert_eq!(a.value, b.value),
                    (None, None) => {}
                    (a, b) => panic!("into_inner: ours {}, std {}", a.is_some(), b.is_some()),
                }
            }
        }
    }
}

/// Allocations std holds alive (by a strong or a weak reference): the slots in use on our side.
fn in_use(strong: &[Strong<'_>], weak: &[WeakPair<'_>]) -> usize {
    let mut alive: Vec<*const Tracked> = strong.iter().map(|(_, r)| Arc::as_ptr(r)).collect();
    alive.extend(weak.iter().map(|(_, w)| w.as_ptr()));
    alive.sort_unstable();
    alive.dedup();
    alive.len()
}

fn check(strong: &[Strong<'_>], weak: &[WeakPair<'_>], baseline: isize) {
    for (ours, theirs) in strong {
        assert_eq!(ours.value, theirs.value);
        assert_eq!(StackArc::strong_count(ours), Arc::strong_count(theirs));
        assert_eq!(StackArc::weak_count(ours), Arc::weak_count(theirs));
    }
    for (ours, theirs) in weak {
        assert_eq!(ours.strong_count(), theirs.strong_count());
        assert_eq!(ours.weak_count(), theirs.weak_count());
    }
    for (a, b) in strong.iter().zip(strong.iter().skip(1)) {
        assert_eq!(StackArc::ptr_eq(&a.0, &b.0), Arc::ptr_eq(&a.1, &b.1));
    }
    for (a, b) in weak.iter().zip(weak.iter().skip(1)) {
        assert_eq!(a.0.ptr_eq(&b.0), Weak::ptr_eq(&a.1, &b.1));
    }
    // Every value alive on std's side is alive on ours too (and each side holds one Tracked).
    let values = strong
        .iter()
        .map(|(_, r)| Arc::as_ptr(r))
        .collect::<alloc::collections::BTreeSet<_>>()
        .len();
    assert_eq!(
        Tracked::live() - baseline,
        2 * isize::try_from(values).unwrap()
    );
}
