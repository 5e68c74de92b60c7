// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::Layout;
use core::ptr::{self, NonNull};
use std::vec;
use std::vec::Vec;

use super::block::{
    FL_COUNT, GRANULE, MAX_BLOCK, MIN_BLOCK, SL_COUNT, WORD, block_size, class_at_least, class_of,
    class_start, region_bounds,
};
use super::{BlockInfo, Heap, HeapStats, RawAlloc};
use crate::error::AllocErrorKind;

/// Heap memory: `len` bytes aligned to 4096 (the buffer is over-allocated and the region cut
/// from its first 4096-aligned byte), so block addresses are predictable.
struct Mem {
    buf: Vec<u128>,
    offset: usize,
    len: usize,
}

impl Mem {
    fn new(len: usize) -> Self {
        let mut buf = vec![0u128; (len + 4096) / 16 + 1];
        let addr = buf.as_mut_ptr().addr();
        let offset = addr.next_multiple_of(4096) - addr;
        Self { buf, offset, len }
    }

    fn base(&mut self) -> *mut u8 {
        // SAFETY: `offset < 4096` and the buffer has `len + 4096` bytes.
        unsafe { self.buf.as_mut_ptr().cast::<u8>().add(self.offset) }
    }

    fn region(&mut self) -> *mut [u8] {
        ptr::slice_from_raw_parts_mut(self.base(), self.len)
    }

    /// The first `len` bytes, from the same base pointer as `region` (for `extend`).
    fn prefix(&mut self, len: usize) -> *mut [u8] {
        assert!(len <= self.len);
        ptr::slice_from_raw_parts_mut(self.base(), len)
    }
}

fn heap_over(mem: &mut Mem) -> (Heap, usize) {
    let mut heap = Heap::new();
    // SAFETY: `mem` outlives the heap in every test and is used for nothing else.
    let usable = unsafe { heap.claim(mem.region()) };
    heap.check_invariants();
    (heap, usable)
}

