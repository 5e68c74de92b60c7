//! [`LockedHeap`]: a [`RawAlloc`] behind a [`RawLock`], usable as `#[global_allocator]`, and its
//! guard.

use core::alloc::{GlobalAlloc, Layout};
use core::fmt;
use core::marker::PhantomData;
use core::ops::{Deref, DerefMut};
use core::ptr::{self, NonNull};

use super::lock::{ConstLock, RawLock};
use super::{HeapStats, RawAlloc};
use crate::error::{AllocError, AllocErrorKind};
use crate::sync::UnsafeCell;

/// The out-of-memory hook of a [`LockedHeap`]: called with the allocator (under the lock) and the
/// layout that failed; returns whether to retry (once).
pub type OomHook<A> = fn(&mut A, Layout) -> bool;

/// An allocator `A` behind a lock `L`: [`GlobalAlloc`], so it can be the `#[global_allocator]`,
/// and with the `allocator-api2` feature an `allocator_api2::alloc::Allocator` through
/// `&LockedHeap`.
///
/// - Every call takes the lock, runs `A`'s method and releases the lock. `realloc` and the
///   `Allocator` resizes go through [`RawAlloc::grow`]/[`RawAlloc::shrink`], which resize in place
///   when they can.
/// - [`lock`](Self::lock) gives a guard that dereferences to `A`, for `claim`, `extend` and
///   anything else the allocator offers.
/// - An optional out-of-memory hook ([`with_oom_hook`](Self::with_oom_hook)) runs, still under the
///   lock, when an allocation or a growth fails for lack of memory; if it returns `true` (it added
///   a region, say) the request is tried once more.
///
/// The locks: [`SpinLock`](super::SpinLock), [`CriticalSection`]
/// (interrupt-safe; feature `critical-section`), [`LockApi`] (any
/// `lock_api::RawMutex`; feature `lock_api`) and [`Unlocked`](super::Unlocked) (single context;
/// `unsafe` to build).
///
/// # Send and Sync
///
/// `LockedHeap<A, L>` is `Sync` when `A: Send` (the allocator is handed from one holder of the lock
/// to the next, possibly on another thread) and `L: Sync` (the lock can be shared). It is `Send`
/// when `A` and `L` are. Every lock of this crate is `Sync`: [`CriticalSection`] because its state
/// is touched only inside a critical section, [`Unlocked`] because its constructor is `unsafe`.
///
/// [`Unlocked`]: super::Unlocked
#[cfg_attr(
    feature = "critical-section",
    doc = "[`CriticalSection`]: super::CriticalSection"
)]
#[cfg_attr(
    not(feature = "critical-section"),
    doc = "[`CriticalSection`]: crate#cargo-features"
)]
#[cfg_attr(feature = "lock_api", doc = "[`LockApi`]: super::LockApi")]
#[cfg_attr(not(feature = "lock_api"), doc = "[`LockApi`]: crate#cargo-features")]
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
/// use core::alloc::{GlobalAlloc, Layout};
///
/// static HEAP: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
///
/// #[repr(align(16))]
/// struct Memory([u8; 4096]);
/// let memory = Box::leak(Box::new(Memory([0; 4096])));
/// // SAFETY: the leaked buffer lives forever and is used for nothing else.
/// unsafe { HEAP.lock().claim(core::ptr::from_mut(&mut memory.0[..])) };
///
/// let layout = Layout::new::<[u32; 8]>();
/// // SAFETY: the layout is not zero-sized.
/// let ptr = unsafe { HEAP.alloc(layout) };
/// assert!(!ptr.is_null());
/// assert_eq!(HEAP.stats().allocations, 1);
/// // SAFETY: allocated just above with `layout`.
/// unsafe { HEAP.dealloc(ptr, layout) };
/// ```
pub struct LockedHeap<A, L> {
    lock: L,
    oom: Option<OomHook<A>>,
    inner: UnsafeCell<A>,
}

// SAFETY: `inner` is reached only through a guard, which exists only between `lock` and `unlock`
// of `L`; `L: Sync` lets threads share the lock and `RawLock` makes the guards exclusive, and
// `A: Send` lets the allocator be used from whichever thread holds the lock.
unsafe impl<A: Send, L: RawLock + Sync> Sync for LockedHeap<A, L> {}

impl<A, L: ConstLock> LockedHeap<A, L> {
    /// `inner` behind an unlocked `L`, without an out-of-memory hook. `const`, for a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    ///
    /// static HEAP: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    /// assert_eq!(HEAP.stats().free, 0); // nothing claimed yet
    /// ```
    #[must_use]
    pub const fn new(inner: A) -> Self {
        Self::with_lock(inner, L::INIT)
    }
}

