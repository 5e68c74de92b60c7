//! [`GenArenaOp`] and [`run_gen_arena_ops`]: a `GenArena<Tracked, 8>` checked against an exact
//! model of its slots (generation and value of each), its last-in-first-out free list and the
//! keys it hands out. Every key ever handed out is kept, so lookups and removals go to stale keys
//! as often as to live ones.

use alloc::vec::Vec;

use avila_alloc::{GenArena, GenKey};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the arena under test: small, so runs fill it and reuse slots often.
pub const GEN_ARENA_CAPACITY: usize = 8;

type Sut = GenArena<Tracked, GEN_ARENA_CAPACITY>;

/// One operation on a `GenArena<Tracked, 8>`, mirrored on the model by [`run_gen_arena_ops`].
///
/// A `key` field picks one of the keys handed out so far (`key % (keys + 1)`; the extra pick is
/// a key of a slot never used, or of a generation not reached yet).
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum GenArenaOp {
    /// `1 + count % 6` inserts of `value, value + 1, ...` (so that runs fill the arena despite
    /// the removing operations), each by `insert`, or by `insert_with_key` if `with_key`
    /// (checking the key the closure sees). Stops at the first refusal.
    Insert {
        /// The first value.
        value: u8,
        /// Raw number of values.
        count: u8,
        /// Use `insert_with_key`.
        with_key: bool,
    },
    /// `remove(key)`.
    Remove {
        /// Raw key pick.
        key: u8,
    },
    /// `get`, `contains`, `Index` and `get_mut` (adding `bump`) with a key.
    Get {
        /// Raw key pick.
        key: u8,
        /// Added (wrapping) through `get_mut`.
        bump: u8,
    },
    /// `get2_mut(a, b)`, swapping the two values when it succeeds.
    Get2 {
        /// Raw key pick.
        a: u8,
        /// Raw key pick.
        b: u8,
    },
    /// `retain`, keeping the values not divisible by `2 + modulus % 4`.
    Retain {
        /// Raw modulus.
        modulus: u8,
    },
    /// `drain()`, taking `take % (len + 1)` values before dropping the iterator; `clear()`
    /// instead if `take % 8 == 7`. (One variant for the two, so that emptying the arena is
    /// rare enough for runs to fill it.)
    Drain {
        /// Raw number of values taken.
        take: u8,
    },
    /// Replaces the arena with its `clone()` (same keys, same free list).
    Clone,
    /// Walks `iter()` from the back and `iter_mut()` from the front, adding `bump`.
    Walk {
        /// Added (wrapping) to every value.
        bump: u8,
    },
}

/// The model: every slot used so far, the free list, the keys handed out.
#[derive(Default)]
struct Model {
    /// `(generation, value)` per used slot; the value is `Some` while the generation is odd.
    slots: Vec<(u32, Option<u16>)>,
    /// Vacant slots, the next to reuse last.
    free: Vec<usize>,
    /// Every key handed out, live or stale.
    keys: Vec<GenKey>,
}

impl Model {
    fn len(&self) -> usize {
        self.slots.iter().filter(|(_, v)| v.is_some()).count()
    }

    fn is_full(&self) -> bool {
        self.free.is_empty() && self.slots.len() == GEN_ARENA_CAPACITY
    }

    /// The key the next insert gets, if any: the last freed slot, else a new one.
    fn next_key(&self) -> Option<(usize, u32)> {
        if let Some(&i) = self.free.last() {
            return Some((i, self.slots[i].0 + 1));
        }
        (self.slots.len() < GEN_ARENA_CAPACITY).then_some((self.slots.len(), 1))
    }

    fn insert(&mut self, key: GenKey, value: u16) {
        let (i, generation) = self.next_key().expect("the arena was not full");
        assert_eq!((key.index(), key.generation()), (i, generation));
        if self.free.last() == Some(&i) {
            self.free.pop();
            self.slots[i] = (generation, Some(value));
        } else {
            self.slots.push((generation, Some(value)));
        }
        self.keys.push(key);
    }

