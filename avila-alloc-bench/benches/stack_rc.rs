//! Criterion benches of reference counting: `StackRc` against `Rc`, and `StackArc` against `Arc`,
//! both also against heapless's `arc_pool`.
//!
//! `cargo bench -p avila-alloc-bench --bench stack_rc [-- <filter>]`, e.g. `-- rc/clone_drop` or
//! `-- arc/`.

#![allow(
    missing_docs,
    reason = "criterion_main! generates an undocumented `main`"
)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};

fn stack_rc_benches(c: &mut Criterion) {
    let mut visitor = common::CriterionVisitor::new(c);
    avila_alloc_bench::stack_rc::stack_rc_cases(&mut visitor);
    avila_alloc_bench::stack_arc::stack_arc_cases(&mut visitor);
    visitor.flush();
}

criterion_group!(benches, stack_rc_benches);
criterion_main!(benches);
