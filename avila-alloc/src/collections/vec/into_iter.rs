//! [`IntoIter`]: the owning iterator of [`StackVec`].

use core::fmt;
use core::iter::FusedIterator;
use core::ptr;

use super::StackVec;

/// An iterator that moves the elements out of a [`StackVec`], front to back (or back to front).
///
/// Created by `StackVec::into_iter` (the [`IntoIterator`] impl). The elements not yielded are
/// dropped with the iterator.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackVec;
///
/// let v: StackVec<String, 4> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
/// let mut it = v.into_iter();
/// assert_eq!(it.next().as_deref(), Some("a"));
/// assert_eq!(it.next_back().as_deref(), Some("c"));
/// assert_eq!(it.as_slice(), ["b"]);
/// ```
pub struct IntoIter<T, const N: usize> {
    /// The vector; its length is the back end of the iteration.
    vec: StackVec<T, N>,
    /// Index of the next element yielded from the front; `[front, vec.len())` are not yielded.
    front: usize,
}

impl<T, const N: usize> IntoIter<T, N> {
    #[inline]
    pub(super) fn new(vec: StackVec<T, N>) -> Self {
        Self { vec, front: 0 }
    }

    /// The elements not yet yielded, as a slice.
    #[inline]
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `front <= len`, so the range is inside the initialized prefix.
        unsafe { self.vec.as_slice().get_unchecked(self.front..) }
    }

    /// The elements not yet yielded, as a mutable slice.
    #[inline]
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        let front = self.front;
        // SAFETY: as in `as_slice`.
        unsafe { self.vec.as_mut_slice().get_unchecked_mut(front..) }
    }
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.front == self.vec.len() {
            return None;
        }
        let index = self.front;
        self.front += 1;
        // SAFETY: `index < len` is initialized and, now below `front`, never read again.
        Some(unsafe { self.vec.as_ptr().add(index).read() })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.vec.len() - self.front;
        (n, Some(n))
    }

    #[inline]
    fn count(self) -> usize {
        self.len()
    }
}

impl<T, const N: usize> DoubleEndedIterator for IntoIter<T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        if self.front == self.vec.len() {
            return None;
        }
        // `pop` lowers the length first, handing the last value over exactly once.
        self.vec.pop()
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T, const N: usize> Drop for IntoIter<T, N> {
    fn drop(&mut self) {
        let (front, len) = (self.front, self.vec.len());
        // The vector gives up everything first (its own drop then has nothing to do): the values
        // `[0, front)` were yielded, and `[front, len)` are dropped right here.
        // SAFETY: 0 <= N.
        unsafe { self.vec.set_len(0) };
        // SAFETY: `[front, len)` is initialized and now owned only by this call; the slice drop
        // glue drops each exactly once, continuing past a panicking destructor.
        unsafe {
            let rest = ptr::slice_from_raw_parts_mut(self.vec.as_mut_ptr().add(front), len - front);
            ptr::drop_in_place(rest);
        }
    }
}

impl<T: Clone, const N: usize> Clone for IntoIter<T, N> {
    fn clone(&self) -> Self {
        let mut vec = StackVec::new();
        // The remaining elements always fit: there are at most N.
        vec.extend_from_slice(self.as_slice());
        Self::new(vec)
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.as_slice()).finish()
    }
}

impl<T, const N: usize> Default for IntoIter<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new(StackVec::new())
    }
}
