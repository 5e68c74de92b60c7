//! [`RcOp`] and [`run_rc_ops`]: `StackRc`/`StackWeak` in an `RcPool<Value, 4>` against std's
//! `Rc`/`Weak` driven through the same operations (the runner is shared with `StackArc`'s, see
//! [`ref_count`](super::ref_count)). After each one the two agree on every value, strong and
//! weak count, upgrade and `ptr_eq`; the pool's `len` is the number of std allocations still
//! alive (held by a strong or a weak reference); a refusal happens only when a new slot is needed
//! and all are in use; and no `Tracked` is leaked or dropped twice.

use alloc::rc::{Rc, Weak};

use avila_alloc::rc::{RcPool, StackRc, StackWeak};

use crate::Tracked as Value;
pub use crate::ops::ref_count::RefCountOp as RcOp;

/// The capacity of the pool under test.
pub const RC_POOL_CAPACITY: usize = 4;

crate::ops::ref_count::ref_count_model! {
    run: run_rc_ops,
    pool: RcPool<Value, RC_POOL_CAPACITY>,
    capacity: RC_POOL_CAPACITY,
    new: rc,
    ours: (StackRc, StackWeak),
    std: (Rc, Weak),
    len: |pool: &RcPool<Value, RC_POOL_CAPACITY>| Some(pool.len()),
}
