//! The crate's hasher: fast, `no_std`, with a fixed seed by default and a seeded variant.
//!
//! [`StackHashMap`](crate::StackHashMap) and [`StackHashSet`](crate::StackHashSet) hash with
//! [`FixedState`] unless told otherwise. It builds an [`AvilaHasher`], a folded-multiply hasher:
//! every `write` multiplies the state (mixed with the input) by a 64-bit constant into a 128-bit
//! product and folds its two halves together with `xor`, so each output bit depends on every
//! input bit. An integer key costs one multiplication; byte strings cost one per 16 bytes.
//!
//! # HashDoS: the trade-off
//!
//! With a **fixed seed**, the hash of a key is the same in every run of every program. Someone who
//! controls the keys (a network peer, a file being parsed) and knows the hasher can compute keys
//! that all land in the same place and make every operation as slow as a scan of the map: a
//! denial of service. `std`'s `HashMap` defends against that with `RandomState`, a key drawn from
//! the operating system at startup, and SipHash, a hash designed to keep that key secret. Both
//! cost: SipHash is several times slower than a multiply on short keys, and a firmware target may
//! have no source of randomness at all.
//!
//! So, choose by where the keys come from:
//!
//! | keys | hasher |
//! |---|---|
//! | chosen by the program (ids, indices, enum values, compile-time names) | [`FixedState`], the default |
//! | from outside, and a random seed is available (a hardware RNG, a boot counter mixed with a unique id) | [`SeededState::new(seed)`](SeededState::new) |
//! | from outside, with `std` | `std::hash::RandomState` |
//!
//! [`SeededState`] makes the hash unpredictable to anyone who does not know the seed, but this
//! hasher is not designed to resist an attacker who can *observe* hashes or timings to learn
//! about the seed; `RandomState`'s SipHash is. A fixed-capacity map also bounds the damage
//! differently from a growing one: a flood of colliding keys can only ever fill `N` entries.
//!
//! # Examples
//!
//! ```
//! use avila_alloc::{FixedState, SeededState, StackHashMap};
//! use core::hash::BuildHasher;
//!
//! // The default: same hash in every run.
//! assert_eq!(FixedState.hash_one(42u64), FixedState.hash_one(42u64));
//!
//! // A seed from somewhere unpredictable (here a constant, for the example).
//! static SEEDED: SeededState = SeededState::new(0x1234_5678);
//! let mut map: StackHashMap<u32, &str, 8, SeededState> = StackHashMap::with_hasher(SEEDED);
//! map.insert(1, "one").unwrap();
//! assert_eq!(map[&1], "one");
//! ```

use core::fmt;
use core::hash::{BuildHasher, Hasher};

/// The multiplier of every integer `write` (the 64-bit golden ratio, odd).
const MUL: u64 = 0x9e37_79b9_7f4a_7c15;
/// The multiplier of byte-string chunks, mixed with the chunk's second word.
const MUL_BYTES: u64 = 0xd6e8_feb8_6659_fd93;
/// The starting state of [`FixedState`]'s hashers.
const FIXED_SEED: u64 = 0x243f_6a88_85a3_08d3;

/// Multiplies into 128 bits and folds the halves together with `xor`.
#[inline(always)]
const fn fold_mul(a: u64, b: u64) -> u64 {
    let product = (a as u128) * (b as u128);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Reads 8 bytes at `at` as a little-endian `u64`. `bytes.len() >= at + 8` (the callers check).
#[inline(always)]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// Reads 4 bytes at `at` as a little-endian `u32`, widened. `bytes.len() >= at + 4`.
#[inline(always)]
fn read_u32(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u64::from(u32::from_le_bytes(word))
}

/// A fast folded-multiply [`Hasher`], for `no_std`. Not cryptographic, and not resistant to
/// HashDoS with a fixed seed: see the [module documentation](self).
///
/// Build it through [`FixedState`] (fixed seed) or [`SeededState`] (your seed), or directly with
/// [`AvilaHasher::with_seed`].
///
/// # Examples
///
/// ```
/// use avila_alloc::AvilaHasher;
/// use core::hash::Hasher;
///
/// let mut a = AvilaHasher::default();
/// a.write_u32(7);
/// let mut b = AvilaHasher::default();
/// b.write_u32(7);
/// assert_eq!(a.finish(), b.finish());
///
/// let mut c = AvilaHasher::with_seed(1);
/// c.write_u32(7);
/// assert_ne!(a.finish(), c.finish());
/// ```
#[derive(Clone, Copy)]
pub struct AvilaHasher {
    state: u64,
}

impl AvilaHasher {
    /// A hasher whose output depends on `seed`. `const`.
    #[inline]
    #[must_use]
    pub const fn with_seed(seed: u64) -> Self {
        Self {
            state: fold_mul(seed ^ FIXED_SEED, MUL_BYTES),
        }
    }
}

impl Default for AvilaHasher {
    /// The hasher of [`FixedState`].
    #[inline]
    fn default() -> Self {
        Self { state: FIXED_SEED }
    }
}

impl fmt::Debug for AvilaHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The state is derived from the seed: keep it out of logs.
        f.debug_struct("AvilaHasher").finish_non_exhaustive()
    }
}

