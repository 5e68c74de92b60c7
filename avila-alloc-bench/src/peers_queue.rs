//! The FIFO queues under comparison: [`BenchQueue`] for one thread, [`BenchSpsc`] for a
//! producer thread and a consumer thread.
//!
//! | peer | queue | split halves |
//! |---|---|---|
//! | [`AVILA`] | `StackQueue<T, N>` (holds `N`) | `Producer`/`Consumer` from `split` |
//! | [`HEAPLESS`] | `heapless::spsc::Queue<T, N>` (holds `N - 1`) | `Producer`/`Consumer` from `split` |
//! | [`CROSSBEAM`] | `crossbeam_queue::ArrayQueue<T>` of capacity `N` (on the heap, MPMC) | `&ArrayQueue` twice |
//! | [`STD`] | `VecDeque<T>` made with `with_capacity(N)` (one thread only) | — |
//!
//! As for the vectors, every peer is called the way its users write it, with the capacity
//! checked: `push` panics on a full queue (`.unwrap()` where the crate returns a `Result`); the
//! split halves use each crate's fallible enqueue, which the SPSC workload needs to wait on a
//! full queue.

extern crate alloc;

use alloc::collections::VecDeque;

use avila_alloc::StackQueue;
use avila_alloc::collections::queue::{Consumer, Producer};
use crossbeam_queue::ArrayQueue;

use crate::peers::{AVILA, HEAPLESS, STD};
pub use crate::peers_deque::StdDeque;

/// The name under which crossbeam's `ArrayQueue` appears in reports.
pub const CROSSBEAM: &str = "crossbeam";

/// A FIFO queue with a capacity fixed by its type, used from one thread.
pub trait BenchQueue<T> {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// How many values it holds.
    const CAPACITY: usize;

    /// An empty queue.
    fn new() -> Self;
    /// Appends `value` at the back; panics if full.
    fn push(&mut self, value: T);
    /// Removes the front value.
    fn pop(&mut self) -> Option<T>;
    /// The number of values.
    fn len(&self) -> usize;
    /// `true` if there is no value.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A queue that splits into a sending half and a receiving half for two threads.
pub trait BenchSpsc<T: Send> {
    /// The peer's name in reports.
    const PEER: &'static str;
    /// How many values it holds.
    const CAPACITY: usize;
    /// The sending half.
    type Producer<'a>: SpscProducer<T> + Send
    where
        Self: 'a;
    /// The receiving half.
    type Consumer<'a>: SpscConsumer<T>
    where
        Self: 'a;

    /// An empty queue.
    fn new() -> Self;
    /// The two halves, borrowing the queue.
    fn split(&mut self) -> (Self::Producer<'_>, Self::Consumer<'_>);
}

/// The sending half of a [`BenchSpsc`] queue.
pub trait SpscProducer<T> {
    /// Appends `value`, or gives it back if the queue is full.
    ///
    /// # Errors
    ///
    /// `Err(value)` when the queue is full.
    fn try_push(&mut self, value: T) -> Result<(), T>;
}

/// The receiving half of a [`BenchSpsc`] queue.
pub trait SpscConsumer<T> {
    /// Removes the front value, or `None` if the queue is empty.
    fn pop(&mut self) -> Option<T>;
}

impl<T, const N: usize> BenchQueue<T> for StackQueue<T, N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.push(value);
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.pop()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
}

impl<T, const N: usize> BenchQueue<T> for heapless::spsc::Queue<T, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N - 1;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn push(&mut self, value: T) {
        assert!(self.enqueue(value).is_ok(), "heapless queue full");
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.dequeue()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
}

/// crossbeam's queue with its capacity in the type, so it fits the same generic workloads.
#[derive(Debug)]
pub struct CrossbeamQueue<T, const N: usize>(pub ArrayQueue<T>);

impl<T, const N: usize> BenchQueue<T> for CrossbeamQueue<T, N> {
    const PEER: &'static str = CROSSBEAM;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(ArrayQueue::new(N))
    }
    #[inline]
    fn push(&mut self, value: T) {
        assert!(self.0.push(value).is_ok(), "crossbeam queue full");
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<T, const N: usize> BenchQueue<T> for StdDeque<T, N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(VecDeque::with_capacity(N))
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.0.push_back(value);
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.0.pop_front()
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
}

impl<T: Send, const N: usize> BenchSpsc<T> for StackQueue<T, N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;
    type Producer<'a>
        = Producer<'a, T, N>
    where
        Self: 'a;
    type Consumer<'a>
        = Consumer<'a, T, N>
    where
        Self: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn split(&mut self) -> (Self::Producer<'_>, Self::Consumer<'_>) {
        self.split()
    }
}

impl<T, const N: usize> SpscProducer<T> for Producer<'_, T, N> {
    #[inline]
    fn try_push(&mut self, value: T) -> Result<(), T> {
        self.try_enqueue(value)
            .map_err(avila_alloc::CapacityError::element)
    }
}

impl<T, const N: usize> SpscConsumer<T> for Consumer<'_, T, N> {
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.dequeue()
    }
}

impl<T: Send, const N: usize> BenchSpsc<T> for heapless::spsc::Queue<T, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N - 1;
    type Producer<'a>
        = heapless::spsc::Producer<'a, T>
    where
        Self: 'a;
    type Consumer<'a>
        = heapless::spsc::Consumer<'a, T>
    where
        Self: 'a;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn split(&mut self) -> (Self::Producer<'_>, Self::Consumer<'_>) {
        self.split()
    }
}

impl<T> SpscProducer<T> for heapless::spsc::Producer<'_, T> {
    #[inline]
    fn try_push(&mut self, value: T) -> Result<(), T> {
        self.enqueue(value)
    }
}

impl<T> SpscConsumer<T> for heapless::spsc::Consumer<'_, T> {
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.dequeue()
    }
}

impl<T: Send, const N: usize> BenchSpsc<T> for CrossbeamQueue<T, N> {
    const PEER: &'static str = CROSSBEAM;
    const CAPACITY: usize = N;
    type Producer<'a>
        = &'a ArrayQueue<T>
    where
        Self: 'a;
    type Consumer<'a>
        = &'a ArrayQueue<T>
    where
        Self: 'a;

    #[inline]
    fn new() -> Self {
        Self(ArrayQueue::new(N))
    }
    #[inline]
    fn split(&mut self) -> (Self::Producer<'_>, Self::Consumer<'_>) {
        (&self.0, &self.0)
    }
}

impl<T> SpscProducer<T> for &ArrayQueue<T> {
    #[inline]
    fn try_push(&mut self, value: T) -> Result<(), T> {
        self.push(value)
    }
}

impl<T> SpscConsumer<T> for &ArrayQueue<T> {
    #[inline]
    fn pop(&mut self) -> Option<T> {
        ArrayQueue::pop(self)
    }
}
