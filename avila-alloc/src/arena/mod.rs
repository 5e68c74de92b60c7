//! Bump arenas: [`Arena<'buf>`] over a caller's buffer and [`StackArena<N>`] over inline storage.
//!
//! Both are the one type [`BumpArena<S, MIN_ALIGN>`] over a different [`Storage`], so every
//! method below exists once. Allocation takes `&self` and returns `&mut T` borrowed from the
//! arena (the bump offset is a `Cell`), so many values can be allocated and used side by side;
//! [`reset`](BumpArena::reset) and [`checkpoint`](BumpArena::checkpoint) take `&mut self`, which
//! the borrow checker only grants once every value handed out is gone.
//!
//! **Values are never dropped.** An arena hands out memory and forgets it: `Drop` of a value
//! allocated in it does not run, not at `reset`, not when the arena goes away. Allocate plain
//! data, or drop values yourself with [`core::ptr::drop_in_place`] before they are forgotten.
//! For values of one type that must be dropped, use `TypedArena<T>` (feature `alloc`): it grows
//! in chunks from the global allocator and drops every value when it is dropped.
//!
//! # Examples
//!
//! ```
//! use avila_alloc::{Arena, StackArena};
//! use core::mem::MaybeUninit;
//!
//! // Over a caller's buffer (a stack array here; a `static` or a slice of any memory works too),
//! // aligned so that the first values need no padding.
//! #[repr(align(16))]
//! struct Buffer([MaybeUninit<u8>; 256]);
//! let mut buf = Buffer([MaybeUninit::uninit(); 256]);
//! let arena = Arena::new(&mut buf.0);
//! let x = arena.alloc(41_u64);
//! let name = arena.alloc_str("arena");
//! *x += 1;
//! assert_eq!((*x, &*name), (42, "arena"));
//!
//! // Over inline storage.
//! let arena: StackArena<128> = StackArena::new();
//! let squares = arena.alloc_slice_fill_with(4, |i| i * i);
//! assert_eq!(squares, [0, 1, 4, 9]);
//! assert!(arena.try_alloc([0_u8; 200]).is_err());
//! ```

// Allocation through `&self` hands out `&mut` to bytes no other reference reaches (the bump offset
// is a `Cell`), as bumpalo does.
#![allow(
    clippy::mut_from_ref,
    reason = "each `&mut` returned from `&self` is a fresh, disjoint block of the buffer"
)]

mod checkpoint;
pub mod generational;
#[cfg(all(test, avila_cas))]
mod mpmc_tests;
mod offset;
// `std` for the thread-local shard number; native compare-and-swap for its counter (a `core`
// atomic in a `static`, which loom's cannot be).
#[cfg(all(feature = "std", target_has_atomic = "ptr"))]
mod per_core;
#[cfg(all(test, feature = "std", target_has_atomic = "ptr"))]
mod per_core_tests;
pub mod scope;
#[cfg(test)]
mod scope_tests;
mod storage;
#[cfg(test)]
mod tests;
#[cfg(feature = "std")]
pub mod thread_arena;
#[cfg(feature = "alloc")]
mod typed;
#[cfg(all(test, feature = "alloc"))]
mod typed_tests;

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::mem::{self, MaybeUninit};
use core::ptr::{self, NonNull};
use core::slice;

pub use self::checkpoint::Checkpoint;
pub use self::generational::{GenArena, GenKey};
#[cfg(avila_cas)]
pub use self::offset::AtomicOffset;
pub use self::offset::Offset;
#[cfg(all(feature = "std", target_has_atomic = "ptr"))]
pub use self::per_core::PerCoreArena;
pub use self::scope::{Scope, ScopeArena, ScopeBumpArena, StackScopeArena};
use self::storage::BASE_ALIGN;
pub use self::storage::{BorrowedBuffer, InlineBuffer, Storage};
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
pub use self::typed::{IterMut, TypedArena};
use crate::error::{AllocError, AllocErrorKind, CapacityError, capacity_overflow};
use crate::heap::copy_bytes;

#[cfg(feature = "allocator-api2")]
mod allocator_api2;

/// A bump arena over a caller's buffer of `'buf` (a `&mut [MaybeUninit<u8>]`: a stack array, a
/// `static`, a slice of any memory), with no global allocator. See [`BumpArena`] for the methods.
///
/// Every allocation is aligned to at least `MIN_ALIGN` (a power of two, 1 by default; set it with
/// [`new_aligned`](BumpArena::new_aligned)).
///
/// **Values are never dropped**: see the [module docs](self).
///
/// # Examples
///
/// ```
/// use avila_alloc::Arena;
/// use core::mem::MaybeUninit;
///
/// let mut buf = [MaybeUninit::<u8>::uninit(); 64];
/// let arena: Arena<'_, 16> = Arena::new_aligned(&mut buf); // every allocation 16-aligned
/// let a = arena.alloc(1_u8);
/// let b = arena.alloc(2_u8);
/// assert_eq!((a as *mut u8 as usize) % 16, 0);
/// assert_eq!((b as *mut u8 as usize) % 16, 0);
/// ```
pub type Arena<'buf, const MIN_ALIGN: usize = 1> = BumpArena<BorrowedBuffer<'buf>, MIN_ALIGN>;

