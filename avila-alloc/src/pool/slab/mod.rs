//! [`SlabAllocator<T, N>`]: the `slab` crate's key-based storage, without a heap.
//!
//! # Layout
//!
//! `N` slots, each an enum: `Occupied(T)` or `Vacant(next)`, where `next` is the key of the next
//! vacant slot. The vacant slots form a LIFO free list threaded through themselves by index (no
//! pointers, so the slab can move freely): `insert` pops its head, `remove` pushes the freed key,
//! both O(1). A high-water mark `used` counts the slots ever written; slots at or beyond it are
//! not on the list, so [`new`](SlabAllocator::new) writes nothing but the counters' initial
//! values and iteration stops at `used`, as `slab` stops at its vector's length.
//!
//! The enum layout is `slab`'s own: a discriminant next to the payload, so a lookup reads one
//! cache line. (A separate occupancy bitmap would save the discriminant's padding for large
//! alignments but costs a second memory access per lookup.) The whole type is safe code.
//!
//! # Examples
//!
//! ```
//! use avila_alloc::pool::SlabAllocator;
//!
//! let mut slab: SlabAllocator<&str, 4> = SlabAllocator::new();
//! let hello = slab.insert("hello")?;
//! let world = slab.insert("world")?;
//! assert_eq!(slab[hello], "hello");
//! assert_eq!(slab.remove(hello), "hello");
//! // The freed key is reused first (LIFO, like `slab`).
//! assert_eq!(slab.insert("again")?, hello);
//! assert_eq!(slab.len(), 2);
//! assert!(slab.contains(world));
//! # Ok::<(), avila_alloc::CapacityError<&str>>(())
//! ```

mod iter;
#[cfg(test)]
mod tests;

use core::fmt;
use core::mem;
use core::ops::{Index, IndexMut};

pub use self::iter::{Drain, IntoIter, Iter, IterMut};
use crate::error::CapacityError;

/// One slot of a [`SlabAllocator`].
#[derive(Clone)]
enum Slot<T> {
    /// Free; holds the key of the next free slot (meaningless at or beyond `used`).
    Vacant(usize),
    /// Holds a value.
    Occupied(T),
}

/// A slab of at most `N` values of type `T`, each reachable by the `usize` key returned when it
/// was inserted: the [`slab`](https://docs.rs/slab) crate's API at a fixed capacity, in inline
/// storage (no heap), usable in a `static`.
///
/// Keys are below `N`; a removed value's key is reused by the next insertion (last freed, first
/// reused). Insertion, lookup and removal are O(1); iteration visits the slots up to the highest
/// key ever used.
///
/// # Examples
///
/// ```
/// use avila_alloc::pool::SlabAllocator;
///
/// static EMPTY: SlabAllocator<u32, 8> = SlabAllocator::new();
/// assert!(EMPTY.is_empty());
///
/// let mut slab: SlabAllocator<String, 2> = SlabAllocator::new();
/// let a = slab.insert("a".to_string()).unwrap();
/// slab[a].push('!');
/// slab.insert("b".to_string()).unwrap();
/// // Full: the value comes back with the error.
/// let err = slab.insert("c".to_string()).unwrap_err();
/// assert_eq!(err.element(), "c");
/// assert_eq!(slab.iter().map(|(k, v)| (k, v.as_str())).collect::<Vec<_>>(), [(0, "a!"), (1, "b")]);
/// ```
pub struct SlabAllocator<T, const N: usize> {
    slots: [Slot<T>; N],
    /// Number of occupied slots.
    len: usize,
    /// Head of the free list: the key the next insertion takes (`used` when the list is empty).
    next: usize,
    /// Slots below this index have been written; the ones above are vacant and off the list.
    used: usize,
}

