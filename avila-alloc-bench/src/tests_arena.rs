//! The arena workloads compute the same result for every peer, and the arena cases of the suite
//! have the expected shape.

use avila_alloc::Arena;

use crate::harness::Collector;
use crate::peers_arena::{AVILA, BUMPALO, BenchArena, BoxedStackArena};
use crate::suite_arena::{ArenaWorkload, arena_case_name, arena_cases};
use crate::workloads_arena::{self as workloads, RESET_ALLOCS, SMALL_ALLOCS};

fn results<A: BenchArena>() -> [u64; 4] {
    let mut arena = A::new();
    let src: [u8; 16] = core::array::from_fn(|i| i as u8 * 3);
    // Twice each, so the second run starts from a used arena and proves the reset.
    let mut out = [0; 4];
    for _ in 0..2 {
        out = [
            workloads::alloc_u64(&mut arena, SMALL_ALLOCS),
            workloads::alloc_array_32(&mut arena) as u64,
            workloads::alloc_slice_copy_16(&mut arena, &src),
            workloads::alloc_then_reset(&mut arena),
        ];
    }
    out
}

#[test]
fn every_peer_computes_the_same() {
    let expected = [
        (0..SMALL_ALLOCS as u64).sum(),
        (0..100).sum::<u64>(),
        45 * SMALL_ALLOCS as u64,
        (0..RESET_ALLOCS as u64).sum(),
    ];
    assert_eq!(results::<Arena<'static>>(), expected);
    assert_eq!(results::<BoxedStackArena>(), expected);
    assert_eq!(results::<bumpalo::Bump>(), expected);
}

#[test]
fn arena_cases_have_both_families_and_both_peers() {
    let mut collector = Collector::new();
    arena_cases(&mut collector);
    let cases = collector.into_cases();
    assert_eq!(cases.len(), 2 * ArenaWorkload::ALL.len());
    for family in ["arena", "stack_arena"] {
        for workload in ArenaWorkload::ALL {
            let name = arena_case_name(family, workload);
            let case = cases.iter().find(|c| c.name == name).unwrap();
            let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
            assert_eq!(peers, [AVILA, BUMPALO], "{name}");
        }
    }
}
