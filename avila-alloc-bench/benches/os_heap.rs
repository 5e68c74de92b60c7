//! Criterion benches of the general-purpose allocators: avila's `OsHeap` against the system
//! allocator and `mimalloc`, each used as a `GlobalAlloc` value, on one and two threads.
//!
//! `cargo bench -p avila-alloc-bench --bench os_heap [-- <filter>]`, e.g. `-- os_heap/churn`.
//! (The real-program row, with each allocator installed, is the report's only.)

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn os_heap_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_os_heap::os_heap_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, os_heap_benches);
criterion_main!(benches);
