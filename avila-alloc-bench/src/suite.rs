//! The cases of the head-to-head: every workload, at every capacity, for every peer.
//!
//! The suite is described once, here, and handed to a [`Visitor`]: the report binary's
//! [`harness`](crate::harness) implements one, the criterion benches another, so both measure
//! the same routines in the same order. A *case* is one row of the report (`vec/push/256`); each
//! visitor call adds one peer's routine to it.
//!
//! To add rows (another container, an allocator), write the workload, add the case here with one
//! visitor call per peer, and both the benches and the report pick it up.

use core::fmt;

use crate::peers::{BenchString, BenchVec, StdString, StdVec};
pub use crate::suite_map::{MapWorkload, map_case_name, map_cases};
use crate::workloads;

/// Receives the routines of the suite, case by case, peer by peer.
///
/// Calls for one case are consecutive, and within a case the subject (`avila`) comes first.
///
/// A routine's output was made observable by the workload itself; the routine drops it in
/// place (`let _ = workload();`, no move), so its drop is timed with the run.
pub trait Visitor {
    /// A routine timed as a whole, output included (its drop is part of the run).
    fn plain<F>(&mut self, case: &str, peer: &'static str, routine: F)
    where
        F: FnMut() + 'static;

    /// A routine that consumes a fresh input each run (a full vector to pop from).
    ///
    /// `setup` makes one input outside the timed region; inputs are made `batch` at a time and
    /// then run through `routine` back to back (so the timer is read once per batch, and the
    /// inputs of a batch stay in cache).
    fn batched<I, S, F>(
        &mut self,
        case: &str,
        peer: &'static str,
        batch: usize,
        setup: S,
        routine: F,
    ) where
        I: 'static,
        S: FnMut() -> I + 'static,
        F: FnMut(&mut I) + 'static;

    /// Sets how thoroughly the cases visited from now on are sampled, relative to the front
    /// end's configuration (a large grid of rows, like the map's, asks for [`Sampling::Light`]).
    /// Front ends may ignore it.
    fn sampling(&mut self, sampling: Sampling) {
        let _ = sampling;
    }
}

/// How thoroughly a case is sampled; see [`Visitor::sampling`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sampling {
    /// The front end's configuration as it is.
    #[default]
    Full,
    /// About a third of the samples, each half as long: for grids of many rows.
    Light,
}

/// Bytes of vector contents prepared per batch by [`Visitor::batched`] routines: the inputs of
/// one batch fit in L2 with room to spare.
pub const BATCH_BYTES: usize = 64 * 1024;

/// The vector workloads of [`workloads::vec`], as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VecWorkload {
    /// [`workloads::vec::push`].
    Push,
    /// [`workloads::vec::pop_all`].
    Pop,
    /// [`workloads::vec::extend_from_slice`].
    ExtendFromSlice,
    /// [`workloads::vec::insert_front`].
    InsertFront,
    /// [`workloads::vec::remove_front`].
    RemoveFront,
    /// [`workloads::vec::iterate`].
    Iterate,
    /// [`workloads::vec::clone`].
    Clone,
}

impl VecWorkload {
    /// Every vector workload, in report order.
    pub const ALL: [Self; 7] = [
        Self::Push,
        Self::Pop,
        Self::ExtendFromSlice,
        Self::InsertFront,
        Self::RemoveFront,
        Self::Iterate,
        Self::Clone,
    ];

    /// The vector capacities the suite runs each workload at.
    pub const CAPACITIES: [usize; 2] = [16, 256];

    /// The name in case names (`vec/<name>/<capacity>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Push => "push",
            Self::Pop => "pop",
            Self::ExtendFromSlice => "extend_from_slice",
            Self::InsertFront => "insert_front",
            Self::RemoveFront => "remove_front",
            Self::Iterate => "iterate",
            Self::Clone => "clone",
        }
    }
}

impl fmt::Display for VecWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The string workloads of [`workloads::string`], as rows of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StringWorkload {
    /// [`workloads::string::push_str`].
    PushStr,
    /// [`workloads::string::push_char`] with [`ASCII`](workloads::string::ASCII).
    PushCharAscii,
    /// [`workloads::string::push_char`] with [`MIXED`](workloads::string::MIXED).
    PushCharMixed,
    /// [`workloads::string::write_ints`].
    WriteInts,
}

impl StringWorkload {
    /// Every string workload, in report order.
    pub const ALL: [Self; 4] = [
        Self::PushStr,
        Self::PushCharAscii,
        Self::PushCharMixed,
        Self::WriteInts,
    ];

    /// The string capacities (bytes) the suite runs each workload at.
    pub const CAPACITIES: [usize; 2] = [64, 512];

    /// The name in case names (`string/<name>/<capacity>`).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::PushStr => "push_str",
            Self::PushCharAscii => "push_char_ascii",
            Self::PushCharMixed => "push_char_mixed",
            Self::WriteInts => "write_ints",
        }
    }
}

