//! [`StackArc`] and [`StackArcWeak`]: thread-safe reference counting whose allocations are slots
//! of a fixed [`ArcPool`], no heap.
//!
//! The counts follow std's `Arc` (ARCHITECTURE.md, section "StackArc", argues each ordering):
//! increments are `Relaxed` with an abort past `isize::MAX`; decrements are `Release`, and the one
//! that reaches zero issues an `Acquire` fence before dropping the value (or freeing the slot);
//! [`StackArcWeak::upgrade`] is a compare-and-swap loop that never revives a count of zero; and
//! [`StackArc::get_mut`] locks the weak count (`usize::MAX`) while it reads the strong one. The
//! slots themselves come from a [`LockFreePool`]'s free list used as an index allocator.

#[cfg(all(test, not(loom)))]
mod tests;

use core::fmt;
use core::marker::PhantomData;
use core::mem::{self, ManuallyDrop, MaybeUninit};
use core::ops::Deref;

use crate::error::CapacityError;
use crate::pool::LockFreePool;
use crate::sync::Ordering::{Acquire, Relaxed, Release};
use crate::sync::{AtomicUsize, UnsafeCell, fence};

/// The largest count before a clone, downgrade or upgrade aborts (std's `Arc` limit): far below
/// `usize::MAX`, so that the increments racing with the check cannot wrap the count.
const MAX_REFCOUNT: usize = isize::MAX as usize;

/// The weak count while [`StackArc::get_mut`] checks for uniqueness: downgrades wait.
const LOCKED: usize = usize::MAX;

/// One slot: the counts and the value.
struct ArcSlot<T> {
    /// Strong references; 0 once the value is dropped (or the slot is free).
    strong: AtomicUsize,
    /// Weak references, plus one held by all the strong ones together while `strong > 0`
    /// (std's `Arc` convention): the slot is freed when this reaches 0. [`LOCKED`] during a
    /// uniqueness check.
    weak: AtomicUsize,
    value: UnsafeCell<MaybeUninit<T>>,
}

