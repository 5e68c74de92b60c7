//! [`HeapOp`] and [`run_heap_ops`]: random allocate/grow/shrink/free sequences on a
//! [`Heap`] over two regions (the second one extended as the run goes), with
//! every block checked for alignment, non-overlap and contents, and the heap's invariant checker
//! run after every operation; the same on a [`BuddyAllocator`] ([`run_buddy_ops`]) and on either
//! behind a [`LockedHeap`], through the [`HeapTarget`] and [`ModelHeap`] traits.

#[cfg(not(loom))]
use core::alloc::GlobalAlloc;
use core::alloc::Layout;
use core::ops::DerefMut;
use core::ptr::{NonNull, slice_from_raw_parts_mut};

#[cfg(not(loom))]
use allocator_api2::alloc::Allocator;
use avila_alloc::heap::{BuddyAllocator, Heap, RawAlloc};
#[cfg(not(loom))]
use avila_alloc::heap::{LockedHeap, LockedHeapGuard, SpinLock};
use avila_alloc::{AllocError, AllocErrorKind};

use crate::ops::RunStats;

/// Bytes of the first region, claimed at the start of a run.
pub const HEAP_REGION_A: usize = 12 * 1024;
/// Bytes of the second region when first claimed.
pub const HEAP_REGION_B: usize = 4 * 1024;
/// Bytes the second region can be [extended](HeapOp::Extend) to.
pub const HEAP_REGION_B_MAX: usize = 12 * 1024;
/// The largest request of [`HeapOp::Alloc`] (most are far smaller).
pub const HEAP_MAX_REQUEST: usize = 6000;
/// The largest alignment requested.
pub const HEAP_MAX_ALIGN: usize = 4096;

/// One operation on the heap under test, applied by [`run_heap_ops`].
///
/// The fields are raw data: a size becomes `size % limit`, an alignment `align` becomes
/// `1 << (align % 16)` for values up to 12 (so up to 4096) and 16 bytes above, an index picks a
/// live allocation modulo their number (nothing happens when there is none).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum HeapOp {
    /// `allocate` of `size % 6000` bytes (zero included).
    Alloc {
        /// Raw size.
        size: u16,
        /// Raw alignment selector.
        align: u8,
    },
    /// `allocate` of `size` bytes (0 to 255): the small sizes that dominate real programs.
    AllocSmall {
        /// The size.
        size: u8,
        /// Raw alignment selector.
        align: u8,
    },
    /// `deallocate` a live allocation, after checking its contents.
    Free {
        /// Raw index.
        index: u8,
    },
    /// `grow` a live allocation by `extra % 3000` bytes, to the alignment `align` (which may
    /// move it); the old contents must follow.
    Grow {
        /// Raw index.
        index: u8,
        /// Added bytes.
        extra: u16,
        /// Raw alignment selector of the new layout.
        align: u8,
    },
    /// `shrink` a live allocation to `keep % (size + 1)` bytes (zero frees it).
    Shrink {
        /// Raw index.
        index: u8,
        /// Raw new size.
        keep: u16,
    },
    /// `grow_in_place` by `extra % 1000` bytes: on success the block is at least that large
    /// (checked by writing it), on failure nothing changed.
    GrowInPlace {
        /// Raw index.
        index: u8,
        /// Added bytes.
        extra: u16,
    },
    /// `shrink_in_place` to `keep % (size + 1)` bytes.
    ShrinkInPlace {
        /// Raw index.
        index: u8,
        /// Raw new size.
        keep: u16,
    },
    /// `extend` the second region by `by % 2048` bytes (up to [`HEAP_REGION_B_MAX`]).
    Extend {
        /// Raw growth.
        by: u16,
    },
    /// Check the statistics against the live allocations, then allocate `largest_free` bytes
    /// (which must succeed) and free it again.
    Stats,
}

/// The alignment a raw selector stands for: `1 << (raw % 16)` up to 4096, 16 above (shared with
/// the `OsHeap` runner).
pub(crate) fn align_of(raw: u8) -> usize {
    match raw % 16 {
        shift @ 0..=12 => 1 << shift,
        _ => 16,
    }
}

/// A live allocation of the run: its pointer, layout and the byte it is filled with.
#[derive(Clone, Copy, Debug)]
struct Live {
    ptr: NonNull<u8>,
    layout: Layout,
    tag: u8,
}

