//! Tests of the shared arenas, [`MpmcArena`] and [`StackMpmcArena`]: blocks handed out to
//! threads at once never overlap, a full arena refuses every thread cleanly, and the in-place
//! operations on the last block give up when another allocation came after it.

// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::mem::MaybeUninit;
use std::vec::Vec;

use super::{MpmcArena, StackArena, StackMpmcArena};

/// Threads allocating at once: more on a real machine, fewer under Miri (slow interpreter).
const THREADS: usize = if cfg!(miri) { 3 } else { 4 };
/// Allocations per thread.
const PER_THREAD: usize = if cfg!(miri) { 40 } else { 1_000 };
/// Room for every thread's blocks: at most 32 bytes plus 15 of padding each.
const ROOM: usize = THREADS * PER_THREAD * 48;

/// One allocation a thread made: where it is, how long, what it must still hold.
#[derive(Debug, Clone, Copy)]
struct Block {
    addr: usize,
    size: usize,
    fill: u8,
}

/// Allocates `PER_THREAD` blocks of varied sizes and alignments from `arena`, fills each with a
/// byte naming the thread and block, and returns them (with a check that the fill survived
/// every other thread's allocations, read back at the end).
fn worker(arena: &StackMpmcArena<ROOM>, thread: usize) -> Vec<Block> {
    let mut made = Vec::new();
    let mut slices = Vec::new();
    for i in 0..PER_THREAD {
        let fill = (thread * 31 + i) as u8;
        let len = 1 + (i * 7 + thread) % 23;
        let slice: &mut [u8] = match i % 3 {
            0 => arena.alloc_slice_fill_with(len, |_| fill),
            1 => {
                let v = arena.alloc(u64::from_ne_bytes([fill; 8]));
                assert_eq!((&raw const *v).addr() % 8, 0);
                // SAFETY: the `u64` is 8 initialized bytes, borrowed mutably here only.
                unsafe { core::slice::from_raw_parts_mut((&raw mut *v).cast::<u8>(), 8) }
            }
            _ => {
                let v = arena.alloc([u128::from_ne_bytes([fill; 16]); 2]);
                assert_eq!((&raw const *v).addr() % core::mem::align_of::<u128>(), 0);
                // SAFETY: as above, 32 bytes.
                unsafe { core::slice::from_raw_parts_mut((&raw mut *v).cast::<u8>(), 32) }
            }
        };
        made.push(Block {
            addr: slice.as_ptr().addr(),
            size: slice.len(),
            fill,
        });
        slices.push(slice);
    }
    for (slice, block) in slices.iter().zip(&made) {
        assert!(
            slice.iter().all(|&b| b == block.fill),
            "{block:?} overwritten"
        );
    }
    made
}

#[test]
fn threads_get_disjoint_blocks() {
    // In a `static`, as a shared arena often is (and too large for a test thread's stack).
    static ARENA: StackMpmcArena<ROOM> = StackMpmcArena::new();
    let arena = &ARENA;
    let mut blocks: Vec<Block> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| s.spawn(move || worker(arena, t)))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(blocks.len(), THREADS * PER_THREAD);
    blocks.sort_by_key(|b| b.addr);
    for pair in blocks.windows(2) {
        assert!(
            pair[0].addr + pair[0].size <= pair[1].addr,
            "overlap: {pair:?}"
        );
    }
    let total: usize = blocks.iter().map(|b| b.size).sum();
    assert!(total <= arena.used() && arena.used() <= arena.capacity());
    arena.check_invariants();
}

