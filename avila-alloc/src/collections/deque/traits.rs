//! Standard trait implementations for [`StackDeque`]: the ones `VecDeque` has, where they make
//! sense at a fixed capacity.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Index, IndexMut};
use core::ptr;

#[cfg(feature = "alloc")]
use alloc::collections::VecDeque;
#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use super::{IntoIter, Iter, IterMut, StackDeque};
use crate::collections::StackVec;
use crate::collections::core::index_out_of_bounds;
use crate::collections::ring_core::pieces_eq;
#[cfg(feature = "alloc")]
use crate::error::CapacityError;
use crate::error::capacity_overflow;

impl<T, const N: usize> Default for StackDeque<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for StackDeque<T, N> {
    /// Clones every element into a new deque, front to back. If a `clone` panics, the clones made
    /// so far are dropped and `self` is untouched.
    fn clone(&self) -> Self {
        let mut new = Self::new();
        for value in self {
            // SAFETY: `self` holds at most `N` values, so each clone fits.
            unsafe { new.push_back_unchecked(value.clone()) };
        }
        new
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for StackDeque<T, N> {
    /// Prints the elements front to back, like a list.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self).finish()
    }
}

/// Hashes like `VecDeque<T>`: the length, then every element front to back.
impl<T: Hash, const N: usize> Hash for StackDeque<T, N> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        self.iter().for_each(|x| x.hash(state));
    }
}

impl<T: Eq, const N: usize> Eq for StackDeque<T, N> {}

impl<T: PartialOrd, const N: usize, const M: usize> PartialOrd<StackDeque<T, M>>
    for StackDeque<T, N>
{
    /// Lexicographic, front to back, like `VecDeque` and slices.
    #[inline]
    fn partial_cmp(&self, other: &StackDeque<T, M>) -> Option<Ordering> {
        self.iter().partial_cmp(other.iter())
    }
}

impl<T: Ord, const N: usize> Ord for StackDeque<T, N> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.iter().cmp(other.iter())
    }
}

/// `PartialEq` between a deque-like side and a deque-or-slice-like side, each turned into two
/// slices by the given expression.
macro_rules! impl_deque_eq {
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

impl_deque_eq! { [const N: usize, const M: usize] StackDeque<T, N>, StackDeque<U, M>, |l, r| (l.as_slices(), r.as_slices()) }
impl_deque_eq! { [const N: usize] StackDeque<T, N>, [U], |l, r| (l.as_slices(), (r, &[][..])) }
impl_deque_eq! { [const N: usize] StackDeque<T, N>, &[U], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_deque_eq! { [const N: usize] StackDeque<T, N>, &mut [U], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_deque_eq! { [const N: usize, const M: usize] StackDeque<T, N>, [U; M], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_deque_eq! { [const N: usize, const M: usize] StackDeque<T, N>, &[U; M], |l, r| (l.as_slices(), (&r[..], &[][..])) }
impl_deque_eq! { [const N: usize] [T], StackDeque<U, N>, |l, r| ((l, &[][..]), r.as_slices()) }
impl_deque_eq! { [const N: usize, const M: usize] [T; M], StackDeque<U, N>, |l, r| ((&l[..], &[][..]), r.as_slices()) }
impl_deque_eq! { [const N: usize] StackDeque<T, N>, Vec<U>, |l, r| (l.as_slices(), (&r[..], &[][..])), #[cfg(feature = "alloc")] }
impl_deque_eq! { [const N: usize] Vec<T>, StackDeque<U, N>, |l, r| ((&l[..], &[][..]), r.as_slices()), #[cfg(feature = "alloc")] }
impl_deque_eq! { [const N: usize] StackDeque<T, N>, VecDeque<U>, |l, r| (l.as_slices(), r.as_slices()), #[cfg(feature = "alloc")] }
impl_deque_eq! { [const N: usize] VecDeque<T>, StackDeque<U, N>, |l, r| (l.as_slices(), r.as_slices()), #[cfg(feature = "alloc")] }

impl<T, const N: usize> Index<usize> for StackDeque<T, N> {
    type Output = T;

    /// The element at `index` (0 is the front).
    ///
    /// # Panics
    ///
    /// Panics if `index >= len()`.
    #[inline]
    #[track_caller]
    fn index(&self, index: usize) -> &T {
        match self.get(index) {
            Some(x) => x,
            None => index_out_of_bounds("StackDeque::index", index, self.len()),
        }
    }
}

impl<T, const N: usize> IndexMut<usize> for StackDeque<T, N> {
    /// The element at `index` (0 is the front), mutably.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len()`.
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: usize) -> &mut T {
        let len = self.len();
        match self.get_mut(index) {
            Some(x) => x,
            None => index_out_of_bounds("StackDeque::index_mut", index, len),
        }
    }
}

impl<T, const N: usize> IntoIterator for StackDeque<T, N> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    #[inline]
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self)
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a StackDeque<T, N> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    #[inline]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut StackDeque<T, N> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    #[inline]
    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T, const N: usize> StackDeque<T, N> {
    #[inline(always)]
    #[track_caller]
    fn push_back_or_overflow(&mut self, operation: &'static str, value: T) {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_back_unchecked(value) }
        } else {
            capacity_overflow(operation, N, N + 1)
        }
    }
}

impl<T, const N: usize> Extend<T> for StackDeque<T, N> {
    /// Appends every element of the iterator at the back.
    ///
    /// # Panics
    ///
    /// Panics if the deque fills up; the elements appended before stay. Use
    /// [`StackDeque::try_extend`] to get the overflowing element back instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.push_back_or_overflow("StackDeque::extend", value);
        }
    }
}

impl<'a, T: Copy + 'a, const N: usize> Extend<&'a T> for StackDeque<T, N> {
    /// Appends a copy of every element of the iterator at the back.
    ///
    /// # Panics
    ///
    /// Panics if the deque fills up; the elements appended before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &value in iter {
            self.push_back_or_overflow("StackDeque::extend", value);
        }
    }
}

