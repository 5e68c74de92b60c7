//! The raw layer of the TLSF heap: block headers, the size-class mapping and the region bounds.
//!
//! A block starts with a one-word header, `size | flags`; `size` counts the whole block (header
//! included) and is a multiple of [`GRANULE`] (two words), which leaves the low bits for the flags
//! [`FREE`] and [`PREV_FREE`]. Block starts sit one word below a granule boundary, so every
//! payload (`header + WORD`) is granule-aligned. A free block also holds two free-list links
//! (`header + WORD`, `header + 2 * WORD`) and a footer, its size, in its last word; the footer is
//! read only when the next block's header has [`PREV_FREE`] set. A region ends with a two-word
//! sentinel: a header of size 0 (never free), then a link to the first block of the previously
//! claimed region (null for the oldest one).

use core::ptr::{self, NonNull};

/// Bytes in a machine word: the header size.
pub(super) const WORD: usize = size_of::<usize>();
/// The allocation granule: block sizes and payload alignment are multiples of it.
pub(super) const GRANULE: usize = 2 * WORD;
/// The smallest block: a header, two links and a footer.
pub(super) const MIN_BLOCK: usize = 2 * GRANULE;
/// Header flag: the block is free.
pub(super) const FREE: usize = 1;
/// Header flag: the block before this one (in address order) is free, so its footer is valid.
pub(super) const PREV_FREE: usize = 2;
const FLAGS: usize = GRANULE - 1;

/// `log2(GRANULE)`.
const GRANULE_SHIFT: u32 = GRANULE.trailing_zeros();

/// `log2` of the number of second-level lists per first-level class: 32 lists (classes 3.125%
/// wide) on 64-bit targets, 8 (12.5%) on 32- and 16-bit ones, whose RAM is scarcer. The good-fit
/// search rounds a request up to the next class boundary, so narrower classes leave fewer
/// fitting blocks unused: 32 instead of 16 lists took talc's heap-efficiency program from 96.5%
/// to 97.1% of the heap (book, "Heap benchmarks").
pub(super) const SL_SHIFT: u32 = if usize::BITS >= 64 { 5 } else { 3 };
/// Second-level lists per first-level class.
pub(super) const SL_COUNT: usize = 1 << SL_SHIFT;

/// `log2` of the bound on a block size (exclusive): 1 TiB on 64-bit targets, the whole address
/// space on smaller ones. It sets the number of first-level classes, so the table of list heads.
const MAX_BITS: u32 = if usize::BITS > 40 { 40 } else { usize::BITS };

/// The largest block size. A claimed region is cut to it.
pub(super) const MAX_BLOCK: usize = if usize::BITS > 40 {
    (1 << 40) - GRANULE
} else {
    usize::MAX & !FLAGS
};

/// First-level classes: class 0 holds the sizes below `SL_COUNT` granules in exact steps of one
/// granule; class `f >= 1` holds `[2^(f + SL_SHIFT - 1), 2^(f + SL_SHIFT))` granules in
/// `SL_COUNT` equal steps.
pub(super) const FL_COUNT: usize = (MAX_BITS - GRANULE_SHIFT - SL_SHIFT + 1) as usize;

const _: () = assert!(
    FL_COUNT <= usize::BITS as usize,
    "one bit per class in a usize"
);
const _: () = assert!(SL_COUNT <= u32::BITS as usize, "one bit per list in a u32");

/// The block size (header included) that holds `size` payload bytes at granule alignment, or
/// `None` if it would exceed [`MAX_BLOCK`].
#[inline(always)]
pub(super) const fn block_size(size: usize) -> Option<usize> {
    if size > MAX_BLOCK - WORD {
        return None;
    }
    let rounded = (size + WORD + FLAGS) & !FLAGS;
    Some(if rounded < MIN_BLOCK {
        MIN_BLOCK
    } else {
        rounded
    })
}

/// The `(first, second)` level list of a free block of `size` bytes (a multiple of the granule,
/// at least [`MIN_BLOCK`], at most [`MAX_BLOCK`]).
#[inline(always)]
pub(super) const fn class_of(size: usize) -> (usize, usize) {
    let units = size >> GRANULE_SHIFT;
    if units < SL_COUNT {
        (0, units)
    } else {
        let top = units.ilog2();
        let fl = (top - SL_SHIFT + 1) as usize;
        let sl = (units >> (top - SL_SHIFT)) ^ SL_COUNT;
        (fl, sl)
    }
}

/// The first list whose blocks all hold `size` bytes: `size` rounded up to the next class
/// boundary, then classed. `None` past the last class.
///
/// One bit scan: the size in class steps, plus one if bits below the step are set, gives the
/// list; a carry out of the last list of a first-level class moves to the next one.
#[inline(always)]
pub(super) const fn class_at_least(size: usize) -> Option<(usize, usize)> {
    let units = size >> GRANULE_SHIFT;
    if units < SL_COUNT {
        return Some((0, units));
    }
    let top = units.ilog2();
    let shift = top - SL_SHIFT;
    // In `[SL_COUNT, 2 * SL_COUNT]`.
    let steps = (units >> shift) + ((units & ((1 << shift) - 1)) != 0) as usize;
    let fl = (top - SL_SHIFT + 1) as usize + (steps >> (SL_SHIFT + 1));
    if fl >= FL_COUNT {
        return None;
    }
    Some((fl, steps & (SL_COUNT - 1)))
}

