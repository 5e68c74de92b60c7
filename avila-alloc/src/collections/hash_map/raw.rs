//! `RawIndex<N>`: the hash index of [`StackHashMap`](super::StackHashMap), not generic over the
//! keys or values.
//!
//! The map keeps its entries densely in insertion order (a `StackVec<(K, V), N>`), and this index
//! maps hashes to entry positions. It is an open-addressing table of **`2N` slots**, made of two
//! `[u32; N]` arrays laid out back to back (`#[repr(C)]`) and addressed as one table: stable Rust
//! cannot write `[u32; 2 * N]` for a generic `N`. So even a full map has a load factor of 1/2 and
//! probe sequences stay short at every fill level.
//!
//! A slot is a `u32`: the low bits hold the entry's position, the high bits a **tag**, the top
//! bits of the entry's 32-bit hash. [`EMPTY`] (all ones) marks a free slot; a valid slot can
//! never be all ones because positions are below `N` and the position field can hold `N`.
//!
//! - **Home slot:** `tag * 2N >> 32`, a multiply-shift range reduction onto `[0, 2N)` that works
//!   for any `N`, not only powers of two. It depends on the tag alone, so a slot's home is known
//!   from the slot itself without touching the entries.
//! - **Lookup:** linear probing from the home slot, comparing tags first and keys only on a tag
//!   match, until the key or an empty slot is found.
//! - **Deletion by backward shift** (no tombstones): the slots after the removed one that would be
//!   closer to their home move back into the hole. The table never fills with tombstones, so a map
//!   that churns at 100% fill forever probes exactly as far as a freshly built one.
//! - **Swap-remove of entries:** removing an entry moves the last entry into its place; the slot
//!   that pointed at the last entry is found by probing from that entry's home (its tag is kept in
//!   `tags`) and repointed.
//!
//! Invariants, for a map of `len` entries:
//!
//! 1. exactly `len` slots are not [`EMPTY`], and they point at the positions `0..len`, each once;
//! 2. the slot of entry `i` holds `tags[i] | i`, and `tags[i]` is the tag of entry `i`'s key;
//! 3. every occupied slot is reachable from its home by linear probing without crossing an
//!    [`EMPTY`] slot.

use core::mem::MaybeUninit;
use core::ptr;

/// A free slot: all bits set, so a table of free slots is a `0xff` byte fill.
pub(crate) const EMPTY: u32 = u32::MAX;

/// The hash index: `2N` slots in two arrays, and the tag of every entry.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct RawIndex<const N: usize> {
    /// Slots `0..N`.
    lo: [u32; N],
    /// Slots `N..2N`; directly after `lo` (`#[repr(C)]`, no padding between `u32` arrays).
    hi: [u32; N],
    /// `tags[i]` is the tag of entry `i`, initialized for `i < len` (and never read above).
    tags: [MaybeUninit<u32>; N],
}

impl<const N: usize> RawIndex<N> {
    /// The number of slots.
    pub(crate) const SLOTS: usize = 2 * N;
    /// The low bits of a slot: an entry position. Wide enough for `N` itself, so no valid slot is
    /// all ones ([`EMPTY`]).
    pub(crate) const POS_MASK: u32 = ((N + 1).next_power_of_two() - 1) as u32;
    /// The high bits of a slot: the tag.
    pub(crate) const TAG_MASK: u32 = !Self::POS_MASK;

    /// Makes the index behind `this` empty, in place: every slot free, the tags left
    /// uninitialized. Checks at compile time that `N` fits the slot format.
    ///
    /// In place rather than by value: a `RawIndex` built as a value and then moved into the map
    /// was assembled in a temporary and copied (12 bytes per entry, twice, measured in
    /// `StackHashMap::new`), since LLVM did not forward the fills into the final place.
    ///
    /// # Safety
    ///
    /// - `this` is valid for writes and aligned; whatever it held is overwritten, not dropped.
    #[inline(always)]
    pub(crate) const unsafe fn init(this: *mut Self) {
        const {
            assert!(
                N < 1 << 31,
                "the capacity N of a StackHashMap must be below 2^31"
            );
        };
        // SAFETY: the first `2N` `u32`s of the `#[repr(C)]` struct are `lo` and `hi`, valid for
        // writes (caller); all-ones bytes make every slot `EMPTY`. `tags` may stay
        // uninitialized (`MaybeUninit`).
        unsafe { ptr::write_bytes(this.cast::<u32>(), 0xff, 2 * N) };
    }

    /// The tag of a 64-bit hash: the top bits of its two halves folded together (so hashers that
    /// produce only 32 bits, like FNV, work as well as 64-bit ones).
    #[inline(always)]
    pub(crate) const fn tag(hash: u64) -> u32 {
        ((hash ^ (hash >> 32)) as u32) & Self::TAG_MASK
    }