impl<T, const N: usize> SlabAllocator<T, N> {
    /// Creates an empty slab.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::pool::SlabAllocator;
    ///
    /// let slab: SlabAllocator<u8, 16> = SlabAllocator::new();
    /// assert_eq!((slab.len(), slab.capacity()), (0, 16));
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            slots: [const { Slot::Vacant(0) }; N],
            len: 0,
            next: 0,
            used: 0,
        }
    }

    /// The number of values the slab can hold, `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// let slab = avila_alloc::pool::SlabAllocator::<u8, 3>::new();
    /// assert_eq!(slab.capacity(), 3);
    /// ```
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// The number of values stored.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 3>::new();
    /// slab.insert(1).unwrap();
    /// assert_eq!(slab.len(), 1);
    /// ```
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Returns `true` if the slab holds no value.
    ///
    /// # Examples
    ///
    /// ```
    /// let slab = avila_alloc::pool::SlabAllocator::<u8, 3>::new();
    /// assert!(slab.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Returns `true` if the slab holds `N` values (the next insertion fails).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 1>::new();
    /// slab.insert(1).unwrap();
    /// assert!(slab.is_full());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.len == N
    }

    /// The key the next [`insert`](Self::insert) will return, or `None` when the slab is full.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 2>::new();
    /// let key = slab.vacant_key().unwrap();
    /// assert_eq!(slab.insert(7).unwrap(), key);
    /// ```
    #[inline]
    #[must_use]
    pub const fn vacant_key(&self) -> Option<usize> {
        if self.len == N { None } else { Some(self.next) }
    }

    /// Stores `value` and returns its key. O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` back when the slab already holds `N` values.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<char, 1>::new();
    /// let key = slab.insert('a').unwrap();
    /// assert_eq!(slab[key], 'a');
    /// assert_eq!(slab.insert('b').unwrap_err().element(), 'b');
    /// ```
    #[inline]
    pub fn insert(&mut self, value: T) -> Result<usize, CapacityError<T>> {
        // `next == N` exactly when the slab is full (the free list holds indices below `used`
        // and ends at `used`), and testing it keeps `len` off the path from one insert to the
        // next: `len` is only counted.
        if self.next == N {
            return Err(CapacityError::new(value, N));
        }
        let key = self.next;
        self.insert_at(key, value);
        Ok(key)
    }

    /// Stores `value` at `key`, the head of the free list; the slab is not full.
    #[inline(always)]
    fn insert_at(&mut self, key: usize, value: T) -> &mut T {
        let slot = &mut self.slots[key];
        self.next = if key == self.used {
            self.used += 1;
            key + 1
        } else {
            match *slot {
                Slot::Vacant(next) => next,
                Slot::Occupied(_) => unreachable!("the free list leads to an occupied slot"),
            }
        };
        self.len += 1;
        *slot = Slot::Occupied(value);
        match slot {
            Slot::Occupied(value) => value,
            Slot::Vacant(_) => unreachable!(),
        }
    }

    /// Reserves the next key, so a value can be built knowing its own key, then stored with
    /// [`VacantEntry::insert`]. Dropping the entry unused leaves the slab unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when the slab is full.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<(usize, &str), 4>::new();
    /// let entry = slab.vacant_entry().unwrap();
    /// let key = entry.key();
    /// entry.insert((key, "knows its key"));
    /// assert_eq!(slab[key].0, key);
    /// ```
    #[inline]
    pub fn vacant_entry(&mut self) -> Result<VacantEntry<'_, T, N>, CapacityError> {
        if self.len == N {
            return Err(CapacityError::new((), N));
        }
        Ok(VacantEntry {
            key: self.next,
            slab: self,
        })
    }

    /// Returns a reference to the value at `key`, or `None` if that slot is vacant (or `key >=
    /// N`). O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let key = slab.insert(9).unwrap();
    /// assert_eq!(slab.get(key), Some(&9));
    /// assert_eq!(slab.get(key + 1), None);
    /// ```
    #[inline]
    #[must_use]
    pub fn get(&self, key: usize) -> Option<&T> {
        match self.slots.get(key) {
            Some(Slot::Occupied(value)) => Some(value),
            _ => None,
        }
    }

    /// Returns a mutable reference to the value at `key`, or `None` if that slot is vacant (or
    /// `key >= N`). O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let key = slab.insert(9).unwrap();
    /// *slab.get_mut(key).unwrap() += 1;
    /// assert_eq!(slab[key], 10);
    /// ```
    #[inline]
    #[must_use]
    pub fn get_mut(&mut self, key: usize) -> Option<&mut T> {
        match self.slots.get_mut(key) {
            Some(Slot::Occupied(value)) => Some(value),
            _ => None,
        }
    }

    /// Returns mutable references to the two values at `key1` and `key2`, or `None` if either
    /// slot is vacant or the keys are equal. O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let a = slab.insert(1).unwrap();
    /// let b = slab.insert(2).unwrap();
    /// let (x, y) = slab.get2_mut(a, b).unwrap();
    /// core::mem::swap(x, y);
    /// assert_eq!((slab[a], slab[b]), (2, 1));
    /// assert!(slab.get2_mut(a, a).is_none());
    /// ```
    #[must_use]
    pub fn get2_mut(&mut self, key1: usize, key2: usize) -> Option<(&mut T, &mut T)> {
        if key1 == key2 || key1 >= N || key2 >= N {
            return None;
        }
        let (low, high) = (key1.min(key2), key1.max(key2));
        let (head, tail) = self.slots.split_at_mut(high);
        match (&mut head[low], &mut tail[0]) {
            (Slot::Occupied(a), Slot::Occupied(b)) => {
                Some(if key1 < key2 { (a, b) } else { (b, a) })
            }
            _ => None,
        }
    }

    /// Returns `true` if a value is stored at `key`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let key = slab.insert(1).unwrap();
    /// assert!(slab.contains(key));
    /// slab.remove(key);
    /// assert!(!slab.contains(key));
    /// ```
    #[inline]
    #[must_use]
    pub fn contains(&self, key: usize) -> bool {
        matches!(self.slots.get(key), Some(Slot::Occupied(_)))
    }

    /// Removes and returns the value at `key`, or `None` if that slot is vacant (or `key >= N`).
    /// The key goes to the head of the free list. O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let key = slab.insert(1).unwrap();
    /// assert_eq!(slab.try_remove(key), Some(1));
    /// assert_eq!(slab.try_remove(key), None);
    /// ```
    #[inline]
    pub fn try_remove(&mut self, key: usize) -> Option<T> {
        let slot = self.slots.get_mut(key)?;
        match mem::replace(slot, Slot::Vacant(self.next)) {
            Slot::Occupied(value) => {
                self.next = key;
                self.len -= 1;
                Some(value)
            }
            vacant => {
                // Put the vacant slot's link back.
                *slot = vacant;
                None
            }
        }
    }

    /// Removes and returns the value at `key`. O(1).
    ///
    /// # Panics
    ///
    /// If no value is stored at `key` (like `slab`).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// let key = slab.insert(1).unwrap();
    /// assert_eq!(slab.remove(key), 1);
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove(&mut self, key: usize) -> T {
        match self.try_remove(key) {
            Some(value) => value,
            None => invalid_key(key),
        }
    }

    /// Keeps only the values for which `keep(key, &mut value)` returns `true`, removing the
    /// others (their keys go to the free list). O(highest key used).
    ///
    /// If `keep` or a value's `Drop` panics, the slab stays consistent: the values not yet
    /// visited stay in it.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u32, 8>::new();
    /// for v in 0..6 {
    ///     slab.insert(v).unwrap();
    /// }
    /// slab.retain(|key, value| {
    ///     *value *= 10;
    ///     key % 2 == 0
    /// });
    /// assert_eq!(slab.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [0, 20, 40]);
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(usize, &mut T) -> bool) {
        for key in 0..self.used {
            let remove = match &mut self.slots[key] {
                Slot::Occupied(value) => !keep(key, value),
                Slot::Vacant(_) => false,
            };
            if remove {
                drop(self.try_remove(key));
            }
        }
    }

    /// Removes every value (dropping them) and forgets the free list, so keys are handed out
    /// from 0 again. O(highest key used).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u8, 4>::new();
    /// slab.insert(1).unwrap();
    /// slab.insert(2).unwrap();
    /// slab.clear();
    /// assert!(slab.is_empty());
    /// assert_eq!(slab.insert(3).unwrap(), 0);
    /// ```
    pub fn clear(&mut self) {
        drop(self.drain());
    }

    /// Removes every value and returns them in key order, as an iterator. When it is dropped
    /// (even early), the slab is empty and keys start from 0 again. If the iterator is leaked,
    /// the values it had not yet returned stay in the slab. O(highest key used).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<char, 4>::new();
    /// slab.insert('a').unwrap();
    /// slab.insert('b').unwrap();
    /// assert_eq!(slab.drain().collect::<String>(), "ab");
    /// assert!(slab.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<'_, T, N> {
        Drain::new(self)
    }

    /// Iterates over `(key, &value)` pairs in key order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<char, 4>::new();
    /// slab.insert('a').unwrap();
    /// let b = slab.insert('b').unwrap();
    /// slab.remove(0);
    /// assert_eq!(slab.iter().collect::<Vec<_>>(), [(b, &'b')]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(&self.slots[..self.used], self.len)
    }

    /// Iterates over `(key, &mut value)` pairs in key order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut slab = avila_alloc::pool::SlabAllocator::<u32, 4>::new();
    /// slab.insert(1).unwrap();
    /// slab.insert(2).unwrap();
    /// for (key, value) in slab.iter_mut() {
    ///     *value += key as u32;
    /// }
    /// assert_eq!((slab[0], slab[1]), (1, 3));
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut::new(&mut self.slots[..self.used], self.len)
    }
}

