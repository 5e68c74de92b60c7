//! [`MapOp`] and [`run_map_ops`]: a `StackHashMap<Tracked, Tracked, 16>` checked against a
//! `HashMap<u16, u16>` model.

use core::fmt;
use core::hash::{BuildHasher, BuildHasherDefault, Hasher};
use std::collections::HashMap;

use avila_alloc::collections::hash_map::Entry;
use avila_alloc::{FixedState, StackHashMap};

use crate::Tracked;
use crate::ops::RunStats;

/// The capacity of the map under test: small, so the full state is reached often.
pub const MAP_CAPACITY: usize = 16;

/// Keys are `raw % KEY_SPACE`: half again the capacity, so a full map still sees keys it has
/// (replacements, which must succeed) and keys it has not (insertions, which must fail).
pub const KEY_SPACE: u16 = 24;

/// The runners look every `KEY_SWEEP_STEP`th key of the key space up after each operation: every
/// key natively; a quarter of them under Miri, to keep the model tests short there (the
/// operations' own lookups are all still checked against the model).
pub(crate) const KEY_SWEEP_STEP: usize = if cfg!(miri) { 4 } else { 1 };

const N: usize = MAP_CAPACITY;

type Map<S> = StackHashMap<Tracked, Tracked, N, S>;

/// One operation on a `StackHashMap<Tracked, Tracked, 16>`, mirrored on a `HashMap<u16, u16>`
/// model by [`run_map_ops`].
///
/// Keys are `key % 24`; values are small integers. Where an operation can fail for capacity
/// (a new key into a full map), the runner checks that it fails with exactly the rejected key
/// and value and that the map is unchanged. Panicking forms (`Extend`, `FromIterator`,
/// `Index`, `get_disjoint_mut` with overlapping keys) are only called when they cannot panic.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum MapOp {
    /// `insert(key, value)`: replaces (never fails) or adds (fails when full).
    Insert {
        /// Raw key.
        key: u8,
        /// The value.
        value: u8,
    },
    /// `remove(&key)`, looking up by `&u16` (the `Borrow` path) or by `&Tracked`.
    Remove {
        /// Raw key.
        key: u8,
        /// Look up by the borrowed form.
        borrowed: bool,
    },
    /// `remove_entry(&key)`.
    RemoveEntry {
        /// Raw key.
        key: u8,
    },
    /// `get`, `get_key_value`, `contains_key` and `Index` (when present).
    Get {
        /// Raw key.
        key: u8,
    },
    /// `get_mut(&key)`, adding `bump` to the value.
    GetMut {
        /// Raw key.
        key: u8,
        /// Added (wrapping) to the value.
        bump: u8,
    },
    /// `entry(key)` then, by `how % 5`: `or_insert(value)`, `or_insert_with(|| value)` (the
    /// closure must not run on a full map), `or_insert_with_key`, `or_default`, or
    /// `insert_entry(value)`; the result is bumped by one when it succeeds.
    Entry {
        /// Raw key.
        key: u8,
        /// The value to insert.
        value: u8,
        /// Which method.
        how: u8,
    },
    /// `entry(key).and_modify(+bump).or_insert(value)`.
    EntryAndModify {
        /// Raw key.
        key: u8,
        /// Added (wrapping) to a present value.
        bump: u8,
        /// The value for an absent key.
        value: u8,
    },
    /// `entry(key)`: removes an occupied entry (`remove` or `remove_entry` by `entry_too`), or
    /// inserts through `VacantEntry::insert` / `insert_entry`.
    EntryMatch {
        /// Raw key.
        key: u8,
        /// The value for a vacant entry.
        value: u8,
        /// Use the `*_entry` forms.
        entry_too: bool,
    },
    /// `retain`, keeping keys not divisible by `modulus % 4 + 2` and bumping every value;
    /// checks that each entry is visited once.
    Retain {
        /// Raw divisor.
        modulus: u8,
    },
    /// `extract_if`, extracting keys divisible by `modulus % 4 + 2` and bumping every visited
    /// value; takes at most `take % 20` entries, then drops the iterator. The entries extracted
    /// must be exactly the visited ones the predicate chose, and every entry not visited must stay
    /// unchanged.
    ExtractIf {
        /// Raw divisor.
        modulus: u8,
        /// Raw number of entries taken.
        take: u8,
    },
    /// `drain()`, taking `take` entries, then dropping the drain (or leaking it with
    /// `mem::forget` when `leak`; the map must then be empty, and the leak is accounted for).
    Drain {
        /// Raw number of entries taken.
        take: u8,
        /// Leak the drain instead of dropping it.
        leak: bool,
    },
    /// `clear()`.
    Clear,
    /// `Extend` with `count % 25` entries `(seed + i, seed)` when the new keys fit, else
    /// `try_extend`, whose error must carry the first entry that did not fit. With `by_ref`,
    /// `Extend<(&K, &V)>` on a `u16` copy of the map, which then replaces it.
    Extend {
        /// Raw number of entries.
        count: u8,
        /// First key and the values.
        seed: u8,
        /// Extend by reference (`Extend<(&K, &V)>`, on a `u16` copy) instead.
        by_ref: bool,
    },
    /// `try_extend` with `count % 25` entries.
    TryExtend {
        /// Raw number of entries.
        count: u8,
        /// First key and the values.
        seed: u8,
    },
    /// A new map of `count % 25` entries from `try_from_iter` (`how % 3 == 0`), `collect` when
    /// it fits (1), or `From<[_; 16]>` of 16 entries (2); `replace` swaps it in.
    Collect {
        /// Raw number of entries.
        count: u8,
        /// First key and the values.
        seed: u8,
        /// Which constructor.
        how: u8,
        /// Keep the new map.
        replace: bool,
    },
    /// `get_disjoint_mut([&a, &b])` (when `a` and `b` are not the same present key), swapping
    /// the values when both are present.
    GetDisjointMut {
        /// Raw first key.
        a: u8,
        /// Raw second key.
        b: u8,
    },
    /// Adds `bump` to every value through `iter_mut` (`how % 3 == 0`), `values_mut` (1) or
    /// `&mut map` (2).
    IterMut {
        /// Added (wrapping) to every value.
        bump: u8,
        /// Which iterator.
        how: u8,
    },
    /// Moves the entries out with `into_iter` (`how % 3 == 0`), `into_keys` (1) or
    /// `into_values` (2), takes `front` from the front and `back` from the back, and drops the
    /// rest with the iterator; for `into_iter`, the rest is collected back when `keep`.
    IntoIter {
        /// Raw number of entries taken from the front.
        front: u8,
        /// Raw number taken from the back.
        back: u8,
        /// Which iterator.
        how: u8,
        /// Collect the rest back into the map (`into_iter` only).
        keep: bool,
    },
    /// `clone()`; `replace` keeps the clone.
    Clone {
        /// Keep the clone and drop the original.
        replace: bool,
    },
    /// Compares with a map built from `count % 17` entries and with the model: `==` (against a
    /// map of another capacity and hasher too), `Debug`, `keys`/`values` against `iter`.
    Compare {
        /// Raw number of entries of the other map.
        count: u8,
        /// First key of the other map.
        seed: u8,
    },
}