/// The allocator under a [`HeapTarget`]: a [`RawAlloc`] with regions to claim (and perhaps
/// extend), an invariant checker and a count of its blocks.
pub trait ModelHeap: RawAlloc {
    /// Whether a shrink at the same alignment may move the block (else it stays in place).
    const SHRINK_MAY_MOVE: bool;

    /// An empty allocator (no region claimed).
    fn empty() -> Self;

    /// Claims a region, returning the bytes added to `stats().free`.
    ///
    /// # Safety
    ///
    /// That of [`Heap::claim`].
    unsafe fn claim(&mut self, region: *mut [u8]) -> usize;

    /// Grows the last claimed region to `region`, returning the bytes added to `stats().free`
    /// (0 when the allocator cannot extend a region).
    ///
    /// # Safety
    ///
    /// That of [`Heap::extend`].
    unsafe fn extend(&mut self, region: *mut [u8]) -> usize;

    /// Panics if an invariant of the allocator is broken.
    fn check_invariants(&self);

    /// The free and the allocated blocks, counted by the allocator's own bookkeeping.
    fn block_counts(&self) -> (usize, usize);
}

impl ModelHeap for Heap {
    /// Shrinks split the block's tail off where it is.
    const SHRINK_MAY_MOVE: bool = false;

    fn empty() -> Self {
        Heap::new()
    }

    unsafe fn claim(&mut self, region: *mut [u8]) -> usize {
        // SAFETY: the caller's guarantees.
        unsafe { Heap::claim(self, region) }
    }

    unsafe fn extend(&mut self, region: *mut [u8]) -> usize {
        // SAFETY: the caller's guarantees.
        unsafe { Heap::extend(self, region) }
    }

    fn check_invariants(&self) {
        Heap::check_invariants(self);
    }

    /// A walk of the block map.
    fn block_counts(&self) -> (usize, usize) {
        let free = self.blocks().filter(|b| b.free).count();
        (free, self.blocks().count() - free)
    }
}

/// The orders of the [`BuddyAllocator`] under test: with 32-byte blocks, up to 64 KiB, more
/// than any block the model's regions can hold (so every refusal is out of memory).
pub const BUDDY_ORDERS: usize = 12;

/// The [`BuddyAllocator`] the model drives: 32-byte to 64 KiB blocks.
pub type ModelBuddy = BuddyAllocator<BUDDY_ORDERS>;

impl ModelHeap for ModelBuddy {
    /// A shrink moves the block into a free block of exactly the new size when there is one.
    const SHRINK_MAY_MOVE: bool = true;

    fn empty() -> Self {
        BuddyAllocator::new(32)
    }

    unsafe fn claim(&mut self, region: *mut [u8]) -> usize {
        // SAFETY: the caller's guarantees.
        unsafe { BuddyAllocator::claim(self, region) }
    }

    /// The buddy allocator claims regions but does not extend them.
    unsafe fn extend(&mut self, _region: *mut [u8]) -> usize {
        0
    }

    fn check_invariants(&self) {
        BuddyAllocator::check_invariants(self);
    }

    /// Its counters (which its invariant checker compares with the free bitmaps and lists).
    fn block_counts(&self) -> (usize, usize) {
        (self.free_blocks(), self.stats().allocations)
    }
}

/// An allocator that [`HeapOp`] sequences can drive: a [`ModelHeap`] itself through
/// [`RawAlloc`], or a [`LockedHeap`] through `GlobalAlloc` and `Allocator`.
pub trait HeapTarget {
    /// The allocator underneath.
    type Heap: ModelHeap;

    /// What [`heap`](Self::heap) gives: exclusive access to the allocator.
    type Access<'a>: DerefMut<Target = Self::Heap>
    where
        Self: 'a;

    /// An empty allocator (no region claimed).
    fn empty() -> Self;

    /// The allocator, for claim, extend, statistics, in-place resizes and the invariant checker.
    fn heap(&mut self) -> Self::Access<'_>;

    /// Allocates.
    ///
    /// # Errors
    ///
    /// Out of memory.
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError>;

    /// Frees.
    ///
    /// # Safety
    ///
    /// `ptr` is live with `layout`.
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout);

    /// Grows (possibly to a new alignment).
    ///
    /// # Errors
    ///
    /// Out of memory (the block is unchanged).
    ///
    /// # Safety
    ///
    /// `ptr` is live with `old`; `new` is not smaller.
    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError>;

    /// Shrinks (same alignment).
    ///
    /// # Errors
    ///
    /// Out of memory (the block is unchanged).
    ///
    /// # Safety
    ///
    /// `ptr` is live with `old`; `new` is not larger.
    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError>;
}

