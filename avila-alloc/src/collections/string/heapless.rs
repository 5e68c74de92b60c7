//! Conversions between [`StackString`] and `heapless::String` (feature `heapless`).

use super::StackString;

/// Requires the `heapless` feature. Both hold `N` bytes, so nothing can be lost.
///
/// ```
/// use avila_alloc::StackString;
///
/// let h: heapless::String<8> = heapless::String::try_from("hi").unwrap();
/// let s: StackString<8> = h.into();
/// assert_eq!(s, "hi");
/// let back: heapless::String<8> = s.into();
/// assert_eq!(back, "hi");
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<const N: usize> From<heapless::String<N>> for StackString<N> {
    fn from(s: heapless::String<N>) -> Self {
        let mut new = Self::new();
        new.push_str(&s); // fits: at most N bytes
        new
    }
}

/// Requires the `heapless` feature. Both hold `N` bytes.
#[cfg_attr(docsrs, doc(cfg(feature = "heapless")))]
impl<const N: usize> From<StackString<N>> for heapless::String<N> {
    fn from(s: StackString<N>) -> Self {
        let mut new = Self::new();
        // `push_str` only fails when the string does not fit, and `N` bytes always fit.
        if new.push_str(&s).is_err() {
            unreachable!("a StackString<N> holds at most N bytes");
        }
        new
    }
}
