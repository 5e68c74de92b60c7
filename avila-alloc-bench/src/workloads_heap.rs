//! The heap workloads: talc's "random actions" method, heap efficiency, and per-operation
//! latency loops, generic over any `GlobalAlloc` (in the suite: a [`HeapPeer`] behind the spin
//! lock, see [`peers_heap`](crate::peers_heap)).
//!
//! Every random choice comes from [`Rng`], seeded by the caller, so every allocator sees the
//! same sequence of requests (as long as none of them fails).
//!
//! The method follows the published description of talc's benchmarks (our own code):
//!
//! - request sizes: `cap = U[16, max)`, `size = U[4, cap)` ([`random_layout`]);
//! - alignment `8 << (trailing_zeros(random u16) / 2)`: 8 half the time, up to 2048;
//! - random actions ([`random_actions`]): a floor of [`FLOOR`] live blocks; each action is a
//!   realloc of a random live block with probability 1/7 (when enabled), else an allocation or
//!   the free of a random live block with equal odds (a free only above the floor);
//! - heap efficiency, two ways, both ending at the first failure with live (requested) bytes
//!   / heap size: [`efficiency_round`] only allocates (the per-block overhead alone), and
//!   [`efficiency_mixed_round`] runs talc's own heap-efficiency program (allocations, frees
//!   and reallocs to sizes ten times larger, so fragmentation counts as well).
//!
//! Blocks are not written to: the workloads measure the allocators' own work.
//!
//! [`HeapPeer`]: crate::peers_heap::HeapPeer

use core::alloc::{GlobalAlloc, Layout};
use core::hint::black_box;
use core::time::Duration;
use std::time::Instant;

/// Live blocks below which the random actions never free.
pub const FLOOR: usize = 300;

/// Actions between two reads of the clock in [`random_actions`].
pub const CHECK_EVERY: u64 = 64;

/// A small, fast, seeded generator (SplitMix64): the same seed, the same sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng(u64);

