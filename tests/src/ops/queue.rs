//! [`QueueOp`] and [`run_queue_ops`]: a `StackQueue<Tracked, 7>` checked against a
//! `VecDeque<u16>` model, directly and through its split halves.

use alloc::collections::VecDeque;
use core::fmt;

use avila_alloc::StackQueue;

use crate::Tracked;
use crate::ops::seq::assert_rejected;
use crate::ops::{RunStats, hash_of};

/// The capacity of the queue under test: small, so the full state is reached often, and not a
/// power of two, so that no index arithmetic can pass by accident as a bit mask.
pub const QUEUE_CAPACITY: usize = 7;

const N: usize = QUEUE_CAPACITY;

type Sut = StackQueue<Tracked, N>;

/// Most steps one [`QueueOp::Split`] runs: two bits each in a `u32`.
const MAX_SPLIT_STEPS: usize = 16;

/// One operation on a `StackQueue<Tracked, 7>`, mirrored on a `VecDeque<u16>` model by
/// [`run_queue_ops`].
///
/// Every field is raw data; the runner maps it into a valid argument for the current length.
/// Panicking methods are only called when they cannot panic (a capacity overflow panic would
/// abort the fuzzer); on a full queue the `try_*` form runs instead and must return the
/// documented error. Values in a generated run of `count` values are `seed, seed + 1, ...`.
#[derive(Debug, Clone, arbitrary::Arbitrary)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub enum QueueOp {
    /// `push(value)` when there is room, else `try_push(value)`, which must fail.
    Push {
        /// The element's value.
        value: u8,
    },
    /// `try_push(value)`: `Ok` when there is room, else `Err` carrying `value`.
    TryPush {
        /// The element's value.
        value: u8,
    },
    /// `pop()`.
    Pop,
    /// `peek()`, then `peek_mut()` adding `bump` to the front element.
    Peek {
        /// Added (wrapping) to the front element.
        bump: u8,
    },
    /// `clear()`.
    Clear,
    /// Adds `bump` to every element, through `iter_mut()` (even `bump`) or `&mut queue` (odd).
    IterMut {
        /// Added (wrapping) to every element.
        bump: u8,
    },
    /// `iter()`: `front % (len + 1)` elements from the front, then the rest from the back, with
    /// `len`, `size_hint` and `Debug` of the partly used iterator checked.
    Iterate {
        /// Raw number of elements taken with `next`.
        front: u8,
    },
    /// `into_iter()`, `front` elements taken from the front and `back` from the back; the rest is
    /// collected back into the queue (`keep`) or dropped with the iterator.
    IntoIter {
        /// Raw number of elements taken with `next`.
        front: u8,
        /// Raw number of elements taken with `next_back`.
        back: u8,
        /// Collect the rest into a new queue instead of dropping it.
        keep: bool,
    },
    /// `Extend<T>` with `count % 10` values when they fit, else `try_extend(iter.by_ref())`,
    /// which must fail with the first value that did not fit and leave the rest in the iterator.
    Extend {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
    },
    /// Builds a new queue of `count % 10` values with `try_from_iter` (`how % 3 == 0`),
    /// `FromIterator` when they fit (1), or `Extend<&T>` into a `StackQueue<u16, 7>` (2);
    /// `replace` swaps it in for the queue under test.
    Collect {
        /// Raw number of values.
        count: u8,
        /// First value.
        seed: u8,
        /// Which constructor.
        how: u8,
        /// Keep the new queue and drop the old one.
        replace: bool,
    },
    /// `clone()`; `replace` swaps the clone in for the original.
    Clone {
        /// Keep the clone and drop the original.
        replace: bool,
    },
    /// Compares with a queue of `count % 9` values starting at `seed` (pushed after `shift %
    /// 8` pushes and pops, so its positions differ): `==`, `cmp`, `partial_cmp`, `Hash` and
    /// `Debug`, all against the model.
    Compare {
        /// Raw number of values of the other queue.
        count: u8,
        /// First value of the other queue.
        seed: u8,
        /// Raw number of push/pop pairs before the other queue is filled.
        shift: u8,
    },
    /// `split()`, then `count % 17` steps on the halves, each chosen by two bits of `steps`:
    /// `enqueue` when there is room, else `try_enqueue` (0); `try_enqueue` (1); `dequeue` (2);
    /// `peek` and the halves' `len`/`is_full`/`is_empty` (3). The halves are dropped and the
    /// queue checked again.
    Split {
        /// Two bits per step.
        steps: u32,
        /// Raw number of steps.
        count: u8,
        /// The first value enqueued.
        seed: u8,
    },
}

