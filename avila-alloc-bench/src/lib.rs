//! Head-to-head benchmarks of `avila-alloc` against its peers.
//!
//! This library holds everything the two front ends share, so they measure the same code:
//!
//! - [`peers`]: one small trait per container kind ([`BenchVec`](peers::BenchVec),
//!   [`BenchString`](peers::BenchString)), implemented for `avila_alloc`, `arrayvec`, `heapless`
//!   and `std` (with capacity);
//! - [`workloads`]: the operations measured, generic over those traits;
//! - [`suite`]: every case (workload × capacity × peer), handed to a [`suite::Visitor`];
//! - [`harness`]: the report binary's timing harness (calibrated, interleaved samples);
//! - [`suite_heap`]: the heap rows (`heap/...`): byte allocators ([`peers_heap`]) under talc's
//!   benchmark method ([`workloads_heap`]), run by their own runner rather than the harness;
//! - [`suite_os_heap`]: the general-purpose allocator rows (`os_heap/...`): avila's `OsHeap`
//!   against the system allocator and `mimalloc` ([`peers_os_heap`], [`workloads_os_heap`]), and
//!   [`real_program`], the row with each one installed as the global allocator of its own binary;
//! - [`report`]: the table (rows of per-peer medians, ratios against `avila`) and its text,
//!   Markdown and CSV renderings.
//!
//! The front ends:
//!
//! - `cargo run --release -p avila-alloc-bench` — the report: a quick head-to-head of every
//!   workload, printed and written to `target/head-to-head/` (`--quick`, `--filter <substring>`,
//!   `--out <dir>`; `--help`);
//! - `cargo bench -p avila-alloc-bench --bench vec` (or `--bench string`) — the same cases under
//!   criterion, one group per case with the peers side by side.

extern crate alloc;

pub mod boxed;
pub mod harness;
pub mod lock_free_pool;
pub mod mpmc_arena;
pub mod peers;
pub mod peers_arena;
pub mod peers_deque;
pub mod peers_gen_arena;
pub mod peers_heap;
pub mod peers_map;
pub mod peers_os_heap;
pub mod peers_queue;
pub mod peers_slab;
pub mod peers_track;
pub mod real_program;
pub mod ref_cell;
pub mod report;
pub mod scope_arena;
pub mod stack_arc;
pub mod stack_rc;
pub mod suite;
pub mod suite_arena;
pub mod suite_deque;
pub mod suite_gen_arena;
pub mod suite_heap;
mod suite_map;
pub mod suite_os_heap;
pub mod suite_queue;
pub mod suite_slab;
pub mod suite_track;
pub mod typed_arena;
pub mod workloads;
pub mod workloads_arena;
pub mod workloads_deque;
pub mod workloads_gen_arena;
pub mod workloads_heap;
pub mod workloads_map;
pub mod workloads_os_heap;
pub mod workloads_queue;
pub mod workloads_slab;
pub mod workloads_track;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_arena;
#[cfg(test)]
mod tests_deque;
#[cfg(test)]
mod tests_gen_arena;
#[cfg(test)]
mod tests_heap;
#[cfg(test)]
mod tests_map;
#[cfg(test)]
mod tests_os_heap;
#[cfg(test)]
mod tests_queue;
#[cfg(test)]
mod tests_slab;
#[cfg(test)]
mod tests_track;