/// Panics for a key with no value; out of line.
#[cold]
#[inline(never)]
#[track_caller]
fn invalid_key(key: usize) -> ! {
    panic!("SlabAllocator: no value at key {key}")
}

/// A reserved key of a [`SlabAllocator`], from [`SlabAllocator::vacant_entry`].
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<usize, 2>::new();
/// let entry = slab.vacant_entry().unwrap();
/// let key = entry.key();
/// assert_eq!(*entry.insert(key * 100), key * 100);
/// ```
pub struct VacantEntry<'a, T, const N: usize> {
    slab: &'a mut SlabAllocator<T, N>,
    key: usize,
}

impl<'a, T, const N: usize> VacantEntry<'a, T, N> {
    /// The key the value will have.
    #[inline]
    #[must_use]
    pub fn key(&self) -> usize {
        self.key
    }

    /// Stores `value` at the reserved key and returns a reference to it. O(1).
    #[inline]
    pub fn insert(self, value: T) -> &'a mut T {
        self.slab.insert_at(self.key, value)
    }
}

impl<T, const N: usize> fmt::Debug for VacantEntry<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VacantEntry")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<T, const N: usize> Default for SlabAllocator<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for SlabAllocator<T, N> {
    fn clone(&self) -> Self {
        Self {
            slots: self.slots.clone(),
            len: self.len,
            next: self.next,
            used: self.used,
        }
    }
}

