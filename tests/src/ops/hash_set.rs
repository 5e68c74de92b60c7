//! [`SetOp`] and [`run_set_ops`]: a `StackHashSet<Tracked, 16>` checked against a
//! `HashSet<u16>` model.

use core::fmt;
use core::hash::BuildHasher;
use std::collections::HashSet;

use avila_alloc::{FixedState, StackHashSet};

use crate::Tracked;
use crate::ops::RunStats;
use crate::ops::hash_map::{CollidingState, KEY_SPACE, KEY_SWEEP_STEP};

/// The capacity of the set under test.
pub const SET_CAPACITY: usize = 16;

const N: usize = SET_CAPACITY;

type Set<S> = StackHashSet<Tracked, N, S>;

/// One operation on a `StackHashSet<Tracked, 16>`, mirrored on a `HashSet<u16>` model by
/// [`run_set_ops`]. Values are `value % 24`.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum SetOp {
    /// `insert(value)`: `Ok(false)` when present (never fails), fails when new and full.
    Insert {
        /// Raw value.
        value: u8,
    },
    /// `replace(value)`: returns the stored equal value, fails when new and full.
    Replace {
        /// Raw value.
        value: u8,
    },
    /// `remove(&value)` (by `&u16` through `Borrow`, or by `&Tracked`).
    Remove {
        /// Raw value.
        value: u8,
        /// Look up by the borrowed form.
        borrowed: bool,
    },
    /// `take(&value)`.
    Take {
        /// Raw value.
        value: u8,
    },
    /// `contains` and `get`.
    Contains {
        /// Raw value.
        value: u8,
    },
    /// `retain`, keeping values not divisible by `modulus % 4 + 2`.
    Retain {
        /// Raw divisor.
        modulus: u8,
    },
    /// `extract_if`, extracting values divisible by `modulus % 4 + 2`; takes at most `take % 20`
    /// values, then drops the iterator. The values extracted must be exactly the visited ones
    /// the predicate chose.
    ExtractIf {
        /// Raw divisor.
        modulus: u8,
        /// Raw number of values taken.
        take: u8,
    },
    /// `drain()`, taking `take` values, then dropping (or leaking, with `leak`) the drain.
    Drain {
        /// Raw number of values taken.
        take: u8,
        /// Leak the drain.
        leak: bool,
    },
    /// `clear()`.
    Clear,
    /// `Extend` with `count % 25` values from `seed` when the new ones fit, else `try_extend`.
    Extend {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// Set algebra against a set of `count % 17` values from `seed` (stride `stride % 3 + 1`):
    /// `union`, `intersection` (both ways), `difference` (both ways), `symmetric_difference`,
    /// `is_subset`, `is_superset`, `is_disjoint`, `==`, and the operators `&`, `-` (never
    /// fail), `|`, `^` (when the result fits; `try_from_iter` of the lazy form otherwise). With
    /// `replace`, the result of `how % 4` (union, intersection, difference, symmetric
    /// difference) replaces the set when it fits.
    Algebra {
        /// Raw number of values of the other set.
        count: u8,
        /// First value of the other set.
        seed: u8,
        /// Raw stride between the other set's values.
        stride: u8,
        /// Which result replaces the set.
        how: u8,
        /// Replace the set with the result.
        replace: bool,
    },
    /// `into_iter`, taking `take` values, and collecting the rest back when `keep`.
    IntoIter {
        /// Raw number of values taken.
        take: u8,
        /// Collect the rest back.
        keep: bool,
    },
    /// `clone()`; `replace` keeps the clone. Also checks `Debug` and iteration.
    Clone {
        /// Keep the clone.
        replace: bool,
    },
}

fn value(raw: u8) -> u16 {
    u16::from(raw) % KEY_SPACE
}

fn run_of(seed: u8, count: usize, stride: u16) -> Vec<u16> {
    (0..count)
        .map(|i| (u16::from(seed) + i as u16 * stride) % KEY_SPACE)
        .collect()
}

fn tracked(values: &[u16]) -> impl Iterator<Item = Tracked> + '_ {
    values.iter().map(|&v| Tracked::new(v))
}

fn sorted(values: impl IntoIterator<Item = u16>) -> Vec<u16> {
    let mut v: Vec<u16> = values.into_iter().collect();
    v.sort_unstable();
    v
}

struct SetRunner<S> {
    set: Set<S>,
    model: HashSet<u16>,
    baseline: isize,
    stats: RunStats,
}

impl<S: BuildHasher + Default + Clone> SetRunner<S> {
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        assert_eq!(self.set.len(), len, "len after {op:?}");
        assert_eq!(self.set.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.set.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(
            self.set.remaining_capacity(),
            N - len,
            "remaining_capacity after {op:?}"
        );
        assert_eq!(
            sorted(self.set.iter().map(|t| t.value)),
            sorted(self.model.iter().copied()),
            "values after {op:?}"
        );
        for v in (0..KEY_SPACE).step_by(KEY_SWEEP_STEP) {
            assert_eq!(
                self.set.contains(&v),
                self.model.contains(&v),
                "contains({v}) after {op:?}"
            );
        }
        assert_eq!(
            Tracked::live() - self.baseline,
            len as isize,
            "live Tracked values after {op:?}: leak or double drop"
        );
    }

