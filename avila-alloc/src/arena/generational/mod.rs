//! [`GenArena<T, N>`]: a fixed-capacity generational arena, and its [`GenKey`].

use core::fmt;
use core::iter::FusedIterator;
use core::mem::ManuallyDrop;
use core::num::NonZeroU32;
use core::ops::{Index, IndexMut};
use core::ptr;

use crate::error::{CapacityError, capacity_overflow};

/// The key of a value in a [`GenArena`]: the value's slot and the slot's generation when the
/// value went in. 8 bytes, and `Option<GenKey>` is 8 bytes too.
///
/// A key stays valid until its value is removed; after that, every lookup with it returns `None`,
/// also once the slot holds a new value (that value has a new generation). Keys are `Copy`,
/// compare and hash by slot and generation, and can be stored as a `u64` with
/// [`to_bits`](Self::to_bits).
///
/// A key of one arena used with another arena is not detected: it finds whatever value the other
/// arena has under the same slot and generation (or `None`). That is never undefined behaviour.
///
/// # Examples
///
/// ```
/// use avila_alloc::{GenArena, GenKey};
///
/// assert_eq!(size_of::<GenKey>(), 8);
/// assert_eq!(size_of::<Option<GenKey>>(), 8);
///
/// let mut arena: GenArena<&str, 4> = GenArena::new();
/// let key = arena.insert("a").unwrap();
/// assert_eq!((key.index(), key.generation()), (0, 1));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GenKey {
    /// The slot.
    index: u32,
    /// The slot's generation while the value is in it: always odd (even generations mark
    /// vacant slots), so never zero.
    generation: NonZeroU32,
}

impl GenKey {
    /// The slot of the key's value, below the arena's capacity.
    #[inline]
    #[must_use]
    pub const fn index(self) -> usize {
        self.index as usize
    }

    /// The generation of the key: how many times its slot had been filled or emptied before,
    /// plus one. Always odd.
    #[inline]
    #[must_use]
    pub const fn generation(self) -> u32 {
        self.generation.get()
    }

    /// The key as one `u64` (generation in the high half, slot in the low half), to store it
    /// outside Rust or in a serialized form. [`from_bits`](Self::from_bits) reverses it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{GenArena, GenKey};
    ///
    /// let mut arena: GenArena<u8, 4> = GenArena::new();
    /// let key = arena.insert(7).unwrap();
    /// assert_eq!(GenKey::from_bits(key.to_bits()), Some(key));
    /// ```
    #[inline]
    #[must_use]
    pub const fn to_bits(self) -> u64 {
        ((self.generation.get() as u64) << 32) | self.index as u64
    }

    /// The key whose [`to_bits`](Self::to_bits) is `bits`, or `None` if no arena hands out
    /// such a key (its generation is even, which includes zero).
    ///
    /// A key built from bits is looked up like any other: if its slot does not hold a value of
    /// its generation, lookups return `None`.
    #[inline]
    #[must_use]
    pub const fn from_bits(bits: u64) -> Option<Self> {
        let generation = (bits >> 32) as u32;
        if generation % 2 == 0 {
            return None;
        }
        match NonZeroU32::new(generation) {
            Some(generation) => Some(Self {
                index: bits as u32,
                generation,
            }),
            None => None,
        }
    }
}

impl fmt::Debug for GenKey {
    /// `GenKey(3v5)`: slot 3, generation 5.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GenKey({}v{})", self.index, self.generation)
    }
}

/// A slot: a value while its generation is odd, else a link of the free list, or nothing (a
/// slot not used yet, or retired).
union Payload<T> {
    value: ManuallyDrop<T>,
    /// The next vacant slot of the free list, or [`NONE`].
    next_free: u32,
    /// No payload: the bytes are uninitialized (a slot at or past `high`, or retired).
    fresh: (),
}

/// One slot of a [`GenArena`].
struct Slot<T> {
    /// Odd: the slot holds a value of this generation. Even: vacant, and on the free list
    /// unless [retired](GenArena::release) or not used yet (both have generation 0, as has a
    /// fresh slot that [`GenArena::claim`] put at the head of the free list).
    generation: u32,
    payload: Payload<T>,
}

