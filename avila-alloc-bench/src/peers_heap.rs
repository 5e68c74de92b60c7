//! The byte allocators under comparison, behind [`HeapPeer`], all behind the same lock.
//!
//! | peer | type | built with |
//! |---|---|---|
//! | [`AVILA`] | `avila_alloc::heap::Heap` | `Heap::new()`, `claim(region)` |
//! | [`AVILA_BUDDY`] | [`Buddy`]: `avila_alloc::heap::BuddyAllocator<23>` (blocks of 32 B to 128 MiB) | `BuddyAllocator::new(32)`, `claim(region)` |
//! | [`TALC`] | [`TalcPeer`]: `talc::Talc<ErrOnOom>` (4.x) | `Talc::new(ErrOnOom)`, `claim(span)` |
//! | [`RLSF`] | [`RlsfPeer`]: `rlsf::Tlsf<'static, u32, u32, 28, 32>` | `Tlsf::new()`, `insert_free_block_ptr(region)` |
//! | [`LINKED_LIST`] | [`LinkedListPeer`]: `linked_list_allocator::Heap` | `Heap::empty()`, `init(bottom, size)` |
//! | [`BUDDY_SYSTEM`] | [`BuddySystemPeer`]: `buddy_system_allocator::Heap<32>` | `Heap::new()`, `add_to_heap(start, end)` |
//!
//! Every peer is a [`RawAlloc`], so every one runs as [`Locked<A>`] =
//! `LockedHeap<A, SpinLock>` through its `GlobalAlloc` methods: the benchmarks pay exactly the
//! same locking cost (one uncontended spin lock acquire and release per call) for every peer.
//! The adapters call each crate's own entry points: talc's `grow_in_place` and `shrink`, rlsf's
//! `reallocate` (in place when it can, else it moves); linked_list_allocator and
//! buddy_system_allocator have no resize of their own, so a resize allocates, copies and frees
//! (the default of [`RawAlloc::grow`]).
//!
//! # Adding an allocator
//!
//! Implement [`HeapPeer`] for it (a name and how to build it over a region) and add one line to
//! [`for_each_peer`]: the suite, the report, the correctness tests and the bench all follow.

use core::alloc::Layout;
use core::ptr::NonNull;

use avila_alloc::heap::{BuddyAllocator, Heap, HeapStats, LockedHeap, RawAlloc, SpinLock};
use avila_alloc::{AllocError, AllocErrorKind};

pub use crate::peers::AVILA;

/// The name under which avila's buddy allocator appears in reports.
pub const AVILA_BUDDY: &str = "avila_buddy";
/// The name under which the `talc` crate appears in reports.
pub const TALC: &str = "talc";
/// The name under which the `rlsf` crate appears in reports.
pub const RLSF: &str = "rlsf";
/// The name under which the `linked_list_allocator` crate appears in reports.
pub const LINKED_LIST: &str = "linked_list";
/// The name under which the `buddy_system_allocator` crate appears in reports.
pub const BUDDY_SYSTEM: &str = "buddy_system";

/// A byte allocator the heap benchmarks can build over a region of memory.
pub trait HeapPeer: RawAlloc + Sized + 'static {
    /// The peer's name in reports.
    const PEER: &'static str;

    /// A fresh allocator that owns the bytes of `region`.
    ///
    /// # Safety
    ///
    /// `region` is valid for reads and writes for as long as the allocator is used, nothing else
    /// accesses it meanwhile, and it is aligned to 4096 bytes.
    unsafe fn over(region: *mut [u8]) -> Self;
}

/// A peer behind avila's spin lock: the form every benchmark calls (through `GlobalAlloc`).
pub type Locked<A> = LockedHeap<A, SpinLock>;

/// `A` over `region`, behind a [`SpinLock`].
///
/// # Safety
///
/// That of [`HeapPeer::over`].
#[must_use]
pub unsafe fn locked<A: HeapPeer>(region: *mut [u8]) -> Locked<A> {
    // SAFETY: the caller's guarantees.
    LockedHeap::new(unsafe { A::over(region) })
}

/// Receives every peer type, subject first; see [`for_each_peer`].
pub trait PeerVisitor {
    /// Called once per peer type.
    fn visit<A: HeapPeer>(&mut self);
}

