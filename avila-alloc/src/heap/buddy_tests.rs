//! Tests of `BuddyAllocator`.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::{self, NonNull};
use std::format;
use std::vec;
use std::vec::Vec;

use super::{BuddyAllocator, Region};
use crate::error::AllocErrorKind;
use crate::heap::{HeapStats, LockedHeap, RawAlloc, SpinLock};

/// Blocks of 32 bytes to 32 << 9 = 16 KiB.
type Buddy = BuddyAllocator<10>;
const MIN: usize = 32;

/// Memory for a test: a 4096-aligned buffer of `len + 8192` bytes.
struct Mem {
    buf: Vec<u128>,
    offset: usize,
}

impl Mem {
    fn new(len: usize) -> Self {
        // Room for up to 4095 bytes of alignment, a region starting 4096 bytes past the aligned
        // base, and its metadata (8 KiB was too little when the buffer started just past a
        // 4096-byte boundary, which happens under Miri's symbolic alignment).
        let mut buf = vec![0u128; (len + 3 * 4096) / 16];
        let addr = buf.as_mut_ptr().addr();
        let offset = addr.next_multiple_of(4096) - addr;
        Self { buf, offset }
    }

    /// The 4096-aligned base.
    fn base(&mut self) -> *mut u8 {
        // SAFETY: `offset < 4096`, within the buffer.
        unsafe { self.buf.as_mut_ptr().cast::<u8>().add(self.offset) }
    }

    /// `len` bytes from `start` past the aligned base.
    fn region(&mut self, start: usize, len: usize) -> *mut [u8] {
        assert!(self.offset + start + len <= self.buf.len() * 16);
        // SAFETY: in bounds (asserted).
        ptr::slice_from_raw_parts_mut(unsafe { self.base().add(start) }, len)
    }
}

/// The bytes a region of up to 6 KiB loses to its header and bitmap (40 + 3 words, to 32).
const META: usize = 64;

/// An allocator whose block space is `[base + 4096, base + 4096 + space)` of `mem`: its first
/// block starts 4096-aligned, so the block structure is predictable.
fn aligned(mem: &mut Mem, space: usize) -> Buddy {
    assert!(space <= 6000);
    let mut buddy = Buddy::new(MIN);
    // SAFETY: `mem` outlives the allocator in every test and is used for nothing else.
    let usable = unsafe { buddy.claim(mem.region(4096, space + META)) };
    assert_eq!(usable, space);
    assert_eq!(lo(&buddy), mem.base().addr() + 4096);
    buddy.check_invariants();
    buddy
}

fn lo(buddy: &Buddy) -> usize {
    // SAFETY: the last claimed region's header.
    unsafe { buddy.regions.unwrap().read().lo }
}

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn stats(used: usize, free: usize, largest_free: usize, allocations: usize) -> HeapStats {
    HeapStats {
        used,
        free,
        largest_free,
        allocations,
    }
}

#[test]
fn new_sets_the_block_sizes_and_fails_without_memory() {
    let mut buddy = Buddy::new(64);
    assert_eq!((buddy.min_block(), buddy.max_block()), (64, 64 << 9));
    assert_eq!(buddy.stats(), HeapStats::default());
    let err = buddy.allocate(layout(8, 8)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    assert!(format!("{buddy:?}").contains("min_block: 64"));
    static ALLOCATOR: SpinLockedBuddy = LockedHeap::new(BuddyAllocator::new(32));
    assert_eq!(ALLOCATOR.lock().stats(), HeapStats::default());
}

type SpinLockedBuddy = LockedHeap<Buddy, SpinLock>;

#[test]
#[should_panic(expected = "min_block must be a power of two")]
fn new_rejects_a_block_too_small_for_the_links() {
    let _ = Buddy::new(Buddy::SMALLEST_BLOCK / 2);
}

#[test]
#[should_panic(expected = "min_block must be a power of two")]
fn new_rejects_a_block_size_not_a_power_of_two() {
    let _ = Buddy::new(48);
}

#[test]
#[should_panic(expected = "must fit in isize")]
fn new_rejects_a_largest_block_beyond_isize() {
    let _ = BuddyAllocator::<60>::new(32);
}

#[test]
#[cfg(target_pointer_width = "64")]
fn sizes_match_the_documented_table() {
    assert_eq!(Buddy::SMALLEST_BLOCK, 32);
    assert_eq!(size_of::<Buddy>(), 8 * 10 + 56);
    assert_eq!(size_of::<Region>(), 40);
}

#[test]
fn zero_sized_requests_take_no_memory() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let before = buddy.stats();
    for align in [1, 8, 4096, 1 << 20] {
        let zst = layout(0, align);
        let ptr = buddy.allocate(zst).unwrap();
        assert_eq!(ptr.as_ptr().addr(), align);
        // SAFETY: allocated with `zst`.
        unsafe { buddy.deallocate(ptr, zst) };
    }
    assert_eq!(buddy.stats(), before);
}

