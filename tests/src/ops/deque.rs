//! [`DequeOp`] and [`run_deque_ops`]: a `StackDeque<Tracked, 13>` checked against a
//! `VecDeque<u16>` model.

use alloc::collections::VecDeque;
use core::fmt;
use core::mem;

use avila_alloc::{StackDeque, StackVec};

use crate::Tracked;
use crate::ops::seq::{
    Growing, assert_full, assert_rejected, bounded, check_inserted_mut, concat, run, seq, tracked,
    values,
};
use crate::ops::{RunStats, hash_of, pick_range, with_range};

/// The capacity of the deque under test: small, so the full state is reached often, and not a
/// power of two, so the wrap-around arithmetic is exercised for what it is.
pub const DEQUE_CAPACITY: usize = 13;

const N: usize = DEQUE_CAPACITY;

/// Capacity of the second deque used by [`DequeOp::Append`] (a different `M` than `N`).
const OTHER: usize = 8;

type Sut = StackDeque<Tracked, N>;

/// One operation on a `StackDeque<Tracked, 13>`, mirrored on a `VecDeque<u16>` model by
/// [`run_deque_ops`].
///
/// Every field is raw data; the runner maps it into a valid argument for the current length
/// (`index % (len + 1)`, `count % (max + 1)`, ...). Where an operation has a panicking and a
/// fallible form, `fallible: false` calls the panicking one only when it cannot panic (a
/// capacity overflow panic would abort the fuzzer); otherwise the `try_*` form runs and must
/// return the documented error. Values in a generated run of `count` values are
/// `seed, seed, seed + 1, seed + 1, ...`. Pushes at both ends move the front slot around the
/// buffer, so every operation meets wrapped layouts.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum DequeOp {
    /// `push_back(value)` when there is room, else `try_push_back(value)`, which must fail.
    PushBack {
        /// The element's value.
        value: u8,
    },
    /// `push_front(value)` when there is room, else `try_push_front(value)`, which must fail.
    PushFront {
        /// The element's value.
        value: u8,
    },
    /// `try_push_back(value)`: `Ok` when there is room, else `Err` carrying `value`.
    TryPushBack {
        /// The element's value.
        value: u8,
    },
    /// `try_push_front(value)`: `Ok` when there is room, else `Err` carrying `value`.
    TryPushFront {
        /// The element's value.
        value: u8,
    },
    /// `unsafe push_back_unchecked` / `push_front_unchecked` (by `front`) when there is room,
    /// else the `try_` form.
    PushUnchecked {
        /// The element's value.
        value: u8,
        /// Push at the front.
        front: bool,
    },
    /// `push_back_mut(value)` when there is room and not `fallible`, else `try_push_back_mut`
    /// (which must fail when full); `bump` is added through the returned reference.
    PushBackMut {
        /// The element's value.
        value: u8,
        /// Added (wrapping) through the returned reference.
        bump: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `push_front_mut`/`try_push_front_mut`, like [`DequeOp::PushBackMut`].
    PushFrontMut {
        /// The element's value.
        value: u8,
        /// Added (wrapping) through the returned reference.
        bump: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `pop_front()`.
    PopFront,
    /// `pop_back()`.
    PopBack,
    /// `pop_front_if`, with a predicate that first adds `bump` to the front element (the change
    /// must stay when it is not popped) and then pops it if it is below `threshold`.
    PopFrontIf {
        /// Pop when the bumped value is below this.
        threshold: u8,
        /// Added (wrapping) to the front element by the predicate.
        bump: u8,
    },
    /// `pop_back_if`, like [`DequeOp::PopFrontIf`] at the back.
    PopBackIf {
        /// Pop when the bumped value is below this.
        threshold: u8,
        /// Added (wrapping) to the back element by the predicate.
        bump: u8,
    },
    /// `insert(index % (len + 1), value)` when there is room, else `try_insert`.
    Insert {
        /// Raw index.
        index: u8,
        /// The element's value.
        value: u8,
    },
    /// `try_insert(index % (len + 1), value)`.
    TryInsert {
        /// Raw index.
        index: u8,
        /// The element's value.
        value: u8,
    },
    /// `insert_mut(index % (len + 1), value)` when there is room and not `fallible`, else
    /// `try_insert_mut`; `bump` is added through the returned reference.
    InsertMut {
        /// Raw index.
        index: u8,
        /// The element's value.
        value: u8,
        /// Added (wrapping) through the returned reference.
        bump: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `remove(index % (len + 2))`: sometimes out of bounds, which must return `None`.
    Remove {
        /// Raw index.
        index: u8,
    },
    /// `swap_remove_front(index % (len + 2))`.
    SwapRemoveFront {
        /// Raw index.
        index: u8,
    },
    /// `swap_remove_back(index % (len + 2))`.
    SwapRemoveBack {
        /// Raw index.
        index: u8,
    },
    /// `swap(a % len, b % len)` (nothing on an empty deque).
    Swap {
        /// Raw first index.
        a: u8,
        /// Raw second index.
        b: u8,
    },
    /// `deque[index % len] = value` through `IndexMut` (drops the old element).
    Set {
        /// Raw index.
        index: u8,
        /// The new value.
        value: u8,
    },
    /// Reads and bumps through `get`/`get_mut` at `index % (len + 2)` (sometimes out of bounds),
    /// `Index`, `front`/`back` and `front_mut`/`back_mut`.
    Peek {
        /// Raw index.
        index: u8,
        /// Added (wrapping) through the mutable accessors.
        bump: u8,
    },
    /// `truncate(len % (N + 4))`, sometimes past the length (a no-op).
    Truncate {
        /// Raw new length.
        len: u8,
    },
    /// `clear()`.
    Clear,
    /// `retain`, keeping values not divisible by `modulus % 5 + 2`; checks each element is
    /// visited once, in order.
    Retain {
        /// Raw divisor.
        modulus: u8,
    },
    /// `retain_mut`: adds `bump` to every element, then keeps it like [`DequeOp::Retain`].
    RetainMut {
        /// Raw divisor.
        modulus: u8,
        /// Added (wrapping) to every element.
        bump: u8,
    },
    /// `drain(range)`: the range from `start`/`end` in one of several `RangeBounds` forms
    /// (`form`); takes `front` elements from the front and `back` from the back, checks
    /// `as_slices`, then drops the drain (`finish % 4 == 2`: exhausts it first; `== 3`: leaks it
    /// with `mem::forget`, after which the deque keeps only the elements before the range).
    Drain {
        /// Raw range start.
        start: u8,
        /// Raw range end.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Raw number of elements taken with `next`.
        front: u8,
        /// Raw number of elements taken with `next_back`.
        back: u8,
        /// How the drain ends: dropped, exhausted, or leaked.
        finish: u8,
    },
    /// `split_off(at % (len + 1))`; then (`then % 3`) drop the tail, `append` it back, or keep
    /// only the tail.
    SplitOff {
        /// Raw split index.
        at: u8,
        /// What to do with the two halves.
        then: u8,
    },
    /// `append`/`try_append` a `StackDeque<Tracked, 8>` of `count % 9` values whose front is at
    /// slot `head % 8` (so it may wrap).
    Append {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Raw front slot of the other deque.
        head: u8,
        /// Use `try_append` even when `append` would not panic.
        fallible: bool,
    },
    /// `resize`/`try_resize` to `len % (N + 4)` with clones of `value`.
    Resize {
        /// Raw new length.
        len: u8,
        /// The fill value.
        value: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `resize_with`/`try_resize_with` to `len % (N + 4)`; the closure must not be called when
    /// the new length does not fit.
    ResizeWith {
        /// Raw new length.
        len: u8,
        /// First value made by the closure.
        seed: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `try_extend(iter.by_ref())` with `count % 25` values: on overflow the error carries the
    /// first value that did not fit and the iterator keeps the rest.
    TryExtend {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `Extend<T>` with `count % 21` values when they fit, else `try_extend` (by value).
    Extend {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `Extend<&u16>` on a `StackDeque<u16, 13>` copy of the deque (collected with
    /// `FromIterator`), which then replaces the deque; `try_extend` of copies when it does not
    /// fit.
    ExtendCopied {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `clone()`; `replace` swaps the clone in for the original.
    Clone {
        /// Keep the clone and drop the original.
        replace: bool,
    },
    /// `clone_from(&deque)` into a deque holding `count % 14` values; `keep` swaps it in.
    CloneFrom {
        /// Raw number of values of the target before `clone_from`.
        count: u8,
        /// First value of the target.
        seed: u8,
        /// Keep the target and drop the original.
        keep: bool,
    },
    /// `into_iter()`, `front` elements taken from the front, `back` from the back, then
    /// `as_slices`/`clone` checks; `mode & 2` reverses the rest through `as_mut_slices`, and
    /// `mode & 1` collects the rest back into the deque (`mode & 4`: through `into_rest`), else
    /// it is dropped with the iterator.
    IntoIter {
        /// Raw number of elements taken with `next`.
        front: u8,
        /// Raw number of elements taken with `next_back`.
        back: u8,
        /// Bit flags, see above.
        mode: u8,
    },
    /// Builds a new deque of `count % 17` values with `try_from_iter` (`how % 6 == 0`),
    /// `FromIterator` when it fits (1), `TryFrom<Vec<T>>` (2), `TryFrom<VecDeque<T>>` from a
    /// wrapped `VecDeque` (3), `From<heapless::Deque>` (4) or `From<StackVec>` (5), the last two
    /// with at most `N` values; `replace` swaps it in.
    Collect {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Which constructor.
        how: u8,
        /// Keep the new deque and drop the old one.
        replace: bool,
    },
    /// Moves the elements out and back: through `Vec<T>` (`how % 5 == 0`), `VecDeque<T>` (1),
    /// `heapless::Deque` (2), `StackVec` (3), or `into_iter().collect()` (4).
    Rebuild {
        /// Which round trip.
        how: u8,
    },
    /// `make_contiguous()`, then `sort()` of the slice when `sort`.
    MakeContiguous {
        /// Sort the contiguous slice.
        sort: bool,
    },
    /// `rotate_left(n % (len + 1))`.
    RotateLeft {
        /// Raw count.
        n: u8,
    },
    /// `rotate_right(n % (len + 1))`.
    RotateRight {
        /// Raw count.
        n: u8,
    },
    /// Iterates `range`/`range_mut` (or `iter`/`iter_mut` when `pattern & 0x80` and the range is
    /// everything): `pattern % (k + 1)` elements taken from the ends chosen by the bits of
    /// `pattern`, `len`/`as_slices` checked, the rest folded (`fold` or `rfold`); `mutable` adds
    /// `bump` to every element it yields.
    Iterate {
        /// Raw range start.
        start: u8,
        /// Raw range end.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Which ends to take elements from, and how many.
        pattern: u8,
        /// Use the mutable iterators.
        mutable: bool,
        /// Added (wrapping) to every element yielded by a mutable iterator.
        bump: u8,
    },
    /// `as_mut_slices()`: adds `bump` to the first element of the first slice and the last of the
    /// second; checks `as_slices` against the model.
    AsSlices {
        /// Added (wrapping).
        bump: u8,
    },
    /// `binary_search`, `binary_search_by`, `binary_search_by_key` and `partition_point` for
    /// `value` on a sorted copy of the model built with its front at logical split
    /// `split % (len + 1)` pushed to the front (so it wraps); `contains` on the deque itself.
    BinarySearch {
        /// The value searched for.
        value: u8,
        /// Raw number of values pushed at the front.
        split: u8,
    },
    /// Compares with another deque of `count % 14` values whose front is at slot `head % 13`, and
    /// with the model: `==`, `cmp`, `partial_cmp`, `PartialEq` against slices, arrays, `Vec` and
    /// `VecDeque` in both directions, `Hash` (like `VecDeque`), `Debug`.
    Compare {
        /// Raw number of values of the other deque.
        count: u8,
        /// First value of the other deque.
        seed: u8,
        /// Raw front slot of the other deque.
        head: u8,
    },
}

/// A deque of capacity `M` whose front sits at slot `head % M`, holding `items`.
fn deque_at<const M: usize>(head: u8, items: &[u16]) -> StackDeque<Tracked, M> {
    let mut d = StackDeque::new();
    for _ in 0..usize::from(head) % M.max(1) {
        d.push_back(Tracked::new(0));
        drop(d.pop_front());
    }
    d.extend(tracked(items));
    d
}

/// Where [`DequeRunner::insert_mut`] puts the new element.
#[derive(Clone, Copy)]
enum Place {
    Back,
    Front,
    /// A logical index, at most the length.
    At(usize),
}

/// The deque under test, its model, and the live-count bookkeeping.
struct DequeRunner {
    d: Sut,
    model: VecDeque<u16>,
    /// `Tracked::live()` before the run, plus the values deliberately leaked since.
    baseline: isize,
    stats: RunStats,
}

impl DequeRunner {
    /// The container, its model and the counts, for a growing operation shared with the other
    /// sequence model.
    fn growing(&mut self) -> Growing<'_, Sut, VecDeque<u16>> {
        Growing {
            s: &mut self.d,
            model: &mut self.model,
            stats: &mut self.stats,
        }
    }

    /// Asserts that the number of live `Tracked` is the model's length plus `extra`.
    #[track_caller]
    fn assert_live(&self, extra: usize, op: &dyn fmt::Debug) {
        assert_eq!(
            Tracked::live() - self.baseline,
            (self.model.len() + extra) as isize,
            "live Tracked values after {op:?}: leak or double drop",
        );
    }

    /// Asserts that the deque and the model agree.
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        let model: Vec<u16> = self.model.iter().copied().collect();
        assert_eq!(values(&self.d), model, "contents after {op:?}");
        assert_eq!(concat(self.d.as_slices()), model, "as_slices after {op:?}");
        let (a, b) = self.d.as_slices();
        assert!(
            b.is_empty() || !a.is_empty(),
            "the first slice is empty only if both are, after {op:?}"
        );
        assert_eq!(self.d.len(), len, "len after {op:?}");
        assert_eq!(self.d.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.d.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(
            self.d.remaining_capacity(),
            N - len,
            "remaining_capacity after {op:?}"
        );
        assert_eq!(self.d.capacity(), N, "capacity after {op:?}");
        assert_eq!(
            self.d.front().map(|t| t.value),
            self.model.front().copied(),
            "front after {op:?}"
        );
        assert_eq!(
            self.d.back().map(|t| t.value),
            self.model.back().copied(),
            "back after {op:?}"
        );
        self.assert_live(0, op);
    }

    fn push(&mut self, value: u8, front: bool, fallible: bool) {
        let value = u16::from(value);
        let room = N - self.model.len();
        let what = if front { "push_front" } else { "push_back" };
        if room > 0 && !fallible {
            if front {
                self.d.push_front(Tracked::new(value));
            } else {
                self.d.push_back(Tracked::new(value));
            }
        } else {
            let result = if front {
                self.d.try_push_front(Tracked::new(value))
            } else {
                self.d.try_push_back(Tracked::new(value))
            };
            if room == 0 {
                assert_rejected::<N, _, _>(&mut self.stats, result, value, what);
                return;
            }
            assert!(result.is_ok(), "{what} with room");
        }
        if front {
            self.model.push_front(value);
        } else {
            self.model.push_back(value);
        }
    }

    /// `push_back_mut`, `push_front_mut` or `insert_mut` (by `place`), or its `try_` form when
    /// the deque is full or `fallible`; `bump` is added through the returned reference.
    fn insert_mut(&mut self, place: Place, value: u8, bump: u8, fallible: bool) {
        let (value, bump) = (u16::from(value), u16::from(bump));
        let (len, room) = (self.model.len(), N - self.model.len());
        let new = Tracked::new(value);
        let plain = room > 0 && !fallible;
        let (index, what, result) = match place {
            Place::Back if plain => (len, "push_back_mut", Ok(self.d.push_back_mut(new))),
            Place::Back => (len, "try_push_back_mut", self.d.try_push_back_mut(new)),
            Place::Front if plain => (0, "push_front_mut", Ok(self.d.push_front_mut(new))),
            Place::Front => (0, "try_push_front_mut", self.d.try_push_front_mut(new)),
            Place::At(i) if plain => (i, "insert_mut", Ok(self.d.insert_mut(i, new))),
            Place::At(i) => (i, "try_insert_mut", self.d.try_insert_mut(i, new)),
        };
        let stats = &mut self.stats;
        if let Some(v) = check_inserted_mut::<N>(stats, result, room, (value, bump), what) {
            self.model.insert(index, v);
        }
    }

    /// `pop_front_if` or `pop_back_if` with a predicate that bumps the element before testing it,
    /// against the same steps by hand on the model (`VecDeque::pop_front_if` is newer than this
    /// crate's MSRV).
    fn pop_if(&mut self, front: bool, threshold: u8, bump: u8) {
        let (threshold, bump) = (u16::from(threshold), u16::from(bump));
        let predicate = |x: &mut u16| {
            *x = x.wrapping_add(bump);
            *x < threshold
        };
        let (got, end) = if front {
            let got = self.d.pop_front_if(|t| predicate(&mut t.value));
            (got, self.model.front_mut())
        } else {
            let got = self.d.pop_back_if(|t| predicate(&mut t.value));
            (got, self.model.back_mut())
        };
        let want = match end.map(predicate) {
            Some(true) if front => self.model.pop_front(),
            Some(true) => self.model.pop_back(),
            _ => None,
        };
        assert_eq!(got.map(|t| t.value), want, "pop_if (front: {front})");
    }

    fn apply(&mut self, op: &DequeOp) {
        let len = self.model.len();
        let room = N - len;
        self.stats.ops += 1;
        if room == 0 {
            self.stats.ops_when_full += 1;
        }
        match *op {
            DequeOp::PushBack { value } => self.push(value, false, false),
            DequeOp::PushFront { value } => self.push(value, true, false),
            DequeOp::TryPushBack { value } => self.push(value, false, true),
            DequeOp::TryPushFront { value } => self.push(value, true, true),
            DequeOp::PushUnchecked { value, front } => {
                if room == 0 {
                    self.push(value, front, true);
                } else {
                    let value = u16::from(value);
                    // SAFETY: the model says the deque has room (`check` verified they agree).
                    unsafe {
                        if front {
                            self.d.push_front_unchecked(Tracked::new(value));
                            self.model.push_front(value);
                        } else {
                            self.d.push_back_unchecked(Tracked::new(value));
                            self.model.push_back(value);
                        }
                    }
                }
            }
            DequeOp::PushBackMut {
                value,
                bump,
                fallible,
            } => self.insert_mut(Place::Back, value, bump, fallible),
            DequeOp::PushFrontMut {
                value,
                bump,
                fallible,
            } => self.insert_mut(Place::Front, value, bump, fallible),
            DequeOp::InsertMut {
                index,
                value,
                bump,
                fallible,
            } => self.insert_mut(Place::At(bounded(index, len)), value, bump, fallible),
            DequeOp::PopFrontIf { threshold, bump } => self.pop_if(true, threshold, bump),
            DequeOp::PopBackIf { threshold, bump } => self.pop_if(false, threshold, bump),
            DequeOp::PopFront => {
                let got = self.d.pop_front().map(|t| t.value);
                assert_eq!(got, self.model.pop_front(), "pop_front");
            }
            DequeOp::PopBack => {
                let got = self.d.pop_back().map(|t| t.value);
                assert_eq!(got, self.model.pop_back(), "pop_back");
            }
            DequeOp::Insert { index, value } | DequeOp::TryInsert { index, value } => {
                let (index, value) = (bounded(index, len), u16::from(value));
                let fallible = matches!(op, DequeOp::TryInsert { .. });
                if room > 0 && !fallible {
                    self.d.insert(index, Tracked::new(value));
                    self.model.insert(index, value);
                } else {
                    let result = self.d.try_insert(index, Tracked::new(value));
                    if room > 0 {
                        assert!(result.is_ok(), "try_insert with room");
                        self.model.insert(index, value);
                    } else {
                        assert_rejected::<N, _, _>(
                            &mut self.stats,
                            result,
                            value,
                            "try_insert when full",
                        );
                    }
                }
            }
            DequeOp::Remove { index } => {
                let index = bounded(index, len + 1);
                let got = self.d.remove(index).map(|t| t.value);
                assert_eq!(got, self.model.remove(index), "remove({index})");
            }
            DequeOp::SwapRemoveFront { index } => {
                let index = bounded(index, len + 1);
                let got = self.d.swap_remove_front(index).map(|t| t.value);
                assert_eq!(
                    got,
                    self.model.swap_remove_front(index),
                    "swap_remove_front"
                );
            }
            DequeOp::SwapRemoveBack { index } => {
                let index = bounded(index, len + 1);
                let got = self.d.swap_remove_back(index).map(|t| t.value);
                assert_eq!(got, self.model.swap_remove_back(index), "swap_remove_back");
            }
            DequeOp::Swap { a, b } => {
                if len > 0 {
                    let (a, b) = (usize::from(a) % len, usize::from(b) % len);
                    self.d.swap(a, b);
                    self.model.swap(a, b);
                }
            }
            DequeOp::Set { index, value } => {
                if len > 0 {
                    let index = usize::from(index) % len;
                    self.d[index] = Tracked::new(u16::from(value));
                    self.model[index] = u16::from(value);
                }
            }
            DequeOp::Peek { index, bump } => self.peek(index, bump),
            DequeOp::Truncate { len } => {
                let new_len = bounded(len, N + 3);
                self.d.truncate(new_len);
                self.model.truncate(new_len);
            }
            DequeOp::Clear => {
                self.d.clear();
                self.model.clear();
            }
            DequeOp::Retain { modulus } => {
                let m = u16::from(modulus % 5 + 2);
                let mut visited = Vec::new();
                self.d.retain(|t| {
                    visited.push(t.value);
                    !t.value.is_multiple_of(m)
                });
                assert!(
                    visited.iter().eq(self.model.iter()),
                    "retain visits each element once, in order"
                );
                self.model.retain(|x| !x.is_multiple_of(m));
            }
            DequeOp::RetainMut { modulus, bump } => {
                let m = u16::from(modulus % 5 + 2);
                let bump = u16::from(bump);
                let keep = |x: &mut u16| {
                    *x = x.wrapping_add(bump);
                    !x.is_multiple_of(m)
                };
                self.d.retain_mut(|t| keep(&mut t.value));
                self.model.retain_mut(keep);
            }
            DequeOp::Drain {
                start,
                end,
                form,
                front,
                back,
                finish,
            } => self.drain(op, (start, end, form), front, back, finish),
            DequeOp::SplitOff { at, then } => {
                let at = bounded(at, len);
                let mut tail = self.d.split_off(at);
                let model_tail = self.model.split_off(at);
                assert!(tail.iter().eq(model_tail.iter()), "split_off: the tail");
                match then % 3 {
                    0 => drop(tail),
                    1 => {
                        self.d.append(&mut tail);
                        assert!(tail.is_empty(), "append leaves the source empty");
                        self.model.extend(model_tail);
                    }
                    _ => {
                        self.d = tail;
                        self.model = model_tail;
                    }
                }
            }
            DequeOp::Append {
                count,
                seed,
                head,
                fallible,
            } => {
                let other_model = run(seed, bounded(count, OTHER));
                let mut other: StackDeque<Tracked, OTHER> = deque_at(head, &other_model);
                let fits = other_model.len() <= room;
                if fits && !fallible {
                    self.d.append(&mut other);
                } else {
                    let result = self.d.try_append(&mut other);
                    if fits {
                        assert!(result.is_ok(), "try_append with room");
                    } else {
                        assert_full::<N>(&mut self.stats, result, "try_append without room");
                        assert_eq!(
                            values(&other),
                            other_model,
                            "failed try_append keeps the source"
                        );
                    }
                }
                if fits {
                    assert!(other.is_empty(), "append leaves the source empty");
                    other.push_front(Tracked::new(1));
                    assert_eq!(other.len(), 1, "the emptied source works");
                    self.model.extend(other_model);
                }
            }
            DequeOp::Resize {
                len,
                value,
                fallible,
            } => self.growing().resize::<N>(len, value, fallible),
            DequeOp::ResizeWith {
                len,
                seed,
                fallible,
            } => self.growing().resize_with::<N>(len, seed, fallible),
            DequeOp::TryExtend { count, seed } => self.growing().try_extend::<N>(room, count, seed),
            DequeOp::Extend { count, seed } => self.growing().extend::<N>(room, count, seed),
            DequeOp::ExtendCopied { count, seed } => {
                let new = run(seed, bounded(count, 20));
                let mut copy: StackDeque<u16, N> = self.d.iter().map(|t| t.value).collect();
                assert!(copy == self.model, "collected copy");
                if new.len() <= room {
                    copy.extend(new.iter());
                    self.model.extend(&new);
                } else {
                    self.stats.rejected += 1;
                    let err = copy
                        .try_extend(new.iter().copied())
                        .expect_err("try_extend past capacity");
                    assert_eq!(
                        err.element(),
                        new[room],
                        "try_extend carries the rejected value"
                    );
                    self.model.extend(&new[..room]);
                }
                assert!(copy == self.model, "Extend<&T>");
                assert_eq!(
                    hash_of(&copy),
                    hash_of(&self.model),
                    "StackDeque<u16> hashes like VecDeque<u16>"
                );
                self.d = copy.iter().map(|&v| Tracked::new(v)).collect();
            }
            DequeOp::Clone { replace } => {
                let clone = self.d.clone();
                assert!(clone.iter().eq(self.model.iter()), "clone");
                self.assert_live(len, op);
                if replace {
                    self.d = clone;
                }
            }
            DequeOp::CloneFrom { count, seed, keep } => {
                let mut target: Sut = tracked(&run(seed, bounded(count, N))).collect();
                target.clone_from(&self.d);
                assert!(target.iter().eq(self.model.iter()), "clone_from");
                self.assert_live(len, op);
                if keep {
                    self.d = target;
                }
            }
            DequeOp::IntoIter { front, back, mode } => self.check_into_iter(op, front, back, mode),
            DequeOp::Collect {
                count,
                seed,
                how,
                replace,
            } => self.collect(op, count, seed, how, replace),
            DequeOp::Rebuild { how } => {
                let old = mem::take(&mut self.d);
                self.d = match how % 5 {
                    0 => {
                        let vec = Vec::from(old);
                        assert!(vec.iter().eq(self.model.iter()), "Vec::from(StackDeque)");
                        Sut::try_from(vec).expect("a Vec of at most N elements converts back")
                    }
                    1 => {
                        let vd = VecDeque::from(old);
                        assert!(
                            vd.iter().eq(self.model.iter()),
                            "VecDeque::from(StackDeque)"
                        );
                        Sut::try_from(vd).expect("a VecDeque of at most N elements converts back")
                    }
                    2 => {
                        let h = heapless::Deque::<Tracked, N>::from(old);
                        assert!(h.iter().eq(self.model.iter()), "heapless::Deque::from");
                        Sut::from(h)
                    }
                    3 => {
                        let v = StackVec::<Tracked, N>::from(old);
                        assert!(v == *self.model.make_contiguous(), "StackVec::from");
                        Sut::from(v)
                    }
                    _ => old.into_iter().collect(),
                };
            }
            DequeOp::MakeContiguous { sort } => {
                let slice = self.d.make_contiguous();
                let model = self.model.make_contiguous();
                assert!(*slice == *model, "make_contiguous");
                if sort {
                    slice.sort();
                    model.sort_unstable();
                }
                assert!(self.d.as_slices().1.is_empty(), "contiguous afterwards");
            }
            DequeOp::RotateLeft { n } => {
                let n = bounded(n, len);
                self.d.rotate_left(n);
                self.model.rotate_left(n);
            }
            DequeOp::RotateRight { n } => {
                let n = bounded(n, len);
                self.d.rotate_right(n);
                self.model.rotate_right(n);
            }
            DequeOp::Iterate {
                start,
                end,
                form,
                pattern,
                mutable,
                bump,
            } => self.iterate((start, end, form), pattern, mutable, bump),
            DequeOp::AsSlices { bump } => {
                let bump = u16::from(bump);
                let (a, b) = self.d.as_mut_slices();
                let a_len = a.len();
                if let Some(first) = a.first_mut() {
                    first.value = first.value.wrapping_add(bump);
                    self.model[0] = self.model[0].wrapping_add(bump);
                }
                if let Some(last) = b.last_mut() {
                    last.value = last.value.wrapping_add(bump);
                    let i = len - 1;
                    self.model[i] = self.model[i].wrapping_add(bump);
                }
                assert_eq!(a_len.min(len), a_len, "as_mut_slices lengths");
            }
            DequeOp::BinarySearch { value, split } => self.binary_search(value, split),
            DequeOp::Compare { count, seed, head } => self.compare(count, seed, head),
        }
    }

    fn peek(&mut self, index: u8, bump: u8) {
        let len = self.model.len();
        let index = bounded(index, len + 1);
        let bump = u16::from(bump);
        assert_eq!(
            self.d.get(index).map(|t| t.value),
            self.model.get(index).copied(),
            "get({index})"
        );
        if index < len {
            assert_eq!(self.d[index].value, self.model[index], "Index");
        }
        match self.d.get_mut(index) {
            Some(t) => {
                t.value = t.value.wrapping_add(bump);
                self.model[index] = self.model[index].wrapping_add(bump);
            }
            None => assert!(index >= len, "get_mut({index}) in bounds"),
        }
        if let Some(t) = self.d.front_mut() {
            t.value = t.value.wrapping_add(1);
            self.model[0] = self.model[0].wrapping_add(1);
        }
        if let Some(t) = self.d.back_mut() {
            t.value = t.value.wrapping_add(2);
            self.model[len - 1] = self.model[len - 1].wrapping_add(2);
        }
    }

    fn drain(&mut self, op: &DequeOp, range: (u8, u8, u8), front: u8, back: u8, finish: u8) {
        let len = self.model.len();
        let (form, range) = pick_range(range.2, range.0, range.1, len);
        let expected: Vec<u16> = self.model.drain(range.clone()).collect();
        let k = expected.len();
        let n_front = bounded(front, k);
        let n_back = bounded(back, k - n_front);
        let rest = &expected[n_front..k - n_back];

        let mut drain = with_range!(form, range.clone(), |r| self.d.drain(r));
        assert_eq!(drain.len(), k, "drain length");
        for want in &expected[..n_front] {
            assert_eq!(drain.next().map(|t| t.value), Some(*want), "drain next");
        }
        for want in expected[n_front..].iter().rev().take(n_back) {
            assert_eq!(
                drain.next_back().map(|t| t.value),
                Some(*want),
                "drain next_back"
            );
        }
        assert_eq!(
            drain.size_hint(),
            (rest.len(), Some(rest.len())),
            "drain size_hint"
        );
        // Two shared views of the un-yielded elements at the same time.
        let (a, b) = (drain.as_slices(), drain.as_slices());
        assert_eq!(concat(a), rest, "drain as_slices");
        assert_eq!(concat(b), rest, "drain as_slices (second view)");
        let (x, y) = a;
        assert_eq!(
            format!("{drain:?}"),
            format!("Drain({:?}, {:?})", values(x), values(y)),
            "drain Debug"
        );
        // The prefix and the tail (now in the model), plus the un-yielded part of the range.
        let expected_live = self.model.len() + rest.len();
        assert_eq!(
            Tracked::live() - self.baseline,
            expected_live as isize,
            "live values during {op:?}"
        );
        match finish % 4 {
            2 => {
                let all: Vec<u16> = drain.by_ref().map(|t| t.value).collect();
                assert_eq!(all, rest, "exhausted drain");
                assert!(
                    drain.next().is_none() && drain.next_back().is_none(),
                    "drain is fused"
                );
                drop(drain);
            }
            3 => {
                mem::forget(drain);
                // The deque keeps only the elements before the range; the rest are leaked.
                let tail = len - range.end;
                self.baseline += (rest.len() + tail) as isize;
                self.model.truncate(range.start);
            }
            _ => drop(drain),
        }
    }

    fn check_into_iter(&mut self, op: &DequeOp, front: u8, back: u8, mode: u8) {
        let len = self.model.len();
        let n_front = bounded(front, len);
        let n_back = bounded(back, len - n_front);
        let mut iter = mem::take(&mut self.d).into_iter();
        assert_eq!(iter.len(), len, "into_iter length");
        for _ in 0..n_front {
            let want = self.model.pop_front();
            assert_eq!(iter.next().map(|t| t.value), want, "into_iter next");
        }
        for _ in 0..n_back {
            let want = self.model.pop_back();
            assert_eq!(
                iter.next_back().map(|t| t.value),
                want,
                "into_iter next_back"
            );
        }
        let mut rest: Vec<u16> = mem::take(&mut self.model).into();
        assert_eq!(concat(iter.as_slices()), rest, "into_iter as_slices");
        assert_eq!(
            iter.size_hint(),
            (rest.len(), Some(rest.len())),
            "into_iter size_hint"
        );
        self.assert_live(rest.len(), op);
        {
            let clone = iter.clone();
            assert_eq!(concat(clone.as_slices()), rest, "IntoIter::clone");
            self.assert_live(2 * rest.len(), op);
        }
        if mode & 2 != 0 {
            let (a, b) = iter.as_mut_slices();
            a.reverse();
            b.reverse();
            let (a_len, b_len) = (a.len(), b.len());
            rest[..a_len].reverse();
            rest[a_len..a_len + b_len].reverse();
            assert_eq!(concat(iter.as_slices()), rest, "into_iter as_mut_slices");
        }
        if mode & 1 != 0 {
            self.d = if mode & 4 != 0 {
                iter.into_rest()
            } else {
                iter.collect()
            };
            self.model = rest.into();
        } else {
            drop(iter);
        }
    }

    fn collect(&mut self, op: &DequeOp, count: u8, seed: u8, how: u8, replace: bool) {
        let new = run(seed, bounded(count, 16));
        let fits = new.len() <= N;
        let built: Option<(Sut, Vec<u16>)> = match how % 6 {
            0 | 1 if !fits => {
                self.stats.rejected += 1;
                let err =
                    Sut::try_from_iter(tracked(&new)).expect_err("try_from_iter past capacity");
                assert_eq!(err.capacity(), N, "try_from_iter: capacity in the error");
                assert_eq!(
                    err.element_ref().value,
                    new[N],
                    "try_from_iter carries the rejected value"
                );
                // The values collected before the failure are dropped; only the rejected one lives.
                self.assert_live(1, op);
                None
            }
            0 => Some((
                Sut::try_from_iter(tracked(&new)).expect("try_from_iter within capacity"),
                new,
            )),
            1 => Some((tracked(&new).collect(), new)),
            2 => match Sut::try_from(tracked(&new).collect::<Vec<_>>()) {
                Ok(d) => Some((d, new)),
                Err(err) => {
                    assert!(!fits, "TryFrom<Vec> fails only past capacity");
                    self.stats.rejected += 1;
                    assert_eq!(err.capacity(), N, "TryFrom<Vec>: capacity in the error");
                    assert_eq!(
                        values(&err.element()),
                        new,
                        "TryFrom<Vec> gives the Vec back"
                    );
                    None
                }
            },
            3 => {
                // A wrapped `VecDeque`: the second half pushed at the back, the first at the front.
                let mut source: VecDeque<Tracked> = VecDeque::with_capacity(new.len());
                let mid = new.len() / 2;
                source.extend(tracked(&new[mid..]));
                for &v in new[..mid].iter().rev() {
                    source.push_front(Tracked::new(v));
                }
                match Sut::try_from(source) {
                    Ok(d) => Some((d, new)),
                    Err(err) => {
                        assert!(!fits, "TryFrom<VecDeque> fails only past capacity");
                        self.stats.rejected += 1;
                        assert_eq!(err.capacity(), N, "TryFrom<VecDeque>: capacity");
                        assert_eq!(
                            values(&err.element()),
                            new,
                            "TryFrom<VecDeque> gives the VecDeque back"
                        );
                        None
                    }
                }
            }
            4 => {
                let kept = &new[..new.len().min(N)];
                let mut h = heapless::Deque::<Tracked, N>::new();
                for (i, value) in tracked(kept).enumerate() {
                    // Alternate ends so that the heapless deque wraps too.
                    let pushed = if i % 2 == 0 {
                        h.push_back(value)
                    } else {
                        h.push_front(value)
                    };
                    assert!(pushed.is_ok(), "heapless::Deque push within capacity");
                }
                let order: Vec<u16> = values(&h);
                Some((Sut::from(h), order))
            }
            _ => {
                let kept = &new[..new.len().min(N)];
                let v: StackVec<Tracked, N> = tracked(kept).collect();
                Some((Sut::from(v), kept.to_vec()))
            }
        };
        if let Some((built, expected)) = built {
            assert_eq!(values(&built), expected, "constructed deque");
            if replace {
                self.d = built;
                self.model = expected.into();
            }
        }
    }

    fn iterate(&mut self, range: (u8, u8, u8), pattern: u8, mutable: bool, bump: u8) {
        let len = self.model.len();
        let (form, range) = pick_range(range.2, range.0, range.1, len);
        let whole = range == (0..len) && pattern & 0x80 != 0;
        let bump = u16::from(bump);
        let mut expected: VecDeque<u16> = self.model.range(range.clone()).copied().collect();
        let take = bounded(pattern, expected.len());
        if mutable {
            let mut it = if whole {
                self.d.iter_mut()
            } else {
                with_range!(form, range.clone(), |r| self.d.range_mut(r))
            };
            for i in 0..take {
                let from_back = (pattern >> (i % 7)) & 1 == 1;
                let (got, want) = if from_back {
                    (it.next_back(), expected.pop_back())
                } else {
                    (it.next(), expected.pop_front())
                };
                let got = got.expect("iter_mut yields while elements are left");
                assert_eq!(Some(got.value), want, "iter_mut item");
                got.value = got.value.wrapping_add(bump);
            }
            assert_eq!(it.len(), expected.len(), "iter_mut len");
            let (a, b) = it.as_slices();
            assert!(
                values(a.iter().chain(b)).iter().eq(expected.iter()),
                "iter_mut as_slices"
            );
            // The rest, each bumped too.
            let rest: Vec<u16> = if pattern & 0x40 != 0 {
                it.rfold(Vec::new(), |mut acc, t| {
                    t.value = t.value.wrapping_add(bump);
                    acc.push(t.value.wrapping_sub(bump));
                    acc
                })
                .into_iter()
                .rev()
                .collect()
            } else {
                it.fold(Vec::new(), |mut acc, t| {
                    t.value = t.value.wrapping_add(bump);
                    acc.push(t.value.wrapping_sub(bump));
                    acc
                })
            };
            assert!(rest.iter().eq(expected.iter()), "iter_mut rest");
            // Every element of the range was yielded once, and bumped.
            for i in range {
                self.model[i] = self.model[i].wrapping_add(bump);
            }
        } else {
            let mut it = if whole {
                self.d.iter()
            } else {
                with_range!(form, range.clone(), |r| self.d.range(r))
            };
            for i in 0..take {
                let from_back = (pattern >> (i % 7)) & 1 == 1;
                let (got, want) = if from_back {
                    (it.next_back(), expected.pop_back())
                } else {
                    (it.next(), expected.pop_front())
                };
                assert_eq!(got.map(|t| t.value), want, "iter item");
            }
            assert_eq!(it.len(), expected.len(), "iter len");
            assert!(values(it.clone()).iter().eq(expected.iter()), "iter clone");
            let (a, b) = it.as_slices();
            assert!(
                values(a.iter().chain(b)).iter().eq(expected.iter()),
                "iter as_slices"
            );
            let sum: u32 = expected.iter().map(|&x| u32::from(x)).sum();
            let got: u32 = if pattern & 0x40 != 0 {
                it.rfold(0, |acc, t| acc + u32::from(t.value))
            } else {
                it.map(|t| u32::from(t.value)).sum()
            };
            assert_eq!(got, sum, "iter fold");
        }
    }

    fn binary_search(&mut self, value: u8, split: u8) {
        let target = u16::from(value);
        assert_eq!(
            self.d.contains(&Tracked::new(target)),
            self.model.contains(&target),
            "contains"
        );
        let mut sorted: Vec<u16> = self.model.iter().copied().collect();
        sorted.sort_unstable();
        let k = bounded(split, sorted.len());
        let mut d: StackDeque<u16, N> = StackDeque::new();
        d.extend(&sorted[k..]);
        for &v in sorted[..k].iter().rev() {
            d.push_front(v);
        }
        assert!(d.iter().eq(sorted.iter()), "the sorted copy");
        let targets = [
            target,
            sorted.get(k).copied().unwrap_or(0),
            sorted.first().copied().unwrap_or(1),
        ];
        for t in targets {
            let expected = sorted.binary_search(&t);
            for got in [
                d.binary_search(&t),
                d.binary_search_by(|x| x.cmp(&t)),
                d.binary_search_by_key(&u32::from(t), |&x| u32::from(x)),
            ] {
                match (got, expected) {
                    (Ok(i), Ok(_)) => assert_eq!(sorted[i], t, "binary_search: a match"),
                    _ => assert_eq!(got, expected, "binary_search: no match"),
                }
            }
            assert_eq!(
                d.partition_point(|&x| x < t),
                sorted.partition_point(|&x| x < t),
                "partition_point"
            );
        }
    }

    fn compare(&self, count: u8, seed: u8, head: u8) {
        let other_model: VecDeque<u16> = run(seed, bounded(count, N)).into();
        let other: Sut = deque_at(head, other_model.as_slices().0);
        let model = &self.model;
        let d = &self.d;

        assert_eq!(*d == other, *model == other_model, "==");
        assert_eq!(*d != other, *model != other_model, "!=");
        assert_eq!(d.cmp(&other), model.cmp(&other_model), "cmp");
        assert_eq!(
            d.partial_cmp(&other),
            model.partial_cmp(&other_model),
            "partial_cmp"
        );
        if *d == other {
            assert_eq!(hash_of(d), hash_of(&other), "equal deques hash alike");
        }
        assert_eq!(hash_of(d), hash_of(model), "hash like VecDeque<T>");
        assert_eq!(format!("{d:?}"), format!("{model:?}"), "Debug");

        // `PartialEq` against the model's types, both directions.
        let as_vec: Vec<u16> = model.iter().copied().collect();
        assert!(*d == *model, "StackDeque == VecDeque");
        assert!(*model == *d, "VecDeque == StackDeque");
        assert!(*d == as_vec, "StackDeque == Vec");
        assert!(as_vec == *d, "Vec == StackDeque");
        assert!(*d == *as_vec.as_slice(), "StackDeque == [U]");
        assert!(*d == as_vec.as_slice(), "StackDeque == &[U]");
        assert!(*as_vec.as_slice() == *d, "[T] == StackDeque");
        assert_eq!(
            *d == other_model,
            *model == other_model,
            "StackDeque == other VecDeque"
        );
        let pair = [seq(seed, 0), seq(seed, 1)];
        assert_eq!(
            *d == pair,
            model.iter().eq(pair.iter()),
            "StackDeque == [U; 2]"
        );
        let pair_eq = <Sut as PartialEq<&[u16; 2]>>::eq(d, &&pair);
        assert_eq!(
            pair_eq,
            model.iter().eq(pair.iter()),
            "StackDeque == &[U; 2]"
        );
        assert_eq!(
            pair == *d,
            model.iter().eq(pair.iter()),
            "[T; 2] == StackDeque"
        );
        let wider: StackDeque<u16, { N + 4 }> = model.iter().copied().collect();
        assert!(*d == wider, "StackDeque<T, N> == StackDeque<U, M>");
        let mut visited = Vec::new();
        for t in d {
            visited.push(t.value);
        }
        assert_eq!(visited, as_vec, "IntoIterator for &StackDeque");
    }
}

/// Applies `ops` to a `StackDeque<Tracked, 13>` and to a `VecDeque<u16>` model, asserting after
/// every operation that they agree (contents, `as_slices`, `len`, `is_full`,
/// `remaining_capacity`, `front`/`back`) and that the number of live [`Tracked`] values is
/// exactly what the model holds; at the end, that every value was dropped exactly once. Returns
/// what the run went through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{DequeOp, run_deque_ops};
///
/// run_deque_ops(&[
///     DequeOp::PushFront { value: 1 }, // wraps to the last slot
///     DequeOp::Resize { len: 13, value: 3, fallible: false },
///     DequeOp::TryPushBack { value: 1 }, // full: must fail and give 1 back
///     DequeOp::Drain { start: 2, end: 9, form: 0, front: 1, back: 1, finish: 0 },
/// ]);
/// ```
pub fn run_deque_ops(ops: &[DequeOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = DequeRunner {
        d: StackDeque::new(),
        model: VecDeque::new(),
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
