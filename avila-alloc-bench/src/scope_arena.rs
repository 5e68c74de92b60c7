//! The scope arena cases: avila's `ScopeArena` against `bumpalo::Bump`, the closest peer
//! (bumpalo has no scopes: a scope is a `reset` of the bump, and values with a `Drop` go in
//! `bumpalo::boxed::Box`es that the caller keeps and drops).
//!
//! Both arenas get one buffer of [`BYTES`] per case, made once (avila over a leaked buffer,
//! bumpalo with `Bump::with_capacity`), so no run allocates from the global allocator. Rows:
//!
//! - `scope_arena/alloc_u64/1000`: a scope (bumpalo: `reset`) with 1,000 `alloc` of a `u64`; no
//!   value needs dropping.
//! - `scope_arena/alloc_drop_32/1000`: a scope with 1,000 `alloc` of a 32-byte value with a
//!   `Drop`, all dropped at the end of the scope; bumpalo: `reset`, then 1,000
//!   `Box::new_in` kept in a slice of the same bump and dropped with `drop_in_place`.
//! - `scope_arena/nested_scope/1000`: inside one scope, 1,000 nested scopes each allocating one
//!   `u64`; bumpalo: 1,000 times one `alloc` then `reset` (the cheapest way to free a scratch
//!   allocation, though it frees everything, not only the nested part).

use core::hint::black_box;
use core::mem::MaybeUninit;

use avila_alloc::arena::ScopeArena;

use crate::peers::AVILA;
use crate::peers_arena::{BUMPALO, BYTES};
use crate::suite::Visitor;
use crate::typed_arena::Dropping;

/// Allocations (or nested scopes) per run.
pub const ALLOCS: usize = 1_000;

/// A scope arena over a buffer of [`BYTES`], leaked: one per case, alive as long as the
/// benchmark process.
#[must_use]
pub fn make_scope_arena() -> ScopeArena<'static> {
    let buf: &'static mut [MaybeUninit<u8>] =
        Box::leak(vec![MaybeUninit::uninit(); BYTES].into_boxed_slice());
    ScopeArena::new(buf)
}

/// A scope with [`ALLOCS`] `u64`s. Returns a checksum.
#[inline(never)]
pub fn avila_alloc_u64(arena: &mut ScopeArena<'_>) -> u64 {
    arena.scope(|s| {
        let mut sum = 0_u64;
        for i in 0..ALLOCS as u64 {
            sum = sum.wrapping_add(*black_box(s.alloc(black_box(i))));
        }
        sum
    })
}

/// `reset`, then [`ALLOCS`] `u64`s. Returns a checksum.
#[inline(never)]
pub fn bumpalo_alloc_u64(bump: &mut bumpalo::Bump) -> u64 {
    bump.reset();
    let mut sum = 0_u64;
    for i in 0..ALLOCS as u64 {
        sum = sum.wrapping_add(*black_box(bump.alloc(black_box(i))));
    }
    sum
}

/// The value of the `i`-th allocation of the drop case.
#[inline(always)]
fn dropping(i: u64) -> Dropping {
    Dropping {
        words: [i, i + 1, i + 2, i + 3],
    }
}

/// A scope with [`ALLOCS`] [`Dropping`]s, dropped at its end. Returns a checksum.
#[inline(never)]
pub fn avila_alloc_drop_32(arena: &mut ScopeArena<'_>) -> u64 {
    arena.scope(|s| {
        let mut sum = 0_u64;
        for i in 0..ALLOCS as u64 {
            sum = sum.wrapping_add(black_box(s.alloc(dropping(black_box(i)))).words[3]);
        }
        sum
    })
}

/// `reset`, then [`ALLOCS`] [`Dropping`]s in `bumpalo::boxed::Box`es, kept in a slice of the
/// same bump and dropped at the end. Returns a checksum.
#[inline(never)]
pub fn bumpalo_alloc_drop_32(bump: &mut bumpalo::Bump) -> u64 {
    bump.reset();
    let bump: &bumpalo::Bump = bump;
    let mut sum = 0_u64;
    let boxes = bump.alloc_slice_fill_with(ALLOCS, |i| {
        let b = bumpalo::boxed::Box::new_in(dropping(black_box(i as u64)), bump);
        sum = sum.wrapping_add(black_box(&*b).words[3]);
        b
    });
    // SAFETY: the boxes are dropped once, here; the slice is not used again (bumpalo never
    // drops what it holds, so the boxes in it would otherwise leak their values' drops).
    unsafe { core::ptr::drop_in_place(boxes) };
    sum
}

/// One scope with [`ALLOCS`] nested scopes of one `u64` each. Returns a checksum.
#[inline(never)]
pub fn avila_nested_scope(arena: &mut ScopeArena<'_>) -> u64 {
    arena.scope(|s| {
        let mut sum = 0_u64;
        for i in 0..ALLOCS as u64 {
            sum = sum.wrapping_add(s.scope(|inner| *black_box(inner.alloc(black_box(i)))));
        }
        sum
    })
}

/// [`ALLOCS`] times one `u64` then `reset`. Returns a checksum.
#[inline(never)]
pub fn bumpalo_nested_scope(bump: &mut bumpalo::Bump) -> u64 {
    let mut sum = 0_u64;
    for i in 0..ALLOCS as u64 {
        sum = sum.wrapping_add(*black_box(bump.alloc(black_box(i))));
        bump.reset();
    }
    sum
}

/// The scope arena cases.
pub fn scope_arena_cases(vis: &mut impl Visitor) {
    let case = format!("scope_arena/alloc_u64/{ALLOCS}");
    let mut arena = make_scope_arena();
    vis.plain(&case, AVILA, move || {
        black_box(avila_alloc_u64(&mut arena));
    });
    let mut bump = bumpalo::Bump::with_capacity(BYTES);
    vis.plain(&case, BUMPALO, move || {
        black_box(bumpalo_alloc_u64(&mut bump));
    });

    let case = format!("scope_arena/alloc_drop_32/{ALLOCS}");
    let mut arena = make_scope_arena();
    vis.plain(&case, AVILA, move || {
        black_box(avila_alloc_drop_32(&mut arena));
    });
    let mut bump = bumpalo::Bump::with_capacity(BYTES);
    vis.plain(&case, BUMPALO, move || {
        black_box(bumpalo_alloc_drop_32(&mut bump));
    });

    let case = format!("scope_arena/nested_scope/{ALLOCS}");
    let mut arena = make_scope_arena();
    vis.plain(&case, AVILA, move || {
        black_box(avila_nested_scope(&mut arena));
    });
    let mut bump = bumpalo::Bump::with_capacity(BYTES);
    vis.plain(&case, BUMPALO, move || {
        black_box(bumpalo_nested_scope(&mut bump));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_peers_compute_the_same() {
        let mut arena = make_scope_arena();
        let mut bump = bumpalo::Bump::with_capacity(BYTES);
        let expected: u64 = (0..ALLOCS as u64).sum();
        assert_eq!(avila_alloc_u64(&mut arena), expected);
        assert_eq!(bumpalo_alloc_u64(&mut bump), expected);
        assert_eq!(avila_nested_scope(&mut arena), expected);
        assert_eq!(bumpalo_nested_scope(&mut bump), expected);
        let expected: u64 = (3..ALLOCS as u64 + 3).sum();
        assert_eq!(avila_alloc_drop_32(&mut arena), expected);
        assert_eq!(bumpalo_alloc_drop_32(&mut bump), expected);
        assert_eq!(arena.used(), 0);
    }
}
