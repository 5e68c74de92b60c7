//! General-purpose allocation: the byte-level [`RawAlloc`] trait and the TLSF [`Heap`].
//!
//! - [`RawAlloc`] is the allocator interface of the crate's heaps and pools: `allocate` and
//!   `deallocate` by [`Layout`], resizing that tries in place first, and usage statistics
//!   ([`HeapStats`]). It takes `&mut self`: sharing one allocator between threads or with
//!   interrupt handlers is the job of a lock around it.
//! - [`Heap`] is a two-level segregated fit allocator (TLSF) over one or more memory regions
//!   that the caller hands over: allocation and free in O(1), any alignment, a one-word header
//!   per block, resizing in place, a walk of its block map ([`Heap::blocks`]).
//! - [`BuddyAllocator`] is a binary buddy system over claimed regions: power-of-two blocks
//!   without headers, aligned to their size, O(log n) allocation and free through bitmaps and
//!   per-order lists (no list is scanned), resizing in place by splitting and merging buddies.
//! - [`LockedHeap`] puts an allocator behind a lock ([`SpinLock`], `CriticalSection`,
//!   `LockApi`, [`Unlocked`]) and implements [`GlobalAlloc`](core::alloc::GlobalAlloc), with an
//!   optional out-of-memory hook; [`global_heap!`](crate::global_heap) declares a
//!   `#[global_allocator]` over a static buffer in one line.
//!
//! ```
//! use avila_alloc::heap::{Heap, RawAlloc};
//! use core::alloc::Layout;
//! use core::mem::MaybeUninit;
//!
//! // Any byte buffer will do; one aligned to 16 bytes loses nothing to alignment.
//! #[repr(align(16))]
//! struct Memory([MaybeUninit<u8>; 4096]);
//!
//! let mut memory = Memory([MaybeUninit::uninit(); 4096]);
//! let mut heap = Heap::new();
//! // SAFETY: `memory` outlives the heap and is used for nothing else.
//! let usable = unsafe { heap.claim(core::ptr::from_mut(&mut memory.0[..]) as *mut [u8]) };
//! assert!(usable > 4000);
//!
//! let layout = Layout::new::<[u64; 4]>();
//! let ptr = heap.allocate(layout)?;
//! assert_eq!(heap.stats().allocations, 1);
//! // SAFETY: `ptr` came from `heap.allocate(layout)`.
//! unsafe { heap.deallocate(ptr, layout) };
//! assert_eq!(heap.stats().free, usable);
//! # Ok::<(), avila_alloc::AllocError>(())
//! ```

use core::alloc::Layout;
use core::mem::MaybeUninit;
use core::ptr::{self, NonNull};

use crate::error::{AllocError, AllocErrorKind};

mod block;
mod buddy;
#[cfg(any(test, feature = "debug-invariants"))]
mod check;
#[cfg(not(loom))]
mod lazy;
mod lock;
#[cfg(not(loom))]
mod locked;
#[cfg(all(test, not(loom)))]
mod locked_tests;
#[cfg(all(feature = "std", not(loom)))]
mod os;
#[cfg(any(feature = "std", loom))]
mod remote_free;
mod snapshot;
#[cfg(test)]
mod tests;
mod tlsf;

pub use self::buddy::BuddyAllocator;
#[cfg(not(loom))]
pub use self::lazy::{LazyHeap, StaticRegion};
#[cfg(feature = "critical-section")]
pub use self::lock::CriticalSection;
#[cfg(feature = "lock_api")]
pub use self::lock::LockApi;
#[cfg(target_has_atomic = "8")]
pub use self::lock::SpinLock;
pub use self::lock::{ConstLock, RawLock, Unlocked};
#[cfg(not(loom))]
pub use self::locked::{LockedHeap, LockedHeapGuard, OomHook};
#[cfg(all(feature = "std", not(loom)))]
pub use self::os::{OsHeap, OsHeapStats};
/// The remote-free list of `OsHeap`'s pages, for the loom test `loom_os_heap`.
#[cfg(loom)]
#[doc(hidden)]
pub use self::remote_free::loom_hooks as os_heap_loom;
pub use self::snapshot::{BlockInfo, Blocks};
pub use self::tlsf::Heap;

