// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::format;
use std::vec::Vec;

use super::SlabAllocator;
use crate::test_util::{Counted, drops, expect_panic, live};

fn keys<T, const N: usize>(slab: &SlabAllocator<T, N>) -> Vec<usize> {
    slab.iter().map(|(k, _)| k).collect()
}

#[test]
fn keys_are_reused_last_freed_first() {
    let mut slab: SlabAllocator<u32, 4> = SlabAllocator::new();
    for v in 0..4 {
        assert_eq!(slab.insert(v).unwrap(), v as usize);
    }
    assert!(slab.is_full());
    assert_eq!(slab.vacant_key(), None);
    assert_eq!(slab.insert(9).unwrap_err().element(), 9);
    assert_eq!(slab.remove(1), 1);
    assert_eq!(slab.remove(3), 3);
    assert_eq!(slab.vacant_key(), Some(3));
    assert_eq!(slab.insert(30).unwrap(), 3);
    assert_eq!(slab.insert(10).unwrap(), 1);
    assert_eq!(slab.insert(5).unwrap_err().capacity(), 4);
    assert_eq!(keys(&slab), [0, 1, 2, 3]);
    assert_eq!((slab[1], slab[3]), (10, 30));
}

#[test]
fn get_contains_and_out_of_range_keys() {
    let mut slab: SlabAllocator<u8, 3> = SlabAllocator::new();
    let k = slab.insert(7).unwrap();
    assert!(slab.contains(k));
    assert!(!slab.contains(1));
    assert!(!slab.contains(100));
    assert_eq!(slab.get(100), None);
    assert_eq!(slab.get_mut(2), None);
    assert_eq!(slab.try_remove(100), None);
    assert_eq!(slab.try_remove(2), None);
    assert_eq!(slab.len(), 1);
    assert!(slab.get2_mut(k, 100).is_none());
    assert!(slab.get2_mut(k, 1).is_none());
}

#[test]
fn get2_mut_returns_values_in_argument_order() {
    let mut slab: SlabAllocator<u8, 4> = SlabAllocator::new();
    for v in 0..4 {
        slab.insert(v).unwrap();
    }
    let (a, b) = slab.get2_mut(3, 1).unwrap();
    assert_eq!((*a, *b), (3, 1));
    *a = 30;
    *b = 10;
    assert_eq!((slab[3], slab[1]), (30, 10));
}

#[test]
fn remove_and_index_panic_on_vacant_keys() {
    let mut slab: SlabAllocator<u8, 2> = SlabAllocator::new();
    slab.insert(1).unwrap();
    let msg = expect_panic(|| slab.remove(1));
    assert!(msg.contains("no value at key 1"), "{msg}");
    let msg = expect_panic(|| slab[5]);
    assert!(msg.contains("key 5"), "{msg}");
    let msg = expect_panic(|| slab[1] = 3);
    assert!(msg.contains("key 1"), "{msg}");
}

#[test]
fn vacant_entry_knows_its_key_and_dropping_it_changes_nothing() {
    let mut slab: SlabAllocator<usize, 2> = SlabAllocator::new();
    let entry = slab.vacant_entry().unwrap();
    assert_eq!(entry.key(), 0);
    assert!(format!("{entry:?}").contains("key: 0"));
    let _ = entry;
    assert!(slab.is_empty());
    let entry = slab.vacant_entry().unwrap();
    let key = entry.key();
    *entry.insert(key) += 10;
    assert_eq!(slab[key], 10);
    slab.insert(1).unwrap();
    assert!(slab.vacant_entry().is_err());
}

#[test]
fn iterators_skip_vacant_slots_both_ways() {
    let mut slab: SlabAllocator<u32, 8> = SlabAllocator::new();
    for v in 0..6 {
        slab.insert(v).unwrap();
    }
    slab.remove(0);
    slab.remove(4);
    let mut iter = slab.iter();
    assert_eq!(iter.len(), 4);
    assert_eq!(iter.next(), Some((1, &1)));
    assert_eq!(iter.next_back(), Some((5, &5)));
    assert_eq!(iter.len(), 2);
    assert_eq!(iter.collect::<Vec<_>>(), [(2, &2), (3, &3)]);
    for (k, v) in &mut slab {
        *v += k as u32 * 100;
    }
    assert_eq!(
        slab.iter_mut().next_back().map(|(k, v)| (k, *v)),
        Some((5, 505))
    );
    let pairs: Vec<(usize, u32)> = (&slab).into_iter().map(|(k, v)| (k, *v)).collect();
    assert_eq!(pairs, [(1, 101), (2, 202), (3, 303), (5, 505)]);
    let owned: Vec<(usize, u32)> = slab.clone().into_iter().rev().collect();
    assert_eq!(owned, [(5, 505), (3, 303), (2, 202), (1, 101)]);
    let mut owned = slab.into_iter();
    assert_eq!(owned.len(), 4);
    assert_eq!(owned.nth(1), Some((2, 202)));
}

#[test]
fn retain_frees_keys_and_clear_restarts_them() {
    let mut slab: SlabAllocator<Counted, 8> = SlabAllocator::new();
    let live_before = live();
    for c in (0..8).map(Counted::new) {
        slab.insert(c).unwrap();
    }
    slab.retain(|k, c| {
        c.value += 1;
        k % 3 == 0
    });
    assert_eq!(keys(&slab), [0, 3, 6]);
    assert_eq!(live() - live_before, 3);
    // The last key removed (7) is reused first.
    assert_eq!(slab.insert(Counted::new(70)).unwrap(), 7);
    slab.clear();
    assert_eq!(live(), live_before);
    assert!(slab.is_empty());
    assert_eq!(slab.insert(Counted::new(1)).unwrap(), 0);
    assert_eq!(slab.insert(Counted::new(2)).unwrap(), 1);
}

