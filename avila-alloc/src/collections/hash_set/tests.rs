// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use std::collections::HashSet;
use std::format;
use std::hash::RandomState;
use std::string::{String, ToString};
use std::vec::Vec;

use super::{
    Difference, Drain, Intersection, IntoIter, Iter, StackHashSet, SymmetricDifference, Union,
};
use crate::hash::{FixedState, SeededState};
use crate::test_util::{Counted, expect_panic, live};

fn sorted<'a>(values: impl Iterator<Item = &'a u32>) -> Vec<u32> {
    let mut v: Vec<u32> = values.copied().collect();
    v.sort_unstable();
    v
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackHashSet<u8, 4> = StackHashSet::new();
    static SEEDED: StackHashSet<u8, 4, SeededState> =
        StackHashSet::with_hasher(SeededState::new(1));
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!(
        (EMPTY.len(), EMPTY.capacity(), EMPTY.remaining_capacity()),
        (0, 4, 4)
    );
    assert_eq!(*SEEDED.hasher(), SeededState::new(1));
    assert_eq!(StackHashSet::<u8, 5>::CAPACITY, 5);
    assert!(!EMPTY.contains(&1));
}

#[test]
fn insert_replace_take_remove_and_full() {
    let mut set: StackHashSet<String, 2> = StackHashSet::new();
    assert_eq!(set.insert("a".to_string()), Ok(true));
    assert_eq!(set.insert("a".to_string()), Ok(false));
    assert_eq!(set.replace("b".to_string()), Ok(None));
    assert!(set.is_full());
    assert_eq!(set.insert("c".to_string()).unwrap_err().element(), "c");
    assert_eq!(set.replace("c".to_string()).unwrap_err().element(), "c");
    // Present values work on a full set.
    assert_eq!(set.insert("a".to_string()), Ok(false));
    assert_eq!(set.replace("a".to_string()), Ok(Some("a".to_string())));
    assert_eq!(set.get("b").map(String::as_str), Some("b"));
    assert!(set.contains("a"));
    assert_eq!(set.take("a"), Some("a".to_string()));
    assert_eq!(set.take("a"), None);
    assert!(set.remove("b"));
    assert!(!set.remove("b"));
    assert!(set.is_empty());
}

#[test]
fn replace_swaps_the_stored_value() {
    let mut set: StackHashSet<Counted, 4> = StackHashSet::new();
    set.insert(Counted::new(1)).unwrap();
    let old = set.replace(Counted::new(1)).unwrap().unwrap();
    assert_eq!(old.value, 1);
    drop(old);
    assert_eq!(live(), 1);
    set.map.check_invariants();
    drop(set);
    assert_eq!(live(), 0);
}

#[test]
fn zero_capacity_and_zero_sized_values() {
    let mut none: StackHashSet<u8, 0> = StackHashSet::new();
    assert_eq!(none.insert(1).unwrap_err().element(), 1);
    assert!(none.is_full() && !none.contains(&1));
    let mut unit: StackHashSet<(), 2> = StackHashSet::new();
    assert_eq!(unit.insert(()), Ok(true));
    assert_eq!(unit.insert(()), Ok(false));
    assert_eq!(unit.len(), 1);
    assert!(unit.remove(&()));
}

#[test]
fn iterators_and_drain() {
    let mut set: StackHashSet<u32, 8> = [3, 1, 2].into_iter().collect();
    let it = set.iter();
    assert_eq!(it.len(), 3);
    assert_eq!(format!("{it:?}"), "[3, 1, 2]");
    assert_eq!(set.iter().next_back(), Some(&2));
    assert_eq!((&set).into_iter().count(), 3);
    let mut owned = set.clone().into_iter();
    assert_eq!(owned.next_back(), Some(2));
    assert_eq!(owned.size_hint(), (2, Some(2)));
    assert_eq!(format!("{owned:?}"), "[3, 1]");
    assert_eq!(owned.next(), Some(3));
    let mut d = set.drain();
    assert_eq!(d.next(), Some(3));
    assert_eq!(d.next_back(), Some(2));
    assert_eq!(d.size_hint(), (1, Some(1)));
    assert_eq!(format!("{d:?}"), "[1]");
    drop(d);
    assert!(set.is_empty());
    assert_eq!(Iter::<u8>::default().next(), None);
    assert_eq!(IntoIter::<u8, 2>::default().next(), None);
    let _: Option<Drain<'_, u8, 2>> = None;
}

