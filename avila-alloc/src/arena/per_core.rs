//! [`PerCoreArena`]: a bump arena split into shards, one per core, so that threads allocating at
//! once do not all move one offset.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::alloc::Layout;
use core::fmt;
use core::mem::{self, MaybeUninit};
use core::ptr::NonNull;
use std::thread;

use super::MpmcArena;
use super::storage::BASE_ALIGN;
use crate::error::{AllocError, AllocErrorKind, CapacityError, capacity_overflow};
use crate::sync::CachePadded;

/// This thread's number (0 while the thread's locals are being destroyed).
fn thread_number() -> usize {
    crate::thread_number::current().unwrap_or(0)
}

/// A bump arena over a caller's buffer, split into shards (one per core by default), each a
/// [`MpmcArena`] on its own cache line: a thread allocates from its own shard, so threads
/// allocating at once touch different offsets and throughput grows with them. Under `std`.
///
/// A thread's shard is its number modulo the number of shards; the threads alive at once have
/// the numbers 0, 1, 2, ... (a number is taken when a thread first allocates from any
/// `PerCoreArena`, or counts in an [`AllocationTracker`](crate::track::AllocationTracker), and
/// given back when it exits), so with no more threads than shards, each has a
/// shard to itself. When a thread's shard is full,
/// its allocation goes to the next shard with room, so the arena refuses a request only when no
/// shard can hold it. The largest single allocation is one shard's size (the buffer divided by
/// the number of shards).
///
/// The allocation methods that fall back to other shards are here (`alloc`, `try_alloc`,
/// `alloc_slice_copy`, `alloc_str`, `alloc_layout`); [`local`](Self::local) gives the calling
/// thread's shard with every method of [`BumpArena`](super::BumpArena) (without the fallback).
/// [`reset`](Self::reset) takes `&mut self`, after every thread is done with the values.
///
/// Every allocation is aligned to at least `MIN_ALIGN` (a power of two, 1 by default).
/// **Values are never dropped**: see the [module docs](super).
///
/// # Examples
///
/// ```
/// use avila_alloc::arena::PerCoreArena;
/// use core::mem::MaybeUninit;
///
/// // 16-aligned, as Miri's alignment check wants for the values in it.
/// #[repr(align(16))]
/// struct Buffer([MaybeUninit<u8>; 64 * 1024]);
/// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 64 * 1024]));
/// let mut arena = PerCoreArena::with_shards(&mut buf.0, 4);
/// let lengths: Vec<usize> = std::thread::scope(|s| {
///     let workers: Vec<_> = (0..4)
///         .map(|t| {
///             let arena = &arena;
///             s.spawn(move || {
///                 let words = arena.alloc_slice_copy(&[t as u64; 100]);
///                 words.len()
///             })
///         })
///         .collect();
///     workers.into_iter().map(|w| w.join().unwrap()).collect()
/// });
/// assert_eq!(lengths, [100; 4]);
/// assert_eq!(arena.used(), 4 * 800);
/// arena.reset();
/// assert_eq!(arena.used(), 0);
/// ```
pub struct PerCoreArena<'buf, const MIN_ALIGN: usize = 1> {
    shards: Box<[CachePadded<MpmcArena<'buf, MIN_ALIGN>>]>,
}

impl<'buf> PerCoreArena<'buf> {
    /// An arena over `buf` with one shard per core (`std::thread::available_parallelism`, 1 when
    /// it is unknown) and no minimum alignment.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 4096]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    /// let arena = PerCoreArena::new(&mut buf.0);
    /// assert!(arena.shards() >= 1);
    /// assert_eq!(*arena.alloc(5_u32), 5);
    /// ```
    #[must_use]
    pub fn new(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        Self::new_aligned(buf)
    }

    /// An arena over `buf` with `shards` shards (at least 1) and no minimum alignment.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 4096]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert_eq!(arena.shards(), 2);
    /// ```
    #[must_use]
    pub fn with_shards(buf: &'buf mut [MaybeUninit<u8>], shards: usize) -> Self {
        Self::with_shards_aligned(buf, shards)
    }
}

