//! [`SlabOp`] and [`run_slab_ops`]: a `SlabAllocator<Tracked, 8>` checked against an exact model
//! of its contents *and* of the keys it hands out: a `BTreeMap` of the values plus the LIFO stack
//! of freed keys and the high-water mark, which predict every key `insert` and `vacant_entry`
//! return (the `slab` crate's reuse order).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use avila_alloc::SlabAllocator;

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the slab under test: small, so runs fill it often.
pub const SLAB_CAPACITY: usize = 8;

type Sut = SlabAllocator<Tracked, SLAB_CAPACITY>;

/// One operation on a `SlabAllocator<Tracked, 8>`, mirrored on the model by [`run_slab_ops`].
/// Keys are raw: `key % 10`, so some are vacant and some out of range.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum SlabOp {
    /// `insert` of `1 + count % 4` values from `value` on (rejected when full, the value
    /// checked on the way back).
    Insert {
        /// The first value.
        value: u16,
        /// Raw number of values.
        count: u8,
    },
    /// `vacant_entry()`, then `insert` of a value computed from its key (or drop the entry).
    Entry {
        /// Whether to insert or drop the entry unused.
        use_it: bool,
    },
    /// `try_remove(key)`.
    TryRemove {
        /// Raw key.
        key: u8,
    },
    /// `remove(key)`, only on an occupied key (it panics on a vacant one).
    Remove {
        /// Raw index into the occupied keys.
        index: u8,
    },
    /// `get_mut(key)` and add to the value.
    Bump {
        /// Raw key.
        key: u8,
        /// Added (wrapping).
        add: u16,
    },
    /// `get2_mut(a, b)` and swap the two values.
    Swap2 {
        /// Raw first key.
        a: u8,
        /// Raw second key.
        b: u8,
    },
    /// `retain`, keeping the values whose bit `bit % 16` is clear, and bumping the kept ones.
    /// Bulk removals are rare, so runs fill the slab: this one applies when `bit % 4 == 0`.
    Retain {
        /// Raw bit.
        bit: u8,
    },
    /// `drain()`, taking `take % 10` values from the front or back, then dropping the iterator.
    /// Applies when `rare % 4 == 0`.
    Drain {
        /// Raw number of values taken before the drop.
        take: u8,
        /// Take from the back.
        back: bool,
        /// Applies when a multiple of 4.
        rare: u8,
    },
    /// `clear()`, when `rare % 4 == 0`.
    Clear {
        /// Applies when a multiple of 4.
        rare: u8,
    },
    /// `clone()`, checked equal, then replace the slab with it.
    CloneSwap,
    /// `iter_mut` over all values, adding the key.
    IterMut,
}

/// The model: values by key, the free-key stack (last freed on top) and the high-water mark.
#[derive(Default)]
struct Model {
    values: BTreeMap<usize, u16>,
    free: Vec<usize>,
    used: usize,
}

impl Model {
    /// The key the next insertion gets, and takes it.
    fn take_key(&mut self) -> usize {
        self.free.pop().unwrap_or_else(|| {
            self.used += 1;
            self.used - 1
        })
    }

    fn next_key(&self) -> Option<usize> {
        if self.values.len() == SLAB_CAPACITY {
            None
        } else {
            Some(self.free.last().copied().unwrap_or(self.used))
        }
    }

    fn remove(&mut self, key: usize) -> Option<u16> {
        let value = self.values.remove(&key)?;
        self.free.push(key);
        Some(value)
    }

    fn clear(&mut self) {
        *self = Self::default();
    }
}

fn raw_key(key: u8) -> usize {
    usize::from(key) % (SLAB_CAPACITY + 2)
}