    /// The home slot of a tag: `tag * 2N / 2^32`, in `[0, 2N)`.
    #[inline(always)]
    pub(crate) const fn home(tag: u32) -> usize {
        ((tag as u64 * Self::SLOTS as u64) >> 32) as usize
    }

    /// The slot after `pos`, wrapping at the end of the table.
    #[inline(always)]
    const fn next(pos: usize) -> usize {
        if pos + 1 == Self::SLOTS { 0 } else { pos + 1 }
    }

    /// How many slots forward `to` is from `from`, wrapping.
    #[inline(always)]
    const fn distance(from: usize, to: usize) -> usize {
        if to >= from {
            to - from
        } else {
            to + Self::SLOTS - from
        }
    }

    /// The entry position stored in an occupied slot.
    #[inline(always)]
    pub(crate) const fn position(slot: u32) -> usize {
        (slot & Self::POS_MASK) as usize
    }

    /// The slot at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < 2N`.
    #[inline(always)]
    unsafe fn slot(&self, pos: usize) -> u32 {
        debug_assert!(pos < Self::SLOTS);
        // SAFETY: `lo` and `hi` are adjacent `[u32; N]` arrays at the start of a `#[repr(C)]`
        // struct, so the first `2N` `u32`s of `self` are the slots; `pos < 2N` (caller). The
        // pointer comes from `&self`, whose provenance covers the whole struct.
        unsafe { core::ptr::from_ref(self).cast::<u32>().add(pos).read() }
    }

    /// Writes the slot at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < 2N`.
    #[inline(always)]
    unsafe fn set_slot(&mut self, pos: usize, slot: u32) {
        debug_assert!(pos < Self::SLOTS);
        // SAFETY: as in `slot`; the pointer comes from `&mut self`.
        unsafe { core::ptr::from_mut(self).cast::<u32>().add(pos).write(slot) }
    }

    /// Looks for an entry with tag `tag` for which `eq(position)` is `true`.
    ///
    /// Returns `Ok((slot position, entry position))` if found, else `Err(slot position)` of the
    /// empty slot that ends the probe sequence (where a new entry with this tag goes). With
    /// `N == 0` there is no slot: the result is `Err(0)`, which the caller never writes to (a
    /// zero-capacity map is always full).
    ///
    /// `eq` is only called with positions of occupied slots (below `len`). It may panic: nothing
    /// has been changed at that point.
    #[inline(always)]
    pub(crate) fn find(
        &self,
        tag: u32,
        mut eq: impl FnMut(usize) -> bool,
    ) -> Result<(usize, usize), usize> {
        if N == 0 {
            return Err(0);
        }
        let mut pos = Self::home(tag);
        loop {
            // SAFETY: `home` and `next` stay below `2N`.
            let slot = unsafe { self.slot(pos) };
            if slot == EMPTY {
                return Err(pos);
            }
            if slot & Self::TAG_MASK == tag && eq(Self::position(slot)) {
                return Ok((pos, Self::position(slot)));
            }
            // Terminates: at most `N` of the `2N` slots are occupied.
            pos = Self::next(pos);
        }
    }

    /// Records a new entry at position `len` with tag `tag` in the empty slot `pos` returned by
    /// [`find`](Self::find) for that tag.
    ///
    /// # Safety
    ///
    /// - `len < N`, and the map holds `len` entries (this one becomes entry `len`);
    /// - `pos` is the `Err` of a `find` for `tag` made since the last change to the index.
    #[inline(always)]
    pub(crate) unsafe fn insert(&mut self, pos: usize, tag: u32, len: usize) {
        debug_assert!(len < N);
        // SAFETY: `pos < 2N` is an empty slot ending `tag`'s probe sequence (caller), so the new
        // slot is reachable from its home; `len < N` (caller) is in bounds of `tags`.
        unsafe {
            self.set_slot(pos, tag | len as u32);
            self.tags.get_unchecked_mut(len).write(tag);
        }
    }

    /// Removes the entry whose slot is at `pos` from the index, for a map of `len` entries that is
    /// about to `swap_remove` that entry: the slot is freed (backward shift), and if the entry is
    /// not the last one, the last entry's slot is repointed to the removed entry's position.
    /// Returns the removed entry's position.
    ///
    /// # Safety
    ///
    /// - the map holds `len` entries, and `pos` is an occupied slot (the `Ok` of a `find` made
    ///   since the last change to the index);
    /// - the caller then `swap_remove`s the returned position from the entries, so the index and
    ///   the entries agree again.
    #[inline]
    pub(crate) unsafe fn remove(&mut self, pos: usize, len: usize) -> usize {
        // SAFETY: `pos` is an occupied slot (caller).
        let removed = Self::position(unsafe { self.slot(pos) });
        debug_assert!(removed < len && len <= N);
        // SAFETY: `pos` is occupied (caller).
        unsafe { self.free(pos) };
        let last = len - 1;
        if removed != last {
            // SAFETY: `last < len <= N`, so its tag was written.
            let tag = unsafe { self.tag_of(last) };
            let wanted = tag | last as u32;
            let mut probe = Self::home(tag);
            // SAFETY: invariant 3: the last entry's slot lies on its tag's probe sequence before
            // any empty slot; `probe` stays below `2N`; `removed < len` indexes `tags`.
            unsafe {
                while self.slot(probe) != wanted {
                    probe = Self::next(probe);
                }
                self.set_slot(probe, tag | removed as u32);
                self.tags.get_unchecked_mut(removed).write(tag);
            }
        }
        removed
    }