impl<'buf, const MIN_ALIGN: usize> PerCoreArena<'buf, MIN_ALIGN> {
    /// An arena over `buf` with one shard per core, each allocation aligned to at least
    /// `MIN_ALIGN` (named in the type: `PerCoreArena<'_, 16>`).
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 4096]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    /// let arena: PerCoreArena<'_, 8> = PerCoreArena::new_aligned(&mut buf.0);
    /// assert_eq!((arena.alloc(1_u8) as *const u8).addr() % 8, 0);
    /// ```
    #[must_use]
    pub fn new_aligned(buf: &'buf mut [MaybeUninit<u8>]) -> Self {
        let cores = thread::available_parallelism().map_or(1, usize::from);
        Self::with_shards_aligned(buf, cores)
    }

    /// An arena over `buf` with `shards` shards (at least 1), each allocation aligned to at least
    /// `MIN_ALIGN`. The buffer is cut into equal shards whose starts are 16-aligned (up to 15
    /// bytes at the start of an unaligned buffer are skipped, and the last shard takes what the
    /// division leaves).
    ///
    /// # Panics
    ///
    /// At compile time, when `MIN_ALIGN` is not a power of two or is larger than 2^20.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 1000]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 1000]));
    /// let arena: PerCoreArena<'_, 4> = PerCoreArena::with_shards_aligned(&mut buf.0, 3);
    /// assert_eq!(arena.shards(), 3);
    /// assert!((985..=1000).contains(&arena.capacity()));
    /// ```
    #[must_use]
    pub fn with_shards_aligned(buf: &'buf mut [MaybeUninit<u8>], shards: usize) -> Self {
        let shards = shards.max(1);
        let skip = buf.as_ptr().addr().wrapping_neg() & (BASE_ALIGN - 1);
        let start = skip.min(buf.len());
        let mut rest: &'buf mut [MaybeUninit<u8>] = &mut buf[start..];
        // Equal shards of a multiple of 16 bytes, so each one starts 16-aligned.
        let each = (rest.len() / shards) & !(BASE_ALIGN - 1);
        let mut arenas = Vec::with_capacity(shards);
        for i in 0..shards {
            let take = if i + 1 == shards { rest.len() } else { each };
            let (shard, tail) = mem::take(&mut rest).split_at_mut(take);
            rest = tail;
            arenas.push(CachePadded::new(MpmcArena::new_aligned(shard)));
        }
        Self {
            shards: arenas.into_boxed_slice(),
        }
    }

    /// The number of shards.
    #[inline]
    #[must_use]
    pub fn shards(&self) -> usize {
        self.shards.len()
    }

    /// The calling thread's shard: every method of [`BumpArena`](super::BumpArena), without the
    /// fallback to other shards when it is full.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 4096]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// let squares = arena.local().alloc_slice_fill_with(4, |i| i * i);
    /// assert_eq!(squares, [0, 1, 4, 9]);
    /// ```
    #[inline]
    #[must_use]
    pub fn local(&self) -> &MpmcArena<'buf, MIN_ALIGN> {
        &self.shards[thread_number() % self.shards.len()]
    }

    /// The shards in the order this thread tries them: its own first, then the following ones.
    #[inline]
    fn in_order(&self) -> impl Iterator<Item = &MpmcArena<'buf, MIN_ALIGN>> {
        let first = thread_number() % self.shards.len();
        let (before, from) = self.shards.split_at(first);
        from.iter().chain(before).map(|shard| &**shard)
    }

    /// The bytes of all shards.
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.shards.iter().map(|shard| shard.capacity()).sum()
    }

    /// Bytes handed out by all shards since the last reset, alignment padding included.
    #[must_use]
    pub fn used(&self) -> usize {
        self.shards.iter().map(|shard| shard.used()).sum()
    }

    /// Bytes not handed out yet, over all shards (a single allocation must fit in one).
    #[must_use]
    pub fn remaining(&self) -> usize {
        self.shards.iter().map(|shard| shard.remaining()).sum()
    }

    /// Frees every allocation of every shard. No value is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 256]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 256]));
    /// let mut arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// arena.alloc([0_u8; 100]);
    /// arena.reset();
    /// assert_eq!(arena.used(), 0);
    /// ```
    pub fn reset(&mut self) {
        for shard in &mut self.shards {
            shard.reset();
        }
    }

    /// Moves `value` into this thread's shard, or into the next one with room.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] holding `value` when no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 64]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 64]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert!(arena.try_alloc([1_u8; 20]).is_ok());
    /// assert_eq!(arena.try_alloc([2_u8; 40]).unwrap_err().element(), [2; 40]);
    /// ```
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, CapacityError<T>> {
        let mut value = value;
        for shard in self.in_order() {
            match shard.try_alloc(value) {
                Ok(placed) => return Ok(placed),
                Err(full) => value = full.element(),
            }
        }
        Err(CapacityError::new(value, self.capacity()))
    }

    /// Moves `value` into this thread's shard, or into the next one with room.
    ///
    /// # Panics
    ///
    /// When no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 256]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 256]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// let x = arena.alloc(41_u64);
    /// *x += 1;
    /// assert_eq!(*x, 42);
    /// ```
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        match self.try_alloc(value) {
            Ok(placed) => placed,
            Err(_) => self.full("PerCoreArena::alloc", size_of::<T>()),
        }
    }

    /// Copies `src` into this thread's shard, or into the next one with room.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 64]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 64]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert_eq!(arena.try_alloc_slice_copy(&[1_u16, 2]).unwrap(), [1, 2]);
    /// assert!(arena.try_alloc_slice_copy(&[0_u8; 64]).is_err());
    /// ```
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], CapacityError> {
        self.in_order()
            .find_map(|shard| shard.try_alloc_slice_copy(src).ok())
            .ok_or_else(|| CapacityError::new((), self.capacity()))
    }

    /// Copies `src` into this thread's shard, or into the next one with room.
    ///
    /// # Panics
    ///
    /// When no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 256]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 256]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert_eq!(arena.alloc_slice_copy(&[3_u32; 4]), [3; 4]);
    /// ```
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        match self.try_alloc_slice_copy(src) {
            Ok(placed) => placed,
            Err(_) => self.full("PerCoreArena::alloc_slice_copy", size_of_val(src)),
        }
    }

    /// Copies `s` into this thread's shard, or into the next one with room.
    ///
    /// # Errors
    ///
    /// A [`CapacityError`] when no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 64]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 64]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert_eq!(arena.try_alloc_str("per core").unwrap(), "per core");
    /// ```
    pub fn try_alloc_str(&self, s: &str) -> Result<&mut str, CapacityError> {
        self.in_order()
            .find_map(|shard| shard.try_alloc_str(s).ok())
            .ok_or_else(|| CapacityError::new((), self.capacity()))
    }

    /// Copies `s` into this thread's shard, or into the next one with room.
    ///
    /// # Panics
    ///
    /// When no shard has room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 256]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 256]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// assert_eq!(arena.alloc_str("sharded"), "sharded");
    /// ```
    #[track_caller]
    pub fn alloc_str(&self, s: &str) -> &mut str {
        match self.try_alloc_str(s) {
            Ok(placed) => placed,
            Err(_) => self.full("PerCoreArena::alloc_str", s.len()),
        }
    }

    /// Reserves `layout.size()` bytes aligned to `max(layout.align(), MIN_ALIGN)` in this
    /// thread's shard, or in the next one with room; the bytes are uninitialized.
    ///
    /// # Errors
    ///
    /// An [`AllocError`] of kind [`OutOfMemory`](AllocErrorKind::OutOfMemory) when no shard has
    /// room for it.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::alloc::Layout;
    /// use core::mem::MaybeUninit;
    ///
    /// // 16-aligned, as Miri's alignment check wants for the values in it.
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 256]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 256]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// let block = arena.alloc_layout(Layout::from_size_align(24, 8).unwrap()).unwrap();
    /// assert_eq!(block.as_ptr().addr() % 8, 0);
    /// ```
    pub fn alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.in_order()
            .find_map(|shard| shard.alloc_layout(layout).ok())
            .ok_or(AllocError::new(AllocErrorKind::OutOfMemory, layout))
    }

    /// The shard whose buffer holds the `size` bytes at `addr`, if any.
    #[cfg(feature = "allocator-api2")]
    fn shard_of(&self, addr: usize, size: usize) -> Option<&MpmcArena<'buf, MIN_ALIGN>> {
        self.shards
            .iter()
            .map(|shard| &**shard)
            .find(|shard| shard.holds(addr, size))
    }

    #[cold]
    #[inline(never)]
    #[track_caller]
    fn full(&self, operation: &'static str, size: usize) -> ! {
        capacity_overflow(operation, self.capacity(), self.used().saturating_add(size))
    }
}

