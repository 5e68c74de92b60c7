//! [`LockFreePool<T, N>`]: `N` slots for values of one type, shared by any number of threads
//! (or interrupt handlers) without a lock, handed out as RAII [`LockFreeBox`]es.

#[cfg(all(test, not(loom)))]
mod tests;

use core::fmt;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::{Deref, DerefMut};

use crate::error::CapacityError;
#[cfg(any(feature = "std", loom))]
use crate::sync::CachePadded;
use crate::sync::{AtomicU32, AtomicUsize, Ordering, UnsafeCell};

/// The threads (by [number](crate::thread_number), `0..CACHES`) with a one-slot cache of their
/// own in each pool, under `std`.
#[cfg(any(feature = "std", loom))]
const CACHES: usize = 8;

/// A cache holding no slot.
#[cfg(any(feature = "std", loom))]
const EMPTY: usize = usize::MAX;

/// The calling thread's cache: its thread number (under `std`; a number at or above [`CACHES`]
/// has none).
#[cfg(all(feature = "std", not(loom)))]
#[inline]
fn cache_number() -> Option<usize> {
    crate::thread_number::current()
}

/// The calling loom thread's cache, as set by [`LockFreePool::loom_use_cache`].
#[cfg(loom)]
fn cache_number() -> Option<usize> {
    LOOM_CACHE.with(core::cell::Cell::get)
}

#[cfg(loom)]
loom::thread_local! {
    static LOOM_CACHE: core::cell::Cell<Option<usize>> = core::cell::Cell::new(None);
}

/// One slot: the value's storage and the index of the next free slot while it is free.
struct Slot<T> {
    value: UnsafeCell<MaybeUninit<T>>,
    /// The next free slot's index (`N` for none); meaningful only while the slot is free.
    next: AtomicU32,
}

