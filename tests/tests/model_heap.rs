//! The TLSF `Heap` and the `BuddyAllocator` under random allocate/grow/shrink/free/extend
//! sequences: proptest-generated [`HeapOp`] sequences and byte buffers decoded through
//! `arbitrary` (the fuzz targets' path), each checked by `run_heap_ops` (`run_buddy_ops`) after
//! every operation.

use avila_alloc_tests::drive::run_on_fuzzer_bytes;
use avila_alloc_tests::ops::heap::{HEAP_MAX_ALIGN, HEAP_REGION_A};
use avila_alloc_tests::{
    HeapOp, RunStats, run_buddy_ops, run_heap_ops, run_locked_buddy_ops, run_locked_heap_ops,
};

/// The batch reached the interesting states: many blocks live at once and out-of-memory errors.
#[track_caller]
fn assert_reached_pressure(stats: RunStats) {
    if cfg!(miri) {
        return;
    }
    println!("{stats:?}");
    assert!(stats.max_len >= 12, "some run held many blocks at once");
    assert!(
        stats.rejected * 100 >= stats.ops,
        "at least 1% of the ops ran out of memory"
    );
}

#[test]
fn heap_on_fuzzer_bytes() {
    assert_reached_pressure(run_on_fuzzer_bytes(run_heap_ops));
}

#[cfg(feature = "proptest")]
#[test]
fn heap_matches_model() {
    assert_reached_pressure(avila_alloc_tests::drive::run_proptest(run_heap_ops));
}

/// Fills the first region with page-aligned blocks, frees every other one, then asks for more
/// alignments than the holes can serve: a deterministic high-alignment workout.
#[test]
fn page_aligned_blocks_fill_and_fragment_the_heap() {
    let align = (HEAP_MAX_ALIGN.trailing_zeros()) as u8;
    let mut ops: Vec<HeapOp> = (0..HEAP_REGION_A / HEAP_MAX_ALIGN + 4)
        .map(|i| HeapOp::Alloc {
            size: 1000 + i as u16,
            align,
        })
        .collect();
    ops.extend((0..8).map(|i| HeapOp::Free { index: 2 * i }));
    ops.extend((0..8).map(|i| HeapOp::AllocSmall {
        size: 200,
        align: i % 13,
    }));
    ops.push(HeapOp::Stats);
    ops.extend((0..16).map(|by| HeapOp::Extend { by: by * 512 }));
    ops.extend((0..6).map(|i| HeapOp::Grow {
        index: i,
        extra: 2000,
        align,
    }));
    ops.push(HeapOp::Stats);
    let stats = run_heap_ops(&ops);
    assert!(
        stats.rejected > 0,
        "the page-aligned requests ran out of memory"
    );
    assert!(stats.max_len >= HEAP_REGION_A / HEAP_MAX_ALIGN);
}

/// The same sequences on a `LockedHeap<Heap, SpinLock>`, through `GlobalAlloc` and `Allocator`.
#[test]
fn locked_heap_on_fuzzer_bytes() {
    assert_reached_pressure(run_on_fuzzer_bytes(run_locked_heap_ops));
}

#[cfg(feature = "proptest")]
#[test]
fn locked_heap_matches_model() {
    assert_reached_pressure(avila_alloc_tests::drive::run_proptest(run_locked_heap_ops));
}

/// The same sequences on a `BuddyAllocator<12>` (32-byte to 64 KiB blocks) over the same regions.
#[test]
fn buddy_on_fuzzer_bytes() {
    assert_reached_pressure(run_on_fuzzer_bytes(run_buddy_ops));
}

#[cfg(feature = "proptest")]
#[test]
fn buddy_matches_model() {
    assert_reached_pressure(avila_alloc_tests::drive::run_proptest(run_buddy_ops));
}

/// The buddy allocator behind `LockedHeap<_, SpinLock>`, through `GlobalAlloc` and `Allocator`.
#[test]
fn locked_buddy_on_fuzzer_bytes() {
    assert_reached_pressure(run_on_fuzzer_bytes(run_locked_buddy_ops));
}

/// The high-alignment workout of `page_aligned_blocks_fill_and_fragment_the_heap` on the buddy
/// allocator: page-aligned blocks take whole pages, the small blocks fill the freed ones.
#[test]
fn page_aligned_blocks_fill_and_fragment_the_buddy_allocator() {
    let align = (HEAP_MAX_ALIGN.trailing_zeros()) as u8;
    let mut ops: Vec<HeapOp> = (0..HEAP_REGION_A / HEAP_MAX_ALIGN + 4)
        .map(|i| HeapOp::Alloc {
            size: 1000 + i as u16,
            align,
        })
        .collect();
    ops.extend((0..8).map(|i| HeapOp::Free { index: 2 * i }));
    ops.extend((0..8).map(|i| HeapOp::AllocSmall {
        size: 200,
        align: i % 13,
    }));
    ops.push(HeapOp::Stats);
    ops.extend((0..6).map(|i| HeapOp::Grow {
        index: i,
        extra: 2000,
        align,
    }));
    ops.extend((0..6).map(|i| HeapOp::GrowInPlace {
        index: i,
        extra: 900,
    }));
    ops.extend((0..6).map(|i| HeapOp::ShrinkInPlace {
        index: i,
        keep: 100,
    }));
    ops.push(HeapOp::Stats);
    let stats = run_buddy_ops(&ops);
    assert!(
        stats.rejected > 0,
        "the page-aligned requests ran out of memory"
    );
    // The first region holds three pages; the second (4 KiB, its header at the end) none.
    assert!(stats.max_len >= HEAP_REGION_A / HEAP_MAX_ALIGN);
}