#[test]
fn a_full_arena_refuses_every_thread_and_gives_the_value_back() {
    let arena: StackMpmcArena<1024> = StackMpmcArena::new();
    let counts: Vec<(usize, usize)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let (mut ok, mut refused) = (0, 0);
                    for i in 0..100_u64 {
                        match arena.try_alloc(i * 10 + t as u64) {
                            Ok(v) => {
                                assert_eq!(*v, i * 10 + t as u64);
                                ok += 1;
                            }
                            Err(e) => {
                                assert_eq!(e.element(), i * 10 + t as u64);
                                refused += 1;
                            }
                        }
                    }
                    (ok, refused)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    // 1024 bytes hold exactly 128 `u64`s (the buffer is 16-aligned, no padding): every one is
    // handed out exactly once, every other request refused.
    let ok: usize = counts.iter().map(|c| c.0).sum();
    let refused: usize = counts.iter().map(|c| c.1).sum();
    assert_eq!((ok, refused), (128, THREADS * 100 - 128));
    assert_eq!(arena.remaining(), 0);
}

#[test]
fn the_last_block_changes_in_place_only_while_nothing_follows_it() {
    // Declared aligned: Miri's symbolic alignment check trusts only a buffer's declared
    // alignment.
    #[repr(C, align(16))]
    struct Aligned([MaybeUninit<u8>; 256]);
    let mut buf = Aligned([MaybeUninit::uninit(); 256]);
    let arena = MpmcArena::new(&mut buf.0);
    let mut v = arena.alloc_slice_copy(&[1_u32, 2]);
    assert!(arena.is_last(v));
    arena.try_extend_last(&mut v, &[3]).unwrap();
    assert_eq!(v, [1, 2, 3]);
    let used = arena.used();
    // What another thread's allocation does: a block after `v`.
    let other = arena.alloc(9_u32);
    assert!(!arena.is_last(v));
    assert!(arena.try_extend_last(&mut v, &[4]).is_err());
    assert_eq!(v, [1, 2, 3]);
    arena.shrink_last(&mut v, 1);
    assert_eq!((&*v, arena.used()), (&[1_u32][..], used + 4));
    assert_eq!(*other, 9);
}

#[test]
fn reset_and_checkpoints_through_exclusive_access() {
    let mut arena: StackMpmcArena<64> = StackMpmcArena::new();
    arena.alloc(1_u64);
    {
        let scratch = arena.checkpoint();
        std::thread::scope(|s| {
            s.spawn(|| scratch.alloc([0_u8; 40]));
            s.spawn(|| scratch.alloc(7_u64));
        });
        assert_eq!(scratch.used(), 8 + 40 + 8);
    }
    assert_eq!(arena.used(), 8);
    arena.reset();
    assert_eq!(arena.remaining(), 64);
    assert!(std::format!("{arena:?}").contains("used: 0"));
}

#[test]
fn the_same_requests_land_where_a_stack_arena_puts_them() {
    let shared: StackMpmcArena<128, 4> = StackMpmcArena::new_aligned();
    let local: StackArena<128, 4> = StackArena::new_aligned();
    let first = (
        (&raw const *shared.alloc(0_u8)).addr(),
        (&raw const *local.alloc(0_u8)).addr(),
    );
    for i in 0..40_u8 {
        let len = usize::from(i % 5);
        let a = shared.try_alloc_slice_copy(&[i; 4][..len]);
        let b = local.try_alloc_slice_copy(&[i; 4][..len]);
        let offset = |s: &[u8], first: usize| s.as_ptr().addr().wrapping_sub(first);
        match (a, b) {
            (Ok(a), Ok(b)) if len > 0 => assert_eq!(offset(a, first.0), offset(b, first.1)),
            (Ok(_), Ok(_)) => {}
            (Err(_), Err(_)) => {}
            other => panic!("diverged at {i}: {other:?}"),
        }
        assert_eq!(shared.used(), local.used());
    }
    assert_eq!(shared.remaining(), local.remaining());
}

#[cfg(feature = "allocator-api2")]
#[test]
fn collections_of_several_threads_in_one_arena() {
    use allocator_api2::vec::Vec as ArenaVec;

    let arena: StackMpmcArena<16_384> = StackMpmcArena::new();
    let sums: Vec<u64> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..2_u64)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let mut v = ArenaVec::new_in(arena);
                    v.extend((0..200).map(|i| i * (t + 1)));
                    v.iter().sum::<u64>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    assert_eq!(sums, [19_900, 39_800]);
}