#[test]
fn one_allocation_splits_the_top_block_and_its_free_merges_it_back() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    assert_eq!(buddy.free_blocks, 1);

    let small = layout(20, 4);
    let ptr = buddy.allocate(small).unwrap();
    // The first block of the space; its split left one free block of each order 0..7.
    assert_eq!(ptr.as_ptr().addr(), lo(&buddy));
    assert_eq!(buddy.stats(), stats(32, 4096 - 32, 2048, 1));
    assert_eq!(buddy.free_blocks, 7);
    assert_eq!(buddy.nonempty, 0b111_1111);
    buddy.check_invariants();

    // SAFETY: allocated with `small`.
    unsafe { buddy.deallocate(ptr, small) };
    buddy.check_invariants();
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    assert_eq!((buddy.free_blocks, buddy.nonempty), (1, 1 << 7));
}

#[test]
fn blocks_are_the_rounded_power_of_two_and_stats_are_exact() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let requests = [
        (layout(1, 1), 32),
        (layout(33, 1), 64),
        (layout(64, 64), 64),
        (layout(100, 8), 128),
        (layout(8, 256), 256),
        (layout(600, 16), 1024),
    ];
    let mut live = Vec::new();
    let mut used = 0;
    for (request, block) in requests {
        let ptr = buddy.allocate(request).unwrap();
        assert_eq!(
            ptr.as_ptr().addr() % block,
            0,
            "{request:?}: its block is aligned"
        );
        used += block;
        live.push((ptr, request));
        assert_eq!(buddy.stats().used, used);
        assert_eq!(buddy.stats().free, 4096 - used);
        assert_eq!(buddy.stats().allocations, live.len());
        buddy.check_invariants();
    }
    // 1568 bytes used: the free blocks are 2048, 256, 128, 64 and 32 bytes.
    assert_eq!(buddy.stats().largest_free, 2048);
    assert_eq!(buddy.free_blocks, 5);
    for (ptr, request) in live.into_iter().rev() {
        // SAFETY: allocated with `request`.
        unsafe { buddy.deallocate(ptr, request) };
        buddy.check_invariants();
    }
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    assert_eq!(buddy.free_blocks, 1);
}

#[test]
fn exhaustion_and_impossible_requests_are_errors_of_their_kind() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let page = layout(4096, 1);
    let ptr = buddy.allocate(page).unwrap();
    let err = buddy.allocate(layout(1, 1)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    assert_eq!(err.layout(), Some(layout(1, 1)));
    // SAFETY: allocated with `page`.
    unsafe { buddy.deallocate(ptr, page) };

    let too_big = layout(8192, 1); // a block the region cannot hold, though the allocator could
    assert_eq!(
        buddy.allocate(too_big).unwrap_err().kind(),
        AllocErrorKind::OutOfMemory
    );
    let beyond = layout(buddy.max_block() + 1, 1);
    assert_eq!(
        buddy.allocate(beyond).unwrap_err().kind(),
        AllocErrorKind::UnsupportedSize
    );
    let over_aligned = layout(8, buddy.max_block() * 2);
    assert_eq!(
        buddy.allocate(over_aligned).unwrap_err().kind(),
        AllocErrorKind::UnsupportedAlignment
    );
    let huge = layout(isize::MAX as usize - 4096, 1);
    assert_eq!(
        buddy.allocate(huge).unwrap_err().kind(),
        AllocErrorKind::UnsupportedSize
    );
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    buddy.check_invariants();
}

