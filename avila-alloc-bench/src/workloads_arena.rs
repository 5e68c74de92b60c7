//! The arena workloads: generic functions over [`BenchArena`], one per operation.
//!
//! Each run starts with a `reset` (O(1) for every peer: one chunk) and then makes a fixed number
//! of allocations, so the arena never fills. Every allocated reference goes through
//! [`black_box`], so each allocation is materialized and stored to; the values come from
//! `black_box`ed inputs. The returned sum makes the run's output observable.

use core::hint::black_box;

use crate::peers_arena::BenchArena;

/// Allocations per run of [`alloc_u64`] and [`alloc_slice_copy_16`].
pub const SMALL_ALLOCS: usize = 1_000;

/// Allocations per run of [`alloc_array_32`] (256 bytes each on 64-bit targets).
pub const ARRAY_ALLOCS: usize = 100;

/// Allocations before the reset in [`alloc_then_reset`].
pub const RESET_ALLOCS: usize = 10_000;

/// `reset`, then `count` allocations of a `u64`.
#[inline(always)]
pub fn alloc_u64<A: BenchArena>(arena: &mut A, count: usize) -> u64 {
    arena.reset();
    let mut sum = 0_u64;
    for i in 0..count as u64 {
        let r = black_box(arena.alloc(black_box(i)));
        sum = sum.wrapping_add(*r);
    }
    sum
}

/// `reset`, then [`ARRAY_ALLOCS`] allocations of a `[usize; 32]`.
#[inline(always)]
pub fn alloc_array_32<A: BenchArena>(arena: &mut A) -> usize {
    arena.reset();
    let mut sum = 0_usize;
    for i in 0..ARRAY_ALLOCS {
        let r = black_box(arena.alloc([black_box(i); 32]));
        sum = sum.wrapping_add(r[31]);
    }
    sum
}

/// `reset`, then [`SMALL_ALLOCS`] copies of the 16 bytes of `src` (`alloc_slice_copy`).
#[inline(always)]
pub fn alloc_slice_copy_16<A: BenchArena>(arena: &mut A, src: &[u8; 16]) -> u64 {
    arena.reset();
    let mut sum = 0_u64;
    for _ in 0..SMALL_ALLOCS {
        let r = black_box(arena.alloc_slice_copy(black_box(&src[..])));
        sum = sum.wrapping_add(u64::from(r[15]));
    }
    sum
}

/// [`RESET_ALLOCS`] allocations of a `u64`, then `reset`: the whole cycle of an arena used for
/// one batch of work.
#[inline(always)]
pub fn alloc_then_reset<A: BenchArena>(arena: &mut A) -> u64 {
    let sum = alloc_u64(arena, RESET_ALLOCS);
    arena.reset();
    sum
}
