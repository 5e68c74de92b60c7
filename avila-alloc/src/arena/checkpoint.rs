//! Checkpoints: mark the arena, allocate, rewind to the mark, made safe by borrowing.

use core::cell::Cell;
use core::fmt;
use core::ops::{Deref, DerefMut};

use super::{BumpArena, Offset, Storage};

/// A mark in a [`BumpArena`]: the arena, mutably borrowed, plus the offset it had when the
/// checkpoint was taken. Allocate through the checkpoint (it derefs to the arena); when it is
/// dropped (or [`rewind`](Self::rewind) is called) every allocation made since the mark is
/// freed. Allocations from before the mark are kept.
///
/// Made by [`BumpArena::checkpoint`]; see also [`BumpArena::with_checkpoint`].
///
/// Sound by borrowing: a value allocated through the checkpoint borrows the checkpoint, so it
/// cannot outlive the rewind (the compiler refuses), and the checkpoint borrows the arena
/// mutably, so no value from before is in use meanwhile. Forgetting a checkpoint
/// (`mem::forget`) only skips the rewind.
pub struct Checkpoint<'a, S: Storage, const MIN_ALIGN: usize, O: Offset = Cell<usize>> {
    arena: &'a mut BumpArena<S, MIN_ALIGN, O>,
    mark: usize,
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> BumpArena<S, MIN_ALIGN, O> {
    /// Marks the arena: allocations made through the returned [`Checkpoint`] are freed when it is
    /// dropped. Checkpoints nest (take one from a checkpoint).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let mut arena: StackArena<64> = StackArena::new();
    /// arena.alloc(1_u32); // kept
    /// {
    ///     let scratch = arena.checkpoint();
    ///     let tmp = scratch.alloc_slice_copy(&[0_u8; 40]);
    ///     tmp[0] = 1;
    ///     assert_eq!(scratch.used(), 44);
    /// } // rewound here
    /// assert_eq!(arena.used(), 4);
    /// ```
    ///
    /// A value allocated after the mark cannot outlive the rewind:
    ///
    /// ```compile_fail
    /// use avila_alloc::StackArena;
    ///
    /// let mut arena: StackArena<64> = StackArena::new();
    /// let scratch = arena.checkpoint();
    /// let tmp = scratch.alloc(1_u32);
    /// drop(scratch);
    /// *tmp = 2;
    /// ```
    #[inline]
    #[must_use = "the checkpoint rewinds when dropped: allocate through it"]
    pub fn checkpoint(&mut self) -> Checkpoint<'_, S, MIN_ALIGN, O> {
        let mark = self.top.load();
        Checkpoint { arena: self, mark }
    }

    /// Runs `f` on the arena, then frees everything `f` allocated (also when `f` panics). `f`'s
    /// result cannot borrow from the arena, so nothing allocated inside escapes.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let mut arena: StackArena<64> = StackArena::new();
    /// let sum: u32 = arena.with_checkpoint(|a| a.alloc_slice_fill_with(8, |i| i as u32).iter().sum());
    /// assert_eq!((sum, arena.used()), (28, 0));
    /// ```
    #[inline]
    pub fn with_checkpoint<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let mut checkpoint = self.checkpoint();
        f(&mut checkpoint)
    }
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> Checkpoint<'_, S, MIN_ALIGN, O> {
    /// Frees every allocation made since the mark, keeping the checkpoint for more.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let mut arena: StackArena<16> = StackArena::new();
    /// let mut scratch = arena.checkpoint();
    /// for round in 0..100_u64 {
    ///     scratch.alloc(round); // would not fit 100 times without the rewind
    ///     scratch.rewind();
    /// }
    /// ```
    #[inline]
    pub fn rewind(&mut self) {
        // Only ever lowers the offset: if the arena behind the checkpoint was reset, or swapped
        // for another one through `DerefMut`, `mark` may be beyond its used part (or its
        // capacity), and lowering is always within the invariant. No value allocated since the
        // mark is alive: they all borrowed `self`.
        if self.arena.top.load() > self.mark {
            self.arena.top.set_mut(self.mark);
        }
    }

    /// The arena's offset when the checkpoint was taken.
    #[inline]
    #[must_use]
    pub fn mark(&self) -> usize {
        self.mark
    }
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> Deref for Checkpoint<'_, S, MIN_ALIGN, O> {
    type Target = BumpArena<S, MIN_ALIGN, O>;

    #[inline]
    fn deref(&self) -> &Self::Target {
        self.arena
    }
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> DerefMut for Checkpoint<'_, S, MIN_ALIGN, O> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.arena
    }
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> Drop for Checkpoint<'_, S, MIN_ALIGN, O> {
    #[inline]
    fn drop(&mut self) {
        self.rewind();
    }
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> fmt::Debug for Checkpoint<'_, S, MIN_ALIGN, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checkpoint")
            .field("mark", &self.mark)
            .field("arena", &self.arena)
            .finish()
    }
}
