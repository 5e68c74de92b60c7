//! Tests of `OsHeap` used as a value (the test binary's global allocator stays `System`; the
//! tests crate's `global_os_heap` installs it).

use alloc::format;
use alloc::vec::Vec;
use core::alloc::{GlobalAlloc, Layout};
use std::sync::mpsc;
use std::thread;

use super::*;

/// Fewer rounds under Miri (threads and channels are slow to interpret).
const fn scaled(n: usize) -> usize {
    if cfg!(miri) { n / 100 + 1 } else { n }
}

/// A live block with the byte it was filled with.
struct Live {
    ptr: *mut u8,
    layout: Layout,
    fill: u8,
}

// SAFETY: a `Live` is moved between threads only to be freed there.
unsafe impl Send for Live {}

impl Live {
    fn new(layout: Layout, fill: u8) -> Self {
        // SAFETY: tests use non-zero sizes.
        let ptr = unsafe { OsHeap::new().alloc(layout) };
        assert!(!ptr.is_null(), "{layout:?}");
        assert_eq!(ptr.addr() % layout.align(), 0, "{layout:?} misaligned");
        // SAFETY: a fresh block of `layout.size()` bytes.
        unsafe { ptr.write_bytes(fill, layout.size()) };
        Self { ptr, layout, fill }
    }

    fn check(&self) {
        // SAFETY: a live block of `layout.size()` initialized bytes.
        let bytes = unsafe { core::slice::from_raw_parts(self.ptr, self.layout.size()) };
        assert!(
            bytes.iter().all(|&b| b == self.fill),
            "{:?} overwritten",
            self.layout
        );
    }

    fn free(self) {
        self.check();
        // SAFETY: allocated with this layout.
        unsafe { OsHeap::new().dealloc(self.ptr, self.layout) };
    }
}

/// Asserts that no two live blocks overlap.
fn assert_disjoint(live: &[Live]) {
    let mut ranges: Vec<_> = live
        .iter()
        .map(|l| (l.ptr.addr(), l.ptr.addr() + l.layout.size()))
        .collect();
    ranges.sort_unstable();
    for pair in ranges.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlap: {pair:?}");
    }
}

#[test]
fn classes_cover_their_sizes_and_the_table_agrees() {
    let mut previous = 0;
    for class in 0..CLASSES {
        let size = class_size(class);
        assert!(size > previous, "class sizes grow");
        assert_eq!(class_of_size(size), class, "size {size}");
        assert_eq!(class_of_size(previous + 1), class, "size {}", previous + 1);
        assert!(size % 8 == 0, "class {class}: {size}");
        previous = size;
    }
    for size in 1..=MAX_SMALL {
        let class = class_of(Layout::from_size_align(size, 1).unwrap()).unwrap();
        assert!(class_size(class) >= size);
        assert!(
            class == 0 || class_size(class - 1) < size,
            "size {size} tight"
        );
    }
    assert_eq!(
        class_of(Layout::from_size_align(MAX_SMALL + 1, 8).unwrap()),
        None
    );
}

#[test]
fn every_class_and_alignment_is_served_aligned_and_disjoint() {
    let mut live = Vec::new();
    let sizes = [
        1, 7, 8, 9, 16, 24, 100, 128, 129, 250, 1000, 1024, 1025, 4000, 8192, 8193, 20_000,
    ];
    // Under Miri, a sample of the alignments and one block of each (minutes otherwise).
    let align_logs: &[usize] = if cfg!(miri) {
        &[0, 4, 5, 13]
    } else {
        &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    };
    let copies = if cfg!(miri) { 1 } else { 3 };
    for (i, &size) in sizes.iter().enumerate() {
        for &align_log in align_logs {
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            for k in 0..copies {
                live.push(Live::new(layout, (i * 13 + align_log * 3 + k) as u8));
            }
        }
    }
    assert_disjoint(&live);
    for block in live {
        block.free();
    }
}

#[test]
fn many_blocks_of_one_class_span_pages_and_are_reused() {
    let layout = Layout::new::<[u64; 4]>();
    let n = scaled(10_000);
    let mut live: Vec<_> = (0..n).map(|i| Live::new(layout, i as u8)).collect();
    assert_disjoint(&live);
    // Free every other one, allocate as many again: the freed ones come back.
    let mut freed = Vec::new();
    for i in (0..live.len()).rev().step_by(2) {
        let block = live.swap_remove(i);
        freed.push(block.ptr.addr());
        block.free();
    }
    freed.sort_unstable();
    let mut reused = 0;
    for i in 0..freed.len() {
        let block = Live::new(layout, i as u8);
        reused += usize::from(freed.binary_search(&block.ptr.addr()).is_ok());
        live.push(block);
    }
    assert!(
        reused >= freed.len() / 2,
        "{reused} of {} reused",
        freed.len()
    );
    assert_disjoint(&live);
    for block in live {
        block.free();
    }
}