/// A hasher that sends the keys to three hashes only: every run then works on long clusters, one
/// of them from the last home slot into the index's overflow slots.
#[derive(Debug, Default)]
pub struct Colliding(u64);

impl Hasher for Colliding {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.wrapping_add(u64::from(b));
        }
    }
    fn write_u16(&mut self, value: u16) {
        // Three hashes, with their homes at the first home slot, the middle one and the last
        // one. (The index folds the two halves of a hash together, so `u64::MAX` would go to
        // slot 0: the last home needs the high half zero.)
        self.0 = [0, 0x8000_0000, u64::from(u32::MAX)][usize::from(value % 3)];
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The `BuildHasher` of [`Colliding`].
pub type CollidingState = BuildHasherDefault<Colliding>;

fn key(raw: u8) -> u16 {
    u16::from(raw) % KEY_SPACE
}

/// The entries `(seed + i, seed)` for `i < count`, keys wrapped into the key space.
fn entries(seed: u8, count: usize) -> Vec<(u16, u16)> {
    (0..count)
        .map(|i| ((u16::from(seed) + i as u16) % KEY_SPACE, u16::from(seed)))
        .collect()
}

fn tracked(entries: &[(u16, u16)]) -> impl Iterator<Item = (Tracked, Tracked)> + '_ {
    entries
        .iter()
        .map(|&(k, v)| (Tracked::new(k), Tracked::new(v)))
}

