//! The slab cases: every [`SlabWorkload`] for avila's `SlabAllocator` against the `slab` crate
//! (rows `slab/...`).

use core::fmt;
use core::hint::black_box;

use crate::peers_slab::{BenchSlab, BoxedSlab};
use crate::suite::Visitor;
use crate::workloads_slab::{self as workloads, GETS, PAIRS};

/// The slab workloads of [`workloads_slab`](crate::workloads_slab), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SlabWorkload {
    /// [`workloads::insert_remove`].
    InsertRemove,
    /// [`workloads::get_hit`].
    GetHit,
    /// [`workloads::iterate`].
    Iterate,
}

impl SlabWorkload {
    /// Every slab workload, in report order.
    pub const ALL: [Self; 3] = [Self::InsertRemove, Self::GetHit, Self::Iterate];

    /// The name in case names (`slab/<name>/<operations>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::InsertRemove => "insert_remove",
            Self::GetHit => "get_hit",
            Self::Iterate => "iterate_half_full",
        }
    }

    /// Operations per run (pairs, lookups, or slots visited).
    #[must_use]
    pub const fn operations(self) -> usize {
        match self {
            Self::InsertRemove => PAIRS,
            Self::GetHit => GETS,
            Self::Iterate => crate::peers_slab::CAPACITY,
        }
    }
}

impl fmt::Display for SlabWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a workload (`slab/<name>/<operations>`).
#[must_use]
pub fn slab_case_name(workload: SlabWorkload) -> String {
    format!("slab/{workload}/{}", workload.operations())
}

/// The slab cases: `slab/...`, avila's `SlabAllocator` vs `slab::Slab`.
pub fn slab_cases(vis: &mut impl Visitor) {
    for workload in SlabWorkload::ALL {
        slab_case::<BoxedSlab>(vis, workload);
        slab_case::<slab::Slab<u64>>(vis, workload);
    }
}

fn slab_case<S: BenchSlab + 'static>(vis: &mut impl Visitor, workload: SlabWorkload) {
    let case = slab_case_name(workload);
    let mut slab = workloads::half_full::<S>();
    match workload {
        SlabWorkload::InsertRemove => vis.plain(&case, S::PEER, move || {
            black_box(workloads::insert_remove(&mut slab));
        }),
        SlabWorkload::GetHit => {
            let keys = workloads::lookup_keys();
            vis.plain(&case, S::PEER, move || {
                black_box(workloads::get_hit(&slab, &keys));
            });
        }
        SlabWorkload::Iterate => vis.plain(&case, S::PEER, move || {
            black_box(workloads::iterate(&slab));
        }),
    }
}
