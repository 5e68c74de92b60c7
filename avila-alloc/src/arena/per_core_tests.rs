//! Tests of [`PerCoreArena`]: threads get shards of their own, a full shard falls back to the
//! others, blocks never overlap, and the `Allocator` gives every block back to its own shard.

// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::alloc::Layout;
use core::mem::MaybeUninit;
use std::boxed::Box;
use std::vec;
use std::vec::Vec;

use super::PerCoreArena;

/// Threads allocating at once: more on a real machine, fewer under Miri (slow interpreter).
const THREADS: usize = if cfg!(miri) { 3 } else { 4 };
/// Allocations per thread.
const PER_THREAD: usize = if cfg!(miri) { 30 } else { 1_000 };

/// A 16-aligned buffer (Miri's symbolic alignment check trusts only declared alignment).
#[repr(C, align(16))]
struct Aligned<const N: usize>([MaybeUninit<u8>; N]);

fn aligned<const N: usize>() -> Box<Aligned<N>> {
    Box::new(Aligned([MaybeUninit::uninit(); N]))
}

#[test]
fn the_buffer_is_cut_into_aligned_shards() {
    let mut buf = aligned::<1000>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 3);
    assert_eq!(arena.shards(), 3);
    // 1000 / 3 = 333, rounded down to 320: two shards of 320, the last takes the other 360.
    assert_eq!(arena.capacity(), 1000);
    assert_eq!(arena.remaining(), 1000);
    let mut buf = aligned::<64>();
    // Zero shards means one.
    assert_eq!(PerCoreArena::with_shards(&mut buf.0, 0).shards(), 1);
    // More shards than 16-byte pieces: the first ones are empty, the last holds everything.
    let mut buf = aligned::<32>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 4);
    assert_eq!(arena.capacity(), 32);
    assert_eq!(*arena.alloc(7_u64), 7);
}

#[test]
fn a_full_shard_falls_back_to_the_next_one() {
    let mut buf = aligned::<64>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    // Two shards of 32 bytes: four `u64`s in one, then the other.
    let values: Vec<&mut u64> = (0..8_u64).map(|i| arena.alloc(i)).collect();
    assert_eq!(arena.used(), 64);
    let err = arena.try_alloc(9_u64).unwrap_err();
    assert_eq!(err.element(), 9);
    assert!(arena.try_alloc_str("x").is_err());
    assert!(arena.try_alloc_slice_copy(&[1_u8]).is_err());
    assert!(arena.alloc_layout(Layout::new::<u8>()).is_err());
    for (i, v) in values.iter().enumerate() {
        assert_eq!(**v, i as u64);
    }
    // A block larger than one shard never fits, however empty the arena is.
    let mut buf = aligned::<64>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    assert!(arena.try_alloc([0_u8; 33]).is_err());
    assert!(arena.try_alloc([0_u8; 32]).is_ok());
}

#[test]
fn threads_get_disjoint_intact_blocks_and_reset_frees_all() {
    let mut buf = vec![MaybeUninit::<u8>::uninit(); THREADS * PER_THREAD * 64];
    let mut arena = PerCoreArena::with_shards(&mut buf, THREADS);
    for _round in 0..2 {
        let mut blocks: Vec<(usize, usize)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..THREADS)
                .map(|t| {
                    let arena = &arena;
                    s.spawn(move || {
                        let mut mine = Vec::new();
                        for i in 0..PER_THREAD {
                            let fill = (t * 7 + i) as u8;
                            let len = 1 + i % 40;
                            let block = arena.alloc_slice_copy(&vec![fill; len]);
                            mine.push((block, fill));
                        }
                        mine.into_iter()
                            .map(|(block, fill)| {
                                assert!(block.iter().all(|&b| b == fill), "overwritten");
                                (block.as_ptr().addr(), block.len())
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        blocks.sort_unstable();
        for pair in blocks.windows(2) {
            assert!(pair[0].0 + pair[0].1 <= pair[1].0, "overlap: {pair:?}");
        }
        let total: usize = blocks.iter().map(|b| b.1).sum();
        assert_eq!(arena.used(), total);
        arena.reset();
        assert_eq!(arena.used(), 0);
    }
}

#[test]
fn local_is_this_threads_shard_and_stays_so() {
    let mut buf = aligned::<256>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    let first = core::ptr::from_ref(arena.local());
    arena.local().alloc(1_u32);
    assert!(core::ptr::eq(first, arena.local()));
    assert_eq!(arena.local().used(), 4);
    assert!(std::format!("{arena:?}").contains("shards: 2"));
}

#[cfg(feature = "allocator-api2")]
#[test]
fn collections_grow_and_free_in_their_own_shard() {
    use allocator_api2::alloc::Allocator;
    use allocator_api2::vec::Vec as ArenaVec;

    let mut buf = aligned::<4096>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    let mut v = ArenaVec::new_in(&arena);
    v.extend(0..100_u32);
    assert_eq!(v.iter().sum::<u32>(), 4950);
    let used = arena.used();
    v.shrink_to_fit();
    drop(v);
    // The vector was the last block of its shard: dropping it gave its bytes back.
    assert!(arena.used() < used);
    // A block that cannot grow in its full shard moves to the other one.
    let mut buf = aligned::<128>();
    let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    let a = (&arena).allocate(Layout::new::<[u8; 48]>()).unwrap();
    // SAFETY: `a` is 48 writable bytes from this allocator.
    unsafe { a.cast::<u8>().as_ptr().write_bytes(5, 48) };
    arena.local().alloc([0_u8; 16]); // `a` is no longer the last block of its shard
    // SAFETY: `a` was allocated by `&arena` with the old layout; the new one is larger.
    let b = unsafe {
        (&arena).grow(
            a.cast(),
            Layout::new::<[u8; 48]>(),
            Layout::new::<[u8; 60]>(),
        )
    }
    .unwrap();
    // SAFETY: `b` holds the 48 bytes copied from `a`.
    let moved = unsafe { core::slice::from_raw_parts(b.cast::<u8>().as_ptr(), 48) };
    assert!(moved.iter().all(|&x| x == 5));
    assert_ne!(a.cast::<u8>(), b.cast::<u8>());
}