impl<T, const N: usize> FromIterator<T> for StackDeque<T, N> {
    /// Collects the iterator into a new deque, front to back.
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields more than `N` elements. Use [`StackDeque::try_from_iter`]
    /// to get an error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut d = Self::new();
        for value in iter {
            d.push_back_or_overflow("StackDeque::from_iter", value);
        }
        d
    }
}

impl<T, const N: usize> From<[T; N]> for StackDeque<T, N> {
    /// A full deque holding the array's values, front to back.
    #[inline]
    fn from(array: [T; N]) -> Self {
        Self::from_array(array)
    }
}

impl<T, const N: usize> From<StackVec<T, N>> for StackDeque<T, N> {
    /// Moves the vector's elements into a deque of the same capacity, front to back.
    ///
    /// ```
    /// use avila_alloc::{StackDeque, StackVec};
    ///
    /// let v: StackVec<u8, 4> = StackVec::from_array([1, 2]);
    /// let d = StackDeque::from(v);
    /// assert_eq!(d, [1, 2]);
    /// ```
    fn from(mut vec: StackVec<T, N>) -> Self {
        let mut new = Self::new();
        let len = vec.len();
        // SAFETY: `len <= N` values move into the empty deque (distinct buffers); the vector forgets
        // them.
        unsafe {
            new.core.move_in_back(vec.as_ptr(), len);
            vec.set_len(0);
        }
        new
    }
}

impl<T, const N: usize> From<StackDeque<T, N>> for StackVec<T, N> {
    /// Moves the deque's elements into a vector of the same capacity, front to back.
    ///
    /// ```
    /// use avila_alloc::{StackDeque, StackVec};
    ///
    /// let mut d: StackDeque<u8, 4> = StackDeque::from_array([2, 3]);
    /// d.push_front(1);
    /// let v = StackVec::from(d);
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    fn from(mut deque: StackDeque<T, N>) -> Self {
        let mut new = Self::new();
        let (a, b) = deque.as_slices();
        let (a, b) = (ptr::from_ref(a), ptr::from_ref(b));
        // SAFETY: the `len <= N` values move into the empty vector in order (distinct buffers);
        // the deque forgets them.
        unsafe {
            let dst = new.as_mut_ptr();
            ptr::copy_nonoverlapping(a.cast::<T>(), dst, a.len());
            ptr::copy_nonoverlapping(b.cast::<T>(), dst.add(a.len()), b.len());
            new.set_len(a.len() + b.len());
            deque.core.set_len(0);
        }
        new
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> TryFrom<VecDeque<T>> for StackDeque<T, N> {
    type Error = CapacityError<VecDeque<T>>;

    /// Moves the elements of `deque` into a new `StackDeque`; gives `deque` back if it is too
    /// long.
    fn try_from(mut deque: VecDeque<T>) -> Result<Self, Self::Error> {
        if deque.len() > N {
            return Err(CapacityError::new(deque, N));
        }
        let mut new = Self::new();
        new.extend(deque.drain(..));
        Ok(new)
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> From<StackDeque<T, N>> for VecDeque<T> {
    /// Moves the elements into a `VecDeque` with capacity `len`.
    fn from(deque: StackDeque<T, N>) -> Self {
        let mut new = VecDeque::with_capacity(deque.len());
        new.extend(deque);
        new
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> TryFrom<Vec<T>> for StackDeque<T, N> {
    type Error = CapacityError<Vec<T>>;

    /// Moves the elements of `vec` into a new `StackDeque`, front to back; gives `vec` back if it
    /// is too long.
    fn try_from(mut vec: Vec<T>) -> Result<Self, Self::Error> {
        if vec.len() > N {
            return Err(CapacityError::new(vec, N));
        }
        let mut new = Self::new();
        // SAFETY: `vec.len() <= N` values move into the empty deque; `vec` forgets them by setting
        // its length to zero (its allocation is still freed on drop).
        unsafe {
            new.core.move_in_back(vec.as_ptr(), vec.len());
            vec.set_len(0);
        }
        Ok(new)
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> From<StackDeque<T, N>> for Vec<T> {
    /// Moves the elements into a `Vec` with capacity `len`, front to back.
    fn from(deque: StackDeque<T, N>) -> Self {
        let mut vec = Vec::with_capacity(deque.len());
        vec.extend(deque);
        vec
    }
}
