//! [`Producer`] and [`Consumer`]: the two halves of a split [`StackQueue`], a lock-free and
//! wait-free single-producer/single-consumer queue.
//!
//! # Why it is correct
//!
//! The producer is the only writer of `tail` and of the free slots; the consumer is the only
//! writer of `head` and the only reader of the occupied slots. Each side keeps its own position
//! in the handle (it never needs to load it) and a **cached copy of the other side's position**,
//! which it refreshes only when the copy says the queue is full (producer) or empty (consumer).
//! The cache is always a position the other side has already passed, so the queue looks at most
//! as full (or as empty) as it really is: a stale copy can only make the side reload, never make
//! it touch a slot it does not own. It saves the load of the other side's cache line, which that
//! side keeps writing, on all but the operations that find the queue full or empty.
//!
//! The orderings, each a pair:
//!
//! 1. **Publishing a value.** The producer writes the slot, then stores the new `tail` with
//!    `Release`. The consumer loads `tail` with `Acquire` before it reads the slot. When the load
//!    sees the store, the slot write happens-before the read: the consumer sees the whole value,
//!    and the two accesses never race.
//! 2. **Freeing a slot.** The consumer reads the value out, then stores the new `head` with
//!    `Release`. The producer loads `head` with `Acquire` before it writes into a slot it
//!    learned is free. The read happens-before the overwrite: the producer never writes a slot
//!    the consumer is still reading.
//!
//! Nothing else is needed: each position has a single writer, so no read-modify-write (and no
//! compare-and-swap) is used, and each operation is a bounded number of steps (wait-free). An
//! interrupt handler that preempts the main code on a single core is the same situation as a
//! second thread: the atomics keep the compiler from reordering the slot access across the
//! position update, and on a single core the hardware does not reorder them as seen by the
//! interrupted code.
//!
//! `scripts/loom.sh` checks this under every interleaving with up to `LOOM_MAX_PREEMPTIONS`
//! preemptions, and fails if either `Release` store is weakened to `Relaxed`.

use core::fmt;

use super::StackQueue;
use crate::error::{CapacityError, capacity_overflow};
use crate::sync::Ordering::{Acquire, Relaxed, Release};

/// The sending half of a split [`StackQueue`]: enqueues at the back.
///
/// Created by [`StackQueue::split`]. There is exactly one producer per split, so it needs no
/// lock: [`try_enqueue`](Self::try_enqueue) is a few loads, one store into the slot and one atomic
/// store of the new position.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<u8, 2> = StackQueue::new();
/// let (mut producer, mut consumer) = q.split();
/// producer.enqueue(1);
/// producer.enqueue(2);
/// assert!(producer.is_full());
/// assert_eq!(producer.try_enqueue(3).unwrap_err().element(), 3); // nothing lost
/// assert_eq!(consumer.dequeue(), Some(1));
/// assert!(producer.try_enqueue(3).is_ok());
/// ```
pub struct Producer<'a, T, const N: usize> {
    queue: &'a StackQueue<T, N>,
    /// The queue's `tail`: only this half writes it, so this copy is always current.
    tail: usize,
    /// The consumer's `head` as last loaded: the consumer may be past it, never behind.
    head: usize,
}

/// The receiving half of a split [`StackQueue`]: dequeues at the front.
///
/// Created by [`StackQueue::split`]. There is exactly one consumer per split, so it needs no
/// lock: [`dequeue`](Self::dequeue) is a few loads, one read of the slot and one atomic store of
/// the new position.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackQueue;
///
/// let mut q: StackQueue<&str, 4> = StackQueue::new();
/// let (mut producer, mut consumer) = q.split();
/// assert_eq!(consumer.dequeue(), None);
/// producer.enqueue("ping");
/// assert_eq!(consumer.peek(), Some(&"ping"));
/// assert_eq!(consumer.dequeue(), Some("ping"));
/// assert!(consumer.is_empty());
/// ```
pub struct Consumer<'a, T, const N: usize> {
    queue: &'a StackQueue<T, N>,
    /// The queue's `head`: only this half writes it, so this copy is always current.
    head: usize,
    /// The producer's `tail` as last loaded: the producer may be past it, never behind.
    tail: usize,
}

