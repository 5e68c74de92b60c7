//! [`AllocationTracker`]: counts of what passes through an allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::fmt;
use core::ptr::NonNull;

use super::AllocStats;
use crate::error::AllocError;
use crate::heap::{HeapStats, RawAlloc};
use crate::sync::{AtomicUsize, Ordering::Relaxed};

/// An allocator wrapper that counts allocations, deallocations, reallocations, failures and
/// bytes (current, peak, total), and passes every request on to the allocator it wraps.
///
/// It wraps any [`GlobalAlloc`] (and is one: it can be the `#[global_allocator]`), any
/// [`RawAlloc`] (and is one), and with the `allocator-api2` feature any
/// `allocator_api2::alloc::Allocator` (and is one, so `&AllocationTracker<A>` is too). The
/// counters are atomics inside the tracker: it never allocates, and a `static` tracker needs no
/// initialisation ([`new`](Self::new) is `const`).
///
/// [`snapshot`](Self::snapshot) reads the counters as [`AllocStats`]; the
/// [`diff`](AllocStats::diff) of two snapshots is what a region of code did, and
/// [`reset_peak`](Self::reset_peak) starts a new peak.
///
/// # Accuracy
///
/// Each counter is exact: every request changes it by one atomic read-modify-write, so no update
/// is lost between threads. The peak is the highest value the byte counter took: each allocation
/// takes the new value from its own addition and raises the peak to it. A deallocation is counted
/// before the block is handed back, so another thread reusing the block at once cannot make the
/// count exceed what is allocated. A snapshot reads the counters one after the other: while
/// other threads allocate, each is exact but they may come from slightly different moments.
///
/// # Examples
///
/// The global allocator of a program, and the allocations of one piece of code:
///
/// ```standalone_crate
/// use avila_alloc::track::AllocationTracker;
/// use std::alloc::System;
///
/// #[global_allocator]
/// static GLOBAL: AllocationTracker<System> = AllocationTracker::new(System);
///
/// fn main() {
///     let before = GLOBAL.snapshot();
///     let words: Vec<String> = ["a", "b", "c"].iter().map(|s| s.repeat(10)).collect();
///     let change = GLOBAL.snapshot().diff(&before);
///     assert_eq!(change.allocations, 4); // the vector and three strings
///     assert_eq!(change.current_bytes, 3 * 24 + 3 * 10);
///     drop(words);
///     println!("{}", GLOBAL.snapshot());
/// }
/// ```
///
/// Over a [`Heap`](crate::heap::Heap) (any [`RawAlloc`]):
///
/// ```
/// use avila_alloc::heap::{Heap, RawAlloc};
/// use avila_alloc::track::AllocationTracker;
/// use core::alloc::Layout;
///
/// let mut memory = vec![0u64; 512];
/// let mut heap = Heap::new();
/// // SAFETY: the vector outlives the heap and is not otherwise used.
/// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 4096)) };
/// let mut tracked = AllocationTracker::new(heap);
/// let layout = Layout::new::<[u8; 64]>();
/// let ptr = tracked.allocate(layout)?;
/// assert_eq!(tracked.snapshot().current_bytes, 64);
/// // SAFETY: `ptr` came from `allocate(layout)`.
/// unsafe { tracked.deallocate(ptr, layout) };
/// assert!(tracked.allocate(Layout::from_size_align(1 << 20, 8).unwrap()).is_err());
/// assert_eq!(tracked.snapshot().failures, 1);
/// # Ok::<(), avila_alloc::AllocError>(())
/// ```
pub struct AllocationTracker<A> {
    inner: A,
    counters: Counters,
}

/// `Counters` at zero, for the `const` constructor and its loom twin.
macro_rules! zeroed_counters {
    () => {
        Counters {
            allocations: AtomicUsize::new(0),
            deallocations: AtomicUsize::new(0),
            reallocations: AtomicUsize::new(0),
            failures: AtomicUsize::new(0),
            current: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            total: AtomicUsize::new(0),
        }
    };
}

