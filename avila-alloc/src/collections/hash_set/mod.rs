//! [`StackHashSet<T, N, S>`]: a hash set with inline storage for `N` values.

mod iter;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

use core::borrow::Borrow;
use core::hash::{BuildHasher, Hash};

pub use self::iter::{
    Difference, Drain, ExtractIf, Intersection, IntoIter, Iter, SymmetricDifference, Union,
};
use crate::collections::{StackHashMap, hash_map};
use crate::error::CapacityError;
use crate::hash::FixedState;

/// A hash set with a fixed capacity of exactly `N` values, stored inline. It never allocates.
///
/// A [`StackHashMap<T, (), N, S>`](StackHashMap) underneath, with the API of
/// [`HashSet`](https://doc.rust-lang.org/std/collections/struct.HashSet.html) wherever it makes
/// sense at a fixed capacity: adding a **new** value to a full set fails with
/// [`CapacityError`] carrying the value back; the set algebra (`union`, `intersection`,
/// `difference`, `symmetric_difference`) is lazy and never fails; the operators `|` and `^`
/// build a new set and panic if the result has more than `N` values, while `&` and `-` cannot
/// overflow. Lookups, insertions and removals are O(1) expected at every fill level.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackHashSet;
///
/// let mut seen: StackHashSet<u32, 4> = StackHashSet::new();
/// assert_eq!(seen.insert(7), Ok(true));
/// assert_eq!(seen.insert(7), Ok(false)); // already there: never fails
/// seen.extend([1, 2, 3]);
/// assert!(seen.is_full());
/// assert_eq!(seen.insert(9).unwrap_err().element(), 9);
///
/// let odd: StackHashSet<u32, 4> = [1, 3, 5, 7].into_iter().collect();
/// let mut both: Vec<u32> = seen.intersection(&odd).copied().collect();
/// both.sort();
/// assert_eq!(both, [1, 3, 7]);
/// ```
pub struct StackHashSet<T, const N: usize, S = FixedState> {
    map: StackHashMap<T, (), N, S>,
}

impl<T, const N: usize> StackHashSet<T, N, FixedState> {
    /// Creates an empty set with the default hasher, [`FixedState`]. `const`, so it can
    /// initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// static NONE: StackHashSet<u8, 8> = StackHashSet::new();
    /// assert!(NONE.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self::with_hasher(FixedState)
    }
}

