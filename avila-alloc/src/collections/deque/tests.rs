// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::hash::BuildHasher;
use std::collections::VecDeque;
use std::collections::hash_map::RandomState;
use std::string::String;
use std::vec::Vec;
use std::{format, vec};

use super::StackDeque;
use crate::collections::StackVec;
use crate::error::CapacityError;
use crate::test_util::{Counted, counted, drops, expect_panic, live};

type D<const N: usize> = StackDeque<Counted, N>;

/// The values of a deque of `Counted`, front to back.
fn vals<const N: usize>(d: &D<N>) -> Vec<u32> {
    d.iter().map(|c| c.value).collect()
}

/// A deque whose front sits at physical slot `head` (after `head` pushes and pops), holding
/// `items`.
fn at_head<T, const N: usize>(head: usize, items: impl IntoIterator<Item = T>) -> StackDeque<T, N>
where
    T: Default,
{
    let mut d = StackDeque::new();
    for _ in 0..head {
        d.push_back(T::default());
        drop(d.pop_front());
    }
    assert_eq!(d.core.head(), head % N.max(1));
    d.extend(items);
    d
}

/// A `Counted` deque whose front sits at slot `head`, holding `0..n`.
fn counted_at<const N: usize>(head: usize, n: u32) -> D<N> {
    let mut d = D::<N>::new();
    for _ in 0..head {
        d.push_back(Counted::new(999));
        drop(d.pop_front());
    }
    d.extend(counted(n));
    d
}

fn model(n: u32) -> VecDeque<u32> {
    (0..n).collect()
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackDeque<u8, 4> = StackDeque::new();
    static SOME: StackDeque<u8, 3> = StackDeque::from_array([1, 2]);
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!(
        (EMPTY.len(), EMPTY.capacity(), EMPTY.remaining_capacity()),
        (0, 4, 4)
    );
    assert_eq!(SOME, [1, 2]);
    assert_eq!(SOME.remaining_capacity(), 1);
    assert_eq!(StackDeque::<u8, 7>::CAPACITY, 7);
    assert_eq!(
        core::mem::size_of::<StackDeque<u8, 8>>(),
        8 + 8,
        "two u32 then the slots"
    );
}

#[test]
fn push_and_pop_at_both_ends() {
    let mut d: D<3> = StackDeque::new();
    d.push_back(Counted::new(1));
    d.push_front(Counted::new(0));
    d.push_back(Counted::new(2));
    assert!(d.is_full());
    assert_eq!(vals(&d), [0, 1, 2]);
    let err = d.try_push_back(Counted::new(9)).unwrap_err();
    assert_eq!((err.capacity(), err.element().value), (3, 9));
    let err = d.try_push_front(Counted::new(8)).unwrap_err();
    assert_eq!(err.element().value, 8);
    assert_eq!(d.pop_front().map(|c| c.value), Some(0));
    assert_eq!(d.pop_back().map(|c| c.value), Some(2));
    assert!(d.try_push_front(Counted::new(5)).is_ok());
    assert!(d.try_push_back(Counted::new(6)).is_ok());
    assert_eq!(vals(&d), [5, 1, 6]);
    assert_eq!(
        (d.front().map(|c| c.value), d.back().map(|c| c.value)),
        (Some(5), Some(6))
    );
    d.front_mut().unwrap().value = 50;
    d.back_mut().unwrap().value = 60;
    assert_eq!(vals(&d), [50, 1, 60]);
    while d.pop_back().is_some() {}
    assert!(d.front().is_none() && d.back().is_none() && d.pop_front().is_none());
    assert!(d.front_mut().is_none() && d.back_mut().is_none());
    assert_eq!(live(), 0);
}

#[test]
fn pushes_on_a_full_deque_panic_naming_the_method_and_capacity() {
    let mut d: StackDeque<u8, 2> = StackDeque::from([1, 2]);
    assert_eq!(
        expect_panic(|| d.push_back(3)),
        "StackDeque::push_back: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| d.push_front(3)),
        "StackDeque::push_front: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| d.insert(1, 3)),
        "StackDeque::insert: capacity 2 exceeded (3 required)"
    );
    assert_eq!(d, [1, 2]);
}

#[test]
fn unchecked_pushes() {
    let mut d: StackDeque<u16, 4> = StackDeque::new();
    for i in 0..2 {
        // SAFETY: 4 pushes into capacity 4.
        unsafe {
            d.push_back_unchecked(10 + i);
            d.push_front_unchecked(i);
        }
    }
    assert_eq!(d, [1, 0, 10, 11]);
}

#[test]
fn wrapped_layout_and_indexing() {
    for head in 0..5 {
        let d: StackDeque<u32, 5> = at_head(head, 0..4);
        let (a, b) = d.as_slices();
        assert_eq!(a.len() + b.len(), 4);
        assert_eq!(a.len(), (5 - head).min(4), "head {head}");
        assert_eq!([a, b].concat(), [0, 1, 2, 3]);
        for i in 0..4 {
            assert_eq!(d.get(i), Some(&(i as u32)));
            assert_eq!(d[i], i as u32);
        }
        assert_eq!(d.get(4), None);
        let mut d = d;
        for i in 0..4 {
            *d.get_mut(i).unwrap() += 10;
            d[i] += 100;
        }
        assert_eq!(d, [110, 111, 112, 113]);
        let (a, b) = d.as_mut_slices();
        a[0] = 7;
        if let Some(x) = b.last_mut() {
            *x = 9;
        }
        assert_eq!(d[0], 7);
    }
}

