//! Criterion benches of the generational arena: `GenArena` against `slotmap::SlotMap` and
//! `thunderdome::Arena`.
//!
//! `cargo bench -p avila-alloc-bench --bench gen_arena [-- <filter>]`, e.g.
//! `-- gen_arena/get_hit`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn gen_arena_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_gen_arena::gen_arena_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, gen_arena_benches);
criterion_main!(benches);