/// The `i`-th value of a generated run: `seed + i`.
fn seq(seed: u8, i: usize) -> u16 {
    u16::from(seed).wrapping_add(i as u16)
}

/// The first `count` values of the run starting at `seed`.
fn run(seed: u8, count: usize) -> Vec<u16> {
    (0..count).map(|i| seq(seed, i)).collect()
}

fn values(queue: &Sut) -> Vec<u16> {
    queue.iter().map(|t| t.value).collect()
}

/// The queue under test, its model, and the live-count bookkeeping.
struct QueueRunner {
    q: Sut,
    model: VecDeque<u16>,
    /// `Tracked::live()` before the run.
    baseline: isize,
    stats: RunStats,
}

impl QueueRunner {
    /// Asserts that the number of live `Tracked` is the model's length plus `extra`.
    #[track_caller]
    fn assert_live(&self, extra: usize, op: &dyn fmt::Debug) {
        assert_eq!(
            Tracked::live() - self.baseline,
            (self.model.len() + extra) as isize,
            "live Tracked values after {op:?}: leak or double drop",
        );
    }

    /// Asserts that the queue and the model agree.
    #[track_caller]
    fn check(&self, op: &dyn fmt::Debug) {
        let len = self.model.len();
        assert!(
            values(&self.q).iter().eq(&self.model),
            "contents after {op:?}: {:?} vs {:?}",
            self.q,
            self.model
        );
        assert_eq!(self.q.len(), len, "len after {op:?}");
        assert_eq!(self.q.is_empty(), len == 0, "is_empty after {op:?}");
        assert_eq!(self.q.is_full(), len == N, "is_full after {op:?}");
        assert_eq!(self.q.capacity(), N, "capacity after {op:?}");
        assert_eq!(
            self.q.peek().map(|t| t.value),
            self.model.front().copied(),
            "peek after {op:?}"
        );
        self.assert_live(0, op);
    }