fn layout(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

fn alloc(heap: &mut Heap, size: usize, align: usize) -> NonNull<u8> {
    let ptr = heap.allocate(layout(size, align)).unwrap();
    assert_eq!(ptr.as_ptr().addr() % align, 0);
    // SAFETY: the allocation holds `size` bytes.
    unsafe { ptr.as_ptr().write_bytes(0xa5, size) };
    heap.check_invariants();
    ptr
}

fn free(heap: &mut Heap, ptr: NonNull<u8>, size: usize, align: usize) {
    // SAFETY: every test frees what it allocated, once, with its layout.
    unsafe { heap.deallocate(ptr, layout(size, align)) };
    heap.check_invariants();
}

/// `(size, free)` of every block, in walk order.
fn map(heap: &Heap) -> Vec<(usize, bool)> {
    heap.blocks().map(|b| (b.size, b.free)).collect()
}

#[test]
fn block_size_rounds_to_granules_with_a_header() {
    assert_eq!(block_size(1), Some(MIN_BLOCK));
    assert_eq!(block_size(MIN_BLOCK - WORD), Some(MIN_BLOCK));
    assert_eq!(block_size(MIN_BLOCK - WORD + 1), Some(MIN_BLOCK + GRANULE));
    assert_eq!(
        block_size(100),
        Some((100 + WORD).next_multiple_of(GRANULE))
    );
    assert_eq!(block_size(MAX_BLOCK - WORD), Some(MAX_BLOCK));
    assert_eq!(block_size(MAX_BLOCK - WORD + 1), None);
    assert_eq!(block_size(usize::MAX), None);
}

#[test]
fn size_classes_cover_every_size_in_order() {
    // Every size up to 64 KiB (2 KiB under Miri, which is slow at it), then around every power of
    // two.
    let dense = if cfg!(miri) { 1 << 11 } else { 1 << 16 };
    let mut sizes: Vec<usize> = (MIN_BLOCK..dense).step_by(GRANULE).collect();
    for bit in 8..MAX_BLOCK.ilog2() + 1 {
        let p = 1usize << bit;
        sizes.extend([p - GRANULE, p, p + GRANULE, p + p / 3 / GRANULE * GRANULE]);
    }
    sizes.push(MAX_BLOCK);
    sizes.retain(|&s| s <= MAX_BLOCK);
    sizes.sort_unstable();
    let mut last = (0, 0);
    for &size in &sizes {
        let (fl, sl) = class_of(size);
        assert!(fl < FL_COUNT && sl < SL_COUNT, "{size}: class ({fl}, {sl})");
        assert!((fl, sl) >= last, "classes grow with the size");
        last = (fl, sl);
        let start = class_start(fl, sl);
        assert!(start <= size, "{size} below the start of its class {start}");
        // The next class starts above `size`.
        let next = if sl + 1 < SL_COUNT {
            class_start(fl, sl + 1)
        } else {
            class_start(fl + 1, 0)
        };
        assert!(fl + 1 == FL_COUNT && sl + 1 == SL_COUNT || next > size);
        // Every block in the class found for `size` holds `size`, and it is the first such
        // class: the one before it starts below `size`.
        if let Some((f, s)) = class_at_least(size) {
            assert!(
                class_start(f, s) >= size,
                "{size}: class ({f}, {s}) too small"
            );
            assert!((f, s) >= (fl, sl));
            let before = match (f, s) {
                (0, 0) => 0,
                (f, 0) => class_start(f - 1, SL_COUNT - 1),
                (f, s) => class_start(f, s - 1),
            };
            assert!(
                before < size,
                "{size}: class ({f}, {s}) not the first to hold it"
            );
        } else {
            assert_eq!(
                (fl, sl),
                (FL_COUNT - 1, SL_COUNT - 1),
                "{size}: no class above"
            );
        }
    }
    // Exact classes at the bottom: one granule each.
    assert_eq!(class_of(MIN_BLOCK), (0, MIN_BLOCK / GRANULE));
    assert_eq!(
        class_at_least(MIN_BLOCK + GRANULE),
        Some(class_of(MIN_BLOCK + GRANULE))
    );
}

#[test]
fn the_table_is_sized_for_the_address_width() {
    if usize::BITS == 64 {
        assert_eq!((FL_COUNT, SL_COUNT), (32, 32));
        assert_eq!(size_of::<Heap>(), 8376, "the figure in Heap's docs");
    }
    if usize::BITS == 32 {
        assert_eq!((FL_COUNT, SL_COUNT), (27, 8));
        assert_eq!(size_of::<Heap>(), 1000, "the figure in Heap's docs");
    }
    assert!(class_at_least(MAX_BLOCK).is_none_or(|(fl, _)| fl < FL_COUNT));
}

#[test]
fn region_bounds_at_the_end_of_the_address_space() {
    // A region whose end is 2^BITS, not representable.
    let start = usize::MAX - 4095;
    let (first, sentinel) = region_bounds(start, 4096).unwrap();
    assert_eq!((first + WORD) % GRANULE, 0);
    assert_eq!((sentinel + WORD) % GRANULE, 0);
    assert!(first >= start);
    assert_eq!(
        sentinel + 2 * WORD - 1,
        usize::MAX - (GRANULE - WORD),
        "the sentinel's last word"
    );
    assert_eq!(sentinel - first, 4096 - 2 * GRANULE);
    // Unaligned starts and ends near the top.
    for (start_off, len) in [(4095, 4096), (4000, 3999), (100, 100), (200, 37)] {
        let start = usize::MAX - start_off;
        if let Some((first, sentinel)) = region_bounds(start, len) {
            assert!(first >= start && sentinel - first >= MIN_BLOCK);
            assert!(sentinel + 2 * WORD - 1 <= start + (len - 1));
        } else {
            assert!(len < 2 * MIN_BLOCK);
        }
    }
    // Too small, or longer than the address space allows.
    assert_eq!(region_bounds(usize::MAX - 10, 11), None);
    assert_eq!(region_bounds(usize::MAX - 10, 12), None);
    assert_eq!(region_bounds(16, 0), None);
    assert_eq!(region_bounds(16, MIN_BLOCK), None);
    // Exactly one minimal block, granule-aligned start and end.
    let (first, sentinel) = region_bounds(4096, MIN_BLOCK + 2 * GRANULE).unwrap();
    assert_eq!(
        (first, sentinel - first),
        (4096 + GRANULE - WORD, MIN_BLOCK)
    );
    // Huge regions are cut to the largest block (1 TiB on 64-bit targets).
    let len = usize::MAX / 2;
    let (first, sentinel) = region_bounds(GRANULE, len).unwrap();
    let size = sentinel - first;
    assert!(size <= MAX_BLOCK && size % GRANULE == 0);
    assert!(size == MAX_BLOCK || size >= len - 4 * GRANULE);
    if usize::BITS == 64 {
        assert_eq!(size, MAX_BLOCK);
    }
}

#[test]
fn an_empty_heap_refuses_everything() {
    let mut heap = Heap::new();
    let err = heap.allocate(layout(8, 8)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    assert_eq!(heap.stats(), HeapStats::default());
    assert_eq!(heap.blocks().count(), 0);
    heap.check_invariants();
    // SAFETY: there is no region to extend; nothing is accessed.
    let added = unsafe { heap.extend(ptr::slice_from_raw_parts_mut(ptr::null_mut(), 0)) };
    assert_eq!(added, 0);
    assert!(std::format!("{heap:?}").starts_with("Heap { stats: HeapStats"));
    let _: Heap = Heap::default();
}

#[test]
fn claim_reports_the_usable_bytes_exactly() {
    let mut mem = Mem::new(4096);
    let (heap, usable) = heap_over(&mut mem);
    // An aligned region loses a word in front, the two-word sentinel and a word after it at
    // the end, and the block's header.
    assert_eq!(usable, 4096 - 5 * WORD);
    assert_eq!(GRANULE, 2 * WORD);
    let stats = heap.stats();
    assert_eq!(
        (
            stats.used,
            stats.free,
            stats.largest_free,
            stats.allocations
        ),
        (0, usable, usable, 0)
    );
    assert_eq!(stats.fragmentation(), 0.0);
    let blocks: Vec<BlockInfo> = heap.blocks().collect();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].addr, mem.base().addr() + GRANULE - WORD);
    assert_eq!(blocks[0].payload() % GRANULE, 0);
    assert_eq!((blocks[0].size, blocks[0].free), (usable + WORD, true));
}

