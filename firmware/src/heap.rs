//! The firmware's global allocator: one `global_heap!` line. avila-alloc's TLSF `Heap` over a
//! static 32 KiB buffer (claimed on the first allocation), behind the `critical-section` lock:
//! interrupts are off while the heap is in use, so an interrupt handler may allocate too (a spin
//! lock would deadlock there).

use avila_alloc::global_heap;
use avila_alloc::heap::{CriticalSection, Heap, HeapStats};

/// Bytes of RAM given to the heap (of the board's 64 KiB; the stack takes most of the rest).
pub const HEAP_SIZE: usize = 32 * 1024;

global_heap!(pub static HEAP: HEAP_SIZE, lock = CriticalSection);

/// Runs `f` on the heap with its lock held (interrupts off), claiming its buffer first if no
/// allocation has yet.
pub fn with<R>(f: impl FnOnce(&mut Heap) -> R) -> R {
    f(HEAP.lock().heap())
}

/// The heap's statistics now (its buffer claimed first, so they count it from the start).
pub fn stats() -> HeapStats {
    with(|heap| avila_alloc::heap::RawAlloc::stats(heap))
}
