//! [`VecOp`] and [`run_vec_ops`]: a `StackVec<Tracked, 16>` checked against a `Vec<u16>` model.

use core::fmt;
use core::mem;

use avila_alloc::StackVec;

use crate::Tracked;
use crate::ops::seq::{
    Growing, assert_full, assert_rejected, bounded, check_inserted_mut, run, seq, tracked, values,
};
use crate::ops::{RunStats, hash_of, pick_range, with_range};

/// The capacity of the vector under test: small, so the full state is reached often.
pub const VEC_CAPACITY: usize = 16;

const N: usize = VEC_CAPACITY;

/// Capacity of the second vector used by [`VecOp::Append`] (a different `M` than `N`).
const OTHER: usize = 8;

type Sut = StackVec<Tracked, N>;

/// One operation on a `StackVec<Tracked, 16>`, mirrored on a `Vec<u16>` model by
/// [`run_vec_ops`].
///
/// Every field is raw data; the runner maps it into a valid argument for the current length
/// (`index % (len + 1)`, `count % (max + 1)`, ...). Where an operation has a panicking and a
/// fallible form, `fallible: false` calls the panicking one only when it cannot panic (a
/// capacity overflow panic would abort the fuzzer); otherwise the `try_*` form runs and must
/// return the documented error. Values in a generated run of `count` values are
/// `seed, seed, seed + 1, seed + 1, ...` (pairs, so `dedup` has work to do).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum VecOp {
    /// `push(value)` when there is room, else `try_push(value)`, which must fail.
    Push {
        /// The element's value.
        value: u8,
    },
    /// `try_push(value)`: `Ok` when there is room, else `Err` carrying `value`.
    TryPush {
        /// The element's value.
        value: u8,
    },
    /// `unsafe push_unchecked(value)` when there is room, else `try_push(value)`.
    PushUnchecked {
        /// The element's value.
        value: u8,
    },
    /// `push_mut(value)` when there is room and not `fallible`, else `try_push_mut` (which must
    /// fail when full); `bump` is added through the returned reference.
    PushMut {
        /// The element's value.
        value: u8,
        /// Added (wrapping) through the returned reference.
        bump: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `pop()`.
    Pop,
    /// `pop_if`, with a predicate that first adds `bump` to the last element (the change must
    /// stay when it is not popped) and then pops it if it is below `threshold`.
    PopIf {
        /// Pop when the bumped value is below this.
        threshold: u8,
        /// Added (wrapping) to the last element by the predicate.
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
    /// `remove(index % len)` (nothing on an empty vector).
    Remove {
        /// Raw index.
        index: u8,
    },
    /// `swap_remove(index % len)` (nothing on an empty vector).
    SwapRemove {
        /// Raw index.
        index: u8,
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
    /// `retain_mut`: adds `bump` to every element, then keeps it like [`VecOp::Retain`].
    RetainMut {
        /// Raw divisor.
        modulus: u8,
        /// Added (wrapping) to every element.
        bump: u8,
    },
    /// `dedup()`.
    Dedup,
    /// `dedup_by_key(|x| x / (divisor % 8 + 1))`.
    DedupByKey {
        /// Raw divisor.
        divisor: u8,
    },
    /// `dedup_by` that merges a removed element into the kept one (adds 1 to the kept one).
    DedupBy {
        /// Raw divisor: elements are the same when `x / (divisor % 8 + 1)` is.
        divisor: u8,
    },
    /// `drain(range)`: the range from `start`/`end` in one of several `RangeBounds` forms
    /// (`form`); takes `front` elements from the front and `back` from the back, checks
    /// `as_slice`, then drops the drain (`finish % 4 == 2`: exhausts it first; `== 3`: leaks it
    /// with `mem::forget`, after which the vector keeps only the elements before the range).
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
    /// `extract_if(a..b)` (`a`, `b`: `start`/`end` mod `len + 1`, ordered) with a filter that
    /// adds 1 to each element it visits and takes it if divisible by `modulus % 5 + 2`; takes
    /// `take % (b - a + 2)` items (past the last match: checks the iterator is fused), checks
    /// `size_hint` and `Debug`, then drops the iterator, which keeps the unvisited elements.
    ExtractIf {
        /// Raw range start.
        start: u8,
        /// Raw range end.
        end: u8,
        /// Raw divisor.
        modulus: u8,
        /// Raw number of items taken before the drop.
        take: u8,
    },
    /// `split_off(at % (len + 1))`; then (`then % 3`) drop the tail, `append` it back, or keep
    /// only the tail.
    SplitOff {
        /// Raw split index.
        at: u8,
        /// What to do with the two halves.
        then: u8,
    },
    /// `append`/`try_append` a `StackVec<Tracked, 8>` of `count % 9` values.
    Append {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Use `try_append` even when `append` would not panic.
        fallible: bool,
    },
    /// `extend_from_slice`/`try_extend_from_slice` with `count % 21` values.
    ExtendFromSlice {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Use the `try_` form even when the plain one would not panic.
        fallible: bool,
    },
    /// `extend_from_within`/`try_extend_from_within` with a range in one of several forms.
    ExtendFromWithin {
        /// Raw range start.
        start: u8,
        /// Raw range end.
        end: u8,
        /// Which `RangeBounds` type to pass.
        form: u8,
        /// Use the `try_` form even when the plain one would not panic.
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
    /// `Extend<&u16>` on a `StackVec<u16, 16>` copy of the vector (collected with
    /// `FromIterator`), which then replaces the vector; `try_extend` of copies when it does
    /// not fit.
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
    /// `clone_from(&vec)` into a vector holding `count % 17` values; `keep` swaps it in.
    CloneFrom {
        /// Raw number of values of the target before `clone_from`.
        count: u8,
        /// First value of the target.
        seed: u8,
        /// Keep the target and drop the original.
        keep: bool,
    },
    /// `into_iter()`, `front` elements taken from the front, `back` from the back, then
    /// `as_slice`/`clone` checks; `mode & 2` reverses the rest through `as_mut_slice`, and
    /// `mode & 1` collects the rest back into the vector (else it is dropped with the iterator).
    IntoIter {
        /// Raw number of elements taken with `next`.
        front: u8,
        /// Raw number of elements taken with `next_back`.
        back: u8,
        /// Bit flags, see above.
        mode: u8,
    },
    /// Writes `count % (remaining + 1)` values into `spare_capacity_mut()`, then `set_len`.
    SpareCapacity {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `into_inner()` (`how % 4 == 0`), `<[T; N]>::try_from` (1), `into_array::<4>()` (2) or
    /// `into_array::<1>()` (3); the array goes back in with `From<[T; N]>`/`from_array`.
    IntoArray {
        /// Which conversion.
        how: u8,
    },
    /// Builds a new vector of `count % 21` values with `try_from_iter` (`how % 5 == 0`),
    /// `TryFrom<Vec<T>>` (1), `TryFrom<&[T]>` or `TryFrom<&mut [T]>` (2, by the low bit of
    /// `count`), `FromIterator` when it fits (3) or from a `heapless::Vec` (4); `replace` swaps
    /// it in.
    Collect {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Which constructor.
        how: u8,
        /// Keep the new vector and drop the old one.
        replace: bool,
    },
    /// Moves the elements out and back: through `Vec<T>` (`how % 3 == 0`), `heapless::Vec`
    /// (1), or `into_iter().collect()` (2).
    Rebuild {
        /// Which round trip.
        how: u8,
    },
    /// `sort()` through `DerefMut`.
    Sort,
    /// `reverse()` through `DerefMut`.
    Reverse,
    /// `[a..b].reverse()` through `IndexMut<Range>`.
    ReverseRange {
        /// Raw range start.
        start: u8,
        /// Raw range end.
        end: u8,
    },
    /// `swap(a % len, b % len)` through `DerefMut`.
    Swap {
        /// Raw first index.
        a: u8,
        /// Raw second index.
        b: u8,
    },
    /// `vec[index % len] = value` through `IndexMut<usize>` (drops the old element).
    Set {
        /// Raw index.
        index: u8,
        /// The new value.
        value: u8,
    },
    /// Adds `bump` to every element through `IntoIterator for &mut StackVec`.
    IterMut {
        /// Added (wrapping) to every element.
        bump: u8,
    },
    /// Compares with another vector of `count % 17` values and with the model: `==`, `cmp`,
    /// `partial_cmp`, `PartialEq` against slices, arrays and `Vec`, `Hash`, `Debug`.
    Compare {
        /// Raw number of values of the other vector.
        count: u8,
        /// First value of the other vector.
        seed: u8,
    },
}

/// The vector under test, its model, and the live-count bookkeeping.
struct VecRunner {
    v: Sut,
    model: Vec<u16>,
    /// `Tracked::live()` before the run, plus the values deliberately leaked since.
    baseline: isize,
    stats: RunStats,
}

impl VecRunner {
    /// The container, its model and the counts, for a growing operation shared with the other
    /// sequence model.
    fn growing(&mut self) -> Growing<'_, Sut, Vec<u16>> {
        Growing {
            s: &mut self.v,
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

    /// Asserts that the vector and the model agree.
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        assert_eq!(values(&self.v), self.model, "contents after {op:?}");
        assert_eq!(self.v.len(), len, "len after {op:?}");
        assert_eq!(self.v.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.v.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(
            self.v.remaining_capacity(),
            N - len,
            "remaining_capacity after {op:?}"
        );
        assert_eq!(self.v.capacity(), N, "capacity after {op:?}");
        self.assert_live(0, op);
    }

    fn apply(&mut self, op: &VecOp) {
        let len = self.model.len();
        let room = N - len;
        self.stats.ops += 1;
        if room == 0 {
            self.stats.ops_when_full += 1;
        }
        match *op {
            VecOp::Push { value } => {
                let value = u16::from(value);
                if room > 0 {
                    self.v.push(Tracked::new(value));
                    self.model.push(value);
                } else {
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        self.v.try_push(Tracked::new(value)),
                        value,
                        "try_push when full",
                    );
                }
            }
            VecOp::TryPush { value } => {
                let value = u16::from(value);
                let result = self.v.try_push(Tracked::new(value));
                if room > 0 {
                    assert!(result.is_ok(), "try_push with room");
                    self.model.push(value);
                } else {
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        value,
                        "try_push when full",
                    );
                }
            }
            VecOp::PushUnchecked { value } => {
                let value = u16::from(value);
                if room > 0 {
                    // SAFETY: the model says the vector has room (`check` verified they agree).
                    unsafe { self.v.push_unchecked(Tracked::new(value)) };
                    self.model.push(value);
                } else {
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        self.v.try_push(Tracked::new(value)),
                        value,
                        "try_push when full",
                    );
                }
            }
            VecOp::PushMut {
                value,
                bump,
                fallible,
            } => self.insert_mut(None, value, bump, fallible),
            VecOp::InsertMut {
                index,
                value,
                bump,
                fallible,
            } => self.insert_mut(Some(bounded(index, len)), value, bump, fallible),
            VecOp::Pop => {
                assert_eq!(self.v.pop().map(|t| t.value), self.model.pop(), "pop");
            }
            VecOp::PopIf { threshold, bump } => {
                let threshold = u16::from(threshold);
                let bump = u16::from(bump);
                let predicate = |x: &mut u16| {
                    *x = x.wrapping_add(bump);
                    *x < threshold
                };
                let got = self.v.pop_if(|t| predicate(&mut t.value)).map(|t| t.value);
                assert_eq!(got, self.model.pop_if(predicate), "pop_if");
            }
            VecOp::Insert { index, value } => {
                let (index, value) = (bounded(index, len), u16::from(value));
                if room > 0 {
                    self.v.insert(index, Tracked::new(value));
                    self.model.insert(index, value);
                } else {
                    let result = self.v.try_insert(index, Tracked::new(value));
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        value,
                        "try_insert when full",
                    );
                }
            }
            VecOp::TryInsert { index, value } => {
                let (index, value) = (bounded(index, len), u16::from(value));
                let result = self.v.try_insert(index, Tracked::new(value));
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
            VecOp::Remove { index } => {
                if len > 0 {
                    let index = usize::from(index) % len;
                    assert_eq!(
                        self.v.remove(index).value,
                        self.model.remove(index),
                        "remove"
                    );
                }
            }
            VecOp::SwapRemove { index } => {
                if len > 0 {
                    let index = usize::from(index) % len;
                    let got = self.v.swap_remove(index).value;
                    assert_eq!(got, self.model.swap_remove(index), "swap_remove");
                }
            }
            VecOp::Truncate { len } => {
                let new_len = bounded(len, N + 3);
                self.v.truncate(new_len);
                self.model.truncate(new_len);
            }
            VecOp::Clear => {
                self.v.clear();
                self.model.clear();
            }
            VecOp::Retain { modulus } => {
                let m = u16::from(modulus % 5 + 2);
                let mut visited = Vec::new();
                self.v.retain(|t| {
                    visited.push(t.value);
                    !t.value.is_multiple_of(m)
                });
                assert_eq!(
                    visited, self.model,
                    "retain visits each element once, in order"
                );
                self.model.retain(|x| x % m != 0);
            }
            VecOp::RetainMut { modulus, bump } => {
                let m = u16::from(modulus % 5 + 2);
                let bump = u16::from(bump);
                let keep = |x: &mut u16| {
                    *x = x.wrapping_add(bump);
                    !x.is_multiple_of(m)
                };
                self.v.retain_mut(|t| keep(&mut t.value));
                self.model.retain_mut(keep);
            }
            VecOp::Dedup => {
                self.v.dedup();
                self.model.dedup();
            }
            VecOp::DedupByKey { divisor } => {
                let d = u16::from(divisor % 8 + 1);
                self.v.dedup_by_key(|t| t.value / d);
                self.model.dedup_by_key(|x| *x / d);
            }
            VecOp::DedupBy { divisor } => {
                let d = u16::from(divisor % 8 + 1);
                let same = |a: &mut u16, b: &mut u16| {
                    let same = *a / d == *b / d;
                    if same {
                        *b = b.wrapping_add(1);
                    }
                    same
                };
                self.v.dedup_by(|a, b| same(&mut a.value, &mut b.value));
                self.model.dedup_by(|a, b| same(a, b));
            }
            VecOp::Drain {
                start,
                end,
                form,
                front,
                back,
                finish,
            } => {
                self.drain(op, (start, end, form), front, back, finish);
            }
            VecOp::ExtractIf {
                start,
                end,
                modulus,
                take,
            } => self.extract_if((start, end), modulus, take),
            VecOp::SplitOff { at, then } => {
                let at = bounded(at, len);
                let mut tail = self.v.split_off(at);
                let model_tail = self.model.split_off(at);
                assert_eq!(values(&tail), model_tail, "split_off: the tail");
                assert_eq!(tail.capacity(), N, "split_off: the tail's capacity");
                match then % 3 {
                    0 => drop(tail),
                    1 => {
                        self.v.append(&mut tail);
                        assert!(tail.is_empty(), "append leaves the source empty");
                        self.model.extend(model_tail);
                    }
                    _ => {
                        self.v = tail;
                        self.model = model_tail;
                    }
                }
            }
            VecOp::Append {
                count,
                seed,
                fallible,
            } => {
                let other_model = run(seed, bounded(count, OTHER));
                let mut other: StackVec<Tracked, OTHER> = tracked(&other_model).collect();
                let fits = other_model.len() <= room;
                if fits && !fallible {
                    self.v.append(&mut other);
                } else {
                    let result = self.v.try_append(&mut other);
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
                    self.model.extend(other_model);
                }
            }
            VecOp::ExtendFromSlice {
                count,
                seed,
                fallible,
            } => {
                let new = run(seed, bounded(count, 20));
                let items: Vec<Tracked> = tracked(&new).collect();
                let fits = new.len() <= room;
                if fits && !fallible {
                    self.v.extend_from_slice(&items);
                } else {
                    let result = self.v.try_extend_from_slice(&items);
                    if fits {
                        assert!(result.is_ok(), "try_extend_from_slice with room");
                    } else {
                        self.stats.rejected += 1;
                        let err = result.expect_err("try_extend_from_slice without room");
                        assert_eq!(
                            err.capacity(),
                            N,
                            "try_extend_from_slice: capacity in the error"
                        );
                        let back = err.element();
                        assert!(
                            core::ptr::eq(back, items.as_slice()),
                            "try_extend_from_slice gives the slice back"
                        );
                    }
                }
                if fits {
                    self.model.extend(&new);
                }
                self.assert_live(items.len(), op);
            }
            VecOp::ExtendFromWithin {
                start,
                end,
                form,
                fallible,
            } => {
                let (form, range) = pick_range(form, start, end, len);
                let fits = range.len() <= room;
                if fits && !fallible {
                    with_range!(form, range.clone(), |r| self.v.extend_from_within(r));
                } else {
                    let result =
                        with_range!(form, range.clone(), |r| self.v.try_extend_from_within(r));
                    if fits {
                        assert!(result.is_ok(), "try_extend_from_within with room");
                    } else {
                        assert_full::<N>(
                            &mut self.stats,
                            result,
                            "try_extend_from_within without room",
                        );
                    }
                }
                if fits {
                    self.model.extend_from_within(range);
                }
            }
            VecOp::Resize {
                len,
                value,
                fallible,
            } => self.growing().resize::<N>(len, value, fallible),
            VecOp::ResizeWith {
                len,
                seed,
                fallible,
            } => self.growing().resize_with::<N>(len, seed, fallible),
            VecOp::TryExtend { count, seed } => self.growing().try_extend::<N>(room, count, seed),
            VecOp::Extend { count, seed } => self.growing().extend::<N>(room, count, seed),
            VecOp::ExtendCopied { count, seed } => {
                let new = run(seed, bounded(count, 20));
                let mut copy: StackVec<u16, N> = self.v.iter().map(|t| t.value).collect();
                assert_eq!(copy, self.model, "collected copy");
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
                assert_eq!(copy.as_slice(), self.model.as_slice(), "Extend<&T>");
                assert_eq!(
                    hash_of(&copy),
                    hash_of(&self.model),
                    "StackVec<u16> hashes like Vec<u16>"
                );
                self.v = tracked(&copy).collect();
            }
            VecOp::Clone { replace } => {
                let clone = self.v.clone();
                assert_eq!(values(&clone), self.model, "clone");
                self.assert_live(len, op);
                if replace {
                    self.v = clone;
                }
            }
            VecOp::CloneFrom { count, seed, keep } => {
                let mut target: Sut = tracked(&run(seed, bounded(count, N))).collect();
                target.clone_from(&self.v);
                assert_eq!(values(&target), self.model, "clone_from");
                self.assert_live(len, op);
                if keep {
                    self.v = target;
                }
            }
            VecOp::IntoIter { front, back, mode } => self.check_into_iter(op, front, back, mode),
            VecOp::SpareCapacity { count, seed } => {
                let spare = self.v.spare_capacity_mut();
                assert_eq!(spare.len(), room, "spare_capacity_mut length");
                let new = run(seed, bounded(count, room));
                for (slot, &value) in spare.iter_mut().zip(&new) {
                    slot.write(Tracked::new(value));
                }
                // SAFETY: the `new.len() <= room` slots after the length were just initialized.
                unsafe { self.v.set_len(len + new.len()) };
                self.model.extend(new);
            }
            VecOp::IntoArray { how } => self.check_into_array(how),
            VecOp::Collect {
                count,
                seed,
                how,
                replace,
            } => self.collect(op, count, seed, how, replace),
            VecOp::Rebuild { how } => {
                let old = mem::take(&mut self.v);
                self.v = match how % 3 {
                    0 => {
                        let vec = Vec::from(old);
                        assert_eq!(vec, self.model, "Vec::from(StackVec)");
                        Sut::try_from(vec).expect("a Vec of at most N elements converts back")
                    }
                    1 => {
                        let h = heapless::Vec::<Tracked, N>::from(old);
                        assert_eq!(values(&h), self.model, "heapless::Vec::from(StackVec)");
                        Sut::from(h)
                    }
                    _ => old.into_iter().collect(),
                };
            }
            VecOp::Sort => {
                self.v.sort();
                self.model.sort();
            }
            VecOp::Reverse => {
                self.v.reverse();
                self.model.reverse();
            }
            VecOp::ReverseRange { start, end } => {
                let (_, range) = pick_range(0, start, end, len);
                self.v[range.clone()].reverse();
                self.model[range].reverse();
            }
            VecOp::Swap { a, b } => {
                if len > 0 {
                    let (a, b) = (usize::from(a) % len, usize::from(b) % len);
                    self.v.swap(a, b);
                    self.model.swap(a, b);
                }
            }
            VecOp::Set { index, value } => {
                if len > 0 {
                    let index = usize::from(index) % len;
                    self.v[index] = Tracked::new(u16::from(value));
                    self.model[index] = u16::from(value);
                }
            }
            VecOp::IterMut { bump } => {
                for t in &mut self.v {
                    t.value = t.value.wrapping_add(u16::from(bump));
                }
                for x in &mut self.model {
                    *x = x.wrapping_add(u16::from(bump));
                }
            }
            VecOp::Compare { count, seed } => self.compare(count, seed),
        }
    }

    /// `push_mut` (`index` `None`) or `insert_mut`, or its `try_` form when the vector is full or
    /// `fallible`; `bump` is added through the returned reference.
    fn insert_mut(&mut self, index: Option<usize>, value: u8, bump: u8, fallible: bool) {
        let (value, bump) = (u16::from(value), u16::from(bump));
        let (len, room) = (self.model.len(), N - self.model.len());
        let new = Tracked::new(value);
        let plain = room > 0 && !fallible;
        let (index, what, result) = match index {
            None if plain => (len, "push_mut", Ok(self.v.push_mut(new))),
            None => (len, "try_push_mut", self.v.try_push_mut(new)),
            Some(i) if plain => (i, "insert_mut", Ok(self.v.insert_mut(i, new))),
            Some(i) => (i, "try_insert_mut", self.v.try_insert_mut(i, new)),
        };
        let stats = &mut self.stats;
        if let Some(v) = check_inserted_mut::<N>(stats, result, room, (value, bump), what) {
            self.model.insert(index, v);
        }
    }

    /// `extract_if` against the same steps by hand: visit the range in order until `take` items
    /// were yielded; the visited elements are bumped, the rest untouched.
    fn extract_if(&mut self, range: (u8, u8), modulus: u8, take: u8) {
        let (_, range) = pick_range(0, range.0, range.1, self.model.len());
        let m = u16::from(modulus % 5 + 2);
        let take = bounded(take, range.len() + 1);
        let filter = |x: &mut u16| {
            *x = x.wrapping_add(1);
            x.is_multiple_of(m)
        };
        let mut kept = self.model[..range.start].to_vec();
        let mut yielded = Vec::new();
        let mut next = range.start;
        while next < range.end && yielded.len() < take {
            let mut x = self.model[next];
            if filter(&mut x) {
                yielded.push(x);
            } else {
                kept.push(x);
            }
            next += 1;
        }
        let (remainder, tail) = (&self.model[next..range.end], &self.model[range.end..]);

        let mut it = self.v.extract_if(range.clone(), |t| filter(&mut t.value));
        let mut got = Vec::new();
        while got.len() < take {
            let Some(t) = it.next() else {
                assert!(it.next().is_none(), "extract_if is fused");
                break;
            };
            got.push(t.value);
        }
        assert_eq!(got, yielded, "extract_if items");
        assert_eq!(
            it.size_hint(),
            (0, Some(range.end - next)),
            "extract_if size_hint"
        );
        assert_eq!(
            format!("{it:?}"),
            format!(
                "ExtractIf {{ retained: {kept:?}, remainder: {remainder:?}, \
                 skipped_tail: {tail:?}, .. }}"
            ),
            "extract_if Debug"
        );
        drop(it);
        kept.extend_from_slice(remainder);
        kept.extend_from_slice(tail);
        self.model = kept;
    }

    fn drain(&mut self, op: &VecOp, range: (u8, u8, u8), front: u8, back: u8, finish: u8) {
        let len = self.model.len();
        let (form, range) = pick_range(range.2, range.0, range.1, len);
        let expected: Vec<u16> = self.model.drain(range.clone()).collect();
        let k = expected.len();
        let n_front = bounded(front, k);
        let n_back = bounded(back, k - n_front);
        let rest = &expected[n_front..k - n_back];

        let mut drain = with_range!(form, range.clone(), |r| self.v.drain(r));
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
        let (a, b) = (drain.as_slice(), drain.as_slice());
        assert_eq!(values(a), rest, "drain as_slice");
        assert_eq!(values(b), rest, "drain as_slice (second view)");
        assert_eq!(
            format!("{drain:?}"),
            format!("Drain({rest:?})"),
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
                // The vector keeps only the elements before the range; the rest are leaked.
                let tail = len - range.end;
                self.baseline += (rest.len() + tail) as isize;
                self.model.truncate(range.start);
            }
            _ => drop(drain),
        }
    }

    fn check_into_iter(&mut self, op: &VecOp, front: u8, back: u8, mode: u8) {
        let len = self.model.len();
        let n_front = bounded(front, len);
        let n_back = bounded(back, len - n_front);
        let mut iter = mem::take(&mut self.v).into_iter();
        assert_eq!(iter.len(), len, "into_iter length");
        for want in &self.model[..n_front] {
            assert_eq!(iter.next().map(|t| t.value), Some(*want), "into_iter next");
        }
        for want in self.model[n_front..].iter().rev().take(n_back) {
            assert_eq!(
                iter.next_back().map(|t| t.value),
                Some(*want),
                "into_iter next_back"
            );
        }
        let mut rest = self.model[n_front..len - n_back].to_vec();
        self.model.clear();
        assert_eq!(values(iter.as_slice()), rest, "into_iter as_slice");
        assert_eq!(
            iter.size_hint(),
            (rest.len(), Some(rest.len())),
            "into_iter size_hint"
        );
        self.assert_live(rest.len(), op);
        {
            let clone = iter.clone();
            assert_eq!(values(clone.as_slice()), rest, "IntoIter::clone");
            self.assert_live(2 * rest.len(), op);
        }
        if mode & 2 != 0 {
            iter.as_mut_slice().reverse();
            rest.reverse();
            assert_eq!(values(iter.as_slice()), rest, "into_iter as_mut_slice");
        }
        if mode & 1 != 0 {
            self.v = iter.collect();
            self.model = rest;
        } else {
            drop(iter);
        }
    }

    fn check_into_array(&mut self, how: u8) {
        let len = self.model.len();
        let old = mem::take(&mut self.v);
        self.v = match how % 4 {
            0 | 1 => {
                let result = if how.is_multiple_of(4) {
                    old.into_inner()
                } else {
                    <[Tracked; N]>::try_from(old)
                };
                match result {
                    Ok(array) => {
                        assert_eq!(len, N, "into_inner succeeds only when full");
                        assert_eq!(values(&array), self.model, "into_inner");
                        StackVec::from(array)
                    }
                    Err(back) => {
                        assert_ne!(len, N, "into_inner fails only when not full");
                        back
                    }
                }
            }
            2 => match old.into_array::<4>() {
                Ok(array) => {
                    assert_eq!(len, 4, "into_array::<4> succeeds only at length 4");
                    assert_eq!(values(&array), self.model, "into_array::<4>");
                    StackVec::from_array(array)
                }
                Err(back) => {
                    assert_ne!(len, 4, "into_array::<4> fails only at other lengths");
                    back
                }
            },
            _ => match old.into_array::<1>() {
                Ok(array) => {
                    assert_eq!(len, 1, "into_array::<1> succeeds only at length 1");
                    assert_eq!(values(&array), self.model, "into_array::<1>");
                    StackVec::from_array(array)
                }
                Err(back) => {
                    assert_ne!(len, 1, "into_array::<1> fails only at other lengths");
                    back
                }
            },
        };
    }

    fn collect(&mut self, op: &VecOp, count: u8, seed: u8, how: u8, replace: bool) {
        let new = run(seed, bounded(count, 20));
        let fits = new.len() <= N;
        let built: Option<Sut> = match how % 5 {
            0 | 3 if !fits => {
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
            0 => Some(Sut::try_from_iter(tracked(&new)).expect("try_from_iter within capacity")),
            3 => Some(tracked(&new).collect()),
            1 => match Sut::try_from(tracked(&new).collect::<Vec<_>>()) {
                Ok(v) => Some(v),
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
            2 => {
                let mut items: Vec<Tracked> = tracked(&new).collect();
                let items_ptr: *const [Tracked] = items.as_slice();
                // `&[T]` and `&mut [T]` (by the low bit of the count).
                let result = if count.is_multiple_of(2) {
                    Sut::try_from(items.as_slice())
                        .map_err(|err| (err.capacity(), core::ptr::eq(err.element(), items_ptr)))
                } else {
                    Sut::try_from(items.as_mut_slice())
                        .map_err(|err| (err.capacity(), core::ptr::eq(err.element(), items_ptr)))
                };
                self.assert_live(items.len() + if fits { new.len() } else { 0 }, op);
                match result {
                    Ok(v) => Some(v),
                    Err((capacity, same_slice)) => {
                        assert!(!fits, "TryFrom<&[T]> fails only past capacity");
                        self.stats.rejected += 1;
                        assert_eq!(capacity, N, "TryFrom<&[T]>: capacity in the error");
                        assert!(same_slice, "TryFrom<&[T]> gives the slice back");
                        None
                    }
                }
            }
            _ => {
                let kept = new.len().min(N);
                let mut h = heapless::Vec::<Tracked, N>::new();
                for value in tracked(&new[..kept]) {
                    assert!(h.push(value).is_ok(), "heapless::Vec push within capacity");
                }
                let v = Sut::from(h);
                assert_eq!(values(&v), new[..kept], "From<heapless::Vec>");
                if replace {
                    self.v = v;
                    self.model = new[..kept].to_vec();
                }
                None
            }
        };
        if let Some(built) = built {
            assert!(fits, "construction succeeds only within capacity");
            assert_eq!(values(&built), new, "constructed vector");
            if replace {
                self.v = built;
                self.model = new;
            }
        }
    }

    fn compare(&self, count: u8, seed: u8) {
        let other_model = run(seed, bounded(count, N));
        let other: Sut = tracked(&other_model).collect();
        let model = &self.model;
        let v = &self.v;

        assert_eq!(*v == other, *model == other_model, "==");
        assert_eq!(*v != other, *model != other_model, "!=");
        assert_eq!(v.cmp(&other), model.cmp(&other_model), "cmp");
        assert_eq!(
            v.partial_cmp(&other),
            model.partial_cmp(&other_model),
            "partial_cmp"
        );
        if *v == other {
            assert_eq!(hash_of(v), hash_of(&other), "equal vectors hash alike");
        }
        // `Borrow<[T]>` requires hashing like the slice (and so like `Vec<T>`).
        let as_vec: Vec<Tracked> = v.iter().cloned().collect();
        assert_eq!(hash_of(v), hash_of(&as_vec), "hash like Vec<T>");
        assert_eq!(hash_of(v), hash_of(v.as_slice()), "hash like [T]");
        assert_eq!(format!("{v:?}"), format!("{model:?}"), "Debug");

        // `PartialEq` against the model's types, both directions.
        assert!(*v == *model, "StackVec == Vec");
        assert!(*model == *v, "Vec == StackVec");
        assert!(*v == *model.as_slice(), "StackVec == [U]");
        assert!(*v == model.as_slice(), "StackVec == &[U]");
        assert!(*model.as_slice() == *v, "[T] == StackVec");
        assert_eq!(
            *v == other_model,
            *model == other_model,
            "StackVec == other Vec"
        );
        let pair = [seq(seed, 0), seq(seed, 1)];
        assert_eq!(*v == pair, *model == pair, "StackVec == [U; 2]");
        let pair_eq = <Sut as PartialEq<&[u16; 2]>>::eq(v, &&pair);
        assert_eq!(pair_eq, *model == pair, "StackVec == &[U; 2]");
        assert_eq!(pair == *v, *model == pair, "[T; 2] == StackVec");
        let wider: StackVec<u16, { N + 4 }> = model.iter().copied().collect();
        assert!(*v == wider, "StackVec<T, N> == StackVec<U, M>");
        let borrowed: &[Tracked] = core::borrow::Borrow::borrow(v);
        assert_eq!(values(borrowed), *model, "Borrow<[T]>");
        let as_ref: &[Tracked] = v.as_ref();
        assert_eq!(values(as_ref), *model, "AsRef<[T]>");
        let mut visited = Vec::new();
        for t in v {
            visited.push(t.value);
        }
        assert_eq!(visited, *model, "IntoIterator for &StackVec");
    }
}

/// Applies `ops` to a `StackVec<Tracked, 16>` and to a `Vec<u16>` model, asserting after every
/// operation that they agree (contents, `len`, `is_full`, `remaining_capacity`) and that the
/// number of live [`Tracked`] values is exactly what the model holds; at the end, that every
/// value was dropped exactly once. Returns what the run went through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{VecOp, run_vec_ops};
///
/// run_vec_ops(&[
///     VecOp::Resize { len: 16, value: 3, fallible: false },
///     VecOp::TryPush { value: 1 }, // full: must fail and give 1 back
///     VecOp::Drain { start: 2, end: 9, form: 0, front: 1, back: 1, finish: 0 },
/// ]);
/// ```
pub fn run_vec_ops(ops: &[VecOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = VecRunner {
        v: StackVec::new(),
        model: Vec::new(),
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
