//! `RawIndex<N>`: the hash index of [`StackHashMap`](super::StackHashMap), not generic over the
//! keys or values.
//!
//! The map keeps its entries densely in insertion order (a `StackVec<(K, V), N>`), and this index
//! maps hashes to entry positions. It is an open-addressing table of **`2N + OVERFLOW` slots**:
//! `2N` home slots, then [`OVERFLOW`] (16) more where a probe that runs past the last home goes on
//! before it wraps to slot 0 (stable Rust cannot write `[T; 2 * N]` for a generic `N`, so each
//! per-slot array is two `[T; N]` halves and a tail laid out back to back in a `#[repr(C)]` struct
//! and addressed as one). Even a full map has a load factor below 1/2, and probe sequences stay
//! short at every fill level.
//!
//! Each slot has two parts:
//!
//! - a **control byte**, [`EMPTY`] (`0x80`) for a free slot, else the 7-bit *h2* of the entry's
//!   hash. A lookup loads a [`Group`] of 16 (SSE2) or 8 (portable, a `u64`) control bytes,
//!   compares the whole group against its h2 at once and learns where the probe sequence ends
//!   (the first `EMPTY`) from the same load: on most lookups one branch decides, whatever the
//!   probe length, so a random lookup order does not make the branch predictor miss (a
//!   slot-by-slot loop mispredicts its variable exit);
//! - a `u32` **slot word**, meaningful only while the control byte is not `EMPTY` (it is left
//!   uninitialized otherwise, so `new` only fills the control bytes): the low bits hold the
//!   entry's position, the high bits a **tag**, the top bits of the entry's 32-bit hash.
//!
//! A hashed key is a *code* (`u32`, from [`tag`](RawIndex::tag)): the tag bits, and in the low
//! seven bits the hash's own low seven bits, its h2 (below the tag from `N = 64` on).
//!
//! - **Home slot:** `tag * 2N >> 32`, a multiply-shift range reduction onto `[0, 2N)` that works
//!   for any `N`, not only powers of two. It depends on the tag alone, so a slot's home is known
//!   from the slot word without touching the entries.
//! - **Lookup:** linear probing from the home slot, a group of control bytes at a time: the
//!   slots of the group whose control byte equals the key's h2 are candidates; their tag is
//!   compared, then the key (only on a tag match); an `EMPTY` in the group ends the search. A
//!   home is below `2N` and the table has `OVERFLOW >= Group::WIDTH` slots more, so the first
//!   group always lies within the table and candidate `i` is slot `pos + i`, without wrapping.
//!   A later group starts at most at the last `Group::WIDTH` slots (it may overlap the one
//!   before: those slots held no `EMPTY`, and checking a candidate twice is harmless), and after
//!   those, at slot 0. No control byte or slot word is stored twice: an earlier layout of `2N`
//!   slots mirrored the first 16 after the last so that a group could be loaded anywhere, and
//!   every write to those slots wrote the copy too (and a branch to decide; the book's
//!   performance chapter has the measurements).
//! - **Deletion by backward shift** (no tombstones): the slots after the removed one that would be
//!   closer to their home move back into the hole, control byte and slot word together. The
//!   table never fills with tombstones, so a map that churns at 100% fill forever probes exactly
//!   as far as a freshly built one.
//! - **Swap-remove of entries:** removing an entry moves the last entry into its place; the slot
//!   that pointed at the last entry is found by a lookup of that entry's code and repointed. The
//!   code is not stored: the map hashes the last entry's key again (one hash per removal, and no
//!   store per insertion; see [`remove`](RawIndex::remove)). `retain`, which has no `Hash`
//!   bound, instead records the slot of every entry in `slots_of` once
//!   ([`track_slots`](RawIndex::track_slots)) and keeps it up to date while it removes.
//!
//! Invariants, for a map of `len` entries:
//!
//! 1. exactly `len` control bytes of `0..SLOTS` are not [`EMPTY`], and their slot words point at
//!    the positions `0..len`, each once;
//! 2. the slot of entry `i` holds the control byte `h2(c)` and the word `tag(c) | i`, where `c`
//!    is the code of entry `i`'s key when it was inserted (a key whose hash changes in the map
//!    breaks this for itself only: lookups miss it, and removals still find its slot, see
//!    [`remove`](RawIndex::remove));
//! 3. every occupied slot is reachable from its home by linear probing (slot `SLOTS - 1` is
//!    followed by slot 0) without crossing an [`EMPTY`] slot.