#[test]
fn retain_clear_and_drops() {
    let mut set: StackHashSet<Counted, 8> = (0..8).map(Counted::new).collect();
    set.retain(|c| c.value % 2 == 0);
    assert_eq!(set.len(), 4);
    assert_eq!(live(), 4);
    set.map.check_invariants();
    set.clear();
    assert_eq!(live(), 0);
    assert!(set.is_empty());
}

#[test]
fn set_algebra_matches_std() {
    let a: StackHashSet<u32, 8> = [1, 2, 3, 4].into_iter().collect();
    let b: StackHashSet<u32, 6, RandomState> = [3, 4, 5].into_iter().collect();
    let sa: HashSet<u32> = a.iter().copied().collect();
    let sb: HashSet<u32> = b.iter().copied().collect();
    assert_eq!(sorted(a.union(&b)), sorted(sa.union(&sb)));
    assert_eq!(sorted(a.intersection(&b)), sorted(sa.intersection(&sb)));
    assert_eq!(sorted(b.intersection(&a)), sorted(sb.intersection(&sa)));
    assert_eq!(sorted(a.difference(&b)), sorted(sa.difference(&sb)));
    assert_eq!(sorted(b.difference(&a)), sorted(sb.difference(&sa)));
    assert_eq!(
        sorted(a.symmetric_difference(&b)),
        sorted(sa.symmetric_difference(&sb))
    );
    assert!(!a.is_subset(&b) && !a.is_superset(&b) && !a.is_disjoint(&b));
    let small: StackHashSet<u32, 2> = [1, 2].into_iter().collect();
    assert!(small.is_subset(&a) && a.is_superset(&small) && small.is_disjoint(&b));
    assert!(!a.is_subset(&small));

    let u = a.union(&b);
    assert_eq!(u.size_hint(), (4, Some(7)));
    assert_eq!(format!("{:?}", u.clone()), "[1, 2, 3, 4, 5]");
    let i: Intersection<'_, u32, 8, 6, FixedState, RandomState> = a.intersection(&b);
    assert_eq!(i.size_hint(), (0, Some(3)));
    assert_eq!(sorted(i.clone()), [3, 4]);
    assert_eq!(format!("{:?}", a.intersection(&small)), "[1, 2]");
    let d: Difference<'_, u32, 6, RandomState> = a.difference(&b);
    assert_eq!(d.size_hint(), (0, Some(4)));
    assert_eq!(format!("{d:?}"), "[1, 2]");
    let s: SymmetricDifference<'_, u32, 8, 6, FixedState, RandomState> = a.symmetric_difference(&b);
    assert_eq!(s.size_hint(), (0, Some(7)));
    assert_eq!(format!("{s:?}"), "[1, 2, 5]");
    let _: Union<'_, u32, 8, FixedState> = a.union(&b);
}

#[test]
fn operators_and_their_failures() {
    let a: StackHashSet<u32, 4> = [1, 2, 3].into_iter().collect();
    let b: StackHashSet<u32, 4> = [3, 4, 5].into_iter().collect();
    assert_eq!(sorted((&a & &b).iter()), [3]);
    assert_eq!(sorted((&a - &b).iter()), [1, 2]);
    let c: StackHashSet<u32, 4> = [3, 4].into_iter().collect();
    assert_eq!(sorted((&a | &c).iter()), [1, 2, 3, 4]);
    assert_eq!(sorted((&a ^ &c).iter()), [1, 2, 4]);
    assert_eq!(
        expect_panic(|| &a | &b),
        "StackHashSet::bitor: capacity 4 exceeded (5 required)"
    );
    let far: StackHashSet<u32, 4> = [4, 5, 6].into_iter().collect();
    assert_eq!(
        expect_panic(|| &a ^ &far),
        "StackHashSet::bitxor: capacity 4 exceeded (5 required)"
    );
    // The fallible way.
    assert!(StackHashSet::<u32, 4>::try_from_iter(a.union(&b).copied()).is_err());
}

