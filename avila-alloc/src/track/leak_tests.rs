//! Tests of `LeakDetector` over `GlobalAlloc`, `RawAlloc` and `allocator_api2::Allocator`.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;
use std::alloc::System;
use std::collections::HashMap;
use std::format;
use std::string::{String, ToString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::vec::Vec;

use super::{
    LeakDetector, LiveAllocation, MISUSE_LOG, Misuse, MisuseKind, Operation, RECENT_FREES,
};
use crate::heap::{Heap, RawAlloc};

/// The system allocator, counting the frees passed on to it. Its `realloc` is `GlobalAlloc`'s
/// provided one: it always moves the block (allocate, copy, free).
struct Counting {
    frees: AtomicUsize,
}

impl Counting {
    const fn new() -> Self {
        Self {
            frees: AtomicUsize::new(0),
        }
    }

    fn frees(&self) -> usize {
        self.frees.load(Ordering::Relaxed)
    }
}

// SAFETY: passes requests on to `System`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        self.frees.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

const NO_ALLOCATION: LiveAllocation = LiveAllocation {
    address: 0,
    layout: Layout::new::<u8>(),
    sequence: 0,
};

#[test]
fn a_known_sequence_gives_exact_counts() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    // SAFETY: non-zero-sized layouts; every block is freed with its current layout.
    unsafe {
        let a = d.alloc(layout(100));
        let b = d.alloc_zeroed(layout(20));
        assert!(!a.is_null() && !b.is_null());
        assert_eq!(*b.add(19), 0);
        let leaks = d.leaks();
        assert_eq!((leaks.count, leaks.bytes), (2, 120));
        let a = d.realloc(a, layout(100), 300);
        assert!(!a.is_null());
        let leaks = d.leaks();
        assert_eq!((leaks.count, leaks.bytes), (2, 320));
        d.dealloc(b, layout(20));
        d.dealloc(a, layout(300));
    }
    let r = d.report();
    assert_eq!(
        (r.allocations, r.deallocations, r.reallocations, r.failures),
        (2, 2, 1, 0)
    );
    assert_eq!((r.live.count, r.live.bytes, r.total_misuses()), (0, 0, 0));
    // Two frees and the one inside the moving `realloc`.
    assert_eq!(d.inner().frees(), 3);
    d.assert_no_leaks();
}

#[test]
fn a_double_free_is_reported_and_not_passed_on() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    let l = layout(32);
    // SAFETY: not zero-sized; the second free is refused by the detector.
    let p = unsafe {
        let p = d.alloc(l);
        d.dealloc(p, l);
        d.dealloc(p, l);
        p
    };
    assert_eq!(d.inner().frees(), 1);
    let r = d.report();
    assert_eq!(
        (r.deallocations, r.double_frees, r.total_misuses()),
        (1, 1, 1)
    );
    let m = *r.misuses().next().unwrap();
    assert_eq!(
        m,
        Misuse {
            kind: MisuseKind::DoubleFree,
            operation: Operation::Free,
            address: p.addr(),
            given: l,
            recorded: None,
        }
    );
    assert!(
        m.to_string().starts_with("double free in free of 0x"),
        "{m}"
    );
}

#[test]
fn an_unknown_pointer_is_reported_and_not_passed_on() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    let mut local = [0u64; 4];
    // SAFETY: the detector refuses to pass on a pointer it did not allocate.
    unsafe { d.dealloc(local.as_mut_ptr().cast(), layout(32)) };
    assert_eq!(d.inner().frees(), 0);
    let r = d.report();
    assert_eq!(
        (r.unknown_pointers, r.double_frees, r.deallocations),
        (1, 0, 0)
    );
    assert_eq!(r.misuses().next().unwrap().address, local.as_ptr().addr());
}

