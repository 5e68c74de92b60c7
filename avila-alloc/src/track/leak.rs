//! [`LeakDetector`]: the live allocations of an allocator in a fixed table, and the frees that
//! do not match one.

use core::alloc::{GlobalAlloc, Layout};
use core::fmt;
use core::ptr::{self, NonNull};

use crate::error::{AllocError, AllocErrorKind};
use crate::heap::{HeapStats, RawAlloc, RawLock, SpinLock};
use crate::sync::{AtomicUsize, Ordering::Relaxed, UnsafeCell};

/// How many recently freed addresses a [`LeakDetector`] remembers, to tell a double free from a
/// free of a pointer it never saw.
pub const RECENT_FREES: usize = 32;

/// How many [`Misuse`] records a [`LeakDetector`] keeps (the latest ones).
pub const MISUSE_LOG: usize = 8;

/// How many live allocations [`assert_no_leaks`](LeakDetector::assert_no_leaks) lists in its
/// panic message (the count and bytes cover them all).
const LISTED: usize = 8;

/// An allocator wrapper that records every live allocation in a fixed table of `N` entries, finds
/// the frees that do not match one (double free, unknown pointer, wrong layout) and refuses them,
/// and lists what is still allocated: leaks, overall or since a [`Checkpoint`].
///
/// Like [`AllocationTracker`](super::AllocationTracker), it wraps any [`GlobalAlloc`] (and is
/// one: it can be the `#[global_allocator]`), any [`RawAlloc`], and with the `allocator-api2`
/// feature any `allocator_api2::alloc::Allocator`. It never allocates: the table, the counters
/// and the logs are inside the struct, and [`new`](Self::new) is `const`, so a `static` needs no
/// initialisation. Its state is behind a [`SpinLock`], taken for a few table operations per
/// request and never while the wrapped allocator, a hook or a formatter runs.
///
/// # The table
///
/// Each allocation of non-zero size is an entry (address, size, alignment, and a sequence number
/// counting allocations from 1) in an open-addressing table keyed by address: finding, adding
/// and removing one takes expected constant time while the table is not nearly full. Size `N` at
/// about twice the most allocations the program has live at once.
///
/// **A full table is never silent**: when `N` allocations are live, a new allocation is
/// *refused* (null from [`GlobalAlloc::alloc`], an error from the others) and counted in
/// [`table_full`](LeakReport::table_full), which every [`LeakReport`] shows. An untracked block
/// would make its later, valid, free look like the free of an unknown pointer. (For the global
/// allocator, a refusal usually ends the program through `handle_alloc_error`.) Resizing a block
/// never needs a new entry.
///
/// Zero-sized requests (which [`GlobalAlloc`] never sees, but the other interfaces may) take no
/// memory and are passed on without an entry; freeing a zero-sized block that has no entry is
/// passed on too.
///
/// # Misuse
///
/// A free or resize is checked before it is passed on. If the address has no entry, it is a
/// [`DoubleFree`](MisuseKind::DoubleFree) when it is among the last [`RECENT_FREES`] freed
/// addresses, else an [`UnknownPointer`](MisuseKind::UnknownPointer); if the entry's size or
/// alignment differs from the layout given, a [`LayoutMismatch`](MisuseKind::LayoutMismatch).
/// In each case the call is **not passed on** (the wrapped allocator would have undefined
/// behaviour): a free does nothing, a resize fails (null, or an error) and leaves the block
/// where it was. After a layout mismatch the block stays live with the layout it was allocated
/// with, so it shows up as a leak until it is freed with that layout.
///
/// Each misuse is counted by kind, kept in a log of the last [`MISUSE_LOG`] records (both in
/// the [`report`](Self::report)), and passed to the hook set by
/// [`set_misuse_hook`](Self::set_misuse_hook), if any.
///
/// # Threads
///
/// Every request takes the lock once (a resize twice: its entry is taken out before the wrapped
/// allocator runs and put back, or replaced, after), so [`report`](Self::report),
/// [`leaks`](Self::leaks) and [`live_allocations`](Self::live_allocations) each see one
/// consistent state. A block being resized by another thread at that moment is missing from it.
/// An allocation reserves its entry (an atomic count) before it is passed on, so the table never
/// overfills however many threads allocate at once.
///
/// What it cannot see: a double free of an address that was allocated again in between (the
/// second free frees the new block, if its layout matches), and a free of a pointer into the
/// middle of a live block (reported as unknown, not passed on).
///
/// # Examples
///
/// The global allocator of a program, and the leaks of one piece of code:
///
/// ```standalone_crate
/// use avila_alloc::track::LeakDetector;
/// use std::alloc::System;
///
/// #[global_allocator]
/// static GLOBAL: LeakDetector<System, 4096> = LeakDetector::new(System);
///
/// fn main() {
///     let mark = GLOBAL.mark();
///     let kept: &'static mut [u64] = Box::leak(vec![7u64; 10].into_boxed_slice());
///     let leaks = GLOBAL.leaks_since(&mark);
///     assert_eq!((leaks.count, leaks.bytes), (1, 80));
///     kept[0] = 8;
///     // SAFETY: `kept` came from a `Box<[u64]>` and is not used again.
///     drop(unsafe { Box::from_raw(kept) });
///     GLOBAL.assert_no_leaks_since(&mark);
/// }
/// ```
///
/// A double free, refused and reported:
///
/// ```
/// use avila_alloc::track::{LeakDetector, MisuseKind};
/// use core::alloc::{GlobalAlloc, Layout};
///
/// let detector = LeakDetector::<_, 64>::new(std::alloc::System);
/// let layout = Layout::new::<[u8; 32]>();
/// // SAFETY: not zero-sized. The second free is a bug the detector refuses to pass on.
/// unsafe {
///     let ptr = detector.alloc(layout);
///     detector.dealloc(ptr, layout);
///     detector.dealloc(ptr, layout);
/// }
/// let report = detector.report();
/// assert_eq!((report.deallocations, report.double_frees), (1, 1));
/// assert_eq!(report.misuses().next().unwrap().kind, MisuseKind::DoubleFree);
/// ```
pub struct LeakDetector<A, const N: usize> {
    inner: A,
    /// Entries plus allocations under way, never above `N`: an allocation reserves its entry
    /// before it is passed on, so the insertion after it always finds room.
    reserved: AtomicUsize,
    /// Allocations refused because `reserved` was at `N`.
    table_full: AtomicUsize,
    lock: SpinLock,
    state: UnsafeCell<State<N>>,
}

