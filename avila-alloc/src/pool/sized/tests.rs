// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::Layout;
use std::format;
use std::string::String;
use std::vec::Vec;

use super::{PoolBox, SizedPool};
use crate::AllocErrorKind;
use crate::heap::RawAlloc;
use crate::test_util::{Counted, drops, expect_panic, live};

#[test]
fn blocks_are_distinct_aligned_and_reused_last_freed_first() {
    let pool: SizedPool<48, 5> = SizedPool::new();
    let blocks: Vec<_> = (0..5).map(|_| pool.allocate().unwrap()).collect();
    let mut addrs: Vec<usize> = blocks.iter().map(|b| b.as_ptr().addr()).collect();
    for a in &addrs {
        assert_eq!(a % 16, 0);
    }
    addrs.sort_unstable();
    for pair in addrs.windows(2) {
        assert_eq!(pair[1] - pair[0], 48, "back to back, no header");
    }
    let err = pool.allocate().unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
    assert!(pool.is_full());
    // SAFETY: each block came from `pool`, which does not move, and is freed once.
    unsafe {
        pool.deallocate(blocks[1]);
        pool.deallocate(blocks[3]);
    }
    assert_eq!(pool.allocate().unwrap(), blocks[3]);
    assert_eq!(pool.allocate().unwrap(), blocks[1]);
    for &b in &blocks {
        // SAFETY: as above: every block is allocated again and freed once here.
        unsafe { pool.deallocate(b) };
    }
    assert_eq!(pool.allocated(), 0);
}

#[test]
fn block_alignment_follows_the_size() {
    assert_eq!(SizedPool::<4, 1>::BLOCK_ALIGN, 4);
    assert_eq!(SizedPool::<12, 1>::BLOCK_ALIGN, 4);
    assert_eq!(SizedPool::<8, 1>::BLOCK_ALIGN, 8);
    assert_eq!(SizedPool::<24, 1>::BLOCK_ALIGN, 8);
    assert_eq!(SizedPool::<16, 1>::BLOCK_ALIGN, 16);
    assert_eq!(SizedPool::<4096, 1>::BLOCK_ALIGN, 16);
    let pool: SizedPool<24, 3> = SizedPool::new();
    let boxes: Vec<_> = (0..3).map(|i| pool.alloc([i as u64; 3]).unwrap()).collect();
    for (i, b) in boxes.iter().enumerate() {
        assert_eq!((&raw const **b).addr() % 8, 0);
        assert_eq!(**b, [i as u64; 3]);
    }
}

#[test]
fn contents_survive_other_allocations_and_frees() {
    let pool: SizedPool<16, 8> = SizedPool::new();
    let mut boxes: Vec<_> = (0..8_u64)
        .map(|i| Some(pool.alloc([i, !i]).unwrap()))
        .collect();
    for i in (0..8).step_by(2) {
        boxes[i] = None;
    }
    for i in (0..8).step_by(2) {
        boxes[i] = Some(pool.alloc([100 + i as u64, 0]).unwrap());
    }
    for (i, b) in boxes.iter().enumerate() {
        let b = b.as_ref().unwrap();
        if i % 2 == 0 {
            assert_eq!(**b, [100 + i as u64, 0]);
        } else {
            assert_eq!(**b, [i as u64, !(i as u64)]);
        }
    }
}

#[test]
fn pool_box_gives_the_value_back_when_full_and_frees_on_drop() {
    let live_before = live();
    let pool: SizedPool<32, 2> = SizedPool::new();
    let a = pool.alloc(Counted::new(1)).unwrap();
    let mut b = pool.alloc(Counted::new(2)).unwrap();
    let err = pool.alloc(Counted::new(3)).unwrap_err();
    assert_eq!(err.capacity(), 2);
    assert_eq!(err.element().value, 3);
    b.value = 20;
    assert_eq!(format!("{:?}", b.value), "20");
    let inner = b.into_inner();
    assert_eq!(inner.value, 20);
    assert_eq!(pool.allocated(), 1);
    drop((a, inner));
    assert_eq!(pool.allocated(), 0);
    assert_eq!(live(), live_before);
}

#[test]
fn a_panicking_drop_still_frees_the_block_once() {
    let live_before = live();
    let drops_before = drops();
    let pool: SizedPool<32, 1> = SizedPool::new();
    let boxed = pool.alloc(Counted::panicking_drop(1)).unwrap();
    expect_panic(move || drop(boxed));
    assert_eq!(pool.allocated(), 0);
    assert_eq!(drops() - drops_before, 1);
    assert_eq!(live(), live_before);
    assert!(pool.alloc(Counted::new(2)).is_ok());
}

