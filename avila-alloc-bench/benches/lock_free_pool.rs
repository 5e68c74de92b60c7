//! Criterion benches of the lock-free pool: `LockFreePool` against its peers.
//!
//! `cargo bench -p avila-alloc-bench --bench lock_free_pool [-- <filter>]`, e.g. `-- pool/pair/`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn lock_free_pool_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::lock_free_pool::lock_free_pool_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, lock_free_pool_benches);
criterion_main!(benches);
