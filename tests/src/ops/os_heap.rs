//! [`OsHeapOp`] and [`run_os_heap_ops`]: random allocate/reallocate/free sequences on an
//! [`OsHeap`] value through `GlobalAlloc` (not installed as the global allocator), with a worker
//! thread that frees blocks the main thread allocated, allocates blocks the main thread frees,
//! and exits while its blocks are still live. Every block is checked for alignment, non-overlap
//! (a `BTreeMap` of the live ranges) and contents (each filled with its own byte).

use alloc::collections::BTreeMap;
use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

use avila_alloc::heap::{OsHeap, OsHeapStats};

use crate::ops::RunStats;
use crate::ops::heap::align_of;

/// The size unit of [`OsHeapOp::AllocLarge`]: 128 KiB.
pub const OS_HEAP_LARGE_UNIT: usize = 128 * 1024;

/// Units of [`OS_HEAP_LARGE_UNIT`] an [`OsHeapOp::AllocLarge`] asks for at most: 32 (4 MiB, a
/// whole segment); 8 under Miri, which fills every byte one at a time.
pub const OS_HEAP_LARGE_UNITS: usize = if cfg!(miri) { 8 } else { 32 };

/// The largest block a [`OsHeapOp::Realloc`] grows to: 8 MiB.
pub const OS_HEAP_MAX_BLOCK: usize = 8 * 1024 * 1024;

/// Blocks up to this size are checked byte by byte (64 KiB; 256 bytes under Miri, which
/// interprets every comparison); larger ones at their first and last 64 bytes and every 4093rd
/// byte (their fill is one `write_bytes`, so a wrong length or a stray write still shows).
const FULL_CHECK: usize = if cfg!(miri) { 256 } else { 64 * 1024 };

/// One operation of [`run_os_heap_ops`].
///
/// The fields are raw data: sizes are mapped to at least 1 byte (`GlobalAlloc` takes no zero
/// sizes), `align` is `1 << (align % 16)` up to 4096 and 16 above, an index picks a live block
/// modulo their number (nothing happens when there is none).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum OsHeapOp {
    /// `alloc` (or `alloc_zeroed`, whose block must read as zeros) of `1 + size` bytes.
    Alloc {
        /// Raw size: 1 B to 64 KiB.
        size: u16,
        /// Raw alignment selector.
        align: u8,
        /// Through `alloc_zeroed`.
        zeroed: bool,
    },
    /// `alloc` of `1 + size` bytes (1 to 256): the small sizes that dominate real programs.
    AllocSmall {
        /// Raw size.
        size: u8,
        /// Raw alignment selector.
        align: u8,
    },
    /// `alloc` of `1 + size % OS_HEAP_LARGE_UNITS` times [`OS_HEAP_LARGE_UNIT`] bytes, minus
    /// `size` bytes (so not a multiple of a page): the large-allocation path.
    AllocLarge {
        /// Raw size.
        size: u8,
    },
    /// `dealloc` a live block, after checking its contents.
    Free {
        /// Raw index.
        index: u8,
    },
    /// `realloc` a live block to `1 + size * old / 32768` bytes (from 1 byte to twice its size,
    /// at most [`OS_HEAP_MAX_BLOCK`]); the kept prefix must follow.
    Realloc {
        /// Raw index.
        index: u8,
        /// Raw scale of the new size.
        size: u16,
    },
    /// Hand a live block to the worker thread, which checks and frees it (a cross-thread free,
    /// concurrent with what the main thread does next).
    SendToWorker {
        /// Raw index.
        index: u8,
    },
    /// The worker allocates `1 + size` bytes, fills them and hands the block to the main thread,
    /// which frees it later (or sends it back).
    WorkerAlloc {
        /// Raw size: 1 B to 64 KiB.
        size: u16,
        /// Raw alignment selector.
        align: u8,
    },
    /// The worker thread exits (after the frees sent to it) while blocks it allocated are still
    /// live in the main thread; a new worker starts.
    ExitWorker,
}

/// A block of the run, owned by one thread at a time: its pointer, layout and fill byte.
#[derive(Clone, Copy, Debug)]
struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    tag: u8,
}

