//! [`OsHeap`]: a `#[global_allocator]` for std programs, with thread-local size-class caches over
//! segments of memory from the system allocator.
//!
//! # Layout
//!
//! - **Segments** of 4 MiB, aligned to 4 MiB, come from [`System`] and go back to it when all
//!   their pages are free (one empty segment is kept for the next need). A segment is 64
//!   **pages** of 64 KiB; its first 8 KiB hold the descriptors of its 64 pages, so the page of
//!   any small block is found from the block's address alone: round down to the segment, then
//!   index by the page number.
//! - A page holds blocks of one **size class** (36 classes from 8 bytes to 8 KiB: steps of 8 up
//!   to 64, of 16 up to 128, then four steps per doubling) and belongs to one thread at a time, its
//!   **owner**. Free blocks form a list through their first word; blocks never handed out yet
//!   are carved from the page's unused end as needed.
//! - Each thread has a **heap** in thread-local storage: for each class, the page it allocates
//!   from and a list of its other pages of that class. Allocation pops the current page's list
//!   and a free by the owner pushes it: no atomic instruction, no lock.
//! - A block freed by **another thread** goes onto its page's remote list with one
//!   compare-and-swap; the owner takes the whole list with one swap when its page runs dry.
//! - **Thread exit**: the thread's pages with no live block go back to their segments, the
//!   others are *abandoned*: a thread that needs a page later adopts them first.
//! - Requests above 8 KiB, or aligned beyond what a page provides, go straight to [`System`].
//!
//! Only the slow paths take a lock: a page taken from or given back to a segment, a thread's
//! exit, an adoption, and allocations made while a thread's heap is being set up or after it
//! was torn down (by other thread-local destructors), which use a shared fallback heap.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::fmt;
use core::ptr;
use std::alloc::System;

use super::remote_free::{Block, RemoteFreeList};
use super::{RawLock, SpinLock};
use crate::sync::{AtomicUsize, Ordering};

/// log2 of the segment size (smaller under Miri, whose cost per access grows with the size of
/// the allocation accessed).
const SEGMENT_SHIFT: u32 = if cfg!(miri) { 18 } else { 22 };
/// Bytes of a segment (and its alignment).
const SEGMENT_SIZE: usize = 1 << SEGMENT_SHIFT;
/// log2 of the page size.
const PAGE_SHIFT: u32 = if cfg!(miri) { 14 } else { 16 };
/// Bytes of a page.
const PAGE_SIZE: usize = 1 << PAGE_SHIFT;
/// Pages per segment.
const PAGES: usize = SEGMENT_SIZE / PAGE_SIZE;
/// Bytes at the start of a segment kept for its header: the first page's blocks start after it.
/// A multiple of the largest class, so power-of-two blocks stay aligned to their size.
const HEADER: usize = 8192;
/// The largest request served from pages.
const MAX_SMALL: usize = 8192;
/// The largest request whose class comes from [`CLASS_OF`].
const TABLE_MAX: usize = 1024;
/// The number of size classes.
const CLASSES: usize = 36;
/// The largest alignment served by rounding the size up to a multiple of it: classes that are
/// multiples of 16 bytes are 16-aligned (page areas start at multiples of 8 KiB).
const CLASS_ALIGN: usize = 16;
/// Bytes of blocks carved from a page's unused end at a time.
const CARVE_BYTES: usize = 4096;
/// How many of a class's other pages a thread checks for free blocks before it takes a new page.
const CHECKS: usize = 4;
/// How many abandoned pages a thread adopts at a time.
const ADOPT: usize = 4;

const _: () = assert!(size_of::<Segment>() <= HEADER);
const _: () = assert!(class_size(CLASSES - 1) == MAX_SMALL);
const _: () = assert!(class_of_size(MAX_SMALL) == CLASSES - 1);

/// The block size of `class`: steps of 8 bytes up to 64, of 16 up to 128, then four steps per
/// doubling.
const fn class_size(class: usize) -> usize {
    match class {
        0..=7 => (class + 1) * 8,
        8..=11 => 64 + (class - 7) * 16,
        _ => {
            let k = class - 12;
            let log = 7 + k / 4;
            (1 << log) + ((k % 4 + 1) << (log - 2))
        }
    }
}

/// The smallest class whose blocks hold `size` bytes (`size <= MAX_SMALL`).
const fn class_of_size(size: usize) -> usize {
    if size <= 64 {
        size.saturating_sub(1) / 8
    } else if size <= 128 {
        7 + (size - 64).div_ceil(16)
    } else {
        let s = size - 1;
        let log = (usize::BITS - 1 - s.leading_zeros()) as usize;
        12 + (log - 7) * 4 + ((s >> (log - 2)) & 3)
    }
}

/// The class of every size up to [`TABLE_MAX`], indexed by `size.div_ceil(8)` (the classes are
/// multiples of 8 bytes, so the eight sizes that share an index share a class).
static CLASS_OF: [u8; TABLE_MAX / 8 + 1] = {
    let mut table = [0; TABLE_MAX / 8 + 1];
    let mut i = 0;
    while i < table.len() {
        table[i] = class_of_size(i * 8) as u8;
        i += 1;
    }
    table
};