/// Hands every heap peer to `visitor`, avila's `Heap` first. The one list of peers.
pub fn for_each_peer(visitor: &mut impl PeerVisitor) {
    visitor.visit::<Heap>();
    visitor.visit::<Buddy>();
    visitor.visit::<TalcPeer>();
    visitor.visit::<RlsfPeer>();
    visitor.visit::<LinkedListPeer>();
    visitor.visit::<BuddySystemPeer>();
}

/// The names of the peers of [`for_each_peer`], in order.
#[must_use]
pub fn peer_names() -> Vec<&'static str> {
    struct Names(Vec<&'static str>);
    impl PeerVisitor for Names {
        fn visit<A: HeapPeer>(&mut self) {
            self.0.push(A::PEER);
        }
    }
    let mut names = Names(Vec::new());
    for_each_peer(&mut names);
    names.0
}

impl HeapPeer for Heap {
    const PEER: &'static str = AVILA;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut heap = Self::new();
        // SAFETY: the caller's guarantees are `claim`'s.
        unsafe { heap.claim(region) };
        heap
    }
}

/// avila's buddy allocator, with blocks from 32 bytes to 128 MiB (the arena of the random
/// actions).
pub type Buddy = BuddyAllocator<23>;

impl HeapPeer for Buddy {
    const PEER: &'static str = AVILA_BUDDY;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut buddy = Self::new(32);
        // SAFETY: the caller's guarantees are `claim`'s.
        unsafe { buddy.claim(region) };
        buddy
    }
}

/// The error every adapter returns when its crate reports a failure.
fn out_of_memory(layout: Layout) -> AllocError {
    AllocError::new(AllocErrorKind::OutOfMemory, layout)
}

/// A dangling pointer aligned to `layout` (what a zero-sized request gets).
fn dangling(layout: Layout) -> NonNull<u8> {
    NonNull::new(core::ptr::without_provenance_mut(layout.align()))
        .expect("an alignment is not zero")
}

/// talc 4.x: `Talc<ErrOnOom>` over one claimed span.
pub struct TalcPeer(talc::Talc<talc::ErrOnOom>);

impl HeapPeer for TalcPeer {
    const PEER: &'static str = TALC;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut talc = talc::Talc::new(talc::ErrOnOom);
        // SAFETY: the caller's guarantees are `claim`'s.
        unsafe {
            talc.claim(talc::Span::from_base_size(
                region.cast::<u8>(),
                region.len(),
            ))
        }
        .expect("talc cannot claim the region");
        Self(talc)
    }
}

impl RawAlloc for TalcPeer {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        // SAFETY: the layout is not zero-sized (talc's only requirement).
        unsafe { self.0.malloc(layout) }.map_err(|()| out_of_memory(layout))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: `RawAlloc::deallocate`'s contract: a live block of this talc for `layout`.
            unsafe { self.0.free(ptr, layout) }
        }
    }

    fn stats(&self) -> HeapStats {
        // talc keeps no counters without its `counters` feature.
        HeapStats::default()
    }

    #[inline]
    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: `RawAlloc::grow_in_place`'s contract, which is talc's. `grow` calls this only
        // for a non-zero old size.
        unsafe { self.0.grow_in_place(ptr, old_layout, new_size) }
            .map(|_| ())
            .map_err(|()| out_of_memory(old_layout))
    }

    #[inline]
    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        if new_size == 0 {
            return Err(out_of_memory(old_layout));
        }
        // SAFETY: `RawAlloc::shrink_in_place`'s contract, which is talc's `shrink` (always in
        // place); the new size is not zero.
        unsafe { self.0.shrink(ptr, old_layout, new_size) };
        Ok(())
    }
}

/// The rlsf configuration: 28 first-level classes of 32 second-level ones, so one block can
/// span the whole 128 MiB arena (rlsf's largest block is `32 << 28` bytes here).
pub type RlsfTlsf = rlsf::Tlsf<'static, u32, u32, 28, 32>;

/// rlsf: `Tlsf<'static, u32, u32, 28, 32>` over one inserted pool.
pub struct RlsfPeer(RlsfTlsf);

impl HeapPeer for RlsfPeer {
    const PEER: &'static str = RLSF;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut tlsf = RlsfTlsf::new();
        let region = NonNull::new(region).expect("a null region");
        // SAFETY: the caller's guarantees: the memory outlives the allocator and is its own.
        unsafe { tlsf.insert_free_block_ptr(region) }.expect("rlsf cannot use the region");
        Self(tlsf)
    }
}