// SAFETY: a block is plain data about memory that exactly one thread uses at a time: the model
// removes it from its live set before handing it to the worker, and the worker gives up its
// blocks when it sends them.
unsafe impl Send for Block {}

impl Block {
    /// Fills the block with its tag.
    fn fill(self) {
        // SAFETY: the block holds `layout.size()` bytes, owned by the calling thread.
        unsafe { self.ptr.as_ptr().write_bytes(self.tag, self.layout.size()) };
    }

    /// Asserts that the first `len` bytes hold `byte` (all of them for a block up to
    /// [`FULL_CHECK`] bytes, samples of larger ones).
    fn verify(self, len: usize, byte: u8) {
        // SAFETY: the block holds at least `len` initialized bytes, owned by the calling thread.
        let bytes = unsafe { core::slice::from_raw_parts(self.ptr.as_ptr(), len) };
        let ok = if len <= FULL_CHECK {
            bytes.iter().all(|&b| b == byte)
        } else {
            let sampled = bytes.iter().step_by(4093);
            let ends = bytes[..64].iter().chain(&bytes[len - 64..]);
            debug_assert!(len >= 128, "only blocks above FULL_CHECK are sampled");
            sampled.chain(ends).all(|&b| b == byte)
        };
        assert!(
            ok,
            "contents of a live block changed: {self:?}, {len} bytes"
        );
    }
}

/// What the main thread asks of the worker.
#[derive(Debug)]
enum Request {
    /// Check and free this block.
    Free(Block),
    /// Allocate, fill with the tag and send back (`None` if refused).
    Alloc(Layout, u8),
}

/// The worker thread and its two channels.
#[derive(Debug)]
struct Worker {
    requests: Sender<Request>,
    replies: Receiver<Option<Block>>,
    thread: JoinHandle<()>,
}

impl Worker {
    fn start() -> Self {
        let (requests, inbox) = mpsc::channel::<Request>();
        let (outbox, replies) = mpsc::channel();
        let thread =
            thread::spawn(move || {
                let heap = OsHeap::new();
                for request in inbox {
                    match request {
                        Request::Free(block) => {
                            block.verify(block.layout.size(), block.tag);
                            // SAFETY: live, with its layout, handed over by the main thread.
                            unsafe { heap.dealloc(block.ptr.as_ptr(), block.layout) };
                        }
                        Request::Alloc(layout, tag) => {
                            // SAFETY: not zero-sized (the runner maps sizes to at least 1).
                            let block = NonNull::new(unsafe { heap.alloc(layout) })
                                .map(|ptr| Block { ptr, layout, tag });
                            block.inspect(|b| b.fill());
                            outbox.send(block).unwrap();
                        }
                    }
                }
            });
        Self {
            requests,
            replies,
            thread,
        }
    }

    /// Closes the requests (the worker frees what it was sent, then returns) and waits for the
    /// thread, thread-local destructors included.
    fn exit(self) {
        drop(self.requests);
        self.thread.join().expect("the worker thread panicked");
    }
}

/// What a run of [`run_os_heap_ops_counted`] went through besides its [`RunStats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OsHeapCounts {
    /// Blocks freed by the worker thread.
    pub freed_by_worker: usize,
    /// Blocks the worker allocated.
    pub worker_allocations: usize,
    /// Blocks freed by the main thread that a worker allocated.
    pub freed_from_worker: usize,
    /// Blocks live in the main thread when their worker exited.
    pub outlived_worker: usize,
    /// Allocations of at least [`OS_HEAP_LARGE_UNIT`] bytes.
    pub large: usize,
}

/// The run: the heap, the live blocks by address, the worker.
#[derive(Debug)]
struct Run {
    heap: OsHeap,
    /// Live blocks owned by the main thread, in the order the operations pick them (so a run
    /// does not depend on addresses), with the number of the worker that allocated them (`None`:
    /// the main thread).
    live: Vec<(Block, Option<usize>)>,
    /// The address ranges of `live`: start to end.
    ranges: BTreeMap<usize, usize>,
    worker: Option<Worker>,
    /// The number of the running worker (workers started before it).
    generation: usize,
    next_tag: u8,
    stats: RunStats,
    counts: OsHeapCounts,
    start: OsHeapStats,
}

