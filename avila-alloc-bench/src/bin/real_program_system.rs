//! The real program with `std::alloc::System` installed as the global allocator (see
//! `avila_alloc_bench::real_program`).

#[global_allocator]
static GLOBAL: std::alloc::System = std::alloc::System;

fn main() {
    avila_alloc_bench::real_program::main();
}
