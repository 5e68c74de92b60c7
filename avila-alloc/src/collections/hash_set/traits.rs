//! Standard trait implementations for [`StackHashSet`], and the set operators.

use core::fmt;
use core::hash::{BuildHasher, Hash};
use core::ops::{BitAnd, BitOr, BitXor, Sub};

use super::{IntoIter, Iter, StackHashSet};
use crate::error::capacity_overflow;

impl<T, const N: usize, S: Default> Default for StackHashSet<T, N, S> {
    /// An empty set with `S::default()` as its hasher.
    #[inline]
    fn default() -> Self {
        Self::with_hasher(S::default())
    }
}

impl<T: Clone, const N: usize, S: Clone> Clone for StackHashSet<T, N, S> {
    /// Clones the values in order and copies the index (no rehashing).
    #[inline]
    fn clone(&self) -> Self {
        Self {
            map: self.map.clone(),
        }
    }
}

impl<T: fmt::Debug, const N: usize, S> fmt::Debug for StackHashSet<T, N, S> {
    /// Formats like `HashSet`: `{a, b, ...}`, in iteration order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Two sets are equal when they hold the same values, whatever their capacities, hashers and
/// iteration orders.
impl<T, const N: usize, const M: usize, S, S2> PartialEq<StackHashSet<T, M, S2>>
    for StackHashSet<T, N, S>
where
    T: Eq + Hash,
    S: BuildHasher,
    S2: BuildHasher,
{
    fn eq(&self, other: &StackHashSet<T, M, S2>) -> bool {
        self.len() == other.len() && self.is_subset(other)
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher> Eq for StackHashSet<T, N, S> {}

impl<T, const N: usize, S> IntoIterator for StackHashSet<T, N, S> {
    type Item = T;
    type IntoIter = IntoIter<T, N>;

    /// Moves the values out, in iteration order.
    #[inline]
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self.map.into_keys())
    }
}

impl<'a, T, const N: usize, S> IntoIterator for &'a StackHashSet<T, N, S> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    #[inline]
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher> Extend<T> for StackHashSet<T, N, S> {
    /// Adds every value of the iterator.
    ///
    /// # Panics
    ///
    /// Panics if a new value does not fit; the values added before stay. Use
    /// [`StackHashSet::try_extend`] to get the value back instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            if self.insert(value).is_err() {
                capacity_overflow("StackHashSet::extend", N, N + 1);
            }
        }
    }
}

impl<'a, T: Eq + Hash + Copy + 'a, const N: usize, S: BuildHasher> Extend<&'a T>
    for StackHashSet<T, N, S>
{
    /// Adds a copy of every value of the iterator.
    ///
    /// # Panics
    ///
    /// Panics if a new value does not fit; the values added before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a T>>(&mut self, iter: I) {
        for &value in iter {
            if self.insert(value).is_err() {
                capacity_overflow("StackHashSet::extend", N, N + 1);
            }
        }
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher + Default> FromIterator<T>
    for StackHashSet<T, N, S>
{
    /// Collects the values into a new set.
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields more than `N` distinct values. Use
    /// [`StackHashSet::try_from_iter`] to get an error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::default();
        for value in iter {
            if set.insert(value).is_err() {
                capacity_overflow("StackHashSet::from_iter", N, N + 1);
            }
        }
        set
    }
}

impl<T: Eq + Hash, const N: usize, S: BuildHasher + Default> From<[T; N]>
    for StackHashSet<T, N, S>
{
    /// A set of the array's values: `N` values always fit in a capacity of `N`.
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let set = StackHashSet::<_, 3>::from([1, 2, 1]);
    /// assert_eq!(set.len(), 2);
    /// ```
    #[inline]
    fn from(values: [T; N]) -> Self {
        let mut set = Self::default();
        for value in values {
            if set.insert(value).is_err() {
                unreachable!("N values fit into a capacity of N");
            }
        }
        set
    }
}

