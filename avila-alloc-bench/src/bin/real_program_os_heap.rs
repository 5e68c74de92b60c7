//! The real program with avila's `OsHeap` installed as the global allocator (see
//! `avila_alloc_bench::real_program`).

#[global_allocator]
static GLOBAL: avila_alloc::heap::OsHeap = avila_alloc::heap::OsHeap::new();

fn main() {
    avila_alloc_bench::real_program::main();
}
