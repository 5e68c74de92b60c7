//! [`SizedPool<SIZE, N>`]: `N` blocks of `SIZE` bytes in inline storage, O(1) allocation and free.
//!
//! # Layout
//!
//! The blocks lie back to back (stride `SIZE`, no per-block header) in a `repr(align(16))` byte
//! array inside an `UnsafeCell`; every pointer handed out is derived from the pointer to the whole
//! storage, so Miri's strict provenance accepts it. A block's alignment is
//! [`BLOCK_ALIGN`](SizedPool::BLOCK_ALIGN): the largest power of two dividing `SIZE`, at most 16
//! (8 for `SIZE = 24`, 16 for any multiple of 16). Choosing that instead of rounding every block up
//! to 16 bytes loses no memory to padding; pick a `SIZE` that is a multiple of the alignment your
//! values need.
//!
//! # Free list
//!
//! A free block holds, in its first 4 bytes, the index of the next free block (a `u32`, which is
//! why `SIZE` must be a multiple of 4, and `N` at most `u32::MAX`). Allocation pops the head,
//! free pushes the block: both O(1), last freed first reused. Like the slab, a high-water mark
//! counts the blocks ever handed out, so [`new`](SizedPool::new) initializes no block and is a
//! `const fn`.
//!
//! # Double-free detection
//!
//! In builds with `debug_assertions`, the pool keeps one flag per block saying whether it is
//! allocated (`N` bytes of extra state), and freeing a block that is not allocated panics. The
//! check is exact, unlike a poison pattern, which a value could contain by chance. Release builds
//! carry no flag and check nothing.
//!
//! # Examples
//!
//! ```
//! use avila_alloc::pool::SizedPool;
//!
//! let pool: SizedPool<16, 2> = SizedPool::new();
//! let a = pool.alloc([1_u32; 4]).map_err(|e| e.simplify())?;
//! let b = pool.alloc(2_u64).map_err(|e| e.simplify())?;
//! assert!(pool.alloc(3_u8).is_err()); // full: the 3 comes back inside the error
//! drop(a);
//! let c = pool.alloc(4_u16).map_err(|e| e.simplify())?;
//! assert_eq!((*b, *c), (2, 4));
//! # Ok::<(), avila_alloc::CapacityError>(())
//! ```

use core::alloc::Layout;
use core::cell::{Cell, UnsafeCell};
use core::fmt;
use core::marker::PhantomData;
use core::mem::{self, MaybeUninit};
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

use crate::error::{AllocError, AllocErrorKind, CapacityError};
use crate::heap::{HeapStats, RawAlloc, alloc_error, dangling};

/// The blocks, back to back, aligned to 16.
#[repr(C, align(16))]
struct Storage<const SIZE: usize, const N: usize>([[MaybeUninit<u8>; SIZE]; N]);

/// A pool of `N` blocks of `SIZE` bytes each, in inline storage: O(1) allocation and free from an
/// intrusive free list, no per-block header.
///
/// Three ways to use it, all through `&self` (so many blocks can be out at once):
///
/// - [`alloc`](Self::alloc) moves a value into a block and returns a [`PoolBox`] that derefs to
///   it and frees the block when dropped; the box borrows the pool, so the pool cannot move or
///   go away while it lives.
/// - [`allocate`](Self::allocate) / [`deallocate`](Self::deallocate): raw blocks as pointers.
/// - [`RawAlloc`] is implemented for `&SizedPool`, for layouts that fit a block.
///
/// `SIZE` must be a non-zero multiple of 4 (a free block stores a `u32` link) and `N` at most
/// `u32::MAX`; both are checked at compile time. The pool is not `Sync` (its counters are
/// `Cell`s): share it between threads or with interrupt handlers behind a lock.
///
/// # Examples
///
/// ```
/// use avila_alloc::pool::SizedPool;
///
/// let pool: SizedPool<64, 8> = SizedPool::new();
/// let mut greeting = pool.alloc(*b"hello").map_err(|e| e.simplify())?;
/// greeting[0] = b'j';
/// assert_eq!(&*greeting, b"jello");
/// assert_eq!(pool.allocated(), 1);
/// drop(greeting);
/// assert_eq!(pool.allocated(), 0);
/// # Ok::<(), avila_alloc::CapacityError>(())
/// ```
pub struct SizedPool<const SIZE: usize, const N: usize> {
    storage: UnsafeCell<Storage<SIZE, N>>,
    /// Head of the free list: the block the next allocation takes (`used` when the list is empty).
    head: Cell<usize>,
    /// Blocks below this index have been handed out at least once; the ones above are free and
    /// off the list.
    used: Cell<usize>,
    /// Blocks currently allocated.
    allocated: Cell<usize>,
    /// Which blocks are allocated, to catch double frees.
    #[cfg(debug_assertions)]
    live: [Cell<bool>; N],
}

