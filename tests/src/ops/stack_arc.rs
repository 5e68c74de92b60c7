//! [`ArcOp`] and [`run_arc_ops`]: `StackArc`/`StackArcWeak` in an `ArcPool<Value, 4>` against
//! std's `Arc`/`Weak` driven through the same operations as `StackRc` against `Rc` (the runner is
//! shared, see [`ref_count`](super::ref_count)), single-threaded: the threads are loom's and the
//! unit tests' business. `ArcPool` has no `len`, so the slots in use are checked through the
//! refusals (only when std holds 4 allocations alive) and at the end (every slot comes back).
//! `TryUnwrap { into_inner: true }` checks `into_inner`, which for `Arc` is not
//! `try_unwrap(..).ok()`.

use alloc::sync::{Arc, Weak};

use avila_alloc::rc::{ArcPool, StackArc, StackArcWeak};

use crate::Tracked as Value;
pub use crate::ops::ref_count::RefCountOp as ArcOp;

/// The capacity of the pool under test.
pub const ARC_POOL_CAPACITY: usize = 4;

crate::ops::ref_count::ref_count_model! {
    run: run_arc_ops,
    pool: ArcPool<Value, ARC_POOL_CAPACITY>,
    capacity: ARC_POOL_CAPACITY,
    new: arc,
    ours: (StackArc, StackArcWeak),
    std: (Arc, Weak),
    len: |_: &ArcPool<Value, ARC_POOL_CAPACITY>| None::<usize>,
}