#[test]
fn an_address_freed_long_ago_is_unknown_not_a_double_free() {
    let d = LeakDetector::<_, 64>::new(System);
    let l = layout(8);
    // SAFETY: not zero-sized; `first` is freed twice, the second time refused.
    unsafe {
        let first = d.alloc(l);
        d.dealloc(first, l);
        // More frees than the recent-frees ring holds, of blocks kept live together (so none
        // reuses `first`'s address... unless the system allocator hands it out again, which
        // the check below allows for).
        let blocks: Vec<*mut u8> = (0..RECENT_FREES).map(|_| d.alloc(l)).collect();
        let reused = blocks.contains(&first);
        for &b in &blocks {
            d.dealloc(b, l);
        }
        d.dealloc(first, l);
        let r = d.report();
        if reused {
            assert_eq!(r.double_frees, 1, "{r}");
        } else {
            assert_eq!((r.unknown_pointers, r.double_frees), (1, 0), "{r}");
        }
    }
}

#[test]
fn a_layout_mismatch_leaves_the_block_live_until_freed_right() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    let l = Layout::from_size_align(48, 16).unwrap();
    // SAFETY: not zero-sized; the wrong frees are refused, the last one is right.
    unsafe {
        let p = d.alloc(l);
        d.dealloc(p, layout(40));
        d.dealloc(p, Layout::from_size_align(48, 8).unwrap());
        assert_eq!(d.inner().frees(), 0);
        assert_eq!(d.leaks().bytes, 48);
        let r = d.report();
        assert_eq!(r.layout_mismatches, 2);
        let m: Vec<Misuse> = r.misuses().copied().collect();
        assert_eq!((m[0].given, m[0].recorded), (layout(40), Some(l)));
        assert_eq!(m[1].given.align(), 8);
        assert!(
            m[0].to_string()
                .contains("allocated with size 48, align 16")
        );
        d.dealloc(p, l);
    }
    assert_eq!(d.inner().frees(), 1);
    d.assert_no_leaks();
}

#[test]
fn a_bad_realloc_fails_and_leaves_the_block() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    // SAFETY: not zero-sized; the bad reallocs are refused.
    unsafe {
        let p = d.alloc(layout(64));
        p.write_bytes(7, 64);
        assert!(d.realloc(p, layout(32), 128).is_null());
        let mut local = 0u64;
        assert!(d.realloc((&raw mut local).cast(), layout(8), 16).is_null());
        let r = d.report();
        assert_eq!((r.layout_mismatches, r.unknown_pointers), (1, 1));
        assert!(r.misuses().all(|m| m.operation == Operation::Resize));
        assert_eq!(*p.add(63), 7);
        assert_eq!(d.leaks().bytes, 64);
        d.dealloc(p, layout(64));
    }
    assert_eq!(d.report().reallocations, 0);
}

#[test]
fn a_moving_realloc_updates_the_table() {
    let d = LeakDetector::<_, 16>::new(Counting::new());
    let mut live = [NO_ALLOCATION; 2];
    // SAFETY: not zero-sized; `old` is freed by the moving realloc, so its free is refused.
    unsafe {
        // A block kept alive in between makes the move go elsewhere.
        let old = d.alloc(layout(16));
        let keep = d.alloc(layout(16));
        let new = d.realloc(old, layout(16), 4096);
        assert!(!new.is_null());
        assert_eq!(d.live_allocations(&mut live), 2);
        assert_eq!(
            live[0].address,
            new.addr(),
            "the moved block keeps its number 1"
        );
        assert_eq!((live[0].sequence, live[0].layout.size()), (1, 4096));
        assert_eq!((live[1].address, live[1].sequence), (keep.addr(), 2));
        if new != old {
            // The old address was freed by the move: a second free is a double free.
            d.dealloc(old, layout(16));
            assert_eq!(d.report().double_frees, 1);
        }
        d.dealloc(new, layout(4096));
        d.dealloc(keep, layout(16));
    }
    d.assert_no_leaks();
}