impl<A: ModelHeap> HeapTarget for A {
    type Heap = A;
    type Access<'a>
        = &'a mut A
    where
        A: 'a;

    fn empty() -> Self {
        <A as ModelHeap>::empty()
    }

    fn heap(&mut self) -> &mut A {
        self
    }

    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        RawAlloc::allocate(self, layout)
    }

    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees.
        unsafe { RawAlloc::deallocate(self, ptr, layout) }
    }

    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees.
        unsafe { RawAlloc::grow(self, ptr, old, new) }
    }

    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees.
        unsafe { RawAlloc::shrink(self, ptr, old, new) }
    }
}

/// The out-of-memory error for a null pointer from `GlobalAlloc`.
#[cfg(not(loom))]
fn non_null(ptr: *mut u8, layout: Layout) -> Result<NonNull<u8>, AllocError> {
    NonNull::new(ptr).ok_or(AllocError::new(AllocErrorKind::OutOfMemory, layout))
}

/// The global allocator's route: `GlobalAlloc::alloc`, `dealloc` and `realloc` wherever their
/// contract allows (non-zero sizes, the same alignment), `Allocator` for the rest (zero-sized
/// blocks, a grow to a new alignment). (Not under loom, which has no `LockedHeap`.)
#[cfg(not(loom))]
impl<A: ModelHeap> HeapTarget for LockedHeap<A, SpinLock> {
    type Heap = A;
    type Access<'a>
        = LockedHeapGuard<'a, A, SpinLock>
    where
        A: 'a;

    fn empty() -> Self {
        LockedHeap::new(<A as ModelHeap>::empty())
    }

    fn heap(&mut self) -> LockedHeapGuard<'_, A, SpinLock> {
        self.lock()
    }

    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            let ptr = Allocator::allocate(&&*self, layout);
            return ptr
                .map(NonNull::cast)
                .map_err(|_| AllocError::invalid_layout());
        }
        // SAFETY: not zero-sized.
        non_null(unsafe { GlobalAlloc::alloc(self, layout) }, layout)
    }

    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's guarantees (a non-zero size for `dealloc`).
        unsafe {
            if layout.size() == 0 {
                Allocator::deallocate(&&*self, ptr, layout);
            } else {
                GlobalAlloc::dealloc(self, ptr.as_ptr(), layout);
            }
        }
    }

    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let oom = AllocError::new(AllocErrorKind::OutOfMemory, new);
        // SAFETY: the caller's guarantees; `realloc` only for a non-zero block at the same
        // alignment.
        unsafe {
            if old.size() != 0 && old.align() == new.align() {
                non_null(
                    GlobalAlloc::realloc(self, ptr.as_ptr(), old, new.size()),
                    new,
                )
            } else {
                Allocator::grow(&&*self, ptr, old, new)
                    .map(NonNull::cast)
                    .map_err(|_| oom)
            }
        }
    }

    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let oom = AllocError::new(AllocErrorKind::OutOfMemory, new);
        // SAFETY: the caller's guarantees; `realloc` only to a non-zero size.
        unsafe {
            if new.size() != 0 && old.align() == new.align() {
                non_null(
                    GlobalAlloc::realloc(self, ptr.as_ptr(), old, new.size()),
                    new,
                )
            } else {
                Allocator::shrink(&&*self, ptr, old, new)
                    .map(NonNull::cast)
                    .map_err(|_| oom)
            }
        }
    }
}

/// The heap under test, its memory and what it handed out.
struct Run<H: HeapTarget> {
    heap: H,
    /// The memory of both regions (`A` then `B`), 4096-aligned through `offset`.
    mem: Vec<u128>,
    offset: usize,
    /// The current length of the second region.
    b_len: usize,
    live: Vec<Live>,
    next_tag: u8,
    stats: RunStats,
    /// The free blocks right after the claims: what an empty allocator must come back to.
    empty_blocks: usize,
}