use core::mem::MaybeUninit;
use core::ptr;

use self::group::Group;

/// The control byte of a free slot. Occupied slots hold an h2 below `0x80`.
pub(crate) const EMPTY: u8 = 0x80;

/// The slots after the `2N` home slots: a probe that runs past the last home continues in them
/// before it wraps to slot 0. At least the widest [`Group`], so that a group loaded at a home
/// lies within the table.
pub(crate) const OVERFLOW: usize = 16;

const _: () = assert!(
    OVERFLOW >= Group::WIDTH,
    "a group at a home must fit the table"
);

/// The hash index: `2N + OVERFLOW` control bytes, as many slot words, and room for the slot of
/// every entry (used by `retain` only).
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct RawIndex<const N: usize> {
    /// Control bytes `0..N`. First in the struct: `init` fills a prefix of it (a fill of a
    /// prefix is what LLVM forwarded into the final place of a returned map; with the control
    /// bytes last, `new` filled a temporary and copied the whole index).
    ctrl_lo: [u8; N],
    /// Control bytes `N..2N`, directly after `ctrl_lo` (`#[repr(C)]`, no padding between `u8`
    /// arrays).
    ctrl_hi: [u8; N],
    /// Control bytes `2N..2N + OVERFLOW`, of the overflow slots.
    ctrl_tail: [u8; OVERFLOW],
    /// Slot words `0..N`, initialized where the control byte is not `EMPTY`.
    lo: [MaybeUninit<u32>; N],
    /// Slot words `N..2N`; directly after `lo` (no padding between `u32` arrays).
    hi: [MaybeUninit<u32>; N],
    /// Slot words `2N..2N + OVERFLOW`, of the overflow slots.
    words_tail: [MaybeUninit<u32>; OVERFLOW],
    /// `slots_of[i]` is the slot of entry `i`, but only between a call of
    /// [`track_slots`](Self::track_slots) and the next change to the index other than
    /// [`remove_tracked`](Self::remove_tracked) (`retain`); uninitialized or stale otherwise.
    slots_of: [MaybeUninit<u32>; N],
}

impl<const N: usize> RawIndex<N> {
    /// The number of slots.
    pub(crate) const SLOTS: usize = 2 * N + OVERFLOW;
    /// The number of home slots: homes are in `0..HOMES`.
    const HOMES: usize = 2 * N;
    /// The last slot a group may start at: a group read there ends at the last slot.
    const LAST_GROUP: usize = Self::SLOTS - Group::WIDTH;
    /// The low bits of a slot word: an entry position.
    pub(crate) const POS_MASK: u32 = ((N + 1).next_power_of_two() - 1) as u32;
    /// The high bits of a slot word: the tag.
    pub(crate) const TAG_MASK: u32 = !Self::POS_MASK;

    /// Makes the index behind `this` empty, in place: every control byte `EMPTY`, the slot words
    /// and `slots_of` left uninitialized. Checks at compile time that `N` fits the slot format.
    ///
    /// In place rather than by value: a `RawIndex` built as a value and then moved into the map
    /// was assembled in a temporary and copied (measured in `StackHashMap::new`), since LLVM did
    /// not forward the fill into the final place.
    ///
    /// # Safety
    ///
    /// - `this` is valid for writes and aligned; whatever it held is overwritten, not dropped.
    #[inline(always)]
    pub(crate) const unsafe fn init(this: *mut Self) {
        const {
            assert!(
                N <= (1 << 31) - OVERFLOW,
                "the capacity N of a StackHashMap must be at most 2^31 - 16"
            );
        };
        // SAFETY: `ctrl_lo`, `ctrl_hi` and `ctrl_tail` are the first `SLOTS` bytes of the
        // `#[repr(C)]` struct (no padding between `u8` arrays), valid for writes (caller). The
        // other fields may stay uninitialized (`MaybeUninit`).
        unsafe { ptr::write_bytes(this.cast::<u8>(), EMPTY, Self::SLOTS) };
    }

