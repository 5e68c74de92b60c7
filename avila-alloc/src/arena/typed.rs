//! [`TypedArena<T>`]: an arena of values of one type on the global allocator, which drops them
//! all when it is dropped.
//!
//! See the type's docs for the chunk policy and what the drop check allows.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::cell::UnsafeCell;
use core::fmt;
use core::iter::{Chain, Flatten};
use core::mem;
use core::slice;

use crate::error::{AllocError, AllocErrorKind};

/// The bytes of values in the first chunk.
const FIRST_CHUNK_BYTES: usize = 1024;
/// The bytes of values in a chunk beyond which the doubling stops.
const MAX_CHUNK_BYTES: usize = 1024 * 1024;

/// An arena of values of type `T` (feature `alloc`): [`alloc`](Self::alloc) moves a value in and
/// hands back `&mut T` for as long as the arena is borrowed; every value is dropped, in allocation
/// order, when the arena is dropped (or moved out by [`into_vec`](Self::into_vec)).
///
/// - Allocation takes `&self`, so values can refer to each other, cycles included (see
///   [the drop check](#drop-check) for what it allows).
/// - Chunks double in size up to 1 MiB; a value never moves once allocated.
/// - `alloc` is O(1) (amortized: a new chunk is a call to the global allocator);
///   [`alloc_extend`](Self::alloc_extend) is O(n) in the values it allocates.
/// - Zero-sized `T` takes no memory.
///
/// # Chunks
///
/// Values live in chunks, each a `Vec<T>` that is filled up to its capacity and never
/// reallocated, so a value never moves once it is handed out. The first chunk holds 1 KiB worth
/// of values (at least one); each new chunk holds twice as many as the last, up to 1 MiB worth,
/// and then stays at that size. A request larger than the next chunk (an
/// [`alloc_extend`](Self::alloc_extend) of many values) gets a chunk of exactly its own
/// size, and the doubling goes on from the policy size, not from that chunk: one large
/// allocation does not make every later chunk large.
///
/// # Drop check
///
/// `TypedArena` has no `Drop` impl of its own: its values are dropped by the drop glue of its
/// `Vec<T>` chunks (oldest chunk first, each in order, so in allocation order). `Vec<T>`'s drop
/// check is the standard library's: values may hold `&'arena` references to each other (cycles
/// included) as long as `T` has no `Drop` that could read through them, and a `T` whose `Drop`
/// could read a neighbour already dropped is a compile error ("`arena` does not live long
/// enough"), not a use after free. See `tests/tests/ui/typed_arena_*.rs`.
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::TypedArena;
/// use core::cell::Cell;
///
/// // A cycle: each node points at the other.
/// struct Node<'a> {
///     name: &'static str,
///     next: Cell<Option<&'a Node<'a>>>,
/// }
///
/// let arena = TypedArena::new();
/// let a = arena.alloc(Node { name: "a", next: Cell::new(None) });
/// let b = arena.alloc(Node { name: "b", next: Cell::new(Some(a)) });
/// a.next.set(Some(b));
/// assert_eq!(a.next.get().unwrap().next.get().unwrap().name, "a");
/// assert_eq!(arena.len(), 2);
/// ```
pub struct TypedArena<T> {
    chunks: UnsafeCell<Chunks<T>>,
}

/// The state behind the `UnsafeCell`. No `Drop` impl: its fields' drop glue drops the values,
/// `full` (oldest chunk first) before `current`.
struct Chunks<T> {
    /// Full chunks, oldest first.
    full: Vec<Vec<T>>,
    /// The chunk being filled: values at `[0, len)`, room at `[len, capacity)`.
    current: Vec<T>,
    /// `alloc`'s fast path writes while `current.len() < limit`: `current.capacity()`, or 0
    /// while `alloc_extend` runs, which sends every allocation to the slow path's check.
    limit: usize,
    /// An `alloc_extend` is running (its iterator may call back into the arena).
    extending: bool,
    /// Values in `full`.
    full_len: usize,
    /// Capacity of the chunks in `full`.
    full_capacity: usize,
    /// The capacity of the next chunk, by the doubling policy.
    next_capacity: usize,
}

impl<T> Chunks<T> {
    /// Whether `alloc` must take its slow path: the current chunk is full, or an
    /// `alloc_extend` is running (`limit` is 0 then).
    #[inline(always)]
    fn is_full(&self) -> bool {
        self.current.len() >= self.limit
    }
}

