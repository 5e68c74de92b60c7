#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![cfg_attr(feature = "nightly", feature(allocator_api, ptr_metadata, unsize))]
#![deny(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
// loom (`--cfg loom`) needs std: its thread-locals and runtime.
#[cfg(any(test, loom, feature = "std"))]
extern crate std;

pub mod arena;
pub mod collections;
#[cfg(feature = "nightly")]
mod core_alloc;
pub mod error;
pub mod hash;
pub mod heap;
mod macros;
pub mod pool;
pub mod rc;
mod sync;
#[cfg(test)]
mod test_util;
#[cfg(feature = "std")]
mod thread_number;
#[cfg(target_has_atomic = "ptr")]
pub mod track;

pub use crate::arena::{Arena, GenArena, GenKey, ScopeArena, StackArena, StackScopeArena};
pub use crate::collections::{
    StackBox, StackDeque, StackHashMap, StackHashSet, StackQueue, StackRing, StackString, StackVec,
};
pub use crate::error::{AllocError, AllocErrorKind, CapacityError, FromUtf8Error};
pub use crate::hash::{AvilaHasher, FixedState, SeededState};
pub use crate::heap::{BuddyAllocator, Heap, HeapStats, RawAlloc};
pub use crate::pool::{PoolBox, SizedPool, SlabAllocator};
#[cfg(avila_cas)]
pub use crate::rc::{ArcPool, StackArc};
pub use crate::rc::{RcPool, StackRc, StackRefCell};
