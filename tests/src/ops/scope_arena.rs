//! [`ScopeArenaOp`] and [`run_scope_arena_ops`]: a `StackScopeArena<256>` checked against a model
//! of its scopes: the values of every live allocation per scope level, the bump offset (drop
//! headers and padding included; exact but for whether a dropped value joins the run of values
//! before it, where either placement is accepted, see `Model::fits_dropped`), and the number of
//! `Tracked` values alive (those registered for dropping in the open scopes, plus those
//! allocated with `alloc_no_drop`, which are never dropped), over random
//! alloc/slice/write/enter/exit sequences.
//!
//! Scopes nest by recursion: `Enter` runs the following operations in a nested scope until the
//! matching `Exit` (or the end of the sequence). The references handed out are kept, and after
//! every operation those of the current scope and of every scope around it are checked against
//! the model.

use alloc::vec;
use alloc::vec::Vec;
use core::mem;
use core::slice;

use avila_alloc::arena::{InlineBuffer, Scope, StackScopeArena};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the arena under test, in bytes: small, so runs fill it often.
pub const SCOPE_ARENA_CAPACITY: usize = 256;

/// Deepest scope nesting the runner opens (deeper `Enter`s are ignored).
const MAX_DEPTH: usize = 8;

/// The drop header the arena puts before each value or slice that needs dropping: four words,
/// word-aligned.
const HEADER: usize = 4 * mem::size_of::<usize>();

/// The scope type of the arena under test.
type Level<'s, 'env> = Scope<'s, 'env, InlineBuffer<SCOPE_ARENA_CAPACITY>>;

/// One operation on a `StackScopeArena<256>`, mirrored on the model by [`run_scope_arena_ops`].
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum ScopeArenaOp {
    /// One value, by `kind % 3`: `try_alloc(Tracked)` (dropped at scope end), `try_alloc(u16)`
    /// (no drop, no header), or `alloc_no_drop(Tracked)` (never dropped; skipped when it would
    /// not fit, as it panics then).
    Value {
        /// The value.
        value: u16,
        /// Raw kind.
        kind: u8,
    },
    /// `len % 24` values from `first` on: `try_alloc_slice_fill_with` of `Tracked`s (dropped)
    /// when `drop`, else `try_alloc_slice_copy` of `u16`s.
    Slice {
        /// Raw length.
        len: u8,
        /// The first value.
        first: u16,
        /// `Tracked` values, dropped at scope end.
        drop: bool,
    },
    /// Adds `by` (wrapping) to every value of an allocation of the current scope (`handle`
    /// picks it; nothing if it has none).
    Write {
        /// Raw pick.
        handle: u8,
        /// Added, wrapping.
        by: u16,
    },
    /// Opens a nested scope: the following operations run in it until the matching `Exit`.
    Enter,
    /// Ends the current scope (outside of any nested one, the outermost scope, and the next
    /// operation opens a new one).
    Exit,
}

/// A reference kept from an allocation.
enum Kept<'s> {
    Tracked(&'s mut [Tracked]),
    Plain(&'s mut [u16]),
}

impl Kept<'_> {
    fn add(&mut self, by: u16) {
        match self {
            Self::Tracked(values) => {
                for v in values.iter_mut() {
                    v.value = v.value.wrapping_add(by);
                }
            }
            Self::Plain(values) => {
                for v in values.iter_mut() {
                    *v = v.wrapping_add(by);
                }
            }
        }
    }

    fn values(&self) -> Vec<u16> {
        match self {
            Self::Tracked(values) => values.iter().map(|v| v.value).collect(),
            Self::Plain(values) => values.to_vec(),
        }
    }
}

/// The model: the bump offset, and per open scope the values of each allocation and the number
/// of `Tracked` values it will drop.
struct Model {
    top: usize,
    levels: Vec<Vec<Vec<u16>>>,
    to_drop: Vec<usize>,
    /// Per open scope, where the newest run of its drop list ends (all its values are
    /// `Tracked`): a dropped value allocated right there joins the run, with no header.
    run_end: Vec<Option<usize>>,
    /// `Tracked` values allocated with `alloc_no_drop`: alive for good.
    leaked: isize,
    live_before: isize,
    stats: RunStats,
}

