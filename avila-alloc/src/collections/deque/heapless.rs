//! Conversions between [`StackDeque`] and `heapless::Deque` (feature `heapless`).

use super::StackDeque;

/// Requires the `heapless` feature. Moves the elements, front to back; both have capacity `N`, so
/// nothing can be lost.
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let mut h: heapless::Deque<u8, 4> = heapless::Deque::new();
/// h.push_back(2).unwrap();
/// h.push_front(1).unwrap();
/// let s: StackDeque<u8, 4> = h.into();
/// assert_eq!(s, [1, 2]);
/// let back: heapless::Deque<u8, 4> = s.into();
/// assert_eq!(back.iter().copied().collect::<Vec<_>>(), [1, 2]);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<T, const N: usize> From<heapless::Deque<T, N>> for StackDeque<T, N> {
    fn from(deque: heapless::Deque<T, N>) -> Self {
        let mut new = Self::new();
        for value in deque {
            // SAFETY: a `heapless::Deque<T, N>` yields at most `N` values.
            unsafe { new.push_back_unchecked(value) };
        }
        new
    }
}

/// Requires the `heapless` feature. Moves the elements, front to back; both have capacity `N`.
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<T, const N: usize> From<StackDeque<T, N>> for heapless::Deque<T, N> {
    fn from(deque: StackDeque<T, N>) -> Self {
        let mut new = Self::new();
        for value in deque {
            // SAFETY: a `StackDeque<T, N>` yields at most `N` values, the capacity of `new`.
            unsafe { new.push_back_unchecked(value) };
        }
        new
    }
}
