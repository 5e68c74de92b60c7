//! [`StackHashMap<K, V, N, S>`]: a hash map with inline storage for `N` entries.

mod entry;
mod iter;
mod raw;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

use core::borrow::Borrow;
use core::hash::{BuildHasher, Hash};
use core::mem::{self, MaybeUninit};

pub use self::entry::{Entry, OccupiedEntry, VacantEntry};
pub(in crate::collections) use self::iter::ExtractCursor;
pub use self::iter::{
    Drain, ExtractIf, IntoIter, IntoKeys, IntoValues, Iter, IterMut, Keys, Values, ValuesMut,
};
use self::raw::RawIndex;
use crate::collections::StackVec;
use crate::collections::core::ArrayCore;
use crate::error::CapacityError;
use crate::hash::FixedState;

/// A hash map with a fixed capacity of exactly `N` entries, stored inline (on the stack, in a
/// `static`, or inside another value). It never allocates.
///
/// `StackHashMap` has the API of
/// [`HashMap`](https://doc.rust-lang.org/std/collections/struct.HashMap.html) wherever it makes
/// sense at a fixed capacity. Inserting a **new** key into a full map fails: [`insert`] returns
/// [`CapacityError`] with the key and the value inside, and the entry API's `insert` does the same;
/// replacing the value of a key already present never fails. [`Extend`] and [`FromIterator`]
/// panic when full; [`try_extend`] and [`try_from_iter`] return the error instead.
///
/// Any `N` works (no power-of-two rule), up to `2^31 - 16`. The hasher `S` defaults to
/// [`FixedState`], a fast hasher with a fixed seed: read about the
/// [HashDoS trade-off](crate::hash#hashdos-the-trade-off) before hashing keys an adversary
/// chooses, and use [`SeededState`](crate::SeededState) or `std`'s `RandomState` then.
///
/// [`insert`]: Self::insert
/// [`try_extend`]: Self::try_extend
/// [`try_from_iter`]: Self::try_from_iter
///
/// # Examples
///
/// ```
/// use avila_alloc::StackHashMap;
///
/// let mut stock: StackHashMap<&str, u32, 3> = StackHashMap::new();
/// stock.insert("apples", 3).unwrap();
/// stock.insert("pears", 5).unwrap();
/// assert_eq!(stock.insert("apples", 4), Ok(Some(3))); // replacing never fails
/// assert_eq!(stock["apples"], 4);
///
/// *stock.entry("plums").or_insert(0).unwrap() += 7;
/// assert!(stock.is_full());
/// let err = stock.insert("kiwis", 1).unwrap_err();
/// assert_eq!(err.element(), ("kiwis", 1)); // nothing is lost
/// ```
///
/// In a `static`:
///
/// ```
/// use avila_alloc::StackHashMap;
/// use std::sync::Mutex;
///
/// static SESSIONS: Mutex<StackHashMap<u32, u64, 64>> = Mutex::new(StackHashMap::new());
/// SESSIONS.lock().unwrap().insert(7, 1_000).unwrap();
/// assert_eq!(SESSIONS.lock().unwrap().get(&7), Some(&1_000));
/// ```
///
/// # Layout and cost
///
/// The entries are kept densely, in insertion order (removal moves the last entry into the
/// removed one's place), so iteration is a scan of a slice. An index of `2N + 16` slots (a
/// control byte and a 4-byte word each) and 4 bytes per entry that `retain` uses
/// come on top: `14 * N + 80` bytes plus the entries and the hasher. A removal hashes the key of
/// the last entry, which moves into the gap, to find its slot.
/// The index is never more than half full, and removal shifts slots back instead of leaving
/// tombstones, so lookups, insertions and removals are O(1) expected at **every** fill level,
/// up to and including a full map, however many insertions and removals it has seen.
/// `retain` is O(len); `new`, `clear` and `drain` are O(N) (they reset the index).
pub struct StackHashMap<K, V, const N: usize, S = FixedState> {
    index: RawIndex<N>,
    entries: StackVec<(K, V), N>,
    hash_builder: S,
}

impl<K, V, const N: usize> StackHashMap<K, V, N, FixedState> {
    /// Creates an empty map with the default hasher, [`FixedState`]. `const`, so it can
    /// initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<u8, char, 10> = StackHashMap::new();
    /// assert!(map.is_empty());
    /// assert_eq!(map.capacity(), 10);
    ///
    /// static EMPTY: StackHashMap<u16, u16, 4> = StackHashMap::new();
    /// assert_eq!(EMPTY.len(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self::with_hasher(FixedState)
    }
}