impl<T> ArcSlot<T> {
    /// A free slot: counts 0, value uninitialized.
    #[cfg(not(loom))]
    const fn empty() -> Self {
        Self {
            strong: AtomicUsize::new(0),
            weak: AtomicUsize::new(0),
            value: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }

    /// A free slot (loom's atomics cannot be made in a `const fn`).
    #[cfg(loom)]
    fn empty() -> Self {
        Self {
            strong: AtomicUsize::new(0),
            weak: AtomicUsize::new(0),
            value: UnsafeCell::new(MaybeUninit::uninit()),
        }
    }
}

/// A fixed pool of `N` slots for reference-counted values of type `T`, shared between threads:
/// the storage of [`StackArc`]s and [`StackArcWeak`]s, as the heap is for `Arc`.
///
/// Each [`arc`](Self::arc) takes one slot, which returns to the pool when the last `StackArc`
/// *and* the last `StackArcWeak` of it are gone (the value itself is dropped with the last
/// `StackArc`, like std's `Arc`). A full pool is an error that gives the value back.
///
/// - **`static`-capable:** [`new`](Self::new) is a `const fn` and writes nothing per slot, so a
///   pool can be a `static`, and its `StackArc<'static, ..>`s move freely between threads.
/// - **Lock-free:** a slot is taken and given back through a [`LockFreePool`]'s ABA-safe free
///   list (one compare-and-swap each), or under `std` through the thread's one-slot cache in it
///   (see [`LockFreePool`]'s per-thread caches); clones and drops are one atomic add or
///   subtract.
/// - **Targets:** like `LockFreePool`, it needs compare-and-swap: `target_has_atomic = "ptr"`,
///   or the features `portable-atomic` and `critical-section` (`thumbv6m-none-eabi`).
///
/// Unlike [`RcPool`](super::RcPool) it has no `len`: a shared count of slots in use would be
/// one more contended atomic on every allocation. [`high_water_mark`](Self::high_water_mark)
/// tells how many slots were ever used.
///
/// ```
/// use avila_alloc::rc::{ArcPool, StackArc};
///
/// static POOL: ArcPool<String, 4> = ArcPool::new();
///
/// let shared = POOL.arc("shared".to_string()).unwrap();
/// let threads: Vec<_> = (0..3)
///     .map(|_| {
///         let mine = StackArc::clone(&shared);
///         std::thread::spawn(move || mine.len())
///     })
///     .collect();
/// for thread in threads {
///     assert_eq!(thread.join().unwrap(), 6);
/// }
/// assert_eq!(StackArc::strong_count(&shared), 1);
/// assert_eq!(StackArc::try_unwrap(shared).unwrap(), "shared");
/// ```
pub struct ArcPool<T, const N: usize> {
    /// Hands out slot indices: its free list is the Treiber stack of `LockFreePool`.
    indices: LockFreePool<(), N>,
    slots: [ArcSlot<T>; N],
}

// SAFETY: sharing `&ArcPool` lets threads create and drop `StackArc`s, which moves `T` values
// into the pool on one thread and drops them on another: `T: Send` is required. It is enough:
// the pool itself gives out no `&T`; the `StackArc`s that do are `Send`/`Sync` only when
// `T: Send + Sync`. The bookkeeping (counts, free list) is atomic.
unsafe impl<T: Send, const N: usize> Sync for ArcPool<T, N> {}

impl<T, const N: usize> ArcPool<T, N> {
    /// An empty pool; nothing is written per slot.
    ///
    /// ```
    /// use avila_alloc::rc::ArcPool;
    ///
    /// static POOL: ArcPool<u64, 16> = ArcPool::new();
    /// assert_eq!(POOL.capacity(), 16);
    /// ```
    #[cfg(not(loom))]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            indices: LockFreePool::new(),
            slots: [const { ArcSlot::empty() }; N],
        }
    }

    /// An empty pool (loom's atomics cannot be made in a `const fn`).
    #[cfg(loom)]
    #[must_use]
    pub fn new() -> Self {
        Self {
            indices: LockFreePool::new(),
            slots: core::array::from_fn(|_| ArcSlot::empty()),
        }
    }

    /// The number of slots, `N`.
    ///
    /// ```
    /// use avila_alloc::rc::ArcPool;
    ///
    /// assert_eq!(ArcPool::<u8, 3>::new().capacity(), 3);
    /// ```
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many slots have ever been in use at once, at most (the high-water mark, at most `N`).
    ///
    /// ```
    /// use avila_alloc::rc::ArcPool;
    ///
    /// let pool: ArcPool<u8, 4> = ArcPool::new();
    /// drop(pool.arc(1).unwrap());
    /// let _b = pool.arc(2).unwrap(); // reuses the freed slot
    /// assert_eq!(pool.high_water_mark(), 1);
    /// ```
    #[must_use]
    pub fn high_water_mark(&self) -> usize {
        self.indices.high_water_mark()
    }

    /// Moves `value` into a free slot and returns its first strong reference. O(1), lock-free.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when all `N` slots are in use (a slot still held by a
    /// [`StackArcWeak`] is in use, although its value is gone).
    ///
    /// ```
    /// use avila_alloc::rc::ArcPool;
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let one = pool.arc(1).unwrap();
    /// assert_eq!(pool.arc(2).unwrap_err().element(), 2);
    /// drop(one);
    /// assert_eq!(*pool.arc(3).unwrap(), 3);
    /// ```
    #[inline]
    pub fn arc(&self, value: T) -> Result<StackArc<'_, T, N>, CapacityError<T>> {
        match self.take() {
            Some(spare) => Ok(spare.fill(value)),
            None => Err(CapacityError::new(value, N)),
        }
    }

    /// A free slot, given back unless [`Spare::fill`] makes it a `StackArc`.
    #[inline]
    fn take(&self) -> Option<Spare<'_, T, N>> {
        let index = self.indices.take_slot()?;
        Some(Spare { pool: self, index })
    }

    /// Ends one strong reference of slot `index`: the last one drops the value (with the slot
    /// still held, so the value's `Drop` may use the pool), then gives up the strong side's weak
    /// count.
    #[inline]
    fn drop_strong(&self, index: usize) {
        let slot = &self.slots[index];
        // Release: this reference's uses of the value happen before the drop by the last one.
        if slot.strong.fetch_sub(1, Release) != 1 {
            return;
        }
        self.drop_value(index);
    }

    /// Drops the value of slot `index`, whose strong count just reached 0.
    #[cold]
    #[inline(never)]
    fn drop_value(&self, index: usize) {
        // Acquire: pairs with the Release decrements of the other strong references, so their
        // uses of the value happen before its drop.
        fence(Acquire);
        /// Gives up the implicit weak reference even if the value's drop panics.
        struct WeakRelease<'p, T, const N: usize>(&'p ArcPool<T, N>, usize);
        impl<T, const N: usize> Drop for WeakRelease<'_, T, N> {
            fn drop(&mut self) {
                self.0.drop_implicit_weak(self.1);
            }
        }
        let _release = WeakRelease(self, index);
        self.slots[index].value.with_mut(|value| {
            // SAFETY: the strong count reached 0: the value is initialized, no strong
            // reference reaches it any more, and weak ones can no longer upgrade (`upgrade`
            // never revives a count of 0).
            unsafe { (*value).assume_init_drop() }
        });
    }

    /// Gives up the weak count the strong references held together, once the strong count of
    /// slot `index` is 0: frees the slot at once if no weak reference exists.
    ///
    /// A weak count of 1 then stays 1 (a new weak reference needs a strong one or a weak one to
    /// copy), so the decrement, an atomic read-modify-write, is needed only when weak
    /// references remain: the common case pays one `Acquire` load instead.
    #[inline]
    fn drop_implicit_weak(&self, index: usize) {
        // Acquire: pairs with the Release decrement of the last weak reference dropped, so its
        // reads of the slot happen before the slot is freed.
        if self.slots[index].weak.load(Acquire) == 1 {
            self.indices.free_slot(index);
        } else {
            self.drop_weak(index);
        }
    }

    /// Ends one weak count of slot `index`; frees the slot at zero.
    #[inline]
    fn drop_weak(&self, index: usize) {
        // Release: this reference's reads of the slot happen before it is freed.
        if self.slots[index].weak.fetch_sub(1, Release) != 1 {
            return;
        }
        // Acquire: pairs with the Release decrements of the other references (and with the
        // value's drop, which happens before the implicit weak reference is given up).
        fence(Acquire);
        self.indices.free_slot(index);
    }
}

