//! The `os_heap/...` workloads: small-object allocation patterns of a std program, run through
//! any `GlobalAlloc` value, so [`OsHeap`](crate::peers_os_heap::OsHeap), the system allocator
//! and `mimalloc` run the same code.
//!
//! Every block is touched: its first and last byte are written when it is allocated and read
//! back (and checked) when it is freed, so lazily mapped pages are paid for and a block handed
//! out twice is caught. Each workload returns the sum of the bytes it read back, which depends
//! on the inputs only (never on addresses), so every allocator must return the same value
//! ([`expected`] computes it without allocating).
//!
//! The pseudo-random sizes and orders come from a fixed [`Inputs`] (drawn with the heap rows'
//! seeded [`Rng`]), made once outside the timed region.

use core::alloc::{GlobalAlloc, Layout};
use core::hint::black_box;
use std::sync::LazyLock;

use crossbeam_queue::ArrayQueue;

use crate::workloads_heap::Rng;

/// Operations (pairs, churn steps, queued blocks) per thread per run.
pub const OPS: usize = 20_000;

/// The sizes [`pair`] cycles through.
pub const PAIR_SIZES: [usize; 4] = [16, 32, 64, 128];

/// Live blocks kept by [`churn`].
pub const LIVE: usize = 1_000;

/// Blocks allocated, then freed, per round of [`batch`].
pub const BATCH: usize = 1_000;

/// Rounds of [`batch`] per thread per run.
pub const BATCH_ROUNDS: usize = 10;

/// The size of the first block of a [`realloc_growth`] sequence.
pub const GROWTH_START: usize = 8;

/// The size a [`realloc_growth`] sequence doubles up to (64 KiB).
pub const GROWTH_END: usize = 64 << 10;

/// [`realloc_growth`] sequences per thread per run.
pub const GROWTHS: usize = 100;

/// Blocks in flight at most between [`producer_consumer`]'s threads.
pub const QUEUE: usize = 256;

/// Blocks passed through [`producer_consumer`]'s queue at a time (one [`Chunk`]), so the row
/// measures the allocators' cross-thread frees more than the queue's own traffic.
pub const CHUNK: usize = 32;

const _: () = assert!(OPS.is_multiple_of(CHUNK) && QUEUE.is_multiple_of(CHUNK));

/// [`CHUNK`] blocks, the unit passed between [`producer_consumer`]'s threads.
pub type Chunk = [Block; CHUNK];

/// The smallest and the largest size of the pseudo-random blocks.
pub const SIZES: (usize, usize) = (16, 256);

/// The pseudo-random inputs of the workloads: sizes, churn victims, free order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inputs {
    /// The sizes of [`churn`]'s first [`LIVE`] blocks.
    pub churn_initial: Vec<usize>,
    /// [`churn`]'s steps: the live block to free (an index below [`LIVE`]) and the size of the
    /// block that replaces it.
    pub churn_steps: Vec<(usize, usize)>,
    /// The sizes of [`batch`]'s blocks.
    pub batch_sizes: Vec<usize>,
    /// The order in which [`batch`] frees its blocks: a permutation of `0..BATCH`.
    pub batch_order: Vec<usize>,
    /// The sizes of [`producer_consumer`]'s blocks, one per block.
    pub stream_sizes: Vec<usize>,
}

/// A block size in [`SIZES`].
fn size(rng: &mut Rng) -> usize {
    SIZES.0 + rng.below(SIZES.1 - SIZES.0 + 1)
}

impl Inputs {
    /// The inputs, always the same.
    #[must_use]
    pub fn new() -> Self {
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        let churn_initial = (0..LIVE).map(|_| size(&mut rng)).collect();
        let churn_steps = (0..OPS)
            .map(|_| (rng.below(LIVE), size(&mut rng)))
            .collect();
        let batch_sizes = (0..BATCH).map(|_| size(&mut rng)).collect();
        let mut batch_order: Vec<usize> = (0..BATCH).collect();
        // Fisher-Yates.
        for i in (1..BATCH).rev() {
            batch_order.swap(i, rng.below(i + 1));
        }
        let stream_sizes = (0..OPS).map(|_| size(&mut rng)).collect();
        Self {
            churn_initial,
            churn_steps,
            batch_sizes,
            batch_order,
            stream_sizes,
        }
    }