/// The smallest block size of list `(fl, sl)`.
#[cfg(any(test, feature = "debug-invariants"))]
pub(super) const fn class_start(fl: usize, sl: usize) -> usize {
    if fl == 0 {
        sl << GRANULE_SHIFT
    } else {
        (SL_COUNT + sl) << (fl - 1 + GRANULE_SHIFT as usize)
    }
}

/// The first block header and the sentinel header of a region of `len` bytes at address `start`:
/// `(first, sentinel)` with `sentinel - first` (the first block's size) at least [`MIN_BLOCK`]
/// and at most [`MAX_BLOCK`], or `None` if the region cannot hold a block.
///
/// Only addresses are computed, with checked arithmetic: a region may end at the very end of the
/// address space (`start + len == 2^BITS`, not representable).
pub(super) const fn region_bounds(start: usize, len: usize) -> Option<(usize, usize)> {
    if len == 0 {
        return None;
    }
    let Some(last) = start.checked_add(len - 1) else {
        return None;
    };
    // The first header: one word below the first granule boundary that leaves room for it.
    let Some(bumped) = start.checked_add(WORD + FLAGS) else {
        return None;
    };
    let first = (bumped & !FLAGS) - WORD;
    let Some(sentinel) = sentinel_before(last) else {
        return None;
    };
    if sentinel < first || sentinel - first < MIN_BLOCK {
        return None;
    }
    let size = if sentinel - first > MAX_BLOCK {
        MAX_BLOCK
    } else {
        sentinel - first
    };
    Some((first, first + size))
}

/// The highest sentinel address whose two words end at or before the byte `last`, or `None`.
pub(super) const fn sentinel_before(last: usize) -> Option<usize> {
    // The sentinel is one word below a granule boundary `b` with `b + WORD - 1 <= last`.
    let Some(limit) = last.checked_sub(WORD - 1) else {
        return None;
    };
    (limit & !FLAGS).checked_sub(WORD)
}

/// A block header inside a claimed region (or a region's sentinel).
///
/// Invariant: the pointer is the header word of a block of a region claimed by a live heap, with
/// provenance for the whole region, and it is only used by that heap while it is borrowed. Every
/// method relies on this; methods that read a free block's links or footer are `unsafe` on top,
/// since those words belong to the user while the block is allocated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Block(NonNull<u8>);

impl core::fmt::Debug for Block {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Block({:#x})", self.addr())
    }
}

impl Block {
    /// # Safety
    ///
    /// - `ptr` is (or is about to be written as) the header of a block or sentinel of a region
    ///   the heap has claimed, and is valid for the whole region (the [`Block`] invariant).
    #[inline(always)]
    pub(super) const unsafe fn new(ptr: NonNull<u8>) -> Self {
        Self(ptr)
    }

    /// The block holding the payload `ptr`.
    ///
    /// # Safety
    ///
    /// - `ptr` was returned by the heap's allocation and is still allocated.
    #[inline(always)]
    pub(super) unsafe fn from_payload(ptr: NonNull<u8>) -> Self {
        // SAFETY: payloads sit one word after their header, inside the same region.
        Self(unsafe { ptr.sub(WORD) })
    }

    #[inline(always)]
    pub(super) fn addr(self) -> usize {
        self.0.as_ptr().addr()
    }

    /// The payload pointer of an allocated block.
    #[inline(always)]
    pub(super) fn payload(self) -> NonNull<u8> {
        // SAFETY: a block is at least `MIN_BLOCK` bytes, so header + WORD is inside it.
        unsafe { self.0.add(WORD) }
    }

    #[inline(always)]
    pub(super) fn header(self) -> usize {
        // SAFETY: the header word is heap-owned, aligned to a word (block starts are one word
        // below a granule boundary) and initialized (the Block invariant).
        unsafe { self.0.cast::<usize>().read() }
    }

    #[inline(always)]
    pub(super) fn set_header(self, header: usize) {
        // SAFETY: as in `header`; only the heap writes it, through `&mut Heap`.
        unsafe { self.0.cast::<usize>().write(header) }
    }

    /// The block's size (0 for a sentinel).
    #[inline(always)]
    pub(super) fn size(self) -> usize {
        self.header() & !FLAGS
    }

    #[inline(always)]
    pub(super) fn is_free(self) -> bool {
        self.header() & FREE != 0
    }

    #[inline(always)]
    pub(super) fn prev_is_free(self) -> bool {
        self.header() & PREV_FREE != 0
    }