// SAFETY: `state` is reached only between `lock.lock()` and `lock.unlock()` (see `Guard`), which
// `SpinLock` makes exclusive; the other fields are atomics. `A: Sync` because `&A` is shared by
// every thread that allocates.
unsafe impl<A: Sync, const N: usize> Sync for LeakDetector<A, N> {}

// The state changes only under the lock, in code that does not panic, so a panic elsewhere
// (in a hook, or an `assert_no_leaks`) never leaves it half-updated.
impl<A: core::panic::RefUnwindSafe, const N: usize> core::panic::RefUnwindSafe
    for LeakDetector<A, N>
{
}

/// A live allocation: what [`LeakDetector::live_allocations`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LiveAllocation {
    /// The block's address.
    pub address: usize,
    /// The layout it was allocated (or last resized) with.
    pub layout: Layout,
    /// Its allocation's sequence number: allocations are numbered from 1 in the order they were
    /// recorded (a resize keeps the number).
    pub sequence: u64,
}

impl fmt::Display for LiveAllocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "#{} at {:#x}: {} bytes, align {}",
            self.sequence,
            self.address,
            self.layout.size(),
            self.layout.align()
        )
    }
}

/// A count of live allocations and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Leaks {
    /// How many allocations are live.
    pub count: usize,
    /// Their total size in bytes.
    pub bytes: usize,
}

impl fmt::Display for Leaks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = if self.count == 1 { "" } else { "s" };
        write!(f, "{} live allocation{s}, {} bytes", self.count, self.bytes)
    }
}

/// A point in a [`LeakDetector`]'s history, from [`mark`](LeakDetector::mark): the allocations
/// made after it are the ones [`leaks_since`](LeakDetector::leaks_since) counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Checkpoint {
    /// The sequence number the next allocation gets.
    next: u64,
}

impl Checkpoint {
    /// The sequence number of the first allocation made after the checkpoint: an allocation
    /// numbered `n` is the `n - next_sequence() + 1`th since.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    ///
    /// let detector = LeakDetector::<_, 4>::new(std::alloc::System);
    /// assert_eq!(detector.mark().next_sequence(), 1);
    /// ```
    #[must_use]
    pub const fn next_sequence(&self) -> u64 {
        self.next
    }
}

/// What was wrong with a free or a resize.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MisuseKind {
    /// The address was freed recently (it is among the last [`RECENT_FREES`] freed) and not
    /// allocated since.
    DoubleFree,
    /// The address is not a live allocation and was not freed recently.
    UnknownPointer,
    /// The address is a live allocation, but of another size or alignment.
    LayoutMismatch,
}

impl MisuseKind {
    const fn describe(self) -> &'static str {
        match self {
            Self::DoubleFree => "double free",
            Self::UnknownPointer => "unknown pointer",
            Self::LayoutMismatch => "layout mismatch",
        }
    }
}

impl fmt::Display for MisuseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The request a [`Misuse`] was found in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// A free (`dealloc`, `deallocate`).
    Free,
    /// A resize (`realloc`, `grow`, `shrink` and their in-place forms).
    Resize,
}

/// A free or resize that a [`LeakDetector`] refused to pass on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Misuse {
    /// What was wrong.
    pub kind: MisuseKind,
    /// Where it was found.
    pub operation: Operation,
    /// The address given.
    pub address: usize,
    /// The layout given.
    pub given: Layout,
    /// The layout the address was allocated with, for a
    /// [`LayoutMismatch`](MisuseKind::LayoutMismatch).
    pub recorded: Option<Layout>,
}

impl fmt::Display for Misuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = match self.operation {
            Operation::Free => "free",
            Operation::Resize => "resize",
        };
        write!(
            f,
            "{} in {op} of {:#x} (given size {}, align {}",
            self.kind,
            self.address,
            self.given.size(),
            self.given.align()
        )?;
        if let Some(r) = self.recorded {
            write!(f, "; allocated with size {}, align {}", r.size(), r.align())?;
        }
        f.write_str(")")
    }
}

/// The counters and logs of a [`LeakDetector`] at one moment, from
/// [`report`](LeakDetector::report).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeakReport {
    /// Allocations recorded (zero-sized ones are not).
    pub allocations: usize,
    /// Valid frees passed on.
    pub deallocations: usize,
    /// Valid resizes that succeeded.
    pub reallocations: usize,
    /// Allocations and resizes the wrapped allocator refused.
    pub failures: usize,
    /// Allocations refused because the table was full.
    pub table_full: usize,
    /// What is allocated now.
    pub live: Leaks,
    /// Frees and resizes of an address freed recently.
    pub double_frees: usize,
    /// Frees and resizes of an address never allocated (or freed long ago).
    pub unknown_pointers: usize,
    /// Frees and resizes of a live block with another layout.
    pub layout_mismatches: usize,
    /// The latest misuse records, oldest first; `None` past the ones there are.
    pub recent_misuses: [Option<Misuse>; MISUSE_LOG],
}

impl LeakReport {
    /// All misuses counted, of every kind.
    #[must_use]
    pub const fn total_misuses(&self) -> usize {
        self.double_frees + self.unknown_pointers + self.layout_mismatches
    }