impl<T, const N: usize> Default for ArcPool<T, N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T, const N: usize> fmt::Debug for ArcPool<T, N> {
    /// The capacity and the high-water mark (the values are not shown: other threads use them).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArcPool")
            .field("capacity", &N)
            .field("high_water_mark", &self.high_water_mark())
            .finish()
    }
}

/// A slot taken from the free list and not yet holding a value: given back when dropped (a
/// panicking `Clone` in `make_mut` loses no slot).
struct Spare<'p, T, const N: usize> {
    pool: &'p ArcPool<T, N>,
    index: usize,
}

impl<'p, T, const N: usize> Spare<'p, T, N> {
    /// Moves `value` into the slot: its first strong reference.
    #[inline]
    fn fill(self, value: T) -> StackArc<'p, T, N> {
        let this = ManuallyDrop::new(self);
        let slot = &this.pool.slots[this.index];
        slot.value.with_mut(|cell| {
            // SAFETY: the slot was taken off the free list: no reference of any kind reaches
            // its value.
            unsafe { (*cell).write(value) };
        });
        // Relaxed: no reference to the slot exists; the new one reaches other threads only
        // through a synchronizing hand-over (a channel, a spawn, a lock), which carries these.
        slot.strong.store(1, Relaxed);
        slot.weak.store(1, Relaxed);
        StackArc::from_slot(this.pool, this.index)
    }
}

impl<T, const N: usize> Drop for Spare<'_, T, N> {
    fn drop(&mut self) {
        self.pool.indices.free_slot(self.index);
    }
}