/// The class that serves `layout`, or `None` for [`System`].
///
/// Up to 8 bytes of alignment, the smallest class that holds the size; up to 16, the smallest
/// multiple of 16 that holds it (a `Layout`'s size rounded up to its alignment cannot overflow).
/// Beyond that, a
/// power-of-two class at least as large as the alignment: its blocks sit at multiples of their
/// size from an aligned page start.
#[inline]
fn class_of(layout: Layout) -> Option<usize> {
    let (size, align) = (layout.size(), layout.align());
    if align <= CLASS_ALIGN {
        // Every class is a multiple of 8 (so 8-aligned); up to 64 bytes some are not multiples
        // of 16, so a 16-aligned request rounds up to one that is.
        let size = if align <= 8 {
            size
        } else {
            size.max(align).next_multiple_of(CLASS_ALIGN)
        };
        if size <= TABLE_MAX {
            Some(usize::from(CLASS_OF[size.div_ceil(8)]))
        } else if size <= MAX_SMALL {
            Some(class_of_size(size))
        } else {
            None
        }
    } else {
        let size = size.max(align).checked_next_power_of_two()?;
        (size <= MAX_SMALL).then(|| class_of_size(size))
    }
}

/// The descriptor of one page, in its segment's header.
///
/// The fields without atomics belong to the page's owner (or to the pool's lock while the page
/// has no owner); any thread may read `owner` and push onto `remote`.
#[repr(C, align(64))]
struct Page {
    /// Free blocks, for the owner.
    free: *mut Block,
    /// Blocks handed out and not yet freed to `free`, plus one while this is its owner's
    /// current page of its class (so that freeing every block of the current page does not
    /// look like an empty page).
    used: u32,
    /// Blocks not yet carved from the page's unused end.
    remaining: u32,
    /// The size class.
    class: u32,
    /// The start of the unused end.
    unused: *mut u8,
    /// The next page in the owner's list of its class (or in the pool's abandoned list).
    next: *mut Page,
    /// The previous page in the owner's list.
    prev: *mut Page,
    /// The owning heap's address, 0 when the page is free or abandoned.
    owner: AtomicUsize,
    /// Blocks freed by other threads.
    remote: RemoteFreeList,
}

impl Page {
    /// A descriptor of a page that is not in use.
    const fn unused() -> Self {
        Self {
            free: ptr::null_mut(),
            used: 0,
            remaining: 0,
            class: 0,
            unused: ptr::null_mut(),
            next: ptr::null_mut(),
            prev: ptr::null_mut(),
            owner: AtomicUsize::new(0),
            remote: RemoteFreeList::new(),
        }
    }

    /// Moves the remote list onto the free list (owner only). Returns whether any came.
    ///
    /// # Safety
    ///
    /// `page` is a live descriptor owned by the caller.
    unsafe fn collect(page: *mut Self) -> bool {
        // SAFETY: the caller owns the page; the blocks on the remote list were handed over by
        // their pushes, which the swap's `Acquire` synchronizes with.
        unsafe {
            let mut block = (*page).remote.take_all();
            if block.is_null() {
                return false;
            }
            let mut count = 1;
            let first = block;
            while !(*block).next.is_null() {
                block = (*block).next;
                count += 1;
            }
            (*block).next = (*page).free;
            (*page).free = first;
            (*page).used -= count;
            true
        }
    }

    /// Makes blocks available (remote frees, then a carve of the unused end). Returns whether
    /// the free list is not empty (owner only).
    ///
    /// # Safety
    ///
    /// `page` is a live descriptor owned by the caller.
    unsafe fn refill(page: *mut Self) -> bool {
        // SAFETY: the caller owns the page; the carved blocks lie in its unused end, which is
        // inside its segment and handed out to nobody yet.
        unsafe {
            if !(*page).free.is_null() || Self::collect(page) {
                return true;
            }
            let remaining = (*page).remaining as usize;
            if remaining == 0 {
                return false;
            }
            let size = class_size((*page).class as usize);
            let count = remaining.min((CARVE_BYTES / size).max(1));
            let first = (*page).unused;
            let mut block = first;
            for _ in 1..count {
                let next = block.add(size);
                (*block.cast::<Block>()).next = next.cast();
                block = next;
            }
            (*block.cast::<Block>()).next = (*page).free;
            (*page).free = first.cast();
            (*page).unused = block.add(size);
            (*page).remaining -= count as u32;
            true
        }
    }

    /// Pops a block of the free list, which is not empty (owner only).
    ///
    /// # Safety
    ///
    /// `page` is a live descriptor owned by the caller, with a block on its free list.
    #[inline(always)]
    unsafe fn pop(page: *mut Self) -> *mut u8 {
        // SAFETY: the caller's guarantees.
        unsafe {
            let block = (*page).free;
            (*page).free = (*block).next;
            (*page).used += 1;
            block.cast()
        }
    }
}

/// The header of a segment, at its start.
#[repr(C)]
struct Segment {
    /// Its pages' descriptors.
    pages: [Page; PAGES],
    /// Bit `i` set: page `i` is free (under the pool's lock).
    free_pages: u64,
    /// The next segment with a free page (under the pool's lock).
    next: *mut Segment,
    /// The previous segment with a free page (under the pool's lock).
    prev: *mut Segment,
}

/// All pages free.
const ALL_FREE: u64 = if PAGES == 64 {
    u64::MAX
} else {
    (1 << PAGES) - 1
};

/// The descriptor of the page that holds `block`.
///
/// # Safety
///
/// `block` was handed out from a page (its layout has a class).
#[inline(always)]
unsafe fn page_of(block: *mut u8) -> *mut Page {
    let segment = block.addr() & !(SEGMENT_SIZE - 1);
    // The block's own pointer may not reach the header: see `miri_segments`. The segment's
    // pointer was exposed when the segment was made.
    #[cfg(any(not(miri), avila_miri_exposed))]
    let segment = ptr::with_exposed_provenance_mut::<Segment>(segment);
    #[cfg(all(miri, not(avila_miri_exposed)))]
    let segment = miri_segments::with_segment_provenance(segment);
    let index = (block.addr() >> PAGE_SHIFT) & (PAGES - 1);
    // SAFETY: the block lies in a live segment, whose header holds `PAGES` descriptors; the
    // pointer has that segment's provenance (exposed when it was made, or from the Miri table).
    unsafe { (&raw mut (*segment).pages).cast::<Page>().add(index) }
}

