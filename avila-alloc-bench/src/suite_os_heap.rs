//! The `os_heap/...` cases: every [`OsHeapWorkload`] on one thread and on two threads at once,
//! through avila's [`OsHeap`](crate::peers_os_heap::OsHeap), the system allocator and
//! `mimalloc`, each used as a `GlobalAlloc` value (rows `os_heap/<workload>[_2_threads]/<ops>`,
//! `<ops>` counting the operations of both threads).
//!
//! The real-program row (`os_heap/real_program/...`), with each allocator installed as the
//! global allocator of its own binary, is run by [`real_program`](crate::real_program).

use core::alloc::GlobalAlloc;
use core::fmt;
use core::hint::black_box;

use crate::peers_os_heap::{AVILA, AVILA_HEAP, MIMALLOC, MIMALLOC_HEAP, SYSTEM, SYSTEM_HEAP};
use crate::suite::Visitor;
use crate::workloads_os_heap::{
    self as workloads, BATCH, BATCH_ROUNDS, GROWTHS, Inputs, OPS, two_threads,
};

/// The workloads of [`workloads_os_heap`](crate::workloads_os_heap), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OsHeapWorkload {
    /// [`workloads::pair`].
    Pair,
    /// [`workloads::churn`].
    Churn,
    /// [`workloads::batch`].
    Batch,
    /// [`workloads::realloc_growth`].
    ReallocGrowth,
    /// [`workloads::producer_consumer`] (on one thread:
    /// [`workloads::producer_consumer_one_thread`]).
    ProducerConsumer,
}

impl OsHeapWorkload {
    /// Every workload, in report order.
    pub const ALL: [Self; 5] = [
        Self::Pair,
        Self::Churn,
        Self::Batch,
        Self::ReallocGrowth,
        Self::ProducerConsumer,
    ];

    /// The thread counts each workload runs at.
    pub const THREADS: [usize; 2] = [1, 2];

    /// The name in case names.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Pair => "pair",
            Self::Churn => "churn",
            Self::Batch => "batch",
            Self::ReallocGrowth => "realloc_growth",
            Self::ProducerConsumer => "producer_consumer",
        }
    }

    /// Operations per run on `threads` threads (1 or 2): pairs, churn steps, blocks or growth
    /// sequences. The producer/consumer pair of threads moves [`OPS`] blocks between them.
    #[must_use]
    pub const fn operations(self, threads: usize) -> usize {
        match self {
            Self::Pair | Self::Churn => threads * OPS,
            Self::Batch => threads * BATCH_ROUNDS * BATCH,
            Self::ReallocGrowth => threads * GROWTHS,
            Self::ProducerConsumer => OPS,
        }
    }

    /// Runs the workload once on `threads` threads (1 or 2) through `alloc`; returns the sum
    /// of the bytes it read back.
    #[inline(always)]
    pub fn run<G: GlobalAlloc + Sync>(
        self,
        alloc: &G,
        threads: usize,
        inputs: &Inputs,
        queue: &crossbeam_queue::ArrayQueue<workloads::Chunk>,
    ) -> u64 {
        match (self, threads) {
            (Self::Pair, 1) => workloads::pair(alloc),
            (Self::Pair, _) => two_threads(|| workloads::pair(alloc)),
            (Self::Churn, 1) => workloads::churn(alloc, inputs),
            (Self::Churn, _) => two_threads(|| workloads::churn(alloc, inputs)),
            (Self::Batch, 1) => workloads::batch(alloc, inputs),
            (Self::Batch, _) => two_threads(|| workloads::batch(alloc, inputs)),
            (Self::ReallocGrowth, 1) => workloads::realloc_growth(alloc),
            (Self::ReallocGrowth, _) => two_threads(|| workloads::realloc_growth(alloc)),
            (Self::ProducerConsumer, 1) => {
                workloads::producer_consumer_one_thread(alloc, queue, inputs)
            }
            (Self::ProducerConsumer, _) => workloads::producer_consumer(alloc, queue, inputs),
        }
    }
}

impl fmt::Display for OsHeapWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a workload on `threads` threads: `os_heap/<workload>/<ops>` on one,
/// `os_heap/<workload>_2_threads/<ops>` on two.
#[must_use]
pub fn os_heap_case_name(workload: OsHeapWorkload, threads: usize) -> String {
    let ops = workload.operations(threads);
    if threads == 1 {
        format!("os_heap/{workload}/{ops}")
    } else {
        format!("os_heap/{workload}_{threads}_threads/{ops}")
    }
}

/// The `os_heap/...` cases: each workload on one thread, then on two, for every allocator.
pub fn os_heap_cases(vis: &mut impl Visitor) {
    for workload in OsHeapWorkload::ALL {
        for threads in OsHeapWorkload::THREADS {
            let case = os_heap_case_name(workload, threads);
            os_heap_case(vis, &case, AVILA, workload, threads, &AVILA_HEAP);
            os_heap_case(vis, &case, SYSTEM, workload, threads, &SYSTEM_HEAP);
            os_heap_case(vis, &case, MIMALLOC, workload, threads, &MIMALLOC_HEAP);
        }
    }
}

fn os_heap_case<G: GlobalAlloc + Sync + 'static>(
    vis: &mut impl Visitor,
    case: &str,
    peer: &'static str,
    workload: OsHeapWorkload,
    threads: usize,
    alloc: &'static G,
) {
    let inputs = Inputs::shared();
    let queue = workloads::queue();
    vis.plain(case, peer, move || {
        black_box(workload.run(alloc, threads, inputs, &queue));
    });
}
