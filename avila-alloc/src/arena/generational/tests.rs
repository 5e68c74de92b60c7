// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::string::{String, ToString};
use std::vec::Vec;

use super::{GenArena, GenKey};
use crate::test_util::{Counted, expect_panic, live};

#[test]
fn keys_are_eight_bytes_and_so_are_optional_keys() {
    assert_eq!(size_of::<GenKey>(), 8);
    assert_eq!(size_of::<Option<GenKey>>(), 8);
}

#[test]
fn a_removed_key_stays_stale_when_its_slot_is_reused() {
    let mut arena: GenArena<u32, 2> = GenArena::new();
    let a = arena.insert(1).unwrap();
    let b = arena.insert(2).unwrap();
    assert_eq!((a.index(), a.generation(), b.index()), (0, 1, 1));
    assert_eq!(arena.remove(a), Some(1));
    assert!(!arena.contains(a));
    let c = arena.insert(3).unwrap();
    // Last freed, first reused, under the next odd generation.
    assert_eq!((c.index(), c.generation()), (0, 3));
    assert_eq!(arena.get(a), None);
    assert_eq!(arena.get_mut(a), None);
    assert_eq!(arena.remove(a), None);
    assert_eq!(arena[c], 3);
    assert_eq!(arena[b], 2);
    assert_eq!(arena.len(), 2);
}

#[test]
fn a_full_arena_gives_the_value_back() {
    let mut arena: GenArena<String, 2> = GenArena::new();
    arena.insert("a".to_string()).unwrap();
    let b = arena.insert("b".to_string()).unwrap();
    assert!(arena.is_full());
    let err = arena.insert("c".to_string()).unwrap_err();
    assert_eq!((err.capacity(), err.element()), (2, "c".to_string()));
    let err = arena.insert_with_key(|_| "d".to_string()).unwrap_err();
    assert_eq!((err.element())(b), "d");
    arena.remove(b);
    assert!(!arena.is_full());
    let zero: GenArena<u8, 0> = GenArena::new();
    assert!(zero.is_full() && zero.is_empty());
}

#[test]
fn free_slots_are_reused_last_in_first_out() {
    let mut arena: GenArena<usize, 8> = GenArena::try_from_iter(0..8).unwrap();
    let keys: Vec<GenKey> = arena.iter().map(|(k, _)| k).collect();
    for &i in &[5, 2, 7] {
        arena.remove(keys[i]).unwrap();
    }
    let reused: Vec<usize> = (0..3).map(|n| arena.insert(n).unwrap().index()).collect();
    assert_eq!(reused, [7, 2, 5]);
    assert!(arena.is_full());
}

#[test]
fn a_slot_whose_generation_would_wrap_is_retired() {
    let mut arena: GenArena<u8, 2> = GenArena::new();
    let first = arena.insert(1).unwrap();
    arena.remove(first);
    arena.set_vacant_generation(0, u32::MAX - 1);
    let last = arena.insert(2).unwrap();
    assert_eq!((last.index(), last.generation()), (0, u32::MAX));
    assert_eq!(arena.remove(last), Some(2));
    // Retired: not reused, and no key of it matches.
    let next = arena.insert(3).unwrap();
    assert_eq!(next.index(), 1);
    assert!(arena.is_full());
    assert_eq!(arena.insert(4).unwrap_err().element(), 4);
    assert_eq!((arena.get(first), arena.get(last)), (None, None));
    assert_eq!(arena.iter().count(), 1);
    // A clone keeps the retirement too (the retired slot's payload, the bytes of a `u8` that
    // was moved out, is copied as a whole: Miri checks no uninitialized byte is read).
    let mut copy = arena.clone();
    assert_eq!(copy.remove(next), Some(3));
    assert_eq!(copy.insert(6).unwrap().index(), 1);
    assert!(copy.is_full());
    // `clear` keeps the retirement.
    arena.clear();
    assert_eq!(arena.insert(5).unwrap().index(), 1);
    assert!(arena.is_full());
}