/// Called when a count would pass [`MAX_REFCOUNT`] (only reachable by leaking references):
/// aborts the process, as std's `Arc` does, since unwinding would let other threads go on
/// using a count about to wrap. `core` has no `abort`: a panic while a guard's `Drop` panics
/// again during unwinding aborts (and with `panic = "abort"` the first panic does).
#[cold]
#[inline(never)]
fn abort_on_overflow() -> ! {
    struct PanicAgain;
    impl Drop for PanicAgain {
        fn drop(&mut self) {
            panic!("reference count overflow in an ArcPool slot: aborting");
        }
    }
    let _guard = PanicAgain;
    panic!("reference count overflow in an ArcPool slot");
}

/// Waits for another thread to make progress (a uniqueness check holds the weak count).
#[inline]
fn wait() {
    // Loom must be told that this thread waits for another one.
    #[cfg(loom)]
    loom::thread::yield_now();
    #[cfg(not(loom))]
    core::hint::spin_loop();
}

/// A strong reference to a value in an [`ArcPool`]: std's `Arc` API, with the pool as the heap.
///
/// `Send` and `Sync` exactly when std's `Arc<T>` is: when `T: Send + Sync`. Two words (the pool
/// and a slot index), no heap.
///
/// ```
/// use avila_alloc::rc::{ArcPool, StackArc};
///
/// let pool: ArcPool<Vec<u8>, 2> = ArcPool::new();
/// let a = pool.arc(vec![1, 2]).unwrap();
/// let b = StackArc::clone(&a);
/// std::thread::scope(|s| {
///     s.spawn(move || assert_eq!(b.len(), 2));
/// });
/// assert_eq!(StackArc::strong_count(&a), 1);
/// ```
pub struct StackArc<'p, T, const N: usize> {
    pool: &'p ArcPool<T, N>,
    index: u32,
    /// Shares a `T`; a raw pointer so that `Send`/`Sync` are not derived (see the impls below).
    _shares: PhantomData<*const T>,
}

// SAFETY: std's `Arc` bounds: a `StackArc` sent to another thread may drop the value there
// (`T: Send`) and gives `&T` to every thread holding a clone (`T: Sync`); the counts are atomic.
unsafe impl<T: Send + Sync, const N: usize> Send for StackArc<'_, T, N> {}
// SAFETY: `&StackArc` can be cloned into a `StackArc`: the same bounds as `Send`.
unsafe impl<T: Send + Sync, const N: usize> Sync for StackArc<'_, T, N> {}

impl<'p, T, const N: usize> StackArc<'p, T, N> {
    #[inline]
    fn from_slot(pool: &'p ArcPool<T, N>, index: usize) -> Self {
        Self {
            pool,
            index: index as u32,
            _shares: PhantomData,
        }
    }

