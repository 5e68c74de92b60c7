//! The slab workloads: generic functions over [`BenchSlab`], one per operation.
//!
//! Every run starts from the same state, prepared by [`half_full`]: the slab holds
//! `CAPACITY / 2` values at the even keys, and the odd keys are on its free list. Keys and
//! values go through [`black_box`], and so does each returned sum: the output is observable
//! to every caller, also the probe, which drops it.

use core::hint::black_box;

use crate::peers_slab::{BenchSlab, CAPACITY};

/// Insert+remove pairs per run of [`insert_remove`].
pub const PAIRS: usize = 1_000;

/// Lookups per run of [`get_hit`].
pub const GETS: usize = 1_000;

/// A slab with `CAPACITY / 2` values at the even keys (value = key) and the odd keys free.
#[must_use]
pub fn half_full<S: BenchSlab>() -> S {
    let mut slab = S::new();
    for i in 0..CAPACITY as u64 {
        let key = slab.insert(i);
        assert_eq!(key as u64, i);
    }
    for key in (1..CAPACITY).step_by(2) {
        slab.remove(key);
    }
    slab
}

/// The keys [`get_hit`] looks up: a fixed pseudo-random walk over the even (occupied) keys.
#[must_use]
pub fn lookup_keys() -> Vec<usize> {
    let mut state = 0x9e37_79b9_u32;
    (0..GETS)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state as usize % (CAPACITY / 2)) * 2
        })
        .collect()
}

/// [`PAIRS`] times: insert a value, remove it again by its key (the slot is reused at once).
/// Leaves the slab as it found it.
#[inline(always)]
pub fn insert_remove<S: BenchSlab>(slab: &mut S) -> u64 {
    let mut sum = 0_u64;
    for i in 0..PAIRS as u64 {
        let key = black_box(slab.insert(black_box(i)));
        sum = sum.wrapping_add(slab.remove(key));
    }
    black_box(sum)
}

/// [`GETS`] lookups of occupied keys.
#[inline(always)]
pub fn get_hit<S: BenchSlab>(slab: &S, keys: &[usize]) -> u64 {
    let mut sum = 0_u64;
    for &key in keys {
        if let Some(v) = slab.get(black_box(key)) {
            sum = sum.wrapping_add(*v);
        }
    }
    black_box(sum)
}

/// Sums the values by iteration (half of the slots occupied, alternating).
#[inline(always)]
pub fn iterate<S: BenchSlab>(slab: &S) -> u64 {
    black_box(black_box(slab).sum())
}
