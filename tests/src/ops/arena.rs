//! [`ArenaOp`] and [`run_arena_ops`]: a `StackArena<256>` (and a `StackMpmcArena<256>`) checked against an exact model of its
//! bump offset, with every live allocation's alignment, bounds, non-overlap and contents checked
//! after every operation, over random alloc/extend/shrink/mark/rewind/reset sequences.
//!
//! The runner keeps the addresses of the live allocations, not references, so it can check
//! allocations from before a checkpoint while the checkpoint holds the arena mutably (something
//! safe code cannot do). It reads them through pointers made fresh from `&arena` at each check:
//! a pointer kept across the `&mut` of a checkpoint or a reset would be invalidated by it (Stacked
//! and Tree Borrows), which is exactly why safe code cannot keep references across one. Checkpoints nest by recursion: `Mark` runs the following operations on a
//! `Checkpoint` until the matching `Rewind` (or the end of the sequence), then drops it.

use core::alloc::Layout;
use core::ptr::{self, NonNull};
use core::slice;

use core::cell::Cell;

use avila_alloc::arena::{AtomicOffset, BumpArena, InlineBuffer, Offset};

use crate::ops::RunStats;

/// The capacity of the arena under test, in bytes: small, so runs fill it often.
pub const ARENA_CAPACITY: usize = 256;

/// Deepest checkpoint nesting the runner opens (deeper `Mark`s are ignored).
const MAX_DEPTH: usize = 8;

/// The arena under test: a `StackArena<256>` (`O = Cell<usize>`) or a `StackMpmcArena<256>`
/// (`O = AtomicOffset`), which on one thread must behave exactly alike.
type Sut<O> = BumpArena<InlineBuffer<ARENA_CAPACITY>, 1, O>;

/// One operation on a `StackArena<256>`, mirrored on the model by [`run_arena_ops`].
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum ArenaOp {
    /// `alloc_layout` of `size % 80` bytes aligned to `2^(align % 7)` (1 to 64), filled with a
    /// pattern.
    Bytes {
        /// Raw size.
        size: u8,
        /// Raw alignment exponent.
        align: u8,
    },
    /// `try_alloc(u64)`.
    Value {
        /// The value (spread over the 8 bytes).
        value: u8,
    },
    /// `try_alloc_slice_copy` of `len % 24` `u16`s.
    Slice {
        /// Raw length.
        len: u8,
        /// First value.
        seed: u8,
    },
    /// `try_alloc_str` of `len % 20` ASCII letters.
    Str {
        /// Raw length.
        len: u8,
    },
    /// `try_extend_last` of the most recent live `u16` slice by `extra % 8` values.
    Extend {
        /// Raw number of values.
        extra: u8,
    },
    /// `shrink_last` of the most recent live `u16` slice to `len % (len + 1)` values.
    Shrink {
        /// Raw new length.
        len: u8,
    },
    /// Opens a checkpoint: the following operations run on it until the matching `Rewind`.
    Mark,
    /// Ends the innermost checkpoint (a no-op outside of one).
    Rewind,
    /// `reset()` (through the checkpoints, if any).
    Reset,
}

/// What a live allocation holds, to check its contents.
#[derive(Debug, Clone)]
enum Contents {
    /// Bytes `pattern, pattern + 1, ...`.
    Bytes(u8),
    /// A `u64`.
    Value(u64),
    /// `u16`s `seed, seed + 1, ...` (after extends, the extra values continue the run).
    Slice(u16),
    /// ASCII letters from `a`.
    Str,
}

/// A live allocation: where it is, how it is aligned, what it holds.
#[derive(Debug, Clone)]
struct Live {
    addr: usize,
    /// Size in bytes (for slices: `len * 2`).
    size: usize,
    align: usize,
    contents: Contents,
    /// Checkpoint depth at which it was made.
    depth: usize,
}