impl<K, V, const N: usize, S> StackHashMap<K, V, N, S> {
    /// The capacity `N`, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty map that hashes with `hash_builder`. `const`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{SeededState, StackHashMap};
    ///
    /// static MAP: StackHashMap<u32, u32, 16, SeededState> =
    ///     StackHashMap::with_hasher(SeededState::new(0xfeed));
    /// assert!(MAP.is_empty());
    ///
    /// // std's RandomState works too (with `std`).
    /// let mut map: StackHashMap<&str, i32, 4, std::hash::RandomState> =
    ///     StackHashMap::with_hasher(std::hash::RandomState::new());
    /// map.insert("a", 1).unwrap();
    /// assert_eq!(map["a"], 1);
    /// ```
    #[inline]
    #[must_use]
    pub const fn with_hasher(hash_builder: S) -> Self {
        // Built in place, field by field: assembled as a struct literal, the index was filled in
        // a temporary and then copied into the map (see `RawIndex::init`).
        let mut map = MaybeUninit::<Self>::uninit();
        let this = map.as_mut_ptr();
        // SAFETY: `this` points to writable, aligned, uninitialized memory for a map. Each field
        // is initialized through a raw place projection: the index with every slot free, the
        // entries' core with length 0 (its buffer may stay uninitialized), and the hasher moved
        // in. Then every field is initialized (padding needs not be).
        unsafe {
            RawIndex::init(&raw mut (*this).index);
            ArrayCore::init_empty(&raw mut (*this).entries.core);
            (&raw mut (*this).hash_builder).write(hash_builder);
            map.assume_init()
        }
    }

    /// The map's hasher builder.
    #[inline]
    #[must_use]
    pub const fn hasher(&self) -> &S {
        &self.hash_builder
    }