impl<T> Slot<T> {
    /// A slot not used yet: generation 0, no payload.
    const FRESH: Self = Self {
        generation: 0,
        payload: Payload { fresh: () },
    };
}

impl<T> Slot<T> {
    #[inline(always)]
    fn is_occupied(&self) -> bool {
        self.generation % 2 == 1
    }

    /// The value.
    ///
    /// # Safety
    ///
    /// - The slot is occupied.
    #[inline(always)]
    unsafe fn value(&self) -> &T {
        debug_assert!(self.is_occupied());
        // SAFETY: an occupied slot holds a value (caller).
        unsafe { &self.payload.value }
    }

    /// The value.
    ///
    /// # Safety
    ///
    /// - The slot is occupied.
    #[inline(always)]
    unsafe fn value_mut(&mut self) -> &mut T {
        debug_assert!(self.is_occupied());
        // SAFETY: an occupied slot holds a value (caller).
        unsafe { &mut self.payload.value }
    }
}

/// The end of the free list.
const NONE: u32 = u32::MAX;

/// A generational arena of at most `N` values in inline storage: [`insert`](Self::insert) gives a
/// [`GenKey`], and the key finds the value until it is removed. A removed value's key never finds
/// another value, even when the slot is reused: each slot counts its generations, and a key
/// carries the generation it was made with.
///
/// - `insert`, `get`, `get_mut`, `remove` and `contains` are O(1) (a freed slot goes on a free
///   list and is reused first); iteration visits the slots used so far.
/// - [`new`](Self::new) is `const`; at run time it writes the generation (0) of each of the
///   `N` slots, so that a lookup checks a key's slot against the constant `N` rather than
///   against a count read from memory.
/// - Full: [`insert`](Self::insert) gives the value back in a [`CapacityError`].
/// - A slot's generation is a `u32`. A slot that has held 2³¹ values, one after the other, is
///   **retired** rather than counted round to a generation an old key might still carry: that
///   slot is not used again, and the arena holds one value fewer. (At one reuse per nanosecond,
///   that takes two seconds of reusing the same slot and nothing else.)
/// - Values are dropped when removed, at [`clear`](Self::clear), and with the arena.
///
/// # Examples
///
/// ```
/// use avila_alloc::GenArena;
///
/// let mut players: GenArena<&str, 8> = GenArena::new();
/// let alice = players.insert("Alice").unwrap();
/// let bob = players.insert("Bob").unwrap();
/// assert_eq!(players[alice], "Alice");
///
/// assert_eq!(players.remove(alice), Some("Alice"));
/// let carol = players.insert("Carol").unwrap(); // reuses Alice's slot...
/// assert_eq!(carol.index(), alice.index());
/// assert_eq!(players.get(alice), None); // ...but Alice's key stays stale
/// assert_eq!(players.get(carol), Some(&"Carol"));
///
/// let names: Vec<_> = players.iter().map(|(_, name)| *name).collect();
/// assert_eq!(names, ["Carol", "Bob"]);
/// # let _ = bob;
/// ```
pub struct GenArena<T, const N: usize> {
    /// Every slot has a generation; slots `high..N` have generation 0 and no payload.
    slots: [Slot<T>; N],
    /// The number of occupied slots.
    len: u32,
    /// The number of slots used so far; `high <= N`.
    high: u32,
    /// The first slot of the free list (vacant, below `high`), or [`NONE`].
    free: u32,
}

