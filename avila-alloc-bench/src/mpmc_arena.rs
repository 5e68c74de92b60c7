//! The shared arena cases: avila's `MpmcArena` (lock-free bump through `&self`, rows
//! `mpmc_arena/...`) and `PerCoreArena` (one such arena per core, rows `per_core_arena/...`)
//! against `bumpalo::Bump` behind a `std::sync::Mutex` (bumpalo's arena is `!Sync`: a lock is how
//! threads share one), on one thread and on two threads allocating from one arena at once.
//!
//! Each run allocates and writes `u64`s, then resets the arena (through `&mut`, after the threads
//! are joined). The two-thread rows spawn two scoped threads per run, each doing
//! [`PER_THREAD`] allocations, so the spawn (tens of microseconds) is a small part of a run; it
//! is the same for both peers.

use core::hint::black_box;
use core::mem::MaybeUninit;
use std::sync::Mutex;

use avila_alloc::arena::{MpmcArena, PerCoreArena};

use crate::peers::AVILA;
use crate::suite::Visitor;

/// The name of bumpalo behind a mutex in reports.
pub const BUMPALO_MUTEX: &str = "bumpalo_mutex";

/// Allocations per run of the one-thread case.
pub const ALLOCS: usize = 1_000;

/// Allocations per thread per run of the two-thread case.
pub const PER_THREAD: usize = 20_000;

/// Bytes of each arena: every allocation of a two-thread run fits.
pub const BYTES: usize = 2 * PER_THREAD * 8;

/// An arena that threads share by reference.
pub trait SharedArena: Sync {
    /// Moves `value` into the arena and returns it read back (so the write is not optimized out).
    fn alloc_u64(&self, value: u64) -> u64;
    /// Frees everything.
    fn reset(&mut self);
}

impl SharedArena for MpmcArena<'static> {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> u64 {
        *black_box(self.alloc(value))
    }

    #[inline(always)]
    fn reset(&mut self) {
        MpmcArena::reset(self);
    }
}

impl SharedArena for PerCoreArena<'static> {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> u64 {
        *black_box(self.alloc(value))
    }

    #[inline(always)]
    fn reset(&mut self) {
        PerCoreArena::reset(self);
    }
}

impl SharedArena for Mutex<bumpalo::Bump> {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> u64 {
        let bump = self
            .lock()
            .expect("no thread panics while holding the lock");
        *black_box(bump.alloc(value))
    }

    #[inline(always)]
    fn reset(&mut self) {
        self.get_mut()
            .expect("no thread panics while holding the lock")
            .reset();
    }
}

/// A leaked buffer of [`BYTES`] as an `MpmcArena` (one per case, alive as long as the process).
#[must_use]
pub fn avila_arena() -> MpmcArena<'static> {
    let buf: &'static mut [MaybeUninit<u8>] =
        Box::leak(vec![MaybeUninit::uninit(); BYTES].into_boxed_slice());
    MpmcArena::new(buf)
}

/// A leaked buffer of twice [`BYTES`] as a `PerCoreArena` with two shards (this machine's two
/// cores), so that each thread's share of a two-thread run fits in its own shard.
#[must_use]
pub fn per_core_arena() -> PerCoreArena<'static> {
    let buf: &'static mut [MaybeUninit<u8>] =
        Box::leak(vec![MaybeUninit::uninit(); 2 * BYTES].into_boxed_slice());
    PerCoreArena::with_shards(buf, 2)
}

/// bumpalo with room for [`BYTES`] in its first chunk, behind a mutex.
#[must_use]
pub fn bumpalo_arena() -> Mutex<bumpalo::Bump> {
    Mutex::new(bumpalo::Bump::with_capacity(BYTES))
}

/// `n` allocations of a `u64` on this thread. Returns a checksum.
#[inline(always)]
pub fn allocs<A: SharedArena>(arena: &A, n: usize) -> u64 {
    let mut sum = 0_u64;
    for i in 0..n as u64 {
        sum = sum.wrapping_add(arena.alloc_u64(i));
    }
    sum
}

/// [`ALLOCS`] allocations, then a reset.
pub fn one_thread<A: SharedArena>(arena: &mut A) -> u64 {
    let sum = allocs(arena, ALLOCS);
    arena.reset();
    sum
}

/// [`PER_THREAD`] allocations on each of two threads sharing the arena, then a reset.
pub fn two_threads<A: SharedArena>(arena: &mut A) -> u64 {
    let shared = &*arena;
    let sum = std::thread::scope(|s| {
        let other = s.spawn(|| allocs(shared, PER_THREAD));
        allocs(shared, PER_THREAD).wrapping_add(other.join().unwrap())
    });
    arena.reset();
    sum
}

/// The case name of the one-thread rows of `family` (`mpmc_arena` or `per_core_arena`).
#[must_use]
pub fn one_thread_case(family: &str) -> String {
    format!("{family}/alloc_u64/{ALLOCS}")
}

/// The case name of the two-thread rows of `family`.
#[must_use]
pub fn two_threads_case(family: &str) -> String {
    format!("{family}/alloc_u64_2_threads/{}", 2 * PER_THREAD)
}

/// The shared arena cases: `mpmc_arena/...` and `per_core_arena/...`, each against bumpalo
/// behind a mutex.
pub fn mpmc_arena_cases(vis: &mut impl Visitor) {
    shared_cases(vis, "mpmc_arena", avila_arena);
    shared_cases(vis, "per_core_arena", per_core_arena);
}

fn shared_cases<A: SharedArena + 'static>(
    vis: &mut impl Visitor,
    family: &str,
    make: impl Fn() -> A,
) {
    let mut avila = make();
    vis.plain(&one_thread_case(family), AVILA, move || {
        black_box(one_thread(&mut avila));
    });
    let mut bump = bumpalo_arena();
    vis.plain(&one_thread_case(family), BUMPALO_MUTEX, move || {
        black_box(one_thread(&mut bump));
    });
    let mut avila = make();
    vis.plain(&two_threads_case(family), AVILA, move || {
        black_box(two_threads(&mut avila));
    });
    let mut bump = bumpalo_arena();
    vis.plain(&two_threads_case(family), BUMPALO_MUTEX, move || {
        black_box(two_threads(&mut bump));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_peers_compute_the_same_and_reset() {
        let (mut avila, mut bump) = (avila_arena(), bumpalo_arena());
        let expected = (0..ALLOCS as u64).sum::<u64>();
        assert_eq!(one_thread(&mut avila), expected);
        assert_eq!(one_thread(&mut bump), expected);
        assert_eq!(avila.used(), 0);
        let expected = 2 * (0..PER_THREAD as u64).sum::<u64>();
        assert_eq!(two_threads(&mut avila), expected);
        assert_eq!(two_threads(&mut bump), expected);
        assert_eq!(avila.used(), 0);
        // A two-thread run's allocations fill exactly the arena (the leaked buffer may start
        // unaligned: up to 15 bytes are skipped).
        allocs(&avila, 2 * PER_THREAD);
        assert!(avila.remaining() < 16);
        let mut per_core = per_core_arena();
        assert_eq!(one_thread(&mut per_core), (0..ALLOCS as u64).sum::<u64>());
        assert_eq!(two_threads(&mut per_core), expected);
        assert_eq!(per_core.used(), 0);
    }
}
