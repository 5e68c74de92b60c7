//! [`Drain`]: the iterator returned by [`StackString::drain`].

use core::fmt;
use core::iter::FusedIterator;
use core::ops::Range;

use super::StackString;

/// An iterator over the `char`s of a range removed from a [`StackString`].
///
/// Created by [`StackString::drain`]. The range is removed from the string when the `Drain` is
/// dropped, whether or not it was consumed. If the `Drain` is leaked, the string is unchanged.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackString;
///
/// let mut s: StackString<8> = "abcd".try_into().unwrap();
/// let mut d = s.drain(1..3);
/// assert_eq!(d.as_str(), "bc");
/// assert_eq!(d.next_back(), Some('c'));
/// drop(d);
/// assert_eq!(s, "ad");
/// ```
pub struct Drain<'a, const N: usize> {
    string: &'a mut StackString<N>,
    /// The whole drained byte range, removed on drop.
    range: Range<usize>,
    /// Byte positions of the chars not yet yielded: `[front, back)`, both char boundaries.
    front: usize,
    back: usize,
}

impl<'a, const N: usize> Drain<'a, N> {
    /// `range` is checked: in bounds and on char boundaries.
    pub(super) fn new(string: &'a mut StackString<N>, range: Range<usize>) -> Self {
        Self {
            string,
            front: range.start,
            back: range.end,
            range,
        }
    }

    /// The part of the drained range not yet yielded.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.string.as_str()[self.front..self.back]
    }
}

impl<const N: usize> Iterator for Drain<'_, N> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        let ch = self.as_str().chars().next()?;
        self.front += ch.len_utf8();
        Some(ch)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let bytes = self.back - self.front;
        (bytes.div_ceil(4), Some(bytes))
    }
}

impl<const N: usize> DoubleEndedIterator for Drain<'_, N> {
    #[inline]
    fn next_back(&mut self) -> Option<char> {
        let ch = self.as_str().chars().next_back()?;
        self.back -= ch.len_utf8();
        Some(ch)
    }
}

impl<const N: usize> FusedIterator for Drain<'_, N> {}

impl<const N: usize> Drop for Drain<'_, N> {
    fn drop(&mut self) {
        // SAFETY: the range lies in the string and both ends are char boundaries (checked by
        // `StackString::drain`), so removing it leaves valid UTF-8; bytes need no drop.
        unsafe { self.string.core.close_gap(self.range.start, self.range.end) };
    }
}

impl<const N: usize> fmt::Debug for Drain<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Drain").field(&self.as_str()).finish()
    }
}
