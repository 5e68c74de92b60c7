//! The deque and ring workloads: generic functions over [`BenchDeque`], [`BenchDequeMiddle`] and
//! [`BenchRing`], one per operation, written by the rules of [`workloads`](crate::workloads):
//! `#[inline(always)]`, inputs through `black_box`, a container output made observable by
//! `black_box(&d)` inside the workload, and inputs that a workload consumes or mutates built
//! outside the timed region.
//!
//! The prepared deques and rings **wrap**: their values start in the middle of the buffer and
//! continue at its start, the state a ring buffer is in after some use, so iteration and the
//! middle operations cross the wrap point as they do in practice.

use core::hint::black_box;

use crate::peers_deque::{BenchDeque, BenchDequeMiddle, BenchRing};

/// The largest capacity the deque and ring cases use; [`SOURCE`] has this many values.
pub const MAX_CAPACITY: usize = 1024;

/// The values of the prepared deques and rings: `0, 7, 14, ...`.
pub static SOURCE: [u32; MAX_CAPACITY] = {
    let mut values = [0; MAX_CAPACITY];
    let mut i = 0;
    while i < MAX_CAPACITY {
        values[i] = i as u32 * 7;
        i += 1;
    }
    values
};

/// The first value pushed by the workloads that push.
pub const SEED: u32 = 1;

/// Deque workloads, over `u32` elements.
pub mod deque {
    use super::{BenchDeque, BenchDequeMiddle, SEED, SOURCE, black_box};

    /// A full deque holding the first `D::CAPACITY` values of [`SOURCE`], front to back, whose
    /// front is in the middle of the buffer (setup, not timed): the second half pushed at the
    /// back, then the first half at the front.
    ///
    /// # Panics
    ///
    /// Panics if `D::CAPACITY > MAX_CAPACITY`.
    #[must_use]
    pub fn full<D: BenchDeque<u32>>() -> D {
        let n = D::CAPACITY;
        let mut d = D::new();
        for &x in &SOURCE[n / 2..n] {
            d.push_back(x);
        }
        for &x in SOURCE[..n / 2].iter().rev() {
            d.push_front(x);
        }
        d
    }

    /// A deque holding the first `D::CAPACITY / 2` values of [`SOURCE`], whose front is at the
    /// last quarter of the buffer (setup for [`churn`]).
    #[must_use]
    pub fn half_full<D: BenchDeque<u32>>() -> D {
        let n = D::CAPACITY;
        let mut d = D::new();
        for &x in &SOURCE[n / 4..n / 2] {
            d.push_back(x);
        }
        for &x in SOURCE[..n / 4].iter().rev() {
            d.push_front(x);
        }
        d
    }

    /// Queue usage: `D::CAPACITY` rounds of `push_back` then `pop_front` on a deque that stays
    /// half full (its front goes round the buffer); returns the sum of the popped values.
    #[inline(always)]
    pub fn churn<D: BenchDeque<u32>>(d: &mut D) -> u64 {
        let n = black_box(D::CAPACITY);
        let seed = black_box(SEED);
        let mut sum = 0;
        for i in 0..n {
            d.push_back(seed.wrapping_add(i as u32));
            if let Some(x) = d.pop_front() {
                sum += u64::from(x);
            }
        }
        black_box(sum)
    }

    /// `new`, then `push_back` and `push_front` in turn until full: `..., SEED + 3, SEED + 1,
    /// SEED, SEED + 2, ...`.
    #[inline(always)]
    #[must_use]
    pub fn push_both<D: BenchDeque<u32>>() -> D {
        let n = black_box(D::CAPACITY);
        let seed = black_box(SEED);
        let mut d = D::new();
        for i in 0..n {
            let x = seed.wrapping_add(i as u32);
            if i % 2 == 0 {
                d.push_back(x);
            } else {
                d.push_front(x);
            }
        }
        black_box(&d);
        d
    }

    /// `pop_front` and `pop_back` in turn until empty; returns the sum of the popped values.
    #[inline(always)]
    pub fn pop_both<D: BenchDeque<u32>>(d: &mut D) -> u64 {
        let mut sum = 0;
        while let Some(x) = d.pop_front() {
            sum += u64::from(x);
            if let Some(y) = d.pop_back() {
                sum += u64::from(y);
            }
        }
        black_box(sum)
    }

    /// Iterates over the elements by reference, front to back, and sums them.
    #[inline(always)]
    #[must_use]
    pub fn iterate<D: BenchDeque<u32>>(d: &D) -> u64 {
        let sum = black_box(d).iter().map(|&x| u64::from(x)).sum();
        black_box(sum)
    }

    /// `new`, then `insert(len / 2, _)` until full (each insert moves the shorter half).
    #[inline(always)]
    #[must_use]
    pub fn insert_middle<D: BenchDequeMiddle<u32>>() -> D {
        let n = black_box(D::CAPACITY);
        let seed = black_box(SEED);
        let mut d = D::new();
        for i in 0..n {
            d.insert(d.len() / 2, seed.wrapping_add(i as u32));
        }
        black_box(&d);
        d
    }

    /// `remove(len / 2)` until empty; returns the sum of the removed values.
    #[inline(always)]
    pub fn remove_middle<D: BenchDequeMiddle<u32>>(d: &mut D) -> u64 {
        let mut sum = 0;
        while !d.is_empty() {
            if let Some(x) = d.remove(d.len() / 2) {
                sum += u64::from(x);
            }
        }
        black_box(sum)
    }
}

/// Ring workloads, over `u32` elements.
pub mod ring {
    use super::{BenchRing, SEED, SOURCE, black_box};

    /// A full ring that has wrapped: `R::CAPACITY + R::CAPACITY / 2` values of [`SOURCE`] pushed
    /// (the first ones overwritten), so the oldest value sits in the middle of the buffer (setup,
    /// not timed). It holds `SOURCE[n / 2..n + n / 2]`, with `SOURCE` read cyclically.
    #[must_use]
    pub fn full<R: BenchRing<u32>>() -> R {
        let n = R::CAPACITY;
        let mut r = R::new();
        for i in 0..n + n / 2 {
            r.push(SOURCE[i % n]);
        }
        r
    }

    /// History usage: `R::CAPACITY` pushes into a full ring, each overwriting the oldest value.
    #[inline(always)]
    pub fn overwrite<R: BenchRing<u32>>(r: &mut R) {
        let n = black_box(R::CAPACITY);
        let seed = black_box(SEED);
        for i in 0..n {
            r.push(seed.wrapping_add(i as u32));
        }
        black_box(r);
    }

    /// Iterates over the values by reference, oldest to newest, and sums them.
    #[inline(always)]
    #[must_use]
    pub fn iterate<R: BenchRing<u32>>(r: &R) -> u64 {
        let sum = black_box(r).iter().map(|&x| u64::from(x)).sum();
        black_box(sum)
    }
}
