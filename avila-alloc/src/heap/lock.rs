//! The locks of [`LockedHeap`](super::LockedHeap): the [`RawLock`] trait, its constant
//! initializer [`ConstLock`], and the implementations [`SpinLock`], [`CriticalSection`] (feature
//! `critical-section`), [`LockApi`] (feature `lock_api`) and [`Unlocked`].

use core::cell::Cell;
use core::fmt;

/// A lock without data: what [`LockedHeap`](super::LockedHeap) needs to give one caller at a time
/// `&mut` access to its allocator.
///
/// # Safety
///
/// Between a return from [`lock`](Self::lock) and the matching [`unlock`](Self::unlock), no other
/// call of `lock` on the same value may return, from any thread or interrupt handler that can reach
/// the value (for a lock that is `Sync`, from any thread). A lock may meet a second `lock` from the
/// same context while held (an allocation from inside the out-of-memory hook, say) by blocking
/// forever or aborting, but never by returning. (Not by panicking either, if the lock may guard a
/// global allocator: a `GlobalAlloc` that unwinds is undefined behaviour.)
///
/// # Examples
///
/// A lock for a program with a single thread and no interrupt handlers that allocate might only
/// check that it is not taken twice (and stop the program if it is):
///
/// ```
/// use avila_alloc::heap::{ConstLock, RawLock};
/// use core::cell::Cell;
///
/// struct Flag(Cell<bool>);
///
/// // SAFETY: `Flag` is not `Sync`, so only one thread reaches it, and `lock` never returns
/// // while the flag is set.
/// unsafe impl RawLock for Flag {
///     fn lock(&self) {
///         if self.0.replace(true) {
///             // Locked twice: a bug. Not a panic (an allocator must not unwind).
///             std::process::abort();
///         }
///     }
///     unsafe fn unlock(&self) {
///         self.0.set(false);
///     }
/// }
///
/// impl ConstLock for Flag {
///     const INIT: Self = Flag(Cell::new(false));
/// }
/// ```
pub unsafe trait RawLock {
    /// Blocks until the lock is acquired.
    fn lock(&self);

    /// Releases the lock.
    ///
    /// # Safety
    ///
    /// The lock is held, acquired by this context with [`lock`](Self::lock).
    unsafe fn unlock(&self);
}

/// A [`RawLock`] with a constant, unlocked initial value: what
/// [`LockedHeap::new`](super::LockedHeap::new) builds the lock from, so that a heap fits in a
/// `static`.
///
/// [`Unlocked`] does not implement it: its only constructor is `unsafe`.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{ConstLock, RawLock, SpinLock};
///
/// let lock = SpinLock::INIT;
/// lock.lock();
/// // SAFETY: locked just above.
/// unsafe { lock.unlock() };
/// ```
pub trait ConstLock: RawLock + Sized {
    /// The unlocked lock.
    const INIT: Self;
}

/// A test-and-test-and-set spin lock on one atomic flag: the default lock of
/// [`global_heap!`](crate::global_heap).
///
/// Waiters spin on a plain load (which keeps the cache line shared) and try to take the flag only
/// when it reads free, with [`core::hint::spin_loop`] in between. There is no fairness and no
/// parking: it suits allocators, whose critical sections are short.
///
/// **Not interrupt-safe**: if an interrupt handler allocates while the code it interrupted holds
/// the lock, the handler spins forever (the holder cannot run until the handler returns). On
/// firmware whose interrupt handlers allocate, use [`CriticalSection`].
///
/// Needs compare-and-swap (`target_has_atomic = "8"`); on `thumbv6m-none-eabi` and other targets
/// without it, use [`CriticalSection`].
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{ConstLock, RawLock, SpinLock};
///
/// static LOCK: SpinLock = SpinLock::INIT;
/// LOCK.lock();
/// assert!(LOCK.is_locked());
/// // SAFETY: this thread holds the lock.
/// unsafe { LOCK.unlock() };
/// assert!(!LOCK.is_locked());
/// ```
#[cfg_attr(
    feature = "critical-section",
    doc = "[`CriticalSection`]: super::CriticalSection"
)]
#[cfg_attr(
    not(feature = "critical-section"),
    doc = "[`CriticalSection`]: crate#cargo-features"
)]
#[cfg(target_has_atomic = "8")]
pub struct SpinLock {
    locked: crate::sync::AtomicBool,
}

