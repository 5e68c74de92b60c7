//! [`StackDeque<T, N>`]: a double-ended queue with inline storage for `N` elements.
//!
//! The iterators [`Iter`] and [`IterMut`] are shared with [`StackRing`](crate::StackRing).

mod drain;
#[cfg(feature = "heapless")]
mod heapless;
mod into_iter;
mod iter;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

use core::cmp::Ordering;
use core::ops::RangeBounds;
use core::ptr;

pub use self::drain::Drain;
pub use self::into_iter::IntoIter;
pub use self::iter::{Iter, IterMut};
use super::core::{index_out_of_bounds, resolve_range};
use super::ring_core::RingCore;
use crate::error::{CapacityError, capacity_overflow};

/// A double-ended queue with a fixed capacity of `N` elements, stored inline (on the stack, in a
/// `static`, or inside another value). It never allocates.
///
/// `StackDeque` has the API of
/// [`VecDeque`](https://doc.rust-lang.org/std/collections/struct.VecDeque.html) wherever it makes
/// sense at a fixed capacity. The values live in a ring buffer: a front slot and a length, the
/// values wrapping from the end of the buffer to its start, so pushing and popping at either end
/// is O(1) and moves nothing. Operations that would grow the deque past `N` come in two forms:
///
/// - `try_*` methods return [`CapacityError`], with the rejected value inside;
/// - the plain methods (`push_back`, `push_front`, `insert`, `Extend`, ...) panic with a message
///   naming the method and the capacity.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let mut d: StackDeque<i32, 4> = StackDeque::new();
/// d.push_back(2);
/// d.push_back(3);
/// d.push_front(1);
/// assert_eq!(d, [1, 2, 3]);
/// assert_eq!(d.pop_front(), Some(1));
///
/// d.push_back(4);
/// d.push_back(5);
/// assert!(d.is_full());
/// let err = d.try_push_front(0).unwrap_err();
/// assert_eq!(err.element(), 0); // the value comes back
/// ```
///
/// In a `static` (`new` and `from_array` are `const`):
///
/// ```
/// use avila_alloc::StackDeque;
///
/// static PENDING: StackDeque<u8, 8> = StackDeque::from_array([1, 2]);
/// assert_eq!(PENDING.front(), Some(&1));
/// ```
///
/// # Layout and cost
///
/// A `StackDeque<T, N>` is two `u32`s (the front slot and the length) plus `[T; N]` worth of
/// storage. `N` can be any capacity, not only a power of two: wrapping an index is a compare and
/// a subtraction. Pushes and pops at both ends, indexing and `swap` are O(1); `insert` and
/// `remove` move the values on the shorter side, O(min(index, len - index)).
pub struct StackDeque<T, const N: usize> {
    pub(in crate::collections) core: RingCore<T, N>,
}

