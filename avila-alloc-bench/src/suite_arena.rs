//! The arena cases: every [`ArenaWorkload`] for avila's `Arena` (rows `arena/...`) and
//! `StackArena` (rows `stack_arena/...`), each against `bumpalo::Bump`.

use core::fmt;
use core::hint::black_box;

use avila_alloc::Arena;

use crate::peers_arena::{BenchArena, BoxedStackArena};
use crate::suite::Visitor;
use crate::workloads_arena::{self as workloads, ARRAY_ALLOCS, RESET_ALLOCS, SMALL_ALLOCS};

/// The arena workloads of [`workloads_arena`](crate::workloads_arena), as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ArenaWorkload {
    /// [`workloads::alloc_u64`] with [`SMALL_ALLOCS`] allocations.
    AllocU64,
    /// [`workloads::alloc_array_32`].
    AllocArray32,
    /// [`workloads::alloc_slice_copy_16`].
    AllocSliceCopy16,
    /// [`workloads::alloc_then_reset`].
    AllocThenReset,
}

impl ArenaWorkload {
    /// Every arena workload, in report order.
    pub const ALL: [Self; 4] = [
        Self::AllocU64,
        Self::AllocArray32,
        Self::AllocSliceCopy16,
        Self::AllocThenReset,
    ];

    /// The name in case names (`arena/<name>/<allocations>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::AllocU64 => "alloc_u64",
            Self::AllocArray32 => "alloc_usize_32",
            Self::AllocSliceCopy16 => "alloc_slice_copy_16",
            Self::AllocThenReset => "alloc_u64_then_reset",
        }
    }

    /// Allocations per run.
    #[must_use]
    pub const fn allocations(self) -> usize {
        match self {
            Self::AllocU64 | Self::AllocSliceCopy16 => SMALL_ALLOCS,
            Self::AllocArray32 => ARRAY_ALLOCS,
            Self::AllocThenReset => RESET_ALLOCS,
        }
    }
}

impl fmt::Display for ArenaWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The case name of a workload for the `family` of rows (`arena` or `stack_arena`).
#[must_use]
pub fn arena_case_name(family: &str, workload: ArenaWorkload) -> String {
    format!("{family}/{workload}/{}", workload.allocations())
}

/// The arena cases: `arena/...` (avila's `Arena` vs bumpalo) and `stack_arena/...` (avila's
/// `StackArena` vs bumpalo).
pub fn arena_cases(vis: &mut impl Visitor) {
    for workload in ArenaWorkload::ALL {
        arena_case::<Arena<'static>>(vis, "arena", workload);
        arena_case::<bumpalo::Bump>(vis, "arena", workload);
    }
    for workload in ArenaWorkload::ALL {
        arena_case::<BoxedStackArena>(vis, "stack_arena", workload);
        arena_case::<bumpalo::Bump>(vis, "stack_arena", workload);
    }
}

fn arena_case<A: BenchArena + 'static>(
    vis: &mut impl Visitor,
    family: &str,
    workload: ArenaWorkload,
) {
    let case = arena_case_name(family, workload);
    let mut arena = A::new();
    match workload {
        ArenaWorkload::AllocU64 => vis.plain(&case, A::PEER, move || {
            black_box(workloads::alloc_u64(&mut arena, SMALL_ALLOCS));
        }),
        ArenaWorkload::AllocArray32 => vis.plain(&case, A::PEER, move || {
            black_box(workloads::alloc_array_32(&mut arena));
        }),
        ArenaWorkload::AllocSliceCopy16 => {
            let src: [u8; 16] = core::array::from_fn(|i| i as u8);
            vis.plain(&case, A::PEER, move || {
                black_box(workloads::alloc_slice_copy_16(&mut arena, &src));
            });
        }
        ArenaWorkload::AllocThenReset => vis.plain(&case, A::PEER, move || {
            black_box(workloads::alloc_then_reset(&mut arena));
        }),
    }
}
