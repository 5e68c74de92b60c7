//! [`IntoIter`]: the owning iterator of [`StackDeque`].

use core::fmt;
use core::iter::FusedIterator;

use super::StackDeque;

/// An iterator that moves the values out of a [`StackDeque`], front to back (or back to front).
///
/// Created by `StackDeque::into_iter` (the [`IntoIterator`] impl). The values not yielded are
/// dropped with the iterator: it holds the rest as a deque, whose drop is panic-safe.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let d: StackDeque<String, 4> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
/// let mut it = d.into_iter();
/// assert_eq!(it.next().as_deref(), Some("a"));
/// assert_eq!(it.next_back().as_deref(), Some("c"));
/// assert_eq!(it.as_slices(), (&["b".to_string()][..], &[][..]));
/// ```
#[derive(Clone, Default)]
pub struct IntoIter<T, const N: usize> {
    /// The values not yet yielded.
    rest: StackDeque<T, N>,
}

impl<T, const N: usize> IntoIter<T, N> {
    #[inline]
    pub(super) fn new(rest: StackDeque<T, N>) -> Self {
        Self { rest }
    }

    /// The values not yet yielded, as two slices (the second empty unless they wrap).
    #[inline]
    #[must_use]
    pub fn as_slices(&self) -> (&[T], &[T]) {
        self.rest.as_slices()
    }

    /// The values not yet yielded, as two mutable slices.
    #[inline]
    #[must_use]
    pub fn as_mut_slices(&mut self) -> (&mut [T], &mut [T]) {
        self.rest.as_mut_slices()
    }

    /// The values not yet yielded, as a deque.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackDeque;
    ///
    /// let mut it = StackDeque::from([1, 2, 3]).into_iter();
    /// it.next();
    /// assert_eq!(it.into_rest(), [2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_rest(self) -> StackDeque<T, N> {
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
