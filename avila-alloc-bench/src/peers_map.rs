//! The hash maps under comparison, behind [`BenchMap`]: `u32` keys and values.
//!
//! | peer | type | hasher |
//! |---|---|---|
//! | [`AVILA`] | `avila_alloc::StackHashMap<u32, u32, N, S>` | `S`: [`Fnv`] or `avila_alloc::FixedState` |
//! | [`HEAPLESS`] | `heapless::index_map::FnvIndexMap<u32, u32, N>` (power-of-two `N` only) | FNV-1a, always |
//! | [`HASHBROWN`] | [`HashbrownMap<N, S>`]: `hashbrown::HashMap` created with capacity `N` | `S`, the same as avila's in the same row |
//! | [`STD`] | [`StdMap<N>`]: `std::collections::HashMap` created with capacity `N` | `RandomState` (SipHash-1-3), std's default |
//!
//! As for the vectors (see [`peers`](crate::peers)), every peer calls the form of each
//! operation that checks capacity, written the way a user of that crate writes it: heapless and
//! avila return a `Result` from `insert` (`.unwrap()`); hashbrown and std never fail (they were
//! created with room for `N` entries, so they never reallocate during a workload, but pay for
//! their allocation where a workload creates a map).

use core::hash::{BuildHasher, BuildHasherDefault};

pub use crate::peers::{AVILA, HEAPLESS, STD};

/// The name under which `hashbrown`'s map appears in reports.
pub const HASHBROWN: &str = "hashbrown";

/// FNV-1a through `core::hash`: `hash32::FnvHasher`, the hasher of heapless's `FnvIndexMap`,
/// given to avila and hashbrown in the `map/fnv/...` rows so all three hash alike.
pub type Fnv = BuildHasherDefault<hash32::FnvHasher>;

/// A map from `u32` to `u32` with room for [`CAPACITY`](Self::CAPACITY) entries.
pub trait BenchMap {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// The capacity, in entries.
    const CAPACITY: usize;

    /// An empty map with room for `CAPACITY` entries.
    fn new() -> Self;
    /// The number of entries.
    fn len(&self) -> usize;
    /// `true` if the map is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Inserts or replaces; panics if a new key does not fit.
    fn insert(&mut self, key: u32, value: u32);
    /// The value of `key`.
    fn get(&self, key: u32) -> Option<u32>;
    /// Removes `key`, returning its value.
    fn remove(&mut self, key: u32) -> Option<u32>;
    /// The sum of all values, by iterating over the entries.
    fn sum_values(&self) -> u64;
}

/// `hashbrown::HashMap<u32, u32, S>` created with `with_capacity_and_hasher(N, _)`.
#[derive(Clone, Debug)]
pub struct HashbrownMap<const N: usize, S>(pub hashbrown::HashMap<u32, u32, S>);

/// `std::collections::HashMap<u32, u32>` created with `with_capacity(N)`.
#[derive(Clone, Debug)]
pub struct StdMap<const N: usize>(pub std::collections::HashMap<u32, u32>);

impl<const N: usize, S: BuildHasher + Default> BenchMap
    for avila_alloc::StackHashMap<u32, u32, N, S>
{
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::default()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn insert(&mut self, key: u32, value: u32) {
        self.insert(key, value).unwrap();
    }
    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        self.get(&key).copied()
    }
    #[inline]
    fn remove(&mut self, key: u32) -> Option<u32> {
        self.remove(&key)
    }
    #[inline]
    fn sum_values(&self) -> u64 {
        self.values().map(|&v| u64::from(v)).sum()
    }
}

impl<const N: usize> BenchMap for heapless::index_map::FnvIndexMap<u32, u32, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn insert(&mut self, key: u32, value: u32) {
        self.insert(key, value).unwrap();
    }
    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        self.get(&key).copied()
    }
    #[inline]
    fn remove(&mut self, key: u32) -> Option<u32> {
        self.remove(&key)
    }
    #[inline]
    fn sum_values(&self) -> u64 {
        self.values().map(|&v| u64::from(v)).sum()
    }
}

impl<const N: usize, S: BuildHasher + Default> BenchMap for HashbrownMap<N, S> {
    const PEER: &'static str = HASHBROWN;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(hashbrown::HashMap::with_capacity_and_hasher(
            N,
            S::default(),
        ))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn insert(&mut self, key: u32, value: u32) {
        self.0.insert(key, value);
    }
    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        self.0.get(&key).copied()
    }
    #[inline]
    fn remove(&mut self, key: u32) -> Option<u32> {
        self.0.remove(&key)
    }
    #[inline]
    fn sum_values(&self) -> u64 {
        self.0.values().map(|&v| u64::from(v)).sum()
    }
}

impl<const N: usize> BenchMap for StdMap<N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(std::collections::HashMap::with_capacity(N))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn insert(&mut self, key: u32, value: u32) {
        self.0.insert(key, value);
    }
    #[inline]
    fn get(&self, key: u32) -> Option<u32> {
        self.0.get(&key).copied()
    }
    #[inline]
    fn remove(&mut self, key: u32) -> Option<u32> {
        self.0.remove(&key)
    }
    #[inline]
    fn sum_values(&self) -> u64 {
        self.0.values().map(|&v| u64::from(v)).sum()
    }
}