#[test]
fn drain_removes_everything_even_when_dropped_early_and_leaks_safely() {
    let live_before = live();
    let mut slab: SlabAllocator<Counted, 6> = SlabAllocator::new();
    for c in (0..6).map(Counted::new) {
        slab.insert(c).unwrap();
    }
    slab.remove(2);
    let mut drain = slab.drain();
    assert_eq!(drain.len(), 5);
    assert_eq!(drain.next().map(|c| c.value), Some(0));
    assert_eq!(drain.next_back().map(|c| c.value), Some(5));
    drop(drain);
    assert!(slab.is_empty());
    assert_eq!(live(), live_before);
    assert_eq!(slab.insert(Counted::new(9)).unwrap(), 0);

    // A leaked drain leaves the values it did not return in the slab, consistently.
    for c in (10..13).map(Counted::new) {
        slab.insert(c).unwrap();
    }
    let mut drain = slab.drain();
    assert_eq!(drain.next().map(|c| c.value), Some(9));
    core::mem::forget(drain);
    assert_eq!(slab.len(), 3);
    assert_eq!(keys(&slab), [1, 2, 3]);
    assert_eq!(slab.insert(Counted::new(20)).unwrap(), 0);
    drop(slab);
    assert_eq!(live(), live_before);
}

#[test]
fn a_panicking_drop_never_drops_twice() {
    let live_before = live();
    let drops_before = drops();
    // Dropping the slab: every other value is still dropped, once.
    let mut slab: SlabAllocator<Counted, 4> = SlabAllocator::new();
    slab.insert(Counted::new(0)).unwrap();
    slab.insert(Counted::panicking_drop(1)).unwrap();
    slab.insert(Counted::new(2)).unwrap();
    expect_panic(move || drop(slab));
    assert_eq!(live(), live_before);
    assert_eq!(drops() - drops_before, 3);

    // `clear`: the panic stops it; the values after it stay in the slab and are dropped later.
    let mut slab: SlabAllocator<Counted, 4> = SlabAllocator::new();
    slab.insert(Counted::new(0)).unwrap();
    slab.insert(Counted::panicking_drop(1)).unwrap();
    slab.insert(Counted::new(2)).unwrap();
    expect_panic(|| slab.clear());
    assert_eq!(keys(&slab), [2]);
    assert_eq!(slab.len(), 1);
    drop(slab);
    assert_eq!(live(), live_before);

    // `retain`: the same.
    let mut slab: SlabAllocator<Counted, 4> = SlabAllocator::new();
    slab.insert(Counted::panicking_drop(0)).unwrap();
    slab.insert(Counted::new(1)).unwrap();
    expect_panic(|| slab.retain(|_, _| false));
    assert_eq!(keys(&slab), [1]);
    assert_eq!(slab.insert(Counted::new(5)).unwrap(), 0);
    drop(slab);
    assert_eq!(live(), live_before);

    // A panicking `retain` predicate.
    let mut slab: SlabAllocator<Counted, 4> = SlabAllocator::new();
    slab.insert(Counted::new(0)).unwrap();
    slab.insert(Counted::new(1)).unwrap();
    expect_panic(|| {
        slab.retain(|k, _| {
            assert!(k == 0, "predicate panics");
            false
        });
    });
    assert_eq!(keys(&slab), [1]);
    drop(slab);
    assert_eq!(live(), live_before);
}

#[test]
fn a_panicking_clone_leaks_nothing() {
    let live_before = live();
    let mut slab: SlabAllocator<Counted, 4> = SlabAllocator::new();
    slab.insert(Counted::new(0)).unwrap();
    slab.insert(Counted::panicking_clone(1)).unwrap();
    slab.insert(Counted::new(2)).unwrap();
    expect_panic(|| slab.clone());
    drop(slab);
    assert_eq!(live(), live_before);
}

#[test]
fn clone_debug_default_and_static() {
    static SLAB: SlabAllocator<u8, 4> = SlabAllocator::new();
    assert!(SLAB.is_empty());
    let mut slab: SlabAllocator<char, 4> = SlabAllocator::default();
    slab.insert('a').unwrap();
    slab.insert('b').unwrap();
    slab.remove(0);
    let copy = slab.clone();
    assert_eq!(
        format!("{copy:?}"),
        "SlabAllocator { len: 1, capacity: 4, entries: {1: 'b'} }"
    );
    assert_eq!(format!("{:?}", copy.iter()), "[(1, 'b')]");
    // The clone has the same free list.
    let mut copy = copy;
    assert_eq!(copy.insert('c').unwrap(), 0);
    assert_eq!(slab.insert('d').unwrap(), 0);
}

#[test]
fn zero_sized_values() {
    let mut slab: SlabAllocator<(), 3> = SlabAllocator::new();
    assert_eq!(slab.insert(()).unwrap(), 0);
    assert_eq!(slab.insert(()).unwrap(), 1);
    slab.remove(0);
    assert_eq!(keys(&slab), [1]);
    assert_eq!(slab.drain().count(), 1);
    let mut empty: SlabAllocator<u8, 0> = SlabAllocator::new();
    assert!(empty.is_full());
    assert!(empty.insert(1).is_err());
    assert_eq!(empty.iter().count(), 0);
    assert_eq!(empty.into_iter().count(), 0);
}
