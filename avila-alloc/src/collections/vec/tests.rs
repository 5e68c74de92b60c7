// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::hash::{BuildHasher, Hash};
use std::collections::hash_map::RandomState;
use std::string::{String, ToString};
use std::vec::Vec;
use std::{format, vec};

use super::StackVec;
use crate::error::CapacityError;
use crate::test_util::{Counted, counted, drops, expect_panic, live, values};

type V<const N: usize> = StackVec<Counted, N>;

fn filled<const N: usize>(n: u32) -> V<N> {
    counted(n).collect()
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackVec<u8, 4> = StackVec::new();
    static FULL: StackVec<u8, 3> = StackVec::from_array([1, 2, 3]);
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!(
        (EMPTY.len(), EMPTY.capacity(), EMPTY.remaining_capacity()),
        (0, 4, 4)
    );
    assert_eq!(FULL.as_slice(), [1, 2, 3]);
    assert!(FULL.is_full());
    assert_eq!(StackVec::<u8, 7>::CAPACITY, 7);
}

#[test]
fn push_pop_and_full() {
    let mut v: V<3> = StackVec::new();
    for i in 0..3 {
        v.push(Counted::new(i));
    }
    assert!(v.is_full());
    let err = v.try_push(Counted::new(9)).unwrap_err();
    assert_eq!(err.capacity(), 3);
    assert_eq!(err.element().value, 9);
    assert_eq!(values(&v), [0, 1, 2]);
    assert_eq!(v.pop().map(|c| c.value), Some(2));
    assert!(v.try_push(Counted::new(3)).is_ok());
    assert_eq!(values(&v), [0, 1, 3]);
    drop(v);
    assert_eq!(live(), 0);
}

#[test]
fn push_on_full_panics_naming_capacity() {
    let mut v: StackVec<u8, 2> = StackVec::from([1, 2]);
    let msg = expect_panic(|| v.push(3));
    assert_eq!(msg, "StackVec::push: capacity 2 exceeded (3 required)");
    assert_eq!(v, [1, 2]);
}

#[test]
fn push_unchecked_fills() {
    let mut v: StackVec<u16, 4> = StackVec::new();
    for i in 0..4 {
        // SAFETY: 4 pushes into capacity 4.
        unsafe { v.push_unchecked(i) };
    }
    assert_eq!(v, [0, 1, 2, 3]);
}

#[test]
fn pop_if() {
    let mut v: StackVec<i32, 4> = StackVec::from_array([1, 2]);
    assert_eq!(v.pop_if(|x| *x == 1), None);
    assert_eq!(
        v.pop_if(|x| {
            *x += 40;
            true
        }),
        Some(42)
    );
    assert_eq!(v, [1]);
    v.clear();
    assert_eq!(v.pop_if(|_| true), None);
}

#[test]
fn insert_and_remove_everywhere_match_vec() {
    for len in 0..=5u32 {
        for index in 0..=len as usize {
            let mut v: StackVec<u32, 6> = (0..len).collect();
            let mut model: Vec<u32> = (0..len).collect();
            v.insert(index, 99);
            model.insert(index, 99);
            assert_eq!(v, *model);
            assert_eq!(v.remove(index), model.remove(index));
            assert_eq!(v, *model);
            if len > 0 {
                let i = index.min(len as usize - 1);
                assert_eq!(v.swap_remove(i), model.swap_remove(i));
                assert_eq!(v, *model);
            }
        }
    }
}

#[test]
fn insert_errors_and_panics() {
    let mut v: StackVec<u8, 2> = StackVec::from([1, 2]);
    assert_eq!(v.try_insert(0, 7).unwrap_err().element(), 7);
    assert_eq!(
        expect_panic(|| v.try_insert(3, 7)),
        "StackVec::try_insert: index 3 out of bounds (len 2)"
    );
    assert_eq!(v, [1, 2]);
    assert_eq!(
        expect_panic(|| v.insert(1, 7)),
        "StackVec::insert: capacity 2 exceeded (3 required)"
    );
    v.pop();
    assert_eq!(
        expect_panic(|| v.insert(2, 7)),
        "StackVec::insert: index 2 out of bounds (len 1)"
    );
    assert_eq!(
        expect_panic(|| v.remove(1)),
        "StackVec::remove: index 1 out of bounds (len 1)"
    );
    assert_eq!(
        expect_panic(|| v.swap_remove(5)),
        "StackVec::swap_remove: index 5 out of bounds (len 1)"
    );
    assert_eq!(v, [1]);
}

#[test]
fn mut_pushes_and_inserts_match_vec() {
    for len in 0..=5u32 {
        let mut v: V<6> = filled(len);
        let mut model: Vec<u32> = (0..len).collect();
        v.push_mut(Counted::new(50)).value += 1;
        model.push(51);
        assert_eq!(values(&v), model, "push_mut at {len}");
        let mut v: V<6> = filled(len);
        v.try_push_mut(Counted::new(50)).unwrap().value += 2;
        assert_eq!(values(&v).last(), Some(&52), "try_push_mut at {len}");
        for index in 0..=len as usize {
            let mut v: V<6> = filled(len);
            let mut model: Vec<u32> = (0..len).collect();
            v.insert_mut(index, Counted::new(60)).value += 1;
            model.insert(index, 61);
            assert_eq!(values(&v), model, "insert_mut {len} {index}");
            let mut v: V<6> = filled(len);
            v.try_insert_mut(index, Counted::new(60)).unwrap().value += 1;
            assert_eq!(values(&v), model, "try_insert_mut {len} {index}");
        }
    }
    assert_eq!(live(), 0);
}

