//! Unit tests of `TypedArena`: chunk policy, drop order and counts, panicking drops and
//! iterators, re-entrant allocation, zero-sized values.

#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::cell::{Cell, RefCell};
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::TypedArena;
use crate::test_util::{Counted, counted, drops, expect_panic, live, values};

/// Values allocated under Miri are slow: fewer there.
const MANY: u32 = if cfg!(miri) { 300 } else { 5000 };

#[test]
fn values_stay_put_across_chunks() {
    let arena = TypedArena::new();
    let refs: Vec<&mut u64> = (0..u64::from(MANY)).map(|i| arena.alloc(i)).collect();
    assert!(arena.capacity() >= MANY as usize);
    for (i, r) in refs.into_iter().enumerate() {
        assert_eq!(*r, i as u64);
        *r += 1;
    }
    assert_eq!(arena.len(), MANY as usize);
    let all = arena.into_vec();
    assert!(all.iter().enumerate().all(|(i, &v)| v == i as u64 + 1));
}

#[test]
fn chunks_double_then_stop() {
    // 1 KiB of u64 is 128 values; 1 MiB is 131072.
    let arena = TypedArena::<u64>::new();
    arena.alloc(0);
    assert_eq!(arena.capacity(), 128);
    arena.alloc_extend(1..128);
    assert_eq!(arena.remaining(), 0);
    arena.alloc(128);
    assert_eq!(arena.capacity(), 128 + 256);
    assert_eq!(arena.remaining(), 255);
    assert_eq!(super::typed::next_after(65_536, 131_072), 131_072);
    assert_eq!(super::typed::next_after(131_072, 131_072), 131_072);
}

#[test]
#[cfg_attr(
    miri,
    ignore = "200,000 values are slow under Miri; the paths are the ones the other tests take"
)]
fn a_large_first_chunk_does_not_make_large_next_chunks() {
    // 1 MiB of u64 is 131072 values: the next chunk is capped there, not 2 * 200,000.
    let arena = TypedArena::<u64>::with_capacity(200_000);
    arena.alloc_extend(0..200_000);
    arena.alloc(0);
    assert_eq!(arena.capacity(), 200_000 + 131_072);
}

#[test]
fn a_large_extend_gets_its_own_chunk_without_runaway_growth() {
    let arena = TypedArena::<u64>::new();
    arena.alloc(0);
    let big = arena.alloc_extend(0..10_000);
    assert_eq!(big.len(), 10_000);
    assert_eq!(arena.capacity(), 128 + 10_000);
    assert_eq!(arena.remaining(), 0);
    // The next chunk follows the policy (256), not 2 * 10,000.
    arena.alloc(1);
    assert_eq!(arena.capacity(), 128 + 10_000 + 256);
}

#[test]
fn extend_without_size_hint_moves_its_values_to_a_new_chunk() {
    let arena = TypedArena::with_capacity(4);
    let a = arena.alloc(String::from("a"));
    // `filter` hides the length: the values fill the chunk, then move on together.
    let rest = arena.alloc_extend((0..10).filter(|_| true).map(|i| i.to_string()));
    assert_eq!(rest.len(), 10);
    assert!(rest.iter().enumerate().all(|(i, s)| *s == i.to_string()));
    a.push('!');
    assert_eq!(arena.len(), 11);
    let all = arena.into_vec();
    assert_eq!(all[0], "a!");
    assert_eq!(
        all[1..],
        (0..10).map(|i| i.to_string()).collect::<Vec<_>>()[..]
    );
}

#[test]
fn empty_extend_is_an_empty_slice() {
    let arena = TypedArena::<String>::new();
    assert!(arena.alloc_extend(core::iter::empty()).is_empty());
    assert!(arena.is_empty());
}

#[test]
fn every_value_drops_once_in_allocation_order() {
    std::thread_local! {
        static ORDER: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }
    struct Logged(u32);
    impl Drop for Logged {
        fn drop(&mut self) {
            ORDER.with(|o| o.borrow_mut().push(self.0));
        }
    }
    let arena = TypedArena::with_capacity(3);
    let n = if cfg!(miri) { 40 } else { 400 };
    for i in 0..n {
        if i % 7 == 0 {
            arena.alloc_extend((i * 10..i * 10 + 5).map(Logged));
        } else {
            arena.alloc(Logged(i * 10));
        }
    }
    let expected: Vec<u32> = (0..n)
        .flat_map(|i| {
            let count = if i % 7 == 0 { 5 } else { 1 };
            i * 10..i * 10 + count
        })
        .collect();
    drop(arena);
    ORDER.with(|o| assert_eq!(*o.borrow(), expected));
}

#[test]
fn counted_values_are_neither_leaked_nor_dropped_twice() {
    let (live0, drops0) = (live(), drops());
    let mut arena = TypedArena::new();
    for c in counted(MANY) {
        arena.alloc(c);
    }
    arena.alloc_extend(counted(10));
    assert_eq!(live() - live0, MANY as isize + 10);
    for c in arena.iter_mut() {
        c.value += 1;
    }
    let all = arena.into_vec();
    assert_eq!(values(&all[..3]), [1, 2, 3]);
    assert_eq!(drops(), drops0);
    drop(all);
    assert_eq!(live(), live0);
    assert_eq!(drops() - drops0, MANY as usize + 10);
}