impl<A> AllocationTracker<A> {
    /// Wraps `inner`, with every counter at zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// static TRACKER: AllocationTracker<std::alloc::System> =
    ///     AllocationTracker::new(std::alloc::System);
    /// assert_eq!(TRACKER.snapshot().allocations, 0);
    /// ```
    #[cfg(not(loom))]
    #[must_use]
    pub const fn new(inner: A) -> Self {
        Self {
            inner,
            counters: zeroed_counters!(),
        }
    }

    /// Wraps `inner` (not `const` under loom, whose atomics register with the model).
    #[cfg(loom)]
    #[must_use]
    pub fn new(inner: A) -> Self {
        Self {
            inner,
            counters: zeroed_counters!(),
        }
    }

    /// The counters now (see [Accuracy](Self#accuracy) for snapshots taken while other threads
    /// allocate).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// let tracker = AllocationTracker::new(std::alloc::System);
    /// let stats = tracker.snapshot();
    /// assert_eq!((stats.allocations, stats.current_bytes), (0, 0));
    /// ```
    #[must_use]
    pub fn snapshot(&self) -> AllocStats {
        let c = &self.counters;
        AllocStats {
            allocations: c.allocations.load(Relaxed),
            deallocations: c.deallocations.load(Relaxed),
            reallocations: c.reallocations.load(Relaxed),
            failures: c.failures.load(Relaxed),
            current_bytes: c.current.load(Relaxed),
            peak_bytes: c.peak.load(Relaxed),
            total_bytes: c.total.load(Relaxed),
        }
    }

    /// Starts a new peak: `peak_bytes` becomes `current_bytes`, and rises again from there.
    ///
    /// A peak that another thread reaches while this call runs may be missed.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let tracker = AllocationTracker::new(std::alloc::System);
    /// let big = Layout::new::<[u8; 4096]>();
    /// // SAFETY: a non-zero-sized layout, freed with the same layout.
    /// unsafe { tracker.dealloc(tracker.alloc(big), big) };
    /// assert_eq!(tracker.snapshot().peak_bytes, 4096);
    /// tracker.reset_peak();
    /// assert_eq!(tracker.snapshot().peak_bytes, 0);
    /// ```
    pub fn reset_peak(&self) {
        let c = &self.counters;
        c.peak.store(c.current.load(Relaxed), Relaxed);
    }

    /// The wrapped allocator.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// let tracker = AllocationTracker::new(std::alloc::System);
    /// let _system: &std::alloc::System = tracker.inner();
    /// ```
    #[must_use]
    pub const fn inner(&self) -> &A {
        &self.inner
    }

    /// The wrapped allocator, by `&mut` (for a [`RawAlloc`]'s `claim`, say). Allocations made
    /// through it directly are not counted.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::Heap;
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// let mut tracker = AllocationTracker::new(Heap::new());
    /// assert_eq!(tracker.inner_mut().stats().free, 0);
    /// ```
    #[must_use]
    pub fn inner_mut(&mut self) -> &mut A {
        &mut self.inner
    }

    /// Unwraps the allocator, dropping the counters.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// let system: std::alloc::System = AllocationTracker::new(std::alloc::System).into_inner();
    /// # let _ = system;
    /// ```
    #[must_use]
    pub fn into_inner(self) -> A {
        self.inner
    }
}

impl<A: Default> Default for AllocationTracker<A> {
    fn default() -> Self {
        Self::new(A::default())
    }
}

impl<A> fmt::Debug for AllocationTracker<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AllocationTracker")
            .field("stats", &self.snapshot())
            .finish_non_exhaustive()
    }
}

impl<A> fmt::Display for AllocationTracker<A> {
    /// The [`snapshot`](Self::snapshot)'s one-line summary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.snapshot(), f)
    }
}

/// The tracker's counters; every update is one relaxed read-modify-write per counter it changes
/// (they are statistics: nothing else is ordered by them).
struct Counters {
    allocations: AtomicUsize,
    deallocations: AtomicUsize,
    reallocations: AtomicUsize,
    failures: AtomicUsize,
    current: AtomicUsize,
    peak: AtomicUsize,
    total: AtomicUsize,
}