impl fmt::Display for StringWorkload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every case of the suite: vectors, strings, deques, rings, boxes, reference cells, hash maps, arenas,
/// shared arenas, typed arenas, generational arenas, slabs, lock-free pools, reference counting, allocation trackers,
/// general-purpose allocators, heaps, then queues.
pub fn all_cases(vis: &mut impl Visitor) {
    vec_cases(vis);
    string_cases(vis);
    crate::suite_deque::deque_cases(vis);
    crate::suite_deque::ring_cases(vis);
    crate::boxed::box_cases(vis);
    crate::ref_cell::ref_cell_cases(vis);
    map_cases(vis);
    crate::suite_arena::arena_cases(vis);
    crate::mpmc_arena::mpmc_arena_cases(vis);
    crate::typed_arena::typed_arena_cases(vis);
    crate::scope_arena::scope_arena_cases(vis);
    crate::suite_gen_arena::gen_arena_cases(vis);
    crate::suite_slab::slab_cases(vis);
    crate::lock_free_pool::lock_free_pool_cases(vis);
    crate::stack_rc::stack_rc_cases(vis);
    crate::stack_arc::stack_arc_cases(vis);
    crate::suite_track::track_cases(vis);
    crate::suite_os_heap::os_heap_cases(vis);
    crate::suite_heap::heap_cases(vis);
    crate::suite_queue::queue_cases(vis);
}

/// The vector cases: each [`VecWorkload`] at capacities 16 and 256, for every peer.
pub fn vec_cases(vis: &mut impl Visitor) {
    for workload in VecWorkload::ALL {
        vec_peers::<16>(vis, workload);
        vec_peers::<256>(vis, workload);
    }
}

/// The string cases: each [`StringWorkload`] at capacities 64 and 512 bytes, for every peer.
pub fn string_cases(vis: &mut impl Visitor) {
    for workload in StringWorkload::ALL {
        string_peers::<64>(vis, workload);
        string_peers::<512>(vis, workload);
    }
}

fn vec_peers<const N: usize>(vis: &mut impl Visitor, workload: VecWorkload) {
    vec_case::<avila_alloc::StackVec<u32, N>>(vis, workload);
    vec_case::<arrayvec::ArrayVec<u32, N>>(vis, workload);
    vec_case::<heapless::Vec<u32, N>>(vis, workload);
    vec_case::<StdVec<u32, N>>(vis, workload);
}

fn string_peers<const N: usize>(vis: &mut impl Visitor, workload: StringWorkload) {
    string_case::<avila_alloc::StackString<N>>(vis, workload);
    string_case::<arrayvec::ArrayString<N>>(vis, workload);
    string_case::<heapless::String<N>>(vis, workload);
    string_case::<StdString<N>>(vis, workload);
}

/// The case name of a vector workload at capacity `capacity`.
#[must_use]
pub fn vec_case_name(workload: VecWorkload, capacity: usize) -> String {
    format!("vec/{workload}/{capacity}")
}

/// The case name of a string workload at capacity `capacity`.
#[must_use]
pub fn string_case_name(workload: StringWorkload, capacity: usize) -> String {
    format!("string/{workload}/{capacity}")
}

fn vec_case<V: BenchVec<u32> + 'static>(vis: &mut impl Visitor, workload: VecWorkload) {
    use workloads::vec;

    let case = vec_case_name(workload, V::CAPACITY);
    let batch = (BATCH_BYTES / (V::CAPACITY * size_of::<u32>())).clamp(16, 1024);
    let peer = V::PEER;
    match workload {
        VecWorkload::Push => vis.plain(&case, peer, || {
            let _ = vec::push::<V>();
        }),
        VecWorkload::Pop => {
            vis.batched(&case, peer, batch, vec::full::<V>, |v: &mut V| {
                let _ = vec::pop_all(v);
            });
        }
        VecWorkload::ExtendFromSlice => {
            vis.plain(&case, peer, || {
                let _ = vec::extend_from_slice::<V>();
            });
        }
        VecWorkload::InsertFront => vis.plain(&case, peer, || {
            let _ = vec::insert_front::<V>();
        }),
        VecWorkload::RemoveFront => {
            vis.batched(&case, peer, batch, vec::full::<V>, |v: &mut V| {
                let _ = vec::remove_front(v);
            });
        }
        VecWorkload::Iterate => {
            let v = vec::full::<V>();
            vis.plain(&case, peer, move || {
                let _ = vec::iterate(&v);
            });
        }
        VecWorkload::Clone => {
            let v = vec::full::<V>();
            vis.plain(&case, peer, move || {
                let _ = vec::clone(&v);
            });
        }
    }
}

fn string_case<S: BenchString + 'static>(vis: &mut impl Visitor, workload: StringWorkload) {
    use workloads::string;

    let case = string_case_name(workload, S::CAPACITY);
    let peer = S::PEER;
    match workload {
        StringWorkload::PushStr => vis.plain(&case, peer, || {
            let _ = string::push_str::<S>();
        }),
        StringWorkload::PushCharAscii => {
            let chars = string::fill_chars(&string::ASCII, S::CAPACITY);
            vis.plain(&case, peer, move || {
                let _ = string::push_char::<S>(&chars);
            });
        }
        StringWorkload::PushCharMixed => {
            let chars = string::fill_chars(&string::MIXED, S::CAPACITY);
            vis.plain(&case, peer, move || {
                let _ = string::push_char::<S>(&chars);
            });
        }
        StringWorkload::WriteInts => vis.plain(&case, peer, || {
            let _ = string::write_ints::<S>();
        }),
    }
}