/// Under Miri, the segments' own pointers, to reach a segment's header from a block.
///
/// A pointer that reaches `dealloc` from a `Box` carries the box's tag, which Stacked Borrows
/// narrows to the box's bytes: the header at the start of the segment is outside them, so the
/// rounded-down block pointer may not read it. It only gives the address. Natively the pointer
/// with the segment's provenance comes from the provenance exposed when the segment was made
/// (`with_exposed_provenance_mut`, no cost at run time); Miri runs with
/// `-Zmiri-strict-provenance`, which forbids that, so under Miri it comes from this table.
/// `scripts/miri.sh` also runs the `OsHeap` tests once on the native route, built with
/// `--cfg avila_miri_exposed` under `-Zmiri-permissive-provenance`.
#[cfg(all(miri, not(avila_miri_exposed)))]
mod miri_segments {
    use core::ptr;

    use super::Segment;
    use crate::sync::{AtomicPtr, Ordering};

    /// The live segments (far more slots than the tests' segments of 256 KiB need at once).
    static SEGMENTS: [AtomicPtr<Segment>; 256] = [const { AtomicPtr::new(ptr::null_mut()) }; 256];

    /// Records a new segment.
    pub(super) fn register(segment: *mut Segment) {
        let taken = SEGMENTS.iter().any(|slot| {
            slot.compare_exchange(
                ptr::null_mut(),
                segment,
                Ordering::AcqRel,
                Ordering::Relaxed,
            )
            .is_ok()
        });
        assert!(taken, "more than 256 segments under Miri");
    }

    /// Forgets a segment given back to the system.
    pub(super) fn unregister(segment: *mut Segment) {
        let found = SEGMENTS.iter().any(|slot| {
            slot.compare_exchange(
                segment,
                ptr::null_mut(),
                Ordering::AcqRel,
                Ordering::Relaxed,
            )
            .is_ok()
        });
        assert!(found, "unknown segment");
    }

    /// The registered pointer of the segment at address `segment`.
    pub(super) fn with_segment_provenance(segment: usize) -> *mut Segment {
        SEGMENTS
            .iter()
            .map(|slot| slot.load(Ordering::Acquire))
            .find(|s| s.addr() == segment)
            .expect("a block outside every segment")
    }
}

/// A doubly linked list of pages through `next` and `prev`.
#[derive(Clone, Copy)]
struct PageList {
    head: *mut Page,
    tail: *mut Page,
}

impl PageList {
    const EMPTY: Self = Self {
        head: ptr::null_mut(),
        tail: ptr::null_mut(),
    };

    /// Appends `page`.
    ///
    /// # Safety
    ///
    /// `page` is live, owned by the list's heap and in no list.
    unsafe fn push_back(&mut self, page: *mut Page) {
        // SAFETY: the caller's guarantees; the list's pages are live.
        unsafe {
            (*page).next = ptr::null_mut();
            (*page).prev = self.tail;
            if self.tail.is_null() {
                self.head = page;
            } else {
                (*self.tail).next = page;
            }
            self.tail = page;
        }
    }

    /// Unlinks `page`.
    ///
    /// # Safety
    ///
    /// `page` is in this list.
    unsafe fn remove(&mut self, page: *mut Page) {
        // SAFETY: the caller's guarantees; the list's pages are live.
        unsafe {
            let (next, prev) = ((*page).next, (*page).prev);
            if prev.is_null() {
                self.head = next;
            } else {
                (*prev).next = next;
            }
            if next.is_null() {
                self.tail = prev;
            } else {
                (*next).prev = prev;
            }
        }
    }
}

/// A page with no block, standing in for "no current page" so that the allocation fast path
/// has one test (an empty free list) instead of two. Never written.
struct EmptyPage(UnsafeCell<Page>);

// SAFETY: nobody writes the page: its free list is empty, so the fast path leaves it, and the
// slow path recognises it by address before touching anything.
unsafe impl Sync for EmptyPage {}

static EMPTY_PAGE: EmptyPage = EmptyPage(UnsafeCell::new(Page::unused()));

/// [`EMPTY_PAGE`]'s address.
const NO_PAGE: *mut Page = EMPTY_PAGE.0.get();

/// The state of a thread's heap.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Not used yet.
    New,
    /// Registering its thread-exit hook (allocations meanwhile use the fallback heap).
    Starting,
    /// In use.
    Active,
    /// Its thread is exiting and it gave its pages up (allocations use the fallback heap).
    Retired,
}

/// A heap: pages of each class.
struct ThreadHeap {
    /// The page each class allocates from, or [`NO_PAGE`].
    current: [*mut Page; CLASSES],
    /// The other pages of each class.
    others: [PageList; CLASSES],
    state: State,
}

impl ThreadHeap {
    const NEW: Self = Self {
        current: [NO_PAGE; CLASSES],
        others: [PageList::EMPTY; CLASSES],
        state: State::New,
    };
}

std::thread_local! {
    /// The thread's heap. Its address is the owner value of its pages.
    static HEAP: UnsafeCell<ThreadHeap> = const { UnsafeCell::new(ThreadHeap::NEW) };
    /// Gives the thread's pages up when the thread exits.
    static EXIT: ExitHook = const { ExitHook };
}

/// The thread-local whose destructor retires the thread's heap.
struct ExitHook;

impl Drop for ExitHook {
    fn drop(&mut self) {
        // The heap has no destructor, so it is still reachable while thread-locals are torn down.
        let heap = HEAP.with(UnsafeCell::get);
        // SAFETY: the heap is this thread's; nothing else runs on this thread meanwhile (an
        // allocation from inside `retire` would find the state `Retired` only after the pages
        // are given up, and it takes the fallback heap then).
        unsafe { retire(heap) };
    }
}

