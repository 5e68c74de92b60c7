//! Criterion benches of the byte allocators: avila's `Heap` against talc, rlsf,
//! linked_list_allocator and buddy_system_allocator, each behind the same spin lock.
//!
//! `cargo bench -p avila-alloc-bench --bench heap [-- <filter>]`, e.g. `-- heap/churn`. The
//! talc-method rows (random actions, efficiency, latency) are the report binary's:
//! `cargo run --release -p avila-alloc-bench -- --filter heap`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn heap_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_heap::heap_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, heap_benches);
criterion_main!(benches);