impl<T, const N: usize> GenArena<T, N> {
    /// An empty arena for `N` values. O(N) at run time: each slot's generation is set to 0
    /// (in a `static`, that is done at compile time).
    ///
    /// `N` must be below `u32::MAX` (checked at compile time).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// static EMPTY: GenArena<u64, 1024> = GenArena::new();
    /// assert!(EMPTY.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        const {
            assert!(
                N < u32::MAX as usize,
                "the capacity N of a GenArena must be below u32::MAX"
            );
        };
        Self {
            slots: [const { Slot::FRESH }; N],
            len: 0,
            high: 0,
            free: NONE,
        }
    }

    /// The number of values.
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether the arena holds no value.
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `N`, the number of slots (one value each, less any [retired](Self#retired) slot).
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// Whether [`insert`](Self::insert) would fail: no slot is free.
    #[inline]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.free == NONE && self.high as usize == N
    }

    /// Slot `i`.
    ///
    /// # Safety
    ///
    /// - `i < N`.
    #[inline(always)]
    unsafe fn slot(&self, i: usize) -> &Slot<T> {
        debug_assert!(i < N);
        // SAFETY: `i < N` (caller). `get_unchecked` is an in-bounds `add`: LLVM knows the
        // pointer is not null (measured with a `wrapping_add`: `get` tested the slot pointer
        // for null, 3 instructions per lookup).
        unsafe { self.slots.get_unchecked(i) }
    }

    /// Slot `i`.
    ///
    /// # Safety
    ///
    /// - `i < N`.
    #[inline(always)]
    unsafe fn slot_mut(&mut self, i: usize) -> &mut Slot<T> {
        debug_assert!(i < N);
        // SAFETY: `i < N` (caller).
        unsafe { self.slots.get_unchecked_mut(i) }
    }

    /// The slots used so far, `0..high`.
    #[inline(always)]
    fn used(&self) -> &[Slot<T>] {
        debug_assert!(self.high as usize <= N);
        // SAFETY: `high <= N`.
        unsafe { self.slots.get_unchecked(..self.high as usize) }
    }

    /// The slots used so far, `0..high`.
    #[inline(always)]
    fn used_mut(&mut self) -> &mut [Slot<T>] {
        let high = self.high as usize;
        debug_assert!(high <= N);
        // SAFETY: `high <= N`.
        unsafe { self.slots.get_unchecked_mut(..high) }
    }

    /// The slot index of `key` if it holds `key`'s value.
    ///
    /// The bound is the constant `N`, not `high`: slots past `high` have generation 0, which no
    /// key has. Measured on the `gen_arena/get_*` rows: with `high`, which LLVM reloaded from
    /// memory for every lookup, a lookup took 1.07-1.09 of slotmap's time with the same
    /// instructions; against `N`, 1.00.
    #[inline(always)]
    fn find(&self, key: GenKey) -> Option<usize> {
        let i = key.index();
        let slot = self.slots.get(i)?;
        (slot.generation == key.generation()).then_some(i)
    }

    /// Puts `value` into a free slot, or gives it back if there is none.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<String, 1> = GenArena::new();
    /// let key = arena.insert("one".to_string()).unwrap();
    /// let err = arena.insert("two".to_string()).unwrap_err();
    /// assert_eq!(err.element(), "two");
    /// assert_eq!(arena[key], "one");
    /// ```
    #[inline]
    pub fn insert(&mut self, value: T) -> Result<GenKey, CapacityError<T>> {
        match self.claim() {
            // SAFETY: `claim` returned a vacant slot below `high`.
            Some(i) => Ok(unsafe { self.fill(i, value) }),
            None => Err(CapacityError::new(value, N)),
        }
    }

    /// Puts the value `make(key)` into a free slot, where `key` is the value's own key (for
    /// values that refer to themselves), or gives `make` back if there is no free slot.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{GenArena, GenKey};
    ///
    /// struct Node {
    ///     me: GenKey,
    /// }
    /// let mut nodes: GenArena<Node, 4> = GenArena::new();
    /// let key = nodes.insert_with_key(|me| Node { me }).ok().unwrap();
    /// assert_eq!(nodes[key].me, key);
    /// ```
    #[inline]
    pub fn insert_with_key<F: FnOnce(GenKey) -> T>(
        &mut self,
        make: F,
    ) -> Result<GenKey, CapacityError<F>> {
        let Some(i) = self.claim() else {
            return Err(CapacityError::new(make, N));
        };
        // SAFETY: `claim` returned a slot below `high`.
        let generation = unsafe { self.slot(i) }.generation;
        // A vacant slot's generation is even and below `u32::MAX` (odd): the next is odd.
        let key = make_key(i, generation + 1);
        // If `make` panics, the slot stays vacant at the head of the free list (`claim` only
        // takes it off when it is filled) or past `high`: nothing changed.
        let value = make(key);
        // SAFETY: `claim` returned a vacant slot below `high`, and nothing changed since:
        // `make` cannot reach the arena (it is borrowed mutably here).
        Ok(unsafe { self.fill(i, value) })
    }

    /// An arena of the values of `iter`, in order (keys `0v1`, `1v1`, ...), or the first value
    /// that does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let arena = GenArena::<u8, 4>::try_from_iter([1, 2, 3]).unwrap();
    /// assert_eq!(arena.len(), 3);
    /// assert_eq!(GenArena::<u8, 2>::try_from_iter([1, 2, 3]).unwrap_err().element(), 3);
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = T>>(iter: I) -> Result<Self, CapacityError<T>> {
        let mut arena = Self::new();
        for value in iter {
            arena.insert(value)?;
        }
        Ok(arena)
    }

    /// A vacant slot for the next value: the head of the free list, or slot `high` (then
    /// initialized as vacant, and `high` raised). `None` if every slot is taken. The slot is
    /// not taken off the free list: [`fill`](Self::fill) does that.
    #[inline(always)]
    fn claim(&mut self) -> Option<usize> {
        if self.free != NONE {
            return Some(self.free as usize);
        }
        let i = self.high as usize;
        if i == N {
            return None;
        }
        // SAFETY: `i < N`.
        let slot = unsafe { self.slot_mut(i) };
        // Slot `high` has not been used: generation 0, no payload.
        debug_assert_eq!(slot.generation, 0);
        slot.payload = Payload { next_free: NONE };
        // Now slot `i` is a vacant slot at the head of the (empty before) free list.
        self.free = i as u32;
        self.high += 1;
        Some(i)
    }

    /// Moves `value` into the vacant slot `i` at the head of the free list, and returns its key.
    ///
    /// # Safety
    ///
    /// - `i` is the slot [`claim`](Self::claim) returned, with nothing changed since.
    #[inline(always)]
    unsafe fn fill(&mut self, i: usize, value: T) -> GenKey {
        debug_assert_eq!(self.free as usize, i);
        // SAFETY: `i < high` (caller).
        let slot = unsafe { self.slot_mut(i) };
        debug_assert!(!slot.is_occupied());
        // SAFETY: the slot is vacant, so its payload is a free-list link.
        let next = unsafe { slot.payload.next_free };
        // Even and below `u32::MAX`, so the sum is odd and does not overflow.
        slot.generation += 1;
        slot.payload = Payload {
            value: ManuallyDrop::new(value),
        };
        let generation = slot.generation;
        self.free = next;
        self.len += 1;
        make_key(i, generation)
    }

    /// Makes the occupied slot `i`, whose value the caller has moved out, vacant: a new (even)
    /// generation, and onto the free list. A slot whose generation would wrap round to 0 is
    /// **retired** instead: its generation becomes 0 and it stays off the free list, so no key
    /// ever made for it can match a later value.
    ///
    /// # Safety
    ///
    /// - `i < high`, the slot is occupied, and its value has been moved out (or is about to be,
    ///   before anything reads it).
    #[inline(always)]
    unsafe fn release(&mut self, i: usize) {
        let free = self.free;
        self.len -= 1;
        // SAFETY: `i < high` (caller).
        let slot = unsafe { self.slot_mut(i) };
        slot.generation = slot.generation.wrapping_add(1);
        if slot.generation != 0 {
            slot.payload.next_free = free;
            self.free = i as u32;
        }
    }

    /// Moves the value out of the occupied slot `i` and makes the slot vacant.
    ///
    /// # Safety
    ///
    /// - `i < high` and the slot is occupied.
    #[inline(always)]
    unsafe fn take(&mut self, i: usize) -> T {
        // SAFETY: the slot is occupied (caller); `release` then marks it vacant, so the value is
        // read once.
        unsafe {
            let value = ptr::read(self.slot(i).value());
            self.release(i);
            value
        }
    }

    /// Whether `key`'s value is in the arena.
    #[inline]
    #[must_use]
    pub fn contains(&self, key: GenKey) -> bool {
        self.find(key).is_some()
    }

    /// The value of `key`, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 4> = GenArena::new();
    /// let key = arena.insert(5).unwrap();
    /// assert_eq!(arena.get(key), Some(&5));
    /// arena.remove(key);
    /// assert_eq!(arena.get(key), None);
    /// ```
    #[inline]
    #[must_use]
    pub fn get(&self, key: GenKey) -> Option<&T> {
        let i = self.find(key)?;
        // SAFETY: `find` checked `i < N` and an odd generation: the slot is occupied.
        Some(unsafe { self.slot(i).value() })
    }

    /// The value of `key`, mutably, or `None` if it was removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 4> = GenArena::new();
    /// let key = arena.insert(5).unwrap();
    /// *arena.get_mut(key).unwrap() += 1;
    /// assert_eq!(arena[key], 6);
    /// ```
    #[inline]
    #[must_use]
    pub fn get_mut(&mut self, key: GenKey) -> Option<&mut T> {
        let i = self.find(key)?;
        // SAFETY: as in `get`.
        Some(unsafe { self.slot_mut(i).value_mut() })
    }

    /// The values of `a` and `b`, both mutably: `None` if either was removed, or if they are
    /// the same slot.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 4> = GenArena::new();
    /// let (a, b) = (arena.insert(1).unwrap(), arena.insert(2).unwrap());
    /// let (x, y) = arena.get2_mut(a, b).unwrap();
    /// core::mem::swap(x, y);
    /// assert_eq!((arena[a], arena[b]), (2, 1));
    /// assert!(arena.get2_mut(a, a).is_none());
    /// ```
    #[inline]
    #[must_use]
    pub fn get2_mut(&mut self, a: GenKey, b: GenKey) -> Option<(&mut T, &mut T)> {
        let [x, y] = self.get_disjoint_mut([a, b])?;
        Some((x, y))
    }

    /// The values of all `keys`, mutably: `None` if any was removed, or if two keys name the
    /// same slot. O(M²) comparisons of the keys.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 4> = GenArena::new();
    /// let keys = [arena.insert(1).unwrap(), arena.insert(2).unwrap(), arena.insert(3).unwrap()];
    /// for v in arena.get_disjoint_mut(keys).unwrap() {
    ///     *v *= 10;
    /// }
    /// assert_eq!(arena.iter().map(|(_, v)| *v).sum::<u32>(), 60);
    /// ```
    #[must_use]
    pub fn get_disjoint_mut<const M: usize>(&mut self, keys: [GenKey; M]) -> Option<[&mut T; M]> {
        for (n, key) in keys.iter().enumerate() {
            self.find(*key)?;
            if keys[..n].iter().any(|k| k.index == key.index) {
                return None;
            }
        }
        let slots = self.slots.as_mut_ptr();
        Some(keys.map(|key| {
            // SAFETY: every key names an occupied slot below `N`, and no two the same slot,
            // so the references are disjoint; the pointer comes from `&mut self`.
            unsafe { (*slots.add(key.index())).value_mut() }
        }))
    }

    /// Removes and returns the value of `key`, or `None` if it was already removed. The slot
    /// is reused by a later insert, under a new generation.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<char, 2> = GenArena::new();
    /// let key = arena.insert('x').unwrap();
    /// assert_eq!(arena.remove(key), Some('x'));
    /// assert_eq!(arena.remove(key), None);
    /// assert!(arena.is_empty());
    /// ```
    #[inline]
    pub fn remove(&mut self, key: GenKey) -> Option<T> {
        let i = self.find(key)?;
        // SAFETY: `find` checked `i < N` and that the slot is occupied.
        Some(unsafe { self.take(i) })
    }

    /// Keeps the values for which `keep(key, &mut value)` is `true` and removes (drops) the
    /// others, in slot order.
    ///
    /// If `keep` or a value's `Drop` panics, the arena stays valid: the values not visited yet
    /// remain, and the value being dropped is already removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 8> = GenArena::try_from_iter(0..8).unwrap();
    /// arena.retain(|_, v| *v % 2 == 0);
    /// assert_eq!(arena.len(), 4);
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(GenKey, &mut T) -> bool) {
        for i in 0..self.high as usize {
            // SAFETY: `i < high`.
            let slot = unsafe { self.slot_mut(i) };
            if !slot.is_occupied() {
                continue;
            }
            let key = make_key(i, slot.generation);
            // SAFETY: the slot is occupied.
            if !keep(key, unsafe { slot.value_mut() }) {
                // SAFETY: `i < high`, occupied; the value is dropped after the slot is vacant.
                drop(unsafe { self.take(i) });
            }
        }
    }

    /// Removes (drops) every value. The slots keep their generations, so every key handed out
    /// so far stays stale. O(slots used so far).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u8, 4> = GenArena::new();
    /// let key = arena.insert(1).unwrap();
    /// arena.clear();
    /// assert!(arena.is_empty());
    /// assert_eq!(arena.get(key), None);
    /// let again = arena.insert(1).unwrap();
    /// assert_ne!(again, key);
    /// ```
    pub fn clear(&mut self) {
        self.retain(|_, _| false);
    }

    /// Removes every value and yields it with its key, in slot order. Values the iterator does
    /// not reach are removed when it is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u8, 4> = GenArena::try_from_iter([1, 2, 3]).unwrap();
    /// let values: Vec<u8> = arena.drain().map(|(_, v)| v).collect();
    /// assert_eq!(values, [1, 2, 3]);
    /// assert!(arena.is_empty());
    /// ```
    pub fn drain(&mut self) -> Drain<'_, T, N> {
        Drain {
            arena: self,
            next: 0,
        }
    }

    /// The keys and values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<&str, 4> = GenArena::new();
    /// let a = arena.insert("a").unwrap();
    /// let b = arena.insert("b").unwrap();
    /// assert_eq!(arena.iter().collect::<Vec<_>>(), [(a, &"a"), (b, &"b")]);
    /// assert_eq!(arena.iter().rev().next(), Some((b, &"b")));
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            slots: self.used().iter().enumerate(),
            remaining: self.len(),
        }
    }

    /// The keys and values, with the values mutable, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::GenArena;
    ///
    /// let mut arena: GenArena<u32, 4> = GenArena::try_from_iter([1, 2]).unwrap();
    /// for (_, v) in arena.iter_mut() {
    ///     *v *= 3;
    /// }
    /// assert_eq!(arena.iter().map(|(_, v)| *v).collect::<Vec<_>>(), [3, 6]);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        IterMut {
            remaining: self.len(),
            slots: self.used_mut().iter_mut().enumerate(),
        }
    }

    /// Sets the generation of slot `i` (below `high`, vacant, on the free list) to `generation`
    /// (even), so tests reach the retirement of a slot without 2³¹ reuses.
    #[cfg(test)]
    pub(crate) fn set_vacant_generation(&mut self, i: usize, generation: u32) {
        assert!(i < self.high as usize && generation % 2 == 0 && generation != 0);
        // SAFETY: `i < high`.
        let slot = unsafe { self.slot_mut(i) };
        assert!(!slot.is_occupied());
        slot.generation = generation;
    }
}