/// A fixed pool of `N` slots for values of type `T`, shared between threads without a lock:
/// [`alloc`](Self::alloc) takes `&self`, moves a value into a free slot and returns a
/// [`LockFreeBox`] that derefs to it and gives the slot back when dropped.
///
/// - **No heap, `static`-capable:** the slots are inline and [`new`](Self::new) is a `const fn`,
///   so a pool can be a `static` shared by every thread or interrupt handler.
/// - **Lock-free:** allocation pops and release pushes a free list with one compare-and-swap
///   each (a Treiber stack); a thread that stalls never blocks the others. Under `std`, a
///   one-slot cache per thread saves the list for the common allocate-then-free pattern
///   ([Per-thread caches](#per-thread-caches)). Slots never used yet
///   come from a high-water mark, so `new` writes nothing per slot.
/// - **ABA-safe, strict-provenance clean:** the list head is one word holding a slot *index* and
///   a tag incremented by every successful swap, not a pointer (see [Safety of the free
///   list](#safety-of-the-free-list)).
/// - **Full is an error, not a loss:** when every slot is taken, `alloc` returns
///   `Err(CapacityError)` carrying the value back.
///
/// ```
/// use avila_alloc::pool::LockFreePool;
///
/// static POOL: LockFreePool<[u8; 64], 4> = LockFreePool::new();
///
/// let handles: Vec<_> = (0..4_u8)
///     .map(|i| {
///         std::thread::spawn(move || {
///             let mut buffer = POOL.alloc([i; 64]).expect("4 slots for 4 threads");
///             buffer[0] += 1;
///             buffer[0]
///         })
///     })
///     .collect();
/// let firsts: Vec<u8> = handles.into_iter().map(|h| h.join().unwrap()).collect();
/// assert_eq!(firsts, [1, 2, 3, 4]);
/// ```
///
/// # Safety of the free list
///
/// The head packs `(tag, index)` into one `usize`: the index takes the low bits it needs to
/// count to `N`, the tag the rest (32 bits on 64-bit targets for `N < 2^32`; on 32-bit targets
/// `32 - bits(N)`, e.g. 22 bits for `N = 1000`). A pop reads the head, then the head slot's
/// `next`, then swaps the head for `(tag + 1, next)`. If, between the read and the swap, other
/// threads popped that slot and pushed it back, the index is the same but the tag is not, and
/// the swap fails and retries. It could be fooled only if a thread stalled between its read and
/// its swap while exactly a multiple of `2^tag_bits` other swaps happened. Slot indices, not
/// addresses, go through the atomics, so no pointer is ever made from an integer.
///
/// # Per-thread caches
///
/// Under `std`, each of the first 8 threads alive at once (by the number the crate gives live
/// threads, given back when a thread exits) has a one-slot cache in each pool. A free puts the
/// slot in the freeing thread's cache if that is empty (a plain store), else on the list; an
/// allocation takes the thread's cached slot first (one swap, on a cache line no other thread
/// writes in the common case), then the list, then slots never used, and when all of those are
/// exhausted, a slot from any thread's cache (a compare-and-swap per cache), then the list once
/// more. So an allocate+free pair on one thread is one locked instruction instead of two, and
/// two threads allocating at once do not fight over the list's head. A slot in a cache, even
/// the cache of a thread that has exited, is never lost: it is taken when the pool would
/// otherwise be full.
///
/// What "full" means changes slightly: an allocation is refused when, as it looked at each place
/// in turn, it found no free slot. While other threads free at the same moment, a slot can move
/// into a place it has already looked at (as with any lock-free structure that has more than
/// one place to look); with no concurrent frees, a refusal means all `N` slots hold values.
///
/// # Targets
///
/// It needs compare-and-swap: every target with `target_has_atomic = "ptr"`, and targets
/// without it (`thumbv6m-none-eabi`) with the features `portable-atomic` and
/// `critical-section` (which emulate it in a critical section).
pub struct LockFreePool<T, const N: usize> {
    /// `(tag << INDEX_BITS) | index` of the first free slot (`index == N`: the list is empty).
    head: AtomicUsize,
    /// Slots at or beyond this index were never handed out (and are on no list).
    unused: AtomicUsize,
    slots: [Slot<T>; N],
    /// Under `std`, one free slot's index (or [`EMPTY`]) per thread number below [`CACHES`]:
    /// only the thread holding the number puts a slot in (when the cache is empty, with a
    /// plain store); it takes its slot back with a swap, and any thread that finds the list and
    /// the unused slots exhausted takes one with a compare-and-swap (see [Per-thread
    /// caches](#per-thread-caches)).
    #[cfg(any(feature = "std", loom))]
    caches: [CachePadded<AtomicUsize>; CACHES],
}

// SAFETY: the pool hands each value to one `LockFreeBox` at a time, and a box may move to
// another thread (`T: Send`); the slots' bookkeeping is atomic. Sharing `&LockFreePool` lets
// threads allocate and free, which moves `T` values between threads: `T: Send` is required, and
// enough, since the pool itself never gives out `&T` (the boxes do, and they require `T: Sync`
// for that).
unsafe impl<T: Send, const N: usize> Sync for LockFreePool<T, N> {}

impl<T, const N: usize> LockFreePool<T, N> {
    /// Bits of the head word that hold the index (enough to count to `N`).
    const INDEX_BITS: u32 = usize::BITS - N.leading_zeros();
    const INDEX_MASK: usize = (1 << Self::INDEX_BITS) - 1;
    /// Compile-time checks: `N` fits the `u32` links and leaves room for a tag.
    const CHECK: () = {
        assert!(N > 0, "LockFreePool needs at least one slot");
        assert!(
            N < u32::MAX as usize,
            "LockFreePool holds fewer than u32::MAX slots"
        );
        assert!(
            usize::BITS - Self::INDEX_BITS >= 8,
            "LockFreePool leaves at least 8 bits of the head word for the ABA tag"
        );
    };

