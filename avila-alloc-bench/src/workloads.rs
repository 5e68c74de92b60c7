//! The workloads: generic functions over [`BenchVec`] and [`BenchString`], one per operation.
//!
//! Inputs pass through [`black_box`] inside each workload (the count, the seed, the source
//! slice), so the compiler cannot precompute the result, and so does the output, so it cannot
//! skip the work. Everything else is left to the optimizer, as in user code: when a container's
//! code lets LLVM vectorize a loop, that is a real property of the container and shows in the
//! numbers.
//!
//! A container output is made observable with `black_box(&v)` *inside* the workload, before it
//! is returned, and the runner simply drops it. Passing it by value to `black_box` (or to a
//! helper) after the return instead would add a 1 KiB `memcpy` to every run of the inline
//! containers (LLVM does not elide a move into an escaping slot), measuring the harness rather
//! than the container. A scalar output (a sum) is passed to `black_box` by value.
//!
//! Every workload is `#[inline(always)]`: whether LLVM inlines a workload into its runner
//! otherwise depends on the size of the container's code, and an outlined workload returns its
//! container through a return slot with an extra copy (the container's address escaped to
//! `black_box`, which defeats return-value optimization). That copy is a harness artifact and
//! once cost one peer a 516-byte `memcpy` per run that the others did not pay.
//!
//! A workload that consumes its input (popping or removing until empty) takes `&mut` to a full
//! container built by [`vec::full`] outside the timed region; the others build their container
//! inside it (construction is part of "push until full").

use core::hint::black_box;

use crate::peers::{BenchString, BenchVec};

/// Vector workloads, over `u32` elements.
pub mod vec {
    use super::{BenchVec, black_box};

    /// The largest vector capacity the suite uses; [`SOURCE`] has this many elements.
    pub const MAX_CAPACITY: usize = 256;

    /// The source of [`extend_from_slice`] and of the full vectors made by [`full`]:
    /// `0, 7, 14, ...`.
    pub static SOURCE: [u32; MAX_CAPACITY] = {
        let mut values = [0; MAX_CAPACITY];
        let mut i = 0;
        while i < MAX_CAPACITY {
            values[i] = i as u32 * 7;
            i += 1;
        }
        values
    };

    /// The first value pushed by [`push`] and [`insert_front`].
    pub const SEED: u32 = 1;

    /// A full container holding the first `V::CAPACITY` values of [`SOURCE`] (setup, not timed).
    ///
    /// # Panics
    ///
    /// Panics if `V::CAPACITY > MAX_CAPACITY`.
    #[inline(always)]
    #[must_use]
    pub fn full<V: BenchVec<u32>>() -> V {
        let mut v = V::new();
        v.extend_from_slice(&SOURCE[..V::CAPACITY]);
        v
    }

    /// `new`, then `push` until full: `SEED, SEED + 1, ...`.
    #[inline(always)]
    #[must_use]
    pub fn push<V: BenchVec<u32>>() -> V {
        let n = black_box(V::CAPACITY);
        let seed = black_box(SEED);
        let mut v = V::new();
        for i in 0..n {
            v.push(seed.wrapping_add(i as u32));
        }
        black_box(&v);
        v
    }

    /// `pop` until empty; returns the sum of the popped values.
    #[inline(always)]
    pub fn pop_all<V: BenchVec<u32>>(v: &mut V) -> u64 {
        let mut sum = 0;
        while let Some(x) = v.pop() {
            sum += u64::from(x);
        }
        black_box(sum)
    }

    /// `new`, then one `extend_from_slice` of `V::CAPACITY` values from [`SOURCE`].
    #[inline(always)]
    #[must_use]
    pub fn extend_from_slice<V: BenchVec<u32>>() -> V {
        let items = black_box(&SOURCE[..V::CAPACITY]);
        let mut v = V::new();
        v.extend_from_slice(items);
        black_box(&v);
        v
    }

    /// `new`, then `insert(0, _)` until full (each insert shifts the whole vector): the result is
    /// `..., SEED + 1, SEED`.
    #[inline(always)]
    #[must_use]
    pub fn insert_front<V: BenchVec<u32>>() -> V {
        let n = black_box(V::CAPACITY);
        let seed = black_box(SEED);
        let mut v = V::new();
        for i in 0..n {
            v.insert(0, seed.wrapping_add(i as u32));
        }
        black_box(&v);
        v
    }