impl Rng {
    /// A generator starting from `seed`.
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`), by the multiply-shift reduction (a bias of at most
    /// `n / 2^64`, irrelevant here).
    #[inline]
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `low..high` (`low < high`).
    #[inline]
    pub fn range(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low)
    }
}

/// A request by talc's law: `cap = U[16, max)`, `size = U[4, cap)`, alignment
/// `8 << (trailing_zeros(random u16) / 2)` (8 to 2048). `max > 16`.
#[inline]
pub fn random_layout(rng: &mut Rng, max: usize) -> Layout {
    let size = random_size(rng, max);
    let align = 8usize << ((rng.next_u64() as u16).trailing_zeros() / 2);
    // The size is below `max` (far below `isize::MAX`), the alignment a power of two.
    Layout::from_size_align(size, align).expect("a valid layout")
}

/// A size by talc's law: `cap = U[16, max)`, `size = U[4, cap)`.
#[inline]
pub fn random_size(rng: &mut Rng, max: usize) -> usize {
    let cap = rng.range(16, max);
    rng.range(4, cap)
}

/// A live block of a workload.
#[derive(Clone, Copy, Debug)]
struct Block {
    ptr: *mut u8,
    layout: Layout,
}

/// The outcome of one [`random_actions`] trial.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trial {
    /// Actions done (allocations, frees and reallocs; a failed request counts too).
    pub actions: u64,
    /// The time they took.
    pub elapsed: Duration,
    /// Requests that failed (the heap was full): none is expected with a 128 MiB arena.
    pub failures: u64,
}

impl Trial {
    /// Actions per second.
    #[must_use]
    pub fn per_second(&self) -> f64 {
        self.actions as f64 / self.elapsed.as_secs_f64()
    }
}

/// Fills `heap` to [`FLOOR`] live blocks (untimed), then does random actions until `duration`
/// has passed (the clock is read every [`CHECK_EVERY`] actions), then frees every block
/// (untimed). With `realloc`, one action in 7 (on average) is a realloc to a new random size
/// (same alignment). Every block freed or resized is one `heap` handed out, with the layout it
/// was given.
pub fn random_actions<G: GlobalAlloc>(
    heap: &G,
    rng: &mut Rng,
    max: usize,
    realloc: bool,
    duration: Duration,
) -> Trial {
    let mut blocks: Vec<Block> = Vec::with_capacity(1 << 16);
    let mut failures = 0;
    while blocks.len() < FLOOR {
        let layout = random_layout(rng, max);
        // SAFETY: the layout is not zero-sized (sizes start at 4).
        let ptr = unsafe { heap.alloc(layout) };
        assert!(!ptr.is_null(), "the heap cannot hold {FLOOR} blocks");
        blocks.push(Block { ptr, layout });
    }
    let mut actions = 0;
    let start = Instant::now();
    let elapsed = loop {
        for _ in 0..CHECK_EVERY {
            let r = rng.next_u64();
            if realloc && r.is_multiple_of(7) {
                let i = rng.below(blocks.len());
                let new_size = random_size(rng, max);
                if !realloc_block(heap, &mut blocks[i], new_size) {
                    failures += 1;
                }
            } else if blocks.len() <= FLOOR || (r >> 32) & 1 == 0 {
                let layout = random_layout(rng, max);
                // SAFETY: not zero-sized.
                let ptr = unsafe { heap.alloc(layout) };
                if ptr.is_null() {
                    failures += 1;
                } else {
                    blocks.push(Block { ptr, layout });
                }
            } else {
                let block = blocks.swap_remove(rng.below(blocks.len()));
                // SAFETY: a live block of `heap`, freed once (it left the list).
                unsafe { heap.dealloc(block.ptr, block.layout) };
            }
            actions += 1;
        }
        let elapsed = start.elapsed();
        if elapsed >= duration {
            break elapsed;
        }
    };
    free_all(heap, &mut blocks);
    Trial {
        actions,
        elapsed,
        failures,
    }
}

/// Reallocs `block`, a live block of `heap`, to `new_size` bytes (same alignment) and records
/// where it went; `false`, with the block unchanged, if the heap refused.
///
/// `new_size` is not zero and far below `isize::MAX` (the workloads' sizes stay under a few
/// hundred KiB).
fn realloc_block<G: GlobalAlloc>(heap: &G, block: &mut Block, new_size: usize) -> bool {
    debug_assert!(new_size != 0 && new_size < 1 << 30);
    // SAFETY: a live block of `heap` with its layout; a non-zero new size that cannot overflow
    // `isize` once rounded to the alignment (at most 2048).
    let ptr = unsafe { heap.realloc(block.ptr, block.layout, new_size) };
    if ptr.is_null() {
        return false;
    }
    block.ptr = ptr;
    block.layout = Layout::from_size_align(new_size, block.layout.align()).expect("a valid layout");
    true
}

/// Frees every block of `blocks` (emptying it).
fn free_all<G: GlobalAlloc>(heap: &G, blocks: &mut Vec<Block>) {
    for block in blocks.drain(..) {
        // SAFETY: a live block of `heap`, freed once.
        unsafe { heap.dealloc(block.ptr, block.layout) };
    }
}

/// Allocates random blocks (requests up to `max`) from a fresh `heap` of `heap_size` bytes
/// until the first failure; returns the bytes requested by the live blocks divided by
/// `heap_size`. The blocks are left allocated: the caller drops the heap.
pub fn efficiency_round<G: GlobalAlloc>(
    heap: &G,
    heap_size: usize,
    rng: &mut Rng,
    max: usize,
) -> f64 {
    let mut live = 0usize;
    loop {
        let layout = random_layout(rng, max);
        // SAFETY: not zero-sized.
        let ptr = unsafe { heap.alloc(layout) };
        if ptr.is_null() {
            break;
        }
        live += layout.size();
    }
    live as f64 / heap_size as f64
}

/// How much larger than `max` a realloc may make a block in [`efficiency_mixed_round`]
/// (talc's `HE_MAX_REALLOC_SIZE_MULTI`).
pub const MIXED_REALLOC_FACTOR: usize = 10;

/// talc's heap-efficiency program on a fresh `heap` of `heap_size` bytes: each step allocates
/// a random block (requests up to `max`) with probability 5/10, frees a random live block with
/// probability 1/10, or reallocs a random live block to `U[1, max * MIXED_REALLOC_FACTOR)`
/// bytes with probability 4/10 (same alignment), until an allocation or a realloc fails;
/// returns the bytes requested by the live blocks divided by `heap_size`. The blocks are left
/// allocated: the caller drops the heap.
pub fn efficiency_mixed_round<G: GlobalAlloc>(
    heap: &G,
    heap_size: usize,
    rng: &mut Rng,
    max: usize,
) -> f64 {
    let mut blocks: Vec<Block> = Vec::with_capacity(1 << 16);
    loop {
        let action = rng.below(10);
        if action < 5 {
            let layout = random_layout(rng, max);
            // SAFETY: not zero-sized.
            let ptr = unsafe { heap.alloc(layout) };
            if ptr.is_null() {
                break;
            }
            blocks.push(Block { ptr, layout });
        } else if blocks.is_empty() {
            // talc's program skips a free or realloc of nothing.
        } else if action == 5 {
            let block = blocks.swap_remove(rng.below(blocks.len()));
            // SAFETY: a live block of `heap`, freed once (it left the list).
            unsafe { heap.dealloc(block.ptr, block.layout) };
        } else {
            let i = rng.below(blocks.len());
            let new_size = rng.range(1, max * MIXED_REALLOC_FACTOR);
            if !realloc_block(heap, &mut blocks[i], new_size) {
                break;
            }
        }
    }
    let live: usize = blocks.iter().map(|block| block.layout.size()).sum();
    live as f64 / heap_size as f64
}

/// The latency loops: each one times every allocator call on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LatencyLoop {
    /// Allocate one block, free it, again and again (an empty heap's fast path).
    Pair,
    /// [`CHURN_LIVE`] live blocks; each step frees a random one and allocates a new one.
    Churn,
    /// Allocate [`BATCH`] blocks, then free them all in random order; repeat.
    Batch,
}

/// Live blocks of [`LatencyLoop::Churn`].
pub const CHURN_LIVE: usize = 1000;
/// Blocks per batch of [`LatencyLoop::Batch`].
pub const BATCH: usize = 1000;
/// The request law's `max` in the latency loops.
pub const LATENCY_MAX: usize = 1000;

impl LatencyLoop {
    /// Every loop, in report order.
    pub const ALL: [Self; 3] = [Self::Pair, Self::Churn, Self::Batch];

    /// The name in row names.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Pair => "pair",
            Self::Churn => "churn",
            Self::Batch => "batch",
        }
    }
}

/// Runs `kind` on `heap` until `ops` allocator calls (allocations and frees) were timed, and
/// returns the nanoseconds each took, as measured by two reads of [`Instant`] around it (so
/// each figure includes the timer's own overhead, see [`timer_overhead_ns`]). Every block is
/// freed at the end.
pub fn latency<G: GlobalAlloc>(heap: &G, kind: LatencyLoop, rng: &mut Rng, ops: usize) -> Vec<u64> {
    let mut times = Vec::with_capacity(ops + BATCH);
    let mut blocks: Vec<Block> = Vec::with_capacity(CHURN_LIVE.max(BATCH));
    let timed_alloc = |times: &mut Vec<u64>, layout: Layout| {
        let start = Instant::now();
        // SAFETY: not zero-sized.
        let ptr = unsafe { heap.alloc(layout) };
        let ns = start.elapsed().as_nanos() as u64;
        assert!(!ptr.is_null(), "the latency loops never fill the heap");
        times.push(ns);
        Block { ptr, layout }
    };
    let timed_free = |times: &mut Vec<u64>, block: Block| {
        let start = Instant::now();
        // SAFETY: a live block of `heap`, freed once (the caller gave it up).
        unsafe { heap.dealloc(block.ptr, block.layout) };
        times.push(start.elapsed().as_nanos() as u64);
    };
    match kind {
        LatencyLoop::Pair => {
            while times.len() < ops {
                let block = timed_alloc(&mut times, random_layout(rng, LATENCY_MAX));
                timed_free(&mut times, black_box(block));
            }
        }
        LatencyLoop::Churn => {
            for _ in 0..CHURN_LIVE {
                let layout = random_layout(rng, LATENCY_MAX);
                // SAFETY: not zero-sized.
                let ptr = unsafe { heap.alloc(layout) };
                assert!(!ptr.is_null(), "the latency loops never fill the heap");
                blocks.push(Block { ptr, layout });
            }
            while times.len() < ops {
                let block = blocks.swap_remove(rng.below(blocks.len()));
                timed_free(&mut times, block);
                let block = timed_alloc(&mut times, random_layout(rng, LATENCY_MAX));
                blocks.push(block);
            }
        }
        LatencyLoop::Batch => {
            while times.len() < ops {
                for _ in 0..BATCH {
                    let block = timed_alloc(&mut times, random_layout(rng, LATENCY_MAX));
                    blocks.push(block);
                }
                while !blocks.is_empty() {
                    let block = blocks.swap_remove(rng.below(blocks.len()));
                    timed_free(&mut times, block);
                }
            }
        }
    }
    free_all(heap, &mut blocks);
    times
}

/// The median cost of two back-to-back reads of [`Instant`] on this machine, in nanoseconds:
/// what every latency figure includes on top of the allocator call.
#[must_use]
pub fn timer_overhead_ns() -> u64 {
    let mut times: Vec<u64> = (0..10_001)
        .map(|_| {
            let start = Instant::now();
            black_box(());
            start.elapsed().as_nanos() as u64
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

/// The value at quantile `q` (0.0 to 1.0) of `sorted` (ascending, not empty), nearest rank.
#[must_use]
pub fn quantile(sorted: &[u64], q: f64) -> u64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