#[test]
fn realloc_keeps_contents_in_place_and_across_classes() {
    let heap = OsHeap::new();
    let layout = Layout::from_size_align(20, 4).unwrap();
    // SAFETY: sizes non-zero; each pointer is passed back with its current layout.
    unsafe {
        let mut ptr = heap.alloc(layout);
        for i in 0..20 {
            ptr.add(i).write(i as u8);
        }
        // 20 -> 24 bytes: the same 24-byte class, in place.
        let same = heap.realloc(ptr, layout, 24);
        assert_eq!(same, ptr);
        ptr = same;
        let mut size = 24;
        // Through the classes, then into System's large blocks, then back.
        for new_size in [100, 1000, 5000, 9000, 100_000, 3000, 17] {
            ptr = heap.realloc(ptr, Layout::from_size_align(size, 4).unwrap(), new_size);
            assert!(!ptr.is_null());
            for i in 0..size.min(new_size).min(20) {
                assert_eq!(
                    ptr.add(i).read(),
                    i as u8,
                    "byte {i} after {size} -> {new_size}"
                );
            }
            size = new_size;
        }
        heap.dealloc(ptr, Layout::from_size_align(size, 4).unwrap());
    }
}

#[test]
fn alloc_zeroed_zeroes_reused_blocks() {
    let heap = OsHeap::new();
    for size in [8, 48, 3000, 50_000] {
        let layout = Layout::from_size_align(size, 8).unwrap();
        // SAFETY: non-zero sizes, freed with their layout.
        unsafe {
            let dirty = heap.alloc(layout);
            dirty.write_bytes(0xAB, size);
            heap.dealloc(dirty, layout);
            let clean = heap.alloc_zeroed(layout);
            // Every byte natively; under Miri every 97th (and the last).
            let step = if cfg!(miri) { 97 } else { 1 };
            assert!(
                (0..size)
                    .step_by(step)
                    .chain([size - 1])
                    .all(|i| clean.add(i).read() == 0),
                "size {size}"
            );
            heap.dealloc(clean, layout);
        }
    }
}

#[test]
fn blocks_freed_by_other_threads_come_back_to_their_owner() {
    let layout = Layout::from_size_align(48, 8).unwrap();
    let rounds = scaled(2000);
    let (to_freer, freer) = mpsc::channel::<Live>();
    let freer = thread::spawn(move || {
        let mut count = 0;
        for block in freer {
            block.free();
            count += 1;
        }
        count
    });
    // The pages (64 KiB) the blocks came from.
    let mut pages = Vec::new();
    for round in 0..rounds {
        let block = Live::new(layout, round as u8);
        pages.push(block.ptr.addr() >> PAGE_SHIFT);
        to_freer.send(block).unwrap();
    }
    drop(to_freer);
    assert_eq!(freer.join().unwrap(), rounds);
    pages.sort_unstable();
    pages.dedup();
    // The remote frees are on the pages' lists: allocating as many again takes them back, so at
    // most one page's worth of blocks comes from pages not used before.
    let again: Vec<_> = (0..rounds).map(|i| Live::new(layout, i as u8)).collect();
    let elsewhere = again
        .iter()
        .filter(|b| pages.binary_search(&(b.ptr.addr() >> PAGE_SHIFT)).is_err())
        .count();
    assert!(
        elsewhere <= PAGE_SIZE / 48,
        "{elsewhere} of {rounds} blocks from new pages: remote frees not reused"
    );
    assert_disjoint(&again);
    for block in again {
        block.free();
    }
}

#[test]
fn blocks_outlive_their_thread_and_its_pages_are_adopted() {
    let layouts = [
        Layout::from_size_align(16, 8).unwrap(),
        Layout::from_size_align(200, 8).unwrap(),
        Layout::from_size_align(4096, 64).unwrap(),
    ];
    let n = scaled(300);
    for _ in 0..if cfg!(miri) { 1 } else { 3 } {
        let survivors = thread::spawn(move || {
            let mut keep = Vec::new();
            for i in 0..n {
                let block = Live::new(layouts[i % 3], i as u8);
                // Keep one block in three; free the others here.
                if i % 3 == 0 {
                    keep.push(block);
                } else {
                    block.free();
                }
            }
            keep
        })
        .join()
        .unwrap();
        // The thread is gone; its pages with live blocks were abandoned. Allocate on other
        // threads meanwhile (they may adopt those pages), then free the survivors here.
        let others: Vec<_> = (0..2)
            .map(|t| {
                thread::spawn(move || {
                    let blocks: Vec<_> = (0..n).map(|i| Live::new(layouts[i % 3], t)).collect();
                    for block in blocks {
                        block.free();
                    }
                })
            })
            .collect();
        for block in survivors {
            block.free();
        }
        for other in others {
            other.join().unwrap();
        }
    }
}

