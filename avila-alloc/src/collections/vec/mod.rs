//! [`StackVec<T, N>`]: a vector with inline storage for `N` elements.

mod drain;
mod extract_if;
#[cfg(feature = "heapless")]
mod heapless;
mod into_iter;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::RangeBounds;
use core::ptr;

pub use self::drain::Drain;
pub use self::extract_if::ExtractIf;
pub use self::into_iter::IntoIter;
use super::core::{ArrayCore, index_out_of_bounds, resolve_range};
use crate::error::{CapacityError, capacity_overflow};

/// A vector with a fixed capacity of `N` elements, stored inline (on the stack, in a `static`, or
/// inside another value). It never allocates.
///
/// `StackVec` has the API of [`Vec`](https://doc.rust-lang.org/std/vec/struct.Vec.html) wherever
/// it makes sense at a fixed capacity, and dereferences to a slice, so every slice method is
/// available too. Operations that would grow the vector past `N` come in two forms:
///
/// - `try_*` methods return [`CapacityError`], with the rejected value inside;
/// - the plain methods (`push`, `insert`, `extend_from_slice`, `Extend`, ...) panic with a message
///   naming the method and the capacity.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackVec;
///
/// let mut v: StackVec<i32, 4> = StackVec::new();
/// v.push(1);
/// v.extend_from_slice(&[2, 3]);
/// assert_eq!(v, [1, 2, 3]);
/// assert_eq!(v.iter().sum::<i32>(), 6); // slice methods through Deref
///
/// v.push(4);
/// assert!(v.is_full());
/// let err = v.try_push(5).unwrap_err();
/// assert_eq!(err.element(), 5); // the value comes back
/// ```
///
/// In a `static` (every constructor that does not need `T: Clone` is `const`):
///
/// ```
/// use avila_alloc::StackVec;
///
/// static PRIMES: StackVec<u32, 8> = StackVec::from_array([2, 3, 5, 7]);
/// assert_eq!(PRIMES.len(), 4);
/// assert_eq!(PRIMES.capacity(), 8);
/// ```
///
/// # Layout and cost
///
/// A `StackVec<T, N>` is a `usize` length plus `[T; N]` worth of storage. Moving it copies the
/// whole buffer, like moving an array. Every operation is O(1) except the ones that shift or
/// visit elements (`insert`, `remove`, `retain`, `drain`, ...), which are O(len).
pub struct StackVec<T, const N: usize> {
    pub(in crate::collections) core: ArrayCore<T, N>,
}

