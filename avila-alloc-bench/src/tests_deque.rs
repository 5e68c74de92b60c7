//! The deque and ring workloads compute the same result for every peer, checked against a plain
//! `VecDeque` model, so none can silently measure nothing; plus the shape of their cases.

#![allow(
    clippy::std_instead_of_alloc,
    reason = "std's `VecDeque` is a peer here; this crate does not link `alloc` by name"
)]

use std::collections::VecDeque;

use crate::peers::{AVILA, HEAPLESS, STD};
use crate::peers_deque::{BenchDeque, BenchDequeMiddle, BenchRing, StdDeque, StdRing};
use crate::suite::{self, Visitor};
use crate::suite_deque::{DequeWorkload, RingWorkload};
use crate::workloads_deque::{SEED, SOURCE, deque, ring};

fn contents<'a>(items: impl Iterator<Item = &'a u32>) -> Vec<u32> {
    items.copied().collect()
}

fn sum(items: &[u32]) -> u64 {
    items.iter().map(|&x| u64::from(x)).sum()
}

/// What each deque workload produced for one peer.
#[derive(Debug, PartialEq, Eq)]
struct DequeResults {
    full: Vec<u32>,
    churn_sum: u64,
    after_churn: Vec<u32>,
    push_both: Vec<u32>,
    pop_sum: u64,
    pop_left: usize,
    iterate: u64,
}

fn deque_results<D: BenchDeque<u32>>() -> DequeResults {
    let mut churned = deque::half_full::<D>();
    let churn_sum = deque::churn(&mut churned);
    let mut popped = deque::full::<D>();
    let pop_sum = deque::pop_both(&mut popped);
    DequeResults {
        full: contents(deque::full::<D>().iter()),
        churn_sum,
        after_churn: contents(churned.iter()),
        push_both: contents(deque::push_both::<D>().iter()),
        pop_sum,
        pop_left: popped.len(),
        iterate: deque::iterate(&deque::full::<D>()),
    }
}

/// The result every peer must produce, from a `VecDeque` without capacity limit.
fn deque_model(n: usize) -> DequeResults {
    let source = &SOURCE[..n];
    let pushed: Vec<u32> = (0..n as u32).map(|i| SEED + i).collect();
    let mut both = VecDeque::new();
    for (i, &x) in pushed.iter().enumerate() {
        if i % 2 == 0 {
            both.push_back(x);
        } else {
            both.push_front(x);
        }
    }
    DequeResults {
        full: source.to_vec(),
        // `n` pops: the `n / 2` values it held, then the first of the pushed ones.
        churn_sum: sum(&source[..n / 2]) + sum(&pushed[..n - n / 2]),
        after_churn: pushed[n - n / 2..].to_vec(),
        push_both: both.into(),
        pop_sum: sum(source),
        pop_left: 0,
        iterate: sum(source),
    }
}

/// What the middle workloads produced.
#[derive(Debug, PartialEq, Eq)]
struct MiddleResults {
    insert_middle: Vec<u32>,
    remove_sum: u64,
    remove_left: usize,
}

fn middle_results<D: BenchDequeMiddle<u32>>() -> MiddleResults {
    let mut removed = deque::full::<D>();
    let remove_sum = deque::remove_middle(&mut removed);
    MiddleResults {
        insert_middle: contents(deque::insert_middle::<D>().iter()),
        remove_sum,
        remove_left: removed.len(),
    }
}

fn middle_model(n: usize) -> MiddleResults {
    let mut inserted = VecDeque::new();
    for i in 0..n as u32 {
        inserted.insert(inserted.len() / 2, SEED + i);
    }
    MiddleResults {
        insert_middle: inserted.into(),
        remove_sum: sum(&SOURCE[..n]),
        remove_left: 0,
    }
}

/// What the ring workloads produced.
#[derive(Debug, PartialEq, Eq)]
struct RingResults {
    full: Vec<u32>,
    iterate: u64,
    after_overwrite: Vec<u32>,
}