    /// An empty pool. Nothing is written per slot.
    ///
    /// ```
    /// use avila_alloc::pool::LockFreePool;
    ///
    /// static POOL: LockFreePool<u64, 16> = LockFreePool::new();
    /// assert_eq!(POOL.capacity(), 16);
    /// ```
    #[cfg(not(loom))]
    #[must_use]
    pub const fn new() -> Self {
        let () = Self::CHECK;
        Self {
            head: AtomicUsize::new(N),
            unused: AtomicUsize::new(0),
            slots: [const {
                Slot {
                    value: UnsafeCell::new(MaybeUninit::uninit()),
                    next: AtomicU32::new(0),
                }
            }; N],
            #[cfg(feature = "std")]
            caches: [const { CachePadded::new(AtomicUsize::new(EMPTY)) }; CACHES],
        }
    }

    /// An empty pool (loom's atomics cannot be made in a `const fn`).
    #[cfg(loom)]
    #[must_use]
    pub fn new() -> Self {
        let () = Self::CHECK;
        Self {
            head: AtomicUsize::new(N),
            unused: AtomicUsize::new(0),
            slots: core::array::from_fn(|_| Slot {
                value: UnsafeCell::new(MaybeUninit::uninit()),
                next: AtomicU32::new(0),
            }),
            caches: core::array::from_fn(|_| CachePadded::new(AtomicUsize::new(EMPTY))),
        }
    }

    /// The number of slots, `N`.
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many slots have ever been handed out (the high-water mark, at most `N`).
    ///
    /// ```
    /// use avila_alloc::pool::LockFreePool;
    ///
    /// let pool: LockFreePool<u8, 4> = LockFreePool::new();
    /// let a = pool.alloc(1).unwrap();
    /// drop(a);
    /// let _b = pool.alloc(2).unwrap(); // reuses the freed slot
    /// assert_eq!(pool.high_water_mark(), 1);
    /// ```
    #[must_use]
    pub fn high_water_mark(&self) -> usize {
        self.unused.load(Ordering::Relaxed).min(N)
    }