/// How many of `new` entries the model would add (keys not yet present, counted once).
fn new_keys(model: &HashMap<u16, u16>, new: &[(u16, u16)]) -> usize {
    let mut seen = model.clone();
    new.iter()
        .filter(|&&(k, v)| seen.insert(k, v).is_none())
        .count()
}

/// The map under test, its model and the live-count bookkeeping.
struct MapRunner<S> {
    map: Map<S>,
    model: HashMap<u16, u16>,
    /// `Tracked::live()` before the run, plus the values deliberately leaked since.
    baseline: isize,
    stats: RunStats,
}

impl<S: BuildHasher + Default + Clone> MapRunner<S> {
    #[track_caller]
    fn assert_live(&self, extra: usize, op: &dyn fmt::Debug) {
        assert_eq!(
            Tracked::live() - self.baseline,
            (2 * self.model.len() + extra) as isize,
            "live Tracked values after {op:?}: leak or double drop",
        );
    }

    /// Asserts that the map and the model agree.
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        let map = &self.map;
        assert_eq!(map.len(), len, "len after {op:?}");
        assert_eq!(map.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(map.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(
            map.remaining_capacity(),
            N - len,
            "remaining_capacity after {op:?}"
        );
        assert_eq!(map.capacity(), N, "capacity after {op:?}");
        let mut entries: Vec<(u16, u16)> = map.iter().map(|(k, v)| (k.value, v.value)).collect();
        entries.sort_unstable();
        let mut expected: Vec<(u16, u16)> = self.model.iter().map(|(&k, &v)| (k, v)).collect();
        expected.sort_unstable();
        assert_eq!(entries, expected, "entries after {op:?}");
        for k in (0..KEY_SPACE).step_by(KEY_SWEEP_STEP) {
            assert_eq!(
                map.get(&k).map(|v| v.value),
                self.model.get(&k).copied(),
                "get({k}) after {op:?}"
            );
        }
        self.assert_live(0, op);
    }

    fn reject(
        &mut self,
        key: u16,
        value: u16,
        err: avila_alloc::CapacityError<(Tracked, Tracked)>,
    ) {
        self.stats.rejected += 1;
        assert_eq!(err.capacity(), N, "capacity in the error");
        let (k, v) = err.element();
        assert_eq!(
            (k.value, v.value),
            (key, value),
            "the error carries the rejected entry"
        );
        assert!(
            self.model.len() == N && !self.model.contains_key(&key),
            "rejected only when full"
        );
    }

    fn apply(&mut self, op: &MapOp) {
        let full = self.model.len() == N;
        self.stats.ops += 1;
        if full {
            self.stats.ops_when_full += 1;
        }
        match *op {
            MapOp::Insert { key: k, value } => {
                let (k, value) = (key(k), u16::from(value));
                match self.map.insert(Tracked::new(k), Tracked::new(value)) {
                    Ok(old) => {
                        assert_eq!(old.map(|v| v.value), self.model.insert(k, value), "insert")
                    }
                    Err(err) => self.reject(k, value, err),
                }
            }
            MapOp::Remove { key: k, borrowed } => {
                let k = key(k);
                let removed = if borrowed {
                    self.map.remove(&k)
                } else {
                    self.map.remove(&Tracked::new(k))
                };
                assert_eq!(removed.map(|v| v.value), self.model.remove(&k), "remove");
            }
            MapOp::RemoveEntry { key: k } => {
                let k = key(k);
                let removed = self.map.remove_entry(&k).map(|(k, v)| (k.value, v.value));
                assert_eq!(removed, self.model.remove_entry(&k), "remove_entry");
            }
            MapOp::Get { key: k } => {
                let k = key(k);
                let expected = self.model.get(&k).copied();
                assert_eq!(self.map.get(&k).map(|v| v.value), expected, "get");
                let kv = self
                    .map
                    .get_key_value(&Tracked::new(k))
                    .map(|(a, b)| (a.value, b.value));
                assert_eq!(kv, expected.map(|v| (k, v)), "get_key_value");
                assert_eq!(
                    self.map.contains_key(&k),
                    expected.is_some(),
                    "contains_key"
                );
                if let Some(v) = expected {
                    assert_eq!(self.map[&k].value, v, "Index");
                }
            }
            MapOp::GetMut { key: k, bump } => {
                let k = key(k);
                if let Some(v) = self.map.get_mut(&k) {
                    v.value = v.value.wrapping_add(u16::from(bump));
                }
                if let Some(v) = self.model.get_mut(&k) {
                    *v = v.wrapping_add(u16::from(bump));
                }
            }
            MapOp::Entry { key: k, value, how } => self.entry(key(k), u16::from(value), how),
            MapOp::EntryAndModify {
                key: k,
                bump,
                value,
            } => {
                let (k, value, bump) = (key(k), u16::from(value), u16::from(bump));
                let result = self
                    .map
                    .entry(Tracked::new(k))
                    .and_modify(|v| v.value = v.value.wrapping_add(bump))
                    .or_insert(Tracked::new(value));
                match result {
                    Ok(v) => assert_eq!(
                        v.value,
                        *self
                            .model
                            .entry(k)
                            .and_modify(|v| *v = v.wrapping_add(bump))
                            .or_insert(value),
                        "and_modify/or_insert"
                    ),
                    Err(err) => self.reject(k, value, err),
                }
            }
            MapOp::EntryMatch {
                key: k,
                value,
                entry_too,
            } => {
                let (k, value) = (key(k), u16::from(value));
                match self.map.entry(Tracked::new(k)) {
                    Entry::Occupied(o) => {
                        assert_eq!(o.key().value, k, "OccupiedEntry::key");
                        let expected = self.model.remove(&k);
                        let got = if entry_too {
                            o.remove_entry().1
                        } else {
                            o.remove()
                        };
                        assert_eq!(Some(got.value), expected, "OccupiedEntry::remove");
                    }
                    Entry::Vacant(v) => {
                        assert_eq!(v.key().value, k, "VacantEntry::key");
                        assert!(!self.model.contains_key(&k), "vacant only when absent");
                        let result = if entry_too {
                            v.insert_entry(Tracked::new(value)).map(|o| o.get().value)
                        } else {
                            v.insert(Tracked::new(value)).map(|v| v.value)
                        };
                        match result {
                            Ok(got) => {
                                assert_eq!(got, value, "VacantEntry::insert");
                                self.model.insert(k, value);
                            }
                            Err(err) => self.reject(k, value, err),
                        }
                    }
                }
            }
            MapOp::Retain { modulus } => {
                let divisor = u16::from(modulus) % 4 + 2;
                let mut visited = Vec::new();
                self.map.retain(|k, v| {
                    visited.push(k.value);
                    v.value = v.value.wrapping_add(1);
                    k.value % divisor != 0
                });
                visited.sort_unstable();
                let mut keys: Vec<u16> = self.model.keys().copied().collect();
                keys.sort_unstable();
                assert_eq!(visited, keys, "retain visits every entry once");
                self.model.retain(|k, v| {
                    *v = v.wrapping_add(1);
                    k % divisor != 0
                });
            }
            MapOp::ExtractIf { modulus, take } => self.extract_if(modulus, take),
            MapOp::Drain { take, leak } => {
                let mut drain = self.map.drain();
                assert_eq!(drain.len(), self.model.len(), "Drain::len");
                let mut taken = Vec::new();
                for _ in 0..usize::from(take) {
                    match drain.next() {
                        Some((k, v)) => taken.push((k.value, v.value)),
                        None => break,
                    }
                }
                let rest = drain.len();
                if leak {
                    core::mem::forget(drain);
                    self.baseline += 2 * rest as isize;
                } else {
                    drop(drain);
                }
                for (k, v) in taken {
                    assert_eq!(self.model.remove(&k), Some(v), "drained entry");
                }
                self.model.clear();
            }
            MapOp::Clear => {
                self.map.clear();
                self.model.clear();
            }
            MapOp::Extend {
                count,
                seed,
                by_ref,
            } => self.extend(count, seed, by_ref),
            MapOp::TryExtend { count, seed } => {
                let new = entries(seed, usize::from(count) % 25);
                self.try_extend(&new, "try_extend");
            }
            MapOp::Collect {
                count,
                seed,
                how,
                replace,
            } => self.collect(count, seed, how, replace),
            MapOp::GetDisjointMut { a, b } => {
                let (a, b) = (key(a), key(b));
                if a == b && self.model.contains_key(&a) {
                    // Overlapping present keys panic; check the single-key form instead.
                    let [v] = self.map.get_disjoint_mut([&a]);
                    assert_eq!(v.map(|v| v.value), self.model.get(&a).copied());
                    return;
                }
                let [va, vb] = self.map.get_disjoint_mut([&a, &b]);
                assert_eq!(va.as_ref().map(|v| v.value), self.model.get(&a).copied());
                assert_eq!(vb.as_ref().map(|v| v.value), self.model.get(&b).copied());
                if let (Some(va), Some(vb)) = (va, vb) {
                    core::mem::swap(va, vb);
                    let (ma, mb) = (self.model[&a], self.model[&b]);
                    self.model.insert(a, mb);
                    self.model.insert(b, ma);
                }
            }
            MapOp::IterMut { bump, how } => {
                let bump = u16::from(bump);
                match how % 3 {
                    0 => self
                        .map
                        .iter_mut()
                        .for_each(|(_, v)| v.value = v.value.wrapping_add(bump)),
                    1 => self
                        .map
                        .values_mut()
                        .for_each(|v| v.value = v.value.wrapping_add(bump)),
                    _ => {
                        for (_, v) in &mut self.map {
                            v.value = v.value.wrapping_add(bump);
                        }
                    }
                }
                self.model
                    .values_mut()
                    .for_each(|v| *v = v.wrapping_add(bump));
            }
            MapOp::IntoIter {
                front,
                back,
                how,
                keep,
            } => self.move_out(front, back, how, keep),
            MapOp::Clone { replace } => {
                let copy = self.map.clone();
                assert!(copy == self.map, "clone == original");
                self.assert_live(2 * self.model.len(), op);
                if replace {
                    self.map = copy;
                }
            }
            MapOp::Compare { count, seed } => self.compare(count, seed),
        }
    }

    fn entry(&mut self, k: u16, value: u16, how: u8) {
        let present = self.model.contains_key(&k);
        let entry = self.map.entry(Tracked::new(k));
        let result: Result<u16, Option<avila_alloc::CapacityError<(Tracked, Tracked)>>> =
            match how % 5 {
                0 => entry
                    .or_insert(Tracked::new(value))
                    .map(|v| v.value)
                    .map_err(Some),
                1 => entry
                    .or_insert_with(|| {
                        assert!(
                            present || self.model.len() < N,
                            "or_insert_with calls make only with room"
                        );
                        Tracked::new(value)
                    })
                    .map(|v| v.value)
                    .map_err(|err| {
                        assert_eq!(err.element().value, k, "or_insert_with gives the key back");
                        None
                    }),
                2 => entry
                    .or_insert_with_key(|key| Tracked::new(key.value.wrapping_add(value)))
                    .map(|v| v.value)
                    .map_err(|err| {
                        assert_eq!(
                            err.element().value,
                            k,
                            "or_insert_with_key gives the key back"
                        );
                        None
                    }),
                3 => entry.or_default().map(|v| v.value).map_err(|err| {
                    assert_eq!(err.element().value, k, "or_default gives the key back");
                    None
                }),
                _ => entry
                    .insert_entry(Tracked::new(value))
                    .map(|o| o.get().value)
                    .map_err(Some),
            };
        let inserted = match how % 5 {
            2 => k.wrapping_add(value),
            3 => 0,
            _ => value,
        };
        match result {
            Ok(got) => {
                let expected = if how % 5 == 4 {
                    self.model.insert(k, value);
                    value
                } else {
                    *self.model.entry(k).or_insert(inserted)
                };
                assert_eq!(got, expected, "entry value");
            }
            Err(err) => {
                assert!(
                    !present && self.model.len() == N,
                    "entry fails only for a new key when full"
                );
                match err {
                    Some(err) => self.reject(k, value, err),
                    None => self.stats.rejected += 1,
                }
            }
        }
    }

    fn try_extend(&mut self, new: &[(u16, u16)], what: &str) {
        // The model's answer: every entry in turn, until a new key meets a full map.
        let rejected_at = new.iter().position(|&(k, v)| {
            if self.model.contains_key(&k) || self.model.len() < N {
                self.model.insert(k, v);
                false
            } else {
                true
            }
        });
        let mut source = tracked(new);
        let result = self.map.try_extend(source.by_ref());
        match (result, rejected_at) {
            (Ok(()), None) => {}
            (Err(err), Some(at)) => {
                self.reject(new[at].0, new[at].1, err);
                assert_eq!(
                    source.count(),
                    new.len() - at - 1,
                    "{what}: the iterator keeps the rest"
                );
            }
            (result, expected) => panic!(
                "{what}: {:?} where the model rejects at {expected:?}",
                result.map_err(|e| e.element())
            ),
        }
    }

    /// [`MapOp::ExtractIf`].
    fn extract_if(&mut self, modulus: u8, take: u8) {
        let divisor = u16::from(modulus) % 4 + 2;
        let take = usize::from(take) % 20;
        let mut visited = Vec::new();
        let iter = self.map.extract_if(|k, v| {
            visited.push(k.value);
            v.value = v.value.wrapping_add(1);
            k.value % divisor == 0
        });
        assert_eq!(
            iter.size_hint(),
            (0, Some(self.model.len())),
            "ExtractIf::size_hint"
        );
        // The iterator ends here, possibly before its end.
        let taken: Vec<(u16, u16)> = iter.take(take).map(|(k, v)| (k.value, v.value)).collect();
        let mut chosen: Vec<u16> = visited
            .iter()
            .copied()
            .filter(|k| k % divisor == 0)
            .collect();
        chosen.sort_unstable();
        let mut taken_keys: Vec<u16> = taken.iter().map(|&(k, _)| k).collect();
        taken_keys.sort_unstable();
        assert_eq!(
            taken_keys, chosen,
            "extract_if yields exactly the chosen visited entries"
        );
        let mut unique = visited.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            visited.len(),
            "extract_if visits each entry at most once"
        );
        if taken.len() < take {
            assert_eq!(
                visited.len(),
                self.model.len(),
                "a whole pass visits every entry"
            );
        }
        for k in visited {
            let v = self
                .model
                .get_mut(&k)
                .expect("a visited key is in the model");
            *v = v.wrapping_add(1);
        }
        for (k, v) in taken {
            assert_eq!(self.model.remove(&k), Some(v), "extracted entry");
        }
    }

