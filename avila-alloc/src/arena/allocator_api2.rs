//! `allocator_api2::alloc::Allocator` for `&BumpArena` (so `&Arena`, `&StackArena` and
//! `&MpmcArena`): the collections of `allocator-api2` and `hashbrown` can live in an arena on
//! stable Rust; under the `nightly` feature, core's `Allocator` too (the same implementation).
//!
//! Only the shared reference is an allocator: a `StackArena` moves its bytes when it moves, and
//! `Allocator` requires blocks to stay valid when the allocator value is moved.

use core::alloc::Layout;
use core::ptr::{self, NonNull};

use allocator_api2::alloc::{AllocError, Allocator};

use super::{BumpArena, Offset, Storage};

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> BumpArena<S, MIN_ALIGN, O> {
    /// The offset of `ptr` in the buffer when its `size` bytes end at the used part's end and it
    /// is aligned to `align`: the block that can change size in place.
    #[inline]
    fn last_block(&self, ptr: NonNull<u8>, size: usize, align: usize) -> Option<usize> {
        let addr = ptr.as_ptr().addr();
        (self.ends_at_top(addr, size) && addr & (align - 1) == 0)
            .then(|| addr - self.storage.base().addr())
    }
}

/// Blocks stay valid until they are deallocated or the arena's borrow ends: `reset` and
/// checkpoints need `&mut` on the arena, which the borrow checker refuses while a collection
/// holds `&BumpArena`. `deallocate` gives the bytes back only for the most recent block;
/// `grow` and `shrink` of the most recent block happen in place (the address is kept).
///
/// # Examples
///
/// ```
/// use allocator_api2::vec::Vec;
/// use avila_alloc::StackArena;
///
/// let arena: StackArena<1024> = StackArena::new();
/// let mut v = Vec::new_in(&arena);
/// v.extend([1_u32, 2, 3]);
/// v.push(4); // grows in place: the vector is the arena's last block
/// assert_eq!(v, [1, 2, 3, 4]);
/// ```
// SAFETY: blocks come from `bump`, which hands out disjoint, aligned byte ranges of the buffer
// that stay reserved until `top` is lowered below them; `top` is lowered only by `reset` and
// checkpoints (which need `&mut BumpArena`, impossible while this `&BumpArena` is in use) and by
// the methods below, which lower it only past the block they were given back, and only if `top`
// still is that block's end (a compare-and-replace: for an arena shared between threads, a
// block allocated after it by another thread is never given back with it). Copies of
// `&BumpArena` are the same allocator.
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
unsafe impl<S: Storage, const MIN_ALIGN: usize, O: Offset> Allocator
    for &BumpArena<S, MIN_ALIGN, O>
{
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        let ptr = (**self).alloc_layout(layout).map_err(|_| AllocError)?;
        Ok(NonNull::slice_from_raw_parts(ptr, layout.size()))
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if let Some(offset) = self.last_block(ptr, layout.size(), 1) {
            // Shared between threads, another one may have allocated after the block meanwhile:
            // then the bytes stay used until a reset.
            self.top.replace(offset + layout.size(), offset);
        }
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        debug_assert!(new_layout.size() >= old_layout.size());
        let arena: &BumpArena<S, MIN_ALIGN, O> = self;
        if let Some(offset) = arena.last_block(ptr, old_layout.size(), new_layout.align()) {
            let end = offset + old_layout.size();
            if new_layout.size() - old_layout.size() > arena.capacity() - end {
                return Err(AllocError);
            }
            // Fails only when another thread allocated after the block meanwhile: then it is
            // moved like any other.
            if arena.top.replace(end, offset + new_layout.size()) {
                // SAFETY: the block starts at `offset`, inside the buffer.
                let block = unsafe { arena.at(offset) };
                return Ok(NonNull::slice_from_raw_parts(block, new_layout.size()));
            }
        }
        // SAFETY: the caller's contract for `grow`.
        unsafe { grow_by_moving(self, ptr, old_layout, new_layout) }
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, AllocError> {
        debug_assert!(new_layout.size() <= old_layout.size());
        let arena: &BumpArena<S, MIN_ALIGN, O> = self;
        if let Some(offset) = arena.last_block(ptr, old_layout.size(), new_layout.align()) {
            // As in `grow`, the block is handled like any other if another thread allocated
            // after it meanwhile.
            if arena
                .top
                .replace(offset + old_layout.size(), offset + new_layout.size())
            {
                if new_layout.size() == 0 {
                    return self.allocate(new_layout);
                }
                return Ok(NonNull::slice_from_raw_parts(ptr, new_layout.size()));
            }
        }
        if new_layout.size() != 0 && ptr.as_ptr().addr() & (new_layout.align() - 1) == 0 {
            // Not the last block: keep it where it is, shorter.
            return Ok(NonNull::slice_from_raw_parts(ptr, new_layout.size()));
        }
        let new = self.allocate(new_layout)?;
        // SAFETY: `ptr` is valid for `old_layout.size() >= new_layout.size()` bytes (caller),
        // the new block is fresh (or zero-sized), so they do not overlap.
        unsafe {
            ptr::copy_nonoverlapping(ptr.as_ptr(), new.cast::<u8>().as_ptr(), new_layout.size());
        }
        Ok(new)
    }
}

#[cfg(feature = "nightly")]
crate::core_alloc::forward_core_allocator!(
    /// core's `Allocator` (feature `nightly`), the same implementation as allocator-api2's
    /// above: std's own `Vec`, `Box` and collections can live in the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// #![feature(allocator_api)]
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<256> = StackArena::new();
    /// let boxed = Box::new_in(7_u64, &arena);
    /// let mut v: Vec<u32, _> = Vec::with_capacity_in(4, &arena);
    /// v.extend([1, 2, 3, 4]);
    /// v.push(5); // grows in place: the vector is the arena's last block
    /// assert_eq!((*boxed, v.iter().sum::<u32>()), (7, 15));
    /// // Exhaustion is an error, not an abort.
    /// assert!(v.try_reserve(1024).is_err());
    /// ```
    impl[S: Storage, const MIN_ALIGN: usize, O: Offset] &BumpArena<S, MIN_ALIGN, O>
);

/// `grow` by a move: a fresh block of `new_layout` from `allocator`, with the `old_layout.size()`
/// bytes at `ptr` copied into it. The old block is left as it is.
///
/// # Safety
///
/// `ptr` is valid for reads of `old_layout.size()` bytes, and `new_layout.size()` is at least that.
pub(super) unsafe fn grow_by_moving<A: Allocator>(
    allocator: &A,
    ptr: NonNull<u8>,
    old_layout: Layout,
    new_layout: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    let new = allocator.allocate(new_layout)?;
    // SAFETY: `ptr` is valid for `old_layout.size()` bytes (caller), the new block for at least
    // as many, and the new block is fresh, so they do not overlap.
    unsafe {
        ptr::copy_nonoverlapping(ptr.as_ptr(), new.cast::<u8>().as_ptr(), old_layout.size());
    }
    Ok(new)
}