    #[inline(always)]
    pub(super) fn set_prev_free(self) {
        self.set_header(self.header() | PREV_FREE);
    }

    #[inline(always)]
    pub(super) fn clear_prev_free(self) {
        self.set_header(self.header() & !PREV_FREE);
    }

    /// The next block in address order (the sentinel after the last one).
    ///
    /// Must not be called on a sentinel.
    #[inline(always)]
    pub(super) fn next(self) -> Self {
        debug_assert!(self.size() != 0, "next of a sentinel");
        // SAFETY: a block's end is the next block's header or the sentinel, in the same region.
        Self(unsafe { self.0.add(self.size()) })
    }

    /// The block `offset` bytes further, inside this one (a split).
    ///
    /// # Safety
    ///
    /// - `offset <= self.size()`, and a header will be written there before other use.
    #[inline(always)]
    pub(super) unsafe fn split_at(self, offset: usize) -> Self {
        debug_assert!(offset <= self.size());
        // SAFETY: inside this block (caller), so inside the region.
        Self(unsafe { self.0.add(offset) })
    }

    /// The previous block in address order, found through its footer.
    ///
    /// # Safety
    ///
    /// - [`prev_is_free`](Self::prev_is_free) is true (the footer is written).
    #[inline(always)]
    pub(super) unsafe fn prev(self) -> Self {
        debug_assert!(self.prev_is_free());
        // SAFETY: the previous block is free, so its last word (just below this header) is its
        // footer, its size; the previous block starts that many bytes lower, in the same region.
        unsafe {
            let size = self.0.sub(WORD).cast::<usize>().read();
            Self(self.0.sub(size))
        }
    }

    /// Writes the footer of a free block (its size, in its last word).
    ///
    /// # Safety
    ///
    /// - The block is free (its payload is heap-owned) and its header is written.
    #[inline(always)]
    pub(super) unsafe fn write_footer(self) {
        let size = self.size();
        // SAFETY: the last word of a free block is heap-owned and word-aligned (sizes are
        // multiples of the granule).
        unsafe { self.0.add(size - WORD).cast::<usize>().write(size) }
    }

    /// The free-list links `(next, prev)`.
    ///
    /// # Safety
    ///
    /// - The block is free and linked (its links were written by `set_links`).
    #[inline(always)]
    pub(super) unsafe fn links(self) -> (Option<Self>, Option<Self>) {
        // SAFETY: a free block's second and third words are its links, heap-owned, aligned and
        // written with pointers into claimed regions (or null).
        unsafe {
            let words = self.0.add(WORD).cast::<*mut u8>();
            (
                NonNull::new(words.read()).map(Self),
                NonNull::new(words.add(1).read()).map(Self),
            )
        }
    }

    /// Writes the free-list link to the next block of the list.
    ///
    /// # Safety
    ///
    /// - The block is free.
    #[inline(always)]
    pub(super) unsafe fn set_next_link(self, next: Option<Self>) {
        // SAFETY: a free block's second word is heap-owned and aligned.
        unsafe { self.0.add(WORD).cast::<*mut u8>().write(raw(next)) }
    }

    /// Writes the free-list link to the previous block of the list.
    ///
    /// # Safety
    ///
    /// - The block is free.
    #[inline(always)]
    pub(super) unsafe fn set_prev_link(self, prev: Option<Self>) {
        // SAFETY: the block is free (caller), so its third word is heap-owned and aligned.
        unsafe { self.prev_link_slot().write(prev) }
    }

    /// The free-list link to the previous block (the third word), as a place: a link word has
    /// the layout of an `Option<Block>` (a pointer, null for `None`).
    ///
    /// # Safety
    ///
    /// - The block is free (the word is heap-owned while it is).
    #[inline(always)]
    pub(super) unsafe fn prev_link_slot(self) -> *mut Option<Self> {
        // SAFETY: a free block's third word is inside it (caller).
        unsafe { self.0.add(2 * WORD).cast::<Option<Self>>().as_ptr() }
    }

    /// A sentinel's link to the first block of the previously claimed region.
    ///
    /// # Safety
    ///
    /// - The block is a sentinel (size 0).
    #[inline(always)]
    pub(super) unsafe fn region_link(self) -> Option<Self> {
        debug_assert_eq!(self.size(), 0);
        // SAFETY: a sentinel is two heap-owned words; the second is the link.
        NonNull::new(unsafe { self.0.add(WORD).cast::<*mut u8>().read() }).map(Self)
    }

    /// Writes a sentinel's link.
    ///
    /// # Safety
    ///
    /// - The block is a sentinel (two heap-owned words).
    #[inline(always)]
    pub(super) unsafe fn set_region_link(self, link: Option<Self>) {
        // SAFETY: as in `region_link`.
        unsafe { self.0.add(WORD).cast::<*mut u8>().write(raw(link)) }
    }
}

#[inline(always)]
fn raw(block: Option<Block>) -> *mut u8 {
    match block {
        Some(b) => b.0.as_ptr(),
        None => ptr::null_mut(),
    }
}