impl<H: HeapTarget> Run<H> {
    fn new() -> Self {
        let mut mem = vec![0u128; (HEAP_REGION_A + HEAP_REGION_B_MAX + 4096) / 16];
        let addr = mem.as_mut_ptr().addr();
        let offset = addr.next_multiple_of(4096) - addr;
        let mut run = Self {
            heap: H::empty(),
            mem,
            offset,
            b_len: HEAP_REGION_B,
            live: Vec::new(),
            next_tag: 1,
            stats: RunStats::default(),
            empty_blocks: 0,
        };
        let (a, b) = (
            run.region(0, HEAP_REGION_A),
            run.region(HEAP_REGION_A, HEAP_REGION_B),
        );
        // SAFETY: the two regions are disjoint parts of `mem`, which lives as long as the heap
        // (the heap is dropped first: it is declared first) and is used for nothing else.
        unsafe {
            assert!(run.heap.heap().claim(a) > 0);
            assert!(run.heap.heap().claim(b) > 0);
        }
        run.heap.heap().check_invariants();
        run.empty_blocks = run.heap.heap().block_counts().0;
        run
    }

    /// `len` bytes at `start` of the 4096-aligned memory, all derived from one pointer.
    fn region(&mut self, start: usize, len: usize) -> *mut [u8] {
        assert!(self.offset + start + len <= self.mem.len() * 16);
        // SAFETY: in bounds of `mem` (asserted).
        let base = unsafe { self.mem.as_mut_ptr().cast::<u8>().add(self.offset + start) };
        slice_from_raw_parts_mut(base, len)
    }

    fn mem_range(&self) -> (usize, usize) {
        let start = self.mem.as_ptr().addr() + self.offset;
        (start, start + HEAP_REGION_A + self.b_len)
    }

    fn tag(&mut self) -> u8 {
        self.next_tag = self.next_tag.wrapping_add(1).max(1);
        self.next_tag
    }

    /// Asserts that `ptr` is aligned, inside the claimed memory and overlaps no live block
    /// (other than the one at `except`), then fills it with a fresh tag.
    fn accept(&mut self, ptr: NonNull<u8>, layout: Layout, except: Option<usize>) -> Live {
        let addr = ptr.as_ptr().addr();
        assert_eq!(
            addr % layout.align(),
            0,
            "{layout:?} misaligned at {addr:#x}"
        );
        let tag = self.tag();
        if layout.size() == 0 {
            return Live { ptr, layout, tag };
        }
        let (lo, hi) = self.mem_range();
        assert!(
            lo <= addr && addr + layout.size() <= hi,
            "block outside the regions"
        );
        for (i, other) in self.live.iter().enumerate() {
            let o = other.ptr.as_ptr().addr();
            let disjoint = addr + layout.size() <= o || o + other.layout.size() <= addr;
            assert!(
                Some(i) == except || other.layout.size() == 0 || disjoint,
                "{addr:#x}+{} overlaps live block {o:#x}+{}",
                layout.size(),
                other.layout.size()
            );
        }
        // SAFETY: the block holds `layout.size()` bytes, ours.
        unsafe { ptr.as_ptr().write_bytes(tag, layout.size()) };
        Live { ptr, layout, tag }
    }

    /// Asserts that the first `len` bytes of `live` still hold its tag.
    fn verify(live: Live, len: usize) {
        if len == 0 {
            return;
        }
        // SAFETY: a live block of at least `len` bytes, initialized with the tag.
        let bytes = unsafe { core::slice::from_raw_parts(live.ptr.as_ptr(), len) };
        let expected = vec![live.tag; len];
        assert!(
            bytes == expected.as_slice(),
            "contents of a live block changed"
        );
    }

    fn pick(&self, index: u8) -> Option<usize> {
        (!self.live.is_empty()).then(|| usize::from(index) % self.live.len())
    }

    fn refused(&mut self, err: AllocError) {
        assert_eq!(err.kind(), AllocErrorKind::OutOfMemory, "{err}");
        self.stats.rejected += 1;
        self.stats.ops_when_full += 1;
    }

    fn allocate(&mut self, size: usize, align: usize) {
        let layout = Layout::from_size_align(size, align).unwrap();
        match self.heap.allocate(layout) {
            Ok(ptr) => {
                let live = self.accept(ptr, layout, None);
                self.live.push(live);
            }
            Err(err) => self.refused(err),
        }
    }

