//! The iterators of [`StackHashSet`]: over the values, and the lazy set algebra.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::iter::FusedIterator;

use super::StackHashSet;
use crate::collections::hash_map;

/// An iterator over the values of a set. Made by [`StackHashSet::iter`].
pub struct Iter<'a, T> {
    inner: hash_map::Keys<'a, T, ()>,
}

impl<'a, T> Iter<'a, T> {
    #[inline]
    pub(super) fn new(inner: hash_map::Keys<'a, T, ()>) -> Self {
        Self { inner }
    }
}

impl<'a, T> Iterator for Iter<'a, T> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> DoubleEndedIterator for Iter<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        self.inner.next_back()
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> FusedIterator for Iter<'_, T> {}

impl<T> Clone for Iter<'_, T> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<T> Default for Iter<'_, T> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: hash_map::Keys::default(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator that moves the values out of a set. Made by `StackHashSet::into_iter` (the
/// [`IntoIterator`] impl); the values not yielded are dropped with it.
pub struct IntoIter<T, const N: usize> {
    inner: hash_map::IntoKeys<T, (), N>,
}

impl<T, const N: usize> IntoIter<T, N> {
    #[inline]
    pub(super) fn new(inner: hash_map::IntoKeys<T, (), N>) -> Self {
        Self { inner }
    }
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, const N: usize> DoubleEndedIterator for IntoIter<T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back()
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T, const N: usize> Default for IntoIter<T, N> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: hash_map::IntoKeys::default(),
        }
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

/// A draining iterator over the values of a set. Made by [`StackHashSet::drain`].
pub struct Drain<'a, T, const N: usize> {
    inner: hash_map::Drain<'a, T, (), N>,
}

impl<'a, T, const N: usize> Drain<'a, T, N> {
    #[inline]
    pub(super) fn new(inner: hash_map::Drain<'a, T, (), N>) -> Self {
        Self { inner }
    }
}

impl<T, const N: usize> Iterator for Drain<'_, T, N> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        self.inner.next().map(|(value, ())| value)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T, const N: usize> DoubleEndedIterator for Drain<'_, T, N> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        self.inner.next_back().map(|(value, ())| value)
    }
}

impl<T, const N: usize> ExactSizeIterator for Drain<'_, T, N> {}
impl<T, const N: usize> FusedIterator for Drain<'_, T, N> {}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Drain<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.inner.as_slice().iter().map(|(value, ())| value))
            .finish()
    }
}

/// An iterator that removes and yields the values of a set for which a predicate returns `true`.
/// Made by [`StackHashSet::extract_if`]: values not visited when it is dropped stay in the set.
pub struct ExtractIf<'a, T, const N: usize, S, F> {
    cursor: hash_map::ExtractCursor<'a, T, (), N, S>,
    pred: F,
}

impl<'a, T, const N: usize, S, F> ExtractIf<'a, T, N, S, F> {
    #[inline]
    pub(super) fn new(cursor: hash_map::ExtractCursor<'a, T, (), N, S>, pred: F) -> Self {
        Self { cursor, pred }
    }
}

impl<T, const N: usize, S, F: FnMut(&T) -> bool> Iterator for ExtractIf<'_, T, N, S, F> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        let pred = &mut self.pred;
        self.cursor
            .next_by(|value, ()| pred(value))
            .map(|(value, ())| value)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.cursor.unvisited().len()))
    }
}

impl<T, const N: usize, S, F: FnMut(&T) -> bool> FusedIterator for ExtractIf<'_, T, N, S, F> {}

/// Lists the values not yet visited.
impl<T: fmt::Debug, const N: usize, S, F> fmt::Debug for ExtractIf<'_, T, N, S, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.cursor.unvisited().iter().map(|(value, ())| value))
            .finish()
    }
}

/// The values of one set that are not in another, lazily. Made by
/// [`StackHashSet::difference`]; `M` and `S` are the other set's capacity and hasher.
pub struct Difference<'a, T, const M: usize, S> {
    iter: Iter<'a, T>,
    other: &'a StackHashSet<T, M, S>,
}

impl<'a, T, const M: usize, S> Difference<'a, T, M, S> {
    #[inline]
    pub(super) fn new(iter: Iter<'a, T>, other: &'a StackHashSet<T, M, S>) -> Self {
        Self { iter, other }
    }
}

impl<'a, T: Eq + Hash, const M: usize, S: BuildHasher> Iterator for Difference<'a, T, M, S> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        let other = self.other;
        self.iter.find(|value| !other.contains(*value))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.iter.len()))
    }
}

impl<T: Eq + Hash, const M: usize, S: BuildHasher> FusedIterator for Difference<'_, T, M, S> {}

impl<T, const M: usize, S> Clone for Difference<'_, T, M, S> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            iter: self.iter.clone(),
            other: self.other,
        }
    }
}

impl<T: fmt::Debug + Eq + Hash, const M: usize, S: BuildHasher> fmt::Debug
    for Difference<'_, T, M, S>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// The values in exactly one of two sets, lazily. Made by