#[test]
fn a_region_too_small_for_a_block_is_not_used() {
    let mut mem = Mem::new(MIN_BLOCK + GRANULE);
    let (mut heap, usable) = heap_over(&mut mem);
    assert_eq!(usable, 0);
    assert!(heap.allocate(layout(1, 1)).is_err());
    let mut mem = Mem::new(MIN_BLOCK + 2 * GRANULE);
    let (_, usable) = heap_over(&mut mem);
    assert_eq!(usable, MIN_BLOCK - WORD);
}

#[test]
fn allocation_splits_and_stats_are_exact() {
    let mut mem = Mem::new(4096);
    let (mut heap, usable) = heap_over(&mut mem);
    let a = alloc(&mut heap, MIN_BLOCK - WORD, 8);
    assert_eq!(a.as_ptr().addr() % GRANULE, 0);
    let stats = heap.stats();
    assert_eq!((stats.used, stats.allocations), (MIN_BLOCK - WORD, 1));
    assert_eq!(stats.free, usable - MIN_BLOCK);
    let b = alloc(&mut heap, 100, 4);
    let b_block = block_size(100).unwrap();
    assert_eq!(
        map(&heap),
        [
            (MIN_BLOCK, false),
            (b_block, false),
            (usable + WORD - MIN_BLOCK - b_block, true)
        ]
    );
    let stats = heap.stats();
    assert_eq!(stats.used, MIN_BLOCK - WORD + b_block - WORD);
    assert_eq!(stats.free, usable - MIN_BLOCK - b_block);
    assert_eq!(stats.largest_free, stats.free);
    // Payloads follow each other: one header between them.
    assert_eq!(b.as_ptr().addr() - a.as_ptr().addr(), MIN_BLOCK);
    free(&mut heap, a, MIN_BLOCK - WORD, 8);
    free(&mut heap, b, 100, 4);
    assert_eq!(map(&heap), [(usable + WORD, true)]);
    assert_eq!(heap.stats().free, usable);
}

#[test]
fn a_remainder_too_small_for_a_block_stays_with_the_allocation() {
    let mut mem = Mem::new(MIN_BLOCK + GRANULE + 2 * GRANULE);
    let (mut heap, usable) = heap_over(&mut mem);
    assert_eq!(usable, MIN_BLOCK + GRANULE - WORD);
    let p = alloc(&mut heap, 1, 1);
    assert_eq!(map(&heap), [(MIN_BLOCK + GRANULE, false)]);
    assert_eq!(heap.stats().used, usable);
    assert_eq!(heap.stats().largest_free, 0);
    assert!(heap.allocate(layout(1, 1)).is_err());
    free(&mut heap, p, 1, 1);
    assert_eq!(heap.stats().free, usable);
}

