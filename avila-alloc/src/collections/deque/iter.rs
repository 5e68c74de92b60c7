//! [`Iter`] and [`IterMut`]: iterators over the values of a [`StackDeque`](super::StackDeque) or a
//! [`StackRing`](crate::StackRing) by reference, front to back.
//!
//! The values of a ring buffer are two slices (the part up to the end of the buffer, then the part
//! that wrapped to its start), so each iterator is two slice iterators. `next` works on the first
//! and, when it runs dry, takes over the second, so a loop of `next` calls tests one slice
//! iterator per step; `fold` (and so `sum`, `for_each`, ...) runs each slice in a loop of its own,
//! which LLVM can vectorize.

use core::iter::FusedIterator;
use core::{fmt, mem, slice};

/// An iterator over the values of a [`StackDeque`](super::StackDeque) or a
/// [`StackRing`](crate::StackRing), front (oldest) to back (newest), by reference.
///
/// Created by `iter`, `range`, and `IntoIterator for &StackDeque` / `&StackRing`. It is
/// double-ended, exact-size and fused.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let mut d: StackDeque<u8, 4> = StackDeque::new();
/// d.push_back(2);
/// d.push_front(1); // wraps to the end of the buffer
/// let mut it = d.iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next(), Some(&1));
/// assert_eq!(it.next_back(), Some(&2));
/// assert_eq!(it.next(), None);
/// ```
pub struct Iter<'a, T> {
    /// The values left, in order: all of `a`, then all of `b`.
    a: slice::Iter<'a, T>,
    b: slice::Iter<'a, T>,
}

impl<'a, T> Iter<'a, T> {
    #[inline]
    pub(crate) fn new(a: &'a [T], b: &'a [T]) -> Self {
        Self {
            a: a.iter(),
            b: b.iter(),
        }
    }

    /// The values not yet yielded, as two slices (the second empty unless they wrap).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let d: StackDeque<u8, 4> = StackDeque::from([1, 2, 3, 4]);
    /// let mut it = d.iter();
    /// it.next();
    /// assert_eq!(it.as_slices(), (&[2, 3, 4][..], &[][..]));
    /// ```
    #[must_use]
    pub fn as_slices(&self) -> (&'a [T], &'a [T]) {
        (self.a.as_slice(), self.b.as_slice())
    }
}

impl<T> Clone for Iter<'_, T> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            a: self.a.clone(),
            b: self.b.clone(),
        }
    }
}

impl<T> Default for Iter<'_, T> {
    /// An empty iterator.
    #[inline]
    fn default() -> Self {
        Self::new(&[], &[])
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iter")
            .field(&self.a.as_slice())
            .field(&self.b.as_slice())
            .finish()
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        if let Some(x) = self.a.next() {
            return Some(x);
        }
        // `a` is exhausted: continue with `b` in its place, so the next calls test one iterator.
        self.a = mem::take(&mut self.b);
        self.a.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }

    #[inline]
    fn count(self) -> usize {
        self.len()
    }

    #[inline]
    fn last(mut self) -> Option<&'a T> {
        self.next_back()
    }

    #[inline]
    fn fold<B, F: FnMut(B, &'a T) -> B>(self, init: B, mut f: F) -> B {
        let acc = self.a.fold(init, &mut f);
        self.b.fold(acc, f)
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a T> {
        if let Some(x) = self.b.next_back() {
            return Some(x);
        }
        self.b = mem::take(&mut self.a);
        self.b.next_back()
    }

    #[inline]
    fn rfold<B, F: FnMut(B, &'a T) -> B>(self, init: B, mut f: F) -> B {
        let acc = self.b.rfold(init, &mut f);
        self.a.rfold(acc, f)
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {
    #[inline]
    fn len(&self) -> usize {
        self.a.len() + self.b.len()
    }
}

impl<T> FusedIterator for Iter<'_, T> {}

/// An iterator over the values of a [`StackDeque`](super::StackDeque) or a
/// [`StackRing`](crate::StackRing), front (oldest) to back (newest), by mutable reference.
///
/// Created by `iter_mut`, `range_mut`, and `IntoIterator for &mut StackDeque` /
/// `&mut StackRing`. It is double-ended, exact-size and fused.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
/// for x in d.iter_mut() {
///     *x *= 10;
/// }
/// assert_eq!(d, [10, 20, 30]);
/// ```
pub struct IterMut<'a, T> {
    a: slice::IterMut<'a, T>,
    b: slice::IterMut<'a, T>,
}

impl<'a, T> IterMut<'a, T> {
    #[inline]
    pub(crate) fn new(a: &'a mut [T], b: &'a mut [T]) -> Self {
        Self {
            a: a.iter_mut(),
            b: b.iter_mut(),
        }
    }

    /// The values not yet yielded, as two shared slices.
    #[must_use]
    pub fn as_slices(&self) -> (&[T], &[T]) {
        (self.a.as_slice(), self.b.as_slice())
    }

    /// The values not yet yielded, as two mutable slices, consuming the iterator.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 3]);
    /// let mut it = d.iter_mut();
    /// it.next();
    /// let (a, _) = it.into_slices();
    /// a[0] = 9;
    /// assert_eq!(d, [1, 9, 3]);
    /// ```
    #[must_use]
    pub fn into_slices(self) -> (&'a mut [T], &'a mut [T]) {
        (self.a.into_slice(), self.b.into_slice())
    }
}

impl<T> Default for IterMut<'_, T> {
    /// An empty iterator.
    #[inline]
    fn default() -> Self {
        Self::new(&mut [], &mut [])
    }
}

impl<T: fmt::Debug> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IterMut")
            .field(&self.a.as_slice())
            .field(&self.b.as_slice())
            .finish()
    }
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        if let Some(x) = self.a.next() {
            return Some(x);
        }
        self.a = mem::take(&mut self.b);
        self.a.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.len();
        (n, Some(n))
    }

    #[inline]
    fn count(self) -> usize {
        self.len()
    }

    #[inline]
    fn last(mut self) -> Option<&'a mut T> {
        self.next_back()
    }

    #[inline]
    fn fold<B, F: FnMut(B, &'a mut T) -> B>(self, init: B, mut f: F) -> B {
        let acc = self.a.fold(init, &mut f);
        self.b.fold(acc, f)
    }
}

impl<'a, T> DoubleEndedIterator for IterMut<'a, T> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a mut T> {
        if let Some(x) = self.b.next_back() {
            return Some(x);
        }
        self.b = mem::take(&mut self.a);
        self.b.next_back()
    }

    #[inline]
    fn rfold<B, F: FnMut(B, &'a mut T) -> B>(self, init: B, mut f: F) -> B {
        let acc = self.b.rfold(init, &mut f);
        self.a.rfold(acc, f)
    }
}

impl<T> ExactSizeIterator for IterMut<'_, T> {
    #[inline]
    fn len(&self) -> usize {
        self.a.len() + self.b.len()
    }
}

impl<T> FusedIterator for IterMut<'_, T> {}