#[test]
fn mut_pushes_on_a_full_vector_give_the_value_back_or_panic() {
    let mut v: V<3> = filled(3);
    let err = v.try_push_mut(Counted::new(7)).unwrap_err();
    assert_eq!((err.capacity(), err.element().value), (3, 7));
    let err = v.try_insert_mut(1, Counted::new(8)).unwrap_err();
    assert_eq!((err.capacity(), err.element().value), (3, 8));
    assert_eq!(values(&v), [0, 1, 2]);
    assert_eq!(live(), 3);
    drop(v);

    let mut v: StackVec<u8, 2> = StackVec::from([1, 2]);
    assert_eq!(
        expect_panic(|| v.push_mut(3)),
        "StackVec::push_mut: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        expect_panic(|| v.insert_mut(1, 3)),
        "StackVec::insert_mut: capacity 2 exceeded (3 required)"
    );
    // A bad index panics in both forms, even when full.
    assert_eq!(
        expect_panic(|| v.try_insert_mut(3, 3)),
        "StackVec::try_insert_mut: index 3 out of bounds (len 2)"
    );
    v.pop();
    assert_eq!(
        expect_panic(|| v.insert_mut(2, 3)),
        "StackVec::insert_mut: index 2 out of bounds (len 1)"
    );
    assert_eq!(v, [1]);
    let mut z: StackVec<u8, 0> = StackVec::new();
    assert_eq!(z.try_push_mut(1).unwrap_err().element(), 1);
    assert_eq!(z.try_insert_mut(0, 2).unwrap_err().element(), 2);
}

/// What taking `take` items from `extract_if(range, pred)` and then dropping the iterator does,
/// written by hand: the items yielded and the vector left.
fn extract_model(
    items: &[u32],
    range: core::ops::Range<usize>,
    take: usize,
    pred: impl Fn(u32) -> bool,
) -> (Vec<u32>, Vec<u32>) {
    let (mut yielded, mut kept) = (Vec::new(), items[..range.start].to_vec());
    let mut i = range.start;
    while i < range.end && yielded.len() < take {
        if pred(items[i]) {
            yielded.push(items[i]);
        } else {
            kept.push(items[i]);
        }
        i += 1;
    }
    kept.extend_from_slice(&items[i..]);
    (yielded, kept)
}

/// Every range of every length, every number of items taken before the drop, with predicates
/// taking none, some and all. Up to 4 items under Miri (420 cases instead of 1,176; the paths are
/// the same), 6 natively.
#[test]
fn extract_if_matches_the_model_for_every_range_and_early_drop() {
    const N: usize = if cfg!(miri) { 4 } else { 6 };
    let preds: [fn(u32) -> bool; 4] = [|_| false, |_| true, |x| x % 2 == 1, |x| x % 3 == 0];
    for len in 0..=N as u32 {
        let items: Vec<u32> = (0..len).collect();
        for start in 0..=len as usize {
            for end in start..=len as usize {
                for pred in preds {
                    for take in 0..=end - start + 1 {
                        let (want_yielded, want_kept) =
                            extract_model(&items, start..end, take, pred);
                        let mut v: V<N> = filled(len);
                        let mut it = v.extract_if(start..end, |c| pred(c.value));
                        let mut yielded = Vec::new();
                        for _ in 0..take {
                            let (_, upper) = it.size_hint();
                            let unvisited = end - start - yielded.len();
                            match it.next() {
                                Some(c) => {
                                    assert!(upper.is_some_and(|u| u >= 1 && u <= unvisited));
                                    yielded.push(c.value);
                                }
                                None => {
                                    assert_eq!(
                                        it.size_hint(),
                                        (0, Some(0)),
                                        "size_hint at the end"
                                    );
                                    assert!(it.next().is_none(), "fused");
                                    break;
                                }
                            }
                        }
                        drop(it);
                        let case = (len, start, end, take);
                        assert_eq!(yielded, want_yielded, "yielded {case:?}");
                        assert_eq!(values(&v), want_kept, "kept {case:?}");
                        drop(v);
                        assert_eq!(live(), 0, "{case:?}");
                    }
                }
            }
        }
    }
}

