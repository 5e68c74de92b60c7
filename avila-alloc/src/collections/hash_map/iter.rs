//! The iterators of [`StackHashMap`](super::StackHashMap). The entries are contiguous, so every
//! iterator is a thin wrapper over a slice iterator or over the owning iterator or drain of the
//! map's `StackVec` of entries.

use core::fmt;
use core::iter::FusedIterator;
use core::slice;

use super::StackHashMap;
use crate::collections::vec;

/// Implements `Iterator` (with `size_hint`, `count`, `fold`), `DoubleEndedIterator` (with
/// `rfold`), `ExactSizeIterator` and `FusedIterator` for a wrapper whose field `inner` yields
/// `$from`, mapping each item with `$map`.
///
/// `fold` and `rfold` are forwarded to the inner iterator: `sum`, `for_each` and the other
/// internal iterations then run the slice iterator's own loop (a counted loop that LLVM
/// unrolls and vectorizes) instead of calling `next` through the wrappers.
macro_rules! wrap_iter {
    ([$($gen:tt)*] $ty:ty, $item:ty, |$x:pat_param| $map:expr) => {
        impl<$($gen)*> Iterator for $ty {
            type Item = $item;

            #[inline]
            fn next(&mut self) -> Option<$item> {
                self.inner.next().map(|$x| $map)
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }

            #[inline]
            fn count(self) -> usize {
                self.inner.len()
            }

            #[inline]
            fn fold<B, F: FnMut(B, $item) -> B>(self, init: B, mut f: F) -> B {
                self.inner.fold(init, move |acc, $x| f(acc, $map))
            }
        }

        impl<$($gen)*> DoubleEndedIterator for $ty {
            #[inline]
            fn next_back(&mut self) -> Option<$item> {
                self.inner.next_back().map(|$x| $map)
            }

            #[inline]
            fn rfold<B, F: FnMut(B, $item) -> B>(self, init: B, mut f: F) -> B {
                self.inner.rfold(init, move |acc, $x| f(acc, $map))
            }
        }

        impl<$($gen)*> ExactSizeIterator for $ty {}
        impl<$($gen)*> FusedIterator for $ty {}
    };
}

/// An iterator over the entries of a map, as `(&K, &V)`. Made by
/// [`StackHashMap::iter`](super::StackHashMap::iter).
pub struct Iter<'a, K, V> {
    inner: slice::Iter<'a, (K, V)>,
}

impl<'a, K, V> Iter<'a, K, V> {
    #[inline]
    pub(super) fn new(inner: slice::Iter<'a, (K, V)>) -> Self {
        Self { inner }
    }
}

wrap_iter!(['a, K, V] Iter<'a, K, V>, (&'a K, &'a V), |(k, v)| (k, v));

impl<K, V> Clone for Iter<'_, K, V> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Default for Iter<'_, K, V> {
    #[inline]
    fn default() -> Self {
        Self { inner: [].iter() }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for Iter<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over the entries of a map with mutable values, as `(&K, &mut V)`. Made by
/// [`StackHashMap::iter_mut`](super::StackHashMap::iter_mut).
pub struct IterMut<'a, K, V> {
    inner: slice::IterMut<'a, (K, V)>,
}

impl<'a, K, V> IterMut<'a, K, V> {
    #[inline]
    pub(super) fn new(inner: slice::IterMut<'a, (K, V)>) -> Self {
        Self { inner }
    }
}

wrap_iter!(['a, K, V] IterMut<'a, K, V>, (&'a K, &'a mut V), |(k, v)| (&*k, v));

impl<K, V> Default for IterMut<'_, K, V> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: [].iter_mut(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for IterMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rest = self.inner.as_slice();
        f.debug_list()
            .entries(rest.iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

/// An iterator over the keys of a map. Made by [`StackHashMap::keys`](super::StackHashMap::keys).
pub struct Keys<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Keys<'a, K, V> {
    #[inline]
    pub(super) fn new(inner: Iter<'a, K, V>) -> Self {
        Self { inner }
    }
}

wrap_iter!(['a, K, V] Keys<'a, K, V>, &'a K, |(k, _)| k);

impl<K, V> Clone for Keys<'_, K, V> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Default for Keys<'_, K, V> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: Iter::default(),
        }
    }
}

impl<K: fmt::Debug, V> fmt::Debug for Keys<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over the values of a map. Made by
/// [`StackHashMap::values`](super::StackHashMap::values).
pub struct Values<'a, K, V> {
    inner: Iter<'a, K, V>,
}

impl<'a, K, V> Values<'a, K, V> {
    #[inline]
    pub(super) fn new(inner: Iter<'a, K, V>) -> Self {
        Self { inner }
    }
}

wrap_iter!(['a, K, V] Values<'a, K, V>, &'a V, |(_, v)| v);

impl<K, V> Clone for Values<'_, K, V> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> Default for Values<'_, K, V> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: Iter::default(),
        }
    }
}