/// The key of a value in slot `i` of generation `generation` (odd).
#[inline(always)]
fn make_key(i: usize, generation: u32) -> GenKey {
    debug_assert!(generation % 2 == 1);
    GenKey {
        // `i < N < u32::MAX`.
        index: i as u32,
        // SAFETY: odd, so not zero.
        generation: unsafe { NonZeroU32::new_unchecked(generation) },
    }
}

impl<T, const N: usize> Drop for GenArena<T, N> {
    fn drop(&mut self) {
        if !core::mem::needs_drop::<T>() {
            return;
        }
        for slot in self.used_mut() {
            if slot.is_occupied() {
                // Vacant first: if this value's `Drop` panics, the values after it are leaked
                // (never dropped twice: nothing drops the arena again).
                slot.generation = 0;
                // SAFETY: the slot was occupied; its value is dropped once, here.
                unsafe { ManuallyDrop::drop(&mut slot.payload.value) };
            }
        }
    }
}

impl<T, const N: usize> Default for GenArena<T, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone, const N: usize> Clone for GenArena<T, N> {
    /// A copy with the same keys: every key valid in `self` finds the clone of its value in the
    /// copy, and every stale key stays stale.
    fn clone(&self) -> Self {
        let mut copy = Self::new();
        for (i, slot) in self.used().iter().enumerate() {
            let payload = if slot.is_occupied() {
                Payload {
                    // SAFETY: the slot is occupied.
                    value: ManuallyDrop::new(unsafe { slot.value() }.clone()),
                }
            } else {
                // SAFETY: the slot is vacant, so its payload holds no value: a free-list link,
                // or no payload (a retired slot, whose bytes may be partly uninitialized: copied
                // as a whole union, not read as a link).
                unsafe { ptr::read(&raw const slot.payload) }
            };
            // SAFETY: `i < high <= N`. If a `clone` panics, the copy is dropped with `high`
            // slots filled in; its free list may name slots past `high`, but dropping does not
            // follow it.
            *unsafe { copy.slot_mut(i) } = Slot {
                generation: slot.generation,
                payload,
            };
            copy.high += 1;
        }
        copy.len = self.len;
        copy.free = self.free;
        copy
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for GenArena<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<T, const N: usize> Index<GenKey> for GenArena<T, N> {
    type Output = T;

    /// # Panics
    ///
    /// If `key`'s value was removed.
    #[inline]
    #[track_caller]
    fn index(&self, key: GenKey) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => stale_key(key),
        }
    }
}