/// Usage statistics of an allocator, from [`RawAlloc::stats`].
///
/// Bytes are counted the way the allocator hands them out: `used` is what live allocations
/// occupy (each at least its requested size: rounding is included, bookkeeping headers are not),
/// `free` what allocations could still get. For [`Heap`], `used + free` plus one header per
/// block is the usable size of the claimed regions.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::HeapStats;
///
/// fn report(stats: &HeapStats) -> String {
///     format!(
///         "{} live allocations, {} bytes used, {} free ({:.0}% fragmented)",
///         stats.allocations,
///         stats.used,
///         stats.free,
///         100.0 * stats.fragmentation()
///     )
/// }
/// # let _ = report;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct HeapStats {
    /// Bytes held by live allocations (rounding included, headers excluded).
    pub used: usize,
    /// Bytes available to allocations (headers of free blocks excluded).
    pub free: usize,
    /// The size of a request (at the allocator's basic alignment) that is sure to succeed now:
    /// for [`Heap`], the largest free block up to one size class (see [`Heap::stats`]).
    pub largest_free: usize,
    /// Live allocations (zero-sized ones are not counted: they take no memory).
    pub allocations: usize,
}

impl HeapStats {
    /// External fragmentation: the share of the free memory that is *not* in the largest free
    /// block, from 0.0 (all free memory in one block, or none free) towards 1.0 (free memory cut
    /// into many small pieces).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::HeapStats;
    ///
    /// let mut stats = HeapStats::default();
    /// assert_eq!(stats.fragmentation(), 0.0);
    /// stats.free = 1000;
    /// stats.largest_free = 250;
    /// assert_eq!(stats.fragmentation(), 0.75);
    /// ```
    #[must_use]
    pub fn fragmentation(&self) -> f32 {
        if self.free == 0 {
            return 0.0;
        }
        1.0 - (self.largest_free.min(self.free) as f32 / self.free as f32)
    }
}

/// A byte-level allocator with exclusive access (`&mut self`).
///
/// Zero-sized layouts never reach the allocator's memory: [`allocate`](Self::allocate) returns a
/// dangling pointer aligned to the layout, [`deallocate`](Self::deallocate) ignores it, and the
/// provided [`grow`](Self::grow)/[`shrink`](Self::shrink) turn a resize from or to zero bytes
/// into an allocation or a free.
///
/// Implementors provide `allocate`, `deallocate` and `stats`, and may provide
/// `grow_in_place`/`shrink_in_place` (which fail by default); `grow` and `shrink` try those first
/// and otherwise allocate, copy and free.
///
/// # Examples
///
/// Code generic over the allocator:
///
/// ```
/// use avila_alloc::heap::{Heap, RawAlloc};
/// use avila_alloc::AllocError;
/// use core::alloc::Layout;
/// use core::ptr::NonNull;
///
/// /// Copies `bytes` into a fresh allocation.
/// fn store<A: RawAlloc>(alloc: &mut A, bytes: &[u8]) -> Result<NonNull<u8>, AllocError> {
///     let ptr = alloc.allocate(Layout::for_value(bytes))?;
///     // SAFETY: the allocation holds `bytes.len()` bytes.
///     unsafe { ptr.as_ptr().copy_from_nonoverlapping(bytes.as_ptr(), bytes.len()) };
///     Ok(ptr)
/// }
///
/// let mut memory = vec![0u64; 128];
/// let mut heap = Heap::new();
/// // SAFETY: the vector outlives the heap and is not otherwise used.
/// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 1024)) };
/// let ptr = store(&mut heap, b"hello")?;
/// // SAFETY: `ptr` holds the 5 bytes just written.
/// assert_eq!(unsafe { core::slice::from_raw_parts(ptr.as_ptr(), 5) }, b"hello");
/// # Ok::<(), AllocError>(())
/// ```
pub trait RawAlloc {
    /// Allocates a block of memory for `layout`.
    ///
    /// The memory is uninitialized. A zero-sized `layout` gives a dangling pointer aligned to
    /// `layout.align()` and takes no memory.
    ///
    /// # Errors
    ///
    /// [`AllocError`] with [`AllocErrorKind::OutOfMemory`] when no free block fits now, or a kind
    /// saying the request can never be served (a size or alignment beyond the allocator's).
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError>;

