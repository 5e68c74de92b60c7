//! [`StaticRegion`] and [`LazyHeap`]: the heap of [`global_heap!`](crate::global_heap), which
//! claims its static buffer on first use, so that declaring it needs no `unsafe` code.

use core::alloc::Layout;
use core::fmt;
use core::mem::MaybeUninit;
use core::ptr::{self, NonNull};

use super::{Heap, HeapStats, RawAlloc};
use crate::error::AllocError;
use crate::sync::UnsafeCell;

/// `N` bytes of memory aligned to 16, for a `static` that a [`LazyHeap`] hands to its heap.
///
/// It gives no access to its bytes: only [`LazyHeap::new`] (an `unsafe` function, called for you
/// by [`global_heap!`](crate::global_heap)) uses them.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::StaticRegion;
///
/// static REGION: StaticRegion<1024> = StaticRegion::new();
/// assert_eq!(core::mem::align_of_val(&REGION), 16);
/// ```
#[repr(C, align(16))]
pub struct StaticRegion<const N: usize> {
    bytes: UnsafeCell<[MaybeUninit<u8>; N]>,
}

// SAFETY: a shared `StaticRegion` gives no access to its bytes; only the one `LazyHeap` its
// creator chose (the caller of the `unsafe` `LazyHeap::new`) touches them, under that heap's
// exclusive access.
unsafe impl<const N: usize> Sync for StaticRegion<N> {}

impl<const N: usize> StaticRegion<N> {
    /// The region (uninitialized bytes).
    ///
    /// # Examples
    ///
    /// See [`StaticRegion`].
    #[must_use]
    pub const fn new() -> Self {
        Self {
            bytes: UnsafeCell::new([MaybeUninit::uninit(); N]),
        }
    }
}

impl<const N: usize> Default for StaticRegion<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Debug for StaticRegion<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StaticRegion<{N}>")
    }
}

/// A [`Heap`] that claims a [`StaticRegion`] the first time it allocates (or is asked to
/// [`claim`](Self::claim_now)): the allocator of [`global_heap!`](crate::global_heap).
///
/// The claim is lazy because a `static` initializer cannot run the heap's (non-`const`)
/// `claim`; it happens under the caller's `&mut self`, which in a [`LockedHeap`](super::LockedHeap)
/// is the lock, so exactly once. Until then [`stats`](RawAlloc::stats) reports an empty heap.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{LazyHeap, RawAlloc, StaticRegion};
/// use core::alloc::Layout;
///
/// static REGION: StaticRegion<4096> = StaticRegion::new();
/// // SAFETY: `REGION` is used by this heap alone.
/// let mut heap = unsafe { LazyHeap::new(&REGION) };
/// assert_eq!(heap.stats().free, 0);
/// let ptr = heap.allocate(Layout::new::<u64>())?;
/// assert!(heap.stats().free > 4000);
/// // SAFETY: allocated just above with this layout.
/// unsafe { heap.deallocate(ptr, Layout::new::<u64>()) };
/// # Ok::<(), avila_alloc::AllocError>(())
/// ```
pub struct LazyHeap<const N: usize> {
    heap: Heap,
    region: Option<&'static StaticRegion<N>>,
}

impl<const N: usize> LazyHeap<N> {
    /// A heap that will claim `region` on first use.
    ///
    /// # Safety
    ///
    /// No other `LazyHeap` is ever built over `region` (two would hand out the same bytes).
    /// [`global_heap!`](crate::global_heap) ensures it by declaring the region where no other
    /// code can name it.
    ///
    /// # Examples
    ///
    /// See [`LazyHeap`].
    #[must_use]
    pub const unsafe fn new(region: &'static StaticRegion<N>) -> Self {
        Self {
            heap: Heap::new(),
            region: Some(region),
        }
    }

    /// Claims the region now if not done yet; returns the bytes it added (0 when claimed before).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{LazyHeap, RawAlloc, StaticRegion};
    ///
    /// static REGION: StaticRegion<1024> = StaticRegion::new();
    /// // SAFETY: `REGION` is used by this heap alone.
    /// let mut heap = unsafe { LazyHeap::new(&REGION) };
    /// let added = heap.claim_now();
    /// assert!(added > 900);
    /// assert_eq!(heap.stats().free, added);
    /// assert_eq!(heap.claim_now(), 0);
    /// ```
    pub fn claim_now(&mut self) -> usize {
        let Some(region) = self.region.take() else {
            return 0;
        };
        let bytes = region
            .bytes
            .with_mut(|p| ptr::slice_from_raw_parts_mut(p.cast::<u8>(), N));
        // SAFETY: the region is `'static`, valid for reads and writes of its `N` bytes, and used
        // by this heap alone (`new`'s contract); `take` above makes this the only claim.
        unsafe { self.heap.claim(bytes) }
    }

    /// The heap (after claiming the region if not done yet), for `extend`, `blocks` and the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{LazyHeap, StaticRegion};
    ///
    /// static REGION: StaticRegion<1024> = StaticRegion::new();
    /// // SAFETY: `REGION` is used by this heap alone.
    /// let mut heap = unsafe { LazyHeap::new(&REGION) };
    /// assert_eq!(heap.heap().blocks().filter(|b| b.free).count(), 1);
    /// ```
    pub fn heap(&mut self) -> &mut Heap {
        self.claim_now();
        &mut self.heap
    }
}

impl<const N: usize> fmt::Debug for LazyHeap<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LazyHeap")
            .field("claimed", &self.region.is_none())
            .field("heap", &self.heap)
            .finish()
    }
}

/// Forwards to the [`Heap`], claiming the region first when needed.
impl<const N: usize> RawAlloc for LazyHeap<N> {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if self.region.is_some() {
            self.claim_now();
        }
        self.heap.allocate(layout)
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded; blocks come from `self.heap`.
        unsafe { self.heap.deallocate(ptr, layout) }
    }

    #[inline]
    fn stats(&self) -> HeapStats {
        self.heap.stats()
    }

    #[inline]
    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: forwarded.
        unsafe { self.heap.grow_in_place(ptr, old_layout, new_size) }
    }

    #[inline]
    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: forwarded.
        unsafe { self.heap.shrink_in_place(ptr, old_layout, new_size) }
    }
}