#[test]
fn extract_if_passes_elements_by_mut_and_reports_its_state() {
    let mut v: StackVec<u32, 8> = StackVec::from_array([1, 2, 3, 4, 5, 6, 7]);
    let mut it = v.extract_if(1..=5, |x| {
        *x *= 10;
        *x % 20 == 0
    });
    assert_eq!(it.size_hint(), (0, Some(5)));
    assert_eq!(it.next(), Some(20));
    assert_eq!(it.size_hint(), (0, Some(4)));
    assert_eq!(
        format!("{it:?}"),
        "ExtractIf { retained: [1], remainder: [3, 4, 5, 6], skipped_tail: [7], .. }"
    );
    assert_eq!(it.next(), Some(40));
    assert_eq!(
        format!("{it:?}"),
        "ExtractIf { retained: [1, 30], remainder: [5, 6], skipped_tail: [7], .. }"
    );
    drop(it);
    // 30 was visited and kept with its new value; 5 and 6 were not visited.
    assert_eq!(v, [1, 30, 5, 6, 7]);
    assert_eq!(v.extract_if(.., |x| *x > 6).collect::<Vec<_>>(), [30, 7]);
    assert_eq!(v, [1, 5, 6]);
    assert_eq!(v.extract_if(..0, |_| true).count(), 0);
    assert_eq!(v.extract_if(2.., |_| true).collect::<Vec<_>>(), [6]);
    assert_eq!(v, [1, 5]);
}

#[test]
fn extract_if_survives_a_panicking_filter() {
    let mut v: V<8> = filled(7);
    let mut seen = Vec::new();
    let msg = expect_panic(|| {
        v.extract_if(1..6, |c| {
            seen.push(c.value);
            assert!(c.value != 4, "filter panics");
            c.value % 2 == 1
        })
        .for_each(drop)
    });
    assert_eq!(msg, "filter panics");
    assert_eq!(seen, [1, 2, 3, 4]);
    // 1 and 3 removed (and dropped), 2 kept, 4 (the panicking visit) and the unvisited 5, 6 kept.
    assert_eq!(values(&v), [0, 2, 4, 5, 6]);
    assert_eq!(live(), 5);
}

#[test]
fn extract_if_survives_a_panicking_drop_of_a_yielded_element() {
    let mut v: V<8> = StackVec::new();
    v.extend([
        Counted::new(0),
        Counted::new(1),
        Counted::panicking_drop(2),
        Counted::new(3),
        Counted::new(4),
        Counted::new(5),
    ]);
    let before = drops();
    // The consumer drops each yielded element; dropping 2 panics, with the iterator mid-way.
    let msg = expect_panic(|| v.extract_if(.., |c| c.value % 2 == 0).for_each(drop));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(drops() - before, 2, "0 and 2 dropped once each");
    // 0 and 2 were removed; 1 kept; 3 to 5 not visited.
    assert_eq!(values(&v), [1, 3, 4, 5]);
    assert_eq!(live(), 4);
    // The vector works normally afterwards.
    let rest: Vec<u32> = v.extract_if(.., |c| c.value > 3).map(|c| c.value).collect();
    assert_eq!(rest, [4, 5]);
    assert_eq!(values(&v), [1, 3]);
    drop(v);
    assert_eq!(live(), 0);
}

#[test]
fn extract_if_leaked_leaves_the_vector_empty() {
    let mut v: StackVec<u8, 8> = StackVec::from_array([0, 1, 2, 3]);
    let mut it = v.extract_if(1..3, |_| true);
    assert_eq!(it.next(), Some(1));
    core::mem::forget(it);
    assert!(v.is_empty());
    v.push(9);
    assert_eq!(v, [9]);
}

#[test]
fn extract_if_panics_on_bad_ranges() {
    let mut v: StackVec<u8, 8> = StackVec::from_array([0, 1, 2]);
    assert_eq!(
        expect_panic(|| v.extract_if(1..4, |_| true).count()),
        "range end 4 out of range for length 3"
    );
    #[allow(clippy::reversed_empty_ranges)]
    let msg = expect_panic(|| v.extract_if(2..1, |_| true).count());
    assert_eq!(msg, "range starts at 2 but ends at 1");
    assert_eq!(v, [0, 1, 2]);
}

#[test]
fn extract_if_on_zero_sized_types() {
    let zst_drops = || ZST_DROPS.with(core::cell::Cell::get);
    let mut v: StackVec<Zst, 8> = StackVec::new();
    v.resize_with(6, || Zst);
    let mut odd = false;
    let taken = v
        .extract_if(1.., |_| {
            odd = !odd;
            odd
        })
        .count();
    assert_eq!((taken, v.len(), zst_drops()), (3, 3, 3));
    drop(v);
    assert_eq!(zst_drops(), 6);
}

#[test]
fn truncate_and_clear_drop_exactly_once() {
    let mut v: V<8> = filled(6);
    let before = drops();
    v.truncate(10);
    assert_eq!(v.len(), 6);
    v.truncate(4);
    assert_eq!(drops() - before, 2);
    assert_eq!(values(&v), [0, 1, 2, 3]);
    v.clear();
    assert_eq!(drops() - before, 6);
    assert_eq!(live(), 0);
}

#[test]
fn truncate_with_panicking_drop_drops_the_rest() {
    let mut v: V<4> = StackVec::new();
    v.push(Counted::new(0));
    v.push(Counted::panicking_drop(1));
    v.push(Counted::new(2));
    let msg = expect_panic(|| v.truncate(1));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(values(&v), [0]);
    drop(v);
    assert_eq!(live(), 0);
}

#[test]
fn retain_keeps_order_and_drops_the_rest() {
    let mut v: V<8> = filled(8);
    v.retain(|c| c.value % 3 != 0);
    assert_eq!(values(&v), [1, 2, 4, 5, 7]);
    assert_eq!(live(), 5);
    v.retain_mut(|c| {
        c.value *= 10;
        c.value != 40
    });
    assert_eq!(values(&v), [10, 20, 50, 70]);
    v.retain(|_| false);
    assert!(v.is_empty());
    assert_eq!(live(), 0);
}