// SAFETY: a `Producer` moves `T` values into the queue, from which the `Consumer`, possibly on
// another thread, takes them: that is sending `T`, so `T: Send` is required, and enough. The
// producer touches only free slots and `tail`, and synchronizes with the consumer through the
// `Acquire`/`Release` pairs of the module docs, so using it from another thread than the
// consumer's is the designed use. It holds no other state tied to a thread.
unsafe impl<T: Send, const N: usize> Send for Producer<'_, T, N> {}

// SAFETY: through `&Producer` only `len`, `is_empty`, `is_full` and `capacity` can be called: they load
// `head` and read the handle's own fields, and never reach a `T`. Sharing them between threads
// is sound for any `T`; enqueuing needs `&mut Producer`, which sharing excludes.
unsafe impl<T, const N: usize> Sync for Producer<'_, T, N> {}

// SAFETY: a `Consumer` receives the `T` values the producer sent, possibly from another thread,
// and drops or returns them on its own thread: `T: Send` is required, and enough (see the
// `Producer` impl for the synchronization).
unsafe impl<T: Send, const N: usize> Send for Consumer<'_, T, N> {}

// SAFETY: through `&Consumer` only `peek`, `len`, `is_empty` and `capacity` can be called; `peek`
// hands out `&T`, so sharing the consumer shares `&T` between threads, which needs `T: Sync`.
// Nothing else is reached, and the value behind the `&T` stays in place: taking it needs `&mut
// Consumer`, and the producer never writes an occupied slot.
unsafe impl<T: Sync, const N: usize> Sync for Consumer<'_, T, N> {}

impl<'a, T, const N: usize> Producer<'a, T, N> {
    #[inline]
    pub(super) fn new(queue: &'a StackQueue<T, N>, head: usize, tail: usize) -> Self {
        Self { queue, tail, head }
    }

    /// Appends `value` at the back of the queue.
    ///
    /// O(1), wait-free.
    ///
    /// # Panics
    ///
    /// Panics if the queue is full. Use [`try_enqueue`](Self::try_enqueue) to get the value
    /// back instead (an interrupt handler usually should).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 1> = StackQueue::new();
    /// let (mut producer, mut consumer) = q.split();
    /// producer.enqueue(9);
    /// assert_eq!(consumer.dequeue(), Some(9));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn enqueue(&mut self, value: T) {
        if self.try_enqueue(value).is_err() {
            capacity_overflow("Producer::enqueue", N, N + 1);
        }
    }

    /// Appends `value` at the back of the queue, or returns it inside the error if the queue is
    /// full.
    ///
    /// O(1), wait-free: a full queue is reported at once, never waited on.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` when the queue holds `N` values.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<String, 1> = StackQueue::new();
    /// let (mut producer, _consumer) = q.split();
    /// producer.try_enqueue("a".to_string()).unwrap();
    /// let err = producer.try_enqueue("b".to_string()).unwrap_err();
    /// assert_eq!(err.element(), "b");
    /// ```
    #[inline(always)]
    pub fn try_enqueue(&mut self, value: T) -> Result<(), CapacityError<T>> {
        let tail = self.tail;
        if StackQueue::<T, N>::full(self.head, tail) {
            // Full as far as the cached `head` says: load the real one. `Acquire` pairs with the
            // consumer's `Release` store of `head`, so its reads of the slots it freed
            // happen-before our writes into them.
            self.head = self.queue.head.load(Acquire);
            if StackQueue::<T, N>::full(self.head, tail) {
                return Err(CapacityError::new(value, N));
            }
        }
        // SAFETY: fewer than `N` values counted from a `head` the consumer has passed: the slot
        // at `tail` is free, and the consumer's last read of it happened-before (`Acquire`
        // above, now or when `self.head` was loaded). This is the only producer.
        unsafe { self.queue.write(tail, value) };
        let next = StackQueue::<T, N>::next(tail);
        // `Release`: the slot write above happens-before any `Acquire` load that sees `next`.
        self.queue.tail.store(next, Release);
        self.tail = next;
        Ok(())
    }

    /// The number of values in the queue, as far as the producer can tell: the consumer may
    /// have taken some since, so it is an upper bound.
    ///
    /// O(1).
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        // `Relaxed`: a count, not a permission to touch a slot (`try_enqueue` loads again).
        StackQueue::<T, N>::distance(self.queue.head.load(Relaxed), self.tail)
    }

    /// `true` if the queue holds no value as far as the producer can tell: the consumer may
    /// have taken the last one even when this says `false`.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `true` if the queue holds `N` values as far as the producer can tell: a
    /// [`try_enqueue`](Self::try_enqueue) right now could fail. The consumer may free a slot at
    /// any time, so `false` stays `false` but `true` may turn into `false`.
    #[inline]
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.len() == N
    }

    /// The capacity `N`.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }
}