#[test]
fn freeing_coalesces_with_both_neighbours() {
    let mut mem = Mem::new(4096);
    let (mut heap, usable) = heap_over(&mut mem);
    let sizes = [40, 56, 72, 88, 8];
    let ptrs: Vec<NonNull<u8>> = sizes.iter().map(|&s| alloc(&mut heap, s, 8)).collect();
    let blocks: Vec<usize> = sizes.iter().map(|&s| block_size(s).unwrap()).collect();
    // Next only: free [1] then [0] (the one before it).
    free(&mut heap, ptrs[1], sizes[1], 8);
    free(&mut heap, ptrs[0], sizes[0], 8);
    assert_eq!(map(&heap)[0], (blocks[0] + blocks[1], true));
    // Previous only: free [3] after [2] is used, then [2]'s neighbour... free [2] merges with
    // both the merged [0, 1] before it and [3] after it.
    free(&mut heap, ptrs[3], sizes[3], 8);
    assert_eq!(map(&heap).len(), 5);
    free(&mut heap, ptrs[2], sizes[2], 8);
    assert_eq!(
        map(&heap)[0],
        (blocks[0] + blocks[1] + blocks[2] + blocks[3], true)
    );
    assert_eq!(heap.stats().allocations, 1);
    // The last one merges with the big block before it and the tail after it.
    free(&mut heap, ptrs[4], sizes[4], 8);
    assert_eq!(map(&heap), [(usable + WORD, true)]);
}

#[test]
fn a_freed_block_merges_with_the_free_tail_after_it() {
    let mut mem = Mem::new(1024);
    let (mut heap, usable) = heap_over(&mut mem);
    let a = alloc(&mut heap, MIN_BLOCK - WORD, 8);
    let b = alloc(&mut heap, MIN_BLOCK - WORD, 8);
    free(&mut heap, b, MIN_BLOCK - WORD, 8);
    assert_eq!(
        map(&heap),
        [(MIN_BLOCK, false), (usable + WORD - MIN_BLOCK, true)]
    );
    free(&mut heap, a, MIN_BLOCK - WORD, 8);
    assert_eq!(heap.blocks().count(), 1);
}

#[test]
fn high_alignments_split_off_the_front() {
    let mut mem = Mem::new(64 * 1024);
    let (mut heap, usable) = heap_over(&mut mem);
    let small = alloc(&mut heap, 8, 8);
    let mut live = Vec::new();
    for (i, align) in [32, 64, 128, 256, 4096, 8192, 4096, 32]
        .into_iter()
        .enumerate()
    {
        let size = 1 + 37 * i;
        let p = alloc(&mut heap, size, align);
        live.push((p, size, align));
    }
    // The front gaps became free blocks (no free space was lost to alignment).
    let stats = heap.stats();
    let blocks = heap.blocks().count();
    assert_eq!(stats.used + stats.free + blocks * WORD, usable + WORD);
    assert!(
        heap.blocks().filter(|b| b.free).count() >= 2,
        "front gaps are free blocks"
    );
    for (p, size, align) in live.into_iter().rev() {
        free(&mut heap, p, size, align);
    }
    free(&mut heap, small, 8, 8);
    assert_eq!(map(&heap), [(usable + WORD, true)]);
}

#[test]
fn an_aligned_block_gets_its_payload_at_the_first_fitting_boundary() {
    let mut mem = Mem::new(16 * 1024);
    let (mut heap, _) = heap_over(&mut mem);
    let base = mem.base().addr();
    // The free block's payload starts at base + GRANULE: the next 4096 boundary leaves a gap
    // large enough for a free block in front.
    let p = alloc(&mut heap, 10, 4096);
    assert_eq!(p.as_ptr().addr(), base + 4096);
    assert_eq!(map(&heap)[0], (4096 - GRANULE, true));
    // A gap of one granule cannot be a block: the payload moves one alignment further.
    let mut mem2 = Mem::new(16 * 1024);
    let (mut heap2, _) = heap_over(&mut mem2);
    let base2 = mem2.base().addr();
    // A minimal block first: the free block's payload is then one granule past a multiple of
    // 2 * MIN_BLOCK, one granule short of the next boundary.
    let _first = alloc(&mut heap2, 1, 1);
    let align = 2 * MIN_BLOCK;
    let r = alloc(&mut heap2, 1, align);
    assert_eq!(r.as_ptr().addr(), base2 + 2 * align);
    assert_eq!(map(&heap2)[1], (2 * align - MIN_BLOCK - GRANULE, true));
    // Alignment beyond what any block can satisfy.
    if usize::BITS == 64 {
        let err = heap.allocate(layout(1, 1 << 40)).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::UnsupportedAlignment);
    }
    // A big alignment that fits in no free block now.
    let err = heap.allocate(layout(1, 16 * 1024)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
}