impl<T, const N: usize> StackDeque<T, N> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty deque. `const`, so it can initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 16> = StackDeque::new();
    /// assert!(d.is_empty());
    /// assert_eq!(d.capacity(), 16);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            core: RingCore::new(),
        }
    }

    /// Creates a deque holding the `M` values of `array`, front to back, with capacity `N >= M`.
    ///
    /// `M > N` is a compile-time error.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<char, 8> = StackDeque::from_array(['a', 'b']);
    /// assert_eq!(d, ['a', 'b']);
    /// ```
    ///
    /// ```compile_fail
    /// use avila_alloc::StackDeque;
    /// // Three values do not fit into a capacity of two.
    /// let d: StackDeque<u8, 2> = StackDeque::from_array([1, 2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_array<const M: usize>(array: [T; M]) -> Self {
        Self {
            core: RingCore::from_array(array),
        }
    }

    /// The number of elements.
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.core.len()
    }

    /// `true` if the deque holds no element.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.core.len() == 0
    }

    /// `true` if the deque holds `N` elements: the next push would fail.
    #[inline(always)]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.core.len() == N
    }

    /// The capacity `N`.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many more elements fit: `N - len()`.
    #[inline(always)]
    #[must_use]
    pub const fn remaining_capacity(&self) -> usize {
        N - self.core.len()
    }

    /// Appends `value` at the back.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the deque is full. Use [`try_push_back`](Self::try_push_back) to get the value
    /// back instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::new();
    /// d.push_back(1);
    /// d.push_back(2);
    /// assert_eq!(d, [1, 2]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn push_back(&mut self, value: T) {
        if self.core.try_push_back(value).is_err() {
            capacity_overflow("StackDeque::push_back", N, N + 1);
        }
    }

    /// Appends `value` at the back, or returns it inside the error if the deque is full.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 1> = StackDeque::new();
    /// assert!(d.try_push_back(1).is_ok());
    /// assert_eq!(d.try_push_back(2).unwrap_err().element(), 2);
    /// ```
    #[inline(always)]
    pub fn try_push_back(&mut self, value: T) -> Result<(), CapacityError<T>> {
        self.core.try_push_back(value)
    }

    /// Appends `value` at the back and returns a mutable reference to it.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the deque is full. Use [`try_push_back_mut`](Self::try_push_back_mut) to get the
    /// value back instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// let back = d.push_back_mut(3);
    /// *back += 10;
    /// assert_eq!(d, [1, 2, 13]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "if you don't need a reference to the value, use `push_back` instead"]
    pub fn push_back_mut(&mut self, value: T) -> &mut T {
        if self.core.try_push_back(value).is_err() {
            capacity_overflow("StackDeque::push_back_mut", N, N + 1);
        }
        // SAFETY: the push succeeded, so the back element exists.
        unsafe { self.get_unchecked_mut(self.len() - 1) }
    }

    /// Appends `value` at the back and returns a mutable reference to it, or returns the value
    /// inside the error if the deque is full.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::from_array([1]);
    /// *d.try_push_back_mut(2).unwrap() += 10;
    /// assert_eq!(d, [1, 12]);
    /// assert_eq!(d.try_push_back_mut(3).unwrap_err().element(), 3);
    /// ```
    #[inline]
    pub fn try_push_back_mut(&mut self, value: T) -> Result<&mut T, CapacityError<T>> {
        self.core.try_push_back(value)?;
        // SAFETY: the push succeeded, so the back element exists.
        Ok(unsafe { self.get_unchecked_mut(self.len() - 1) })
    }

    /// Appends `value` at the back without checking capacity.
    ///
    /// # Safety
    ///
    /// - `len() < N`. Checked by a `debug_assert!`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::new();
    /// // SAFETY: the deque is empty and holds two.
    /// unsafe { d.push_back_unchecked(1) };
    /// assert_eq!(d, [1]);
    /// ```
    #[inline(always)]
    pub const unsafe fn push_back_unchecked(&mut self, value: T) {
        // SAFETY: forwarded to the caller.
        unsafe { self.core.push_back_unchecked(value) }
    }

    /// Prepends `value` at the front.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the deque is full. Use [`try_push_front`](Self::try_push_front) to get the value
    /// back instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::new();
    /// d.push_front(2);
    /// d.push_front(1);
    /// assert_eq!(d, [1, 2]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn push_front(&mut self, value: T) {
        if self.core.try_push_front(value).is_err() {
            capacity_overflow("StackDeque::push_front", N, N + 1);
        }
    }

    /// Prepends `value` at the front, or returns it inside the error if the deque is full.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 1> = StackDeque::from_array([2]);
    /// assert_eq!(d.try_push_front(1).unwrap_err().element(), 1);
    /// ```
    #[inline(always)]
    pub fn try_push_front(&mut self, value: T) -> Result<(), CapacityError<T>> {
        self.core.try_push_front(value)
    }

    /// Prepends `value` at the front and returns a mutable reference to it.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the deque is full. Use [`try_push_front_mut`](Self::try_push_front_mut) to get
    /// the value back instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([2, 3]);
    /// let front = d.push_front_mut(0);
    /// *front += 1;
    /// assert_eq!(d, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "if you don't need a reference to the value, use `push_front` instead"]
    pub fn push_front_mut(&mut self, value: T) -> &mut T {
        if self.core.try_push_front(value).is_err() {
            capacity_overflow("StackDeque::push_front_mut", N, N + 1);
        }
        // SAFETY: the push succeeded, so the front element exists.
        unsafe { self.get_unchecked_mut(0) }
    }

    /// Prepends `value` at the front and returns a mutable reference to it, or returns the value
    /// inside the error if the deque is full.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::from_array([2]);
    /// *d.try_push_front_mut(0).unwrap() += 1;
    /// assert_eq!(d, [1, 2]);
    /// assert_eq!(d.try_push_front_mut(0).unwrap_err().element(), 0);
    /// ```
    #[inline]
    pub fn try_push_front_mut(&mut self, value: T) -> Result<&mut T, CapacityError<T>> {
        self.core.try_push_front(value)?;
        // SAFETY: the push succeeded, so the front element exists.
        Ok(unsafe { self.get_unchecked_mut(0) })
    }

    /// Prepends `value` at the front without checking capacity.
    ///
    /// # Safety
    ///
    /// - `len() < N`. Checked by a `debug_assert!`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::from_array([2]);
    /// // SAFETY: one of two slots is used.
    /// unsafe { d.push_front_unchecked(1) };
    /// assert_eq!(d, [1, 2]);
    /// ```
    #[inline(always)]
    pub const unsafe fn push_front_unchecked(&mut self, value: T) {
        // SAFETY: forwarded to the caller.
        unsafe { self.core.push_front_unchecked(value) }
    }

    /// Removes and returns the front element, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// assert_eq!(d.pop_front(), Some(1));
    /// assert_eq!(d.pop_front(), Some(2));
    /// assert_eq!(d.pop_front(), None);
    /// ```
    #[inline(always)]
    pub fn pop_front(&mut self) -> Option<T> {
        self.core.pop_front()
    }

    /// Removes and returns the back element, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// assert_eq!(d.pop_back(), Some(2));
    /// assert_eq!(d.pop_back(), Some(1));
    /// assert_eq!(d.pop_back(), None);
    /// ```
    #[inline(always)]
    pub fn pop_back(&mut self) -> Option<T> {
        self.core.pop_back()
    }

    /// Removes and returns the front element if `predicate` returns `true` for it; `None` if it
    /// returns `false` or the deque is empty (then `predicate` is not called).
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<i32, 4> = StackDeque::from_array([0, 1, 2]);
    /// assert_eq!(d.pop_front_if(|x| *x % 2 == 0), Some(0));
    /// assert_eq!(d.pop_front_if(|x| *x % 2 == 0), None);
    /// assert_eq!(d, [1, 2]);
    /// ```
    #[inline]
    pub fn pop_front_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T> {
        let first = self.front_mut()?;
        if predicate(first) {
            self.pop_front()
        } else {
            None
        }
    }

    /// Removes and returns the back element if `predicate` returns `true` for it; `None` if it
    /// returns `false` or the deque is empty (then `predicate` is not called).
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<i32, 4> = StackDeque::from_array([1, 2, 3]);
    /// assert_eq!(d.pop_back_if(|x| *x % 2 == 1), Some(3));
    /// assert_eq!(d.pop_back_if(|x| *x % 2 == 1), None);
    /// assert_eq!(d, [1, 2]);
    /// ```
    #[inline]
    pub fn pop_back_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T> {
        let last = self.back_mut()?;
        if predicate(last) {
            self.pop_back()
        } else {
            None
        }
    }

    /// The front element, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// assert_eq!(d.front(), Some(&1));
    /// ```
    #[inline]
    #[must_use]
    pub fn front(&self) -> Option<&T> {
        self.get(0)
    }

    /// The front element, mutably, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// *d.front_mut().unwrap() = 9;
    /// assert_eq!(d, [9, 2]);
    /// ```
    #[inline]
    #[must_use]
    pub fn front_mut(&mut self) -> Option<&mut T> {
        self.get_mut(0)
    }

    /// The back element, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// assert_eq!(d.back(), Some(&2));
    /// ```
    #[inline]
    #[must_use]
    pub fn back(&self) -> Option<&T> {
        self.get(self.len().wrapping_sub(1))
    }

    /// The back element, mutably, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// *d.back_mut().unwrap() = 9;
    /// assert_eq!(d, [1, 9]);
    /// ```
    #[inline]
    #[must_use]
    pub fn back_mut(&mut self) -> Option<&mut T> {
        self.get_mut(self.len().wrapping_sub(1))
    }

    /// The element at `index` (0 is the front), or `None` if `index >= len()`.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([2, 3]);
    /// d.push_front(1);
    /// assert_eq!(d.get(0), Some(&1));
    /// assert_eq!(d.get(2), Some(&3));
    /// assert_eq!(d.get(3), None);
    /// ```
    #[inline]
    #[must_use]
    pub fn get(&self, index: usize) -> Option<&T> {
        if index < self.len() {
            let at = self.core.physical(index);
            // SAFETY: `index < len`: the slot is initialized; the reference borrows `self`.
            Some(unsafe { &*self.core.as_ptr().add(at) })
        } else {
            None
        }
    }

    /// The element at `index` (0 is the front), mutably, or `None` if `index >= len()`.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// *d.get_mut(1).unwrap() += 5;
    /// assert_eq!(d, [1, 7]);
    /// assert!(d.get_mut(2).is_none());
    /// ```
    #[inline]
    #[must_use]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index < self.len() {
            // SAFETY: `index < len`.
            Some(unsafe { self.get_unchecked_mut(index) })
        } else {
            None
        }
    }

    /// The element at `index`, mutably, without a bounds check.
    ///
    /// # Safety
    ///
    /// - `index < len()`. Checked by a `debug_assert!`.
    #[inline(always)]
    unsafe fn get_unchecked_mut(&mut self, index: usize) -> &mut T {
        debug_assert!(index < self.len());
        let at = self.core.physical(index);
        // SAFETY: `index < len` (caller): the slot is initialized; the reference borrows `self`
        // mutably.
        unsafe { &mut *self.core.as_mut_ptr().add(at) }
    }

    /// Swaps the elements at indices `i` and `j`.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if either index is out of bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// d.swap(0, 2);
    /// assert_eq!(d, [3, 2, 1]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn swap(&mut self, i: usize, j: usize) {
        let len = self.len();
        if i >= len {
            index_out_of_bounds("StackDeque::swap", i, len);
        }
        if j >= len {
            index_out_of_bounds("StackDeque::swap", j, len);
        }
        let (a, b) = (self.core.physical(i), self.core.physical(j));
        let base = self.core.as_mut_ptr();
        // SAFETY: both slots are initialized (indices below `len`); `ptr::swap` allows `a == b`.
        unsafe { ptr::swap(base.add(a), base.add(b)) };
    }

    /// Inserts `value` at `index`, moving the elements on the shorter side of it by one.
    ///
    /// O(min(index, len - index)).
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` or if the deque is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<char, 4> = StackDeque::from_array(['a', 'c']);
    /// d.insert(1, 'b');
    /// d.insert(3, 'd');
    /// assert_eq!(d, ['a', 'b', 'c', 'd']);
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, index: usize, value: T) {
        if self
            .core
            .try_insert("StackDeque::insert", index, value)
            .is_err()
        {
            capacity_overflow("StackDeque::insert", N, N + 1);
        }
    }

    /// Inserts `value` at `index`, or returns it inside the error if the deque is full.
    ///
    /// O(min(index, len - index)).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when the deque is full.
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` (a bug in the caller, not a capacity problem).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::from_array([1, 3]);
    /// assert_eq!(d.try_insert(1, 2).unwrap_err().element(), 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, value: T) -> Result<(), CapacityError<T>> {
        self.core.try_insert("StackDeque::try_insert", index, value)
    }

    /// Inserts `value` at `index`, moving the elements on the shorter side of it by one, and
    /// returns a mutable reference to it.
    ///
    /// O(min(index, len - index)).
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` or if the deque is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 3]);
    /// let x = d.insert_mut(1, 0);
    /// *x += 2;
    /// assert_eq!(d, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "if you don't need a reference to the value, use `insert` instead"]
    pub fn insert_mut(&mut self, index: usize, value: T) -> &mut T {
        if self
            .core
            .try_insert("StackDeque::insert_mut", index, value)
            .is_err()
        {
            capacity_overflow("StackDeque::insert_mut", N, N + 1);
        }
        // SAFETY: the insertion succeeded, so `index < len`.
        unsafe { self.get_unchecked_mut(index) }
    }

    /// Inserts `value` at `index` and returns a mutable reference to it, or returns the value
    /// inside the error if the deque is full.
    ///
    /// O(min(index, len - index)).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when the deque is full.
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` (a bug in the caller, not a capacity problem).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 3> = StackDeque::from_array([1, 3]);
    /// *d.try_insert_mut(1, 0).unwrap() += 2;
    /// assert_eq!(d, [1, 2, 3]);
    /// assert_eq!(d.try_insert_mut(0, 9).unwrap_err().element(), 9);
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_insert_mut(&mut self, index: usize, value: T) -> Result<&mut T, CapacityError<T>> {
        self.core
            .try_insert("StackDeque::try_insert_mut", index, value)?;
        // SAFETY: the insertion succeeded, so `index < len`.
        Ok(unsafe { self.get_unchecked_mut(index) })
    }

    /// Removes and returns the element at `index`, closing the gap from the shorter side; `None`
    /// if `index >= len()`.
    ///
    /// O(min(index, len - index)).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// assert_eq!(d.remove(1), Some(2));
    /// assert_eq!(d.remove(5), None);
    /// assert_eq!(d, [1, 3]);
    /// ```
    #[inline]
    pub fn remove(&mut self, index: usize) -> Option<T> {
        self.core.remove(index)
    }

    /// Removes the element at `index` and puts the front element in its place; `None` if
    /// `index >= len()`.
    ///
    /// O(1); does not preserve order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3, 4]);
    /// assert_eq!(d.swap_remove_front(2), Some(3));
    /// assert_eq!(d, [2, 1, 4]);
    /// ```
    #[inline]
    pub fn swap_remove_front(&mut self, index: usize) -> Option<T> {
        if index >= self.len() {
            return None;
        }
        self.swap(0, index);
        self.pop_front()
    }

    /// Removes the element at `index` and puts the back element in its place; `None` if
    /// `index >= len()`.
    ///
    /// O(1); does not preserve order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3, 4]);
    /// assert_eq!(d.swap_remove_back(1), Some(2));
    /// assert_eq!(d, [1, 4, 3]);
    /// ```
    #[inline]
    pub fn swap_remove_back(&mut self, index: usize) -> Option<T> {
        let len = self.len();
        if index >= len {
            return None;
        }
        self.swap(index, len - 1);
        self.pop_back()
    }

    /// Shortens the deque to `len` elements, dropping the ones at the back. No-op if
    /// `len >= self.len()`.
    ///
    /// O(number of dropped elements). If a destructor panics, the other elements past `len` are
    /// still dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// d.truncate(1);
    /// assert_eq!(d, [1]);
    /// ```
    #[inline]
    pub fn truncate(&mut self, len: usize) {
        self.core.truncate(len);
    }

    /// Drops every element.
    ///
    /// O(len). If a destructor panics, the other elements are still dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// d.clear();
    /// assert!(d.is_empty());
    /// ```
    #[inline]
    pub fn clear(&mut self) {
        self.core.clear();
    }

    /// `true` if the deque contains an element equal to `x`.
    ///
    /// O(len).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// assert!(d.contains(&2) && !d.contains(&3));
    /// ```
    #[must_use]
    pub fn contains(&self, x: &T) -> bool
    where
        T: PartialEq,
    {
        let (a, b) = self.as_slices();
        a.contains(x) || b.contains(x)
    }

    /// The elements, front to back, as two slices: from the front up to the end of the buffer,
    /// then the part that wrapped around to its start (empty unless the elements wrap).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([2, 3]);
    /// assert_eq!(d.as_slices(), (&[2, 3][..], &[][..]));
    /// d.push_front(1); // goes to the last slot of the buffer
    /// assert_eq!(d.as_slices(), (&[1][..], &[2, 3][..]));
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_slices(&self) -> (&[T], &[T]) {
        self.core.as_slices()
    }

    /// The elements, front to back, as two mutable slices; see [`as_slices`](Self::as_slices).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([2, 3]);
    /// d.push_front(1);
    /// let (front, back) = d.as_mut_slices();
    /// front[0] = 0;
    /// back[1] = 9;
    /// assert_eq!(d, [0, 2, 9]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_mut_slices(&mut self) -> (&mut [T], &mut [T]) {
        self.core.as_mut_slices()
    }

    /// Moves the elements so that they are contiguous, and returns them as one slice, front to
    /// back. Use it to sort the deque or to pass it where a slice is expected.
    ///
    /// O(len) in most cases; when the buffer is nearly full and the elements wrap, the whole
    /// buffer is rotated, O(N). Nothing moves if the elements are already contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([3, 1]);
    /// d.push_front(2);
    /// d.make_contiguous().sort();
    /// assert_eq!(d.as_slices(), (&[1, 2, 3][..], &[][..]));
    /// ```
    #[inline]
    pub fn make_contiguous(&mut self) -> &mut [T] {
        self.core.make_contiguous()
    }

    /// Rotates the deque `n` places to the left: the first `n` elements move to the back.
    ///
    /// O(min(n, len - n)); O(1) when the deque is full.
    ///
    /// # Panics
    ///
    /// Panics if `n > len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4, 5]);
    /// d.rotate_left(2);
    /// assert_eq!(d, [3, 4, 5, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn rotate_left(&mut self, n: usize) {
        let len = self.len();
        if n > len {
            rotation_out_of_bounds("StackDeque::rotate_left", n, len);
        }
        self.core.rotate_left(n);
    }

    /// Rotates the deque `n` places to the right: the last `n` elements move to the front.
    ///
    /// O(min(n, len - n)); O(1) when the deque is full.
    ///
    /// # Panics
    ///
    /// Panics if `n > len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4, 5]);
    /// d.rotate_right(2);
    /// assert_eq!(d, [4, 5, 1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn rotate_right(&mut self, n: usize) {
        let len = self.len();
        if n > len {
            rotation_out_of_bounds("StackDeque::rotate_right", n, len);
        }
        self.core.rotate_right(n);
    }

    /// An iterator over the elements, front to back, by reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// assert_eq!(d.iter().rev().copied().collect::<Vec<_>>(), [3, 2, 1]);
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, T> {
        let (a, b) = self.as_slices();
        Iter::new(a, b)
    }

    /// An iterator over the elements, front to back, by mutable reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    /// d.iter_mut().for_each(|x| *x += 1);
    /// assert_eq!(d, [2, 3]);
    /// ```
    #[inline]
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let (a, b) = self.as_mut_slices();
        IterMut::new(a, b)
    }

    /// An iterator over the elements in `range` (indices from the front), by reference.
    ///
    /// # Panics
    ///
    /// Panics if the range is decreasing or its end is past `len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4]);
    /// assert_eq!(d.range(1..3).copied().collect::<Vec<_>>(), [2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn range<R: RangeBounds<usize>>(&self, range: R) -> Iter<'_, T> {
        let range = resolve_range(range, self.len());
        let (a, b) = self.core.range_slices(range.start, range.end);
        Iter::new(a, b)
    }

    /// An iterator over the elements in `range` (indices from the front), by mutable reference.
    ///
    /// # Panics
    ///
    /// Panics if the range is decreasing or its end is past `len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4]);
    /// d.range_mut(2..).for_each(|x| *x = 0);
    /// assert_eq!(d, [1, 2, 0, 0]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn range_mut<R: RangeBounds<usize>>(&mut self, range: R) -> IterMut<'_, T> {
        let range = resolve_range(range, self.len());
        let (a, b) = self.core.range_slices_mut(range.start, range.end);
        IterMut::new(a, b)
    }

    /// Keeps only the elements for which `keep` returns `true`, in order; drops the others.
    ///
    /// O(len). Visits each element exactly once, front to back. If `keep` or a destructor panics,
    /// the deque holds the elements kept so far followed by the unvisited ones (and the one being
    /// visited, if `keep` panicked); nothing is dropped twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4, 5]);
    /// d.retain(|x| x % 2 == 1);
    /// assert_eq!(d, [1, 3, 5]);
    /// ```
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut keep: F) {
        self.retain_mut(|x| keep(x));
    }

    /// Like [`retain`](Self::retain), but `keep` gets a mutable reference to each element.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4]);
    /// d.retain_mut(|x| {
    ///     *x *= 10;
    ///     *x > 10
    /// });
    /// assert_eq!(d, [20, 30, 40]);
    /// ```
    pub fn retain_mut<F: FnMut(&mut T) -> bool>(&mut self, mut keep: F) {
        /// Restores a consistent deque when `keep` or a destructor panics, and at the end: the
        /// unvisited elements `[read, original_len)` move down to `write`.
        struct Guard<'a, T, const N: usize> {
            core: &'a mut RingCore<T, N>,
            head: usize,
            read: usize,
            write: usize,
            original_len: usize,
        }
        impl<T, const N: usize> Drop for Guard<'_, T, N> {
            fn drop(&mut self) {
                let unvisited = self.original_len - self.read;
                let base = self.core.as_mut_ptr();
                // SAFETY: logical `[read, original_len)` is initialized and unvisited; `[write,
                // read)` holds only vacated slots, so moving the unvisited ones back by
                // `read - write` (a valid `wrap_copy`: `unvisited + (read - write) <= N`)
                // duplicates nothing. The length then covers the kept and unvisited elements.
                unsafe {
                    RingCore::<T, N>::wrap_copy(
                        base,
                        RingCore::<T, N>::wrap_add(self.head, self.read),
                        RingCore::<T, N>::wrap_add(self.head, self.write),
                        unvisited,
                    );
                    self.core.set_len(self.write + unvisited);
                }
            }
        }

        let original_len = self.len();
        let head = self.core.head();
        // Hand the elements to the guard: while `keep` runs, the deque owns none of them, so a
        // panic can neither expose a vacated slot nor drop a value twice.
        // SAFETY: 0 <= N; the guard sets the length back.
        unsafe { self.core.set_len(0) };
        let mut g = Guard {
            core: &mut self.core,
            head,
            read: 0,
            write: 0,
            original_len,
        };
        let base = g.core.as_mut_ptr();
        while g.read < original_len {
            let cur = RingCore::<T, N>::wrap_add(head, g.read);
            // SAFETY: `read < original_len`: an initialized, unvisited element, borrowed only for
            // the call.
            let kept = keep(unsafe { &mut *base.add(cur) });
            g.read += 1;
            if kept {
                if g.write + 1 != g.read {
                    let to = RingCore::<T, N>::wrap_add(head, g.write);
                    // SAFETY: `write < read - 1`: the destination slot was vacated; the two slots
                    // are distinct.
                    unsafe { ptr::copy_nonoverlapping(base.add(cur), base.add(to), 1) };
                }
                g.write += 1;
            } else {
                // SAFETY: the element is initialized and, with `read` past it, counted as removed;
                // dropped once even if its destructor panics.
                unsafe { ptr::drop_in_place(base.add(cur)) };
            }
        }
    }

    /// Removes the elements in `range` and returns them as an iterator.
    ///
    /// When the [`Drain`] is dropped, even if it was not fully consumed, the un-yielded elements
    /// of the range are dropped and the gap is closed by moving the shorter of the two remaining
    /// parts. If the `Drain` is leaked (`mem::forget`), the deque keeps only the elements before
    /// the range (no undefined behaviour, but the rest is leaked).
    ///
    /// O(len) in total.
    ///
    /// # Panics
    ///
    /// Panics if the range is decreasing or its end is past `len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4, 5]);
    /// let middle: Vec<u8> = d.drain(1..4).collect();
    /// assert_eq!(middle, [2, 3, 4]);
    /// assert_eq!(d, [1, 5]);
    /// ```
    #[track_caller]
    pub fn drain<R: RangeBounds<usize>>(&mut self, range: R) -> Drain<'_, T, N> {
        let range = resolve_range(range, self.len());
        Drain::new(self, range)
    }

    /// Splits the deque in two at `at`: `self` keeps `[0, at)`, the returned deque gets the rest.
    ///
    /// O(len - at).
    ///
    /// # Panics
    ///
    /// Panics if `at > len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// let tail = d.split_off(1);
    /// assert_eq!(d, [1]);
    /// assert_eq!(tail, [2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "use `.truncate()` if you don't need the other half"]
    pub fn split_off(&mut self, at: usize) -> Self {
        let len = self.len();
        if at > len {
            index_out_of_bounds("StackDeque::split_off", at, len);
        }
        let mut other = Self::new();
        let (a, b) = self.core.range_slices(at, len);
        let (a, b) = (ptr::from_ref(a), ptr::from_ref(b));
        // SAFETY: the `len - at <= N` values of `[at, len)` move into the empty `other` (distinct
        // buffers), and `self` forgets them by lowering its length, so each has one owner.
        unsafe {
            other.core.move_in_back(a.cast::<T>(), a.len());
            other.core.move_in_back(b.cast::<T>(), b.len());
            self.core.set_len(at);
        }
        other
    }

    /// Moves all elements of `other` to the back of `self`, leaving `other` empty.
    ///
    /// O(other.len()).
    ///
    /// # Panics
    ///
    /// Panics if the elements do not fit; both deques are then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut a: StackDeque<u8, 4> = StackDeque::from_array([1]);
    /// let mut b: StackDeque<u8, 2> = StackDeque::from_array([2, 3]);
    /// a.append(&mut b);
    /// assert_eq!(a, [1, 2, 3]);
    /// assert!(b.is_empty());
    /// ```
    #[inline]
    #[track_caller]
    pub fn append<const M: usize>(&mut self, other: &mut StackDeque<T, M>) {
        if self.try_append(other).is_err() {
            capacity_overflow("StackDeque::append", N, self.len() + other.len());
        }
    }

    /// Moves all elements of `other` to the back of `self` if they all fit; otherwise changes
    /// nothing.
    ///
    /// O(other.len()).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `self.len() + other.len() > N`; both deques are unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut a: StackDeque<u8, 2> = StackDeque::from_array([1]);
    /// let mut b: StackDeque<u8, 2> = StackDeque::from_array([2, 3]);
    /// assert!(a.try_append(&mut b).is_err());
    /// assert_eq!((a.len(), b.len()), (1, 2));
    /// ```
    #[inline]
    pub fn try_append<const M: usize>(
        &mut self,
        other: &mut StackDeque<T, M>,
    ) -> Result<(), CapacityError> {
        if other.len() > self.remaining_capacity() {
            return Err(CapacityError::new((), N));
        }
        let (a, b) = other.as_slices();
        let (a, b) = (ptr::from_ref(a), ptr::from_ref(b));
        // SAFETY: the values fit; they move from `other` (which then forgets them: its length
        // drops to 0) to the back of `self`; distinct buffers.
        unsafe {
            self.core.move_in_back(a.cast::<T>(), a.len());
            self.core.move_in_back(b.cast::<T>(), b.len());
            other.core.set_len(0);
            other.core.set_head(0);
        }
        Ok(())
    }

    /// Resizes to `new_len`, appending values returned by `f` at the back, or truncating.
    ///
    /// O(|new_len - len|).
    ///
    /// # Panics
    ///
    /// Panics if `new_len > N`, before calling `f`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u32, 8> = StackDeque::new();
    /// let mut next = 0;
    /// d.resize_with(3, || { next += 1; next });
    /// assert_eq!(d, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn resize_with<F: FnMut() -> T>(&mut self, new_len: usize, f: F) {
        if self.try_resize_with(new_len, f).is_err() {
            capacity_overflow("StackDeque::resize_with", N, new_len);
        }
    }

    /// Like [`resize_with`](Self::resize_with), but returns an error instead of panicking.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `new_len > N`; the deque is unchanged and `f` is not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u32, 2> = StackDeque::new();
    /// assert!(d.try_resize_with(3, || 0).is_err());
    /// assert!(d.is_empty());
    /// ```
    #[inline]
    pub fn try_resize_with<F: FnMut() -> T>(
        &mut self,
        new_len: usize,
        mut f: F,
    ) -> Result<(), CapacityError> {
        if new_len > N {
            return Err(CapacityError::new((), N));
        }
        self.truncate(new_len);
        while self.len() < new_len {
            // SAFETY: `len < new_len <= N`.
            unsafe { self.core.push_back_unchecked(f()) };
        }
        Ok(())
    }

    /// Appends every element the iterator yields at the back while there is room.
    ///
    /// The values already appended stay when capacity runs out; the value that did not fit comes
    /// back in the error, and the iterator keeps the rest (pass `iter.by_ref()` to reuse it).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first value that did not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u32, 3> = StackDeque::new();
    /// let mut source = 1..=5;
    /// let err = d.try_extend(source.by_ref()).unwrap_err();
    /// assert_eq!(d, [1, 2, 3]);
    /// assert_eq!(err.element(), 4);
    /// assert_eq!(source.next(), Some(5));
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<T>> {
        for value in iter {
            self.core.try_push_back(value)?;
        }
        Ok(())
    }

    /// Collects an iterator into a new deque, failing when it yields more than `N` values.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first value that did not fit (the values collected so far
    /// are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let ok = StackDeque::<u32, 4>::try_from_iter(0..4).unwrap();
    /// assert_eq!(ok, [0, 1, 2, 3]);
    /// assert_eq!(StackDeque::<u32, 4>::try_from_iter(0..10).unwrap_err().element(), 4);
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = T>>(iter: I) -> Result<Self, CapacityError<T>> {
        let mut d = Self::new();
        d.try_extend(iter)?;
        Ok(d)
    }

    /// Binary searches this sorted deque for an element for which `f` returns `Equal`.
    ///
    /// `f` compares an element to the target, like
    /// [`slice::binary_search_by`](https://doc.rust-lang.org/std/primitive.slice.html#method.binary_search_by).
    /// If several elements match, any one of them may be returned.
    ///
    /// O(log len).
    ///
    /// # Errors
    ///
    /// `Err(index)`: no element matched, and `index` is where the target could be inserted
    /// keeping the order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u32, 8> = StackDeque::from_array([5, 8]);
    /// d.push_front(3);
    /// d.push_front(1);
    /// assert_eq!(d.binary_search_by(|x| x.cmp(&5)), Ok(2));
    /// assert_eq!(d.binary_search_by(|x| x.cmp(&4)), Err(2));
    /// ```
    pub fn binary_search_by<F>(&self, mut f: F) -> Result<usize, usize>
    where
        F: FnMut(&T) -> Ordering,
    {
        let (a, b) = self.as_slices();
        match b.first() {
            // The target is at or after the start of the wrapped part: search there.
            Some(first) if f(first) != Ordering::Greater => b
                .binary_search_by(f)
                .map(|i| i + a.len())
                .map_err(|i| i + a.len()),
            _ => a.binary_search_by(f),
        }
    }

    /// Binary searches this sorted deque for `x`; see
    /// [`binary_search_by`](Self::binary_search_by).
    ///
    /// # Errors
    ///
    /// `Err(index)`: `x` is not in the deque, and `index` is where it could be inserted keeping
    /// the order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u32, 8> = StackDeque::from_array([1, 3, 5]);
    /// assert_eq!(d.binary_search(&3), Ok(1));
    /// assert_eq!(d.binary_search(&6), Err(3));
    /// ```
    pub fn binary_search(&self, x: &T) -> Result<usize, usize>
    where
        T: Ord,
    {
        self.binary_search_by(|e| e.cmp(x))
    }

    /// Binary searches this deque, sorted by `key`, for `b`; see
    /// [`binary_search_by`](Self::binary_search_by).
    ///
    /// # Errors
    ///
    /// `Err(index)`: no element has the key `b`, and `index` is where one could be inserted
    /// keeping the order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<(u8, char), 8> = StackDeque::from_array([(1, 'a'), (4, 'b')]);
    /// assert_eq!(d.binary_search_by_key(&4, |&(k, _)| k), Ok(1));
    /// ```
    pub fn binary_search_by_key<B, F>(&self, b: &B, mut key: F) -> Result<usize, usize>
    where
        F: FnMut(&T) -> B,
        B: Ord,
    {
        self.binary_search_by(|e| key(e).cmp(b))
    }

    /// The index of the first element for which `pred` is `false`, in a deque partitioned so
    /// that `pred` is `true` for a prefix and `false` for the rest.
    ///
    /// O(log len).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u32, 8> = StackDeque::from_array([1, 2, 3, 7, 9]);
    /// assert_eq!(d.partition_point(|&x| x < 5), 3);
    /// ```
    pub fn partition_point<P>(&self, mut pred: P) -> usize
    where
        P: FnMut(&T) -> bool,
    {
        let (a, b) = self.as_slices();
        match b.first() {
            Some(first) if pred(first) => a.len() + b.partition_point(pred),
            _ => a.partition_point(pred),
        }
    }
}