    /// `remove(0)` until empty (each remove shifts the rest); returns the sum of the values.
    #[inline(always)]
    pub fn remove_front<V: BenchVec<u32>>(v: &mut V) -> u64 {
        let mut sum = 0;
        for _ in 0..v.len() {
            sum += u64::from(v.remove(0));
        }
        black_box(sum)
    }

    /// Iterates over the elements by reference and sums them.
    #[inline(always)]
    #[must_use]
    pub fn iterate<V: BenchVec<u32>>(v: &V) -> u64 {
        let sum = black_box(v).as_slice().iter().map(|&x| u64::from(x)).sum();
        black_box(sum)
    }

    /// `clone` of `v` (full in the suite).
    #[inline(always)]
    #[must_use]
    pub fn clone<V: BenchVec<u32>>(v: &V) -> V {
        let copy = black_box(v).clone();
        black_box(&copy);
        copy
    }
}

/// String workloads.
pub mod string {
    use super::{BenchString, black_box};

    /// Short pieces appended in turn by [`push_str`]: 1 to 7 bytes, like a small serializer writes.
    pub static PIECES: [&str; 8] = ["id", "=", "4711", ", ", "name", "=\"", "avila", "\"; "];

    /// ASCII characters pushed in turn by [`push_char`] in the `ascii` workload.
    pub static ASCII: [char; 16] = [
        'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '0', '1', '2', '3', ' ', '-', '_', '.',
    ];

    /// A mix of 1-, 2-, 3- and 4-byte characters pushed in turn in the `mixed` workload.
    pub static MIXED: [char; 8] = ['a', 'é', '€', '𝄞', 'z', 'ß', '中', '!'];

    /// Longest output of one `write!` in [`write_ints`]: 10 digits and a space.
    pub const MAX_INT_WIDTH: usize = 11;

    /// The first value written by [`write_ints`].
    pub const SEED: u32 = 12345;

    /// `new`, then `push_str` of [`PIECES`] in turn while the next piece fits.
    #[inline(always)]
    #[must_use]
    pub fn push_str<S: BenchString>() -> S {
        let pieces: &[&str] = black_box(&PIECES);
        let mut s = S::new();
        for piece in pieces.iter().cycle() {
            if s.len() + piece.len() > S::CAPACITY {
                break;
            }
            s.push_str(piece);
        }
        black_box(&s);
        s
    }

    /// `pattern` repeated, as many chars as fit into `capacity` bytes: the input of
    /// [`push_char`], made once outside the timed region.
    ///
    /// # Panics
    ///
    /// Panics if `pattern` is empty.
    #[must_use]
    pub fn fill_chars(pattern: &[char], capacity: usize) -> Vec<char> {
        assert!(!pattern.is_empty(), "empty pattern");
        let mut chars = Vec::new();
        let mut len = 0;
        for &ch in pattern.iter().cycle() {
            if len + ch.len_utf8() > capacity {
                break;
            }
            len += ch.len_utf8();
            chars.push(ch);
        }
        chars
    }

    /// `new`, then `push` of every char of `chars` (made by [`fill_chars`], so they fit).
    ///
    /// The input is a plain slice rather than `pattern.iter().cycle()`: `Cycle`'s wrap-around
    /// test ends up on the loop-carried path of the next load and, depending on how LLVM
    /// allocates registers around each peer's code, cost one peer a cycle per char that another
    /// did not pay, a harness effect larger than the differences between the containers.
    ///
    /// # Panics
    ///
    /// Panics if the chars do not fit (they do when made by [`fill_chars`]).
    #[inline(always)]
    #[must_use]
    pub fn push_char<S: BenchString>(chars: &[char]) -> S {
        let mut s = S::new();
        for &ch in black_box(chars) {
            s.push(ch);
        }
        black_box(&s);
        s
    }

    /// `new`, then `write!(s, "{} ", x)` of pseudo-random integers (1 to 10 digits) while
    /// [`MAX_INT_WIDTH`] more bytes fit.
    ///
    /// # Panics
    ///
    /// Panics if a `write!` fails, which it cannot: there is always room.
    #[inline(always)]
    #[must_use]
    pub fn write_ints<S: BenchString>() -> S {
        let mut x = black_box(SEED);
        let mut s = S::new();
        while s.len() + MAX_INT_WIDTH <= S::CAPACITY {
            // The shift varies the number of digits, so formatting takes different paths.
            let value = x >> (x % 24);
            write!(s, "{value} ").unwrap();
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        }
        black_box(&s);
        s
    }
}