impl<const SIZE: usize, const N: usize> SizedPool<SIZE, N> {
    /// The alignment of every block: the largest power of two dividing `SIZE`, at most 16.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::pool::SizedPool;
    ///
    /// assert_eq!(SizedPool::<24, 1>::BLOCK_ALIGN, 8);
    /// assert_eq!(SizedPool::<48, 1>::BLOCK_ALIGN, 16);
    /// assert_eq!(SizedPool::<4, 1>::BLOCK_ALIGN, 4);
    /// ```
    pub const BLOCK_ALIGN: usize = {
        let lowest_bit = SIZE & SIZE.wrapping_neg();
        if lowest_bit == 0 || lowest_bit > 16 {
            16
        } else {
            lowest_bit
        }
    };

    /// The layout of one block (`SIZE` bytes at [`BLOCK_ALIGN`](Self::BLOCK_ALIGN)).
    const BLOCK_LAYOUT: Layout = match Layout::from_size_align(SIZE, Self::BLOCK_ALIGN) {
        Ok(layout) => layout,
        Err(_) => panic!("SizedPool: block size overflows isize"),
    };

    /// Creates a pool with all `N` blocks free. Initializes no block: O(1), usable in a `static`
    /// (behind a lock, since the pool is not `Sync`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<32, 10>::new();
    /// assert_eq!((pool.capacity(), pool.block_size(), pool.allocated()), (10, 32, 0));
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        const {
            assert!(
                SIZE >= 4 && SIZE % 4 == 0,
                "SizedPool: SIZE must be a non-zero multiple of 4 (a free block holds a u32 link)"
            );
            assert!(N <= u32::MAX as usize, "SizedPool: N must fit in a u32");
        }
        Self {
            storage: UnsafeCell::new(Storage([[MaybeUninit::uninit(); SIZE]; N])),
            head: Cell::new(0),
            used: Cell::new(0),
            allocated: Cell::new(0),
            #[cfg(debug_assertions)]
            live: [const { Cell::new(false) }; N],
        }
    }

    /// The number of blocks, `N`.
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// The size of a block in bytes, `SIZE`.
    #[inline]
    #[must_use]
    pub const fn block_size(&self) -> usize {
        SIZE
    }

    /// The number of blocks currently allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<8, 2>::new();
    /// let _a = pool.alloc(1_u64).unwrap();
    /// assert_eq!(pool.allocated(), 1);
    /// ```
    #[inline]
    #[must_use]
    pub fn allocated(&self) -> usize {
        self.allocated.get()
    }

    /// Returns `true` if every block is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<8, 1>::new();
    /// let _a = pool.alloc(1_u64).unwrap();
    /// assert!(pool.is_full());
    /// ```
    #[inline]
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.allocated.get() == N
    }

    /// The start of the storage, with provenance over all of it.
    #[inline(always)]
    fn base(&self) -> *mut u8 {
        self.storage.get().cast::<u8>()
    }

    /// A pointer to block `index`.
    ///
    /// # Safety
    ///
    /// - `index < N`.
    #[inline(always)]
    unsafe fn block(&self, index: usize) -> NonNull<u8> {
        debug_assert!(index < N);
        // SAFETY: `index < N` (caller), so the offset stays inside the storage, which is one
        // allocated object; a pointer into it is not null.
        unsafe { NonNull::new_unchecked(self.base().add(index * SIZE)) }
    }

    /// Allocates one block of `SIZE` bytes aligned to [`BLOCK_ALIGN`](Self::BLOCK_ALIGN). Its
    /// contents are unspecified. O(1).
    ///
    /// The pointer stays valid until it is passed to [`deallocate`](Self::deallocate), as long
    /// as the pool is neither moved nor dropped (the pool holds the memory inline).
    ///
    /// # Errors
    ///
    /// [`AllocError`] of kind [`AllocErrorKind::OutOfMemory`] (for the block's layout) when
    /// every block is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::pool::SizedPool;
    ///
    /// let pool: SizedPool<16, 1> = SizedPool::new();
    /// let block = pool.allocate()?;
    /// assert_eq!(block.as_ptr().addr() % 16, 0);
    /// assert!(pool.allocate().is_err());
    /// // SAFETY: `block` came from this pool, which has not moved, and is freed once.
    /// unsafe { pool.deallocate(block) };
    /// # Ok::<(), avila_alloc::AllocError>(())
    /// ```
    #[inline]
    pub fn allocate(&self) -> Result<NonNull<u8>, AllocError> {
        let index = self.head.get();
        let used = self.used.get();
        if index == used {
            if used == N {
                return Err(alloc_error(AllocErrorKind::OutOfMemory, Self::BLOCK_LAYOUT));
            }
            self.used.set(used + 1);
            self.head.set(used + 1);
        } else {
            // SAFETY: the free list holds indices below `used <= N`; a free block on the list
            // starts with the `u32` link written by `deallocate`, at an alignment of at least 4
            // (`SIZE` is a multiple of 4, the storage is aligned to 16).
            let next = unsafe { self.block(index).cast::<u32>().read() };
            self.head.set(next as usize);
        }
        self.allocated.set(self.allocated.get() + 1);
        #[cfg(debug_assertions)]
        self.live[index].set(true);
        // SAFETY: `index < N`: either below `used` (from the list) or `used < N`.
        Ok(unsafe { self.block(index) })
    }

    /// Frees the block at `ptr`. O(1).
    ///
    /// # Safety
    ///
    /// - `ptr` was returned by [`allocate`](Self::allocate) of this pool (or by its
    ///   [`RawAlloc`] implementation), and was not freed since.
    /// - The pool has not moved since that allocation.
    ///
    /// # Panics
    ///
    /// In builds with `debug_assertions`: if `ptr` is not the start of a block of this pool, or
    /// its block is not allocated (a double free).
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<8, 1>::new();
    /// let block = pool.allocate().unwrap();
    /// // SAFETY: from this pool, not moved, freed once.
    /// unsafe { pool.deallocate(block) };
    /// assert_eq!(pool.allocated(), 0);
    /// ```
    #[inline]
    #[track_caller]
    pub unsafe fn deallocate(&self, ptr: NonNull<u8>) {
        let offset = ptr.as_ptr().addr().wrapping_sub(self.base().addr());
        let index = offset / SIZE;
        debug_assert!(
            offset % SIZE == 0 && index < N,
            "SizedPool::deallocate: the pointer is not a block of this pool"
        );
        #[cfg(debug_assertions)]
        assert!(
            self.live[index].replace(false),
            "SizedPool::deallocate: double free of block {index}"
        );
        // SAFETY: `ptr` is an allocated block of this pool (caller), so `index < N`; the block is
        // free from now on, so its first 4 bytes (aligned to at least 4) can hold the link.
        unsafe {
            self.block(index)
                .cast::<u32>()
                .write(self.head.get() as u32)
        };
        self.head.set(index);
        self.allocated.set(self.allocated.get() - 1);
    }

    /// Moves `value` into a free block and returns a box owning it, which frees the block when
    /// dropped. O(1).
    ///
    /// `T` must fit a block: `size_of::<T>() <= SIZE` and `align_of::<T>() <=`
    /// [`BLOCK_ALIGN`](Self::BLOCK_ALIGN), checked at compile time (a build error, not a panic).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `value` back when every block is allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<32, 1>::new();
    /// let name = pool.alloc(String::from("pooled")).unwrap();
    /// assert_eq!(name.len(), 6);
    /// let err = pool.alloc(String::from("no room")).unwrap_err();
    /// assert_eq!(err.element(), "no room");
    /// ```
    ///
    /// A value too large for the blocks does not compile:
    ///
    /// ```compile_fail
    /// let pool = avila_alloc::pool::SizedPool::<8, 1>::new();
    /// let _ = pool.alloc([0_u8; 9]);
    /// ```
    #[inline]
    pub fn alloc<T>(&self, value: T) -> Result<PoolBox<'_, T, SIZE, N>, CapacityError<T>> {
        const {
            assert!(
                mem::size_of::<T>() <= SIZE,
                "SizedPool::alloc: the value is larger than a block"
            );
            assert!(
                mem::align_of::<T>() <= Self::BLOCK_ALIGN,
                "SizedPool::alloc: the value needs a larger alignment than a block has"
            );
        }
        match self.allocate() {
            Ok(block) => {
                let ptr = block.cast::<T>();
                // SAFETY: a fresh block of `SIZE >= size_of::<T>()` bytes at an alignment of at
                // least `align_of::<T>()` (both checked above), owned by nobody else.
                unsafe { ptr.write(value) };
                Ok(PoolBox {
                    ptr,
                    pool: self,
                    _owns: PhantomData,
                })
            }
            Err(_) => Err(CapacityError::new(value, N)),
        }
    }

    /// The usage statistics ([`RawAlloc::stats`] of `&SizedPool`): `used` and `free` in bytes
    /// (whole blocks), `largest_free` is `SIZE` while a block is free.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<16, 4>::new();
    /// let _a = pool.alloc(1_u8).unwrap();
    /// let stats = pool.stats();
    /// assert_eq!((stats.used, stats.free, stats.allocations), (16, 48, 1));
    /// ```
    #[must_use]
    pub fn stats(&self) -> HeapStats {
        let allocated = self.allocated.get();
        HeapStats {
            used: allocated * SIZE,
            free: (N - allocated) * SIZE,
            largest_free: if allocated < N { SIZE } else { 0 },
            allocations: allocated,
        }
    }
}

