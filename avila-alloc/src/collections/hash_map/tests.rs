// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::cell::Cell;
use core::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::collections::HashMap;
use std::hash::RandomState;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use super::{Entry, StackHashMap};
use crate::hash::{FixedState, SeededState};
use crate::test_util::{Counted, drops, expect_panic, live};

/// A hasher whose hash is the last integer written: tests choose home slots with it.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, value: u32) {
        self.0 = u64::from(value);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type IdentityState = BuildHasherDefault<Identity>;

/// A hasher that sends every key to the same hash, `HASH`: one cluster holds the whole map.
#[derive(Default)]
struct Constant<const HASH: u64>;

impl<const HASH: u64> Hasher for Constant<HASH> {
    fn write(&mut self, _: &[u8]) {}
    fn finish(&self) -> u64 {
        HASH
    }
}

type ConstantState = BuildHasherDefault<Constant<0xdead_beef>>;

/// Every key at the last home slot (`2N - 1`): the cluster runs through the overflow slots and,
/// past 17 entries, wraps to slot 0. (The index folds the hash's halves together: the high half
/// must be zero for the top bits to stay set.)
type LastHomeState = BuildHasherDefault<Constant<{ u32::MAX as u64 }>>;

/// The index of a map of capacity `N`, for the tests of its code format.
type Raw<const N: usize> = super::raw::RawIndex<N>;

/// The tag bits of a slot for capacity `N`, for choosing keys with the identity hasher: a key
/// `k << shift` has tag `k << shift` and home `(k << shift) * 2N >> 32`.
fn home_of<const N: usize>(hash: u32) -> usize {
    Raw::<N>::home(Raw::<N>::tag(u64::from(hash)))
}

/// The h2 is the folded hash's own low seven bits, and from `N = 64` on those lie below the tag:
/// hashes that differ only there share tag and home and take all 128 control bytes.
#[test]
fn h2_is_the_low_seven_bits_below_the_tag() {
    fn check<const N: usize>() {
        // Bits in both halves, which the index folds together.
        let base = 0x0123_4567_dead_b000_u64;
        let first = Raw::<N>::tag(base);
        for low in 0..128 {
            let code = Raw::<N>::tag(base | low);
            assert_eq!(
                u64::from(code & 0x7f),
                (low ^ (base >> 32)) & 0x7f,
                "N = {N}"
            );
            assert_eq!(
                code & Raw::<N>::TAG_MASK,
                first & Raw::<N>::TAG_MASK,
                "N = {N}"
            );
            assert_eq!(Raw::<N>::home(code), Raw::<N>::home(first), "N = {N}");
        }
    }
    check::<64>();
    check::<1000>();
    check::<4096>();
    check::<100_000>();
}