    /// The number of entries.
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` if the map holds no entry.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `true` if the map holds `N` entries: inserting a new key would fail.
    #[inline(always)]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.entries.is_full()
    }

    /// The capacity `N`.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many more new keys fit: `N - len()`.
    #[inline(always)]
    #[must_use]
    pub const fn remaining_capacity(&self) -> usize {
        self.entries.remaining_capacity()
    }

    /// An iterator over the entries, as `(&K, &V)`.
    ///
    /// The order is insertion order, except that removing an entry moves the last one into its
    /// place. O(1) per step: the entries are contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<char, u32, 4> = [('a', 1), ('b', 2)].into_iter().collect();
    /// let pairs: Vec<(char, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    /// assert_eq!(pairs, [('a', 1), ('b', 2)]);
    /// ```
    #[inline]
    pub fn iter(&self) -> Iter<'_, K, V> {
        Iter::new(self.entries.iter())
    }

    /// An iterator over the entries with mutable values, as `(&K, &mut V)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<char, u32, 4> = [('a', 1), ('b', 2)].into_iter().collect();
    /// for (_, v) in map.iter_mut() {
    ///     *v *= 10;
    /// }
    /// assert_eq!(map[&'b'], 20);
    /// ```
    #[inline]
    pub fn iter_mut(&mut self) -> IterMut<'_, K, V> {
        IterMut::new(self.entries.iter_mut())
    }

    /// An iterator over the keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<u8, (), 4> = [(3, ()), (1, ())].into_iter().collect();
    /// assert_eq!(map.keys().copied().collect::<Vec<_>>(), [3, 1]);
    /// ```
    #[inline]
    pub fn keys(&self) -> Keys<'_, K, V> {
        Keys::new(self.iter())
    }

    /// An iterator over the values.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<u8, u16, 4> = [(3, 30), (1, 10)].into_iter().collect();
    /// assert_eq!(map.values().sum::<u16>(), 40);
    /// ```
    #[inline]
    pub fn values(&self) -> Values<'_, K, V> {
        Values::new(self.iter())
    }

    /// An iterator over mutable references to the values.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u16, 4> = [(3, 30), (1, 10)].into_iter().collect();
    /// map.values_mut().for_each(|v| *v += 1);
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline]
    pub fn values_mut(&mut self) -> ValuesMut<'_, K, V> {
        ValuesMut::new(self.iter_mut())
    }

    /// Consumes the map and yields its keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<String, u8, 4> = [("x".to_string(), 1)].into_iter().collect();
    /// let keys: Vec<String> = map.into_keys().collect();
    /// assert_eq!(keys, ["x"]);
    /// ```
    #[inline]
    pub fn into_keys(self) -> IntoKeys<K, V, N> {
        IntoKeys::new(self.into_iter())
    }

    /// Consumes the map and yields its values.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<u8, String, 4> = [(1, "x".to_string())].into_iter().collect();
    /// let values: Vec<String> = map.into_values().collect();
    /// assert_eq!(values, ["x"]);
    /// ```
    #[inline]
    pub fn into_values(self) -> IntoValues<K, V, N> {
        IntoValues::new(self.into_iter())
    }

    /// Removes every entry and yields them. The map is empty as soon as `drain` returns, even
    /// if the [`Drain`] is leaked; the entries not yielded are dropped with the `Drain`.
    ///
    /// O(N) for the index, plus O(1) per entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 10), (2, 20)].into_iter().collect();
    /// let mut all: Vec<(u8, u8)> = map.drain().collect();
    /// all.sort();
    /// assert_eq!(all, [(1, 10), (2, 20)]);
    /// assert!(map.is_empty());
    /// ```
    #[inline]
    pub fn drain(&mut self) -> Drain<'_, K, V, N> {
        // The index forgets every entry first: the map is empty and consistent from here on,
        // whatever happens to the `Drain`.
        self.index.clear();
        Drain::new(self.entries.drain(..))
    }

    /// Removes every entry, dropping them.
    ///
    /// O(N). If a destructor panics, the map is already empty and the other entries are still
    /// dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 10)].into_iter().collect();
    /// map.clear();
    /// assert!(map.is_empty());
    /// ```
    #[inline]
    pub fn clear(&mut self) {
        self.index.clear();
        self.entries.clear();
    }

    /// Keeps only the entries for which `keep(&key, &mut value)` returns `true`, visiting each
    /// entry exactly once (not in iteration order: a removal moves the last entry into the gap,
    /// and it is visited there).
    ///
    /// O(len), plus one O(N) pass over the index on the first removal (it records where each
    /// entry's slot is, since `retain` cannot hash the keys). If `keep` or a destructor panics,
    /// the map stays consistent: the entries removed so far are gone, the others (visited or not)
    /// stay.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u32, u32, 8> = (0..8).map(|x| (x, x * 10)).collect();
    /// map.retain(|&k, v| {
    ///     *v += 1;
    ///     k % 2 == 0
    /// });
    /// assert_eq!(map.len(), 4);
    /// assert_eq!(map[&6], 61);
    /// ```
    pub fn retain<F: FnMut(&K, &mut V) -> bool>(&mut self, mut keep: F) {
        self.extract_if(|key, value| !keep(key, value))
            .for_each(drop);
    }

    /// Removes and yields, as `(key, value)`, the entries for which `pred(&key, &mut value)`
    /// returns `true`; the others stay. As [`HashMap::extract_if`].
    ///
    /// The [`ExtractIf`] visits the entries lazily, each exactly once, as it is advanced (not in
    /// iteration order: a removal moves the last entry into the gap, and it is visited there). If
    /// it is dropped before the end, the entries it has not visited stay in the map, as do those
    /// `pred` kept. Use [`retain`](Self::retain) when the removed entries are not wanted.
    ///
    /// O(len) for a whole pass, plus one O(N) pass over the index on the first removal, as in
    /// `retain`; no key is hashed. If `pred` panics, the map stays consistent: the entries yielded
    /// so far are gone, the others stay.
    ///
    /// [`HashMap::extract_if`]: https://doc.rust-lang.org/std/collections/struct.HashMap.html#method.extract_if
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u32, &str, 8> =
    ///     [(1, "one"), (2, "two"), (3, "three"), (4, "four")].into_iter().collect();
    /// let mut even: Vec<(u32, &str)> = map.extract_if(|k, _| k % 2 == 0).collect();
    /// even.sort();
    /// assert_eq!(even, [(2, "two"), (4, "four")]);
    /// assert_eq!(map.len(), 2);
    /// assert!(map.contains_key(&1) && map.contains_key(&3));
    ///
    /// // Stopping early leaves the entries not visited in the map.
    /// let first = map.extract_if(|_, _| true).next();
    /// assert!(first.is_some());
    /// assert_eq!(map.len(), 1);
    /// ```
    #[inline]
    pub fn extract_if<F: FnMut(&K, &mut V) -> bool>(
        &mut self,
        pred: F,
    ) -> ExtractIf<'_, K, V, N, S, F> {
        ExtractIf::new(ExtractCursor::new(self), pred)
    }

    /// Swap-removes entry `i` without hashing a key: its slot, and the last entry's, come from the
    /// slots the index recorded (recorded first, and `*tracked` set, if `*tracked` is false).
    /// For `extract_if` and `retain`, which have no `Hash` bound.
    ///
    /// # Safety
    ///
    /// - `i < len()`;
    /// - `*tracked` is true only if `track_slots` ran since the last change to the index other
    ///   than through this function.
    #[inline]
    unsafe fn remove_tracked_at(&mut self, i: usize, tracked: &mut bool) -> (K, V) {
        let len = self.entries.len();
        debug_assert!(i < len);
        if !*tracked {
            self.index.track_slots();
            *tracked = true;
        }
        // SAFETY: `i < len` is an entry (caller), and `slots_of` is up to date: recorded above,
        // or by an earlier call with only `remove_tracked` changing the index since (caller; the
        // callers hold the map mutably borrowed for the whole pass, and a new pass starts with
        // `*tracked` false). The entry is swap-removed right after, which is what
        // `remove_tracked` expects.
        unsafe {
            let pos = self.index.tracked_slot(i);
            self.index.remove_tracked(pos, len);
        }
        // The index and the entries agree again before the entry leaves the map.
        self.entries.swap_remove(i)
    }

    /// Hashes a key into its code (tag and h2, see `RawIndex::tag`).
    #[inline(always)]
    fn tag_of<Q: Hash + ?Sized>(&self, key: &Q) -> u32
    where
        S: BuildHasher,
    {
        RawIndex::<N>::tag(self.hash_builder.hash_one(key))
    }

    /// The slot and entry positions of `key`, if present: a group-at-a-time lookup, for reads
    /// (see [`RawIndex::find`]).
    #[inline(always)]
    fn find<Q>(&self, key: &Q) -> Option<(usize, usize)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        S: BuildHasher,
    {
        self.find_with::<false, Q>(key)
    }

    /// [`find`](Self::find) probing byte by byte, for removals (see [`RawIndex::find_scalar`]).
    #[inline(always)]
    fn find_to_remove<Q>(&self, key: &Q) -> Option<(usize, usize)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        S: BuildHasher,
    {
        self.find_with::<true, Q>(key)
    }

    /// The slot and entry positions of `key`, if present, by [`RawIndex::find_scalar`] if
    /// `SCALAR`, else by [`RawIndex::find`].
    #[inline(always)]
    fn find_with<const SCALAR: bool, Q>(&self, key: &Q) -> Option<(usize, usize)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
        S: BuildHasher,
    {
        if self.entries.is_empty() {
            return None;
        }
        let code = self.tag_of(key);
        let entries = self.entries.as_slice();
        let eq = |i: usize| {
            // SAFETY: `find` and `find_scalar` only pass positions of occupied slots, which are
            // below `len`.
            let (k, _) = unsafe { entries.get_unchecked(i) };
            k.borrow() == key
        };
        if SCALAR {
            self.index.find_scalar(code, eq).ok()
        } else {
            self.index.find(code, eq).ok()
        }
    }

    /// The entry at position `i`.
    ///
    /// # Safety
    ///
    /// - `i < len()`.
    #[inline(always)]
    unsafe fn entry_at(&self, i: usize) -> &(K, V) {
        debug_assert!(i < self.len());
        // SAFETY: `i < len` (caller).
        unsafe { self.entries.get_unchecked(i) }
    }

    /// The entry at position `i`, mutably.
    ///
    /// # Safety
    ///
    /// - `i < len()`.
    #[inline(always)]
    unsafe fn entry_at_mut(&mut self, i: usize) -> &mut (K, V) {
        debug_assert!(i < self.len());
        // SAFETY: `i < len` (caller).
        unsafe { self.entries.get_unchecked_mut(i) }
    }

    /// Removes the entry whose slot is `pos` and returns it.
    ///
    /// Hashes the last entry's key with `code_of` (see [`RawIndex::remove`]) before it changes
    /// anything: if that panics, the map is unchanged.
    ///
    /// # Safety
    ///
    /// - `pos` is an occupied slot, found since the last change to the map.
    #[inline]
    unsafe fn remove_at(&mut self, pos: usize, code_of: impl FnOnce(&Self, &K) -> u32) -> (K, V) {
        let len = self.entries.len();
        // SAFETY: `pos` is occupied (caller).
        let i = unsafe { self.index.position_at(pos) };
        let last = len - 1;
        let last_code = if i == last {
            0
        } else {
            // SAFETY: `last < len`.
            code_of(self, &unsafe { self.entry_at(last) }.0)
        };
        // SAFETY: `pos` is occupied (caller); the entry is swap-removed right below.
        unsafe { self.index.remove(pos, len, last_code) };
        self.entries.swap_remove(i)
    }

    /// Appends a new entry in the empty slot `pos` found for `tag`; returns its position.
    ///
    /// # Safety
    ///
    /// - the map is not full;
    /// - `pos` is the empty slot a `find` for `tag` returned since the last change to the map,
    ///   and no entry has `key`.
    #[inline(always)]
    unsafe fn push_at(&mut self, pos: usize, tag: u32, key: K, value: V) -> usize {
        let len = self.entries.len();
        // SAFETY: `len < N` and `pos` ends `tag`'s probe sequence (caller); the entry is written
        // at position `len` right after, so the index and the entries agree. Written through
        // the pointer with the `len` read above, not `push_unchecked`: that would read the
        // length back from memory after the index's stores (which the compiler cannot tell
        // apart from it), one load and a dependency more per insertion.
        unsafe {
            self.index.insert(pos, tag, len);
            self.entries.as_mut_ptr().add(len).write((key, value));
            self.entries.set_len(len + 1);
        }
        len
    }
}