#[test]
fn unsupported_sizes_are_refused() {
    let mut mem = Mem::new(1024);
    let (mut heap, _) = heap_over(&mut mem);
    let huge = layout(isize::MAX as usize - 64, 8);
    let err = heap.allocate(huge).unwrap_err();
    // On 32-bit targets every valid layout fits the largest block: it just does not fit now.
    let kind = if usize::BITS == 64 {
        AllocErrorKind::UnsupportedSize
    } else {
        AllocErrorKind::OutOfMemory
    };
    assert_eq!(err.kind(), kind);
    assert_eq!(err.layout(), Some(huge));
    let err = heap.allocate(layout(2048, 8)).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    heap.check_invariants();
}

#[test]
fn zero_sized_allocations_take_no_memory() {
    let mut mem = Mem::new(1024);
    let (mut heap, _) = heap_over(&mut mem);
    let before = heap.stats();
    for align in [1, 8, 64, 4096] {
        let p = heap.allocate(layout(0, align)).unwrap();
        assert_eq!(p.as_ptr().addr(), align);
        // SAFETY: a zero-sized allocation of this heap.
        unsafe { heap.deallocate(p, layout(0, align)) };
    }
    assert_eq!(heap.stats(), before);
    // Growing from zero allocates; shrinking to zero frees.
    // SAFETY: zero-sized "allocation" from above, then the grown block.
    unsafe {
        let p = heap
            .grow(super::dangling(8), layout(0, 8), layout(40, 8))
            .unwrap();
        assert_eq!(heap.stats().allocations, 1);
        assert!(
            heap.grow_in_place(super::dangling(8), layout(0, 8), 8)
                .is_err()
        );
        let z = heap.shrink(p, layout(40, 8), layout(0, 8)).unwrap();
        assert_eq!(z.as_ptr().addr(), 8);
        assert!(heap.shrink_in_place(z, layout(0, 8), 0).is_err());
    }
    assert_eq!(heap.stats(), before);
    heap.check_invariants();
}

#[test]
fn exhaustion_returns_out_of_memory_and_recovers() {
    let mut mem = Mem::new(4096);
    let (mut heap, usable) = heap_over(&mut mem);
    let mut live = Vec::new();
    loop {
        match heap.allocate(layout(40, 8)) {
            Ok(p) => live.push(p),
            Err(err) => {
                assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
                assert_eq!(err.layout(), Some(layout(40, 8)));
                break;
            }
        }
    }
    heap.check_invariants();
    let block = block_size(40).unwrap();
    assert_eq!(live.len(), (usable + WORD) / block);
    assert!(heap.stats().largest_free < 40);
    let p = live.swap_remove(3);
    free(&mut heap, p, 40, 8);
    live.push(alloc(&mut heap, 40, 8));
    for p in live {
        free(&mut heap, p, 40, 8);
    }
    assert_eq!(heap.stats().free, usable);
}

#[test]
fn the_largest_free_block_can_always_be_allocated() {
    // Region sizes whose single block is not on a class boundary: the rounded-up search finds
    // nothing, the block's own list does.
    for len in [1000, 3000, 5000, 40_000, 100_000] {
        let mut mem = Mem::new(len);
        let (mut heap, usable) = heap_over(&mut mem);
        assert_eq!(heap.stats().largest_free, usable);
        let p = alloc(&mut heap, usable, 8);
        assert_eq!(heap.stats().free, 0);
        assert_eq!(heap.stats().fragmentation(), 0.0);
        free(&mut heap, p, usable, 8);
        assert!(heap.allocate(layout(usable + 1, 8)).is_err());
    }
}

#[test]
fn largest_free_is_the_head_of_the_top_class() {
    let mut mem = Mem::new(64 * 1024);
    let (mut heap, _) = heap_over(&mut mem);
    let a = alloc(&mut heap, 5000, 8);
    let _sep = alloc(&mut heap, 8, 8);
    let b = alloc(&mut heap, 3000, 8);
    let _sep2 = alloc(&mut heap, 8, 8);
    free(&mut heap, a, 5000, 8);
    free(&mut heap, b, 3000, 8);
    let stats = heap.stats();
    let tail = heap.blocks().last().unwrap();
    assert!(tail.free);
    assert_eq!(stats.largest_free, tail.size - WORD);
    let frag = stats.fragmentation();
    assert!(frag > 0.0 && frag < 0.5, "{frag}");
}

