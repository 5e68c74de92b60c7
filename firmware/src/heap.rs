//! The firmware's global allocator: avila-alloc's TLSF [`Heap`] over a static 32 KiB buffer,
//! behind a `critical-section` mutex (interrupts off while the heap is used, so an interrupt
//! handler may allocate too).
//!
//! A stand-in, kept to this one file on purpose: once the core crate has `LockedHeap` and
//! `global_heap!`, this file becomes a single `global_heap!` line (plus the stats accessor).

use core::alloc::{GlobalAlloc, Layout};
use core::cell::{RefCell, UnsafeCell};
use core::mem::MaybeUninit;
use core::ptr::{self, NonNull};

use avila_alloc::heap::{Heap, HeapStats, RawAlloc};
use critical_section::Mutex;

/// Bytes of RAM given to the heap (of the board's 64 KiB; the stack takes most of the rest).
pub const HEAP_SIZE: usize = 32 * 1024;

/// The heap's memory. 16-aligned, so no byte goes to aligning the region.
#[repr(align(16))]
struct Memory(UnsafeCell<[MaybeUninit<u8>; HEAP_SIZE]>);

// SAFETY: the buffer is only reached through the heap, which is only used inside a critical
// section (`FirmwareHeap::with`), and it is claimed once.
unsafe impl Sync for Memory {}

static MEMORY: Memory = Memory(UnsafeCell::new([MaybeUninit::uninit(); HEAP_SIZE]));

/// A [`Heap`] in a critical-section mutex; it claims [`MEMORY`] on first use.
pub struct FirmwareHeap {
    state: Mutex<RefCell<State>>,
}

struct State {
    heap: Heap,
    claimed: bool,
}

impl FirmwareHeap {
    /// An empty heap; the buffer is claimed by the first call to [`with`](Self::with).
    pub const fn new() -> Self {
        Self {
            state: Mutex::new(RefCell::new(State {
                heap: Heap::new(),
                claimed: false,
            })),
        }
    }

    /// Runs `f` on the heap with interrupts disabled.
    pub fn with<R>(&self, f: impl FnOnce(&mut Heap) -> R) -> R {
        critical_section::with(|cs| {
            let mut state = self.state.borrow_ref_mut(cs);
            if !state.claimed {
                state.claimed = true;
                // SAFETY: `MEMORY` is static (it outlives the heap), it is claimed here once
                // (`claimed` is set first, under the lock), and nothing else reaches it.
                unsafe {
                    state.heap.claim(ptr::slice_from_raw_parts_mut(
                        MEMORY.0.get().cast::<u8>(),
                        HEAP_SIZE,
                    ));
                }
            }
            f(&mut state.heap)
        })
    }

    /// The heap's statistics now.
    pub fn stats(&self) -> HeapStats {
        self.with(|heap| heap.stats())
    }
}

// SAFETY: every method goes through `with` (exclusive access to the heap, interrupts off) and
// forwards to `RawAlloc`, whose contract matches `GlobalAlloc`'s: blocks fit their layout, stay
// valid until freed, and failures are reported (as null here) without side effects.
unsafe impl GlobalAlloc for FirmwareHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        self.with(|heap| {
            heap.allocate(layout)
                .map_or(ptr::null_mut(), NonNull::as_ptr)
        })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `GlobalAlloc`'s contract: `ptr` came from this allocator for `layout`; so it
        // is non-null and live in this heap.
        self.with(|heap| unsafe { heap.deallocate(NonNull::new_unchecked(ptr), layout) });
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `GlobalAlloc::realloc`'s contract: `new_size` is non-zero and, rounded up to
        // `layout.align()`, does not overflow `isize`, so the layout is valid; `ptr` is a live
        // block of this heap for `layout`, which `grow`/`shrink` ask for.
        self.with(|heap| unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let ptr = NonNull::new_unchecked(ptr);
            let result = if new_size >= layout.size() {
                heap.grow(ptr, layout, new_layout)
            } else {
                heap.shrink(ptr, layout, new_layout)
            };
            result.map_or(ptr::null_mut(), NonNull::as_ptr)
        })
    }
}