impl<K, V, const N: usize, S> StackHashMap<K, V, N, S>
where
    K: Eq + Hash,
    S: BuildHasher,
{
    /// Inserts `value` under `key`.
    ///
    /// - If the key is present, its value is replaced and the old one returned (`Ok(Some(old))`);
    ///   this never fails, even when the map is full. The key in the map is kept; `key` is
    ///   dropped (as `HashMap::insert` does), before the value is replaced.
    /// - Otherwise the entry is added (`Ok(None)`), if there is room.
    ///
    /// O(1) expected.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `(key, value)` when the key is new and the map is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, &str, 1> = StackHashMap::new();
    /// assert_eq!(map.insert(1, "a"), Ok(None));
    /// assert_eq!(map.insert(1, "b"), Ok(Some("a")));
    /// assert_eq!(map.insert(2, "c").unwrap_err().element(), (2, "c"));
    /// ```
    #[inline]
    pub fn insert(&mut self, key: K, value: V) -> Result<Option<V>, CapacityError<(K, V)>> {
        let (tag, found) = self.find_owned(&key);
        match found {
            Ok((_, i)) => {
                // The duplicate key goes first: if its destructor panics, nothing has changed
                // (and no value is caught in a half-returned result).
                drop(key);
                // SAFETY: `i < len`, from the index.
                let (_, old) = unsafe { self.entry_at_mut(i) };
                Ok(Some(mem::replace(old, value)))
            }
            Err(_) if self.is_full() => Err(CapacityError::new((key, value), N)),
            Err(pos) => {
                // SAFETY: not full; `pos` was just found for `tag`, and the key is absent.
                unsafe { self.push_at(pos, tag, key, value) };
                Ok(None)
            }
        }
    }

    /// Inserts `key` with `value` if absent; if present, replaces the stored **key** (keeping the
    /// value, dropping `value`) and returns the old key. For `StackHashSet::replace`.
    #[inline]
    pub(in crate::collections) fn replace_key(
        &mut self,
        key: K,
        value: V,
    ) -> Result<Option<K>, CapacityError<(K, V)>> {
        let (tag, found) = self.find_owned(&key);
        match found {
            Ok((_, i)) => {
                drop(value);
                // SAFETY: `i < len`, from the index.
                let (stored, _) = unsafe { self.entry_at_mut(i) };
                Ok(Some(mem::replace(stored, key)))
            }
            Err(_) if self.is_full() => Err(CapacityError::new((key, value), N)),
            Err(pos) => {
                // SAFETY: not full; `pos` was just found for `tag`, and the key is absent.
                unsafe { self.push_at(pos, tag, key, value) };
                Ok(None)
            }
        }
    }

    /// The code of `key`, as a function pointer for [`OccupiedEntry`] (whose methods have no
    /// `Hash` bound, like `std`'s).
    fn code_of_key(&self, key: &K) -> u32 {
        self.tag_of(key)
    }

    /// The code of `key` and where [`RawIndex::find_scalar`] found it (or the empty slot for it),
    /// for insertion and `entry`.
    #[inline(always)]
    fn find_owned(&self, key: &K) -> (u32, Result<(usize, usize), usize>) {
        let tag = self.tag_of(key);
        let entries = self.entries.as_slice();
        let found = self.index.find_scalar(tag, |i| {
            // SAFETY: `find_scalar` only passes positions of occupied slots, below `len`.
            let (k, _) = unsafe { entries.get_unchecked(i) };
            k == key
        });
        (tag, found)
    }

    /// The entry of `key`, for in-place manipulation: see [`Entry`].
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut counts: StackHashMap<char, u32, 8> = StackHashMap::new();
    /// for c in "hello".chars() {
    ///     *counts.entry(c).or_insert(0).unwrap() += 1;
    /// }
    /// assert_eq!(counts[&'l'], 2);
    /// ```
    #[inline]
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V, N, S> {
        let (tag, found) = self.find_owned(&key);
        match found {
            Ok((pos, i)) => Entry::Occupied(OccupiedEntry::new(self, pos, i, Self::code_of_key)),
            Err(pos) => Entry::Vacant(VacantEntry::new(self, pos, tag, key, Self::code_of_key)),
        }
    }

    /// Inserts every entry the iterator yields while there is room (replacing values of keys
    /// already present, which always works).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first entry with a new key that did not fit. The entries
    /// before it stay; the iterator keeps the rest (pass `iter.by_ref()` to reuse it).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u32, u32, 2> = StackHashMap::new();
    /// let mut source = (0..5).map(|x| (x, x));
    /// let err = map.try_extend(source.by_ref()).unwrap_err();
    /// assert_eq!(err.element(), (2, 2));
    /// assert_eq!(map.len(), 2);
    /// assert_eq!(source.next(), Some((3, 3)));
    /// ```
    pub fn try_extend<I: IntoIterator<Item = (K, V)>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<(K, V)>> {
        for (key, value) in iter {
            self.insert(key, value)?;
        }
        Ok(())
    }

    /// Collects an iterator of entries into a new map (later values replace earlier ones of the
    /// same key).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first entry with a new key that did not fit (the entries
    /// collected so far are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// type Map = StackHashMap<u8, u8, 2>;
    /// assert_eq!(Map::try_from_iter([(1, 1), (1, 2), (2, 2)]).unwrap().len(), 2);
    /// assert_eq!(Map::try_from_iter([(1, 1), (2, 2), (3, 3)]).unwrap_err().element(), (3, 3));
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = (K, V)>>(
        iter: I,
    ) -> Result<Self, CapacityError<(K, V)>>
    where
        S: Default,
    {
        let mut map = Self::with_hasher(S::default());
        map.try_extend(iter)?;
        Ok(map)
    }
}

