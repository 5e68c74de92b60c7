// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::hash::BuildHasher;
use std::collections::VecDeque;
use std::collections::hash_map::RandomState;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::StackQueue;
use crate::sync::AtomicMut;
use crate::test_util::{Counted, counted, drops, expect_panic, live};

type Q<const N: usize> = StackQueue<Counted, N>;

fn values<const N: usize>(q: &Q<N>) -> Vec<u32> {
    q.iter().map(|c| c.value).collect()
}

fn contents<T: Copy, const N: usize>(q: &StackQueue<T, N>) -> Vec<T> {
    q.iter().copied().collect()
}

/// A queue whose positions are advanced by `shift` (pushed and popped), then filled with `items`:
/// the contents start anywhere in the ring and may wrap around its end.
fn shifted<const N: usize>(shift: usize, items: &[u32]) -> StackQueue<u32, N> {
    let mut q = StackQueue::new();
    for i in 0..shift {
        q.push(i as u32);
        q.pop();
    }
    for &x in items {
        q.push(x);
    }
    q
}

#[test]
fn new_is_empty_and_const() {
    static EMPTY: StackQueue<u8, 4> = StackQueue::new();
    assert!(EMPTY.is_empty() && !EMPTY.is_full());
    assert_eq!((EMPTY.len(), EMPTY.capacity()), (0, 4));
    assert_eq!(EMPTY.peek(), None);
    assert_eq!(EMPTY.iter().next(), None);
    assert_eq!(StackQueue::<u8, 7>::CAPACITY, 7);
    let d: StackQueue<u8, 3> = StackQueue::default();
    assert!(d.is_empty());
}

#[test]
fn push_pop_fifo_and_full() {
    let mut q: Q<3> = StackQueue::new();
    for i in 0..3 {
        q.push(Counted::new(i));
    }
    assert!(q.is_full());
    assert_eq!(q.len(), 3);
    let err = q.try_push(Counted::new(9)).unwrap_err();
    assert_eq!(err.capacity(), 3);
    assert_eq!(err.element().value, 9);
    assert_eq!(values(&q), [0, 1, 2]);
    assert_eq!(q.pop().map(|c| c.value), Some(0));
    assert!(q.try_push(Counted::new(3)).is_ok());
    assert_eq!(values(&q), [1, 2, 3]);
    drop(q);
    assert_eq!(live(), 0);
}

#[test]
fn every_slot_is_usable_through_many_wraps() {
    // Positions wrap (at 2N, or at the end of `usize` for a power-of-two N, tested below): run
    // them around the ring many times, at every fill level,
    // against a `VecDeque`.
    fn check<const N: usize>() {
        let mut q: StackQueue<u32, N> = StackQueue::new();
        let mut model = VecDeque::new();
        let mut next = 0;
        for round in 0..(4 * N + 3) {
            let fill = round % (N + 1);
            while model.len() < fill {
                q.push(next);
                model.push_back(next);
                next += 1;
            }
            while model.len() > fill {
                assert_eq!(q.pop(), model.pop_front());
            }
            assert_eq!(q.len(), fill);
            assert_eq!(q.is_full(), fill == N);
            if fill == N {
                assert!(q.try_push(0).is_err());
            }
            assert_eq!(contents(&q), Vec::from(model.clone()));
            assert_eq!(q.iter().rev().count(), fill);
            for _ in 0..(round % 3).min(model.len()) {
                assert_eq!(q.pop(), model.pop_front());
            }
        }
        while let Some(x) = model.pop_front() {
            assert_eq!(q.pop(), Some(x));
        }
        assert_eq!(q.pop(), None);
    }
    check::<1>();
    check::<2>();
    check::<3>();
    check::<5>();
    check::<8>();
}