impl<K, V: fmt::Debug> fmt::Debug for Values<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

/// An iterator over mutable references to the values of a map. Made by
/// [`StackHashMap::values_mut`](super::StackHashMap::values_mut).
pub struct ValuesMut<'a, K, V> {
    inner: IterMut<'a, K, V>,
}

impl<'a, K, V> ValuesMut<'a, K, V> {
    #[inline]
    pub(super) fn new(inner: IterMut<'a, K, V>) -> Self {
        Self { inner }
    }
}

wrap_iter!(['a, K, V] ValuesMut<'a, K, V>, &'a mut V, |(_, v)| v);

impl<K, V> Default for ValuesMut<'_, K, V> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: IterMut::default(),
        }
    }
}

impl<K, V: fmt::Debug> fmt::Debug for ValuesMut<'_, K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rest = self.inner.inner.as_slice();
        f.debug_list().entries(rest.iter().map(|(_, v)| v)).finish()
    }
}

/// An iterator that moves the entries out of a map. Made by `StackHashMap::into_iter` (the
/// [`IntoIterator`] impl); the entries not yielded are dropped with it.
pub struct IntoIter<K, V, const N: usize> {
    inner: vec::IntoIter<(K, V), N>,
}

impl<K, V, const N: usize> IntoIter<K, V, N> {
    #[inline]
    pub(super) fn new(inner: vec::IntoIter<(K, V), N>) -> Self {
        Self { inner }
    }
}

wrap_iter!([K, V, const N: usize] IntoIter<K, V, N>, (K, V), |entry| entry);

impl<K: Clone, V: Clone, const N: usize> Clone for IntoIter<K, V, N> {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V, const N: usize> Default for IntoIter<K, V, N> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: vec::IntoIter::default(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, const N: usize> fmt::Debug for IntoIter<K, V, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.inner.as_slice().iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

/// An iterator that moves the keys out of a map. Made by
/// [`StackHashMap::into_keys`](super::StackHashMap::into_keys).
pub struct IntoKeys<K, V, const N: usize> {
    inner: IntoIter<K, V, N>,
}

impl<K, V, const N: usize> IntoKeys<K, V, N> {
    #[inline]
    pub(super) fn new(inner: IntoIter<K, V, N>) -> Self {
        Self { inner }
    }
}

wrap_iter!([K, V, const N: usize] IntoKeys<K, V, N>, K, |(k, _)| k);

impl<K, V, const N: usize> Default for IntoKeys<K, V, N> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: IntoIter::default(),
        }
    }
}

impl<K: fmt::Debug, V, const N: usize> fmt::Debug for IntoKeys<K, V, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.inner.inner.as_slice().iter().map(|(k, _)| k))
            .finish()
    }
}

/// An iterator that moves the values out of a map. Made by
/// [`StackHashMap::into_values`](super::StackHashMap::into_values).
pub struct IntoValues<K, V, const N: usize> {
    inner: IntoIter<K, V, N>,
}

impl<K, V, const N: usize> IntoValues<K, V, N> {
    #[inline]
    pub(super) fn new(inner: IntoIter<K, V, N>) -> Self {
        Self { inner }
    }
}

wrap_iter!([K, V, const N: usize] IntoValues<K, V, N>, V, |(_, v)| v);

impl<K, V, const N: usize> Default for IntoValues<K, V, N> {
    #[inline]
    fn default() -> Self {
        Self {
            inner: IntoIter::default(),
        }
    }
}

impl<K, V: fmt::Debug, const N: usize> fmt::Debug for IntoValues<K, V, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.inner.inner.as_slice().iter().map(|(_, v)| v))
            .finish()
    }
}