/// [`StackHashSet::symmetric_difference`].
pub struct SymmetricDifference<'a, T, const N: usize, const M: usize, S, S2> {
    first: Difference<'a, T, M, S2>,
    second: Difference<'a, T, N, S>,
}

impl<'a, T, const N: usize, const M: usize, S, S2> SymmetricDifference<'a, T, N, M, S, S2> {
    #[inline]
    pub(super) fn new(first: Difference<'a, T, M, S2>, second: Difference<'a, T, N, S>) -> Self {
        Self { first, second }
    }
}

impl<'a, T, const N: usize, const M: usize, S, S2> Iterator
    for SymmetricDifference<'a, T, N, M, S, S2>
where
    T: Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.first.next().or_else(|| self.second.next())
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.first.iter.len() + self.second.iter.len()))
    }
}

impl<T, const N: usize, const M: usize, S, S2> FusedIterator
    for SymmetricDifference<'_, T, N, M, S, S2>
where
    T: Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
}

impl<T, const N: usize, const M: usize, S, S2> Clone for SymmetricDifference<'_, T, N, M, S, S2> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            first: self.first.clone(),
            second: self.second.clone(),
        }
    }
}

impl<T, const N: usize, const M: usize, S, S2> fmt::Debug
    for SymmetricDifference<'_, T, N, M, S, S2>
where
    T: fmt::Debug + Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// The values in both of two sets, lazily. Made by [`StackHashSet::intersection`], which
/// iterates over the smaller set and looks its values up in the larger one.
pub struct Intersection<'a, T, const N: usize, const M: usize, S, S2> {
    inner: IntersectionInner<'a, T, N, M, S, S2>,
}

enum IntersectionInner<'a, T, const N: usize, const M: usize, S, S2> {
    /// Iterating over `self`, looking up in `other`.
    Left(Iter<'a, T>, &'a StackHashSet<T, M, S2>),
    /// Iterating over `other`, looking up in `self`.
    Right(Iter<'a, T>, &'a StackHashSet<T, N, S>),
}

impl<'a, T, const N: usize, const M: usize, S, S2> Intersection<'a, T, N, M, S, S2> {
    #[inline]
    pub(super) fn new_left(iter: Iter<'a, T>, other: &'a StackHashSet<T, M, S2>) -> Self {
        Self {
            inner: IntersectionInner::Left(iter, other),
        }
    }

    #[inline]
    pub(super) fn new_right(iter: Iter<'a, T>, this: &'a StackHashSet<T, N, S>) -> Self {
        Self {
            inner: IntersectionInner::Right(iter, this),
        }
    }
}

impl<'a, T, const N: usize, const M: usize, S, S2> Iterator for Intersection<'a, T, N, M, S, S2>
where
    T: Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        match &mut self.inner {
            IntersectionInner::Left(iter, other) => iter.find(|value| other.contains(*value)),
            IntersectionInner::Right(iter, this) => iter.find(|value| this.contains(*value)),
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let (IntersectionInner::Left(iter, _) | IntersectionInner::Right(iter, _)) = &self.inner;
        (0, Some(iter.len()))
    }
}

impl<T, const N: usize, const M: usize, S, S2> FusedIterator for Intersection<'_, T, N, M, S, S2>
where
    T: Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
}

impl<T, const N: usize, const M: usize, S, S2> Clone for Intersection<'_, T, N, M, S, S2> {
    #[inline]
    fn clone(&self) -> Self {
        let inner = match &self.inner {
            IntersectionInner::Left(iter, other) => IntersectionInner::Left(iter.clone(), *other),
            IntersectionInner::Right(iter, this) => IntersectionInner::Right(iter.clone(), *this),
        };
        Self { inner }
    }
}

impl<T, const N: usize, const M: usize, S, S2> fmt::Debug for Intersection<'_, T, N, M, S, S2>
where
    T: fmt::Debug + Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// The values in either of two sets, each once, lazily. Made by [`StackHashSet::union`]; `N`
/// and `S` are the first set's capacity and hasher.
pub struct Union<'a, T, const N: usize, S> {
    first: Iter<'a, T>,
    rest: Difference<'a, T, N, S>,
}

impl<'a, T, const N: usize, S> Union<'a, T, N, S> {
    #[inline]
    pub(super) fn new(first: Iter<'a, T>, rest: Difference<'a, T, N, S>) -> Self {
        Self { first, rest }
    }
}

impl<'a, T: Eq + Hash, const N: usize, S: BuildHasher> Iterator for Union<'a, T, N, S> {
    type Item = &'a T;

    #[inline]
    fn next(&mut self) -> Option<&'a T> {
        self.first.next().or_else(|| self.rest.next())
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let first = self.first.len();
        (first, Some(first + self.rest.iter.len()))
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher> FusedIterator for Union<'_, T, N, S> {}

impl<T, const N: usize, S> Clone for Union<'_, T, N, S> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            first: self.first.clone(),
            rest: self.rest.clone(),
        }
    }
}

impl<T: fmt::Debug + Eq + Hash, const N: usize, S: BuildHasher> fmt::Debug for Union<'_, T, N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}