    fn apply(&mut self, op: &HeapOp) {
        match *op {
            HeapOp::Alloc { size, align } => {
                self.allocate(usize::from(size) % HEAP_MAX_REQUEST, align_of(align));
            }
            HeapOp::AllocSmall { size, align } => {
                self.allocate(usize::from(size), align_of(align));
            }
            HeapOp::Free { index } => {
                if let Some(i) = self.pick(index) {
                    let live = self.live.swap_remove(i);
                    Self::verify(live, live.layout.size());
                    // SAFETY: live, with its layout.
                    unsafe { self.heap.deallocate(live.ptr, live.layout) };
                }
            }
            HeapOp::Grow {
                index,
                extra,
                align,
            } => {
                let Some(i) = self.pick(index) else { return };
                let live = self.live[i];
                let new = Layout::from_size_align(
                    live.layout.size() + usize::from(extra) % 3000,
                    align_of(align),
                )
                .unwrap();
                // SAFETY: live, with its layout; the new size is not smaller.
                match unsafe { self.heap.grow(live.ptr, live.layout, new) } {
                    Ok(ptr) => {
                        Self::verify(Live { ptr, ..live }, live.layout.size());
                        self.live[i] = self.accept(ptr, new, Some(i));
                    }
                    Err(err) => {
                        self.refused(err);
                        Self::verify(live, live.layout.size());
                    }
                }
            }
            HeapOp::Shrink { index, keep } => {
                let Some(i) = self.pick(index) else { return };
                let live = self.live[i];
                let size = usize::from(keep) % (live.layout.size() + 1);
                let new = Layout::from_size_align(size, live.layout.align()).unwrap();
                // SAFETY: live, with its layout; the new size is not larger, the alignment the
                // same, so the heap cannot fail.
                let ptr = unsafe { self.heap.shrink(live.ptr, live.layout, new) }.unwrap();
                if size != 0 && !<H::Heap as ModelHeap>::SHRINK_MAY_MOVE {
                    assert_eq!(
                        ptr, live.ptr,
                        "a shrink at the same alignment stays in place"
                    );
                }
                Self::verify(Live { ptr, ..live }, size);
                self.live[i] = self.accept(ptr, new, Some(i));
            }
            HeapOp::GrowInPlace { index, extra } => {
                let Some(i) = self.pick(index) else { return };
                let live = self.live[i];
                let size = live.layout.size() + usize::from(extra) % 1000;
                // SAFETY: live, with its layout; not smaller.
                match unsafe { self.heap.heap().grow_in_place(live.ptr, live.layout, size) } {
                    Ok(()) => {
                        assert_ne!(
                            live.layout.size(),
                            0,
                            "a zero-sized block cannot grow in place"
                        );
                        Self::verify(live, live.layout.size());
                        let new = Layout::from_size_align(size, live.layout.align()).unwrap();
                        self.live[i] = self.accept(live.ptr, new, Some(i));
                    }
                    Err(err) => {
                        self.refused(err);
                        Self::verify(live, live.layout.size());
                    }
                }
            }
            HeapOp::ShrinkInPlace { index, keep } => {
                let Some(i) = self.pick(index) else { return };
                let live = self.live[i];
                let size = usize::from(keep) % (live.layout.size() + 1);
                // SAFETY: live, with its layout; not larger.
                let result = unsafe {
                    self.heap
                        .heap()
                        .shrink_in_place(live.ptr, live.layout, size)
                };
                // The heap shrinks in place whenever there is a block left.
                assert_eq!(result.is_ok(), size != 0 && live.layout.size() != 0);
                if result.is_ok() {
                    Self::verify(live, size);
                    let new = Layout::from_size_align(size, live.layout.align()).unwrap();
                    self.live[i] = self.accept(live.ptr, new, Some(i));
                }
            }
            HeapOp::Extend { by } => {
                let len = (self.b_len + usize::from(by) % 2048).min(HEAP_REGION_B_MAX);
                let before = self.heap.heap().stats().free;
                let region = self.region(HEAP_REGION_A, len);
                // SAFETY: the second region, grown within `mem`, from the same base pointer
                // as when it was claimed (`region` derives every region from `mem`'s pointer).
                let added = unsafe { self.heap.heap().extend(region) };
                assert_eq!(self.heap.heap().stats().free, before + added);
                if added > 0 {
                    self.b_len = len;
                }
            }
            HeapOp::Stats => self.check_stats(true),
        }
    }