impl<A, L> LockedHeap<A, L> {
    /// `inner` behind the given (unlocked) lock, without an out-of-memory hook.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    ///
    /// let heap = LockedHeap::with_lock(Heap::new(), SpinLock::new());
    /// assert_eq!(heap.stats().allocations, 0);
    /// ```
    #[must_use]
    pub const fn with_lock(inner: A, lock: L) -> Self {
        Self {
            lock,
            oom: None,
            inner: UnsafeCell::new(inner),
        }
    }

    /// Sets the out-of-memory hook: when an allocation (or a growth that has to move) fails for
    /// lack of memory, `hook` is called with the allocator and the layout that failed, **with the
    /// lock held**; if it returns `true`, the request is tried once more.
    ///
    /// The hook runs under the lock so that what it adds (a region claimed or extended through the
    /// `&mut A` it gets) is there for the retry, with no other allocation in between. So it must
    /// not use the same heap: not allocate through it (no `Vec`, `format!`... when it is the
    /// global allocator) nor call its `lock`; with a [`SpinLock`](super::SpinLock) that spins
    /// forever, and so do this crate's other locks.
    ///
    /// # Examples
    ///
    /// A heap that claims a reserve when it first runs dry:
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    /// use core::alloc::{GlobalAlloc, Layout};
    /// use core::sync::atomic::{AtomicPtr, Ordering};
    ///
    /// static RESERVE: AtomicPtr<u8> = AtomicPtr::new(core::ptr::null_mut());
    ///
    /// fn claim_reserve(heap: &mut Heap, _: Layout) -> bool {
    ///     let reserve = RESERVE.swap(core::ptr::null_mut(), Ordering::Relaxed);
    ///     // SAFETY: the reserve is a leaked buffer of 4096 bytes, taken once (swapped out).
    ///     !reserve.is_null()
    ///         && unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(reserve, 4096)) } > 0
    /// }
    ///
    /// static HEAP: LockedHeap<Heap, SpinLock> =
    ///     LockedHeap::new(Heap::new()).with_oom_hook(claim_reserve);
    ///
    /// RESERVE.store(Box::leak(Box::new([0u128; 256])).as_mut_ptr().cast(), Ordering::Relaxed);
    /// let layout = Layout::new::<[u8; 100]>();
    /// // SAFETY: not zero-sized. The heap starts empty: the hook gives it the reserve.
    /// let ptr = unsafe { HEAP.alloc(layout) };
    /// assert!(!ptr.is_null());
    /// // SAFETY: allocated above with `layout`.
    /// unsafe { HEAP.dealloc(ptr, layout) };
    /// ```
    #[must_use]
    pub const fn with_oom_hook(mut self, hook: OomHook<A>) -> Self {
        self.oom = Some(hook);
        self
    }

    /// The allocator, consuming the lock.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    ///
    /// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    /// let heap: Heap = heap.into_inner();
    /// # let _ = heap;
    /// ```
    pub fn into_inner(self) -> A {
        self.inner.into_inner()
    }
}

impl<A, L: RawLock> LockedHeap<A, L> {
    /// Takes the lock (blocking until it is free) and returns a guard that dereferences to the
    /// allocator; the lock is released when the guard drops.
    ///
    /// Do not allocate from this heap while holding the guard (from the same thread or an
    /// interrupt handler): the allocation waits for the lock forever.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, RawAlloc, SpinLock};
    ///
    /// static HEAP: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    /// let region: &mut [u128] = Box::leak(Box::new([0u128; 64]));
    /// let bytes = core::ptr::slice_from_raw_parts_mut(region.as_mut_ptr().cast::<u8>(), 1024);
    /// let mut heap = HEAP.lock();
    /// // SAFETY: the leaked buffer of 1024 bytes lives forever and is used for nothing else.
    /// let added = unsafe { heap.claim(bytes) };
    /// assert!(added > 900);
    /// assert_eq!(heap.stats().free, added);
    /// ```
    pub fn lock(&self) -> LockedHeapGuard<'_, A, L> {
        self.lock.lock();
        LockedHeapGuard {
            heap: self,
            _not_send: PhantomData,
        }
    }
}