#[test]
fn power_of_two_positions_run_through_the_end_of_usize() {
    // For a power-of-two `N` the positions are free-running counters: start them just below
    // `usize::MAX` and run the queue and its split halves across the wrap to 0, at every fill.
    fn check<const N: usize>() {
        for behind in 0..=2 * N {
            let start = usize::MAX - behind;
            let mut q: StackQueue<u32, N> = StackQueue::new();
            q.head.exclusive(|h| *h = start);
            q.tail.exclusive(|t| *t = start);
            let mut model = VecDeque::new();
            let mut next = 0;
            for round in 0..(3 * N + 2) {
                let fill = round % (N + 1);
                while model.len() < fill {
                    q.push(next);
                    model.push_back(next);
                    next += 1;
                }
                while model.len() > fill {
                    assert_eq!(q.pop(), model.pop_front());
                }
                assert_eq!((q.len(), q.is_full()), (fill, fill == N));
                assert_eq!(contents(&q), Vec::from(model.clone()));
                assert_eq!(q.iter().rev().count(), fill);
            }
            let (mut producer, mut consumer) = q.split();
            for _ in 0..3 * N {
                while producer.try_enqueue(next).is_ok() {
                    model.push_back(next);
                    next += 1;
                }
                assert!(producer.is_full() && consumer.len() == N);
                while let Some(x) = consumer.dequeue() {
                    assert_eq!(Some(x), model.pop_front());
                }
                assert!(consumer.is_empty() && producer.is_empty());
            }
        }
    }
    check::<1>();
    check::<2>();
    check::<4>();
    check::<8>();
}

#[test]
fn push_on_full_panics_naming_capacity() {
    let mut q: StackQueue<u8, 2> = StackQueue::from([1, 2]);
    let msg = expect_panic(|| q.push(3));
    assert_eq!(msg, "StackQueue::push: capacity 2 exceeded (3 required)");
    assert_eq!(contents(&q), [1, 2]);
}

#[test]
fn peek_and_peek_mut() {
    let mut q: StackQueue<u8, 2> = StackQueue::new();
    assert_eq!(q.peek(), None);
    assert_eq!(q.peek_mut(), None);
    q.push(1);
    q.push(2);
    *q.peek_mut().unwrap() += 10;
    assert_eq!(q.peek(), Some(&11));
    assert_eq!(q.pop(), Some(11));
    q.push(3); // wraps
    assert_eq!(q.peek(), Some(&2));
}