#[test]
fn a_full_table_refuses_and_counts() {
    let d = LeakDetector::<_, 4>::new(System);
    let l = layout(8);
    // SAFETY: not zero-sized; every block is freed.
    unsafe {
        let blocks: Vec<*mut u8> = (0..4).map(|_| d.alloc(l)).collect();
        assert!(blocks.iter().all(|p| !p.is_null()));
        assert!(d.alloc(l).is_null());
        assert!(d.alloc_zeroed(l).is_null());
        let r = d.report();
        assert_eq!((r.table_full, r.allocations, r.failures), (2, 4, 0));
        assert!(r.to_string().contains("2 refused (table full)"), "{r}");
        // A resize needs no new entry.
        let grown = d.realloc(blocks[0], l, 64);
        assert!(!grown.is_null());
        d.dealloc(blocks[1], l);
        let again = d.alloc(l);
        assert!(!again.is_null());
        for p in [grown, again] {
            d.dealloc(p, d.live_layout(p));
        }
        for &p in &blocks[2..] {
            d.dealloc(p, l);
        }
    }
    let r = d.report();
    assert_eq!((r.table_full, r.total_misuses(), r.live.count), (2, 0, 0));
}

impl<A, const N: usize> LeakDetector<A, N> {
    /// The recorded layout of the live block at `p` (a test helper).
    fn live_layout(&self, p: *mut u8) -> Layout {
        let mut out = [NO_ALLOCATION; N];
        let n = self.live_allocations(&mut out);
        out[..n]
            .iter()
            .find(|a| a.address == p.addr())
            .unwrap()
            .layout
    }
}

#[test]
fn the_misuse_log_keeps_the_latest_in_order() {
    let d = LeakDetector::<_, 4>::new(System);
    let mut locals = [0u64; MISUSE_LOG + 3];
    for local in &mut locals {
        // SAFETY: unknown pointers: refused.
        unsafe { d.dealloc(ptr::from_mut(local).cast(), layout(8)) };
    }
    let r = d.report();
    assert_eq!(r.unknown_pointers, MISUSE_LOG + 3);
    let addrs: Vec<usize> = r.misuses().map(|m| m.address).collect();
    let expected: Vec<usize> = locals[3..]
        .iter()
        .map(|l| ptr::from_ref(l).addr())
        .collect();
    assert_eq!(addrs, expected);
}

#[test]
fn checkpoints_count_what_came_after() {
    let d = LeakDetector::<_, 16>::new(System);
    let l = layout(24);
    // SAFETY: not zero-sized; every block is freed with its layout.
    unsafe {
        let before = d.alloc(l);
        let mark = d.mark();
        assert_eq!(d.leaks_since(&mark).count, 0);
        let a = d.alloc(l);
        let b = d.alloc(layout(100));
        let since = d.leaks_since(&mark);
        assert_eq!((since.count, since.bytes), (2, 124));
        assert_eq!(d.leaks().count, 3);
        let mut out = [NO_ALLOCATION; 1];
        assert_eq!(d.live_allocations_since(&mark, &mut out), 2);
        assert!(out[0].sequence >= 2);
        // A block from before the mark, resized after: not counted.
        let before = d.realloc(before, l, 48);
        assert_eq!(d.leaks_since(&mark).count, 2);
        d.dealloc(a, l);
        d.dealloc(b, layout(100));
        d.assert_no_leaks_since(&mark);
        assert_eq!(d.leaks().bytes, 48);
        d.dealloc(before, layout(48));
    }
    d.assert_no_leaks();
}

#[test]
fn assert_no_leaks_lists_the_leaks() {
    let d = LeakDetector::<_, 32>::new(System);
    let ptrs: Vec<*mut u8> = (1..=10)
        // SAFETY: not zero-sized.
        .map(|i| unsafe { d.alloc(layout(i * 8)) })
        .collect();
    let panic = std::panic::catch_unwind(|| d.assert_no_leaks()).unwrap_err();
    let msg = panic.downcast_ref::<String>().unwrap();
    assert!(
        msg.starts_with("leaks found: 10 live allocations, 440 bytes"),
        "{msg}"
    );
    assert!(msg.contains(&format!("#1 at {:#x}: 8 bytes, align 8", ptrs[0].addr())));
    assert!(msg.contains("#8 at"), "{msg}");
    assert!(!msg.contains("#9 at"), "{msg}");
    assert!(msg.ends_with("... and 2 more"), "{msg}");
    for (i, p) in ptrs.into_iter().enumerate() {
        // SAFETY: allocated above with this layout.
        unsafe { d.dealloc(p, layout((i + 1) * 8)) };
    }
    d.assert_no_leaks();
}

