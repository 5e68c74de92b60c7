//! Conversions between [`StackVec`] and `heapless::Vec` (feature `heapless`).

use super::StackVec;

/// Requires the `heapless` feature. Moves the elements; both have capacity `N`, so nothing can be
/// lost.
///
/// ```
/// use avila_alloc::StackVec;
///
/// let h: heapless::Vec<u8, 4> = heapless::Vec::from_slice(&[1, 2]).unwrap();
/// let s: StackVec<u8, 4> = h.into();
/// assert_eq!(s, [1, 2]);
/// let back: heapless::Vec<u8, 4> = s.into();
/// assert_eq!(back, [1, 2]);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<T, const N: usize> From<heapless::Vec<T, N>> for StackVec<T, N> {
    fn from(vec: heapless::Vec<T, N>) -> Self {
        let mut new = Self::new();
        for value in vec {
            // SAFETY: a `heapless::Vec<T, N>` yields at most `N` values.
            unsafe { new.push_unchecked(value) };
        }
        new
    }
}

/// Requires the `heapless` feature. Moves the elements; both have capacity `N`.
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<T, const N: usize> From<StackVec<T, N>> for heapless::Vec<T, N> {
    fn from(vec: StackVec<T, N>) -> Self {
        let mut new = Self::new();
        for value in vec {
            // SAFETY: a `StackVec<T, N>` yields at most `N` values, the capacity of `new`.
            unsafe { new.push_unchecked(value) };
        }
        new
    }
}
