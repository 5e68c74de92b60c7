// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::hash::BuildHasher;
use std::collections::VecDeque;
use std::collections::hash_map::RandomState;
use std::format;
use std::string::String;
use std::vec::Vec;

use super::StackRing;
use crate::test_util::{Counted, counted, expect_panic, live};

type R<const N: usize> = StackRing<Counted, N>;

fn vals<const N: usize>(r: &R<N>) -> Vec<u32> {
    r.iter().map(|c| c.value).collect()
}

/// The values a ring of capacity `n` holds after pushing `0..pushed`.
fn last(n: u32, pushed: u32) -> Vec<u32> {
    (pushed.saturating_sub(n)..pushed).collect()
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackRing<u8, 4> = StackRing::new();
    static SOME: StackRing<u8, 3> = StackRing::from_array([1, 2]);
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!((EMPTY.len(), EMPTY.capacity()), (0, 4));
    assert_eq!(SOME, [1, 2]);
    assert_eq!(StackRing::<u8, 7>::CAPACITY, 7);
    assert_eq!(core::mem::size_of::<StackRing<u8, 8>>(), 16);
}

#[test]
fn push_returns_what_it_overwrites() {
    let mut r: R<3> = StackRing::new();
    for i in 0..3 {
        assert!(r.push(Counted::new(i)).is_none());
    }
    assert!(r.is_full());
    for i in 3..10 {
        let old = r.push(Counted::new(i)).map(|c| c.value);
        assert_eq!(old, Some(i - 3), "the oldest comes back");
        assert_eq!(vals(&r), last(3, i + 1));
        assert_eq!(live(), 3, "nothing leaked, nothing dropped twice");
    }
    assert_eq!(r.oldest().map(|c| c.value), Some(7));
    assert_eq!(r.newest().map(|c| c.value), Some(9));
    drop(r);
    assert_eq!(live(), 0);
}

#[test]
fn pops_and_accessors() {
    let mut r: StackRing<u32, 4> = StackRing::new();
    r.extend(0..6); // wrapped: [2, 3, 4, 5]
    assert_eq!(r.as_slices(), (&[2, 3][..], &[4, 5][..]));
    assert_eq!((r.get(0), r.get(3), r.get(4)), (Some(&2), Some(&5), None));
    *r.get_mut(1).unwrap() = 30;
    *r.oldest_mut().unwrap() = 20;
    *r.newest_mut().unwrap() = 50;
    assert!(r.get_mut(4).is_none());
    assert_eq!(r, [20, 30, 4, 50]);
    assert_eq!(r.pop_front(), Some(20));
    assert_eq!(r.pop_back(), Some(50));
    assert_eq!(r, [30, 4]);
    // A pushed value goes after the newest, also after pops from both ends.
    assert_eq!(r.push(6), None);
    assert_eq!(r.push(7), None);
    assert_eq!(r.push(8), Some(30));
    assert_eq!(r, [4, 6, 7, 8]);
    r.clear();
    assert!(r.is_empty());
    assert_eq!(
        (r.pop_front(), r.pop_back(), r.oldest(), r.newest()),
        (None, None, None, None)
    );
    assert!(r.oldest_mut().is_none() && r.newest_mut().is_none());
}

/// Against a `VecDeque` that drops its front when full, at every fill level and front slot, with
/// pops from both ends mixed in.
#[test]
fn matches_a_vec_deque_reference_ring() {
    const N: usize = 5;
    let mut r: StackRing<u32, N> = StackRing::new();
    let mut m: VecDeque<u32> = VecDeque::new();
    let mut x = 1u32;
    for step in 0..200u32 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        match (x >> 16) % 5 {
            0 => assert_eq!(r.pop_front(), m.pop_front()),
            1 => assert_eq!(r.pop_back(), m.pop_back()),
            _ => {
                let expected = if m.len() == N { m.pop_front() } else { None };
                m.push_back(step);
                assert_eq!(r.push(step), expected);
            }
        }
        assert!(r.iter().eq(m.iter()), "step {step}");
        assert!(r.iter().rev().eq(m.iter().rev()));
        assert_eq!((r.len(), r.is_full()), (m.len(), m.len() == N));
    }
}

#[test]
fn clear_and_drop_with_a_panicking_element_drop_the_rest() {
    for pushed in 3..9 {
        let mut r: R<4> = StackRing::new();
        r.extend(counted(pushed - 1));
        r.push(Counted::panicking_drop(99));
        assert_eq!(expect_panic(|| r.clear()), "Counted::drop panics as asked");
        assert!(r.is_empty());
        assert_eq!(live(), 0);

        let mut r: R<4> = StackRing::new();
        r.extend(counted(pushed - 2));
        r.push(Counted::panicking_drop(99));
        r.push(Counted::new(100));
        assert_eq!(expect_panic(|| drop(r)), "Counted::drop panics as asked");
        assert_eq!(live(), 0);
    }
}

