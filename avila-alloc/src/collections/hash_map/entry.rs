//! The entry API of [`StackHashMap`]: [`Entry`], [`OccupiedEntry`], [`VacantEntry`].
//!
//! Like `std`'s, with one difference: inserting into a vacant entry can fail when the map is
//! full, so the inserting methods return a `Result` whose error carries back what was not
//! inserted: the key and the value, or only the key when the value was never made (the closure
//! of [`Entry::or_insert_with`] is not called on a full map).

use core::fmt;

use super::StackHashMap;
use crate::error::CapacityError;

/// Hashes a key of the map into its index code: made by `StackHashMap::entry`, which has the
/// `Hash` and `BuildHasher` bounds, so that the entries' methods need none (a removal hashes the
/// last entry's key again, see `RawIndex::remove`).
type CodeOf<K, V, const N: usize, S> = fn(&StackHashMap<K, V, N, S>, &K) -> u32;

/// A view into one entry of a [`StackHashMap`], present or not. Made by
/// [`StackHashMap::entry`].
///
/// # Examples
///
/// ```
/// use avila_alloc::StackHashMap;
/// use avila_alloc::collections::hash_map::Entry;
///
/// let mut map: StackHashMap<&str, u32, 2> = StackHashMap::new();
/// map.entry("a").or_insert(1).unwrap();
/// match map.entry("b") {
///     Entry::Occupied(_) => unreachable!(),
///     Entry::Vacant(v) => {
///         v.insert(2).unwrap();
///     }
/// }
/// // Full: a new key comes back in the error, the closure is not called.
/// let err = map.entry("c").or_insert_with(|| unreachable!()).unwrap_err();
/// assert_eq!(err.element(), "c");
/// // Present keys still work on a full map.
/// *map.entry("a").or_insert(0).unwrap() += 10;
/// assert_eq!(map["a"], 11);
/// ```
pub enum Entry<'a, K, V, const N: usize, S> {
    /// The key is in the map.
    Occupied(OccupiedEntry<'a, K, V, N, S>),
    /// The key is not in the map.
    Vacant(VacantEntry<'a, K, V, N, S>),
}

/// An entry whose key is in the map. Part of [`Entry`].
pub struct OccupiedEntry<'a, K, V, const N: usize, S> {
    map: &'a mut StackHashMap<K, V, N, S>,
    /// The entry's slot in the index.
    pos: usize,
    /// The entry's position among the entries.
    index: usize,
    /// Hashes the last entry's key when this one is removed (see [`CodeOf`]).
    code_of: CodeOf<K, V, N, S>,
}

/// An entry whose key is not in the map (yet). Part of [`Entry`].
pub struct VacantEntry<'a, K, V, const N: usize, S> {
    map: &'a mut StackHashMap<K, V, N, S>,
    /// The empty slot where the key goes.
    pos: usize,
    tag: u32,
    key: K,
    /// For the [`OccupiedEntry`] of [`insert_entry`](Self::insert_entry).
    code_of: CodeOf<K, V, N, S>,
}

