// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{AllocError, Allocator, Layout};
use core::mem::MaybeUninit;
use std::boxed::Box;
use std::vec::Vec;

use crate::StackArena;
use crate::arena::Arena;

/// `alloc` through core's `Allocator`: a `Box` and a `Vec` in it, the vector's growth (in place
/// when `in_place`: its block is the allocator's last), and a reservation of `too_many` values
/// refused by `try_reserve` with the vector unchanged.
fn box_vec_and_exhaustion<A: Allocator + Copy>(alloc: A, in_place: bool, too_many: usize) {
    let boxed = Box::new_in(0x5eed_u64, alloc);
    let mut v: Vec<u64, A> = Vec::with_capacity_in(4, alloc);
    v.extend([1, 2, 3, 4]);
    let before = v.as_ptr();
    v.extend([5, 6, 7, 8, 9]);
    if in_place {
        assert_eq!(v.as_ptr(), before, "the last block grows in place");
    }
    assert!(v.try_reserve(too_many).is_err());
    assert_eq!(v, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    v.shrink_to_fit();
    assert_eq!((*boxed, v.iter().sum::<u64>()), (0x5eed, 45));
}

#[test]
fn a_stack_arena_holds_std_boxes_and_vectors() {
    let arena: StackArena<1024> = StackArena::new();
    box_vec_and_exhaustion(&arena, true, 1024);
    // The vector, then the box, were each the last block when dropped: both given back.
    assert_eq!(arena.used(), 0);
}

#[test]
fn an_arena_over_a_buffer_holds_std_boxes_and_vectors() {
    // 16-aligned: Miri's symbolic alignment check trusts only the declared alignment.
    #[repr(align(16))]
    struct Buffer([MaybeUninit<u8>; 1024]);
    let mut buf = Buffer([MaybeUninit::uninit(); 1024]);
    let arena = Arena::new(&mut buf.0);
    box_vec_and_exhaustion(&arena, true, 1024);
}

#[cfg(avila_cas)]
#[test]
fn an_mpmc_arena_holds_std_boxes_and_vectors() {
    let arena: crate::arena::StackMpmcArena<1024> = crate::arena::StackMpmcArena::new();
    box_vec_and_exhaustion(&arena, true, 1024);
}

#[cfg(feature = "std")]
#[test]
fn a_per_core_arena_holds_std_boxes_and_vectors() {
    #[repr(align(16))]
    struct Buffer([MaybeUninit<u8>; 4096]);
    let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    let arena = crate::arena::PerCoreArena::with_shards(&mut buf.0, 2);
    box_vec_and_exhaustion(&arena, true, 4096);
}

#[test]
fn a_locked_heap_holds_std_boxes_and_vectors() {
    use crate::heap::{Heap, LockedHeap, SpinLock};
    let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new());
    let mut region = std::vec![0_u128; 256];
    let bytes = core::ptr::slice_from_raw_parts_mut(region.as_mut_ptr().cast::<u8>(), 4096);
    // SAFETY: the 4096 bytes outlive the heap's use (`region` is dropped after `heap`'s last
    // use) and serve this heap alone.
    unsafe { heap.lock().claim(bytes) };
    box_vec_and_exhaustion(&heap, false, 1 << 20);
}

#[cfg(target_has_atomic = "ptr")]
#[test]
fn trackers_are_core_allocators_and_see_every_call() {
    use crate::track::{AllocationTracker, LeakDetector, MemoryProfiler};
    let arena: StackArena<4096> = StackArena::new();
    let tracker = AllocationTracker::new(&arena);
    box_vec_and_exhaustion(&tracker, false, 1024);
    let stats = tracker.snapshot();
    // The box and the vector, the vector's growth (its `shrink_to_fit` has nothing to do), and
    // the refused reservation.
    assert_eq!((stats.allocations, stats.current_bytes), (2, 0));
    assert_eq!((stats.reallocations, stats.failures), (1, 1));

    let profiler = MemoryProfiler::new(&arena);
    box_vec_and_exhaustion(&profiler, false, 1024);
    assert_eq!(profiler.snapshot().current_bytes, 0);

    let detector = LeakDetector::<_, 8>::new(&arena);
    box_vec_and_exhaustion(&detector, false, 1024);
    detector.assert_no_leaks();
}

#[test]
fn zeroed_blocks_and_errors_come_through_core_s_trait() {
    let arena: StackArena<256> = StackArena::new();
    let a = &arena;
    let layout = Layout::from_size_align(64, 8).unwrap();
    let block = Allocator::allocate(&a, layout).unwrap().cast::<u8>();
    // SAFETY: the block has 64 writable bytes.
    unsafe { block.write_bytes(0xff, 64) };
    // SAFETY: `block` was allocated by `a` with `layout`; it is the last block, so its bytes go
    // back to the arena and the next block of the same layout starts at the same address.
    unsafe { Allocator::deallocate(&a, block, layout) };
    let zeroed = Allocator::allocate_zeroed(&a, layout).unwrap();
    assert_eq!(zeroed.cast::<u8>(), block);
    // SAFETY: `allocate_zeroed` initialized its 64 bytes.
    assert!(unsafe { zeroed.as_ref() }.iter().all(|&b| b == 0));
    let wider = Layout::from_size_align(128, 8).unwrap();
    // SAFETY: `zeroed` was allocated by `a` with `layout`, and `wider` is larger.
    let grown = unsafe { Allocator::grow_zeroed(&a, zeroed.cast(), layout, wider) }.unwrap();
    // SAFETY: `grow_zeroed` kept the first 64 bytes (zero) and zeroed the other 64 (the arena
    // has no `grow_zeroed` of its own: allocator-api2's default moves the block).
    assert!(unsafe { grown.as_ref() }.iter().all(|&b| b == 0));
    let too_big = Layout::from_size_align(1024, 8).unwrap();
    // SAFETY: `grown` was allocated by `a` with `wider`, and `too_big` is larger.
    let refused = unsafe { Allocator::grow(&a, grown.cast(), wider, too_big) };
    assert_eq!(refused, Err(AllocError));
    assert_eq!(Allocator::allocate(&a, too_big), Err(AllocError));
}