impl Run {
    fn new() -> Self {
        let heap = OsHeap::new();
        // The calling thread's cache exists before the baseline is taken.
        let layout = Layout::new::<u64>();
        // SAFETY: not zero-sized; freed right away with its layout.
        unsafe { heap.dealloc(heap.alloc(layout), layout) };
        Self {
            heap,
            live: Vec::new(),
            ranges: BTreeMap::new(),
            worker: Some(Worker::start()),
            generation: 0,
            next_tag: 0,
            stats: RunStats::default(),
            counts: OsHeapCounts::default(),
            start: heap.stats(),
        }
    }

    fn worker(&self) -> &Worker {
        self.worker
            .as_ref()
            .expect("a worker runs between operations")
    }

    fn tag(&mut self) -> u8 {
        self.next_tag = self.next_tag.wrapping_add(1).max(1);
        self.next_tag
    }

    /// Asserts that `block` is aligned and overlaps no live block, then makes it live.
    fn accept(&mut self, block: Block, from_worker: Option<usize>) {
        let (addr, size) = (block.ptr.as_ptr().addr(), block.layout.size());
        assert_eq!(addr % block.layout.align(), 0, "misaligned: {block:?}");
        // The live blocks are disjoint: only the last one starting before our end can overlap.
        if let Some((&start, &end)) = self.ranges.range(..addr + size).next_back() {
            assert!(
                end <= addr,
                "{block:?} overlaps the live {start:#x}..{end:#x}"
            );
        }
        self.ranges.insert(addr, addr + size);
        self.live.push((block, from_worker));
        if size >= OS_HEAP_LARGE_UNIT {
            self.counts.large += 1;
        }
    }

    /// Removes the live block at `index % len`.
    fn take(&mut self, index: u8) -> Option<(Block, Option<usize>)> {
        if self.live.is_empty() {
            return None;
        }
        let entry = self.live.swap_remove(usize::from(index) % self.live.len());
        self.ranges.remove(&entry.0.ptr.as_ptr().addr());
        Some(entry)
    }

    fn allocate(&mut self, size: usize, align: usize, zeroed: bool) {
        let layout = Layout::from_size_align(size, align).unwrap();
        // SAFETY: `size` is at least 1.
        let ptr = unsafe {
            if zeroed {
                self.heap.alloc_zeroed(layout)
            } else {
                self.heap.alloc(layout)
            }
        };
        let Some(ptr) = NonNull::new(ptr) else {
            self.stats.rejected += 1;
            return;
        };
        let block = Block {
            ptr,
            layout,
            tag: self.tag(),
        };
        if zeroed {
            block.verify(size, 0);
        }
        block.fill();
        self.accept(block, None);
    }

    fn free(&mut self, (block, from_worker): (Block, Option<usize>)) {
        block.verify(block.layout.size(), block.tag);
        // SAFETY: live, with its layout, removed from the live set.
        unsafe { self.heap.dealloc(block.ptr.as_ptr(), block.layout) };
        self.counts.freed_from_worker += usize::from(from_worker.is_some());
    }

