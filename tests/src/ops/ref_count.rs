//! [`RefCountOp`] and the model runner shared by `StackRc` (`run_rc_ops`, against std's
//! `Rc`/`Weak`) and `StackArc` (`run_arc_ops`, against `Arc`/`sync::Weak`): the same operations,
//! the same checks, written once as `ref_count_model!` over the two families of types.
//!
//! After each operation the two sides agree on every value, strong and weak count, upgrade and
//! `ptr_eq`; a refusal happens only when a new slot is needed and std holds as many allocations
//! alive (by a strong or a weak reference) as the pool has slots; a pool that counts its slots in
//! use (`RcPool::len`) counts exactly those; every slot comes back at the end; and no `Tracked`
//! is leaked or dropped twice.

/// How many strong and how many weak references a runner keeps at most.
pub(crate) const HANDLES: usize = 8;

/// One operation, applied to both sides by `run_rc_ops` and `run_arc_ops`. Indices are raw
/// (`% len`).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum RefCountOp {
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

/// `make_mut` in its three cases (unique, shared, only weak references besides) and with a full
/// pool, `try_unwrap` of a shared reference, `into_inner` of a shared and of the last one: the
/// hand-written run of `model_rc` and `model_arc`.
pub const EVERY_CASE: &[RefCountOp] = {
    use RefCountOp::{Clone, Downgrade, Drop, DropWeak, MakeMut, New, TryUnwrap, Upgrade};
    &[
        New { value: 1 },
        MakeMut { index: 0, add: 1 },
        Clone { index: 0 },
        MakeMut { index: 0, add: 2 },
        Downgrade { index: 0 },
        MakeMut { index: 0, add: 3 },
        Upgrade { index: 0 },
        New { value: 5 },
        New { value: 6 },
        Clone { index: 1 },
        MakeMut { index: 1, add: 4 },
        New { value: 7 },
        DropWeak { index: 0 },
        TryUnwrap {
            index: 2,
            into_inner: false,
        },
        Clone { index: 0 },
        TryUnwrap {
            index: 0,
            into_inner: true,
        },
        Drop { index: 0 },
    ]
};