impl<T, const N: usize> IndexMut<GenKey> for GenArena<T, N> {
    /// # Panics
    ///
    /// If `key`'s value was removed.
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, key: GenKey) -> &mut T {
        match self.get_mut(key) {
            Some(value) => value,
            None => stale_key(key),
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn stale_key(key: GenKey) -> ! {
    panic!("{key:?} is not in the GenArena (its value was removed, or it is another arena's key)")
}

impl<T, const N: usize> FromIterator<T> for GenArena<T, N> {
    /// An arena of the iterator's values, in order (keys `0v1`, `1v1`, ...).
    ///
    /// # Panics
    ///
    /// If the iterator yields more than `N` values. [`GenArena::try_from_iter`] returns an error
    /// instead.
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut arena = Self::new();
        for (n, value) in iter.into_iter().enumerate() {
            if arena.insert(value).is_err() {
                capacity_overflow("GenArena::from_iter", N, n + 1);
            }
        }
        arena
    }
}

/// The iterator of [`GenArena::iter`].
pub struct Iter<'a, T> {
    slots: core::iter::Enumerate<core::slice::Iter<'a, Slot<T>>>,
    remaining: usize,
}

/// The iterator of [`GenArena::iter_mut`].
pub struct IterMut<'a, T> {
    slots: core::iter::Enumerate<core::slice::IterMut<'a, Slot<T>>>,
    remaining: usize,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Self {
            slots: self.slots.clone(),
            remaining: self.remaining,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<T> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// The iterator methods of [`Iter`] and [`IterMut`]: `$value` turns an occupied slot into the
/// item's value.
macro_rules! slot_iterator {
    ($name:ident, $item:ty, $value:ident) => {
        impl<'a, T> Iterator for $name<'a, T> {
            type Item = (GenKey, $item);

            #[inline]
            fn next(&mut self) -> Option<Self::Item> {
                if self.remaining == 0 {
                    return None;
                }
                for (i, slot) in self.slots.by_ref() {
                    if slot.is_occupied() {
                        self.remaining -= 1;
                        let key = make_key(i, slot.generation);
                        // SAFETY: the slot is occupied.
                        return Some((key, unsafe { slot.$value() }));
                    }
                }
                None
            }

            #[inline]
            fn size_hint(&self) -> (usize, Option<usize>) {
                (self.remaining, Some(self.remaining))
            }

            /// One pass over the slots left, without the count of values left as an exit: a
            /// loop with a data-dependent exit did not vectorize (2.65x slotmap's instructions
            /// for a sum over a half-full arena).
            #[inline]
            fn fold<B, F>(self, init: B, mut f: F) -> B
            where
                F: FnMut(B, Self::Item) -> B,
            {
                let mut acc = init;
                for (i, slot) in self.slots {
                    if slot.is_occupied() {
                        let key = make_key(i, slot.generation);
                        // SAFETY: the slot is occupied.
                        acc = f(acc, (key, unsafe { slot.$value() }));
                    }
                }
                acc
            }
        }

        impl<T> DoubleEndedIterator for $name<'_, T> {
            #[inline]
            fn next_back(&mut self) -> Option<Self::Item> {
                if self.remaining == 0 {
                    return None;
                }
                while let Some((i, slot)) = self.slots.next_back() {
                    if slot.is_occupied() {
                        self.remaining -= 1;
                        let key = make_key(i, slot.generation);
                        // SAFETY: the slot is occupied.
                        return Some((key, unsafe { slot.$value() }));
                    }
                }
                None
            }
        }

        impl<T> ExactSizeIterator for $name<'_, T> {}
        impl<T> FusedIterator for $name<'_, T> {}
    };
}

