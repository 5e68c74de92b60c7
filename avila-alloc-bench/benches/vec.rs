//! Criterion benches of the vector workloads: `StackVec` against `ArrayVec`, `heapless::Vec` and
//! `Vec`, at capacities 16 and 256 (`u32` elements).
//!
//! `cargo bench -p avila-alloc-bench --bench vec [-- <filter>]`, e.g. `-- vec/push/256`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn vec_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite::vec_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, vec_benches);
criterion_main!(benches);
