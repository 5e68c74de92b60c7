//! [`LockFreePool<T, N>`]: `N` slots for values of one type, shared by any number of threads
//! (or interrupt handlers) without a lock, handed out as RAII [`LockFreeBox`]es.

#[cfg(all(test, not(loom)))]
mod tests;

use core::fmt;
use core::marker::PhantomData;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::ops::{Deref, DerefMut};

use crate::error::CapacityError;
use crate::sync::{AtomicU32, AtomicUsize, Ordering, UnsafeCell};

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
///   each (a Treiber stack); a thread that stalls never blocks the others. Slots never used yet
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
    /// Lock-free: one compare-and-swap on the free list (retried only when another thread
    /// changed the list in between), or one fetch-add of the high-water mark while slots were
    /// never used.
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
        self.pop().or_else(|| self.take_unused())
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
