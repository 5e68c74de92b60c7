//! The generational arena cases: every [`GenArenaWorkload`] for avila's `GenArena` against the
//! `slotmap` crate's `SlotMap` and the `thunderdome` crate's `Arena` (rows `gen_arena/...`).

use core::fmt;
use core::hint::black_box;

use slotmap::{DefaultKey, SlotMap};
use thunderdome::Arena as ThunderArena;

use crate::peers_gen_arena::{BenchGenArena, BoxedGenArena, CAPACITY};
use crate::suite::Visitor;
use crate::workloads_gen_arena::{self as workloads, GETS, PAIRS};

/// The generational arena workloads of [`workloads_gen_arena`](crate::workloads_gen_arena), as
/// rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GenArenaWorkload {
    /// [`workloads::insert_remove`].
    InsertRemove,
    /// [`workloads::get`] with live keys.
    GetHit,
    /// [`workloads::get`] with the keys of removed values.
    GetStale,
    /// [`workloads::iterate`].
    Iterate,
}

impl GenArenaWorkload {
    /// Every workload, in report order.
    pub const ALL: [Self; 4] = [
        Self::InsertRemove,
        Self::GetHit,
        Self::GetStale,
        Self::Iterate,
    ];

    /// The name in case names (`gen_arena/<name>/<operations>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::InsertRemove => "insert_remove",
            Self::GetHit => "get_hit",
            Self::GetStale => "get_stale",
            Self::Iterate => "iterate_half_full",
        }
    }

    /// Operations per run (pairs, lookups, or slots visited).
    #[must_use]
    pub const fn operations(self) -> usize {
        match self {
            Self::InsertRemove => PAIRS,
            Self::GetHit | Self::GetStale => GETS,
            Self::Iterate => CAPACITY,
        }
    }
}

impl fmt::Display for GenArenaWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a workload (`gen_arena/<name>/<operations>`).
#[must_use]
pub fn gen_arena_case_name(workload: GenArenaWorkload) -> String {
    format!("gen_arena/{workload}/{}", workload.operations())
}

/// The generational arena cases: `gen_arena/...`, avila's `GenArena` vs `slotmap::SlotMap` and
/// `thunderdome::Arena`.
pub fn gen_arena_cases(vis: &mut impl Visitor) {
    for workload in GenArenaWorkload::ALL {
        gen_arena_case::<BoxedGenArena>(vis, workload);
        gen_arena_case::<SlotMap<DefaultKey, u64>>(vis, workload);
        gen_arena_case::<ThunderArena<u64>>(vis, workload);
    }
}

fn gen_arena_case<A: BenchGenArena + 'static>(vis: &mut impl Visitor, workload: GenArenaWorkload)
where
    A::Key: 'static,
{
    let case = gen_arena_case_name(workload);
    let workloads::HalfFull {
        mut arena,
        live,
        stale,
    } = workloads::half_full::<A>();
    match workload {
        GenArenaWorkload::InsertRemove => vis.plain(&case, A::PEER, move || {
            black_box(workloads::insert_remove(&mut arena));
        }),
        GenArenaWorkload::GetHit | GenArenaWorkload::GetStale => {
            let keys = workloads::lookup_keys(if workload == GenArenaWorkload::GetHit {
                &live
            } else {
                &stale
            });
            vis.plain(&case, A::PEER, move || {
                black_box(workloads::get(&arena, &keys));
            });
        }
        GenArenaWorkload::Iterate => vis.plain(&case, A::PEER, move || {
            black_box(workloads::iterate(&arena));
        }),
    }
}