fn ring_results<R: BenchRing<u32>>() -> RingResults {
    let full = ring::full::<R>();
    let mut overwritten = ring::full::<R>();
    ring::overwrite(&mut overwritten);
    RingResults {
        full: contents(full.iter()),
        iterate: ring::iterate(&full),
        after_overwrite: contents(overwritten.iter()),
    }
}

fn ring_model(n: usize) -> RingResults {
    let full: Vec<u32> = (n / 2..n + n / 2).map(|i| SOURCE[i % n]).collect();
    RingResults {
        iterate: sum(&full),
        full,
        after_overwrite: (0..n as u32).map(|i| SEED + i).collect(),
    }
}

fn check_peers<const N: usize>() {
    let model = deque_model(N);
    assert_eq!(
        deque_results::<avila_alloc::StackDeque<u32, N>>(),
        model,
        "avila, N = {N}"
    );
    assert_eq!(
        deque_results::<heapless::Deque<u32, N>>(),
        model,
        "heapless, N = {N}"
    );
    assert_eq!(deque_results::<StdDeque<u32, N>>(), model, "std, N = {N}");
    let model = middle_model(N);
    assert_eq!(
        middle_results::<avila_alloc::StackDeque<u32, N>>(),
        model,
        "avila, N = {N}"
    );
    assert_eq!(middle_results::<StdDeque<u32, N>>(), model, "std, N = {N}");
    let model = ring_model(N);
    assert_eq!(
        ring_results::<avila_alloc::StackRing<u32, N>>(),
        model,
        "avila, N = {N}"
    );
    assert_eq!(
        ring_results::<heapless::HistoryBuf<u32, N>>(),
        model,
        "heapless, N = {N}"
    );
    assert_eq!(ring_results::<StdRing<u32, N>>(), model, "std, N = {N}");
}

#[test]
fn deque_and_ring_workloads_agree_with_the_model_for_every_peer() {
    check_peers::<16>();
    check_peers::<1024>();
    check_peers::<5>();
}

/// Records the case and peer names of every routine, running each once.
#[derive(Default)]
struct Names(Vec<(String, &'static str)>);

impl Visitor for Names {
    fn plain<F: FnMut() + 'static>(&mut self, case: &str, peer: &'static str, mut routine: F) {
        routine();
        self.0.push((case.to_owned(), peer));
    }

    fn batched<I, S, F>(
        &mut self,
        case: &str,
        peer: &'static str,
        batch: usize,
        mut setup: S,
        mut routine: F,
    ) where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static,
    {
        assert!((16..=1024).contains(&batch), "{case}: batch {batch}");
        routine(&mut setup());
        self.0.push((case.to_owned(), peer));
    }
}

#[test]
fn every_deque_and_ring_case_runs_for_its_peers() {
    let mut all = Names::default();
    suite::all_cases(&mut all);
    let mut expected = Vec::new();
    for workload in DequeWorkload::ALL {
        for n in DequeWorkload::CAPACITIES {
            let name = format!("deque/{workload}/{n}");
            expected.push((name.clone(), AVILA));
            if workload.heapless_has_it() {
                expected.push((name.clone(), HEAPLESS));
            }
            expected.push((name, STD));
        }
    }
    for workload in RingWorkload::ALL {
        for n in DequeWorkload::CAPACITIES {
            let name = format!("ring/{workload}/{n}");
            for peer in [AVILA, HEAPLESS, STD] {
                expected.push((name.clone(), peer));
            }
        }
    }
    let ours: Vec<(String, &str)> = all
        .0
        .into_iter()
        .filter(|(case, _)| case.starts_with("deque/") || case.starts_with("ring/"))
        .collect();
    assert_eq!(ours, expected);
    assert_eq!(ours.len(), 8 * 3 + 4 * 2 + 4 * 3);
}
