//! [`Heap`]: a two-level segregated fit (TLSF) allocator over caller-provided regions.

use core::alloc::Layout;
use core::fmt;
use core::ptr::NonNull;

use super::block::{
    Block, FL_COUNT, FREE, GRANULE, MAX_BLOCK, MIN_BLOCK, PREV_FREE, SL_COUNT, WORD, block_size,
    class_at_least, class_of, region_bounds, sentinel_before,
};
use super::{Blocks, HeapStats, RawAlloc, alloc_error, dangling};
use crate::error::{AllocError, AllocErrorKind};

/// The last claimed region: its first block and its sentinel (what `extend` moves).
#[derive(Clone, Copy, Debug)]
pub(super) struct Region {
    pub(super) first: Block,
    pub(super) sentinel: Block,
}

/// A general-purpose allocator over memory regions handed to it: TLSF (two-level segregated
/// fit), O(1) allocation and free.
///
/// Free blocks are kept in size-class lists, found through two levels of bitmaps with a couple
/// of bit scans, so allocation and free take constant time whatever the number of blocks; freed
/// blocks merge with free neighbours at once. Each block carries a one-word header; sizes are
/// rounded to two words (the granule), which is also the basic alignment. Larger alignments
/// (4096 and beyond) cost one size computation more, never a search.
///
/// Memory comes from [`claim`](Self::claim) (any number of regions, anywhere in the address
/// space, including the very end) and [`extend`](Self::extend) (grow the last region). The heap
/// never touches memory outside them and never frees them: it has no `Drop`.
///
/// | | 64-bit | 32-bit |
/// |---|---|---|
/// | `size_of::<Heap>()` (list heads and bitmaps) | 8,376 bytes | 1,000 bytes |
/// | header per block | 8 bytes | 4 bytes |
/// | granule, basic alignment, block size step | 16 bytes | 8 bytes |
/// | smallest block | 32 bytes | 16 bytes |
/// | per granule-aligned region (alignment and sentinel) | 32 bytes | 16 bytes |
/// | largest block | 1 TiB | the address space |
///
/// `Heap` is `Send` (it owns its regions) but not `Sync`: sharing needs a lock.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::{Heap, RawAlloc};
/// use core::alloc::Layout;
///
/// let mut memory = vec![0u64; 1024];
/// let mut heap = Heap::new();
/// // SAFETY: the vector outlives the heap and is used for nothing else.
/// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 8192)) };
///
/// let page = Layout::from_size_align(100, 4096).unwrap();
/// let ptr = heap.allocate(page)?;
/// assert_eq!(ptr.as_ptr() as usize % 4096, 0);
/// // SAFETY: allocated above with this layout.
/// unsafe { heap.deallocate(ptr, page) };
/// assert_eq!(heap.stats().allocations, 0);
/// # Ok::<(), avila_alloc::AllocError>(())
/// ```
pub struct Heap {
    /// Bit `f` set: some list of first-level class `f` is non-empty.
    fl_bitmap: usize,
    /// Bit `s` of entry `f` set: list `(f, s)` is non-empty.
    sl_bitmap: [u32; FL_COUNT],
    /// The head of each free list (doubly linked through the free blocks).
    heads: [[Option<Block>; SL_COUNT]; FL_COUNT],
    /// The most recently claimed region; older ones are linked from its sentinel.
    last: Option<Region>,
    /// Bytes in allocated blocks, headers included.
    used_bytes: usize,
    /// Bytes in all blocks of all regions, headers included: the free bytes are
    /// `space_bytes - used_bytes`, so allocation and free keep one byte counter, not two.
    space_bytes: usize,
    /// Allocated blocks.
    allocations: usize,
    /// Free blocks.
    free_blocks: usize,
}

