//! What the models of the sequences share: the generated runs of values and argument bounding
//! (`StackVec`, `StackDeque`, `StackRing`), the checks of capacity errors (those and
//! `StackString`, `StackQueue`), and the growing operations whose contract `StackVec` and
//! `StackDeque` share (`resize`, `resize_with`, `extend`, `try_extend`), written once against
//! [`Grow`] and [`GrowModel`].

use alloc::collections::VecDeque;
use core::fmt;

use avila_alloc::{CapacityError, StackDeque, StackVec};

use crate::Tracked;
use crate::ops::RunStats;

/// The `i`-th value of a generated run: `seed, seed, seed + 1, seed + 1, ...`.
pub(crate) fn seq(seed: u8, i: usize) -> u16 {
    u16::from(seed).wrapping_add((i / 2) as u16)
}

/// The first `count` values of the run starting at `seed`.
pub(crate) fn run(seed: u8, count: usize) -> Vec<u16> {
    (0..count).map(|i| seq(seed, i)).collect()
}

/// `raw % (max + 1)`.
pub(crate) fn bounded(raw: u8, max: usize) -> usize {
    usize::from(raw) % (max + 1)
}

/// `values`, each in a fresh [`Tracked`].
pub(crate) fn tracked(values: &[u16]) -> impl Iterator<Item = Tracked> + '_ {
    values.iter().map(|&v| Tracked::new(v))
}

/// The values of an iterator of `&Tracked`.
pub(crate) fn values<'a>(items: impl IntoIterator<Item = &'a Tracked>) -> Vec<u16> {
    items.into_iter().map(|t| t.value).collect()
}

/// The values of two slices, one after the other.
pub(crate) fn concat(slices: (&[Tracked], &[Tracked])) -> Vec<u16> {
    values(slices.0.iter().chain(slices.1))
}

/// Checks a capacity error: the capacity is `CAP` and the carried element equals `expected` (a
/// `Tracked` against its `u16` value, a `char` against a `char`, ...).
#[track_caller]
pub(crate) fn assert_rejected<const CAP: usize, T, E>(
    stats: &mut RunStats,
    result: Result<(), CapacityError<T>>,
    expected: E,
    what: &str,
) where
    T: PartialEq<E> + fmt::Debug,
    E: fmt::Debug,
{
    stats.rejected += 1;
    let err = result.expect_err(what);
    assert_eq!(err.capacity(), CAP, "{what}: capacity in the error");
    assert_eq!(
        err.element(),
        expected,
        "{what}: the error must carry the rejected value"
    );
}

/// Checks what a `_mut` push or insert of `value` returned (the panicking form's reference
/// wrapped in `Ok`): with `room`, the new element, to which `bump` is then added through the
/// reference; without, the error carrying `value`. Returns the value the model should insert, or
/// `None` after a rejection.
#[track_caller]
pub(crate) fn check_inserted_mut<const CAP: usize>(
    stats: &mut RunStats,
    result: Result<&mut Tracked, CapacityError<Tracked>>,
    room: usize,
    (value, bump): (u16, u16),
    what: &str,
) -> Option<u16> {
    let slot = match result {
        Ok(slot) => slot,
        Err(err) => {
            assert_rejected::<CAP, _, _>(stats, Err(err), value, what);
            return None;
        }
    };
    assert!(room > 0, "{what} must fail when full");
    assert_eq!(slot.value, value, "{what} returns the new element");
    slot.value = slot.value.wrapping_add(bump);
    Some(slot.value)
}

/// Checks a capacity error without an element: the capacity is `CAP`.
#[track_caller]
pub(crate) fn assert_full<const CAP: usize>(
    stats: &mut RunStats,
    result: Result<(), CapacityError>,
    what: &str,
) {
    stats.rejected += 1;
    let err = result.expect_err(what);
    assert_eq!(err.capacity(), CAP, "{what}: capacity in the error");
}

/// The growing methods `StackVec` and `StackDeque` share, with the same contract.
pub(crate) trait Grow: Extend<Tracked> {
    fn resize(&mut self, new_len: usize, value: Tracked);
    fn try_resize(&mut self, new_len: usize, value: Tracked) -> Result<(), CapacityError<Tracked>>;
    fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> Tracked);
    fn try_resize_with(
        &mut self,
        new_len: usize,
        f: impl FnMut() -> Tracked,
    ) -> Result<(), CapacityError>;
    fn try_extend(
        &mut self,
        iter: impl Iterator<Item = Tracked>,
    ) -> Result<(), CapacityError<Tracked>>;
}