    /// The latest misuse records, oldest first (at most [`MISUSE_LOG`]).
    pub fn misuses(&self) -> impl Iterator<Item = &Misuse> {
        self.recent_misuses.iter().flatten()
    }
}

impl fmt::Display for LeakReport {
    /// One line of counts, then one line per recent misuse.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}; {} allocations, {} frees, {} reallocations, {} failures, {} refused (table full); \
             misuse: {} double frees, {} unknown pointers, {} layout mismatches",
            self.live,
            self.allocations,
            self.deallocations,
            self.reallocations,
            self.failures,
            self.table_full,
            self.double_frees,
            self.unknown_pointers,
            self.layout_mismatches
        )?;
        for m in self.misuses() {
            write!(f, "\n  {m}")?;
        }
        Ok(())
    }
}

/// A table entry; `addr == 0` is an empty slot (no allocation has address 0).
#[derive(Clone, Copy)]
struct Slot {
    addr: usize,
    size: usize,
    align: usize,
    seq: u64,
}

impl Slot {
    const EMPTY: Self = Self {
        addr: 0,
        size: 0,
        align: 0,
        seq: 0,
    };

    fn layout(&self) -> Layout {
        // The entry was made from a valid layout.
        Layout::from_size_align(self.size, self.align).unwrap_or(Layout::new::<u8>())
    }

    fn live(&self) -> LiveAllocation {
        LiveAllocation {
            address: self.addr,
            layout: self.layout(),
            sequence: self.seq,
        }
    }
}

/// What the lock guards.
struct State<const N: usize> {
    slots: [Slot; N],
    live: Leaks,
    next_seq: u64,
    allocations: usize,
    deallocations: usize,
    reallocations: usize,
    failures: usize,
    double_frees: usize,
    unknown_pointers: usize,
    layout_mismatches: usize,
    /// Recently freed addresses, a ring; 0 where none yet.
    recent_frees: [usize; RECENT_FREES],
    recent_next: usize,
    /// The misuse log, a ring written at `misuses_total % MISUSE_LOG`.
    misuse_log: [Option<Misuse>; MISUSE_LOG],
    hook: Option<fn(&Misuse)>,
}

impl<const N: usize> State<N> {
    const INIT: Self = Self {
        slots: [Slot::EMPTY; N],
        live: Leaks { count: 0, bytes: 0 },
        next_seq: 1,
        allocations: 0,
        deallocations: 0,
        reallocations: 0,
        failures: 0,
        double_frees: 0,
        unknown_pointers: 0,
        layout_mismatches: 0,
        recent_frees: [0; RECENT_FREES],
        recent_next: 0,
        misuse_log: [None; MISUSE_LOG],
        hook: None,
    };

    /// The slot an address hashes to (Fibonacci hashing: the multiplication spreads the
    /// address's middle bits, which vary, into the high bits, which are kept).
    #[inline]
    fn home(addr: usize) -> usize {
        let h = (addr as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> 32) as usize) % N
    }

    #[inline]
    fn find(&self, addr: usize) -> Option<usize> {
        let mut i = Self::home(addr);
        // At most `N` probes: the table may be full (every slot taken) without holding `addr`.
        for _ in 0..N {
            let slot = &self.slots[i];
            if slot.addr == addr {
                return Some(i);
            }
            if slot.addr == 0 {
                return None;
            }
            i = if i + 1 == N { 0 } else { i + 1 };
        }
        None
    }

    /// Adds an entry; a slot was reserved for it, so there is room.
    #[inline]
    fn insert(&mut self, slot: Slot) {
        let mut i = Self::home(slot.addr);
        for _ in 0..N {
            if self.slots[i].addr == 0 {
                self.slots[i] = slot;
                self.live.count += 1;
                self.live.bytes += slot.size;
                return;
            }
            i = if i + 1 == N { 0 } else { i + 1 };
        }
        debug_assert!(false, "LeakDetector: insertion without a reserved slot");
    }

    /// Removes the entry at `i`, shifting later entries of its probe run back so that no
    /// tombstone is needed (linear probing's backward-shift deletion).
    #[inline]
    fn remove(&mut self, mut i: usize) -> Slot {
        let removed = self.slots[i];
        self.live.count -= 1;
        self.live.bytes -= removed.size;
        // The hole is empty at once, so the scan below stops at the latest at the hole even in
        // a table that was full.
        self.slots[i] = Slot::EMPTY;
        let mut j = i;
        loop {
            j = if j + 1 == N { 0 } else { j + 1 };
            let addr = self.slots[j].addr;
            if addr == 0 {
                break;
            }
            let home = Self::home(addr);
            // The entry at `j` may move to the hole at `i` if its home is not in `(i, j]`
            // (cyclically): then `i` is on its probe path.
            let home_in_between = if i <= j {
                i < home && home <= j
            } else {
                i < home || home <= j
            };
            if !home_in_between {
                self.slots[i] = self.slots[j];
                self.slots[j] = Slot::EMPTY;
                i = j;
            }
        }
        removed
    }

    fn new_entry(&mut self, addr: usize, layout: Layout) -> Slot {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.allocations += 1;
        Slot {
            addr,
            size: layout.size(),
            align: layout.align(),
            seq,
        }
    }

    /// Checks a free or resize of `addr` with `layout`: the entry's index if it matches, `None`
    /// for a zero-sized block without an entry (never recorded), or the misuse (counted and
    /// logged here).
    fn check(
        &mut self,
        addr: usize,
        layout: Layout,
        operation: Operation,
    ) -> Result<Option<usize>, Misuse> {
        let (kind, recorded) = match self.find(addr) {
            Some(i) => {
                let slot = &self.slots[i];
                if slot.size == layout.size() && slot.align == layout.align() {
                    return Ok(Some(i));
                }
                (MisuseKind::LayoutMismatch, Some(slot.layout()))
            }
            None if layout.size() == 0 => return Ok(None),
            None if self.recent_frees.contains(&addr) => (MisuseKind::DoubleFree, None),
            None => (MisuseKind::UnknownPointer, None),
        };
        let counter = match kind {
            MisuseKind::DoubleFree => &mut self.double_frees,
            MisuseKind::UnknownPointer => &mut self.unknown_pointers,
            MisuseKind::LayoutMismatch => &mut self.layout_mismatches,
        };
        *counter += 1;
        let misuse = Misuse {
            kind,
            operation,
            address: addr,
            given: layout,
            recorded,
        };
        let total = self.double_frees + self.unknown_pointers + self.layout_mismatches;
        self.misuse_log[(total - 1) % MISUSE_LOG] = Some(misuse);
        Err(misuse)
    }

    fn freed(&mut self, addr: usize) {
        self.recent_frees[self.recent_next] = addr;
        self.recent_next = (self.recent_next + 1) % RECENT_FREES;
    }

    /// Counts and bytes of the entries numbered `since` or later, and the oldest `out.len()` of
    /// them copied into `out` (time in `N` times `out.len()` once `out` is full).
    fn collect(&self, since: u64, out: &mut [LiveAllocation]) -> (Leaks, usize) {
        let mut leaks = Leaks::default();
        let mut written = 0;
        for slot in &self.slots {
            if slot.addr != 0 && slot.seq >= since {
                leaks.count += 1;
                leaks.bytes += slot.size;
                if let Some(o) = out.get_mut(written) {
                    *o = slot.live();
                    written += 1;
                } else if let Some(newest) = out.iter_mut().max_by_key(|a| a.sequence) {
                    // `out` is full: keep the oldest.
                    if newest.sequence > slot.seq {
                        *newest = slot.live();
                    }
                }
            }
        }
        (leaks, written)
    }
}