    fn extend(&mut self, count: u8, seed: u8, by_ref: bool) {
        let new = entries(seed, usize::from(count) % 25);
        let fits = new_keys(&self.model, &new) <= N - self.model.len();
        if !fits {
            self.try_extend(&new, "try_extend instead of extend");
            return;
        }
        if by_ref {
            // `Extend<(&K, &V)>` needs `Copy` keys: a copy of the map with `u16`s.
            let mut copy: StackHashMap<u16, u16, N, S> = StackHashMap::default();
            copy.extend(self.map.iter().map(|(k, v)| (k.value, v.value)));
            copy.extend(new.iter().map(|(k, v)| (k, v)));
            for &(k, v) in &new {
                self.model.insert(k, v);
            }
            assert_eq!(copy.len(), self.model.len(), "Extend<(&K, &V)>");
            // The copy replaces the map (checked against the model after the operation).
            self.map = copy
                .iter()
                .map(|(&k, &v)| (Tracked::new(k), Tracked::new(v)))
                .collect();
        } else {
            self.map.extend(tracked(&new));
            for &(k, v) in &new {
                self.model.insert(k, v);
            }
        }
    }

    fn collect(&mut self, count: u8, seed: u8, how: u8, replace: bool) {
        let new = entries(seed, usize::from(count) % 25);
        let mut model = HashMap::new();
        let fits = new_keys(&model, &new) <= N;
        let built: Option<Map<S>> = match how % 3 {
            0 => match Map::<S>::try_from_iter(tracked(&new)) {
                Ok(map) => Some(map),
                Err(err) => {
                    assert!(!fits, "try_from_iter fails only past capacity");
                    self.stats.rejected += 1;
                    drop(err);
                    None
                }
            },
            1 if fits => Some(tracked(&new).collect()),
            1 => None,
            _ => {
                let array: [(Tracked, Tracked); N] = core::array::from_fn(|i| {
                    (
                        Tracked::new((u16::from(seed) + i as u16 * 3) % KEY_SPACE),
                        Tracked::new(u16::from(seed)),
                    )
                });
                model = array.iter().map(|(k, v)| (k.value, v.value)).collect();
                let map = Map::<S>::from(array);
                assert_eq!(map.len(), model.len(), "From<[_; N]>");
                if replace {
                    self.map = map;
                    self.model = model;
                }
                return;
            }
        };
        if let Some(map) = built {
            for &(k, v) in &new {
                model.insert(k, v);
            }
            assert_eq!(map.len(), model.len(), "collected map");
            for (k, v) in &map {
                assert_eq!(model.get(&k.value), Some(&v.value), "collected entry");
            }
            if replace {
                self.map = map;
                self.model = model;
            }
        }
    }

