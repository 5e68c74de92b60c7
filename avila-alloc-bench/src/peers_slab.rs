//! The slabs under comparison, behind [`BenchSlab`].
//!
//! | peer | type | storage |
//! |---|---|---|
//! | [`AVILA`] | [`BoxedSlab`]: `avila_alloc::SlabAllocator<u64, CAPACITY>` in a `Box` | inline |
//! | [`SLAB`] | `slab::Slab<u64>`, made with `Slab::with_capacity(CAPACITY)` | a vector |
//!
//! Both have room for every workload, so `slab` never grows during a run: the rows compare the
//! key paths. Every peer calls the form a user writes: `insert` (avila's returns a `Result`,
//! unwrapped), `remove`, `get`, `iter`.

use avila_alloc::SlabAllocator;

pub use crate::peers::AVILA;

/// The name under which the `slab` crate appears in reports.
pub const SLAB: &str = "slab";

/// Slots of every slab of the suite.
pub const CAPACITY: usize = 1024;

/// A key-based slab of `u64` with room for [`CAPACITY`] values.
pub trait BenchSlab {
    /// The peer's name in reports.
    const PEER: &'static str;

    /// An empty slab with room for [`CAPACITY`].
    fn new() -> Self;
    /// Stores `value`, returns its key.
    fn insert(&mut self, value: u64) -> usize;
    /// Removes the value at `key` (which holds one).
    fn remove(&mut self, key: usize) -> u64;
    /// The value at `key`, if any.
    fn get(&self, key: usize) -> Option<&u64>;
    /// The sum of the values, by iteration.
    fn sum(&self) -> u64;
}

/// A `SlabAllocator<u64, CAPACITY>` in a `Box` (16 KiB is a lot to move around the stack).
pub type BoxedSlab = Box<SlabAllocator<u64, CAPACITY>>;

impl BenchSlab for BoxedSlab {
    const PEER: &'static str = AVILA;

    fn new() -> Self {
        Box::new(SlabAllocator::new())
    }

    #[inline(always)]
    fn insert(&mut self, value: u64) -> usize {
        SlabAllocator::insert(self, value).unwrap()
    }

    #[inline(always)]
    fn remove(&mut self, key: usize) -> u64 {
        SlabAllocator::remove(self, key)
    }

    #[inline(always)]
    fn get(&self, key: usize) -> Option<&u64> {
        SlabAllocator::get(self, key)
    }

    #[inline(always)]
    fn sum(&self) -> u64 {
        self.iter().fold(0, |acc, (_, v)| acc.wrapping_add(*v))
    }
}

impl BenchSlab for slab::Slab<u64> {
    const PEER: &'static str = SLAB;

    fn new() -> Self {
        slab::Slab::with_capacity(CAPACITY)
    }

    #[inline(always)]
    fn insert(&mut self, value: u64) -> usize {
        slab::Slab::insert(self, value)
    }

    #[inline(always)]
    fn remove(&mut self, key: usize) -> u64 {
        slab::Slab::remove(self, key)
    }

    #[inline(always)]
    fn get(&self, key: usize) -> Option<&u64> {
        slab::Slab::get(self, key)
    }

    #[inline(always)]
    fn sum(&self) -> u64 {
        self.iter().fold(0, |acc, (_, v)| acc.wrapping_add(*v))
    }
}