    #[inline]
    fn slot(&self) -> &'p ArcSlot<T> {
        &self.pool.slots[self.index as usize]
    }

    /// The number of strong references to the value (other threads may change it at once).
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let a = pool.arc(1).unwrap();
    /// let _b = StackArc::clone(&a);
    /// assert_eq!(StackArc::strong_count(&a), 2);
    /// ```
    #[must_use]
    pub fn strong_count(this: &Self) -> usize {
        this.slot().strong.load(Relaxed)
    }

    /// The number of weak references to the value (other threads may change it at once).
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let a = pool.arc(1).unwrap();
    /// let _w = StackArc::downgrade(&a);
    /// assert_eq!(StackArc::weak_count(&a), 1);
    /// ```
    #[must_use]
    pub fn weak_count(this: &Self) -> usize {
        match this.slot().weak.load(Relaxed) {
            // Only `get_mut` of the sole reference locks it: there are no weak references.
            LOCKED => 0,
            weak => weak - 1,
        }
    }

    /// Whether two references point to the same value (the same slot of the same pool).
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 2> = ArcPool::new();
    /// let a = pool.arc(1).unwrap();
    /// let b = pool.arc(1).unwrap();
    /// assert!(StackArc::ptr_eq(&a, &StackArc::clone(&a)));
    /// assert!(!StackArc::ptr_eq(&a, &b));
    /// ```
    #[must_use]
    pub fn ptr_eq(this: &Self, other: &Self) -> bool {
        core::ptr::eq(this.pool, other.pool) && this.index == other.index
    }

    /// A pointer to the value.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let a = pool.arc(7).unwrap();
    /// assert_eq!(StackArc::as_ptr(&a), &*a as *const u8);
    /// ```
    #[must_use]
    pub fn as_ptr(this: &Self) -> *const T {
        this.slot().value.with(<*const MaybeUninit<T>>::cast)
    }

    /// A weak reference to the value.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 2> = ArcPool::new();
    /// let strong = pool.arc(5).unwrap();
    /// let weak = StackArc::downgrade(&strong);
    /// assert_eq!(weak.upgrade().map(|s| *s), Some(5));
    /// drop(strong);
    /// assert!(weak.upgrade().is_none());
    /// ```
    #[must_use]
    pub fn downgrade(this: &Self) -> StackArcWeak<'p, T, N> {
        let weak = &this.slot().weak;
        let mut current = weak.load(Relaxed);
        loop {
            if current == LOCKED {
                wait();
                current = weak.load(Relaxed);
                continue;
            }
            if current > MAX_REFCOUNT {
                abort_on_overflow();
            }
            // Acquire: pairs with the Release unlock of `get_mut`'s uniqueness check, so the
            // `&mut T` it gave out ends before this reference can be upgraded and read.
            match weak.compare_exchange_weak(current, current + 1, Acquire, Relaxed) {
                Ok(_) => {
                    return StackArcWeak {
                        pool: this.pool,
                        index: this.index,
                        _shares: PhantomData,
                    };
                }
                Err(now) => current = now,
            }
        }
    }

    /// Whether this is the only reference of any kind (std's `Arc::is_unique`): locks the weak
    /// count at 1 while reading the strong one, so that no weak reference is made and upgraded
    /// in between.
    fn is_unique(&self) -> bool {
        let slot = self.slot();
        // Shared by other strong references: refused without taking the lock, so that their
        // `downgrade`s never wait for a check that cannot succeed (returning `false` is always
        // safe; the answer `true` is decided under the lock below).
        if slot.strong.load(Relaxed) != 1 {
            return false;
        }
        // Acquire: pairs with the Release decrement of the last weak reference dropped.
        if slot
            .weak
            .compare_exchange(1, LOCKED, Acquire, Relaxed)
            .is_err()
        {
            return false;
        }
        // Acquire: pairs with the Release decrements of dropped strong references, so their
        // reads of the value happen before the `&mut T` given out.
        let unique = slot.strong.load(Acquire) == 1;
        // Release: pairs with the Acquire of `downgrade`.
        slot.weak.store(1, Release);
        unique
    }

    /// The value, mutably, without checks.
    ///
    /// # Safety
    ///
    /// - `this` is the only reference of any kind to the value (so no other thread reads it),
    ///   and stays so while the returned reference lives (`&mut this` keeps it so: making a
    ///   new reference needs this one).
    unsafe fn value_mut(this: &mut Self) -> &mut T {
        this.slot().value.with_mut(|value| {
            // SAFETY: the caller guarantees exclusive access; a strong reference keeps the value
            // initialized.
            unsafe { (*value).assume_init_mut() }
        })
    }

    /// The value, mutably, if this is its only reference (strong or weak).
    ///
    /// Like std's, the check holds the weak count locked for two atomic operations; a
    /// [`downgrade`](Self::downgrade) of the same value meanwhile waits (spins). In `no_std` code
    /// this matters only if an interrupt handler downgrades a value whose clone the interrupted
    /// code is checking, and only in the window where that clone was just made from a weak
    /// reference: the check takes the lock only while the strong count reads 1.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 2> = ArcPool::new();
    /// let mut a = pool.arc(1).unwrap();
    /// *StackArc::get_mut(&mut a).unwrap() += 1;
    /// let b = StackArc::clone(&a);
    /// assert!(StackArc::get_mut(&mut a).is_none());
    /// drop(b);
    /// assert_eq!(StackArc::get_mut(&mut a), Some(&mut 2));
    /// ```
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        if this.is_unique() {
            // SAFETY: the only reference, and `&mut this` keeps it so.
            Some(unsafe { Self::value_mut(this) })
        } else {
            None
        }
    }

    /// The value, mutably: cloned into a new slot first if other strong references share it,
    /// or moved into a new slot if weak references remain (they then upgrade to nothing), as
    /// std's `Arc::make_mut` does.
    ///
    /// # Panics
    ///
    /// If a new slot is needed and the pool is full; [`try_make_mut`](Self::try_make_mut)
    /// returns an error instead.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<Vec<u8>, 2> = ArcPool::new();
    /// let mut a = pool.arc(vec![1]).unwrap();
    /// let b = StackArc::clone(&a);
    /// StackArc::make_mut(&mut a).push(2); // `a` gets its own copy
    /// assert_eq!((&**a, &**b), (&[1, 2][..], &[1][..]));
    /// ```
    #[track_caller]
    pub fn make_mut(this: &mut Self) -> &mut T
    where
        T: Clone,
    {
        match Self::try_make_mut(this) {
            Ok(value) => value,
            Err(error) => panic!("StackArc::make_mut needs a new slot: {error}"),
        }
    }

    /// [`make_mut`](Self::make_mut), with a full pool as an error.
    ///
    /// The new slot, when one may be needed, is taken *before* anything changes, so a full
    /// pool leaves every count as it was (no weak reference sees the value vanish for a moment).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if this is not the only reference and every slot is in use; `this` is
    /// then unchanged.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let mut a = pool.arc(1).unwrap();
    /// *StackArc::try_make_mut(&mut a).unwrap() += 1; // unique: no new slot
    /// let b = StackArc::clone(&a);
    /// assert!(StackArc::try_make_mut(&mut a).is_err()); // shared, and the pool is full
    /// assert_eq!((*a, *b), (2, 2));
    /// ```
    pub fn try_make_mut(this: &mut Self) -> Result<&mut T, CapacityError>
    where
        T: Clone,
    {
        if !this.is_unique() {
            let Some(spare) = this.pool.take() else {
                return Err(CapacityError::new((), N));
            };
            let slot = this.slot();
            // Acquire: as in `drop_value`, the other references' uses of the value happen
            // before this one takes it over.
            if slot
                .strong
                .compare_exchange(1, 0, Acquire, Relaxed)
                .is_err()
            {
                // Other strong references: this one gets a copy.
                let copy = T::clone(this);
                *this = spare.fill(copy); // drops this strong reference of the shared value
            } else if slot.weak.load(Relaxed) != 1 {
                // Only weak references besides: the value moves to the new slot (the strong
                // count of 0 keeps them from upgrading).
                let value = slot.value.with(|value| {
                    // SAFETY: this was the only strong reference: the value is initialized
                    // and is read once (with the strong count at 0 nothing drops it here).
                    unsafe { (*value).assume_init_read() }
                });
                this.pool.drop_weak(this.index as usize);
                let old = mem::replace(this, spare.fill(value));
                // Its counts are settled above: no `Drop`.
                mem::forget(old);
            } else {
                // The weak references went away meanwhile: unique after all.
                // Release: pairs with the Acquire of an `upgrade` of a weak reference made
                // later, as in `get_mut`.
                slot.strong.store(1, Release);
                drop(spare);
            }
        }
        // SAFETY: `this` is unique: checked, or the only reference to a fresh slot, or the
        // last strong one with no weak ones (and only `this` could make new ones).
        Ok(unsafe { Self::value_mut(this) })
    }

    /// The value, if this is its only strong reference (weak references then upgrade to
    /// nothing); otherwise `this` back.
    ///
    /// With other threads dropping their references at the same time, two `try_unwrap`s may
    /// both fail and the value be dropped; [`into_inner`](Self::into_inner) never loses it.
    ///
    /// # Errors
    ///
    /// `this` when other strong references exist.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let a = pool.arc(3).unwrap();
    /// let b = StackArc::clone(&a);
    /// let a = StackArc::try_unwrap(a).unwrap_err();
    /// drop(b);
    /// assert_eq!(StackArc::try_unwrap(a), Ok(3));
    /// ```
    pub fn try_unwrap(this: Self) -> Result<T, Self> {
        let slot = this.slot();
        if slot
            .strong
            .compare_exchange(1, 0, Relaxed, Relaxed)
            .is_err()
        {
            return Err(this);
        }
        // Acquire: as in `drop_value`.
        fence(Acquire);
        Ok(Self::take_value(this))
    }

    /// Moves the value out of a slot whose strong count this reference just brought to 0, and
    /// gives up the strong side's weak count.
    fn take_value(this: Self) -> T {
        let this = ManuallyDrop::new(this);
        let value = this.slot().value.with(|value| {
            // SAFETY: the strong count reached 0 through this reference: the value is
            // initialized, nothing else reaches it, and it is read once (nothing drops it).
            unsafe { (*value).assume_init_read() }
        });
        this.pool.drop_implicit_weak(this.index as usize);
        value
    }

    /// The value if this is its last strong reference, else `None` (the reference is dropped),
    /// like std's `Arc::into_inner`: of several threads calling it on clones of one value,
    /// exactly one gets it.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<String, 1> = ArcPool::new();
    /// let a = pool.arc("x".to_string()).unwrap();
    /// let b = StackArc::clone(&a);
    /// let from_thread = std::thread::scope(|s| s.spawn(move || StackArc::into_inner(b)).join());
    /// let here = StackArc::into_inner(a);
    /// assert_eq!(from_thread.unwrap().or(here).as_deref(), Some("x"));
    /// ```
    pub fn into_inner(this: Self) -> Option<T> {
        let this = ManuallyDrop::new(this);
        // Release: as in `drop_strong`.
        if this.slot().strong.fetch_sub(1, Release) != 1 {
            return None;
        }
        // Acquire: as in `drop_value`.
        fence(Acquire);
        Some(Self::take_value(ManuallyDrop::into_inner(this)))
    }

    /// The value if this is its last strong reference, else a clone of it.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let a = pool.arc(4).unwrap();
    /// let b = StackArc::clone(&a);
    /// assert_eq!(StackArc::unwrap_or_clone(a), 4); // cloned
    /// assert_eq!(StackArc::unwrap_or_clone(b), 4); // moved out
    /// ```
    pub fn unwrap_or_clone(this: Self) -> T
    where
        T: Clone,
    {
        Self::try_unwrap(this).unwrap_or_else(|shared| T::clone(&shared))
    }
}

