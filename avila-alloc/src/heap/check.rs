//! [`Heap::check_invariants`]: every structural invariant of the TLSF heap, checked by a walk.

use super::Heap;
use super::block::{Block, GRANULE, MAX_BLOCK, MIN_BLOCK, WORD, class_of, class_start};

impl Heap {
    /// Checks every invariant of the heap and panics with a description of the first one that
    /// does not hold. O(blocks).
    ///
    /// Checked: each region's blocks tile it exactly from its first block to its sentinel;
    /// every block is aligned (payload on a granule), sized in granules, at least the minimal
    /// block and at most the largest; `PREV_FREE` matches the block before; no two free blocks
    /// are adjacent; each free block's footer holds its size; the free lists hold exactly the
    /// free blocks, each in the list of its size class, with consistent back links; the bitmaps
    /// say which lists are non-empty; the statistics counters match the walk.
    ///
    /// Only with the `debug-invariants` feature (and in the crate's own tests). The fuzz targets
    /// and model tests call it after every operation.
    ///
    /// # Panics
    ///
    /// If an invariant is broken: a bug in the heap, or memory corruption by its user (a write
    /// outside an allocation, a double free).
    ///
    /// # Examples
    ///
    /// ```
    /// # #[cfg(feature = "debug-invariants")] {
    /// use avila_alloc::heap::{Heap, RawAlloc};
    /// use core::alloc::Layout;
    ///
    /// let mut memory = vec![0u64; 128];
    /// let mut heap = Heap::new();
    /// // SAFETY: the vector outlives the heap and is used for nothing else.
    /// unsafe { heap.claim(core::ptr::slice_from_raw_parts_mut(memory.as_mut_ptr().cast(), 1024)) };
    /// heap.allocate(Layout::new::<u64>()).unwrap();
    /// heap.check_invariants();
    /// # }
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "debug-invariants")))]
    pub fn check_invariants(&self) {
        let (used_bytes, free_bytes, allocations, free_blocks) = self.counters();
        let mut walk = (0, 0, 0, 0);
        let mut region = self.last_region().map(|r| r.first);
        let mut last_sentinel = self.last_region().map(|r| r.sentinel);
        while let Some(first) = region {
            assert!(
                !first.prev_is_free(),
                "{first:?}: a region's first block has PREV_FREE"
            );
            let mut block = first;
            let mut prev_free = false;
            loop {
                let size = block.size();
                assert_eq!(
                    block.prev_is_free(),
                    prev_free,
                    "{block:?}: PREV_FREE does not match the block before"
                );
                if size == 0 {
                    assert!(!block.is_free(), "{block:?}: a free sentinel");
                    if let Some(expected) = last_sentinel.take() {
                        assert_eq!(block, expected, "the last region's sentinel moved");
                    }
                    break;
                }
                assert_eq!((block.addr() + WORD) % GRANULE, 0, "{block:?}: misaligned");
                assert_eq!(size % GRANULE, 0, "{block:?}: size {size} not in granules");
                assert!(
                    (MIN_BLOCK..=MAX_BLOCK).contains(&size),
                    "{block:?}: size {size} out of range"
                );
                assert!(
                    block.addr() - first.addr() + size <= MAX_BLOCK,
                    "{block:?}: region larger than a block"
                );
                if block.is_free() {
                    assert!(!prev_free, "{block:?}: two adjacent free blocks");
                    // SAFETY: the block is free: its last word is its footer.
                    let footer = unsafe { block.split_at(size - WORD) }.header();
                    assert_eq!(footer, size, "{block:?}: footer does not match the size");
                    walk.1 += size;
                    walk.3 += 1;
                } else {
                    walk.0 += size;
                    walk.2 += 1;
                }
                prev_free = block.is_free();
                block = block.next();
            }
            // SAFETY: the walk ended on a sentinel.
            region = unsafe { block.region_link() };
        }
        assert_eq!(
            walk,
            (used_bytes, free_bytes, allocations, free_blocks),
            "counters (used bytes, free bytes, allocations, free blocks) do not match the walk"
        );

        // The lists named by the bitmaps hold exactly the free blocks of the walk: counting
        // them (with a bound against cycles) against `free_blocks` also catches a list the
        // bitmaps lost. Only set bits are visited, so a check costs O(free blocks), not O(lists).
        let (fl_bitmap, sl_bitmap, heads) = self.lists();
        let mut listed = 0;
        for (fl, &sl_map) in sl_bitmap.iter().enumerate() {
            assert_eq!(
                fl_bitmap & (1 << fl) != 0,
                sl_map != 0,
                "first-level bit {fl} does not match its second-level bitmap"
            );
        }
        let mut fl_map = fl_bitmap;
        while fl_map != 0 {
            let fl = fl_map.trailing_zeros() as usize;
            fl_map &= fl_map - 1;
            let mut sl_map = sl_bitmap[fl];
            while sl_map != 0 {
                let sl = sl_map.trailing_zeros() as usize;
                sl_map &= sl_map - 1;
                assert!(
                    heads[fl][sl].is_some(),
                    "list ({fl}, {sl}) is empty, its bit set"
                );
                let mut prev: Option<Block> = None;
                let mut node = heads[fl][sl];
                while let Some(block) = node {
                    listed += 1;
                    assert!(
                        listed <= free_blocks,
                        "a free list has a cycle or a stray block"
                    );
                    assert!(
                        block.is_free(),
                        "{block:?}: an allocated block in list ({fl}, {sl})"
                    );
                    assert_eq!(
                        class_of(block.size()),
                        (fl, sl),
                        "{block:?}: in the wrong list"
                    );
                    assert!(block.size() >= class_start(fl, sl));
                    // SAFETY: the block is free (checked), so its links are valid.
                    let (next, back) = unsafe { block.links() };
                    assert_eq!(back, prev, "{block:?}: its back link is wrong");
                    prev = Some(block);
                    node = next;
                }
            }
        }
        assert_eq!(listed, free_blocks, "free blocks missing from the lists");
    }
}