/// The fallback heap, for threads whose own heap is starting or retired.
struct Fallback {
    lock: SpinLock,
    heap: UnsafeCell<ThreadHeap>,
}

// SAFETY: the heap is used only under the lock.
unsafe impl Sync for Fallback {}

static FALLBACK: Fallback = Fallback {
    lock: SpinLock::new(),
    heap: UnsafeCell::new(ThreadHeap {
        state: State::Active,
        ..ThreadHeap::NEW
    }),
};

/// The segments and the abandoned pages, shared by all threads.
struct Pool {
    lock: SpinLock,
    shared: UnsafeCell<PoolShared>,
    segments: AtomicUsize,
    pages_in_use: AtomicUsize,
    abandoned: AtomicUsize,
    large_allocations: AtomicUsize,
    large_bytes: AtomicUsize,
    thread_heaps: AtomicUsize,
}

/// What the pool's lock protects.
struct PoolShared {
    /// Segments with a free page (linked through `next`/`prev`).
    partial: *mut Segment,
    /// A segment kept with all its pages free (in `partial` too), or null.
    spare: *mut Segment,
    /// Abandoned pages, linked through `next`.
    abandoned: *mut Page,
}

// SAFETY: `shared` is used only under the lock; the rest are atomics.
unsafe impl Sync for Pool {}

static POOL: Pool = Pool {
    lock: SpinLock::new(),
    shared: UnsafeCell::new(PoolShared {
        partial: ptr::null_mut(),
        spare: ptr::null_mut(),
        abandoned: ptr::null_mut(),
    }),
    segments: AtomicUsize::new(0),
    pages_in_use: AtomicUsize::new(0),
    abandoned: AtomicUsize::new(0),
    large_allocations: AtomicUsize::new(0),
    large_bytes: AtomicUsize::new(0),
    thread_heaps: AtomicUsize::new(0),
};

/// The layout of a segment.
const SEGMENT_LAYOUT: Layout = match Layout::from_size_align(SEGMENT_SIZE, SEGMENT_SIZE) {
    Ok(layout) => layout,
    Err(_) => panic!("segment layout"),
};

impl Pool {
    /// Runs `f` on the shared state under the lock.
    fn locked<R>(&self, f: impl FnOnce(&mut PoolShared) -> R) -> R {
        self.lock.lock();
        // SAFETY: the lock is held, so this is the only reference.
        let result = f(unsafe { &mut *self.shared.get() });
        // SAFETY: locked above.
        unsafe { self.lock.unlock() };
        result
    }

    /// A free page for `class`, owned by `owner`, with its whole area unused; null when the
    /// system allocator has no memory for a new segment.
    fn take_page(&self, class: usize, owner: usize) -> *mut Page {
        let taken = self.locked(|shared| {
            let mut segment = shared.partial;
            if segment.is_null() {
                // SAFETY: a non-zero size.
                let memory = unsafe { System.alloc(SEGMENT_LAYOUT) };
                if memory.is_null() {
                    return None;
                }
                segment = memory.cast::<Segment>();
                // `page_of` reaches the header from a block through this provenance.
                #[cfg(any(not(miri), avila_miri_exposed))]
                segment.expose_provenance();
                #[cfg(all(miri, not(avila_miri_exposed)))]
                miri_segments::register(segment);
                // SAFETY: a fresh segment, aligned and large enough for its header.
                unsafe {
                    let pages = (&raw mut (*segment).pages).cast::<Page>();
                    for i in 0..PAGES {
                        pages.add(i).write(Page::unused());
                    }
                    (&raw mut (*segment).free_pages).write(ALL_FREE);
                    (&raw mut (*segment).next).write(ptr::null_mut());
                    (&raw mut (*segment).prev).write(ptr::null_mut());
                }
                shared.partial = segment;
                self.segments.fetch_add(1, Ordering::Relaxed);
            }
            if segment == shared.spare {
                shared.spare = ptr::null_mut();
            }
            // SAFETY: segments in `partial` are live and have a free page; the lock is held.
            unsafe {
                let free = (*segment).free_pages;
                let index = free.trailing_zeros() as usize;
                (*segment).free_pages = free & !(1 << index);
                if (*segment).free_pages == 0 {
                    shared.partial = (*segment).next;
                    if !shared.partial.is_null() {
                        (*shared.partial).prev = ptr::null_mut();
                    }
                }
                Some((segment, index))
            }
        });
        let Some((segment, index)) = taken else {
            return ptr::null_mut();
        };
        self.pages_in_use.fetch_add(1, Ordering::Relaxed);
        let start = if index == 0 {
            HEADER
        } else {
            index * PAGE_SIZE
        };
        let size = class_size(class);
        // SAFETY: the page is ours now; its area lies inside the segment.
        unsafe {
            let page = (&raw mut (*segment).pages).cast::<Page>().add(index);
            (*page).free = ptr::null_mut();
            (*page).used = 0;
            (*page).class = class as u32;
            (*page).unused = segment.cast::<u8>().add(start);
            (*page).remaining = (((index + 1) * PAGE_SIZE - start) / size) as u32;
            (*page).next = ptr::null_mut();
            (*page).prev = ptr::null_mut();
            (*page).owner.store(owner, Ordering::Relaxed);
            page
        }
    }