    fn reject(&mut self, value: u16, err: avila_alloc::CapacityError<Tracked>) {
        self.stats.rejected += 1;
        assert_eq!(err.capacity(), N, "capacity in the error");
        assert_eq!(
            err.element().value,
            value,
            "the error carries the rejected value"
        );
        assert!(
            self.model.len() == N && !self.model.contains(&value),
            "rejected only when full"
        );
    }

    fn apply(&mut self, op: &SetOp) {
        self.stats.ops += 1;
        if self.model.len() == N {
            self.stats.ops_when_full += 1;
        }
        match *op {
            SetOp::Insert { value: v } => {
                let v = value(v);
                match self.set.insert(Tracked::new(v)) {
                    Ok(new) => assert_eq!(new, self.model.insert(v), "insert"),
                    Err(err) => self.reject(v, err),
                }
            }
            SetOp::Replace { value: v } => {
                let v = value(v);
                match self.set.replace(Tracked::new(v)) {
                    Ok(old) => {
                        assert_eq!(old.map(|t| t.value), self.model.replace(v), "replace");
                    }
                    Err(err) => self.reject(v, err),
                }
            }
            SetOp::Remove { value: v, borrowed } => {
                let v = value(v);
                let removed = if borrowed {
                    self.set.remove(&v)
                } else {
                    self.set.remove(&Tracked::new(v))
                };
                assert_eq!(removed, self.model.remove(&v), "remove");
            }
            SetOp::Take { value: v } => {
                let v = value(v);
                assert_eq!(
                    self.set.take(&v).map(|t| t.value),
                    self.model.take(&v),
                    "take"
                );
            }
            SetOp::Contains { value: v } => {
                let v = value(v);
                assert_eq!(self.set.contains(&v), self.model.contains(&v), "contains");
                assert_eq!(
                    self.set.get(&v).map(|t| t.value),
                    self.model.get(&v).copied(),
                    "get"
                );
            }
            SetOp::Retain { modulus } => {
                let divisor = u16::from(modulus) % 4 + 2;
                let mut visited = Vec::new();
                self.set.retain(|t| {
                    visited.push(t.value);
                    t.value % divisor != 0
                });
                assert_eq!(
                    sorted(visited),
                    sorted(self.model.iter().copied()),
                    "retain visits once"
                );
                self.model.retain(|v| v % divisor != 0);
            }
            SetOp::ExtractIf { modulus, take } => {
                let divisor = u16::from(modulus) % 4 + 2;
                let take = usize::from(take) % 20;
                let mut visited = Vec::new();
                let taken: Vec<u16> = self
                    .set
                    .extract_if(|t| {
                        visited.push(t.value);
                        t.value % divisor == 0
                    })
                    .take(take)
                    .map(|t| t.value)
                    .collect();
                let chosen = sorted(visited.iter().copied().filter(|v| v % divisor == 0));
                assert_eq!(
                    sorted(taken.iter().copied()),
                    chosen,
                    "extract_if yields the chosen"
                );
                if taken.len() < take {
                    assert_eq!(
                        sorted(visited),
                        sorted(self.model.iter().copied()),
                        "a whole pass visits every value once"
                    );
                }
                for v in taken {
                    assert!(self.model.remove(&v), "extracted value");
                }
            }
            SetOp::Drain { take, leak } => {
                let mut drain = self.set.drain();
                let taken: Vec<u16> = drain
                    .by_ref()
                    .take(usize::from(take))
                    .map(|t| t.value)
                    .collect();
                assert!(
                    taken.iter().all(|v| self.model.contains(v)),
                    "drained values"
                );
                let rest = drain.len();
                assert_eq!(rest, self.model.len() - taken.len(), "Drain::len");
                if leak {
                    core::mem::forget(drain);
                    self.baseline += rest as isize;
                }
                self.model.clear();
            }
            SetOp::Clear => {
                self.set.clear();
                self.model.clear();
            }
            SetOp::Extend { count, seed } => {
                let new = run_of(seed, usize::from(count) % 25, 1);
                let mut after = self.model.clone();
                after.extend(new.iter().copied());
                if after.len() <= N {
                    self.set.extend(tracked(&new));
                    self.model = after;
                } else {
                    let rejected_at = new.iter().position(|&v| {
                        if self.model.contains(&v) || self.model.len() < N {
                            self.model.insert(v);
                            false
                        } else {
                            true
                        }
                    });
                    let at = rejected_at.expect("the model rejects a value");
                    let err = self
                        .set
                        .try_extend(tracked(&new))
                        .expect_err("try_extend past capacity");
                    self.reject(new[at], err);
                }
            }
            SetOp::Algebra {
                count,
                seed,
                stride,
                how,
                replace,
            } => {
                self.algebra(count, seed, stride, how, replace);
            }
            SetOp::IntoIter { take, keep } => {
                let set = core::mem::take(&mut self.set);
                let mut it = set.into_iter();
                let taken: Vec<u16> = it
                    .by_ref()
                    .take(usize::from(take) % 9)
                    .map(|t| t.value)
                    .collect();
                assert_eq!(it.len(), self.model.len() - taken.len(), "IntoIter::len");
                if keep {
                    self.set = it.collect();
                    for v in taken {
                        assert!(self.model.remove(&v), "into_iter value");
                    }
                } else {
                    self.model.clear();
                }
            }
            SetOp::Clone { replace } => {
                let copy = self.set.clone();
                assert!(copy == self.set, "clone == original");
                let order: Vec<u16> = self.set.iter().map(|t| t.value).collect();
                let debug = format!(
                    "{{{}}}",
                    order
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                assert_eq!(format!("{:?}", self.set), debug, "Debug");
                if replace {
                    self.set = copy;
                }
            }
        }
    }

    fn algebra(&mut self, count: u8, seed: u8, stride: u8, how: u8, replace: bool) {
        let other_values = run_of(seed, usize::from(count) % 17, u16::from(stride) % 3 + 1);
        let other: StackHashSet<Tracked, 24, std::hash::RandomState> =
            tracked(&other_values).collect();
        let other_same: Set<S> = tracked(&other_values).collect();
        let om: HashSet<u16> = other_values.iter().copied().collect();
        let m = &self.model;
        let set = &self.set;
        let vals = |it: &mut dyn Iterator<Item = &Tracked>| sorted(it.map(|t| t.value));
        let union = sorted(m.union(&om).copied());
        let inter = sorted(m.intersection(&om).copied());
        let diff = sorted(m.difference(&om).copied());
        let sym = sorted(m.symmetric_difference(&om).copied());
        assert_eq!(vals(&mut set.union(&other)), union, "union");
        assert_eq!(vals(&mut set.intersection(&other)), inter, "intersection");
        assert_eq!(
            vals(&mut other.intersection(set)),
            inter,
            "intersection, the other way"
        );
        assert_eq!(vals(&mut set.difference(&other)), diff, "difference");
        assert_eq!(
            vals(&mut other.difference(set)),
            sorted(om.difference(m).copied()),
            "difference, the other way"
        );
        assert_eq!(
            vals(&mut set.symmetric_difference(&other)),
            sym,
            "symmetric_difference"
        );
        assert_eq!(set.is_subset(&other), m.is_subset(&om), "is_subset");
        assert_eq!(set.is_superset(&other), m.is_superset(&om), "is_superset");
        assert_eq!(set.is_disjoint(&other), m.is_disjoint(&om), "is_disjoint");
        assert_eq!(*set == other, *m == om, "==");
        assert_eq!(vals(&mut (set & &other_same).iter()), inter, "&");
        assert_eq!(vals(&mut (set - &other_same).iter()), diff, "-");
        if union.len() <= N {
            assert_eq!(vals(&mut (set | &other_same).iter()), union, "|");
        } else {
            assert!(
                Set::<S>::try_from_iter(set.union(&other_same).cloned()).is_err(),
                "union past capacity"
            );
            self.stats.rejected += 1;
        }
        if sym.len() <= N {
            assert_eq!(vals(&mut (set ^ &other_same).iter()), sym, "^");
        }
        if replace {
            let result = match how % 4 {
                0 => union,
                1 => inter,
                2 => diff,
                _ => sym,
            };
            if result.len() <= N {
                self.set = tracked(&result).collect();
                self.model = result.into_iter().collect();
            }
        }
    }
}

fn run<S: BuildHasher + Default + Clone>(ops: &[SetOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = SetRunner::<S> {
        set: StackHashSet::default(),
        model: HashSet::new(),
        baseline,
        stats: RunStats::default(),
    };
    runner.check(&"the start");
    for op in ops {
        runner.apply(op);
        runner.check(op);
        runner.stats.max_len = runner.stats.max_len.max(runner.model.len());
    }
    let (leaked, stats) = (runner.baseline - baseline, runner.stats);
    drop(runner);
    assert_eq!(
        Tracked::live(),
        baseline + leaked,
        "every value dropped exactly once at the end"
    );
    stats
}

/// Applies `ops` to a `StackHashSet<Tracked, 16>` (default hasher) and to a `HashSet<u16>`
/// model, asserting after every operation that they agree and that the number of live
/// [`Tracked`] values is exactly what the model holds. Returns what the run went through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{SetOp, run_set_ops};
///
/// run_set_ops(&[
///     SetOp::Extend { count: 16, seed: 0 },                                      // full
///     SetOp::Insert { value: 20 },                                               // must fail
///     SetOp::Algebra { count: 5, seed: 10, stride: 1, how: 0, replace: false },  // | overflows
/// ]);
/// ```
pub fn run_set_ops(ops: &[SetOp]) -> RunStats {
    run::<FixedState>(ops)
}

/// [`run_set_ops`] with the colliding hasher of the map model
/// ([`Colliding`](crate::ops::hash_map::Colliding)).
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
pub fn run_set_ops_colliding(ops: &[SetOp]) -> RunStats {
    run::<CollidingState>(ops)
}
