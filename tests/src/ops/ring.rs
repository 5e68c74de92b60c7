//! [`RingOp`] and [`run_ring_ops`]: a `StackRing<Tracked, 7>` checked against a reference ring,
//! a `VecDeque<u16>` that drops its front value when a push finds it full.

use alloc::collections::VecDeque;
use core::fmt;
use core::mem;

use avila_alloc::StackRing;

use crate::Tracked;
use crate::ops::RunStats;
use crate::ops::hash_of;
use crate::ops::seq::{bounded, concat, run, seq, tracked, values};

/// The capacity of the ring under test: small, so it is full (and overwriting) most of the time,
/// and not a power of two.
pub const RING_CAPACITY: usize = 7;

const N: usize = RING_CAPACITY;

type Sut = StackRing<Tracked, N>;

/// One operation on a `StackRing<Tracked, 7>`, mirrored on the reference ring by
/// [`run_ring_ops`].
///
/// Every field is raw data; the runner maps it into a valid argument. Values in a generated run
/// of `count` values are `seed, seed, seed + 1, seed + 1, ...`.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum RingOp {
    /// `push(value)`: must return exactly the value the reference ring drops.
    Push {
        /// The element's value.
        value: u8,
    },
    /// `pop_front()` (the oldest).
    PopFront,
    /// `pop_back()` (the newest).
    PopBack,
    /// Reads and bumps through `get`/`get_mut` at `index % (len + 2)` (sometimes out of bounds),
    /// `oldest`/`newest` and `oldest_mut`/`newest_mut`.
    Peek {
        /// Raw index.
        index: u8,
        /// Added (wrapping) through the mutable accessors.
        bump: u8,
    },
    /// `clear()`.
    Clear,
    /// `Extend<T>` with `count % 20` values (overwriting; the overwritten ones are dropped).
    Extend {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `Extend<&u16>` on a `StackRing<u16, 7>` copy (collected with `FromIterator` from the
    /// values), which then replaces the ring; checks it hashes like the reference.
    ExtendCopied {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// `extend_with_overwritten` with `count % 20` values: the closure must get exactly the
    /// values the reference drops, oldest first.
    ExtendWithOverwritten {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// Iterates `iter`/`iter_mut`: `pattern % (len + 1)` values taken from the ends chosen by the
    /// bits of `pattern`, `len` checked, the rest folded; `mutable` adds `bump` to every value.
    Iterate {
        /// Which ends to take values from, and how many.
        pattern: u8,
        /// Use `iter_mut`.
        mutable: bool,
        /// Added (wrapping) to every value by `iter_mut`.
        bump: u8,
    },
    /// `as_mut_slices()`: adds `bump` to the first value of the first slice and the last of the
    /// second.
    AsSlices {
        /// Added (wrapping).
        bump: u8,
    },
    /// `make_contiguous()`, then `reverse()` of the slice when `reverse`.
    MakeContiguous {
        /// Reverse the contiguous slice.
        reverse: bool,
    },
    /// `into_iter()`, `front` values taken from the front, `back` from the back; `mode & 1`
    /// collects the rest back (`mode & 2`: through `into_rest`), else it is dropped.
    IntoIter {
        /// Raw number of values taken with `next`.
        front: u8,
        /// Raw number of values taken with `next_back`.
        back: u8,
        /// Bit flags, see above.
        mode: u8,
    },
    /// `clone()`; `replace` swaps the clone in for the original.
    Clone {
        /// Keep the clone and drop the original.
        replace: bool,
    },
    /// Builds a new ring from `count % 20` values with `FromIterator` (`how % 3 == 0`, keeps the
    /// last 7), `From<[T; 7]>` (1, the first 7 values, when there are that many) or `from_array`
    /// of 2 values (2); `replace` swaps it in.
    Collect {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Which constructor.
        how: u8,
        /// Keep the new ring and drop the old one.
        replace: bool,
    },
    /// Compares with another ring built from `count % 12` values (so it may have overwritten
    /// some), and with the reference: `==`, `PartialEq` against slices, arrays, `Vec` and
    /// `VecDeque`, `Hash` (like `VecDeque`), `Debug`.
    Compare {
        /// Raw number of values pushed into the other ring.
        count: u8,
        /// First value.
        seed: u8,
    },
}

/// The reference ring: `push` on a full one drops (and returns) the front value.
fn model_push(model: &mut VecDeque<u16>, value: u16) -> Option<u16> {
    let old = if model.len() == N {
        model.pop_front()
    } else {
        None
    };
    model.push_back(value);
    old
}

/// The ring under test, the reference, and the live-count bookkeeping.
struct RingRunner {
    r: Sut,
    model: VecDeque<u16>,
    baseline: isize,
    stats: RunStats,
}

impl RingRunner {
    #[track_caller]
    fn assert_live(&self, extra: usize, op: &dyn fmt::Debug) {
        assert_eq!(
            Tracked::live() - self.baseline,
            (self.model.len() + extra) as isize,
            "live Tracked values after {op:?}: leak or double drop",
        );
    }

    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        let model: Vec<u16> = self.model.iter().copied().collect();
        assert_eq!(values(&self.r), model, "contents after {op:?}");
        assert_eq!(concat(self.r.as_slices()), model, "as_slices after {op:?}");
        assert!(
            values(self.r.iter().rev()).iter().eq(model.iter().rev()),
            "reverse iteration after {op:?}"
        );
        assert_eq!(self.r.len(), len, "len after {op:?}");
        assert_eq!(self.r.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.r.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(self.r.capacity(), N, "capacity after {op:?}");
        assert_eq!(
            self.r.oldest().map(|t| t.value),
            self.model.front().copied(),
            "oldest after {op:?}"
        );
        assert_eq!(
            self.r.newest().map(|t| t.value),
            self.model.back().copied(),
            "newest after {op:?}"
        );
        self.assert_live(0, op);
    }

    /// Counts a value the ring handed back because it was full (see [`run_ring_ops`]).
    fn count_overwrites(&mut self, n: usize) {
        self.stats.rejected += n;
    }

    fn apply(&mut self, op: &RingOp) {
        let len = self.model.len();
        self.stats.ops += 1;
        if len == N {
            self.stats.ops_when_full += 1;
        }
        match *op {
            RingOp::Push { value } => {
                let value = u16::from(value);
                let got = self.r.push(Tracked::new(value)).map(|t| t.value);
                let want = model_push(&mut self.model, value);
                assert_eq!(got, want, "push returns the overwritten value");
                self.count_overwrites(usize::from(got.is_some()));
            }
            RingOp::PopFront => {
                let got = self.r.pop_front().map(|t| t.value);
                assert_eq!(got, self.model.pop_front(), "pop_front");
            }
            RingOp::PopBack => {
                let got = self.r.pop_back().map(|t| t.value);
                assert_eq!(got, self.model.pop_back(), "pop_back");
            }
            RingOp::Peek { index, bump } => self.peek(index, bump),
            RingOp::Clear => {
                self.r.clear();
                self.model.clear();
            }
            RingOp::Extend { count, seed } => {
                let new = run(seed, bounded(count, 19));
                self.r.extend(tracked(&new));
                let mut dropped = 0;
                for &v in &new {
                    dropped += usize::from(model_push(&mut self.model, v).is_some());
                }
                self.count_overwrites(dropped);
            }
            RingOp::ExtendCopied { count, seed } => {
                let new = run(seed, bounded(count, 19));
                let mut copy: StackRing<u16, N> = self.r.iter().map(|t| t.value).collect();
                assert!(copy == self.model, "collected copy");
                copy.extend(new.iter());
                for &v in &new {
                    model_push(&mut self.model, v);
                }
                assert!(copy == self.model, "Extend<&T>");
                assert_eq!(
                    hash_of(&copy),
                    hash_of(&self.model),
                    "StackRing<u16> hashes like VecDeque<u16>"
                );
                self.r = copy.iter().map(|&v| Tracked::new(v)).collect();
            }
            RingOp::ExtendWithOverwritten { count, seed } => {
                let new = run(seed, bounded(count, 19));
                let mut got = Vec::new();
                self.r
                    .extend_with_overwritten(tracked(&new), |old| got.push(old.value));
                let want: Vec<u16> = new
                    .iter()
                    .filter_map(|&v| model_push(&mut self.model, v))
                    .collect();
                assert_eq!(
                    got, want,
                    "extend_with_overwritten hands back the overwritten"
                );
                self.count_overwrites(got.len());
            }
            RingOp::Iterate {
                pattern,
                mutable,
                bump,
            } => self.iterate(pattern, mutable, bump),
            RingOp::AsSlices { bump } => {
                let bump = u16::from(bump);
                let (a, b) = self.r.as_mut_slices();
                if let Some(first) = a.first_mut() {
                    first.value = first.value.wrapping_add(bump);
                    self.model[0] = self.model[0].wrapping_add(bump);
                }
                if let Some(last) = b.last_mut() {
                    last.value = last.value.wrapping_add(bump);
                    self.model[len - 1] = self.model[len - 1].wrapping_add(bump);
                }
            }
            RingOp::MakeContiguous { reverse } => {
                let slice = self.r.make_contiguous();
                let model = self.model.make_contiguous();
                assert!(*values(slice.iter()) == *model, "make_contiguous");
                if reverse {
                    slice.reverse();
                    model.reverse();
                }
                assert!(self.r.as_slices().1.is_empty(), "contiguous afterwards");
            }
            RingOp::IntoIter { front, back, mode } => {
                let n_front = bounded(front, len);
                let n_back = bounded(back, len - n_front);
                let mut iter = mem::take(&mut self.r).into_iter();
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
                assert!(
                    concat(iter.as_slices()).iter().eq(self.model.iter()),
                    "into_iter as_slices"
                );
                assert_eq!(iter.size_hint().0, self.model.len(), "into_iter size_hint");
                {
                    let clone = iter.clone();
                    self.assert_live(self.model.len(), op);
                    drop(clone);
                }
                if mode & 1 != 0 {
                    self.r = if mode & 2 != 0 {
                        iter.into_rest()
                    } else {
                        iter.collect()
                    };
                } else {
                    drop(iter);
                    self.model.clear();
                }
            }
            RingOp::Clone { replace } => {
                let clone = self.r.clone();
                assert!(clone.iter().eq(self.model.iter()), "clone");
                self.assert_live(len, op);
                if replace {
                    self.r = clone;
                }
            }
            RingOp::Collect {
                count,
                seed,
                how,
                replace,
            } => {
                let new = run(seed, bounded(count, 19));
                let built: Option<(Sut, Vec<u16>)> = match how % 3 {
                    0 => {
                        let kept = new[new.len().saturating_sub(N)..].to_vec();
                        Some((tracked(&new).collect(), kept))
                    }
                    1 if new.len() >= N => {
                        let array: [Tracked; N] = core::array::from_fn(|i| Tracked::new(new[i]));
                        Some((StackRing::from(array), new[..N].to_vec()))
                    }
                    2 if new.len() >= 2 => Some((
                        StackRing::from_array([Tracked::new(new[0]), Tracked::new(new[1])]),
                        new[..2].to_vec(),
                    )),
                    _ => None,
                };
                if let Some((built, expected)) = built {
                    assert_eq!(values(&built), expected, "constructed ring");
                    if replace {
                        self.r = built;
                        self.model = expected.into();
                    }
                }
            }
            RingOp::Compare { count, seed } => self.compare(count, seed),
        }
    }

    fn peek(&mut self, index: u8, bump: u8) {
        let len = self.model.len();
        let index = bounded(index, len + 1);
        let bump = u16::from(bump);
        assert_eq!(
            self.r.get(index).map(|t| t.value),
            self.model.get(index).copied(),
            "get({index})"
        );
        match self.r.get_mut(index) {
            Some(t) => {
                t.value = t.value.wrapping_add(bump);
                self.model[index] = self.model[index].wrapping_add(bump);
            }
            None => assert!(index >= len, "get_mut({index}) in bounds"),
        }
        if let Some(t) = self.r.oldest_mut() {
            t.value = t.value.wrapping_add(1);
            self.model[0] = self.model[0].wrapping_add(1);
        }
        if let Some(t) = self.r.newest_mut() {
            t.value = t.value.wrapping_add(2);
            self.model[len - 1] = self.model[len - 1].wrapping_add(2);
        }
    }

    fn iterate(&mut self, pattern: u8, mutable: bool, bump: u8) {
        let bump = u16::from(bump);
        let mut expected = self.model.clone();
        let take = bounded(pattern, expected.len());
        if mutable {
            let mut it = self.r.iter_mut();
            for i in 0..take {
                let (got, want) = if (pattern >> (i % 7)) & 1 == 1 {
                    (it.next_back(), expected.pop_back())
                } else {
                    (it.next(), expected.pop_front())
                };
                let got = got.expect("iter_mut yields while values are left");
                assert_eq!(Some(got.value), want, "iter_mut item");
                got.value = got.value.wrapping_add(bump);
            }
            assert_eq!(it.len(), expected.len(), "iter_mut len");
            it.for_each(|t| t.value = t.value.wrapping_add(bump));
            for x in &mut self.model {
                *x = x.wrapping_add(bump);
            }
        } else {
            let mut it = self.r.iter();
            for i in 0..take {
                let (got, want) = if (pattern >> (i % 7)) & 1 == 1 {
                    (it.next_back(), expected.pop_back())
                } else {
                    (it.next(), expected.pop_front())
                };
                assert_eq!(got.map(|t| t.value), want, "iter item");
            }
            assert_eq!(it.len(), expected.len(), "iter len");
            let rest: Vec<u16> = it.map(|t| t.value).collect();
            assert!(rest.iter().eq(expected.iter()), "iter rest");
        }
    }

    fn compare(&self, count: u8, seed: u8) {
        let pushed = run(seed, bounded(count, 11));
        let mut other_model = VecDeque::new();
        let mut other = Sut::new();
        for &v in &pushed {
            model_push(&mut other_model, v);
            drop(other.push(Tracked::new(v)));
        }
        let (r, model) = (&self.r, &self.model);
        assert_eq!(*r == other, *model == other_model, "==");
        assert_eq!(*r != other, *model != other_model, "!=");
        if *r == other {
            assert_eq!(hash_of(r), hash_of(&other), "equal rings hash alike");
        }
        assert_eq!(hash_of(r), hash_of(model), "hash like VecDeque<T>");
        assert_eq!(format!("{r:?}"), format!("{model:?}"), "Debug");
        let as_vec: Vec<u16> = model.iter().copied().collect();
        assert!(*r == *model, "StackRing == VecDeque");
        assert!(*r == as_vec, "StackRing == Vec");
        assert!(*r == *as_vec.as_slice(), "StackRing == [U]");
        assert!(*r == as_vec.as_slice(), "StackRing == &[U]");
        let pair = [seq(seed, 0), seq(seed, 1)];
        assert_eq!(
            *r == pair,
            model.iter().eq(pair.iter()),
            "StackRing == [U; 2]"
        );
        assert_eq!(
            <Sut as PartialEq<&[u16; 2]>>::eq(r, &&pair),
            model.iter().eq(pair.iter()),
            "StackRing == &[U; 2]"
        );
        let wider: StackRing<u16, { N + 3 }> = model.iter().copied().collect();
        assert!(*r == wider, "StackRing<T, N> == StackRing<U, M>");
        let mut visited = Vec::new();
        for t in r {
            visited.push(t.value);
        }
        assert_eq!(visited, as_vec, "IntoIterator for &StackRing");
    }
}

/// Applies `ops` to a `StackRing<Tracked, 7>` and to a reference ring (a `VecDeque<u16>` whose
/// push drops the front value when it holds 7), asserting after every operation that they agree
/// (contents in both directions, `as_slices`, `len`, `is_full`, `oldest`/`newest`) and that the
/// number of live [`Tracked`] values is exactly what the reference holds; at the end, that every
/// value was dropped exactly once.
///
/// In the returned [`RunStats`], `rejected` counts the values the ring handed back (or dropped,
/// through `Extend`) because it was full: each one checked against the value the reference
/// dropped.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{RingOp, run_ring_ops};
///
/// let stats = run_ring_ops(&[
///     RingOp::Extend { count: 9, seed: 1 }, // 9 values into 7 slots: 2 overwritten
///     RingOp::Push { value: 5 },            // returns the oldest
///     RingOp::PopBack,
/// ]);
/// assert_eq!(stats.rejected, 3);
/// ```
pub fn run_ring_ops(ops: &[RingOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = RingRunner {
        r: StackRing::new(),
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
    let stats = runner.stats;
    drop(runner);
    assert_eq!(
        Tracked::live(),
        baseline,
        "every value dropped exactly once at the end"
    );
    stats
}
