//! [`IntoIter`]: the owning iterator of [`StackRing`].

use core::fmt;
use core::iter::FusedIterator;

use super::StackRing;

/// An iterator that moves the values out of a [`StackRing`], oldest to newest (or newest to
/// oldest).
///
/// Created by `StackRing::into_iter` (the [`IntoIterator`] impl). The values not yielded are
/// dropped with the iterator: it holds the rest as a ring, whose drop is panic-safe.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackRing;
///
/// let mut r: StackRing<u8, 3> = StackRing::new();
/// r.extend([1, 2, 3, 4]);
/// let mut it = r.into_iter();
/// assert_eq!(it.next(), Some(2));
/// assert_eq!(it.next_back(), Some(4));
/// assert_eq!(it.len(), 1);
/// ```
#[derive(Clone, Default)]
pub struct IntoIter<T, const N: usize> {
    /// The values not yet yielded.
    rest: StackRing<T, N>,
}

impl<T, const N: usize> IntoIter<T, N> {
    #[inline]
    pub(super) fn new(rest: StackRing<T, N>) -> Self {
        Self { rest }
    }

    /// The values not yet yielded, oldest to newest, as two slices.
    #[inline]
    #[must_use]
    pub fn as_slices(&self) -> (&[T], &[T]) {
        self.rest.as_slices()
    }

    /// The values not yet yielded, as a ring.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut it = StackRing::<u8, 3>::from_array([1, 2, 3]).into_iter();
    /// it.next();
    /// assert_eq!(it.into_rest(), [2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_rest(self) -> StackRing<T, N> {
        self.rest
    }
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.rest.pop_front()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.rest.len();
        (n, Some(n))
    }

    #[inline]
    fn count(self) -> usize {
        self.rest.len()
    }
}

impl<T, const N: usize> DoubleEndedIterator for IntoIter<T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.rest.pop_back()
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.rest).finish()
    }
}