#[test]
fn index_out_of_bounds_panics() {
    let mut d: StackDeque<u8, 4> = StackDeque::from_array([1]);
    assert_eq!(
        expect_panic(|| d[1]),
        "StackDeque::index: index 1 out of bounds (len 1)"
    );
    assert_eq!(
        expect_panic(|| d[3] = 0),
        "StackDeque::index_mut: index 3 out of bounds (len 1)"
    );
    assert_eq!(
        expect_panic(|| d.swap(0, 1)),
        "StackDeque::swap: index 1 out of bounds (len 1)"
    );
    assert_eq!(
        expect_panic(|| d.swap(2, 0)),
        "StackDeque::swap: index 2 out of bounds (len 1)"
    );
}

/// Insert and remove at every index, from every front slot, at every length, against `VecDeque`;
/// a non-power-of-two capacity.
#[test]
fn insert_and_remove_everywhere_match_vec_deque() {
    const N: usize = 5;
    for head in 0..N {
        for len in 0..N as u32 {
            for index in 0..=len as usize {
                let mut d: D<N> = counted_at(head, len);
                let mut m = model(len);
                d.insert(index, Counted::new(99));
                m.insert(index, 99);
                assert_eq!(
                    vals(&d),
                    Vec::from(m.clone()),
                    "insert {head} {len} {index}"
                );
                assert_eq!(
                    d.remove(index).map(|c| c.value),
                    m.remove(index),
                    "remove {head} {len} {index}"
                );
                assert_eq!(vals(&d), Vec::from(m.clone()));
                for i in 0..=len as usize {
                    let mut d2: D<N> = counted_at(head, len);
                    let mut m2 = model(len);
                    assert_eq!(d2.remove(i).map(|c| c.value), m2.remove(i));
                    assert_eq!(vals(&d2), Vec::from(m2));
                }
            }
        }
    }
    assert_eq!(live(), 0);
}

#[test]
fn pop_front_if_and_pop_back_if_from_every_front_slot() {
    const N: usize = 4;
    for head in 0..N {
        // Full, so the deque wraps for every `head` but 0.
        let mut d: D<N> = counted_at(head, 4);
        assert_eq!(d.pop_front_if(|c| c.value == 1), None);
        assert_eq!(d.pop_back_if(|c| c.value == 2), None);
        // A refused element keeps what the predicate wrote.
        let bump = |c: &mut Counted| {
            c.value += 10;
            false
        };
        assert_eq!(d.pop_front_if(bump), None);
        assert_eq!(d.pop_back_if(bump), None);
        assert_eq!(vals(&d), [10, 1, 2, 13], "head {head}");
        assert_eq!(d.pop_front_if(|c| c.value == 10).map(|c| c.value), Some(10));
        assert_eq!(d.pop_back_if(|c| c.value == 13).map(|c| c.value), Some(13));
        assert_eq!(vals(&d), [1, 2]);
        assert_eq!(d.pop_back_if(|_| true).map(|c| c.value), Some(2));
        assert_eq!(d.pop_front_if(|_| true).map(|c| c.value), Some(1));
        // Empty: the predicate is not called.
        assert_eq!(d.pop_front_if(|_| unreachable!()), None);
        assert_eq!(d.pop_back_if(|_| unreachable!()), None);
        assert_eq!(live(), 0);
    }
}

#[test]
fn pop_if_with_a_panicking_predicate_keeps_the_element() {
    let mut d: D<4> = counted_at(3, 3);
    let msg = expect_panic(|| d.pop_front_if(|_| panic!("front predicate")));
    assert_eq!(msg, "front predicate");
    let msg = expect_panic(|| d.pop_back_if(|_| panic!("back predicate")));
    assert_eq!(msg, "back predicate");
    assert_eq!(vals(&d), [0, 1, 2]);
    drop(d);
    assert_eq!(live(), 0);
}

/// `push_back_mut`, `push_front_mut` and `insert_mut` (and their `try_` forms) against
/// `VecDeque`, from every front slot and at every length, writing through the returned reference.
#[test]
fn mut_pushes_and_inserts_match_vec_deque_from_every_front_slot() {
    const N: usize = 5;
    for head in 0..N {
        for len in 0..N as u32 {
            let fresh = || (counted_at::<N>(head, len), model(len));
            let (mut d, mut m) = fresh();
            d.push_back_mut(Counted::new(50)).value += 1;
            m.push_back(51);
            assert_eq!(vals(&d), Vec::from(m.clone()), "push_back_mut {head} {len}");
            let (mut d, mut m) = fresh();
            d.push_front_mut(Counted::new(50)).value += 2;
            m.push_front(52);
            assert_eq!(
                vals(&d),
                Vec::from(m.clone()),
                "push_front_mut {head} {len}"
            );
            let (mut d, mut m) = fresh();
            d.try_push_back_mut(Counted::new(50)).unwrap().value += 3;
            m.push_back(53);
            assert_eq!(vals(&d), Vec::from(m.clone()), "try_push_back_mut");
            let (mut d, mut m) = fresh();
            d.try_push_front_mut(Counted::new(50)).unwrap().value += 4;
            m.push_front(54);
            assert_eq!(vals(&d), Vec::from(m.clone()), "try_push_front_mut");
            for index in 0..=len as usize {
                let (mut d, mut m) = fresh();
                d.insert_mut(index, Counted::new(60)).value += 1;
                m.insert(index, 61);
                assert_eq!(
                    vals(&d),
                    Vec::from(m.clone()),
                    "insert_mut {head} {len} {index}"
                );
                let (mut d, mut m) = fresh();
                d.try_insert_mut(index, Counted::new(60)).unwrap().value += 2;
                m.insert(index, 62);
                assert_eq!(
                    vals(&d),
                    Vec::from(m),
                    "try_insert_mut {head} {len} {index}"
                );
            }
        }
    }
    assert_eq!(live(), 0);
}