    /// The slot of `key`'s value, if it is live.
    fn find(&self, key: GenKey) -> Option<usize> {
        let i = key.index();
        (i < self.slots.len() && self.slots[i].0 == key.generation()).then_some(i)
    }

    fn remove_slot(&mut self, i: usize) -> u16 {
        let value = self.slots[i].1.take().expect("a live slot");
        self.slots[i].0 += 1;
        self.free.push(i);
        value
    }

    /// A key from a raw pick: one handed out, or one that matches nothing.
    fn pick(&self, raw: u8) -> GenKey {
        let n = usize::from(raw) % (self.keys.len() + 1);
        self.keys.get(n).copied().unwrap_or_else(|| {
            let index = u64::from(raw) % (GEN_ARENA_CAPACITY as u64 + 2);
            GenKey::from_bits((101 << 32) | index).expect("an odd generation")
        })
    }

    /// The live keys and values, in slot order.
    fn live(&self) -> Vec<(GenKey, u16)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, &(generation, value))| {
                let key = GenKey::from_bits((u64::from(generation) << 32) | i as u64)?;
                Some((key, value?))
            })
            .collect()
    }
}

fn contents(sut: &Sut) -> Vec<(GenKey, u16)> {
    sut.iter().map(|(k, v)| (k, v.value)).collect()
}

/// Checks the arena against the model: contents in slot order, length, fullness, and that the
/// live `Tracked` values are exactly the model's (no leak, no double drop).
fn check(sut: &Sut, model: &Model, live_before: isize) {
    assert_eq!(contents(sut), model.live());
    assert_eq!(sut.len(), model.len());
    assert_eq!(sut.iter().len(), model.len());
    assert_eq!(sut.is_full(), model.is_full());
    assert_eq!(sut.is_empty(), model.len() == 0);
    assert_eq!(Tracked::live() - live_before, model.len() as isize);
}

/// Applies `ops` to a `GenArena<Tracked, 8>` and to the model, checking after every operation.
///
/// # Panics
///
/// If the arena and the model disagree.
pub fn run_gen_arena_ops(ops: &[GenArenaOp]) -> RunStats {
    let live_before = Tracked::live();
    let mut sut = Sut::new();
    let mut model = Model::default();
    let mut stats = RunStats::default();
    for op in ops {
        stats.ops += 1;
        if model.is_full() {
            stats.ops_when_full += 1;
        }
        apply(&mut sut, &mut model, op, &mut stats);
        check(&sut, &model, live_before);
        stats.max_len = stats.max_len.max(model.len());
    }
    drop(sut);
    assert_eq!(
        Tracked::live(),
        live_before,
        "dropping the arena drops every value once"
    );
    stats
}