    fn apply(&mut self, op: &QueueOp) {
        let len = self.model.len();
        let room = N - len;
        self.stats.ops += 1;
        if room == 0 {
            self.stats.ops_when_full += 1;
        }
        match *op {
            QueueOp::Push { value } => {
                let value = u16::from(value);
                if room > 0 {
                    self.q.push(Tracked::new(value));
                    self.model.push_back(value);
                } else {
                    let result = self.q.try_push(Tracked::new(value));
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        value,
                        "try_push when full",
                    );
                }
            }
            QueueOp::TryPush { value } => {
                let value = u16::from(value);
                let result = self.q.try_push(Tracked::new(value));
                if room > 0 {
                    assert!(result.is_ok(), "try_push with room");
                    self.model.push_back(value);
                } else {
                    assert_rejected::<N, _, _>(
                        &mut self.stats,
                        result,
                        value,
                        "try_push when full",
                    );
                }
            }
            QueueOp::Pop => {
                let got = self.q.pop().map(|t| t.value);
                assert_eq!(got, self.model.pop_front(), "pop");
            }
            QueueOp::Peek { bump } => {
                let bump = u16::from(bump);
                let front = self.model.front_mut();
                assert_eq!(self.q.peek().map(|t| t.value), front.as_deref().copied());
                match (self.q.peek_mut(), front) {
                    (Some(t), Some(x)) => {
                        t.value = t.value.wrapping_add(bump);
                        *x = x.wrapping_add(bump);
                    }
                    (None, None) => {}
                    _ => panic!("peek_mut disagrees with the model"),
                }
            }
            QueueOp::Clear => {
                self.q.clear();
                self.model.clear();
            }
            QueueOp::IterMut { bump } => {
                let bump = u16::from(bump);
                if bump % 2 == 0 {
                    for t in self.q.iter_mut() {
                        t.value = t.value.wrapping_add(bump);
                    }
                } else {
                    let it = (&mut self.q).into_iter();
                    assert_eq!(it.len(), len, "iter_mut len");
                    for t in it {
                        t.value = t.value.wrapping_add(bump);
                    }
                }
                for x in &mut self.model {
                    *x = x.wrapping_add(bump);
                }
            }
            QueueOp::Iterate { front } => self.iterate(front),
            QueueOp::IntoIter { front, back, keep } => self.consume(op, front, back, keep),
            QueueOp::Extend { count, seed } => self.extend(count, seed),
            QueueOp::Collect {
                count,
                seed,
                how,
                replace,
            } => self.collect(count, seed, how, replace),
            QueueOp::Clone { replace } => {
                let clone = self.q.clone();
                self.assert_live(len, op);
                assert!(values(&clone).iter().eq(&self.model), "clone");
                assert!(clone == self.q, "clone == original");
                if replace {
                    self.q = clone;
                }
            }
            QueueOp::Compare { count, seed, shift } => self.compare(count, seed, shift),
            QueueOp::Split { steps, count, seed } => self.split(op, steps, count, seed),
        }
    }

    fn iterate(&mut self, front: u8) {
        let len = self.model.len();
        let n_front = usize::from(front) % (len + 1);
        let mut it = self.q.iter();
        assert_eq!(it.len(), len, "iter len");
        let mut model_it = self.model.iter();
        for _ in 0..n_front {
            assert_eq!(
                it.next().map(|t| t.value),
                model_it.next().copied(),
                "iter next"
            );
        }
        assert_eq!(it.size_hint(), (len - n_front, Some(len - n_front)));
        let rest: Vec<u16> = model_it.clone().copied().collect();
        assert_eq!(format!("{it:?}"), format!("Iter({rest:?})"), "iter Debug");
        let backwards: Vec<u16> = it.rev().map(|t| t.value).collect();
        let expected: Vec<u16> = model_it.rev().copied().collect();
        assert_eq!(backwards, expected, "iter next_back");
        let by_ref: Vec<u16> = (&self.q).into_iter().map(|t| t.value).collect();
        assert!(
            by_ref.iter().eq(&self.model),
            "IntoIterator for &StackQueue"
        );
    }

    fn consume(&mut self, op: &QueueOp, front: u8, back: u8, keep: bool) {
        let len = self.model.len();
        let n_front = usize::from(front) % (len + 1);
        let n_back = usize::from(back) % (len - n_front + 1);
        let mut it = core::mem::take(&mut self.q).into_iter();
        for _ in 0..n_front {
            let want = self.model.pop_front();
            assert_eq!(it.next().map(|t| t.value), want, "into_iter next");
        }
        for _ in 0..n_back {
            let want = self.model.pop_back();
            assert_eq!(it.next_back().map(|t| t.value), want, "into_iter next_back");
        }
        assert_eq!(it.len(), self.model.len(), "into_iter len");
        self.assert_live(0, op);
        if keep {
            self.q = it.collect();
        } else {
            drop(it);
            self.model.clear();
        }
    }

    fn extend(&mut self, count: u8, seed: u8) {
        let count = usize::from(count) % 10;
        let items = run(seed, count);
        let room = N - self.model.len();
        if count <= room {
            self.q.extend(items.iter().map(|&v| Tracked::new(v)));
            self.model.extend(&items);
            return;
        }
        let mut source = items.iter().map(|&v| Tracked::new(v));
        let result = self.q.try_extend(source.by_ref());
        self.model.extend(&items[..room]);
        assert_rejected::<N, _, _>(&mut self.stats, result, items[room], "try_extend past N");
        let rest: Vec<u16> = source.map(|t| t.value).collect();
        assert_eq!(rest, items[room + 1..], "try_extend leaves the rest");
    }

    fn collect(&mut self, count: u8, seed: u8, how: u8, replace: bool) {
        let count = usize::from(count) % 10;
        let items = run(seed, count);
        let fits = count <= N;
        let new: Sut = match how % 3 {
            0 => match Sut::try_from_iter(items.iter().map(|&v| Tracked::new(v))) {
                Ok(queue) => queue,
                Err(err) => {
                    assert!(!fits, "try_from_iter of {count} values");
                    self.stats.rejected += 1;
                    assert_eq!(err.element().value, items[N], "try_from_iter error");
                    return;
                }
            },
            1 if fits => items.iter().map(|&v| Tracked::new(v)).collect(),
            _ => {
                let mut copies: StackQueue<u16, N> = StackQueue::new();
                if fits {
                    copies.extend(items.iter());
                } else {
                    let err = copies.try_extend(items.iter().copied()).unwrap_err();
                    self.stats.rejected += 1;
                    assert_eq!(err.element(), items[N], "try_extend of copies");
                }
                copies.iter().map(|&v| Tracked::new(v)).collect()
            }
        };
        let kept = count.min(N);
        assert_eq!(
            new.iter().map(|t| t.value).collect::<Vec<_>>(),
            items[..kept],
            "collected values"
        );
        if replace {
            self.q = new;
            self.model = items[..kept].iter().copied().collect();
        }
    }

    fn compare(&mut self, count: u8, seed: u8, shift: u8) {
        let mut other: Sut = StackQueue::new();
        for _ in 0..shift % 8 {
            other.push(Tracked::new(0));
            other.pop();
        }
        let items = run(seed, usize::from(count) % 9);
        let _ = other.try_extend(items.iter().map(|&v| Tracked::new(v)));
        let other_model: VecDeque<u16> = other.iter().map(|t| t.value).collect();
        let q = &self.q;
        let model = &self.model;
        assert_eq!(*q == other, *model == other_model, "==");
        assert_eq!(q.cmp(&other), model.cmp(&other_model), "cmp");
        assert_eq!(
            q.partial_cmp(&other),
            model.partial_cmp(&other_model),
            "partial_cmp"
        );
        let wider: StackQueue<u16, { N + 3 }> = model.iter().copied().collect();
        assert!(*q == wider, "StackQueue<T, N> == StackQueue<U, M>");
        if *model == other_model {
            assert_eq!(hash_of(q), hash_of(&other), "equal queues hash alike");
        }
        assert_eq!(format!("{q:?}"), format!("{model:?}"), "Debug");
    }

    /// Runs up to [`MAX_SPLIT_STEPS`] steps on the split halves, checking each against the model.
    fn split(&mut self, op: &QueueOp, steps: u32, count: u8, seed: u8) {
        let count = usize::from(count) % (MAX_SPLIT_STEPS + 1);
        let (mut producer, mut consumer) = self.q.split();
        for step in 0..count {
            let len = self.model.len();
            let value = seq(seed, step);
            match (steps >> (2 * step)) & 3 {
                0 if len < N => {
                    producer.enqueue(Tracked::new(value));
                    self.model.push_back(value);
                }
                0 | 1 => {
                    let result = producer.try_enqueue(Tracked::new(value));
                    if len < N {
                        assert!(result.is_ok(), "try_enqueue with room");
                        self.model.push_back(value);
                    } else {
                        assert_rejected::<N, _, _>(
                            &mut self.stats,
                            result,
                            value,
                            "try_enqueue when full",
                        );
                    }
                }
                2 => {
                    let got = consumer.dequeue().map(|t| t.value);
                    assert_eq!(got, self.model.pop_front(), "dequeue");
                }
                _ => {
                    let front = consumer.peek().map(|t| t.value);
                    assert_eq!(front, self.model.front().copied(), "consumer peek");
                    assert_eq!(producer.len(), len, "producer len");
                    assert_eq!(consumer.len(), len, "consumer len");
                    assert_eq!(producer.is_full(), len == N, "producer is_full");
                    assert_eq!(producer.is_empty(), len == 0, "producer is_empty");
                    assert_eq!(consumer.is_empty(), len == 0, "consumer is_empty");
                    assert_eq!((producer.capacity(), consumer.capacity()), (N, N));
                }
            }
            self.stats.max_len = self.stats.max_len.max(self.model.len());
            assert_eq!(
                Tracked::live() - self.baseline,
                self.model.len() as isize,
                "live Tracked values after step {step} of {op:?}"
            );
        }
    }
}

