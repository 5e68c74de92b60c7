//! Shared ownership and interior mutability without a heap.
//!
//! - [`StackRc`] and [`StackWeak`]: std's `Rc` and `Weak` for one thread, whose allocations are
//!   slots of a fixed [`RcPool`] (no heap).
//! - `StackArc` and `StackArcWeak`: the same for many threads (std's `Arc` and `Weak`), over
//!   an `ArcPool` that can be a `static`; atomic counts, slots handed out by a lock-free free
//!   list (needs compare-and-swap, like `LockFreePool`).
//! - [`StackRefCell<T>`]: std's `RefCell` whose borrow conflicts name the source location where
//!   the borrow still held was taken, in the panic message and in [`BorrowError`] /
//!   [`BorrowMutError`].
//!
//! ```
//! use avila_alloc::rc::StackRefCell;
//!
//! let cell = StackRefCell::new(0);
//! let reader = cell.borrow();
//! let error = cell.try_borrow_mut().unwrap_err();
//! // "StackRefCell cannot be borrowed mutably: it is borrowed (taken at src/lib.rs:5:19)"
//! assert_eq!(error.held_at().next().unwrap().line(), line!() - 3);
//! drop(reader);
//! *cell.borrow_mut() += 1;
//! ```

/// The trait impls a pool-backed shared pointer (`StackRc`, `StackArc`) forwards to its value
/// through `Deref`, as std's `Rc` and `Arc` do: `AsRef`, `Borrow`, `Debug`, `Display`, `Pointer`
/// (the value's address, from the type's `as_ptr`), `PartialEq`, `Eq`, `PartialOrd`, `Ord` and
/// `Hash`.
macro_rules! forward_to_value {
    ($pointer:ident) => {
        impl<T, const N: usize> AsRef<T> for $pointer<'_, T, N> {
            fn as_ref(&self) -> &T {
                self
            }
        }

        impl<T, const N: usize> core::borrow::Borrow<T> for $pointer<'_, T, N> {
            fn borrow(&self) -> &T {
                self
            }
        }

        impl<T: core::fmt::Debug, const N: usize> core::fmt::Debug for $pointer<'_, T, N> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                (**self).fmt(f)
            }
        }

        impl<T: core::fmt::Display, const N: usize> core::fmt::Display for $pointer<'_, T, N> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                (**self).fmt(f)
            }
        }

        impl<T, const N: usize> core::fmt::Pointer for $pointer<'_, T, N> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Pointer::fmt(&Self::as_ptr(self), f)
            }
        }

        impl<T: PartialEq, const N: usize> PartialEq for $pointer<'_, T, N> {
            fn eq(&self, other: &Self) -> bool {
                **self == **other
            }
        }

        impl<T: Eq, const N: usize> Eq for $pointer<'_, T, N> {}

        impl<T: PartialOrd, const N: usize> PartialOrd for $pointer<'_, T, N> {
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                (**self).partial_cmp(&**other)
            }
        }

        impl<T: Ord, const N: usize> Ord for $pointer<'_, T, N> {
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                (**self).cmp(&**other)
            }
        }

        impl<T: core::hash::Hash, const N: usize> core::hash::Hash for $pointer<'_, T, N> {
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                (**self).hash(state);
            }
        }
    };
}

pub mod ref_cell;
#[cfg(avila_cas)]
pub mod stack_arc;
pub mod stack_rc;

pub use self::ref_cell::{
    BorrowError, BorrowMutError, BorrowState, Holders, Ref, RefMut, StackRefCell,
};
#[cfg(avila_cas)]
pub use self::stack_arc::{ArcPool, StackArc, StackArcWeak};
pub use self::stack_rc::{RcPool, StackRc, StackWeak};