// SAFETY: a `Heap` owns its regions (the `claim` contract hands them over for its lifetime); its
// pointers are not shared with another heap, so moving it to another thread moves that
// ownership along. It is not `Sync`: `&Heap` methods read block headers without synchronization.
unsafe impl Send for Heap {}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Heap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Heap")
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Heap {
    /// An empty heap: every allocation fails until a region is [claimed](Self::claim).
    ///
    /// `const`, so a heap can be built in a `static` (behind a lock).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    ///
    /// let mut heap = Heap::new();
    /// assert!(heap.allocate(Layout::new::<u32>()).is_err());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            fl_bitmap: 0,
            sl_bitmap: [0; FL_COUNT],
            heads: [[None; SL_COUNT]; FL_COUNT],
            last: None,
            used_bytes: 0,
            space_bytes: 0,
            allocations: 0,
            free_blocks: 0,
        }
    }

    /// Hands the memory of `region` to the heap and returns the bytes it adds to
    /// `stats().free` (0 if the region is too small to hold a block: then nothing is used).
    ///
    /// The region may lie anywhere, also at the very end of the address space. At most a
    /// granule at the start and two granules at the end go to alignment and the region's
    /// two-word sentinel (four words in all for a granule-aligned region). A region larger than
    /// the largest block (1 TiB on 64-bit targets) is cut to it. O(1).
    ///
    /// The heap aligns its blocks by address. Miri's `-Zmiri-symbolic-alignment-check` cannot
    /// follow that: it reports a misaligned access when the region's type is less aligned than a
    /// word (a `[u8; N]` on the stack, say) or than a value stored in it. Under that check, claim
    /// a region whose type is aligned for what you store (16 bytes covers the usual types).
    ///
    /// # Safety
    ///
    /// - `region` is valid for reads and writes of all its bytes for as long as the heap is
    ///   used, and nothing else accesses those bytes meanwhile (except through pointers the heap
    ///   hands out);
    /// - it does not overlap a region already claimed by any heap.
    ///
    /// # Examples
    ///
    /// Two regions:
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    /// use core::ptr::slice_from_raw_parts_mut;
    ///
    /// let (mut a, mut b) = (vec![0u64; 64], vec![0u64; 256]);
    /// let mut heap = Heap::new();
    /// // SAFETY: both vectors outlive the heap and are used for nothing else.
    /// let usable = unsafe {
    ///     heap.claim(slice_from_raw_parts_mut(a.as_mut_ptr().cast(), 512))
    ///         + heap.claim(slice_from_raw_parts_mut(b.as_mut_ptr().cast(), 2048))
    /// };
    /// assert_eq!(heap.stats().free, usable);
    /// // A request too big for the first region is served from the second.
    /// assert!(heap.allocate(Layout::new::<[u8; 1024]>()).is_ok());
    /// ```
    pub unsafe fn claim(&mut self, region: *mut [u8]) -> usize {
        let base = region.cast::<u8>();
        let Some((first, sentinel)) = region_bounds(base.addr(), region.len()) else {
            return 0;
        };
        // SAFETY: `region_bounds` placed both headers inside the region, so the offsets stay in
        // bounds; the region is non-null (it holds a block), valid and ours (caller).
        let (block, sentinel) = unsafe {
            (
                Block::new(NonNull::new_unchecked(base.add(first - base.addr()))),
                Block::new(NonNull::new_unchecked(base.add(sentinel - base.addr()))),
            )
        };
        sentinel.set_header(PREV_FREE);
        // SAFETY: a sentinel's two words are in the region (`region_bounds`).
        unsafe { sentinel.set_region_link(self.last.map(|r| r.first)) };
        let size = sentinel.addr() - block.addr();
        // SAFETY: the region's first block, the rest of the region ours.
        unsafe { self.insert(block, size) };
        self.space_bytes += size;
        self.last = Some(Region {
            first: block,
            sentinel,
        });
        size - WORD
    }

    /// Grows the last claimed region to `region` and returns the bytes it adds to
    /// `stats().free` (0, with nothing changed, if there is no region or the growth is too
    /// small for a block). The new memory merges with a free block at the old end. O(1).
    ///
    /// # Safety
    ///
    /// - `region` starts where the last region passed to [`claim`](Self::claim) started, is
    ///   longer than it (and than any earlier `extend`), and is derived from the same pointer
    ///   (so that pointers into the old part are valid for the whole region);
    /// - all its bytes are valid for reads and writes for as long as the heap is used, and the
    ///   new ones are not accessed by anything else nor claimed by any heap.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    /// use core::ptr::slice_from_raw_parts_mut;
    ///
    /// let mut memory = vec![0u64; 512];
    /// let base = memory.as_mut_ptr().cast::<u8>();
    /// let mut heap = Heap::new();
    /// // SAFETY: the vector outlives the heap; both regions start at `base`, within the vector.
    /// unsafe {
    ///     heap.claim(slice_from_raw_parts_mut(base, 1024));
    ///     assert!(heap.allocate(Layout::new::<[u8; 2048]>()).is_err());
    ///     assert_eq!(heap.extend(slice_from_raw_parts_mut(base, 4096)), 3072);
    /// }
    /// assert!(heap.allocate(Layout::new::<[u8; 2048]>()).is_ok());
    /// ```
    pub unsafe fn extend(&mut self, region: *mut [u8]) -> usize {
        let Some(last) = self.last else { return 0 };
        let base = region.cast::<u8>();
        debug_assert!(base.addr() <= last.first.addr());
        let old = last.sentinel.addr();
        let Some(end) = region
            .len()
            .checked_sub(1)
            .and_then(|len| base.addr().checked_add(len))
            .and_then(sentinel_before)
        else {
            return 0;
        };
        // The region, from its first block to its sentinel, stays within one block's size.
        let end = end.min(last.first.addr().saturating_add(MAX_BLOCK));
        if end <= old || end - old < MIN_BLOCK {
            return 0;
        }
        // SAFETY: the old sentinel and the new one lie in `region` (which starts at or before
        // the region's first block and ends after `end + 2 * WORD`), derived from `base`.
        let (block, sentinel) = unsafe {
            (
                Block::new(NonNull::new_unchecked(base.add(old - base.addr()))),
                Block::new(NonNull::new_unchecked(base.add(end - base.addr()))),
            )
        };
        let prev_free = last.sentinel.header() & PREV_FREE;
        // SAFETY: the old sentinel is a sentinel until overwritten below; the new one is two
        // words inside the region.
        unsafe {
            let link = last.sentinel.region_link();
            sentinel.set_header(PREV_FREE);
            sentinel.set_region_link(link);
        }
        let added = end - old;
        block.set_header(added | FREE | prev_free);
        let mut merged = (block, added);
        // A new block brings a header; merged into the free block before, it does not.
        let mut gained = added - WORD;
        if block.prev_is_free() {
            // SAFETY: the flag says the block before is free, so its footer is valid; it is in
            // its list.
            unsafe {
                let prev = block.prev();
                self.remove(prev);
                merged = (prev, prev.size() + added);
            }
            gained = added;
        }
        // SAFETY: the new memory, with the free block before it if any (now out of its list);
        // the block before that is allocated.
        unsafe { self.insert(merged.0, merged.1) };
        self.space_bytes += added;
        self.last = Some(Region {
            first: last.first,
            sentinel,
        });
        gained
    }

    /// A walk of the block map: every block of every region (most recently claimed region
    /// first, each in address order), allocated or free. O(1) to create, O(1) per block.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    ///
    /// let mut memory = vec![0u64; 128];
    /// let mut heap = Heap::new();
    /// // SAFETY: the vector outlives the heap and is used for nothing else.
    /// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 1024)) };
    /// heap.allocate(Layout::new::<[u8; 100]>())?;
    /// let map: Vec<(usize, bool)> = heap.blocks().map(|b| (b.size, b.free)).collect();
    /// assert_eq!(map.len(), 2);
    /// assert_eq!(map[0], (112, false)); // 100 bytes + an 8-byte header, rounded to 16
    /// assert!(map[1].1);
    /// # Ok::<(), avila_alloc::AllocError>(())
    /// ```
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks::new(self.last.map(|r| r.first))
    }

    /// The most recently claimed region, for the invariant checker.
    #[cfg(any(test, feature = "debug-invariants"))]
    pub(super) fn last_region(&self) -> Option<Region> {
        self.last
    }

    /// The raw counters `(used_bytes, free_bytes, allocations, free_blocks)`, headers included
    /// (the free bytes derived from the space).
    #[cfg(any(test, feature = "debug-invariants"))]
    pub(super) fn counters(&self) -> (usize, usize, usize, usize) {
        (
            self.used_bytes,
            self.space_bytes - self.used_bytes,
            self.allocations,
            self.free_blocks,
        )
    }

    /// The bitmaps and list heads, for the invariant checker.
    #[cfg(any(test, feature = "debug-invariants"))]
    pub(super) fn lists(
        &self,
    ) -> (
        usize,
        &[u32; FL_COUNT],
        &[[Option<Block>; SL_COUNT]; FL_COUNT],
    ) {
        (self.fl_bitmap, &self.sl_bitmap, &self.heads)
    }

    /// The head of list `(fl, sl)`.
    ///
    /// # Safety
    ///
    /// - `fl < FL_COUNT` and `sl < SL_COUNT`: a class from `class_of` or `class_at_least`, or
    ///   the index of a set bit of the bitmaps.
    #[inline(always)]
    unsafe fn head(&self, fl: usize, sl: usize) -> Option<Block> {
        debug_assert!(fl < FL_COUNT && sl < SL_COUNT);
        // SAFETY: in range (caller).
        unsafe { *self.heads.get_unchecked(fl).get_unchecked(sl) }
    }

    /// The head slot (as a place, see [`back_link_of`]) and second-level bitmap of list
    /// `(fl, sl)`.
    ///
    /// # Safety
    ///
    /// - That of [`head`](Self::head).
    #[inline(always)]
    unsafe fn list_mut(&mut self, fl: usize, sl: usize) -> (*mut Option<Block>, &mut u32) {
        debug_assert!(fl < FL_COUNT && sl < SL_COUNT);
        // SAFETY: in range (caller).
        unsafe {
            (
                self.heads.get_unchecked_mut(fl).get_unchecked_mut(sl),
                self.sl_bitmap.get_unchecked_mut(fl),
            )
        }
    }

    /// Makes the `size` bytes at `block` a free block: writes its header (`size | FREE`: the
    /// block before a free block is never free) and footer, and puts it at the head of its list.
    ///
    /// # Safety
    ///
    /// - The `size` bytes at `block` (a block size) lie in a claimed region, belong to no block
    ///   in use or in a list, and the block before them is allocated (or there is none).
    #[inline(always)]
    unsafe fn insert(&mut self, block: Block, size: usize) {
        block.set_header(size | FREE);
        let (fl, sl) = class_of(size);
        // SAFETY: `class_of` gives an in-range class for every block size. The block is free, so
        // its link words and footer are ours; the old head is a free, linked block. The head
        // slot is a place of `self`, written through its raw pointer only.
        unsafe {
            let (slot, bits) = self.list_mut(fl, sl);
            let head = *slot;
            block.write_footer();
            block.set_next_link(head);
            block.set_prev_link(None);
            // The old head's back link, or with no old head the head slot, overwritten next.
            back_link_of(head, slot).write(Some(block));
            *slot = Some(block);
            *bits |= 1 << sl;
        }
        self.fl_bitmap |= 1 << fl;
        self.free_blocks += 1;
    }

    /// Takes a free block out of its list.
    ///
    /// # Safety
    ///
    /// - `block` is a free block in its list.
    #[inline(always)]
    unsafe fn remove(&mut self, block: Block) {
        // SAFETY: the block and its list neighbours are free and linked; `class_of` gives an
        // in-range class, the block's own, so a block without a previous link is its head.
        unsafe {
            let (next, prev) = block.links();
            match prev {
                Some(prev) => {
                    prev.set_next_link(next);
                    // With no next block, the store goes to this block's own back link, which
                    // is not read again (the block leaves its list).
                    back_link_of(next, block.prev_link_slot()).write(Some(prev));
                }
                None => {
                    // The class only now: most blocks removed are not heads.
                    let (fl, sl) = class_of(block.size());
                    self.pop_to(fl, sl, next);
                }
            }
        }
        self.free_blocks -= 1;
    }

    /// Takes `block`, the head of list `(fl, sl)` (as [`find`](Self::find) returns it), out of
    /// its list: the list's class is known, so neither the size class nor the previous link is
    /// looked at.
    ///
    /// # Safety
    ///
    /// - `block` is the head of list `(fl, sl)`.
    #[inline(always)]
    unsafe fn remove_head(&mut self, block: Block, fl: usize, sl: usize) {
        // SAFETY: the head of an in-range list is a free, linked block (caller).
        unsafe {
            debug_assert_eq!(self.head(fl, sl), Some(block));
            self.pop_to(fl, sl, block.links().0);
        }
        self.free_blocks -= 1;
    }

    /// Drops the head of list `(fl, sl)`: `next`, the block after it, becomes the head.
    ///
    /// This one keeps its branch on whether the list is left empty, unlike the stores of
    /// [`back_link_of`]: made branch-free (the bitmaps cleared through masks), it gained nothing
    /// measurable in the random-action benchmarks and took 9% more time per allocate-and-free
    /// pair on an empty heap, where the branch is always predicted (book, "Heap benchmarks").
    ///
    /// # Safety
    ///
    /// - `fl < FL_COUNT`, `sl < SL_COUNT`, and `next` is the next link of the list's head.
    #[inline(always)]
    unsafe fn pop_to(&mut self, fl: usize, sl: usize, next: Option<Block>) {
        // SAFETY: in range (caller); the head slot is a place of `self`.
        let (slot, bits) = unsafe { self.list_mut(fl, sl) };
        // SAFETY: as above.
        unsafe { *slot = next };
        match next {
            // SAFETY: `next` is a free block of that list (caller), its link ours.
            Some(next) => unsafe { next.set_prev_link(None) },
            None => {
                *bits &= !(1 << sl);
                if *bits == 0 {
                    self.fl_bitmap &= !(1 << fl);
                }
            }
        }
    }

    /// A free block of at least `size` bytes (a block size), the head of its list `(fl, sl)`,
    /// returned with that list's indices and not yet removed from it.
    ///
    /// Good fit in O(1): the first non-empty list whose blocks are all large enough, found with
    /// two bit scans; failing that, the head of `size`'s own list if it happens to be large
    /// enough (so the largest free block can always be allocated).
    fn find(&self, size: usize) -> Option<(Block, usize, usize)> {
        self.find_good_fit(size)
            .or_else(|| self.find_in_own_class(size))
    }

    /// The good-fit part of [`find`](Self::find): `None` when no list whose blocks are all
    /// large enough is non-empty.
    #[inline(always)]
    fn find_good_fit(&self, size: usize) -> Option<(Block, usize, usize)> {
        let (fl, sl) = class_at_least(size)?;
        // SAFETY: `class_at_least` gives an in-range class.
        let in_fl = unsafe { self.sl_bitmap.get_unchecked(fl) } & (u32::MAX << sl);
        if in_fl != 0 {
            let sl = in_fl.trailing_zeros() as usize;
            // SAFETY: the index of a set bit of an in-range bitmap.
            return unsafe { self.head(fl, sl) }.map(|b| (b, fl, sl));
        }
        let above = self.fl_bitmap & usize::MAX.checked_shl(fl as u32 + 1).unwrap_or(0);
        if above == 0 {
            return None;
        }
        let fl = above.trailing_zeros() as usize;
        // SAFETY: set bits: a first-level bit is set only when some list of that class is
        // non-empty, so the second-level bitmap has a set bit too.
        unsafe {
            let sl = self.sl_bitmap.get_unchecked(fl).trailing_zeros() as usize;
            self.head(fl, sl).map(|b| (b, fl, sl))
        }
    }

    /// The last resort of [`find`](Self::find): the head of `size`'s own list, if large enough.
    #[inline(always)]
    fn find_in_own_class(&self, size: usize) -> Option<(Block, usize, usize)> {
        let (fl, sl) = class_of(size);
        // SAFETY: `class_of` gives an in-range class.
        let head = unsafe { self.head(fl, sl) };
        head.filter(|b| b.size() >= size).map(|b| (b, fl, sl))
    }

    /// The common case of `allocate`: a non-zero size at the basic alignment, served by a good
    /// fit. `None` for everything else, which [`allocate_otherwise`](Self::allocate_otherwise)
    /// handles. Returning an `Option` (a pointer in a register) rather than a `Result` keeps
    /// this path free of the error's construction and of a return through memory.
    fn allocate_good_fit(&mut self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 || layout.align() > GRANULE {
            return None;
        }
        let size = block_size(layout.size())?;
        let found = self.find_good_fit(size)?;
        // SAFETY: `find_good_fit` returns a list head of at least `size` bytes, with its list.
        Some(unsafe { self.take(found, size) })
    }

    /// `allocate` when [`allocate_good_fit`](Self::allocate_good_fit) declined: a zero size, a
    /// larger alignment, an unsupported size, or no good fit free.
    #[inline(never)]
    fn allocate_otherwise(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout.align()));
        }
        let Some(size) = block_size(layout.size()) else {
            return Err(alloc_error(AllocErrorKind::UnsupportedSize, layout));
        };
        if layout.align() > GRANULE {
            return self.allocate_aligned(layout, size);
        }
        let Some(found) = self.find_in_own_class(size) else {
            return Err(alloc_error(AllocErrorKind::OutOfMemory, layout));
        };
        // SAFETY: `find_in_own_class` returns a list head of at least `size` bytes, with its list.
        Ok(unsafe { self.take(found, size) })
    }

    /// Allocates `size` bytes (a block size) from `found`, a free block and its list `(fl, sl)`
    /// as [`find`](Self::find) returns them: out of the list, marked allocated, the tail given
    /// back.
    ///
    /// # Safety
    ///
    /// - `found.0` is the head of list `(found.1, found.2)` and at least `size` bytes.
    #[inline(always)]
    unsafe fn take(&mut self, found: (Block, usize, usize), size: usize) -> NonNull<u8> {
        let (block, fl, sl) = found;
        // SAFETY: the head of list `(fl, sl)` (caller), so a free block of at least `size`
        // bytes once out of it.
        unsafe {
            self.remove_head(block, fl, sl);
            self.use_block(block, size)
        }
    }

    /// Marks a free block (already out of its list) allocated and gives back its tail beyond
    /// `size` bytes.
    ///
    /// # Safety
    ///
    /// - `block` is free, out of its list, at least `size` bytes (a block size).
    #[inline(always)]
    unsafe fn use_block(&mut self, block: Block, size: usize) -> NonNull<u8> {
        let total = block.size();
        debug_assert!(total >= size);
        let header = block.header() & PREV_FREE;
        let spare = total - size;
        if spare >= MIN_BLOCK {
            block.set_header(size | header);
            // SAFETY: `size < total`: the tail is inside the block and becomes a free block.
            // Its neighbour after it keeps `PREV_FREE` (the block before it is still free).
            unsafe {
                self.insert(block.split_at(size), spare);
            }
            self.used_bytes += size;
        } else {
            block.set_header(total | header);
            block.next().clear_prev_free();
            self.used_bytes += total;
        }
        self.allocations += 1;
        block.payload()
    }

    /// Cuts an allocated block to `keep` bytes (a block size), giving the rest back (merged with
    /// a free block after it) if that makes a block.
    ///
    /// # Safety
    ///
    /// - `block` is allocated and at least `keep` bytes.
    unsafe fn trim(&mut self, block: Block, keep: usize) {
        let total = block.size();
        let spare = total - keep;
        let next = block.next();
        let rest_size = if next.is_free() {
            if spare == 0 {
                return;
            }
            // SAFETY: a free block is in its list.
            unsafe { self.remove(next) };
            spare + next.size()
        } else {
            if spare < MIN_BLOCK {
                return;
            }
            next.set_prev_free();
            spare
        };
        block.set_header(keep | (block.header() & PREV_FREE));
        // SAFETY: `keep < total`: the rest starts inside the old block, and spans the old tail
        // (and the free block after it): it is ours and becomes one free block.
        unsafe {
            self.insert(block.split_at(keep), rest_size);
        }
        self.used_bytes -= spare;
    }

    /// The path of `allocate` for alignments above the granule.
    fn allocate_aligned(&mut self, layout: Layout, size: usize) -> Result<NonNull<u8>, AllocError> {
        let align = layout.align();
        // The payload may need to move by up to `align - GRANULE` bytes, plus `align` more if
        // the gap in front is too small to be a free block of its own.
        let Some(padded) = size
            .checked_add(align + GRANULE)
            .filter(|&p| p <= MAX_BLOCK)
        else {
            return Err(alloc_error(AllocErrorKind::UnsupportedAlignment, layout));
        };
        let Some((block, fl, sl)) = self.find(padded) else {
            return Err(alloc_error(AllocErrorKind::OutOfMemory, layout));
        };
        // SAFETY: `find` returns the head of list `(fl, sl)`.
        unsafe { self.remove_head(block, fl, sl) };
        let misalign = (block.addr() + WORD) & (align - 1);
        let mut gap = if misalign == 0 { 0 } else { align - misalign };
        if gap != 0 && gap < MIN_BLOCK {
            gap += align;
        }
        debug_assert!(gap + size <= block.size());
        let block = if gap == 0 {
            block
        } else {
            let total = block.size();
            // SAFETY: `gap + size <= total`: the payload block starts inside this one; the gap
            // (at least `MIN_BLOCK`) stays a free block, the one before it being allocated.
            unsafe {
                let aligned = block.split_at(gap);
                self.insert(block, gap);
                aligned.set_header((total - gap) | FREE | PREV_FREE);
                aligned
            }
        };
        // SAFETY: a free block out of its list, at least `size` bytes.
        Ok(unsafe { self.use_block(block, size) })
    }

    /// Statistics in O(1): counters kept by every operation, and the largest free block read
    /// from the bitmaps.
    ///
    /// `largest_free` is the payload size of the first free block in the highest non-empty size
    /// class: an allocation of that size (at the basic alignment) always succeeds, and no free
    /// block is larger than the top of that class (at most 1/32 more on 64-bit targets, 1/8 on
    /// 32-bit ones). Finding the exact largest would mean walking that list.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    ///
    /// let mut memory = vec![0u64; 128];
    /// let mut heap = Heap::new();
    /// // SAFETY: the vector outlives the heap and is used for nothing else.
    /// let usable = unsafe {
    ///     heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 1024))
    /// };
    /// assert_eq!(heap.stats().largest_free, usable);
    /// heap.allocate(Layout::new::<[u8; 24]>())?; // a 32-byte block (an 8-byte header)
    /// let stats = heap.stats();
    /// assert_eq!((stats.allocations, stats.used), (1, 24));
    /// assert_eq!(stats.free, usable - 32);
    /// assert!(heap.allocate(Layout::array::<u8>(stats.largest_free).unwrap()).is_ok());
    /// # Ok::<(), avila_alloc::AllocError>(())
    /// ```
    #[must_use]
    pub fn stats(&self) -> HeapStats {
        let largest_free = if self.fl_bitmap == 0 {
            0
        } else {
            let fl = (usize::BITS - 1 - self.fl_bitmap.leading_zeros()) as usize;
            let sl = (u32::BITS - 1 - self.sl_bitmap[fl].leading_zeros()) as usize;
            self.heads[fl][sl].map_or(0, |b| b.size() - WORD)
        };
        HeapStats {
            used: self.used_bytes - self.allocations * WORD,
            free: self.space_bytes - self.used_bytes - self.free_blocks * WORD,
            largest_free,
            allocations: self.allocations,
        }
    }
}