#[test]
fn every_smallest_block_can_be_allocated_and_frees_merge_in_any_order() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let one = layout(MIN, 1);
    let mut live: Vec<NonNull<u8>> = core::iter::from_fn(|| buddy.allocate(one).ok()).collect();
    assert_eq!(live.len(), 4096 / MIN);
    assert_eq!(buddy.stats(), stats(4096, 0, 0, 4096 / MIN));
    let mut addrs: Vec<usize> = live.iter().map(|p| p.as_ptr().addr()).collect();
    addrs.sort_unstable();
    addrs.dedup();
    assert_eq!(addrs.len(), live.len(), "distinct blocks");
    assert_eq!(addrs[0], lo(&buddy));
    assert_eq!(*addrs.last().unwrap(), lo(&buddy) + 4096 - MIN);
    // A fixed shuffle: odd positions first, then the rest backwards.
    let mut order: Vec<usize> = (0..live.len()).filter(|i| i % 2 == 1).collect();
    order.extend((0..live.len()).filter(|i| i % 2 == 0).rev());
    let checks = if cfg!(miri) { 8 } else { 1 };
    for (step, &i) in order.iter().enumerate() {
        // SAFETY: each block allocated with `one`, freed once.
        unsafe { buddy.deallocate(live[i], one) };
        if step % checks == 0 {
            buddy.check_invariants();
        }
    }
    live.clear();
    buddy.check_invariants();
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    assert_eq!(
        buddy.free_blocks, 1,
        "everything merged back into one block"
    );
}

#[test]
fn alignments_up_to_4096_pick_a_large_enough_block() {
    let mut mem = Mem::new(20480);
    let mut buddy = Buddy::new(MIN);
    // An unaligned region: the blocks' alignment comes from their addresses alone. It holds
    // an 8192-byte block at [8192, 16384).
    // SAFETY: `mem` outlives the allocator and is used for nothing else.
    let usable = unsafe { buddy.claim(mem.region(8, 20000)) };
    for shift in 0..=12 {
        let align = 1 << shift;
        for size in [1, align / 2 + 1, align, 3 * align / 2] {
            let request = layout(size, align);
            let ptr = buddy.allocate(request).unwrap();
            assert_eq!(ptr.as_ptr().addr() % align, 0, "{request:?}");
            let block = size.max(align).max(MIN).next_power_of_two();
            assert_eq!(buddy.stats().used, block);
            // SAFETY: allocated with `request`; its block holds `size` bytes.
            unsafe {
                ptr.as_ptr().write_bytes(0xa5, size);
                buddy.deallocate(ptr, request);
            }
            assert_eq!(buddy.stats().free, usable);
        }
    }
    buddy.check_invariants();
}

#[test]
fn odd_region_bases_and_sizes_are_cut_into_aligned_blocks() {
    let mut mem = Mem::new(16384);
    let step = if cfg!(miri) { 61 } else { 7 };
    for start in (0..200).step_by(step) {
        let lens: &[usize] = if cfg!(miri) {
            &[0, 63, 100, 1000, 5001]
        } else {
            &[0, 1, 63, 64, 100, 1000, 4095, 5001, 16000]
        };
        for &len in lens {
            let mut buddy = Buddy::new(MIN);
            let region = mem.region(start, len);
            let (from, to) = (region.cast::<u8>().addr(), region.cast::<u8>().addr() + len);
            // SAFETY: `mem` outlives the allocator and is used for nothing else.
            let usable = unsafe { buddy.claim(region) };
            assert_eq!(buddy.stats().free, usable);
            assert_eq!(usable % MIN, 0);
            if len >= 1000 {
                // Header and bitmap cost at most 5 words, the bitmap and two blocks' rounding.
                assert!(
                    usable + 40 + 8 + len / 256 + 2 * MIN >= len,
                    "{start}+{len}: {usable}"
                );
            }
            buddy.check_invariants();
            let one = layout(1, 1);
            let mut live = Vec::new();
            while let Ok(ptr) = buddy.allocate(one) {
                let addr = ptr.as_ptr().addr();
                assert!(from <= addr && addr + MIN <= to, "block inside the region");
                // SAFETY: the block is ours, `MIN` bytes.
                unsafe { ptr.as_ptr().write_bytes(0x5a, MIN) };
                live.push(ptr);
            }
            assert_eq!(live.len() * MIN, usable);
            for ptr in live {
                // SAFETY: allocated with `one`.
                unsafe { buddy.deallocate(ptr, one) };
            }
            buddy.check_invariants();
            assert_eq!(buddy.stats().free, usable);
        }
    }
}