/// Defines `pub fn $run(ops: &[RefCountOp]) -> RunStats` for one pointer family: `$Pool` with
/// `$capacity` slots and constructor `$new`, references `$StackRc`/`$StackWeak` against std's
/// `$Rc`/`$Weak`; `$len` maps the pool to its count of slots in use, if it keeps one.
macro_rules! ref_count_model {
    (
        run: $run:ident,
        pool: $Pool:ty,
        capacity: $capacity:ident,
        new: $new:ident,
        ours: ($StackRc:ident, $StackWeak:ident),
        std: ($Rc:ident, $Weak:ident),
        len: $len:expr $(,)?
    ) => {
        use alloc::vec::Vec;

        use $crate::Tracked;
        use $crate::ops::RunStats;
        use $crate::ops::ref_count::{HANDLES, RefCountOp};

        type Strong<'p> = ($StackRc<'p, Tracked, $capacity>, $Rc<Tracked>);
        type WeakPair<'p> = ($StackWeak<'p, Tracked, $capacity>, $Weak<Tracked>);

        /// Runs `ops` on a fresh pool and on std, checking after each one (see the module docs).
        ///
        /// # Panics
        ///
        /// On any disagreement.
        pub fn $run(ops: &[RefCountOp]) -> RunStats {
            let baseline = Tracked::live();
            let pool = <$Pool>::new();
            let mut stats = RunStats::default();
            {
                let mut strong: Vec<Strong<'_>> = Vec::new();
                let mut weak: Vec<WeakPair<'_>> = Vec::new();
                for op in ops {
                    stats.ops += 1;
                    if in_use(&strong, &weak) == $capacity {
                        stats.ops_when_full += 1;
                    }
                    apply(op, &pool, &mut strong, &mut weak, &mut stats);
                    check(&pool, &strong, &weak, baseline);
                    stats.max_len = stats.max_len.max(in_use(&strong, &weak));
                }
            }
            // Every slot came back.
            assert_eq!(($len)(&pool).unwrap_or(0), 0);
            let all: Vec<_> = (0..$capacity)
                .map(|_| pool.$new(Tracked::new(0)).expect("a free slot"))
                .collect();
            drop(all);
            assert_eq!(Tracked::live(), baseline, "every value dropped once");
            stats
        }

        fn apply<'p>(
            op: &RefCountOp,
            pool: &'p $Pool,
            strong: &mut Vec<Strong<'p>>,
            weak: &mut Vec<WeakPair<'p>>,
            stats: &mut RunStats,
        ) {
            let pick = |index: u8, len: usize| (len > 0).then(|| usize::from(index) % len);
            let full = in_use(strong, weak) == $capacity;
            match *op {
                RefCountOp::New { value } => match pool.$new(Tracked::new(value)) {
                    Ok(ours) => {
                        if strong.len() < HANDLES {
                            strong.push((ours, $Rc::new(Tracked::new(value))));
                        }
                    }
                    Err(error) => {
                        assert!(full, "refused while not full");
                        assert_eq!(error.element().value, value);
                        stats.rejected += 1;
                    }
                },
                RefCountOp::Clone { index } => {
                    if let Some(i) = pick(index, strong.len()).filter(|_| strong.len() < HANDLES) {
                        let copy = ($StackRc::clone(&strong[i].0), $Rc::clone(&strong[i].1));
                        strong.push(copy);
                    }
                }
                RefCountOp::Drop { index } => {
                    if let Some(i) = pick(index / 2, strong.len()).filter(|_| index % 2 == 0) {
                        drop(strong.swap_remove(i));
                    }
                }
                RefCountOp::Downgrade { index } => {
                    if let Some(i) = pick(index, strong.len()).filter(|_| weak.len() < HANDLES) {
                        let w = (
                            $StackRc::downgrade(&strong[i].0),
                            $Rc::downgrade(&strong[i].1),
                        );
                        weak.push(w);
                    }
                }
                RefCountOp::Upgrade { index } => {
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
                RefCountOp::DropWeak { index } => {
                    if let Some(i) = pick(index, weak.len()) {
                        drop(weak.swap_remove(i));
                    }
                }
                RefCountOp::GetMut { index, add } => {
                    if let Some(i) = pick(index, strong.len()) {
                        let (ours, theirs) = &mut strong[i];
                        match ($StackRc::get_mut(ours), $Rc::get_mut(theirs)) {
                            (Some(a), Some(b)) => {
                                a.value = a.value.wrapping_add(add);
                                b.value = b.value.wrapping_add(add);
                            }
                            (None, None) => {}
                            (a, b) => panic!("get_mut: ours {}, std {}", a.is_some(), b.is_some()),
                        }
                    }
                }
                RefCountOp::MakeMut { index, add } => {
                    if let Some(i) = pick(index, strong.len()) {
                        let (ours, theirs) = &mut strong[i];
                        let needs_slot =
                            $StackRc::strong_count(ours) > 1 || $StackRc::weak_count(ours) > 0;
                        match $StackRc::try_make_mut(ours) {
                            Ok(value) => {
                                value.value = value.value.wrapping_add(add);
                                let theirs = $Rc::make_mut(theirs);
                                theirs.value = theirs.value.wrapping_add(add);
                            }
                            Err(_) => {
                                assert!(needs_slot && full);
                                stats.rejected += 1;
                            }
                        }
                    }
                }
                RefCountOp::TryUnwrap {
                    index,
                    into_inner: false,
                } => {
                    if let Some(i) = pick(index, strong.len()) {
                        let (ours, theirs) = strong.swap_remove(i);
                        match ($StackRc::try_unwrap(ours), $Rc::try_unwrap(theirs)) {
                            (Ok(a), Ok(b)) => assert_eq!(a.value, b.value),
                            (Err(a), Err(b)) => strong.push((a, b)),
                            (a, b) => panic!("try_unwrap: ours {}, std {}", a.is_ok(), b.is_ok()),
                        }
                    }
                }
                RefCountOp::TryUnwrap {
                    index,
                    into_inner: true,
                } => {
                    if let Some(i) = pick(index, strong.len()) {
                        let (ours, theirs) = strong.swap_remove(i);
                        match ($StackRc::into_inner(ours), $Rc::into_inner(theirs)) {
                            (Some(a), Some(b)) => assert_eq!(a.value, b.value),
                            (None, None) => {}
                            (a, b) => {
                                panic!("into_inner: ours {}, std {}", a.is_some(), b.is_some())
                            }
                        }
                    }
                }
            }
        }

        /// Allocations std holds alive (by a strong or a weak reference): the slots in use on our
        /// side.
        fn in_use(strong: &[Strong<'_>], weak: &[WeakPair<'_>]) -> usize {
            let mut alive: Vec<*const Tracked> =
                strong.iter().map(|(_, r)| $Rc::as_ptr(r)).collect();
            alive.extend(weak.iter().map(|(_, w)| w.as_ptr()));
            alive.sort_unstable();
            alive.dedup();
            alive.len()
        }

        fn check(pool: &$Pool, strong: &[Strong<'_>], weak: &[WeakPair<'_>], baseline: isize) {
            for (ours, theirs) in strong {
                assert_eq!(ours.value, theirs.value);
                assert_eq!($StackRc::strong_count(ours), $Rc::strong_count(theirs));
                assert_eq!($StackRc::weak_count(ours), $Rc::weak_count(theirs));
            }
            for (ours, theirs) in weak {
                assert_eq!(ours.strong_count(), theirs.strong_count());
                assert_eq!(ours.weak_count(), theirs.weak_count());
            }
            for (a, b) in strong.iter().zip(strong.iter().skip(1)) {
                assert_eq!($StackRc::ptr_eq(&a.0, &b.0), $Rc::ptr_eq(&a.1, &b.1));
            }
            for (a, b) in weak.iter().zip(weak.iter().skip(1)) {
                assert_eq!(a.0.ptr_eq(&b.0), $Weak::ptr_eq(&a.1, &b.1));
            }
            // The pool's slots in use (where it counts them) are std's allocations still alive.
            if let Some(len) = ($len)(pool) {
                assert_eq!(len, in_use(strong, weak));
            }
            // Every value alive on std's side is alive on ours too (and each side holds one
            // Tracked).
            let values = strong
                .iter()
                .map(|(_, r)| $Rc::as_ptr(r))
                .collect::<alloc::collections::BTreeSet<_>>()
                .len();
            assert_eq!(
                Tracked::live() - baseline,
                2 * isize::try_from(values).unwrap()
            );
        }
    };
}
pub(crate) use ref_count_model;
