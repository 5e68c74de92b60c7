//! Criterion benches of the hash map workloads: `StackHashMap` against heapless's `FnvIndexMap`,
//! hashbrown and `std`'s `HashMap`, at capacities 64, 1024 and 4096 filled to 50, 75 and 100%.
//!
//! `cargo bench -p avila-alloc-bench --bench map [-- <filter>]`, e.g. `-- map/fnv/get_hit/1024`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn map_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite::map_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, map_benches);
criterion_main!(benches);