#[test]
fn several_regions_serve_and_take_back_their_own_blocks() {
    let mut mem = Mem::new(16384);
    let mut buddy = Buddy::new(MIN);
    // SAFETY: disjoint parts of `mem`, which outlives the allocator.
    let usable = unsafe { buddy.claim(mem.region(0, 3000)) + buddy.claim(mem.region(4096, 9000)) };
    assert_eq!(buddy.stats().free, usable);
    buddy.check_invariants();
    let big = layout(4096, 4096);
    let ptr = buddy.allocate(big).unwrap(); // only the second region has a 4096-byte block
    assert!(ptr.as_ptr().addr() >= mem.base().addr() + 4096);
    let small: Vec<_> = (0..10)
        .map(|_| buddy.allocate(layout(100, 8)).unwrap())
        .collect();
    buddy.check_invariants();
    for p in small {
        // SAFETY: allocated with this layout.
        unsafe { buddy.deallocate(p, layout(100, 8)) };
    }
    // SAFETY: allocated with `big`.
    unsafe { buddy.deallocate(ptr, big) };
    buddy.check_invariants();
    assert_eq!(buddy.stats().free, usable);
}

#[test]
#[should_panic(expected = "is in no claimed region")]
fn freeing_a_foreign_pointer_panics() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let foreign = NonNull::new(mem.base()).unwrap(); // the region's header, not a block
    // SAFETY: broken on purpose: the pointer is caught before anything is touched.
    unsafe { buddy.deallocate(foreign, layout(8, 8)) };
}

#[test]
fn shrink_in_place_splits_off_the_upper_halves() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let whole = layout(4000, 8);
    let ptr = buddy.allocate(whole).unwrap();
    assert_eq!(buddy.stats(), stats(4096, 0, 0, 1));
    // SAFETY: live with `whole`; not larger.
    unsafe { buddy.shrink_in_place(ptr, whole, 3000) }.unwrap(); // still 4096
    assert_eq!(buddy.stats(), stats(4096, 0, 0, 1));
    // SAFETY: live with (3000, 8).
    unsafe { buddy.shrink_in_place(ptr, layout(3000, 8), 100) }.unwrap();
    assert_eq!(buddy.stats(), stats(128, 4096 - 128, 2048, 1));
    assert_eq!(buddy.free_blocks, 5); // 128, 256, 512, 1024, 2048
    buddy.check_invariants();
    // Zero bytes is not a shrink in place (`shrink` frees instead).
    // SAFETY: live with (100, 8).
    let err = unsafe { buddy.shrink_in_place(ptr, layout(100, 8), 0) }.unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    // SAFETY: live with (100, 8).
    let moved = unsafe { buddy.shrink(ptr, layout(100, 8), layout(0, 8)) }.unwrap();
    assert_eq!(moved.as_ptr().addr(), 8);
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    buddy.check_invariants();
}

