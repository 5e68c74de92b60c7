//! Where an arena's bytes live: a caller's buffer ([`BorrowedBuffer`]) or inline storage
//! ([`InlineBuffer`]). [`BumpArena`](super::BumpArena) is written once over the [`Storage`] trait.

use core::cell::UnsafeCell;
use core::fmt;
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ptr::NonNull;

/// The alignment of the first byte of every arena buffer: [`InlineBuffer`] is declared with it,
/// and [`BorrowedBuffer`] skips the bytes before the first multiple of it. Allocations aligned to
/// at most this need no address arithmetic: aligning the offset aligns the address.
pub(crate) const BASE_ALIGN: usize = 16;

mod sealed {
    /// Only this crate's buffers are arena storage: the arena trusts `base` and `capacity`.
    pub trait Sealed {}
}

/// The bytes an arena hands out. Implemented by [`BorrowedBuffer`] (behind [`Arena`](super::Arena))
/// and [`InlineBuffer`] (behind [`StackArena`](super::StackArena)); sealed.
pub trait Storage: sealed::Sealed {
    /// The first byte of the buffer, with provenance over all of it, derived from `&self` so that
    /// writes through it are allowed (the buffer is behind an `UnsafeCell` or was lent as `&mut`).
    #[doc(hidden)]
    fn base(&self) -> *mut u8;

    /// The buffer's length in bytes; at most `isize::MAX`.
    #[doc(hidden)]
    fn capacity(&self) -> usize;
}

/// A caller's buffer, lent to an [`Arena`](super::Arena) for `'buf`. The arena uses it from its
/// first 16-aligned byte on: up to 15 bytes at the start of an unaligned buffer are skipped.
pub struct BorrowedBuffer<'buf> {
    ptr: NonNull<u8>,
    len: usize,
    _buf: PhantomData<&'buf mut [MaybeUninit<u8>]>,
}

impl<'buf> BorrowedBuffer<'buf> {
    /// Takes the buffer from its first [`BASE_ALIGN`]-aligned byte on: the arena is its only user
    /// until `'buf` ends.
    #[inline]
    pub(super) fn new(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        let ptr = buf.as_mut_ptr().cast::<u8>();
        let skip = ptr.addr().wrapping_neg() & (BASE_ALIGN - 1);
        let len = buf.len().saturating_sub(skip);
        // In bounds: `skip <= buf.len()` or the buffer is too short, when it is used from its
        // end with no bytes.
        let skip = skip.min(buf.len());
        // SAFETY: `skip <= buf.len()`, so the result is in the buffer or one past its end, and
        // not null (the buffer's pointer is not).
        let ptr = unsafe { NonNull::new_unchecked(ptr.add(skip)) };
        Self {
            ptr,
            len,
            _buf: PhantomData,
        }
    }
}

// SAFETY: `BorrowedBuffer` stands for the `&'buf mut [MaybeUninit<u8>]` it was made from, which is
// `Send` and `Sync` (bytes, no `T`); the raw pointer only stops the compiler from seeing that.
unsafe impl Send for BorrowedBuffer<'_> {}
// SAFETY: as above; the arena around it hands out each byte range to one user at a time (see
// `InlineBuffer`'s `Sync`).
unsafe impl Sync for BorrowedBuffer<'_> {}

impl sealed::Sealed for BorrowedBuffer<'_> {}

impl Storage for BorrowedBuffer<'_> {
    #[inline(always)]
    fn base(&self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    #[inline(always)]
    fn capacity(&self) -> usize {
        self.len
    }
}

impl fmt::Debug for BorrowedBuffer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedBuffer")
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// `N` bytes stored inline, behind a [`StackArena<N>`](super::StackArena).
///
/// The bytes are in an `UnsafeCell`, so allocating through `&StackArena` may write them. They are aligned
/// to 16, the largest alignment of the primitive types on the supported targets (`u128`, 16-byte
/// SIMD vectors): the first value of such a type needs no padding, and Miri's symbolic alignment
/// check can follow the arena's alignment arithmetic (it only trusts the declared alignment of a
/// buffer, not its address).
#[repr(C, align(16))] // BASE_ALIGN
pub struct InlineBuffer<const N: usize>(UnsafeCell<[MaybeUninit<u8>; N]>);

impl<const N: usize> InlineBuffer<N> {
    /// `N` uninitialized bytes.
    #[inline]
    pub(super) const fn new() -> Self {
        const { assert!(core::mem::align_of::<Self>() == BASE_ALIGN) };
        Self(UnsafeCell::new([MaybeUninit::uninit(); N]))
    }
}

// SAFETY: plain bytes, reached only through the arena around the buffer, which hands out each
// byte range to one user at a time: the `Cell` offset of a `StackArena` keeps that arena on one
// thread (`!Sync`), and the atomic offset of a `StackMpmcArena` hands out disjoint ranges to
// different threads (a range given back and handed out again is ordered by the offset's
// acquire/release compare-exchange). The buffer is `core`'s `UnsafeCell`, not the `sync` shim's:
// its accesses are raw pointer reads and writes of disjoint ranges, never through `with`.
unsafe impl<const N: usize> Sync for InlineBuffer<N> {}

impl<const N: usize> sealed::Sealed for InlineBuffer<N> {}

impl<const N: usize> Storage for InlineBuffer<N> {
    #[inline(always)]
    fn base(&self) -> *mut u8 {
        self.0.get().cast::<u8>()
    }

    #[inline(always)]
    fn capacity(&self) -> usize {
        N
    }
}

impl<const N: usize> fmt::Debug for InlineBuffer<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InlineBuffer")
            .field("len", &N)
            .finish_non_exhaustive()
    }
}
