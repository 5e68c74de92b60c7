//! Workspace integration tests of `avila-alloc`: the shared operation enums and model runners.
//!
//! The property tests (`tests/model_*.rs`), the cargo-fuzz targets (`fuzz/`) and the benchmarks
//! all drive the containers through the same plain-data [`ops`] enums:
//!
//! - [`ops::arena::ArenaOp`], applied by [`run_arena_ops`] to a `StackArena<256>` (then a `StackMpmcArena<256>`) and to an exact
//!   model of its bump offset and live allocations;
//! - [`ops::gen_arena::GenArenaOp`], applied by [`run_gen_arena_ops`] to a
//!   `GenArena<Tracked, 8>` and to an exact model of its slots, generations and free list;
//! - [`ops::vec::VecOp`], applied by [`run_vec_ops`] to a `StackVec<Tracked, 16>` and to a
//!   `Vec<u16>` model;
//! - [`ops::string::StringOp`], applied by [`run_string_ops`] to a `StackString<32>` and to a
//!   `String` model;
//! - [`ops::deque::DequeOp`], applied by [`run_deque_ops`] to a `StackDeque<Tracked, 13>` and to
//!   a `VecDeque<u16>` model;
//! - [`ops::ring::RingOp`], applied by [`run_ring_ops`] to a `StackRing<Tracked, 7>` and to a
//!   `VecDeque<u16>` that drops its oldest value when full;
//! - [`ops::queue::QueueOp`], applied by [`run_queue_ops`] to a `StackQueue<Tracked, 7>`, directly
//!   and through its split halves, and to a `VecDeque<u16>` model;
//! - [`ops::hash_map::MapOp`] and [`ops::hash_set::SetOp`], applied by [`run_map_ops`] and
//!   [`run_set_ops`] to a `StackHashMap<Tracked, Tracked, 16>` and a `StackHashSet<Tracked, 16>`
//!   and to `HashMap`/`HashSet` models (and by the `_colliding` runners with a hasher that
//!   makes every key collide).
//! - [`ops::heap::HeapOp`], applied by [`run_heap_ops`] to a TLSF `Heap` over two regions (one
//!   of them extended during the run), checking alignment, non-overlap, contents and the heap's
//!   invariant checker after every operation (the `debug-invariants` feature is on here); by
//!   [`run_locked_heap_ops`] to a `LockedHeap<Heap, SpinLock>` through `GlobalAlloc` and
//!   `Allocator` with the same checks; by [`run_buddy_ops`] and [`run_locked_buddy_ops`] to a
//!   `BuddyAllocator` and a `LockedHeap` of one (all are [`run_ops_on`] a [`HeapTarget`] over a
//!   [`ModelHeap`]).
//! - [`ops::os_heap::OsHeapOp`], applied by [`run_os_heap_ops`] to an `OsHeap` value through
//!   `GlobalAlloc` from the calling thread and a worker thread (cross-thread frees, blocks that
//!   outlive the worker that allocated them), checking alignment, non-overlap against a
//!   `BTreeMap` of the live ranges, contents, and the heap's thread-cache and large-allocation
//!   counts at the end.
//! - [`ops::slab::SlabOp`], applied by [`run_slab_ops`] to a `SlabAllocator<Tracked, 8>` and to a
//!   `BTreeMap` model plus the stack of freed keys, which predicts every key handed out.
//! - [`ops::pool::PoolOp`], applied by [`run_pool_ops`] to a `SizedPool<24, 6>` through
//!   `PoolBox`es and `RawAlloc` at once, checking alignment, non-overlap, contents, refusals and
//!   the reuse order after every operation.
//!
//! The enums hold small integers only; the runners map them into valid arguments (an index
//! becomes `index % (len + 1)`, a string index becomes a `char` boundary, ...). Panicking methods
//! are only called when they cannot panic, since libFuzzer aborts on a panic: a full container
//! gets the `try_*` variant instead. After every operation the runner asserts that the container
//! and the model agree (contents, length, `is_full`, `remaining_capacity`), and for the vector
//! that the number of live [`Tracked`] values is exactly what the model holds, which catches
//! leaks and double drops.
//!
//! Both enums derive [`arbitrary::Arbitrary`] (for the fuzzer and for
//! [`arbitrary::Unstructured`]-driven tests) and, with the `proptest` feature (on by default),
//! `proptest::arbitrary::Arbitrary` through `proptest-derive`.

extern crate alloc;

#[cfg(doctest)]
pub mod book;
pub mod drive;
pub mod ops;
pub mod std_workloads;
mod tracked;

pub use crate::ops::RunStats;
pub use crate::ops::arena::{ARENA_CAPACITY, ArenaOp, run_arena_ops};
pub use crate::ops::boxed::{BOX_SLOTS, BoxOp, run_box_ops};
pub use crate::ops::deque::{DEQUE_CAPACITY, DequeOp, run_deque_ops};
pub use crate::ops::gen_arena::{GEN_ARENA_CAPACITY, GenArenaOp, run_gen_arena_ops};
pub use crate::ops::hash_map::{MAP_CAPACITY, MapOp, run_map_ops, run_map_ops_colliding};
pub use crate::ops::hash_set::{SET_CAPACITY, SetOp, run_set_ops, run_set_ops_colliding};
pub use crate::ops::heap::{
    HeapOp, HeapTarget, ModelHeap, run_buddy_ops, run_heap_ops, run_ops_on,
};
#[cfg(not(loom))]
pub use crate::ops::heap::{run_locked_buddy_ops, run_locked_heap_ops};
pub use crate::ops::lock_free_pool::{
    LOCK_FREE_POOL_CAPACITY, LockFreePoolOp, run_lock_free_pool_ops,
};
#[cfg(not(loom))]
pub use crate::ops::os_heap::{OsHeapCounts, OsHeapOp, run_os_heap_ops, run_os_heap_ops_counted};
pub use crate::ops::pool::{POOL_BLOCK, POOL_BLOCKS, PoolOp, run_pool_ops};
pub use crate::ops::queue::{QUEUE_CAPACITY, QueueOp, run_queue_ops};
pub use crate::ops::ref_cell::{REF_CELL_GUARDS, RefCellOp, run_ref_cell_ops};
pub use crate::ops::ring::{RING_CAPACITY, RingOp, run_ring_ops};
pub use crate::ops::scope_arena::{SCOPE_ARENA_CAPACITY, ScopeArenaOp, run_scope_arena_ops};
pub use crate::ops::slab::{SLAB_CAPACITY, SlabOp, run_slab_ops};
pub use crate::ops::stack_arc::{ARC_POOL_CAPACITY, ArcOp, run_arc_ops};
pub use crate::ops::stack_rc::{RC_POOL_CAPACITY, RcOp, run_rc_ops};
pub use crate::ops::string::{STRING_CAPACITY, StringOp, run_string_ops};
pub use crate::ops::typed_arena::{
    ExtendHint, TYPED_ARENA_FIRST_CHUNK, TypedArenaOp, run_typed_arena_ops,
};
pub use crate::ops::vec::{VEC_CAPACITY, VecOp, run_vec_ops};
pub use crate::tracked::Tracked;