/// Collects `values` into a new set for operator `operation`, panicking when they do not fit.
#[track_caller]
fn collect_or_overflow<'a, T, const N: usize, S>(
    operation: &'static str,
    values: impl Iterator<Item = &'a T>,
) -> StackHashSet<T, N, S>
where
    T: Eq + Hash + Clone + 'a,
    S: BuildHasher + Default,
{
    let mut set = StackHashSet::default();
    for value in values {
        if set.insert(value.clone()).is_err() {
            capacity_overflow(operation, N, N + 1);
        }
    }
    set
}

impl<T, const N: usize, S> BitOr<&StackHashSet<T, N, S>> for &StackHashSet<T, N, S>
where
    T: Eq + Hash + Clone,
    S: BuildHasher + Default,
{
    type Output = StackHashSet<T, N, S>;

    /// The union of `self` and `rhs`, as a new set of clones.
    ///
    /// # Panics
    ///
    /// Panics if the union has more than `N` values. Use
    /// `StackHashSet::try_from_iter(a.union(&b).cloned())` to get an error instead.
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3].into_iter().collect();
    /// let union = &a | &b;
    /// assert!(union.len() == 3 && [1, 2, 3].iter().all(|x| union.contains(x)));
    /// ```
    #[track_caller]
    fn bitor(self, rhs: &StackHashSet<T, N, S>) -> StackHashSet<T, N, S> {
        collect_or_overflow("StackHashSet::bitor", self.union(rhs))
    }
}

impl<T, const N: usize, S> BitXor<&StackHashSet<T, N, S>> for &StackHashSet<T, N, S>
where
    T: Eq + Hash + Clone,
    S: BuildHasher + Default,
{
    type Output = StackHashSet<T, N, S>;

    /// The values in exactly one of `self` and `rhs`, as a new set of clones.
    ///
    /// # Panics
    ///
    /// Panics if there are more than `N` of them. Use
    /// `StackHashSet::try_from_iter(a.symmetric_difference(&b).cloned())` to get an error
    /// instead.
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3].into_iter().collect();
    /// let odd_ones_out = &a ^ &b;
    /// assert!(odd_ones_out.len() == 2 && odd_ones_out.contains(&1) && odd_ones_out.contains(&3));
    /// ```
    #[track_caller]
    fn bitxor(self, rhs: &StackHashSet<T, N, S>) -> StackHashSet<T, N, S> {
        collect_or_overflow("StackHashSet::bitxor", self.symmetric_difference(rhs))
    }
}

impl<T, const N: usize, S> BitAnd<&StackHashSet<T, N, S>> for &StackHashSet<T, N, S>
where
    T: Eq + Hash + Clone,
    S: BuildHasher + Default,
{
    type Output = StackHashSet<T, N, S>;

    /// The values in both `self` and `rhs`, as a new set of clones. Never fails: the result is
    /// a subset of `self`.
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3].into_iter().collect();
    /// let both = &a & &b;
    /// assert!(both.len() == 1 && both.contains(&2));
    /// ```
    fn bitand(self, rhs: &StackHashSet<T, N, S>) -> StackHashSet<T, N, S> {
        collect_or_overflow("StackHashSet::bitand", self.intersection(rhs))
    }
}

impl<T, const N: usize, S> Sub<&StackHashSet<T, N, S>> for &StackHashSet<T, N, S>
where
    T: Eq + Hash + Clone,
    S: BuildHasher + Default,
{
    type Output = StackHashSet<T, N, S>;

    /// The values of `self` that are not in `rhs`, as a new set of clones. Never fails: the
    /// result is a subset of `self`.
    ///
    /// ```
    /// use avila_alloc::StackHashSet;
    ///
    /// let a: StackHashSet<u8, 4> = [1, 2].into_iter().collect();
    /// let b: StackHashSet<u8, 4> = [2, 3].into_iter().collect();
    /// let only_a = &a - &b;
    /// assert!(only_a.len() == 1 && only_a.contains(&1));
    /// ```
    fn sub(self, rhs: &StackHashSet<T, N, S>) -> StackHashSet<T, N, S> {
        collect_or_overflow("StackHashSet::sub", self.difference(rhs))
    }
}