impl<T, const N: usize> Clone for StackArc<'_, T, N> {
    /// One more strong reference (no new slot): one `Relaxed` atomic add.
    #[inline]
    fn clone(&self) -> Self {
        // Relaxed: the new reference comes from an existing one, which keeps the value alive;
        // nothing is published (std's `Arc::clone`).
        if self.slot().strong.fetch_add(1, Relaxed) > MAX_REFCOUNT {
            abort_on_overflow();
        }
        Self::from_slot(self.pool, self.index as usize)
    }
}

impl<T, const N: usize> Drop for StackArc<'_, T, N> {
    #[inline]
    fn drop(&mut self) {
        self.pool.drop_strong(self.index as usize);
    }
}

impl<T, const N: usize> Deref for StackArc<'_, T, N> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        self.slot().value.with(|value| {
            // SAFETY: a strong reference keeps the value initialized; `&mut T` is only given
            // out (by `get_mut`/`make_mut`) to the only reference, which this is not while
            // borrowed.
            unsafe { (*value).assume_init_ref() }
        })
    }
}

forward_to_value!(StackArc);

/// A weak reference to a value in an [`ArcPool`], from [`StackArc::downgrade`]: keeps the slot
/// (not the value) and [`upgrade`](Self::upgrade)s to a [`StackArc`] while the value lives.
///
/// `Send` and `Sync` when `T: Send + Sync`, like std's `sync::Weak`.
///
/// ```
/// use avila_alloc::rc::{ArcPool, StackArc};
///
/// static POOL: ArcPool<u32, 2> = ArcPool::new();
/// let strong = POOL.arc(9).unwrap();
/// let weak = StackArc::downgrade(&strong);
/// let seen = std::thread::spawn(move || weak.upgrade().map(|s| *s));
/// assert!(matches!(seen.join().unwrap(), Some(9) | None));
/// ```
pub struct StackArcWeak<'p, T, const N: usize> {
    pool: &'p ArcPool<T, N>,
    index: u32,
    _shares: PhantomData<*const T>,
}

