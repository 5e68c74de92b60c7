//! [`RefCellOp`] and [`run_ref_cell_ops`]: a `StackRefCell<[u32; 4]>` against std's `RefCell`
//! driven through the same operations, plus a model of which places a refusal must name.
//!
//! Every guard is a view of part of the array (`Ref<[u32]>` or `RefMut<[u32]>`), so clones,
//! `map_split` and `filter_map` produce guards of the same type. Borrows are taken at three
//! distinct source lines ("sites"); the model predicts which live guards are named: a guard is
//! named when a named guard of its site is alive, or fewer than two sites are named; a clone or
//! split half is named when its original is.

use alloc::vec::Vec;
use core::cell::RefCell;
use core::panic::Location;

use avila_alloc::rc::{BorrowState, Ref, RefMut, StackRefCell};

use crate::ops::RunStats;

/// How many guards the runner keeps alive at most.
pub const REF_CELL_GUARDS: usize = 6;

/// The number of elements in the cell.
const LEN: usize = 4;

/// One operation, applied to both cells by [`run_ref_cell_ops`]. Indices are raw (`% len`).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum RefCellOp {
    /// `try_borrow` at site `site % 3`.
    Borrow {
        /// Raw site.
        site: u8,
    },
    /// `try_borrow_mut` at site `site % 3`.
    BorrowMut {
        /// Raw site.
        site: u8,
    },
    /// Drop a guard.
    Drop {
        /// Raw guard index.
        index: u8,
    },
    /// `Ref::clone` of a shared guard (nothing for a mutable one).
    Clone {
        /// Raw guard index.
        index: u8,
    },
    /// `map_split` of a guard at `at % (len + 1)`.
    Split {
        /// Raw guard index.
        index: u8,
        /// Raw split point.
        at: u8,
    },
    /// `filter_map` of a guard to its element `pos` (the guard comes back when `pos` is out of
    /// its view: `pos % (len + 2)`).
    Narrow {
        /// Raw guard index.
        index: u8,
        /// Raw element index.
        pos: u8,
    },
    /// Write through a mutable guard: element `i` becomes `value + i`.
    Write {
        /// Raw guard index.
        index: u8,
        /// The value.
        value: u32,
    },
    /// `replace` the whole array, when nothing is borrowed (else `try_borrow_mut` is refused).
    Replace {
        /// The new first element.
        value: u32,
    },
}

/// A live guard of both cells, with its site and whether the model says it is named.
enum Guard<'a> {
    Shared {
        ours: Ref<'a, [u32]>,
        std: core::cell::Ref<'a, [u32]>,
        site: u32,
        named: bool,
    },
    Mut {
        ours: RefMut<'a, [u32]>,
        std: core::cell::RefMut<'a, [u32]>,
        site: u32,
        named: bool,
    },
}

impl Guard<'_> {
    fn site(&self) -> u32 {
        match self {
            Self::Shared { site, .. } | Self::Mut { site, .. } => *site,
        }
    }

    fn named(&self) -> bool {
        match self {
            Self::Shared { named, .. } | Self::Mut { named, .. } => *named,
        }
    }

    /// Checks the two views agree and the guard's recorded place is what the model says.
    fn check(&self) {
        let (ours, std, taken_at) = match self {
            Self::Shared { ours, std, .. } => (&**ours, &**std, Ref::taken_at(ours)),
            Self::Mut { ours, std, .. } => (&**ours, &**std, RefMut::taken_at(ours)),
        };
        assert_eq!(ours, std);
        assert_eq!(
            taken_at.map(Location::line),
            self.named().then(|| self.site())
        );
    }
}

/// The line of the caller (`try_borrow` and `here()` on one line share it).
#[track_caller]
fn here() -> u32 {
    Location::caller().line()
}