impl<T, const N: usize, S> StackHashSet<T, N, S> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty set that hashes with `hash_builder`. `const`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{SeededState, StackHashSet};
    ///
    /// let set: StackHashSet<u8, 8, SeededState> = StackHashSet::with_hasher(SeededState::new(3));
    /// assert_eq!(set.capacity(), 8);
    /// ```
    #[inline]
    #[must_use]
    pub const fn with_hasher(hash_builder: S) -> Self {
        Self {
            map: StackHashMap::with_hasher(hash_builder),
        }
    }

    /// The set's hasher builder.
    #[inline]
    #[must_use]
    pub const fn hasher(&self) -> &S {
        self.map.hasher()
    }

    /// The number of values.
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.map.len()
    }

    /// `true` if the set holds no value.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// `true` if the set holds `N` values: adding a new one would fail.
    #[inline(always)]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.map.is_full()
    }

    /// The capacity `N`.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many more new values fit: `N - len()`.
    #[inline(always)]
    #[must_use]
    pub const fn remaining_capacity(&self) -> usize {
        self.map.remaining_capacity()
    }

    /// An iterator over the values, in insertion order (a removal moves the last value into the
    /// removed one's place).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let set: StackHashSet<char, 4> = ['b', 'a'].into_iter().collect();
    /// assert_eq!(set.iter().collect::<String>(), "ba");
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(self.map.keys())
    }

    /// Removes every value and yields them; the set is empty as soon as `drain` returns, even if
    /// the [`Drain`] is leaked.
    ///
    /// O(N).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// assert_eq!(set.drain().count(), 2);
    /// assert!(set.is_empty());
    /// ```
    #[inline]
    pub fn drain(&mut self) -> Drain<'_, T, N> {
        Drain::new(self.map.drain())
    }

    /// Removes every value. O(N).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// set.clear();
    /// assert!(set.is_empty());
    /// ```
    #[inline]
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// Keeps only the values for which `keep` returns `true`, visiting each exactly once.
    ///
    /// O(len). A panic in `keep` or in a destructor leaves a consistent set.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u32, 8> = (0..8).collect();
    /// set.retain(|x| x % 2 == 0);
    /// assert_eq!(set.len(), 4);
    /// ```
    #[inline]
    pub fn retain<F: FnMut(&T) -> bool>(&mut self, mut keep: F) {
        self.map.retain(|value, ()| keep(value));
    }

    /// Removes and yields the values for which `pred` returns `true`; the others stay. As
    /// [`HashSet::extract_if`].
    ///
    /// The [`ExtractIf`] visits the values lazily, each exactly once, as it is advanced. If it is
    /// dropped before the end, the values it has not visited stay in the set. O(len) for a whole
    /// pass (see [`StackHashMap::extract_if`]); a panic in `pred` leaves a consistent set.
    ///
    /// [`HashSet::extract_if`]: https://doc.rust-lang.org/std/collections/struct.HashSet.html#method.extract_if
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u32, 8> = (0..8).collect();
    /// let mut odd: Vec<u32> = set.extract_if(|x| x % 2 == 1).collect();
    /// odd.sort();
    /// assert_eq!(odd, [1, 3, 5, 7]);
    /// assert_eq!(set.len(), 4);
    /// assert!(set.iter().all(|x| x % 2 == 0));
    /// ```
    #[inline]
    pub fn extract_if<F: FnMut(&T) -> bool>(&mut self, pred: F) -> ExtractIf<'_, T, N, S, F> {
        ExtractIf::new(hash_map::ExtractCursor::new(&mut self.map), pred)
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher> StackHashSet<T, N, S> {
    /// Adds `value`. Returns `Ok(true)` if it was new, `Ok(false)` if an equal value was already
    /// there (the set is unchanged and `value` is dropped; this never fails).
    ///
    /// O(1) expected.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` if it is new and the set is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<&str, 1> = StackHashSet::new();
    /// assert_eq!(set.insert("a"), Ok(true));
    /// assert_eq!(set.insert("a"), Ok(false));
    /// assert_eq!(set.insert("b").unwrap_err().element(), "b");
    /// ```
    #[inline]
    pub fn insert(&mut self, value: T) -> Result<bool, CapacityError<T>> {
        match self.map.insert(value, ()) {
            Ok(old) => Ok(old.is_none()),
            Err(err) => Err(err.map(|(value, ())| value)),
        }
    }

    /// Adds `value`, replacing an equal value if there is one and returning it.
    ///
    /// O(1) expected.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` if it is new and the set is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<String, 2> = StackHashSet::new();
    /// assert_eq!(set.replace("x".to_string()), Ok(None));
    /// assert_eq!(set.replace("x".to_string()), Ok(Some("x".to_string())));
    /// ```
    #[inline]
    pub fn replace(&mut self, value: T) -> Result<Option<T>, CapacityError<T>> {
        self.map
            .replace_key(value, ())
            .map_err(|err| err.map(|(value, ())| value))
    }

    /// Adds every value the iterator yields while there is room (values already present are
    /// skipped, which always works).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first new value that did not fit; the values before it
    /// stay and the iterator keeps the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u8, 2> = StackHashSet::new();
    /// assert_eq!(set.try_extend([1, 1, 2, 3]).unwrap_err().element(), 3);
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<T>> {
        for value in iter {
            self.insert(value)?;
        }
        Ok(())
    }

    /// Collects an iterator into a new set.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first new value that did not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// assert!(StackHashSet::<u8, 2>::try_from_iter([1, 2, 1]).is_ok());
    /// assert!(StackHashSet::<u8, 2>::try_from_iter([1, 2, 3]).is_err());
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = T>>(iter: I) -> Result<Self, CapacityError<T>>
    where
        S: Default,
    {
        let mut set = Self::with_hasher(S::default());
        set.try_extend(iter)?;
        Ok(set)
    }
}