impl RawAlloc for RlsfPeer {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        self.0.allocate(layout).ok_or_else(|| out_of_memory(layout))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: `RawAlloc::deallocate`'s contract: a live block of this pool, allocated
            // with `layout.align()`.
            unsafe { self.0.deallocate(ptr, layout.align()) }
        }
    }

    fn stats(&self) -> HeapStats {
        // rlsf keeps no counters.
        HeapStats::default()
    }

    #[inline]
    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees.
        unsafe { self.resize(ptr, old_layout, new_layout) }
    }

    #[inline]
    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees.
        unsafe { self.resize(ptr, old_layout, new_layout) }
    }
}

impl RlsfPeer {
    /// rlsf's `reallocate` (in place if it can, else allocate, copy, free), for blocks of the
    /// same alignment; anything else (a zero size, a new alignment) falls back to allocate,
    /// copy and free here.
    ///
    /// # Safety
    ///
    /// `ptr` is a live block of this pool for `old_layout`.
    #[inline]
    unsafe fn resize(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        if old_layout.size() != 0
            && new_layout.size() != 0
            && old_layout.align() == new_layout.align()
        {
            // SAFETY: a live block of this pool, allocated with the same alignment.
            return unsafe { self.0.reallocate(ptr, new_layout) }
                .ok_or_else(|| out_of_memory(new_layout));
        }
        let new = self.allocate(new_layout)?;
        // SAFETY: two live, distinct blocks holding at least the bytes copied; then the old one
        // is freed with its layout.
        unsafe {
            core::ptr::copy_nonoverlapping(
                ptr.as_ptr(),
                new.as_ptr(),
                old_layout.size().min(new_layout.size()),
            );
            self.deallocate(ptr, old_layout);
        }
        Ok(new)
    }
}

/// linked_list_allocator: its `Heap` (first fit over a list of holes), initialized over the
/// region.
pub struct LinkedListPeer(linked_list_allocator::Heap);

impl HeapPeer for LinkedListPeer {
    const PEER: &'static str = LINKED_LIST;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut heap = linked_list_allocator::Heap::empty();
        // SAFETY: the caller's guarantees are `init`'s (a valid, unused region; large enough
        // for a hole, which every region of the benchmarks is).
        unsafe { heap.init(region.cast::<u8>(), region.len()) };
        Self(heap)
    }
}

impl RawAlloc for LinkedListPeer {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        self.0
            .allocate_first_fit(layout)
            .map_err(|()| out_of_memory(layout))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: `RawAlloc::deallocate`'s contract: a live block of this heap for `layout`.
            unsafe { self.0.deallocate(ptr, layout) }
        }
    }

    fn stats(&self) -> HeapStats {
        let mut stats = HeapStats::default();
        stats.used = self.0.used();
        stats.free = self.0.free();
        stats
    }
}

/// buddy_system_allocator: `Heap<32>` (orders up to 2^31 bytes), the region added with
/// `add_to_heap`.
pub struct BuddySystemPeer(buddy_system_allocator::Heap<32>);

impl HeapPeer for BuddySystemPeer {
    const PEER: &'static str = BUDDY_SYSTEM;

    unsafe fn over(region: *mut [u8]) -> Self {
        let mut heap = buddy_system_allocator::Heap::<32>::new();
        let start = region.cast::<u8>().addr();
        // SAFETY: the caller's guarantees are `add_to_heap`'s.
        unsafe { heap.add_to_heap(start, start + region.len()) };
        Self(heap)
    }
}

impl RawAlloc for BuddySystemPeer {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout));
        }
        self.0.alloc(layout).map_err(|()| out_of_memory(layout))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            self.0.dealloc(ptr, layout);
        }
    }

    fn stats(&self) -> HeapStats {
        let mut stats = HeapStats::default();
        stats.used = self.0.stats_alloc_actual();
        stats.free = self.0.stats_total_bytes() - self.0.stats_alloc_actual();
        stats
    }
}

/// A `Debug` that names the adapter (the crates' own `Debug` output is either missing or a dump
/// of their free lists).
macro_rules! debug_by_name {
    ($($ty:ty),*) => {$(
        impl core::fmt::Debug for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.debug_struct(stringify!($ty)).finish_non_exhaustive()
            }
        }
    )*};
}

debug_by_name!(TalcPeer, RlsfPeer, LinkedListPeer, BuddySystemPeer);