#[cfg(debug_assertions)]
#[test]
fn double_free_is_caught_in_debug_builds() {
    let pool: SizedPool<8, 2> = SizedPool::new();
    let a = pool.allocate().unwrap();
    let _b = pool.allocate().unwrap();
    // SAFETY: `a` came from `pool`; the second free is the bug the check exists for, and the
    // check panics before the free list is touched.
    unsafe { pool.deallocate(a) };
    // SAFETY: not upheld on purpose (a double free); the debug check panics before anything
    // is touched.
    let msg = expect_panic(|| unsafe { pool.deallocate(a) });
    assert!(msg.contains("double free of block 0"), "{msg}");
    // The failed second free changed nothing: one block free, one allocated.
    assert_eq!(pool.allocated(), 1);
    assert_eq!(pool.allocate().unwrap(), a);
    assert!(pool.allocate().is_err());
}

#[test]
fn raw_alloc_serves_layouts_that_fit_and_refuses_the_others() {
    let pool: SizedPool<32, 2> = SizedPool::new();
    let mut alloc = &pool;
    let small = Layout::from_size_align(5, 1).unwrap();
    let p = RawAlloc::allocate(&mut alloc, small).unwrap();
    let too_big = RawAlloc::allocate(&mut alloc, Layout::from_size_align(33, 1).unwrap());
    assert_eq!(too_big.unwrap_err().kind(), AllocErrorKind::UnsupportedSize);
    let overaligned = RawAlloc::allocate(&mut alloc, Layout::from_size_align(8, 32).unwrap());
    assert_eq!(
        overaligned.unwrap_err().kind(),
        AllocErrorKind::UnsupportedAlignment
    );
    let zst = RawAlloc::allocate(&mut alloc, Layout::from_size_align(0, 8).unwrap()).unwrap();
    assert_eq!(zst.as_ptr().addr(), 8);
    assert_eq!(RawAlloc::stats(&alloc).allocations, 1);
    // SAFETY: `p` is live for `small`; growing within the block stays in place.
    let grown = unsafe {
        RawAlloc::grow(
            &mut alloc,
            p,
            small,
            Layout::from_size_align(32, 8).unwrap(),
        )
    }
    .unwrap();
    assert_eq!(grown, p);
    // SAFETY: `grown` is live for the 32-byte layout; 40 bytes cannot fit.
    let err = unsafe {
        RawAlloc::grow(
            &mut alloc,
            grown,
            Layout::from_size_align(32, 8).unwrap(),
            Layout::from_size_align(40, 8).unwrap(),
        )
    };
    assert_eq!(err.unwrap_err().kind(), AllocErrorKind::UnsupportedSize);
    // SAFETY: still live for the 32-byte layout.
    let shrunk = unsafe {
        RawAlloc::shrink(
            &mut alloc,
            grown,
            Layout::from_size_align(32, 8).unwrap(),
            Layout::from_size_align(4, 4).unwrap(),
        )
    }
    .unwrap();
    assert_eq!(shrunk, p);
    let q = RawAlloc::allocate(&mut alloc, small).unwrap();
    assert_eq!(
        RawAlloc::allocate(&mut alloc, small).unwrap_err().kind(),
        AllocErrorKind::OutOfMemory
    );
    let stats = RawAlloc::stats(&alloc);
    assert_eq!((stats.used, stats.free, stats.largest_free), (64, 0, 0));
    // SAFETY: both live, each freed once with its layout; the ZST free is a no-op.
    unsafe {
        RawAlloc::deallocate(&mut alloc, shrunk, Layout::from_size_align(4, 4).unwrap());
        RawAlloc::deallocate(&mut alloc, q, small);
        RawAlloc::deallocate(&mut alloc, zst, Layout::from_size_align(0, 8).unwrap());
    }
    assert_eq!(pool.allocated(), 0);
}

#[test]
fn zero_sized_values_take_a_block_each() {
    let pool: SizedPool<4, 2> = SizedPool::new();
    let a = pool.alloc(()).unwrap();
    let b = pool.alloc(()).unwrap();
    assert!(pool.alloc(()).is_err());
    drop((a, b));
    assert_eq!(pool.allocated(), 0);
}

#[test]
fn debug_default_and_strings() {
    let pool: SizedPool<32, 3> = SizedPool::default();
    let s: PoolBox<'_, String, 32, 3> = pool.alloc(String::from("hi")).unwrap();
    assert_eq!(format!("{s:?}"), "\"hi\"");
    assert_eq!(
        format!("{pool:?}"),
        "SizedPool { block_size: 32, block_align: 16, capacity: 3, allocated: 1 }"
    );
}