#[test]
fn retain_survives_a_panicking_predicate() {
    let mut v: V<8> = filled(6);
    let mut seen = 0;
    let msg = expect_panic(|| {
        v.retain(|c| {
            seen += 1;
            assert!(c.value != 3, "predicate panics");
            c.value % 2 == 0
        })
    });
    assert_eq!(msg, "predicate panics");
    assert_eq!(seen, 4);
    // 0 and 2 kept, 1 removed, 3 (the panicking visit) and the unvisited 4, 5 kept.
    assert_eq!(values(&v), [0, 2, 3, 4, 5]);
    assert_eq!(live(), 5);
}

#[test]
fn retain_survives_a_panicking_drop() {
    let mut v: V<8> = StackVec::new();
    v.extend([
        Counted::new(0),
        Counted::panicking_drop(1),
        Counted::new(2),
        Counted::new(3),
    ]);
    let msg = expect_panic(|| v.retain(|c| c.value % 2 == 0));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(values(&v), [0, 2, 3]);
    assert_eq!(live(), 3);
}

#[test]
fn dedup_family() {
    let mut v: StackVec<u8, 10> = StackVec::from_array([1, 1, 2, 3, 3, 3, 1, 1]);
    v.dedup();
    assert_eq!(v, [1, 2, 3, 1]);
    let mut v: StackVec<i32, 8> = StackVec::from_array([10, 15, 21, 29, 30]);
    v.dedup_by_key(|x| *x / 10);
    assert_eq!(v, [10, 21, 30]);
    let mut v: StackVec<u8, 4> = StackVec::new();
    v.dedup();
    assert!(v.is_empty());
    v.push(1);
    v.dedup();
    assert_eq!(v, [1]);

    let mut v: V<8> = StackVec::new();
    v.extend([0, 0, 1, 1, 1, 2].map(Counted::new));
    v.dedup_by(|a, b| a.value == b.value);
    assert_eq!(values(&v), [0, 1, 2]);
    assert_eq!(live(), 3);
}

#[test]
fn dedup_by_survives_a_panicking_closure() {
    let mut v: V<8> = StackVec::new();
    v.extend([0, 0, 1, 1, 2, 2].map(Counted::new));
    let mut calls = 0;
    let msg = expect_panic(|| {
        v.dedup_by(|a, b| {
            calls += 1;
            assert!(calls < 4, "closure panics");
            a.value == b.value
        })
    });
    assert_eq!(msg, "closure panics");
    // Visited: the second 0 (removed), 1 (kept), the second 1 (removed); the panic happened on the
    // first 2, which stays with the unvisited rest.
    assert_eq!(values(&v), [0, 1, 2, 2]);
    assert_eq!(live(), 4);
}

#[test]
fn dedup_by_survives_a_panicking_drop() {
    let mut v: V<8> = StackVec::new();
    v.extend([
        Counted::new(0),
        Counted::panicking_drop(0),
        Counted::new(1),
        Counted::new(1),
    ]);
    let msg = expect_panic(|| v.dedup_by(|a, b| a.value == b.value));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(values(&v), [0, 1, 1]);
    assert_eq!(live(), 3);
}

#[test]
fn drain_ranges_match_vec() {
    for len in 0..=5u32 {
        for start in 0..=len as usize {
            for end in start..=len as usize {
                let mut v: StackVec<u32, 5> = (0..len).collect();
                let mut model: Vec<u32> = (0..len).collect();
                let drained: Vec<u32> = v.drain(start..end).collect();
                let expected: Vec<u32> = model.drain(start..end).collect();
                assert_eq!(drained, expected);
                assert_eq!(v, *model);
            }
        }
    }
}

