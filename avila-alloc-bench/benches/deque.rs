//! Criterion benches of the deque and ring workloads: `StackDeque` against `heapless::Deque` and
//! `VecDeque`, `StackRing` against `heapless::HistoryBuf` and a `VecDeque`-based ring, at
//! capacities 16 and 1024 (`u32` elements).
//!
//! `cargo bench -p avila-alloc-bench --bench deque [-- <filter>]`, e.g. `-- deque/churn`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn deque_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_deque::deque_cases(&mut visitor);
    avila_alloc_bench::suite_deque::ring_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, deque_benches);
criterion_main!(benches);