    /// Frees the block at `ptr`.
    ///
    /// # Safety
    ///
    /// - `ptr` was returned by this allocator (by `allocate`, `grow` or `shrink`) for `layout`
    ///   (the layout it was last allocated or resized with), and was not freed since.
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout);

    /// Current usage statistics.
    #[must_use]
    fn stats(&self) -> HeapStats;

    /// Tries to grow the block at `ptr` to `new_size` bytes without moving it. On failure
    /// nothing changes. The default always fails.
    ///
    /// # Errors
    ///
    /// [`AllocErrorKind::OutOfMemory`] (for the layout `new_size`, `old_layout.align()`) when
    /// the block cannot grow where it is.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live allocation of this allocator for `old_layout`.
    /// - `new_size >= old_layout.size()`, and `new_size` rounded up to `old_layout.align()` does
    ///   not overflow `isize`.
    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        let _ = ptr;
        Err(in_place_error(new_size, old_layout.align()))
    }

    /// Tries to shrink the block at `ptr` to `new_size` bytes without moving it, giving the
    /// rest back where the allocator can. On failure nothing changes. The default always fails.
    ///
    /// # Errors
    ///
    /// [`AllocErrorKind::OutOfMemory`] when the block cannot be resized in place (always for
    /// `new_size == 0`: the provided [`shrink`](Self::shrink) frees instead).
    ///
    /// # Safety
    ///
    /// - `ptr` is a live allocation of this allocator for `old_layout`.
    /// - `new_size <= old_layout.size()`.
    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        let _ = ptr;
        Err(in_place_error(new_size, old_layout.align()))
    }

    /// Grows the block at `ptr` to `new_layout`, in place if possible, else by allocating,
    /// copying `old_layout.size()` bytes and freeing the old block. The new bytes are
    /// uninitialized.
    ///
    /// # Errors
    ///
    /// Those of [`allocate`](Self::allocate); on error the old block is untouched and still
    /// allocated.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live allocation of this allocator for `old_layout`.
    /// - `new_layout.size() >= old_layout.size()`.
    ///
    /// On success the old pointer must be treated as freed (it may equal the new one).
    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new_layout.size() >= old_layout.size());
        if old_layout.size() != 0 && ptr.as_ptr().addr() & (new_layout.align() - 1) == 0 {
            // SAFETY: the caller's guarantees; the new layout is valid, so its size rounded to
            // the old (not larger than the pointer's) alignment cannot overflow `isize`.
            if unsafe { self.grow_in_place(ptr, old_layout, new_layout.size()) }.is_ok() {
                return Ok(ptr);
            }
        }
        // SAFETY: the caller's guarantees; the old block holds `old_layout.size()` bytes, all of
        // which fit in the larger new one.
        unsafe { move_block(self, ptr, old_layout, new_layout, old_layout.size()) }
    }

    /// Shrinks the block at `ptr` to `new_layout`, in place if possible, else by allocating,
    /// copying `new_layout.size()` bytes and freeing the old block. Shrinking to zero bytes
    /// frees the block and returns a dangling pointer.
    ///
    /// # Errors
    ///
    /// Those of [`allocate`](Self::allocate) when the block has to move (a larger alignment);
    /// on error the old block is untouched and still allocated.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live allocation of this allocator for `old_layout`.
    /// - `new_layout.size() <= old_layout.size()`.
    ///
    /// On success the old pointer must be treated as freed (it may equal the new one).
    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new_layout.size() <= old_layout.size());
        if new_layout.size() == 0 {
            // SAFETY: the caller's guarantees.
            unsafe { self.deallocate(ptr, old_layout) };
            return Ok(dangling(new_layout.align()));
        }
        if ptr.as_ptr().addr() & (new_layout.align() - 1) == 0 {
            // SAFETY: the caller's guarantees.
            if unsafe { self.shrink_in_place(ptr, old_layout, new_layout.size()) }.is_ok() {
                return Ok(ptr);
            }
        }
        // SAFETY: the caller's guarantees; the new block holds `new_layout.size()` bytes, which
        // the old one has too.
        unsafe { move_block(self, ptr, old_layout, new_layout, new_layout.size()) }
    }
}