#[test]
fn iterators_follow_the_ring_around_its_end() {
    for shift in 0..8 {
        let mut q = shifted::<4>(shift, &[10, 20, 30]);
        assert_eq!(contents(&q), [10, 20, 30], "shift {shift}");
        let mut it = q.iter();
        assert_eq!(it.len(), 3);
        assert_eq!(it.next_back(), Some(&30));
        assert_eq!(it.next(), Some(&10));
        assert_eq!(format!("{it:?}"), "Iter([20])");
        assert_eq!(it.clone().next(), Some(&20));
        assert_eq!(it.next_back(), Some(&20));
        assert_eq!((it.next(), it.next_back()), (None, None));
        // Alternate ends while crossing the wrap.
        let mut it = q.iter();
        assert_eq!(
            (it.next_back(), it.next_back(), it.next()),
            (Some(&30), Some(&20), Some(&10))
        );
        for x in q.iter_mut() {
            *x += 1;
        }
        for x in &mut q {
            *x += 1;
        }
        assert_eq!(contents(&q), [12, 22, 32]);
        let mut it = q.iter_mut();
        assert_eq!(it.size_hint(), (3, Some(3)));
        *it.next_back().unwrap() = 0;
        assert_eq!(format!("{it:?}"), "IterMut([12, 22])");
        *it.next_back().unwrap() = 1;
        *it.next_back().unwrap() = 2;
        assert!(it.next_back().is_none() && it.next().is_none());
        assert_eq!(contents(&q), [2, 1, 0]);
        assert_eq!(
            (&q).into_iter().rev().copied().collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }
}

#[test]
fn into_iter_yields_and_drops_the_rest() {
    for shift in 0..4 {
        let mut q: Q<3> = StackQueue::new();
        for i in 0..shift {
            q.push(Counted::new(i));
            q.pop();
        }
        q.extend(counted(3));
        let mut it = q.into_iter();
        assert_eq!(it.len(), 3);
        assert_eq!(it.next().map(|c| c.value), Some(0));
        assert_eq!(it.next_back().map(|c| c.value), Some(2));
        assert_eq!(format!("{it:?}").matches("value: 1").count(), 1);
        let copy = it.clone();
        assert_eq!(copy.map(|c| c.value).collect::<Vec<_>>(), [1]);
        drop(it);
        assert_eq!(live(), 0);
    }
    let q: StackQueue<u8, 3> = StackQueue::from([1, 2, 3]);
    assert_eq!(q.into_iter().rev().collect::<Vec<_>>(), [3, 2, 1]);
    let empty: StackQueue<u8, 0> = StackQueue::new();
    assert_eq!(empty.into_iter().next_back(), None);
}

#[test]
fn clear_and_drop_drop_exactly_once() {
    let before = drops();
    let mut q: Q<4> = counted(4).collect();
    q.pop();
    q.push(Counted::new(9)); // wraps
    q.clear();
    assert!(q.is_empty());
    assert_eq!(live(), 0);
    assert_eq!(drops() - before, 5);
    q.extend(counted(2));
    drop(q);
    assert_eq!(live(), 0);
    assert_eq!(drops() - before, 7);
}

#[test]
fn clear_with_panicking_drop_drops_the_rest() {
    let mut q: Q<4> = StackQueue::new();
    q.push(Counted::new(0));
    q.pop();
    q.push(Counted::new(1));
    q.push(Counted::panicking_drop(2));
    q.push(Counted::new(3));
    q.push(Counted::new(4)); // wraps
    let msg = expect_panic(|| q.clear());
    assert_eq!(msg, "Counted::drop panics as asked");
    assert!(q.is_empty());
    assert_eq!(live(), 0);
    q.push(Counted::new(5));
    assert_eq!(values(&q), [5]);
}

#[test]
fn drop_with_panicking_element_drops_the_rest() {
    let mut q: Q<3> = StackQueue::new();
    q.push(Counted::panicking_drop(0));
    q.push(Counted::new(1));
    q.push(Counted::new(2));
    assert_eq!(
        expect_panic(move || drop(q)),
        "Counted::drop panics as asked"
    );
    assert_eq!(live(), 0);
}

#[test]
fn into_iter_with_panicking_drop_drops_the_rest() {
    let q: Q<3> = [Counted::new(0), Counted::panicking_drop(1), Counted::new(2)].into();
    let mut it = q.into_iter();
    it.next();
    assert_eq!(
        expect_panic(move || drop(it)),
        "Counted::drop panics as asked"
    );
    assert_eq!(live(), 0);
}

#[test]
fn clone_copies_in_order_and_survives_a_panicking_clone() {
    let mut q: Q<4> = StackQueue::new();
    q.push(Counted::new(7));
    q.pop();
    q.extend(counted(3));
    let copy = q.clone();
    assert_eq!(values(&copy), [0, 1, 2]);
    assert_eq!(copy, q);
    drop(copy);
    q.push(Counted::panicking_clone(3));
    assert_eq!(expect_panic(|| q.clone()), "Counted::clone panics as asked");
    assert_eq!(live(), 4, "the clones made before the panic were dropped");
    drop(q);
    assert_eq!(live(), 0);
}

#[test]
fn extend_collect_and_their_errors() {
    let mut q: StackQueue<u32, 4> = (1..=2).collect();
    q.extend([3u32].iter());
    let mut source = 10..20;
    let err = q.try_extend(source.by_ref()).unwrap_err();
    assert_eq!((err.element(), err.capacity()), (11, 4));
    assert_eq!(source.next(), Some(12));
    assert_eq!(contents(&q), [1, 2, 3, 10]);
    assert!(q.try_extend(core::iter::empty()).is_ok());
    assert_eq!(
        expect_panic(|| q.extend([5])),
        "StackQueue::extend: capacity 4 exceeded (5 required)"
    );
    assert_eq!(
        expect_panic(|| StackQueue::<u8, 2>::from_iter(0..3)),
        "StackQueue::from_iter: capacity 2 exceeded (3 required)"
    );
    assert_eq!(
        StackQueue::<u8, 2>::try_from_iter(0..3)
            .unwrap_err()
            .element(),
        2
    );
    let ok = StackQueue::<u8, 2>::try_from_iter(0..2).unwrap();
    assert_eq!(contents(&ok), [0, 1]);
    let before = live();
    let err = Q::<2>::try_from_iter(counted(5)).unwrap_err();
    assert_eq!(err.element().value, 2);
    assert_eq!(live(), before, "the collected values were dropped");
}

#[test]
fn comparisons_hash_and_debug() {
    let a = shifted::<4>(3, &[1, 2, 3]);
    let b = shifted::<8>(0, &[1, 2, 3]);
    let c = shifted::<4>(1, &[1, 2, 4]);
    assert_eq!(a, b); // capacities and positions differ, contents do not
    assert_ne!(a, c);
    assert_ne!(a, shifted::<4>(0, &[1, 2]));
    assert!(a < c);
    assert!(c > a);
    assert!(a.partial_cmp(&b) == Some(core::cmp::Ordering::Equal));
    assert_eq!(a.cmp(&c), core::cmp::Ordering::Less);
    assert!(shifted::<4>(0, &[1, 2]) < a); // a prefix is smaller
    let state = RandomState::new();
    assert_eq!(
        state.hash_one(&a),
        state.hash_one(shifted::<4>(0, &[1, 2, 3]))
    );
    assert_ne!(state.hash_one(&a), state.hash_one(&c));
    assert_eq!(format!("{a:?}"), "[1, 2, 3]");
    assert_eq!(format!("{:?}", StackQueue::<u8, 2>::new()), "[]");
}

#[test]
fn zero_capacity() {
    let mut q: Q<0> = StackQueue::new();
    assert!(q.is_empty() && q.is_full());
    assert_eq!(q.try_push(Counted::new(1)).unwrap_err().element().value, 1);
    assert!(q.pop().is_none() && q.peek().is_none() && q.iter().next().is_none());
    let (mut producer, mut consumer) = q.split();
    assert!(producer.is_full() && consumer.is_empty());
    assert_eq!(
        producer
            .try_enqueue(Counted::new(2))
            .unwrap_err()
            .element()
            .value,
        2
    );
    assert!(consumer.dequeue().is_none());
    assert_eq!(live(), 0);
    assert_eq!(
        size_of::<StackQueue<u64, 0>>(),
        size_of::<StackQueue<u8, 0>>()
    );
}

/// A zero-sized type that counts its drops in a thread-local counter.
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
    let before = zst_drops();
    let mut q: StackQueue<Zst, 3> = StackQueue::new();
    for _ in 0..10 {
        // Run the positions around the ring several times.
        q.push(Zst);
        q.push(Zst);
        assert!(q.pop().is_some());
        assert!(q.pop().is_some());
    }
    assert_eq!(zst_drops() - before, 20);
    q.extend([Zst, Zst, Zst]);
    assert!(q.is_full());
    assert_eq!(q.iter().count(), 3);
    assert!(q.try_push(Zst).is_err()); // the rejected value is dropped with the error
    {
        let (mut producer, mut consumer) = q.split();
        assert!(producer.try_enqueue(Zst).is_err());
        assert!(consumer.dequeue().is_some());
        producer.enqueue(Zst);
    }
    assert_eq!(zst_drops() - before, 23);
    drop(q);
    assert_eq!(zst_drops() - before, 26);
    assert_eq!(
        size_of::<StackQueue<Zst, 1000>>(),
        size_of::<StackQueue<Zst, 1>>()
    );
}