/// The lock, held while it lives.
struct Guard<'a, const N: usize> {
    lock: &'a SpinLock,
    state: &'a UnsafeCell<State<N>>,
}

impl<const N: usize> Guard<'_, N> {
    #[inline]
    fn with<R>(&mut self, f: impl FnOnce(&mut State<N>) -> R) -> R {
        // SAFETY: the guard holds the lock, so no other reference to the state exists (every
        // access goes through a guard), and `&mut self` keeps this one unique.
        self.state.with_mut(|state| f(unsafe { &mut *state }))
    }
}

impl<const N: usize> Drop for Guard<'_, N> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: the guard was made by `LeakDetector::lock`, which took the lock.
        unsafe { self.lock.unlock() }
    }
}

/// How a checked resize ended for the table.
enum Resized {
    /// The block moved or changed size: its entry (if it has one) is now `addr` with `layout`.
    To(usize, Layout),
    /// The wrapped allocator refused: the old block (and entry) stay.
    Failed,
}

/// What a checked resize found before passing it on.
enum Before {
    /// The entry was taken out, to be put back (or replaced) by `end_resize`.
    Entry(Slot),
    /// A zero-sized block without an entry; `true` when a slot was reserved for the new block.
    Untracked(bool),
}

impl<A, const N: usize> LeakDetector<A, N> {
    /// Wraps `inner`, with an empty table and every counter at zero.
    ///
    /// # Panics
    ///
    /// At compile time if `N` is 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    ///
    /// static DETECTOR: LeakDetector<std::alloc::System, 1024> =
    ///     LeakDetector::new(std::alloc::System);
    /// assert_eq!(DETECTOR.leaks().count, 0);
    /// ```
    #[cfg(not(loom))]
    #[must_use]
    pub const fn new(inner: A) -> Self {
        const { assert!(N > 0, "LeakDetector needs a table of at least one entry") };
        Self {
            inner,
            reserved: AtomicUsize::new(0),
            table_full: AtomicUsize::new(0),
            lock: SpinLock::new(),
            state: UnsafeCell::new(State::INIT),
        }
    }

    /// Wraps `inner` (not `const` under loom, whose atomics register with the model).
    #[cfg(loom)]
    #[must_use]
    pub fn new(inner: A) -> Self {
        const { assert!(N > 0, "LeakDetector needs a table of at least one entry") };
        Self {
            inner,
            reserved: AtomicUsize::new(0),
            table_full: AtomicUsize::new(0),
            lock: SpinLock::new(),
            state: UnsafeCell::new(State::INIT),
        }
    }