/// A tiny xorshift generator for the randomized tests.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Randomized churn against `std`'s `HashMap`: inserts, replacements, removals, entry calls and
/// lookups of keys from `0..key_space`, with the invariants checked after every operation.
fn churn<const N: usize, S: BuildHasher>(hasher: S, key_space: u32, ops: usize, seed: u64) {
    let mut map: StackHashMap<u32, u32, N, S> = StackHashMap::with_hasher(hasher);
    let mut model: HashMap<u32, u32> = HashMap::new();
    let mut state = seed;
    let mut full_seen = false;
    for step in 0..ops {
        let r = xorshift(&mut state);
        let key = (r >> 8) as u32 % key_space;
        let value = step as u32;
        match r % 6 {
            0 | 1 => {
                let result = map.insert(key, value);
                if model.contains_key(&key) || model.len() < N {
                    assert_eq!(result, Ok(model.insert(key, value)));
                } else {
                    full_seen = true;
                    assert_eq!(result.unwrap_err().element(), (key, value));
                }
            }
            2 => assert_eq!(map.remove(&key), model.remove(&key)),
            3 => {
                let fits = model.contains_key(&key) || model.len() < N;
                match map.entry(key).or_insert(value) {
                    Ok(v) => {
                        *v += 1;
                        *model.entry(key).or_insert(value) += 1;
                    }
                    Err(err) => {
                        assert!(!fits);
                        assert_eq!(err.element(), (key, value));
                    }
                }
            }
            4 => assert_eq!(map.get(&key), model.get(&key)),
            _ => assert_eq!(map.remove_entry(&key), model.remove_entry(&key)),
        }
        map.check_invariants();
        assert_eq!(map.len(), model.len());
        assert_eq!(map.is_full(), model.len() == N);
    }
    let mut entries: Vec<(u32, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
    let mut expected: Vec<(u32, u32)> = model.into_iter().collect();
    entries.sort_unstable();
    expected.sort_unstable();
    assert_eq!(entries, expected);
    assert!(
        full_seen || key_space as usize <= N || ops < 200,
        "the churn filled the map (N = {N})"
    );
}

const CHURN_OPS: usize = if cfg!(miri) { 150 } else { 4_000 };

#[test]
fn churn_matches_std_for_many_capacities() {
    churn::<1, _>(FixedState, 3, CHURN_OPS, 1);
    churn::<2, _>(FixedState, 5, CHURN_OPS, 2);
    churn::<3, _>(FixedState, 6, CHURN_OPS, 3);
    churn::<7, _>(FixedState, 12, CHURN_OPS, 4);
    churn::<10, _>(FixedState, 30, CHURN_OPS, 5);
    if cfg!(miri) {
        // The large maps cost Miri most of a minute and reach no code the small ones do not
        // (their checks are O(N) per operation): the seeded hasher on a small map instead.
        churn::<10, _>(SeededState::new(77), 30, CHURN_OPS, 7);
    } else {
        churn::<64, _>(FixedState, 200, CHURN_OPS, 6);
        churn::<100, _>(SeededState::new(77), 300, CHURN_OPS, 7);
    }
    churn::<13, _>(RandomState::default(), 40, CHURN_OPS, 8);
}

#[test]
fn churn_with_every_key_colliding() {
    // One cluster holds every entry.
    churn::<5, _>(ConstantState::default(), 8, CHURN_OPS, 9);
    churn::<16, _>(ConstantState::default(), 48, CHURN_OPS, 10);
    // From the last home through the 16 overflow slots, and around the end of the table.
    churn::<24, _>(LastHomeState::default(), 60, CHURN_OPS, 12);
}

#[test]
fn one_cluster_wrapping_around_the_end_of_the_table() {
    assert_eq!(home_of::<24>(u32::MAX), 47);
    let mut map: StackHashMap<u32, u32, 24, LastHomeState> = StackHashMap::default();
    for k in 0..24 {
        map.insert(k, k + 100).unwrap();
        map.check_invariants();
    }
    // Slots 47..=63 hold the first 17 keys, slots 0..=6 the other 7: every lookup, hit or
    // miss, starts at slot 47 and goes through the groups at 47 and at the last group start,
    // then on to slot 0.
    for k in 0..24 {
        assert_eq!(map.get(&k), Some(&(k + 100)));
    }
    assert_eq!(map.get(&24), None);
    // Backward shifts across the end of the table.
    for k in (0..24).step_by(3) {
        assert_eq!(map.remove(&k), Some(k + 100));
        map.check_invariants();
    }
    for k in 0..24 {
        assert_eq!(map.get(&k), (k % 3 != 0).then_some(&(k + 100)));
    }
    for k in (0..24).step_by(3) {
        map.insert(k, k).unwrap();
        map.check_invariants();
    }
    assert!(map.is_full());
    assert_eq!(map.insert(99, 0).unwrap_err().element(), (99, 0));
}

#[test]
fn churn_with_clustered_homes_wrapping_around() {
    // With the identity hasher, keys `0..key_space` all have tag 0 (home 0) for large N, and
    // the keys near `u32::MAX` have their home at the end of the table.
    churn::<8, _>(IdentityState::default(), 12, CHURN_OPS, 11);
    let mut map: StackHashMap<u32, u32, 20, IdentityState> = StackHashMap::default();
    let high: Vec<u32> = (0..20).map(|i| u32::MAX - i).collect();
    assert!(high.iter().all(|&h| home_of::<20>(h) == 39));
    for (i, &k) in high.iter().enumerate() {
        map.insert(k, i as u32).unwrap();
        map.check_invariants();
    }
    assert!(map.is_full());
    for &k in high.iter().step_by(2) {
        assert!(map.remove(&k).is_some());
        map.check_invariants();
    }
    for &k in &high {
        assert_eq!(map.contains_key(&k), (u32::MAX - k) % 2 == 1);
    }
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackHashMap<u8, u8, 4> = StackHashMap::new();
    static SEEDED: StackHashMap<u8, u8, 4, SeededState> =
        StackHashMap::with_hasher(SeededState::new(5));
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!(
        (EMPTY.len(), EMPTY.capacity(), EMPTY.remaining_capacity()),
        (0, 4, 4)
    );
    assert_eq!(EMPTY.get(&1), None);
    assert_eq!(*SEEDED.hasher(), SeededState::new(5));
    assert_eq!(StackHashMap::<u8, u8, 9>::CAPACITY, 9);
    let d: StackHashMap<u8, u8, 3> = StackHashMap::default();
    assert!(d.is_empty());
}

#[test]
fn insert_get_remove_and_full() {
    let mut map: StackHashMap<String, Counted, 3> = StackHashMap::new();
    for (i, k) in ["a", "b", "c"].into_iter().enumerate() {
        assert!(
            map.insert(k.to_string(), Counted::new(i as u32))
                .unwrap()
                .is_none()
        );
    }
    assert!(map.is_full());
    assert_eq!(map.remaining_capacity(), 0);
    // Replacing works on a full map and returns the old value.
    let old = map
        .insert("b".to_string(), Counted::new(10))
        .unwrap()
        .unwrap();
    assert_eq!(old.value, 1);
    // A new key is refused with everything given back.
    let err = map.insert("d".to_string(), Counted::new(3)).unwrap_err();
    assert_eq!(err.capacity(), 3);
    let (k, v) = err.element();
    assert_eq!((k.as_str(), v.value), ("d", 3));
    assert_eq!(map.get("b").map(|c| c.value), Some(10));
    map.get_mut("a").unwrap().value = 20;
    assert_eq!(
        map.get_key_value("a").map(|(k, v)| (k.as_str(), v.value)),
        Some(("a", 20))
    );
    assert!(map.contains_key("c") && !map.contains_key("d"));
    assert_eq!(map.remove("a").map(|c| c.value), Some(20));
    assert_eq!(map.remove("a").map(|c| c.value), None);
    assert_eq!(
        map.remove_entry("c").map(|(k, v)| (k, v.value)),
        Some(("c".to_string(), 2))
    );
    assert_eq!(map.len(), 1);
    map.check_invariants();
    drop((old, map, k, v));
    assert_eq!(live(), 0);
}

#[test]
fn full_map_churns_without_degrading() {
    // Remove + insert at 100% fill, many times: backward shift leaves no tombstones, so the probe
    // lengths stay those of a freshly filled map.
    const N: usize = 300;
    let mut map: StackHashMap<u32, u32, N> = (0..N as u32).map(|k| (k, k)).collect();
    assert!(map.is_full());
    let (fresh_total, _) = map.probe_lengths();
    let rounds = if cfg!(miri) { 200 } else { 20_000 };
    for (i, next) in (0..rounds).zip(N as u32..) {
        let victim = next - N as u32 + (i % 7);
        let victim = if map.contains_key(&victim) {
            victim
        } else {
            *map.keys().next().unwrap()
        };
        assert!(map.remove(&victim).is_some());
        assert_eq!(map.insert(next, next), Ok(None));
    }
    assert!(map.is_full());
    map.check_invariants();
    let (total, longest) = map.probe_lengths();
    let average = total as f64 / N as f64;
    assert!(average < 2.0, "average probe length {average} after churn");
    assert!(longest < 24, "longest probe {longest} after churn");
    // Not much worse than fresh, either way (random variation only).
    assert!(total < fresh_total * 2);
}

/// The default hasher spreads sequential and strided integer keys evenly: at 100% fill (a load
/// factor of 1/2 in the index), the average probe length stays near the 1.5 that linear probing
/// gives with uniform hashing, and no long cluster forms.
#[test]
#[cfg_attr(
    miri,
    ignore = "a statistical check of the hasher's output: no unsafe code, 8,000 insertions"
)]
fn default_hasher_distributes_integer_keys() {
    const N: usize = 1024;
    let strides: [u64; 7] = [1, 2, 3, 64, 1000, 4096, 1 << 32];
    for stride in strides {
        let mut map: StackHashMap<u64, (), N> = StackHashMap::new();
        for i in 0..N as u64 {
            map.insert(i * stride, ()).unwrap();
        }
        let (total, longest) = map.probe_lengths();
        let average = total as f64 / N as f64;
        assert!(
            average < 1.8,
            "stride {stride}: average probe length {average}"
        );
        assert!(longest <= 16, "stride {stride}: longest probe {longest}");
    }
    // Small integer types and strings too.
    let mut map: StackHashMap<u16, (), N> = StackHashMap::new();
    for i in 0..N as u16 {
        map.insert(i << 4, ()).unwrap();
    }
    let (total, longest) = map.probe_lengths();
    assert!(
        total as f64 / (N as f64) < 1.8 && longest <= 16,
        "u16 keys: {total}, {longest}"
    );
    let mut map: StackHashMap<String, (), 256> = StackHashMap::new();
    for i in 0..256 {
        map.insert(format!("key-{i}"), ()).unwrap();
    }
    let (total, longest) = map.probe_lengths();
    assert!(
        total as f64 / 256.0 < 1.8 && longest <= 16,
        "string keys: {total}, {longest}"
    );
}