#[test]
fn over_aligned_elements() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(64))]
    struct Line(u8);
    let mut q: StackQueue<Line, 3> = StackQueue::new();
    for i in 0..7 {
        q.push(Line(i));
        let front = q.peek().unwrap();
        assert_eq!((&raw const *front).addr() % 64, 0);
        if q.len() > 1 {
            q.pop();
        }
    }
    assert_eq!(contents(&q), [Line(6)]);
}

#[test]
fn split_halves_pass_values_and_give_the_queue_back() {
    let mut q: Q<3> = StackQueue::new();
    q.push(Counted::new(0));
    {
        let (mut producer, mut consumer) = q.split();
        assert_eq!((producer.capacity(), consumer.capacity()), (3, 3));
        assert_eq!((producer.len(), consumer.len()), (1, 1));
        assert!(!producer.is_empty() && !consumer.is_empty());
        producer.enqueue(Counted::new(1));
        producer.enqueue(Counted::new(2));
        assert!(producer.is_full());
        assert_eq!(format!("{producer:?}"), "Producer { len: 3, capacity: 3 }");
        assert_eq!(
            producer
                .try_enqueue(Counted::new(3))
                .unwrap_err()
                .element()
                .value,
            3
        );
        assert_eq!(consumer.peek().map(|c| c.value), Some(0));
        assert_eq!(consumer.dequeue().map(|c| c.value), Some(0));
        assert_eq!(format!("{consumer:?}"), "Consumer { len: 2, capacity: 3 }");
        // The producer's cached head says full: it must reload and find the free slot.
        producer.enqueue(Counted::new(4)); // wraps
        assert_eq!(
            expect_panic(|| producer.enqueue(Counted::new(5))),
            "Producer::enqueue: capacity 3 exceeded (4 required)"
        );
        assert_eq!(consumer.dequeue().map(|c| c.value), Some(1));
    }
    assert_eq!(values(&q), [2, 4]);
    {
        let (producer, mut consumer) = q.split();
        assert_eq!(consumer.dequeue().map(|c| c.value), Some(2));
        assert_eq!(consumer.dequeue().map(|c| c.value), Some(4));
        assert!(consumer.is_empty());
        assert!(consumer.peek().is_none());
        assert!(producer.is_empty());
        assert!(consumer.dequeue().is_none());
    }
    assert!(q.is_empty());
    assert_eq!(live(), 0);
}

