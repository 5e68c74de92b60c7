//! [`StackRing<T, N>`]: an overwriting ring buffer (history buffer) of the last `N` values.
//!
//! Its borrowing iterators are [`Iter`] and [`IterMut`], shared with
//! [`StackDeque`](crate::StackDeque).

mod into_iter;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

pub use self::into_iter::IntoIter;
pub use super::deque::{Iter, IterMut};
use super::ring_core::RingCore;

/// A ring buffer that keeps the last `N` values pushed: when it is full, a push overwrites the
/// oldest value **and returns it**, so nothing is lost silently. Stored inline, it never
/// allocates.
///
/// Use it for histories and sliding windows: the last `N` samples of a sensor, recent log lines,
/// a moving average. The values are ordered from the **oldest** (the front) to the **newest** (the
/// back); iteration, [`as_slices`](Self::as_slices), `Debug` and comparisons follow that order.
///
/// | operation | on a full ring |
/// |---|---|
/// | [`push`](Self::push) | overwrites the oldest value and returns it: `Some(oldest)` |
/// | `Extend`, `FromIterator` | keep the last `N` values; the overwritten ones are dropped (documented semantics) |
/// | [`extend_with_overwritten`](Self::extend_with_overwritten) | like `Extend`, handing every overwritten value to a closure |
/// | serde `Deserialize` | more than `N` values is an error, never a silent drop |
///
/// # Examples
///
/// ```
/// use avila_alloc::StackRing;
///
/// let mut last3: StackRing<u32, 3> = StackRing::new();
/// for x in 1..=3 {
///     assert_eq!(last3.push(x), None); // room left: nothing overwritten
/// }
/// assert_eq!(last3.push(4), Some(1)); // full: 1 is overwritten and comes back
/// assert_eq!(last3, [2, 3, 4]);
/// assert_eq!((last3.oldest(), last3.newest()), (Some(&2), Some(&4)));
/// let average = last3.iter().sum::<u32>() / last3.len() as u32;
/// assert_eq!(average, 3);
/// ```
///
/// In a `static` (`new` and `from_array` are `const`):
///
/// ```
/// use avila_alloc::StackRing;
///
/// static SEED: StackRing<u16, 4> = StackRing::from_array([7, 8]);
/// assert_eq!(SEED.newest(), Some(&8));
/// ```
///
/// # Layout and cost
///
/// A `StackRing<T, N>` is two `u32`s (the oldest value's slot and the length) plus `[T; N]` worth
/// of storage, the same raw core as [`StackDeque`](crate::StackDeque). Any `N` works, not only
/// powers of two. `push`, the pops, `oldest`/`newest` and `get` are O(1).
pub struct StackRing<T, const N: usize> {
    pub(in crate::collections) core: RingCore<T, N>,
}