    /// The code of a 64-bit hash: the top bits of its two halves folded together (so hashers that
    /// produce only 32 bits, like FNV, work as well as 64-bit ones) make the tag; the low seven
    /// bits of the folded hash are the h2, where they are (no shift: one instruction fewer on
    /// every insertion and lookup, and `insert` 1-8% faster; book, performance chapter). From
    /// `N = 64` on they lie below the tag, within the position bits, so the h2 and the tag are
    /// disjoint bits of the hash.
    #[inline(always)]
    pub(crate) const fn tag(hash: u64) -> u32 {
        let folded = (hash ^ (hash >> 32)) as u32;
        (folded & Self::TAG_MASK) | (folded & 0x7f)
    }

    /// The h2 of a code: its low seven bits.
    #[inline(always)]
    const fn h2(code: u32) -> u8 {
        (code & 0x7f) as u8
    }

    /// The home slot of a code (or slot word): `tag * 2N / 2^32`, in `[0, 2N)`.
    #[inline(always)]
    pub(crate) const fn home(code: u32) -> usize {
        (((code & Self::TAG_MASK) as u64 * Self::HOMES as u64) >> 32) as usize
    }

    /// The slot after `pos`, wrapping at the end of the table.
    #[inline(always)]
    const fn next(pos: usize) -> usize {
        if pos + 1 == Self::SLOTS { 0 } else { pos + 1 }
    }