impl<T, const N: usize> StackVec<T, N> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty vector. `const`, so it can initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let v: StackVec<u8, 16> = StackVec::new();
    /// assert!(v.is_empty());
    /// assert_eq!(v.capacity(), 16);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            core: ArrayCore::new(),
        }
    }

    /// Creates a vector holding the `M` values of `array`, with capacity `N >= M`.
    ///
    /// `M > N` is a compile-time error. When `M == N`, [`From<[T; N]>`](#impl-From<%5BT;+N%5D>-for-StackVec<T,+N>)
    /// does the same with less typing.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let v: StackVec<char, 8> = StackVec::from_array(['a', 'b']);
    /// assert_eq!(v, ['a', 'b']);
    /// ```
    ///
    /// ```compile_fail
    /// use avila_alloc::StackVec;
    /// // Three values do not fit into a capacity of two.
    /// let v: StackVec<u8, 2> = StackVec::from_array([1, 2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_array<const M: usize>(array: [T; M]) -> Self {
        Self {
            core: ArrayCore::from_array(array),
        }
    }

    /// Returns the elements as an array if the vector is full, or the vector back if not.
    ///
    /// # Errors
    ///
    /// Returns `Err(self)` when `len() < N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let v: StackVec<u8, 3> = StackVec::from([1, 2, 3]);
    /// assert_eq!(v.into_inner(), Ok([1, 2, 3]));
    ///
    /// let partial: StackVec<u8, 3> = StackVec::from_array([1]);
    /// assert_eq!(partial.into_inner().unwrap_err(), [1]);
    /// ```
    #[inline]
    pub fn into_inner(self) -> Result<[T; N], Self> {
        self.into_array::<N>()
    }

    /// Returns the elements as an array of exactly `M` elements, or the vector back if
    /// `len() != M`.
    ///
    /// # Errors
    ///
    /// Returns `Err(self)` when `len() != M`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::new();
    /// v.extend_from_slice(&[7, 8]);
    /// let pair: [u8; 2] = v.into_array().unwrap();
    /// assert_eq!(pair, [7, 8]);
    /// ```
    #[inline]
    pub fn into_array<const M: usize>(self) -> Result<[T; M], Self> {
        if self.len() != M {
            return Err(self);
        }
        let this = ManuallyDrop::new(self);
        // SAFETY: exactly `M` values are initialized at the start of the buffer, which has room
        // for `N >= M` of them; they are read once into the array, and `this` is never dropped,
        // so ownership moves to the array.
        Ok(unsafe { this.as_ptr().cast::<[T; M]>().read() })
    }

    /// Returns the full buffer as an array without checking that the vector is full.
    ///
    /// # Safety
    ///
    /// - `self.len() == N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let v: StackVec<u8, 2> = StackVec::from([4, 2]);
    /// assert!(v.is_full());
    /// // SAFETY: the vector is full.
    /// let array = unsafe { v.into_inner_unchecked() };
    /// assert_eq!(array, [4, 2]);
    /// ```
    #[inline]
    pub unsafe fn into_inner_unchecked(self) -> [T; N] {
        debug_assert!(self.is_full());
        let this = ManuallyDrop::new(self);
        // SAFETY: the caller guarantees all `N` values are initialized; `this` is never dropped.
        unsafe { this.as_ptr().cast::<[T; N]>().read() }
    }

    /// The number of elements in the vector.
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.core.len()
    }

    /// `true` if the vector holds no element.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.core.len() == 0
    }

    /// `true` if the vector holds `N` elements: the next `push` would fail.
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

    /// The elements as a slice (also available through `Deref`).
    #[inline(always)]
    #[must_use]
    pub const fn as_slice(&self) -> &[T] {
        self.core.as_slice()
    }

    /// The elements as a mutable slice (also available through `DerefMut`).
    #[inline(always)]
    #[must_use]
    pub const fn as_mut_slice(&mut self) -> &mut [T] {
        self.core.as_mut_slice()
    }

    /// A raw pointer to the buffer. The first `len()` elements behind it are initialized.
    ///
    /// The pointer is valid while the vector is neither moved nor mutably borrowed.
    #[inline(always)]
    #[must_use]
    pub const fn as_ptr(&self) -> *const T {
        self.core.as_ptr()
    }

    /// A raw mutable pointer to the buffer of `N` slots. The first `len()` are initialized.
    ///
    /// Write through it and then call [`set_len`](Self::set_len) to fill the vector without
    /// bounds checks. The pointer is valid while the vector is neither moved nor borrowed again.
    #[inline(always)]
    #[must_use]
    pub const fn as_mut_ptr(&mut self) -> *mut T {
        self.core.as_mut_ptr()
    }

    /// The unused part of the buffer, to be filled before a call to [`set_len`](Self::set_len).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u32, 4> = StackVec::from_array([1]);
    /// let spare = v.spare_capacity_mut();
    /// assert_eq!(spare.len(), 3);
    /// spare[0].write(2);
    /// // SAFETY: the element at index 1 was just initialized.
    /// unsafe { v.set_len(2) };
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[inline]
    pub fn spare_capacity_mut(&mut self) -> &mut [MaybeUninit<T>] {
        self.core.spare_capacity_mut()
    }

    /// Sets the length without dropping or initializing anything.
    ///
    /// # Safety
    ///
    /// - `new_len <= N`;
    /// - the elements at `old_len..new_len` are initialized;
    /// - when shrinking, the elements at `new_len..old_len` are treated as moved out: they will not
    ///   be dropped by the vector.
    #[inline]
    pub const unsafe fn set_len(&mut self, new_len: usize) {
        // SAFETY: forwarded to the caller.
        unsafe { self.core.set_len(new_len) }
    }

    /// Appends `value` at the end.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the vector is full. Use [`try_push`](Self::try_push) to get the value back
    /// instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<&str, 2> = StackVec::new();
    /// v.push("a");
    /// v.push("b");
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn push(&mut self, value: T) {
        if self.core.try_push(value).is_err() {
            capacity_overflow("StackVec::push", N, N + 1)
        }
    }

    /// Appends `value`, or returns it inside the error if the vector is full.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 1> = StackVec::new();
    /// assert!(v.try_push(1).is_ok());
    /// assert_eq!(v.try_push(2).unwrap_err().element(), 2);
    /// ```
    #[inline(always)]
    pub fn try_push(&mut self, value: T) -> Result<(), CapacityError<T>> {
        self.core.try_push(value)
    }

    /// Appends `value` at the end and returns a mutable reference to it.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if the vector is full. Use [`try_push_mut`](Self::try_push_mut) to get the value
    /// back instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2]);
    /// let last = v.push_mut(3);
    /// *last += 10;
    /// assert_eq!(v, [1, 2, 13]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "if you don't need a reference to the value, use `push` instead"]
    pub fn push_mut(&mut self, value: T) -> &mut T {
        if self.core.try_push(value).is_err() {
            capacity_overflow("StackVec::push_mut", N, N + 1)
        }
        let last = self.len() - 1;
        // SAFETY: the push succeeded, so `last < len`.
        unsafe { self.as_mut_slice().get_unchecked_mut(last) }
    }

    /// Appends `value` and returns a mutable reference to it, or returns the value inside the
    /// error if the vector is full.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 2> = StackVec::from_array([1]);
    /// *v.try_push_mut(2).unwrap() += 10;
    /// assert_eq!(v, [1, 12]);
    /// assert_eq!(v.try_push_mut(3).unwrap_err().element(), 3);
    /// ```
    #[inline]
    pub fn try_push_mut(&mut self, value: T) -> Result<&mut T, CapacityError<T>> {
        self.core.try_push(value)?;
        let last = self.len() - 1;
        // SAFETY: the push succeeded, so `last < len`.
        Ok(unsafe { self.as_mut_slice().get_unchecked_mut(last) })
    }

    /// Appends `value` without checking capacity.
    ///
    /// # Safety
    ///
    /// - `len() < N`. Checked by a `debug_assert!`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::new();
    /// for b in 0..4 {
    ///     // SAFETY: at most 4 pushes into a capacity of 4.
    ///     unsafe { v.push_unchecked(b) };
    /// }
    /// assert!(v.is_full());
    /// ```
    #[inline(always)]
    pub const unsafe fn push_unchecked(&mut self, value: T) {
        // SAFETY: forwarded to the caller.
        unsafe { self.core.push_unchecked(value) }
    }

    /// Removes and returns the last element, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2]);
    /// assert_eq!(v.pop(), Some(2));
    /// assert_eq!(v.pop(), Some(1));
    /// assert_eq!(v.pop(), None);
    /// ```
    #[inline(always)]
    pub fn pop(&mut self) -> Option<T> {
        self.core.pop()
    }

    /// Removes and returns the last element if `predicate` returns `true` for it.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<i32, 4> = StackVec::from_array([1, 2, 3, 4]);
    /// assert_eq!(v.pop_if(|x| *x % 2 == 0), Some(4));
    /// assert_eq!(v.pop_if(|x| *x % 2 == 0), None);
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[inline]
    pub fn pop_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T> {
        let last = self.last_mut()?;
        if predicate(last) { self.pop() } else { None }
    }

    /// Inserts `value` at `index`, shifting the following elements right.
    ///
    /// O(len - index).
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` or if the vector is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<char, 4> = StackVec::from_array(['a', 'c']);
    /// v.insert(1, 'b');
    /// v.insert(3, 'd');
    /// assert_eq!(v, ['a', 'b', 'c', 'd']);
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, index: usize, value: T) {
        if self
            .core
            .try_insert("StackVec::insert", index, value)
            .is_err()
        {
            capacity_overflow("StackVec::insert", N, N + 1);
        }
    }

    /// Inserts `value` at `index`, or returns it inside the error if the vector is full.
    ///
    /// O(len - index).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when the vector is full.
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` (a bug in the caller, not a capacity problem).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 2> = StackVec::from_array([1, 3]);
    /// assert_eq!(v.try_insert(1, 2).unwrap_err().element(), 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, value: T) -> Result<(), CapacityError<T>> {
        self.core.try_insert("StackVec::try_insert", index, value)
    }

    /// Inserts `value` at `index`, shifting the following elements right, and returns a mutable
    /// reference to it.
    ///
    /// O(len - index).
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` or if the vector is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 3]);
    /// let x = v.insert_mut(1, 0);
    /// *x += 2;
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "if you don't need a reference to the value, use `insert` instead"]
    pub fn insert_mut(&mut self, index: usize, value: T) -> &mut T {
        if self
            .core
            .try_insert("StackVec::insert_mut", index, value)
            .is_err()
        {
            capacity_overflow("StackVec::insert_mut", N, N + 1);
        }
        // SAFETY: the insertion succeeded, so `index < len`.
        unsafe { self.as_mut_slice().get_unchecked_mut(index) }
    }

    /// Inserts `value` at `index` and returns a mutable reference to it, or returns the value
    /// inside the error if the vector is full.
    ///
    /// O(len - index).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when the vector is full.
    ///
    /// # Panics
    ///
    /// Panics if `index > len()` (a bug in the caller, not a capacity problem).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 3> = StackVec::from_array([1, 3]);
    /// *v.try_insert_mut(1, 0).unwrap() += 2;
    /// assert_eq!(v, [1, 2, 3]);
    /// assert_eq!(v.try_insert_mut(0, 9).unwrap_err().element(), 9);
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_insert_mut(&mut self, index: usize, value: T) -> Result<&mut T, CapacityError<T>> {
        self.core
            .try_insert("StackVec::try_insert_mut", index, value)?;
        // SAFETY: the insertion succeeded, so `index < len`.
        Ok(unsafe { self.as_mut_slice().get_unchecked_mut(index) })
    }

    /// Removes and returns the element at `index`, shifting the following elements left.
    ///
    /// O(len - index).
    ///
    /// # Panics
    ///
    /// Panics if `index >= len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    /// assert_eq!(v.remove(0), 1);
    /// assert_eq!(v, [2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> T {
        self.core.remove("StackVec::remove", index)
    }

    /// Removes and returns the element at `index`, moving the last element into its place.
    ///
    /// O(1); does not preserve order.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3, 4]);
    /// assert_eq!(v.swap_remove(0), 1);
    /// assert_eq!(v, [4, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn swap_remove(&mut self, index: usize) -> T {
        self.core.swap_remove("StackVec::swap_remove", index)
    }

    /// Shortens the vector to `len` elements, dropping the rest. No-op if `len >= self.len()`.
    ///
    /// O(number of dropped elements).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    /// v.truncate(1);
    /// assert_eq!(v, [1]);
    /// v.truncate(5);
    /// assert_eq!(v, [1]);
    /// ```
    #[inline]
    pub fn truncate(&mut self, len: usize) {
        self.core.truncate(len);
    }

    /// Removes and drops every element.
    #[inline]
    pub fn clear(&mut self) {
        self.core.truncate(0);
    }

    /// Keeps only the elements for which `keep` returns `true`, in order.
    ///
    /// O(len). Each element is visited exactly once.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4, 5]);
    /// v.retain(|x| x % 2 == 1);
    /// assert_eq!(v, [1, 3, 5]);
    /// ```
    #[inline]
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut keep: F) {
        self.retain_mut(|x| keep(x));
    }

    /// Keeps only the elements for which `keep` returns `true`, passing each by `&mut`.
    ///
    /// O(len). If `keep` or a destructor panics, the vector stays valid: the elements not yet
    /// visited are kept and nothing is dropped twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4]);
    /// v.retain_mut(|x| {
    ///     *x *= 10;
    ///     *x > 15
    /// });
    /// assert_eq!(v, [20, 30, 40]);
    /// ```
    pub fn retain_mut<F: FnMut(&mut T) -> bool>(&mut self, mut keep: F) {
        /// Restores a consistent vector when `keep` or a destructor panics, and at the end.
        struct Guard<'a, T, const N: usize> {
            vec: &'a mut StackVec<T, N>,
            processed: usize,
            deleted: usize,
            original_len: usize,
        }
        impl<T, const N: usize> Drop for Guard<'_, T, N> {
            fn drop(&mut self) {
                let unprocessed = self.original_len - self.processed;
                // SAFETY: `[processed, original_len)` holds unvisited, initialized values; they
                // move down over the `deleted` holes, which lie just before them.
                unsafe {
                    if self.deleted > 0 && unprocessed > 0 {
                        let base = self.vec.as_mut_ptr();
                        ptr::copy(
                            base.add(self.processed),
                            base.add(self.processed - self.deleted),
                            unprocessed,
                        );
                    }
                    self.vec.core.set_len(self.original_len - self.deleted);
                }
            }
        }

        let original_len = self.len();
        // Look empty while elements are moved around, so a leak of the guard cannot expose holes.
        // SAFETY: 0 <= N; the guard restores the right length on every exit path.
        unsafe { self.core.set_len(0) };
        let mut g = Guard {
            vec: self,
            processed: 0,
            deleted: 0,
            original_len,
        };
        let base = g.vec.as_mut_ptr();
        while g.processed < original_len {
            // SAFETY: `processed < original_len`: the slot holds a value not yet visited.
            let cur = unsafe { &mut *base.add(g.processed) };
            if keep(cur) {
                if g.deleted > 0 {
                    // SAFETY: the destination hole is inside the buffer and was vacated (dropped
                    // or moved); source and destination differ since `deleted > 0`.
                    unsafe { ptr::copy_nonoverlapping(cur, base.add(g.processed - g.deleted), 1) };
                }
                g.processed += 1;
            } else {
                // Count it as gone before dropping, so a panicking destructor is not retried.
                g.processed += 1;
                g.deleted += 1;
                // SAFETY: the value is initialized and, being counted as deleted, dropped once.
                unsafe { ptr::drop_in_place(cur) };
            }
        }
    }

    /// Removes consecutive repeated elements, keeping the first of each run.
    ///
    /// O(len).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 1, 2, 2, 2, 1]);
    /// v.dedup();
    /// assert_eq!(v, [1, 2, 1]);
    /// ```
    #[inline]
    pub fn dedup(&mut self)
    where
        T: PartialEq,
    {
        self.dedup_by(|a, b| a == b);
    }

    /// Removes consecutive elements that map to the same key.
    ///
    /// O(len).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<i32, 8> = StackVec::from_array([10, 11, 20, 21, 30]);
    /// v.dedup_by_key(|x| *x / 10);
    /// assert_eq!(v, [10, 20, 30]);
    /// ```
    #[inline]
    pub fn dedup_by_key<K: PartialEq, F: FnMut(&mut T) -> K>(&mut self, mut key: F) {
        self.dedup_by(|a, b| key(a) == key(b));
    }

    /// Removes consecutive elements for which `same_bucket(current, previous_kept)` is `true`.
    ///
    /// O(len). If `same_bucket` or a destructor panics, the vector stays valid and nothing is
    /// dropped twice.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<&str, 8> = StackVec::from_array(["a", "A", "b", "B", "b"]);
    /// v.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    pub fn dedup_by<F: FnMut(&mut T, &mut T) -> bool>(&mut self, mut same_bucket: F) {
        /// Closes the gap between the kept prefix and the unvisited tail on every exit path.
        struct Guard<'a, T, const N: usize> {
            vec: &'a mut StackVec<T, N>,
            read: usize,
            write: usize,
            original_len: usize,
        }
        impl<T, const N: usize> Drop for Guard<'_, T, N> {
            fn drop(&mut self) {
                let unvisited = self.original_len - self.read;
                // SAFETY: `[read, original_len)` is initialized and unvisited; `[write, read)`
                // holds only vacated slots, so moving the tail down to `write` duplicates nothing.
                unsafe {
                    if self.read != self.write && unvisited > 0 {
                        let base = self.vec.as_mut_ptr();
                        ptr::copy(base.add(self.read), base.add(self.write), unvisited);
                    }
                    self.vec.core.set_len(self.write + unvisited);
                }
            }
        }

        let original_len = self.len();
        if original_len <= 1 {
            return;
        }
        // SAFETY: see `retain_mut`; the guard restores the length.
        unsafe { self.core.set_len(0) };
        let mut g = Guard {
            vec: self,
            read: 1,
            write: 1,
            original_len,
        };
        let base = g.vec.as_mut_ptr();
        while g.read < original_len {
            // SAFETY: `write - 1 < read < original_len`: both slots hold initialized values and
            // are distinct, so the two `&mut` do not alias.
            let (cur, prev) = unsafe { (&mut *base.add(g.read), &mut *base.add(g.write - 1)) };
            if same_bucket(cur, prev) {
                g.read += 1;
                // SAFETY: the duplicate is initialized, now counted as vacated, dropped once.
                unsafe { ptr::drop_in_place(cur) };
            } else {
                if g.read != g.write {
                    // SAFETY: `write < read`: the destination slot was vacated.
                    unsafe { ptr::copy_nonoverlapping(cur, base.add(g.write), 1) };
                }
                g.write += 1;
                g.read += 1;
            }
        }
    }

    /// Removes the elements in `range` and returns them as an iterator.
    ///
    /// The tail after the range moves down when the [`Drain`] is dropped, even if it was not
    /// fully consumed; the un-yielded elements of the range are dropped. If the `Drain` is leaked
    /// (`mem::forget`), the vector keeps only the elements before the range (no undefined
    /// behaviour, but the rest is leaked).
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4, 5]);
    /// let middle: Vec<u8> = v.drain(1..4).collect();
    /// assert_eq!(middle, [2, 3, 4]);
    /// assert_eq!(v, [1, 5]);
    /// ```
    #[track_caller]
    pub fn drain<R: RangeBounds<usize>>(&mut self, range: R) -> Drain<'_, T, N> {
        let len = self.len();
        let range = resolve_range(range, len);
        Drain::new(self, range, len)
    }

    /// Removes the elements in `range` for which `filter` returns `true` and yields them, in
    /// order, as an iterator.
    ///
    /// `filter` sees each element of the range once, by `&mut`, so it may change the elements it
    /// keeps. The elements are visited lazily: if the [`ExtractIf`] is dropped before it is
    /// exhausted, the elements not yet visited stay in the vector, in order. If `filter` panics,
    /// the element it was given and those not yet visited stay, and nothing is dropped twice. If
    /// the `ExtractIf` is leaked (`mem::forget`), the vector is left empty (no undefined
    /// behaviour, but its elements are leaked).
    ///
    /// O(len) in total; each kept element moves at most once.
    ///
    /// # Panics
    ///
    /// Panics if the range is decreasing or its end is past `len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4, 5, 6]);
    /// let evens: Vec<u8> = v.extract_if(.., |x| *x % 2 == 0).collect();
    /// assert_eq!(evens, [2, 4, 6]);
    /// assert_eq!(v, [1, 3, 5]);
    ///
    /// // Only in a range, stopping after the first match: the rest stays.
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 1, 2, 1, 1, 1]);
    /// assert_eq!(v.extract_if(1..5, |x| *x == 1).next(), Some(1));
    /// assert_eq!(v, [1, 2, 1, 1, 1]);
    /// ```
    #[track_caller]
    pub fn extract_if<F, R>(&mut self, range: R, filter: F) -> ExtractIf<'_, T, N, F>
    where
        F: FnMut(&mut T) -> bool,
        R: RangeBounds<usize>,
    {
        let len = self.len();
        let range = resolve_range(range, len);
        ExtractIf::new(self, range, len, filter)
    }

    /// Splits the vector in two at `at`: `self` keeps `[0, at)`, the returned vector gets the rest.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    /// let tail = v.split_off(1);
    /// assert_eq!(v, [1]);
    /// assert_eq!(tail, [2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "use `.truncate()` if you don't need the other half"]
    pub fn split_off(&mut self, at: usize) -> Self {
        let len = self.len();
        if at > len {
            index_out_of_bounds("StackVec::split_off", at, len);
        }
        let mut other = Self::new();
        // SAFETY: `[at, len)` is initialized and moves to the start of `other`, which has room for
        // `len - at <= N` values; the two buffers are distinct. Lengths are set so each value has
        // exactly one owner.
        unsafe {
            ptr::copy_nonoverlapping(self.as_ptr().add(at), other.as_mut_ptr(), len - at);
            other.core.set_len(len - at);
            self.core.set_len(at);
        }
        other
    }

    /// Moves all elements of `other` to the end of `self`, leaving `other` empty.
    ///
    /// O(other.len()).
    ///
    /// # Panics
    ///
    /// Panics if the elements do not fit; both vectors are then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut a: StackVec<u8, 4> = StackVec::from_array([1]);
    /// let mut b: StackVec<u8, 2> = StackVec::from_array([2, 3]);
    /// a.append(&mut b);
    /// assert_eq!(a, [1, 2, 3]);
    /// assert!(b.is_empty());
    /// ```
    #[inline]
    #[track_caller]
    pub fn append<const M: usize>(&mut self, other: &mut StackVec<T, M>) {
        if self.try_append(other).is_err() {
            capacity_overflow("StackVec::append", N, self.len() + other.len());
        }
    }

    /// Moves all elements of `other` to the end of `self` if they all fit; otherwise changes
    /// nothing.
    ///
    /// O(other.len()).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `self.len() + other.len() > N`; both vectors are unchanged.
    #[inline]
    pub fn try_append<const M: usize>(
        &mut self,
        other: &mut StackVec<T, M>,
    ) -> Result<(), CapacityError> {
        let (len, count) = (self.len(), other.len());
        if count > N - len {
            return Err(CapacityError::new((), N));
        }
        // SAFETY: `len + count <= N`; the values move from `other` (whose length drops to 0, so it
        // no longer owns them) to the free tail of `self`; distinct buffers.
        unsafe {
            ptr::copy_nonoverlapping(other.as_ptr(), self.as_mut_ptr().add(len), count);
            other.core.set_len(0);
            self.core.set_len(len + count);
        }
        Ok(())
    }

    /// Resizes to `new_len`, filling new slots with values returned by `f`, or truncating.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u32, 8> = StackVec::new();
    /// let mut next = 0;
    /// v.resize_with(3, || { next += 1; next });
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn resize_with<F: FnMut() -> T>(&mut self, new_len: usize, f: F) {
        if self.try_resize_with(new_len, f).is_err() {
            capacity_overflow("StackVec::resize_with", N, new_len);
        }
    }

    /// Like [`resize_with`](Self::resize_with), but returns an error instead of panicking.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `new_len > N`; the vector is unchanged and `f` is not called.
    #[inline]
    pub fn try_resize_with<F: FnMut() -> T>(
        &mut self,
        new_len: usize,
        mut f: F,
    ) -> Result<(), CapacityError> {
        let len = self.len();
        if new_len > N {
            return Err(CapacityError::new((), N));
        }
        if new_len <= len {
            self.truncate(new_len);
        } else {
            // SAFETY: `new_len <= N`.
            unsafe { self.core.extend_with(new_len - len, |_, _| f()) };
        }
        Ok(())
    }

    /// Appends every element the iterator yields while there is room.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u32, 3> = StackVec::new();
    /// let mut source = 1..=5;
    /// let err = v.try_extend(source.by_ref()).unwrap_err();
    /// assert_eq!(v, [1, 2, 3]);
    /// assert_eq!(err.element(), 4);
    /// assert_eq!(source.next(), Some(5));
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<T>> {
        for value in iter {
            self.core.try_push(value)?;
        }
        Ok(())
    }

    /// Collects an iterator into a new vector, failing when it yields more than `N` values.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first value that did not fit (the values collected so far
    /// are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let ok = StackVec::<u32, 4>::try_from_iter(0..4).unwrap();
    /// assert_eq!(ok, [0, 1, 2, 3]);
    /// assert_eq!(StackVec::<u32, 4>::try_from_iter(0..10).unwrap_err().element(), 4);
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = T>>(iter: I) -> Result<Self, CapacityError<T>> {
        let mut v = Self::new();
        v.try_extend(iter)?;
        Ok(v)
    }
}