impl Live {
    fn check<O: Offset>(&self, arena: &Sut<O>) {
        assert_eq!(self.addr % self.align, 0, "aligned: {self:?}");
        // SAFETY: the allocation is live (the model drops it when the arena rewinds or resets
        // past it), `size` bytes long inside the arena, and no reference to it exists.
        let bytes = unsafe { slice::from_raw_parts(at(arena, self.addr), self.size) };
        match self.contents {
            Contents::Bytes(p) => {
                for (i, b) in bytes.iter().enumerate() {
                    assert_eq!(*b, p.wrapping_add(i as u8), "byte {i} of {self:?}");
                }
            }
            Contents::Value(v) => assert_eq!(bytes, v.to_ne_bytes(), "{self:?}"),
            Contents::Slice(seed) => {
                for (i, pair) in bytes.chunks_exact(2).enumerate() {
                    let v = u16::from_ne_bytes([pair[0], pair[1]]);
                    assert_eq!(v, seed.wrapping_add(i as u16), "value {i} of {self:?}");
                }
            }
            Contents::Str => {
                for (i, b) in bytes.iter().enumerate() {
                    assert_eq!(*b, b'a' + (i % 26) as u8, "{self:?}");
                }
            }
        }
    }
}

/// A pointer to `addr`, inside `arena`'s buffer, with provenance fresh from `&arena` (its bytes
/// are in a `Cell`, so writes through it are allowed too).
fn at<O: Offset>(arena: &Sut<O>, addr: usize) -> *mut u8 {
    ptr::from_ref(arena).cast::<u8>().cast_mut().with_addr(addr)
}

/// The model: the exact bump offset the arena must have, and the live allocations.
struct Model {
    base: usize,
    top: usize,
    live: Vec<Live>,
    stats: RunStats,
}

impl Model {
    /// The offset a block of `size` bytes aligned to `align` would start at, if it fits.
    fn predict(&self, size: usize, align: usize) -> Option<usize> {
        let addr = self.base + self.top;
        let start = self.top + (addr.wrapping_neg() & (align - 1));
        (start + size <= ARENA_CAPACITY).then_some(start)
    }

    /// Records an allocation at `ptr` that the model predicted at `expected`, checking it.
    fn record(
        &mut self,
        expected: Option<usize>,
        got: Option<NonNull<u8>>,
        live: impl FnOnce(NonNull<u8>) -> Live,
    ) {
        match (expected, got) {
            (Some(start), Some(ptr)) => {
                let l = live(ptr);
                if l.size > 0 {
                    assert_eq!(l.addr, self.base + start, "placed where the model says");
                    self.top = start + l.size;
                }
                self.live.push(l);
            }
            (None, None) => self.stats.rejected += 1,
            (e, g) => panic!("model predicted {e:?}, arena gave {g:?}"),
        }
    }

    /// Checks every live allocation, and that they are disjoint and inside the used part.
    fn check<O: Offset>(&self, arena: &Sut<O>) {
        assert_eq!(arena.used(), self.top, "bump offset");
        assert_eq!(arena.remaining(), ARENA_CAPACITY - self.top);
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for l in &self.live {
            l.check(arena);
            if l.size == 0 {
                continue;
            }
            let start = l.addr;
            assert!(
                start >= self.base && start + l.size <= self.base + self.top,
                "in use: {l:?}"
            );
            ranges.push((start, start + l.size));
        }
        ranges.sort_unstable();
        for w in ranges.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlap: {w:?}");
        }
    }

    /// The most recent live `u16` slice made at checkpoint depth `depth` (safe code can only
    /// hold those while the checkpoint is open).
    fn last_slice(&self, depth: usize) -> Option<usize> {
        self.live
            .iter()
            .rposition(|l| l.depth == depth && matches!(l.contents, Contents::Slice(_)))
    }

    /// Whether the live allocation `l` ends at the arena's offset.
    fn ends_at_top(&self, l: &Live) -> bool {
        l.size > 0 && l.addr + l.size == self.base + self.top
    }
}