#[test]
fn drain_partially_consumed_from_both_ends() {
    let mut v: V<8> = filled(7);
    let mut d = v.drain(1..6);
    assert_eq!(d.len(), 5);
    assert_eq!(d.next().map(|c| c.value), Some(1));
    assert_eq!(d.next_back().map(|c| c.value), Some(5));
    assert_eq!(values(d.as_slice()), [2, 3, 4]);
    assert_eq!(format!("{:?}", d.size_hint()), "(3, Some(3))");
    drop(d);
    assert_eq!(values(&v), [0, 6]);
    assert_eq!(live(), 2);
    // Range forms.
    let mut v: StackVec<u8, 8> = StackVec::from_array([0, 1, 2, 3, 4, 5]);
    assert_eq!(v.drain(..=1).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(v.drain(3..).collect::<Vec<_>>(), [5]);
    assert_eq!(v.drain(..).rev().collect::<Vec<_>>(), [4, 3, 2]);
    assert!(v.is_empty());
}

#[test]
fn drain_leaked_keeps_the_prefix_only() {
    let mut v: StackVec<u8, 8> = StackVec::from_array([0, 1, 2, 3, 4]);
    core::mem::forget(v.drain(1..3));
    assert_eq!(v, [0]);
    v.push(9);
    assert_eq!(v, [0, 9]);
}

#[test]
fn drain_with_panicking_drop_still_moves_the_tail() {
    let mut v: V<8> = StackVec::new();
    v.extend([
        Counted::new(0),
        Counted::panicking_drop(1),
        Counted::new(2),
        Counted::new(3),
    ]);
    let msg = expect_panic(|| drop(v.drain(1..3)));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(values(&v), [0, 3]);
    assert_eq!(live(), 2);
}

#[test]
fn drain_panics_on_bad_ranges() {
    let mut v: StackVec<u8, 8> = StackVec::from_array([0, 1, 2]);
    assert_eq!(
        expect_panic(|| v.drain(1..4).count()),
        "range end 4 out of range for length 3"
    );
    #[allow(clippy::reversed_empty_ranges)]
    let msg = expect_panic(|| v.drain(2..1).count());
    assert_eq!(msg, "range starts at 2 but ends at 1");
    assert_eq!(
        expect_panic(|| v.drain(..=usize::MAX).count()),
        "range bound overflows usize"
    );
    assert_eq!(v, [0, 1, 2]);
}

#[test]
fn split_off_and_append() {
    let mut v: V<6> = filled(5);
    let mut tail = v.split_off(2);
    assert_eq!((values(&v), values(&tail)), (vec![0, 1], vec![2, 3, 4]));
    let empty = tail.split_off(3);
    assert!(empty.is_empty());
    assert_eq!(
        expect_panic(|| v.split_off(3).len()),
        "StackVec::split_off: index 3 out of bounds (len 2)"
    );

    let mut small: V<3> = filled(3);
    assert!(v.try_append(&mut tail).is_ok());
    assert!(tail.is_empty());
    assert_eq!(values(&v), [0, 1, 2, 3, 4]);
    assert_eq!(v.try_append(&mut small).unwrap_err().capacity(), 6);
    assert_eq!((v.len(), small.len()), (5, 3)); // both unchanged
    let msg = expect_panic(|| v.append(&mut small));
    assert_eq!(msg, "StackVec::append: capacity 6 exceeded (8 required)");
    drop((v, small));
    assert_eq!(live(), 0);
}

#[test]
fn extend_from_slice_is_all_or_nothing() {
    let mut v: StackVec<u8, 4> = StackVec::from_array([1]);
    v.extend_from_slice(&[2, 3]);
    let err = v.try_extend_from_slice(&[4, 5]).unwrap_err();
    assert_eq!((err.capacity(), err.element()), (4, &[4, 5][..])); // the slice comes back
    assert_eq!(v, [1, 2, 3]);
    let msg = expect_panic(|| v.extend_from_slice(&[4, 5]));
    assert_eq!(
        msg,
        "StackVec::extend_from_slice: capacity 4 exceeded (5 required)"
    );
    v.extend_from_slice(&[4]);
    assert!(v.is_full());
    v.extend_from_slice(&[]);
}

#[test]
fn extend_from_slice_with_panicking_clone_keeps_the_clones_made() {
    let source = [
        Counted::new(0),
        Counted::new(1),
        Counted::panicking_clone(2),
        Counted::new(3),
    ];
    let mut v: V<8> = StackVec::new();
    let msg = expect_panic(|| v.extend_from_slice(&source));
    assert_eq!(msg, "Counted::clone panics as asked");
    assert_eq!(values(&v), [0, 1]);
    drop(v);
    assert_eq!(live(), 4); // only the source is left
}

#[test]
fn extend_from_within() {
    let mut v: StackVec<String, 8> = ["a", "b", "c"].map(String::from).into_iter().collect();
    v.extend_from_within(1..);
    assert_eq!(v, ["a", "b", "c", "b", "c"]);
    v.extend_from_within(..=0);
    assert_eq!(v, ["a", "b", "c", "b", "c", "a"]);
    assert!(v.try_extend_from_within(..3).is_err());
    assert_eq!(v.len(), 6);
    let msg = expect_panic(|| v.extend_from_within(..3));
    assert_eq!(
        msg,
        "StackVec::extend_from_within: capacity 8 exceeded (9 required)"
    );
    assert_eq!(
        expect_panic(|| v.extend_from_within(5..7)),
        "range end 7 out of range for length 6"
    );
}

#[test]
fn resize_family() {
    let mut v: V<5> = filled(1);
    v.resize(3, Counted::new(7));
    assert_eq!(values(&v), [0, 7, 7]);
    v.resize(1, Counted::new(8));
    assert_eq!(values(&v), [0]);
    let err = v.try_resize(6, Counted::new(9)).unwrap_err();
    assert_eq!(err.element().value, 9);
    assert_eq!(values(&v), [0]);
    let mut next = 10;
    v.resize_with(4, || {
        next += 1;
        Counted::new(next)
    });
    assert_eq!(values(&v), [0, 11, 12, 13]);
    let mut called = false;
    assert!(
        v.try_resize_with(6, || {
            called = true;
            Counted::new(0)
        })
        .is_err()
    );
    assert!(!called);
    assert_eq!(
        expect_panic(|| v.resize(6, Counted::new(1))),
        "StackVec::resize: capacity 5 exceeded (6 required)"
    );
    v.resize_with(0, || unreachable!());
    assert!(v.is_empty());
    assert_eq!(live(), 0);
}

#[test]
fn spare_capacity_and_set_len() {
    let mut v: StackVec<u32, 4> = StackVec::from_array([1]);
    let spare = v.spare_capacity_mut();
    assert_eq!(spare.len(), 3);
    spare[0].write(2);
    spare[1].write(3);
    // SAFETY: two more elements were initialized.
    unsafe { v.set_len(3) };
    assert_eq!(v, [1, 2, 3]);
    // SAFETY: shrinking over `u32`s, which need no drop.
    unsafe { v.set_len(1) };
    assert_eq!(v, [1]);
    let p = v.as_mut_ptr();
    // SAFETY: slot 1 is inside the buffer; it is initialized before `set_len` covers it.
    unsafe {
        p.add(1).write(5);
        v.set_len(2);
    }
    assert_eq!(v, [1, 5]);
    assert_eq!(v.as_ptr(), v.as_slice().as_ptr());
}

#[test]
fn into_inner_and_into_array() {
    let v: V<3> = filled(3);
    let array = v.into_inner().unwrap();
    assert_eq!(values(&array), [0, 1, 2]);
    drop(array);
    let v: V<3> = filled(2);
    let v = v.into_inner().unwrap_err();
    let pair: [Counted; 2] = v.into_array().unwrap();
    assert_eq!(values(&pair), [0, 1]);
    let v: V<3> = filled(2);
    let v = v.into_array::<3>().unwrap_err();
    assert_eq!(v.len(), 2);
    let full: StackVec<u8, 2> = StackVec::from([1, 2]);
    assert_eq!(<[u8; 2]>::try_from(full), Ok([1, 2]));
    drop(v);
    drop(pair);
    assert_eq!(live(), 0);
}

#[test]
fn into_iter_yields_moves_and_drops_the_rest() {
    let v: V<6> = filled(6);
    let mut it = v.into_iter();
    assert_eq!(it.len(), 6);
    assert_eq!(it.next().map(|c| c.value), Some(0));
    assert_eq!(it.next_back().map(|c| c.value), Some(5));
    assert_eq!(values(it.as_slice()), [1, 2, 3, 4]);
    it.as_mut_slice()[0].value = 10;
    let cloned = it.clone();
    assert_eq!(values(cloned.as_slice()), [10, 2, 3, 4]);
    assert_eq!(cloned.map(|c| c.value).collect::<Vec<_>>(), [10, 2, 3, 4]);
    assert_eq!(live(), 4);
    drop(it);
    assert_eq!(live(), 0);
    let v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    assert_eq!(v.into_iter().rev().collect::<Vec<_>>(), [3, 2, 1]);
    let v: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    assert_eq!(v.into_iter().count(), 3);
    assert_eq!(super::IntoIter::<u8, 2>::default().next(), None);
}

#[test]
fn into_iter_with_panicking_drop_drops_the_rest() {
    let mut v: V<4> = StackVec::new();
    v.extend([Counted::new(0), Counted::panicking_drop(1), Counted::new(2)]);
    let it = v.into_iter();
    assert_eq!(expect_panic(|| drop(it)), "Counted::drop panics as asked");
    assert_eq!(live(), 0);
}

#[test]
fn drop_with_panicking_element_drops_the_rest() {
    let mut v: V<4> = StackVec::new();
    v.extend([Counted::panicking_drop(0), Counted::new(1), Counted::new(2)]);
    assert_eq!(expect_panic(|| drop(v)), "Counted::drop panics as asked");
    assert_eq!(live(), 0);
}

#[test]
fn clone_and_clone_from() {
    let v: V<5> = filled(4);
    let c = v.clone();
    assert_eq!(values(&c), [0, 1, 2, 3]);
    let mut target: V<5> = filled(2);
    target.clone_from(&v);
    assert_eq!(values(&target), [0, 1, 2, 3]);
    let short: V<5> = filled(1);
    target.clone_from(&short);
    assert_eq!(values(&target), [0]);
    drop((v, c, target, short));
    assert_eq!(live(), 0);

    let mut v: V<4> = StackVec::new();
    v.extend([
        Counted::new(0),
        Counted::panicking_clone(1),
        Counted::new(2),
    ]);
    assert_eq!(expect_panic(|| v.clone()), "Counted::clone panics as asked");
    assert_eq!(live(), 3); // the partial clone dropped its one element
}

#[test]
fn comparisons_and_hash_agree_with_slices() {
    let a: StackVec<u8, 4> = StackVec::from_array([1, 2, 3]);
    let b: StackVec<u8, 8> = StackVec::from_array([1, 2, 3]);
    let c: StackVec<u8, 4> = StackVec::from_array([1, 2, 4]);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a < c);
    assert!(c >= a);
    let longer: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 0]);
    assert!(a < longer && c > longer); // ordering across capacities, like slices
    assert_eq!(a.cmp(&c), core::cmp::Ordering::Less);
    assert_eq!(a, [1, 2, 3]);
    assert_eq!(a, &[1u8, 2, 3]);
    assert_eq!(a, [1u8, 2, 3][..]);
    assert_eq!(a, &[1u8, 2, 3][..]);
    assert_eq!(a, &mut [1u8, 2, 3][..]);
    assert_eq!([1u8, 2, 3], a);
    assert_eq!(&[1u8, 2, 3], a);
    assert_eq!([1u8, 2, 3][..], a);
    assert_eq!(&[1u8, 2, 3][..], a);
    assert_eq!(&mut [1u8, 2, 3][..], a);

    let state = RandomState::new();
    assert_eq!(state.hash_one(&a), state.hash_one([1u8, 2, 3].as_slice()));
    assert_eq!(state.hash_one(&a), state.hash_one(vec![1u8, 2, 3]));
    let mut set = std::collections::HashSet::new();
    set.insert(a.clone());
    assert!(set.contains([1u8, 2, 3].as_slice())); // through Borrow<[T]>
    fn hash_of<H: Hash>(state: &RandomState, h: H) -> u64 {
        state.hash_one(h)
    }
    assert_ne!(hash_of(&state, &a), hash_of(&state, &c));
}

