//! The real program with `avila_alloc_bench::peers_os_heap::OsHeap` installed as the global allocator (see
//! `avila_alloc_bench::real_program`).

#[global_allocator]
static GLOBAL: avila_alloc_bench::peers_os_heap::OsHeap =
    avila_alloc_bench::peers_os_heap::os_heap();

fn main() {
    avila_alloc_bench::real_program::main();
}