    /// How many live allocations the table holds: `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// let detector = avila_alloc::track::LeakDetector::<_, 100>::new(std::alloc::System);
    /// assert_eq!(detector.capacity(), 100);
    /// ```
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    #[inline]
    fn lock(&self) -> Guard<'_, N> {
        self.lock.lock();
        Guard {
            lock: &self.lock,
            state: &self.state,
        }
    }

    /// Sets (or with `None` removes) the function called with each [`Misuse`], after it is
    /// counted and logged, on the thread that made the bad call and without the lock held.
    ///
    /// The hook may allocate (through this detector too). It must not unwind when the detector
    /// is the global allocator (a panicking global allocator is undefined behaviour): print,
    /// count or abort instead.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::{LeakDetector, Misuse};
    /// use core::alloc::{GlobalAlloc, Layout};
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    ///
    /// static SEEN: AtomicUsize = AtomicUsize::new(0);
    /// fn on_misuse(m: &Misuse) {
    ///     eprintln!("allocator misuse: {m}");
    ///     SEEN.fetch_add(1, Ordering::Relaxed);
    /// }
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// detector.set_misuse_hook(Some(on_misuse));
    /// let mut local = 0u64;
    /// // SAFETY: the detector refuses to pass on a free of a pointer it did not allocate.
    /// unsafe { detector.dealloc((&raw mut local).cast(), Layout::new::<u64>()) };
    /// assert_eq!(SEEN.load(Ordering::Relaxed), 1);
    /// ```
    pub fn set_misuse_hook(&self, hook: Option<fn(&Misuse)>) {
        self.lock().with(|s| s.hook = hook);
    }

    /// The count and bytes of all live allocations.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// // SAFETY: not zero-sized.
    /// let ptr = unsafe { detector.alloc(Layout::new::<[u8; 40]>()) };
    /// let leaks = detector.leaks();
    /// assert_eq!((leaks.count, leaks.bytes), (1, 40));
    /// # unsafe { detector.dealloc(ptr, Layout::new::<[u8; 40]>()) };
    /// ```
    #[must_use]
    pub fn leaks(&self) -> Leaks {
        self.lock().with(|s| s.live)
    }

    /// A checkpoint: [`leaks_since`](Self::leaks_since) it counts the allocations made after
    /// this call that are still live.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// let layout = Layout::new::<u64>();
    /// // SAFETY: not zero-sized; both blocks are freed below with the same layout.
    /// let old = unsafe { detector.alloc(layout) };
    /// let mark = detector.mark();
    /// let new = unsafe { detector.alloc(layout) };
    /// assert_eq!(detector.leaks().count, 2);
    /// assert_eq!(detector.leaks_since(&mark).count, 1);
    /// unsafe { detector.dealloc(new, layout) };
    /// detector.assert_no_leaks_since(&mark);
    /// # unsafe { detector.dealloc(old, layout) };
    /// ```
    #[must_use]
    pub fn mark(&self) -> Checkpoint {
        Checkpoint {
            next: self.lock().with(|s| s.next_seq),
        }
    }

    /// The count and bytes of the allocations made after `checkpoint` and still live. A block
    /// allocated before it and resized after is not counted (a resize keeps the allocation's
    /// number). Takes time in `N`.
    #[must_use]
    pub fn leaks_since(&self, checkpoint: &Checkpoint) -> Leaks {
        self.lock().with(|s| s.collect(checkpoint.next, &mut []).0)
    }

    /// Copies the oldest live allocations into `out`, ordered by sequence number, and returns how
    /// many are live (which may be more than `out` holds). One consistent snapshot, taken under
    /// the lock in time linear in `N` (times `out.len()` when more are live than fit).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::{LeakDetector, LiveAllocation};
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// // SAFETY: not zero-sized.
    /// let ptr = unsafe { detector.alloc(Layout::new::<[u16; 3]>()) };
    /// let mut buf = [LiveAllocation { address: 0, layout: Layout::new::<u8>(), sequence: 0 }; 4];
    /// let live = detector.live_allocations(&mut buf);
    /// assert_eq!(live, 1);
    /// assert_eq!((buf[0].address, buf[0].layout.size(), buf[0].sequence), (ptr.addr(), 6, 1));
    /// # unsafe { detector.dealloc(ptr, Layout::new::<[u16; 3]>()) };
    /// ```
    pub fn live_allocations(&self, out: &mut [LiveAllocation]) -> usize {
        self.live_allocations_since(&Checkpoint { next: 0 }, out)
    }

    /// [`live_allocations`](Self::live_allocations) made after `checkpoint`.
    pub fn live_allocations_since(
        &self,
        checkpoint: &Checkpoint,
        out: &mut [LiveAllocation],
    ) -> usize {
        let (leaks, written) = self.lock().with(|s| s.collect(checkpoint.next, out));
        out[..written].sort_unstable_by_key(|a| a.sequence);
        leaks.count
    }

    /// Calls `f` for every live allocation. The lock is taken once per table slot and released
    /// before `f` runs, so `f` may allocate; allocations made or freed meanwhile (by `f` too)
    /// may be missed or visited twice. For a consistent snapshot use
    /// [`live_allocations`](Self::live_allocations).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// let layout = Layout::new::<[u8; 24]>();
    /// // SAFETY: not zero-sized.
    /// let ptr = unsafe { detector.alloc(layout) };
    /// let mut sizes = Vec::new();
    /// detector.for_each_live(|a| sizes.push(a.layout.size()));
    /// assert_eq!(sizes, [24]);
    /// # unsafe { detector.dealloc(ptr, layout) };
    /// ```
    pub fn for_each_live(&self, mut f: impl FnMut(&LiveAllocation)) {
        for i in 0..N {
            let slot = self.lock().with(|s| s.slots[i]);
            if slot.addr != 0 {
                f(&slot.live());
            }
        }
    }

    /// Panics if any allocation is live, with the count, the bytes and a listing of up to 8
    /// of them (the oldest).
    ///
    /// The listing is copied out under the lock and formatted after, so the panic message may
    /// allocate through this detector.
    ///
    /// # Panics
    ///
    /// If an allocation is live.
    ///
    /// # Examples
    ///
    /// ```should_panic
    /// use avila_alloc::track::LeakDetector;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// // SAFETY: not zero-sized. Never freed: a leak.
    /// let _leak = unsafe { detector.alloc(Layout::new::<[u8; 100]>()) };
    /// detector.assert_no_leaks(); // panics: "1 live allocation, 100 bytes ..."
    /// ```
    #[track_caller]
    pub fn assert_no_leaks(&self) {
        self.assert_no_leaks_since(&Checkpoint { next: 0 });
    }

    /// Panics if an allocation made after `checkpoint` is live, like
    /// [`assert_no_leaks`](Self::assert_no_leaks).
    ///
    /// # Panics
    ///
    /// If an allocation made after `checkpoint` is live.
    #[track_caller]
    pub fn assert_no_leaks_since(&self, checkpoint: &Checkpoint) {
        let mut listed = [LiveAllocation {
            address: 0,
            layout: Layout::new::<u8>(),
            sequence: 0,
        }; LISTED];
        let (leaks, written) = self
            .lock()
            .with(|s| s.collect(checkpoint.next, &mut listed));
        if leaks.count > 0 {
            leak_panic(leaks, &mut listed[..written]);
        }
    }

    /// The counters, the live count and bytes, and the latest misuses, under one lock.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::LeakDetector;
    ///
    /// let detector = LeakDetector::<_, 16>::new(std::alloc::System);
    /// let report = detector.report();
    /// assert_eq!((report.allocations, report.total_misuses(), report.table_full), (0, 0, 0));
    /// ```
    #[must_use]
    pub fn report(&self) -> LeakReport {
        let table_full = self.table_full.load(Relaxed);
        self.lock().with(|s| {
            let total = s.double_frees + s.unknown_pointers + s.layout_mismatches;
            let mut recent_misuses = [None; MISUSE_LOG];
            // Oldest first: the ring's next write position holds the oldest once it wrapped.
            let start = if total > MISUSE_LOG {
                total % MISUSE_LOG
            } else {
                0
            };
            for (k, r) in recent_misuses.iter_mut().enumerate() {
                *r = s.misuse_log[(start + k) % MISUSE_LOG];
            }
            LeakReport {
                allocations: s.allocations,
                deallocations: s.deallocations,
                reallocations: s.reallocations,
                failures: s.failures,
                table_full,
                live: s.live,
                double_frees: s.double_frees,
                unknown_pointers: s.unknown_pointers,
                layout_mismatches: s.layout_mismatches,
                recent_misuses,
            }
        })
    }

    /// The wrapped allocator.
    #[must_use]
    pub const fn inner(&self) -> &A {
        &self.inner
    }

    /// The wrapped allocator, by `&mut` (for a [`RawAlloc`]'s `claim`, say). Allocations made
    /// through it directly are not recorded.
    #[must_use]
    pub fn inner_mut(&mut self) -> &mut A {
        &mut self.inner
    }

    /// Unwraps the allocator, dropping the table.
    #[must_use]
    pub fn into_inner(self) -> A {
        self.inner
    }

    // The checks shared by every interface. Each takes the lock once (twice for a resize) and
    // never holds it while the wrapped allocator or the hook runs.

    /// Reserves an entry for an allocation of `layout`: `Ok(true)` if reserved, `Ok(false)` for
    /// a zero-sized one (not recorded), `Err` if the table is full (counted).
    #[inline]
    fn reserve(&self, layout: Layout) -> Result<bool, ()> {
        if layout.size() == 0 {
            return Ok(false);
        }
        let mut reserved = self.reserved.load(Relaxed);
        loop {
            if reserved >= N {
                self.table_full.fetch_add(1, Relaxed);
                return Err(());
            }
            match self
                .reserved
                .compare_exchange_weak(reserved, reserved + 1, Relaxed, Relaxed)
            {
                Ok(_) => return Ok(true),
                Err(now) => reserved = now,
            }
        }
    }

    /// Records the outcome of an allocation of `layout` for which `reserve` returned `tracked`.
    #[inline]
    fn allocated(&self, tracked: bool, layout: Layout, addr: Option<usize>) {
        if !tracked {
            return;
        }
        let mut guard = self.lock();
        match addr {
            Some(addr) => guard.with(|s| {
                let entry = s.new_entry(addr, layout);
                s.insert(entry);
            }),
            None => {
                guard.with(|s| s.failures += 1);
                drop(guard);
                self.reserved.fetch_sub(1, Relaxed);
            }
        }
    }

    /// Checks a free of `addr` with `layout`: `true` (entry removed) if it may be passed on.
    #[inline]
    fn free(&self, addr: usize, layout: Layout) -> bool {
        let mut guard = self.lock();
        let result = guard.with(|s| match s.check(addr, layout, Operation::Free) {
            Ok(Some(i)) => {
                s.remove(i);
                s.deallocations += 1;
                s.freed(addr);
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(misuse) => Err((misuse, s.hook)),
        });
        drop(guard);
        match result {
            Ok(tracked) => {
                if tracked {
                    self.reserved.fetch_sub(1, Relaxed);
                }
                true
            }
            Err((misuse, hook)) => {
                report_misuse(&misuse, hook);
                false
            }
        }
    }

    /// Checks a resize of `addr` from `old`: what `end_resize` needs, or `None` (the misuse
    /// reported) if it must not be passed on.
    #[inline]
    fn begin_resize(&self, addr: usize, old: Layout, new: Layout) -> Option<Before> {
        let mut guard = self.lock();
        let result = guard.with(|s| match s.check(addr, old, Operation::Resize) {
            Ok(i) => Ok(i.map(|i| s.remove(i))),
            Err(misuse) => Err((misuse, s.hook)),
        });
        drop(guard);
        match result {
            Ok(Some(entry)) => Some(Before::Entry(entry)),
            Ok(None) => match self.reserve(new) {
                Ok(reserved) => Some(Before::Untracked(reserved)),
                Err(()) => None,
            },
            Err((misuse, hook)) => {
                report_misuse(&misuse, hook);
                None
            }
        }
    }

    /// Records the outcome of a resize that `begin_resize` let through.
    #[inline]
    fn end_resize(&self, before: Before, outcome: Resized) {
        let mut guard = self.lock();
        let release = guard.with(|s| match (before, outcome) {
            (Before::Entry(entry), Resized::Failed) => {
                s.insert(entry);
                s.failures += 1;
                false
            }
            (Before::Entry(entry), Resized::To(addr, layout)) => {
                s.reallocations += 1;
                if layout.size() == 0 {
                    s.freed(entry.addr);
                    return true;
                }
                if addr != entry.addr {
                    s.freed(entry.addr);
                }
                s.insert(Slot {
                    addr,
                    size: layout.size(),
                    align: layout.align(),
                    seq: entry.seq,
                });
                false
            }
            (Before::Untracked(reserved), Resized::Failed) => {
                s.failures += 1;
                reserved
            }
            (Before::Untracked(reserved), Resized::To(addr, layout)) => {
                s.reallocations += 1;
                if reserved {
                    let entry = s.new_entry(addr, layout);
                    s.insert(entry);
                }
                false
            }
        });
        drop(guard);
        if release {
            self.reserved.fetch_sub(1, Relaxed);
        }
    }
}