    /// Gives a page with no live block back to its segment; a segment left with no page in use
    /// goes back to the system unless it becomes the spare.
    ///
    /// # Safety
    ///
    /// `page` is a live page owned by the caller, with no live block and nothing on its remote
    /// list, in no list.
    unsafe fn give_back(&self, page: *mut Page) {
        // SAFETY: the caller's guarantees; the page's segment is live while it has a page in use.
        unsafe {
            (*page).owner.store(0, Ordering::Relaxed);
            (*page).free = ptr::null_mut();
            (*page).remaining = 0;
        }
        self.pages_in_use.fetch_sub(1, Ordering::Relaxed);
        let release = self.locked(|shared| {
            let segment = page.map_addr(|a| a & !(SEGMENT_SIZE - 1)).cast::<Segment>();
            // SAFETY: the lock is held; the segment is live (this page was in use).
            unsafe {
                let index = (page.addr() - segment.addr()) / size_of::<Page>();
                let before = (*segment).free_pages;
                (*segment).free_pages = before | (1 << index);
                if before == 0 {
                    (*segment).prev = ptr::null_mut();
                    (*segment).next = shared.partial;
                    if !shared.partial.is_null() {
                        (*shared.partial).prev = segment;
                    }
                    shared.partial = segment;
                }
                if (*segment).free_pages != ALL_FREE {
                    return None;
                }
                if shared.spare.is_null() {
                    shared.spare = segment;
                    return None;
                }
                let (next, prev) = ((*segment).next, (*segment).prev);
                if prev.is_null() {
                    shared.partial = next;
                } else {
                    (*prev).next = next;
                }
                if !next.is_null() {
                    (*next).prev = prev;
                }
                Some(segment)
            }
        });
        if let Some(segment) = release {
            self.segments.fetch_sub(1, Ordering::Relaxed);
            #[cfg(all(miri, not(avila_miri_exposed)))]
            miri_segments::unregister(segment);
            // SAFETY: the segment came from `System.alloc(SEGMENT_LAYOUT)` and has no page in
            // use, and it is in no list any more.
            unsafe { System.dealloc(segment.cast(), SEGMENT_LAYOUT) };
        }
    }

    /// Puts a page with live blocks up for adoption.
    ///
    /// # Safety
    ///
    /// `page` is live, owned by the caller and in no list; the caller gives it up.
    unsafe fn abandon(&self, page: *mut Page) {
        // SAFETY: the caller gives the page up; from the store on, its blocks' frees go to its
        // remote list, and its owner fields pass to the adopter through the lock.
        unsafe { (*page).owner.store(0, Ordering::Relaxed) };
        self.locked(|shared| {
            // SAFETY: as above.
            unsafe { (*page).next = shared.abandoned };
            shared.abandoned = page;
        });
        self.abandoned.fetch_add(1, Ordering::Relaxed);
    }

    /// Takes an abandoned page, now owned by `owner`, or null.
    fn adopt(&self, owner: usize) -> *mut Page {
        if self.abandoned.load(Ordering::Relaxed) == 0 {
            return ptr::null_mut();
        }
        let page = self.locked(|shared| {
            let page = shared.abandoned;
            if !page.is_null() {
                // SAFETY: pages in the list are live; the lock is held.
                unsafe {
                    shared.abandoned = (*page).next;
                    (*page).owner.store(owner, Ordering::Relaxed);
                }
            }
            page
        });
        if !page.is_null() {
            self.abandoned.fetch_sub(1, Ordering::Relaxed);
        }
        page
    }
}

/// Allocates a block of `class` from `heap` when its current page has no free block.
///
/// # Safety
///
/// `heap` is the calling thread's heap (or the fallback heap under its lock).
#[cold]
#[inline(never)]
unsafe fn alloc_slow(heap: *mut ThreadHeap, class: usize) -> *mut u8 {
    // SAFETY: the caller's guarantees.
    unsafe {
        match (*heap).state {
            State::Active => {}
            State::New => return start(heap, class),
            State::Starting | State::Retired => return alloc_fallback(class),
        }
        let owner = heap.addr();
        let current = (*heap).current[class];
        if current != NO_PAGE {
            if Page::refill(current) {
                return Page::pop(current);
            }
            // Exhausted: it joins the other pages (and loses the mark of the current page).
            (*current).used -= 1;
            (*heap).current[class] = NO_PAGE;
        }
        let others = &raw mut (*heap).others[class];
        let mut found = ptr::null_mut();
        for _ in 0..CHECKS {
            let page = (*others).head;
            if page.is_null() {
                break;
            }
            (*others).remove(page);
            if Page::refill(page) {
                found = page;
                break;
            }
            (*others).push_back(page);
        }
        if current != NO_PAGE {
            (*others).push_back(current);
        }
        if found.is_null() {
            found = adopt_pages(heap, class, owner);
        }
        if found.is_null() {
            found = POOL.take_page(class, owner);
            if found.is_null() || !Page::refill(found) {
                return ptr::null_mut();
            }
        }
        (*found).used += 1;
        (*heap).current[class] = found;
        Page::pop(found)
    }
}

/// Adopts up to [`ADOPT`] abandoned pages into `heap`; returns one of `class` with a free block
/// (not in any list), or null.
///
/// # Safety
///
/// As [`alloc_slow`].
unsafe fn adopt_pages(heap: *mut ThreadHeap, class: usize, owner: usize) -> *mut Page {
    let mut found: *mut Page = ptr::null_mut();
    for _ in 0..ADOPT {
        let page = POOL.adopt(owner);
        if page.is_null() {
            break;
        }
        // SAFETY: the page is ours now.
        unsafe {
            Page::collect(page);
            if (*page).used == 0 {
                POOL.give_back(page);
            } else if found.is_null() && (*page).class as usize == class && Page::refill(page) {
                found = page;
            } else {
                (*heap).others[(*page).class as usize].push_back(page);
            }
        }
    }
    found
}

