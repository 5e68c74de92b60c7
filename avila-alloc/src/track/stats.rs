//! The counters of an [`AllocationTracker`](super::AllocationTracker) at one moment, and the
//! change between two such moments.

use core::fmt;

/// What an [`AllocationTracker`](super::AllocationTracker) has counted, from
/// [`snapshot`](super::AllocationTracker::snapshot).
///
/// Bytes are the sizes of the requested layouts (what the program asked for, not what the wrapped
/// allocator rounded it to). A reallocation counts as one reallocation, not as an allocation and a
/// deallocation; its change of size moves `current_bytes` (and `total_bytes` when it grows).
///
/// Counts wrap around at `usize::MAX` (after 2³² events on a 32-bit target); [`diff`](Self::diff)
/// subtracts with wrapping, so the difference across one wrap is still right.
///
/// # Examples
///
/// ```
/// use avila_alloc::track::AllocationTracker;
/// use core::alloc::{GlobalAlloc, Layout};
/// use std::alloc::System;
///
/// let tracker = AllocationTracker::new(System);
/// let layout = Layout::new::<[u8; 100]>();
/// // SAFETY: the layout is not zero-sized, and the block is freed with it.
/// unsafe {
///     let ptr = tracker.alloc(layout);
///     assert!(!ptr.is_null());
///     tracker.dealloc(ptr, layout);
/// }
/// let stats = tracker.snapshot();
/// assert_eq!((stats.allocations, stats.deallocations), (1, 1));
/// assert_eq!((stats.current_bytes, stats.peak_bytes, stats.total_bytes), (0, 100, 100));
/// println!("{stats}");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AllocStats {
    /// Successful allocations (zeroed ones included; reallocations excluded).
    pub allocations: usize,
    /// Deallocations.
    pub deallocations: usize,
    /// Successful reallocations (grow and shrink).
    pub reallocations: usize,
    /// Requests the wrapped allocator refused (allocations and reallocations).
    pub failures: usize,
    /// Bytes in live allocations.
    pub current_bytes: usize,
    /// The highest `current_bytes` has been since the tracker was made or
    /// [`reset_peak`](super::AllocationTracker::reset_peak) was last called.
    pub peak_bytes: usize,
    /// Bytes ever allocated: every allocation's size plus every growth by reallocation.
    pub total_bytes: usize,
}

impl AllocStats {
    /// Live allocations: allocations not yet deallocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut stats = avila_alloc::track::AllocStats::default();
    /// stats.allocations = 5;
    /// stats.deallocations = 3;
    /// assert_eq!(stats.live(), 2);
    /// ```
    #[must_use]
    pub fn live(&self) -> usize {
        self.allocations.wrapping_sub(self.deallocations)
    }

    /// What happened between `earlier` and `self` (two snapshots of the same tracker).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::AllocationTracker;
    /// use std::alloc::System;
    ///
    /// static TRACKER: AllocationTracker<System> = AllocationTracker::new(System);
    ///
    /// let before = TRACKER.snapshot();
    /// let after = TRACKER.snapshot();
    /// let change = after.diff(&before);
    /// assert_eq!(change.current_bytes, 0);
    /// ```
    #[must_use]
    pub fn diff(&self, earlier: &Self) -> AllocDelta {
        AllocDelta {
            allocations: self.allocations.wrapping_sub(earlier.allocations),
            deallocations: self.deallocations.wrapping_sub(earlier.deallocations),
            reallocations: self.reallocations.wrapping_sub(earlier.reallocations),
            failures: self.failures.wrapping_sub(earlier.failures),
            current_bytes: self.current_bytes.wrapping_sub(earlier.current_bytes) as isize,
            total_bytes: self.total_bytes.wrapping_sub(earlier.total_bytes),
        }
    }
}

impl fmt::Display for AllocStats {
    /// One line: `3 allocations, 1 deallocation, 0 reallocations, 0 failures; 96 B current, 128 B
    /// peak, 256 B total`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_counts(
            f,
            self.allocations,
            self.deallocations,
            self.reallocations,
            self.failures,
        )?;
        write!(
            f,
            "; {} B current, {} B peak, {} B total",
            self.current_bytes, self.peak_bytes, self.total_bytes
        )
    }
}

/// The change between two [`AllocStats`], from [`AllocStats::diff`]: what a region of code did.
///
/// The peak inside a region is not the difference of two peaks: call
/// [`reset_peak`](super::AllocationTracker::reset_peak) at the start of the region and read
/// `peak_bytes` at its end.
///
/// # Examples
///
/// ```
/// use avila_alloc::track::AllocationTracker;
/// use core::alloc::{GlobalAlloc, Layout};
/// use std::alloc::System;
///
/// let tracker = AllocationTracker::new(System);
/// let layout = Layout::new::<u64>();
/// let before = tracker.snapshot();
/// // SAFETY: a non-zero-sized layout; the block is leaked on purpose (and freed below).
/// let ptr = unsafe { tracker.alloc(layout) };
/// let change = tracker.snapshot().diff(&before);
/// assert_eq!(change.allocations, 1);
/// assert_eq!(change.current_bytes, 8);
/// assert_eq!(change.to_string(), "1 allocation, 0 deallocations, 0 reallocations, 0 failures; +8 B current, 8 B allocated");
/// # unsafe { tracker.dealloc(ptr, layout) };
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct AllocDelta {
    /// Allocations made.
    pub allocations: usize,
    /// Deallocations made.
    pub deallocations: usize,
    /// Reallocations made.
    pub reallocations: usize,
    /// Requests refused.
    pub failures: usize,
    /// The change of the bytes in use: positive when the region left more allocated than it found.
    pub current_bytes: isize,
    /// Bytes allocated (allocations and growth), whatever was freed since.
    pub total_bytes: usize,
}

impl fmt::Display for AllocDelta {
    /// One line: `1 allocation, 0 deallocations, 0 reallocations, 0 failures; +8 B current, 8 B
    /// allocated`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_counts(
            f,
            self.allocations,
            self.deallocations,
            self.reallocations,
            self.failures,
        )?;
        write!(
            f,
            "; {:+} B current, {} B allocated",
            self.current_bytes, self.total_bytes
        )
    }
}

fn write_counts(
    f: &mut fmt::Formatter<'_>,
    allocations: usize,
    deallocations: usize,
    reallocations: usize,
    failures: usize,
) -> fmt::Result {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    write!(
        f,
        "{allocations} allocation{}, {deallocations} deallocation{}, {reallocations} reallocation{}, {failures} failure{}",
        plural(allocations),
        plural(deallocations),
        plural(reallocations),
        plural(failures)
    )
}