#[test]
fn zero_capacity() {
    let mut map: StackHashMap<u8, u8, 0> = StackHashMap::new();
    assert!(map.is_full() && map.is_empty());
    assert_eq!(map.insert(1, 1).unwrap_err().element(), (1, 1));
    assert_eq!(map.get(&1), None);
    assert_eq!(map.remove(&1), None);
    match map.entry(3) {
        Entry::Vacant(v) => assert_eq!(v.insert(4).unwrap_err().element(), (3, 4)),
        Entry::Occupied(_) => panic!("empty map"),
    }
    assert_eq!(map.entry(5).or_default().unwrap_err().element(), 5);
    map.retain(|_, _| false);
    map.clear();
    assert_eq!(map.drain().count(), 0);
    assert_eq!(map.iter().count(), 0);
    assert!(StackHashMap::<u8, u8, 0>::try_from_iter([(1, 1)]).is_err());
    assert_eq!(format!("{map:?}"), "{}");
}

#[test]
fn zero_sized_keys_and_values() {
    let mut unit: StackHashMap<(), (), 3> = StackHashMap::new();
    assert_eq!(unit.insert((), ()), Ok(None));
    assert_eq!(unit.insert((), ()), Ok(Some(())));
    assert_eq!(unit.len(), 1);
    assert_eq!(unit.remove(&()), Some(()));
    assert!(unit.is_empty());

    let mut set_like: StackHashMap<u32, (), 4> = (0..4).map(|k| (k, ())).collect();
    assert!(set_like.is_full());
    assert_eq!(set_like.insert(9, ()).unwrap_err().element(), (9, ()));
    set_like.retain(|k, ()| k % 2 == 0);
    assert_eq!(set_like.len(), 2);
    set_like.check_invariants();

    // Zero-sized values that count their drops.
    #[derive(Debug)]
    struct Zst;
    std::thread_local!(static ZST_DROPS: Cell<usize> = const { Cell::new(0) });
    impl Drop for Zst {
        fn drop(&mut self) {
            ZST_DROPS.with(|d| d.set(d.get() + 1));
        }
    }
    let mut zsts: StackHashMap<u8, Zst, 4> = StackHashMap::new();
    for k in 0..4 {
        zsts.insert(k, Zst).unwrap();
    }
    let err = zsts.insert(4, Zst).unwrap_err();
    drop(err);
    assert_eq!(ZST_DROPS.with(Cell::get), 1);
    drop(zsts.insert(0, Zst).unwrap()); // the old value comes back and is dropped here
    assert_eq!(ZST_DROPS.with(Cell::get), 2);
    drop(zsts);
    assert_eq!(ZST_DROPS.with(Cell::get), 6);
}