impl<T, const N: usize> StackRing<T, N> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty ring. `const`, so it can initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let r: StackRing<u8, 16> = StackRing::new();
    /// assert!(r.is_empty());
    /// assert_eq!(r.capacity(), 16);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            core: RingCore::new(),
        }
    }

    /// Creates a ring holding the `M` values of `array`, oldest first, with capacity `N >= M`.
    ///
    /// `M > N` is a compile-time error.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let r: StackRing<char, 4> = StackRing::from_array(['a', 'b']);
    /// assert_eq!(r.oldest(), Some(&'a'));
    /// ```
    ///
    /// ```compile_fail
    /// use avila_alloc::StackRing;
    /// // Three values do not fit into a capacity of two.
    /// let r: StackRing<u8, 2> = StackRing::from_array([1, 2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn from_array<const M: usize>(array: [T; M]) -> Self {
        Self {
            core: RingCore::from_array(array),
        }
    }

    /// The number of values held (at most `N`).
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.core.len()
    }

    /// `true` if the ring holds no value.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.core.len() == 0
    }

    /// `true` if the ring holds `N` values: the next push overwrites the oldest.
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

    /// Pushes `value` as the newest. If the ring was full, the oldest value is overwritten and
    /// returned; otherwise `None`.
    ///
    /// With `N == 0` nothing can be stored, and `value` itself is returned.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<&str, 2> = StackRing::new();
    /// assert_eq!(r.push("a"), None);
    /// assert_eq!(r.push("b"), None);
    /// assert_eq!(r.push("c"), Some("a"));
    /// assert_eq!(r, ["b", "c"]);
    /// ```
    #[inline(always)]
    pub fn push(&mut self, value: T) -> Option<T> {
        self.core.push_overwrite(value)
    }

    /// Removes and returns the oldest value, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    /// assert_eq!(r.pop_front(), Some(1));
    /// assert_eq!(r, [2]);
    /// ```
    #[inline(always)]
    pub fn pop_front(&mut self) -> Option<T> {
        self.core.pop_front()
    }

    /// Removes and returns the newest value, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    /// assert_eq!(r.pop_back(), Some(2));
    /// assert_eq!(r, [1]);
    /// ```
    #[inline(always)]
    pub fn pop_back(&mut self) -> Option<T> {
        self.core.pop_back()
    }

    /// The oldest value (the next one a full ring overwrites), or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::new();
    /// assert_eq!(r.oldest(), None);
    /// r.extend([1, 2, 3]);
    /// assert_eq!(r.oldest(), Some(&2));
    /// ```
    #[inline]
    #[must_use]
    pub fn oldest(&self) -> Option<&T> {
        self.get(0)
    }

    /// The oldest value, mutably, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    /// *r.oldest_mut().unwrap() = 0;
    /// assert_eq!(r, [0, 2]);
    /// ```
    #[inline]
    pub fn oldest_mut(&mut self) -> Option<&mut T> {
        self.get_mut(0)
    }

    /// The newest value (the last one pushed), or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::new();
    /// r.extend([1, 2, 3]);
    /// assert_eq!(r.newest(), Some(&3));
    /// ```
    #[inline]
    #[must_use]
    pub fn newest(&self) -> Option<&T> {
        self.get(self.len().wrapping_sub(1))
    }

    /// The newest value, mutably, or `None` if empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    /// *r.newest_mut().unwrap() += 5;
    /// assert_eq!(r, [1, 7]);
    /// ```
    #[inline]
    pub fn newest_mut(&mut self) -> Option<&mut T> {
        self.get_mut(self.len().wrapping_sub(1))
    }

    /// The value at `index`, counted from the oldest (0), or `None` if `index >= len()`.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::new();
    /// r.extend([1, 2, 3, 4]);
    /// assert_eq!(r.get(0), Some(&2));
    /// assert_eq!(r.get(2), Some(&4));
    /// assert_eq!(r.get(3), None);
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

    /// The value at `index`, counted from the oldest (0), mutably, or `None` if
    /// `index >= len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::from_array([1, 2]);
    /// *r.get_mut(1).unwrap() = 9;
    /// assert_eq!(r, [1, 9]);
    /// ```
    #[inline]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        if index < self.len() {
            let at = self.core.physical(index);
            // SAFETY: `index < len`: the slot is initialized; the reference borrows `self` mutably.
            Some(unsafe { &mut *self.core.as_mut_ptr().add(at) })
        } else {
            None
        }
    }

    /// Drops every value.
    ///
    /// O(len). If a destructor panics, the other values are still dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::from_array([1, 2]);
    /// r.clear();
    /// assert!(r.is_empty());
    /// ```
    #[inline]
    pub fn clear(&mut self) {
        self.core.clear();
    }

    /// The values, oldest to newest, as two slices: from the oldest up to the end of the buffer,
    /// then the part that wrapped to its start (empty unless the values wrap).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::new();
    /// r.extend([1, 2, 3, 4, 5]);
    /// assert_eq!(r.as_slices(), (&[3][..], &[4, 5][..]));
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_slices(&self) -> (&[T], &[T]) {
        self.core.as_slices()
    }

    /// The values, oldest to newest, as two mutable slices; see [`as_slices`](Self::as_slices).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::new();
    /// r.extend([1, 2, 3, 4]);
    /// let (old, new) = r.as_mut_slices();
    /// old[0] = 0;
    /// new[0] = 9;
    /// assert_eq!(r, [0, 3, 9]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_mut_slices(&mut self) -> (&mut [T], &mut [T]) {
        self.core.as_mut_slices()
    }

    /// Moves the values so that they are contiguous and returns them as one slice, oldest to
    /// newest. Pushing afterwards keeps working as before.
    ///
    /// O(len) in most cases; when the buffer is nearly full and the values wrap, the whole buffer
    /// is rotated, O(N). Nothing moves if the values are already contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u32, 4> = StackRing::new();
    /// r.extend(1..=6);
    /// assert_eq!(r.make_contiguous(), [3, 4, 5, 6]);
    /// ```
    #[inline]
    pub fn make_contiguous(&mut self) -> &mut [T] {
        self.core.make_contiguous()
    }

    /// An iterator over the values, oldest to newest, by reference. Double-ended: `.rev()` goes
    /// newest to oldest.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::new();
    /// r.extend([1, 2, 3, 4]);
    /// assert_eq!(r.iter().copied().collect::<Vec<_>>(), [2, 3, 4]);
    /// assert_eq!(r.iter().rev().next(), Some(&4));
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, T> {
        let (a, b) = self.as_slices();
        Iter::new(a, b)
    }

    /// An iterator over the values, oldest to newest, by mutable reference.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 3> = StackRing::from_array([1, 2]);
    /// r.iter_mut().for_each(|x| *x *= 2);
    /// assert_eq!(r, [2, 4]);
    /// ```
    #[inline]
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let (a, b) = self.as_mut_slices();
        IterMut::new(a, b)
    }

    /// Pushes every value of `iter`, like `Extend`, and hands each value it overwrites to
    /// `overwritten`, oldest first, so none is lost.
    ///
    /// If `overwritten` panics, the value it was given is dropped by the unwinding, and the ring
    /// holds everything pushed so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u32, 3> = StackRing::new();
    /// let mut evicted = Vec::new();
    /// r.extend_with_overwritten(1..=5, |old| evicted.push(old));
    /// assert_eq!(r, [3, 4, 5]);
    /// assert_eq!(evicted, [1, 2]);
    /// ```
    pub fn extend_with_overwritten<I, F>(&mut self, iter: I, mut overwritten: F)
    where
        I: IntoIterator<Item = T>,
        F: FnMut(T),
    {
        for value in iter {
            if let Some(old) = self.push(value) {
                overwritten(old);
            }
        }
    }
}

impl<T, const N: usize> Drop for StackRing<T, N> {
    #[inline]
    fn drop(&mut self) {
        self.core.truncate(0);
    }
}
