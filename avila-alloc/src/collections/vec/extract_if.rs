//! [`ExtractIf`]: the iterator returned by [`StackVec::extract_if`].

use core::fmt;
use core::iter::FusedIterator;
use core::ops::Range;
use core::slice;

use super::StackVec;

/// An iterator that removes the elements of a range of a [`StackVec`] for which a filter returns
/// `true`, and yields them by value.
///
/// Created by [`StackVec::extract_if`]. When dropped, it keeps the elements it has not visited
/// and closes the gaps left by the removed ones, in order; the vector is valid again even if the
/// filter panicked.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackVec;
/// use avila_alloc::collections::vec::ExtractIf;
///
/// let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4]);
/// let mut odd: ExtractIf<'_, u8, 8, _> = v.extract_if(.., |x| *x % 2 == 1);
/// assert_eq!(odd.next(), Some(1));
/// drop(odd); // 3 is not visited: it stays
/// assert_eq!(v, [2, 3, 4]);
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed; use `retain_mut` or \
              `extract_if(..).for_each(drop)` to remove and discard elements"]
pub struct ExtractIf<'a, T, const N: usize, F> {
    /// The vector. Its length is 0 while the iterator lives (so a leaked iterator exposes no
    /// gap); `Drop` sets it back. The buffer holds the kept elements at `[0, next - removed)`,
    /// vacated slots at `[next - removed, next)` and the unvisited elements at
    /// `[next, original_len)`.
    vec: &'a mut StackVec<T, N>,
    /// The next element to visit.
    next: usize,
    /// The end of the range: the elements from here on are not visited.
    end: usize,
    /// The number of elements yielded so far.
    removed: usize,
    /// The vector's length when the iterator was created.
    original_len: usize,
    filter: F,
}

impl<'a, T, const N: usize, F> ExtractIf<'a, T, N, F> {
    /// Starts extracting from `range` (already checked against `len`) of `vec`.
    pub(super) fn new(
        vec: &'a mut StackVec<T, N>,
        range: Range<usize>,
        len: usize,
        filter: F,
    ) -> Self {
        // SAFETY: 0 <= N; the elements are owned by the iterator until `Drop` sets the length
        // back (or leaked with it).
        unsafe { vec.set_len(0) };
        Self {
            vec,
            next: range.start,
            end: range.end,
            removed: 0,
            original_len: len,
            filter,
        }
    }
}

impl<T, const N: usize, F> Iterator for ExtractIf<'_, T, N, F>
where
    F: FnMut(&mut T) -> bool,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        // One pointer for the whole call: every element pointer below derives from it, and no
        // reference to the vector is taken while they are in use.
        let base = self.vec.as_mut_ptr();
        while self.next < self.end {
            let i = self.next;
            // SAFETY: `i < end <= original_len`: an initialized, unvisited element; the reference
            // lives only for the call of `filter`.
            let take = (self.filter)(unsafe { &mut *base.add(i) });
            // Count the element as visited only once `filter` has returned: if it panics, the
            // element stays unvisited and `Drop` keeps it.
            self.next += 1;
            if take {
                self.removed += 1;
                // SAFETY: the element is initialized and, with `next` past it and `removed`
                // counting it, belongs to neither the kept nor the unvisited part: read once.
                return Some(unsafe { base.add(i).read() });
            }
            if self.removed > 0 {
                // SAFETY: slot `i - removed` is vacated (yielded or moved down) and differs from
                // `i`; the element moves once and slot `i` counts as vacated from now on.
                unsafe {
                    base.add(i)
                        .copy_to_nonoverlapping(base.add(i - self.removed), 1)
                };
            }
        }
        None
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.end - self.next))
    }
}

impl<T, const N: usize, F> FusedIterator for ExtractIf<'_, T, N, F> where F: FnMut(&mut T) -> bool {}

impl<T, const N: usize, F> Drop for ExtractIf<'_, T, N, F> {
    fn drop(&mut self) {
        // SAFETY: the buffer holds the kept elements at `[0, next - removed)`, vacated slots at
        // `[next - removed, next)` and the unvisited ones at `[next, original_len)` (the type's
        // invariant, kept by `next` even when `filter` panicked); `original_len <= N`. Closing the
        // gap moves the unvisited elements down and leaves the length covering exactly the kept
        // and unvisited ones, in order. Nothing between the two calls can panic.
        unsafe {
            self.vec.core.set_len(self.original_len);
            self.vec.core.close_gap(self.next - self.removed, self.next);
        }
    }
}

impl<T: fmt::Debug, const N: usize, F> fmt::Debug for ExtractIf<'_, T, N, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = self.vec.as_ptr();
        // SAFETY: `[0, next - removed)` and `[next, original_len)` hold initialized elements (the
        // type's invariant); the slices borrow `self`, so `next` cannot move them meanwhile.
        let (retained, remainder, skipped_tail) = unsafe {
            (
                slice::from_raw_parts(base, self.next - self.removed),
                slice::from_raw_parts(base.add(self.next), self.end - self.next),
                slice::from_raw_parts(base.add(self.end), self.original_len - self.end),
            )
        };
        f.debug_struct("ExtractIf")
            .field("retained", &retained)
            .field("remainder", &remainder)
            .field("skipped_tail", &skipped_tail)
            .finish_non_exhaustive()
    }
}