/// The capacity of the first chunk for `T`, and the largest one the doubling reaches.
const fn chunk_bounds<T>() -> (usize, usize) {
    let size = mem::size_of::<T>();
    if size == 0 {
        return (usize::MAX, usize::MAX);
    }
    let first = FIRST_CHUNK_BYTES / size;
    let max = MAX_CHUNK_BYTES / size;
    (
        if first == 0 { 1 } else { first },
        if max == 0 { 1 } else { max },
    )
}

impl<T> TypedArena<T> {
    /// An empty arena; the first allocation makes the first chunk (1 KiB of values).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena: TypedArena<u64> = TypedArena::new();
    /// assert!(arena.is_empty());
    /// assert_eq!(arena.capacity(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            chunks: UnsafeCell::new(Chunks {
                full: Vec::new(),
                current: Vec::new(),
                limit: 0,
                extending: false,
                full_len: 0,
                full_capacity: 0,
                next_capacity: chunk_bounds::<T>().0,
            }),
        }
    }

    /// An arena whose first chunk holds `capacity` values; later chunks follow the doubling
    /// policy from there (twice `capacity`, at most 1 MiB of values).
    ///
    /// # Panics
    ///
    /// If `capacity` values of `T` exceed `isize::MAX` bytes; aborts if the allocation fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(10);
    /// assert_eq!(arena.capacity(), 10);
    /// for i in 0..10 {
    ///     arena.alloc(i);
    /// }
    /// assert_eq!(arena.capacity(), 10); // no second chunk yet
    /// ```
    #[must_use]
    pub fn with_capacity(capacity: usize) -> Self {
        let arena = Self::new();
        if capacity > 0 {
            // SAFETY: `arena` is not shared yet.
            let chunks = unsafe { &mut *arena.chunks.get() };
            chunks.current = Vec::with_capacity(capacity);
            chunks.limit = chunks.current.capacity();
            let max = chunk_bounds::<T>().1;
            chunks.next_capacity = next_after(capacity.min(max), max);
        }
        arena
    }

    /// Moves `value` into the arena and returns it, borrowed for as long as the arena is.
    ///
    /// # Panics
    ///
    /// If called from the iterator of an [`alloc_extend`](Self::alloc_extend) on the same arena;
    /// aborts if a new chunk cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let a = arena.alloc(String::from("a"));
    /// let b = arena.alloc(String::from("b"));
    /// a.push('!');
    /// assert_eq!((a.as_str(), b.as_str()), ("a!", "b"));
    /// ```
    #[inline(always)]
    #[allow(
        clippy::mut_from_ref,
        reason = "each `&mut` is a fresh slot of a chunk, handed out once"
    )]
    pub fn alloc(&self, value: T) -> &mut T {
        // SAFETY: no reference into `chunks` lives across calls (the arena is `!Sync`, and no
        // user code runs while this one is alive).
        if unsafe { &*self.chunks.get() }.is_full() {
            // Out of line and without `value`, so that `value` is built right in its slot.
            self.make_room();
        }
        // SAFETY: as above.
        let chunks = unsafe { &mut *self.chunks.get() };
        let len = chunks.current.len();
        debug_assert!(len < chunks.limit);
        // SAFETY: `len < limit <= capacity` (the chunk was not full, or `make_room` made a new
        // one): slot `len` is in the chunk and free; it is written, then counted, then handed
        // out once. The chunk never reallocates, so the reference stays valid for the arena's
        // borrow.
        unsafe {
            let slot = chunks.current.as_mut_ptr().add(len);
            slot.write(value);
            chunks.current.set_len(len + 1);
            &mut *slot
        }
    }

    /// `alloc` when the current chunk is full (or an `alloc_extend` is running): a new chunk,
    /// after which the current one has room.
    #[cold]
    #[inline(never)]
    fn make_room(&self) {
        self.refuse_if_extending();
        self.grow::<false>(0, 1)
            .unwrap_or_else(|_| unreachable!("the infallible grow returns Ok"));
    }

    /// Moves every value of `iter` into the arena, side by side, and returns them as a slice.
    ///
    /// Values go into the current chunk while they fit; when it fills up, the values of this
    /// call so far move to a new chunk (they are not handed out yet) and the rest follow them.
    /// An iterator whose `size_hint` gives its length gets room for all of it up front.
    ///
    /// If the iterator panics, the values it produced stay in the arena (unreachable, dropped with
    /// it): nothing leaks, nothing is dropped twice.
    ///
    /// # Panics
    ///
    /// If the iterator allocates in this arena (through [`alloc`](Self::alloc) or
    /// `alloc_extend`); aborts if a new chunk cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let first = arena.alloc(0);
    /// let squares = arena.alloc_extend((1..5).map(|i| i * i));
    /// assert_eq!(squares, [1, 4, 9, 16]);
    /// *first = 7;
    /// assert_eq!(arena.into_vec(), [7, 1, 4, 9, 16]);
    /// ```
    #[allow(
        clippy::mut_from_ref,
        reason = "the slice is fresh slots of a chunk, handed out once"
    )]
    #[inline]
    pub fn alloc_extend<I: IntoIterator<Item = T>>(&self, iter: I) -> &mut [T] {
        self.extend::<false, I>(iter)
            .unwrap_or_else(|_| unreachable!("the infallible grow returns Ok"))
    }

    /// [`alloc_extend`](Self::alloc_extend), with an error instead of an abort when a new chunk
    /// cannot be allocated.
    ///
    /// # Errors
    ///
    /// [`AllocError`] of kind [`OutOfMemory`](AllocErrorKind::OutOfMemory) (or
    /// [`InvalidLayout`](AllocErrorKind::InvalidLayout) for more than `isize::MAX` bytes) if a
    /// chunk could not be allocated. The values the iterator produced before that stay in the
    /// arena, unreachable, and are dropped with it; the value in hand is dropped.
    ///
    /// # Panics
    ///
    /// If the iterator allocates in this arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let words = arena.try_alloc_extend(["a", "b"].map(String::from)).unwrap();
    /// assert_eq!(words, ["a", "b"]);
    /// ```
    #[allow(
        clippy::mut_from_ref,
        reason = "the slice is fresh slots of a chunk, handed out once"
    )]
    #[inline]
    pub fn try_alloc_extend<I: IntoIterator<Item = T>>(
        &self,
        iter: I,
    ) -> Result<&mut [T], AllocError> {
        self.extend::<true, I>(iter)
    }

    /// Makes sure the next `additional` allocations need no new chunk.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the chunk could not be allocated (see
    /// [`try_alloc_extend`](Self::try_alloc_extend)).
    ///
    /// # Panics
    ///
    /// If called from the iterator of an `alloc_extend` on the same arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::<u32>::new();
    /// arena.try_reserve(5000).unwrap();
    /// assert!(arena.remaining() >= 5000);
    /// ```
    pub fn try_reserve(&self, additional: usize) -> Result<(), AllocError> {
        self.refuse_if_extending();
        if self.remaining() < additional {
            self.grow::<true>(0, additional)?;
        }
        Ok(())
    }

    /// The core of `alloc_extend` and `try_alloc_extend`. Inline, so that an iterator of a known
    /// exact length becomes a loop of that many writes in the caller (unrolled or vectorized
    /// there); everything else continues out of line in [`extend_rest`](Self::extend_rest).
    #[inline]
    fn extend<const TRY: bool, I: IntoIterator<Item = T>>(
        &self,
        iter: I,
    ) -> Result<&mut [T], AllocError> {
        let mut iter = iter.into_iter();
        let guard = Extending::enter(self);
        let (hint, upper) = iter.size_hint();
        if self.remaining() < hint {
            self.grow::<TRY>(0, hint)?;
        }
        let start = self.len_in_current();
        if upper != Some(hint) {
            return self.extend_rest::<TRY, I::IntoIter>(iter, guard, start, None);
        }
        // The iterator promises exactly `hint` values, and the chunk has room for them. A loop
        // of `hint` steps, not one that tests the room at every value; a shorter iterator ends
        // it early, a longer one continues in `extend_rest`.
        let mut fill = Fill::new(self);
        // SAFETY: `hint <= capacity - len`: the room was made above.
        let ended = unsafe { fill.take(&mut iter, hint) };
        drop(fill);
        // An iterator that returned `None` is not asked again (it need not be fused).
        let more = if ended { None } else { iter.next() };
        match more {
            None => Ok(self.extended(guard, start)),
            Some(value) => self.extend_rest::<TRY, I::IntoIter>(iter, guard, start, Some(value)),
        }
    }

    /// The rest of an `extend` whose values so far start at `start` in the current chunk:
    /// `pending` (a value taken from the iterator and not stored yet), then the iterator's
    /// values, making new chunks as needed.
    #[inline(never)]
    fn extend_rest<const TRY: bool, I: Iterator<Item = T>>(
        &self,
        mut iter: I,
        guard: Extending<'_, T>,
        mut start: usize,
        mut pending: Option<T>,
    ) -> Result<&mut [T], AllocError> {
        loop {
            if let Some(value) = pending.take() {
                if self.remaining() == 0 {
                    // The chunk is full: one more value moves this call's values to a new
                    // chunk.
                    let count = self.len_in_current() - start;
                    if let Err(err) = self.grow::<TRY>(count, count + 1 + iter.size_hint().0) {
                        drop(guard);
                        drop(value);
                        return Err(err);
                    }
                    start = 0;
                }
                // SAFETY: no user code runs while this reference lives.
                let chunks = unsafe { &mut *self.chunks.get() };
                let len = chunks.current.len();
                // SAFETY: the chunk has room for one more value (checked, or made above).
                unsafe {
                    chunks.current.as_mut_ptr().add(len).write(value);
                    chunks.current.set_len(len + 1);
                }
            }
            // Fill the current chunk's room, the length kept in a register.
            let mut fill = Fill::new(self);
            let room = fill.capacity - fill.len;
            // SAFETY: `room` is the room.
            let exhausted = unsafe { fill.take(&mut iter, room) };
            drop(fill);
            if exhausted {
                break;
            }
            pending = iter.next();
            if pending.is_none() {
                break;
            }
        }
        Ok(self.extended(guard, start))
    }

    /// Ends an `extend` (`guard` dropped: allocations are accepted again) and hands out its
    /// values, `[start, len)` of the current chunk.
    #[inline]
    #[allow(
        clippy::mut_from_ref,
        reason = "the slice is fresh slots of a chunk, handed out once"
    )]
    fn extended(&self, guard: Extending<'_, T>, start: usize) -> &mut [T] {
        drop(guard);
        let count = self.len_in_current() - start;
        // SAFETY: no user code runs while this reference lives.
        let chunks = unsafe { &mut *self.chunks.get() };
        // SAFETY: the last `count` values of the current chunk, `[start, start + count)`, were
        // written by this call and are handed out once; the chunk never reallocates.
        unsafe { slice::from_raw_parts_mut(chunks.current.as_mut_ptr().add(start), count) }
    }

    /// Makes a new current chunk with room for at least `wanted` values, moving the last `keep`
    /// values of the current chunk (an `alloc_extend`'s values so far, not handed out yet) to its
    /// start. With `TRY`, an allocation failure is an error; otherwise it aborts.
    #[cold]
    #[inline(never)]
    fn grow<const TRY: bool>(&self, keep: usize, wanted: usize) -> Result<(), AllocError> {
        // SAFETY: no user code runs while this reference lives.
        let chunks = unsafe { &mut *self.chunks.get() };
        let (_, max) = chunk_bounds::<T>();
        let capacity = chunks.next_capacity.max(wanted);
        let mut chunk = Vec::new();
        if TRY {
            chunk.try_reserve_exact(capacity).map_err(|_| {
                Layout::array::<T>(capacity).map_or_else(
                    |_| AllocError::invalid_layout(),
                    |layout| AllocError::new(AllocErrorKind::OutOfMemory, layout),
                )
            })?;
        } else {
            chunk.reserve_exact(capacity);
        }
        if wanted <= chunks.next_capacity {
            // A chunk of the policy's size: the next one doubles. A larger request's chunk is
            // its own size and leaves the policy where it was.
            chunks.next_capacity = next_after(chunks.next_capacity, max);
        }
        let old_len = chunks.current.len() - keep;
        // SAFETY: the last `keep` values of the current chunk move to the new chunk, which has
        // room for them (`capacity >= wanted > keep`); the old chunk stops counting them first,
        // so each is owned by exactly one chunk.
        unsafe {
            let from = chunks.current.as_ptr().add(old_len);
            chunks.current.set_len(old_len);
            from.copy_to_nonoverlapping(chunk.as_mut_ptr(), keep);
            chunk.set_len(keep);
        }
        let old = mem::replace(&mut chunks.current, chunk);
        if !old.is_empty() {
            chunks.full_len += old.len();
            chunks.full_capacity += old.capacity();
            chunks.full.push(old);
        }
        chunks.limit = if chunks.extending {
            0
        } else {
            chunks.current.capacity()
        };
        Ok(())
    }

    /// The number of values in the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc_extend(0..3000_u32);
    /// assert_eq!(arena.len(), 3000);
    /// ```
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        // SAFETY: a shared read; no `&mut` into `chunks` is alive outside the arena's methods.
        let chunks = unsafe { &*self.chunks.get() };
        chunks.full_len + chunks.current.len()
    }

    /// Whether the arena holds no values.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// assert!(arena.is_empty());
    /// arena.alloc(());
    /// assert!(!arena.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of values the chunks allocated so far can hold (used or not); `usize::MAX`
    /// for a zero-sized `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::<[u8; 16]>::new();
    /// arena.alloc([0; 16]);
    /// assert_eq!(arena.capacity(), 64); // the first chunk: 1 KiB of values
    /// ```
    #[inline]
    #[must_use]
    pub fn capacity(&self) -> usize {
        // SAFETY: as in `len`.
        let chunks = unsafe { &*self.chunks.get() };
        chunks
            .full_capacity
            .saturating_add(chunks.current.capacity())
    }

    /// The number of values that fit in the current chunk before a new one is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(4);
    /// arena.alloc('a');
    /// assert_eq!(arena.remaining(), 3);
    /// ```
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        // SAFETY: as in `len`.
        let chunks = unsafe { &*self.chunks.get() };
        chunks.current.capacity() - chunks.current.len()
    }

    /// Iterates over the values, in allocation order, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// arena.alloc_extend(1..=3);
    /// arena.iter_mut().for_each(|v| *v *= 10);
    /// assert_eq!(arena.into_vec(), [10, 20, 30]);
    /// ```
    #[must_use]
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let chunks = self.chunks.get_mut();
        IterMut {
            inner: chunks
                .full
                .iter_mut()
                .flatten()
                .chain(chunks.current.iter_mut()),
        }
    }

    /// All the values, in allocation order, in one `Vec`; the arena's chunks are freed (the
    /// current chunk becomes the `Vec` if it is the only one).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc("x");
    /// arena.alloc_extend(["y", "z"]);
    /// assert_eq!(arena.into_vec(), ["x", "y", "z"]);
    /// ```
    #[must_use]
    pub fn into_vec(self) -> Vec<T> {
        let chunks = self.chunks.into_inner();
        let mut current = chunks.current;
        if chunks.full.is_empty() {
            return current;
        }
        let mut all = Vec::with_capacity(chunks.full_len + current.len());
        for mut chunk in chunks.full {
            all.append(&mut chunk);
        }
        all.append(&mut current);
        all
    }
}

