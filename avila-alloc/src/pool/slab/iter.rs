//! The iterators of [`SlabAllocator`]: by reference, by mutable reference, by value and draining.

use core::array;
use core::fmt;
use core::iter::{Enumerate, FusedIterator};
use core::slice;

use super::{SlabAllocator, Slot};

/// Iterator over `(key, &value)` pairs of a [`SlabAllocator`], from
/// [`SlabAllocator::iter`].
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
/// slab.insert(5).unwrap();
/// let mut iter = slab.iter();
/// assert_eq!(iter.len(), 1);
/// assert_eq!(iter.next(), Some((0, &5)));
/// ```
pub struct Iter<'a, T> {
    slots: Enumerate<slice::Iter<'a, Slot<T>>>,
    remaining: usize,
}

impl<'a, T> Iter<'a, T> {
    pub(super) fn new(slots: &'a [Slot<T>], len: usize) -> Self {
        Self {
            slots: slots.iter().enumerate(),
            remaining: len,
        }
    }
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Self {
            slots: self.slots.clone(),
            remaining: self.remaining,
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = (usize, &'a T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for (key, slot) in self.slots.by_ref() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        while let Some((key, slot)) = self.slots.next_back() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// Iterator over `(key, &mut value)` pairs of a [`SlabAllocator`], from
/// [`SlabAllocator::iter_mut`].
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
/// slab.insert(5).unwrap();
/// for (_, value) in slab.iter_mut() {
///     *value = 6;
/// }
/// assert_eq!(slab[0], 6);
/// ```
pub struct IterMut<'a, T> {
    slots: Enumerate<slice::IterMut<'a, Slot<T>>>,
    remaining: usize,
}

impl<'a, T> IterMut<'a, T> {
    pub(super) fn new(slots: &'a mut [Slot<T>], len: usize) -> Self {
        Self {
            slots: slots.iter_mut().enumerate(),
            remaining: len,
        }
    }
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = (usize, &'a mut T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for (key, slot) in self.slots.by_ref() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> DoubleEndedIterator for IterMut<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        while let Some((key, slot)) = self.slots.next_back() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }
}

impl<T> ExactSizeIterator for IterMut<'_, T> {}
impl<T> FusedIterator for IterMut<'_, T> {}

impl<T> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// Owning iterator over the `(key, value)` pairs of a [`SlabAllocator`], from its
/// [`IntoIterator`] implementation. Values not yet returned are dropped with the iterator.
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<char, 4>::new();
/// slab.insert('a').unwrap();
/// slab.insert('b').unwrap();
/// assert_eq!(slab.into_iter().rev().collect::<Vec<_>>(), [(1, 'b'), (0, 'a')]);
/// ```
pub struct IntoIter<T, const N: usize> {
    slots: Enumerate<array::IntoIter<Slot<T>, N>>,
    remaining: usize,
}

impl<T, const N: usize> IntoIter<T, N> {
    pub(super) fn new(slots: [Slot<T>; N], used: usize, len: usize) -> Self {
        let mut slots = slots.into_iter().enumerate();
        // The slots from `used` on are vacant: skip them from the back at once.
        if N > used {
            slots.nth_back(N - used - 1);
        }
        Self {
            slots,
            remaining: len,
        }
    }
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = (usize, T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        for (key, slot) in self.slots.by_ref() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T, const N: usize> DoubleEndedIterator for IntoIter<T, N> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        while let Some((key, slot)) = self.slots.next_back() {
            if let Slot::Occupied(value) = slot {
                self.remaining -= 1;
                return Some((key, value));
            }
        }
        None
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// Draining iterator of a [`SlabAllocator`], from [`SlabAllocator::drain`]: removes and yields
/// the values in key order.
///
/// Each value is removed from the slab as it is returned, so the slab is consistent at every
/// step: if the iterator is leaked, the values not yet returned stay in the slab; if a value's
/// `Drop` panics while the iterator drops the rest, the others stay in the slab too (and are
/// dropped with it). Once it has run to the end, keys start from 0 again.
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
/// slab.insert(1).unwrap();
/// slab.insert(2).unwrap();
/// let mut drain = slab.drain();
/// assert_eq!(drain.next_back(), Some(2));
/// drop(drain);
/// assert!(slab.is_empty());
/// ```
pub struct Drain<'a, T, const N: usize> {
    slab: &'a mut SlabAllocator<T, N>,
    front: usize,
    back: usize,
}

impl<'a, T, const N: usize> Drain<'a, T, N> {
    pub(super) fn new(slab: &'a mut SlabAllocator<T, N>) -> Self {
        let back = slab.used;
        Self {
            slab,
            front: 0,
            back,
        }
    }
}

impl<T, const N: usize> Iterator for Drain<'_, T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        while self.front < self.back && !self.slab.is_empty() {
            let key = self.front;
            self.front += 1;
            if let Some(value) = self.slab.try_remove(key) {
                return Some(value);
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.slab.len, Some(self.slab.len))
    }
}

impl<T, const N: usize> DoubleEndedIterator for Drain<'_, T, N> {
    fn next_back(&mut self) -> Option<T> {
        while self.front < self.back && !self.slab.is_empty() {
            self.back -= 1;
            if let Some(value) = self.slab.try_remove(self.back) {
                return Some(value);
            }
        }
        None
    }
}

impl<T, const N: usize> ExactSizeIterator for Drain<'_, T, N> {}
impl<T, const N: usize> FusedIterator for Drain<'_, T, N> {}

impl<T, const N: usize> Drop for Drain<'_, T, N> {
    fn drop(&mut self) {
        // A panicking `Drop` of a value ends this loop; the rest stay in the slab, consistent.
        for value in self.by_ref() {
            drop(value);
        }
        // Every value is gone: forget the free list, so keys start from 0 again.
        self.slab.next = 0;
        self.slab.used = 0;
    }
}

impl<T, const N: usize> fmt::Debug for Drain<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.slab.len)
            .finish_non_exhaustive()
    }
}
