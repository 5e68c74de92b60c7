//! Standard trait implementations for [`StackRing`].

use core::fmt;
use core::hash::{Hash, Hasher};

#[cfg(feature = "alloc")]
use alloc::collections::VecDeque;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use super::{IntoIter, Iter, IterMut, StackRing};
use crate::collections::ring_core::pieces_eq;

impl<T, const N: usize> Default for StackRing<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for StackRing<T, N> {
    /// Clones every value into a new ring, oldest to newest. If a `clone` panics, the clones made
    /// so far are dropped and `self` is untouched.
    fn clone(&self) -> Self {
        let mut new = Self::new();
        for value in self {
            // SAFETY: `self` holds at most `N` values, so each clone fits.
            unsafe { new.core.push_back_unchecked(value.clone()) };
        }
        new
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for StackRing<T, N> {
    /// Prints the values oldest to newest, like a list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self).finish()
    }
}

/// Hashes like `VecDeque<T>` holding the values oldest to newest: the length, then every value.
impl<T: Hash, const N: usize> Hash for StackRing<T, N> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        self.iter().for_each(|x| x.hash(state));
    }
}

impl<T: Eq, const N: usize> Eq for StackRing<T, N> {}

/// `PartialEq` between a ring and another sequence, oldest to newest, through two slices each.
macro_rules! impl_ring_eq {
    ([$($generics:tt)*] $lhs:ty, $rhs:ty, |$l:ident, $r:ident| ($lp:expr, $rp:expr) $(, #[$attr:meta])?) => {
        $(#[$attr])?
        impl<T, U, $($generics)*> PartialEq<$rhs> for $lhs
        where
            T: PartialEq<U>,
        {
            #[inline]
            fn eq(&self, other: &$rhs) -> bool {
                let ($l, $r) = (self, other);
                pieces_eq($lp, $rp)
            }
        }
    };
}

impl_ring_eq! { [const N: usize, const M: usize] StackRing<T, N>, StackRing<U, M>, |l, r| (l.as_slices(), r.as_slices()) }
impl_ring_eq! { [const N: usize] StackRing<T, N>, [U], |l, r| (l.as_slices(), (r, &[][..])) }
impl_ring_eq! { [const N: usize] StackRing<T, N>, &[U], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_ring_eq! { [const N: usize, const M: usize] StackRing<T, N>, [U; M], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_ring_eq! { [const N: usize, const M: usize] StackRing<T, N>, &[U; M], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_ring_eq! { [const N: usize] StackRing<T, N>, Vec<U>, |l, r| (l.as_slices(), (&r[..], &[][..])), #[cfg(feature = "alloc")] }
impl_ring_eq! { [const N: usize] StackRing<T, N>, VecDeque<U>, |l, r| (l.as_slices(), r.as_slices()), #[cfg(feature = "alloc")] }

impl<T, const N: usize> IntoIterator for StackRing<T, N> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    #[inline]
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self)
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a StackRing<T, N> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    #[inline]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut StackRing<T, N> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    #[inline]
    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T, const N: usize> Extend<T> for StackRing<T, N> {
    /// Pushes every value of the iterator. **Overwriting is the semantics of a ring:** once the
    /// ring is full, each push overwrites the oldest value, which is dropped. To get the
    /// overwritten values back instead, use [`StackRing::extend_with_overwritten`].
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let mut r: StackRing<u8, 2> = StackRing::new();
    /// r.extend([1, 2, 3]); // 1 is overwritten and dropped
    /// assert_eq!(r, [2, 3]);
    /// ```
    #[inline]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            drop(self.push(value));
        }
    }
}

impl<'a, T: Copy + 'a, const N: usize> Extend<&'a T> for StackRing<T, N> {
    /// Pushes a copy of every value of the iterator, overwriting the oldest ones once full.
    #[inline]
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &value in iter {
            // `T: Copy`: the overwritten value needs no drop.
            let _ = self.push(value);
        }
    }
}

impl<T, const N: usize> FromIterator<T> for StackRing<T, N> {
    /// Collects the **last `N`** values of the iterator, oldest first: like `Extend` on an empty
    /// ring, the earlier values are overwritten and dropped.
    ///
    /// ```
    /// use avila_alloc::StackRing;
    ///
    /// let r: StackRing<u32, 3> = (1..=10).collect();
    /// assert_eq!(r, [8, 9, 10]);
    /// ```
    #[inline]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut ring = Self::new();
        ring.extend(iter);
        ring
    }
}

impl<T, const N: usize> From<[T; N]> for StackRing<T, N> {
    /// A full ring holding the array's values, the first one as the oldest.
    #[inline]
    fn from(array: [T; N]) -> Self {
        Self::from_array(array)
    }
}
