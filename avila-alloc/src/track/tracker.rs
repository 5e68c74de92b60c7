//! [`AllocationTracker`]: counts of what passes through an allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::fmt;
use core::ptr::NonNull;

use super::AllocStats;
use crate::error::AllocError;
use crate::heap::{HeapStats, RawAlloc};
use crate::sync::{AtomicUsize, CachePadded, Ordering::Relaxed};

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
/// Each counter is exact: no update is lost between threads. The bytes in use change by one
/// atomic read-modify-write per request, and the peak is the highest value they took: each
/// allocation takes the new value from its own addition and raises the peak to it. The counts of
/// requests and the total bytes are kept per thread under `std` (each of the first 16 threads
/// alive at once has its own slot in the tracker, written with a plain load and store; further
/// threads share atomics), and a snapshot adds them up: that is what keeps the tracker's cost near
/// one locked instruction per call. A deallocation is counted before the block is handed back, so
/// another thread reusing the block at once cannot make the count exceed what is allocated. A
/// snapshot reads the counters one after the other: while other threads allocate, each is exact
/// but they may come from slightly different moments.
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
///
/// Inside a lock: a [`LockedHeap`](crate::heap::LockedHeap) calls its allocator through
/// `&mut`, and through `&mut` the tracker counts with plain loads and stores, so a tracker inside
/// the lock costs about a nanosecond per call where one outside it costs a locked instruction or
/// two:
///
/// ```
/// use avila_alloc::heap::{Heap, LockedHeap, RawAlloc, SpinLock};
/// use avila_alloc::track::AllocationTracker;
/// use core::alloc::{GlobalAlloc, Layout};
///
/// static HEAP: LockedHeap<AllocationTracker<Heap>, SpinLock> =
///     LockedHeap::new(AllocationTracker::new(Heap::new()));
/// let region: &mut [u128] = Box::leak(Box::new([0u128; 256]));
/// let bytes = core::ptr::slice_from_raw_parts_mut(region.as_mut_ptr().cast::<u8>(), 4096);
/// // SAFETY: the leaked buffer lives forever and is used for nothing else.
/// unsafe { HEAP.lock().inner_mut().claim(bytes) };
/// let layout = Layout::new::<[u64; 8]>();
/// // SAFETY: a non-zero-sized layout, freed with the same layout.
/// unsafe { HEAP.dealloc(HEAP.alloc(layout), layout) };
/// let stats = HEAP.lock().snapshot();
/// assert_eq!((stats.allocations, stats.deallocations, stats.peak_bytes), (1, 1, 64));
/// ```
pub struct AllocationTracker<A> {
    inner: A,
    counters: Counters,
}

/// `Counters` at zero, for the `const` constructor and its loom twin.
macro_rules! zeroed_counters {
    () => {
        Counters {
            bytes: CachePadded::new(Bytes {
                current: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
            }),
            shared: zeroed_counters!(events),
            #[cfg(all(feature = "std", not(loom)))]
            slots: [const { CachePadded::new(zeroed_counters!(events)) }; SLOTS],
        }
    };
    (events) => {
        Events {
            allocations: AtomicUsize::new(0),
            deallocations: AtomicUsize::new(0),
            reallocations: AtomicUsize::new(0),
            failures: AtomicUsize::new(0),
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
        let mut stats = AllocStats {
            current_bytes: c.bytes.current.load(Relaxed),
            peak_bytes: c.bytes.peak.load(Relaxed),
            ..AllocStats::default()
        };
        c.shared.add_to(&mut stats);
        #[cfg(all(feature = "std", not(loom)))]
        for slot in &c.slots {
            slot.add_to(&mut stats);
        }
        stats
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
        let bytes = &self.counters.bytes;
        bytes.peak.store(bytes.current.load(Relaxed), Relaxed);
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

/// The tracker's counters. They are statistics, ordering nothing else: every access is relaxed.
///
/// The bytes in use and the peak are shared by all threads and changed by read-modify-writes (the
/// peak must follow the value each addition produced). The event counts and the total are
/// [`Events`]: under `std`, each thread whose [number](crate::thread_number) is below [`SLOTS`]
/// has a slot of its own, which only it writes, with a plain load and store instead of a locked
/// read-modify-write; other threads (and every thread without `std`, or under loom) share one set
/// of atomics. A snapshot adds the slots up.
struct Counters {
    bytes: CachePadded<Bytes>,
    shared: Events,
    #[cfg(all(feature = "std", not(loom)))]
    slots: [CachePadded<Events>; SLOTS],
}

/// The threads with a slot of their own in each tracker (thread numbers `0..SLOTS`).
#[cfg(all(feature = "std", not(loom)))]
const SLOTS: usize = 16;

/// The bytes in use now and at the peak.
struct Bytes {
    current: AtomicUsize,
    peak: AtomicUsize,
}

/// What happened: counts of each kind of request, and the bytes ever allocated.
struct Events {
    allocations: AtomicUsize,
    deallocations: AtomicUsize,
    reallocations: AtomicUsize,
    failures: AtomicUsize,
    total: AtomicUsize,
}

impl Events {
    /// Adds these counts to `stats`'s (wrapping, as each counter does).
    fn add_to(&self, stats: &mut AllocStats) {
        let add = |sum: &mut usize, counter: &AtomicUsize| {
            *sum = sum.wrapping_add(counter.load(Relaxed));
        };
        add(&mut stats.allocations, &self.allocations);
        add(&mut stats.deallocations, &self.deallocations);
        add(&mut stats.reallocations, &self.reallocations);
        add(&mut stats.failures, &self.failures);
        add(&mut stats.total_bytes, &self.total);
    }
}

/// `counter += by`: a plain load and store when no other thread writes `counter` meanwhile
/// (`exclusive`), else one atomic read-modify-write.
#[inline]
fn add(counter: &AtomicUsize, by: usize, exclusive: bool) -> usize {
    if exclusive {
        let now = counter.load(Relaxed).wrapping_add(by);
        counter.store(now, Relaxed);
        now
    } else {
        counter.fetch_add(by, Relaxed).wrapping_add(by)
    }
}

/// `counter -= by`, as [`add`].
#[inline]
fn sub(counter: &AtomicUsize, by: usize, exclusive: bool) {
    if exclusive {
        counter.store(counter.load(Relaxed).wrapping_sub(by), Relaxed);
    } else {
        counter.fetch_sub(by, Relaxed);
    }
}

impl Counters {
    /// The counters for a call made through `&self`: other threads may count at once.
    #[inline]
    fn shared(&self) -> Counting<'_> {
        Counting {
            counters: self,
            exclusive: false,
        }
    }

    /// The counters for a call made through `&mut self` (the [`RawAlloc`] methods): no other
    /// thread can count at once, so every update is a plain load and store. This is what makes a
    /// tracker inside a lock (`LockedHeap<AllocationTracker<Heap>>`) nearly free.
    #[inline]
    fn exclusive(&mut self) -> Counting<'_> {
        Counting {
            counters: self,
            exclusive: true,
        }
    }
}

/// The counters, reached by one call.
struct Counting<'a> {
    counters: &'a Counters,
    /// No other thread touches the counters during this call.
    exclusive: bool,
}

