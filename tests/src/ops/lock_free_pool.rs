//! [`LockFreePoolOp`] and [`run_lock_free_pool_ops`]: a `LockFreePool<Tracked, 5>` on one thread
//! against a model of its contents and of the slot each `alloc` must return: the thread's cached
//! slot first (under `std`, when the thread has a cache: the first slot freed into an empty
//! cache), then the last freed slot (the free list is a stack), then never-used ones in order. The multi-threaded behaviour
//! is loom's (`tests/tests/loom_pool.rs`) and the unit tests'; this runner checks the
//! bookkeeping under every sequence.

use alloc::vec::Vec;

use avila_alloc::pool::{LockFreeBox, LockFreePool};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the pool under test: small, so runs fill it often.
pub const LOCK_FREE_POOL_CAPACITY: usize = 5;

type Pool = LockFreePool<Tracked, LOCK_FREE_POOL_CAPACITY>;

/// One operation on a `LockFreePool<Tracked, 5>`, mirrored on the model. Indices are raw
/// (`% live boxes`).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum LockFreePoolOp {
    /// `alloc(Tracked::new(value))`; refused (the value checked on the way back) when full.
    Alloc {
        /// The value.
        value: u16,
    },
    /// Drop a box. Applies when `index % 3 == 0` only (box `index / 3`), so that runs fill the
    /// pool.
    Drop {
        /// Raw box index.
        index: u8,
    },
    /// `into_inner` of a box, checking the value. Applies when `index % 3 == 0` only.
    IntoInner {
        /// Raw box index.
        index: u8,
    },
    /// Add to a box's value through `DerefMut`.
    Bump {
        /// Raw box index.
        index: u8,
        /// Added (wrapping).
        add: u16,
    },
}

/// Whether the calling thread has a one-slot cache in `LockFreePool`s (under `std`, the first
/// threads alive at once do), found by its effect: with a cache, the first of two freed slots
/// is reused first (it went to the cache, the second to the list); without, the last.
#[must_use]
pub fn thread_has_a_cache() -> bool {
    let probe: LockFreePool<u8, 2> = LockFreePool::new();
    let (a, b) = (probe.alloc(0).unwrap(), probe.alloc(1).unwrap());
    let first = (&raw const *a).addr();
    drop((a, b));
    let again = probe.alloc(2).unwrap();
    (&raw const *again).addr() == first
}

/// A live box with its slot number in the model and the value it must hold.
struct Live<'a> {
    boxed: LockFreeBox<'a, Tracked, LOCK_FREE_POOL_CAPACITY>,
    slot: usize,
    value: u16,
}

/// Runs `ops` on a fresh pool, checking after each one every live value, that no two boxes
/// share a slot, the predicted reuse order, refusals and drops (no `Tracked` leaked or dropped
/// twice).
///
/// # Panics
///
/// On any disagreement with the model.
pub fn run_lock_free_pool_ops(ops: &[LockFreePoolOp]) -> RunStats {
    let baseline = Tracked::live();
    let pool = Pool::new();
    let mut stats = RunStats::default();
    {
        let mut live: Vec<Live<'_>> = Vec::new();
        // The model: each slot's address once seen, the thread's cache (if it has one), the free
        // stack, the high-water mark.
        let has_cache = thread_has_a_cache();
        let mut addresses: Vec<usize> = Vec::new();
        let mut cached: Option<usize> = None;
        let mut free: Vec<usize> = Vec::new();
        let give_back = |slot: usize, cached: &mut Option<usize>, free: &mut Vec<usize>| {
            if has_cache && cached.is_none() {
                *cached = Some(slot);
            } else {
                free.push(slot);
            }
        };
        for op in ops {
            stats.ops += 1;
            if live.len() == LOCK_FREE_POOL_CAPACITY {
                stats.ops_when_full += 1;
            }
            match *op {
                LockFreePoolOp::Alloc { value } => match pool.alloc(Tracked::new(value)) {
                    Ok(boxed) => {
                        let address = (&raw const *boxed).addr();
                        let slot = match cached.take().or_else(|| free.pop()) {
                            Some(slot) => {
                                assert_eq!(
                                    address, addresses[slot],
                                    "the cached slot, then the last freed, first"
                                );
                                slot
                            }
                            None => {
                                assert!(addresses.len() < LOCK_FREE_POOL_CAPACITY, "over capacity");
                                assert!(!addresses.contains(&address), "a fresh slot");
                                addresses.push(address);
                                addresses.len() - 1
                            }
                        };
                        live.push(Live { boxed, slot, value });
                    }
                    Err(error) => {
                        assert_eq!(
                            live.len(),
                            LOCK_FREE_POOL_CAPACITY,
                            "refused while not full"
                        );
                        assert_eq!(error.capacity(), LOCK_FREE_POOL_CAPACITY);
                        assert_eq!(error.element().value, value);
                        stats.rejected += 1;
                    }
                },
                LockFreePoolOp::Drop { index } => {
                    if !live.is_empty() && index % 3 == 0 {
                        let gone = live.swap_remove(usize::from(index / 3) % live.len());
                        give_back(gone.slot, &mut cached, &mut free);
                    }
                }
                LockFreePoolOp::IntoInner { index } => {
                    if !live.is_empty() && index % 3 == 0 {
                        let gone = live.swap_remove(usize::from(index / 3) % live.len());
                        give_back(gone.slot, &mut cached, &mut free);
                        assert_eq!(gone.boxed.into_inner().value, gone.value);
                    }
                }
                LockFreePoolOp::Bump { index, add } => {
                    if !live.is_empty() {
                        let i = usize::from(index) % live.len();
                        let entry = &mut live[i];
                        entry.boxed.value = entry.boxed.value.wrapping_add(add);
                        entry.value = entry.value.wrapping_add(add);
                    }
                }
            }
            let mut slots: Vec<usize> = live.iter().map(|l| l.slot).collect();
            slots.sort_unstable();
            slots.dedup();
            assert_eq!(slots.len(), live.len(), "two boxes in one slot");
            for entry in &live {
                assert_eq!(entry.boxed.value, entry.value);
                assert_eq!((&raw const *entry.boxed).addr(), addresses[entry.slot]);
            }
            assert_eq!(pool.high_water_mark(), addresses.len());
            assert_eq!(
                Tracked::live() - baseline,
                isize::try_from(live.len()).unwrap()
            );
            stats.max_len = stats.max_len.max(live.len());
        }
    }
    assert_eq!(Tracked::live(), baseline, "every value dropped once");
    stats
}