/// An overwritten value whose destructor panics: the ring already holds the new value and stays
/// consistent; the panic happens where the caller drops the returned value.
#[test]
fn overwriting_a_panicking_element() {
    let mut r: R<2> = StackRing::new();
    r.push(Counted::panicking_drop(0));
    r.push(Counted::new(1));
    let old = r.push(Counted::new(2)).unwrap();
    assert_eq!(vals(&r), [1, 2]);
    assert_eq!(expect_panic(|| drop(old)), "Counted::drop panics as asked");
    // Through `Extend`, which drops the overwritten values itself.
    r.push(Counted::panicking_drop(3));
    let msg = expect_panic(|| r.extend([Counted::new(4), Counted::new(5)]));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(vals(&r), [4, 5], "each push happened before the drop");
    drop(r);
    assert_eq!(live(), 0);
}

#[test]
fn extend_with_overwritten_hands_every_value_back() {
    let mut r: R<3> = StackRing::new();
    let mut evicted = Vec::new();
    r.extend_with_overwritten(counted(8), |old| evicted.push(old.value));
    assert_eq!(vals(&r), [5, 6, 7]);
    assert_eq!(evicted, [0, 1, 2, 3, 4]);
    assert_eq!(live(), 3);
    // A panicking closure: the value it got is dropped by the unwinding, the ring is consistent.
    let msg = expect_panic(|| {
        r.extend_with_overwritten(counted(2), |_| panic!("closure panics"));
    });
    assert_eq!(msg, "closure panics");
    assert_eq!(vals(&r), [6, 7, 0]);
    drop(r);
    assert_eq!(live(), 0);
}

#[test]
fn extend_and_collect_keep_the_last_n() {
    let r: StackRing<u32, 3> = (1..=10).collect();
    assert_eq!(r, [8, 9, 10]);
    let short: StackRing<u32, 3> = (1..=2).collect();
    assert_eq!(short, [1, 2]);
    let mut r = r;
    r.extend(&[11, 12]);
    assert_eq!(r, [10, 11, 12]);
    let full: StackRing<u8, 2> = StackRing::from([1, 2]);
    assert!(full.is_full());
    let mut r: R<4> = StackRing::new();
    r.extend(counted(10));
    assert_eq!(vals(&r), last(4, 10));
    assert_eq!(live(), 4);
}

#[test]
fn iteration_oldest_to_newest() {
    let mut r: StackRing<u32, 5> = StackRing::new();
    r.extend(0..8);
    assert_eq!(r.iter().copied().collect::<Vec<_>>(), [3, 4, 5, 6, 7]);
    assert_eq!(r.iter().rev().copied().collect::<Vec<_>>(), [7, 6, 5, 4, 3]);
    assert_eq!(r.iter().len(), 5);
    assert_eq!((&r).into_iter().sum::<u32>(), 25);
    for x in &mut r {
        *x += 1;
    }
    r.iter_mut().rev().take(1).for_each(|x| *x = 0);
    assert_eq!(r, [4, 5, 6, 7, 0]);
    assert_eq!(r.make_contiguous(), [4, 5, 6, 7, 0]);
    assert_eq!(r.as_slices().1.len(), 0);
    assert_eq!(r.push(9), Some(4));
    assert_eq!(r, [5, 6, 7, 0, 9]);
}

#[test]
fn into_iter_moves_and_drops_the_rest() {
    let mut r: R<4> = StackRing::new();
    r.extend(counted(6));
    let mut it = r.into_iter();
    assert_eq!(it.len(), 4);
    assert_eq!(it.next().map(|c| c.value), Some(2));
    assert_eq!(it.next_back().map(|c| c.value), Some(5));
    let (a, b) = it.as_slices();
    assert_eq!(a.len() + b.len(), 2);
    let clone = it.clone();
    assert_eq!(live(), 4);
    assert_eq!(vals(&clone.into_rest()), [3, 4]);
    assert_eq!(it.size_hint(), (2, Some(2)));
    drop(it);
    assert_eq!(live(), 0);

    let mut r: R<3> = StackRing::new();
    r.extend([
        Counted::new(0),
        Counted::panicking_drop(1),
        Counted::new(2),
        Counted::new(3),
    ]);
    let mut it = r.into_iter();
    drop(it.next_back());
    assert_eq!(expect_panic(|| drop(it)), "Counted::drop panics as asked");
    assert_eq!(live(), 0);

    let it = StackRing::<u8, 3>::from([1, 2, 3]).into_iter();
    assert_eq!(format!("{it:?}"), "IntoIter([1, 2, 3])");
    assert_eq!(it.count(), 3);
    assert_eq!(super::IntoIter::<u8, 2>::default().next(), None);
}

#[test]
fn clone_and_panicking_clone() {
    let mut r: R<3> = StackRing::new();
    r.extend(counted(5));
    let c = r.clone();
    assert_eq!(vals(&c), [2, 3, 4]);
    drop((r, c));
    assert_eq!(live(), 0);

    let mut r: R<3> = StackRing::new();
    r.extend([
        Counted::new(9),
        Counted::new(0),
        Counted::panicking_clone(1),
        Counted::new(2),
    ]);
    assert_eq!(expect_panic(|| r.clone()), "Counted::clone panics as asked");
    assert_eq!(live(), 3); // the partial clone dropped its one element
}

