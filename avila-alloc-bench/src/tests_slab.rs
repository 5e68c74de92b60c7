//! The slab workloads compute the same result for every peer, and the slab cases of the suite
//! have the expected shape.

use crate::harness::Collector;
use crate::peers_slab::{AVILA, BenchSlab, BoxedSlab, CAPACITY, SLAB};
use crate::suite_slab::{SlabWorkload, slab_case_name, slab_cases};
use crate::workloads_slab::{self as workloads, PAIRS};

fn results<S: BenchSlab>() -> [u64; 3] {
    let mut slab = workloads::half_full::<S>();
    let keys = workloads::lookup_keys();
    // Twice each, so the second run proves the first left the slab as it found it.
    let mut out = [0; 3];
    for _ in 0..2 {
        out = [
            workloads::insert_remove(&mut slab),
            workloads::get_hit(&slab, &keys),
            workloads::iterate(&slab),
        ];
    }
    out
}

#[test]
fn every_peer_computes_the_same() {
    let keys = workloads::lookup_keys();
    assert!(keys.iter().all(|k| k % 2 == 0 && *k < CAPACITY));
    let expected: [u64; 3] = [
        (0..PAIRS as u64).sum(),
        keys.iter().map(|&k| k as u64).sum(),
        (0..CAPACITY as u64).step_by(2).sum(),
    ];
    assert_eq!(results::<BoxedSlab>(), expected);
    assert_eq!(results::<slab::Slab<u64>>(), expected);
}

#[test]
fn slab_cases_have_both_peers() {
    let mut collector = Collector::new();
    slab_cases(&mut collector);
    let cases = collector.into_cases();
    assert_eq!(cases.len(), SlabWorkload::ALL.len());
    for workload in SlabWorkload::ALL {
        let name = slab_case_name(workload);
        let case = cases.iter().find(|c| c.name == name).unwrap();
        let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
        assert_eq!(peers, [AVILA, SLAB], "{name}");
    }
}