/// Shows the values by key, with the usage: `SlabAllocator { len: 2, capacity: 4, entries: {0:
/// 'a', 3: 'b'} }`.
impl<T: fmt::Debug, const N: usize> fmt::Debug for SlabAllocator<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Entries<'a, T, const N: usize>(&'a SlabAllocator<T, N>);
        impl<T: fmt::Debug, const N: usize> fmt::Debug for Entries<'_, T, N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("SlabAllocator")
            .field("len", &self.len)
            .field("capacity", &N)
            .field("entries", &Entries(self))
            .finish()
    }
}

/// # Panics
///
/// If no value is stored at `key`.
impl<T, const N: usize> Index<usize> for SlabAllocator<T, N> {
    type Output = T;

    #[inline]
    #[track_caller]
    fn index(&self, key: usize) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => invalid_key(key),
        }
    }
}

/// # Panics
///
/// If no value is stored at `key`.
impl<T, const N: usize> IndexMut<usize> for SlabAllocator<T, N> {
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, key: usize) -> &mut T {
        match self.get_mut(key) {
            Some(value) => value,
            None => invalid_key(key),
        }
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a SlabAllocator<T, N> {
    type Item = (usize, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut SlabAllocator<T, N> {
    type Item = (usize, &'a mut T);
    type IntoIter = IterMut<'a, T>;

    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

/// Yields `(key, value)` pairs in key order.
///
/// # Examples
///
/// ```
/// let mut slab = avila_alloc::pool::SlabAllocator::<String, 2>::new();
/// slab.insert("x".to_string()).unwrap();
/// let pairs: Vec<(usize, String)> = slab.into_iter().collect();
/// assert_eq!(pairs, [(0, "x".to_string())]);
/// ```
impl<T, const N: usize> IntoIterator for SlabAllocator<T, N> {
    type Item = (usize, T);
    type IntoIter = IntoIter<T, N>;

    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter::new(self.slots, self.used, self.len)
    }
}
