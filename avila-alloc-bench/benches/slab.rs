//! Criterion benches of the slab: `SlabAllocator` against the `slab` crate.
//!
//! `cargo bench -p avila-alloc-bench --bench slab [-- <filter>]`, e.g. `-- slab/insert_remove`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn slab_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_slab::slab_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, slab_benches);
criterion_main!(benches);
