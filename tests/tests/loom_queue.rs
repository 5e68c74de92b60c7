//! loom model tests of the `StackQueue` SPSC split: every interleaving of a producer thread and a
//! consumer thread, up to `LOOM_MAX_PREEMPTIONS` preemptions, under loom's model of the C++11
//! memory orderings. Under `--cfg loom` the queue takes its atomics and cells from loom (through
//! the crate's `sync` module), so loom sees every access to a position and to a slot, and fails a
//! model on a data race (an access to a slot not ordered after the access before it) or on a
//! value read before it was written.
//!
//! Built and run only by `scripts/loom.sh`:
//!
//! ```text
//! RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 \
//!     cargo test --release -p avila-alloc-tests --test loom_queue --target-dir target/loom
//! ```
#![cfg(loom)]

use avila_alloc::StackQueue;
use avila_alloc::collections::queue::{Consumer, Producer};
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

/// A value that counts its drops in a shared counter. It also holds a loom `Arc`, which loom
/// reports as leaked if the value is never dropped.
#[derive(Debug)]
struct Counted {
    value: usize,
    drops: Arc<AtomicUsize>,
}

impl Counted {
    fn new(value: usize, drops: &Arc<AtomicUsize>) -> Self {
        Self {
            value,
            drops: Arc::clone(drops),
        }
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// A queue on the heap, split into halves that may move to a `'static` loom thread, and freed
/// once both halves are gone (loom has no scoped threads).
struct Shared<const N: usize> {
    queue: *mut StackQueue<Counted, N>,
}

type Halves<const N: usize> = (Producer<'static, Counted, N>, Consumer<'static, Counted, N>);

impl<const N: usize> Shared<N> {
    fn split() -> (Self, Halves<N>) {
        let queue = Box::into_raw(Box::new(StackQueue::new()));
        // SAFETY: `queue` is a fresh allocation, split once; the halves' `'static` is a lie that
        // `free` makes true in the tests: they drop both halves before it frees the queue.
        let halves = unsafe { (*queue).split() };
        (Self { queue }, halves)
    }

    /// Frees the queue, dropping the values it still holds.
    ///
    /// # Safety
    ///
    /// - both halves returned by `split` are gone.
    unsafe fn free(self) {
        // SAFETY: allocated by `Box::into_raw` in `split`; the halves are gone (caller).
        drop(unsafe { Box::from_raw(self.queue) });
    }
}

/// Enqueues `value`, yielding to the other thread while the queue is full.
fn enqueue_waiting<const N: usize>(producer: &mut Producer<'_, Counted, N>, mut value: Counted) {
    loop {
        match producer.try_enqueue(value) {
            Ok(()) => return,
            Err(err) => {
                value = err.element();
                thread::yield_now();
            }
        }
    }
}

/// Dequeues a value, yielding to the other thread while the queue is empty.
fn dequeue_waiting<const N: usize>(consumer: &mut Consumer<'_, Counted, N>) -> Counted {
    loop {
        if let Some(value) = consumer.dequeue() {
            return value;
        }
        thread::yield_now();
    }
}

/// The producer thread sends `count` values through a queue of capacity `N` (so with `count > N`
/// it finds the queue full and waits for the consumer); the consumer receives all of them in
/// order, checking `peek` against `dequeue`. Every value is dropped exactly once.
fn pass_values<const N: usize>(count: usize) {
    loom::model(move || {
        let drops = Arc::new(AtomicUsize::new(0));
        let (shared, (mut producer, mut consumer)) = Shared::<N>::split();
        let producer_drops = Arc::clone(&drops);
        let sender = thread::spawn(move || {
            for i in 0..count {
                enqueue_waiting(&mut producer, Counted::new(i, &producer_drops));
                assert!(producer.len() <= N);
            }
        });
        for i in 0..count {
            let peeked = loop {
                if let Some(value) = consumer.peek() {
                    break value.value;
                }
                thread::yield_now();
            };
            assert_eq!(peeked, i, "peek sees the front value");
            let value = dequeue_waiting(&mut consumer);
            assert_eq!(
                value.value, i,
                "values arrive in order, none lost or duplicated"
            );
            drop(value);
            assert_eq!(drops.load(Ordering::Relaxed), i + 1);
        }
        sender.join().unwrap();
        assert!(consumer.dequeue().is_none(), "nothing more than was sent");
        drop(consumer);
        // SAFETY: the producer moved into the joined thread and was dropped there; the consumer
        // was dropped above.
        unsafe { shared.free() };
        assert_eq!(drops.load(Ordering::Relaxed), count);
    });
}

#[test]
fn values_pass_in_order_through_a_queue_with_room() {
    pass_values::<4>(3);
}

#[test]
fn a_full_queue_makes_the_producer_wait_and_loses_nothing() {
    pass_values::<2>(3);
}

#[test]
fn a_one_slot_queue_alternates_full_and_empty() {
    pass_values::<1>(3);
}

/// The consumer looks at an empty queue while the producer adds one value: it sees either
/// nothing or the whole value, and what `peek` saw, `dequeue` returns.
#[test]
fn the_empty_edge_never_shows_a_half_written_value() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (shared, (mut producer, mut consumer)) = Shared::<1>::split();
        let producer_drops = Arc::clone(&drops);
        let sender = thread::spawn(move || {
            producer.enqueue(Counted::new(7, &producer_drops));
            assert!(producer.is_full() || producer.is_empty());
        });
        let peeked = consumer.peek().map(|value| value.value);
        assert!(peeked.is_none() || peeked == Some(7));
        let len = consumer.len();
        assert!(len <= 1);
        let taken = consumer.dequeue();
        if peeked.is_some() {
            assert_eq!(taken.as_ref().map(|value| value.value), Some(7));
        }
        sender.join().unwrap();
        let taken = taken.or_else(|| consumer.dequeue());
        assert_eq!(taken.map(|value| value.value), Some(7));
        assert!(consumer.is_empty());
        drop(consumer);
        // SAFETY: both halves are gone (the producer with its joined thread).
        unsafe { shared.free() };
        assert_eq!(drops.load(Ordering::Relaxed), 1);
    });
}

/// The producer fills the queue while the consumer takes at most one value; then both halves
/// go, and dropping the queue drops exactly the values left in it.
#[test]
fn dropping_the_queue_drops_what_the_halves_left() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (shared, (mut producer, mut consumer)) = Shared::<2>::split();
        let producer_drops = Arc::clone(&drops);
        let sender = thread::spawn(move || {
            for i in 0..2 {
                producer
                    .try_enqueue(Counted::new(i, &producer_drops))
                    .expect("two values fit into two slots");
            }
            // Full unless the consumer took one meanwhile; a third value fits only then.
            let third = producer.try_enqueue(Counted::new(2, &producer_drops));
            if let Err(err) = third {
                assert_eq!(err.element().value, 2, "the rejected value comes back");
            }
        });
        let taken = consumer.dequeue().map(|value| value.value);
        assert!(taken.is_none() || taken == Some(0));
        sender.join().unwrap();
        drop(consumer);
        // SAFETY: both halves are gone.
        unsafe { shared.free() };
        // Three values were made (the third dropped in the error, or left in the queue).
        assert_eq!(drops.load(Ordering::Relaxed), 3);
    });
}