#[test]
fn several_regions() {
    let mut small = Mem::new(512);
    let mut large = Mem::new(8192);
    let mut heap = Heap::new();
    // SAFETY: both buffers outlive the heap and are used for nothing else.
    let (u1, u2) = unsafe { (heap.claim(small.region()), heap.claim(large.region())) };
    heap.check_invariants();
    assert_eq!(heap.stats().free, u1 + u2);
    assert_eq!(heap.stats().largest_free, u2);
    // The walk lists the newest region first.
    let starts: Vec<usize> = heap.blocks().map(|b| b.addr).collect();
    assert_eq!(
        starts,
        [large.base().addr() + WORD, small.base().addr() + WORD]
    );
    let big = alloc(&mut heap, 4000, 8);
    assert!(big.as_ptr().addr() >= large.base().addr());
    let mut from_small = Vec::new();
    while heap.stats().largest_free >= 300 {
        from_small.push(alloc(&mut heap, 300, 16));
    }
    let fill_size = heap.stats().largest_free;
    let fill = alloc(&mut heap, fill_size, 8);
    assert!(
        from_small
            .iter()
            .any(|p| p.as_ptr().addr() < small.base().addr() + 512)
    );
    // Blocks never merge across regions: every region keeps its own last block.
    free(&mut heap, big, 4000, 8);
    for p in from_small {
        free(&mut heap, p, 300, 16);
    }
    free(&mut heap, fill, fill_size, 8);
    assert_eq!(map(&heap), [(u2 + WORD, true), (u1 + WORD, true)]);
}

#[test]
fn extend_grows_the_last_region() {
    let mut mem = Mem::new(8192);
    let mut heap = Heap::new();
    // SAFETY: `mem` outlives the heap; every region starts at its base, derived from one pointer.
    let usable = unsafe { heap.claim(mem.prefix(1024)) };
    assert!(heap.allocate(layout(2000, 8)).is_err());
    // The free block at the end absorbs the new memory.
    // SAFETY: as above.
    let added = unsafe { heap.extend(mem.prefix(4096)) };
    heap.check_invariants();
    assert_eq!(added, 3072);
    assert_eq!(map(&heap), [(usable + WORD + added, true)]);
    let p = alloc(&mut heap, 2000, 8);
    // Fill the region to its end: the last block is allocated, the new memory is a new block.
    let rest_size = heap.stats().largest_free;
    let rest = alloc(&mut heap, rest_size, 8);
    assert_eq!(heap.stats().free, 0);
    // SAFETY: as above.
    let more = unsafe { heap.extend(mem.prefix(4096 + 512)) };
    heap.check_invariants();
    assert_eq!(more, 512 - WORD);
    assert_eq!(map(&heap).last(), Some(&(512, true)));
    // Too little growth for a block: nothing changes.
    // SAFETY: as above.
    let none = unsafe { heap.extend(mem.prefix(4096 + 512 + GRANULE - 1)) };
    assert_eq!(none, 0);
    // SAFETY: as above (the same length: no growth).
    assert_eq!(unsafe { heap.extend(mem.prefix(4096 + 512)) }, 0);
    heap.check_invariants();
    free(&mut heap, rest, rest_size, 8);
    free(&mut heap, p, 2000, 8);
    assert_eq!(map(&heap), [(4096 + 512 - GRANULE - 2 * WORD, true)]);
    // The separate block `more` came with a header, absorbed by the merge.
    assert_eq!(heap.stats().free, usable + added + more + WORD);
}