fn apply<O: Offset>(arena: &Sut<O>, model: &mut Model, op: &ArenaOp, depth: usize) {
    match *op {
        ArenaOp::Bytes { size, align } => {
            let (size, align) = (usize::from(size % 80), 1_usize << (align % 7));
            let layout = Layout::from_size_align(size, align).unwrap();
            let expected = if size == 0 {
                Some(model.top)
            } else {
                model.predict(size, align)
            };
            let got = arena.alloc_layout(layout).ok();
            let pattern = size as u8 ^ 0x5A;
            model.record(expected, got, |ptr| {
                // SAFETY: a fresh block of `size` bytes.
                unsafe { ptr::write_bytes(ptr.as_ptr(), 0, size) };
                for i in 0..size {
                    // SAFETY: `i < size`, inside the fresh block.
                    unsafe { ptr.as_ptr().add(i).write(pattern.wrapping_add(i as u8)) };
                }
                Live {
                    addr: ptr.as_ptr().addr(),
                    size,
                    align,
                    contents: Contents::Bytes(pattern),
                    depth,
                }
            });
        }
        ArenaOp::Value { value } => {
            let v = u64::from_ne_bytes([value; 8]) ^ 0x0102_0304_0506_0708;
            let expected = model.predict(8, 8);
            let got = arena
                .try_alloc(v)
                .ok()
                .map(|r| NonNull::from(r).cast::<u8>());
            model.record(expected, got, |ptr| Live {
                addr: ptr.as_ptr().addr(),
                size: 8,
                align: 8,
                contents: Contents::Value(v),
                depth,
            });
        }
        ArenaOp::Slice { len, seed } => {
            let len = usize::from(len % 24);
            let seed = u16::from(seed) * 7;
            let src: Vec<u16> = (0..len).map(|i| seed.wrapping_add(i as u16)).collect();
            let expected = if len == 0 {
                Some(model.top)
            } else {
                model.predict(len * 2, 2)
            };
            let got = arena
                .try_alloc_slice_copy(&src)
                .ok()
                .map(|s| NonNull::from(s).cast::<u8>());
            model.record(expected, got, |ptr| Live {
                addr: ptr.as_ptr().addr(),
                size: len * 2,
                align: 2,
                contents: Contents::Slice(seed),
                depth,
            });
        }
        ArenaOp::Str { len } => {
            let s: String = (0..usize::from(len % 20))
                .map(|i| (b'a' + (i % 26) as u8) as char)
                .collect();
            let expected = if s.is_empty() {
                Some(model.top)
            } else {
                model.predict(s.len(), 1)
            };
            let got = arena
                .try_alloc_str(&s)
                .ok()
                .map(|r| NonNull::from(r).cast::<u8>());
            model.record(expected, got, |ptr| Live {
                addr: ptr.as_ptr().addr(),
                size: s.len(),
                align: 1,
                contents: Contents::Str,
                depth,
            });
        }
        ArenaOp::Extend { extra } => {
            let Some(i) = model.last_slice(depth) else {
                return;
            };
            let l = model.live[i].clone();
            let Contents::Slice(seed) = l.contents else {
                unreachable!()
            };
            let len = l.size / 2;
            let extra: Vec<u16> = (0..usize::from(extra % 8))
                .map(|k| seed.wrapping_add((len + k) as u16))
                .collect();
            let is_last = model.ends_at_top(&l);
            let fits = extra.len() * 2 <= ARENA_CAPACITY - model.top;
            // SAFETY: the slice is live, `len` initialized `u16`s, aligned, and no other reference
            // to it exists (the runner keeps only addresses).
            let mut s: &mut [u16] =
                unsafe { slice::from_raw_parts_mut(at(arena, l.addr).cast::<u16>(), len) };
            let result = arena.try_extend_last(&mut s, &extra);
            assert_eq!(
                result.is_ok(),
                is_last && fits,
                "extend of {l:?} by {}",
                extra.len()
            );
            if result.is_ok() {
                assert_eq!(s.as_ptr().addr(), l.addr, "grown in place");
                model.top += extra.len() * 2;
                model.live[i].size = s.len() * 2;
            } else {
                assert_eq!(s.len(), len, "unchanged when refused");
                model.stats.rejected += 1;
            }
        }
        ArenaOp::Shrink { len: new_len } => {
            let Some(i) = model.last_slice(depth) else {
                return;
            };
            let l = model.live[i].clone();
            let len = l.size / 2;
            let new_len = usize::from(new_len) % (len + 1);
            let is_last = model.ends_at_top(&l);
            // SAFETY: as for `Extend`.
            let mut s: &mut [u16] =
                unsafe { slice::from_raw_parts_mut(at(arena, l.addr).cast::<u16>(), len) };
            arena.shrink_last(&mut s, new_len);
            assert_eq!(s.len(), new_len);
            if is_last {
                model.top -= (len - new_len) * 2;
            }
            assert_eq!(s.as_ptr().addr(), l.addr);
            model.live[i].size = new_len * 2;
        }
        ArenaOp::Mark | ArenaOp::Rewind | ArenaOp::Reset => unreachable!("handled by run_level"),
    }
}