/// Runs `ops` on a `StackRefCell<[u32; 4]>` and a `RefCell<[u32; 4]>`, checking after each one
/// that both agree on every borrow and value, and that every refusal names exactly the places
/// the model predicts.
///
/// # Panics
///
/// On any disagreement.
pub fn run_ref_cell_ops(ops: &[RefCellOp]) -> RunStats {
    let ours = StackRefCell::new([0_u32; LEN]);
    let std = RefCell::new([0_u32; LEN]);
    let mut guards: Vec<Guard<'_>> = Vec::new();
    let mut stats = RunStats::default();
    for op in ops {
        stats.ops += 1;
        let distinct_named = named_sites(&guards).len();
        if distinct_named == 2 {
            stats.ops_when_full += 1;
        }
        match *op {
            RefCellOp::Borrow { site } => {
                let (got, line) = match site % 3 {
                    0 => (ours.try_borrow(), here()),
                    1 => (ours.try_borrow(), here()),
                    _ => (ours.try_borrow(), here()),
                };
                let taken = match (got, std.try_borrow()) {
                    (Ok(mine), Ok(theirs)) => Ok(Guard::Shared {
                        ours: Ref::map(mine, |a| &a[..]),
                        std: core::cell::Ref::map(theirs, |a| &a[..]),
                        site: line,
                        named: named_when_taken(&guards, line),
                    }),
                    (Err(error), Err(_)) => Err(Refusal::new(error.held_at(), error.state())),
                    (got, _) => panic!("try_borrow: ours ok {}, std not", got.is_ok()),
                };
                settle(taken, &mut guards, &mut stats);
            }
            RefCellOp::BorrowMut { site } => {
                let (got, line) = match site % 3 {
                    0 => (ours.try_borrow_mut(), here()),
                    1 => (ours.try_borrow_mut(), here()),
                    _ => (ours.try_borrow_mut(), here()),
                };
                let taken = match (got, std.try_borrow_mut()) {
                    (Ok(mine), Ok(theirs)) => Ok(Guard::Mut {
                        ours: RefMut::map(mine, |a| &mut a[..]),
                        std: core::cell::RefMut::map(theirs, |a| &mut a[..]),
                        site: line,
                        named: named_when_taken(&guards, line),
                    }),
                    (Err(error), Err(_)) => Err(Refusal::new(error.held_at(), error.state())),
                    (got, _) => panic!("try_borrow_mut: ours ok {}, std not", got.is_ok()),
                };
                settle(taken, &mut guards, &mut stats);
            }
            RefCellOp::Drop { index } => {
                if !guards.is_empty() {
                    let i = usize::from(index) % guards.len();
                    drop(guards.remove(i));
                }
            }
            RefCellOp::Clone { index } => {
                if !guards.is_empty() && guards.len() < REF_CELL_GUARDS {
                    let i = usize::from(index) % guards.len();
                    if let Guard::Shared {
                        ours,
                        std,
                        site,
                        named,
                    } = &guards[i]
                    {
                        let copy = Guard::Shared {
                            ours: Ref::clone(ours),
                            std: core::cell::Ref::clone(std),
                            site: *site,
                            named: *named,
                        };
                        guards.push(copy);
                    }
                }
            }
            RefCellOp::Split { index, at } => {
                if !guards.is_empty() && guards.len() < REF_CELL_GUARDS {
                    let i = usize::from(index) % guards.len();
                    let (a, b) = split(guards.remove(i), at);
                    guards.push(a);
                    guards.push(b);
                }
            }
            RefCellOp::Narrow { index, pos } => {
                if !guards.is_empty() {
                    let i = usize::from(index) % guards.len();
                    let narrowed = narrow(guards.remove(i), usize::from(pos));
                    guards.push(narrowed);
                }
            }
            RefCellOp::Write { index, value } => {
                if !guards.is_empty() {
                    let i = usize::from(index) % guards.len();
                    if let Guard::Mut { ours, std, .. } = &mut guards[i] {
                        for (k, (a, b)) in ours.iter_mut().zip(std.iter_mut()).enumerate() {
                            let v = value.wrapping_add(k as u32);
                            (*a, *b) = (v, v);
                        }
                    }
                }
            }
            RefCellOp::Replace { value } => {
                if guards.is_empty() {
                    let new = [value, 1, 2, 3];
                    assert_eq!(ours.replace(new), std.replace(new));
                } else {
                    let error = ours.try_borrow_mut().unwrap_err();
                    assert!(std.try_borrow_mut().is_err());
                    settle(
                        Err(Refusal::new(error.held_at(), error.state())),
                        &mut guards,
                        &mut stats,
                    );
                }
            }
        }
        assert_eq!(ours.borrow_state(), state_of(&guards));
        check_holders(&ours, &guards);
        for guard in &guards {
            guard.check();
        }
        stats.max_len = stats.max_len.max(guards.len());
    }
    drop(guards);
    assert_eq!(ours.borrow_state(), BorrowState::Unused);
    assert_eq!(ours.holders().count(), 0);
    assert_eq!(ours.into_inner(), std.into_inner());
    stats
}

/// What a refused borrow reported: the lines it named, sorted, and the state.
struct Refusal {
    named: Vec<u32>,
    state: BorrowState,
}

impl Refusal {
    fn new<'a>(held_at: impl Iterator<Item = &'a Location<'a>>, state: BorrowState) -> Self {
        let mut named: Vec<u32> = held_at.map(Location::line).collect();
        named.sort_unstable();
        Self { named, state }
    }
}

