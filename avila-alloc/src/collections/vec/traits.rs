//! Standard trait implementations for [`StackVec`]: the ones `Vec` has, where they make sense at a
//! fixed capacity.

use core::borrow::{Borrow, BorrowMut};
use core::cmp::Ordering;
use core::hash::{Hash, Hasher};
use core::ops::{Deref, DerefMut, Index, IndexMut};
use core::slice::SliceIndex;
use core::{fmt, slice};

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use super::{IntoIter, StackVec};
use crate::error::{CapacityError, capacity_overflow};

impl<T, const N: usize> Deref for StackVec<T, N> {
    type Target = [T];

    #[inline(always)]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T, const N: usize> DerefMut for StackVec<T, N> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T, I: SliceIndex<[T]>, const N: usize> Index<I> for StackVec<T, N> {
    type Output = I::Output;

    #[inline]
    fn index(&self, index: I) -> &I::Output {
        Index::index(self.as_slice(), index)
    }
}

impl<T, I: SliceIndex<[T]>, const N: usize> IndexMut<I> for StackVec<T, N> {
    #[inline]
    fn index_mut(&mut self, index: I) -> &mut I::Output {
        IndexMut::index_mut(self.as_mut_slice(), index)
    }
}

impl<T, const N: usize> Default for StackVec<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for StackVec<T, N> {
    #[inline]
    fn clone(&self) -> Self {
        let mut new = Self::new();
        let items = self.as_slice();
        // SAFETY: `items.len() <= N` values fit into the empty vector; `i < items.len()`.
        unsafe {
            new.core
                .extend_with(items.len(), |_, i| items.get_unchecked(i).clone())
        };
        new
    }

    fn clone_from(&mut self, source: &Self) {
        // Reuse the existing elements (`clone_from` on each), then clone the rest.
        self.truncate(source.len());
        let (common, rest) = source.split_at(self.len());
        self.as_mut_slice().clone_from_slice(common);
        self.extend_from_slice(rest);
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for StackVec<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

/// Hashes like `[T]` (and so like `Vec<T>`), as `Borrow<[T]>` requires.
impl<T: Hash, const N: usize> Hash for StackVec<T, N> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        Hash::hash(self.as_slice(), state);
    }
}

impl<T: Eq, const N: usize> Eq for StackVec<T, N> {}

impl<T: PartialOrd, const N: usize, const M: usize> PartialOrd<StackVec<T, M>> for StackVec<T, N> {
    #[inline]
    fn partial_cmp(&self, other: &StackVec<T, M>) -> Option<Ordering> {
        PartialOrd::partial_cmp(self.as_slice(), other.as_slice())
    }
}

impl<T: Ord, const N: usize> Ord for StackVec<T, N> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        Ord::cmp(self.as_slice(), other.as_slice())
    }
}