/// A bump arena over `N` bytes of inline storage. See [`BumpArena`] for the methods.
///
/// Every allocation is aligned to at least `MIN_ALIGN` (a power of two, 1 by default). The
/// storage is aligned to 16; the arena aligns each allocation by its address, so bytes of `N`
/// may go to padding between values of different alignments.
///
/// **Values are never dropped**: see the [module docs](self).
///
/// # Examples
///
/// ```
/// use avila_alloc::StackArena;
///
/// let arena: StackArena<64> = StackArena::new();
/// let v = arena.alloc_slice_copy(&[1_u32, 2, 3]);
/// v[0] = 10;
/// assert_eq!(v, [10, 2, 3]);
/// assert!(arena.used() >= 12);
/// ```
pub type StackArena<const N: usize, const MIN_ALIGN: usize = 1> =
    BumpArena<InlineBuffer<N>, MIN_ALIGN>;

/// The bump arena behind [`Arena`] and [`StackArena`]: allocation moves an offset up through a
/// buffer, nothing is freed one by one, [`reset`](Self::reset) frees everything.
///
/// - The bump offset is a `Cell`: allocation takes `&self` and returns a `&mut T` that lives as
///   long as that borrow, so allocated values can be used together; the arena is `!Sync`.
/// - Each allocation is aligned to its type's alignment (or the [`Layout`]'s, for
///   [`alloc_layout`](Self::alloc_layout)) and to at least `MIN_ALIGN`.
/// - **Values are never dropped** (see the [module docs](self)).
/// - Zero-sized values take no space and never fail.
/// - Full: the `try_*` methods give the value back in a [`CapacityError`]; the others panic.
///
/// Every allocation is O(1) (plus the copy or fill of a slice); `reset` is O(1).
pub struct BumpArena<S: Storage, const MIN_ALIGN: usize = 1, O: Offset = Cell<usize>> {
    /// Offset of the first free byte: bytes `[0, top)` of the buffer may be in use, bytes
    /// `[top, capacity)` are free. Invariant: `top <= storage.capacity()`.
    top: O,
    storage: S,
}

impl<'buf> BumpArena<BorrowedBuffer<'buf>> {
    /// An arena handing out the bytes of `buf`, with no minimum alignment (`MIN_ALIGN = 1`;
    /// [`new_aligned`](Self::new_aligned) sets one).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::Arena;
    /// use core::mem::MaybeUninit;
    ///
    /// let mut buf = [MaybeUninit::<u8>::uninit(); 32];
    /// let arena = Arena::new(&mut buf);
    /// // Bytes before the first 16-aligned one are skipped.
    /// assert!((17..=32).contains(&arena.capacity()));
    /// assert_eq!(arena.used(), 0);
    /// ```
    #[inline]
    #[must_use]
    pub fn new(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        Self::new_aligned(buf)
    }
}

impl<'buf, const MIN_ALIGN: usize> BumpArena<BorrowedBuffer<'buf>, MIN_ALIGN> {
    /// An arena handing out the bytes of `buf`, each allocation aligned to at least `MIN_ALIGN`
    /// (named in the type: `Arena<'_, 16>`).
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::Arena;
    /// use core::mem::MaybeUninit;
    ///
    /// let mut buf = [MaybeUninit::<u8>::uninit(); 32];
    /// let arena: Arena<'_, 8> = Arena::new_aligned(&mut buf);
    /// assert_eq!((arena.alloc(1_u8) as *const u8).addr() % 8, 0);
    /// ```
    #[inline]
    #[must_use]
    pub fn new_aligned(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        const { check_min_align(MIN_ALIGN) };
        Self {
            top: Cell::new(0),
            storage: BorrowedBuffer::new(buf),
        }
    }
}

impl<const N: usize> BumpArena<InlineBuffer<N>> {
    /// An empty arena of `N` inline bytes with no minimum alignment (`MIN_ALIGN = 1`;
    /// [`new_aligned`](Self::new_aligned) sets one); a `const fn`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena = StackArena::<16>::new();
    /// assert_eq!(arena.remaining(), 16);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self::new_aligned()
    }
}

impl<const N: usize, const MIN_ALIGN: usize> BumpArena<InlineBuffer<N>, MIN_ALIGN> {
    /// An empty arena of `N` inline bytes, each allocation aligned to at least `MIN_ALIGN`
    /// (named in the type: `StackArena<N, 16>`); a `const fn`.
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64, 8> = StackArena::new_aligned();
    /// assert_eq!((arena.alloc(1_u8) as *const u8).addr() % 8, 0);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new_aligned() -> Self {
        const { check_min_align(MIN_ALIGN) };
        Self {
            top: Cell::new(0),
            storage: InlineBuffer::new(),
        }
    }
}

impl<const N: usize, const MIN_ALIGN: usize> Default for BumpArena<InlineBuffer<N>, MIN_ALIGN> {
    fn default() -> Self {
        Self::new_aligned()
    }
}