/// The first allocation of a thread: registers the exit hook, then allocates.
///
/// # Safety
///
/// As [`alloc_slow`].
#[cold]
unsafe fn start(heap: *mut ThreadHeap, class: usize) -> *mut u8 {
    // SAFETY: the caller's guarantees. Registering the hook may allocate (std keeps a list of
    // destructors on some platforms): that allocation finds `Starting` and uses the fallback.
    unsafe {
        (*heap).state = State::Starting;
        let registered = EXIT.try_with(|_| ()).is_ok();
        if registered {
            (*heap).state = State::Active;
            POOL.thread_heaps.fetch_add(1, Ordering::Relaxed);
            alloc_slow(heap, class)
        } else {
            // Thread-locals are being torn down already: this thread uses the fallback.
            (*heap).state = State::Retired;
            alloc_fallback(class)
        }
    }
}

/// Allocates from the fallback heap.
#[cold]
fn alloc_fallback(class: usize) -> *mut u8 {
    FALLBACK.lock.lock();
    let heap = FALLBACK.heap.get();
    // SAFETY: the lock is held; the fallback heap is `Active`, so this does not recurse here.
    let block = unsafe {
        let page = (*heap).current[class];
        if (*page).free.is_null() {
            alloc_slow(heap, class)
        } else {
            Page::pop(page)
        }
    };
    // SAFETY: locked above.
    unsafe { FALLBACK.lock.unlock() };
    block
}

/// Gives the pages of an exiting thread's heap up.
///
/// # Safety
///
/// `heap` is the calling thread's heap, which it never uses again.
unsafe fn retire(heap: *mut ThreadHeap) {
    // SAFETY: the caller's guarantees.
    unsafe {
        if (*heap).state != State::Active {
            return;
        }
        (*heap).state = State::Retired;
        POOL.thread_heaps.fetch_sub(1, Ordering::Relaxed);
        for class in 0..CLASSES {
            let current = (*heap).current[class];
            if current != NO_PAGE {
                (*current).used -= 1;
                (*heap).current[class] = NO_PAGE;
                let_go(current);
            }
            let mut page = (*heap).others[class].head;
            (*heap).others[class] = PageList::EMPTY;
            while !page.is_null() {
                let next = (*page).next;
                let_go(page);
                page = next;
            }
        }
    }
}

/// Gives `page` back if it has no live block, else abandons it.
///
/// # Safety
///
/// `page` is live, owned by the caller, not current, and in no list.
unsafe fn let_go(page: *mut Page) {
    // SAFETY: the caller's guarantees.
    unsafe {
        Page::collect(page);
        if (*page).used == 0 {
            POOL.give_back(page);
        } else {
            POOL.abandon(page);
        }
    }
}

/// Frees a block of a page owned by another heap (or by none).
///
/// # Safety
///
/// `block` is a live block of `page`.
#[cold]
#[inline(never)]
unsafe fn free_remote(page: *mut Page, block: *mut u8) {
    // SAFETY: the caller hands the block over.
    unsafe { (*page).remote.push(block.cast()) }
}

/// The page of a local free has no live block left: it goes back to its segment.
///
/// # Safety
///
/// `page` belongs to `heap` and is not its current page (that one is marked in `used`).
#[cold]
#[inline(never)]
unsafe fn page_emptied(heap: *mut ThreadHeap, page: *mut Page) {
    // SAFETY: the caller's guarantees: a page of the heap that is not current is in `others`.
    unsafe {
        (*heap).others[(*page).class as usize].remove(page);
        POOL.give_back(page);
    }
}

/// A process-wide allocator for std programs: thread-local caches of size-classed pages over
/// large segments from the system allocator. `const fn new()`, so
/// `#[global_allocator] static A: OsHeap = OsHeap::new();` is the whole setup.
///
/// Requests up to 8 KiB (with any alignment up to 8 KiB) come from
/// the calling thread's pages with no lock and no atomic instruction; a block freed by another
/// thread goes back to its page with one compare-and-swap; larger requests go to [`System`].
/// The book's chapter "A global allocator for std programs" describes the design and its
/// measurements.
///
/// `OsHeap` is a handle, like [`System`]: every value uses the same process-wide heap.
///
/// # Threads, exit and `fork`
///
/// - A thread's heap is set up on its first allocation; it registers a thread-local destructor,
///   and allocations made while that registration runs use a shared fallback heap behind a lock.
/// - When the thread exits, its pages with no live block go back to the segments, and pages
///   with live blocks are abandoned: frees of their blocks from any thread still work, and the
///   next thread that needs a page adopts them. Allocations from thread-local destructors that
///   run after that use the fallback heap, so they work, without deadlock, at any point of the
///   thread's exit.
/// - `OsHeap` never calls the global allocator, so it cannot recurse into itself.
/// - Across `fork`: the child gets a copy of every heap; only the forking thread's is usable,
///   and the pages of the other threads stay owned by threads that do not exist in the child
///   (their blocks can still be freed, but their free memory is not reused). If another thread
///   held one of the locks of a slow path at the moment of the fork, the child deadlocks on its
///   next slow path: as with most allocators, a multi-threaded program should call only
///   async-signal-safe functions between `fork` and `exec`.
/// - It is not async-signal-safe: do not allocate from a signal handler.
///
/// # Examples
///
/// As the global allocator:
///
/// ```
/// use avila_alloc::heap::OsHeap;
///
/// #[global_allocator]
/// static GLOBAL: OsHeap = OsHeap::new();
///
/// let words: Vec<String> = (0..1000).map(|i| format!("word {i}")).collect();
/// let handle = std::thread::spawn(move || words.len()); // freed on another thread
/// assert_eq!(handle.join().unwrap(), 1000);
/// ```
///
/// As a value:
///
/// ```
/// use avila_alloc::heap::OsHeap;
/// use std::alloc::{GlobalAlloc, Layout};
///
/// let heap = OsHeap::new();
/// let layout = Layout::new::<[u64; 4]>();
/// // SAFETY: a non-zero size; freed below with the same layout.
/// unsafe {
///     let block = heap.alloc(layout);
///     assert!(!block.is_null());
///     block.write_bytes(7, layout.size());
///     heap.dealloc(block, layout);
/// }
/// ```
#[derive(Clone, Copy, Default)]
pub struct OsHeap {
    _handle: (),
}