/// `PartialEq` between a slice-like left side and a slice-like right side, comparing elements.
macro_rules! impl_slice_eq {
    ([$($generics:tt)*] $lhs:ty, $rhs:ty $(, #[$attr:meta])?) => {
        $(#[$attr])?
        impl<T, U, $($generics)*> PartialEq<$rhs> for $lhs
        where
            T: PartialEq<U>,
        {
            #[inline]
            fn eq(&self, other: &$rhs) -> bool {
                self[..] == other[..]
            }
        }
    };
}

impl_slice_eq! { [const N: usize, const M: usize] StackVec<T, N>, StackVec<U, M> }
impl_slice_eq! { [const N: usize] StackVec<T, N>, [U] }
impl_slice_eq! { [const N: usize] StackVec<T, N>, &[U] }
impl_slice_eq! { [const N: usize] StackVec<T, N>, &mut [U] }
impl_slice_eq! { [const N: usize, const M: usize] StackVec<T, N>, [U; M] }
impl_slice_eq! { [const N: usize, const M: usize] StackVec<T, N>, &[U; M] }
impl_slice_eq! { [const N: usize] [T], StackVec<U, N> }
impl_slice_eq! { [const N: usize] &[T], StackVec<U, N> }
impl_slice_eq! { [const N: usize] &mut [T], StackVec<U, N> }
impl_slice_eq! { [const N: usize, const M: usize] [T; M], StackVec<U, N> }
impl_slice_eq! { [const N: usize, const M: usize] &[T; M], StackVec<U, N> }
impl_slice_eq! { [const N: usize] StackVec<T, N>, Vec<U>, #[cfg(feature = "alloc")] }
impl_slice_eq! { [const N: usize] Vec<T>, StackVec<U, N>, #[cfg(feature = "alloc")] }

impl<T, const N: usize> AsRef<[T]> for StackVec<T, N> {
    #[inline]
    fn as_ref(&self) -> &[T] {
        self
    }
}

impl<T, const N: usize> AsMut<[T]> for StackVec<T, N> {
    #[inline]
    fn as_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<T, const N: usize> AsRef<StackVec<T, N>> for StackVec<T, N> {
    #[inline]
    fn as_ref(&self) -> &Self {
        self
    }
}

impl<T, const N: usize> AsMut<StackVec<T, N>> for StackVec<T, N> {
    #[inline]
    fn as_mut(&mut self) -> &mut Self {
        self
    }
}

impl<T, const N: usize> Borrow<[T]> for StackVec<T, N> {
    #[inline]
    fn borrow(&self) -> &[T] {
        self
    }
}

impl<T, const N: usize> BorrowMut<[T]> for StackVec<T, N> {
    #[inline]
    fn borrow_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<T, const N: usize> From<[T; N]> for StackVec<T, N> {
    /// A full vector holding the array's values.
    #[inline]
    fn from(array: [T; N]) -> Self {
        Self::from_array(array)
    }
}

impl<T, const N: usize> TryFrom<StackVec<T, N>> for [T; N] {
    type Error = StackVec<T, N>;

    /// The array of a full vector; the vector back if it is not full.
    #[inline]
    fn try_from(vec: StackVec<T, N>) -> Result<Self, Self::Error> {
        vec.into_inner()
    }
}

impl<'a, T: Clone, const N: usize> TryFrom<&'a [T]> for StackVec<T, N> {
    type Error = CapacityError<&'a [T]>;

    /// Clones the slice into a new vector; gives it back if it is longer than `N`.
    #[inline]
    fn try_from(items: &'a [T]) -> Result<Self, Self::Error> {
        let mut v = Self::new();
        v.try_extend_from_slice(items)?;
        Ok(v)
    }
}

impl<'a, T: Clone, const N: usize> TryFrom<&'a mut [T]> for StackVec<T, N> {
    type Error = CapacityError<&'a mut [T]>;

    /// Clones the slice into a new vector; gives it back if it is longer than `N`.
    #[inline]
    fn try_from(items: &'a mut [T]) -> Result<Self, Self::Error> {
        if items.len() > N {
            return Err(CapacityError::new(items, N));
        }
        let mut v = Self::new();
        v.extend_from_slice(items); // fits: checked above
        Ok(v)
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> TryFrom<Vec<T>> for StackVec<T, N> {
    type Error = CapacityError<Vec<T>>;

    /// Moves the elements of `vec` into a new `StackVec`; gives `vec` back if it is too long.
    fn try_from(mut vec: Vec<T>) -> Result<Self, Self::Error> {
        if vec.len() > N {
            return Err(CapacityError::new(vec, N));
        }
        let mut new = Self::new();
        // SAFETY: `vec.len() <= N` values move to the new buffer; `vec` forgets them by setting
        // its length to zero (its allocation is still freed on drop).
        unsafe {
            core::ptr::copy_nonoverlapping(vec.as_ptr(), new.as_mut_ptr(), vec.len());
            new.set_len(vec.len());
            vec.set_len(0);
        }
        Ok(new)
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<T, const N: usize> From<StackVec<T, N>> for Vec<T> {
    /// Moves the elements into a `Vec` with capacity `len`.
    fn from(stack: StackVec<T, N>) -> Self {
        let mut vec = Vec::with_capacity(stack.len());
        vec.extend(stack);
        vec
    }
}

impl<T, const N: usize> IntoIterator for StackVec<T, N> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    #[inline]
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self)
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a StackVec<T, N> {
    type Item = &'a T;
    type IntoIter = slice::Iter<'a, T>;

    #[inline]
    fn into_iter(self) -> slice::Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut StackVec<T, N> {
    type Item = &'a mut T;
    type IntoIter = slice::IterMut<'a, T>;

    #[inline]
    fn into_iter(self) -> slice::IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T, const N: usize> Extend<T> for StackVec<T, N> {
    /// Appends every element of the iterator.
    ///
    /// # Panics
    ///
    /// Panics if the vector fills up; the elements appended before stay. Use
    /// [`StackVec::try_extend`] to get the overflowing element back instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.push_or_overflow("StackVec::extend", value);
        }
    }
}

impl<'a, T: Copy + 'a, const N: usize> Extend<&'a T> for StackVec<T, N> {
    /// Appends a copy of every element of the iterator.
    ///
    /// # Panics
    ///
    /// Panics if the vector fills up; the elements appended before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &value in iter {
            self.push_or_overflow("StackVec::extend", value);
        }
    }
}

impl<T, const N: usize> FromIterator<T> for StackVec<T, N> {
    /// Collects the iterator into a new vector.
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields more than `N` elements. Use [`StackVec::try_from_iter`] to
    /// get an error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = Self::new();
        for value in iter {
            v.push_or_overflow("StackVec::from_iter", value);
        }
        v
    }
}

impl<T, const N: usize> StackVec<T, N> {
    #[inline(always)]
    #[track_caller]
    fn push_or_overflow(&mut self, operation: &'static str, value: T) {
        if self.len() < N {
            // SAFETY: checked `len < N`.
            unsafe { self.push_unchecked(value) }
        } else {
            capacity_overflow(operation, N, N + 1)
        }
    }
}

/// Requires the `std` feature. Writes as many bytes as fit, like `std::io::Cursor<&mut [u8]>`:
/// `write` returns the count (0 once full), so `write_all` reports an
/// [`ErrorKind::WriteZero`](std::io::ErrorKind::WriteZero) error instead of dropping bytes.
///
/// ```
/// use avila_alloc::StackVec;
/// use std::io::Write;
///
/// let mut buf: StackVec<u8, 4> = StackVec::new();
/// assert_eq!(buf.write(b"abcdef").unwrap(), 4);
/// assert!(buf.write_all(b"g").is_err());
/// assert_eq!(buf, *b"abcd");
/// ```
#[cfg(feature = "std")]
#[cfg_attr(docsrs, doc(cfg(feature = "std")))]
impl<const N: usize> std::io::Write for StackVec<u8, N> {
    #[inline]
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let n = data.len().min(self.remaining_capacity());
        self.core
            .extend_from_slice_copy("StackVec::write", &data[..n]);
        Ok(n)
    }

    #[inline]
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