/// Calls the hook with a misuse, the lock released.
#[cold]
#[inline(never)]
fn report_misuse(misuse: &Misuse, hook: Option<fn(&Misuse)>) {
    if let Some(hook) = hook {
        hook(misuse);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn leak_panic(leaks: Leaks, listed: &mut [LiveAllocation]) -> ! {
    listed.sort_unstable_by_key(|a| a.sequence);
    struct Listing<'a>(&'a [LiveAllocation]);
    impl fmt::Display for Listing<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for a in self.0 {
                write!(f, "\n  {a}")?;
            }
            Ok(())
        }
    }
    let more = leaks.count - listed.len();
    if more > 0 {
        panic!(
            "leaks found: {leaks}{}\n  ... and {more} more",
            Listing(listed)
        );
    }
    panic!("leaks found: {leaks}{}", Listing(listed));
}

impl<A: Default, const N: usize> Default for LeakDetector<A, N> {
    fn default() -> Self {
        Self::new(A::default())
    }
}

impl<A, const N: usize> fmt::Debug for LeakDetector<A, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LeakDetector")
            .field("capacity", &N)
            .field("report", &self.report())
            .finish_non_exhaustive()
    }
}

impl<A, const N: usize> fmt::Display for LeakDetector<A, N> {
    /// The [`report`](Self::report): one line of counts, then the latest misuses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.report(), f)
    }
}