#[test]
fn the_hook_sees_each_misuse() {
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    fn hook(m: &Misuse) {
        assert_eq!(m.kind, MisuseKind::UnknownPointer);
        SEEN.fetch_add(1, Ordering::Relaxed);
    }
    let d = LeakDetector::<_, 4>::new(System);
    let mut local = 0u64;
    d.set_misuse_hook(Some(hook));
    // SAFETY: unknown pointers: refused.
    unsafe {
        d.dealloc((&raw mut local).cast(), layout(8));
        assert!(d.realloc((&raw mut local).cast(), layout(8), 16).is_null());
    }
    assert_eq!(SEEN.load(Ordering::Relaxed), 2);
    d.set_misuse_hook(None);
    // SAFETY: as above.
    unsafe { d.dealloc((&raw mut local).cast(), layout(8)) };
    assert_eq!(SEEN.load(Ordering::Relaxed), 2);
    assert_eq!(d.report().unknown_pointers, 3);
}

/// Random allocations and frees against a model, in a small table of a size that is not a
/// power of two (long probe runs that wrap around: the backward-shift deletion's hard cases).
#[test]
fn the_table_matches_a_model() {
    const N: usize = 13;
    let rounds = if cfg!(miri) { 300 } else { 20_000 };
    let d = LeakDetector::<_, N>::new(System);
    let mut model: HashMap<usize, (*mut u8, Layout)> = HashMap::new();
    let mut rng = 0x2545_F491_4F6C_DD1D_u64;
    for _ in 0..rounds {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let size = 1 + (rng >> 40) as usize % 64;
        if rng % 3 != 0 && model.len() < N {
            let l = Layout::from_size_align(size, 1 << ((rng >> 20) % 5)).unwrap();
            // SAFETY: not zero-sized.
            let p = unsafe { d.alloc(l) };
            assert!(!p.is_null());
            model.insert(p.addr(), (p, l));
        } else if let Some(&key) = model.keys().nth((rng >> 8) as usize % model.len().max(1)) {
            let (p, l) = model.remove(&key).unwrap();
            // SAFETY: allocated with `l`, freed once.
            unsafe { d.dealloc(p, l) };
        }
        let leaks = d.leaks();
        assert_eq!(leaks.count, model.len());
        assert_eq!(
            leaks.bytes,
            model.values().map(|(_, l)| l.size()).sum::<usize>()
        );
    }
    let mut out = [NO_ALLOCATION; N];
    let n = d.live_allocations(&mut out);
    let mut listed: Vec<(usize, Layout)> = out[..n].iter().map(|a| (a.address, a.layout)).collect();
    let mut expected: Vec<(usize, Layout)> = model.values().map(|&(p, l)| (p.addr(), l)).collect();
    listed.sort_by_key(|e| e.0);
    expected.sort_by_key(|e| e.0);
    assert_eq!(listed, expected);
    for (p, l) in model.into_values() {
        // SAFETY: allocated with `l`, freed once.
        unsafe { d.dealloc(p, l) };
    }
    let r = d.report();
    assert_eq!((r.total_misuses(), r.table_full, r.live.count), (0, 0, 0));
    assert_eq!(r.allocations, r.deallocations);
}

#[test]
fn threads_are_counted_exactly() {
    let threads = if cfg!(miri) { 2 } else { 4 };
    let rounds = if cfg!(miri) { 20 } else { 2000 };
    let d = LeakDetector::<_, 256>::new(System);
    thread::scope(|s| {
        for t in 0..threads {
            let d = &d;
            s.spawn(move || {
                let mut kept = Vec::new();
                for i in 0..rounds {
                    let l = layout(8 + (i + t) % 40);
                    // SAFETY: not zero-sized; every block is freed with its current layout.
                    unsafe {
                        let p = d.alloc(l);
                        assert!(!p.is_null());
                        if i % 3 == 0 {
                            let q = d.realloc(p, l, l.size() * 2);
                            assert!(!q.is_null());
                            kept.push((q, layout(l.size() * 2)));
                        } else {
                            kept.push((p, l));
                        }
                        if kept.len() > 16 {
                            let (p, l) = kept.remove(0);
                            d.dealloc(p, l);
                        }
                    }
                }
                for (p, l) in kept {
                    // SAFETY: as above.
                    unsafe { d.dealloc(p, l) };
                }
            });
        }
    });
    let r = d.report();
    let n = threads * rounds;
    assert_eq!(
        (r.allocations, r.deallocations, r.reallocations),
        (n, n, threads * rounds.div_ceil(3))
    );
    assert_eq!((r.live.count, r.total_misuses(), r.table_full), (0, 0, 0));
}