impl OsHeap {
    /// The handle.
    ///
    /// # Examples
    ///
    /// ```
    /// static HEAP: avila_alloc::heap::OsHeap = avila_alloc::heap::OsHeap::new();
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self { _handle: () }
    }

    /// Counts of what the heap holds now (each read on its own, so not one atomic snapshot).
    ///
    /// Per-allocation counts are not kept (they would cost the fast paths); wrap the heap in an
    /// [`AllocationTracker`](crate::track::AllocationTracker) for those.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::OsHeap;
    /// use std::alloc::{GlobalAlloc, Layout};
    ///
    /// let heap = OsHeap::new();
    /// let layout = Layout::from_size_align(1 << 20, 8)?;
    /// // SAFETY: a non-zero size; freed below with the same layout.
    /// let block = unsafe { heap.alloc(layout) };
    /// assert!(heap.stats().large_allocations >= 1);
    /// unsafe { heap.dealloc(block, layout) };
    /// # Ok::<(), std::alloc::LayoutError>(())
    /// ```
    #[must_use]
    pub fn stats(&self) -> OsHeapStats {
        let segments = POOL.segments.load(Ordering::Relaxed);
        let large_bytes = POOL.large_bytes.load(Ordering::Relaxed);
        OsHeapStats {
            reserved_bytes: segments * SEGMENT_SIZE + large_bytes,
            segments,
            pages_in_use: POOL.pages_in_use.load(Ordering::Relaxed),
            large_allocations: POOL.large_allocations.load(Ordering::Relaxed),
            large_bytes,
            thread_caches: POOL.thread_heaps.load(Ordering::Relaxed),
            abandoned_pages: POOL.abandoned.load(Ordering::Relaxed),
        }
    }
}

impl fmt::Debug for OsHeap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OsHeap").field(&self.stats()).finish()
    }
}

/// What an [`OsHeap`] holds, from [`OsHeap::stats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct OsHeapStats {
    /// Bytes taken from the system allocator: segments plus large blocks.
    pub reserved_bytes: usize,
    /// Segments of 4 MiB held.
    pub segments: usize,
    /// Pages of 64 KiB owned by a thread (or abandoned) rather than free in their segment.
    pub pages_in_use: usize,
    /// Live blocks above 8 KiB (or aligned beyond the pages), which come from the system
    /// allocator directly.
    pub large_allocations: usize,
    /// Their bytes.
    pub large_bytes: usize,
    /// Threads with a heap of their own (set up and not yet exited).
    pub thread_caches: usize,
    /// Pages whose thread exited while they held live blocks, not yet adopted.
    pub abandoned_pages: usize,
}

impl fmt::Display for OsHeapStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} KiB reserved: {} segments ({} pages in use, {} abandoned), {} large blocks ({} KiB); {} thread caches",
            self.reserved_bytes / 1024,
            self.segments,
            self.pages_in_use,
            self.abandoned_pages,
            self.large_allocations,
            self.large_bytes / 1024,
            self.thread_caches
        )
    }
}

/// A request with a class, from the calling thread's heap.
#[inline(always)]
fn alloc_small(class: usize) -> *mut u8 {
    HEAP.with(|heap| {
        let heap = heap.get();
        // SAFETY: the thread's own heap, used by this thread only and not re-entered (nothing
        // below calls the global allocator); `current` is a live page or the empty stand-in.
        unsafe {
            let page = (*heap).current[class];
            if (*page).free.is_null() {
                alloc_slow(heap, class)
            } else {
                Page::pop(page)
            }
        }
    })
}

/// Frees a block of a page.
///
/// # Safety
///
/// `block` is live and came from a page.
#[inline(always)]
unsafe fn free_small(block: *mut u8) {
    // SAFETY: the caller's guarantees.
    let page = unsafe { page_of(block) };
    HEAP.with(|heap| {
        let heap = heap.get();
        // SAFETY: the page is live while it has a live block; if its owner is this thread's
        // heap, only this thread touches its owner fields.
        unsafe {
            if (*page).owner.load(Ordering::Relaxed) == heap.addr() {
                let block = block.cast::<Block>();
                (*block).next = (*page).free;
                (*page).free = block;
                (*page).used -= 1;
                if (*page).used == 0 {
                    page_emptied(heap, page);
                }
            } else {
                free_remote(page, block);
            }
        }
    });
}

/// A request without a class: from the system allocator.
#[inline(never)]
fn alloc_large(layout: Layout, zeroed: bool) -> *mut u8 {
    // SAFETY: the caller of `GlobalAlloc::alloc` guarantees a non-zero size.
    let block = unsafe {
        if zeroed {
            System.alloc_zeroed(layout)
        } else {
            System.alloc(layout)
        }
    };
    if !block.is_null() {
        POOL.large_allocations.fetch_add(1, Ordering::Relaxed);
        POOL.large_bytes.fetch_add(layout.size(), Ordering::Relaxed);
    }
    block
}

/// Frees a block of [`alloc_large`].
///
/// # Safety
///
/// As `GlobalAlloc::dealloc`.
#[inline(never)]
unsafe fn dealloc_large(block: *mut u8, layout: Layout) {
    POOL.large_allocations.fetch_sub(1, Ordering::Relaxed);
    POOL.large_bytes.fetch_sub(layout.size(), Ordering::Relaxed);
    // SAFETY: the block came from `System` with this layout.
    unsafe { System.dealloc(block, layout) }
}