/// The moving half of [`RawAlloc::grow`] and [`RawAlloc::shrink`] (for their provided forms and
/// for allocators that override them): allocates `new_layout`, copies `copy` bytes, frees the old
/// block. On error the old block is untouched.
///
/// # Safety
///
/// `ptr` is a live allocation of `alloc` for `old_layout`, and `copy` is at most both
/// `old_layout.size()` and `new_layout.size()`.
pub(crate) unsafe fn move_block<A: RawAlloc + ?Sized>(
    alloc: &mut A,
    ptr: NonNull<u8>,
    old_layout: Layout,
    new_layout: Layout,
    copy: usize,
) -> Result<NonNull<u8>, AllocError> {
    let new = alloc.allocate(new_layout)?;
    // SAFETY: both blocks are live and distinct (the old one is still allocated), both hold at
    // least `copy` bytes (the caller's guarantee); then the old block is freed with its layout
    // (a no-op when zero-sized).
    unsafe {
        ptr::copy_nonoverlapping(ptr.as_ptr(), new.as_ptr(), copy);
        alloc.deallocate(ptr, old_layout);
    }
    Ok(new)
}

/// Every method forwards, so `&mut A` can be passed where an allocator is taken by value.
impl<A: RawAlloc + ?Sized> RawAlloc for &mut A {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        (**self).allocate(layout)
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { (**self).deallocate(ptr, layout) }
    }

    #[inline]
    fn stats(&self) -> HeapStats {
        (**self).stats()
    }

    #[inline]
    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { (**self).grow_in_place(ptr, old_layout, new_size) }
    }

    #[inline]
    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { (**self).shrink_in_place(ptr, old_layout, new_size) }
    }

    #[inline]
    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { (**self).grow(ptr, old_layout, new_layout) }
    }

    #[inline]
    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { (**self).shrink(ptr, old_layout, new_layout) }
    }
}

/// Copies `len` bytes from `src` to `dst`: up to 16 bytes with two overlapping loads and stores
/// of the largest power of two that fits (no call), more through `copy_nonoverlapping`
/// (`memcpy`). Short copies are what arenas mostly see (strings, small slices), and what a
/// global allocator's `realloc` of a small block moves: for them the call costs more than the copy.
///
/// The pieces are copied as `MaybeUninit` words, which carry any bytes (padding, pointers with
/// their provenance) as they are.
///
/// # Safety
///
/// `src` is valid for reads and `dst` for writes of `len` bytes, and they do not overlap.
#[inline(always)]
pub(crate) unsafe fn copy_bytes(src: *const u8, dst: *mut u8, len: usize) {
    /// Copies a `W` from `src + at` to `dst + at`, unaligned.
    #[inline(always)]
    unsafe fn word<W: Copy>(src: *const u8, dst: *mut u8, at: usize) {
        // SAFETY: the caller's range covers `at..at + size_of::<W>()` on both sides.
        unsafe {
            let w = src.add(at).cast::<MaybeUninit<W>>().read_unaligned();
            dst.add(at).cast::<MaybeUninit<W>>().write_unaligned(w);
        }
    }
    // SAFETY: each branch copies two pieces inside `0..len` (overlapping when `len` is not a
    // power of two), which together cover every byte; the caller's contract for the rest.
    unsafe {
        match len {
            0 => {}
            1 => word::<u8>(src, dst, 0),
            2..=3 => {
                word::<u16>(src, dst, 0);
                word::<u16>(src, dst, len - 2);
            }
            4..=7 => {
                word::<u32>(src, dst, 0);
                word::<u32>(src, dst, len - 4);
            }
            8..=16 => {
                word::<u64>(src, dst, 0);
                word::<u64>(src, dst, len - 8);
            }
            _ => ptr::copy_nonoverlapping(src, dst, len),
        }
    }
}

/// A dangling pointer aligned to `align` (a power of two), for zero-sized allocations.
#[inline(always)]
pub(crate) const fn dangling(align: usize) -> NonNull<u8> {
    // SAFETY: an alignment is a power of two, so never zero.
    unsafe { NonNull::new_unchecked(ptr::without_provenance_mut(align)) }
}

/// The error of a failed resize in place.
#[cold]
fn in_place_error(new_size: usize, align: usize) -> AllocError {
    match Layout::from_size_align(new_size, align) {
        Ok(layout) => AllocError::new(AllocErrorKind::OutOfMemory, layout),
        Err(_) => AllocError::invalid_layout(),
    }
}

/// The error for `layout` of `kind`, out of line.
#[cold]
#[inline(never)]
pub(crate) fn alloc_error(kind: AllocErrorKind, layout: Layout) -> AllocError {
    AllocError::new(kind, layout)
}