/// The next chunk capacity after `capacity`: double, up to `max` (and never down).
pub(super) const fn next_after(capacity: usize, max: usize) -> usize {
    let doubled = capacity.saturating_mul(2);
    if doubled < max {
        doubled
    } else if capacity > max {
        capacity
    } else {
        max
    }
}

impl<T> TypedArena<T> {
    /// The number of values in the current chunk.
    #[inline]
    fn len_in_current(&self) -> usize {
        // SAFETY: as in `len`.
        unsafe { &*self.chunks.get() }.current.len()
    }

    /// Panics if an `alloc_extend` is running: its iterator called back into the arena.
    #[inline]
    #[track_caller]
    fn refuse_if_extending(&self) {
        // SAFETY: as in `len`.
        if unsafe { &*self.chunks.get() }.extending {
            reentrant_alloc();
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn reentrant_alloc() -> ! {
    panic!("TypedArena: allocation from inside an alloc_extend iterator on the same arena")
}

/// Marks an `alloc_extend` as running for as long as it lives (also on unwind): every
/// allocation goes to the slow path, which refuses it, so the iterator cannot put values in the
/// middle of the ones being collected.
struct Extending<'a, T> {
    arena: &'a TypedArena<T>,
}

impl<'a, T> Extending<'a, T> {
    fn enter(arena: &'a TypedArena<T>) -> Self {
        // SAFETY: no user code runs while this reference lives.
        let chunks = unsafe { &mut *arena.chunks.get() };
        if chunks.extending {
            reentrant_alloc();
        }
        chunks.extending = true;
        chunks.limit = 0;
        Self { arena }
    }
}

impl<T> Drop for Extending<'_, T> {
    fn drop(&mut self) {
        // SAFETY: as in `enter`.
        let chunks = unsafe { &mut *self.arena.chunks.get() };
        chunks.extending = false;
        chunks.limit = chunks.current.capacity();
    }
}

/// The current chunk being filled by `alloc_extend`, its length kept here and written back to
/// the chunk when this is dropped (also when the iterator panics, so that no value written is
/// leaked). Only raw pointers: the iterator may read the arena (`len`) meanwhile; it cannot
/// change it (allocations are refused while an `alloc_extend` runs).
struct Fill<T> {
    chunks: *mut Chunks<T>,
    base: *mut T,
    len: usize,
    capacity: usize,
}

impl<T> Fill<T> {
    #[inline(always)]
    fn new(arena: &TypedArena<T>) -> Self {
        let chunks = arena.chunks.get();
        // SAFETY: no user code runs while this reference lives.
        let current = unsafe { &mut (*chunks).current };
        Self {
            chunks,
            base: current.as_mut_ptr(),
            len: current.len(),
            capacity: current.capacity(),
        }
    }
}

impl<T> Fill<T> {
    /// Writes up to `n` values from `iter` into the next slots; returns whether the iterator
    /// ended (returned `None`) before `n`. A loop of `n` steps with no room test: with `n`
    /// known in the caller, LLVM unrolls or vectorizes it.
    ///
    /// # Safety
    ///
    /// `n <= capacity - len` (checked in debug builds).
    #[inline(always)]
    unsafe fn take(&mut self, iter: &mut impl Iterator<Item = T>, n: usize) -> bool {
        debug_assert!(n <= self.capacity - self.len);
        for _ in 0..n {
            let Some(value) = iter.next() else {
                return true;
            };
            // SAFETY: at most `n <= capacity - len` values are written (caller), so
            // `len < capacity`: slot `len` is in the chunk and free.
            unsafe { self.base.add(self.len).write(value) };
            self.len += 1;
        }
        false
    }
}

impl<T> Drop for Fill<T> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: 1. no user code runs while this reference lives; 2. values `[0, len)` of the
        // chunk are written (the ones before `Fill::new`, then the ones it wrote), and
        // `len <= capacity`.
        unsafe { (*self.chunks).current.set_len(self.len) };
    }
}