fn apply(sut: &mut Sut, model: &mut Model, op: &GenArenaOp, stats: &mut RunStats) {
    match *op {
        GenArenaOp::Insert {
            value,
            count,
            with_key,
        } => {
            for n in 0..=u16::from(count % 6) {
                if !insert(sut, model, u16::from(value) + n, with_key) {
                    stats.rejected += 1;
                    break;
                }
            }
        }
        GenArenaOp::Remove { key } => {
            let key = model.pick(key);
            let expected = model.find(key).map(|i| model.remove_slot(i));
            assert_eq!(sut.remove(key).map(|t| t.value), expected);
            assert!(!sut.contains(key));
        }
        GenArenaOp::Get { key, bump } => {
            let key = model.pick(key);
            let slot = model.find(key);
            let expected = slot.and_then(|i| model.slots[i].1);
            assert_eq!(sut.get(key).map(|t| t.value), expected);
            assert_eq!(sut.contains(key), expected.is_some());
            if let Some(i) = slot {
                assert_eq!(sut[key].value, model.slots[i].1.unwrap());
                let value = model.slots[i].1.as_mut().unwrap();
                *value = value.wrapping_add(u16::from(bump));
                let t = sut.get_mut(key).unwrap();
                t.value = t.value.wrapping_add(u16::from(bump));
            } else {
                assert!(sut.get_mut(key).is_none());
            }
        }
        GenArenaOp::Get2 { a, b } => {
            let (a, b) = (model.pick(a), model.pick(b));
            let slots = match (model.find(a), model.find(b)) {
                (Some(i), Some(j)) if i != j => Some((i, j)),
                _ => None,
            };
            match (sut.get2_mut(a, b), slots) {
                (Some((x, y)), Some((i, j))) => {
                    core::mem::swap(x, y);
                    let (vi, vj) = (model.slots[i].1, model.slots[j].1);
                    model.slots[i].1 = vj;
                    model.slots[j].1 = vi;
                }
                (None, None) => {}
                (got, want) => panic!("get2_mut: {:?} but the model says {want:?}", got.is_some()),
            }
        }
        GenArenaOp::Retain { modulus } => {
            let m = 2 + u16::from(modulus % 4);
            let mut visited = Vec::new();
            sut.retain(|key, t| {
                visited.push(key);
                t.value % m != 0
            });
            let live = model.live();
            assert_eq!(visited, live.iter().map(|(k, _)| *k).collect::<Vec<_>>());
            for (key, value) in live {
                if value % m == 0 {
                    model.remove_slot(key.index());
                }
            }
        }
        GenArenaOp::Drain { take } if take % 8 == 7 => {
            sut.clear();
            for (key, _) in model.live() {
                model.remove_slot(key.index());
            }
        }
        GenArenaOp::Drain { take } => {
            let take = usize::from(take) % (model.len() + 1);
            let live = model.live();
            let mut drain = sut.drain();
            assert_eq!(drain.len(), live.len());
            let taken: Vec<(GenKey, u16)> = drain
                .by_ref()
                .take(take)
                .map(|(k, t)| (k, t.value))
                .collect();
            drop(drain);
            assert_eq!(taken, live[..take]);
            for (key, _) in live {
                model.remove_slot(key.index());
            }
        }
        GenArenaOp::Clone => {
            let copy = sut.clone();
            assert_eq!(contents(&copy), contents(sut));
            *sut = copy;
        }
        GenArenaOp::Walk { bump } => {
            let mut back: Vec<(GenKey, u16)> =
                sut.iter().rev().map(|(k, v)| (k, v.value)).collect();
            back.reverse();
            assert_eq!(back, model.live());
            for (_, t) in sut.iter_mut() {
                t.value = t.value.wrapping_add(u16::from(bump));
            }
            for (_, value) in &mut model.slots {
                if let Some(v) = value {
                    *v = v.wrapping_add(u16::from(bump));
                }
            }
        }
    }
}

/// One insert into the arena and the model; `false` if the arena refused it (checked against the
/// model).
fn insert(sut: &mut Sut, model: &mut Model, value: u16, with_key: bool) -> bool {
    let result = if with_key {
        let mut seen = None;
        let result = sut
            .insert_with_key(|key| {
                seen = Some(key);
                Tracked::new(value)
            })
            .map_err(|_| ());
        match result {
            Ok(key) => assert_eq!(seen, Some(key), "the closure sees the value's key"),
            Err(()) => assert_eq!(seen, None, "the closure is not called when full"),
        }
        result
    } else {
        sut.insert(Tracked::new(value)).map_err(|err| {
            assert_eq!(err.capacity(), GEN_ARENA_CAPACITY);
            assert_eq!(err.element().value, value);
        })
    };
    match result {
        Ok(key) => {
            model.insert(key, value);
            true
        }
        Err(()) => {
            assert!(model.is_full(), "refused with a free slot");
            false
        }
    }
}