impl<'a, K, V, const N: usize, S> Entry<'a, K, V, N, S> {
    /// The value of the entry, inserting `default` if the key is absent.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `(key, default)` if the key is absent and the map is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 1> = StackHashMap::new();
    /// *map.entry(1).or_insert(10).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// assert_eq!(map.entry(2).or_insert(20).unwrap_err().element(), (2, 20));
    /// ```
    #[inline]
    pub fn or_insert(self, default: V) -> Result<&'a mut V, CapacityError<(K, V)>> {
        match self {
            Self::Occupied(entry) => Ok(entry.into_mut()),
            Self::Vacant(entry) => entry.insert(default),
        }
    }

    /// The value of the entry, inserting `make()` if the key is absent.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the key if it is absent and the map is full; `make` is then
    /// not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, String, 4> = StackHashMap::new();
    /// map.entry(1).or_insert_with(|| "one".to_string()).unwrap().push('!');
    /// assert_eq!(map[&1], "one!");
    /// ```
    #[inline]
    pub fn or_insert_with<F: FnOnce() -> V>(self, make: F) -> Result<&'a mut V, CapacityError<K>> {
        self.or_insert_with_key(|_| make())
    }

    /// The value of the entry, inserting `make(&key)` if the key is absent.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the key if it is absent and the map is full; `make` is then
    /// not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u16, 4> = StackHashMap::new();
    /// assert_eq!(*map.entry(7).or_insert_with_key(|&k| u16::from(k) * 2).unwrap(), 14);
    /// ```
    #[inline]
    pub fn or_insert_with_key<F: FnOnce(&K) -> V>(
        self,
        make: F,
    ) -> Result<&'a mut V, CapacityError<K>> {
        match self {
            Self::Occupied(entry) => Ok(entry.into_mut()),
            Self::Vacant(entry) if entry.map.is_full() => Err(CapacityError::new(entry.key, N)),
            Self::Vacant(entry) => {
                let value = make(&entry.key);
                // There is room (checked above), so this cannot fail.
                Ok(entry.insert_with_room(value))
            }
        }
    }

    /// The value of the entry, inserting `V::default()` if the key is absent.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the key if it is absent and the map is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<&str, Vec<u8>, 4> = StackHashMap::new();
    /// map.entry("bytes").or_default().unwrap().push(1);
    /// assert_eq!(map["bytes"], [1]);
    /// ```
    #[inline]
    pub fn or_default(self) -> Result<&'a mut V, CapacityError<K>>
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }

    /// Calls `f` on the value if the key is present; returns the entry for further calls.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = StackHashMap::new();
    /// map.entry(1).and_modify(|v| *v += 1).or_insert(0).unwrap();
    /// map.entry(1).and_modify(|v| *v += 1).or_insert(0).unwrap();
    /// assert_eq!(map[&1], 1);
    /// ```
    #[inline]
    #[must_use]
    pub fn and_modify<F: FnOnce(&mut V)>(self, f: F) -> Self {
        match self {
            Self::Occupied(mut entry) => {
                f(entry.get_mut());
                Self::Occupied(entry)
            }
            Self::Vacant(entry) => Self::Vacant(entry),
        }
    }

    /// Sets the value of the entry (inserting the key if absent) and returns the occupied entry.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `(key, value)` if the key is absent and the map is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = StackHashMap::new();
    /// let entry = map.entry(1).insert_entry(5).unwrap();
    /// assert_eq!(entry.get(), &5);
    /// ```
    #[inline]
    pub fn insert_entry(
        self,
        value: V,
    ) -> Result<OccupiedEntry<'a, K, V, N, S>, CapacityError<(K, V)>> {
        match self {
            Self::Occupied(mut entry) => {
                entry.insert(value);
                Ok(entry)
            }
            Self::Vacant(entry) => entry.insert_entry(value),
        }
    }

    /// The entry's key: the one in the map if present, else the one given to
    /// [`StackHashMap::entry`].
    #[inline]
    #[must_use]
    pub fn key(&self) -> &K {
        match self {
            Self::Occupied(entry) => entry.key(),
            Self::Vacant(entry) => entry.key(),
        }
    }
}

impl<'a, K, V, const N: usize, S> OccupiedEntry<'a, K, V, N, S> {
    #[inline]
    pub(super) fn new(
        map: &'a mut StackHashMap<K, V, N, S>,
        pos: usize,
        index: usize,
        code_of: CodeOf<K, V, N, S>,
    ) -> Self {
        Self {
            map,
            pos,
            index,
            code_of,
        }
    }

    /// The key in the map.
    #[inline]
    #[must_use]
    pub fn key(&self) -> &K {
        // SAFETY: `index < len`: the entry exists and the map is borrowed by `self`.
        &unsafe { self.map.entry_at(self.index) }.0
    }

    /// The value.
    #[inline]
    #[must_use]
    pub fn get(&self) -> &V {
        // SAFETY: as in `key`.
        &unsafe { self.map.entry_at(self.index) }.1
    }

    /// The value, mutably, for the lifetime of the entry.
    #[inline]
    #[must_use]
    pub fn get_mut(&mut self) -> &mut V {
        // SAFETY: as in `key`.
        &mut unsafe { self.map.entry_at_mut(self.index) }.1
    }