impl<const MIN_ALIGN: usize> fmt::Debug for PerCoreArena<'_, MIN_ALIGN> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PerCoreArena")
            .field("shards", &self.shards())
            .field("used", &self.used())
            .field("capacity", &self.capacity())
            .field("min_align", &MIN_ALIGN)
            .finish()
    }
}

/// `allocator_api2::alloc::Allocator` for `&PerCoreArena`: blocks come from the calling thread's
/// shard (or the next one with room); `deallocate`, `grow` and `shrink` go to the shard that holds
/// the block, where the most recent block changes in place, and a block that cannot grow in its
/// shard moves to any shard with room.
///
/// # Examples
///
/// ```
/// use allocator_api2::vec::Vec;
/// use avila_alloc::arena::PerCoreArena;
/// use core::mem::MaybeUninit;
///
/// // 16-aligned, as Miri's alignment check wants for the values in it.
/// #[repr(align(16))]
/// struct Buffer([MaybeUninit<u8>; 16 * 1024]);
/// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 16 * 1024]));
/// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
/// let sums: std::vec::Vec<u64> = std::thread::scope(|s| {
///     let workers: std::vec::Vec<_> = (1..=2_u64)
///         .map(|t| {
///             let arena = &arena;
///             s.spawn(move || {
///                 let mut v = Vec::new_in(arena);
///                 v.extend((0..100).map(|i| i * t));
///                 v.iter().sum::<u64>()
///             })
///         })
///         .collect();
///     workers.into_iter().map(|w| w.join().unwrap()).collect()
/// });
/// assert_eq!(sums, [4950, 9900]);
/// ```
// SAFETY: every block comes from one shard's `Allocator` implementation (sound for `&MpmcArena`,
// see there) and is only ever handed back to that shard: shards own disjoint ranges of the
// buffer, and `shard_of` finds the one whose range holds the block. A block moved by `grow` is
// allocated anew (from any shard) and copied, the old one given back to its own shard. `reset`
// needs `&mut PerCoreArena`, impossible while this `&PerCoreArena` is in use.
#[cfg(feature = "allocator-api2")]
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
unsafe impl<const MIN_ALIGN: usize> allocator_api2::alloc::Allocator
    for &PerCoreArena<'_, MIN_ALIGN>
{
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        let block = self
            .alloc_layout(layout)
            .map_err(|_| allocator_api2::alloc::AllocError)?;
        Ok(NonNull::slice_from_raw_parts(block, layout.size()))
    }

    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if let Some(shard) = self.shard_of(ptr.as_ptr().addr(), layout.size()) {
            // SAFETY: the block was allocated by this shard (caller: by this allocator; shards
            // are disjoint) with `layout`.
            unsafe { allocator_api2::alloc::Allocator::deallocate(&shard, ptr, layout) };
        }
    }

    unsafe fn grow(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        if let Some(shard) = self.shard_of(ptr.as_ptr().addr(), old_layout.size()) {
            // SAFETY: as in `deallocate`; the caller's contract for `grow` is passed on.
            if let Ok(block) = unsafe {
                allocator_api2::alloc::Allocator::grow(&shard, ptr, old_layout, new_layout)
            } {
                return Ok(block);
            }
        }
        // SAFETY: the caller's contract for `grow`; the old block is given back once moved.
        unsafe {
            let new = super::allocator_api2::grow_by_moving(self, ptr, old_layout, new_layout)?;
            self.deallocate(ptr, old_layout);
            Ok(new)
        }
    }

    unsafe fn shrink(
        &self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        match self.shard_of(ptr.as_ptr().addr(), old_layout.size()) {
            // SAFETY: as in `deallocate`; the caller's contract for `shrink` is passed on.
            Some(shard) => unsafe {
                allocator_api2::alloc::Allocator::shrink(&shard, ptr, old_layout, new_layout)
            },
            // A zero-sized block (dangling, in no shard): shrinking it allocates anew.
            None => self.allocate(new_layout),
        }
    }
}

#[cfg(feature = "nightly")]
crate::core_alloc::forward_core_allocator!(
    /// core's `Allocator` (feature `nightly`), the same implementation as allocator-api2's
    /// above.
    ///
    /// # Examples
    ///
    /// ```
    /// #![feature(allocator_api)]
    /// use avila_alloc::arena::PerCoreArena;
    /// use core::mem::MaybeUninit;
    ///
    /// #[repr(align(16))]
    /// struct Buffer([MaybeUninit<u8>; 4096]);
    /// let mut buf = Box::new(Buffer([MaybeUninit::uninit(); 4096]));
    /// let arena = PerCoreArena::with_shards(&mut buf.0, 2);
    /// let mut v: Vec<u64, _> = Vec::new_in(&arena);
    /// v.extend(0..100);
    /// assert_eq!(v.iter().sum::<u64>(), 4950);
    /// assert!(v.try_reserve(10_000).is_err());
    /// ```
    impl[const MIN_ALIGN: usize] &PerCoreArena<'_, MIN_ALIGN>
);