    fn apply(&mut self, op: &OsHeapOp) {
        match *op {
            OsHeapOp::Alloc {
                size,
                align,
                zeroed,
            } => self.allocate(1 + usize::from(size), align_of(align), zeroed),
            OsHeapOp::AllocSmall { size, align } => {
                self.allocate(1 + usize::from(size), align_of(align), false);
            }
            OsHeapOp::AllocLarge { size } => {
                let units = 1 + usize::from(size) % OS_HEAP_LARGE_UNITS;
                let bytes = units * OS_HEAP_LARGE_UNIT - usize::from(size);
                self.allocate(bytes, 16, false);
            }
            OsHeapOp::Free { index } => {
                if let Some(entry) = self.take(index) {
                    self.free(entry);
                }
            }
            OsHeapOp::Realloc { index, size } => {
                let Some((block, from_worker)) = self.take(index) else {
                    return;
                };
                let old = block.layout.size();
                let new_size = (1 + usize::from(size) * old / 32768).min(OS_HEAP_MAX_BLOCK);
                block.verify(old, block.tag);
                // SAFETY: live, with its layout; `new_size` is not zero and far from overflowing.
                let ptr = unsafe {
                    self.heap
                        .realloc(block.ptr.as_ptr(), block.layout, new_size)
                };
                let Some(ptr) = NonNull::new(ptr) else {
                    // Refused: the block is unchanged.
                    self.stats.rejected += 1;
                    self.accept(block, from_worker);
                    return;
                };
                let layout = Layout::from_size_align(new_size, block.layout.align()).unwrap();
                let moved = Block {
                    ptr,
                    layout,
                    ..block
                };
                moved.verify(old.min(new_size), block.tag);
                let refilled = Block {
                    tag: self.tag(),
                    ..moved
                };
                refilled.fill();
                self.accept(refilled, from_worker);
            }
            OsHeapOp::SendToWorker { index } => {
                if let Some((block, _)) = self.take(index) {
                    self.worker().requests.send(Request::Free(block)).unwrap();
                    self.counts.freed_by_worker += 1;
                }
            }
            OsHeapOp::WorkerAlloc { size, align } => {
                let layout = Layout::from_size_align(1 + usize::from(size), align_of(align));
                let tag = self.tag();
                let worker = self.worker();
                worker
                    .requests
                    .send(Request::Alloc(layout.unwrap(), tag))
                    .unwrap();
                match worker.replies.recv().expect("the worker answers") {
                    Some(block) => {
                        block.verify(block.layout.size(), tag);
                        self.accept(block, Some(self.generation));
                        self.counts.worker_allocations += 1;
                    }
                    None => self.stats.rejected += 1,
                }
            }
            OsHeapOp::ExitWorker => {
                self.worker.take().unwrap().exit();
                let generation = Some(self.generation);
                let outlived = self.live.iter().filter(|(_, w)| *w == generation);
                self.counts.outlived_worker += outlived.count();
                self.generation += 1;
                self.worker = Some(Worker::start());
            }
        }
    }

    /// Frees every live block, stops the worker, and checks that the statistics the run can
    /// change came back: no thread cache left behind, no large allocation.
    fn finish(mut self) -> (RunStats, OsHeapCounts) {
        self.ranges.clear();
        for entry in core::mem::take(&mut self.live) {
            self.free(entry);
        }
        self.worker.take().unwrap().exit();
        let (start, end) = (self.start, self.heap.stats());
        assert_eq!(
            end.thread_caches, start.thread_caches,
            "the workers' caches are gone ({start:?} -> {end:?})"
        );
        assert_eq!(
            (end.large_allocations, end.large_bytes),
            (start.large_allocations, start.large_bytes),
            "every large allocation is freed ({start:?} -> {end:?})"
        );
        (self.stats, self.counts)
    }
}

/// Applies `ops` to an [`OsHeap`] value through `GlobalAlloc`, from the calling thread and a
/// worker thread, checking after every operation: alignment, blocks disjoint from every live
/// block, contents of every block touched (each filled with its own byte; `alloc_zeroed`'s
/// read as zeros), `realloc` keeping the prefix. The worker checks and frees the blocks sent to
/// it, allocates and fills blocks for the main thread, and is replaced on
/// [`OsHeapOp::ExitWorker`] while its blocks live on. At the end everything is freed, the
/// worker joined, and `OsHeap::stats` must show as many thread caches and large allocations as
/// at the start.
///
/// The statistics are those of the whole process's `OsHeap`: no other thread may start or end a
/// thread cache meanwhile (the fuzz target is alone; the model test runs one batch at a time, on
/// a thread of its own).
///
/// `RunStats::max_len` is the most live blocks at once, `rejected` the refused requests.
///
/// # Panics
///
/// On any difference from the expected behaviour.
pub fn run_os_heap_ops(ops: &[OsHeapOp]) -> RunStats {
    run_os_heap_ops_counted(ops).0
}

/// [`run_os_heap_ops`], also returning how much crossed threads.
///
/// # Panics
///
/// On any difference from the expected behaviour.
pub fn run_os_heap_ops_counted(ops: &[OsHeapOp]) -> (RunStats, OsHeapCounts) {
    let mut run = Run::new();
    for op in ops {
        run.apply(op);
        run.stats.ops += 1;
        run.stats.max_len = run.stats.max_len.max(run.live.len());
    }
    run.finish()
}