    /// Where the group after the one at `pos` starts: `Group::WIDTH` slots on, but at most at
    /// [`LAST_GROUP`](Self::LAST_GROUP), so the group lies within the table; after the group
    /// there (which ends at the last slot), at slot 0.
    #[inline(always)]
    const fn next_group(pos: usize) -> usize {
        if pos == Self::LAST_GROUP {
            0
        } else {
            let p = pos + Group::WIDTH;
            if p < Self::LAST_GROUP {
                p
            } else {
                Self::LAST_GROUP
            }
        }
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

    /// The entry position stored in a slot word.
    #[inline(always)]
    pub(crate) const fn position(slot: u32) -> usize {
        (slot & Self::POS_MASK) as usize
    }

    /// A pointer to control byte 0; the `SLOTS` control bytes follow it.
    #[inline(always)]
    fn ctrl_ptr(&self) -> *const u8 {
        ptr::from_ref(self).cast::<u8>()
    }

    /// The control byte at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS`.
    #[inline(always)]
    unsafe fn ctrl(&self, pos: usize) -> u8 {
        debug_assert!(pos < Self::SLOTS);
        // SAFETY: the control bytes are `SLOTS` adjacent bytes of `self` (`#[repr(C)]`
        // `u8` arrays), always initialized; `pos` is in bounds (caller). The pointer comes from
        // `&self`, and a raw place projection keeps the provenance of the whole struct.
        unsafe { self.ctrl_ptr().add(pos).read() }
    }

    /// Writes the control byte at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS`.
    #[inline(always)]
    unsafe fn set_ctrl(&mut self, pos: usize, byte: u8) {
        debug_assert!(pos < Self::SLOTS);
        let ctrl = ptr::from_mut(self).cast::<u8>();
        // SAFETY: `pos < SLOTS` (caller): within the `SLOTS` control bytes, reached from
        // `&mut self`.
        unsafe { ctrl.add(pos).write(byte) }
    }

    /// A pointer to slot word 0 of the index at `this` (with `this`'s provenance); the `SLOTS`
    /// slot words follow it.
    #[inline(always)]
    fn words(this: *const Self) -> *const u32 {
        // The offset of a field is within the struct; `wrapping_byte_add` keeps the provenance
        // of `this`.
        this.wrapping_byte_add(core::mem::offset_of!(Self, lo))
            .cast::<u32>()
    }

    /// The group of control bytes starting at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos <= LAST_GROUP`.
    #[inline(always)]
    unsafe fn group(&self, pos: usize) -> Group {
        debug_assert!(pos <= Self::LAST_GROUP);
        // SAFETY: `pos + Group::WIDTH <= SLOTS` since `pos <= LAST_GROUP` (caller): the bytes
        // are within the control bytes of `self`.
        unsafe { Group::load(self.ctrl_ptr().add(pos)) }
    }

    /// The slot word at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS` and the control byte at `pos` is not `EMPTY` (so the word was written).
    #[inline(always)]
    unsafe fn slot(&self, pos: usize) -> u32 {
        debug_assert!(pos < Self::SLOTS);
        // SAFETY: `pos < SLOTS` (caller).
        debug_assert!(unsafe { self.ctrl(pos) } != EMPTY);
        // SAFETY: `lo`, `hi` and `words_tail` are adjacent `MaybeUninit<u32>` arrays of a
        // `#[repr(C)]` struct, so the `SLOTS` `u32`s from `lo` on are the slot words;
        // `pos < SLOTS` and the slot is occupied, so its word was written (caller). The
        // pointer comes from `&self`, whose provenance covers the whole struct.
        unsafe { Self::words(ptr::from_ref(self)).add(pos).read() }
    }

    /// Writes the slot word at `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS`.
    #[inline(always)]
    unsafe fn set_slot(&mut self, pos: usize, slot: u32) {
        debug_assert!(pos < Self::SLOTS);
        let words = Self::words(ptr::from_mut(self)).cast_mut();
        // SAFETY: as in `slot`, `pos < SLOTS`; the pointer comes from `&mut self`.
        unsafe { words.add(pos).write(slot) }
    }

    /// Looks for an entry with code `code` for which `eq(position)` is `true`.
    ///
    /// Returns `Ok((slot position, entry position))` if found, else `Err(slot position)` of the
    /// empty slot that ends the probe sequence (where a new entry with this code goes). With
    /// `N == 0` there is no home slot: the result is `Err(0)`, which the caller never writes to (a
    /// zero-capacity map is always full).
    ///
    /// `eq` is only called with positions of occupied slots (below `len`) whose tag matches, not
    /// necessarily on the probe sequence of `code` (so `eq` must hold for at most one position,
    /// as key equality does). It may panic: nothing has been changed at that point.
    #[inline(always)]
    pub(crate) fn find(
        &self,
        code: u32,
        mut eq: impl FnMut(usize) -> bool,
    ) -> Result<(usize, usize), usize> {
        if N == 0 {
            return Err(0);
        }
        let tag = code & Self::TAG_MASK;
        let h2 = Self::h2(code);
        let mut pos = Self::home(code);
        loop {
            // SAFETY: `pos <= LAST_GROUP`: `home` is below `2N`, and `OVERFLOW >= Group::WIDTH`;
            // `next_group` stays at or below `LAST_GROUP`.
            let group = unsafe { self.group(pos) };
            // Every candidate of the group is checked, also those after its first empty slot
            // (not on the probe sequence): a key has one slot, on its probe sequence
            // (invariant 3), so a slot holding the key is that slot wherever it is. Not masking
            // them takes the empty-slot test off the path of a hit.
            let mut candidates = group.match_byte(h2);
            while let Some(bit) = candidates.lowest() {
                candidates = candidates.remove_lowest();
                // SAFETY: `pos + bit < SLOTS`, and its control byte is `h2`, not `EMPTY`, so its
                // word was written. A false match of the portable group is not `EMPTY` either:
                // only bytes below `0x80` match.
                let slot = unsafe { self.slot(pos + bit) };
                if slot & Self::TAG_MASK == tag && eq(Self::position(slot)) {
                    return Ok((pos + bit, Self::position(slot)));
                }
            }
            if let Some(bit) = group.match_empty().lowest() {
                return Err(pos + bit);
            }
            // No empty slot in this group. The next group covers the slots after this one (it
            // may overlap it, with slots that held no `EMPTY`), and after the last slot, slot 0:
            // the probe sequence, in order. Terminates: at most `N` of the `2N + OVERFLOW`
            // slots are occupied.
            pos = Self::next_group(pos);
        }
    }

    /// [`find`](Self::find) one slot at a time, reading control bytes one by one: the same
    /// contract and result. For the paths that write the index (insertion, `entry`, removal):
    /// measured, they were 1.3-3x slower with group loads (`insert` of 48 keys into a map of 64:
    /// 0.79 s against 0.25 s for 2M runs). A group load that overlaps a control byte stored
    /// shortly before cannot take the value from the store buffer and waits for the store to
    /// complete, while a byte load can; a map being written to is read where it was just
    /// written.
    #[inline(always)]
    pub(crate) fn find_scalar(
        &self,
        code: u32,
        mut eq: impl FnMut(usize) -> bool,
    ) -> Result<(usize, usize), usize> {
        if N == 0 {
            return Err(0);
        }
        let tag = code & Self::TAG_MASK;
        let h2 = Self::h2(code);
        let mut pos = Self::home(code);
        loop {
            // SAFETY: `home` and `next` stay below `SLOTS`.
            let ctrl = unsafe { self.ctrl(pos) };
            if ctrl == EMPTY {
                return Err(pos);
            }
            if ctrl == h2 {
                // SAFETY: `pos < SLOTS` is occupied.
                let slot = unsafe { self.slot(pos) };
                if slot & Self::TAG_MASK == tag && eq(Self::position(slot)) {
                    return Ok((pos, Self::position(slot)));
                }
            }
            // Terminates: at most `N` of the `SLOTS` slots are occupied.
            pos = Self::next(pos);
        }
    }

    /// Records a new entry at position `len` with code `code` in the empty slot `pos` returned
    /// by [`find`](Self::find) for that code.
    ///
    /// # Safety
    ///
    /// - `len < N`, and the map holds `len` entries (this one becomes entry `len`);
    /// - `pos` is the `Err` of a `find` for `code` made since the last change to the index.
    #[inline(always)]
    pub(crate) unsafe fn insert(&mut self, pos: usize, code: u32, len: usize) {
        debug_assert!(len < N);
        // SAFETY: `pos < SLOTS` is an empty slot ending `code`'s probe sequence (caller), so the
        // new slot is reachable from its home.
        unsafe {
            self.set_slot(pos, (code & Self::TAG_MASK) | len as u32);
            self.set_ctrl(pos, Self::h2(code));
        }
    }

    /// The entry position held by the occupied slot `pos`.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS` is occupied.
    #[inline(always)]
    pub(crate) unsafe fn position_at(&self, pos: usize) -> usize {
        // SAFETY: forwarded to the caller.
        Self::position(unsafe { self.slot(pos) })
    }

    /// Removes the entry whose slot is at `pos` from the index, for a map of `len` entries that is
    /// about to `swap_remove` that entry: the slot is freed (backward shift), and if the entry is
    /// not the last one, the last entry's slot is repointed to the removed entry's position.
    /// `last_code` is the code of the last entry's key, hashed again by the caller (ignored when
    /// the removed entry is the last one). Returns the removed entry's position.
    ///
    /// The last entry's slot is found by a lookup of `last_code`. If that misses (only when the
    /// key's hash changed while it was in the map, a logic error of the key type), every slot
    /// is searched instead, O(N), so the index and the entries still agree.
    ///
    /// # Safety
    ///
    /// - the map holds `len` entries, and `pos` is an occupied slot (the `Ok` of a `find` made
    ///   since the last change to the index);
    /// - the caller then `swap_remove`s the returned position from the entries, so the index and
    ///   the entries agree again.
    #[inline]
    pub(crate) unsafe fn remove(&mut self, pos: usize, len: usize, last_code: u32) -> usize {
        // SAFETY: forwarded to the caller.
        unsafe { self.remove_with::<false>(pos, len, last_code) }
    }

    /// [`remove`](Self::remove) for `TRACK == false`; with `TRACK`, the last entry's slot comes
    /// from `slots_of` (`last_code` is ignored) and `slots_of` is kept up to date.
    ///
    /// # Safety
    ///
    /// - as for `remove`;
    /// - with `TRACK`, `slots_of` is up to date, as for [`tracked_slot`](Self::tracked_slot).
    #[inline]
    unsafe fn remove_with<const TRACK: bool>(
        &mut self,
        pos: usize,
        len: usize,
        last_code: u32,
    ) -> usize {
        // SAFETY: `pos` is an occupied slot (caller).
        let removed = unsafe { self.position_at(pos) };
        debug_assert!(removed < len && len <= N);
        // SAFETY: `pos` is occupied (caller); with `TRACK`, `slots_of` is up to date (caller).
        unsafe { self.free::<TRACK>(pos) };
        let last = len - 1;
        if removed != last {
            let at = if TRACK {
                // SAFETY: `last < len`, tracked (caller) and kept up to date by `free`.
                unsafe { self.tracked_slot(last) }
            } else {
                // Invariant 3 holds again after `free`. Byte by byte, as `free` just stored
                // control bytes (see `find_scalar`).
                match self.find_scalar(last_code, |i| i == last) {
                    Ok((at, _)) => at,
                    Err(_) => self.search_slot(last),
                }
            };
            // SAFETY: `at < SLOTS` is occupied (it points at `last`); `removed < len <= N`.
            unsafe {
                self.repoint(at, removed);
                if TRACK {
                    self.slots_of.get_unchecked_mut(removed).write(at as u32);
                }
            }
        }
        removed
    }

    /// The slot pointing at entry `i`, found by looking at every slot: O(N). For a key whose
    /// hash changed while it was in the map.
    #[cold]
    #[inline(never)]
    fn search_slot(&self, i: usize) -> usize {
        (0..Self::SLOTS)
            // SAFETY: `pos < SLOTS`; the word is read only where the control byte is not `EMPTY`.
            .find(|&pos| unsafe { self.ctrl(pos) != EMPTY && self.position_at(pos) == i })
            // Invariant 1: every entry has a slot.
            .unwrap_or_else(|| unreachable!("entry {i} has no slot"))
    }

    /// Points the occupied slot `at` at entry position `i`, keeping its tag.
    ///
    /// # Safety
    ///
    /// - `at < SLOTS` is occupied.
    #[inline(always)]
    unsafe fn repoint(&mut self, at: usize, i: usize) {
        // SAFETY: `at < SLOTS` is occupied (caller).
        unsafe {
            let tag = self.slot(at) & Self::TAG_MASK;
            self.set_slot(at, tag | i as u32);
        }
    }

    /// Records the slot of every entry in `slots_of`, for [`tracked_slot`](Self::tracked_slot)
    /// and [`remove_tracked`](Self::remove_tracked). O(N).
    pub(crate) fn track_slots(&mut self) {
        for pos in 0..Self::SLOTS {
            // SAFETY: `pos < SLOTS`; the word is read only where the control byte is not `EMPTY`,
            // and its position is below `len <= N` (invariant 1), in bounds of `slots_of`.
            unsafe {
                if self.ctrl(pos) != EMPTY {
                    let i = self.position_at(pos);
                    self.slots_of.get_unchecked_mut(i).write(pos as u32);
                }
            }
        }
    }

    /// The slot of entry `i`, as recorded by [`track_slots`](Self::track_slots).
    ///
    /// # Safety
    ///
    /// - `i` is an entry's position, and `track_slots` was called since the last change to the
    ///   index other than [`remove_tracked`](Self::remove_tracked).
    #[inline]
    pub(crate) unsafe fn tracked_slot(&self, i: usize) -> usize {
        debug_assert!(i < N);
        // SAFETY: `i < len <= N`, and `slots_of[i]` was written by `track_slots` or kept up to
        // date by `remove_tracked` (caller).
        unsafe { self.slots_of.get_unchecked(i).assume_init() as usize }
    }

    /// [`remove`](Self::remove) that finds the last entry's slot in `slots_of` instead of by its
    /// code, and keeps `slots_of` up to date. For `retain`, which cannot hash.
    ///
    /// # Safety
    ///
    /// - as for `remove`;
    /// - `slots_of` is up to date, as for [`tracked_slot`](Self::tracked_slot).
    pub(crate) unsafe fn remove_tracked(&mut self, pos: usize, len: usize) -> usize {
        // SAFETY: forwarded to the caller.
        unsafe { self.remove_with::<true>(pos, len, 0) }
    }

    /// Frees the occupied slot `pos` by backward shift: each following slot of the cluster moves
    /// into the hole if its home is not after the hole, so every slot stays reachable from its
    /// home (invariant 3) without tombstones. With `TRACK`, `slots_of` follows the moved slots.
    ///
    /// # Safety
    ///
    /// - `pos < SLOTS` is occupied.
    #[inline]
    unsafe fn free<const TRACK: bool>(&mut self, pos: usize) {
        let mut hole = pos;
        let mut probe = Self::next(pos);
        loop {
            // SAFETY: `probe < SLOTS`; the loop ends at an empty slot, which exists because at most
            // `N` slots are occupied.
            let ctrl = unsafe { self.ctrl(probe) };
            if ctrl == EMPTY {
                break;
            }
            // SAFETY: `probe < SLOTS` is occupied.
            let slot = unsafe { self.slot(probe) };
            let home = Self::home(slot);
            // The slot may move back into the hole if the hole lies on its probe sequence, that
            // is in the cyclic interval [home, probe).
            if Self::distance(home, hole) < Self::distance(home, probe) {
                // SAFETY: `hole < SLOTS`.
                unsafe {
                    self.set_slot(hole, slot);
                    self.set_ctrl(hole, ctrl);
                    if TRACK {
                        // The slot's position is an entry's, below `len <= N` (invariant 1).
                        self.slots_of
                            .get_unchecked_mut(Self::position(slot))
                            .write(hole as u32);
                    }
                }
                hole = probe;
            }
            probe = Self::next(probe);
        }
        // SAFETY: `hole < SLOTS`.
        unsafe { self.set_ctrl(hole, EMPTY) };
    }

    /// Frees every slot. O(N).
    #[inline]
    pub(crate) fn clear(&mut self) {
        self.ctrl_lo.fill(EMPTY);
        self.ctrl_hi.fill(EMPTY);
        self.ctrl_tail.fill(EMPTY);
    }

    /// Checks the invariants against `len` entries whose codes are `code_of(i)`; panics on the
    /// first violation. For tests.
    #[cfg(test)]
    pub(crate) fn check(&self, len: usize, code_of: impl Fn(usize) -> u32) {
        let mut seen = [false; N];
        let mut occupied = 0;
        for pos in 0..Self::SLOTS {
            // SAFETY: `pos < SLOTS`.
            let ctrl = unsafe { self.ctrl(pos) };
            if ctrl == EMPTY {
                continue;
            }
            occupied += 1;
            // SAFETY: `pos < SLOTS` is occupied.
            let slot = unsafe { self.slot(pos) };
            let i = Self::position(slot);
            assert!(i < len, "slot {pos} points past the entries ({i} >= {len})");
            assert!(!seen[i], "entry {i} has two slots");
            seen[i] = true;
            let code = code_of(i);
            assert_eq!(
                slot & Self::TAG_MASK,
                code & Self::TAG_MASK,
                "tag of entry {i}"
            );
            assert_eq!(ctrl, Self::h2(code), "control byte of entry {i}");
            // What a removal relies on to repoint the last entry: a lookup of its code finds
            // its slot.
            assert_eq!(
                self.find_scalar(code, |j| j == i),
                Ok((pos, i)),
                "lookup of entry {i} by its code"
            );
            let mut probe = Self::home(slot);
            while probe != pos {
                assert_ne!(
                    // SAFETY: `probe < SLOTS`.
                    unsafe { self.ctrl(probe) },
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
    pub(crate) fn probe_lengths(&self) -> (usize, usize) {
        let (mut total, mut longest) = (0, 0);
        for pos in 0..Self::SLOTS {
            // SAFETY: `pos < SLOTS`; the word is read only where the control byte is not `EMPTY`.
            if unsafe { self.ctrl(pos) } == EMPTY {
                continue;
            }
            // SAFETY: as above.
            let home = Self::home(unsafe { self.slot(pos) });
            let probes = Self::distance(home, pos) + 1;
            total += probes;
            longest = longest.max(probes);
        }
        (total, longest)
    }
}

/// A group of control bytes, compared at once: 16 with SSE2, else 8 in a `u64` (SWAR).
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
mod group {
    pub(super) use super::sse2::Group;
}

/// A group of control bytes, compared at once: 16 with SSE2, else 8 in a `u64` (SWAR).
#[cfg(not(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
)))]
mod group {
    pub(super) use super::swar::Group;
}

/// The portable group: 8 control bytes in a `u64`, compared with word arithmetic. Compiled on
/// every target (and tested everywhere), used where SSE2 is missing.
#[cfg_attr(
    all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ),
    allow(dead_code)
)]
pub(crate) mod swar {
    use super::EMPTY;

