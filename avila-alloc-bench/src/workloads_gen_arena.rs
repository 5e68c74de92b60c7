//! The generational arena workloads: generic functions over [`BenchGenArena`], one per
//! operation.
//!
//! Every run starts from the same state, prepared by [`half_full`]: the arena held `CAPACITY`
//! values, and every other one was removed again, so half of the slots are live, the other half
//! free with a newer generation, and the stale keys of the removed values are kept. Keys and
//! values go through [`black_box`], and so does each returned sum: the output is observable
//! to every caller, also the probe, which drops it.

use core::hint::black_box;

use crate::peers_gen_arena::{BenchGenArena, CAPACITY};

/// Insert+remove pairs per run of [`insert_remove`].
pub const PAIRS: usize = 1_000;

/// Lookups per run of [`get`] (the `get_hit` and `get_stale` rows).
pub const GETS: usize = 1_000;

/// An arena in the state every run starts from, with its live keys (values `0, 2, 4, ...` in
/// order) and the stale keys of the removed values (`1, 3, 5, ...`).
pub struct HalfFull<A: BenchGenArena> {
    /// The arena.
    pub arena: A,
    /// The keys of the values still in it.
    pub live: Vec<A::Key>,
    /// The keys of the values removed.
    pub stale: Vec<A::Key>,
}

impl<A: BenchGenArena> core::fmt::Debug for HalfFull<A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HalfFull")
            .field("peer", &A::PEER)
            .field("live", &self.live.len())
            .field("stale", &self.stale.len())
            .finish_non_exhaustive()
    }
}

/// Fills an arena with `0..CAPACITY` and removes the odd values.
#[must_use]
pub fn half_full<A: BenchGenArena>() -> HalfFull<A> {
    let mut arena = A::new();
    let keys: Vec<A::Key> = (0..CAPACITY as u64).map(|i| arena.insert(i)).collect();
    let (mut live, mut stale) = (Vec::new(), Vec::new());
    for (i, key) in keys.into_iter().enumerate() {
        if i % 2 == 1 {
            assert_eq!(arena.remove(key), Some(i as u64));
            stale.push(key);
        } else {
            live.push(key);
        }
    }
    HalfFull { arena, live, stale }
}

/// [`GETS`] keys picked from `keys` by a fixed pseudo-random walk (the same positions for every
/// peer).
#[must_use]
pub fn lookup_keys<K: Copy>(keys: &[K]) -> Vec<K> {
    let mut state = 0x9e37_79b9_u32;
    (0..GETS)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            keys[state as usize % keys.len()]
        })
        .collect()
}

/// [`PAIRS`] times: insert a value, remove it again by its key (the slot is reused at once).
/// Leaves the same values in the arena.
#[inline(always)]
pub fn insert_remove<A: BenchGenArena>(arena: &mut A) -> u64 {
    let mut sum = 0_u64;
    for i in 0..PAIRS as u64 {
        let key = black_box(arena.insert(black_box(i)));
        sum = sum.wrapping_add(arena.remove(key).unwrap_or(0));
    }
    black_box(sum)
}

/// Lookups of `keys`, summing the values found (all of them for live keys, none for stale keys).
#[inline(always)]
pub fn get<A: BenchGenArena>(arena: &A, keys: &[A::Key]) -> u64 {
    let mut sum = 0_u64;
    for &key in keys {
        if let Some(v) = arena.get(black_box(key)) {
            sum = sum.wrapping_add(*v);
        }
    }
    black_box(sum)
}

/// Sums the values by iteration (half of the slots live, alternating).
#[inline(always)]
pub fn iterate<A: BenchGenArena>(arena: &A) -> u64 {
    black_box(black_box(arena).sum())
}