impl<const SIZE: usize, const N: usize> Default for SizedPool<SIZE, N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

/// Shows the geometry and the usage, not the bytes.
impl<const SIZE: usize, const N: usize> fmt::Debug for SizedPool<SIZE, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SizedPool")
            .field("block_size", &SIZE)
            .field("block_align", &Self::BLOCK_ALIGN)
            .field("capacity", &N)
            .field("allocated", &self.allocated.get())
            .finish()
    }
}

/// The pool as a [`RawAlloc`]: a layout of at most `SIZE` bytes and at most
/// [`BLOCK_ALIGN`](SizedPool::BLOCK_ALIGN) gets a whole block; others are refused with
/// [`AllocErrorKind::UnsupportedSize`] or [`AllocErrorKind::UnsupportedAlignment`]. Resizing
/// within a block happens in place.
///
/// It is implemented for `&SizedPool` rather than for the pool itself: the pool's memory is
/// inline, and taking `&mut` of the pool for every call would, under Rust's aliasing rules,
/// invalidate the pointers already handed out.
///
/// # Examples
///
/// ```
/// use avila_alloc::heap::RawAlloc;
/// use avila_alloc::pool::SizedPool;
/// use avila_alloc::AllocErrorKind;
/// use core::alloc::Layout;
///
/// let pool: SizedPool<32, 4> = SizedPool::new();
/// let mut alloc = &pool;
/// let layout = Layout::new::<[u32; 6]>();
/// // The pool's inherent `allocate()` (no layout) shadows the trait method in method-call
/// // syntax: call the trait's by path, or from code generic over `RawAlloc`.
/// let ptr = RawAlloc::allocate(&mut alloc, layout)?;
/// let too_big = RawAlloc::allocate(&mut alloc, Layout::new::<[u8; 33]>()).unwrap_err();
/// assert_eq!(too_big.kind(), AllocErrorKind::UnsupportedSize);
/// // SAFETY: `ptr` came from this allocator for `layout`.
/// unsafe { RawAlloc::deallocate(&mut alloc, ptr, layout) };
/// # Ok::<(), avila_alloc::AllocError>(())
/// ```
impl<const SIZE: usize, const N: usize> RawAlloc for &SizedPool<SIZE, N> {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling(layout.align()));
        }
        if layout.size() > SIZE {
            return Err(alloc_error(AllocErrorKind::UnsupportedSize, layout));
        }
        if layout.align() > SizedPool::<SIZE, N>::BLOCK_ALIGN {
            return Err(alloc_error(AllocErrorKind::UnsupportedAlignment, layout));
        }
        (**self)
            .allocate()
            .map_err(|_| alloc_error(AllocErrorKind::OutOfMemory, layout))
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: a non-zero-sized allocation of this allocator is a block of the pool
            // (caller), and the pool cannot have moved: it is borrowed by `self`.
            unsafe { (**self).deallocate(ptr) }
        }
    }

    fn stats(&self) -> HeapStats {
        (**self).stats()
    }

    unsafe fn grow_in_place(
        &mut self,
        _ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // A non-zero-sized allocation owns a whole block; a zero-sized one owns nothing.
        if old_layout.size() != 0 && new_size <= SIZE {
            Ok(())
        } else {
            Err(
                match Layout::from_size_align(new_size, old_layout.align()) {
                    Ok(layout) => alloc_error(AllocErrorKind::OutOfMemory, layout),
                    Err(_) => AllocError::invalid_layout(),
                },
            )
        }
    }

    unsafe fn shrink_in_place(
        &mut self,
        _ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        if new_size != 0 {
            Ok(())
        } else {
            Err(
                match Layout::from_size_align(new_size, old_layout.align()) {
                    Ok(layout) => alloc_error(AllocErrorKind::OutOfMemory, layout),
                    Err(_) => AllocError::invalid_layout(),
                },
            )
        }
    }
}

