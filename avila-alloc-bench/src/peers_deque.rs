//! The double-ended queues and overwriting rings under comparison, behind [`BenchDeque`],
//! [`BenchDequeMiddle`] and [`BenchRing`], the same way [`peers`](crate::peers) puts the vectors
//! behind `BenchVec`.
//!
//! | trait | avila | heapless | std |
//! |---|---|---|---|
//! | [`BenchDeque`] | `StackDeque<T, N>` | `heapless::Deque<T, N>` | `VecDeque<T>` with capacity `N` ([`StdDeque`]) |
//! | [`BenchDequeMiddle`] (insert/remove by index) | `StackDeque` | — (no such methods) | `VecDeque` |
//! | [`BenchRing`] | `StackRing<T, N>` | `heapless::HistoryBuf<T, N>` | a `VecDeque<T>` that pops its front when full ([`StdRing`]) |
//!
//! Full containers are handled as in [`peers`](crate::peers): the workloads never overfill a
//! deque, and each peer is called through the form that checks capacity, written the way its
//! users write it (avila and std: the panicking method; heapless: `.unwrap()` on the `Result`).
//! A ring never fails: a push into a full one overwrites the oldest value, which avila returns
//! (and the workload drops), heapless drops inside `write`, and [`StdRing`] pops and drops.

#![allow(
    clippy::std_instead_of_alloc,
    reason = "std's `VecDeque` is a peer here; this crate does not link `alloc` by name"
)]

use core::fmt;
use std::collections::VecDeque;

use crate::peers::{AVILA, HEAPLESS, STD};

/// A double-ended queue of `T` with a capacity fixed by its type.
pub trait BenchDeque<T: Copy + fmt::Debug> {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// The capacity, in elements.
    const CAPACITY: usize;
    /// The borrowing iterator, front to back.
    type Iter<'a>: Iterator<Item = &'a T>
    where
        Self: 'a,
        T: 'a;

    /// An empty deque with room for [`CAPACITY`](Self::CAPACITY) elements.
    fn new() -> Self;
    /// The number of elements.
    fn len(&self) -> usize;
    /// `true` if there is no element.
    fn is_empty(&self) -> bool;
    /// Appends `value` at the back; panics if full.
    fn push_back(&mut self, value: T);
    /// Prepends `value` at the front; panics if full.
    fn push_front(&mut self, value: T);
    /// Removes the front element.
    fn pop_front(&mut self) -> Option<T>;
    /// Removes the back element.
    fn pop_back(&mut self) -> Option<T>;
    /// The elements, front to back, by reference.
    fn iter(&self) -> Self::Iter<'_>;
}

/// A [`BenchDeque`] that can also insert and remove in the middle.
pub trait BenchDequeMiddle<T: Copy + fmt::Debug>: BenchDeque<T> {
    /// Inserts `value` at `index`; panics if full or out of bounds.
    fn insert(&mut self, index: usize, value: T);
    /// Removes the element at `index`, if any.
    fn remove(&mut self, index: usize) -> Option<T>;
}

/// An overwriting ring of the last `CAPACITY` values of `T`.
pub trait BenchRing<T: Copy + fmt::Debug> {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// The capacity, in elements.
    const CAPACITY: usize;
    /// The borrowing iterator, oldest to newest.
    type Iter<'a>: Iterator<Item = &'a T>
    where
        Self: 'a,
        T: 'a;

    /// An empty ring with room for [`CAPACITY`](Self::CAPACITY) values.
    fn new() -> Self;
    /// The number of values held.
    fn len(&self) -> usize;
    /// `true` if no value is held.
    fn is_empty(&self) -> bool;
    /// Pushes `value` as the newest; when full, the oldest value is overwritten (and dropped).
    fn push(&mut self, value: T);
    /// The values, oldest to newest, by reference.
    fn iter(&self) -> Self::Iter<'_>;
}

/// `std::collections::VecDeque<T>` created with `with_capacity(N)`: the heap-allocating
/// baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StdDeque<T, const N: usize>(pub VecDeque<T>);

/// A `VecDeque<T>` created with `with_capacity(N)` that pops its front before a push when it
/// holds `N` values: the obvious overwriting ring on `std`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StdRing<T, const N: usize>(pub VecDeque<T>);

impl<T: Copy + fmt::Debug, const N: usize> BenchDeque<T> for avila_alloc::StackDeque<T, N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;
    type Iter<'a>
        = avila_alloc::collections::deque::Iter<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push_back(&mut self, value: T) {
        self.push_back(value);
    }
    #[inline]
    fn push_front(&mut self, value: T) {
        self.push_front(value);
    }
    #[inline]
    fn pop_front(&mut self) -> Option<T> {
        self.pop_front()
    }
    #[inline]
    fn pop_back(&mut self) -> Option<T> {
        self.pop_back()
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.iter()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchDequeMiddle<T> for avila_alloc::StackDeque<T, N> {
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.insert(index, value);
    }
    #[inline]
    fn remove(&mut self, index: usize) -> Option<T> {
        self.remove(index)
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchDeque<T> for heapless::Deque<T, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N;
    type Iter<'a>
        = heapless::deque::Iter<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push_back(&mut self, value: T) {
        self.push_back(value).unwrap();
    }
    #[inline]
    fn push_front(&mut self, value: T) {
        self.push_front(value).unwrap();
    }
    #[inline]
    fn pop_front(&mut self) -> Option<T> {
        self.pop_front()
    }
    #[inline]
    fn pop_back(&mut self) -> Option<T> {
        self.pop_back()
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.iter()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchDeque<T> for StdDeque<T, N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;
    type Iter<'a>
        = std::collections::vec_deque::Iter<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self(VecDeque::with_capacity(N))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    #[inline]
    fn push_back(&mut self, value: T) {
        self.0.push_back(value);
    }
    #[inline]
    fn push_front(&mut self, value: T) {
        self.0.push_front(value);
    }
    #[inline]
    fn pop_front(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    #[inline]
    fn pop_back(&mut self) -> Option<T> {
        self.0.pop_back()
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.0.iter()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchDequeMiddle<T> for StdDeque<T, N> {
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.0.insert(index, value);
    }
    #[inline]
    fn remove(&mut self, index: usize) -> Option<T> {
        self.0.remove(index)
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchRing<T> for avila_alloc::StackRing<T, N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;
    type Iter<'a>
        = avila_alloc::collections::ring::Iter<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        // The overwritten value (if any) comes back; a `Copy` value needs no drop.
        let _ = self.push(value);
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.iter()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchRing<T> for heapless::HistoryBuf<T, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N;
    type Iter<'a>
        = heapless::history_buf::OldestOrdered<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.write(value);
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.oldest_ordered()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchRing<T> for StdRing<T, N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;
    type Iter<'a>
        = std::collections::vec_deque::Iter<'a, T>
    where
        T: 'a;

    #[inline]
    fn new() -> Self {
        Self(VecDeque::with_capacity(N))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        if self.0.len() == N {
            self.0.pop_front();
        }
        self.0.push_back(value);
    }
    #[inline]
    fn iter(&self) -> Self::Iter<'_> {
        self.0.iter()
    }
}