    /// The lowest bit of every byte.
    const LOW: u64 = 0x0101_0101_0101_0101;
    /// The highest bit of every byte.
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// A set of byte indices in a group: bit 7 of byte `i` (little-endian order) stands for
    /// index `i`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct BitMask(pub(crate) u64);

    impl BitMask {
        /// The lowest index in the set.
        #[inline(always)]
        pub(crate) fn lowest(self) -> Option<usize> {
            if self.0 == 0 {
                None
            } else {
                Some(self.0.trailing_zeros() as usize / 8)
            }
        }

        /// The set without its lowest index.
        #[inline(always)]
        #[must_use]
        pub(crate) fn remove_lowest(self) -> Self {
            Self(self.0 & self.0.wrapping_sub(1))
        }
    }

    /// Eight control bytes.
    #[derive(Clone, Copy)]
    pub(crate) struct Group(u64);

    impl Group {
        /// The number of control bytes in a group.
        pub(crate) const WIDTH: usize = 8;

        /// Loads the eight bytes at `ptr`.
        ///
        /// # Safety
        ///
        /// - `ptr` is valid for reads of 8 initialized bytes (any alignment).
        #[inline(always)]
        pub(crate) unsafe fn load(ptr: *const u8) -> Self {
            // SAFETY: valid for an unaligned 8-byte read (caller).
            Self(u64::from_le(unsafe { ptr.cast::<u64>().read_unaligned() }))
        }

