//! The typed arena cases: avila's `TypedArena<T>` against `typed_arena::Arena<T>` and, where it
//! is comparable, `bumpalo::Bump`.
//!
//! Each run makes a new arena, allocates into it and drops it, so the chunks the arena takes from
//! the global allocator (and, for the typed arenas, the values' drops) are part of every run, for
//! every peer alike. Rows:
//!
//! - `typed_arena/alloc_u64/1000`: 1,000 `alloc` of a `u64`; all three peers.
//! - `typed_arena/alloc_drop_32/1000`: 1,000 `alloc` of a 32-byte value with a `Drop`; the two
//!   typed arenas only (bumpalo never drops, so it would skip half the work).
//! - `typed_arena/alloc_extend_100/1000`: 10 `alloc_extend` of 100 `u64`s from an iterator that
//!   gives its length; bumpalo through `alloc_slice_fill_iter`.

use core::hint::black_box;

use avila_alloc::arena::TypedArena;

use crate::peers::AVILA;
use crate::peers_arena::BUMPALO;
use crate::suite::Visitor;

/// The name of the `typed-arena` crate in reports.
pub const TYPED_ARENA: &str = "typed_arena";

/// Allocations per run.
pub const ALLOCS: usize = 1_000;

/// Values per `alloc_extend` in the extend case.
pub const EXTEND_LEN: usize = 100;

/// A 32-byte value whose `Drop` does a little observable work, as arena values with destructors
/// do.
#[derive(Debug)]
pub struct Dropping {
    /// The payload.
    pub words: [u64; 4],
}

impl Drop for Dropping {
    #[inline]
    fn drop(&mut self) {
        black_box(self.words[0]);
    }
}

/// An arena of `T` values, allocated through `&self`.
#[allow(
    clippy::mut_from_ref,
    reason = "arenas hand out a fresh `&mut` per allocation through `&self`"
)]
pub trait TypedPeer<T> {
    /// A new, empty arena.
    fn make() -> Self;
    /// Moves `value` in and returns it.
    fn alloc_value(&self, value: T) -> &mut T;
    /// Moves every value of an exact-size iterator in, side by side.
    fn alloc_iter<I: ExactSizeIterator<Item = T>>(&self, iter: I) -> &mut [T];
}

/// The two typed arenas have the same three methods.
macro_rules! typed_peer {
    ($($arena:ident)::+) => {
        impl<T> TypedPeer<T> for $($arena)::+<T> {
            fn make() -> Self {
                Self::new()
            }

            #[inline(always)]
            fn alloc_value(&self, value: T) -> &mut T {
                self.alloc(value)
            }

            #[inline(always)]
            fn alloc_iter<I: ExactSizeIterator<Item = T>>(&self, iter: I) -> &mut [T] {
                self.alloc_extend(iter)
            }
        }
    };
}

typed_peer!(TypedArena);
typed_peer!(typed_arena::Arena);

impl TypedPeer<u64> for bumpalo::Bump {
    fn make() -> Self {
        Self::new()
    }

    #[inline(always)]
    fn alloc_value(&self, value: u64) -> &mut u64 {
        self.alloc(value)
    }

    #[inline(always)]
    fn alloc_iter<I: ExactSizeIterator<Item = u64>>(&self, iter: I) -> &mut [u64] {
        self.alloc_slice_fill_iter(iter)
    }
}

/// [`ALLOCS`] `alloc`s of a `u64` into a new arena, which is then dropped. Returns a checksum.
#[inline(never)]
pub fn alloc_u64<A: TypedPeer<u64>>() -> u64 {
    let arena = A::make();
    let mut sum = 0_u64;
    for i in 0..ALLOCS as u64 {
        sum = sum.wrapping_add(*black_box(arena.alloc_value(i)));
    }
    sum
}

/// [`ALLOCS`] `alloc`s of a [`Dropping`] into a new arena, which is then dropped (dropping them).
/// Returns a checksum.
#[inline(never)]
pub fn alloc_drop_32<A: TypedPeer<Dropping>>() -> u64 {
    let arena = A::make();
    let mut sum = 0_u64;
    for i in 0..ALLOCS as u64 {
        let v = black_box(arena.alloc_value(Dropping {
            words: [i, i + 1, i + 2, i + 3],
        }));
        sum = sum.wrapping_add(v.words[3]);
    }
    sum
}

/// `ALLOCS / EXTEND_LEN` `alloc_extend`s of [`EXTEND_LEN`] `u64`s into a new arena, which is then
/// dropped. Returns a checksum.
#[inline(never)]
pub fn alloc_extend<A: TypedPeer<u64>>() -> u64 {
    let arena = A::make();
    let mut sum = 0_u64;
    for i in 0..(ALLOCS / EXTEND_LEN) as u64 {
        let slice = black_box(arena.alloc_iter((0..EXTEND_LEN).map(|j| i + j as u64)));
        sum = sum.wrapping_add(slice[EXTEND_LEN - 1]);
    }
    sum
}

/// The typed arena cases, for every peer that fits each.
pub fn typed_arena_cases(vis: &mut impl Visitor) {
    let case = format!("typed_arena/alloc_u64/{ALLOCS}");
    vis.plain(&case, AVILA, || {
        black_box(alloc_u64::<TypedArena<u64>>());
    });
    vis.plain(&case, TYPED_ARENA, || {
        black_box(alloc_u64::<typed_arena::Arena<u64>>());
    });
    vis.plain(&case, BUMPALO, || {
        black_box(alloc_u64::<bumpalo::Bump>());
    });
    let case = format!("typed_arena/alloc_drop_32/{ALLOCS}");
    vis.plain(&case, AVILA, || {
        black_box(alloc_drop_32::<TypedArena<Dropping>>());
    });
    vis.plain(&case, TYPED_ARENA, || {
        black_box(alloc_drop_32::<typed_arena::Arena<Dropping>>());
    });
    let case = format!("typed_arena/alloc_extend_{EXTEND_LEN}/{ALLOCS}");
    vis.plain(&case, AVILA, || {
        black_box(alloc_extend::<TypedArena<u64>>());
    });
    vis.plain(&case, TYPED_ARENA, || {
        black_box(alloc_extend::<typed_arena::Arena<u64>>());
    });
    vis.plain(&case, BUMPALO, || {
        black_box(alloc_extend::<bumpalo::Bump>());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_peer_computes_the_same() {
        let expected: u64 = (0..ALLOCS as u64).sum();
        assert_eq!(alloc_u64::<TypedArena<u64>>(), expected);
        assert_eq!(alloc_u64::<typed_arena::Arena<u64>>(), expected);
        assert_eq!(alloc_u64::<bumpalo::Bump>(), expected);
        let expected: u64 = (3..ALLOCS as u64 + 3).sum();
        assert_eq!(alloc_drop_32::<TypedArena<Dropping>>(), expected);
        assert_eq!(alloc_drop_32::<typed_arena::Arena<Dropping>>(), expected);
        let expected: u64 = (0..10).map(|i| i + EXTEND_LEN as u64 - 1).sum();
        assert_eq!(alloc_extend::<TypedArena<u64>>(), expected);
        assert_eq!(alloc_extend::<typed_arena::Arena<u64>>(), expected);
        assert_eq!(alloc_extend::<bumpalo::Bump>(), expected);
    }
}