#[test]
fn raw_alloc_over_a_heap() {
    let mut memory = [0u64; 1024];
    let mut heap = Heap::new();
    // SAFETY: `memory` outlives the heap and is not otherwise used.
    unsafe {
        heap.claim(ptr::slice_from_raw_parts_mut(
            memory.as_mut_ptr().cast(),
            8192,
        ))
    };
    let mut d = LeakDetector::<_, 8>::new(heap);
    let a = d.allocate(layout(64)).unwrap();
    let b = d.allocate(layout(64)).unwrap();
    // SAFETY: live blocks with their current layouts; the wrong ones are refused.
    unsafe {
        assert!(d.grow(a, layout(32), layout(128)).is_err());
        assert!(d.shrink_in_place(b, layout(16), 8).is_err());
        assert_eq!(d.report().layout_mismatches, 2);
        let a = d.grow(a, layout(64), layout(256)).unwrap();
        let b = d.shrink(b, layout(64), layout(16)).unwrap();
        assert_eq!(d.leaks().bytes, 256 + 16);
        // Shrinking to zero frees the block.
        let gone = d.shrink(a, layout(256), layout(0)).unwrap();
        assert_eq!(d.leaks().count, 1);
        // A zero-sized block has no entry; its free is passed on.
        d.deallocate(gone, layout(0));
        d.deallocate(b, layout(16));
        d.deallocate(b, layout(16));
    }
    let r = d.report();
    assert_eq!(
        (r.deallocations, r.reallocations, r.double_frees),
        (1, 3, 1)
    );
    assert_eq!(r.live.count, 0);
    assert_eq!(d.inner().stats().allocations, 0);
    assert!(d.allocate(layout(0)).is_ok());
    assert_eq!(
        d.report().allocations,
        2,
        "zero-sized allocations are not recorded"
    );
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api2_with_zero_sized_blocks() {
    use allocator_api2::alloc::{Allocator, Global};
    use allocator_api2::vec::Vec as Vec2;

    let d = LeakDetector::<_, 8>::new(Global);
    let mark = d.mark();
    {
        let mut zsts: Vec2<(), _> = Vec2::new_in(&d);
        zsts.extend([(); 100]);
        let mut v: Vec2<u16, _> = Vec2::new_in(&d);
        v.extend(0..1000);
        assert_eq!(d.leaks_since(&mark).bytes, v.capacity() * 2);
        v.shrink_to_fit();
        v.truncate(0);
        v.shrink_to_fit();
        assert_eq!(d.leaks().count, 0);
    }
    let l = layout(16);
    let p = d.allocate(l).unwrap().cast::<u8>();
    // SAFETY: `p` is live with `l`; the second free is refused.
    unsafe {
        d.deallocate(p, l);
        d.deallocate(p, l);
    }
    let r = d.report();
    assert_eq!((r.double_frees, r.live.count), (1, 0));
    assert!(r.reallocations > 0);
}

#[test]
fn debug_and_display_show_the_report() {
    let d = LeakDetector::<_, 4>::new(System);
    let mut local = 0u64;
    // SAFETY: not zero-sized; the unknown pointer is refused.
    unsafe {
        let p = d.alloc(layout(10));
        d.dealloc((&raw mut local).cast(), layout(8));
        let shown = d.to_string();
        assert!(
            shown.starts_with("1 live allocation, 10 bytes; 1 allocations, 0 frees"),
            "{shown}"
        );
        assert!(
            shown.contains("\n  unknown pointer in free of 0x"),
            "{shown}"
        );
        let debug = format!("{d:?}");
        assert!(debug.starts_with("LeakDetector { capacity: 4, report: LeakReport {"));
        d.dealloc(p, layout(10));
    }
}