// SAFETY: a request is passed on to `inner` with the caller's guarantees only after the table
// showed it valid: a free or resize of a live entry with its layout (the table holds exactly the
// blocks `inner` returned and that were not freed since). Everything else is refused without
// calling `inner`: null for `alloc` and `realloc` (a failure the caller must handle), nothing for
// `dealloc`. Results of `inner` are returned unchanged.
unsafe impl<A: GlobalAlloc, const N: usize> GlobalAlloc for LeakDetector<A, N> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Ok(tracked) = self.reserve(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: the caller's guarantees for `alloc`.
        let ptr = unsafe { self.inner.alloc(layout) };
        self.allocated(tracked, layout, (!ptr.is_null()).then(|| ptr.addr()));
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let Ok(tracked) = self.reserve(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: the caller's guarantees for `alloc_zeroed`.
        let ptr = unsafe { self.inner.alloc_zeroed(layout) };
        self.allocated(tracked, layout, (!ptr.is_null()).then(|| ptr.addr()));
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if self.free(ptr.addr(), layout) {
            // SAFETY: the table had `ptr` as a live block of `layout`, so it came from `inner`
            // with that layout and was not freed since; its entry is gone, so this is the one
            // free passed on.
            unsafe { self.inner.dealloc(ptr, layout) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // The caller guarantees that `new_size` rounded up to the alignment fits in `isize`.
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return ptr::null_mut();
        };
        let Some(before) = self.begin_resize(ptr.addr(), layout, new_layout) else {
            return ptr::null_mut();
        };
        // SAFETY: `begin_resize` found `ptr` live with `layout` (see `dealloc`); the rest is the
        // caller's guarantees for `realloc`.
        let new = unsafe { self.inner.realloc(ptr, layout, new_size) };
        let outcome = if new.is_null() {
            Resized::Failed
        } else {
            Resized::To(new.addr(), new_layout)
        };
        self.end_resize(before, outcome);
        new
    }
}

/// A refused in-place resize ([`grow_in_place`](RawAlloc::grow_in_place),
/// [`shrink_in_place`](RawAlloc::shrink_in_place)) counts as a failure, unlike for
/// [`AllocationTracker`](super::AllocationTracker). A request refused for a full table or a
/// misuse fails with [`AllocErrorKind::OutOfMemory`] or [`AllocErrorKind::InvalidLayout`].
impl<A: RawAlloc, const N: usize> RawAlloc for LeakDetector<A, N> {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let tracked = self
            .reserve(layout)
            .map_err(|()| AllocError::new(AllocErrorKind::OutOfMemory, layout))?;
        let result = self.inner.allocate(layout);
        self.allocated(
            tracked,
            layout,
            result.ok().map(NonNull::addr).map(usize::from),
        );
        result
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        if self.free(ptr.addr().get(), layout) {
            // SAFETY: as for `GlobalAlloc::dealloc`.
            unsafe { self.inner.deallocate(ptr, layout) }
        }
    }

    fn stats(&self) -> HeapStats {
        self.inner.stats()
    }

    unsafe fn grow_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        let new = Layout::from_size_align(new_size, old_layout.align())
            .map_err(|_| AllocError::invalid_layout())?;
        let before = self
            .begin_resize(ptr.addr().get(), old_layout, new)
            .ok_or(AllocError::new(AllocErrorKind::InvalidLayout, old_layout))?;
        // SAFETY: checked live with `old_layout` (see `GlobalAlloc::dealloc`); the rest is the
        // caller's guarantees.
        let result = unsafe { self.inner.grow_in_place(ptr, old_layout, new_size) };
        self.end_resize(before, resized(result.map(|()| ptr), new));
        result
    }

    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        let new = Layout::from_size_align(new_size, old_layout.align())
            .map_err(|_| AllocError::invalid_layout())?;
        let before = self
            .begin_resize(ptr.addr().get(), old_layout, new)
            .ok_or(AllocError::new(AllocErrorKind::InvalidLayout, old_layout))?;
        // SAFETY: checked live with `old_layout`; the rest is the caller's guarantees.
        let result = unsafe { self.inner.shrink_in_place(ptr, old_layout, new_size) };
        self.end_resize(before, resized(result.map(|()| ptr), new));
        result
    }

    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let before = self
            .begin_resize(ptr.addr().get(), old_layout, new_layout)
            .ok_or(AllocError::new(AllocErrorKind::InvalidLayout, old_layout))?;
        // SAFETY: checked live with `old_layout`; the rest is the caller's guarantees.
        let result = unsafe { self.inner.grow(ptr, old_layout, new_layout) };
        self.end_resize(before, resized(result, new_layout));
        result
    }

    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let before = self
            .begin_resize(ptr.addr().get(), old_layout, new_layout)
            .ok_or(AllocError::new(AllocErrorKind::InvalidLayout, old_layout))?;
        // SAFETY: checked live with `old_layout`; the rest is the caller's guarantees.
        let result = unsafe { self.inner.shrink(ptr, old_layout, new_layout) };
        self.end_resize(before, resized(result, new_layout));
        result
    }
}

