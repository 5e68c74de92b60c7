//! The iterators of [`StackQueue`]: [`Iter`], [`IterMut`] and the owning [`IntoIter`].

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::mem;
use core::slice;

use super::{Slot, StackQueue};

/// The value in an initialized slot, for as long as the slot is borrowed.
///
/// # Safety
///
/// - `slot` holds an initialized value that stays in place and is not written while the
///   returned reference lives.
#[inline(always)]
unsafe fn value<T>(slot: &Slot<T>) -> &T {
    // SAFETY: initialized and unchanged while borrowed (caller).
    slot.with(|p| unsafe { &*p.cast::<T>() })
}

/// An iterator over the elements of a [`StackQueue`], front to back (or back to front).
///
/// Created by [`StackQueue::iter`].
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<u8, 3> = StackQueue::new();
/// q.push(1);
/// q.push(2);
/// q.pop();
/// q.push(3);
/// q.push(4); // wraps around the end of the buffer
/// let mut it = q.iter();
/// assert_eq!(it.next(), Some(&2));
/// assert_eq!(it.next_back(), Some(&4));
/// assert_eq!(it.len(), 1);
/// ```
pub struct Iter<'a, T> {
    /// The slots not yet visited, in order: `front` then `back` (two runs of the ring buffer).
    front: slice::Iter<'a, Slot<T>>,
    back: slice::Iter<'a, Slot<T>>,
}

// SAFETY: an `Iter` hands out `&T` and nothing else, like `slice::Iter<'_, T>`: sending or
// sharing it sends or shares `&T`, which needs `T: Sync`.
unsafe impl<T: Sync> Send for Iter<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Iter<'_, T> {}

impl<'a, T> Iter<'a, T> {
    /// An iterator over `front` then `back`, which must be initialized slots of a queue borrowed
    /// for `'a`.
    #[inline]
    pub(super) fn new(front: &'a [Slot<T>], back: &'a [Slot<T>]) -> Self {
        Self {
            front: front.iter(),
            back: back.iter(),
        }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        let slot = match self.front.next() {
            Some(slot) => slot,
            None => {
                // The first run is exhausted: continue with the second.
                mem::swap(&mut self.front, &mut self.back);
                self.front.next()?
            }
        };
        // SAFETY: the slots of an `Iter` are initialized, and the queue is borrowed shared for
        // `'a`, so they stay in place and unchanged.
        Some(unsafe { value(slot) })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.front.len() + self.back.len();
        (n, Some(n))
    }
}

impl<'a, T> DoubleEndedIterator for Iter<'a, T> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a T> {
        let slot = match self.back.next_back() {
            Some(slot) => slot,
            None => {
                mem::swap(&mut self.front, &mut self.back);
                self.back.next_back()?
            }
        };
        // SAFETY: as in `next`.
        Some(unsafe { value(slot) })
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

impl<T> Clone for Iter<'_, T> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            front: self.front.clone(),
            back: self.back.clone(),
        }
    }
}

/// Prints the elements an iterator has not yielded yet, as a list.
struct Remaining<'a, T>(Iter<'a, T>);

impl<T: fmt::Debug> fmt::Debug for Remaining<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.clone()).finish()
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Iter")
            .field(&Remaining(self.clone()))
            .finish()
    }
}

/// An iterator over mutable references to the elements of a [`StackQueue`], front to back (or
/// back to front).
///
/// Created by [`StackQueue::iter_mut`].
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<i32, 4> = [1, 2, 3].into_iter().collect();
/// for x in &mut q {
///     *x = -*x;
/// }
/// assert_eq!(q.pop(), Some(-1));
/// ```
pub struct IterMut<'a, T> {
    front: slice::Iter<'a, Slot<T>>,
    back: slice::Iter<'a, Slot<T>>,
    /// Borrows the elements mutably: invariant in `T`, like `&'a mut T`.
    marker: PhantomData<&'a mut T>,
}

// SAFETY: an `IterMut` hands out `&mut T`, each element once, like `slice::IterMut<'_, T>`:
// sending it sends `&mut T` (needs `T: Send`); sharing it shares nothing usable through `&self`.
unsafe impl<T: Send> Send for IterMut<'_, T> {}
// SAFETY: `&IterMut` only exposes `size_hint` and, through `Debug`, `&T` (needs `T: Sync`).
unsafe impl<T: Sync> Sync for IterMut<'_, T> {}

impl<'a, T> IterMut<'a, T> {
    /// An iterator over `front` then `back`.
    ///
    /// # Safety
    ///
    /// - the slots are initialized slots of a queue borrowed mutably for `'a`.
    #[inline]
    pub(super) unsafe fn new(front: &'a [Slot<T>], back: &'a [Slot<T>]) -> Self {
        Self {
            front: front.iter(),
            back: back.iter(),
            marker: PhantomData,
        }
    }
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        let slot = match self.front.next() {
            Some(slot) => slot,
            None => {
                mem::swap(&mut self.front, &mut self.back);
                self.front.next()?
            }
        };
        // SAFETY: the slot is initialized, the queue is borrowed mutably for `'a`, and each slot
        // is yielded once, so the `&mut T` is unique.
        Some(slot.with_mut(|p| unsafe { &mut *p.cast::<T>() }))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.front.len() + self.back.len();
        (n, Some(n))
    }
}

impl<'a, T> DoubleEndedIterator for IterMut<'a, T> {
    #[inline]
    fn next_back(&mut self) -> Option<&'a mut T> {
        let slot = match self.back.next_back() {
            Some(slot) => slot,
            None => {
                mem::swap(&mut self.front, &mut self.back);
                self.back.next_back()?
            }
        };
        // SAFETY: as in `next`.
        Some(slot.with_mut(|p| unsafe { &mut *p.cast::<T>() }))
    }
}

impl<T> ExactSizeIterator for IterMut<'_, T> {}
impl<T> FusedIterator for IterMut<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rest = Iter {
            front: self.front.clone(),
            back: self.back.clone(),
        };
        f.debug_tuple("IterMut").field(&Remaining(rest)).finish()
    }
}

/// An iterator that moves the elements out of a [`StackQueue`], front to back (or back to
/// front).
///
/// Created by `StackQueue::into_iter` (the [`IntoIterator`] impl). The elements not yielded are
/// dropped with the iterator.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let q: StackQueue<String, 4> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
/// let mut it = q.into_iter();
/// assert_eq!(it.next().as_deref(), Some("a"));
/// assert_eq!(it.next_back().as_deref(), Some("c"));
/// assert_eq!(it.len(), 1);
/// ```
pub struct IntoIter<T, const N: usize> {
    queue: StackQueue<T, N>,
}

impl<T, const N: usize> IntoIter<T, N> {
    #[inline]
    pub(super) fn new(queue: StackQueue<T, N>) -> Self {
        Self { queue }
    }
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.queue.pop()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.queue.len();
        (n, Some(n))
    }
}

impl<T, const N: usize> DoubleEndedIterator for IntoIter<T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.queue.pop_back()
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T: Clone, const N: usize> Clone for IntoIter<T, N> {
    fn clone(&self) -> Self {
        Self {
            queue: self.queue.clone(),
        }
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.queue).finish()
    }
}
