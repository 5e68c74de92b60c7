//! Shared ownership and interior mutability without a heap.
//!
//! - [`StackRc`] and [`StackWeak`]: std's `Rc` and `Weak` for one thread, whose allocations are
//!   slots of a fixed [`RcPool`] (no heap).
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

pub mod ref_cell;
pub mod stack_rc;

pub use self::ref_cell::{
    BorrowError, BorrowMutError, BorrowState, Holders, Ref, RefMut, StackRefCell,
};
pub use self::stack_rc::{RcPool, StackRc, StackWeak};