#[cfg(target_has_atomic = "8")]
impl SpinLock {
    /// An unlocked spin lock.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = avila_alloc::heap::SpinLock::new();
    /// assert!(!lock.is_locked());
    /// ```
    #[cfg(not(loom))]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            locked: crate::sync::AtomicBool::new(false),
        }
    }

    /// An unlocked spin lock (not `const` under loom, whose atomics register with the model).
    #[cfg(loom)]
    #[must_use]
    pub fn new() -> Self {
        Self {
            locked: crate::sync::AtomicBool::new(false),
        }
    }

    /// Whether some context holds the lock now (a snapshot: it may change at once).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{RawLock, SpinLock};
    ///
    /// let lock = SpinLock::new();
    /// lock.lock();
    /// assert!(lock.is_locked());
    /// # unsafe { lock.unlock() };
    /// ```
    #[must_use]
    pub fn is_locked(&self) -> bool {
        self.locked.load(crate::sync::Ordering::Relaxed)
    }
}

#[cfg(target_has_atomic = "8")]
impl Default for SpinLock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(target_has_atomic = "8")]
impl fmt::Debug for SpinLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpinLock")
            .field("locked", &self.is_locked())
            .finish()
    }
}

// SAFETY: `lock` returns only after its compare-and-swap changed the flag from `false` to `true`
// (with `Acquire`); only `unlock` sets it back (with `Release`), so two holders cannot overlap, and
// the holder's writes happen before the next holder's reads.
#[cfg(target_has_atomic = "8")]
unsafe impl RawLock for SpinLock {
    #[inline]
    fn lock(&self) {
        use crate::sync::Ordering::{Acquire, Relaxed};
        while self
            .locked
            .compare_exchange_weak(false, true, Acquire, Relaxed)
            .is_err()
        {
            while self.locked.load(Relaxed) {
                // Loom must be told that this thread waits for another one to progress.
                #[cfg(loom)]
                loom::thread::yield_now();
                #[cfg(not(loom))]
                core::hint::spin_loop();
            }
        }
    }

    #[inline]
    unsafe fn unlock(&self) {
        self.locked.store(false, crate::sync::Ordering::Release);
    }
}

#[cfg(all(target_has_atomic = "8", not(loom)))]
impl ConstLock for SpinLock {
    const INIT: Self = Self::new();
}

/// A lock through the [`critical-section`](https://docs.rs/critical-section) crate: interrupts
/// are masked (on a single core; whatever the application's implementation does on several) while
/// the allocator is in use, so an interrupt handler that allocates cannot find the heap locked by
/// the code it interrupted, which with a [`SpinLock`] would deadlock.
///
/// The restore state of `critical_section::acquire` is kept inside the lock and handed back on
/// `unlock`. An allocation from inside the critical section itself (from the out-of-memory hook)
/// is detected by a flag and spins forever rather than alias the heap.
///
/// The application provides the implementation (`cortex-m`'s `critical-section-single-core`
/// feature, say); a library build needs only the crate's API.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{CriticalSection, Heap, LockedHeap};
///
/// static HEAP: LockedHeap<Heap, CriticalSection> = LockedHeap::new(Heap::new());
/// assert_eq!(HEAP.stats().free, 0);
/// ```
#[cfg(feature = "critical-section")]
#[cfg_attr(docsrs, doc(cfg(feature = "critical-section")))]
pub struct CriticalSection {
    held: Cell<bool>,
    restore: Cell<critical_section::RestoreState>,
}

#[cfg(feature = "critical-section")]
impl CriticalSection {
    /// An unlocked lock.
    ///
    /// # Examples
    ///
    /// ```
    /// let _lock = avila_alloc::heap::CriticalSection::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            held: Cell::new(false),
            restore: Cell::new(critical_section::RestoreState::invalid()),
        }
    }
}

#[cfg(feature = "critical-section")]
impl Default for CriticalSection {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "critical-section")]
impl fmt::Debug for CriticalSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CriticalSection")
    }
}

// SAFETY: the cells are read and written only inside a critical section (between `acquire` and
// `release`), which excludes every other context that could reach the value.
#[cfg(feature = "critical-section")]
unsafe impl Sync for CriticalSection {}

// SAFETY: `lock` returns inside a critical section with `held` set; a second `lock` from another
// context waits in `acquire` until `unlock` released the section, and one from the same context
// (which `acquire` lets through, as critical sections nest) finds `held` set and never returns.
#[cfg(feature = "critical-section")]
unsafe impl RawLock for CriticalSection {
    #[inline]
    fn lock(&self) {
        // SAFETY: released in `unlock` with this state, or never (below).
        let restore = unsafe { critical_section::acquire() };
        if self.held.replace(true) {
            // Taken again from the context that holds it: returning would alias the heap.
            loop {
                core::hint::spin_loop();
            }
        }
        self.restore.set(restore);
    }