impl<'a, T, const N: usize> Consumer<'a, T, N> {
    #[inline]
    pub(super) fn new(queue: &'a StackQueue<T, N>, head: usize, tail: usize) -> Self {
        Self { queue, head, tail }
    }

    /// Removes and returns the front value, or `None` if the queue is empty.
    ///
    /// O(1), wait-free.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// let (mut producer, mut consumer) = q.split();
    /// producer.enqueue(1);
    /// producer.enqueue(2);
    /// assert_eq!(consumer.dequeue(), Some(1));
    /// assert_eq!(consumer.dequeue(), Some(2));
    /// assert_eq!(consumer.dequeue(), None);
    /// ```
    #[inline(always)]
    pub fn dequeue(&mut self) -> Option<T> {
        let head = self.head;
        if head == self.tail {
            // Empty as far as the cached `tail` says: load the real one. `Acquire` pairs with
            // the producer's `Release` store of `tail`, so its writes of the slots it filled
            // happen-before our reads of them.
            self.tail = self.queue.tail.load(Acquire);
            if head == self.tail {
                return None;
            }
        }
        // SAFETY: `head` is before a `tail` the producer published: the slot holds a value whose
        // write happened-before (`Acquire` above, now or when `self.tail` was loaded). This is
        // the only consumer, and it advances past the slot right below.
        let value = unsafe { self.queue.read(head) };
        let next = StackQueue::<T, N>::next(head);
        // `Release`: the read above happens-before the producer's next write into this slot.
        self.queue.head.store(next, Release);
        self.head = next;
        Some(value)
    }

    /// A reference to the front value (the next one [`dequeue`](Self::dequeue) returns), or
    /// `None` if the queue is empty.
    ///
    /// O(1). The value stays in place while the reference lives: only this consumer could take
    /// it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackQueue;
    ///
    /// let mut q: StackQueue<u8, 4> = StackQueue::new();
    /// let (mut producer, consumer) = q.split();
    /// assert_eq!(consumer.peek(), None);
    /// producer.enqueue(5);
    /// assert_eq!(consumer.peek(), Some(&5));
    /// ```
    #[inline]
    #[must_use]
    pub fn peek(&self) -> Option<&T> {
        let head = self.head;
        let tail = if head == self.tail {
            // `Acquire`, as in `dequeue`: the value we may hand out was fully written.
            self.queue.tail.load(Acquire)
        } else {
            self.tail
        };
        if head == tail {
            return None;
        }
        // SAFETY: the slot at `head` holds a published value (as in `dequeue`). It stays there
        // while `&self` lives: removing it needs `&mut self`, and the producer writes free slots
        // only.
        Some(unsafe { &*self.queue.value_ptr(head) })
    }

    /// The number of values in the queue, as far as the consumer can tell: the producer may
    /// have added some since, so it is a lower bound.
    ///
    /// O(1).
    #[inline]
    #[must_use]
    pub fn len(&self) -> usize {
        // `Relaxed`: a count, not a permission to touch a slot (`dequeue` loads again).
        StackQueue::<T, N>::distance(self.head, self.queue.tail.load(Relaxed))
    }

    /// `true` if the queue holds no value as far as the consumer can tell: a
    /// [`dequeue`](Self::dequeue) right now could return `None`. The producer may add a value at
    /// any time, so `false` stays `false` but `true` may turn into `false`.
    #[inline]
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The capacity `N`.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }
}

impl<T, const N: usize> fmt::Debug for Producer<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer")
            .field("len", &self.len())
            .field("capacity", &N)
            .finish()
    }
}

impl<T, const N: usize> fmt::Debug for Consumer<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("len", &self.len())
            .field("capacity", &N)
            .finish()
    }
}