#[test]
fn conversions() {
    let v: StackVec<u8, 3> = StackVec::try_from(&[1u8, 2][..]).unwrap();
    assert_eq!(v, [1, 2]);
    assert_eq!(
        StackVec::<u8, 1>::try_from(&[1u8, 2][..])
            .unwrap_err()
            .capacity(),
        1
    );
    assert_eq!(StackVec::<u8, 3>::try_from(&mut [3u8][..]).unwrap(), [3]);
    let v = StackVec::from([1, 2]);
    let r: &[i32] = v.as_ref();
    assert_eq!(r, [1, 2]);
    let mut v = v;
    let m: &mut [i32] = v.as_mut();
    m[0] = 5;
    let b: &[i32] = core::borrow::Borrow::borrow(&v);
    assert_eq!(b, [5, 2]);
    assert_eq!(v[0], 5);
    assert_eq!(v[..1], [5]);
    v[1] = 7;
    assert_eq!(v, [5, 7]);
}

#[cfg(feature = "alloc")]
#[test]
fn alloc_conversions_and_comparisons() {
    let from_vec: StackVec<String, 2> = StackVec::try_from(vec!["x".to_string()]).unwrap();
    assert_eq!(from_vec, ["x"]);
    assert_eq!(from_vec, vec!["x"]);
    assert_eq!(vec!["x"], from_vec);
    assert_ne!(from_vec, vec!["x", "y"]);
    let too_long = vec![1, 2, 3];
    let err = StackVec::<i32, 2>::try_from(too_long).unwrap_err();
    assert_eq!(err.element(), [1, 2, 3]); // the Vec comes back
    let back: Vec<String> = from_vec.into();
    assert_eq!(back, ["x"]);
}

