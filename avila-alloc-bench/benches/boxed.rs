//! Criterion benches of the inline box: `StackBox<dyn ..>` against `Box<dyn ..>`.
//!
//! `cargo bench -p avila-alloc-bench --bench boxed [-- <filter>]`, e.g. `-- box/call_64`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn box_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::boxed::box_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, box_benches);
criterion_main!(benches);