#[test]
fn mut_pushes_on_a_full_deque_give_the_value_back_or_panic() {
    for head in 0..3 {
        let mut d: D<3> = counted_at(head, 3);
        let err = d.try_push_back_mut(Counted::new(7)).unwrap_err();
        assert_eq!((err.capacity(), err.element().value), (3, 7));
        let err = d.try_push_front_mut(Counted::new(8)).unwrap_err();
        assert_eq!((err.capacity(), err.element().value), (3, 8));
        let err = d.try_insert_mut(1, Counted::new(9)).unwrap_err();
        assert_eq!((err.capacity(), err.element().value), (3, 9));
        assert_eq!(vals(&d), [0, 1, 2]);
        assert_eq!(live(), 3);
    }
    let mut d: StackDeque<u8, 2> = StackDeque::from([1, 2]);
    assert_eq!(
        expect_panic(|| d.push_back_mut(3)),
        "StackDeque::push_back_mut: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| d.push_front_mut(3)),
        "StackDeque::push_front_mut: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| d.insert_mut(1, 3)),
        "StackDeque::insert_mut: capacity 2 exceeded (3 required)"
    );
    // A bad index panics in both forms, even when full.
    assert_eq!(
        expect_panic(|| d.try_insert_mut(3, 3)),
        "StackDeque::try_insert_mut: index 3 out of bounds (len 2)"
    );
    d.pop_back();
    assert_eq!(
        expect_panic(|| d.insert_mut(2, 3)),
        "StackDeque::insert_mut: index 2 out of bounds (len 1)"
    );
    assert_eq!(d, [1]);
    // Zero capacity: always full.
    let mut z: StackDeque<u8, 0> = StackDeque::new();
    assert_eq!(z.try_push_back_mut(1).unwrap_err().element(), 1);
    assert_eq!(z.try_push_front_mut(2).unwrap_err().element(), 2);
    assert_eq!(z.try_insert_mut(0, 3).unwrap_err().element(), 3);
}

#[test]
fn insert_errors_and_panics() {
    let mut d: StackDeque<u8, 2> = StackDeque::from([1, 2]);
    assert_eq!(d.try_insert(0, 7).unwrap_err().element(), 7);
    assert_eq!(
        expect_panic(|| d.try_insert(3, 7)),
        "StackDeque::try_insert: index 3 out of bounds (len 2)"
    );
    d.pop_back();
    assert_eq!(
        expect_panic(|| d.insert(2, 7)),
        "StackDeque::insert: index 2 out of bounds (len 1)"
    );
    assert_eq!(d.remove(1), None);
    assert_eq!(d, [1]);
}

#[test]
fn swap_and_swap_remove_match_vec_deque() {
    for head in 0..4 {
        for index in 0..5 {
            let mut d: StackDeque<u32, 4> = at_head(head, 0..4);
            let mut m = model(4);
            assert_eq!(d.swap_remove_front(index), m.swap_remove_front(index));
            assert!(d.iter().eq(m.iter()));
            let mut d: StackDeque<u32, 4> = at_head(head, 0..4);
            let mut m = model(4);
            assert_eq!(d.swap_remove_back(index), m.swap_remove_back(index));
            assert!(d.iter().eq(m.iter()));
            if index < 4 {
                d.swap(0, index.min(d.len() - 1));
                m.swap(0, index.min(m.len() - 1));
                assert!(d.iter().eq(m.iter()));
            }
        }
    }
}

#[test]
fn truncate_and_clear_drop_exactly_once() {
    for head in 0..6 {
        let mut d: D<6> = counted_at(head, 5);
        let before = drops();
        d.truncate(10);
        assert_eq!(d.len(), 5);
        d.truncate(2);
        assert_eq!(drops() - before, 3);
        assert_eq!(vals(&d), [0, 1]);
        d.clear();
        assert_eq!(drops() - before, 5);
        assert_eq!(d.core.head(), 0, "clear moves the front back to slot 0");
        assert_eq!(live(), 0);
    }
}

/// A panicking destructor in either physical piece: the rest of the range is still dropped.
#[test]
fn truncate_with_panicking_drop_drops_the_rest_of_both_pieces() {
    for head in 0..5 {
        for bad in 1..5 {
            let mut d: D<5> = StackDeque::new();
            for _ in 0..head {
                d.push_back(Counted::new(99));
                drop(d.pop_front());
            }
            for i in 0..5 {
                d.push_back(if i == bad {
                    Counted::panicking_drop(i)
                } else {
                    Counted::new(i)
                });
            }
            let msg = expect_panic(|| d.truncate(1));
            assert_eq!(msg, "Counted::drop panics as asked");
            assert_eq!(vals(&d), [0], "head {head}, bad {bad}");
            drop(d);
            assert_eq!(live(), 0, "head {head}, bad {bad}");
        }
    }
}

#[test]
fn drop_with_panicking_element_drops_the_rest() {
    for head in 0..4 {
        let mut d: D<4> = counted_at(head, 0);
        d.push_back(Counted::new(0));
        d.push_back(Counted::panicking_drop(1));
        d.push_back(Counted::new(2));
        d.push_front(Counted::new(3));
        assert_eq!(expect_panic(|| drop(d)), "Counted::drop panics as asked");
        assert_eq!(live(), 0);
    }
}

#[test]
fn retain_keeps_order_and_drops_the_rest() {
    for head in 0..8 {
        let mut d: D<8> = counted_at(head, 8);
        d.retain(|c| c.value % 3 != 0);
        assert_eq!(vals(&d), [1, 2, 4, 5, 7]);
        assert_eq!(live(), 5);
        d.retain_mut(|c| {
            c.value *= 10;
            c.value != 40
        });
        assert_eq!(vals(&d), [10, 20, 50, 70]);
        d.retain(|_| false);
        assert!(d.is_empty());
        assert_eq!(live(), 0);
    }
}

