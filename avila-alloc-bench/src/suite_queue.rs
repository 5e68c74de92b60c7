//! The queue cases: [`QueueWorkload`]s for avila's `StackQueue`, heapless's `spsc::Queue`,
//! crossbeam's `ArrayQueue` and (single-thread rows only) `VecDeque`.

use core::fmt;

use crate::peers_queue::{BenchQueue, BenchSpsc, CrossbeamQueue, StdDeque};
use crate::suite::Visitor;
use crate::workloads_queue::{self as workloads, CAPACITY, SPSC_CAPACITY, SPSC_ITEMS};

/// The queue workloads of [`workloads_queue`](crate::workloads_queue), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QueueWorkload {
    /// [`workloads::churn`]: push/pop pairs on a half-full queue, one thread.
    Churn,
    /// [`workloads::fill_drain`]: fill an empty queue, then empty it, one thread.
    FillDrain,
    /// [`workloads::spsc`]: one producer thread, one consumer thread.
    Spsc,
}

impl QueueWorkload {
    /// Every queue workload, in report order.
    pub const ALL: [Self; 3] = [Self::Churn, Self::FillDrain, Self::Spsc];

    /// The name in case names (`queue/<name>/<capacity>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Churn => "churn",
            Self::FillDrain => "fill_drain",
            Self::Spsc => "spsc_1M",
        }
    }

    /// The capacity (type parameter `N`) the workload runs at.
    #[must_use]
    pub const fn capacity(self) -> usize {
        match self {
            Self::Churn | Self::FillDrain => CAPACITY,
            Self::Spsc => SPSC_CAPACITY,
        }
    }
}

impl fmt::Display for QueueWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a queue workload.
#[must_use]
pub fn queue_case_name(workload: QueueWorkload) -> String {
    format!("queue/{workload}/{}", workload.capacity())
}

/// The queue cases, each for every peer that has the operations it needs.
pub fn queue_cases(vis: &mut impl Visitor) {
    for workload in [QueueWorkload::Churn, QueueWorkload::FillDrain] {
        single_thread_case::<avila_alloc::StackQueue<u64, CAPACITY>>(vis, workload);
        single_thread_case::<heapless::spsc::Queue<u64, CAPACITY>>(vis, workload);
        single_thread_case::<CrossbeamQueue<u64, CAPACITY>>(vis, workload);
        single_thread_case::<StdDeque<u64, CAPACITY>>(vis, workload);
    }
    spsc_case::<avila_alloc::StackQueue<u64, SPSC_CAPACITY>>(vis);
    spsc_case::<heapless::spsc::Queue<u64, SPSC_CAPACITY>>(vis);
    spsc_case::<CrossbeamQueue<u64, SPSC_CAPACITY>>(vis);
}

fn single_thread_case<Q: BenchQueue<u64> + 'static>(
    vis: &mut impl Visitor,
    workload: QueueWorkload,
) {
    let case = queue_case_name(workload);
    match workload {
        QueueWorkload::Churn => {
            let mut q = workloads::half_full::<Q>();
            vis.plain(&case, Q::PEER, move || {
                let _ = workloads::churn(&mut q);
            });
        }
        QueueWorkload::FillDrain => {
            let mut q = Q::new();
            vis.plain(&case, Q::PEER, move || {
                let _ = workloads::fill_drain(&mut q);
            });
        }
        QueueWorkload::Spsc => unreachable!("a two-thread workload"),
    }
}

fn spsc_case<Q: BenchSpsc<u64> + 'static>(vis: &mut impl Visitor) {
    let case = queue_case_name(QueueWorkload::Spsc);
    let mut q = Q::new();
    vis.plain(&case, Q::PEER, move || {
        let _ = workloads::spsc(&mut q, SPSC_ITEMS);
    });
}