/// Forwards [`Grow`] to the container's inherent methods.
macro_rules! grow {
    ($($container:ident),*) => {$(
        impl<const N: usize> Grow for $container<Tracked, N> {
            fn resize(&mut self, new_len: usize, value: Tracked) {
                $container::resize(self, new_len, value);
            }
            fn try_resize(
                &mut self,
                new_len: usize,
                value: Tracked,
            ) -> Result<(), CapacityError<Tracked>> {
                $container::try_resize(self, new_len, value)
            }
            fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> Tracked) {
                $container::resize_with(self, new_len, f);
            }
            fn try_resize_with(
                &mut self,
                new_len: usize,
                f: impl FnMut() -> Tracked,
            ) -> Result<(), CapacityError> {
                $container::try_resize_with(self, new_len, f)
            }
            fn try_extend(
                &mut self,
                iter: impl Iterator<Item = Tracked>,
            ) -> Result<(), CapacityError<Tracked>> {
                $container::try_extend(self, iter)
            }
        }
    )*};
}

grow!(StackVec, StackDeque);

/// The model's side of [`Grow`]: `Vec` and `VecDeque` of the values.
pub(crate) trait GrowModel: Extend<u16> {
    fn resize(&mut self, new_len: usize, value: u16);
    fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> u16);
}

impl GrowModel for Vec<u16> {
    fn resize(&mut self, new_len: usize, value: u16) {
        Vec::resize(self, new_len, value);
    }
    fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> u16) {
        Vec::resize_with(self, new_len, f);
    }
}

impl GrowModel for VecDeque<u16> {
    fn resize(&mut self, new_len: usize, value: u16) {
        VecDeque::resize(self, new_len, value);
    }
    fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> u16) {
        VecDeque::resize_with(self, new_len, f);
    }
}

/// A container under test, its model and the run's counts, for one growing operation (the
/// container's capacity is each method's `CAP`).
pub(crate) struct Growing<'a, S, M> {
    pub(crate) s: &'a mut S,
    pub(crate) model: &'a mut M,
    pub(crate) stats: &'a mut RunStats,
}

impl<S: Grow, M: GrowModel> Growing<'_, S, M> {
    /// `resize` to `bounded(len, CAP + 3)` (`try_resize` if `fallible` or past capacity).
    pub(crate) fn resize<const CAP: usize>(self, len: u8, value: u8, fallible: bool) {
        let (new_len, value) = (bounded(len, CAP + 3), u16::from(value));
        if new_len <= CAP && !fallible {
            self.s.resize(new_len, Tracked::new(value));
        } else {
            let result = self.s.try_resize(new_len, Tracked::new(value));
            if new_len <= CAP {
                assert!(result.is_ok(), "try_resize within capacity");
            } else {
                assert_rejected::<CAP, _, _>(self.stats, result, value, "try_resize past capacity");
            }
        }
        if new_len <= CAP {
            self.model.resize(new_len, value);
        }
    }

    /// `resize_with` to `bounded(len, CAP + 3)` with the run of `seed` (`try_resize_with` if
    /// `fallible` or past capacity, where `f` must not be called).
    pub(crate) fn resize_with<const CAP: usize>(self, len: u8, seed: u8, fallible: bool) {
        let new_len = bounded(len, CAP + 3);
        let mut calls = 0;
        let make = || {
            calls += 1;
            Tracked::new(seq(seed, calls))
        };
        if new_len <= CAP && !fallible {
            self.s.resize_with(new_len, make);
        } else {
            let result = self.s.try_resize_with(new_len, make);
            if new_len <= CAP {
                assert!(result.is_ok(), "try_resize_with within capacity");
            } else {
                assert_full::<CAP>(self.stats, result, "try_resize_with past capacity");
                assert_eq!(calls, 0, "try_resize_with past capacity must not call f");
            }
        }
        if new_len <= CAP {
            let mut calls = 0;
            self.model.resize_with(new_len, || {
                calls += 1;
                seq(seed, calls)
            });
        }
    }

    /// `try_extend` with up to 24 values into `room` free places: past it, the error carries the
    /// first value that did not fit and the rest stay in the iterator.
    pub(crate) fn try_extend<const CAP: usize>(self, room: usize, count: u8, seed: u8) {
        let new = run(seed, bounded(count, 24));
        let mut source = tracked(&new);
        let result = self.s.try_extend(source.by_ref());
        let rest: Vec<u16> = source.map(|t| t.value).collect();
        if new.len() <= room {
            assert!(result.is_ok(), "try_extend with room");
            assert!(rest.is_empty(), "try_extend with room consumes everything");
            self.model.extend(new.iter().copied());
        } else {
            assert_rejected::<CAP, _, _>(self.stats, result, new[room], "try_extend past capacity");
            assert_eq!(
                rest,
                new[room + 1..],
                "try_extend leaves the rest in the iterator"
            );
            self.model.extend(new[..room].iter().copied());
        }
    }

    /// `extend` with up to 20 values when they fit in `room`, else `try_extend`.
    pub(crate) fn extend<const CAP: usize>(self, room: usize, count: u8, seed: u8) {
        let new = run(seed, bounded(count, 20));
        if new.len() <= room {
            self.s.extend(tracked(&new));
            self.model.extend(new.iter().copied());
        } else {
            let result = self.s.try_extend(tracked(&new));
            assert_rejected::<CAP, _, _>(self.stats, result, new[room], "try_extend past capacity");
            self.model.extend(new[..room].iter().copied());
        }
    }
}