impl<A: RawAlloc, L: RawLock> LockedHeap<A, L> {
    /// The allocator's statistics (taking the lock for the moment it reads them).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    ///
    /// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    /// assert_eq!(heap.stats().used, 0);
    /// ```
    #[must_use]
    pub fn stats(&self) -> HeapStats {
        self.lock().stats()
    }

    /// Whether the out-of-memory hook, given `err` for `layout`, asks for a retry.
    #[inline]
    fn hook_retries(&self, inner: &mut A, err: &AllocError, layout: Layout) -> bool {
        match self.oom {
            Some(hook) if err.kind() == AllocErrorKind::OutOfMemory => hook(inner, layout),
            _ => false,
        }
    }

    /// `allocate` under the lock, with the hook's retry.
    #[inline]
    pub(crate) fn allocate(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let mut inner = self.lock();
        match inner.allocate(layout) {
            Ok(ptr) => Ok(ptr),
            Err(err) => {
                if self.hook_retries(&mut inner, &err, layout) {
                    inner.allocate(layout)
                } else {
                    Err(err)
                }
            }
        }
    }

    /// `grow` under the lock, with the hook's retry.
    ///
    /// # Safety
    ///
    /// That of [`RawAlloc::grow`].
    #[inline]
    pub(crate) unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let mut inner = self.lock();
        // SAFETY: the caller's guarantees.
        match unsafe { inner.grow(ptr, old, new) } {
            Ok(ptr) => Ok(ptr),
            Err(err) => {
                if self.hook_retries(&mut inner, &err, new) {
                    // SAFETY: a failed `grow` left the block as it was: the caller's
                    // guarantees still hold.
                    unsafe { inner.grow(ptr, old, new) }
                } else {
                    Err(err)
                }
            }
        }
    }

    /// `shrink` under the lock (no hook: a shrink fails only when it has to move to a larger
    /// alignment, which the hook is not told about).
    ///
    /// # Safety
    ///
    /// That of [`RawAlloc::shrink`].
    #[inline]
    pub(crate) unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees.
        unsafe { self.lock().shrink(ptr, old, new) }
    }
}

impl<A, L> fmt::Debug for LockedHeap<A, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockedHeap")
            .field("oom_hook", &self.oom.is_some())
            .finish_non_exhaustive()
    }
}

/// The null pointer for a failed [`GlobalAlloc`] call.
#[inline]
fn ptr_or_null(result: Result<NonNull<u8>, AllocError>) -> *mut u8 {
    result.map_or(ptr::null_mut(), NonNull::as_ptr)
}

/// `GlobalAlloc` on top of `A`'s `RawAlloc` methods, each under the lock. A failure is a null
/// pointer (after the out-of-memory hook's retry, if any).
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
/// use core::alloc::{GlobalAlloc, Layout};
///
/// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
/// // SAFETY: not zero-sized. Nothing claimed: the allocation fails.
/// assert!(unsafe { heap.alloc(Layout::new::<u64>()) }.is_null());
/// ```
// SAFETY: blocks come from `A`'s `RawAlloc` methods, which hand out disjoint blocks fitting their
// layouts (`RawAlloc`'s contract), each call made under the lock, so with exclusive access to `A`.
// `realloc` keeps the alignment and copies through `RawAlloc::grow`/`shrink`.
unsafe impl<A: RawAlloc, L: RawLock> GlobalAlloc for LockedHeap<A, L> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ptr_or_null(self.allocate(layout))
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = ptr_or_null(self.allocate(layout));
        if !ptr.is_null() {
            // SAFETY: a fresh block of `layout.size()` bytes.
            unsafe { ptr.write_bytes(0, layout.size()) };
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `GlobalAlloc::dealloc`'s contract: a block of this allocator (so non-null) for
        // `layout`.
        unsafe { self.lock().deallocate(NonNull::new_unchecked(ptr), layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `GlobalAlloc::realloc`'s contract: `new_size`, rounded up to the alignment,
        // does not overflow `isize`, and `ptr` is a live block of this allocator for `layout`.
        unsafe {
            let new = Layout::from_size_align_unchecked(new_size, layout.align());
            let ptr = NonNull::new_unchecked(ptr);
            ptr_or_null(if new_size >= layout.size() {
                self.grow(ptr, layout, new)
            } else {
                self.shrink(ptr, layout, new)
            })
        }
    }
}

/// Exclusive access to the allocator of a [`LockedHeap`], from [`LockedHeap::lock`]; the lock is
/// released on drop.
///
/// Not `Send`: a lock is released by the context that took it (a critical section must end
/// where it began).
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
///
/// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
/// let guard = heap.lock();
/// assert_eq!(guard.blocks().count(), 0);
/// ```
pub struct LockedHeapGuard<'a, A, L: RawLock> {
    heap: &'a LockedHeap<A, L>,
    _not_send: PhantomData<*mut ()>,
}

