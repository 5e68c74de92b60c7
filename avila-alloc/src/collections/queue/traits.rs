//! Standard trait implementations for [`StackQueue`]: the ones `VecDeque` has, where they make
//! sense at a fixed capacity.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use super::{IntoIter, Iter, IterMut, StackQueue};

// SAFETY: through `&StackQueue` the elements can only be read (`peek`, `iter`, `Debug`,
// comparisons, `Clone`); every method that moves, writes or drops them takes `&mut self`, and
// the split halves, which write through a shared reference, borrow the queue mutably, so none of
// them exists while the queue is shared. Sharing the queue therefore shares `&T`: `T: Sync`.
// (`Send` is derived: the queue owns its `T`s, and its atomics and cells are `Send`.)
unsafe impl<T: Sync, const N: usize> Sync for StackQueue<T, N> {}

impl<T, const N: usize> Default for StackQueue<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for StackQueue<T, N> {
    /// A queue holding clones of the elements, in the same order. If a `clone` panics, the
    /// clones made so far are dropped.
    fn clone(&self) -> Self {
        let mut new = Self::new();
        for value in self {
            // `self` holds at most `N` values: they fit.
            new.push_or_overflow("StackQueue::clone", value.clone());
        }
        new
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for StackQueue<T, N> {
    /// The elements, front first, like a list: `[1, 2, 3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self).finish()
    }
}

/// Equal when both hold equal elements in the same order, whatever the capacities.
impl<T: PartialEq<U>, U, const N: usize, const M: usize> PartialEq<StackQueue<U, M>>
    for StackQueue<T, N>
{
    #[inline]
    fn eq(&self, other: &StackQueue<U, M>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == b)
    }
}

impl<T: Eq, const N: usize> Eq for StackQueue<T, N> {}

/// Lexicographic, front first, like `VecDeque`.
impl<T: PartialOrd, const N: usize, const M: usize> PartialOrd<StackQueue<T, M>>
    for StackQueue<T, N>
{
    #[inline]
    fn partial_cmp(&self, other: &StackQueue<T, M>) -> Option<Ordering> {
        self.iter().partial_cmp(other)
    }
}

impl<T: Ord, const N: usize> Ord for StackQueue<T, N> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other)
    }
}

/// The length, then every element, front first.
impl<T: Hash, const N: usize> Hash for StackQueue<T, N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for value in self {
            value.hash(state);
        }
    }
}

impl<T, const N: usize> IntoIterator for StackQueue<T, N> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    #[inline]
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self)
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a StackQueue<T, N> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    #[inline]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut StackQueue<T, N> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    #[inline]
    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T, const N: usize> Extend<T> for StackQueue<T, N> {
    /// Pushes every element of the iterator at the back.
    ///
    /// # Panics
    ///
    /// Panics if the queue fills up; the elements pushed before stay. Use
    /// [`StackQueue::try_extend`] to get the overflowing element back instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.push_or_overflow("StackQueue::extend", value);
        }
    }
}

impl<'a, T: Copy + 'a, const N: usize> Extend<&'a T> for StackQueue<T, N> {
    /// Pushes a copy of every element of the iterator at the back.
    ///
    /// # Panics
    ///
    /// Panics if the queue fills up; the elements pushed before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &value in iter {
            self.push_or_overflow("StackQueue::extend", value);
        }
    }
}

impl<T, const N: usize> FromIterator<T> for StackQueue<T, N> {
    /// Collects the iterator into a new queue, front first.
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields more than `N` elements. Use
    /// [`StackQueue::try_from_iter`] to get an error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut queue = Self::new();
        for value in iter {
            queue.push_or_overflow("StackQueue::from_iter", value);
        }
        queue
    }
}

impl<T, const N: usize> From<[T; N]> for StackQueue<T, N> {
    /// A full queue holding the array's values, the first one at the front.
    #[inline]
    fn from(array: [T; N]) -> Self {
        let mut queue = Self::new();
        for value in array {
            // `N` values into a capacity of `N`: they fit.
            queue.push_or_overflow("StackQueue::from", value);
        }
        queue
    }
}
