//! [`TypedArenaOp`] and [`run_typed_arena_ops`]: a `TypedArena<Tracked>` checked against a
//! `Vec<u16>` of its values and an exact model of its chunk policy (capacity and room of the
//! current chunk, the next chunk's size), over random alloc/alloc_extend/iter_mut sequences that
//! keep the references handed out and write through them, ending with `into_vec`.

use alloc::vec::Vec;

use avila_alloc::arena::TypedArena;

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the first chunk: small, so runs go through many chunks.
pub const TYPED_ARENA_FIRST_CHUNK: usize = 4;

/// One operation on a `TypedArena<Tracked>`, mirrored on the model by [`run_typed_arena_ops`].
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum TypedArenaOp {
    /// `alloc(value)`, keeping the reference.
    Alloc {
        /// The value.
        value: u16,
    },
    /// `alloc_extend` (or `try_alloc_extend` if `fallible`) of `len % 24` values from `first`
    /// on, through an iterator whose `size_hint` says what `hint` picks (right, hidden, or an
    /// exact length that is wrong), keeping the slice.
    Extend {
        /// The first value.
        first: u16,
        /// Raw number of values.
        len: u8,
        /// What the iterator's `size_hint` says.
        hint: ExtendHint,
        /// Use `try_alloc_extend`.
        fallible: bool,
    },
    /// Adds `by` (wrapping) through a reference kept from an earlier `Alloc` or `Extend` of the
    /// same stretch between two `IterMut`s (`handle` picks it; nothing if none is kept).
    Write {
        /// Raw pick of the reference.
        handle: u8,
        /// Added, wrapping.
        by: u16,
    },
    /// `try_reserve(additional % 40)`.
    Reserve {
        /// Raw number of values.
        additional: u8,
    },
    /// `iter_mut()`, adding `by` to every value and comparing them with the model (the
    /// references kept so far are given up first: `iter_mut` borrows the arena mutably).
    IterMut {
        /// Added, wrapping.
        by: u16,
    },
}

/// What the iterator of a [`TypedArenaOp::Extend`] says of its length.
#[derive(Debug, Clone, Copy, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum ExtendHint {
    /// `(0, None)`, like a `filter`'s.
    Hidden,
    /// Its length, exactly.
    Exact,
    /// `(0, None)` until two values are out, then the exact number left: a lower bound that
    /// rises, like a `flatten`'s when it reaches a long inner iterator.
    Late,
    /// Exactly half its length: a wrong `size_hint` (safe code may write one), with more values
    /// coming than promised.
    Under,
    /// Exactly its length plus 3: fewer values come than promised.
    Over,
}

impl ExtendHint {
    /// The `size_hint` of an iterator of `len` values after `yielded` of them.
    fn after(self, len: usize, yielded: usize) -> (usize, Option<usize>) {
        let exact = |n: usize| (n, Some(n));
        match self {
            Self::Hidden => (0, None),
            Self::Exact => exact(len - yielded),
            Self::Late if yielded < 2 => (0, None),
            Self::Late => exact(len - yielded),
            Self::Under => exact((len / 2).saturating_sub(yielded)),
            Self::Over => exact(len + 3 - yielded),
        }
    }
}

/// The values `first, first + 1, ...` (`len` of them), with the `size_hint` an [`ExtendHint`]
/// picks. Asking for a value after the end panics: `alloc_extend` must not call `next` again
/// once it returned `None` (an iterator need not be fused).
struct Claiming {
    next: u16,
    len: usize,
    hint: ExtendHint,
    yielded: usize,
    ended: bool,
}

impl Iterator for Claiming {
    type Item = u16;

    fn next(&mut self) -> Option<u16> {
        assert!(
            !self.ended,
            "next() called again after the iterator returned None"
        );
        if self.yielded == self.len {
            self.ended = true;
            return None;
        }
        let value = self.next;
        self.next = self.next.wrapping_add(1);
        self.yielded += 1;
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.hint.after(self.len, self.yielded)
    }
}

/// The model: the values in allocation order and the chunk policy's state.
struct Model {
    values: Vec<u16>,
    /// Capacity of the chunks before the current one.
    full_capacity: usize,
    /// Capacity and values of the current chunk.
    current_capacity: usize,
    current_len: usize,
    /// The size the next chunk gets by the doubling policy.
    next: usize,
    stats: RunStats,
}

impl Model {
    /// A new chunk with room for at least `wanted`, keeping the current chunk's last `keep`
    /// values (an extend's values so far), exactly as the arena does.
    fn grow(&mut self, keep: usize, wanted: usize) {
        let capacity = self.next.max(wanted);
        if wanted <= self.next {
            self.next *= 2;
        }
        if self.current_len > keep {
            self.full_capacity += self.current_capacity;
        }
        self.current_capacity = capacity;
        self.current_len = keep;
    }

    fn push(&mut self, value: u16) {
        self.values.push(value);
        self.current_len += 1;
    }

