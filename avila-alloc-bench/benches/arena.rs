//! Criterion benches of the bump arenas: `Arena` and `StackArena` against `bumpalo::Bump`, and
//! `MpmcArena` against `bumpalo::Bump` behind a mutex (`-- mpmc_arena/`), `TypedArena` against
//! `typed_arena::Arena` and `bumpalo::Bump` (`-- typed_arena/`), `ScopeArena` against
//! `bumpalo::Bump` (`-- scope_arena/`).
//!
//! `cargo bench -p avila-alloc-bench --bench arena [-- <filter>]`, e.g. `-- arena/alloc_u64`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn arena_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::suite_arena::arena_cases(&mut visitor);
    avila_alloc_bench::mpmc_arena::mpmc_arena_cases(&mut visitor);
    avila_alloc_bench::typed_arena::typed_arena_cases(&mut visitor);
    avila_alloc_bench::scope_arena::scope_arena_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, arena_benches);
criterion_main!(benches);