    /// The inputs, made once per process.
    #[must_use]
    pub fn shared() -> &'static Self {
        static INPUTS: LazyLock<Inputs> = LazyLock::new(Inputs::new);
        &INPUTS
    }
}

impl Default for Inputs {
    fn default() -> Self {
        Self::new()
    }
}

/// A live block of the workloads: its address, size and the byte written at both ends.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    ptr: *mut u8,
    size: usize,
    tag: u8,
}

// SAFETY: a block is owned by one thread at a time (it is moved through the queue); the memory
// comes from a `GlobalAlloc`, which may be freed from any thread.
unsafe impl Send for Block {}

impl Block {
    const EMPTY: Self = Self {
        ptr: core::ptr::null_mut(),
        size: 0,
        tag: 0,
    };

    /// Allocates `size` bytes (aligned to 8) from `alloc` and writes `tag` into the first and
    /// the last one; panics if the allocator fails.
    #[inline(always)]
    fn take<G: GlobalAlloc>(alloc: &G, size: usize, tag: u8) -> Self {
        // SAFETY: `size` is non-zero; the block is written inside its bounds only.
        let ptr = unsafe { black_box(alloc.alloc(layout(size))) };
        assert!(!ptr.is_null(), "allocation of {size} bytes failed");
        // SAFETY: `ptr` is valid for `size` bytes.
        unsafe {
            ptr.write(tag);
            ptr.add(size - 1).write(tag);
        }
        Self { ptr, size, tag }
    }

    /// Checks the block's two tagged bytes, frees it and returns their sum.
    ///
    /// # Safety
    ///
    /// - `self` was made by [`Block::take`] (or resized by [`realloc_growth`]) from `alloc`;
    /// - it was not freed yet.
    #[inline(always)]
    unsafe fn give<G: GlobalAlloc>(self, alloc: &G) -> u64 {
        // SAFETY: a live block of `size` bytes from `alloc` (caller).
        let (first, last) = unsafe { (self.ptr.read(), self.ptr.add(self.size - 1).read()) };
        assert!(
            first == self.tag && last == self.tag,
            "a {}-byte block was overwritten",
            self.size
        );
        // SAFETY: allocated by `alloc` with this layout (caller).
        unsafe { alloc.dealloc(self.ptr, layout(self.size)) };
        u64::from(first) + u64::from(last)
    }
}

#[inline(always)]
fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).expect("the workloads' sizes are small")
}

/// [`OPS`] times: allocate a block (sizes cycling through [`PAIR_SIZES`]), free it.
#[inline(always)]
pub fn pair<G: GlobalAlloc>(alloc: &G) -> u64 {
    let mut sum = 0;
    for i in 0..OPS {
        let block = Block::take(alloc, PAIR_SIZES[i % PAIR_SIZES.len()], i as u8);
        // SAFETY: just allocated from `alloc`.
        sum += unsafe { block.give(alloc) };
    }
    black_box(sum)
}

/// A live set of [`LIVE`] blocks of 16 to 256 bytes; [`OPS`] times one pseudo-random live block
/// is freed and replaced by a new one of a pseudo-random size; then all are freed.
#[inline(always)]
pub fn churn<G: GlobalAlloc>(alloc: &G, inputs: &Inputs) -> u64 {
    let mut live = [Block::EMPTY; LIVE];
    for (i, (slot, &size)) in live.iter_mut().zip(&inputs.churn_initial).enumerate() {
        *slot = Block::take(alloc, size, i as u8);
    }
    let mut sum = 0;
    for (i, &(victim, size)) in inputs.churn_steps.iter().enumerate() {
        let slot = &mut live[victim];
        // SAFETY: every slot holds a live block of `alloc`, replaced at once.
        sum += unsafe { slot.give(alloc) };
        *slot = Block::take(alloc, size, i as u8);
    }
    for block in live {
        // SAFETY: every slot holds a live block of `alloc`.
        sum += unsafe { block.give(alloc) };
    }
    black_box(sum)
}