#[test]
fn iterator_traits() {
    let v: StackVec<u32, 8> = (1..=4).collect();
    assert_eq!(v, [1, 2, 3, 4]);
    assert_eq!((&v).into_iter().sum::<u32>(), 10);
    let mut v = v;
    for x in &mut v {
        *x *= 2;
    }
    assert_eq!(v, [2, 4, 6, 8]);
    v.extend(&[10, 12]);
    assert_eq!(v, [2, 4, 6, 8, 10, 12]);
    let msg = expect_panic(|| v.extend(0..5));
    assert_eq!(msg, "StackVec::extend: capacity 8 exceeded (9 required)");
    assert!(v.is_full()); // the two that fit stayed
    let msg = expect_panic(|| (0..9).collect::<StackVec<u32, 8>>());
    assert_eq!(msg, "StackVec::from_iter: capacity 8 exceeded (9 required)");

    let mut source = 0..10u32;
    let err = StackVec::<u32, 3>::try_from_iter(source.by_ref()).unwrap_err();
    assert_eq!(err.element(), 3);
    assert_eq!(source.next(), Some(4));
    let mut v: StackVec<u32, 3> = StackVec::new();
    assert!(v.try_extend([1, 2]).is_ok());
    assert_eq!(v.try_extend([3, 4, 5]).unwrap_err().element(), 4);
    assert_eq!(v, [1, 2, 3]);
}

