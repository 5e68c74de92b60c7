//! Criterion benches of the allocation trackers: `AllocationTracker` against `stats_alloc` and
//! the bare allocator.
//!
//! `cargo bench -p avila-alloc-bench --bench track [-- <filter>]`, e.g. `-- track/pair_system`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn track_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_track::track_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, track_benches);
criterion_main!(benches);