#[test]
fn consumer_sees_values_enqueued_after_it_cached_an_empty_queue() {
    let mut q: StackQueue<u8, 2> = StackQueue::new();
    let (mut producer, mut consumer) = q.split();
    assert!(consumer.dequeue().is_none()); // caches the empty tail
    assert!(consumer.peek().is_none());
    producer.enqueue(1);
    assert_eq!(consumer.len(), 1);
    assert_eq!(consumer.peek(), Some(&1)); // peek loads the new tail
    assert_eq!(consumer.dequeue(), Some(1)); // so does dequeue
    for i in 0..10 {
        producer.enqueue(i);
        producer.enqueue(i + 1);
        assert_eq!(consumer.dequeue(), Some(i));
        assert_eq!(consumer.dequeue(), Some(i + 1));
    }
}

/// The producer on a second thread, the consumer on this one, with a small ring that is full and
/// empty many times. Miri runs it too, with fewer values: it checks the accesses for data races.
#[test]
fn two_threads_pass_every_value_in_order() {
    let count: u32 = if cfg!(miri) { 200 } else { 200_000 };
    let mut q: StackQueue<Counted, 4> = StackQueue::new();
    let (mut producer, mut consumer) = q.split();
    std::thread::scope(|s| {
        s.spawn(move || {
            for i in 0..count {
                let mut value = Counted::new(i);
                while let Err(err) = producer.try_enqueue(value) {
                    value = err.element();
                    std::thread::yield_now();
                }
            }
            // The values were created on this thread and dropped on the other: this thread's
            // counter is up by `count`.
            assert_eq!(live(), isize::try_from(count).unwrap());
        });
        let mut expected = 0;
        while expected < count {
            match consumer.dequeue() {
                Some(value) => {
                    assert_eq!(value.value, expected);
                    expected += 1;
                }
                None => std::thread::yield_now(),
            }
        }
        assert!(consumer.dequeue().is_none());
    });
    assert!(q.is_empty());
}

#[test]
fn halves_with_a_static_lifetime_move_to_a_thread() {
    // The book's interrupt pattern needs `'static` halves; a leaked box gives them here, and is
    // freed at the end (Miri checks for leaks).
    let queue: *mut StackQueue<String, 2> = std::boxed::Box::into_raw(std::boxed::Box::default());
    // SAFETY: a fresh allocation, borrowed once; it is freed below, after both halves are gone.
    let (mut producer, mut consumer) = unsafe { (*queue).split() };
    let handle = std::thread::spawn(move || producer.try_enqueue("event".to_string()).is_ok());
    assert!(handle.join().unwrap());
    assert_eq!(consumer.dequeue().as_deref(), Some("event"));
    // SAFETY: allocated by `Box::into_raw` above; the producer was dropped with its thread, and
    // the consumer (which has no destructor) is not used again.
    drop(unsafe { std::boxed::Box::from_raw(queue) });
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_and_overflow() {
    let q = shifted::<3>(2, &[1, 2, 3]);
    let json = serde_json::to_string(&q).unwrap();
    assert_eq!(json, "[1,2,3]");
    let back: StackQueue<u32, 3> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, q);
    let err = serde_json::from_str::<StackQueue<u32, 2>>(&json).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid length 3, expected a sequence of at most 2 elements"),
        "{err}"
    );
    assert!(serde_json::from_str::<StackQueue<u32, 2>>("{}").is_err());
}

#[test]
fn strings_move_through_without_leaks() {
    let mut q: StackQueue<String, 2> = StackQueue::new();
    for i in 0..5 {
        q.push(i.to_string());
        if q.is_full() {
            assert_eq!(q.pop().unwrap(), (i - 1).to_string());
        }
    }
    q.push("5".to_string());
    assert_eq!(q.iter().map(String::as_str).collect::<Vec<_>>(), ["4", "5"]);
}