    /// Frees the occupied slot `pos` by backward shift: each following slot of the cluster moves
    /// into the hole if its home is not after the hole, so every slot stays reachable from its
    /// home (invariant 3) without tombstones.
    ///
    /// # Safety
    ///
    /// - `pos < 2N` is occupied.
    #[inline]
    unsafe fn free(&mut self, pos: usize) {
        let mut hole = pos;
        let mut probe = Self::next(pos);
        loop {
            // SAFETY: `probe < 2N`; the loop ends at an empty slot, which exists because at most
            // `N` slots are occupied.
            let slot = unsafe { self.slot(probe) };
            if slot == EMPTY {
                break;
            }
            let home = Self::home(slot & Self::TAG_MASK);
            // The slot may move back into the hole if the hole lies on its probe sequence, that
            // is in the cyclic interval [home, probe).
            if Self::distance(home, hole) < Self::distance(home, probe) {
                // SAFETY: `hole < 2N`.
                unsafe { self.set_slot(hole, slot) };
                hole = probe;
            }
            probe = Self::next(probe);
        }
        // SAFETY: `hole < 2N`.
        unsafe { self.set_slot(hole, EMPTY) };
    }

    /// Frees every slot. O(N).
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.lo.fill(EMPTY);
        self.hi.fill(EMPTY);
    }

    /// The tag of entry `i`.
    ///
    /// # Safety
    ///
    /// - `i < len`: the tag was written when entry `i` was inserted or moved.
    #[inline(always)]
    pub(crate) unsafe fn tag_of(&self, i: usize) -> u32 {
        debug_assert!(i < N);
        // SAFETY: `i < len <= N` (caller), so the tag is in bounds and initialized.
        unsafe { self.tags.get_unchecked(i).assume_init() }
    }

    /// The slot position of entry `i`, found by probing from its home.
    ///
    /// # Safety
    ///
    /// - `i` is the position of an entry of the map (below `len`).
    #[inline]
    pub(crate) unsafe fn slot_of(&self, i: usize) -> usize {
        // SAFETY: `i < len` (caller).
        let tag = unsafe { self.tag_of(i) };
        let wanted = tag | i as u32;
        let mut probe = Self::home(tag);
        // SAFETY: invariant 3: the slot is on the probe sequence from its home; `probe < 2N`.
        while unsafe { self.slot(probe) } != wanted {
            probe = Self::next(probe);
        }
        probe
    }

    /// Checks the invariants against `len` entries whose tags are `tag_of(i)`; panics on the
    /// first violation. For tests.
    #[cfg(test)]
    pub(crate) fn check(&self, len: usize, tag_of: impl Fn(usize) -> u32) {
        let mut seen = [false; N];
        let mut occupied = 0;
        for pos in 0..Self::SLOTS {
            // SAFETY: `pos < 2N`.
            let slot = unsafe { self.slot(pos) };
            if slot == EMPTY {
                continue;
            }
            occupied += 1;
            let i = Self::position(slot);
            assert!(i < len, "slot {pos} points past the entries ({i} >= {len})");
            assert!(!seen[i], "entry {i} has two slots");
            seen[i] = true;
            assert_eq!(
                slot & Self::TAG_MASK,
                tag_of(i),
                "tag of entry {i} in its slot"
            );
            // SAFETY: `i < len`.
            let stored = unsafe { self.tag_of(i) };
            assert_eq!(stored, tag_of(i), "stored tag of entry {i}");
            let mut probe = Self::home(slot & Self::TAG_MASK);
            while probe != pos {
                assert_ne!(
                    // SAFETY: `probe < 2N`.
                    unsafe { self.slot(probe) },
                    EMPTY,
                    "entry {i} unreachable from its home"
                );
                probe = Self::next(probe);
            }
        }
        assert_eq!(occupied, len, "occupied slots");
    }

    /// The number of slots probed to find each entry (1 when it sits in its home slot), summed,
    /// and the longest. For the distribution tests.
    #[cfg(test)]
    pub(crate) fn probe_lengths(&self, len: usize) -> (usize, usize) {
        let (mut total, mut longest) = (0, 0);
        for i in 0..len {
            // SAFETY: `i < len`.
            let pos = unsafe { self.slot_of(i) };
            // SAFETY: `i < len`.
            let home = Self::home(unsafe { self.tag_of(i) });
            let probes = Self::distance(home, pos) + 1;
            total += probes;
            longest = longest.max(probes);
        }
        (total, longest)
    }
}