impl<T: Clone, const N: usize> StackVec<T, N> {
    /// The expansion of `stack_vec![value; n]`; not public API.
    #[doc(hidden)]
    #[inline]
    #[track_caller]
    pub fn __from_elem(value: T, n: usize) -> Self {
        let mut v = Self::new();
        if v.try_resize(n, value).is_err() {
            capacity_overflow("stack_vec!", N, n);
        }
        v
    }

    /// Appends clones of all elements of `items`.
    ///
    /// O(items.len()).
    ///
    /// # Panics
    ///
    /// Panics if they do not all fit, before cloning anything.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 4> = StackVec::from_array([1]);
    /// v.extend_from_slice(&[2, 3]);
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn extend_from_slice(&mut self, items: &[T]) {
        if self.try_extend_from_slice(items).is_err() {
            capacity_overflow("StackVec::extend_from_slice", N, self.len() + items.len());
        }
    }

    /// Appends clones of all elements of `items` if they all fit; otherwise changes nothing.
    ///
    /// O(items.len()). If a `clone` panics, the clones made so far stay in the vector.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `items` when `len() + items.len() > N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 2> = StackVec::new();
    /// assert!(v.try_extend_from_slice(&[1, 2, 3]).is_err());
    /// assert!(v.is_empty()); // all or nothing
    /// ```
    #[inline]
    pub fn try_extend_from_slice<'a>(
        &mut self,
        items: &'a [T],
    ) -> Result<(), CapacityError<&'a [T]>> {
        if items.len() > self.remaining_capacity() {
            return Err(CapacityError::new(items, N));
        }
        // SAFETY: checked that `items.len()` more values fit; `i < items.len()`.
        unsafe {
            self.core
                .extend_with(items.len(), |_, i| items.get_unchecked(i).clone())
        };
        Ok(())
    }

    /// Appends clones of the elements in `src`, a range of the vector itself.
    ///
    /// O(src.len()).
    ///
    /// # Panics
    ///
    /// Panics if the range is invalid for `len()`, or if the clones do not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<char, 8> = StackVec::from_array(['a', 'b', 'c']);
    /// v.extend_from_within(..2);
    /// assert_eq!(v, ['a', 'b', 'c', 'a', 'b']);
    /// ```
    #[inline]
    #[track_caller]
    pub fn extend_from_within<R: RangeBounds<usize>>(&mut self, src: R) {
        let range = resolve_range(src, self.len());
        let required = self.len() + range.len();
        if self.try_extend_from_within(range).is_err() {
            capacity_overflow("StackVec::extend_from_within", N, required);
        }
    }

    /// Like [`extend_from_within`](Self::extend_from_within), but returns an error when the
    /// clones do not fit; the vector is then unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `len() + src.len() > N`.
    ///
    /// # Panics
    ///
    /// Panics if the range is invalid for `len()`.
    #[inline]
    #[track_caller]
    pub fn try_extend_from_within<R: RangeBounds<usize>>(
        &mut self,
        src: R,
    ) -> Result<(), CapacityError> {
        let range = resolve_range(src, self.len());
        if range.len() > self.remaining_capacity() {
            return Err(CapacityError::new((), N));
        }
        let start = range.start;
        // SAFETY: the new values fit. Each source index `start + i < range.end <= len` is an
        // initialized value below the original length, while `extend_with` writes only at or past
        // it, so reading through `base` never touches a slot being written.
        unsafe {
            self.core
                .extend_with(range.len(), |base, i| (*base.add(start + i)).clone());
        }
        Ok(())
    }

    /// Resizes to `new_len`, filling new slots with clones of `value`, or truncating.
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
    /// use avila_alloc::StackVec;
    ///
    /// let mut v: StackVec<u8, 8> = StackVec::from_array([1]);
    /// v.resize(3, 0);
    /// assert_eq!(v, [1, 0, 0]);
    /// v.resize(2, 9);
    /// assert_eq!(v, [1, 0]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn resize(&mut self, new_len: usize, value: T) {
        if self.try_resize(new_len, value).is_err() {
            capacity_overflow("StackVec::resize", N, new_len);
        }
    }

    /// Like [`resize`](Self::resize), but returns `value` inside an error when `new_len > N`;
    /// the vector is then unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when `new_len > N`.
    #[inline]
    pub fn try_resize(&mut self, new_len: usize, value: T) -> Result<(), CapacityError<T>> {
        let len = self.len();
        if new_len > N {
            return Err(CapacityError::new(value, N));
        }
        if new_len <= len {
            self.truncate(new_len);
        } else {
            // SAFETY: `new_len <= N`: `new_len - len - 1` clones and then `value` itself fit.
            unsafe {
                self.core
                    .extend_with(new_len - len - 1, |_, _| value.clone());
                self.core.push_unchecked(value);
            }
        }
        Ok(())
    }
}

impl<T, const N: usize> Drop for StackVec<T, N> {
    #[inline]
    fn drop(&mut self) {
        self.core.truncate(0);
    }
}
