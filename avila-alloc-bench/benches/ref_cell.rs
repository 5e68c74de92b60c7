//! Criterion benches of the reference cell: `StackRefCell` against `RefCell`.
//!
//! `cargo bench -p avila-alloc-bench --bench ref_cell [-- <filter>]`, e.g. `-- ref_cell/two_readers_64`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn ref_cell_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::ref_cell::ref_cell_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, ref_cell_benches);
criterion_main!(benches);
