//! The tracker workloads: allocation patterns run through any `GlobalAlloc`, so the trackers and
//! the bare allocator they wrap run the same code.
//!
//! Each workload frees everything it allocates and returns a checksum of the addresses it saw,
//! through [`black_box`], so no call can be optimised away.

use core::alloc::{GlobalAlloc, Layout};
use core::hint::black_box;

/// Allocate+free pairs per run of [`pairs`] (per thread for [`pairs_two_threads`]).
pub const PAIRS: usize = 1_000;

/// Replacements per run of [`churn`].
pub const CHURN_OPS: usize = 1_000;

/// Live blocks kept by [`churn`].
pub const LIVE: usize = 256;

fn layout(size: usize) -> Layout {
    Layout::from_size_align(size, 8).unwrap()
}

/// The size of the `i`th block of [`churn`]: 16 to 256 bytes, a fixed pseudo-random sequence.
#[must_use]
pub fn churn_size(i: usize) -> usize {
    16 + (i.wrapping_mul(0x9e37_79b9) >> 7) % 241
}

/// [`PAIRS`] times: allocate 64 bytes, free them.
pub fn pairs<A: GlobalAlloc>(alloc: &A) -> usize {
    let layout = layout(64);
    let mut sum = 0_usize;
    for _ in 0..PAIRS {
        // SAFETY: a non-zero-sized layout; the block is freed with it at once.
        unsafe {
            let ptr = black_box(alloc.alloc(layout));
            assert!(!ptr.is_null());
            sum = sum.wrapping_add(ptr.addr() & 0xff);
            alloc.dealloc(ptr, layout);
        }
    }
    black_box(sum)
}

/// [`pairs`] on two threads at once, through the same allocator (a tracker's counters are then
/// shared between cores).
pub fn pairs_two_threads<A: GlobalAlloc + Sync>(alloc: &A) -> usize {
    std::thread::scope(|s| {
        let other = s.spawn(|| pairs(alloc));
        pairs(alloc).wrapping_add(other.join().unwrap())
    })
}

/// A live set of [`LIVE`] blocks of 16 to 256 bytes in which [`CHURN_OPS`] times one block is
/// freed and replaced by a new one of another size; then all are freed.
pub fn churn<A: GlobalAlloc>(alloc: &A) -> usize {
    let mut live = [(core::ptr::null_mut::<u8>(), 0_usize); LIVE];
    let mut sum = 0_usize;
    for (i, slot) in live.iter_mut().enumerate() {
        let size = churn_size(i);
        // SAFETY: a non-zero-sized layout; freed below with the same size.
        *slot = (unsafe { alloc.alloc(layout(size)) }, size);
        assert!(!slot.0.is_null());
    }
    for i in 0..CHURN_OPS {
        let slot = &mut live[churn_size(i * 7) % LIVE];
        let size = churn_size(i + LIVE);
        // SAFETY: the slot's block is live with its recorded size; the new one replaces it.
        unsafe {
            alloc.dealloc(slot.0, layout(slot.1));
            *slot = (black_box(alloc.alloc(layout(size))), size);
        }
        assert!(!slot.0.is_null());
        sum = sum.wrapping_add(slot.0.addr() & 0xff);
    }
    for (ptr, size) in live {
        // SAFETY: every block is live with its recorded size.
        unsafe { alloc.dealloc(ptr, layout(size)) };
    }
    black_box(sum)
}