#[test]
fn shrink_moves_into_a_free_block_of_the_new_size_else_splits_in_place() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let base = lo(&buddy);
    // The first small block splits the space down: 128 bytes free at base + 128, then 256, 512,
    // 1024 and 2048 above it. The large block takes the free 1024 at base + 1024.
    let small = buddy.allocate(layout(100, 8)).unwrap();
    assert_eq!(small.as_ptr().addr(), base);
    let big = layout(1000, 8);
    let ptr = buddy.allocate(big).unwrap();
    assert_eq!(ptr.as_ptr().addr(), base + 1024);
    // SAFETY: the block holds 1000 bytes.
    unsafe { ptr.as_ptr().write_bytes(0xA5, 1000) };
    // A free block of exactly the new size (128) exists: the contents move there, and the old
    // block is freed whole.
    // SAFETY: live with `big`; not larger.
    let moved = unsafe { buddy.shrink(ptr, big, layout(100, 8)) }.unwrap();
    assert_eq!(moved.as_ptr().addr(), base + 128);
    // SAFETY: the new block holds 100 bytes, copied from the old one.
    let kept = unsafe { core::slice::from_raw_parts(moved.as_ptr(), 100) };
    assert!(kept.iter().all(|&b| b == 0xA5));
    assert_eq!(buddy.stats(), stats(256, 4096 - 256, 2048, 2));
    assert_eq!(buddy.free_blocks, 4); // 256, 512, 1024, 2048
    buddy.check_invariants();
    // No free block of 32 bytes: the block is split where it is.
    // SAFETY: live with (100, 8); not larger.
    let same = unsafe { buddy.shrink(moved, layout(100, 8), layout(20, 8)) }.unwrap();
    assert_eq!(same, moved);
    // SAFETY: the block holds 20 bytes, kept in place.
    let kept = unsafe { core::slice::from_raw_parts(same.as_ptr(), 20) };
    assert!(kept.iter().all(|&b| b == 0xA5));
    assert_eq!(buddy.stats(), stats(128 + 32, 4096 - 160, 2048, 2));
    buddy.check_invariants();
    // SAFETY: live with their layouts.
    unsafe {
        buddy.deallocate(same, layout(20, 8));
        buddy.deallocate(small, layout(100, 8));
    }
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    buddy.check_invariants();
}

#[test]
fn grow_in_place_merges_free_right_buddies_only() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let small = layout(32, 8);
    let left = buddy.allocate(small).unwrap();
    assert_eq!(left.as_ptr().addr(), lo(&buddy));
    // SAFETY: the block holds 32 bytes.
    unsafe { left.as_ptr().write_bytes(7, 32) };
    // The right buddies (32, 64, ... 2048 bytes) are all free: grow to 1000 bytes takes
    // 32 + 64 + ... + 512 of them.
    // SAFETY: live with `small`; larger.
    unsafe { buddy.grow_in_place(left, small, 1000) }.unwrap();
    assert_eq!(buddy.stats(), stats(1024, 3072, 2048, 1));
    buddy.check_invariants();
    // SAFETY: the first 32 bytes were written above.
    let bytes = unsafe { core::slice::from_raw_parts(left.as_ptr(), 32) };
    assert!(bytes.iter().all(|&b| b == 7));

    // A block of the same order in the right half: it is a right buddy, it cannot grow.
    let right = buddy.allocate(layout(1024, 8)).unwrap();
    assert_eq!(right.as_ptr().addr(), lo(&buddy) + 1024);
    // SAFETY: live with (1024, 8).
    let err = unsafe { buddy.grow_in_place(right, layout(1024, 8), 2048) }.unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    // The left block's buddy is now used: it cannot grow either; within its block it can.
    // SAFETY: live with (1000, 8).
    assert!(unsafe { buddy.grow_in_place(left, layout(1000, 8), 1025) }.is_err());
    // SAFETY: live with (1000, 8).
    unsafe { buddy.grow_in_place(left, layout(1000, 8), 1024) }.unwrap();
    // Beyond the largest block: unsupported.
    // SAFETY: live with (1024, 8).
    let err = unsafe { buddy.grow_in_place(left, layout(1024, 8), 1 << 20) }.unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::UnsupportedSize);
    assert_eq!(buddy.stats(), stats(2048, 2048, 2048, 2));
    buddy.check_invariants();

    // `grow` falls back to moving: the 2048 block on the right.
    // SAFETY: live with (1024, 8).
    let moved = unsafe { buddy.grow(left, layout(1024, 8), layout(1500, 8)) }.unwrap();
    assert_eq!(moved.as_ptr().addr(), lo(&buddy) + 2048);
    // SAFETY: the first 32 bytes moved along.
    let bytes = unsafe { core::slice::from_raw_parts(moved.as_ptr(), 32) };
    assert!(bytes.iter().all(|&b| b == 7));
    // SAFETY: both live with these layouts.
    unsafe {
        buddy.deallocate(moved, layout(1500, 8));
        buddy.deallocate(right, layout(1024, 8));
    }
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    buddy.check_invariants();
}