/// A bump arena over a caller's buffer that many threads allocate from at once: [`Arena`] with
/// an atomic offset. See [`BumpArena`] for the methods.
///
/// Allocation takes `&self` and is lock-free: each one moves the offset with a
/// compare-exchange, retried when another thread moved it first, so blocks handed out to
/// different threads never overlap. The arena is `Sync`; share it by reference (scoped threads,
/// a `static`, an `Arc`). [`reset`](BumpArena::reset) and checkpoints take `&mut self`, so they
/// wait until no thread holds the arena or a value from it. Growing or shrinking the last block
/// in place ([`try_extend_last`](BumpArena::try_extend_last), [`shrink_last`](BumpArena::shrink_last),
/// the `Allocator`'s `grow`, `shrink` and `deallocate`) works when no other thread allocated
/// after that block; otherwise the block is treated as not the last one.
///
/// Every allocation is aligned to at least `MIN_ALIGN` (a power of two, 1 by default).
///
/// **Values are never dropped**: see the [module docs](self).
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::MpmcArena;
/// use core::mem::MaybeUninit;
///
/// #[repr(align(16))]
/// struct Buffer([MaybeUninit<u8>; 4096]);
/// let mut buf = Buffer([MaybeUninit::uninit(); 4096]);
/// let arena = MpmcArena::new(&mut buf.0);
/// let (a, b) = std::thread::scope(|s| {
///     let a = s.spawn(|| arena.alloc_slice_fill_with(100, |i| i as u32));
///     let b = s.spawn(|| arena.alloc_str("from the other thread"));
///     (a.join().unwrap(), b.join().unwrap())
/// });
/// assert_eq!(a[99], 99);
/// assert_eq!(b, "from the other thread");
/// // Plus up to 3 bytes of padding before the `u32`s when the string came first.
/// assert!((400 + 21..=400 + 21 + 3).contains(&arena.used()));
/// ```
#[cfg(avila_cas)]
pub type MpmcArena<'buf, const MIN_ALIGN: usize = 1> =
    BumpArena<BorrowedBuffer<'buf>, MIN_ALIGN, AtomicOffset>;

/// A bump arena over `N` inline bytes that many threads allocate from at once: [`StackArena`]
/// with an atomic offset, usable in a `static`. See [`MpmcArena`] for how sharing works and
/// [`BumpArena`] for the methods.
///
/// **Values are never dropped**: see the [module docs](self).
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::StackMpmcArena;
///
/// static SCRATCH: StackMpmcArena<1024> = StackMpmcArena::new();
///
/// let names: Vec<&str> = std::thread::scope(|s| {
///     let workers: Vec<_> = (0..4)
///         .map(|i| s.spawn(move || &*SCRATCH.alloc_str(["zero", "one", "two", "three"][i])))
///         .collect();
///     workers.into_iter().map(|w| w.join().unwrap()).collect()
/// });
/// assert_eq!(names, ["zero", "one", "two", "three"]);
/// assert_eq!(SCRATCH.used(), 4 + 3 + 3 + 5);
/// ```
#[cfg(avila_cas)]
pub type StackMpmcArena<const N: usize, const MIN_ALIGN: usize = 1> =
    BumpArena<InlineBuffer<N>, MIN_ALIGN, AtomicOffset>;

#[cfg(avila_cas)]
impl<'buf> BumpArena<BorrowedBuffer<'buf>, 1, AtomicOffset> {
    /// An arena handing out the bytes of `buf` to many threads at once, with no minimum
    /// alignment ([`new_aligned`](Self::new_aligned) sets one). Up to 15 bytes at the start of an
    /// unaligned buffer are skipped, as for [`Arena`].
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::MpmcArena;
    /// use core::mem::MaybeUninit;
    ///
    /// let mut buf = [MaybeUninit::<u8>::uninit(); 64];
    /// let arena = MpmcArena::new(&mut buf);
    /// assert!((49..=64).contains(&arena.capacity()));
    /// ```
    #[inline]
    #[must_use]
    pub fn new(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        Self::new_aligned(buf)
    }
}

#[cfg(avila_cas)]
impl<'buf, const MIN_ALIGN: usize> BumpArena<BorrowedBuffer<'buf>, MIN_ALIGN, AtomicOffset> {
    /// An arena handing out the bytes of `buf` to many threads at once, each allocation aligned
    /// to at least `MIN_ALIGN` (named in the type: `MpmcArena<'_, 16>`).
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::MpmcArena;
    /// use core::mem::MaybeUninit;
    ///
    /// let mut buf = [MaybeUninit::<u8>::uninit(); 64];
    /// let arena: MpmcArena<'_, 8> = MpmcArena::new_aligned(&mut buf);
    /// assert_eq!((arena.alloc(1_u8) as *const u8).addr() % 8, 0);
    /// ```
    #[inline]
    #[must_use]
    pub fn new_aligned(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        const { check_min_align(MIN_ALIGN) };
        Self {
            top: AtomicOffset::new(),
            storage: BorrowedBuffer::new(buf),
        }
    }
}