#[test]
fn comparisons_hash_debug_default() {
    let mut a: StackRing<u8, 3> = StackRing::new();
    a.extend([0, 1, 2, 3]);
    let b: StackRing<u8, 8> = StackRing::from_array([1, 2, 3]);
    assert_eq!(a, b);
    assert_ne!(a, StackRing::<u8, 3>::from_array([1, 2]));
    assert_eq!(a, [1, 2, 3]);
    assert_eq!(a, &[1u8, 2, 3]);
    assert_eq!(a, [1u8, 2, 3][..]);
    assert_eq!(a, &[1u8, 2, 3][..]);
    let state = RandomState::new();
    let m: VecDeque<u8> = [1, 2, 3].into();
    assert_eq!(
        state.hash_one(&a),
        state.hash_one(&m),
        "hashes like VecDeque"
    );
    assert_eq!(format!("{a:?}"), "[1, 2, 3]");
    let d: StackRing<String, 2> = StackRing::default();
    assert!(d.is_empty());
}

#[cfg(feature = "alloc")]
#[test]
fn alloc_comparisons() {
    let mut a: StackRing<u8, 2> = StackRing::new();
    a.extend([1, 2, 3]);
    assert_eq!(a, std::vec![2, 3]);
    assert_eq!(a, VecDeque::from([2, 3]));
}

#[test]
fn zero_capacity_returns_the_value_itself() {
    let mut r: StackRing<String, 0> = StackRing::new();
    assert!(r.is_full() && r.is_empty());
    assert_eq!(r.push("x".into()).as_deref(), Some("x"));
    r.extend(["y".into()]);
    assert_eq!((r.pop_front(), r.pop_back()), (None, None));
    assert!(r.make_contiguous().is_empty());
    assert_eq!(r.iter().count(), 0);
}

/// A zero-sized type that counts its drops.
#[derive(Clone, Debug, PartialEq)]
struct Zst;

std::thread_local! {
    static ZST_DROPS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

impl Drop for Zst {
    fn drop(&mut self) {
        ZST_DROPS.with(|d| d.set(d.get() + 1));
    }
}

#[test]
fn zero_sized_types() {
    let zst_drops = || ZST_DROPS.with(core::cell::Cell::get);
    let mut r: StackRing<Zst, 3> = StackRing::new();
    assert_eq!(core::mem::size_of_val(&r), 8);
    for _ in 0..3 {
        assert!(r.push(Zst).is_none());
    }
    assert!(r.push(Zst).is_some()); // returned, then dropped
    assert_eq!((r.len(), zst_drops()), (3, 1));
    r.extend([Zst, Zst]);
    assert_eq!(zst_drops(), 3);
    let c = r.clone();
    drop(r.pop_front());
    drop(r);
    assert_eq!(zst_drops(), 6);
    assert_eq!(c.into_iter().count(), 3);
    assert_eq!(zst_drops(), 9);
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_and_too_much_input() {
    let mut r: StackRing<u16, 3> = StackRing::new();
    r.extend([1, 2, 3, 4]);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, "[2,3,4]");
    assert_eq!(serde_json::from_str::<StackRing<u16, 3>>(&json).unwrap(), r);
    let err = serde_json::from_str::<StackRing<u16, 2>>(&json).unwrap_err();
    assert_eq!(
        format!("{err}"),
        "invalid length 3, expected a sequence of at most 2 elements at line 1 column 7"
    );
    assert!(serde_json::from_str::<StackRing<u16, 2>>("{}").is_err());
}

/// For a power-of-two `N` the front is a free-running `u32` counter: overwrite and pop across
/// its wrap to 0, against a reference ring.
#[test]
fn power_of_two_front_counter_runs_through_the_end_of_u32() {
    fn check<const N: usize>() {
        // Fewer steps from each start under Miri (where 12N took half a minute of virtual
        // time); every start within 2N of the wrap is still tried.
        let steps = if cfg!(miri) { 4 } else { 12 } * N as u32;
        for behind in 0..=2 * N as u32 {
            let mut r: StackRing<u32, N> = StackRing::new();
            r.core.set_raw_head(u32::MAX - behind);
            let mut m = VecDeque::new();
            for step in 0..steps {
                let overwritten = r.push(step);
                if m.len() == N {
                    assert_eq!(overwritten, m.pop_front());
                } else {
                    assert_eq!(overwritten, None);
                }
                m.push_back(step);
                if step % 5 == 4 {
                    assert_eq!(r.pop_front(), m.pop_front());
                }
                if step % 7 == 6 {
                    assert_eq!(r.pop_back(), m.pop_back());
                }
                assert_eq!(r.iter().copied().collect::<Vec<_>>(), Vec::from(m.clone()));
                assert_eq!((r.oldest(), r.newest()), (m.front(), m.back()));
            }
        }
    }
    check::<1>();
    check::<2>();
    check::<4>();
    check::<8>();
}
