//! [`Drain`]: the iterator returned by [`StackDeque::drain`].

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ops::Range;
use core::ptr::NonNull;

use super::StackDeque;
use crate::collections::ring_core::RingCore;

/// An iterator that removes a range of a [`StackDeque`] and yields its values by value.
///
/// Created by [`StackDeque::drain`]. When dropped, it drops the values it has not yielded and
/// closes the gap by moving the shorter of the two remaining parts (before and after the range),
/// even if a value's destructor panics.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let mut d: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 4, 5]);
/// let mut drain = d.drain(1..4);
/// assert_eq!(drain.next_back(), Some(4));
/// assert_eq!(drain.as_slices(), (&[2, 3][..], &[][..]));
/// drop(drain); // 2 and 3 are dropped here
/// assert_eq!(d, [1, 5]);
/// ```
pub struct Drain<'a, T, const N: usize> {
    /// The drained deque. Its length was lowered to the range start when the drain began; its
    /// front slot does not move until the drain is dropped.
    deque: NonNull<StackDeque<T, N>>,
    /// The deque's front slot; logical indices below are relative to it.
    head: usize,
    /// Values not yet yielded: logical `[front, back)`.
    front: usize,
    back: usize,
    /// The drained range `[start, end)` and the deque's length before the drain.
    start: usize,
    end: usize,
    original_len: usize,
    _marker: PhantomData<&'a mut StackDeque<T, N>>,
}

// SAFETY: a `Drain` owns the drained values and has unique access to the deque for `'a`, exactly
// like a `&'a mut StackDeque<T, N>` plus owned `T`s.
unsafe impl<T: Send, const N: usize> Send for Drain<'_, T, N> {}
// SAFETY: `&Drain` only gives shared access to the un-yielded values (`as_slices`).
unsafe impl<T: Sync, const N: usize> Sync for Drain<'_, T, N> {}

impl<'a, T, const N: usize> Drain<'a, T, N> {
    /// Starts draining `range` (already checked against the length) of `deque`.
    pub(super) fn new(deque: &'a mut StackDeque<T, N>, range: Range<usize>) -> Self {
        let original_len = deque.len();
        let head = deque.core.head();
        // Shorten the deque to the range start first: if the drain is leaked, the deque only shows
        // values it still owns.
        // SAFETY: `range.start <= len <= N`; the values from `range.start` on are now owned by the
        // drain (the range) or parked (the tail) until the drain moves them back.
        unsafe { deque.core.set_len(range.start) };
        Self {
            deque: NonNull::from(deque),
            head,
            front: range.start,
            back: range.end,
            start: range.start,
            end: range.end,
            original_len,
            _marker: PhantomData,
        }
    }

    /// Pointer to the deque's buffer, derived from the deque pointer by raw place projection: no
    /// reference to the deque is created, so slices returned earlier by
    /// [`as_slices`](Self::as_slices) stay valid.
    #[inline(always)]
    fn base(&self) -> *mut T {
        // SAFETY: `deque` is valid and uniquely ours for `'a`.
        unsafe { RingCore::raw_buf(&raw mut (*self.deque.as_ptr()).core) }
    }

    /// The values not yet yielded, as two slices (the second empty unless they wrap).
    #[must_use]
    pub fn as_slices(&self) -> (&[T], &[T]) {
        let p = RingCore::<T, N>::pieces(self.head, self.front, self.back);
        let base = self.base();
        // SAFETY: the pieces are the slots of logical `[front, back)`: initialized and owned by the
        // drain; the slices borrow `self`, so no `next` call can move them out while they live.
        unsafe {
            (
                core::slice::from_raw_parts(base.add(p.at), p.first),
                core::slice::from_raw_parts(base, p.second),
            )
        }
    }
}

impl<T, const N: usize> Iterator for Drain<'_, T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.front == self.back {
            return None;
        }
        let at = RingCore::<T, N>::wrap_add(self.head, self.front);
        self.front += 1;
        // SAFETY: logical `front` was in `[front, back)`: initialized, owned by the drain, and now
        // outside it, so it is read once.
        Some(unsafe { self.base().add(at).read() })
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
        let at = RingCore::<T, N>::wrap_add(self.head, self.back);
        // SAFETY: the old `back - 1` was in `[front, back)`: initialized, read once.
        Some(unsafe { self.base().add(at).read() })
    }
}

impl<T, const N: usize> ExactSizeIterator for Drain<'_, T, N> {}
impl<T, const N: usize> FusedIterator for Drain<'_, T, N> {}

impl<T, const N: usize> Drop for Drain<'_, T, N> {
    fn drop(&mut self) {
        /// Closes the gap, also when dropping the remaining values panics.
        struct CloseGap<'r, 'a, T, const N: usize>(&'r mut Drain<'a, T, N>);
        impl<T, const N: usize> Drop for CloseGap<'_, '_, T, N> {
            fn drop(&mut self) {
                let drain = &mut *self.0;
                let (head, start, end) = (drain.head, drain.start, drain.end);
                let tail = drain.original_len - end;
                let gap = end - start;
                // SAFETY: the deque is valid and uniquely ours; no slice of the drain is alive
                // (they borrow the drain, which is being dropped).
                let core = unsafe { &mut drain.deque.as_mut().core };
                let base = core.as_mut_ptr();
                // Move the shorter side over the gap. The prefix `[0, start)` moving forward by
                // `gap` copies `start` values a distance `gap` (`start + gap = end <= N`); the tail
                // `[end, original_len)` moving back copies `tail` values a distance `gap`
                // backwards (`tail + gap <= original_len <= N`): both valid `wrap_copy`s. The
                // result holds the prefix then the tail, `start + tail` values from the new front.
                // SAFETY: as above; the slots of both parts are initialized, the gap's values are
                // gone (yielded or dropped).
                unsafe {
                    if start <= tail {
                        let new_head = RingCore::<T, N>::wrap_add(head, gap);
                        RingCore::<T, N>::wrap_copy(base, head, new_head, start);
                        core.set_head(new_head);
                    } else {
                        let from = RingCore::<T, N>::wrap_add(head, end);
                        let to = RingCore::<T, N>::wrap_add(head, start);
                        RingCore::<T, N>::wrap_copy(base, from, to, tail);
                    }
                    core.set_len(start + tail);
                }
            }
        }

        let (front, back) = (self.front, self.back);
        // Mark them as consumed before dropping: a panicking destructor must not make the guard or
        // a later call drop them again.
        self.front = self.back;
        let (base, head) = (self.base(), self.head);
        let guard = CloseGap(self);
        // SAFETY: logical `[front, back)` is initialized and owned by the drain, which no longer
        // counts it; `drop_range` drops each value once, continuing past a panicking one.
        unsafe { RingCore::<T, N>::drop_range(base, head, front, back) };
        drop(guard);
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Drain<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (a, b) = self.as_slices();
        f.debug_tuple("Drain").field(&a).field(&b).finish()
    }
}