// SAFETY: a weak reference upgrades to a `StackArc` on its thread: `StackArc`'s bounds.
unsafe impl<T: Send + Sync, const N: usize> Send for StackArcWeak<'_, T, N> {}
// SAFETY: as for `Send`.
unsafe impl<T: Send + Sync, const N: usize> Sync for StackArcWeak<'_, T, N> {}

impl<'p, T, const N: usize> StackArcWeak<'p, T, N> {
    fn slot(&self) -> &'p ArcSlot<T> {
        &self.pool.slots[self.index as usize]
    }

    /// A strong reference, if the value has not been dropped.
    ///
    /// A compare-and-swap loop: the strong count goes up only from a non-zero value, so a value
    /// whose last strong reference is being dropped on another thread is never revived.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let strong = pool.arc(1).unwrap();
    /// let weak = StackArc::downgrade(&strong);
    /// assert_eq!(weak.upgrade().as_deref(), Some(&1));
    /// drop(strong);
    /// assert!(weak.upgrade().is_none());
    /// ```
    #[must_use]
    pub fn upgrade(&self) -> Option<StackArc<'p, T, N>> {
        let strong = &self.slot().strong;
        let mut current = strong.load(Relaxed);
        loop {
            if current == 0 {
                return None;
            }
            if current > MAX_REFCOUNT {
                abort_on_overflow();
            }
            // Acquire: pairs with the Release store of `try_make_mut` that restores a count of
            // 1, so the `&mut T` it gave out ends before this reference reads the value.
            match strong.compare_exchange_weak(current, current + 1, Acquire, Relaxed) {
                Ok(_) => return Some(StackArc::from_slot(self.pool, self.index as usize)),
                Err(now) => current = now,
            }
        }
    }

    /// The number of strong references to the value (0 once it is dropped).
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let strong = pool.arc(1).unwrap();
    /// let weak = StackArc::downgrade(&strong);
    /// assert_eq!(weak.strong_count(), 1);
    /// drop(strong);
    /// assert_eq!(weak.strong_count(), 0);
    /// ```
    #[must_use]
    pub fn strong_count(&self) -> usize {
        self.slot().strong.load(Relaxed)
    }

    /// The number of weak references (0 once the value is dropped, like std's `Weak`).
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let strong = pool.arc(1).unwrap();
    /// let weak = StackArc::downgrade(&strong);
    /// let _other = weak.clone();
    /// assert_eq!(weak.weak_count(), 2);
    /// drop(strong);
    /// assert_eq!(weak.weak_count(), 0);
    /// ```
    #[must_use]
    pub fn weak_count(&self) -> usize {
        let slot = self.slot();
        let weak = slot.weak.load(Acquire);
        if slot.strong.load(Relaxed) == 0 {
            0
        } else {
            // Not `LOCKED`: locking needs a weak count of 1, and this reference counts.
            weak - 1
        }
    }

    /// Whether two weak references point to the same slot of the same pool.
    ///
    /// ```
    /// use avila_alloc::rc::{ArcPool, StackArc};
    ///
    /// let pool: ArcPool<u8, 1> = ArcPool::new();
    /// let strong = pool.arc(1).unwrap();
    /// let weak = StackArc::downgrade(&strong);
    /// assert!(weak.ptr_eq(&StackArc::downgrade(&strong)));
    /// ```
    #[must_use]
    pub fn ptr_eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.pool, other.pool) && self.index == other.index
    }
}

impl<T, const N: usize> Clone for StackArcWeak<'_, T, N> {
    fn clone(&self) -> Self {
        // Relaxed: as in `StackArc::clone`.
        if self.slot().weak.fetch_add(1, Relaxed) > MAX_REFCOUNT {
            abort_on_overflow();
        }
        Self {
            pool: self.pool,
            index: self.index,
            _shares: PhantomData,
        }
    }
}

impl<T, const N: usize> Drop for StackArcWeak<'_, T, N> {
    fn drop(&mut self) {
        self.pool.drop_weak(self.index as usize);
    }
}

impl<T, const N: usize> fmt::Debug for StackArcWeak<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(StackArcWeak)")
    }
}