impl Hasher for AvilaHasher {
    #[inline(always)]
    fn write_u64(&mut self, value: u64) {
        self.state = fold_mul(self.state ^ value, MUL);
    }

    #[inline(always)]
    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    #[inline(always)]
    fn write_u16(&mut self, value: u16) {
        self.write_u64(u64::from(value));
    }

    #[inline(always)]
    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    #[inline(always)]
    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }

    #[inline(always)]
    fn write_u128(&mut self, value: u128) {
        self.write_u64(value as u64);
        self.write_u64((value >> 64) as u64);
    }

    /// Byte strings: one folded multiply per 16 bytes; the length is mixed in first, so inputs
    /// that differ only in trailing zeros hash differently.
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let len = bytes.len();
        let mut state = self.state.wrapping_add(len as u64);
        if len <= 16 {
            let (a, b) = if len >= 8 {
                (read_u64(bytes, 0), read_u64(bytes, len - 8))
            } else if len >= 4 {
                (read_u32(bytes, 0), read_u32(bytes, len - 4))
            } else if len > 0 {
                let spread = u64::from(bytes[0])
                    | (u64::from(bytes[len / 2]) << 8)
                    | (u64::from(bytes[len - 1]) << 16);
                (spread, 0)
            } else {
                (0, 0)
            };
            state = fold_mul(state ^ a, MUL_BYTES ^ b);
        } else {
            let mut rest = bytes;
            while rest.len() > 16 {
                state = fold_mul(state ^ read_u64(rest, 0), MUL_BYTES ^ read_u64(rest, 8));
                rest = &rest[16..];
            }
            // The last 16 bytes, overlapping the previous chunk when `len` is not a multiple.
            state = fold_mul(
                state ^ read_u64(bytes, len - 16),
                MUL_BYTES ^ read_u64(bytes, len - 8),
            );
        }
        self.state = state;
    }

    #[inline(always)]
    fn finish(&self) -> u64 {
        self.state
    }
}

/// The default [`BuildHasher`] of the crate's maps and sets: [`AvilaHasher`]s with a **fixed
/// seed**. A zero-sized type; `const`-constructible as `FixedState`.
///
/// Fast and deterministic, but open to HashDoS when the keys come from an adversary: see the
/// [module documentation](self) for when to use [`SeededState`] or `std`'s `RandomState` instead.
///
/// # Examples
///
/// ```
/// use avila_alloc::FixedState;
/// use core::hash::BuildHasher;
///
/// assert_eq!(FixedState.hash_one("key"), FixedState.hash_one("key"));
/// assert_ne!(FixedState.hash_one("key"), FixedState.hash_one("kez"));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct FixedState;

impl BuildHasher for FixedState {
    type Hasher = AvilaHasher;

    #[inline(always)]
    fn build_hasher(&self) -> AvilaHasher {
        AvilaHasher::default()
    }
}

/// A [`BuildHasher`] of [`AvilaHasher`]s seeded with a `u64` of your choice: hashes are
/// unpredictable to whoever does not know the seed. `const`, so it can sit in a `static`.
///
/// # Examples
///
/// ```
/// use avila_alloc::SeededState;
/// use core::hash::BuildHasher;
///
/// const A: SeededState = SeededState::new(1);
/// const B: SeededState = SeededState::new(2);
/// assert_eq!(A.hash_one(5u32), SeededState::new(1).hash_one(5u32));
/// assert_ne!(A.hash_one(5u32), B.hash_one(5u32));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeededState {
    /// The hashers' starting state, derived from the seed.
    start: u64,
}