    /// The statistics against the live blocks; with `probe`, `largest_free` is allocated.
    fn check_stats(&mut self, probe: bool) {
        let stats = self.heap.heap().stats();
        let live: Vec<Live> = self
            .live
            .iter()
            .copied()
            .filter(|l| l.layout.size() != 0)
            .collect();
        assert_eq!(stats.allocations, live.len());
        let requested: usize = live.iter().map(|l| l.layout.size()).sum();
        assert!(stats.used >= requested);
        let (lo, hi) = self.mem_range();
        assert!(stats.used + stats.free <= hi - lo);
        assert!(stats.largest_free <= stats.free);
        let (_, allocated) = self.heap.heap().block_counts();
        assert_eq!(
            allocated,
            live.len(),
            "one allocated block per live allocation"
        );
        if probe && stats.largest_free > 0 {
            let layout = Layout::from_size_align(stats.largest_free, 1).unwrap();
            let ptr = self
                .heap
                .allocate(layout)
                .expect("largest_free can be allocated");
            let probe = self.accept(ptr, layout, None);
            // SAFETY: just allocated with `layout`.
            unsafe { self.heap.deallocate(probe.ptr, layout) };
            assert_eq!(
                self.heap.heap().stats(),
                stats,
                "allocate + free restores the stats"
            );
        }
    }

    fn finish(mut self) -> RunStats {
        self.check_stats(false);
        for live in core::mem::take(&mut self.live) {
            Self::verify(live, live.layout.size());
            // SAFETY: live, with its layout.
            unsafe { self.heap.deallocate(live.ptr, live.layout) };
        }
        self.heap.heap().check_invariants();
        let stats = self.heap.heap().stats();
        assert_eq!((stats.allocations, stats.used), (0, 0));
        // Everything merged back: as many free blocks as right after the claims (for `Heap`,
        // one per region), none allocated.
        assert_eq!(
            self.heap.heap().block_counts(),
            (self.empty_blocks, 0),
            "every block merged back"
        );
        self.stats
    }
}

/// Applies `ops` to a fresh heap over a 12 KiB region and a 4 KiB one that may grow to 12 KiB,
/// checking after every operation: alignment, blocks inside the regions and disjoint from
/// every live block, contents of every block touched (each is filled with its own byte),
/// resizes that keep the old contents, in-place results as documented, statistics consistent
/// with the live blocks, and [`Heap::check_invariants`]. At the end everything is freed and
/// the heap must be back to one free block per region.
///
/// `RunStats::max_len` is the most live allocations at once, `rejected` the out-of-memory
/// errors (each checked to be of that kind).
///
/// # Panics
///
/// On any difference from the expected behaviour.
pub fn run_heap_ops(ops: &[HeapOp]) -> RunStats {
    run_ops_on::<Heap>(ops)
}

/// [`run_heap_ops`] on a [`LockedHeap<Heap, SpinLock>`](LockedHeap) through its global-allocator
/// route: `GlobalAlloc::alloc`/`dealloc`/`realloc` (so realloc's in-place growth and shrinking),
/// and `allocator_api2`'s `Allocator` where `GlobalAlloc` cannot go (zero sizes, a new alignment);
/// claim, extend, statistics and the invariant checker through the lock's guard. The same checks.
///
/// # Panics
///
/// On any difference from the expected behaviour.
#[cfg(not(loom))]
pub fn run_locked_heap_ops(ops: &[HeapOp]) -> RunStats {
    run_ops_on::<LockedHeap<Heap, SpinLock>>(ops)
}

/// [`run_heap_ops`] on a [`BuddyAllocator`] ([`ModelBuddy`]: 32-byte to 64 KiB blocks) over the
/// same two regions. [`HeapOp::Extend`] does nothing (the buddy allocator does not extend
/// regions); at the end every block must have merged back into the blocks the regions were cut
/// into at claim.
///
/// # Panics
///
/// On any difference from the expected behaviour.
pub fn run_buddy_ops(ops: &[HeapOp]) -> RunStats {
    run_ops_on::<ModelBuddy>(ops)
}

/// [`run_buddy_ops`] on a [`LockedHeap<ModelBuddy, SpinLock>`](LockedHeap) through its
/// global-allocator route, as [`run_locked_heap_ops`] does for [`Heap`].
///
/// # Panics
///
/// On any difference from the expected behaviour.
#[cfg(not(loom))]
pub fn run_locked_buddy_ops(ops: &[HeapOp]) -> RunStats {
    run_ops_on::<LockedHeap<ModelBuddy, SpinLock>>(ops)
}

/// [`run_heap_ops`]'s checks on any [`HeapTarget`].
///
/// # Panics
///
/// On any difference from the expected behaviour.
pub fn run_ops_on<H: HeapTarget>(ops: &[HeapOp]) -> RunStats {
    let mut run = Run::<H>::new();
    for op in ops {
        run.apply(op);
        run.heap.heap().check_invariants();
        run.stats.ops += 1;
        run.stats.max_len = run.stats.max_len.max(run.live.len());
    }
    run.finish()
}