// SAFETY: a shared guard only gives `&A`; sharing it is sharing `&A`.
unsafe impl<A: Sync, L: RawLock + Sync> Sync for LockedHeapGuard<'_, A, L> {}

impl<A, L: RawLock> Deref for LockedHeapGuard<'_, A, L> {
    type Target = A;

    #[inline]
    fn deref(&self) -> &A {
        // SAFETY: the guard holds the lock, so no `&mut A` exists elsewhere.
        self.heap.inner.with(|p| unsafe { &*p })
    }
}

impl<A, L: RawLock> DerefMut for LockedHeapGuard<'_, A, L> {
    #[inline]
    fn deref_mut(&mut self) -> &mut A {
        // SAFETY: the guard holds the lock, and `&mut self` excludes other uses of the guard.
        self.heap.inner.with_mut(|p| unsafe { &mut *p })
    }
}

impl<A, L: RawLock> Drop for LockedHeapGuard<'_, A, L> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the guard was created by `lock`, which took the lock in this context.
        unsafe { self.heap.lock.unlock() };
    }
}

impl<A: fmt::Debug, L: RawLock> fmt::Debug for LockedHeapGuard<'_, A, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// `allocator_api2::alloc::Allocator` for `&LockedHeap`: `allocator_api2`'s and `hashbrown`'s
/// collections can allocate from a locked heap, with resizes in place when the allocator can.
///
/// # Examples
///
/// ```
/// use allocator_api2::vec::Vec;
/// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
///
/// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
/// let mut region = vec![0u128; 256];
/// let bytes = core::ptr::slice_from_raw_parts_mut(region.as_mut_ptr().cast::<u8>(), 4096);
/// // SAFETY: the buffer of 4096 bytes outlives the heap's use and is used for nothing else.
/// unsafe { heap.lock().claim(bytes) };
/// let mut v = Vec::new_in(&heap);
/// v.extend(0..100_u32);
/// assert_eq!(v.iter().sum::<u32>(), 4950);
/// ```
// SAFETY: as for `GlobalAlloc`; a block stays valid until it is freed through this heap, which
// moving the `&LockedHeap` (a copy of the same reference) does not change.
#[cfg(feature = "allocator-api2")]
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
unsafe impl<A: RawAlloc, L: RawLock> allocator_api2::alloc::Allocator for &LockedHeap<A, L> {
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        let ptr = (**self)
            .allocate(layout)
            .map_err(|_| allocator_api2::alloc::AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: `Allocator::deallocate`'s contract is `RawAlloc::deallocate`'s.
        unsafe { self.lock().deallocate(ptr, layout) }
    }

    #[inline]
    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: `Allocator::grow`'s contract is `RawAlloc::grow`'s.
        let ptr = unsafe { (**self).grow(ptr, old_layout, new_layout) }
            .map_err(|_| allocator_api2::alloc::AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, new_layout.size()))
    }

    #[inline]
    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: `Allocator::shrink`'s contract is `RawAlloc::shrink`'s.
        let ptr = unsafe { (**self).shrink(ptr, old_layout, new_layout) }
            .map_err(|_| allocator_api2::alloc::AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, new_layout.size()))
    }
}

#[cfg(feature = "nightly")]
crate::core_alloc::forward_core_allocator!(
    /// core's `Allocator` (feature `nightly`), the same implementation as allocator-api2's
    /// above.
    ///
    /// # Examples
    ///
    /// ```
    /// #![feature(allocator_api)]
    /// use avila_alloc::heap::{Heap, LockedHeap, SpinLock};
    ///
    /// let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    /// let mut region = vec![0u128; 256];
    /// let bytes = core::ptr::slice_from_raw_parts_mut(region.as_mut_ptr().cast::<u8>(), 4096);
    /// // SAFETY: the buffer of 4096 bytes outlives the heap's use and is used for nothing else.
    /// unsafe { heap.lock().claim(bytes) };
    /// let mut v: Vec<u32, _> = Vec::new_in(&heap);
    /// v.extend(0..100);
    /// assert_eq!(v.iter().sum::<u32>(), 4950);
    /// assert!(v.try_reserve(1 << 20).is_err());
    /// ```
    impl[A: RawAlloc, L: RawLock] &LockedHeap<A, L>
);