#[test]
fn eq_debug_clone_extend_collect() {
    let a: StackHashSet<&str, 4> = ["x", "y"].into_iter().collect();
    let b: StackHashSet<&str, 8, SeededState> = {
        let mut s = StackHashSet::with_hasher(SeededState::new(9));
        s.extend(["y", "x"]);
        s
    };
    assert_eq!(a, b);
    assert_eq!(format!("{a:?}"), r#"{"x", "y"}"#);
    let c = a.clone();
    assert_eq!(c, a);
    assert_ne!(c, ["x"].into_iter().collect::<StackHashSet<&str, 4>>());
    let mut d: StackHashSet<u8, 2> = StackHashSet::default();
    d.extend(&[1, 1]);
    assert_eq!(
        expect_panic(|| d.extend(&[2, 3])),
        "StackHashSet::extend: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| d.extend([4])),
        "StackHashSet::extend: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| (0..3).collect::<StackHashSet<u8, 2>>()),
        "StackHashSet::from_iter: capacity 2 exceeded (3 required)"
    );
    let mut e: StackHashSet<u8, 2> = StackHashSet::new();
    assert_eq!(e.try_extend([1, 2, 3]).unwrap_err().element(), 3);
    assert!(StackHashSet::<u8, 2>::try_from_iter([5, 5]).is_ok());
    assert_eq!(StackHashSet::<u8, 3>::from([1, 2, 2]).len(), 2);
}

#[test]
fn a_panicking_clone_in_an_operator_leaks_nothing() {
    let a: StackHashSet<Counted, 4> = [Counted::new(1), Counted::panicking_clone(2)]
        .into_iter()
        .collect();
    let b: StackHashSet<Counted, 4> = StackHashSet::new();
    let msg = expect_panic(|| &a | &b);
    assert_eq!(msg, "Counted::clone panics as asked");
    assert_eq!(live(), 2);
}

#[test]
fn extract_if_yields_the_chosen_values_and_keeps_the_rest() {
    let mut set: StackHashSet<u32, 12> = (0..12).collect();
    let mut odd: Vec<u32> = set.extract_if(|x| x % 2 == 1).collect();
    odd.sort_unstable();
    assert_eq!(odd, [1, 3, 5, 7, 9, 11]);
    assert_eq!(sorted(set.iter()), [0, 2, 4, 6, 8, 10]);

    // Dropped after one value: the values not visited stay.
    let mut iter = set.extract_if(|_| true);
    assert_eq!(iter.size_hint(), (0, Some(6)));
    let first = iter.next().unwrap();
    assert_eq!(iter.size_hint(), (0, Some(5)));
    assert_eq!(
        format!("{iter:?}").matches(',').count(),
        4,
        "five values listed"
    );
    assert_eq!(set.len(), 5);
    assert!(!set.contains(&first));

    let mut set: StackHashSet<Counted, 4> = (0..4).map(Counted::new).collect();
    let msg = expect_panic(|| {
        set.extract_if(|c| {
            assert!(c.value != 2, "predicate panics");
            false
        })
        .for_each(drop);
    });
    assert_eq!(msg, "predicate panics");
    assert_eq!(set.len(), 4);
    assert_eq!(set.extract_if(|c| c.value < 2).count(), 2);
    assert_eq!(live(), 2);
    drop(set);
    assert_eq!(live(), 0);
}