#[cfg(avila_cas)]
impl<const N: usize> BumpArena<InlineBuffer<N>, 1, AtomicOffset> {
    /// An empty arena of `N` inline bytes shared by many threads, with no minimum alignment
    /// ([`new_aligned`](Self::new_aligned) sets one); a `const fn` (usable in a `static`).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackMpmcArena;
    ///
    /// static ARENA: StackMpmcArena<64> = StackMpmcArena::new();
    /// assert_eq!(*ARENA.alloc(7_u64), 7);
    /// ```
    #[cfg(not(loom))]
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self::new_aligned()
    }

    /// An empty arena (loom's atomics cannot be made in a `const fn`).
    #[cfg(loom)]
    #[must_use]
    pub fn new() -> Self {
        Self::new_aligned()
    }
}

#[cfg(avila_cas)]
impl<const N: usize, const MIN_ALIGN: usize> BumpArena<InlineBuffer<N>, MIN_ALIGN, AtomicOffset> {
    /// An empty arena of `N` inline bytes shared by many threads, each allocation aligned to at
    /// least `MIN_ALIGN` (named in the type: `StackMpmcArena<N, 16>`); a `const fn` (usable in a
    /// `static`).
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::StackMpmcArena;
    ///
    /// let arena: StackMpmcArena<64, 16> = StackMpmcArena::new_aligned();
    /// assert_eq!((arena.alloc(7_u8) as *const u8).addr() % 16, 0);
    /// ```
    #[cfg(not(loom))]
    #[inline]
    #[must_use]
    pub const fn new_aligned() -> Self {
        const { check_min_align(MIN_ALIGN) };
        Self {
            top: AtomicOffset::new(),
            storage: InlineBuffer::new(),
        }
    }

    /// An empty arena (loom's atomics cannot be made in a `const fn`).
    #[cfg(loom)]
    #[must_use]
    pub fn new_aligned() -> Self {
        const { check_min_align(MIN_ALIGN) };
        Self {
            top: AtomicOffset::new(),
            storage: InlineBuffer::new(),
        }
    }
}

#[cfg(avila_cas)]
impl<const N: usize, const MIN_ALIGN: usize> Default
    for BumpArena<InlineBuffer<N>, MIN_ALIGN, AtomicOffset>
{
    fn default() -> Self {
        Self::new_aligned()
    }
}

