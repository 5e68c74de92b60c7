//! Every queue workload computes the same result for every peer, and the suite lists the queue
//! cases for the right peers.

use crate::peers::{AVILA, HEAPLESS, STD};
use crate::peers_queue::{BenchQueue, BenchSpsc, CROSSBEAM, CrossbeamQueue, StdDeque};
use crate::suite;
use crate::tests::RunOnce;
use crate::workloads_queue::{self as workloads, CAPACITY, CHURN_FILL, CHURN_OPS, FILL};

/// The sum of `0..n`.
fn sum_below(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

fn check_single_thread<Q: BenchQueue<u64>>() {
    let peer = Q::PEER;
    assert!(Q::CAPACITY >= FILL, "{peer} holds a fill_drain run");
    assert!(Q::CAPACITY > CHURN_FILL, "{peer} has room to churn");
    let mut q = workloads::half_full::<Q>();
    assert_eq!(q.len(), CHURN_FILL, "{peer}");
    // The first run pops the setup's values `0..32` and the first 992 pushed ones.
    let popped = CHURN_OPS - CHURN_FILL;
    let expected = sum_below(CHURN_FILL as u64) + sum_below(popped as u64);
    assert_eq!(workloads::churn(&mut q), expected, "{peer} churn");
    assert_eq!(q.len(), CHURN_FILL, "{peer} keeps its length");
    // Later runs pop the last 32 of the previous run, then 992 of their own.
    let previous: u64 = (popped as u64..CHURN_OPS as u64).sum();
    assert_eq!(
        workloads::churn(&mut q),
        previous + sum_below(popped as u64)
    );

    let mut q = Q::new();
    for _ in 0..3 {
        assert_eq!(
            workloads::fill_drain(&mut q),
            sum_below(FILL as u64),
            "{peer}"
        );
        assert!(q.is_empty(), "{peer} fill_drain leaves it empty");
    }
}

#[test]
fn single_thread_queue_workloads_agree_for_every_peer() {
    check_single_thread::<avila_alloc::StackQueue<u64, CAPACITY>>();
    check_single_thread::<heapless::spsc::Queue<u64, CAPACITY>>();
    check_single_thread::<CrossbeamQueue<u64, CAPACITY>>();
    check_single_thread::<StdDeque<u64, CAPACITY>>();
}

fn check_spsc<Q: BenchSpsc<u64>, const N: usize>() {
    let mut q = Q::new();
    for items in [0, 1, 5 * N as u64 + 3] {
        assert_eq!(
            workloads::spsc(&mut q, items),
            sum_below(items),
            "{}",
            Q::PEER
        );
    }
}

#[test]
fn spsc_workload_passes_every_value_for_every_peer() {
    check_spsc::<avila_alloc::StackQueue<u64, 4>, 4>();
    check_spsc::<heapless::spsc::Queue<u64, 4>, 4>();
    check_spsc::<CrossbeamQueue<u64, 4>, 4>();
    check_spsc::<avila_alloc::StackQueue<u64, 1>, 1>();
}

#[test]
fn the_suite_lists_the_queue_cases_for_their_peers() {
    let mut visitor = RunOnce::default();
    crate::suite_queue::queue_cases(&mut visitor);
    let cases: Vec<(&str, &str)> = visitor
        .calls
        .iter()
        .map(|(case, peer)| (case.as_str(), *peer))
        .collect();
    let mut expected = Vec::new();
    for case in ["queue/churn/64", "queue/fill_drain/64"] {
        for peer in [AVILA, HEAPLESS, CROSSBEAM, STD] {
            expected.push((case, peer));
        }
    }
    for peer in [AVILA, HEAPLESS, CROSSBEAM] {
        expected.push(("queue/spsc_1M/1024", peer));
    }
    assert_eq!(cases, expected);

    // `all_cases` runs them after the vectors and strings.
    let mut all = RunOnce::default();
    suite::all_cases(&mut all);
    assert_eq!(
        all.calls[all.calls.len() - cases.len()..],
        visitor.calls[..]
    );
}