    fn move_out(&mut self, front: u8, back: u8, how: u8, keep: bool) {
        let map = core::mem::take(&mut self.map);
        let model = core::mem::take(&mut self.model);
        let (front, back) = (usize::from(front) % 9, usize::from(back) % 9);
        match how % 3 {
            0 => {
                let mut it = map.into_iter();
                let mut seen = Vec::new();
                seen.extend(it.by_ref().take(front).map(|(k, v)| (k.value, v.value)));
                for _ in 0..back {
                    if let Some((k, v)) = it.next_back() {
                        seen.push((k.value, v.value));
                    }
                }
                assert_eq!(it.len(), model.len() - seen.len(), "IntoIter::len");
                for (k, v) in &seen {
                    assert_eq!(model.get(k), Some(v), "IntoIter entry");
                }
                if keep {
                    self.map = it.collect();
                    self.model = model;
                    for (k, _) in seen {
                        self.model.remove(&k);
                    }
                }
            }
            1 => {
                let mut it = map.into_keys();
                let taken: Vec<u16> = it.by_ref().take(front).map(|k| k.value).collect();
                assert!(taken.iter().all(|k| model.contains_key(k)), "IntoKeys");
                assert_eq!(it.len(), model.len() - taken.len(), "IntoKeys::len");
            }
            _ => {
                let mut it = map.into_values();
                let taken = it.by_ref().rev().take(back).count();
                assert_eq!(it.len(), model.len() - taken, "IntoValues::len");
            }
        }
    }