impl Counting<'_> {
    /// The [`Events`] this call updates, and whether it may update them with plain loads and
    /// stores: the calling thread's slot if it has one (no other thread writes it while this
    /// thread holds its number), else the shared counts.
    #[inline]
    fn events(&self) -> (&Events, bool) {
        let counters = self.counters;
        if self.exclusive {
            return (&counters.shared, true);
        }
        #[cfg(all(feature = "std", not(loom)))]
        if let Some(slot) = crate::thread_number::current().and_then(|n| counters.slots.get(n)) {
            return (slot, true);
        }
        (&counters.shared, false)
    }

    #[inline]
    fn allocated(&self, size: usize) {
        let (events, owned) = self.events();
        add(&events.allocations, 1, owned);
        add(&events.total, size, owned);
        self.grew(size);
    }

    #[inline]
    fn deallocated(&self, size: usize) {
        let (events, owned) = self.events();
        add(&events.deallocations, 1, owned);
        sub(&self.counters.bytes.current, size, self.exclusive);
    }

    #[inline]
    fn reallocated(&self, old_size: usize, new_size: usize) {
        let (events, owned) = self.events();
        add(&events.reallocations, 1, owned);
        if new_size >= old_size {
            add(&events.total, new_size - old_size, owned);
            self.grew(new_size - old_size);
        } else {
            sub(
                &self.counters.bytes.current,
                old_size - new_size,
                self.exclusive,
            );
        }
    }

    #[inline]
    fn failed(&self) {
        let (events, owned) = self.events();
        add(&events.failures, 1, owned);
    }

    /// `by` more bytes in use: the current count rises, and the peak follows the value this
    /// addition produced (the load first skips the read-modify-write when the peak is already
    /// higher, which it usually is).
    #[inline]
    fn grew(&self, by: usize) {
        let bytes = &self.counters.bytes;
        let now = add(&bytes.current, by, self.exclusive);
        if now > bytes.peak.load(Relaxed) {
            if self.exclusive {
                bytes.peak.store(now, Relaxed);
            } else {
                bytes.peak.fetch_max(now, Relaxed);
            }
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
            .shared()
            .record_ptr(ptr, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `alloc_zeroed`.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        self.counters
            .shared()
            .record_ptr(ptr, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // Counted first: once the block is back, another thread may allocate it and count it.
        self.counters.shared().deallocated(layout.size());
        // SAFETY: the caller's guarantees for `dealloc`.
        unsafe { self.inner.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees for `realloc`.
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        self.counters
            .shared()
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
        self.counters
            .exclusive()
            .record(result, |c| c.allocated(layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        self.counters.exclusive().deallocated(layout.size());
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
            self.counters
                .exclusive()
                .reallocated(old_layout.size(), new_size);
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
            self.counters
                .exclusive()
                .reallocated(old_layout.size(), new_size);
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
        self.counters.exclusive().record(result, |c| {
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
        self.counters.exclusive().record(result, |c| {
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
            self.counters
                .shared()
                .record(result, |c| c.allocated(layout.size()))
        }

        #[inline]
        fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            let result = self.inner.allocate_zeroed(layout);
            self.counters
                .shared()
                .record(result, |c| c.allocated(layout.size()))
        }

        #[inline]
        unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
            self.counters.shared().deallocated(layout.size());
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
            self.counters.shared().record(result, |c| {
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
            self.counters.shared().record(result, |c| {
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
            self.counters.shared().record(result, |c| {
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
