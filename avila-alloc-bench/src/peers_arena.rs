//! The bump arenas under comparison, behind [`BenchArena`].
//!
//! | peer | type | buffer |
//! |---|---|---|
//! | [`AVILA`] | `avila_alloc::Arena<'static>` | a boxed slice of [`BYTES`] leaked once per case |
//! | [`AVILA`] | [`BoxedStackArena`]: `avila_alloc::StackArena<BYTES>` in a `Box` | inline |
//! | [`BUMPALO`] | `bumpalo::Bump`, made with `Bump::with_capacity(BYTES)` | one chunk from the global allocator |
//!
//! All three are created with room for the largest workload, so no workload runs out of space
//! or (for bumpalo) grows a new chunk: the rows compare the bump paths, not the allocators behind
//! them. Every peer calls the form a user writes: `alloc`, `alloc_slice_copy`, `reset`.

use core::mem::MaybeUninit;

use avila_alloc::{Arena, StackArena};

pub use crate::peers::AVILA;

/// The name under which `bumpalo`'s `Bump` appears in reports.
pub const BUMPALO: &str = "bumpalo";

/// Bytes of every arena of the suite: room for the largest workload (10,000 `u64`s, 100
/// `[usize; 32]`s) with some to spare for alignment padding.
pub const BYTES: usize = 96 * 1024;

/// A bump arena with room for [`BYTES`].
#[allow(
    clippy::mut_from_ref,
    reason = "the peers' own signatures: allocation through `&self` returns a fresh block"
)]
pub trait BenchArena {
    /// The peer's name in reports.
    const PEER: &'static str;

    /// An empty arena with room for [`BYTES`].
    fn new() -> Self;
    /// Moves `value` into the arena.
    fn alloc<T>(&self, value: T) -> &mut T;
    /// Copies `src` into the arena.
    fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T];
    /// Frees everything.
    fn reset(&mut self);
}

impl BenchArena for Arena<'static> {
    const PEER: &'static str = AVILA;

    fn new() -> Self {
        // Leaked: one buffer per case of the suite, alive as long as the benchmark process.
        let buf: &'static mut [MaybeUninit<u8>] =
            Box::leak(vec![MaybeUninit::uninit(); BYTES].into_boxed_slice());
        Arena::new(buf)
    }

    #[inline(always)]
    fn alloc<T>(&self, value: T) -> &mut T {
        Arena::alloc(self, value)
    }

    #[inline(always)]
    fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        Arena::alloc_slice_copy(self, src)
    }

    #[inline(always)]
    fn reset(&mut self) {
        Arena::reset(self);
    }
}

/// A `StackArena<BYTES>` in a `Box` (96 KiB is too much to move around the stack).
pub type BoxedStackArena = Box<StackArena<BYTES>>;

impl BenchArena for BoxedStackArena {
    const PEER: &'static str = AVILA;

    fn new() -> Self {
        Box::new(StackArena::new())
    }

    #[inline(always)]
    fn alloc<T>(&self, value: T) -> &mut T {
        StackArena::alloc(self, value)
    }

    #[inline(always)]
    fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        StackArena::alloc_slice_copy(self, src)
    }

    #[inline(always)]
    fn reset(&mut self) {
        StackArena::reset(self);
    }
}

impl BenchArena for bumpalo::Bump {
    const PEER: &'static str = BUMPALO;

    fn new() -> Self {
        Self::with_capacity(BYTES)
    }

    #[inline(always)]
    fn alloc<T>(&self, value: T) -> &mut T {
        bumpalo::Bump::alloc(self, value)
    }

    #[inline(always)]
    fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        bumpalo::Bump::alloc_slice_copy(self, src)
    }

    #[inline(always)]
    fn reset(&mut self) {
        bumpalo::Bump::reset(self);
    }
}