/// Runs operations on `arena` until a `Rewind` ends this level (or the sequence ends).
fn run_level<'o, O: Offset>(
    arena: &mut Sut<O>,
    ops: &mut impl Iterator<Item = &'o ArenaOp>,
    model: &mut Model,
    depth: usize,
) {
    while let Some(op) = ops.next() {
        model.stats.ops += 1;
        if ARENA_CAPACITY - model.top < 32 {
            model.stats.ops_when_full += 1;
        }
        match op {
            ArenaOp::Mark if depth < MAX_DEPTH => {
                let mark = model.top;
                let kept = model.live.len();
                {
                    let mut checkpoint = arena.checkpoint();
                    assert_eq!(checkpoint.mark(), mark);
                    run_level(&mut checkpoint, ops, model, depth + 1);
                }
                // Everything made inside is gone (the references to it borrowed the
                // checkpoint); the offset only ever goes down to the mark.
                model.live.retain(|l| l.depth <= depth);
                assert!(model.live.len() <= kept);
                model.top = model.top.min(mark);
            }
            ArenaOp::Mark => {}
            ArenaOp::Rewind if depth > 0 => return,
            ArenaOp::Rewind => {}
            ArenaOp::Reset => {
                arena.reset();
                model.top = 0;
                model.live.clear();
            }
            op => apply(arena, model, op, depth),
        }
        model.check(arena);
        model.stats.max_len = model.stats.max_len.max(model.top);
    }
}

/// Applies `ops` to a `StackArena<256>` and to the model, checking after every operation that
/// the arena's offset is exactly the model's, that each allocation was placed where the model
/// says (aligned, inside the used part), that live allocations never overlap, and that each
/// still holds what was written to it; then the same on a `StackMpmcArena<256>` (the shared
/// arena, used from one thread, must do exactly what the local one does). Returns the first
/// run's statistics.
///
/// # Panics
///
/// Panics on the first disagreement.
pub fn run_arena_ops(ops: &[ArenaOp]) -> RunStats {
    let stats = run_on::<Cell<usize>>(ops);
    run_on::<AtomicOffset>(ops);
    stats
}

fn run_on<O: Offset>(ops: &[ArenaOp]) -> RunStats
where
    Sut<O>: Default,
{
    let mut arena = Sut::<O>::default();
    // Where the buffer starts: the first allocation of a fresh arena is at offset 0.
    let base = ptr::from_mut(arena.alloc(0_u8)).addr();
    arena.reset();
    let mut model = Model {
        base,
        top: 0,
        live: Vec::new(),
        stats: RunStats::default(),
    };
    run_level(&mut arena, &mut ops.iter(), &mut model, 0);
    model.stats
}
