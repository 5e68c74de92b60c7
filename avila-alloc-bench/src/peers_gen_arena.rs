//! The generational arenas under comparison, behind [`BenchGenArena`].
//!
//! | peer | type | storage |
//! |---|---|---|
//! | [`AVILA`] | [`BoxedGenArena`]: `avila_alloc::GenArena<u64, CAPACITY>` in a `Box` | inline |
//! | [`SLOTMAP`] | `slotmap::SlotMap<DefaultKey, u64>`, made with `with_capacity(CAPACITY)` | a vector |
//! | [`THUNDERDOME`] | `thunderdome::Arena<u64>`, made with `with_capacity(CAPACITY)` | a vector |
//!
//! All have room for every workload, so the vector-backed peers never grow during a run: the
//! rows compare the key paths. Every peer calls the form a user writes: `insert` (avila's returns a
//! `Result`, unwrapped), `remove`, `get`, `iter`.

use avila_alloc::{GenArena, GenKey};
use slotmap::{DefaultKey, SlotMap};
use thunderdome::{Arena as ThunderArena, Index as ThunderIndex};

pub use crate::peers::AVILA;

/// The name under which the `slotmap` crate appears in reports.
pub const SLOTMAP: &str = "slotmap";

/// The name under which the `thunderdome` crate appears in reports.
pub const THUNDERDOME: &str = "thunderdome";

/// Slots of every arena of the suite.
pub const CAPACITY: usize = 1024;

/// A generational arena of `u64` with room for [`CAPACITY`] values.
pub trait BenchGenArena {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// The peer's key.
    type Key: Copy;

    /// An empty arena with room for [`CAPACITY`].
    fn new() -> Self;
    /// Stores `value`, returns its key.
    fn insert(&mut self, value: u64) -> Self::Key;
    /// Removes the value of `key`, if it is live.
    fn remove(&mut self, key: Self::Key) -> Option<u64>;
    /// The value of `key`, if it is live.
    fn get(&self, key: Self::Key) -> Option<&u64>;
    /// The sum of the values, by iteration.
    fn sum(&self) -> u64;
}

/// A `GenArena<u64, CAPACITY>` in a `Box` (16 KiB is a lot to move around the stack).
pub type BoxedGenArena = Box<GenArena<u64, CAPACITY>>;

impl BenchGenArena for BoxedGenArena {
    const PEER: &'static str = AVILA;
    type Key = GenKey;

    fn new() -> Self {
        Box::new(GenArena::new())
    }

    #[inline(always)]
    fn insert(&mut self, value: u64) -> GenKey {
        GenArena::insert(self, value).unwrap()
    }

    #[inline(always)]
    fn remove(&mut self, key: GenKey) -> Option<u64> {
        GenArena::remove(self, key)
    }

    #[inline(always)]
    fn get(&self, key: GenKey) -> Option<&u64> {
        GenArena::get(self, key)
    }

    #[inline(always)]
    fn sum(&self) -> u64 {
        self.iter().fold(0, |acc, (_, v)| acc.wrapping_add(*v))
    }
}

impl BenchGenArena for SlotMap<DefaultKey, u64> {
    const PEER: &'static str = SLOTMAP;
    type Key = DefaultKey;

    fn new() -> Self {
        SlotMap::with_capacity(CAPACITY)
    }

    #[inline(always)]
    fn insert(&mut self, value: u64) -> DefaultKey {
        SlotMap::insert(self, value)
    }

    #[inline(always)]
    fn remove(&mut self, key: DefaultKey) -> Option<u64> {
        SlotMap::remove(self, key)
    }

    #[inline(always)]
    fn get(&self, key: DefaultKey) -> Option<&u64> {
        SlotMap::get(self, key)
    }

    #[inline(always)]
    fn sum(&self) -> u64 {
        self.iter().fold(0, |acc, (_, v)| acc.wrapping_add(*v))
    }
}

impl BenchGenArena for ThunderArena<u64> {
    const PEER: &'static str = THUNDERDOME;
    type Key = ThunderIndex;

    fn new() -> Self {
        ThunderArena::with_capacity(CAPACITY)
    }

    #[inline(always)]
    fn insert(&mut self, value: u64) -> ThunderIndex {
        ThunderArena::insert(self, value)
    }

    #[inline(always)]
    fn remove(&mut self, key: ThunderIndex) -> Option<u64> {
        ThunderArena::remove(self, key)
    }

    #[inline(always)]
    fn get(&self, key: ThunderIndex) -> Option<&u64> {
        ThunderArena::get(self, key)
    }

    #[inline(always)]
    fn sum(&self) -> u64 {
        self.iter().fold(0, |acc, (_, v)| acc.wrapping_add(*v))
    }
}
