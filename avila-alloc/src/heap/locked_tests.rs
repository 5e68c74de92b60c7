//! Tests of `LockedHeap`, its locks and `LazyHeap`.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::ptr;
use std::sync::Arc;
use std::vec::Vec;

use super::{ConstLock, Heap, LazyHeap, LockedHeap, RawLock, SpinLock, StaticRegion};
use crate::sync::UnsafeCell;

#[repr(C, align(4096))]
#[derive(Clone, Copy)]
struct Page([u8; 4096]);

std::thread_local! {
    /// The buffers handed out by `region`, freed when the test's thread ends (not leaked, which
    /// Miri would report).
    static BUFFERS: core::cell::RefCell<Vec<Vec<Page>>> = const { core::cell::RefCell::new(Vec::new()) };
}

/// A 4096-aligned buffer of `len` bytes (a multiple of 4096), alive until the test's thread ends.
fn region(len: usize) -> *mut [u8] {
    let mut pages = std::vec![Page([0; 4096]); len / 4096];
    let ptr = ptr::slice_from_raw_parts_mut(pages.as_mut_ptr().cast::<u8>(), len);
    // Moving the vector into the list does not move its buffer.
    BUFFERS.with(|b| b.borrow_mut().push(pages));
    ptr
}

fn heap_with(len: usize) -> LockedHeap<Heap, SpinLock> {
    let heap = LockedHeap::new(Heap::new());
    // SAFETY: a buffer alive for the rest of the test, used by this heap alone.
    unsafe { heap.lock().claim(region(len)) };
    heap
}