impl Counters {
    #[inline]
    fn allocated(&self, size: usize) {
        self.allocations.fetch_add(1, Relaxed);
        self.grew(size);
    }

    #[inline]
    fn deallocated(&self, size: usize) {
        self.deallocations.fetch_add(1, Relaxed);
        self.current.fetch_sub(size, Relaxed);
    }

    #[inline]
    fn reallocated(&self, old_size: usize, new_size: usize) {
        self.reallocations.fetch_add(1, Relaxed);
        if new_size >= old_size {
            self.grew(new_size - old_size);
        } else {
            self.current.fetch_sub(old_size - new_size, Relaxed);
        }
    }

    #[inline]
    fn failed(&self) {
        self.failures.fetch_add(1, Relaxed);
    }

    /// `by` more bytes in use: the total and the current count rise, and the peak follows the
    /// value this addition produced (the load first skips the read-modify-write when the peak is
    /// already higher, which it usually is).
    #[inline]
    fn grew(&self, by: usize) {
        self.total.fetch_add(by, Relaxed);
        let now = self.current.fetch_add(by, Relaxed).wrapping_add(by);
        if now > self.peak.load(Relaxed) {
            self.peak.fetch_max(now, Relaxed);
        }
    }

    /// Counts a request's outcome: `on_success` for a success, a failure otherwise.
    #[inline]
    fn record<T, E>(&self, result: Result<T, E>, on_success: impl FnOnce(&Self)) -> Result<T, E> {
        match result {
            Ok(_) => on_success(self),
            Err(_) => self.failed(),
        }
        result
    }

    /// [`record`](Self::record) for `GlobalAlloc`'s null-for-failure pointers.
    #[inline]
    fn record_ptr(&self, ptr: *mut u8, on_success: impl FnOnce(&Self)) -> *mut u8 {
        if ptr.is_null() {
            self.failed();
        } else {
            on_success(self);
        }
        ptr
    }
}

// SAFETY: every call is passed on to `inner` unchanged, with the caller's guarantees, and its
// result returned unchanged; the tracker only counts.
unsafe impl<A: GlobalAlloc> GlobalAlloc for AllocationTracker<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `alloc`.
        let ptr = unsafe { self.inner.alloc(layout) };
        self.counters
            .record_ptr(ptr, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `alloc_zeroed`.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        self.counters
            .record_ptr(ptr, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Counted first: once the block is back, another thread may allocate it and count it.
        self.counters.deallocated(layout.size());
        // SAFETY: the caller's guarantees for `dealloc`.
        unsafe { self.inner.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees for `realloc`.
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        self.counters
            .record_ptr(new, |c| c.reallocated(layout.size(), new_size))
    }
}

/// A refused in-place resize ([`grow_in_place`](RawAlloc::grow_in_place),
/// [`shrink_in_place`](RawAlloc::shrink_in_place)) is not counted as a failure: the caller is
/// expected to fall back to moving the block.
impl<A: RawAlloc> RawAlloc for AllocationTracker<A> {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let result = self.inner.allocate(layout);
        self.counters.record(result, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        self.counters.deallocated(layout.size());
        // SAFETY: the caller's guarantees for `deallocate`.
        unsafe { self.inner.deallocate(ptr, layout) }
    }

    fn stats(&self) -> HeapStats {
        self.inner.stats()
    }

    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: the caller's guarantees for `grow_in_place`.
        let result = unsafe { self.inner.grow_in_place(ptr, old_layout, new_size) };
        if result.is_ok() {
            self.counters.reallocated(old_layout.size(), new_size);
        }
        result
    }

    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: the caller's guarantees for `shrink_in_place`.
        let result = unsafe { self.inner.shrink_in_place(ptr, old_layout, new_size) };
        if result.is_ok() {
            self.counters.reallocated(old_layout.size(), new_size);
        }
        result
    }

    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees for `grow`.
        let result = unsafe { self.inner.grow(ptr, old_layout, new_layout) };
        self.counters.record(result, |c| {
            c.reallocated(old_layout.size(), new_layout.size());
        })
    }

    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees for `shrink`.
        let result = unsafe { self.inner.shrink(ptr, old_layout, new_layout) };
        self.counters.record(result, |c| {
            c.reallocated(old_layout.size(), new_layout.size());
        })
    }
}