impl Model {
    /// The offset after a block of `size` bytes aligned to `align` at the current offset, if it
    /// fits.
    fn fits(&self, align: usize, size: usize) -> Option<usize> {
        let start = self.top.next_multiple_of(align);
        (start + size <= SCOPE_ARENA_CAPACITY).then_some(start + size)
    }

    fn enter(&mut self) -> usize {
        self.levels.push(Vec::new());
        self.to_drop.push(0);
        self.run_end.push(None);
        self.top
    }

    /// The offsets after `len > 0` dropped `Tracked`s allocated in the scope at `depth`, if
    /// they fit: appended to its newest run if that ends at the top, and under a new header.
    /// Which one the arena takes is not fixed: a value joins the run only when its type's drop
    /// function has the run's address, which holds natively within one code unit but not under
    /// Miri, whose function addresses vary on purpose. The arena falls back to a new header.
    fn fits_dropped(&self, depth: usize, len: usize) -> (Option<usize>, Option<usize>) {
        let join = if self.run_end[depth] == Some(self.top) {
            self.fits(2, 2 * len)
        } else {
            None
        };
        (join, self.fits(mem::align_of::<usize>(), HEADER + 2 * len))
    }

    /// Records dropped values taken by the arena at `depth`, checking that its offset `used` is
    /// one of the two placements `fits_dropped` allowed.
    fn took_dropped(&mut self, depth: usize, fits: (Option<usize>, Option<usize>), used: usize) {
        assert!(
            fits.0 == Some(used) || fits.1 == Some(used),
            "the arena's offset {used} is neither placement the model allows: {fits:?}"
        );
        self.top = used;
        self.run_end[depth] = Some(used);
    }

    /// The scope begun at `mark` ended: its values are gone and its memory is free.
    fn exit(&mut self, mark: usize) {
        self.levels.pop();
        self.to_drop.pop();
        self.run_end.pop();
        self.top = mark;
        self.check_live();
    }

    fn check_live(&self) {
        let expected = self.to_drop.iter().sum::<usize>() as isize + self.leaked;
        assert_eq!(
            Tracked::live() - self.live_before,
            expected,
            "live Tracked values: each dropped once, at its scope's end, none of alloc_no_drop"
        );
    }
}

/// Applies `ops` to a `StackScopeArena<256>` and to the model, checking after every operation
/// the arena's offset, the live count of `Tracked` values, and every reference kept in the open
/// scopes; after every scope, that its memory was given back and its values dropped.
///
/// # Panics
///
/// Panics on the first disagreement.
pub fn run_scope_arena_ops(ops: &[ScopeArenaOp]) -> RunStats {
    let mut model = Model {
        top: 0,
        levels: Vec::new(),
        to_drop: Vec::new(),
        run_end: Vec::new(),
        leaked: 0,
        live_before: Tracked::live(),
        stats: RunStats::default(),
    };
    let mut arena: StackScopeArena<SCOPE_ARENA_CAPACITY> = StackScopeArena::new();
    let mut ops = ops.iter();
    while ops.len() > 0 {
        let mark = model.enter();
        arena.scope(|s| run_level(s, &mut ops, &mut model, &mut |_| {}));
        model.exit(mark);
        assert_eq!(arena.used(), 0, "the outermost scope gave everything back");
    }
    model.stats
}