/// Keeps a new guard (when there is room), or checks a refusal against the model: it names
/// exactly the predicted places and states the guards' count.
fn settle<'a>(
    taken: Result<Guard<'a>, Refusal>,
    guards: &mut Vec<Guard<'a>>,
    stats: &mut RunStats,
) {
    match taken {
        Ok(guard) => {
            if guards.len() < REF_CELL_GUARDS {
                guards.push(guard);
            }
        }
        Err(refusal) => {
            stats.rejected += 1;
            assert_eq!(
                refusal.named,
                named_sites(guards),
                "the places a refusal names"
            );
            assert_eq!(refusal.state, state_of(guards));
        }
    }
}

/// The sites of the named guards, sorted and deduplicated.
fn named_sites(guards: &[Guard<'_>]) -> Vec<u32> {
    let mut sites: Vec<u32> = guards
        .iter()
        .filter(|g| g.named())
        .map(Guard::site)
        .collect();
    sites.sort_unstable();
    sites.dedup();
    sites
}

/// Whether a guard taken now at `site` is named.
fn named_when_taken(guards: &[Guard<'_>], site: u32) -> bool {
    let named = named_sites(guards);
    named.contains(&site) || named.len() < 2
}

/// The state the guards add up to.
fn state_of(guards: &[Guard<'_>]) -> BorrowState {
    let shared = guards
        .iter()
        .filter(|g| matches!(g, Guard::Shared { .. }))
        .count();
    match (guards.len(), shared) {
        (0, _) => BorrowState::Unused,
        (n, s) if s == n => BorrowState::Shared(n),
        (n, 0) => BorrowState::Mutable(n),
        _ => unreachable!("shared and mutable guards at once"),
    }
}

/// Checks `holders()` against the named guards, site by site.
fn check_holders(cell: &StackRefCell<[u32; LEN]>, guards: &[Guard<'_>]) {
    let mut holders: Vec<(u32, u32)> = cell.holders().map(|(s, n)| (s.line(), n)).collect();
    holders.sort_unstable();
    let expected: Vec<(u32, u32)> = named_sites(guards)
        .into_iter()
        .map(|site| {
            let n = guards
                .iter()
                .filter(|g| g.named() && g.site() == site)
                .count();
            (site, u32::try_from(n).unwrap())
        })
        .collect();
    assert_eq!(holders, expected);
}

/// `map_split` of both views at `at % (len + 1)`.
fn split(guard: Guard<'_>, at: u8) -> (Guard<'_>, Guard<'_>) {
    match guard {
        Guard::Shared {
            ours,
            std,
            site,
            named,
        } => {
            let at = usize::from(at) % (ours.len() + 1);
            let (a, b) = Ref::map_split(ours, |s| s.split_at(at));
            let (c, d) = core::cell::Ref::map_split(std, |s| s.split_at(at));
            let half = |ours, std| Guard::Shared {
                ours,
                std,
                site,
                named,
            };
            (half(a, c), half(b, d))
        }
        Guard::Mut {
            ours,
            std,
            site,
            named,
        } => {
            let at = usize::from(at) % (ours.len() + 1);
            let (a, b) = RefMut::map_split(ours, |s| s.split_at_mut(at));
            let (c, d) = core::cell::RefMut::map_split(std, |s| s.split_at_mut(at));
            let half = |ours, std| Guard::Mut {
                ours,
                std,
                site,
                named,
            };
            (half(a, c), half(b, d))
        }
    }
}

/// `filter_map` of both views to the one-element slice at `pos % (len + 2)`, or the guards
/// back when it is outside the view.
fn narrow(guard: Guard<'_>, pos: usize) -> Guard<'_> {
    match guard {
        Guard::Shared {
            ours,
            std,
            site,
            named,
        } => {
            let pos = pos % (ours.len() + 2);
            let ours = Ref::filter_map(ours, |s| s.get(pos..=pos));
            let std = core::cell::Ref::filter_map(std, |s| s.get(pos..=pos));
            match (ours, std) {
                (Ok(ours), Ok(std)) | (Err(ours), Err(std)) => Guard::Shared {
                    ours,
                    std,
                    site,
                    named,
                },
                _ => panic!("filter_map disagrees"),
            }
        }
        Guard::Mut {
            ours,
            std,
            site,
            named,
        } => {
            let pos = pos % (ours.len() + 2);
            let ours = RefMut::filter_map(ours, |s| s.get_mut(pos..=pos));
            let std = core::cell::RefMut::filter_map(std, |s| s.get_mut(pos..=pos));
            match (ours, std) {
                (Ok(ours), Ok(std)) | (Err(ours), Err(std)) => Guard::Mut {
                    ours,
                    std,
                    site,
                    named,
                },
                _ => panic!("filter_map disagrees"),
            }
        }
    }
}