/// Applies `ops` to a `StackQueue<Tracked, 7>` and to a `VecDeque<u16>` model, asserting after
/// every operation that they agree (contents, `len`, `is_empty`, `is_full`, `peek`) and that the
/// number of live [`Tracked`] values is exactly what the model holds; at the end, that every
/// value was dropped exactly once. Returns what the run went through.
///
/// # Panics
///
/// Panics (with the operation in the message) on the first disagreement.
///
/// # Examples
///
/// ```
/// use avila_alloc_tests::{QueueOp, run_queue_ops};
///
/// run_queue_ops(&[
///     QueueOp::Extend { count: 9, seed: 1 }, // two more than fit: must fail cleanly
///     QueueOp::Pop,
///     QueueOp::Split { steps: 0b10_00_11, count: 3, seed: 40 },
/// ]);
/// ```
pub fn run_queue_ops(ops: &[QueueOp]) -> RunStats {
    let baseline = Tracked::live();
    let mut runner = QueueRunner {
        q: StackQueue::new(),
        model: VecDeque::new(),
        baseline,
        stats: RunStats::default(),
    };
    runner.check(&"the start");
    for op in ops {
        runner.apply(op);
        runner.check(op);
        runner.stats.max_len = runner.stats.max_len.max(runner.model.len());
    }
    let stats = runner.stats;
    drop(runner);
    assert_eq!(
        Tracked::live(),
        baseline,
        "every value dropped exactly once at the end"
    );
    stats
}