#[test]
fn a_panicking_drop_still_drops_the_rest() {
    let (live0, drops0) = (live(), drops());
    let arena = TypedArena::with_capacity(2);
    arena.alloc(Counted::new(0));
    arena.alloc(Counted::panicking_drop(1));
    arena.alloc(Counted::new(2)); // a second chunk
    arena.alloc_extend(counted(3));
    let msg = expect_panic(move || drop(arena));
    assert_eq!(msg, "Counted::drop panics as asked");
    assert_eq!(live(), live0);
    assert_eq!(drops() - drops0, 6);
}

#[test]
fn a_panicking_iterator_leaves_its_values_to_the_arena() {
    let (live0, drops0) = (live(), drops());
    let arena = TypedArena::with_capacity(2);
    arena.alloc(Counted::new(100));
    let msg = expect_panic(|| {
        arena.alloc_extend((0..6).map(|i| {
            assert!(i < 5, "the iterator panics");
            Counted::new(i)
        }))
    });
    assert_eq!(msg, "the iterator panics");
    // The five values are in the arena (in the chunk made for all six up front), not leaked.
    assert_eq!(arena.len(), 6);
    assert_eq!(live() - live0, 6);
    // The arena works normally afterwards.
    let more = arena.alloc_extend(counted(3));
    assert_eq!(values(more), [0, 1, 2]);
    let all = arena.into_vec();
    assert_eq!(values(&all), [100, 0, 1, 2, 3, 4, 0, 1, 2]);
    drop(all);
    assert_eq!(live(), live0);
    assert_eq!(drops() - drops0, 9);
}

#[test]
fn allocating_from_inside_an_extend_panics_and_keeps_the_arena_sound() {
    let live0 = live();
    let arena = TypedArena::new();
    let msg = expect_panic(|| {
        arena.alloc_extend((0..3).map(|i| {
            if i == 2 {
                arena.alloc(Counted::new(99));
            }
            Counted::new(i)
        }))
    });
    assert!(msg.contains("inside an alloc_extend iterator"), "{msg}");
    let msg = expect_panic(|| {
        arena.alloc_extend((0..1).map(|i| {
            arena.alloc_extend(counted(i));
            Counted::new(i)
        }))
    });
    assert!(msg.contains("inside an alloc_extend iterator"), "{msg}");
    // The rejected value was dropped by the unwind; the two made before it are in the arena.
    assert_eq!(arena.len(), 2);
    let x = arena.alloc(Counted::new(7));
    assert_eq!(x.value, 7);
    drop(arena);
    assert_eq!(live(), live0);
}

#[test]
fn zero_sized_values() {
    let (live0, drops0) = (live(), drops());
    #[derive(Debug)]
    struct Zst;
    impl Drop for Zst {
        fn drop(&mut self) {
            Counted::new(0); // counts a drop
        }
    }
    let arena = TypedArena::new();
    let n = MANY as usize;
    for _ in 0..n {
        arena.alloc(Zst);
    }
    assert_eq!(arena.alloc_extend((0..n).map(|_| Zst)).len(), n);
    assert_eq!(arena.len(), 2 * n);
    assert_eq!(arena.capacity(), usize::MAX);
    drop(arena);
    assert_eq!(drops() - drops0, 2 * n);
    assert_eq!(live(), live0);
    let units = TypedArena::new();
    units.alloc(());
    assert_eq!(units.into_vec(), [()]);
}

#[test]
fn try_forms() {
    let arena = TypedArena::<u32>::new();
    arena.try_reserve(1000).unwrap();
    assert!(arena.remaining() >= 1000);
    assert_eq!(arena.try_alloc_extend(0..3).unwrap(), [0, 1, 2]);
    let err = TypedArena::<u64>::new()
        .try_reserve(usize::MAX / 4)
        .unwrap_err();
    assert_eq!(err.kind(), crate::AllocErrorKind::InvalidLayout);
}

#[test]
fn cycles_of_references_between_values() {
    struct Node<'a> {
        value: u32,
        next: Cell<Option<&'a Node<'a>>>,
    }
    let arena = TypedArena::with_capacity(2);
    let nodes: Vec<&Node<'_>> = (0..10)
        .map(|value| {
            &*arena.alloc(Node {
                value,
                next: Cell::new(None),
            })
        })
        .collect();
    for (i, n) in nodes.iter().enumerate() {
        n.next.set(Some(nodes[(i + 1) % nodes.len()]));
    }
    let mut at = nodes[0];
    for _ in 0..25 {
        at = at.next.get().unwrap();
    }
    assert_eq!(at.value, 5);
}

#[test]
fn into_vec_of_one_chunk_and_debug() {
    let arena = TypedArena::with_capacity(8);
    arena.alloc_extend(0..3_u8);
    assert_eq!(
        format!("{arena:?}"),
        "TypedArena { len: 3, capacity: 8, .. }"
    );
    let v = arena.into_vec();
    assert_eq!((v.as_slice(), v.capacity()), (&[0, 1, 2][..], 8));
}