// SAFETY: a class's blocks are at least as large as the request and aligned as it asks (see
// `class_of`); blocks are handed out once until freed (each page's free list and unused end are
// owned by one thread, remote frees pass through the page's atomic list); large requests are
// `System`'s.
unsafe impl GlobalAlloc for OsHeap {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => alloc_small(class),
            None => alloc_large(layout, false),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's guarantees; the layout picks the same route as its allocation.
        unsafe {
            if class_of(layout).is_some() {
                free_small(ptr);
            } else {
                dealloc_large(ptr, layout);
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match class_of(layout) {
            Some(class) => {
                let block = alloc_small(class);
                if !block.is_null() {
                    // SAFETY: a fresh block of at least `layout.size()` bytes.
                    unsafe { block.write_bytes(0, layout.size()) };
                }
                block
            }
            None => alloc_large(layout, true),
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to the alignment, does not
        // overflow `isize`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            // The block already fits: in place.
            (Some(old), Some(new)) if old == new => ptr,
            (None, None) => {
                // SAFETY: the caller's guarantees; the block is `System`'s.
                let block = unsafe { System.realloc(ptr, layout, new_size) };
                if !block.is_null() {
                    POOL.large_bytes.fetch_add(new_size, Ordering::Relaxed);
                    POOL.large_bytes.fetch_sub(layout.size(), Ordering::Relaxed);
                }
                block
            }
            _ => {
                // SAFETY: the caller's guarantees.
                unsafe {
                    let block = self.alloc(new_layout);
                    if !block.is_null() {
                        // Mostly short (a string's first growths): no `memcpy` call up to 16.
                        super::copy_bytes(ptr, block, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                    block
                }
            }
        }
    }
}

/// Resizes `ptr` from `old` to `new` (the `Allocator` grow and shrink): `realloc` (in place
/// within a class) at the same alignment, else a move.
///
/// # Safety
///
/// `ptr` is live with layout `old`; `new`'s size, rounded up to its alignment, fits `isize`.
#[cfg(feature = "allocator-api2")]
unsafe fn resize(ptr: ptr::NonNull<u8>, old: Layout, new: Layout) -> *mut u8 {
    let heap = OsHeap::new();
    // SAFETY: the caller's guarantees; a block of the new layout is at least as large as what
    // is copied.
    unsafe {
        if old.align() == new.align() {
            return heap.realloc(ptr.as_ptr(), old, new.size());
        }
        let block = heap.alloc(new);
        if !block.is_null() {
            ptr::copy_nonoverlapping(ptr.as_ptr(), block, old.size().min(new.size()));
            heap.dealloc(ptr.as_ptr(), old);
        }
        block
    }
}

/// `allocator_api2::alloc::Allocator` for `OsHeap`: allocator-api2's and hashbrown's collections
/// on the process-wide heap without installing it, with resizes in place within a size class.
///
/// # Examples
///
/// ```
/// use allocator_api2::vec::Vec;
/// use avila_alloc::heap::OsHeap;
///
/// let mut v = Vec::new_in(OsHeap::new());
/// v.extend(0..1000_u32);
/// assert_eq!(v.iter().sum::<u32>(), 499_500);
/// ```
// SAFETY: as for `GlobalAlloc`: blocks fit their layouts and stay valid until deallocated through
// any `OsHeap` (all values are the same heap, so copies and clones of the handle are too).
#[cfg(feature = "allocator-api2")]
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
unsafe impl allocator_api2::alloc::Allocator for OsHeap {
    #[inline]
    fn allocate(
        &self,
        layout: Layout,
    ) -> Result<ptr::NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: every size is served, zero included (a block of the smallest fitting class).
        let block = unsafe { self.alloc(layout) };
        block_slice(block, layout.size())
    }

    #[inline]
    fn allocate_zeroed(
        &self,
        layout: Layout,
    ) -> Result<ptr::NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: as in `allocate`.
        let block = unsafe { self.alloc_zeroed(layout) };
        block_slice(block, layout.size())
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: ptr::NonNull<u8>, layout: Layout) {
        // SAFETY: the caller's contract is `GlobalAlloc::dealloc`'s.
        unsafe { self.dealloc(ptr.as_ptr(), layout) }
    }

    #[inline]
    unsafe fn grow(
        &self,
        ptr: ptr::NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<ptr::NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: the caller's contract.
        let block = unsafe { resize(ptr, old_layout, new_layout) };
        block_slice(block, new_layout.size())
    }

    #[inline]
    unsafe fn shrink(
        &self,
        ptr: ptr::NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<ptr::NonNull<[u8]>, allocator_api2::alloc::AllocError> {
        // SAFETY: the caller's contract.
        let block = unsafe { resize(ptr, old_layout, new_layout) };
        block_slice(block, new_layout.size())
    }
}

/// A `GlobalAlloc` result as an `Allocator` one: the block and its `size`, or `AllocError` for
/// null.
#[cfg(feature = "allocator-api2")]
#[inline]
fn block_slice(
    block: *mut u8,
    size: usize,
) -> Result<ptr::NonNull<[u8]>, allocator_api2::alloc::AllocError> {
    ptr::NonNull::new(block)
        .map(|block| ptr::NonNull::slice_from_raw_parts(block, size))
        .ok_or(allocator_api2::alloc::AllocError)
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
    /// use avila_alloc::heap::OsHeap;
    ///
    /// let mut v: Vec<u32, _> = Vec::new_in(OsHeap::new());
    /// v.extend(0..1000);
    /// assert_eq!(v.iter().sum::<u32>(), 499_500);
    /// ```
    impl[] OsHeap
);

#[cfg(test)]
#[path = "os_tests.rs"]
mod tests;