impl<T: Clone, const N: usize> StackDeque<T, N> {
    /// Resizes to `new_len`, appending clones of `value` at the back, or truncating.
    ///
    /// O(|new_len - len|).
    ///
    /// # Panics
    ///
    /// Panics if `new_len > N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1]);
    /// d.resize(3, 0);
    /// assert_eq!(d, [1, 0, 0]);
    /// d.resize(2, 9);
    /// assert_eq!(d, [1, 0]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn resize(&mut self, new_len: usize, value: T) {
        if self.try_resize(new_len, value).is_err() {
            capacity_overflow("StackDeque::resize", N, new_len);
        }
    }

    /// Like [`resize`](Self::resize), but returns `value` inside an error when `new_len > N`; the
    /// deque is then unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `new_len > N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 2> = StackDeque::new();
    /// assert_eq!(d.try_resize(3, 7).unwrap_err().element(), 7);
    /// ```
    #[inline]
    pub fn try_resize(&mut self, new_len: usize, value: T) -> Result<(), CapacityError<T>> {
        if new_len > N {
            return Err(CapacityError::new(value, N));
        }
        let len = self.len();
        if new_len <= len {
            self.truncate(new_len);
        } else {
            for _ in len + 1..new_len {
                // SAFETY: at most `new_len - len - 1` clones, then `value`: `new_len <= N` in all.
                unsafe { self.core.push_back_unchecked(value.clone()) };
            }
            // SAFETY: as above, the last slot.
            unsafe { self.core.push_back_unchecked(value) };
        }
        Ok(())
    }
}

impl<T, const N: usize> Drop for StackDeque<T, N> {
    #[inline]
    fn drop(&mut self) {
        self.core.truncate(0);
    }
}

/// Panics for a rotation by more than the length; cold and out of line.
#[cold]
#[inline(never)]
#[track_caller]
fn rotation_out_of_bounds(operation: &'static str, n: usize, len: usize) -> ! {
    panic!("{operation}: cannot rotate by {n} (len {len})")
}