#[test]
fn retain_survives_a_panicking_predicate() {
    for head in 0..8 {
        let mut d: D<8> = counted_at(head, 6);
        let mut seen = 0;
        let msg = expect_panic(|| {
            d.retain(|c| {
                seen += 1;
                assert!(c.value != 3, "predicate panics");
                c.value % 2 == 0
            })
        });
        assert_eq!(msg, "predicate panics");
        assert_eq!(seen, 4);
        // 0 and 2 kept, 1 removed, 3 (the panicking visit) and the unvisited 4, 5 kept.
        assert_eq!(vals(&d), [0, 2, 3, 4, 5]);
        assert_eq!(live(), 5);
    }
}

#[test]
fn retain_survives_a_panicking_drop() {
    for head in 0..8 {
        let mut d: D<8> = counted_at(head, 0);
        d.extend([
            Counted::new(0),
            Counted::panicking_drop(1),
            Counted::new(2),
            Counted::new(3),
        ]);
        let msg = expect_panic(|| d.retain(|c| c.value % 2 == 0));
        assert_eq!(msg, "Counted::drop panics as asked");
        assert_eq!(vals(&d), [0, 2, 3]);
        assert_eq!(live(), 3);
    }
}

#[test]
fn drain_ranges_match_vec_deque_from_every_front_slot() {
    const N: usize = 5;
    for head in 0..N {
        for len in 0..=N as u32 {
            for start in 0..=len as usize {
                for end in start..=len as usize {
                    let mut d: D<N> = counted_at(head, len);
                    let mut m = model(len);
                    let drained: Vec<u32> = d.drain(start..end).map(|c| c.value).collect();
                    let expected: Vec<u32> = m.drain(start..end).collect();
                    assert_eq!(drained, expected);
                    assert_eq!(vals(&d), Vec::from(m), "{head} {len} {start}..{end}");
                    drop(d);
                    // Dropped without being consumed.
                    let mut d: D<N> = counted_at(head, len);
                    drop(d.drain(start..end));
                    let mut m = model(len);
                    m.drain(start..end);
                    assert_eq!(vals(&d), Vec::from(m));
                    drop(d);
                    assert_eq!(live(), 0);
                }
            }
        }
    }
}

