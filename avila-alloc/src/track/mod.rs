//! Allocation trackers: wrappers that count what passes through an allocator.
//!
//! - [`AllocationTracker`] counts allocations, deallocations, reallocations and failures, and
//!   the bytes in use now, at the peak and in total. It wraps a
//!   [`GlobalAlloc`](core::alloc::GlobalAlloc) (so it can be the `#[global_allocator]`), a
//!   [`RawAlloc`](crate::heap::RawAlloc), or, with the `allocator-api2` feature, an
//!   `allocator_api2::alloc::Allocator`. Its [`snapshot`](AllocationTracker::snapshot)s and their
//!   [`diff`](AllocStats::diff) measure a region of code.
//!
//! - [`MemoryProfiler`] records power-of-two histograms of sizes, alignments and block
//!   lifetimes, the peak and the mix of sizes live at the peak, and live bytes over time; its
//!   [`Profile`] prints as a table or JSON, and under `std` as a DHAT file.
//! - [`LeakDetector`] records every live allocation in a fixed table: it lists leaks (all, or
//!   those since a [`Checkpoint`]), and finds double frees, frees of unknown pointers and layout
//!   mismatches, which it reports and refuses to pass on.
//!
//! A tracker never allocates: its counters are atomics inside it, so it is safe as the global
//! allocator and usable in `no_std` code. It needs read-modify-write atomics: targets without
//! compare-and-swap (`thumbv6m-none-eabi`) do not have it.
//!
//! ```
//! use avila_alloc::track::AllocationTracker;
//! use std::alloc::System;
//!
//! // In a program: `#[global_allocator] static GLOBAL: AllocationTracker<System> = ...;`
//! static TRACKER: AllocationTracker<System> = AllocationTracker::new(System);
//!
//! let before = TRACKER.snapshot();
//! // ... code that allocates through TRACKER ...
//! let change = TRACKER.snapshot().diff(&before);
//! assert_eq!(change.allocations, 0);
//! ```

#[cfg(all(feature = "std", not(loom)))]
mod dhat;
mod leak;
#[cfg(test)]
mod leak_tests;
#[cfg(all(feature = "backtrace", not(loom)))]
mod points;
#[cfg(not(loom))]
mod profile;
#[cfg(not(loom))]
mod profiler;
#[cfg(all(test, not(loom)))]
mod profiler_tests;
mod stats;
#[cfg(test)]
mod tests;
mod tracker;

#[cfg(all(feature = "std", not(loom)))]
pub use self::dhat::DHAT_FIELDS;
pub use self::leak::{
    Checkpoint, LeakDetector, LeakReport, Leaks, LiveAllocation, MISUSE_LOG, Misuse, MisuseKind,
    Operation, RECENT_FREES,
};
#[cfg(not(loom))]
pub use self::profile::{BUCKETS, Histogram, Profile, SAMPLES, Sample, bucket, bucket_range};
#[cfg(not(loom))]
pub use self::profiler::MemoryProfiler;
pub use self::stats::{AllocDelta, AllocStats};
pub use self::tracker::AllocationTracker;