/// The word that receives the back link of the block now following a list position: `next`'s
/// back link or, when no block follows, `otherwise`, a word nobody reads afterwards (the list's
/// head slot, which the caller overwrites right after, or the back link of the block leaving
/// the list).
///
/// One store to one of two places instead of a branch around a store. Whether a list has
/// another block is close to a coin toss in the benchmarks, and the branches this replaced (in
/// `insert` and `remove`) mispredicted about 0.2 times per operation at max 3000 (book, "Heap
/// benchmarks").
///
/// # Safety
///
/// - `next`, if any, is a free block.
#[inline(always)]
unsafe fn back_link_of(next: Option<Block>, otherwise: *mut Option<Block>) -> *mut Option<Block> {
    match next {
        // SAFETY: a free block (caller).
        Some(next) => unsafe { next.prev_link_slot() },
        None => otherwise,
    }
}

impl RawAlloc for Heap {
    /// Allocates in O(1): a good-fit free block from the size-class lists, split to size.
    ///
    /// # Errors
    ///
    /// - [`AllocErrorKind::OutOfMemory`]: no free block fits now;
    /// - [`AllocErrorKind::UnsupportedSize`]: the size exceeds the largest possible block;
    /// - [`AllocErrorKind::UnsupportedAlignment`]: the size plus the alignment does.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use avila_alloc::AllocErrorKind;
    /// use core::alloc::Layout;
    ///
    /// let mut memory = vec![0u64; 64];
    /// let mut heap = Heap::new();
    /// // SAFETY: the vector outlives the heap and is used for nothing else.
    /// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 512)) };
    /// let err = heap.allocate(Layout::new::<[u8; 1000]>()).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    /// ```
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        match self.allocate_good_fit(layout) {
            Some(ptr) => Ok(ptr),
            None => self.allocate_otherwise(layout),
        }
    }

    /// Frees in O(1), merging the block with a free block before and after it.
    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() == 0 {
            return;
        }
        // SAFETY: `ptr` is a live allocation of this heap (caller).
        let mut block = unsafe { Block::from_payload(ptr) };
        debug_assert!(!block.is_free(), "double free");
        let mut size = block.size();
        self.used_bytes -= size;
        self.allocations -= 1;
        let mut after = block.next();
        // SAFETY: free neighbours are in their lists; `PREV_FREE` says the footer before the
        // header is valid.
        unsafe {
            if after.is_free() {
                self.remove(after);
                size += after.size();
                after = after.next();
            }
            if block.prev_is_free() {
                let prev = block.prev();
                self.remove(prev);
                size += prev.size();
                block = prev;
            }
        }
        // The block after the merged one is in use or the sentinel.
        after.set_prev_free();
        // SAFETY: the merged block is ours and in no list; whatever was merged, the block before
        // is allocated (or there is none).
        unsafe { self.insert(block, size) };
    }

    fn stats(&self) -> HeapStats {
        Heap::stats(self)
    }

    /// Grows in place by taking (part of) a free block that follows. O(1).
    #[inline]
    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        let fail = || super::in_place_error(new_size, old_layout.align());
        if old_layout.size() == 0 {
            return Err(fail());
        }
        let needed = block_size(new_size).ok_or_else(fail)?;
        // SAFETY: a live allocation (caller).
        let block = unsafe { Block::from_payload(ptr) };
        let total = block.size();
        if needed <= total {
            return Ok(());
        }
        let next = block.next();
        if !next.is_free() || total + next.size() < needed {
            return Err(fail());
        }
        // SAFETY: the free block after is in its list; once merged the block is allocated and
        // at least `needed` bytes.
        unsafe {
            self.remove(next);
            let merged = total + next.size();
            block.set_header(merged | (block.header() & PREV_FREE));
            block.next().clear_prev_free();
            self.used_bytes += merged - total;
            self.trim(block, needed);
        }
        Ok(())
    }

    /// Shrinks in place by splitting off the tail (merged with a free block after it). O(1).
    /// Fails only for `new_size == 0` or a zero-sized `old_layout`.
    #[inline]
    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        if new_size == 0 || old_layout.size() == 0 {
            return Err(super::in_place_error(new_size, old_layout.align()));
        }
        // `new_size <= old size`, so it has a block size.
        let keep = block_size(new_size).unwrap_or(MAX_BLOCK);
        // SAFETY: a live allocation (caller) of at least `keep` bytes.
        unsafe { self.trim(Block::from_payload(ptr), keep) };
        Ok(())
    }
}