/// A value in a block of a [`SizedPool`], from [`SizedPool::alloc`]: derefs to the value, drops
/// it and frees the block when dropped. Borrows the pool, which therefore stays in place.
///
/// # Examples
///
/// ```
/// use avila_alloc::pool::SizedPool;
///
/// let pool: SizedPool<8, 2> = SizedPool::new();
/// let mut count = pool.alloc(0_u64).unwrap();
/// *count += 1;
/// assert_eq!(*count, 1);
/// assert_eq!(count.into_inner(), 1); // moves the value out, frees the block
/// assert_eq!(pool.allocated(), 0);
/// ```
pub struct PoolBox<'a, T, const SIZE: usize, const N: usize> {
    ptr: NonNull<T>,
    pool: &'a SizedPool<SIZE, N>,
    /// Owns a `T` (for drop check and auto traits).
    _owns: PhantomData<T>,
}

impl<T, const SIZE: usize, const N: usize> PoolBox<'_, T, SIZE, N> {
    /// Moves the value out and frees its block.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = avila_alloc::pool::SizedPool::<32, 1>::new();
    /// let boxed = pool.alloc(String::from("out")).unwrap();
    /// let value: String = boxed.into_inner();
    /// assert_eq!(value, "out");
    /// assert!(!pool.is_full());
    /// ```
    #[must_use]
    pub fn into_inner(self) -> T {
        let this = mem::ManuallyDrop::new(self);
        // SAFETY: the box owns an initialized `T` at `ptr`; it is read once and the box is not
        // dropped, so the value is not dropped twice.
        let value = unsafe { this.ptr.read() };
        // SAFETY: the block came from `pool.allocate()`, the pool is borrowed (not moved), and
        // the box was the block's only owner.
        unsafe { this.pool.deallocate(this.ptr.cast()) };
        value
    }
}