#[test]
fn debug_default_and_error_display() {
    let v: StackVec<&str, 4> = StackVec::from_array(["a", "b"]);
    assert_eq!(format!("{v:?}"), r#"["a", "b"]"#);
    let d: StackVec<u8, 2> = StackVec::default();
    assert!(d.is_empty());
    let err: CapacityError<u8> = StackVec::<u8, 0>::new().try_push(1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "insufficient capacity: the container holds at most 0"
    );
    assert_eq!(format!("{err:?}"), "CapacityError { capacity: 0, .. }");
    let mut drain_src: StackVec<u8, 4> = StackVec::from_array([1, 2]);
    assert_eq!(format!("{:?}", drain_src.drain(..)), "Drain([1, 2])");
    assert_eq!(
        format!("{:?}", StackVec::<u8, 2>::from([1, 2]).into_iter()),
        "IntoIter([1, 2])"
    );
}

#[test]
fn zero_capacity() {
    let mut v: StackVec<String, 0> = StackVec::new();
    assert!(v.is_full() && v.is_empty());
    assert_eq!(v.try_push("x".into()).unwrap_err().element(), "x");
    assert_eq!(v.pop(), None);
    assert_eq!(v.drain(..).count(), 0);
    assert_eq!(v.into_inner().map(|a: [String; 0]| a.len()), Ok(0));
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
    let mut v: StackVec<Zst, 4> = StackVec::new();
    assert_eq!(core::mem::size_of_val(&v), core::mem::size_of::<u32>()); // just the length
    for _ in 0..4 {
        v.push(Zst);
    }
    assert!(v.try_push(Zst).is_err()); // the rejected value is dropped with the error
    assert_eq!(zst_drops(), 1);
    assert_eq!(
        expect_panic(|| v.insert(1, Zst)),
        "StackVec::insert: capacity 4 exceeded (5 required)"
    );
    assert_eq!((zst_drops(), v.len()), (2, 4));
    drop(v);
    assert_eq!(zst_drops(), 6);
}

#[test]
fn zero_sized_types_operations() {
    let zst_drops = || ZST_DROPS.with(core::cell::Cell::get);
    let mut v: StackVec<Zst, 8> = StackVec::new();
    v.resize(6, Zst); // 5 clones + the value itself
    v.insert(2, Zst);
    assert_eq!((v.len(), zst_drops()), (7, 0));
    drop(v.remove(0));
    assert_eq!((v.len(), zst_drops()), (6, 1));
    assert_eq!(v.drain(1..3).count(), 2);
    assert_eq!((v.len(), zst_drops()), (4, 3));
    let mut keep = false;
    v.retain(|_| {
        keep = !keep;
        keep
    });
    assert_eq!((v.len(), zst_drops()), (2, 5));
    let w = v.clone();
    v.dedup(); // all ZSTs compare equal
    assert_eq!((v.len(), w.len(), zst_drops()), (1, 2, 6));
    let mut it = w.into_iter();
    drop(it.next());
    assert_eq!(zst_drops(), 7);
    drop(it);
    drop(v);
    assert_eq!(zst_drops(), 9); // 7 created by resize/insert + 2 clones, each dropped once
    let u: StackVec<(), 3> = StackVec::from([(), (), ()]);
    assert_eq!(u.into_inner(), Ok([(); 3]));
}

#[test]
fn over_aligned_elements() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(64))]
    struct Aligned(u8);
    let mut v: StackVec<Aligned, 3> = StackVec::new();
    v.push(Aligned(1));
    v.insert(0, Aligned(0));
    assert_eq!(v.as_ptr().align_offset(64), 0);
    assert_eq!(v, [Aligned(0), Aligned(1)]);
}

#[test]
fn macro_forms() {
    let v: StackVec<i32, 4> = crate::stack_vec![1, 2, 3,];
    assert_eq!(v, [1, 2, 3]);
    let v: StackVec<String, 4> = crate::stack_vec![String::from("z"); 2];
    assert_eq!(v, ["z", "z"]);
    let v: StackVec<u8, 4> = crate::stack_vec![];
    assert!(v.is_empty());
    let msg = expect_panic(|| {
        let _: StackVec<u8, 2> = crate::stack_vec![0; 3];
    });
    assert_eq!(msg, "stack_vec!: capacity 2 exceeded (3 required)");
}

#[cfg(feature = "std")]
#[test]
fn io_write_reports_what_fits() {
    use std::io::Write;
    let mut v: StackVec<u8, 5> = StackVec::new();
    assert_eq!(v.write(b"abc").unwrap(), 3);
    assert_eq!(v.write(b"defg").unwrap(), 2);
    assert_eq!(v.write(b"x").unwrap(), 0);
    assert_eq!(
        v.write_all(b"x").unwrap_err().kind(),
        std::io::ErrorKind::WriteZero
    );
    v.flush().unwrap();
    assert_eq!(v, *b"abcde");
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_and_overflow() {
    let v: StackVec<u16, 4> = StackVec::from_array([1, 2, 3]);
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(json, "[1,2,3]");
    assert_eq!(serde_json::from_str::<StackVec<u16, 4>>(&json).unwrap(), v);
    let err = serde_json::from_str::<StackVec<u16, 2>>(&json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid length 3, expected a sequence of at most 2 elements at line 1 column 7"
    );
    assert!(serde_json::from_str::<StackVec<u16, 2>>("{}").is_err());
}

#[cfg(feature = "heapless")]
#[test]
fn heapless_round_trip() {
    let v: StackVec<String, 3> = ["a", "b"].map(String::from).into_iter().collect();
    let h: heapless::Vec<String, 3> = v.into();
    assert_eq!(h, ["a", "b"]);
    let back: StackVec<String, 3> = h.into();
    assert_eq!(back, ["a", "b"]);
}

/// Regression (found by Miri in the model tests): `Drain::as_slice` used to reborrow the vector
/// as `&mut` to reach its buffer, which under Stacked Borrows invalidated every slice returned
/// earlier. Two views, and `Debug` while a view is alive, must coexist, as with `std`'s `Drain`.
#[test]
fn drain_views_coexist() {
    let mut v: StackVec<u8, 8> = StackVec::from_array([1, 2, 3, 4]);
    let drain = v.drain(1..3);
    let first = drain.as_slice();
    let second = drain.as_slice();
    assert_eq!(format!("{drain:?}"), "Drain([2, 3])");
    assert_eq!(second, [2, 3]);
    assert_eq!(first, [2, 3]);
    drop(drain);
    assert_eq!(v, [1, 4]);
}