impl<T> Default for TypedArena<T> {
    /// [`TypedArena::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// let arena: avila_alloc::arena::TypedArena<u8> = Default::default();
    /// assert!(arena.is_empty());
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for TypedArena<T> {
    /// The counts, not the values (they may be borrowed mutably).
    ///
    /// # Examples
    ///
    /// ```
    /// let arena = avila_alloc::arena::TypedArena::with_capacity(2);
    /// arena.alloc(1);
    /// assert_eq!(format!("{arena:?}"), "TypedArena { len: 1, capacity: 2, .. }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedArena")
            .field("len", &self.len())
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}

/// The values of a [`TypedArena`] in allocation order, mutably; from
/// [`TypedArena::iter_mut`].
///
/// # Examples
///
/// ```
/// let mut arena = avila_alloc::arena::TypedArena::new();
/// arena.alloc(1);
/// let mut it = arena.iter_mut();
/// assert_eq!(it.next(), Some(&mut 1));
/// assert_eq!(it.next(), None);
/// ```
pub struct IterMut<'a, T> {
    inner: Chain<Flatten<slice::IterMut<'a, Vec<T>>>, slice::IterMut<'a, T>>,
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    #[inline]
    fn next(&mut self) -> Option<&'a mut T> {
        self.inner.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<T> fmt::Debug for IterMut<'_, T> {
    /// Names the iterator, not the values.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut arena = avila_alloc::arena::TypedArena::<u8>::new();
    /// assert_eq!(format!("{:?}", arena.iter_mut()), "IterMut { .. }");
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut").finish_non_exhaustive()
    }
}