impl<K, V, const N: usize, S: BuildHasher> StackHashMap<K, V, N, S> {
    /// A reference to the value of `key`, if present.
    ///
    /// The key may be any borrowed form of `K` (`&str` for `String` keys); `Hash` and `Eq` on
    /// the borrowed form must match those of `K`.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<String, u8, 4> = StackHashMap::new();
    /// map.insert("one".to_string(), 1).unwrap();
    /// assert_eq!(map.get("one"), Some(&1));
    /// assert_eq!(map.get("two"), None);
    /// ```
    #[inline]
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, i) = self.find(key)?;
        // SAFETY: `i < len`, from the index.
        Some(&unsafe { self.entry_at(i) }.1)
    }

    /// A mutable reference to the value of `key`, if present.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 10)].into_iter().collect();
    /// *map.get_mut(&1).unwrap() += 1;
    /// assert_eq!(map[&1], 11);
    /// ```
    #[inline]
    pub fn get_mut<Q>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, i) = self.find(key)?;
        // SAFETY: `i < len`, from the index.
        Some(&mut unsafe { self.entry_at_mut(i) }.1)
    }

    /// The stored key and the value of `key`, if present.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<String, u8, 4> = [("k".to_string(), 1)].into_iter().collect();
    /// assert_eq!(map.get_key_value("k"), Some((&"k".to_string(), &1)));
    /// ```
    #[inline]
    pub fn get_key_value<Q>(&self, key: &Q) -> Option<(&K, &V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (_, i) = self.find(key)?;
        // SAFETY: `i < len`, from the index.
        let (k, v) = unsafe { self.entry_at(i) };
        Some((k, v))
    }

    /// `true` if the map has an entry for `key`.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let map: StackHashMap<u8, u8, 4> = [(1, 10)].into_iter().collect();
    /// assert!(map.contains_key(&1));
    /// assert!(!map.contains_key(&2));
    /// ```
    #[inline]
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.find(key).is_some()
    }

    /// Removes the entry of `key` and returns its value, if present.
    ///
    /// O(1) expected. The last entry moves into the removed one's place; its key is hashed again
    /// to find its slot in the index, before anything changes (if that `Hash` panics, the map is
    /// unchanged).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<u8, u8, 4> = [(1, 10), (2, 20)].into_iter().collect();
    /// assert_eq!(map.remove(&1), Some(10));
    /// assert_eq!(map.remove(&1), None);
    /// assert_eq!(map.len(), 1);
    /// ```
    #[inline]
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.remove_entry(key).map(|(_, v)| v)
    }

    /// Removes the entry of `key` and returns the stored key and the value, if present.
    ///
    /// O(1) expected.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<String, u8, 4> = [("k".to_string(), 1)].into_iter().collect();
    /// assert_eq!(map.remove_entry("k"), Some(("k".to_string(), 1)));
    /// ```
    #[inline]
    pub fn remove_entry<Q>(&mut self, key: &Q) -> Option<(K, V)>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (pos, _) = self.find_to_remove(key)?;
        // SAFETY: `pos` was just found occupied. A key hashes as its borrowed form (the
        // `Borrow` contract), so the last key is hashed as a `Q`.
        Some(unsafe { self.remove_at(pos, |map, last| map.tag_of(last.borrow())) })
    }

    /// Mutable references to the values of `M` keys at once (`None` for a missing key), with
    /// `std`'s `HashMap::get_disjoint_mut` semantics.
    ///
    /// O(M) expected lookups plus O(M²) comparisons of positions.
    ///
    /// # Panics
    ///
    /// Panics if two of the keys are the same entry of the map.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<&str, u32, 4> = [("a", 1), ("b", 2)].into_iter().collect();
    /// let [a, b, c] = map.get_disjoint_mut(["a", "b", "c"]);
    /// core::mem::swap(a.unwrap(), b.unwrap());
    /// assert!(c.is_none());
    /// assert_eq!((map["a"], map["b"]), (2, 1));
    /// ```
    ///
    /// ```should_panic
    /// use avila_alloc::StackHashMap;
    ///
    /// let mut map: StackHashMap<&str, u32, 4> = [("a", 1)].into_iter().collect();
    /// let _ = map.get_disjoint_mut(["a", "a"]); // panics: the same entry twice
    /// ```
    #[track_caller]
    pub fn get_disjoint_mut<Q, const M: usize>(&mut self, keys: [&Q; M]) -> [Option<&mut V>; M]
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let positions = keys.map(|key| self.find(key).map(|(_, i)| i));
        for (a, pa) in positions.iter().enumerate() {
            for pb in &positions[..a] {
                if pa.is_some() && pa == pb {
                    overlapping_keys();
                }
            }
        }
        let base = self.entries.as_mut_ptr();
        positions.map(|i| {
            // SAFETY: each `i < len` comes from the index, and the positions are pairwise
            // distinct (checked above), so the mutable references do not alias; they borrow
            // `self` mutably for their lifetime.
            i.map(|i| unsafe { &mut (*base.add(i)).1 })
        })
    }
}

#[cfg(test)]
impl<K: Hash, V, const N: usize, S: BuildHasher> StackHashMap<K, V, N, S> {
    /// Checks the index against the entries (every invariant of `RawIndex`, with the codes
    /// computed from the keys); panics on the first violation.
    pub(crate) fn check_invariants(&self) {
        self.index
            .check(self.len(), |i| self.tag_of(&self.entries[i].0));
    }

    /// The probe lengths of the entries: (sum, longest).
    pub(crate) fn probe_lengths(&self) -> (usize, usize) {
        self.index.probe_lengths()
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn overlapping_keys() -> ! {
    panic!("StackHashMap::get_disjoint_mut: two keys are the same entry")
}
