//! Standard trait implementations for [`StackHashMap`]: the ones `HashMap` has, where they make
//! sense at a fixed capacity.

use core::borrow::Borrow;
use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::Index;

use super::{IntoIter, Iter, IterMut, StackHashMap};
use crate::error::capacity_overflow;

impl<K, V, const N: usize, S: Default> Default for StackHashMap<K, V, N, S> {
    /// An empty map with `S::default()` as its hasher.
    #[inline]
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<K: Clone, V: Clone, const N: usize, S: Clone> Clone for StackHashMap<K, V, N, S> {
    /// Clones the entries in order and copies the index (no rehashing). If a `clone` panics,
    /// the entries cloned so far are dropped and `self` is untouched.
    #[inline]
    fn clone(&self) -> Self {
        Self {
            entries: self.entries.clone(),
            index: self.index,
            hash_builder: self.hash_builder.clone(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, const N: usize, S> fmt::Debug for StackHashMap<K, V, N, S> {
    /// Formats like `HashMap`: `{k: v, ...}`, in iteration order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// Two maps are equal when they have the same keys with equal values, whatever their capacities,
/// hashers and iteration orders.
impl<K, V, W, const N: usize, const M: usize, S, T> PartialEq<StackHashMap<K, W, M, T>>
    for StackHashMap<K, V, N, S>
where
    K: Eq + Hash,
    V: PartialEq<W>,
    S: BuildHasher,
    T: BuildHasher,
{
    fn eq(&self, other: &StackHashMap<K, W, M, T>) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|w| *v == *w))
    }
}

impl<K: Eq + Hash, V: Eq, const N: usize, S: BuildHasher> Eq for StackHashMap<K, V, N, S> {}

impl<K, Q, V, const N: usize, S> Index<&Q> for StackHashMap<K, V, N, S>
where
    K: Borrow<Q>,
    Q: Hash + Eq + ?Sized,
    S: BuildHasher,
{
    type Output = V;

    /// The value of `key`.
    ///
    /// # Panics
    ///
    /// Panics if the key is not in the map.
    #[inline]
    #[track_caller]
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => key_not_found(),
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn key_not_found() -> ! {
    panic!("StackHashMap::index: key not found")
}

impl<K, V, const N: usize, S> IntoIterator for StackHashMap<K, V, N, S> {
    type Item = (K, V);
    type IntoIter = IntoIter<K, V, N>;

    /// Moves the entries out, in iteration order.
    #[inline]
    fn into_iter(self) -> IntoIter<K, V, N> {
        IntoIter::new(self.entries.into_iter())
    }
}

impl<'a, K, V, const N: usize, S> IntoIterator for &'a StackHashMap<K, V, N, S> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    #[inline]
    fn into_iter(self) -> Iter<'a, K, V> {
        self.iter()
    }
}

impl<'a, K, V, const N: usize, S> IntoIterator for &'a mut StackHashMap<K, V, N, S> {
    type Item = (&'a K, &'a mut V);
    type IntoIter = IterMut<'a, K, V>;

    #[inline]
    fn into_iter(self) -> IterMut<'a, K, V> {
        self.iter_mut()
    }
}

impl<K: Eq + Hash, V, const N: usize, S: BuildHasher> Extend<(K, V)> for StackHashMap<K, V, N, S> {
    /// Inserts every entry of the iterator (later values replace earlier ones of the same key).
    ///
    /// # Panics
    ///
    /// Panics if a new key does not fit; the entries inserted before stay. Use
    /// [`StackHashMap::try_extend`] to get the entry back instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            if self.insert(key, value).is_err() {
                capacity_overflow("StackHashMap::extend", N, N + 1);
            }
        }
    }
}

impl<'a, K, V, const N: usize, S> Extend<(&'a K, &'a V)> for StackHashMap<K, V, N, S>
where
    K: Eq + Hash + Copy + 'a,
    V: Copy + 'a,
    S: BuildHasher,
{
    /// Inserts a copy of every entry of the iterator.
    ///
    /// # Panics
    ///
    /// Panics if a new key does not fit; the entries inserted before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = (&'a K, &'a V)>>(&mut self, iter: I) {
        for (&key, &value) in iter {
            if self.insert(key, value).is_err() {
                capacity_overflow("StackHashMap::extend", N, N + 1);
            }
        }
    }
}

impl<K: Eq + Hash, V, const N: usize, S: BuildHasher + Default> FromIterator<(K, V)>
    for StackHashMap<K, V, N, S>
{
    /// Collects the entries into a new map (later values replace earlier ones of the same key).
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields more than `N` distinct keys. Use
    /// [`StackHashMap::try_from_iter`] to get an error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = Self::default();
        for (key, value) in iter {
            if map.insert(key, value).is_err() {
                capacity_overflow("StackHashMap::from_iter", N, N + 1);
            }
        }
        map
    }
}

impl<K: Eq + Hash, V, const N: usize, S: BuildHasher + Default> From<[(K, V); N]>
    for StackHashMap<K, V, N, S>
{
    /// A map of the array's entries (later values replace earlier ones of the same key). `N`
    /// entries always fit in a capacity of `N`.
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map = StackHashMap::<_, _, 3>::from([(1, 'a'), (2, 'b'), (1, 'c')]);
    /// assert_eq!(map.len(), 2);
    /// assert_eq!(map[&1], 'c');
    /// ```
    #[inline]
    fn from(entries: [(K, V); N]) -> Self {
        let mut map = Self::default();
        for (key, value) in entries {
            // At most `N` distinct keys: every insertion finds room.
            if map.insert(key, value).is_err() {
                unreachable!("N entries fit into a capacity of N");
            }
        }
        map
    }
}