impl<T, const SIZE: usize, const N: usize> Deref for PoolBox<'_, T, SIZE, N> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: the box owns an initialized, aligned `T` at `ptr`, alive as long as the box.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T, const SIZE: usize, const N: usize> DerefMut for PoolBox<'_, T, SIZE, N> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes the access exclusive.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T, const SIZE: usize, const N: usize> Drop for PoolBox<'_, T, SIZE, N> {
    fn drop(&mut self) {
        /// Frees the block even if the value's `Drop` panics.
        struct Free<'p, const SIZE: usize, const N: usize>(&'p SizedPool<SIZE, N>, NonNull<u8>);
        impl<const SIZE: usize, const N: usize> Drop for Free<'_, SIZE, N> {
            fn drop(&mut self) {
                // SAFETY: the block came from `allocate` of this pool, which is borrowed (not
                // moved); its value has been dropped (or its drop has unwound) and nothing
                // else owns it.
                unsafe { self.0.deallocate(self.1) }
            }
        }
        let _free = Free(self.pool, self.ptr.cast());
        // SAFETY: the box owns an initialized `T` at `ptr`, dropped exactly once here.
        unsafe { self.ptr.drop_in_place() };
    }
}

impl<T: fmt::Debug, const SIZE: usize, const N: usize> fmt::Debug for PoolBox<'_, T, SIZE, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests;