/// A resize's outcome for `end_resize`.
fn resized<E>(result: Result<NonNull<u8>, E>, layout: Layout) -> Resized {
    match result {
        Ok(ptr) => Resized::To(ptr.addr().get(), layout),
        Err(_) => Resized::Failed,
    }
}

#[cfg(feature = "allocator-api2")]
mod api2 {
    use allocator_api2::alloc::{AllocError, Allocator};
    use core::alloc::Layout;
    use core::ptr::NonNull;

    use super::{LeakDetector, resized};

    /// `allocator_api2::alloc::Allocator`: every request checked and recorded like the
    /// [`GlobalAlloc`](core::alloc::GlobalAlloc) ones (a refused one is an `AllocError`);
    /// `&LeakDetector<A, N>` is an `Allocator` too.
    ///
    /// # Examples
    ///
    /// ```
    /// use allocator_api2::alloc::Global;
    /// use allocator_api2::vec::Vec;
    /// use avila_alloc::track::LeakDetector;
    ///
    /// let detector = LeakDetector::<_, 32>::new(Global);
    /// let mark = detector.mark();
    /// let mut v = Vec::with_capacity_in(4, &detector);
    /// v.extend([1u32, 2, 3, 4, 5]); // one growth: still one live allocation
    /// assert_eq!(detector.leaks_since(&mark).count, 1);
    /// drop(v);
    /// detector.assert_no_leaks();
    /// ```
    impl<A: Allocator, const N: usize> LeakDetector<A, N> {
        /// A resize of `ptr` by `call` (the wrapped allocator's `grow`, `grow_zeroed` or
        /// `shrink`), made only when the table shows `ptr` live with `old_layout`, and recorded
        /// either way.
        ///
        /// # Safety
        ///
        /// The caller's guarantees for `Allocator::grow` (or `grow_zeroed`, `shrink`), which
        /// `call` passes on.
        unsafe fn resize_with(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
            call: impl FnOnce(&A, NonNull<u8>, Layout, Layout) -> Result<NonNull<[u8]>, AllocError>,
        ) -> Result<NonNull<[u8]>, AllocError> {
            let before = self
                .begin_resize(ptr.addr().get(), old_layout, new_layout)
                .ok_or(AllocError)?;
            let result = call(&self.inner, ptr, old_layout, new_layout);
            self.end_resize(before, resized(result.map(NonNull::cast), new_layout));
            result
        }
    }

    // SAFETY: as for `GlobalAlloc`: only requests the table shows valid are passed on.
    #[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
    unsafe impl<A: Allocator, const N: usize> Allocator for LeakDetector<A, N> {
        #[inline]
        fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            let tracked = self.reserve(layout).map_err(|()| AllocError)?;
            let result = self.inner.allocate(layout);
            self.allocated(tracked, layout, result.ok().map(|p| p.addr().get()));
            result
        }

        #[inline]
        fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            let tracked = self.reserve(layout).map_err(|()| AllocError)?;
            let result = self.inner.allocate_zeroed(layout);
            self.allocated(tracked, layout, result.ok().map(|p| p.addr().get()));
            result
        }

        #[inline]
        unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
            if self.free(ptr.addr().get(), layout) {
                // SAFETY: checked live with `layout` (see `GlobalAlloc::dealloc`).
                unsafe { self.inner.deallocate(ptr, layout) }
            }
        }

        unsafe fn grow(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees, passed on; `resize_with` checks the block live.
            unsafe { self.resize_with(ptr, old_layout, new_layout, |a, p, o, n| a.grow(p, o, n)) }
        }

        unsafe fn grow_zeroed(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees, passed on; `resize_with` checks the block live.
            unsafe {
                self.resize_with(ptr, old_layout, new_layout, |a, p, o, n| {
                    a.grow_zeroed(p, o, n)
                })
            }
        }

        unsafe fn shrink(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees, passed on; `resize_with` checks the block live.
            unsafe { self.resize_with(ptr, old_layout, new_layout, |a, p, o, n| a.shrink(p, o, n)) }
        }
    }

    #[cfg(feature = "nightly")]
    crate::core_alloc::forward_core_allocator!(
        /// core's `Allocator` (feature `nightly`), the same implementation as allocator-api2's
        /// above: std's `Vec`, `Box` and collections can allocate through it. The wrapped
        /// allocator is an allocator-api2 one (such as `allocator_api2::alloc::Global`, or an arena).
        ///
        /// # Examples
        ///
        /// ```
        /// #![feature(allocator_api)]
        /// use avila_alloc::StackArena;
        /// use avila_alloc::track::LeakDetector;
        ///
        /// let arena: StackArena<1024> = StackArena::new();
        /// let detector = LeakDetector::<_, 32>::new(&arena);
        /// let mut v: Vec<u32, _> = Vec::with_capacity_in(4, &detector);
        /// v.extend([1, 2, 3, 4, 5]); // one growth
        /// assert_eq!(v.iter().sum::<u32>(), 15);
        /// assert!(v.try_reserve(1024).is_err());
        /// drop(v);
        /// detector.assert_no_leaks();
        /// ```
        impl[A: Allocator, const N: usize] LeakDetector<A, N>
    );
}