        /// The bytes equal to `h2` (below `0x80`). May include, rarely, a byte just above a
        /// true match that differs from `h2` only in its lowest bit (a borrow of the
        /// subtraction); callers check the slot anyway. Never misses a match.
        #[inline(always)]
        pub(crate) fn match_byte(self, h2: u8) -> BitMask {
            let x = self.0 ^ (LOW * u64::from(h2));
            BitMask(x.wrapping_sub(LOW) & !x & HIGH)
        }

        /// The `EMPTY` bytes: exactly those with the high bit set.
        #[inline(always)]
        pub(crate) fn match_empty(self) -> BitMask {
            const { assert!(EMPTY == 0x80) };
            BitMask(self.0 & HIGH)
        }
    }
}

/// The SSE2 group: 16 control bytes in an `__m128i`, compared with `pcmpeqb` and `pmovmskb`.
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
pub(crate) mod sse2 {
    #[cfg(target_arch = "x86")]
    use core::arch::x86 as arch;
    #[cfg(target_arch = "x86_64")]
    use core::arch::x86_64 as arch;

    /// A set of byte indices in a group: bit `i` stands for index `i`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) struct BitMask(pub(crate) u32);

    impl BitMask {
        /// The lowest index in the set.
        #[inline(always)]
        pub(crate) fn lowest(self) -> Option<usize> {
            if self.0 == 0 {
                None
            } else {
                Some(self.0.trailing_zeros() as usize)
            }
        }

