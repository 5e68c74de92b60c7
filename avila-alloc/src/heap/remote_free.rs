//! The list through which threads hand blocks back to the thread that owns their page
//! ([`OsHeap`](super::OsHeap)'s cross-thread frees), on its own so loom can check it.
//!
//! Any thread pushes a block with a compare-and-swap on the head; the owner takes the whole list
//! at once with a swap. Nobody pops single blocks, so the head cannot go from `A` to `B` and back
//! to `A` under a pusher's feet in a way that matters (ABA): a push that finds the head changed
//! just retries with the new head, whatever it is, and the block it links to is whatever the
//! head was when its compare-and-swap succeeded.

use core::ptr;

use crate::sync::{AtomicPtr, Ordering};

/// A free block: its first word links to the next one.
// `pub` only for loom's test, through `loom_hooks`.
#[cfg_attr(not(loom), allow(unreachable_pub))]
#[repr(C)]
#[derive(Debug)]
pub struct Block {
    /// The next block of the list, or null.
    pub next: *mut Block,
}

/// A multi-producer, single-taker list of blocks (a Treiber stack without single pops).
#[cfg_attr(not(loom), allow(unreachable_pub))]
#[derive(Debug)]
pub struct RemoteFreeList {
    head: AtomicPtr<Block>,
}

impl RemoteFreeList {
    /// An empty list.
    #[cfg(not(loom))]
    pub(crate) const fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// An empty list (not `const` under loom).
    #[cfg(loom)]
    pub(crate) fn new() -> Self {
        Self {
            head: AtomicPtr::new(ptr::null_mut()),
        }
    }

    /// Links `block` in front of the list.
    ///
    /// The link is written before the `Release` compare-and-swap that publishes the block, so
    /// the taker's `Acquire` swap sees it (and everything the freeing thread wrote before).
    ///
    /// # Safety
    ///
    /// `block` is valid for writes of a `Block`, aligned, and belongs to no list.
    #[inline]
    pub(crate) unsafe fn push(&self, block: *mut Block) {
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: the caller hands the block over; nobody else reads it until it is published.
            unsafe { (*block).next = head };
            match self
                .head
                .compare_exchange_weak(head, block, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(now) => head = now,
            }
        }
    }

    /// Takes the whole list, newest block first (null when it was empty).
    #[inline]
    pub(crate) fn take_all(&self) -> *mut Block {
        // A load first: the common empty case then costs no read-modify-write (and does not take
        // the cache line from a thread that is pushing).
        if self.head.load(Ordering::Relaxed).is_null() {
            return ptr::null_mut();
        }
        self.head.swap(ptr::null_mut(), Ordering::Acquire)
    }
}

/// Loom's view of the list: `scripts/loom.sh` builds the tests crate's `loom_os_heap` against it.
#[cfg(loom)]
#[doc(hidden)]
pub mod loom_hooks {
    pub use super::{Block, RemoteFreeList};

    impl RemoteFreeList {
        /// An empty list, for the loom test.
        pub fn new_for_loom() -> Self {
            Self::new()
        }

        /// [`push`](Self::push), for the loom test.
        ///
        /// # Safety
        ///
        /// As `push`.
        pub unsafe fn push_for_loom(&self, block: *mut Block) {
            // SAFETY: the caller's guarantees.
            unsafe { self.push(block) }
        }

        /// [`take_all`](Self::take_all), for the loom test.
        pub fn take_all_for_loom(&self) -> *mut Block {
            self.take_all()
        }
    }
}
