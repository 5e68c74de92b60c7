//! The real program with `mimalloc::MiMalloc` installed as the global allocator (see
//! `avila_alloc_bench::real_program`).

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    avila_alloc_bench::real_program::main();
}