    /// The value, mutably, for the lifetime of the map borrow.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    /// use avila_alloc::collections::hash_map::Entry;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 1)].into_iter().collect();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     *e.into_mut() = 9;
    /// }
    /// assert_eq!(map[&1], 9);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_mut(self) -> &'a mut V {
        // SAFETY: as in `key`.
        &mut unsafe { self.map.entry_at_mut(self.index) }.1
    }

    /// Replaces the value, returning the old one.
    #[inline]
    pub fn insert(&mut self, value: V) -> V {
        core::mem::replace(self.get_mut(), value)
    }

    /// Removes the entry and returns its value.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    /// use avila_alloc::collections::hash_map::Entry;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 10)].into_iter().collect();
    /// if let Entry::Occupied(e) = map.entry(1) {
    ///     assert_eq!(e.remove(), 10);
    /// }
    /// assert!(map.is_empty());
    /// ```
    #[inline]
    pub fn remove(self) -> V {
        self.remove_entry().1
    }

    /// Removes the entry and returns the key and the value.
    #[inline]
    pub fn remove_entry(self) -> (K, V) {
        // SAFETY: `pos` is the entry's slot, found when the entry was made; the map has been
        // borrowed by the entry since.
        unsafe { self.map.remove_at(self.pos, self.code_of) }
    }
}

impl<'a, K, V, const N: usize, S> VacantEntry<'a, K, V, N, S> {
    #[inline]
    pub(super) fn new(
        map: &'a mut StackHashMap<K, V, N, S>,
        pos: usize,
        tag: u32,
        key: K,
        code_of: CodeOf<K, V, N, S>,
    ) -> Self {
        Self {
            map,
            pos,
            tag,
            key,
            code_of,
        }
    }

    /// The key given to [`StackHashMap::entry`].
    #[inline]
    #[must_use]
    pub fn key(&self) -> &K {
        &self.key
    }

    /// Gives the key back without inserting anything.
    #[inline]
    #[must_use]
    pub fn into_key(self) -> K {
        self.key
    }

    /// Inserts the key with `value` and returns the value, mutably.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `(key, value)` if the map is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    /// use avila_alloc::collections::hash_map::Entry;
    ///
    /// let mut map: StackHashMap<u8, u8, 1> = [(1, 1)].into_iter().collect();
    /// let Entry::Vacant(v) = map.entry(2) else { unreachable!() };
    /// assert_eq!(v.insert(2).unwrap_err().element(), (2, 2));
    /// ```
    #[inline]
    pub fn insert(self, value: V) -> Result<&'a mut V, CapacityError<(K, V)>> {
        if self.map.is_full() {
            return Err(CapacityError::new((self.key, value), N));
        }
        Ok(self.insert_with_room(value))
    }

    /// Inserts the key with `value` and returns the occupied entry.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `(key, value)` if the map is full.
    #[inline]
    pub fn insert_entry(
        self,
        value: V,
    ) -> Result<OccupiedEntry<'a, K, V, N, S>, CapacityError<(K, V)>> {
        if self.map.is_full() {
            return Err(CapacityError::new((self.key, value), N));
        }
        let Self {
            map,
            pos,
            tag,
            key,
            code_of,
        } = self;
        // SAFETY: the map is not full (checked); `pos` is the empty slot found for `tag` when the
        // entry was made, and the map has been borrowed by the entry since; the key is absent.
        let index = unsafe { map.push_at(pos, tag, key, value) };
        Ok(OccupiedEntry::new(map, pos, index, code_of))
    }

    /// Inserts when the map is known not to be full.
    #[inline]
    fn insert_with_room(self, value: V) -> &'a mut V {
        debug_assert!(!self.map.is_full());
        let Self {
            map, pos, tag, key, ..
        } = self;
        // SAFETY: not full (every caller checks); `pos` and `tag` as in `insert_entry`.
        let index = unsafe { map.push_at(pos, tag, key, value) };
        // SAFETY: `index` was just pushed, so it is below `len`.
        &mut unsafe { map.entry_at_mut(index) }.1
    }
}

impl<K: fmt::Debug, V: fmt::Debug, const N: usize, S> fmt::Debug for Entry<'_, K, V, N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Occupied(entry) => f.debug_tuple("Entry").field(entry).finish(),
            Self::Vacant(entry) => f.debug_tuple("Entry").field(entry).finish(),
        }
    }
}

impl<K: fmt::Debug, V: fmt::Debug, const N: usize, S> fmt::Debug for OccupiedEntry<'_, K, V, N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OccupiedEntry")
            .field("key", self.key())
            .field("value", self.get())
            .finish()
    }
}

impl<K: fmt::Debug, V, const N: usize, S> fmt::Debug for VacantEntry<'_, K, V, N, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("VacantEntry").field(self.key()).finish()
    }
}