/// Runs operations in `scope` (at depth `model.levels.len() - 1`) until an `Exit` or the end;
/// `outer` checks the references kept by the scopes around it.
fn run_level<'s>(
    scope: &mut Level<'s, '_>,
    ops: &mut slice::Iter<'_, ScopeArenaOp>,
    model: &mut Model,
    outer: &mut dyn FnMut(&Model),
) {
    let depth = model.levels.len() - 1;
    let mut kept: Vec<Kept<'s>> = Vec::new();
    while let Some(op) = ops.next() {
        match *op {
            ScopeArenaOp::Value { value, kind } => match kind % 3 {
                0 => {
                    let fits = model.fits_dropped(depth, 1);
                    match scope.try_alloc(Tracked::new(value)) {
                        Ok(r) => {
                            model.took_dropped(depth, fits, scope.used());
                            model.levels[depth].push(vec![value]);
                            model.to_drop[depth] += 1;
                            kept.push(Kept::Tracked(slice::from_mut(r)));
                        }
                        Err(err) => {
                            assert!(fits.1.is_none(), "the arena refused a value that fits");
                            assert_eq!(err.element().value, value, "the value comes back");
                            model.stats.rejected += 1;
                        }
                    }
                }
                1 => {
                    let fits = model.fits(2, 2);
                    match scope.try_alloc(value) {
                        Ok(r) => {
                            model.top = fits.expect("the arena took a value the model refused");
                            model.levels[depth].push(vec![value]);
                            kept.push(Kept::Plain(slice::from_mut(r)));
                        }
                        Err(err) => {
                            assert!(fits.is_none(), "the arena refused a value that fits");
                            assert_eq!(err.element(), value);
                            model.stats.rejected += 1;
                        }
                    }
                }
                _ => match model.fits(2, 2) {
                    Some(top) => {
                        let r = scope.alloc_no_drop(Tracked::new(value));
                        model.top = top;
                        model.leaked += 1;
                        model.levels[depth].push(vec![value]);
                        kept.push(Kept::Tracked(slice::from_mut(r)));
                    }
                    None => model.stats.ops_when_full += 1,
                },
            },
            ScopeArenaOp::Slice { len, first, drop } => {
                let len = usize::from(len % 24);
                let values: Vec<u16> = (0..len as u16).map(|i| first.wrapping_add(i)).collect();
                let fits = match (drop, len) {
                    (_, 0) => (None, Some(model.top)),
                    (true, _) => model.fits_dropped(depth, len),
                    (false, _) => (None, model.fits(2, 2 * len)),
                };
                let got = if drop {
                    scope
                        .try_alloc_slice_fill_with(len, |i| Tracked::new(values[i]))
                        .map(Kept::Tracked)
                        .ok()
                } else {
                    scope.try_alloc_slice_copy(&values).map(Kept::Plain).ok()
                };
                match got {
                    Some(slice) => {
                        if drop && len != 0 {
                            model.to_drop[depth] += len;
                            model.took_dropped(depth, fits, scope.used());
                        } else {
                            model.top = fits.1.expect("the arena took a slice the model refused");
                        }
                        model.levels[depth].push(values);
                        kept.push(slice);
                    }
                    None => {
                        assert!(fits.1.is_none(), "the arena refused a slice that fits");
                        model.stats.rejected += 1;
                    }
                }
            }
            ScopeArenaOp::Write { handle, by } => {
                if !kept.is_empty() {
                    let pick = usize::from(handle) % kept.len();
                    kept[pick].add(by);
                    for v in &mut model.levels[depth][pick] {
                        *v = v.wrapping_add(by);
                    }
                }
            }
            ScopeArenaOp::Enter => {
                if depth + 1 < MAX_DEPTH {
                    let mark = model.enter();
                    let kept = &kept;
                    scope.scope(|inner| {
                        run_level(inner, ops, model, &mut |m: &Model| {
                            outer(m);
                            check_kept(kept, &m.levels[depth]);
                        });
                    });
                    model.exit(mark);
                    assert_eq!(scope.used(), mark, "the nested scope gave its memory back");
                }
            }
            ScopeArenaOp::Exit => return,
        }
        assert_eq!(scope.used(), model.top, "the bump offset");
        model.check_live();
        outer(model);
        check_kept(&kept, &model.levels[depth]);
        model.stats.ops += 1;
        model.stats.max_len = model.stats.max_len.max(model.top);
        if SCOPE_ARENA_CAPACITY - model.top < HEADER + 8 {
            model.stats.ops_when_full += 1;
        }
    }
}

/// The references kept by one scope read the model's values of its allocations.
fn check_kept(kept: &[Kept<'_>], values: &[Vec<u16>]) {
    assert_eq!(kept.len(), values.len());
    for (k, v) in kept.iter().zip(values) {
        assert_eq!(k.values(), *v, "a kept reference");
    }
}