/// Applies `ops` to a `SlabAllocator<Tracked, 8>` and to the model, asserting after every
/// operation that they agree (values by key, length, fullness, the next key, the live `Tracked`
/// count), and at the end that every value was dropped exactly once.
///
/// # Panics
///
/// On any disagreement.
pub fn run_slab_ops(ops: &[SlabOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut slab = Sut::new();
    let mut model = Model::default();
    let mut stats = RunStats::default();
    for op in ops {
        stats.ops += 1;
        if slab.is_full() {
            stats.ops_when_full += 1;
        }
        apply(&mut slab, &mut model, &mut stats, op);
        check(&slab, &model, op);
        assert_eq!(
            Tracked::live(),
            baseline + model.values.len() as isize,
            "live Tracked values after {op:?}"
        );
        stats.max_len = stats.max_len.max(slab.len());
    }
    drop(slab);
    assert_eq!(
        Tracked::live(),
        baseline,
        "every value dropped exactly once"
    );
    stats
}

fn apply(slab: &mut Sut, model: &mut Model, stats: &mut RunStats, op: &SlabOp) {
    match *op {
        SlabOp::Insert { value, count } => {
            for value in (0..1 + count % 4).map(|i| value.wrapping_add(u16::from(i))) {
                match slab.insert(Tracked::new(value)) {
                    Ok(key) => {
                        assert_eq!(key, model.take_key(), "key of insert");
                        model.values.insert(key, value);
                    }
                    Err(err) => {
                        assert_eq!(model.values.len(), SLAB_CAPACITY, "rejected while not full");
                        assert_eq!(err.capacity(), SLAB_CAPACITY);
                        assert_eq!(err.element().value, value, "the value comes back");
                        stats.rejected += 1;
                    }
                }
            }
        }
        SlabOp::Entry { use_it } => match slab.vacant_entry() {
            Ok(entry) => {
                let key = entry.key();
                assert_eq!(Some(key), model.next_key(), "key of vacant_entry");
                if use_it {
                    let value = key as u16 * 1000;
                    assert_eq!(entry.insert(Tracked::new(value)).value, value);
                    assert_eq!(model.take_key(), key);
                    model.values.insert(key, value);
                }
            }
            Err(_) => {
                assert_eq!(
                    model.values.len(),
                    SLAB_CAPACITY,
                    "entry refused while not full"
                );
                stats.rejected += 1;
            }
        },
        SlabOp::TryRemove { key } => {
            let key = raw_key(key);
            assert_eq!(slab.try_remove(key).map(|t| t.value), model.remove(key));
        }
        SlabOp::Remove { index } => {
            if !model.values.is_empty() {
                let key = *model
                    .values
                    .keys()
                    .nth(usize::from(index) % model.values.len())
                    .unwrap();
                assert_eq!(Some(slab.remove(key).value), model.remove(key));
            }
        }
        SlabOp::Bump { key, add } => {
            let key = raw_key(key);
            match (slab.get_mut(key), model.values.get_mut(&key)) {
                (Some(t), Some(m)) => {
                    t.value = t.value.wrapping_add(add);
                    *m = m.wrapping_add(add);
                }
                (None, None) => {}
                (s, m) => panic!("get_mut({key}): {:?} vs {m:?}", s.map(|t| t.value)),
            }
        }
        SlabOp::Swap2 { a, b } => {
            let (a, b) = (raw_key(a), raw_key(b));
            let expected = a != b && model.values.contains_key(&a) && model.values.contains_key(&b);
            match slab.get2_mut(a, b) {
                Some((x, y)) => {
                    assert!(expected, "get2_mut({a}, {b}) gave values");
                    assert_eq!((x.value, y.value), (model.values[&a], model.values[&b]));
                    core::mem::swap(x, y);
                    let (va, vb) = (model.values[&a], model.values[&b]);
                    model.values.insert(a, vb);
                    model.values.insert(b, va);
                }
                None => assert!(!expected, "get2_mut({a}, {b}) gave nothing"),
            }
        }
        SlabOp::Retain { bit } if bit % 4 == 0 => {
            let mask = 1_u16 << (bit % 16);
            let mut seen = Vec::new();
            slab.retain(|key, t| {
                seen.push(key);
                let keep = t.value & mask == 0;
                t.value = t.value.wrapping_add(1);
                keep
            });
            assert_eq!(seen, model.values.keys().copied().collect::<Vec<_>>());
            let keys: Vec<usize> = model.values.keys().copied().collect();
            for key in keys {
                let v = model.values[&key];
                if v & mask == 0 {
                    model.values.insert(key, v.wrapping_add(1));
                } else {
                    model.remove(key);
                }
            }
        }
        SlabOp::Drain { take, back, rare } if rare % 4 == 0 => {
            let mut drain = slab.drain();
            assert_eq!(drain.len(), model.values.len());
            let mut expected: Vec<u16> = model.values.values().copied().collect();
            if back {
                expected.reverse();
            }
            let take = usize::from(take) % 10;
            let got: Vec<u16> = if back {
                drain.by_ref().rev().take(take).map(|t| t.value).collect()
            } else {
                drain.by_ref().take(take).map(|t| t.value).collect()
            };
            expected.truncate(take);
            assert_eq!(got, expected);
            drop(drain);
            model.clear();
        }
        SlabOp::Clear { rare } if rare % 4 == 0 => {
            slab.clear();
            model.clear();
        }
        SlabOp::Retain { .. } | SlabOp::Drain { .. } | SlabOp::Clear { .. } => {}
        SlabOp::CloneSwap => {
            let copy = slab.clone();
            assert_eq!(pairs(&copy), pairs(slab));
            *slab = copy;
        }
        SlabOp::IterMut => {
            for (key, t) in slab.iter_mut() {
                t.value = t.value.wrapping_add(key as u16);
            }
            for (key, v) in &mut model.values {
                *v = v.wrapping_add(*key as u16);
            }
        }
    }
}

fn pairs(slab: &Sut) -> Vec<(usize, u16)> {
    slab.iter().map(|(k, t)| (k, t.value)).collect()
}

fn check(slab: &Sut, model: &Model, op: &SlabOp) {
    let expected: Vec<(usize, u16)> = model.values.iter().map(|(k, v)| (*k, *v)).collect();
    assert_eq!(pairs(slab), expected, "contents after {op:?}");
    // Under Miri (over 30 s for this model otherwise) the reverse walk and the sweep of every
    // key are left to the unit tests and to the ops' own lookups (`get_mut`, `get2_mut`,
    // `try_remove` are each checked against the model).
    let full_check = !cfg!(miri);
    if full_check {
        let mut back: Vec<(usize, u16)> = slab.iter().rev().map(|(k, t)| (k, t.value)).collect();
        back.reverse();
        assert_eq!(back, expected, "reverse iteration after {op:?}");
    }
    assert_eq!(slab.len(), model.values.len());
    assert_eq!(slab.is_full(), model.values.len() == SLAB_CAPACITY);
    assert_eq!(slab.is_empty(), model.values.is_empty());
    assert_eq!(slab.vacant_key(), model.next_key(), "next key after {op:?}");
    for key in (0..SLAB_CAPACITY + 2).filter(|_| full_check) {
        assert_eq!(slab.contains(key), model.values.contains_key(&key));
        assert_eq!(
            slab.get(key).map(|t| t.value),
            model.values.get(&key).copied()
        );
    }
}