    /// Moves `value` into a free slot, or gives it back when every slot is taken.
    ///
    /// Lock-free: under `std`, one swap taking the thread's cached slot when it has one (see
    /// [Per-thread caches](Self#per-thread-caches)); else one compare-and-swap on the free list
    /// (retried only when another thread changed the list in between), or one of the high-water
    /// mark while slots were never used.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when all `N` slots hold values.
    ///
    /// ```
    /// use avila_alloc::pool::LockFreePool;
    ///
    /// let pool: LockFreePool<String, 1> = LockFreePool::new();
    /// let first = pool.alloc("a".to_string()).unwrap();
    /// let refused = pool.alloc("b".to_string()).unwrap_err();
    /// assert_eq!(refused.element(), "b");
    /// drop(first);
    /// assert_eq!(*pool.alloc("c".to_string()).unwrap(), "c");
    /// ```
    #[inline]
    pub fn alloc(&self, value: T) -> Result<LockFreeBox<'_, T, N>, CapacityError<T>> {
        let Some(index) = self.take_slot() else {
            return Err(CapacityError::new(value, N));
        };
        self.slots[index].value.with_mut(|slot| {
            // SAFETY: the slot was just taken off the free list (or was never used): no box
            // and no other thread reaches its value.
            unsafe { (*slot).write(value) };
        });
        Ok(LockFreeBox {
            pool: self,
            index: index as u32,
            _owns: PhantomData,
        })
    }

    /// A free slot, or a never-used one; `None` when all are in use.
    ///
    /// The raw slot API (with [`free_slot`](Self::free_slot)) lets other pools use the free list
    /// as an index allocator for their own slots (`rc::ArcPool` takes indices of a
    /// `LockFreePool<(), N>`): the returned index is the caller's until it gives it back, and the
    /// caller's writes before `free_slot` happen before the next taker's reads (Release push,
    /// Acquire pop).
    #[inline]
    pub(crate) fn take_slot(&self) -> Option<usize> {
        #[cfg(any(feature = "std", loom))]
        if let Some(cache) = self.own_cache() {
            // The load spares the swap's locked instruction when the cache is empty (another
            // thread may empty it meanwhile, never fill it: the swap then finds it empty).
            // Acquire: pairs with the Release store that cached the slot (its last value's
            // drop happened before).
            if cache.load(Ordering::Relaxed) != EMPTY {
                let index = cache.swap(EMPTY, Ordering::Acquire);
                if index != EMPTY {
                    return Some(index);
                }
            }
        }
        self.pop().or_else(|| self.take_unused())
    }

    /// The calling thread's cache, if its number has one.
    #[cfg(any(feature = "std", loom))]
    #[inline]
    fn own_cache(&self) -> Option<&AtomicUsize> {
        self.caches.get(cache_number()?).map(|cache| &**cache)
    }

    /// Under loom (whose threads share one OS thread, and so one thread number), the cache the
    /// calling loom thread uses from now on: `None` for none. The loom tests give each thread
    /// its own.
    #[cfg(loom)]
    #[doc(hidden)]
    pub fn loom_use_cache(cache: Option<usize>) {
        LOOM_CACHE.with(|c| c.set(cache));
    }

    /// Whether the calling thread has a cache in this pool (for tests of reuse order).
    #[cfg(test)]
    pub(crate) fn caches_this_thread(&self) -> bool {
        #[cfg(any(feature = "std", loom))]
        return self.own_cache().is_some();
        #[cfg(not(any(feature = "std", loom)))]
        return false;
    }

    /// A slot from any thread's cache, once the list and the unused slots are exhausted; then
    /// the list once more (a slot may have been freed to it during the scan).
    #[cfg(any(feature = "std", loom))]
    #[cold]
    fn steal(&self) -> Option<usize> {
        for cache in &self.caches {
            let index = cache.load(Ordering::Relaxed);
            // A cache that still holds `index` when the swap happens holds a free slot: whoever
            // filled it, `index` is free now (no ABA question: the value is the claim).
            if index != EMPTY
                && cache
                    .compare_exchange(index, EMPTY, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
            {
                return Some(index);
            }
        }
        self.pop()
    }

    /// Pops the free list; `None` when it is empty.
    #[inline]
    fn pop(&self) -> Option<usize> {
        // Acquire: the slot's `next` and its last value's drop, written before the push that
        // published this head, are visible.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            let index = head & Self::INDEX_MASK;
            if index >= N {
                return None;
            }
            // A stale `next` (the slot was popped and pushed again meanwhile) is harmless: the
            // tag has changed too, so the swap below fails.
            let next = self.slots[index].next.load(Ordering::Relaxed) as usize;
            let tag = (head >> Self::INDEX_BITS).wrapping_add(1);
            match self.head.compare_exchange_weak(
                head,
                (tag << Self::INDEX_BITS) | next,
                Ordering::Acquire,
                Ordering::Acquire,
            ) {
                Ok(_) => return Some(index),
                Err(now) => head = now,
            }
        }
    }

    /// A slot never handed out; when none is left, the free list once more (a slot may have
    /// been freed since it was found empty).
    #[cold]
    fn take_unused(&self) -> Option<usize> {
        let mut unused = self.unused.load(Ordering::Relaxed);
        loop {
            if unused >= N {
                #[cfg(any(feature = "std", loom))]
                return self.pop().or_else(|| self.steal());
                #[cfg(not(any(feature = "std", loom)))]
                return self.pop();
            }
            match self.unused.compare_exchange_weak(
                unused,
                unused + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(unused),
                Err(now) => unused = now,
            }
        }
    }

    /// Pushes slot `index` (whose value was moved out or dropped) on the free list.
    ///
    /// `index` must come from [`take_slot`](Self::take_slot) and be given back once (a double
    /// free would hand one slot to two owners; for `LockFreeBox` that would be UB, for users of
    /// the raw API it is their invariant to keep).
    #[inline]
    pub(crate) fn free_slot(&self, index: usize) {
        #[cfg(any(feature = "std", loom))]
        if let Some(cache) = self.own_cache() {
            // Only this thread (while it holds its number) fills its cache, and other threads
            // only empty it: an empty cache stays empty until the store below.
            if cache.load(Ordering::Relaxed) == EMPTY {
                // Release: the value's drop happens before the swap that takes the slot.
                cache.store(index, Ordering::Release);
                return;
            }
        }
        self.push(index);
    }

    /// Pushes slot `index` on the free list.
    #[inline]
    fn push(&self, index: usize) {
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            self.slots[index]
                .next
                .store((head & Self::INDEX_MASK) as u32, Ordering::Relaxed);
            let tag = (head >> Self::INDEX_BITS).wrapping_add(1);
            // Release: the value's drop and `next` happen before any pop that takes this slot.
            match self.head.compare_exchange_weak(
                head,
                (tag << Self::INDEX_BITS) | index,
                Ordering::Release,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }
}