    fn check(&self, arena: &TypedArena<Tracked>) {
        assert_eq!(arena.len(), self.values.len(), "len");
        assert_eq!(arena.is_empty(), self.values.is_empty());
        assert_eq!(
            arena.capacity(),
            self.full_capacity + self.current_capacity,
            "capacity"
        );
        assert_eq!(
            arena.remaining(),
            self.current_capacity - self.current_len,
            "room in the current chunk"
        );
    }
}

/// Applies `ops` to a `TypedArena<Tracked>` whose first chunk holds
/// [`TYPED_ARENA_FIRST_CHUNK`] values and to the model, checking after every operation the
/// length, capacity and room (the chunk policy), that every reference kept still reads its
/// model value, and at each `IterMut` and at the end (`into_vec`) every value in order; then that
/// dropping the values dropped each exactly once (`Tracked::live`).
///
/// # Panics
///
/// Panics on the first disagreement.
pub fn run_typed_arena_ops(ops: &[TypedArenaOp]) -> RunStats {
    let live_before = Tracked::live();
    let mut arena = TypedArena::with_capacity(TYPED_ARENA_FIRST_CHUNK);
    let mut model = Model {
        values: Vec::new(),
        full_capacity: 0,
        current_capacity: TYPED_ARENA_FIRST_CHUNK,
        current_len: 0,
        next: TYPED_ARENA_FIRST_CHUNK * 2,
        stats: RunStats::default(),
    };
    let mut ops = ops.iter().peekable();
    while ops.peek().is_some() {
        run_stretch(&arena, &mut ops, &mut model);
        if let Some(TypedArenaOp::IterMut { by }) = ops.next() {
            let mut n = 0;
            for (value, expected) in arena.iter_mut().zip(&mut model.values) {
                assert_eq!(*value, *expected, "iter_mut at {n}");
                value.value = value.value.wrapping_add(*by);
                *expected = expected.wrapping_add(*by);
                n += 1;
            }
            assert_eq!(n, model.values.len(), "iter_mut's length");
            model.stats.ops += 1;
        }
    }
    let values = arena.into_vec();
    assert_eq!(values, model.values, "into_vec");
    assert_eq!(Tracked::live() - live_before, model.values.len() as isize);
    drop(values);
    assert_eq!(Tracked::live(), live_before, "each value dropped once");
    model.stats
}

/// Runs the operations up to the next `IterMut` (not consumed), keeping every reference handed
/// out and checking all of them after each operation.
fn run_stretch<'a>(
    arena: &TypedArena<Tracked>,
    ops: &mut core::iter::Peekable<impl Iterator<Item = &'a TypedArenaOp>>,
    model: &mut Model,
) {
    // The references kept, with the model index of their first value.
    let mut kept: Vec<(usize, &mut [Tracked])> = Vec::new();
    while let Some(op) = ops.next_if(|op| !matches!(op, TypedArenaOp::IterMut { .. })) {
        match *op {
            TypedArenaOp::Alloc { value } => {
                if model.current_len == model.current_capacity {
                    model.grow(0, 1);
                }
                let index = model.values.len();
                model.push(value);
                let r = arena.alloc(Tracked::new(value));
                kept.push((index, core::slice::from_mut(r)));
            }
            TypedArenaOp::Extend {
                first,
                len,
                hint,
                fallible,
            } => {
                let len = usize::from(len % 24);
                let items = Claiming {
                    next: first,
                    len,
                    hint,
                    yielded: 0,
                    ended: false,
                };
                let index = model.values.len();
                let first_hint = hint.after(len, 0).0;
                if model.current_capacity - model.current_len < first_hint {
                    model.grow(0, first_hint);
                }
                for count in 0..len {
                    if model.current_len == model.current_capacity {
                        // The values so far move to a new chunk sized for them, this one and
                        // what the iterator still promises.
                        model.grow(count, count + 1 + hint.after(len, count + 1).0);
                    }
                    model.push(first.wrapping_add(count as u16));
                }
                let items = items.map(Tracked::new);
                let slice = if fallible {
                    arena.try_alloc_extend(items).unwrap()
                } else {
                    arena.alloc_extend(items)
                };
                assert_eq!(slice.len(), len);
                kept.push((index, slice));
            }
            TypedArenaOp::Write { handle, by } => {
                if !kept.is_empty() {
                    let pick = usize::from(handle) % kept.len();
                    let (index, slice) = &mut kept[pick];
                    for (i, value) in slice.iter_mut().enumerate() {
                        value.value = value.value.wrapping_add(by);
                        model.values[*index + i] = model.values[*index + i].wrapping_add(by);
                    }
                }
            }
            TypedArenaOp::Reserve { additional } => {
                let additional = usize::from(additional % 40);
                if model.current_capacity - model.current_len < additional {
                    model.grow(0, additional);
                }
                arena.try_reserve(additional).unwrap();
            }
            TypedArenaOp::IterMut { .. } => unreachable!("stopped before by next_if"),
        }
        model.check(arena);
        for (index, slice) in &kept {
            assert_eq!(
                &model.values[*index..*index + slice.len()],
                *slice,
                "a kept reference"
            );
        }
        model.stats.ops += 1;
        model.stats.max_len = model.stats.max_len.max(model.values.len());
    }
}