/// A draining iterator over the entries of a map. Made by
/// [`StackHashMap::drain`](super::StackHashMap::drain): the map is already empty, and the
/// entries not yielded are dropped with the `Drain`.
pub struct Drain<'a, K, V, const N: usize> {
    inner: vec::Drain<'a, (K, V), N>,
}

impl<'a, K, V, const N: usize> Drain<'a, K, V, N> {
    #[inline]
    pub(super) fn new(inner: vec::Drain<'a, (K, V), N>) -> Self {
        Self { inner }
    }

    /// The entries not yet yielded.
    #[inline]
    pub(in crate::collections) fn as_slice(&self) -> &[(K, V)] {
        self.inner.as_slice()
    }
}

wrap_iter!(['a, K, V, const N: usize] Drain<'a, K, V, N>, (K, V), |entry| entry);

impl<K: fmt::Debug, V: fmt::Debug, const N: usize> fmt::Debug for Drain<'_, K, V, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.as_slice().iter().map(|(k, v)| (k, v)))
            .finish()
    }
}

/// How far an `extract_if` pass has come over a map's entries: shared by the map's [`ExtractIf`]
/// and the set's, which differ only in the predicate's signature.
pub(in crate::collections) struct ExtractCursor<'a, K, V, const N: usize, S> {
    map: &'a mut StackHashMap<K, V, N, S>,
    /// The entries below this position were visited and kept.
    visited: usize,
    /// Whether the index's record of slots is up to date (it is made on the first removal).
    tracked: bool,
}

impl<'a, K, V, const N: usize, S> ExtractCursor<'a, K, V, N, S> {
    #[inline]
    pub(in crate::collections) fn new(map: &'a mut StackHashMap<K, V, N, S>) -> Self {
        Self {
            map,
            visited: 0,
            tracked: false,
        }
    }

    /// Visits the entries from the first not yet visited on, and removes and returns the first
    /// for which `pred` returns `true`; the ones it passes over stay, visited.
    #[inline]
    pub(in crate::collections) fn next_by(
        &mut self,
        mut pred: impl FnMut(&K, &mut V) -> bool,
    ) -> Option<(K, V)> {
        while let Some((key, value)) = self.map.entries.get_mut(self.visited) {
            if pred(key, value) {
                // SAFETY: `visited < len` (just read); `tracked` is set only by
                // `remove_tracked_at`, and the map has been borrowed by this cursor since, so
                // nothing else changed the index.
                return Some(unsafe {
                    self.map.remove_tracked_at(self.visited, &mut self.tracked)
                });
            }
            self.visited += 1;
        }
        None
    }

    /// The entries not yet visited.
    #[inline]
    pub(in crate::collections) fn unvisited(&self) -> &[(K, V)] {
        self.map
            .entries
            .as_slice()
            .get(self.visited..)
            .unwrap_or_default()
    }
}

/// An iterator that removes and yields the entries of a map for which a predicate returns `true`.
/// Made by [`StackHashMap::extract_if`]: entries not visited when it is dropped stay in the map.
pub struct ExtractIf<'a, K, V, const N: usize, S, F> {
    cursor: ExtractCursor<'a, K, V, N, S>,
    pred: F,
}

impl<'a, K, V, const N: usize, S, F> ExtractIf<'a, K, V, N, S, F> {
    #[inline]
    pub(super) fn new(cursor: ExtractCursor<'a, K, V, N, S>, pred: F) -> Self {
        Self { cursor, pred }
    }
}

impl<K, V, const N: usize, S, F: FnMut(&K, &mut V) -> bool> Iterator
    for ExtractIf<'_, K, V, N, S, F>
{
    type Item = (K, V);

    #[inline]
    fn next(&mut self) -> Option<(K, V)> {
        self.cursor.next_by(&mut self.pred)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.cursor.unvisited().len()))
    }
}

impl<K, V, const N: usize, S, F: FnMut(&K, &mut V) -> bool> FusedIterator
    for ExtractIf<'_, K, V, N, S, F>
{
}

/// Lists the entries not yet visited.
impl<K: fmt::Debug, V: fmt::Debug, const N: usize, S, F> fmt::Debug
    for ExtractIf<'_, K, V, N, S, F>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.cursor.unvisited().iter().map(|(k, v)| (k, v)))
            .finish()
    }
}