    #[inline]
    unsafe fn unlock(&self) {
        let restore = self.restore.get();
        self.held.set(false);
        // SAFETY: the caller holds the lock, so `restore` is the state of the matching `acquire`.
        unsafe { critical_section::release(restore) };
    }
}

#[cfg(feature = "critical-section")]
impl ConstLock for CriticalSection {
    const INIT: Self = Self::new();
}

/// Any [`lock_api::RawMutex`] as a [`LockedHeap`](super::LockedHeap) lock: `spin`'s,
/// `parking_lot`'s, or your own.
///
/// What a second `lock` from the holding context does (deadlock or panic) is the mutex's choice.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{ConstLock, LockApi, RawLock};
/// use core::sync::atomic::{AtomicBool, Ordering};
///
/// struct Raw(AtomicBool);
///
/// // SAFETY: `lock` returns only after swapping `false` for `true`.
/// unsafe impl lock_api::RawMutex for Raw {
///     const INIT: Self = Raw(AtomicBool::new(false));
///     type GuardMarker = lock_api::GuardSend;
///     fn lock(&self) {
///         while !self.try_lock() {}
///     }
///     fn try_lock(&self) -> bool {
///         !self.0.swap(true, Ordering::Acquire)
///     }
///     unsafe fn unlock(&self) {
///         self.0.store(false, Ordering::Release);
///     }
/// }
///
/// let lock = LockApi::<Raw>::INIT;
/// lock.lock();
/// // SAFETY: locked just above.
/// unsafe { lock.unlock() };
/// ```
#[cfg(feature = "lock_api")]
#[cfg_attr(docsrs, doc(cfg(feature = "lock_api")))]
pub struct LockApi<R>(pub R);

#[cfg(feature = "lock_api")]
impl<R> fmt::Debug for LockApi<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LockApi")
    }
}

// SAFETY: `lock_api::RawMutex` promises mutual exclusion between `lock` and `unlock` (its own
// `unsafe` contract).
#[cfg(feature = "lock_api")]
unsafe impl<R: lock_api::RawMutex> RawLock for LockApi<R> {
    #[inline]
    fn lock(&self) {
        self.0.lock();
    }

    #[inline]
    unsafe fn unlock(&self) {
        // SAFETY: the caller holds the lock.
        unsafe { self.0.unlock() };
    }
}

#[cfg(feature = "lock_api")]
impl<R: lock_api::RawMutex> ConstLock for LockApi<R> {
    const INIT: Self = Self(R::INIT);
}

/// No lock at all, for a single core with no threads and no interrupt handler that allocates.
///
/// `Unlocked` is `Sync`, so a `LockedHeap<_, Unlocked>` can be a `#[global_allocator]` (which
/// must be `Sync`): that is sound only because its one constructor, [`Unlocked::new`], is
/// `unsafe`, and its caller promises that no two contexts ever use the heap at once. It does not
/// implement [`ConstLock`]: build the heap with
/// [`LockedHeap::with_lock`](super::LockedHeap::with_lock).
///
/// A flag catches a use from inside another (an allocation in the out-of-memory hook): that use
/// spins forever rather than alias the heap.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{Heap, LockedHeap, Unlocked};
///
/// // SAFETY: this example has one thread and no interrupt handlers.
/// static HEAP: LockedHeap<Heap, Unlocked> =
///     LockedHeap::with_lock(Heap::new(), unsafe { Unlocked::new() });
/// assert_eq!(HEAP.stats().allocations, 0);
/// ```
pub struct Unlocked {
    held: Cell<bool>,
}

impl Unlocked {
    /// The lock.
    ///
    /// # Safety
    ///
    /// The heap this lock guards is used by one context at a time: one thread, and no interrupt
    /// or signal handler that allocates from it. (The value is `Sync` so that it can sit in a
    /// `static`; sharing it between threads that use it is undefined behaviour.)
    ///
    /// # Examples
    ///
    /// See [`Unlocked`].
    #[must_use]
    pub const unsafe fn new() -> Self {
        Self {
            held: Cell::new(false),
        }
    }
}

impl fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unlocked")
    }
}

// SAFETY: the constructor's caller promised that one context at a time uses the value, so the
// cell is never accessed concurrently.
unsafe impl Sync for Unlocked {}

// SAFETY: one context at a time uses the value (constructor's promise); within it, a second
// `lock` before `unlock` finds the flag set and never returns.
unsafe impl RawLock for Unlocked {
    #[inline]
    fn lock(&self) {
        if self.held.replace(true) {
            loop {
                core::hint::spin_loop();
            }
        }
    }

    #[inline]
    unsafe fn unlock(&self) {
        self.held.set(false);
    }
}