slot_iterator!(Iter, &'a T, value);
slot_iterator!(IterMut, &'a mut T, value_mut);

impl<'a, T, const N: usize> IntoIterator for &'a GenArena<T, N> {
    type Item = (GenKey, &'a T);
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

impl<'a, T, const N: usize> IntoIterator for &'a mut GenArena<T, N> {
    type Item = (GenKey, &'a mut T);
    type IntoIter = IterMut<'a, T>;

    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T, const N: usize> IntoIterator for GenArena<T, N> {
    type Item = (GenKey, T);
    type IntoIter = IntoIter<T, N>;

    /// The keys and values, in slot order.
    fn into_iter(self) -> IntoIter<T, N> {
        IntoIter {
            arena: self,
            next: 0,
        }
    }
}

/// The next value at or after slot `*next`, moved out with its key; `*next` moves past it.
#[inline]
fn take_next<T, const N: usize>(
    arena: &mut GenArena<T, N>,
    next: &mut usize,
) -> Option<(GenKey, T)> {
    if arena.is_empty() {
        return None;
    }
    while *next < arena.high as usize {
        let i = *next;
        *next += 1;
        // SAFETY: `i < high`.
        let slot = unsafe { arena.slot(i) };
        if slot.is_occupied() {
            let key = make_key(i, slot.generation);
            // SAFETY: `i < high`, occupied.
            return Some((key, unsafe { arena.take(i) }));
        }
    }
    None
}

/// The iterator of [`GenArena::drain`]: removes the values as it yields them, and the rest when
/// dropped.
pub struct Drain<'a, T, const N: usize> {
    arena: &'a mut GenArena<T, N>,
    /// The next slot to look at.
    next: usize,
}

impl<T, const N: usize> Iterator for Drain<'_, T, N> {
    type Item = (GenKey, T);

    #[inline]
    fn next(&mut self) -> Option<(GenKey, T)> {
        take_next(self.arena, &mut self.next)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.arena.len(), Some(self.arena.len()))
    }
}

impl<T, const N: usize> ExactSizeIterator for Drain<'_, T, N> {}
impl<T, const N: usize> FusedIterator for Drain<'_, T, N> {}

impl<T, const N: usize> Drop for Drain<'_, T, N> {
    fn drop(&mut self) {
        // Each value is removed before it is dropped: if a `Drop` panics, the arena is valid
        // and holds the values not reached.
        while let Some(item) = take_next(self.arena, &mut self.next) {
            drop(item);
        }
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for Drain<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.arena.len())
            .finish_non_exhaustive()
    }
}

/// The owning iterator of a [`GenArena`] (`into_iter`): keys and values in slot order.
pub struct IntoIter<T, const N: usize> {
    arena: GenArena<T, N>,
    next: usize,
}

impl<T, const N: usize> Iterator for IntoIter<T, N> {
    type Item = (GenKey, T);

    #[inline]
    fn next(&mut self) -> Option<(GenKey, T)> {
        take_next(&mut self.arena, &mut self.next)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.arena.len(), Some(self.arena.len()))
    }
}

impl<T, const N: usize> ExactSizeIterator for IntoIter<T, N> {}
impl<T, const N: usize> FusedIterator for IntoIter<T, N> {}

impl<T: fmt::Debug, const N: usize> fmt::Debug for IntoIter<T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("remaining", &self.arena.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
