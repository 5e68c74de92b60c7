//! How an arena keeps its bump offset: in a `Cell` for one thread ([`Arena`](super::Arena),
//! [`StackArena`](super::StackArena)), or in an atomic shared by many
//! ([`MpmcArena`](super::MpmcArena), [`StackMpmcArena`](super::StackMpmcArena)).
//! [`BumpArena`](super::BumpArena) is written once over the [`Offset`] trait.
//!
//! Every change of the offset through `&self` is a compare-and-replace of the value the arena
//! read: for a `Cell` it always succeeds (nothing else can have changed it in between, so the
//! compiler folds the comparison away and the code is the plain read, add, write), for the
//! atomic it is a compare-exchange, and the arena retries or gives up when another thread moved
//! the offset first. Changes through `&mut self` (`reset`, rewinding a checkpoint) are plain
//! writes for both.

use core::cell::Cell;

mod sealed {
    /// Only this crate's offsets: the arena trusts `replace` to be atomic where it says so.
    pub trait Sealed {}
}

/// The bump offset of a [`BumpArena`](super::BumpArena): `Cell<usize>` (one thread, the default)
/// or [`AtomicOffset`] (shared between threads). Sealed.
pub trait Offset: sealed::Sealed {
    /// The current offset.
    #[doc(hidden)]
    fn load(&self) -> usize;

    /// Sets the offset to `new` if it still is `current`; whether it did.
    #[doc(hidden)]
    fn replace(&self, current: usize, new: usize) -> bool;

    /// Sets the offset through exclusive access.
    #[doc(hidden)]
    fn set_mut(&mut self, new: usize);

    /// Moves the offset from its current value `top` to `end` where `place(top)` is
    /// `Some((start, end))`, and returns `start`; `None` (offset unchanged) when `place` says the
    /// block does not fit. Atomic offsets retry with the new value when another thread moved the
    /// offset first.
    #[doc(hidden)]
    fn bump(&self, place: impl Fn(usize) -> Option<(usize, usize)>) -> Option<usize>;
}

impl sealed::Sealed for Cell<usize> {}

impl Offset for Cell<usize> {
    #[inline(always)]
    fn load(&self) -> usize {
        self.get()
    }

    #[inline(always)]
    fn replace(&self, current: usize, new: usize) -> bool {
        // One thread: the offset is what the caller read a moment ago.
        debug_assert_eq!(self.get(), current);
        self.set(new);
        true
    }

    #[inline(always)]
    fn set_mut(&mut self, new: usize) {
        *self.get_mut() = new;
    }

    #[inline(always)]
    fn bump(&self, place: impl Fn(usize) -> Option<(usize, usize)>) -> Option<usize> {
        // No loop: a loop that always ends after one pass still kept LLVM from hoisting the
        // buffer's base pointer out of callers' loops (one more instruction per allocation).
        let (start, end) = place(self.get())?;
        self.set(end);
        Some(start)
    }
}

#[cfg(avila_cas)]
pub use self::atomic::AtomicOffset;

#[cfg(avila_cas)]
mod atomic {
    use core::fmt;

    use super::{Offset, sealed};
    use crate::sync::{AtomicMut, AtomicUsize, Ordering};

    /// The bump offset of an arena shared between threads: an atomic `usize` moved by
    /// compare-exchange. Behind [`MpmcArena`](crate::arena::MpmcArena) and
    /// [`StackMpmcArena`](crate::arena::StackMpmcArena).
    ///
    /// A successful move is `AcqRel`: bytes given back to the arena by one thread (the last block
    /// shrunk or deallocated) and handed out again to another are written by the second only after
    /// the first's accesses (the second's compare-exchange reads the value the first one wrote).
    pub struct AtomicOffset(AtomicUsize);

    impl AtomicOffset {
        /// Offset 0.
        #[cfg(not(loom))]
        pub(in crate::arena) const fn new() -> Self {
            Self(AtomicUsize::new(0))
        }

        /// Offset 0 (loom's atomics cannot be made in a `const fn`).
        #[cfg(loom)]
        pub(in crate::arena) fn new() -> Self {
            Self(AtomicUsize::new(0))
        }
    }

    impl sealed::Sealed for AtomicOffset {}

    impl Offset for AtomicOffset {
        #[inline(always)]
        fn load(&self) -> usize {
            self.0.load(Ordering::Relaxed)
        }

        #[inline(always)]
        fn replace(&self, current: usize, new: usize) -> bool {
            self.0
                .compare_exchange(current, new, Ordering::AcqRel, Ordering::Relaxed)
                .is_ok()
        }

        #[inline(always)]
        fn set_mut(&mut self, new: usize) {
            self.0.exclusive(|offset| *offset = new);
        }

        #[inline(always)]
        fn bump(&self, place: impl Fn(usize) -> Option<(usize, usize)>) -> Option<usize> {
            let mut top = self.0.load(Ordering::Relaxed);
            loop {
                let (start, end) = place(top)?;
                match self
                    .0
                    .compare_exchange_weak(top, end, Ordering::AcqRel, Ordering::Relaxed)
                {
                    Ok(_) => return Some(start),
                    Err(now) => top = now,
                }
            }
        }
    }

    impl fmt::Debug for AtomicOffset {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_tuple("AtomicOffset").field(&self.load()).finish()
        }
    }
}
