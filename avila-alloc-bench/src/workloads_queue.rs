//! Queue workloads, over `u64` values: one thread pushing and popping ([`BenchQueue`]), and a
//! producer thread passing values to a consumer thread ([`BenchSpsc`]).

use core::hint::{black_box, spin_loop};

use crate::peers_queue::{BenchQueue, BenchSpsc, SpscConsumer, SpscProducer};

/// The capacity (type parameter `N`) of the single-thread workloads' queues. heapless's
/// `spsc::Queue<T, 64>` holds 63 values, the others 64.
pub const CAPACITY: usize = 64;

/// Values a [`churn`] queue holds before and after each run: half of [`CAPACITY`].
pub const CHURN_FILL: usize = CAPACITY / 2;

/// Push/pop pairs per [`churn`] run.
pub const CHURN_OPS: usize = 1024;

/// Values pushed and popped per [`fill_drain`] run: as many as every peer's queue of
/// [`CAPACITY`] holds (heapless's holds one less).
pub const FILL: usize = CAPACITY - 1;

/// Values passed from the producer thread to the consumer thread per [`spsc`] run.
pub const SPSC_ITEMS: u64 = 1 << 20;

/// The capacity (type parameter `N`) of the [`spsc`] workload's queues.
pub const SPSC_CAPACITY: usize = 1024;

/// A queue holding [`CHURN_FILL`] values `0, 1, ...`: the input of [`churn`] (setup, not timed).
#[must_use]
pub fn half_full<Q: BenchQueue<u64>>() -> Q {
    let mut q = Q::new();
    for i in 0..CHURN_FILL as u64 {
        q.push(i);
    }
    q
}

/// [`CHURN_OPS`] times: `push` a value, then `pop` one; the queue keeps its length, and its
/// positions go around the ring 16 times. Returns the sum of the popped values.
#[inline(always)]
pub fn churn<Q: BenchQueue<u64>>(q: &mut Q) -> u64 {
    let n = black_box(CHURN_OPS) as u64;
    let mut sum = 0u64;
    for i in 0..n {
        q.push(i);
        if let Some(x) = q.pop() {
            sum = sum.wrapping_add(x);
        }
    }
    black_box(sum)
}

/// `push` [`FILL`] values into an empty queue, then `pop` until empty; returns the sum.
#[inline(always)]
pub fn fill_drain<Q: BenchQueue<u64>>(q: &mut Q) -> u64 {
    let n = black_box(FILL) as u64;
    for i in 0..n {
        q.push(i);
    }
    let mut sum = 0u64;
    while let Some(x) = q.pop() {
        sum = sum.wrapping_add(x);
    }
    black_box(sum)
}

/// Waits for the other thread: spins briefly, then yields the core (on a machine with fewer free
/// cores than threads, spinning alone would burn the time slice the other thread needs).
#[derive(Debug, Default)]
pub struct Backoff(u32);

impl Backoff {
    /// One wait step.
    #[inline]
    pub fn wait(&mut self) {
        if self.0 < 64 {
            self.0 += 1;
            spin_loop();
        } else {
            std::thread::yield_now();
        }
    }

    /// Progress was made: spin again next time.
    #[inline(always)]
    pub fn reset(&mut self) {
        self.0 = 0;
    }
}

/// Splits `queue` (empty), passes `items` values `0, 1, ...` from a spawned producer thread to
/// this thread, and returns their sum. Each side waits with a [`Backoff`] when the queue is full
/// or empty. The queue is empty again at the end.
#[inline(always)]
pub fn spsc<Q: BenchSpsc<u64>>(queue: &mut Q, items: u64) -> u64 {
    let items = black_box(items);
    let (mut producer, mut consumer) = queue.split();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut backoff = Backoff::default();
            for i in 0..items {
                let mut value = i;
                while let Err(back) = producer.try_push(value) {
                    value = back;
                    backoff.wait();
                }
                backoff.reset();
            }
        });
        let mut backoff = Backoff::default();
        let mut sum = 0u64;
        let mut received = 0;
        while received < items {
            if let Some(x) = consumer.pop() {
                sum = sum.wrapping_add(x);
                received += 1;
                backoff.reset();
            } else {
                backoff.wait();
            }
        }
        black_box(sum)
    })
}
