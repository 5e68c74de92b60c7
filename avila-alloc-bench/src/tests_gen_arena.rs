//! The generational arena workloads compute the same result for every peer, and the cases of
//! the suite have the expected shape.

use slotmap::{DefaultKey, SlotMap};
use thunderdome::Arena as ThunderArena;

use crate::harness::Collector;
use crate::peers_gen_arena::{AVILA, BenchGenArena, BoxedGenArena, CAPACITY, SLOTMAP, THUNDERDOME};
use crate::suite_gen_arena::{GenArenaWorkload, gen_arena_case_name, gen_arena_cases};
use crate::workloads_gen_arena::{self as workloads, PAIRS};

/// The results of every workload, and the sum of the live keys' values picked by the lookups.
fn results<A: BenchGenArena>() -> ([u64; 4], u64) {
    let workloads::HalfFull {
        mut arena,
        live,
        stale,
    } = workloads::half_full::<A>();
    let hits = workloads::lookup_keys(&live);
    let misses = workloads::lookup_keys(&stale);
    let expected_hits = hits.iter().map(|&k| *arena.get(k).unwrap()).sum();
    // Twice each, so the second run proves the first left the arena as it found it.
    let mut out = [0; 4];
    for _ in 0..2 {
        out = [
            workloads::insert_remove(&mut arena),
            workloads::get(&arena, &hits),
            workloads::get(&arena, &misses),
            workloads::iterate(&arena),
        ];
    }
    (out, expected_hits)
}

#[test]
fn every_peer_computes_the_same() {
    let (avila, avila_hits) = results::<BoxedGenArena>();
    let (slotmap, slotmap_hits) = results::<SlotMap<DefaultKey, u64>>();
    let (thunderdome, thunderdome_hits) = results::<ThunderArena<u64>>();
    let expected = [
        (0..PAIRS as u64).sum(),
        avila_hits,
        0,
        (0..CAPACITY as u64).step_by(2).sum(),
    ];
    assert!(avila_hits > 0);
    assert_eq!(avila_hits, slotmap_hits, "the same lookups for every peer");
    assert_eq!(
        avila_hits, thunderdome_hits,
        "the same lookups for every peer"
    );
    assert_eq!(avila, expected);
    assert_eq!(slotmap, expected);
    assert_eq!(thunderdome, expected);
}

#[test]
fn gen_arena_cases_have_every_peer() {
    let mut collector = Collector::new();
    gen_arena_cases(&mut collector);
    let cases = collector.into_cases();
    assert_eq!(cases.len(), GenArenaWorkload::ALL.len());
    for workload in GenArenaWorkload::ALL {
        let name = gen_arena_case_name(workload);
        let case = cases.iter().find(|c| c.name == name).unwrap();
        let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
        assert_eq!(peers, [AVILA, SLOTMAP, THUNDERDOME], "{name}");
    }
}