impl SeededState {
    /// A builder of hashers seeded with `seed`.
    #[inline]
    #[must_use]
    pub const fn new(seed: u64) -> Self {
        Self {
            start: AvilaHasher::with_seed(seed).state,
        }
    }
}

impl fmt::Debug for SeededState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print the seed.
        f.debug_struct("SeededState").finish_non_exhaustive()
    }
}

impl BuildHasher for SeededState {
    type Hasher = AvilaHasher;

    #[inline(always)]
    fn build_hasher(&self) -> AvilaHasher {
        AvilaHasher { state: self.start }
    }
}

#[cfg(test)]
mod tests {
    // Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
    #![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

    use core::hash::{BuildHasher, Hash, Hasher};
    use std::collections::HashSet;
    use std::format;
    use std::vec::Vec;

    use super::{AvilaHasher, FixedState, SeededState};

    fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
        FixedState.hash_one(value)
    }

    #[test]
    fn deterministic_and_seed_dependent() {
        assert_eq!(hash(&17u32), hash(&17u32));
        assert_eq!(hash("abc"), hash("abc"));
        let seeded = SeededState::new(99);
        assert_eq!(seeded.hash_one(17u32), SeededState::new(99).hash_one(17u32));
        assert_ne!(seeded.hash_one(17u32), hash(&17u32));
        assert_ne!(seeded, SeededState::new(100));
        assert_eq!(format!("{seeded:?}"), "SeededState { .. }");
        assert_eq!(
            format!("{:?}", AvilaHasher::default()),
            "AvilaHasher { .. }"
        );
        assert_eq!(
            format!("{FixedState:?}"),
            "FixedState",
            "the fixed state is a unit struct"
        );
    }

    #[test]
    fn integer_widths_agree_on_value() {
        // Every integer write widens to u64: the same value hashes alike at every width.
        let mut a = AvilaHasher::default();
        a.write_u8(200);
        let mut b = AvilaHasher::default();
        b.write_u16(200);
        let mut c = AvilaHasher::default();
        c.write_u32(200);
        let mut d = AvilaHasher::default();
        d.write_usize(200);
        assert_eq!(a.finish(), b.finish());
        assert_eq!(b.finish(), c.finish());
        assert_eq!(c.finish(), d.finish());
        let mut e = AvilaHasher::default();
        e.write_u128(200);
        assert_ne!(e.finish(), d.finish(), "u128 writes a second word");
    }

    #[test]
    fn byte_strings_of_every_length_are_distinct() {
        // All lengths 0..=40 (every branch of `write`), and every one-byte change of each.
        let base: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(37)).collect();
        let mut seen = HashSet::new();
        for len in 0..=base.len() {
            let mut h = AvilaHasher::default();
            h.write(&base[..len]);
            assert!(seen.insert(h.finish()), "length {len} collides");
            for i in 0..len {
                let mut changed = base[..len].to_vec();
                changed[i] ^= 1;
                let mut h = AvilaHasher::default();
                h.write(&changed);
                assert!(seen.insert(h.finish()), "length {len}, byte {i} collides");
            }
        }
        // Trailing zeros change the length, and so the hash.
        let mut a = AvilaHasher::default();
        a.write(&[1, 0]);
        let mut b = AvilaHasher::default();
        b.write(&[1]);
        assert_ne!(a.finish(), b.finish());
    }

    /// Flipping one input bit flips about half of the output bits, on average.
    #[test]
    fn avalanche_on_integers() {
        let (mut flipped, mut total) = (0u64, 0u64);
        for x in (0..64u64).map(|i| i.wrapping_mul(0x0123_4567_89ab_cdef)) {
            for bit in 0..64 {
                let diff = hash(&x) ^ hash(&(x ^ (1 << bit)));
                flipped += u64::from(diff.count_ones());
                total += 64;
            }
        }
        let ratio = flipped as f64 / total as f64;
        assert!((0.45..0.55).contains(&ratio), "avalanche ratio {ratio}");
    }
}