/// `MIN_ALIGN` must be a power of two no larger than 2^20: the bound keeps `pad + size`
/// arithmetic for any valid [`Layout`] far from overflow.
const fn check_min_align(min_align: usize) {
    assert!(
        min_align.is_power_of_two() && min_align <= 1 << 20,
        "MIN_ALIGN must be a power of two, at most 2^20"
    );
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> BumpArena<S, MIN_ALIGN, O> {
    /// The minimum alignment of every allocation.
    pub const MIN_ALIGN: usize = MIN_ALIGN;

    /// The buffer's size in bytes: `N` for a [`StackArena`]; for an [`Arena`], the length of the
    /// caller's buffer from its first 16-aligned byte on (up to 15 bytes at the start of an
    /// unaligned buffer are skipped, so that most allocations need no address arithmetic).
    #[inline]
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.storage.capacity()
    }

    /// Bytes handed out since the last reset (or rewind), alignment padding included.
    #[inline]
    #[must_use]
    pub fn used(&self) -> usize {
        self.top.load()
    }

    /// Bytes not handed out yet. An allocation of `size` bytes fits if `size` plus the padding
    /// its alignment needs is at most this.
    #[inline]
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.capacity() - self.top.load()
    }

    /// Frees every allocation at once: the whole buffer is available again. O(1); no value is
    /// dropped.
    ///
    /// Takes `&mut self`, so no value allocated before can still be in use.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let mut arena: StackArena<8> = StackArena::new();
    /// arena.alloc(1_u64);
    /// assert!(arena.try_alloc(2_u64).is_err());
    /// arena.reset();
    /// assert_eq!(*arena.alloc(2_u64), 2);
    /// ```
    #[inline]
    pub fn reset(&mut self) {
        self.top.set_mut(0);
    }

    /// The panic behind every panicking allocation: names the operation, the capacity and the
    /// bytes the arena would have needed (used, plus alignment padding, plus `size`).
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn full(&self, operation: &'static str, size: usize, align: usize) -> ! {
        let align = align.max(MIN_ALIGN);
        let addr = self.storage.base().addr().wrapping_add(self.used());
        let pad = addr.wrapping_neg() & (align - 1);
        let required = self.used().saturating_add(pad).saturating_add(size);
        capacity_overflow(operation, self.capacity(), required)
    }

    /// Reserves `layout.size()` bytes aligned to `max(layout.align(), MIN_ALIGN)` and returns
    /// their offset in the buffer, or `None` when they do not fit. Zero sizes are not special
    /// here (callers hand out dangling pointers for them).
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<usize> {
        let align = if layout.align() > MIN_ALIGN {
            layout.align()
        } else {
            MIN_ALIGN
        };
        self.top.bump(|top| {
            if align <= BASE_ALIGN {
                // The buffer starts `BASE_ALIGN`-aligned, so aligning the offset aligns the
                // address (decided at compile time for a typed allocation). No overflow:
                // `top <= isize::MAX`, `align <= 16`, and a `Layout` has
                // `size <= isize::MAX - (align - 1)`.
                let end = if layout.size() & (align - 1) == 0 {
                    // A size that is a multiple of the alignment (every type's is): rounding the
                    // end up gives the same block as rounding the start up and adding, with one
                    // operation fewer between one allocation's offset and the next's.
                    (top + layout.size() + (align - 1)) & !(align - 1)
                } else {
                    ((top + (align - 1)) & !(align - 1)) + layout.size()
                };
                return (end <= self.storage.capacity()).then_some((end - layout.size(), end));
            }
            let addr = self.storage.base().addr().wrapping_add(top);
            // Bytes from `addr` to the next multiple of `align`.
            let pad = addr.wrapping_neg() & (align - 1);
            // No overflow: `pad < max(layout.align(), MIN_ALIGN)`, and a `Layout` has
            // `size + align - 1 <= isize::MAX`, `MIN_ALIGN <= 2^20`.
            (pad + layout.size() <= self.storage.capacity() - top)
                .then(|| (top + pad, top + pad + layout.size()))
        })
    }

    /// The buffer pointer at `offset`.
    ///
    /// # Safety
    ///
    /// - `offset <= self.capacity()`.
    #[inline(always)]
    unsafe fn at(&self, offset: usize) -> NonNull<u8> {
        debug_assert!(offset <= self.capacity());
        // SAFETY: `offset` is within the buffer or one past its end (caller), and the base of a
        // buffer is never null.
        unsafe { NonNull::new_unchecked(self.storage.base().add(offset)) }
    }

    /// Reserves room for a `T` and returns an aligned pointer to it (dangling for zero-sized
    /// types), or `None` when full.
    #[inline(always)]
    fn bump_for<T>(&self) -> Option<NonNull<T>> {
        if mem::size_of::<T>() == 0 {
            return Some(NonNull::dangling());
        }
        let offset = self.bump(Layout::new::<T>())?;
        // SAFETY: `bump` returned a block inside the buffer.
        Some(unsafe { self.at(offset) }.cast::<T>())
    }

    /// Reserves room for `len` values of `T` and returns an aligned pointer to the first (dangling
    /// for zero-sized types or `len == 0`), or `None` when full or when the size overflows.
    #[inline(always)]
    fn bump_for_slice<T>(&self, len: usize) -> Option<NonNull<T>> {
        if mem::size_of::<T>() == 0 || len == 0 {
            return Some(NonNull::dangling());
        }
        let layout = Layout::array::<T>(len).ok()?;
        let offset = self.bump(layout)?;
        // SAFETY: `bump` returned a block inside the buffer.
        Some(unsafe { self.at(offset) }.cast::<T>())
    }

    /// Moves `value` into the arena and returns a mutable reference to it.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `value` when there is no room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<4> = StackArena::new();
    /// assert_eq!(*arena.try_alloc(7_u16).unwrap(), 7);
    /// let err = arena.try_alloc(9_u64).unwrap_err();
    /// assert_eq!(err.element(), 9); // the value comes back
    /// ```
    #[inline(always)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, CapacityError<T>> {
        match self.bump_for::<T>() {
            Some(ptr) => {
                // SAFETY: `ptr` is aligned, valid for a `T`, and its bytes were never handed out
                // since the last reset or rewind, so no other reference reaches them; they stay
                // allocated for as long as `&self` is borrowed.
                Ok(unsafe {
                    ptr.write(value);
                    &mut *ptr.as_ptr()
                })
            }
            None => Err(CapacityError::new(value, self.capacity())),
        }
    }

    /// Moves `value` into the arena and returns a mutable reference to it.
    ///
    /// # Panics
    ///
    /// When there is no room for a `T`; [`try_alloc`](Self::try_alloc) returns the value instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// let point = arena.alloc((1.0_f32, 2.0_f32));
    /// point.0 += 1.0;
    /// assert_eq!(*point, (2.0, 2.0));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        match self.bump_for::<T>() {
            // SAFETY: as in `try_alloc`.
            Some(ptr) => unsafe {
                ptr.write(value);
                &mut *ptr.as_ptr()
            },
            None => self.full("Arena::alloc", mem::size_of::<T>(), mem::align_of::<T>()),
        }
    }

    /// Reserves room for a `T`, then calls `f` and writes its result there: the value can be
    /// built in place instead of being moved in (useful for large values).
    ///
    /// If `f` panics, the room stays reserved and uninitialized until the next reset.
    ///
    /// # Panics
    ///
    /// When there is no room for a `T` (before `f` is called), or when `f` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<4096> = StackArena::new();
    /// let table = arena.alloc_with(|| [7_u32; 512]);
    /// assert_eq!(table[511], 7);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T>(&self, f: impl FnOnce() -> T) -> &mut T {
        match self.try_alloc_with(f) {
            Ok(value) => value,
            Err(_) => self.full(
                "Arena::alloc_with",
                mem::size_of::<T>(),
                mem::align_of::<T>(),
            ),
        }
    }

    /// [`alloc_with`](Self::alloc_with) that returns `f` back, uncalled, when there is no room.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `f` when there is no room for a `T`.
    ///
    /// # Panics
    ///
    /// When `f` panics.
    #[inline(always)]
    pub fn try_alloc_with<T, F: FnOnce() -> T>(&self, f: F) -> Result<&mut T, CapacityError<F>> {
        match self.bump_for::<T>() {
            Some(ptr) => {
                // SAFETY: as in `try_alloc`; `f` runs before the write, and if it panics nothing
                // refers to the reserved bytes.
                Ok(unsafe {
                    ptr.write(f());
                    &mut *ptr.as_ptr()
                })
            }
            None => Err(CapacityError::new(f, self.capacity())),
        }
    }

    /// Copies `src` into the arena.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when the copy does not fit (nothing is reserved).
    #[inline]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], CapacityError> {
        match self.bump_for_slice::<T>(src.len()) {
            Some(ptr) => {
                // SAFETY: `ptr` is aligned and valid for `src.len()` values, in bytes no one else
                // reaches (see `try_alloc`), so it cannot overlap `src`; `T: Copy`.
                Ok(unsafe {
                    copy_bytes(
                        src.as_ptr().cast::<u8>(),
                        ptr.as_ptr().cast::<u8>(),
                        mem::size_of_val(src),
                    );
                    slice::from_raw_parts_mut(ptr.as_ptr(), src.len())
                })
            }
            None => Err(CapacityError::new((), self.capacity())),
        }
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// When the copy does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// let bytes = arena.alloc_slice_copy(b"hello");
    /// bytes[0] = b'j';
    /// assert_eq!(bytes, b"jello");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        match self.try_alloc_slice_copy(src) {
            Ok(slice) => slice,
            Err(_) => self.full(
                "Arena::alloc_slice_copy",
                mem::size_of_val(src),
                mem::align_of::<T>(),
            ),
        }
    }

    /// Copies `s` into the arena.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when the string does not fit.
    #[inline]
    pub fn try_alloc_str(&self, s: &str) -> Result<&mut str, CapacityError> {
        let bytes = self.try_alloc_slice_copy(s.as_bytes())?;
        // SAFETY: a copy of the bytes of a `str`.
        Ok(unsafe { core::str::from_utf8_unchecked_mut(bytes) })
    }

    /// Copies `s` into the arena.
    ///
    /// # Panics
    ///
    /// When the string does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<16> = StackArena::new();
    /// let s = arena.alloc_str("abc");
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "ABC");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        match self.try_alloc_str(s) {
            Ok(s) => s,
            Err(_) => self.full("Arena::alloc_str", s.len(), 1),
        }
    }

    /// Fills `len` reserved slots at `ptr` with `f(0)`, `f(1)`, ... and returns them as a slice.
    ///
    /// If `f` panics, the values written so far are forgotten (the arena never drops values).
    ///
    /// # Safety
    ///
    /// - `ptr` is aligned, valid for writes of `len` values, and reached by no other reference for
    ///   the lifetime `'a`.
    #[inline(always)]
    unsafe fn fill<'a, T>(
        ptr: NonNull<T>,
        len: usize,
        mut f: impl FnMut(usize) -> T,
    ) -> &'a mut [T] {
        for i in 0..len {
            // SAFETY: `i < len`, inside the block (caller).
            unsafe { ptr.add(i).write(f(i)) };
        }
        // SAFETY: all `len` values were written; the block is the caller's for `'a`.
        unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) }
    }

    /// Clones each value of `src` into the arena.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when the values do not fit (nothing is cloned).
    ///
    /// # Panics
    ///
    /// When a `clone` panics (the clones made so far are forgotten, not dropped).
    #[inline]
    pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&mut [T], CapacityError> {
        match self.bump_for_slice::<T>(src.len()) {
            // SAFETY: a fresh block for `src.len()` values (see `try_alloc`).
            Some(ptr) => Ok(unsafe { Self::fill(ptr, src.len(), |i| src[i].clone()) }),
            None => Err(CapacityError::new((), self.capacity())),
        }
    }

    /// Clones each value of `src` into the arena.
    ///
    /// # Panics
    ///
    /// When the values do not fit, or when a `clone` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<256> = StackArena::new();
    /// let names = arena.alloc_slice_clone(&["a".to_string(), "b".to_string()]);
    /// assert_eq!(names, ["a", "b"]);
    /// # for s in names.iter_mut() { unsafe { core::ptr::drop_in_place(s) } } // the arena never drops
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
        match self.try_alloc_slice_clone(src) {
            Ok(slice) => slice,
            Err(_) => self.full(
                "Arena::alloc_slice_clone",
                mem::size_of_val(src),
                mem::align_of::<T>(),
            ),
        }
    }

    /// Allocates `len` values, the `i`-th being `f(i)`.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `f`, uncalled, when `len` values do not fit.
    ///
    /// # Panics
    ///
    /// When `f` panics (the values made so far are forgotten, not dropped).
    #[inline]
    pub fn try_alloc_slice_fill_with<T, F: FnMut(usize) -> T>(
        &self,
        len: usize,
        f: F,
    ) -> Result<&mut [T], CapacityError<F>> {
        match self.bump_for_slice::<T>(len) {
            // SAFETY: a fresh block for `len` values (see `try_alloc`).
            Some(ptr) => Ok(unsafe { Self::fill(ptr, len, f) }),
            None => Err(CapacityError::new(f, self.capacity())),
        }
    }

    /// Allocates `len` values, the `i`-th being `f(i)`.
    ///
    /// # Panics
    ///
    /// When `len` values do not fit, or when `f` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// assert_eq!(arena.alloc_slice_fill_with(3, |i| i as u8 * 2), [0, 2, 4]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_with<T>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        match self.try_alloc_slice_fill_with(len, f) {
            Ok(slice) => slice,
            Err(_) => self.full(
                "Arena::alloc_slice_fill_with",
                mem::size_of::<T>().saturating_mul(len),
                mem::align_of::<T>(),
            ),
        }
    }

    /// Allocates the values of an exact-size iterator: room for `iter.len()` values is reserved
    /// first, then filled.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding the iterator, untouched, when `len()` values do not fit.
    ///
    /// # Panics
    ///
    /// When the iterator yields fewer or more values than its `len()` said (the result is never
    /// silently shorter or cut), or when `next` panics.
    #[inline]
    pub fn try_alloc_slice_fill_iter<I>(
        &self,
        iter: I,
    ) -> Result<&mut [I::Item], CapacityError<I::IntoIter>>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        let mut iter = iter.into_iter();
        let len = iter.len();
        let Some(ptr) = self.bump_for_slice::<I::Item>(len) else {
            return Err(CapacityError::new(iter, self.capacity()));
        };
        // SAFETY: a fresh block for `len` values (see `try_alloc`).
        let slice = unsafe {
            Self::fill(ptr, len, |_| match iter.next() {
                Some(value) => value,
                None => iter_len_mismatch(len),
            })
        };
        if iter.next().is_some() {
            iter_len_mismatch(len);
        }
        Ok(slice)
    }

    /// Allocates the values of an exact-size iterator.
    ///
    /// # Panics
    ///
    /// When `len()` values do not fit, when the iterator yields fewer or more values than its
    /// `len()` said, or when `next` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// let evens = arena.alloc_slice_fill_iter((0..4_u16).map(|i| i * 2));
    /// assert_eq!(evens, [0, 2, 4, 6]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &mut [I::Item]
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        match self.try_alloc_slice_fill_iter(iter) {
            Ok(slice) => slice,
            Err(err) => self.full(
                "Arena::alloc_slice_fill_iter",
                mem::size_of::<I::Item>().saturating_mul(err.element_ref().len()),
                mem::align_of::<I::Item>(),
            ),
        }
    }

    /// Reserves a block for `layout`, aligned to `max(layout.align(), MIN_ALIGN)`: per-call
    /// alignment control. The block is uninitialized and stays reserved until a reset or rewind.
    /// A zero-sized layout gets a dangling, aligned pointer and takes no space.
    ///
    /// # Errors
    ///
    /// [`AllocErrorKind::OutOfMemory`] when the block does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    /// use core::alloc::Layout;
    ///
    /// let arena: StackArena<256> = StackArena::new();
    /// let layout = Layout::from_size_align(10, 64).unwrap();
    /// let block = arena.alloc_layout(layout).unwrap();
    /// assert_eq!(block.as_ptr() as usize % 64, 0);
    /// assert!(arena.alloc_layout(Layout::new::<[u8; 512]>()).is_err());
    /// ```
    #[inline]
    pub fn alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            let align = layout.align().max(MIN_ALIGN);
            return Ok(
                NonNull::new(ptr::without_provenance_mut(align)).unwrap_or(NonNull::dangling())
            );
        }
        match self.bump(layout) {
            // SAFETY: `bump` returned a block inside the buffer.
            Some(offset) => Ok(unsafe { self.at(offset) }),
            None => Err(AllocError::new(AllocErrorKind::OutOfMemory, layout)),
        }
    }

    /// Whether the `size` bytes at `addr` are the end of the used part of this arena's buffer,
    /// so that they can grow or shrink in place. Never true for a zero size (zero-sized
    /// allocations are dangling).
    #[inline]
    fn ends_at_top(&self, addr: usize, size: usize) -> bool {
        let base = self.storage.base().addr();
        size != 0 && addr >= base && addr.wrapping_add(size) == base + self.top.load()
    }

    /// Whether the `size` bytes at `addr` lie in this arena's buffer (never for a zero size).
    #[cfg(all(feature = "std", feature = "allocator-api2", target_has_atomic = "ptr"))]
    #[inline]
    pub(crate) fn holds(&self, addr: usize, size: usize) -> bool {
        let base = self.storage.base().addr();
        size != 0
            && addr >= base
            && size <= self.capacity()
            && addr - base <= self.capacity() - size
    }

    /// Whether `slice` is the most recent allocation (or its tail) of this arena: the slice
    /// [`try_extend_last`](Self::try_extend_last) can grow and [`shrink_last`](Self::shrink_last)
    /// gives bytes back from. Empty slices and slices of zero-sized values never are.
    #[inline]
    #[must_use]
    pub fn is_last<T>(&self, slice: &[T]) -> bool {
        self.ends_at_top(slice.as_ptr().addr(), mem::size_of_val(slice))
    }

    /// Grows the most recent allocation in place by a copy of `extra`: the slice `*last` keeps
    /// its address and the new values follow it; `*last` is replaced by the longer slice. Nothing
    /// is copied but `extra`.
    ///
    /// The slice is passed by `&mut` so that it can be replaced (handing the old one in by value
    /// and a new one back would keep two references to its values alive at once). Slices of
    /// zero-sized values always grow.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`], with `*last` unchanged, when `*last` is not the most recent
    /// allocation (see [`is_last`](Self::is_last)) or the arena has no room for `extra`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// let mut v = arena.alloc_slice_copy(&[1_u32, 2]);
    /// arena.try_extend_last(&mut v, &[3, 4]).unwrap();
    /// assert_eq!(v, [1, 2, 3, 4]);
    /// assert_eq!(arena.used(), 16); // one block, no copy of the first two
    /// ```
    pub fn try_extend_last<'a, T: Copy>(
        &'a self,
        last: &mut &'a mut [T],
        extra: &[T],
    ) -> Result<(), CapacityError> {
        let len = last.len();
        let Some(new_len) = len.checked_add(extra.len()) else {
            return Err(CapacityError::new((), self.capacity()));
        };
        if mem::size_of::<T>() == 0 {
            // SAFETY: zero-sized values need no memory; the new ones are copies of `extra`.
            *last = unsafe { slice::from_raw_parts_mut(NonNull::dangling().as_ptr(), new_len) };
            return Ok(());
        }
        let addr = last.as_ptr().addr();
        let size = mem::size_of_val(*last);
        let grow = mem::size_of_val(extra);
        if !self.ends_at_top(addr, size) {
            return Err(CapacityError::new((), self.capacity()));
        }
        let offset = addr - self.storage.base().addr();
        // `replace` fails only when another thread allocated after `*last` meanwhile.
        if grow > self.capacity() - (offset + size)
            || !self.top.replace(offset + size, offset + size + grow)
        {
            return Err(CapacityError::new((), self.capacity()));
        }
        // SAFETY: `*last` is the `size` bytes before `top` of this buffer (checked), so it started
        // at `offset`, aligned for `T`; the `grow` bytes after it were free and are now reserved
        // (`grow <= remaining`). The block is re-derived from the buffer's own pointer and
        // replaces `*last`, the only other reference to its first `len` values.
        unsafe {
            let ptr = self.at(offset).cast::<T>();
            ptr::copy_nonoverlapping(extra.as_ptr(), ptr.add(len).as_ptr(), extra.len());
            *last = slice::from_raw_parts_mut(ptr.as_ptr(), new_len);
        }
        Ok(())
    }

    /// Shortens `*last` to `new_len` values. When it is the most recent allocation (see
    /// [`is_last`](Self::is_last)), the bytes after the new end go back to the arena; otherwise
    /// the slice is only shortened. The values cut off are forgotten, not dropped.
    ///
    /// # Panics
    ///
    /// When `new_len > last.len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackArena;
    ///
    /// let arena: StackArena<64> = StackArena::new();
    /// let mut v = arena.alloc_slice_copy(&[1_u8, 2, 3, 4]);
    /// arena.shrink_last(&mut v, 1);
    /// assert_eq!((&*v, arena.used()), (&[1_u8][..], 1));
    /// ```
    #[track_caller]
    pub fn shrink_last<'a, T>(&'a self, last: &mut &'a mut [T], new_len: usize) {
        let len = last.len();
        assert!(
            new_len <= len,
            "Arena::shrink_last: new length {new_len} > length {len}"
        );
        if self.is_last(last) {
            let end = last.as_ptr().addr() - self.storage.base().addr() + mem::size_of_val(*last);
            let cut = mem::size_of::<T>() * (len - new_len);
            // When another thread allocated after `*last` meanwhile, the bytes stay used.
            self.top.replace(end, end - cut);
        }
        let whole = mem::take(last);
        *last = &mut whole[..new_len];
    }

    /// Checks the arena's invariant (`used <= capacity`); for tests and fuzzing.
    #[cfg(test)]
    pub(crate) fn check_invariants(&self) {
        assert!(self.top.load() <= self.capacity());
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn iter_len_mismatch(len: usize) -> ! {
    panic!(
        "Arena::alloc_slice_fill_iter: the iterator did not yield the {len} values its len() reported"
    )
}

impl<S: Storage, const MIN_ALIGN: usize, O: Offset> fmt::Debug for BumpArena<S, MIN_ALIGN, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BumpArena")
            .field("used", &self.used())
            .field("capacity", &self.capacity())
            .field("min_align", &MIN_ALIGN)
            .finish()
    }
}