#[test]
fn drain_partially_consumed_from_both_ends() {
    let mut d: D<8> = counted_at(6, 7);
    let mut dr = d.drain(1..6);
    assert_eq!(dr.len(), 5);
    assert_eq!(dr.next().map(|c| c.value), Some(1));
    assert_eq!(dr.next_back().map(|c| c.value), Some(5));
    let (a, b) = dr.as_slices();
    let rest: Vec<u32> = a.iter().chain(b).map(|c| c.value).collect();
    assert_eq!(rest, [2, 3, 4]);
    assert_eq!(dr.size_hint(), (3, Some(3)));
    drop(dr);
    assert_eq!(vals(&d), [0, 6]);
    assert_eq!(live(), 2);
    // Range forms.
    let mut d: StackDeque<u8, 8> = StackDeque::from_array([0, 1, 2, 3, 4, 5]);
    assert_eq!(d.drain(..=1).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(d.drain(3..).collect::<Vec<_>>(), [5]);
    let mut all = d.drain(..);
    assert_eq!(all.next_back(), Some(4));
    assert_eq!(all.by_ref().rev().collect::<Vec<_>>(), [3, 2]);
    assert!(all.next().is_none() && all.next_back().is_none());
    drop(all);
    assert!(d.is_empty());
}

#[test]
fn drain_leaked_keeps_the_prefix_only() {
    let mut d: StackDeque<u8, 8> = at_head(5, [0, 1, 2, 3, 4]);
    core::mem::forget(d.drain(1..3));
    assert_eq!(d, [0]);
    d.push_back(9);
    d.push_front(8);
    assert_eq!(d, [8, 0, 9]);
}

#[test]
fn drain_with_panicking_drop_still_closes_the_gap() {
    for head in 0..6 {
        let mut d: D<6> = counted_at(head, 0);
        d.extend([
            Counted::new(0),
            Counted::panicking_drop(1),
            Counted::new(2),
            Counted::new(3),
            Counted::new(4),
        ]);
        let msg = expect_panic(|| drop(d.drain(1..3)));
        assert_eq!(msg, "Counted::drop panics as asked");
        assert_eq!(vals(&d), [0, 3, 4]);
        assert_eq!(live(), 3);
        drop(d);
        // The front part is the shorter one: it moves instead of the tail.
        let mut d: D<6> = counted_at(head, 0);
        d.extend([
            Counted::new(0),
            Counted::new(1),
            Counted::new(2),
            Counted::panicking_drop(3),
            Counted::new(4),
        ]);
        let msg = expect_panic(|| drop(d.drain(2..5)));
        assert_eq!(msg, "Counted::drop panics as asked");
        assert_eq!(vals(&d), [0, 1]);
        drop(d);
        assert_eq!(live(), 0);
    }
}

#[test]
fn drain_panics_on_bad_ranges() {
    let mut d: StackDeque<u8, 8> = StackDeque::from_array([0, 1, 2]);
    assert_eq!(
        expect_panic(|| d.drain(1..4).count()),
        "range end 4 out of range for length 3"
    );
    #[allow(clippy::reversed_empty_ranges)]
    let msg = expect_panic(|| d.drain(2..1).count());
    assert_eq!(msg, "range starts at 2 but ends at 1");
    assert_eq!(d, [0, 1, 2]);
}

/// Two shared views of a drain and its `Debug` coexist (the drain reaches the buffer through raw
/// place projection; a reborrow of the deque would invalidate earlier views under Miri).
#[test]
fn drain_views_coexist() {
    let mut d: StackDeque<u8, 4> = at_head(3, [1, 2, 3, 4]);
    let drain = d.drain(1..3);
    let first = drain.as_slices();
    let second = drain.as_slices();
    assert_eq!(format!("{drain:?}"), "Drain([2, 3], [])");
    assert_eq!(second, first);
    drop(drain);
    assert_eq!(d, [1, 4]);
}

#[test]
fn split_off_and_append() {
    for head in 0..6 {
        let mut d: D<6> = counted_at(head, 5);
        let mut tail = d.split_off(2);
        assert_eq!((vals(&d), vals(&tail)), (vec![0, 1], vec![2, 3, 4]));
        let empty = tail.split_off(3);
        assert!(empty.is_empty());
        assert_eq!(
            expect_panic(|| d.split_off(3).len()),
            "StackDeque::split_off: index 3 out of bounds (len 2)"
        );
        let mut small: D<3> = counted_at(2, 3);
        assert!(d.try_append(&mut tail).is_ok());
        assert!(tail.is_empty());
        assert_eq!(vals(&d), [0, 1, 2, 3, 4]);
        assert_eq!(d.try_append(&mut small).unwrap_err().capacity(), 6);
        assert_eq!((d.len(), small.len()), (5, 3));
        let msg = expect_panic(|| d.append(&mut small));
        assert_eq!(msg, "StackDeque::append: capacity 6 exceeded (8 required)");
        d.truncate(1);
        d.append(&mut small);
        assert_eq!(vals(&d), [0, 0, 1, 2]);
        small.push_front(Counted::new(7));
        assert_eq!(vals(&small), [7]);
        drop((d, small));
        assert_eq!(live(), 0);
    }
}

#[test]
fn resize_family() {
    let mut d: StackDeque<u8, 4> = at_head(3, [1]);
    d.resize(3, 0);
    assert_eq!(d, [1, 0, 0]);
    d.resize(1, 9);
    assert_eq!(d, [1]);
    assert_eq!(d.try_resize(5, 7).unwrap_err().element(), 7);
    assert_eq!(
        expect_panic(|| d.resize(5, 7)),
        "StackDeque::resize: capacity 4 exceeded (5 required)"
    );
    let mut n = 0;
    d.resize_with(4, || {
        n += 1;
        n
    });
    assert_eq!(d, [1, 1, 2, 3]);
    let mut calls = 0;
    assert!(
        d.try_resize_with(5, || {
            calls += 1;
            0
        })
        .is_err()
    );
    assert_eq!(calls, 0);
    assert_eq!(
        expect_panic(|| d.resize_with(6, || 0)),
        "StackDeque::resize_with: capacity 4 exceeded (6 required)"
    );
    d.resize_with(2, || 0);
    assert_eq!(d, [1, 1]);

    // A panicking clone keeps the clones made so far.
    let mut d: D<8> = StackDeque::new();
    let msg = expect_panic(|| d.resize(3, Counted::panicking_clone(5)));
    assert_eq!(msg, "Counted::clone panics as asked");
    assert!(d.is_empty());
    assert_eq!(live(), 0);
}

/// `make_contiguous` through each of its three strategies, with drop counting.
#[test]
fn make_contiguous_every_layout() {
    const N: usize = 7;
    for head in 0..N {
        for len in 0..=N as u32 {
            let mut d: D<N> = counted_at(head, len);
            let slice = d.make_contiguous();
            assert_eq!(
                slice.iter().map(|c| c.value).collect::<Vec<_>>(),
                (0..len).collect::<Vec<_>>()
            );
            let (a, b) = d.as_slices();
            assert_eq!((a.len(), b.len()), (len as usize, 0), "{head} {len}");
            // Still a working deque afterwards.
            if len < N as u32 {
                d.push_front(Counted::new(100));
                assert_eq!(d.front().map(|c| c.value), Some(100));
            }
            drop(d);
            assert_eq!(live(), 0);
        }
    }
    let mut d: StackDeque<u8, 4> = at_head(2, [3, 1, 2]);
    d.make_contiguous().sort_unstable();
    assert_eq!(d, [1, 2, 3]);
}

#[test]
fn rotations_match_vec_deque() {
    const N: usize = 6;
    for head in 0..N {
        for len in 0..=N as u32 {
            for n in 0..=len as usize {
                let mut d: D<N> = counted_at(head, len);
                let mut m = model(len);
                d.rotate_left(n);
                m.rotate_left(n);
                assert_eq!(vals(&d), Vec::from(m.clone()), "left {head} {len} {n}");
                d.rotate_right(n);
                m.rotate_right(n);
                assert_eq!(vals(&d), Vec::from(m), "right {head} {len} {n}");
            }
        }
    }
    assert_eq!(live(), 0);
    let mut d: StackDeque<u8, 4> = StackDeque::from_array([1, 2]);
    assert_eq!(
        expect_panic(|| d.rotate_left(3)),
        "StackDeque::rotate_left: cannot rotate by 3 (len 2)"
    );
    assert_eq!(
        expect_panic(|| d.rotate_right(3)),
        "StackDeque::rotate_right: cannot rotate by 3 (len 2)"
    );
}

#[test]
fn iterators_in_both_directions() {
    let mut d: StackDeque<u32, 6> = at_head(4, 1..=5);
    assert_eq!(d.iter().copied().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert_eq!(d.iter().rev().copied().collect::<Vec<_>>(), [5, 4, 3, 2, 1]);
    assert_eq!(d.iter().sum::<u32>(), 15);
    assert_eq!(d.iter().rfold(0, |acc, x| acc * 10 + x), 54321);
    assert_eq!((d.iter().count(), d.iter().last()), (5, Some(&5)));
    let mut it = d.iter();
    assert_eq!(
        (it.next(), it.next_back(), it.len()),
        (Some(&1), Some(&5), 3)
    );
    assert_eq!(it.clone().collect::<Vec<_>>(), [&2, &3, &4]);
    // Alternate ends across the wrap.
    assert_eq!(it.next_back(), Some(&4));
    assert_eq!(it.next(), Some(&2));
    let (a, b) = it.as_slices();
    assert_eq!(a.len() + b.len(), 1);
    assert!(format!("{it:?}").starts_with("Iter("));
    assert_eq!(it.next(), Some(&3));
    assert_eq!((it.next(), it.next_back()), (None, None));
    assert_eq!(super::Iter::<u8>::default().len(), 0);

    for x in d.iter_mut() {
        *x *= 2;
    }
    assert_eq!(d, [2, 4, 6, 8, 10]);
    let mut it = d.iter_mut();
    *it.next_back().unwrap() += 1;
    *it.next().unwrap() += 1;
    assert_eq!(it.len(), 3);
    assert!(format!("{it:?}").starts_with("IterMut("));
    let (a, b) = it.as_slices();
    assert_eq!(a.len() + b.len(), 3);
    assert_eq!(it.rfold(0, |acc, x| acc + *x), 18);
    assert_eq!(d, [3, 4, 6, 8, 11]);
    assert_eq!(d.iter_mut().count(), 5);
    *d.iter_mut().last().unwrap() = 0;
    assert_eq!(
        d.iter_mut().rev().map(|x| *x).collect::<Vec<_>>(),
        [0, 8, 6, 4, 3]
    );
    let mut it = d.iter_mut();
    it.next();
    let (a, b) = it.into_slices();
    a[0] = 40;
    assert_eq!(a.len() + b.len(), 4);
    assert_eq!(d[1], 40);
    assert_eq!(super::IterMut::<u8>::default().next(), None);
    let mut it = d.iter_mut();
    while it.next_back().is_some() {}
    assert!(it.next().is_none());
}

#[test]
fn ranges() {
    for head in 0..6 {
        let mut d: StackDeque<u32, 6> = at_head(head, 0..6);
        assert_eq!(d.range(1..4).copied().collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(
            d.range(..).rev().copied().collect::<Vec<_>>(),
            [5, 4, 3, 2, 1, 0]
        );
        assert_eq!(d.range(5..).len(), 1);
        assert_eq!(d.range(6..).len(), 0);
        d.range_mut(2..=3).for_each(|x| *x += 10);
        assert_eq!(d, [0, 1, 12, 13, 4, 5]);
        assert_eq!(
            expect_panic(|| d.range(2..7).count()),
            "range end 7 out of range for length 6"
        );
        assert_eq!(
            expect_panic(|| d.range_mut(..9).count()),
            "range end 9 out of range for length 6"
        );
    }
}

#[test]
fn searching() {
    for head in 0..8 {
        let d: StackDeque<u32, 8> = at_head(head, [1, 3, 3, 5, 8, 13]);
        let m: Vec<u32> = d.iter().copied().collect();
        for x in 0..15 {
            match d.binary_search(&x) {
                Ok(i) => assert_eq!(d[i], x),
                Err(i) => assert_eq!(Err(i), m.binary_search(&x)),
            }
            assert_eq!(d.contains(&x), m.contains(&x));
            assert_eq!(d.partition_point(|&y| y < x), m.partition_point(|&y| y < x));
            assert_eq!(
                d.binary_search_by_key(&(x * 2), |&y| y * 2).is_ok(),
                m.contains(&x)
            );
        }
    }
    let empty: StackDeque<u32, 4> = StackDeque::new();
    assert_eq!(empty.binary_search(&1), Err(0));
    assert_eq!(empty.partition_point(|_| true), 0);
}

#[test]
fn into_iter_yields_moves_and_drops_the_rest() {
    let d: D<6> = counted_at(4, 5);
    let mut it = d.into_iter();
    assert_eq!(it.len(), 5);
    assert_eq!(it.next().map(|c| c.value), Some(0));
    assert_eq!(it.next_back().map(|c| c.value), Some(4));
    let (a, b) = it.as_slices();
    assert_eq!(a.len() + b.len(), 3);
    it.as_mut_slices().0[0].value = 10;
    let clone = it.clone();
    assert_eq!(live(), 6);
    assert_eq!(vals(&clone.into_rest()), [10, 2, 3]);
    assert_eq!(format!("{:?}", it.size_hint()), "(3, Some(3))");
    drop(it);
    assert_eq!(live(), 0);
    let it = StackDeque::<u8, 3>::from([1, 2, 3]).into_iter();
    assert_eq!(format!("{it:?}"), "IntoIter([1, 2, 3])");
    assert_eq!(it.count(), 3);
    assert_eq!(super::IntoIter::<u8, 2>::default().next(), None);
}

#[test]
fn into_iter_with_panicking_drop_drops_the_rest() {
    let mut d: D<4> = counted_at(3, 0);
    d.extend([Counted::new(0), Counted::panicking_drop(1), Counted::new(2)]);
    let mut it = d.into_iter();
    drop(it.next());
    assert_eq!(expect_panic(|| drop(it)), "Counted::drop panics as asked");
    assert_eq!(live(), 0);
}

#[test]
fn clone_and_panicking_clone() {
    let d: D<5> = counted_at(3, 4);
    let c = d.clone();
    assert_eq!(vals(&c), [0, 1, 2, 3]);
    let mut target: D<5> = counted_at(1, 2);
    target.clone_from(&d);
    assert_eq!(vals(&target), [0, 1, 2, 3]);
    drop((d, c, target));
    assert_eq!(live(), 0);

    let mut d: D<4> = counted_at(2, 0);
    d.extend([
        Counted::new(0),
        Counted::panicking_clone(1),
        Counted::new(2),
    ]);
    assert_eq!(expect_panic(|| d.clone()), "Counted::clone panics as asked");
    assert_eq!(live(), 3); // the partial clone dropped its one element
}

#[test]
fn comparisons_and_hash() {
    let a: StackDeque<u8, 4> = at_head(3, [1, 2, 3]);
    let b: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3]);
    let c: StackDeque<u8, 4> = StackDeque::from_array([1, 2, 4]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a < c && c >= a);
    let longer: StackDeque<u8, 8> = StackDeque::from_array([1, 2, 3, 0]);
    assert!(a < longer && c > longer);
    assert_eq!(a.cmp(&c), core::cmp::Ordering::Less);
    assert_eq!(a, [1, 2, 3]);
    assert_eq!(a, &[1u8, 2, 3]);
    assert_eq!(a, [1u8, 2, 3][..]);
    assert_eq!(a, &[1u8, 2, 3][..]);
    assert_eq!(a, &mut [1u8, 2, 3][..]);
    assert_eq!([1u8, 2, 3], a);
    assert_eq!([1u8, 2, 3][..], a);
    assert_ne!(a, [1u8, 2]);
    assert_ne!(a, [1u8, 2, 3, 4]);

    let state = RandomState::new();
    let m: VecDeque<u8> = [1, 2, 3].into();
    assert_eq!(
        state.hash_one(&a),
        state.hash_one(&m),
        "hashes like VecDeque"
    );
    assert_eq!(state.hash_one(&a), state.hash_one(&b));
    assert_ne!(state.hash_one(&a), state.hash_one(&c));
}

/// `PartialEq` across every pair of splits of the two sides.
#[test]
fn equality_across_splits() {
    for ha in 0..5 {
        for hb in 0..5 {
            let a: StackDeque<u8, 5> = at_head(ha, [1, 2, 3, 4]);
            let b: StackDeque<u8, 5> = at_head(hb, [1, 2, 3, 4]);
            let c: StackDeque<u8, 5> = at_head(hb, [1, 2, 3, 5]);
            assert_eq!(a, b);
            assert_ne!(a, c);
        }
    }
}

#[cfg(feature = "alloc")]
#[test]
fn alloc_conversions_and_comparisons() {
    let d: StackDeque<String, 2> = StackDeque::try_from(vec![String::from("x")]).unwrap();
    assert_eq!(d, vec!["x"]);
    assert_eq!(vec!["x"], d);
    let vd: VecDeque<&str> = ["x"].into();
    assert_eq!(d, vd);
    assert_eq!(vd, d);
    let err = StackDeque::<i32, 2>::try_from(vec![1, 2, 3]).unwrap_err();
    assert_eq!(err.element(), [1, 2, 3]);
    let err = StackDeque::<i32, 2>::try_from(VecDeque::from([1, 2, 3])).unwrap_err();
    assert_eq!(err.element(), [1, 2, 3]);
    let mut wrapped: StackDeque<String, 3> =
        StackDeque::try_from(VecDeque::from([String::from("b")])).unwrap();
    wrapped.push_front(String::from("a"));
    let back: Vec<String> = wrapped.clone().into();
    assert_eq!(back, ["a", "b"]);
    let back: VecDeque<String> = wrapped.into();
    assert_eq!(back, ["a", "b"]);
}

#[test]
fn stack_vec_conversions() {
    let v: StackVec<u8, 4> = StackVec::from_array([1, 2]);
    let mut d = StackDeque::from(v);
    d.push_front(0);
    assert_eq!(d, [0, 1, 2]);
    let v = StackVec::from(d);
    assert_eq!(v, [0, 1, 2]);
    let d: StackDeque<u8, 3> = StackDeque::from([4, 5, 6]);
    assert!(d.is_full());
}

#[test]
fn extend_and_collect() {
    let d: StackDeque<u32, 8> = (1..=4).collect();
    assert_eq!(d, [1, 2, 3, 4]);
    assert_eq!((&d).into_iter().sum::<u32>(), 10);
    let mut d = d;
    for x in &mut d {
        *x *= 2;
    }
    assert_eq!(d, [2, 4, 6, 8]);
    d.extend(&[10, 12]);
    assert_eq!(d, [2, 4, 6, 8, 10, 12]);
    let msg = expect_panic(|| d.extend(0..5));
    assert_eq!(msg, "StackDeque::extend: capacity 8 exceeded (9 required)");
    assert!(d.is_full());
    let msg = expect_panic(|| d.extend(&[1]));
    assert_eq!(msg, "StackDeque::extend: capacity 8 exceeded (9 required)");
    let msg = expect_panic(|| (0..9).collect::<StackDeque<u32, 8>>());
    assert_eq!(
        msg,
        "StackDeque::from_iter: capacity 8 exceeded (9 required)"
    );

    let mut source = 0..10u32;
    let err = StackDeque::<u32, 3>::try_from_iter(source.by_ref()).unwrap_err();
    assert_eq!(err.element(), 3);
    assert_eq!(source.next(), Some(4));
    let mut d: StackDeque<u32, 3> = StackDeque::new();
    assert!(d.try_extend([1, 2]).is_ok());
    assert_eq!(d.try_extend([3, 4, 5]).unwrap_err().element(), 4);
    assert_eq!(d, [1, 2, 3]);
}

#[test]
fn debug_default_and_error_display() {
    let mut d: StackDeque<&str, 4> = StackDeque::from_array(["b"]);
    d.push_front("a");
    assert_eq!(format!("{d:?}"), r#"["a", "b"]"#);
    let e: StackDeque<u8, 2> = StackDeque::default();
    assert!(e.is_empty());
    let err: CapacityError<u8> = StackDeque::<u8, 0>::new().try_push_back(1).unwrap_err();
    assert_eq!(err.capacity(), 0);
}

#[test]
fn zero_capacity() {
    let mut d: StackDeque<String, 0> = StackDeque::new();
    assert!(d.is_full() && d.is_empty());
    assert_eq!(d.try_push_back("x".into()).unwrap_err().element(), "x");
    assert_eq!(d.try_push_front("y".into()).unwrap_err().element(), "y");
    assert_eq!(d.try_insert(0, "z".into()).unwrap_err().element(), "z");
    assert_eq!(
        (d.pop_front(), d.pop_back(), d.remove(0)),
        (None, None, None)
    );
    assert_eq!(d.drain(..).count(), 0);
    assert_eq!(d.as_slices(), (&[][..], &[][..]));
    assert!(d.make_contiguous().is_empty());
    d.rotate_left(0);
    d.retain(|_| true);
    assert_eq!(d.iter().count(), 0);
    assert!(d.split_off(0).is_empty());
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
    let mut d: StackDeque<Zst, 5> = StackDeque::new();
    assert_eq!(core::mem::size_of_val(&d), 8); // just the front slot and the length
    for _ in 0..3 {
        d.push_back(Zst);
        d.push_front(Zst);
        drop(d.pop_back());
    }
    assert_eq!((d.len(), zst_drops()), (3, 3));
    d.insert(1, Zst);
    d.insert(3, Zst);
    assert!(d.try_push_back(Zst).is_err());
    assert_eq!((d.len(), zst_drops()), (5, 4));
    drop(d.remove(2));
    assert_eq!(d.drain(1..3).count(), 2);
    assert_eq!((d.len(), zst_drops()), (2, 7));
    d.rotate_left(1);
    d.make_contiguous();
    let e = d.clone();
    d.retain(|_| false);
    assert_eq!((d.len(), zst_drops()), (0, 9));
    let mut it = e.into_iter();
    drop(it.next_back());
    drop(it);
    assert_eq!(zst_drops(), 11);
    let u: StackDeque<(), 3> = StackDeque::from([(), (), ()]);
    assert_eq!(u.len(), 3);
}

#[test]
fn over_aligned_elements() {
    #[derive(Clone, Copy, Debug, PartialEq, Default)]
    #[repr(align(64))]
    struct Aligned(u8);
    let mut d: StackDeque<Aligned, 3> = StackDeque::new();
    d.push_back(Aligned(1));
    d.push_front(Aligned(0));
    d.insert(1, Aligned(5));
    for x in &d {
        assert_eq!(core::ptr::from_ref(x).align_offset(64), 0);
    }
    assert_eq!(d, [Aligned(0), Aligned(5), Aligned(1)]);
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_and_overflow() {
    let d: StackDeque<u16, 4> = at_head(3, [1, 2, 3]);
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(json, "[1,2,3]");
    assert_eq!(
        serde_json::from_str::<StackDeque<u16, 4>>(&json).unwrap(),
        d
    );
    let err = serde_json::from_str::<StackDeque<u16, 2>>(&json).unwrap_err();
    assert_eq!(
        format!("{err}"),
        "invalid length 3, expected a sequence of at most 2 elements at line 1 column 7"
    );
    assert!(serde_json::from_str::<StackDeque<u16, 2>>("{}").is_err());
}

#[cfg(feature = "heapless")]
#[test]
fn heapless_round_trip() {
    let mut d: StackDeque<String, 3> = StackDeque::new();
    d.push_back(String::from("b"));
    d.push_front(String::from("a"));
    let h: heapless::Deque<String, 3> = d.into();
    assert_eq!(h.iter().collect::<Vec<_>>(), ["a", "b"]);
    let back: StackDeque<String, 3> = h.into();
    assert_eq!(back, ["a", "b"]);
}

/// For a power-of-two `N` the front is a free-running `u32` counter: start it just below
/// `u32::MAX` and run every kind of edit across its wrap to 0, against `VecDeque`.
#[test]
fn power_of_two_front_counter_runs_through_the_end_of_u32() {
    fn check<const N: usize>() {
        let mut rng = 0x2545_f491_4f6c_dd1d_u64;
        // Fewer steps from each start under Miri, where 40N of them took three minutes (virtual
        // time); every start within 2N of the wrap is still tried.
        let steps = if cfg!(miri) { 6 } else { 40 } * N as u32;
        for behind in 0..=2 * N as u32 {
            let mut d: StackDeque<u32, N> = StackDeque::new();
            d.core.set_raw_head(u32::MAX - behind);
            let mut m = VecDeque::new();
            for step in 0..steps {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let r = (rng >> 32) as usize;
                let len = m.len();
                match r % 10 {
                    0 | 1 if len < N => {
                        d.push_back(step);
                        m.push_back(step);
                    }
                    2 | 3 if len < N => {
                        d.push_front(step);
                        m.push_front(step);
                    }
                    4 => assert_eq!(d.pop_front(), m.pop_front()),
                    5 => assert_eq!(d.pop_back(), m.pop_back()),
                    6 if len < N => {
                        let at = r / 16 % (len + 1);
                        d.insert(at, step);
                        m.insert(at, step);
                    }
                    7 if len > 0 => {
                        let at = r / 16 % len;
                        assert_eq!(d.remove(at), m.remove(at));
                    }
                    8 if len > 0 => {
                        let k = r / 16 % len;
                        d.rotate_left(k);
                        m.rotate_left(k);
                    }
                    9 => {
                        let at = r / 16 % (len + 1);
                        let drained: Vec<u32> = d.drain(at..).collect();
                        assert_eq!(drained, m.drain(at..).collect::<Vec<_>>());
                    }
                    _ => {
                        d.make_contiguous();
                        m.make_contiguous();
                    }
                }
                assert_eq!(d.iter().copied().collect::<Vec<_>>(), Vec::from(m.clone()));
                let (a, b) = d.as_slices();
                assert_eq!([a, b].concat(), Vec::from(m.clone()));
                assert_eq!((d.front(), d.back()), (m.front(), m.back()));
            }
        }
    }
    check::<1>();
    check::<2>();
    check::<4>();
    check::<8>();
}