#[test]
fn grow_in_place_stops_at_a_buddy_split_smaller() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let a = buddy.allocate(layout(64, 1)).unwrap(); // [0, 64)
    let b = buddy.allocate(layout(32, 1)).unwrap(); // [64, 96): [96, 128) stays free, order 0
    assert_eq!(b.as_ptr().addr(), a.as_ptr().addr() + 64);
    // The buddy of `a` at order 1 is [64, 128), split: no growth to 128.
    // SAFETY: live with (64, 1).
    assert!(unsafe { buddy.grow_in_place(a, layout(64, 1), 65) }.is_err());
    // SAFETY: live with (32, 1): its right buddy [96, 128) is free, but `b` is itself a right
    // half at order 1 ([64, 128) is the right half of [0, 128)): it grows to 64 only.
    unsafe { buddy.grow_in_place(b, layout(32, 1), 64) }.unwrap();
    // SAFETY: live with (64, 1).
    assert!(unsafe { buddy.grow_in_place(b, layout(64, 1), 65) }.is_err());
    buddy.check_invariants();
    // SAFETY: both live with these layouts.
    unsafe {
        buddy.deallocate(a, layout(64, 1));
        buddy.deallocate(b, layout(64, 1));
    }
    assert_eq!(buddy.free_blocks, 1);
}

#[test]
fn resizing_to_a_new_alignment_keeps_the_block_size_consistent() {
    let mut mem = Mem::new(8192);
    let mut buddy = aligned(&mut mem, 4096);
    let small = layout(8, 8);
    let ptr = buddy.allocate(small).unwrap();
    assert_eq!(ptr.as_ptr().addr() % 4096, 0);
    // Already 4096-aligned: grows in place, to the 4096-byte block the new layout needs.
    let page = layout(16, 4096);
    // SAFETY: live with `small`; larger.
    let same = unsafe { buddy.grow(ptr, small, page) }.unwrap();
    assert_eq!(same, ptr);
    assert_eq!(buddy.stats(), stats(4096, 0, 0, 1));
    // Shrinking back to a small alignment splits in place.
    // SAFETY: live with `page`.
    let back = unsafe { buddy.shrink(same, page, layout(8, 8)) }.unwrap();
    assert_eq!(back, ptr);
    assert_eq!(buddy.stats().used, 32);
    // SAFETY: live with (8, 8).
    unsafe { buddy.deallocate(back, layout(8, 8)) };
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
    buddy.check_invariants();
}

#[test]
fn zero_sized_blocks_grow_by_allocating() {
    let mut mem = Mem::new(4096);
    let mut buddy = aligned(&mut mem, 4096);
    let zst = layout(0, 16);
    let ptr = buddy.allocate(zst).unwrap();
    // SAFETY: live with `zst`.
    assert!(unsafe { buddy.grow_in_place(ptr, zst, 8) }.is_err());
    // SAFETY: live with `zst`.
    let grown = unsafe { buddy.grow(ptr, zst, layout(40, 16)) }.unwrap();
    assert_eq!(buddy.stats().used, 64);
    // SAFETY: live with (40, 16).
    unsafe { buddy.deallocate(grown, layout(40, 16)) };
    assert_eq!(buddy.stats(), stats(0, 4096, 4096, 0));
}