#[test]
fn entry_api() {
    let mut map: StackHashMap<&str, u32, 3> = StackHashMap::new();
    assert_eq!(*map.entry("a").or_insert(1).unwrap(), 1);
    assert_eq!(*map.entry("a").or_insert(5).unwrap(), 1);
    assert_eq!(*map.entry("b").or_insert_with(|| 2).unwrap(), 2);
    assert_eq!(
        *map.entry("c")
            .or_insert_with_key(|k| k.len() as u32)
            .unwrap(),
        1
    );
    assert!(map.is_full());
    // Full: new keys fail cleanly, present keys still work.
    assert_eq!(map.entry("d").or_insert(4).unwrap_err().element(), ("d", 4));
    let err = map
        .entry("d")
        .or_insert_with(|| panic!("not called"))
        .unwrap_err();
    assert_eq!(err.element(), "d");
    assert_eq!(map.entry("d").or_default().unwrap_err().element(), "d");
    assert_eq!(
        map.entry("e").insert_entry(1).unwrap_err().element(),
        ("e", 1)
    );
    assert_eq!(map.entry("d").key(), &"d");
    assert_eq!(map.entry("a").key(), &"a");
    let _ = map.entry("a").and_modify(|v| *v += 10);
    assert_eq!(map["a"], 11);
    map.entry("z")
        .and_modify(|_| panic!("absent"))
        .or_default()
        .unwrap_err();

    let Entry::Occupied(mut o) = map.entry("a") else {
        panic!("present")
    };
    assert_eq!((*o.key(), *o.get()), ("a", 11));
    *o.get_mut() += 1;
    assert_eq!(o.insert(20), 12);
    assert_eq!(format!("{o:?}"), r#"OccupiedEntry { key: "a", value: 20 }"#);
    assert_eq!(o.remove_entry(), ("a", 20));
    map.check_invariants();

    let Entry::Vacant(v) = map.entry("x") else {
        panic!("absent")
    };
    assert_eq!(format!("{v:?}"), r#"VacantEntry("x")"#);
    assert_eq!(v.into_key(), "x");
    let Entry::Vacant(v) = map.entry("x") else {
        panic!("absent")
    };
    let o = v.insert_entry(7).unwrap();
    assert_eq!(*o.get(), 7);
    assert_eq!(o.remove(), 7);
    let o = map.entry("b").insert_entry(9).unwrap();
    assert_eq!(*o.into_mut(), 9);
    assert_eq!(
        format!("{:?}", map.entry("b")),
        r#"Entry(OccupiedEntry { key: "b", value: 9 })"#
    );
    assert_eq!(
        format!("{:?}", map.entry("q")),
        r#"Entry(VacantEntry("q"))"#
    );
    let Entry::Vacant(v) = map.entry("y") else {
        panic!("absent")
    };
    *v.insert(1).unwrap() += 1;
    assert_eq!(map["y"], 2);
    let Entry::Vacant(v) = map.entry("w") else {
        panic!("absent")
    };
    assert_eq!(v.insert(3).unwrap_err().element(), ("w", 3));
    map.check_invariants();
}

#[test]
fn iterators() {
    let mut map: StackHashMap<u32, String, 8> = StackHashMap::new();
    for k in [5, 1, 7] {
        map.insert(k, k.to_string()).unwrap();
    }
    // Insertion order; removal moves the last entry into the gap.
    assert_eq!(map.keys().copied().collect::<Vec<_>>(), [5, 1, 7]);
    map.remove(&5);
    assert_eq!(map.keys().copied().collect::<Vec<_>>(), [7, 1]);
    map.insert(5, "5".into()).unwrap();
    let it = map.iter();
    assert_eq!(it.len(), 3);
    assert_eq!(it.size_hint(), (3, Some(3)));
    assert_eq!(format!("{it:?}"), r#"[(7, "7"), (1, "1"), (5, "5")]"#);
    assert_eq!(map.iter().next_back(), Some((&5, &"5".to_string())));
    assert_eq!(map.iter().count(), 3);
    assert_eq!(format!("{:?}", map.keys()), "[7, 1, 5]");
    assert_eq!(format!("{:?}", map.values()), r#"["7", "1", "5"]"#);
    assert_eq!(map.values().next_back().map(String::as_str), Some("5"));
    assert_eq!(map.keys().next_back(), Some(&5));
    for (k, v) in &mut map {
        v.push_str(&k.to_string());
    }
    for v in map.values_mut() {
        v.push('!');
    }
    let mut it = map.iter_mut();
    assert_eq!(it.next_back().map(|(k, _)| *k), Some(5));
    assert_eq!(format!("{it:?}"), r#"[(7, "77!"), (1, "11!")]"#);
    let mut values = map.values_mut();
    assert_eq!(values.next_back().map(|v| v.as_str()), Some("55!"));
    assert_eq!(format!("{values:?}"), r#"["77!", "11!"]"#);
    assert_eq!(values.len(), 2);
    let total: usize = (&map).into_iter().map(|(_, v)| v.len()).sum();
    assert_eq!(total, 9);

    let mut it = map.clone().into_iter();
    assert_eq!(it.next().map(|(k, _)| k), Some(7));
    assert_eq!(it.next_back().map(|(k, _)| k), Some(5));
    assert_eq!(format!("{it:?}"), r#"[(1, "11!")]"#);
    assert_eq!(format!("{:?}", it.clone()), r#"[(1, "11!")]"#);
    assert_eq!(it.len(), 1);
    let mut keys = map.clone().into_keys();
    assert_eq!(keys.next_back(), Some(5));
    assert_eq!(format!("{keys:?}"), "[7, 1]");
    assert_eq!(keys.size_hint(), (2, Some(2)));
    let mut values = map.clone().into_values();
    assert_eq!(values.next().as_deref(), Some("77!"));
    assert_eq!(format!("{values:?}"), r#"["11!", "55!"]"#);
    assert_eq!(values.count(), 2);

    // Defaults are empty.
    assert_eq!(super::Iter::<u8, u8>::default().next(), None);
    assert_eq!(super::IterMut::<u8, u8>::default().next(), None);
    assert_eq!(super::Keys::<u8, u8>::default().next(), None);
    assert_eq!(super::Values::<u8, u8>::default().next(), None);
    assert_eq!(super::ValuesMut::<u8, u8>::default().next(), None);
    assert_eq!(super::IntoIter::<u8, u8, 2>::default().next(), None);
    assert_eq!(super::IntoKeys::<u8, u8, 2>::default().next(), None);
    assert_eq!(super::IntoValues::<u8, u8, 2>::default().next(), None);
}

#[test]
fn into_iter_drops_the_rest_once() {
    let map: StackHashMap<u32, Counted, 4> = (0..4).map(|k| (k, Counted::new(k))).collect();
    let mut it = map.into_iter();
    let (_, first) = it.next().unwrap();
    let before = drops();
    drop(it);
    assert_eq!(drops() - before, 3);
    drop(first);
    assert_eq!(live(), 0);
}

#[test]
fn drain_empties_at_once_and_drops_the_rest() {
    let mut map: StackHashMap<u32, Counted, 8> = (0..6).map(|k| (k, Counted::new(k))).collect();
    let mut d = map.drain();
    assert_eq!(d.len(), 6);
    let (k, v) = d.next().unwrap();
    assert_eq!((k, v.value), (0, 0));
    let (k, _) = d.next_back().unwrap();
    assert_eq!(k, 5);
    assert_eq!(d.size_hint(), (4, Some(4)));
    assert_eq!(format!("{d:?}").matches("Counted").count(), 4);
    drop(d);
    assert!(map.is_empty());
    assert_eq!(live(), 1);
    drop(v);
    // Leaking the drain leaks the entries but leaves an empty, usable map.
    map.extend((0..3).map(|k| (k, Counted::new(k))));
    core::mem::forget(map.drain());
    assert!(map.is_empty());
    map.check_invariants();
    map.insert(1, Counted::new(1)).unwrap();
    assert_eq!(map.get(&1).map(|c| c.value), Some(1));
    assert_eq!(live(), 4, "three leaked, one in the map");
}

#[test]
fn retain_visits_each_entry_once() {
    let mut map: StackHashMap<u32, u32, 16> = (0..16).map(|k| (k, 0)).collect();
    map.retain(|k, v| {
        *v += 1;
        k % 3 != 0
    });
    assert_eq!(map.len(), 10);
    assert!(map.values().all(|&v| v == 1));
    map.check_invariants();
    map.retain(|_, _| false);
    assert!(map.is_empty());
    map.check_invariants();
}

#[test]
fn retain_and_extract_if_in_one_cluster_follow_the_shifted_slots() {
    // With every key on one home, each removal shifts the rest of the cluster back: a pass must
    // follow the moved slots (its record of where each entry's slot is) to repoint the entry
    // that moves into the gap.
    let full =
        || -> StackHashMap<u32, u32, 16, ConstantState> { (0..16).map(|k| (k, k)).collect() };
    let check = |map: &StackHashMap<u32, u32, 16, ConstantState>, modulus: u32| {
        map.check_invariants();
        for k in 0..16 {
            let expected = (k % modulus != 0).then_some(k);
            assert_eq!(map.get(&k).copied(), expected, "key {k}, modulus {modulus}");
        }
    };
    for modulus in 2..6 {
        let mut map = full();
        map.retain(|k, _| k % modulus != 0);
        check(&map, modulus);

        let mut map = full();
        let mut taken: Vec<(u32, u32)> = map.extract_if(|k, _| k % modulus == 0).collect();
        taken.sort_unstable();
        let chosen: Vec<u32> = (0..16).filter(|k| k % modulus == 0).collect();
        assert_eq!(taken, chosen.iter().map(|&k| (k, k)).collect::<Vec<_>>());
        check(&map, modulus);
    }
}

#[test]
fn retain_survives_a_panicking_predicate_and_drop() {
    let mut map: StackHashMap<u32, Counted, 8> = (0..8).map(|k| (k, Counted::new(k))).collect();
    let msg = expect_panic(|| {
        map.retain(|k, _| {
            assert!(*k != 5, "predicate panics");
            k % 2 == 0
        })
    });
    assert_eq!(msg, "predicate panics");
    map.check_invariants();
    assert_eq!(live(), map.len() as isize);
    // The even keys and the key whose visit panicked stay; each odd key is gone if it was
    // visited before the panic (the visit order is not the key order).
    for k in 0..8 {
        if k % 2 == 0 || k == 5 {
            assert_eq!(map.get(&k).map(|c| c.value), Some(k));
        }
    }
    assert!(map.len() < 8);
    drop(map);

    let mut map: StackHashMap<u32, Counted, 8> = StackHashMap::new();
    for k in 0..6 {
        let value = if k == 2 {
            Counted::panicking_drop(k)
        } else {
            Counted::new(k)
        };
        map.insert(k, value).unwrap();
    }
    let msg = expect_panic(|| map.retain(|k, _| *k >= 4));
    assert_eq!(msg, "Counted::drop panics as asked");
    map.check_invariants();
    assert!(!map.contains_key(&2), "removed before its destructor ran");
    assert_eq!(live(), map.len() as isize);
    map.retain(|k, _| *k >= 4);
    assert_eq!(map.len(), 2);
    drop(map);
    assert_eq!(live(), 0);
}

#[test]
fn extract_if_yields_the_chosen_entries_and_keeps_the_rest() {
    let mut map: StackHashMap<u32, u32, 16> = (0..16).map(|k| (k, k * 10)).collect();
    let mut visits = 0;
    let mut taken: Vec<(u32, u32)> = map
        .extract_if(|k, v| {
            visits += 1;
            *v += 1;
            k % 3 == 0
        })
        .collect();
    taken.sort_unstable();
    assert_eq!(
        taken,
        [(0, 1), (3, 31), (6, 61), (9, 91), (12, 121), (15, 151)]
    );
    assert_eq!(visits, 16, "each entry visited once");
    assert_eq!(map.len(), 10);
    for k in (0..16).filter(|k| k % 3 != 0) {
        assert_eq!(map.get(&k), Some(&(k * 10 + 1)));
    }
    map.check_invariants();
    // Nothing chosen: nothing removed, and no O(N) record of the slots is needed.
    assert_eq!(map.extract_if(|_, _| false).count(), 0);
    assert_eq!(map.len(), 10);
    let all: Vec<(u32, u32)> = map.extract_if(|_, _| true).collect();
    assert_eq!(all.len(), 10);
    assert!(map.is_empty());
    map.check_invariants();
}

#[test]
fn extract_if_dropped_early_keeps_the_entries_not_visited() {
    let mut map: StackHashMap<u32, Counted, 8> = (0..8).map(|k| (k, Counted::new(k))).collect();
    let mut visited = Vec::new();
    let mut iter = map.extract_if(|k, _| {
        visited.push(*k);
        k % 2 == 0
    });
    assert_eq!(iter.size_hint(), (0, Some(8)));
    let (k, v) = iter.next().unwrap();
    assert_eq!((k % 2, v.value), (0, k));
    assert!(iter.size_hint().1.unwrap() < 8);
    let shown = format!("{iter:?}");
    assert!(shown.starts_with('[') && shown.ends_with(']'));
    drop(v);
    // The entries after the first chosen one were not visited: all of them stay.
    assert_eq!(*visited.last().unwrap(), k);
    assert_eq!(map.len(), 7);
    assert!(!map.contains_key(&k));
    for other in (0..8).filter(|&o| o != k) {
        assert_eq!(map.get(&other).map(|c| c.value), Some(other));
    }
    map.check_invariants();
    assert_eq!(live(), 7);

    let taken: Vec<_> = map.extract_if(|_, _| true).take(2).collect();
    assert_eq!((taken.len(), map.len()), (2, 5));
    drop(taken);
    map.check_invariants();
    drop(map);
    assert_eq!(live(), 0);
}

#[test]
fn extract_if_survives_a_panicking_predicate() {
    let mut map: StackHashMap<u32, Counted, 8> = (0..8).map(|k| (k, Counted::new(k))).collect();
    let mut yielded = Vec::new();
    let msg = expect_panic(|| {
        for (k, v) in map.extract_if(|k, _| {
            assert!(*k != 5, "predicate panics");
            k % 2 == 1
        }) {
            yielded.push((k, v));
        }
    });
    assert_eq!(msg, "predicate panics");
    map.check_invariants();
    assert_eq!(live(), (map.len() + yielded.len()) as isize);
    assert_eq!(
        map.len() + yielded.len(),
        8,
        "every entry is in the map or was yielded"
    );
    assert!(yielded.iter().all(|(k, v)| k % 2 == 1 && v.value == *k));
    assert!(map.contains_key(&5), "the entry whose visit panicked stays");
    drop(yielded);
    // A new pass works from a fresh record of the slots.
    let (before, odd) = (map.len(), map.keys().filter(|k| *k % 2 == 1).count());
    assert!(odd > 0, "key 5 at least is left to extract");
    assert_eq!(map.extract_if(|k, _| k % 2 == 1).count(), odd);
    assert_eq!(map.len(), before - odd);
    assert!(map.keys().all(|k| k % 2 == 0));
    map.check_invariants();
    drop(map);
    assert_eq!(live(), 0);
}

#[test]
fn clear_with_a_panicking_drop_drops_the_rest() {
    let mut map: StackHashMap<u32, Counted, 4> = StackHashMap::new();
    map.insert(0, Counted::new(0)).unwrap();
    map.insert(1, Counted::panicking_drop(1)).unwrap();
    map.insert(2, Counted::new(2)).unwrap();
    let msg = expect_panic(|| map.clear());
    assert_eq!(msg, "Counted::drop panics as asked");
    assert!(map.is_empty());
    map.check_invariants();
    assert_eq!(live(), 0);
    map.insert(3, Counted::new(3)).unwrap();
    assert_eq!(map.len(), 1);
}

#[test]
fn clone_and_a_panicking_clone() {
    let mut map: StackHashMap<u32, Counted, 4> = (0..3).map(|k| (k, Counted::new(k))).collect();
    let copy = map.clone();
    assert_eq!(copy, map);
    copy.check_invariants();
    assert_eq!(live(), 6);
    map.insert(3, Counted::panicking_clone(3)).unwrap();
    let msg = expect_panic(|| map.clone());
    assert_eq!(msg, "Counted::clone panics as asked");
    assert_eq!(live(), 7, "the clones made before the panic were dropped");
    map.remove(&3);
    drop((map, copy));
    assert_eq!(live(), 0);
}

#[test]
fn debug_eq_and_index() {
    let a: StackHashMap<&str, u8, 4> = [("x", 1), ("y", 2)].into_iter().collect();
    assert_eq!(format!("{a:?}"), r#"{"x": 1, "y": 2}"#);
    let b: StackHashMap<&str, u8, 9, RandomState> = [("y", 2), ("x", 1)].into_iter().collect();
    assert_eq!(a, b, "order, capacity and hasher do not matter");
    let c: StackHashMap<&str, u8, 4> = [("x", 1), ("y", 3)].into_iter().collect();
    assert_ne!(a, c);
    let d: StackHashMap<&str, u8, 4> = [("x", 1)].into_iter().collect();
    assert_ne!(a, d);
    assert_eq!(a["x"], 1);
    assert_eq!(
        expect_panic(|| a["z"]),
        "StackHashMap::index: key not found"
    );
}

#[test]
fn extend_and_collect() {
    let mut map: StackHashMap<u32, u32, 3> = StackHashMap::new();
    map.extend([(1, 1), (2, 2), (1, 10)]);
    assert_eq!((map.len(), map[&1]), (2, 10));
    map.extend([(&3, &3)]);
    assert!(map.is_full());
    map.extend([(3, 30)]); // replacing: no panic even when full
    assert_eq!(
        expect_panic(|| map.extend([(4, 4)])),
        "StackHashMap::extend: capacity 3 exceeded (4 required)"
    );
    assert_eq!(
        expect_panic(|| map.extend([(&5, &5)])),
        "StackHashMap::extend: capacity 3 exceeded (4 required)"
    );
    assert_eq!(
        expect_panic(|| (0..4)
            .map(|k| (k, k))
            .collect::<StackHashMap<u32, u32, 3>>()),
        "StackHashMap::from_iter: capacity 3 exceeded (4 required)"
    );
    let mut source = (10..20).map(|k| (k, k));
    let mut small: StackHashMap<u32, u32, 2> = StackHashMap::new();
    assert_eq!(
        small.try_extend(source.by_ref()).unwrap_err().element(),
        (12, 12)
    );
    assert_eq!(source.next(), Some((13, 13)));
    assert!(small.try_extend([(10, 0)]).is_ok());
    let full = StackHashMap::<u32, u32, 2>::try_from_iter([(1, 1), (2, 2), (1, 5)]).unwrap();
    assert_eq!(full[&1], 5);
    let from_array = StackHashMap::<u8, u8, 3>::from([(1, 1), (2, 2), (3, 3)]);
    assert!(from_array.is_full());
}

#[test]
fn get_disjoint_mut() {
    let mut map: StackHashMap<u32, u32, 8> = (0..5).map(|k| (k, k * 10)).collect();
    let [a, b, missing, c] = map.get_disjoint_mut([&1, &3, &9, &4]);
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    core::mem::swap(a, b);
    *c += 1;
    assert!(missing.is_none());
    assert_eq!((map[&1], map[&3], map[&4]), (30, 10, 41));
    // Two missing keys do not overlap; the same present key twice does.
    let [x, y] = map.get_disjoint_mut([&7, &7]);
    assert!(x.is_none() && y.is_none());
    assert_eq!(
        expect_panic(|| {
            let _ = map.get_disjoint_mut([&2, &0, &2]);
        }),
        "StackHashMap::get_disjoint_mut: two keys are the same entry"
    );
    let [] = map.get_disjoint_mut::<u32, 0>([]);
}

#[test]
fn drops_every_key_and_value_once() {
    let before = drops();
    let mut map: StackHashMap<Counted, Counted, 6> = StackHashMap::new();
    for k in 0..6 {
        map.insert(Counted::new(k), Counted::new(k + 100)).unwrap();
    }
    // Replacing drops the new key and returns the old value.
    let old = map
        .insert(Counted::new(2), Counted::new(7))
        .unwrap()
        .unwrap();
    assert_eq!(old.value, 102);
    assert_eq!(drops() - before, 1, "the duplicate key");
    drop(old);
    let (k, v) = map.remove_entry(&Counted::new(3)).unwrap();
    assert_eq!((k.value, v.value), (3, 103));
    drop((k, v));
    assert_eq!(live(), 10);
    drop(map);
    assert_eq!(live(), 0);
}

std::thread_local! {
    static PANIC_HASH: Cell<Option<u32>> = const { Cell::new(None) };
    static PANIC_EQ: Cell<Option<u32>> = const { Cell::new(None) };
}

/// A key whose `Hash` and `Eq` panic for the value set in `PANIC_HASH`/`PANIC_EQ`.
#[derive(Clone, Copy, Debug)]
struct Touchy(u32);

impl Hash for Touchy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        assert!(
            PANIC_HASH.with(Cell::get) != Some(self.0),
            "Touchy::hash panics as asked"
        );
        self.0.hash(state);
    }
}

impl PartialEq for Touchy {
    fn eq(&self, other: &Self) -> bool {
        let bad = PANIC_EQ.with(Cell::get);
        assert!(
            bad != Some(self.0) && bad != Some(other.0),
            "Touchy::eq panics as asked"
        );
        self.0 == other.0
    }
}

impl Eq for Touchy {}

/// Panicking `Hash` and `Eq` in every operation that calls them: each panic leaves the map
/// exactly as it was (checked against a model and the index invariants), and the map keeps
/// working afterwards.
#[test]
fn panicking_hash_and_eq_leave_the_map_intact() {
    let mut map: StackHashMap<Touchy, Counted, 8, ConstantState> = StackHashMap::default();
    let mut model: HashMap<u32, u32> = HashMap::new();
    for k in 0..6 {
        map.insert(Touchy(k), Counted::new(k)).unwrap();
        model.insert(k, k);
    }
    let check = |map: &StackHashMap<Touchy, Counted, 8, ConstantState>,
                 model: &HashMap<u32, u32>| {
        map.check_invariants();
        assert_eq!(map.len(), model.len());
        for (k, v) in map.iter() {
            assert_eq!(model.get(&k.0), Some(&v.value));
        }
        assert_eq!(live(), model.len() as isize);
    };
    type Op = fn(&mut StackHashMap<Touchy, Counted, 8, ConstantState>);
    // (operation, the key to hash, the operation): with the constant hasher every entry shares
    // one tag, so every lookup compares the key with the stored key 3 (panicking `Eq`).
    let ops: [(&str, u32, Op); 9] = [
        ("insert", 3, |m| drop(m.insert(Touchy(3), Counted::new(9)))),
        ("insert new", 7, |m| {
            drop(m.insert(Touchy(7), Counted::new(9)))
        }),
        ("get", 3, |m| assert!(m.get(&Touchy(3)).is_some())),
        ("remove", 3, |m| drop(m.remove(&Touchy(3)))),
        ("entry", 3, |m| {
            drop(m.entry(Touchy(3)).or_insert(Counted::new(9)))
        }),
        ("entry new", 7, |m| {
            drop(m.entry(Touchy(7)).or_insert(Counted::new(9)))
        }),
        ("contains_key", 3, |m| assert!(m.contains_key(&Touchy(3)))),
        ("get_disjoint_mut", 3, |m| {
            let _ = m.get_disjoint_mut([&Touchy(1), &Touchy(3)]);
        }),
        ("eq", 3, |m| assert!(m.clone() == *m)),
    ];
    for (name, hashed, op) in ops {
        for (flag, key) in [(&PANIC_HASH, hashed), (&PANIC_EQ, 3)] {
            flag.with(|f| f.set(Some(key)));
            let msg = expect_panic(|| op(&mut map));
            flag.with(|f| f.set(None));
            assert!(msg.starts_with("Touchy::"), "{name}: {msg}");
            check(&map, &model);
        }
    }
    // Still fully usable.
    map.insert(Touchy(7), Counted::new(7)).unwrap();
    model.insert(7, 7);
    assert_eq!(map.remove(&Touchy(0)).map(|c| c.value), Some(0));
    model.remove(&0);
    check(&map, &model);
    drop(map);
    assert_eq!(live(), 0);
}

#[test]
fn a_panicking_hash_of_the_moved_last_key_leaves_the_map_unchanged() {
    // A removal hashes the last entry's key again, to find the slot it repoints: that hash comes
    // before any change, so a panic there leaves the map as it was.
    let mut map: StackHashMap<Touchy, Counted, 8> = StackHashMap::new();
    for k in 0..6 {
        map.insert(Touchy(k), Counted::new(k)).unwrap();
    }
    type Op = fn(&mut StackHashMap<Touchy, Counted, 8>);
    let ops: [(&str, Op); 3] = [
        ("remove", |m| drop(m.remove(&Touchy(1)))),
        ("remove_entry", |m| drop(m.remove_entry(&Touchy(1)))),
        ("OccupiedEntry::remove", |m| {
            // The entry is made before the hash is armed: only the removal may panic.
            let Entry::Occupied(e) = m.entry(Touchy(1)) else {
                unreachable!()
            };
            PANIC_HASH.with(|f| f.set(Some(5)));
            drop(e.remove());
        }),
    ];
    for (name, op) in ops {
        PANIC_HASH.with(|f| f.set(Some(5)));
        let msg = expect_panic(|| op(&mut map));
        PANIC_HASH.with(|f| f.set(None));
        assert_eq!(msg, "Touchy::hash panics as asked", "{name}");
        map.check_invariants();
        assert_eq!(map.len(), 6, "{name}");
        let keys: Vec<u32> = map.keys().map(|k| k.0).collect();
        assert_eq!(keys, [0, 1, 2, 3, 4, 5], "{name}: the entries did not move");
        assert_eq!(live(), 6);
    }
    // Removing the last entry hashes nothing more: it goes even with the hash of key 5 armed.
    PANIC_HASH.with(|f| f.set(Some(4)));
    assert_eq!(map.remove(&Touchy(5)).map(|c| c.value), Some(5));
    PANIC_HASH.with(|f| f.set(None));
    map.check_invariants();
    drop(map);
    assert_eq!(live(), 0);
}

/// A key whose hash is the value in its `Cell`, which may change while it is in the map (a
/// logic error of the key type, which the map must survive without undefined behaviour).
#[derive(Debug)]
struct Shifty(u32, Cell<u32>);

impl Hash for Shifty {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.1.get().hash(state);
    }
}

impl PartialEq for Shifty {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Shifty {}

#[test]
fn a_key_whose_hash_changes_is_still_removed_soundly() {
    // When the moved last entry's key hashes differently from when it was inserted, the lookup
    // of its slot misses, and the removal finds the slot by looking at every slot instead.
    for hasher_seed in 0..8_u64 {
        let mut map: StackHashMap<Shifty, u32, 16, SeededState> =
            StackHashMap::with_hasher(SeededState::new(hasher_seed));
        for k in 0..12 {
            map.insert(Shifty(k, Cell::new(k)), k).unwrap();
        }
        // The last entry's hash changes.
        map.iter().last().unwrap().0.1.set(1000);
        // Removing another entry moves it: its slot is repointed all the same.
        assert_eq!(map.remove(&Shifty(3, Cell::new(3))), Some(3));
        assert_eq!(map.len(), 11);
        // Every entry with an unchanged hash is still found, with its value.
        for k in (0..11).filter(|&k| k != 3) {
            assert_eq!(map.get(&Shifty(k, Cell::new(k))), Some(&k), "key {k}");
        }
        // The changed key restores its hash: found again, and the index is whole.
        map.get_key_value(&Shifty(11, Cell::new(11)))
            .map_or_else(|| unreachable!("key 11 lost"), |(k, _)| k.1.set(11));
        map.check_invariants();
        // Drain it down through removals that move it each time.
        for k in (0..11).filter(|&k| k != 3) {
            map.iter().last().unwrap().0.1.set(2000 + k);
            assert_eq!(map.remove(&Shifty(k, Cell::new(k))), Some(k));
        }
        assert_eq!(map.len(), 1);
        assert_eq!(map.values().copied().collect::<Vec<_>>(), [11]);
    }
}

/// A key compared and hashed by `.0` whose `Drop` panics when `.1` is set.
#[derive(Debug)]
struct PanickyDropKey(u32, bool);

impl Hash for PanickyDropKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for PanickyDropKey {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for PanickyDropKey {}

impl Drop for PanickyDropKey {
    fn drop(&mut self) {
        assert!(
            !self.1 || std::thread::panicking(),
            "PanickyDropKey::drop panics as asked"
        );
    }
}

#[test]
fn a_panicking_key_drop_on_replace_leaves_the_map_unchanged() {
    let mut map: StackHashMap<PanickyDropKey, Counted, 4> = StackHashMap::new();
    map.insert(PanickyDropKey(1, false), Counted::new(1))
        .unwrap();
    // The duplicate key is dropped before the value is replaced: its panic changes nothing, and
    // the new value is dropped while unwinding.
    let msg = expect_panic(|| map.insert(PanickyDropKey(1, true), Counted::new(2)));
    assert_eq!(msg, "PanickyDropKey::drop panics as asked");
    assert_eq!(map.get(&PanickyDropKey(1, false)).map(|c| c.value), Some(1));
    assert_eq!(live(), 1);
    map.check_invariants();
    drop(map);
    assert_eq!(live(), 0);
}

#[test]
fn works_with_std_random_state_and_seeded_state() {
    let mut a: StackHashMap<String, usize, 16, RandomState> = StackHashMap::default();
    let mut b: StackHashMap<String, usize, 16, SeededState> =
        StackHashMap::with_hasher(SeededState::new(42));
    for i in 0..16 {
        a.insert(format!("k{i}"), i).unwrap();
        b.insert(format!("k{i}"), i).unwrap();
    }
    assert_eq!(a, b);
    a.check_invariants();
    b.check_invariants();
    let words = vec!["k3", "k15", "nope"];
    for w in words {
        assert_eq!(a.get(w), b.get(w));
    }
}

#[test]
fn large_capacity_not_a_power_of_two() {
    const N: usize = 1000;
    let mut map: StackHashMap<u32, u32, N> = StackHashMap::new();
    let count = if cfg!(miri) { 50 } else { N as u32 };
    for k in 0..count {
        map.insert(k.wrapping_mul(2_654_435_761), k).unwrap();
    }
    map.check_invariants();
    for k in 0..count {
        assert_eq!(map.get(&k.wrapping_mul(2_654_435_761)), Some(&k));
    }
}

/// The matches of a group, as byte indices, the way the portable group reports them: every
/// true match, plus (SWAR) possibly a byte just above a true match that differs from `h2` in
/// its lowest bit.
fn check_group_matches(bytes: &[u8], h2: u8, matched: &[usize], empty: &[usize]) {
    let exact: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == h2).collect();
    for i in &exact {
        assert!(
            matched.contains(i),
            "{bytes:?}: match of {h2} at {i} missed"
        );
    }
    for &i in matched {
        assert!(
            bytes[i] == h2 || (i > 0 && bytes[i] ^ 1 == h2 && exact.iter().any(|&j| j < i)),
            "{bytes:?}: false match of {h2} at {i}"
        );
    }
    let expected: Vec<usize> = (0..bytes.len())
        .filter(|&i| bytes[i] == super::raw::EMPTY)
        .collect();
    assert_eq!(empty, &expected[..], "{bytes:?}: empty bytes");
}

/// Random groups per group test: the logic is checked natively; under Miri (where 2,000 took a
/// minute) a few rounds check the loads.
const GROUP_ROUNDS: usize = if cfg!(miri) { 100 } else { 2_000 };

#[test]
fn swar_group_matches_bytes_and_empties() {
    use super::raw::swar::{BitMask, Group};
    let mut state = 0x1234_5678_9abc_def0_u64;
    for _ in 0..GROUP_ROUNDS {
        let r = xorshift(&mut state);
        let h2 = (r & 0x7f) as u8;
        let bytes: [u8; 8] = core::array::from_fn(|i| match (r >> (8 + 4 * i)) & 0xf {
            0..=3 => super::raw::EMPTY,
            4..=7 => h2,
            8 => h2 ^ 1,
            _ => ((r >> (i + 3)) & 0x7f) as u8,
        });
        // SAFETY: `bytes` holds 8 initialized bytes.
        let group = unsafe { Group::load(bytes.as_ptr()) };
        let indices = |mut mask: BitMask| {
            let mut out = Vec::new();
            while let Some(i) = mask.lowest() {
                out.push(i);
                mask = mask.remove_lowest();
            }
            out
        };
        let matched = indices(group.match_byte(h2));
        let empty = indices(group.match_empty());
        check_group_matches(&bytes, h2, &matched, &empty);
    }
}

#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
#[test]
fn sse2_group_matches_bytes_and_empties_exactly() {
    use super::raw::sse2::{BitMask, Group};
    let mut state = 0x0fed_cba9_8765_4321_u64;
    for round in 0..GROUP_ROUNDS {
        let r = xorshift(&mut state);
        let r2 = xorshift(&mut state);
        let h2 = (r & 0x7f) as u8;
        let bytes: [u8; 16] = core::array::from_fn(|i| match (r2 >> (4 * i)) & 0xf {
            0..=3 => super::raw::EMPTY,
            4..=7 => h2,
            8 => h2 ^ 1,
            _ => ((r >> (i + 3)) & 0x7f) as u8,
        });
        // SAFETY: `bytes` holds 16 initialized bytes.
        let group = unsafe { Group::load(bytes.as_ptr()) };
        let indices = |mut mask: BitMask| {
            let mut out = Vec::new();
            while let Some(i) = mask.lowest() {
                out.push(i);
                mask = mask.remove_lowest();
            }
            out
        };
        let matched = indices(group.match_byte(h2));
        let exact: Vec<usize> = (0..16).filter(|&i| bytes[i] == h2).collect();
        assert_eq!(matched, exact, "round {round}: {bytes:?}");
        let empty = indices(group.match_empty());
        check_group_matches(&bytes, h2, &matched, &empty);
    }
}

/// `fold` and `rfold` of every iterator visit what `next` and `next_back` visit, in the same
/// order, also after some items were taken from either end.
#[test]
fn fold_and_rfold_match_next_for_every_iterator() {
    fn check<I: DoubleEndedIterator + Clone>(it: I)
    where
        I::Item: PartialEq + core::fmt::Debug,
    {
        let forward: Vec<I::Item> = it.clone().fold(Vec::new(), |mut acc, x| {
            acc.push(x);
            acc
        });
        let backward: Vec<I::Item> = it.clone().rfold(Vec::new(), |mut acc, x| {
            acc.push(x);
            acc
        });
        let by_next: Vec<I::Item> = it.clone().collect();
        let by_next_back: Vec<I::Item> = it.rev().collect();
        assert_eq!(forward, by_next);
        assert_eq!(backward, by_next_back);
    }
    let mut map: StackHashMap<u32, String, 8> = (0..6).map(|x| (x * 7, x.to_string())).collect();
    map.remove(&14);
    let order: Vec<(u32, String)> = map.iter().map(|(k, v)| (*k, v.clone())).collect();
    for skip_front in 0..3 {
        for skip_back in 0..2 {
            let trim = |n: usize| n.saturating_sub(skip_front + skip_back);
            let mut it = map.iter();
            it.by_ref().take(skip_front).for_each(drop);
            it.by_ref().rev().take(skip_back).for_each(drop);
            check(it.clone());
            let mut keys = map.keys();
            keys.by_ref().take(skip_front).for_each(drop);
            keys.by_ref().rev().take(skip_back).for_each(drop);
            check(keys);
            let mut values = map.values();
            values.by_ref().take(skip_front).for_each(drop);
            values.by_ref().rev().take(skip_back).for_each(drop);
            check(values);
            // The owning and mutable iterators are not `Clone`: fold and rfold fresh copies.
            let expected: Vec<(u32, String)> = order[skip_front..order.len() - skip_back].to_vec();
            assert_eq!(expected.len(), trim(order.len()));
            for backwards in [false, true] {
                let mut copy = map.clone();
                let mut it = copy.iter_mut();
                it.by_ref().take(skip_front).for_each(drop);
                it.by_ref().rev().take(skip_back).for_each(drop);
                let push = |mut acc: Vec<(u32, String)>, (k, v): (&u32, &mut String)| {
                    acc.push((*k, v.clone()));
                    acc
                };
                let got = if backwards {
                    it.rfold(Vec::new(), push)
                } else {
                    it.fold(Vec::new(), push)
                };
                let mut want = expected.clone();
                if backwards {
                    want.reverse();
                }
                assert_eq!(got, want);
                let mut values_mut = copy.values_mut();
                values_mut.by_ref().take(skip_front).for_each(drop);
                values_mut.by_ref().rev().take(skip_back).for_each(drop);
                values_mut.for_each(|v| v.push('!'));
                let mut into = map.clone().into_iter();
                into.by_ref().take(skip_front).for_each(drop);
                into.by_ref().rev().take(skip_back).for_each(drop);
                let got: Vec<(u32, String)> = if backwards {
                    into.rfold(Vec::new(), |mut acc, x| {
                        acc.push(x);
                        acc
                    })
                } else {
                    into.fold(Vec::new(), |mut acc, x| {
                        acc.push(x);
                        acc
                    })
                };
                assert_eq!(got, want);
                let keys: Vec<u32> = map.clone().into_keys().fold(Vec::new(), |mut acc, k| {
                    acc.push(k);
                    acc
                });
                assert_eq!(keys, order.iter().map(|(k, _)| *k).collect::<Vec<_>>());
                let values: Vec<String> =
                    map.clone().into_values().rfold(Vec::new(), |mut acc, v| {
                        acc.push(v);
                        acc
                    });
                let mut want_values: Vec<String> = order.iter().map(|(_, v)| v.clone()).collect();
                want_values.reverse();
                assert_eq!(values, want_values);
                let mut drained = map.clone();
                let got: Vec<(u32, String)> = drained.drain().fold(Vec::new(), |mut acc, x| {
                    acc.push(x);
                    acc
                });
                assert_eq!(got, order);
                assert!(drained.is_empty());
            }
            let mut copy = map.clone();
            copy.values_mut().skip(skip_front).for_each(|v| v.push('!'));
            let marked = copy.values().filter(|v| v.ends_with('!')).count();
            assert_eq!(marked, order.len() - skip_front);
        }
    }
}