#[test]
fn allocations_in_thread_local_destructors_work() {
    struct AllocatesOnDrop(mpsc::Sender<Live>);
    impl Drop for AllocatesOnDrop {
        fn drop(&mut self) {
            // After (or before: the order is unspecified) the heap's own exit hook.
            let short = Live::new(Layout::new::<[u8; 40]>(), 1);
            short.free();
            let kept = Live::new(Layout::new::<[u8; 100]>(), 2);
            self.0.send(kept).unwrap();
        }
    }
    std::thread_local! {
        static LOCAL: core::cell::RefCell<Option<AllocatesOnDrop>> =
            const { core::cell::RefCell::new(None) };
    }
    let (send, receive) = mpsc::channel();
    let spawned: Vec<_> = (0..4)
        .map(|i| {
            let send = send.clone();
            thread::spawn(move || {
                // The heap starts before the local: its exit hook is registered first.
                Live::new(Layout::new::<u64>(), i).free();
                LOCAL.with(|local| *local.borrow_mut() = Some(AllocatesOnDrop(send)));
            })
        })
        .collect();
    drop(send);
    for thread in spawned {
        thread.join().unwrap();
    }
    let kept: Vec<_> = receive.iter().collect();
    assert_eq!(kept.len(), 4);
    for block in kept {
        block.free();
    }
}

#[test]
fn two_threads_hammering_each_others_blocks() {
    let rounds = scaled(20_000);
    let (a_to_b, from_a) = mpsc::sync_channel::<Live>(64);
    let (b_to_a, from_b) = mpsc::sync_channel::<Live>(64);
    let worker = |me: u8, send: mpsc::SyncSender<Live>, receive: mpsc::Receiver<Live>| {
        move || {
            let mut rng = 0x9E37_79B9_u32 ^ u32::from(me);
            let mut mine = Vec::new();
            for round in 0..rounds {
                rng ^= rng << 13;
                rng ^= rng >> 17;
                rng ^= rng << 5;
                let size = 8 + (rng % 600) as usize;
                let block = Live::new(Layout::from_size_align(size, 8).unwrap(), round as u8);
                if rng % 3 == 0 {
                    mine.push(block);
                } else if send.try_send(block).is_err() {
                    // A full channel: keep it.
                }
                while let Ok(theirs) = receive.try_recv() {
                    theirs.free();
                }
                if mine.len() > 100 {
                    mine.swap_remove((rng as usize / 7) % mine.len()).free();
                }
            }
            drop(send);
            for theirs in receive {
                theirs.free();
            }
            for block in mine {
                block.free();
            }
        }
    };
    let a = thread::spawn(worker(1, a_to_b, from_b));
    let b = thread::spawn(worker(2, b_to_a, from_a));
    a.join().unwrap();
    b.join().unwrap();
}

#[test]
fn stats_count_large_blocks_and_display() {
    let heap = OsHeap::new();
    let layout = Layout::from_size_align(100_000, 8).unwrap();
    // SAFETY: non-zero size, freed with its layout.
    let block = unsafe { heap.alloc(layout) };
    let stats = heap.stats();
    assert!(stats.large_allocations >= 1 && stats.large_bytes >= 100_000);
    assert!(stats.reserved_bytes >= stats.large_bytes);
    let text = format!("{stats}");
    assert!(text.contains("large blocks"), "{text}");
    assert!(format!("{heap:?}").starts_with("OsHeap("));
    // SAFETY: allocated above.
    unsafe { heap.dealloc(block, layout) };
}

#[test]
fn a_thread_heap_is_counted_while_its_thread_lives() {
    let (started, wait) = mpsc::channel();
    let (finish, finished) = mpsc::channel::<()>();
    let handle = thread::spawn(move || {
        Live::new(Layout::new::<u32>(), 3).free();
        started.send(OsHeap::new().stats().thread_caches).unwrap();
        finished.recv().unwrap();
    });
    let during = wait.recv().unwrap();
    assert!(during >= 1);
    finish.send(()).unwrap();
    handle.join().unwrap();
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api2_grows_and_shrinks_across_alignments() {
    use allocator_api2::alloc::Allocator;
    use core::ptr::NonNull;

    let heap = OsHeap::new();
    let small = Layout::from_size_align(24, 8).unwrap();
    let block = heap.allocate_zeroed(small).unwrap();
    assert_eq!(block.len(), 24);
    let mut ptr: NonNull<u8> = block.cast();
    // SAFETY: each call gets the block's current layout; sizes fit.
    unsafe {
        assert!((0..24).all(|i| ptr.as_ptr().add(i).read() == 0));
        ptr.as_ptr().write_bytes(5, 24);
        let mut layout = small;
        // Grows through the classes into a large block, then shrinks back, changing alignments.
        for (size, align) in [
            (30, 8),
            (300, 64),
            (20_000, 64),
            (40_000, 8),
            (100, 128),
            (24, 8),
        ] {
            let next = Layout::from_size_align(size, align).unwrap();
            let moved = if size >= layout.size() {
                heap.grow(ptr, layout, next)
            } else {
                heap.shrink(ptr, layout, next)
            };
            ptr = moved.unwrap().cast();
            assert_eq!(ptr.as_ptr().addr() % next.align(), 0);
            assert!((0..24).all(|i| ptr.as_ptr().add(i).read() == 5));
            layout = next;
        }
        heap.deallocate(ptr, layout);
    }
    let mut v = allocator_api2::vec::Vec::new_in(heap);
    v.extend(0..5000_u64);
    assert_eq!(v.iter().sum::<u64>(), 4999 * 5000 / 2);
}