        /// The set without its lowest index.
        #[inline(always)]
        #[must_use]
        pub(crate) fn remove_lowest(self) -> Self {
            Self(self.0 & self.0.wrapping_sub(1))
        }
    }

    /// Sixteen control bytes.
    #[derive(Clone, Copy)]
    pub(crate) struct Group(arch::__m128i);

    impl Group {
        /// The number of control bytes in a group.
        pub(crate) const WIDTH: usize = 16;

        /// Loads the sixteen bytes at `ptr`.
        ///
        /// # Safety
        ///
        /// - `ptr` is valid for reads of 16 initialized bytes (any alignment).
        #[inline(always)]
        pub(crate) unsafe fn load(ptr: *const u8) -> Self {
            // SAFETY: `loadu` reads 16 bytes at any alignment; valid for reads (caller). SSE2 is
            // enabled (cfg).
            Self(unsafe { arch::_mm_loadu_si128(ptr.cast()) })
        }

        /// The bytes equal to `h2`. Exact.
        #[inline(always)]
        pub(crate) fn match_byte(self, h2: u8) -> BitMask {
            // SAFETY: SSE2 is enabled (cfg); these intrinsics only compute on registers.
            unsafe {
                let eq = arch::_mm_cmpeq_epi8(self.0, arch::_mm_set1_epi8(h2 as i8));
                BitMask(arch::_mm_movemask_epi8(eq) as u32)
            }
        }

        /// The `EMPTY` bytes: exactly those with the high bit set.
        #[inline(always)]
        pub(crate) fn match_empty(self) -> BitMask {
            // SAFETY: SSE2 is enabled (cfg); `movemask` collects the high bit of every byte, set
            // only in `EMPTY` (occupied bytes are below `0x80`).
            BitMask(unsafe { arch::_mm_movemask_epi8(self.0) } as u32)
        }
    }
}
