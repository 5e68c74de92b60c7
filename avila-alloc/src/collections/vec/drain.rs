//! [`Drain`]: the iterator returned by [`StackVec::drain`].

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ops::Range;
use core::ptr::{self, NonNull};

use super::StackVec;
use crate::collections::core::ArrayCore;

/// An iterator that removes a range of a [`StackVec`] and yields its elements by value.
///
/// Created by [`StackVec::drain`]. When dropped, it drops the elements it has not yielded and
/// moves the vector's tail down to close the gap, even if an element's destructor panics.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackVec;
///
/// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4]);
/// let mut drain = v.drain(1..);
/// assert_eq!(drain.next_back(), Some(4));
/// assert_eq!(drain.as_slice(), [2, 3]);
/// drop(drain); // 2 and 3 are dropped here
/// assert_eq!(v, [1]);
/// ```
pub struct Drain<'a, T, const N: usize> {
    /// The drained vector. Its length was lowered to the range start when the drain began.
    vec: NonNull<StackVec<T, N>>,
    /// Elements not yet yielded: indices `[front, back)` of the buffer.
    front: usize,
    back: usize,
    /// The elements after the range: `[tail_start, tail_start + tail_len)`.
    tail_start: usize,
    tail_len: usize,
    _marker: PhantomData<&'a mut StackVec<T, N>>,
}

// SAFETY: a `Drain` owns the drained values and has unique access to the vector for `'a`,
// exactly like a `&'a mut StackVec<T, N>` plus owned `T`s.
unsafe impl<T: Send, const N: usize> Send for Drain<'_, T, N> {}
// SAFETY: `&Drain` only gives shared access to the un-yielded values (`as_slice`).
unsafe impl<T: Sync, const N: usize> Sync for Drain<'_, T, N> {}

impl<'a, T, const N: usize> Drain<'a, T, N> {
    /// Starts draining `range` (already checked against `len`) of `vec`.
    pub(super) fn new(vec: &'a mut StackVec<T, N>, range: Range<usize>, len: usize) -> Self {
        // Shorten the vector to the range start first: if the drain is leaked, the vector only
        // shows values it still owns.
        // SAFETY: `range.start <= len <= N`; the values at `range.start..` are now owned by the
        // drain (range) or parked (tail) until the drain moves them back.
        unsafe { vec.set_len(range.start) };
        Self {
            vec: NonNull::from(vec),
            front: range.start,
            back: range.end,
            tail_start: range.end,
            tail_len: len - range.end,
            _marker: PhantomData,
        }
    }

    /// Pointer to slot `index` of the vector's buffer, derived from the vector pointer by raw
    /// place projection: no reference to the vector is created, so slices returned earlier by
    /// [`as_slice`](Self::as_slice) stay valid (a `&mut` reborrow here would invalidate them
    /// under Stacked Borrows).
    #[inline(always)]
    fn slot(&self, index: usize) -> *mut T {
        // SAFETY: `vec` is valid and uniquely ours for `'a`; `index <= N`, within (or one past)
        // the buffer.
        unsafe { ArrayCore::raw_buf(&raw mut (*self.vec.as_ptr()).core).add(index) }
    }

    /// The elements not yet yielded, as a slice.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `[front, back)` holds initialized values owned by the drain; the slice borrows
        // `self`, so no `next` call can move them out while it lives.
        unsafe { core::slice::from_raw_parts(self.slot(self.front), self.back - self.front) }
    }
}

impl<T, const N: usize> Iterator for Drain<'_, T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.front == self.back {
            return None;
        }
        let index = self.front;
        self.front += 1;
        // SAFETY: `index` was in `[front, back)`: initialized, owned by the drain, read once.
        Some(unsafe { self.slot(index).read() })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<T, const N: usize> DoubleEndedIterator for Drain<'_, T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        // SAFETY: the old `back - 1` was in `[front, back)`: initialized, read once.
        Some(unsafe { self.slot(self.back).read() })
    }
}

impl<T, const N: usize> ExactSizeIterator for Drain<'_, T, N> {}
impl<T, const N: usize> FusedIterator for Drain<'_, T, N> {}

impl<T, const N: usize> Drop for Drain<'_, T, N> {
    fn drop(&mut self) {
        /// Moves the tail back into place, also when dropping the remaining values panics.
        struct MoveTail<'r, 'a, T, const N: usize>(&'r mut Drain<'a, T, N>);
        impl<T, const N: usize> Drop for MoveTail<'_, '_, T, N> {
            fn drop(&mut self) {
                let drain = &mut *self.0;
                // SAFETY: the vector is valid and uniquely ours; its length is the range start.
                let vec = unsafe { drain.vec.as_mut() };
                let start = vec.len();
                // SAFETY: the tail `[tail_start, tail_start + tail_len)` is initialized and moves
                // down to `start <= tail_start` (overlap allowed); the new length covers exactly
                // the kept prefix and the tail.
                unsafe {
                    if drain.tail_len > 0 && drain.tail_start != start {
                        let base = vec.as_mut_ptr();
                        ptr::copy(base.add(drain.tail_start), base.add(start), drain.tail_len);
                    }
                    vec.set_len(start + drain.tail_len);
                }
            }
        }

        let remaining = self.back - self.front;
        let first = self.slot(self.front);
        // Mark them as consumed before dropping: a panicking destructor must not make the guard or
        // a later call drop them again.
        self.front = self.back;
        let guard = MoveTail(self);
        if remaining > 0 {
            // SAFETY: the `remaining` values starting at `first` are initialized and owned by the
            // drain, which no longer counts them; the slice drop glue drops each exactly once,
            // continuing past a panicking one.
            unsafe { ptr::drop_in_place(ptr::slice_from_raw_parts_mut(first, remaining)) };
        }
        drop(guard);
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Drain<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Drain").field(&self.as_slice()).finish()
    }
}