/// [`BATCH_ROUNDS`] times: allocate [`BATCH`] blocks of 16 to 256 bytes, then free them in a
/// pseudo-random order.
#[inline(always)]
pub fn batch<G: GlobalAlloc>(alloc: &G, inputs: &Inputs) -> u64 {
    let mut blocks = [Block::EMPTY; BATCH];
    let mut sum = 0;
    for round in 0..BATCH_ROUNDS {
        for (i, (slot, &size)) in blocks.iter_mut().zip(&inputs.batch_sizes).enumerate() {
            *slot = Block::take(alloc, size, (round + i) as u8);
        }
        for &i in &inputs.batch_order {
            // SAFETY: `batch_order` is a permutation: each block is freed once.
            sum += unsafe { blocks[i].give(alloc) };
        }
    }
    black_box(sum)
}

/// [`GROWTHS`] times: a block of [`GROWTH_START`] bytes grown by `realloc` to twice its size
/// until it has [`GROWTH_END`] bytes (a `Vec` pushed to 64 KiB), then freed. After each growth
/// the bytes written so far are checked (the allocator moved them) and the new last byte is
/// written.
#[inline(always)]
pub fn realloc_growth<G: GlobalAlloc>(alloc: &G) -> u64 {
    let mut sum = 0;
    for g in 0..GROWTHS {
        let mut block = Block::take(alloc, GROWTH_START, g as u8);
        while block.size < GROWTH_END {
            let new_size = 2 * block.size;
            // SAFETY: a live block of `alloc` with this layout; the new size is non-zero and
            // does not overflow `isize` once rounded to the alignment.
            let ptr = unsafe { black_box(alloc.realloc(block.ptr, layout(block.size), new_size)) };
            assert!(!ptr.is_null(), "growth to {new_size} bytes failed");
            // SAFETY: `ptr` is valid for `new_size` bytes, the first `block.size` of which are
            // the old contents.
            unsafe {
                assert!(ptr.read() == block.tag && ptr.add(block.size - 1).read() == block.tag);
                ptr.add(new_size - 1).write(block.tag);
            }
            block.ptr = ptr;
            block.size = new_size;
        }
        // SAFETY: the grown block is live, of `block.size` bytes from `alloc`.
        sum += unsafe { block.give(alloc) };
    }
    black_box(sum)
}

/// [`OPS`] blocks of 16 to 256 bytes through a queue of [`QUEUE`] blocks on one thread:
/// allocated until the queue is full, then all taken out and freed (in the order they were
/// allocated). The same-thread twin of [`producer_consumer`].
#[inline(always)]
pub fn producer_consumer_one_thread<G: GlobalAlloc>(
    alloc: &G,
    queue: &ArrayQueue<Chunk>,
    inputs: &Inputs,
) -> u64 {
    let mut sum = 0;
    for (c, sizes) in inputs.stream_sizes.chunks_exact(CHUNK).enumerate() {
        if queue.is_full() {
            sum += drain(alloc, queue);
        }
        let pushed = queue.push(make_chunk(alloc, c, sizes));
        assert!(pushed.is_ok(), "room was made");
    }
    black_box(sum + drain(alloc, queue))
}

/// The `c`th chunk of the stream: a block of each of `sizes`.
#[inline(always)]
fn make_chunk<G: GlobalAlloc>(alloc: &G, c: usize, sizes: &[usize]) -> Chunk {
    let mut chunk = [Block::EMPTY; CHUNK];
    for (j, (slot, &size)) in chunk.iter_mut().zip(sizes).enumerate() {
        *slot = Block::take(alloc, size, (c * CHUNK + j) as u8);
    }
    chunk
}

/// Frees every block of `chunk`; returns the sum of their checked bytes.
///
/// # Safety
///
/// The blocks are live blocks of `alloc`, freed nowhere else.
#[inline(always)]
unsafe fn free_chunk<G: GlobalAlloc>(alloc: &G, chunk: Chunk) -> u64 {
    // SAFETY: live blocks of `alloc` (caller), each freed once.
    chunk
        .into_iter()
        .map(|block| unsafe { block.give(alloc) })
        .sum()
}