#[cfg(feature = "allocator-api2")]
mod api2 {
    use allocator_api2::alloc::{AllocError, Allocator};
    use core::alloc::Layout;
    use core::ptr::NonNull;

    use super::AllocationTracker;

    /// `allocator_api2::alloc::Allocator`: every request passed on and counted like the
    /// [`GlobalAlloc`](core::alloc::GlobalAlloc) ones; `&AllocationTracker<A>` is an `Allocator`
    /// too (allocator-api2's blanket implementation for references).
    ///
    /// # Examples
    ///
    /// ```
    /// use allocator_api2::alloc::Global;
    /// use allocator_api2::vec::Vec;
    /// use avila_alloc::track::AllocationTracker;
    ///
    /// let tracker = AllocationTracker::new(Global);
    /// let mut v = Vec::with_capacity_in(4, &tracker);
    /// v.extend([1u32, 2, 3, 4, 5]); // one growth
    /// let stats = tracker.snapshot();
    /// assert_eq!((stats.allocations, stats.reallocations), (1, 1));
    /// assert_eq!(stats.current_bytes, v.capacity() * 4);
    /// ```
    // SAFETY: every call is passed on to `inner` unchanged, with the caller's guarantees, and its
    // result returned unchanged; the tracker only counts.
    #[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
    unsafe impl<A: Allocator> Allocator for AllocationTracker<A> {
        #[inline]
        fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            let result = self.inner.allocate(layout);
            self.counters.record(result, |c| c.allocated(layout.size()))
        }

        #[inline]
        fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            let result = self.inner.allocate_zeroed(layout);
            self.counters.record(result, |c| c.allocated(layout.size()))
        }

        #[inline]
        unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
            self.counters.deallocated(layout.size());
            // SAFETY: the caller's guarantees for `deallocate`.
            unsafe { self.inner.deallocate(ptr, layout) }
        }

        unsafe fn grow(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees for `grow`.
            let result = unsafe { self.inner.grow(ptr, old_layout, new_layout) };
            self.counters.record(result, |c| {
                c.reallocated(old_layout.size(), new_layout.size());
            })
        }

        unsafe fn grow_zeroed(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees for `grow_zeroed`.
            let result = unsafe { self.inner.grow_zeroed(ptr, old_layout, new_layout) };
            self.counters.record(result, |c| {
                c.reallocated(old_layout.size(), new_layout.size());
            })
        }

        unsafe fn shrink(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees for `shrink`.
            let result = unsafe { self.inner.shrink(ptr, old_layout, new_layout) };
            self.counters.record(result, |c| {
                c.reallocated(old_layout.size(), new_layout.size());
            })
        }
    }

    #[cfg(feature = "nightly")]
    crate::core_alloc::forward_core_allocator!(
        /// core's `Allocator` (feature `nightly`), the same implementation as allocator-api2's
        /// above: std's `Vec`, `Box` and collections can allocate through it. The wrapped
        /// allocator is an allocator-api2 one (such as `allocator_api2::alloc::Global`, or an arena).
        ///
        /// # Examples
        ///
        /// ```
        /// #![feature(allocator_api)]
        /// use avila_alloc::StackArena;
        /// use avila_alloc::track::AllocationTracker;
        ///
        /// let arena: StackArena<1024> = StackArena::new();
        /// let tracker = AllocationTracker::new(&arena);
        /// let mut v: Vec<u32, _> = Vec::with_capacity_in(4, &tracker);
        /// v.extend([1, 2, 3, 4, 5]); // one growth
        /// assert_eq!(v.iter().sum::<u32>(), 15);
        /// let stats = tracker.snapshot();
        /// assert_eq!((stats.allocations, stats.reallocations), (1, 1));
        /// assert!(v.try_reserve(1024).is_err());
        /// ```
        impl[A: Allocator] AllocationTracker<A>
    );
}
