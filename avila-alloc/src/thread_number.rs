//! Small numbers for the threads alive at once (under `std`): the first thread to ask gets 0, the
//! next 1, and a number comes back when its thread exits, so the threads alive at once hold 0, 1,
//! 2, ... however many came and went before.
//!
//! [`PerCoreArena`](crate::arena::PerCoreArena) picks a shard by the number, and
//! [`AllocationTracker`](crate::track::AllocationTracker) gives each number below its slot count a
//! slot of counters that only the thread holding the number writes.
//!
//! These are `core`'s atomics, outside the `sync` shim and loom's model: loom runs its threads on
//! one OS thread, where they would all share one number, so code that relies on numbers being
//! exclusive (the tracker's slots) does not use them under `cfg(loom)`.

use core::cell::Cell;
use core::sync::atomic::{AtomicUsize, Ordering};

/// Which of the numbers 0 to `BITS - 1` a live thread holds (bit `n` for number `n`).
///
/// Taking a number is an acquire and giving it back a release, so whatever the last holder of a
/// number wrote through it (a tracker's counters) happens before the next holder reads it.
static TAKEN: AtomicUsize = AtomicUsize::new(0);
/// The numbers [`TAKEN`] tracks: 64 on 64-bit targets.
const BITS: usize = usize::BITS as usize;
/// Numbers from `BITS` on, for threads beyond the `BITS`th alive at once (never given back).
static NEXT_BEYOND: AtomicUsize = AtomicUsize::new(BITS);
/// [`CACHED`]'s value while the thread has no number (before its first call, and once its number
/// has been given back during thread exit).
const NONE: usize = usize::MAX;

/// A thread's number; gives a number below `BITS` back when the thread exits.
struct ThreadNumber(usize);

impl ThreadNumber {
    fn take() -> Self {
        let mut taken = TAKEN.load(Ordering::Relaxed);
        while taken != usize::MAX {
            let lowest = (!taken).trailing_zeros();
            match TAKEN.compare_exchange_weak(
                taken,
                taken | (1 << lowest),
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Self(lowest as usize),
                Err(now) => taken = now,
            }
        }
        Self(NEXT_BEYOND.fetch_add(1, Ordering::Relaxed))
    }
}

impl Drop for ThreadNumber {
    fn drop(&mut self) {
        CACHED.set(NONE);
        if self.0 < BITS {
            TAKEN.fetch_and(!(1 << self.0), Ordering::Release);
        }
    }
}

std::thread_local! {
    /// This thread's number, taken on first use and given back by its destructor.
    static HELD: ThreadNumber = ThreadNumber::take();
    /// A copy of [`HELD`]'s number in a local with no destructor, which Rust reads with one load
    /// (no lazy-initialisation state to check): the fast path of [`current`].
    static CACHED: Cell<usize> = const { Cell::new(NONE) };
}

/// This thread's number, or `None` once the thread's locals are being destroyed (its number may
/// already belong to another thread).
///
/// Safe to call from a global allocator. The first call on a thread registers the destructor
/// that gives the number back: with glibc that is the C library's hook (no Rust allocation);
/// where std keeps its own list of destructors, registering allocates once through the global
/// allocator, and a call made from that allocation finds the number already taken (std stores
/// the value before registering its destructor).
#[inline]
pub(crate) fn current() -> Option<usize> {
    let cached = CACHED.get();
    if cached != NONE {
        return Some(cached);
    }
    take_current()
}

#[cold]
fn take_current() -> Option<usize> {
    let number = HELD.try_with(|held| held.0).ok()?;
    // Only while `HELD` is alive: its destructor resets the copy.
    CACHED.set(number);
    Some(number)
}
