//! Criterion benches of the queue workloads: `StackQueue` against `heapless::spsc::Queue`,
//! crossbeam's `ArrayQueue` and `VecDeque`, on one thread (capacity 64) and between a producer
//! thread and a consumer thread (capacity 1024, 2^20 `u64` values per iteration).
//!
//! `cargo bench -p avila-alloc-bench --bench queue [-- <filter>]`, e.g. `-- queue/spsc`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn queue_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_queue::queue_cases(&mut visitor);
    visitor.flush();
}

criterion_group! {
    name = benches;
    // An SPSC iteration passes 2^20 values (milliseconds): ten samples keep a run short, and
    // criterion still reports their spread.
    config = Criterion::default().sample_size(10);
    targets = queue_benches
}
criterion_main!(benches);