#[test]
fn works_inside_a_locked_heap() {
    let mut mem = Mem::new(8192);
    let heap: SpinLockedBuddy = LockedHeap::new(Buddy::new(MIN));
    // SAFETY: `mem` outlives the heap and is used for nothing else.
    let usable = unsafe { heap.lock().claim(mem.region(0, 8192)) };
    let rounds = if cfg!(miri) { 4 } else { 64 };
    // SAFETY: `GlobalAlloc` calls with non-zero layouts, each block freed with its layout.
    unsafe {
        let mut live = Vec::new();
        for i in 1..=rounds {
            let l = layout((i % 8 + 1) * 12, 8 << (i % 4));
            let p = heap.alloc(l);
            assert!(!p.is_null());
            assert_eq!(p.addr() % l.align(), 0);
            p.write_bytes(i as u8, l.size());
            let p = heap.realloc(p, l, l.size() * 2);
            assert!(!p.is_null());
            assert_eq!(*p.add(l.size() - 1), i as u8);
            live.push((p, layout(l.size() * 2, l.align())));
            if i % 2 == 0 {
                let (p, l) = live.swap_remove(0);
                heap.dealloc(p, l);
            }
        }
        heap.lock().check_invariants();
        for (p, l) in live {
            heap.dealloc(p, l);
        }
        assert!(heap.alloc(layout(1 << 20, 8)).is_null());
    }
    let guard = heap.lock();
    guard.check_invariants();
    assert_eq!(guard.stats().free, usable);
    assert_eq!(guard.stats().allocations, 0);
}

#[test]
fn is_send() {
    fn send<T: Send>() {}
    send::<Buddy>();
}

/// A pseudo-random churn of allocations, resizes and frees, checked against a list of live
/// blocks (disjoint, aligned, contents kept) and the invariant checker.
#[test]
fn random_churn_keeps_blocks_disjoint_and_invariants() {
    let mut mem = Mem::new(16384);
    let mut buddy = Buddy::new(MIN);
    // SAFETY: `mem` outlives the allocator and is used for nothing else.
    let usable = unsafe { buddy.claim(mem.region(3, 16000)) };
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut live: Vec<(NonNull<u8>, Layout, u8)> = Vec::new();
    let steps = if cfg!(miri) { 100 } else { 5000 };
    for step in 0..steps {
        let r = next();
        match r % 4 {
            0 | 1 => {
                let l = layout((r >> 8) as usize % 1500, 1 << ((r >> 24) % 13));
                if let Ok(p) = buddy.allocate(l) {
                    // SAFETY: the block holds `l.size()` bytes.
                    unsafe { p.as_ptr().write_bytes(step as u8, l.size()) };
                    live.push((p, l, step as u8));
                }
            }
            2 if !live.is_empty() => {
                let (p, l, tag) = live.swap_remove((r >> 8) as usize % live.len());
                // SAFETY: live with `l`, filled with `tag`.
                unsafe {
                    assert!(
                        core::slice::from_raw_parts(p.as_ptr(), l.size())
                            .iter()
                            .all(|&b| b == tag)
                    );
                    buddy.deallocate(p, l);
                }
            }
            3 if !live.is_empty() => {
                let i = (r >> 8) as usize % live.len();
                let (p, l, tag) = live[i];
                let size = (r >> 20) as usize % 2000;
                let new = layout(size, l.align());
                // SAFETY: live with `l`.
                let result = unsafe {
                    if size >= l.size() {
                        buddy.grow(p, l, new)
                    } else {
                        buddy.shrink(p, l, new)
                    }
                };
                if let Ok(q) = result {
                    let kept = size.min(l.size());
                    // SAFETY: the first `kept` bytes followed the block.
                    unsafe {
                        assert!(
                            core::slice::from_raw_parts(q.as_ptr(), kept)
                                .iter()
                                .all(|&b| b == tag)
                        );
                        q.as_ptr().write_bytes(tag, size);
                    }
                    live[i] = (q, new, tag);
                }
            }
            _ => {}
        }
        let mut spans: Vec<(usize, usize)> = live
            .iter()
            .filter(|(_, l, _)| l.size() != 0)
            .map(|(p, l, _)| (p.as_ptr().addr(), l.size()))
            .collect();
        spans.sort_unstable();
        assert!(
            spans.windows(2).all(|w| w[0].0 + w[0].1 <= w[1].0),
            "overlap"
        );
        assert!(
            live.iter()
                .all(|(p, l, _)| p.as_ptr().addr() % l.align() == 0)
        );
        if !cfg!(miri) || step % 16 == 0 {
            buddy.check_invariants();
        }
    }
    for (p, l, _) in live {
        // SAFETY: live with `l`.
        unsafe { buddy.deallocate(p, l) };
    }
    buddy.check_invariants();
    assert_eq!(buddy.stats().free, usable);
}
