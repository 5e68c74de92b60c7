//! The deque and ring cases of the suite: every workload of
//! [`workloads_deque`](crate::workloads_deque) at capacities 16 and 1024, for every peer of
//! [`peers_deque`](crate::peers_deque). [`suite::all_cases`](crate::suite::all_cases) lists them
//! after the vectors and strings, so the report, the criterion benches and the probe see them.

use core::fmt;

use crate::peers_deque::{BenchDeque, BenchDequeMiddle, BenchRing, StdDeque, StdRing};
use crate::suite::{BATCH_BYTES, Visitor};
use crate::workloads_deque::{deque, ring};

/// The deque workloads, as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DequeWorkload {
    /// [`deque::churn`].
    Churn,
    /// [`deque::push_both`].
    PushBoth,
    /// [`deque::pop_both`].
    PopBoth,
    /// [`deque::iterate`].
    Iterate,
    /// [`deque::insert_middle`] (no heapless row: `heapless::Deque` cannot insert in the middle).
    InsertMiddle,
    /// [`deque::remove_middle`] (no heapless row).
    RemoveMiddle,
}

impl DequeWorkload {
    /// Every deque workload, in report order.
    pub const ALL: [Self; 6] = [
        Self::Churn,
        Self::PushBoth,
        Self::PopBoth,
        Self::Iterate,
        Self::InsertMiddle,
        Self::RemoveMiddle,
    ];

    /// The capacities the suite runs each deque and ring workload at.
    pub const CAPACITIES: [usize; 2] = [16, 1024];

    /// The name in case names (`deque/<name>/<capacity>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Churn => "churn",
            Self::PushBoth => "push_both",
            Self::PopBoth => "pop_both",
            Self::Iterate => "iterate",
            Self::InsertMiddle => "insert_middle",
            Self::RemoveMiddle => "remove_middle",
        }
    }

    /// `false` for the workloads heapless cannot run.
    #[must_use]
    pub const fn heapless_has_it(self) -> bool {
        !matches!(self, Self::InsertMiddle | Self::RemoveMiddle)
    }
}

impl fmt::Display for DequeWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The ring workloads, as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RingWorkload {
    /// [`ring::overwrite`].
    Overwrite,
    /// [`ring::iterate`].
    Iterate,
}

impl RingWorkload {
    /// Every ring workload, in report order.
    pub const ALL: [Self; 2] = [Self::Overwrite, Self::Iterate];

    /// The name in case names (`ring/<name>/<capacity>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Overwrite => "overwrite",
            Self::Iterate => "iterate",
        }
    }
}

impl fmt::Display for RingWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a deque workload at capacity `capacity`.
#[must_use]
pub fn deque_case_name(workload: DequeWorkload, capacity: usize) -> String {
    format!("deque/{workload}/{capacity}")
}

/// The case name of a ring workload at capacity `capacity`.
#[must_use]
pub fn ring_case_name(workload: RingWorkload, capacity: usize) -> String {
    format!("ring/{workload}/{capacity}")
}

/// The deque cases: each [`DequeWorkload`] at capacities 16 and 1024, for every peer that has it.
pub fn deque_cases(vis: &mut impl Visitor) {
    for workload in DequeWorkload::ALL {
        deque_peers::<16>(vis, workload);
        deque_peers::<1024>(vis, workload);
    }
}

/// The ring cases: each [`RingWorkload`] at capacities 16 and 1024, for every peer.
pub fn ring_cases(vis: &mut impl Visitor) {
    for workload in RingWorkload::ALL {
        ring_peers::<16>(vis, workload);
        ring_peers::<1024>(vis, workload);
    }
}

fn deque_peers<const N: usize>(vis: &mut impl Visitor, workload: DequeWorkload) {
    if workload.heapless_has_it() {
        deque_case::<avila_alloc::StackDeque<u32, N>>(vis, workload);
        deque_case::<heapless::Deque<u32, N>>(vis, workload);
        deque_case::<StdDeque<u32, N>>(vis, workload);
    } else {
        middle_case::<avila_alloc::StackDeque<u32, N>>(vis, workload);
        middle_case::<StdDeque<u32, N>>(vis, workload);
    }
}

fn ring_peers<const N: usize>(vis: &mut impl Visitor, workload: RingWorkload) {
    ring_case::<avila_alloc::StackRing<u32, N>>(vis, workload);
    ring_case::<heapless::HistoryBuf<u32, N>>(vis, workload);
    ring_case::<StdRing<u32, N>>(vis, workload);
}

/// The batch of prepared deques for a consuming workload: 64 KiB of contents.
fn batch<D: BenchDeque<u32>>() -> usize {
    (BATCH_BYTES / (D::CAPACITY * size_of::<u32>())).clamp(16, 1024)
}

fn deque_case<D: BenchDeque<u32> + 'static>(vis: &mut impl Visitor, workload: DequeWorkload) {
    let case = deque_case_name(workload, D::CAPACITY);
    let peer = D::PEER;
    match workload {
        DequeWorkload::Churn => {
            let mut d = deque::half_full::<D>();
            vis.plain(&case, peer, move || {
                let _ = deque::churn(&mut d);
            });
        }
        DequeWorkload::PushBoth => vis.plain(&case, peer, || {
            let _ = deque::push_both::<D>();
        }),
        DequeWorkload::PopBoth => {
            vis.batched(&case, peer, batch::<D>(), deque::full::<D>, |d: &mut D| {
                let _ = deque::pop_both(d);
            });
        }
        DequeWorkload::Iterate => {
            let d = deque::full::<D>();
            vis.plain(&case, peer, move || {
                let _ = deque::iterate(&d);
            });
        }
        DequeWorkload::InsertMiddle | DequeWorkload::RemoveMiddle => {
            unreachable!("{workload} is a middle workload");
        }
    }
}

fn middle_case<D: BenchDequeMiddle<u32> + 'static>(
    vis: &mut impl Visitor,
    workload: DequeWorkload,
) {
    let case = deque_case_name(workload, D::CAPACITY);
    let peer = D::PEER;
    if workload == DequeWorkload::InsertMiddle {
        vis.plain(&case, peer, || {
            let _ = deque::insert_middle::<D>();
        });
    } else {
        vis.batched(&case, peer, batch::<D>(), deque::full::<D>, |d: &mut D| {
            let _ = deque::remove_middle(d);
        });
    }
}

fn ring_case<R: BenchRing<u32> + 'static>(vis: &mut impl Visitor, workload: RingWorkload) {
    let case = ring_case_name(workload, R::CAPACITY);
    let peer = R::PEER;
    match workload {
        RingWorkload::Overwrite => {
            let mut r = ring::full::<R>();
            vis.plain(&case, peer, move || ring::overwrite(&mut r));
        }
        RingWorkload::Iterate => {
            let r = ring::full::<R>();
            vis.plain(&case, peer, move || {
                let _ = ring::iterate(&r);
            });
        }
    }
}
