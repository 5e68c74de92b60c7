//! The hash map workloads: generic functions over [`BenchMap`], one per operation.
//!
//! Every workload runs on a map filled to a given fraction of its capacity (50, 75 or 100%).
//! The keys are distinct pseudo-random `u32`s made by [`MapInputs::new`] outside the timed
//! region, along with as many keys that are absent and two long pseudo-random lookup streams
//! ([`LOOKUPS`] keys drawn from the present and from the absent keys), so that no peer gains from
//! visiting its entries in storage order, and no branch predictor can learn the sequence of probe
//! lengths: a 64-key lookup order repeated every run is learnt by the predictor within a few runs
//! and hides every misprediction a real program pays. The same rules as for the vector workloads
//! apply (see [`workloads`](crate::workloads)): `#[inline(always)]`, inputs through
//! [`black_box`], outputs made observable inside the workload.

use core::hint::black_box;

use crate::peers_map::BenchMap;

/// The most `remove`+`insert` pairs in one run of [`remove_insert`]: enough to average over
/// many keys, few enough that one run of heapless's O(N) removals at 4096 entries stays short.
pub const MAX_CHURN: usize = 256;

/// The length of the lookup streams of [`get_hit`] and [`get_miss`]: far longer than any branch
/// history a predictor can learn, at every capacity.
pub const LOOKUPS: usize = 1 << 16;

/// The keys of one case: those in the map, a shuffled lookup order of them, and absent ones.
#[derive(Clone, Debug)]
pub struct MapInputs {
    /// The keys inserted, in insertion order.
    pub present: Vec<u32>,
    /// The same keys in a pseudo-random order, for lookups and churn.
    pub shuffled: Vec<u32>,
    /// As many keys that are not in the map.
    pub absent: Vec<u32>,
    /// [`LOOKUPS`] keys drawn pseudo-randomly (with repetition) from `present`: the lookups of
    /// [`get_hit`].
    pub hits: Vec<u32>,
    /// [`LOOKUPS`] keys drawn pseudo-randomly (with repetition) from `absent`: the lookups of
    /// [`get_miss`].
    pub misses: Vec<u32>,
}

/// A tiny xorshift generator (fixed seed: the inputs are the same in every run).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

impl MapInputs {
    /// Inputs for a map of `capacity` entries filled to `fill_percent`.
    #[must_use]
    pub fn new(capacity: usize, fill_percent: usize) -> Self {
        let count = capacity * fill_percent / 100;
        // `i * odd` is a bijection on `u32`: the keys are distinct, and spread over the range.
        let key = |i: usize| (i as u32).wrapping_mul(0x9e37_79b1) ^ 0x5bd1_e995;
        let present: Vec<u32> = (0..count).map(key).collect();
        let absent: Vec<u32> = (count..2 * count).map(key).collect();
        let mut shuffled = present.clone();
        let mut state = 0x2545_f491_4f6c_dd1d_u64 ^ capacity as u64;
        for i in (1..shuffled.len()).rev() {
            let j = (xorshift(&mut state) % (i as u64 + 1)) as usize;
            shuffled.swap(i, j);
        }
        let mut stream = |from: &[u32]| -> Vec<u32> {
            (0..LOOKUPS)
                .map(|_| from[(xorshift(&mut state) % from.len() as u64) as usize])
                .collect()
        };
        let hits = stream(&present);
        let misses = stream(&absent);
        Self {
            present,
            shuffled,
            absent,
            hits,
            misses,
        }
    }

    /// A map holding every present key (value = key), built outside the timed region.
    #[must_use]
    pub fn filled<M: BenchMap>(&self) -> M {
        let mut map = M::new();
        for &k in &self.present {
            map.insert(k, k);
        }
        map
    }

    /// The keys of one run of [`remove_insert`].
    #[must_use]
    pub fn churn(&self) -> &[u32] {
        &self.shuffled[..self.shuffled.len().min(MAX_CHURN)]
    }
}

/// `get` of each key of `keys` (the present keys in [`MapInputs::hits`]); returns the sum of the
/// values.
#[inline(always)]
pub fn get_hit<M: BenchMap>(map: &M, keys: &[u32]) -> u64 {
    let map = black_box(map);
    let mut sum = 0;
    for &k in black_box(keys) {
        if let Some(v) = map.get(k) {
            sum += u64::from(v);
        }
    }
    black_box(sum)
}

/// `get` of each key of `keys` (absent keys in [`MapInputs::misses`]); returns how many were
/// found (none).
#[inline(always)]
pub fn get_miss<M: BenchMap>(map: &M, keys: &[u32]) -> u64 {
    let map = black_box(map);
    let mut found = 0;
    for &k in black_box(keys) {
        found += u64::from(map.get(k).is_some());
    }
    black_box(found)
}

/// `new`, then `insert` of every key: the map fills up to the case's fill level.
#[inline(always)]
#[must_use]
pub fn insert<M: BenchMap>(keys: &[u32]) -> M {
    let mut map = M::new();
    for &k in black_box(keys) {
        map.insert(k, k);
    }
    black_box(&map);
    map
}

/// `remove` and `insert` back each key of `keys` (at most [`MAX_CHURN`]): the fill level stays,
/// every removal is followed by an insertion into the same map. Returns the sum of the removed
/// values.
#[inline(always)]
pub fn remove_insert<M: BenchMap>(map: &mut M, keys: &[u32]) -> u64 {
    let map = black_box(map);
    let mut sum = 0;
    for &k in black_box(keys) {
        if let Some(v) = map.remove(k) {
            sum += u64::from(v);
            map.insert(k, v);
        }
    }
    black_box(sum)
}

/// Iterates over the entries and sums the values.
#[inline(always)]
#[must_use]
pub fn iterate<M: BenchMap>(map: &M) -> u64 {
    black_box(black_box(map).sum_values())
}