#[test]
fn grow_in_place_takes_the_free_block_after() {
    let mut mem = Mem::new(4096);
    let (mut heap, usable) = heap_over(&mut mem);
    let a = alloc(&mut heap, 40, 8);
    let old = layout(40, 8);
    // SAFETY: `a` is live for `old`; later calls use the layout it was last resized to.
    unsafe {
        heap.grow_in_place(a, old, 200).unwrap();
        heap.check_invariants();
        assert_eq!(heap.stats().used, block_size(200).unwrap() - WORD);
        a.as_ptr().write_bytes(1, 200);
        // Everything that is free.
        heap.grow_in_place(a, layout(200, 8), usable).unwrap();
        heap.check_invariants();
        assert_eq!(heap.stats().free, 0);
        let err = heap
            .grow_in_place(a, layout(usable, 8), usable + 1)
            .unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
        // Shrinking gives the tail back as a free block.
        heap.shrink_in_place(a, layout(usable, 8), 100).unwrap();
        heap.check_invariants();
        assert_eq!(heap.stats().used, block_size(100).unwrap() - WORD);
        assert_eq!(map(&heap).len(), 2);
        // A shrink by less than a block merges the spare granules into the free block after.
        heap.shrink_in_place(a, layout(100, 8), 100 - GRANULE)
            .unwrap();
        heap.check_invariants();
        assert_eq!(map(&heap)[0], (block_size(100 - GRANULE).unwrap(), false));
        free(&mut heap, a, 100 - GRANULE, 8);
    }
    assert_eq!(map(&heap), [(usable + WORD, true)]);
}

#[test]
fn grow_moves_when_the_next_block_is_taken_and_keeps_the_contents() {
    let mut mem = Mem::new(32 * 1024);
    let (mut heap, _) = heap_over(&mut mem);
    let a = alloc(&mut heap, 64, 8);
    let b = alloc(&mut heap, 64, 8);
    // SAFETY: `a` holds 64 bytes.
    unsafe {
        for i in 0..64 {
            a.as_ptr().add(i).write(i as u8);
        }
    }
    // SAFETY: `a` is live for (64, 8); `c` then for (500, 8).
    unsafe {
        heap.grow_in_place(a, layout(64, 8), 65).unwrap(); // within its block already
        assert!(heap.grow_in_place(a, layout(64, 8), 100).is_err());
        let c = heap.grow(a, layout(64, 8), layout(500, 8)).unwrap();
        assert_ne!(c, a);
        heap.check_invariants();
        for i in 0..64 {
            assert_eq!(c.as_ptr().add(i).read(), i as u8);
        }
        // A larger alignment moves the block too.
        let d = heap.grow(c, layout(500, 8), layout(600, 4096)).unwrap();
        assert_eq!(d.as_ptr().addr() % 4096, 0);
        for i in 0..64 {
            assert_eq!(d.as_ptr().add(i).read(), i as u8);
        }
        // Shrinking to a larger alignment moves as well, keeping the prefix.
        let e = heap.shrink(d, layout(600, 4096), layout(32, 8192)).unwrap();
        assert_eq!(e.as_ptr().addr() % 8192, 0);
        for i in 0..32 {
            assert_eq!(e.as_ptr().add(i).read(), i as u8);
        }
        heap.check_invariants();
        // In place when possible: the free block after `e` is large.
        let f = heap.grow(e, layout(32, 8192), layout(64, 8)).unwrap();
        assert_eq!(f, e);
        let g = heap.shrink(f, layout(64, 8), layout(16, 8)).unwrap();
        assert_eq!(g, f);
        free(&mut heap, g, 16, 8);
        free(&mut heap, b, 64, 8);
    }
    assert_eq!(heap.stats().allocations, 0);
    assert_eq!(heap.blocks().count(), 1);
}

#[test]
fn raw_alloc_through_a_mutable_reference() {
    fn churn<A: RawAlloc>(mut a: A) -> usize {
        let l = layout(24, 8);
        let p = a.allocate(l).unwrap();
        // SAFETY: `p` is live for `l`, then for the grown and shrunk layouts.
        unsafe {
            let p = a.grow(p, l, layout(48, 8)).unwrap();
            let _ = a.grow_in_place(p, layout(48, 8), 64);
            let p = a.shrink(p, layout(48, 8), layout(8, 8)).unwrap();
            let _ = a.shrink_in_place(p, layout(8, 8), 8);
            a.deallocate(p, layout(8, 8));
        }
        a.stats().allocations
    }
    let mut mem = Mem::new(1024);
    let (mut heap, _) = heap_over(&mut mem);
    assert_eq!(churn(&mut heap), 0);
    heap.check_invariants();
}