impl<T, const N: usize, S: BuildHasher> StackHashSet<T, N, S> {
    /// `true` if the set contains `value`.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let set: StackHashSet<String, 4> = ["a".to_string()].into_iter().collect();
    /// assert!(set.contains("a"));
    /// assert!(!set.contains("b"));
    /// ```
    #[inline]
    pub fn contains<Q>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.contains_key(value)
    }

    /// The stored value equal to `value`, if any.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let set: StackHashSet<String, 4> = ["a".to_string()].into_iter().collect();
    /// assert_eq!(set.get("a").map(String::as_str), Some("a"));
    /// ```
    #[inline]
    pub fn get<Q>(&self, value: &Q) -> Option<&T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.get_key_value(value).map(|(k, ())| k)
    }

    /// Removes `value`; returns whether it was there.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<u8, 4> = [1].into_iter().collect();
    /// assert!(set.remove(&1));
    /// assert!(!set.remove(&1));
    /// ```
    #[inline]
    pub fn remove<Q>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove(value).is_some()
    }

    /// Removes and returns the stored value equal to `value`, if any.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let mut set: StackHashSet<String, 4> = ["a".to_string()].into_iter().collect();
    /// assert_eq!(set.take("a"), Some("a".to_string()));
    /// assert!(set.is_empty());
    /// ```
    #[inline]
    pub fn take<Q>(&mut self, value: &Q) -> Option<T>
    where
        T: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.map.remove_entry(value).map(|(k, ())| k)
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher> StackHashSet<T, N, S> {
    /// The values in `self` that are not in `other`, lazily. `other` may have another capacity
    /// and hasher.
    ///
    /// O(1) expected per value of `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2, 3].into_iter().collect();
    /// let b: StackHashSet<u8, 8> = [2, 3, 4].into_iter().collect();
    /// assert_eq!(a.difference(&b).copied().collect::<Vec<_>>(), [1]);
    /// ```
    #[inline]
    pub fn difference<'a, const M: usize, S2: BuildHasher>(
        &'a self,
        other: &'a StackHashSet<T, M, S2>,
    ) -> Difference<'a, T, M, S2> {
        Difference::new(self.iter(), other)
    }

    /// The values in `self` or in `other` but not in both, lazily: first those of `self`, then
    /// those of `other`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2, 3].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3, 4].into_iter().collect();
    /// assert_eq!(a.symmetric_difference(&b).copied().collect::<Vec<_>>(), [1, 4]);
    /// ```
    #[inline]
    pub fn symmetric_difference<'a, const M: usize, S2: BuildHasher>(
        &'a self,
        other: &'a StackHashSet<T, M, S2>,
    ) -> SymmetricDifference<'a, T, N, M, S, S2> {
        SymmetricDifference::new(self.difference(other), other.difference(self))
    }

    /// The values in both `self` and `other`, lazily (iterating over the smaller set).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2, 3].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3, 4].into_iter().collect();
    /// let mut both: Vec<u8> = a.intersection(&b).copied().collect();
    /// both.sort();
    /// assert_eq!(both, [2, 3]);
    /// ```
    #[inline]
    pub fn intersection<'a, const M: usize, S2: BuildHasher>(
        &'a self,
        other: &'a StackHashSet<T, M, S2>,
    ) -> Intersection<'a, T, N, M, S, S2> {
        if self.len() <= other.len() {
            Intersection::new_left(self.iter(), other)
        } else {
            Intersection::new_right(other.iter(), self)
        }
    }

    /// The values in `self` or `other`, lazily, each once: those of `self`, then those of
    /// `other` that are not in `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3].into_iter().collect();
    /// assert_eq!(a.union(&b).copied().collect::<Vec<_>>(), [1, 2, 3]);
    /// ```
    #[inline]
    pub fn union<'a, const M: usize, S2: BuildHasher>(
        &'a self,
        other: &'a StackHashSet<T, M, S2>,
    ) -> Union<'a, T, N, S> {
        Union::new(self.iter(), other.difference(self))
    }

    /// `true` if every value of `self` is in `other`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [1, 2, 3].into_iter().collect();
    /// assert!(a.is_subset(&b) && !b.is_subset(&a));
    /// ```
    #[must_use]
    pub fn is_subset<const M: usize, S2: BuildHasher>(
        &self,
        other: &StackHashSet<T, M, S2>,
    ) -> bool {
        self.len() <= other.len() && self.iter().all(|v| other.contains(v))
    }

    /// `true` if every value of `other` is in `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2, 3].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// assert!(a.is_superset(&b));
    /// ```
    #[must_use]
    pub fn is_superset<const M: usize, S2: BuildHasher>(
        &self,
        other: &StackHashSet<T, M, S2>,
    ) -> bool {
        other.is_subset(self)
    }

    /// `true` if `self` and `other` have no value in common (checked from the smaller one).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [3].into_iter().collect();
    /// assert!(a.is_disjoint(&b));
    /// ```
    #[must_use]
    pub fn is_disjoint<const M: usize, S2: BuildHasher>(
        &self,
        other: &StackHashSet<T, M, S2>,
    ) -> bool {
        self.intersection(other).next().is_none()
    }
}