#[test]
fn keys_past_the_used_slots_or_the_capacity_find_nothing() {
    let mut arena: GenArena<u64, 4> = GenArena::new();
    let key = arena.insert(1).unwrap();
    // Slot 2 was never used, slot 4 and beyond do not exist; generation 1 is a first value's.
    for index in [2_u64, 3, 4, 5, u64::from(u32::MAX - 1), u64::from(u32::MAX)] {
        let far = GenKey::from_bits((1 << 32) | index).unwrap();
        assert_eq!(far.index() as u64, index);
        assert!(!arena.contains(far));
        assert_eq!(arena.get(far), None);
        assert_eq!(arena.get_mut(far), None);
        assert_eq!(arena.remove(far), None);
        assert!(arena.get2_mut(key, far).is_none());
    }
    assert_eq!(arena.len(), 1);
    // A static arena of any size is built at compile time; its unused slots find nothing.
    static BIG: GenArena<u64, 4096> = GenArena::new();
    assert_eq!(BIG.get(GenKey::from_bits((1 << 32) | 4095).unwrap()), None);
}

#[test]
fn keys_round_trip_through_bits_and_even_generations_are_refused() {
    let mut arena: GenArena<u8, 4> = GenArena::new();
    let key = arena.insert(1).unwrap();
    assert_eq!(GenKey::from_bits(key.to_bits()), Some(key));
    assert_eq!(key.to_bits(), 1 << 32);
    assert_eq!(GenKey::from_bits(0), None);
    assert_eq!(GenKey::from_bits(2 << 32), None);
    // A made-up key out of range or of another generation finds nothing.
    let far = GenKey::from_bits((1 << 32) | 3).unwrap();
    let old = GenKey::from_bits(3 << 32).unwrap();
    assert_eq!((arena.get(far), arena.get(old)), (None, None));
    assert_eq!(std::format!("{key:?}"), "GenKey(0v1)");
}

#[test]
fn disjoint_mutable_access() {
    let mut arena: GenArena<u32, 4> = GenArena::try_from_iter([1, 2, 3]).unwrap();
    let keys: Vec<GenKey> = arena.iter().map(|(k, _)| k).collect();
    let (x, y) = arena.get2_mut(keys[0], keys[2]).unwrap();
    (*x, *y) = (*y, *x);
    assert_eq!((arena[keys[0]], arena[keys[2]]), (3, 1));
    assert!(arena.get2_mut(keys[1], keys[1]).is_none());
    assert!(
        arena
            .get_disjoint_mut([keys[0], keys[1], keys[0]])
            .is_none()
    );
    arena.remove(keys[1]);
    assert!(arena.get2_mut(keys[0], keys[1]).is_none());
    // A stale key and a live key of the same slot are the same slot.
    let again = arena.insert(9).unwrap();
    assert_eq!(again.index(), keys[1].index());
    assert!(arena.get2_mut(again, keys[1]).is_none());
    let [a, b] = arena.get_disjoint_mut([keys[2], again]).unwrap();
    assert_eq!((*a, *b), (1, 9));
    assert!(arena.get_disjoint_mut::<0>([]).is_some());
}

#[test]
fn iterators_skip_vacant_slots_from_both_ends() {
    let mut arena: GenArena<u32, 8> = GenArena::try_from_iter(0..6).unwrap();
    let keys: Vec<GenKey> = arena.keys_for_test();
    arena.remove(keys[0]);
    arena.remove(keys[3]);
    arena.remove(keys[5]);
    let mut it = arena.iter();
    assert_eq!(it.len(), 3);
    assert_eq!(it.next(), Some((keys[1], &1)));
    assert_eq!(it.next_back(), Some((keys[4], &4)));
    assert_eq!(it.len(), 1);
    assert_eq!(it.clone().collect::<Vec<_>>(), [(keys[2], &2)]);
    assert_eq!(it.next_back(), Some((keys[2], &2)));
    assert_eq!((it.next(), it.next_back(), it.len()), (None, None, 0));
    for (key, value) in &mut arena {
        *value += key.index() as u32 * 100;
    }
    let values: Vec<u32> = arena.iter_mut().rev().map(|(_, v)| *v).collect();
    assert_eq!(values, [404, 202, 101]);
    let owned: Vec<(GenKey, u32)> = arena.clone().into_iter().collect();
    assert_eq!(owned, [(keys[1], 101), (keys[2], 202), (keys[4], 404)]);
    assert_eq!(
        std::format!("{arena:?}"),
        "{GenKey(1v1): 101, GenKey(2v1): 202, GenKey(4v1): 404}"
    );
}