    fn compare(&self, count: u8, seed: u8) {
        let new = entries(seed, usize::from(count) % 17);
        let other: StackHashMap<Tracked, Tracked, 32, std::hash::RandomState> =
            tracked(&new).collect();
        let other_model: HashMap<u16, u16> = new.iter().copied().collect();
        assert_eq!(self.map == other, self.model == other_model, "==");
        let same: StackHashMap<Tracked, Tracked, 24, FixedState> = self
            .model
            .iter()
            .map(|(&k, &v)| (Tracked::new(k), Tracked::new(v)))
            .collect();
        assert!(self.map == same, "== with another capacity and hasher");
        let keys: Vec<u16> = self.map.keys().map(|k| k.value).collect();
        let values: Vec<u16> = self.map.values().map(|v| v.value).collect();
        let pairs: Vec<(u16, u16)> = self.map.iter().map(|(k, v)| (k.value, v.value)).collect();
        assert_eq!(
            keys,
            pairs.iter().map(|p| p.0).collect::<Vec<_>>(),
            "keys in iter order"
        );
        assert_eq!(
            values,
            pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
            "values in iter order"
        );
        let debug = format!("{:?}", self.map);
        let expected = format!(
            "{{{}}}",
            pairs
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        assert_eq!(debug, expected, "Debug");
    }
}

fn run<S: BuildHasher + Default + Clone>(ops: &[MapOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = MapRunner::<S> {
        map: StackHashMap::default(),
        model: HashMap::new(),
        baseline,
        stats: RunStats::default(),
    };
    runner.check(&"the start");
    for op in ops {
        runner.apply(op);
        runner.check(op);
        runner.stats.max_len = runner.stats.max_len.max(runner.model.len());
    }
    let (leaked, stats) = (runner.baseline - baseline, runner.stats);
    drop(runner);
    assert_eq!(
        Tracked::live(),
        baseline + leaked,
        "every key and value dropped exactly once at the end"
    );
    stats
}

/// Applies `ops` to a `StackHashMap<Tracked, Tracked, 16>` (default hasher) and to a
/// `HashMap<u16, u16>` model, asserting after every operation that they agree (entries, `len`,
/// `is_full`, `remaining_capacity`, every lookup) and that the number of live [`Tracked`] keys
/// and values is exactly what the model holds. Returns what the run went through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{MapOp, run_map_ops};
///
/// run_map_ops(&[
///     MapOp::Extend { count: 16, seed: 0, by_ref: false }, // full
///     MapOp::Insert { key: 20, value: 1 },                  // a new key: must fail
///     MapOp::Insert { key: 3, value: 1 },                   // a present key: replaced
///     MapOp::Remove { key: 3, borrowed: true },
/// ]);
/// ```
pub fn run_map_ops(ops: &[MapOp]) -> RunStats {
    run::<FixedState>(ops)
}

/// [`run_map_ops`] with a hasher that sends every key to one of three hashes ([`Colliding`]):
/// the same checks on a map made of long clusters, one of which runs past the last home slot.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
pub fn run_map_ops_colliding(ops: &[MapOp]) -> RunStats {
    run::<CollidingState>(ops)
}
