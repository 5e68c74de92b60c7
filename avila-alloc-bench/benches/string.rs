//! Criterion benches of the string workloads: `StackString` against `ArrayString`,
//! `heapless::String` and `String`, at capacities 64 and 512 bytes.
//!
//! `cargo bench -p avila-alloc-bench --bench string [-- <filter>]`, e.g. `-- string/push_str`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn string_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite::string_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, string_benches);
criterion_main!(benches);