#[test]
fn spin_lock_excludes_other_threads() {
    struct Shared {
        lock: SpinLock,
        count: UnsafeCell<usize>,
    }
    // SAFETY: `count` is accessed only under `lock`.
    unsafe impl Sync for Shared {}
    let shared = Arc::new(Shared {
        lock: SpinLock::INIT,
        count: UnsafeCell::new(0),
    });
    let rounds = if cfg!(miri) { 20 } else { 2_000 };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                for _ in 0..rounds {
                    shared.lock.lock();
                    // SAFETY: under the lock. A read and a separate write: lost updates would
                    // show if two threads were inside at once.
                    let value = shared.count.with(|p| unsafe { *p });
                    core::hint::spin_loop();
                    // SAFETY: under the lock.
                    shared.count.with_mut(|p| unsafe { *p = value + 1 });
                    // SAFETY: locked above by this thread.
                    unsafe { shared.lock.unlock() };
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(!shared.lock.is_locked());
    // SAFETY: every thread has finished.
    assert_eq!(shared.count.with(|p| unsafe { *p }), 4 * rounds);
}

#[test]
fn global_alloc_alignments_up_to_4096_and_zeroed() {
    let heap = heap_with(64 * 1024);
    let mut blocks = Vec::new();
    for shift in 0..=12 {
        let layout = Layout::from_size_align(100 + shift, 1 << shift).unwrap();
        // SAFETY: not zero-sized.
        let ptr = unsafe { heap.alloc_zeroed(layout) };
        assert!(!ptr.is_null());
        assert_eq!(ptr.addr() % layout.align(), 0, "{layout:?}");
        // SAFETY: a block of `layout.size()` bytes, zeroed.
        let bytes = unsafe { core::slice::from_raw_parts_mut(ptr, layout.size()) };
        assert!(bytes.iter().all(|&b| b == 0));
        bytes.fill(shift as u8);
        blocks.push((ptr, layout));
    }
    assert_eq!(heap.stats().allocations, 13);
    for (ptr, layout) in blocks {
        // SAFETY: filled above.
        let bytes = unsafe { core::slice::from_raw_parts(ptr, layout.size()) };
        assert!(
            bytes
                .iter()
                .all(|&b| usize::from(b) == layout.align().trailing_zeros() as usize)
        );
        // SAFETY: allocated with `layout`.
        unsafe { heap.dealloc(ptr, layout) };
    }
    let stats = heap.stats();
    assert_eq!((stats.allocations, stats.used), (0, 0));
    heap.lock().check_invariants();
}

#[test]
fn realloc_grows_and_shrinks_in_place() {
    let heap = heap_with(16 * 1024);
    let layout = Layout::from_size_align(64, 8).unwrap();
    // SAFETY: not zero-sized.
    let ptr = unsafe { heap.alloc(layout) };
    // SAFETY: 64 bytes of ours.
    unsafe { ptr.write_bytes(0xAB, 64) };
    // The block is followed by the free rest of the region: it grows where it is.
    // SAFETY: live with `layout`; 1000 bytes is a valid size.
    let grown = unsafe { heap.realloc(ptr, layout, 1000) };
    assert_eq!(grown, ptr);
    // SAFETY: the first 64 bytes were kept.
    assert!(
        // SAFETY: the first 64 bytes were kept.
        unsafe { core::slice::from_raw_parts(grown, 64) }
            .iter()
            .all(|&b| b == 0xAB)
    );
    let big = Layout::from_size_align(1000, 8).unwrap();
    // SAFETY: live with `big`.
    let shrunk = unsafe { heap.realloc(grown, big, 16) };
    assert_eq!(shrunk, ptr);
    assert!(heap.stats().used < 100);
    // Blocked by a neighbour: the block moves, contents kept.
    // SAFETY: not zero-sized.
    let neighbour = unsafe { heap.alloc(layout) };
    let small = Layout::from_size_align(16, 8).unwrap();
    // SAFETY: live with `small`.
    let moved = unsafe { heap.realloc(shrunk, small, 4000) };
    assert!(!moved.is_null());
    // SAFETY: the first 16 bytes were copied.
    assert!(
        // SAFETY: the first 16 bytes were copied.
        unsafe { core::slice::from_raw_parts(moved, 16) }
            .iter()
            .all(|&b| b == 0xAB)
    );
    // Too big: null, the old block untouched.
    // SAFETY: live with its layout.
    let failed = unsafe { heap.realloc(moved, Layout::from_size_align(4000, 8).unwrap(), 1 << 20) };
    assert!(failed.is_null());
    // SAFETY: both live with their layouts.
    unsafe {
        heap.dealloc(moved, Layout::from_size_align(4000, 8).unwrap());
        heap.dealloc(neighbour, layout);
    }
    assert_eq!(heap.stats().allocations, 0);
    heap.lock().check_invariants();
}

// The hook's calls, per thread (tests run in parallel).
std::thread_local! {
    static HOOK_CALLS: Cell<usize> = const { Cell::new(0) };
}

fn claim_more(heap: &mut Heap, layout: Layout) -> bool {
    HOOK_CALLS.with(|c| c.set(c.get() + 1));
    // SAFETY: a buffer alive for the rest of the test, used by this heap alone.
    unsafe { heap.claim(region((layout.size() + 256).next_multiple_of(4096))) > 0 }
}

fn give_up(_: &mut Heap, _: Layout) -> bool {
    HOOK_CALLS.with(|c| c.set(c.get() + 1));
    false
}

#[test]
fn oom_hook_adds_a_region_and_the_allocation_is_retried() {
    HOOK_CALLS.with(|c| c.set(0));
    let heap: LockedHeap<Heap, SpinLock> = LockedHeap::new(Heap::new()).with_oom_hook(claim_more);
    let layout = Layout::from_size_align(3000, 16).unwrap();
    // SAFETY: not zero-sized.
    let a = unsafe { heap.alloc(layout) };
    assert!(!a.is_null());
    assert_eq!(HOOK_CALLS.with(Cell::get), 1);
    // Growing past the region: the hook runs again and the grow is retried.
    // SAFETY: live with `layout`.
    let b = unsafe { heap.realloc(a, layout, 9000) };
    assert!(!b.is_null());
    assert_eq!(HOOK_CALLS.with(Cell::get), 2);
    // An impossible size is not out-of-memory: no hook.
    // SAFETY: not zero-sized.
    let huge =
        unsafe { heap.alloc(Layout::from_size_align(isize::MAX as usize - 4096, 1).unwrap()) };
    assert!(huge.is_null());
    assert_eq!(HOOK_CALLS.with(Cell::get), 2);
    // SAFETY: live with its layout.
    unsafe { heap.dealloc(b, Layout::from_size_align(9000, 16).unwrap()) };
}

#[test]
fn oom_hook_that_gives_up_is_called_once() {
    HOOK_CALLS.with(|c| c.set(0));
    let heap = LockedHeap::with_lock(Heap::new(), SpinLock::new()).with_oom_hook(give_up);
    // SAFETY: not zero-sized.
    assert!(unsafe { heap.alloc(Layout::new::<u64>()) }.is_null());
    assert_eq!(HOOK_CALLS.with(Cell::get), 1);
    assert!(std::format!("{heap:?}").contains("oom_hook: true"));
}

#[test]
fn lazy_heap_claims_on_first_allocation() {
    static REGION: StaticRegion<8192> = StaticRegion::new();
    // SAFETY: `REGION` is used by this heap alone.
    let heap: LockedHeap<LazyHeap<8192>, SpinLock> =
        LockedHeap::new(unsafe { LazyHeap::new(&REGION) });
    assert_eq!(heap.stats().free, 0);
    let layout = Layout::new::<[u64; 4]>();
    // SAFETY: not zero-sized.
    let ptr = unsafe { heap.alloc(layout) };
    assert!(!ptr.is_null());
    let stats = heap.stats();
    assert!(stats.free + stats.used > 8000);
    // SAFETY: allocated above.
    unsafe { heap.dealloc(ptr, layout) };
    assert_eq!(heap.lock().claim_now(), 0, "claimed once");
    heap.lock().heap().check_invariants();
}

#[test]
fn unlocked_and_guard_reentry_checks() {
    // SAFETY: this test uses the heap from its own thread only.
    let heap = LockedHeap::with_lock(Heap::new(), unsafe { super::Unlocked::new() });
    // SAFETY: a buffer alive for the rest of the test, used by this heap alone.
    unsafe { heap.lock().claim(region(4096)) };
    let layout = Layout::new::<u32>();
    // SAFETY: not zero-sized.
    let ptr = unsafe { heap.alloc(layout) };
    assert!(!ptr.is_null());
    // SAFETY: allocated above.
    unsafe { heap.dealloc(ptr, layout) };
    assert_eq!(heap.into_inner().stats().allocations, 0);
}

#[cfg(feature = "critical-section")]
#[test]
fn critical_section_lock_serves_allocations() {
    static HEAP: LockedHeap<Heap, super::CriticalSection> = LockedHeap::new(Heap::new());
    // SAFETY: a buffer alive for the rest of the test, used by this heap alone.
    unsafe { HEAP.lock().claim(region(8192)) };
    let threads: Vec<_> = (0..2)
        .map(|i| {
            std::thread::spawn(move || {
                let layout = Layout::from_size_align(32 + i, 8).unwrap();
                for _ in 0..if cfg!(miri) { 5 } else { 500 } {
                    // SAFETY: not zero-sized.
                    let ptr = unsafe { HEAP.alloc(layout) };
                    assert!(!ptr.is_null());
                    // SAFETY: allocated above.
                    unsafe { HEAP.dealloc(ptr, layout) };
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(HEAP.stats().allocations, 0);
}

#[cfg(feature = "lock_api")]
#[test]
fn lock_api_mutex_as_lock() {
    use crate::sync::{AtomicBool, Ordering};
    struct Raw(AtomicBool);
    // SAFETY: `lock` returns only after swapping `false` for `true`.
    unsafe impl lock_api::RawMutex for Raw {
        const INIT: Self = Raw(AtomicBool::new(false));
        type GuardMarker = lock_api::GuardSend;
        fn lock(&self) {
            while !self.try_lock() {
                core::hint::spin_loop();
            }
        }
        fn try_lock(&self) -> bool {
            !self.0.swap(true, Ordering::Acquire)
        }
        unsafe fn unlock(&self) {
            self.0.store(false, Ordering::Release);
        }
    }
    let heap: LockedHeap<Heap, super::LockApi<Raw>> = LockedHeap::new(Heap::new());
    // SAFETY: a buffer alive for the rest of the test, used by this heap alone.
    unsafe { heap.lock().claim(region(4096)) };
    // Released when the guard drops (else the allocation below would spin forever).
    drop(heap.lock());
    // SAFETY: not zero-sized.
    let ptr = unsafe { heap.alloc(Layout::new::<u64>()) };
    assert!(!ptr.is_null());
    // SAFETY: allocated above.
    unsafe { heap.dealloc(ptr, Layout::new::<u64>()) };
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api2_vec_grows_and_shrinks() {
    use allocator_api2::alloc::Allocator;
    let heap = heap_with(32 * 1024);
    let mut v = allocator_api2::vec::Vec::new_in(&heap);
    for i in 0..2000_u32 {
        v.push(i);
    }
    assert!(v.iter().copied().eq(0..2000));
    v.truncate(10);
    v.shrink_to_fit();
    assert!(v.capacity() < 2000);
    assert!(v.iter().copied().eq(0..10));
    drop(v);
    // Zero-sized requests take no memory.
    let zst = Layout::from_size_align(0, 4096).unwrap();
    let p = Allocator::allocate(&&heap, zst).unwrap();
    assert_eq!(p.cast::<u8>().as_ptr().addr() % 4096, 0);
    assert_eq!(heap.stats().allocations, 0);
    // SAFETY: allocated above with `zst`.
    unsafe {
        Allocator::deallocate(
            &&heap,
            core::ptr::NonNull::new(p.as_ptr().cast()).unwrap(),
            zst,
        )
    };
    // A grow to a larger alignment moves the block.
    let small = Layout::from_size_align(24, 8).unwrap();
    let a = Allocator::allocate(&&heap, small).unwrap().cast::<u8>();
    // SAFETY: live with `small`; larger.
    let b =
        unsafe { Allocator::grow(&&heap, a, small, Layout::from_size_align(48, 1024).unwrap()) }
            .unwrap();
    assert_eq!(b.cast::<u8>().as_ptr().addr() % 1024, 0);
    // SAFETY: live with the grown layout.
    unsafe { Allocator::deallocate(&&heap, b.cast(), Layout::from_size_align(48, 1024).unwrap()) };
    let stats = heap.stats();
    assert_eq!((stats.allocations, stats.used), (0, 0));
}