/// Frees every block in `queue`; returns the sum of their checked bytes.
#[inline(always)]
fn drain<G: GlobalAlloc>(alloc: &G, queue: &ArrayQueue<Chunk>) -> u64 {
    let mut sum = 0;
    while let Some(chunk) = queue.pop() {
        // SAFETY: chunks in the queue hold live blocks of `alloc`, each chunk popped once.
        sum += unsafe { free_chunk(alloc, chunk) };
    }
    sum
}

/// One thread allocates [`OPS`] blocks of 16 to 256 bytes and passes them, [`CHUNK`] at a
/// time, through a bounded lock-free queue of [`QUEUE`] blocks to another thread, which frees
/// them: every free is a cross-thread free.
///
/// `queue` is empty before and after.
#[inline(always)]
pub fn producer_consumer<G: GlobalAlloc + Sync>(
    alloc: &G,
    queue: &ArrayQueue<Chunk>,
    inputs: &Inputs,
) -> u64 {
    std::thread::scope(|s| {
        let consumer = s.spawn(|| {
            let mut sum = 0;
            let mut left = inputs.stream_sizes.len() / CHUNK;
            let mut idle = 0_u32;
            while left > 0 {
                if let Some(chunk) = queue.pop() {
                    // SAFETY: the producer's live blocks of `alloc`, each chunk popped once.
                    sum += unsafe { free_chunk(alloc, chunk) };
                    left -= 1;
                    idle = 0;
                } else {
                    back_off(&mut idle);
                }
            }
            sum
        });
        for (c, sizes) in inputs.stream_sizes.chunks_exact(CHUNK).enumerate() {
            let mut chunk = make_chunk(alloc, c, sizes);
            let mut idle = 0_u32;
            while let Err(back) = queue.push(chunk) {
                chunk = back;
                back_off(&mut idle);
            }
        }
        black_box(consumer.join().expect("the consumer does not panic"))
    })
}

/// Waits a little for the other thread: spins first, then yields the core (the machine may
/// have fewer free cores than threads).
fn back_off(idle: &mut u32) {
    *idle += 1;
    if *idle < 64 {
        core::hint::spin_loop();
    } else {
        std::thread::yield_now();
    }
}

/// A queue for [`producer_consumer`] and [`producer_consumer_one_thread`].
#[must_use]
pub fn queue() -> ArrayQueue<Chunk> {
    ArrayQueue::new(QUEUE / CHUNK)
}

/// `work` on two threads at once (this one and a scoped one); the sum of their results.
///
/// The spawn and join (tens of microseconds) are part of the run, and so is what the allocator
/// does for a thread that starts and exits (`OsHeap` and `mimalloc` set up a thread-local heap
/// and retire it), as in a program that starts threads; the runs (a hundred microseconds and
/// more) keep this a small part.
#[inline(always)]
pub fn two_threads<F: Fn() -> u64 + Sync>(work: F) -> u64 {
    std::thread::scope(|s| {
        let other = s.spawn(&work);
        let here = work();
        black_box(here + other.join().expect("the workload does not panic"))
    })
}

/// The value each workload returns on one thread, computed from the inputs without
/// allocating: `[pair, churn, batch, realloc_growth, producer_consumer]`.
#[must_use]
pub fn expected(inputs: &Inputs) -> [u64; 5] {
    let twice = |tag: usize| 2 * u64::from(tag as u8);
    let pair = (0..OPS).map(twice).sum();
    let churn = (0..LIVE).chain(0..OPS).map(twice).sum();
    let batch = (0..BATCH_ROUNDS)
        .flat_map(|round| (0..BATCH).map(move |i| twice(round + i)))
        .sum();
    let growth = (0..GROWTHS).map(twice).sum();
    let stream = (0..inputs.stream_sizes.len()).map(twice).sum();
    [pair, churn, batch, growth, stream]
}
