//! The tracker workloads leave every allocator as they found it, and the trackers count them
//! exactly.

use std::alloc::System;

use crate::harness::Collector;
use crate::peers_track::{
    self as peers, AVILA, AVILA_IN_LOCK, DHAT, LEAK, LockedSystemHeap, PROFILER, STATS_ALLOC,
    UNTRACKED,
};
use crate::suite_track::{TrackWorkload, track_case_name, track_cases};
use crate::workloads_track::{self as workloads, CHURN_OPS, LIVE, PAIRS};

#[test]
fn the_trackers_count_every_call_of_every_workload() {
    let avila = peers::avila::<System>();
    let stats = peers::stats_alloc::<System>();
    workloads::pairs(avila);
    workloads::pairs(stats);
    workloads::pairs_two_threads(avila);
    workloads::pairs_two_threads(stats);
    workloads::churn(avila);
    workloads::churn(stats);
    let calls = 3 * PAIRS + LIVE + CHURN_OPS;
    let a = avila.snapshot();
    assert_eq!(
        (a.allocations, a.deallocations, a.current_bytes),
        (calls, calls, 0)
    );
    let s = stats.stats();
    assert_eq!((s.allocations, s.deallocations), (calls, calls));
    assert_eq!(s.bytes_allocated, s.bytes_deallocated);
    let in_lock = peers::avila_in_lock();
    workloads::pairs(in_lock);
    workloads::pairs_two_threads(in_lock);
    workloads::churn(in_lock);
    let l = in_lock.lock().snapshot();
    assert_eq!(
        (l.allocations, l.deallocations, l.current_bytes),
        (calls, calls, 0)
    );
}

#[test]
fn the_profilers_see_every_call_of_every_workload() {
    let profiler = peers::profiler::<System>();
    let dhat = peers::dhat();
    let dhat_before = dhat::HeapStats::get();
    workloads::pairs(profiler);
    workloads::pairs_two_threads(profiler);
    workloads::churn(profiler);
    workloads::pairs(dhat);
    workloads::pairs_two_threads(dhat);
    workloads::churn(dhat);
    let calls = 3 * PAIRS + LIVE + CHURN_OPS;
    let p = profiler.snapshot();
    assert_eq!(
        (p.allocations, p.deallocations, p.current_bytes),
        (calls, calls, 0)
    );
    assert_eq!(p.operations, 2 * calls);
    let d = dhat::HeapStats::get();
    assert_eq!(d.total_blocks - dhat_before.total_blocks, calls as u64);
}

#[test]
fn the_leak_detector_sees_every_call_and_no_misuse() {
    let leak = peers::leak::<System>();
    let mark = leak.mark();
    workloads::pairs(leak);
    workloads::pairs_two_threads(leak);
    workloads::churn(leak);
    let r = leak.report();
    let calls = 3 * PAIRS + LIVE + CHURN_OPS;
    assert_eq!((r.allocations, r.deallocations), (calls, calls), "{r}");
    assert_eq!(
        (r.total_misuses(), r.table_full, r.failures),
        (0, 0, 0),
        "{r}"
    );
    leak.assert_no_leaks_since(&mark);
    let heap = peers::leak::<LockedSystemHeap>();
    workloads::churn(heap);
    assert_eq!(heap.report().allocations, LIVE + CHURN_OPS);
    assert_eq!(heap.inner().stats().allocations, 0);
}

#[test]
fn the_workloads_free_everything_on_the_heap() {
    let heap = peers::untracked::<LockedSystemHeap>();
    let free = heap.stats().free;
    for _ in 0..2 {
        workloads::pairs(heap);
        workloads::pairs_two_threads(heap);
        workloads::churn(heap);
    }
    assert_eq!(heap.stats().free, free);
    assert_eq!(heap.stats().allocations, 0);
    assert!((0..10_000).all(|i| (16..=256).contains(&workloads::churn_size(i))));
}

#[test]
fn track_cases_have_every_peer() {
    let mut collector = Collector::new();
    track_cases(&mut collector);
    let cases = collector.into_cases();
    assert_eq!(cases.len(), 2 * TrackWorkload::ALL.len());
    assert_eq!(cases[0].name, "track/pair_system/1000");
    for workload in TrackWorkload::ALL {
        for name in [
            track_case_name::<System>(workload),
            track_case_name::<LockedSystemHeap>(workload),
        ] {
            let case = cases.iter().find(|c| c.name == name).unwrap();
            let peers: Vec<&str> = case.peers.iter().map(|p| p.peer).collect();
            let expected: &[&str] = if name.contains("_system/") {
                &[AVILA, LEAK, STATS_ALLOC, PROFILER, DHAT, UNTRACKED]
            } else {
                &[AVILA, AVILA_IN_LOCK, LEAK, STATS_ALLOC, PROFILER, UNTRACKED]
            };
            assert_eq!(peers, expected, "{name}");
        }
    }
}