#[test]
fn drain_and_into_iter_drop_what_they_do_not_yield() {
    let before = live();
    let mut arena: GenArena<Counted, 8> = (0..5).map(Counted::new).collect();
    let keys = arena.keys_for_test();
    let mut drain = arena.drain();
    assert_eq!(drain.len(), 5);
    assert_eq!(drain.next().map(|(k, v)| (k, v.value)), Some((keys[0], 0)));
    drop(drain);
    assert!(arena.is_empty());
    assert_eq!(live(), before);
    assert!(keys.iter().all(|&k| arena.get(k).is_none()));

    let arena: GenArena<Counted, 8> = (0..5).map(Counted::new).collect();
    let mut it = arena.into_iter();
    assert_eq!(it.nth(1).map(|(_, v)| v.value), Some(1));
    assert_eq!(it.len(), 3);
    drop(it);
    assert_eq!(live(), before);
}

#[test]
fn retain_removes_in_slot_order_and_keeps_keys_of_the_rest() {
    let mut arena: GenArena<u32, 8> = GenArena::try_from_iter(0..8).unwrap();
    let keys = arena.keys_for_test();
    let mut seen = Vec::new();
    arena.retain(|key, v| {
        seen.push(key);
        *v *= 10;
        *v % 20 == 0
    });
    assert_eq!(seen, keys);
    assert_eq!(arena.len(), 4);
    assert_eq!(arena[keys[2]], 20);
    assert_eq!(arena.get(keys[3]), None);
}

#[test]
fn a_panic_in_a_callback_or_a_drop_leaves_a_valid_arena() {
    let before = live();
    let mut arena: GenArena<Counted, 8> = (0..4).map(Counted::new).collect();
    let keys = arena.keys_for_test();
    // A panicking predicate: the values visited before it stay removed, the others stay.
    let mut calls = 0;
    expect_panic(|| {
        arena.retain(|_, v| {
            calls += 1;
            assert!(v.value != 2, "predicate panics");
            false
        })
    });
    assert_eq!(calls, 3);
    assert_eq!(arena.len(), 2);
    assert_eq!((arena.get(keys[0]), arena.get(keys[1])), (None, None));
    assert_eq!(arena[keys[2]].value, 2);
    assert_eq!(live() - before, 2);

    // A value whose drop panics inside `retain`: its slot is already free.
    let bad = arena.insert(Counted::panicking_drop(9)).unwrap();
    expect_panic(|| arena.retain(|key, _| key != bad));
    assert_eq!(arena.len(), 2);
    assert_eq!(arena.get(bad), None);
    assert_eq!(arena.insert(Counted::new(5)).unwrap().index(), bad.index());

    // A panicking `insert_with_key` changes nothing.
    expect_panic(|| arena.insert_with_key(|_| -> Counted { panic!("make panics") }));
    assert_eq!(arena.len(), 3);
    assert_eq!(arena.insert(Counted::new(6)).unwrap().index(), 0);

    // A panicking drop inside the arena's own drop: the rest leak, none is dropped twice.
    arena.insert(Counted::panicking_drop(10)).unwrap();
    expect_panic(move || drop(arena));
    assert!(live() >= before, "a value was dropped twice");
}

#[test]
fn clone_keeps_keys_and_a_panicking_clone_leaks_nothing() {
    let before = live();
    let mut arena: GenArena<Counted, 4> = (0..3).map(Counted::new).collect();
    let keys = arena.keys_for_test();
    arena.remove(keys[1]);
    let copy = arena.clone();
    assert_eq!(copy[keys[0]].value, 0);
    assert_eq!(copy.get(keys[1]), None);
    assert_eq!(copy.len(), 2);
    let mut copy = copy;
    assert_eq!(copy.insert(Counted::new(7)).unwrap().index(), 1);
    drop(copy);
    arena.insert(Counted::panicking_clone(8)).unwrap();
    expect_panic(|| arena.clone());
    drop(arena);
    assert_eq!(live(), before);
}

#[test]
fn index_with_a_stale_key_panics_with_the_key() {
    let mut arena: GenArena<u8, 1> = GenArena::new();
    let key = arena.insert(1).unwrap();
    arena.remove(key);
    let msg = expect_panic(|| arena[key]);
    assert!(msg.contains("GenKey(0v1)"), "{msg}");
    let msg = expect_panic(|| GenArena::<u8, 1>::from_iter([1, 2]));
    assert!(msg.contains("capacity 1 exceeded"), "{msg}");
}

impl<T, const N: usize> GenArena<T, N> {
    /// The keys of the values, in slot order.
    fn keys_for_test(&self) -> Vec<GenKey> {
        self.iter().map(|(k, _)| k).collect()
    }
}