/// The trait's provided methods with an allocator that cannot resize in place.
#[test]
fn default_resizing_allocates_copies_and_frees() {
    struct NoInPlace(Heap);
    impl RawAlloc for NoInPlace {
        fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, crate::AllocError> {
            self.0.allocate(layout)
        }
        unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
            // SAFETY: forwarded.
            unsafe { self.0.deallocate(ptr, layout) }
        }
        fn stats(&self) -> HeapStats {
            self.0.stats()
        }
    }
    let mut mem = Mem::new(1024);
    let (heap, _) = heap_over(&mut mem);
    let mut a = NoInPlace(heap);
    let p = a.allocate(layout(16, 8)).unwrap();
    // SAFETY: `p` is live for (16, 8), then each result for its layout.
    unsafe {
        p.as_ptr().write_bytes(7, 16);
        let err = a.grow_in_place(p, layout(16, 8), 32).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
        assert!(a.shrink_in_place(p, layout(16, 8), 8).is_err());
        let q = a.grow(p, layout(16, 8), layout(64, 8)).unwrap();
        assert_ne!(p, q);
        assert_eq!(q.as_ptr().add(15).read(), 7);
        let r = a.shrink(q, layout(64, 8), layout(8, 8)).unwrap();
        assert_ne!(q, r);
        assert_eq!(r.as_ptr().add(7).read(), 7);
        // Out of memory while moving: the block stays.
        assert!(a.grow(r, layout(8, 8), layout(4096, 8)).is_err());
        assert_eq!(r.as_ptr().read(), 7);
        a.deallocate(r, layout(8, 8));
    }
    assert_eq!(a.stats().allocations, 0);
    a.0.check_invariants();
}

#[test]
fn heap_is_send() {
    fn assert_send<T: Send>() {}
    assert_send::<Heap>();
}

/// A fixed pseudo-random churn of allocations, frees and resizes, with every invariant checked
/// after each step and the contents of every live block verified.
#[test]
fn random_churn_keeps_every_invariant() {
    let steps = if cfg!(miri) { 200 } else { 20_000 };
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut mem = Mem::new(64 * 1024);
    let (mut heap, usable) = heap_over(&mut mem);
    let mut live: Vec<(NonNull<u8>, Layout, u8)> = Vec::new();
    let verify = |p: NonNull<u8>, l: Layout, tag: u8| {
        // SAFETY: a live allocation of `l.size()` bytes, filled with `tag`.
        let bytes = unsafe { core::slice::from_raw_parts(p.as_ptr(), l.size()) };
        // A slice comparison (one `memcmp`, quick under Miri) against the expected bytes.
        assert!(
            bytes == vec![tag; bytes.len()].as_slice(),
            "contents changed"
        );
    };
    for step in 0..steps {
        let r = next();
        let tag = step as u8;
        match r % 4 {
            0 | 1 => {
                let size = (r >> 8) as usize % if r & 0x80 == 0 { 64 } else { 3000 };
                let align = 1 << ((r >> 32) % 13);
                let l = layout(size, align);
                if let Ok(p) = heap.allocate(l) {
                    assert_eq!(p.as_ptr().addr() % align, 0);
                    // SAFETY: `size` bytes are ours.
                    unsafe { p.as_ptr().write_bytes(tag, size) };
                    live.push((p, l, tag));
                }
            }
            2 if !live.is_empty() => {
                let (p, l, t) = live.swap_remove((r >> 8) as usize % live.len());
                verify(p, l, t);
                // SAFETY: live, with its layout.
                unsafe { heap.deallocate(p, l) };
            }
            3 if !live.is_empty() => {
                let i = (r >> 8) as usize % live.len();
                let (p, l, t) = live[i];
                verify(p, l, t);
                let size = (r >> 20) as usize % 2000;
                let new = layout(size, l.align());
                // SAFETY: live, with its layout.
                let moved = unsafe {
                    if size >= l.size() {
                        heap.grow(p, l, new)
                    } else {
                        heap.shrink(p, l, new)
                    }
                };
                if let Ok(q) = moved {
                    verify(q, layout(size.min(l.size()), 1), t);
                    // SAFETY: `size` bytes are ours.
                    unsafe { q.as_ptr().write_bytes(tag, size) };
                    live[i] = (q, new, tag);
                }
            }
            _ => {}
        }
        heap.check_invariants();
        assert_eq!(
            heap.stats().allocations,
            live.iter().filter(|e| e.1.size() != 0).count()
        );
    }
    for (p, l, t) in live {
        verify(p, l, t);
        // SAFETY: live, with its layout.
        unsafe { heap.deallocate(p, l) };
    }
    heap.check_invariants();
    assert_eq!(map(&heap), [(usable + WORD, true)]);
}