impl<T, const N: usize> Default for LockFreePool<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> fmt::Debug for LockFreePool<T, N> {
    /// The capacity and the high-water mark (the values are not shown: other threads own them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockFreePool")
            .field("capacity", &N)
            .field("high_water_mark", &self.high_water_mark())
            .finish()
    }
}

/// A value in a [`LockFreePool`] slot: derefs to it, drops it and gives the slot back when
/// dropped. It may be sent to another thread (when `T: Send`) and freed there.
pub struct LockFreeBox<'a, T, const N: usize> {
    pool: &'a LockFreePool<T, N>,
    index: u32,
    /// The box owns a `T` (for the auto traits: `Sync` only if `T: Sync`).
    _owns: PhantomData<T>,
}

impl<T, const N: usize> LockFreeBox<'_, T, N> {
    /// Moves the value out and gives the slot back.
    ///
    /// ```
    /// use avila_alloc::pool::LockFreePool;
    ///
    /// let pool: LockFreePool<Vec<u8>, 2> = LockFreePool::new();
    /// let boxed = pool.alloc(vec![1, 2]).unwrap();
    /// assert_eq!(boxed.into_inner(), [1, 2]);
    /// ```
    pub fn into_inner(self) -> T {
        let this = ManuallyDrop::new(self);
        let index = this.index as usize;
        let value = this.pool.slots[index].value.with(|slot| {
            // SAFETY: the box owns the initialized value and is consumed: it is read once.
            unsafe { (*slot).assume_init_read() }
        });
        this.pool.free_slot(index);
        value
    }

    fn slot(&self) -> &Slot<T> {
        &self.pool.slots[self.index as usize]
    }
}

impl<T, const N: usize> Deref for LockFreeBox<'_, T, N> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the box owns the slot's initialized value until it is dropped; nothing else
        // reaches it.
        self.slot()
            .value
            .with(|slot| unsafe { (*slot).assume_init_ref() })
    }
}

impl<T, const N: usize> DerefMut for LockFreeBox<'_, T, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this the only access.
        self.slot()
            .value
            .with_mut(|slot| unsafe { (*slot).assume_init_mut() })
    }
}

impl<T, const N: usize> Drop for LockFreeBox<'_, T, N> {
    #[inline]
    fn drop(&mut self) {
        let index = self.index as usize;
        // The slot goes back even if the value's drop panics.
        struct Release<'p, T, const N: usize>(&'p LockFreePool<T, N>, usize);
        impl<T, const N: usize> Drop for Release<'_, T, N> {
            fn drop(&mut self) {
                self.0.free_slot(self.1);
            }
        }
        let _release = Release(self.pool, index);
        self.slot().value.with_mut(|slot| {
            // SAFETY: the box owns the initialized value and is being dropped: it is dropped
            // once, and the slot is freed only after (by `_release`).
            unsafe { (*slot).assume_init_drop() }
        });
    }
}

impl<T: fmt::Debug, const N: usize> fmt::Debug for LockFreeBox<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: fmt::Display, const N: usize> fmt::Display for LockFreeBox<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}
