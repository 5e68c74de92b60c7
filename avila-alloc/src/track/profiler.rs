//! [`MemoryProfiler`]: histograms of what passes through an allocator, the peak and its size mix,
//! block lifetimes and live bytes over time.

use core::alloc::{GlobalAlloc, Layout};
use core::fmt;
use core::ptr::{self, NonNull};

#[cfg(feature = "backtrace")]
use super::points::{self, Points};
use super::profile::{BUCKETS, Histogram, Profile, SAMPLES, Sample, bucket};
use crate::error::AllocError;
use crate::heap::{HeapStats, RawAlloc};
use crate::sync::{
    AtomicBool, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
};

/// The bytes of a word.
const WORD: usize = size_of::<usize>();

/// The bytes of the header in front of every block: its birth time, and under the `backtrace`
/// feature its program point in the word before.
#[cfg(not(feature = "backtrace"))]
const HEADER: usize = WORD;
#[cfg(feature = "backtrace")]
const HEADER: usize = 2 * WORD;

/// What a block's header holds.
#[derive(Clone, Copy)]
struct Born {
    /// The clock at its allocation.
    birth: usize,
    /// Its program point ([`points::NONE`] without backtraces).
    #[cfg(feature = "backtrace")]
    point: usize,
}

/// The default sampling interval of live bytes: one sample every 1024 operations.
const DEFAULT_SAMPLE_SHIFT: u32 = 10;

/// An allocator wrapper that profiles what passes through it: sizes and alignments as
/// power-of-two histograms, block lifetimes, the peak and the mix of sizes live at the peak, and
/// live bytes over time in a ring of samples. Every request is passed on to the allocator it
/// wraps.
///
/// Like [`AllocationTracker`](super::AllocationTracker) it wraps any [`GlobalAlloc`] (and is
/// one: it can be the `#[global_allocator]`) and any [`RawAlloc`] (and is one). It never
/// allocates for itself: its state is atomics inside it, and [`new`](Self::new) is `const`, so a
/// `static` profiler needs no initialisation. [`snapshot`](Self::snapshot) copies the state into
/// a [`Profile`], plain data with a table as its `Display` and [JSON](Profile::write_json);
/// under the `std` feature, [`write_dhat`] writes a profile that DHAT's viewer
/// opens.
///
/// # The logical clock
///
/// Time is counted in *operations*: every successful allocation, deallocation and reallocation
/// advances a clock by one (refused requests do not). A block's lifetime is the clock at its
/// deallocation minus the clock at its allocation (a reallocation keeps the block's birth), so
/// a block freed by the very next operation lived 1 operation. Lifetimes are counted in
/// power-of-two buckets.
///
/// Live bytes are sampled on the same clock: the operation that brings the clock to a multiple
/// of the [sampling interval](Self::with_sample_interval) (1024 by default) records the clock and
/// the live bytes after it into a ring of the last [`SAMPLES`] samples.
///
/// # Per-block data: a header
///
/// To know a block's birth when it is freed, each block carries it in front of itself: the
/// profiler asks the wrapped allocator for `prefix + size` bytes, with `prefix` the larger of the
/// alignment and a word, stores the birth in the word just before the block it returns, and
/// hands the caller the address `prefix` bytes in. A reallocation moves the header with the data,
/// so nothing needs to be looked up. The alternative, a fixed table keyed by address, would
/// bound the number of live blocks the profiler can follow and cost a search per free; the
/// header costs a word (or an alignment) per block in the wrapped allocator and nothing else.
/// Consequences: the wrapped allocator sees larger requests than the program makes (its own
/// statistics include the headers), and blocks must be freed through the profiler that
/// allocated them (as with any allocator).
///
/// # Accuracy
///
/// Counts and histograms are exact under any number of threads (one atomic read-modify-write per
/// update). The peak in bytes is exact, as in `AllocationTracker`. The *mix at the peak* (sizes
/// and blocks live when the peak was reached) is a copy of the live histogram made by the
/// allocation that reached a new peak: exact when one thread allocates; with several threads the
/// copy runs while the others go on, so it may include or miss their concurrent changes, and a
/// new peak reached while another thread is copying does not copy again. A snapshot reads the
/// atomics one after the other.
///
/// # Examples
///
/// ```
/// use avila_alloc::track::MemoryProfiler;
/// use core::alloc::{GlobalAlloc, Layout};
///
/// let profiler = MemoryProfiler::with_sample_interval(std::alloc::System, 2);
/// let small = Layout::new::<[u8; 24]>();
/// let big = Layout::new::<[u8; 1000]>();
/// // SAFETY: non-zero-sized layouts, each block freed with its layout.
/// unsafe {
///     let a = profiler.alloc(small);
///     let b = profiler.alloc(big);
///     profiler.dealloc(b, big);
///     profiler.dealloc(a, small);
/// }
/// let profile = profiler.snapshot();
/// assert_eq!((profile.peak_bytes, profile.peak_blocks), (1024, 2));
/// assert_eq!(profile.sizes.counts[5], 1); // 24 bytes: the bucket 16..=31
/// assert_eq!(profile.lifetimes[1], 1); // `b` lived 1 operation
/// assert_eq!(profile.samples().len(), 2); // after operations 2 and 4
/// println!("{profile}");
/// ```
#[cfg_attr(
    all(feature = "std", not(loom)),
    doc = "[`write_dhat`]: Self::write_dhat"
)]
#[cfg_attr(
    not(all(feature = "std", not(loom))),
    doc = "[`write_dhat`]: crate#cargo-features"
)]
pub struct MemoryProfiler<A> {
    inner: A,
    state: State,
}

impl<A> MemoryProfiler<A> {
    /// Wraps `inner`, with everything at zero and live bytes sampled every 1024 operations.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// static PROFILER: MemoryProfiler<std::alloc::System> =
    ///     MemoryProfiler::new(std::alloc::System);
    /// assert_eq!(PROFILER.snapshot().allocations, 0);
    /// ```
    #[must_use]
    pub const fn new(inner: A) -> Self {
        Self {
            inner,
            state: State::new(DEFAULT_SAMPLE_SHIFT, false),
        }
    }

    /// Wraps `inner` like [`new`](Self::new), and captures the call stack of every allocation
    /// (feature `backtrace`): [`write_dhat`](Self::write_dhat) then writes one program point per
    /// call stack, which DHAT's viewer shows as a tree of callers.
    ///
    /// Each allocation walks the stack (about 2 µs for a stack of a dozen frames, measured in a
    /// release build on Linux, against under 40 ns for an allocation and free without) and looks
    /// its return addresses up in a fixed table of 254 call stacks inside the profiler (no heap); call
    /// stacks found once the table is full count in one point, `[other]`. Frames are symbolized
    /// only when the file is written. Each block's header grows to two words under the feature
    /// (for the index of its point), with or without backtraces.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri cannot walk the stack through foreign code.
    /// let profiler = MemoryProfiler::with_backtraces(std::alloc::System);
    /// let layout = Layout::new::<[u8; 24]>();
    /// // SAFETY: a non-zero-sized layout, the block freed with it.
    /// unsafe { profiler.dealloc(profiler.alloc(layout), layout) };
    /// let mut file = Vec::new();
    /// profiler.write_dhat(&mut file)?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[cfg(feature = "backtrace")]
    #[cfg_attr(docsrs, doc(cfg(feature = "backtrace")))]
    #[must_use]
    pub const fn with_backtraces(inner: A) -> Self {
        Self {
            inner,
            state: State::new(DEFAULT_SAMPLE_SHIFT, true),
        }
    }

    /// Whether the profiler captures call stacks (made with `with_backtraces`, feature
    /// `backtrace`).
    #[must_use]
    pub const fn backtraces(&self) -> bool {
        self.state.backtraces
    }

    /// Wraps `inner`, sampling live bytes every `every` operations.
    ///
    /// # Panics
    ///
    /// If `every` is not a power of two (at compile time in a `const` or `static`).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// let profiler = MemoryProfiler::with_sample_interval(std::alloc::System, 64);
    /// assert_eq!(profiler.snapshot().sample_every, 64);
    /// ```
    #[must_use]
    #[track_caller]
    pub const fn with_sample_interval(inner: A, every: usize) -> Self {
        assert!(
            every.is_power_of_two(),
            "the sampling interval must be a power of two"
        );
        Self {
            inner,
            state: State::new(every.trailing_zeros(), false),
        }
    }

    /// Appends the program points that allocated anything to `out`, lifetimes up to `clock`.
    #[cfg(feature = "backtrace")]
    pub(super) fn point_profiles(
        &self,
        clock: usize,
        out: &mut alloc::vec::Vec<points::PointProfile>,
    ) {
        self.state.points.snapshot(clock, out);
    }

    /// A copy of everything the profiler has recorded (see [Accuracy](Self#accuracy) for copies
    /// made while other threads allocate).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// let profiler = MemoryProfiler::new(std::alloc::System);
    /// let profile = profiler.snapshot();
    /// assert_eq!((profile.allocations, profile.current_bytes), (0, 0));
    /// ```
    #[must_use]
    pub fn snapshot(&self) -> Profile {
        self.state.snapshot()
    }

    /// Starts a new peak: the peak becomes the live bytes now, and the mix at the peak what is
    /// live now; both rise again from there. To profile the peak of a region of code, call this at
    /// its start.
    ///
    /// A peak that another thread reaches while this call runs may be missed.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    /// use core::alloc::{GlobalAlloc, Layout};
    ///
    /// let profiler = MemoryProfiler::new(std::alloc::System);
    /// let big = Layout::new::<[u8; 4096]>();
    /// let small = Layout::new::<[u8; 16]>();
    /// // SAFETY: non-zero-sized layouts, each block freed with its layout.
    /// unsafe {
    ///     profiler.dealloc(profiler.alloc(big), big);
    ///     profiler.reset_peak();
    ///     profiler.dealloc(profiler.alloc(small), small);
    /// }
    /// let profile = profiler.snapshot();
    /// assert_eq!((profile.peak_bytes, profile.peak_blocks), (16, 1));
    /// assert_eq!(profile.at_peak.bytes[5], 16);
    /// ```
    pub fn reset_peak(&self) {
        let s = &self.state;
        s.peak.store(s.current.load(Relaxed), Relaxed);
        s.new_peak(s.clock.load(Relaxed));
    }

    /// The wrapped allocator.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// let profiler = MemoryProfiler::new(std::alloc::System);
    /// let _system: &std::alloc::System = profiler.inner();
    /// ```
    #[must_use]
    pub const fn inner(&self) -> &A {
        &self.inner
    }

    /// The wrapped allocator, by `&mut` (for a [`RawAlloc`]'s `claim`, say). Blocks allocated
    /// through it directly have no header and must not be freed through the profiler.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::heap::Heap;
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// let mut profiler = MemoryProfiler::new(Heap::new());
    /// assert_eq!(profiler.inner_mut().stats().free, 0);
    /// ```
    #[must_use]
    pub fn inner_mut(&mut self) -> &mut A {
        &mut self.inner
    }
}

impl<A: Default> Default for MemoryProfiler<A> {
    fn default() -> Self {
        Self::new(A::default())
    }
}

impl<A> fmt::Debug for MemoryProfiler<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.snapshot();
        f.debug_struct("MemoryProfiler")
            .field("allocations", &p.allocations)
            .field("deallocations", &p.deallocations)
            .field("current_bytes", &p.current_bytes)
            .field("peak_bytes", &p.peak_bytes)
            .finish_non_exhaustive()
    }
}

impl<A> fmt::Display for MemoryProfiler<A> {
    /// The [`snapshot`](Self::snapshot)'s table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.snapshot(), f)
    }
}

/// The header prefix for an alignment: the alignment, or the header if that is larger. A multiple
/// of both and of a word, since all are powers of two.
#[inline(always)]
const fn prefix(align: usize) -> usize {
    if align > HEADER { align } else { HEADER }
}

/// The layout asked of the wrapped allocator for a block of `size` bytes aligned to `align`
/// (`align` a power of two): the prefix in front, aligned to at least a word. `None` when it
/// overflows.
#[inline(always)]
fn outer(size: usize, align: usize) -> Option<Layout> {
    let total = size.checked_add(prefix(align))?;
    Layout::from_size_align(total, if align > WORD { align } else { WORD }).ok()
}

/// The caller's pointer for a block the wrapped allocator returned at `base`, with `born`
/// written into its header.
///
/// # Safety
///
/// `base` is a live block of at least `prefix(align)` bytes aligned to a word.
#[inline(always)]
unsafe fn enter(base: *mut u8, align: usize, born: Born) -> *mut u8 {
    // SAFETY: the prefix lies inside the block (the caller's guarantee), and the header words
    // at its end are word-aligned (the block is, and the prefix and header are multiples of a
    // word).
    unsafe {
        let user = base.add(prefix(align));
        ptr::write(user.sub(WORD).cast::<usize>(), born.birth);
        #[cfg(feature = "backtrace")]
        ptr::write(user.sub(2 * WORD).cast::<usize>(), born.point);
        user
    }
}

/// The block's start and its header, for a pointer [`enter`] returned.
///
/// # Safety
///
/// `user` came from [`enter`] with the same `align`, and its block is live.
#[inline(always)]
unsafe fn leave(user: *mut u8, align: usize) -> (*mut u8, Born) {
    // SAFETY: `user` is `prefix(align)` bytes into its block, whose header words are just before
    // it, written by `enter` (the caller's guarantee).
    unsafe {
        let born = Born {
            birth: ptr::read(user.sub(WORD).cast::<usize>()),
            #[cfg(feature = "backtrace")]
            point: ptr::read(user.sub(2 * WORD).cast::<usize>()),
        };
        (user.sub(prefix(align)), born)
    }
}

/// The profiler's state: counters and histograms, each an atomic updated with one relaxed
/// read-modify-write (statistics: nothing else is ordered by them), except the copy of the live
/// histogram at the peak, made under a flag.
///
/// Read-modify-writes are most of the profiler's cost, so counts that are sums of histograms
/// are not kept apart: allocations are the sum of the size histogram's counts, deallocations that
/// of the lifetime histogram, live blocks that of the live histogram, and the total bytes the sum
/// of the size histogram's bytes plus the growth by reallocation.
struct State {
    /// Log2 of the sampling interval.
    sample_shift: u32,
    /// Whether allocations capture their call stacks (always `false` without the feature).
    backtraces: bool,
    /// The program points of the call stacks.
    #[cfg(feature = "backtrace")]
    points: Points,
    /// The logical clock: successful operations so far.
    clock: AtomicUsize,
    reallocations: AtomicUsize,
    failures: AtomicUsize,
    current: AtomicUsize,
    peak: AtomicUsize,
    /// Bytes added by reallocations that grew a block.
    grown: AtomicUsize,
    /// Sum of the lifetimes of freed blocks.
    freed_lifetimes: AtomicUsize,
    /// Sum of the births of live blocks (wrapping): with the clock and the live blocks, gives the
    /// ages of the live blocks without visiting them.
    live_births: AtomicUsize,
    /// The highest size bucket used so far: the copy at a peak stops there.
    top_bucket: AtomicUsize,
    sizes: AtomicHistogram,
    live: AtomicHistogram,
    alignments: [AtomicUsize; BUCKETS],
    lifetimes: [AtomicUsize; BUCKETS],
    /// Held while the live histogram is copied into `at_peak`.
    peak_copying: AtomicBool,
    at_peak: AtomicHistogram,
    peak_time: AtomicUsize,
    samples: [AtomicSample; SAMPLES],
}

struct AtomicHistogram {
    counts: [AtomicUsize; BUCKETS],
    bytes: [AtomicUsize; BUCKETS],
}

impl AtomicHistogram {
    const fn new() -> Self {
        Self {
            counts: [const { AtomicUsize::new(0) }; BUCKETS],
            bytes: [const { AtomicUsize::new(0) }; BUCKETS],
        }
    }

    #[inline(always)]
    fn add(&self, bucket: usize, size: usize) {
        self.counts[bucket].fetch_add(1, Relaxed);
        self.bytes[bucket].fetch_add(size, Relaxed);
    }

    #[inline(always)]
    fn sub(&self, bucket: usize, size: usize) {
        self.counts[bucket].fetch_sub(1, Relaxed);
        self.bytes[bucket].fetch_sub(size, Relaxed);
    }

    fn load(&self) -> Histogram {
        Histogram {
            counts: core::array::from_fn(|i| self.counts[i].load(Relaxed)),
            bytes: core::array::from_fn(|i| self.bytes[i].load(Relaxed)),
        }
    }
}

struct AtomicSample {
    time: AtomicUsize,
    live_bytes: AtomicUsize,
}

impl State {
    const fn new(sample_shift: u32, backtraces: bool) -> Self {
        Self {
            sample_shift,
            backtraces,
            #[cfg(feature = "backtrace")]
            points: Points::new(),
            clock: AtomicUsize::new(0),
            reallocations: AtomicUsize::new(0),
            failures: AtomicUsize::new(0),
            current: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            grown: AtomicUsize::new(0),
            freed_lifetimes: AtomicUsize::new(0),
            live_births: AtomicUsize::new(0),
            top_bucket: AtomicUsize::new(0),
            sizes: AtomicHistogram::new(),
            live: AtomicHistogram::new(),
            alignments: [const { AtomicUsize::new(0) }; BUCKETS],
            lifetimes: [const { AtomicUsize::new(0) }; BUCKETS],
            peak_copying: AtomicBool::new(false),
            at_peak: AtomicHistogram::new(),
            peak_time: AtomicUsize::new(0),
            samples: [const {
                AtomicSample {
                    time: AtomicUsize::new(0),
                    live_bytes: AtomicUsize::new(0),
                }
            }; SAMPLES],
        }
    }

    /// Advances the clock: the time of this operation (the first is 1).
    #[inline(always)]
    fn tick(&self) -> usize {
        self.clock.fetch_add(1, Relaxed).wrapping_add(1)
    }

    /// A new block of `layout`; returns its header.
    #[inline]
    fn allocated(&self, layout: Layout) -> Born {
        let t = self.tick();
        let size = layout.size();
        // The point first, so that a new peak below includes this block in it.
        #[cfg(feature = "backtrace")]
        let point = if self.backtraces {
            let p = self.points.attribute();
            self.points.allocated(p, size, t);
            p
        } else {
            points::NONE
        };
        let b = bucket(size);
        self.sizes.add(b, size);
        self.alignments[layout.align().trailing_zeros() as usize].fetch_add(1, Relaxed);
        self.live_births.fetch_add(t, Relaxed);
        self.live_in(b, size);
        self.grew(size, t);
        Born {
            birth: t,
            #[cfg(feature = "backtrace")]
            point,
        }
    }

    /// The block of `size` bytes with header `born` is freed.
    #[inline]
    fn deallocated(&self, size: usize, born: Born) {
        let t = self.tick();
        let birth = born.birth;
        #[cfg(feature = "backtrace")]
        self.points.deallocated(born.point, size, birth, t);
        let lifetime = t.wrapping_sub(birth);
        self.lifetimes[bucket(lifetime)].fetch_add(1, Relaxed);
        self.freed_lifetimes.fetch_add(lifetime, Relaxed);
        self.live_births.fetch_sub(birth, Relaxed);
        self.live.sub(bucket(size), size);
        let now = self.current.fetch_sub(size, Relaxed).wrapping_sub(size);
        self.sample(t, now);
    }

    /// A live block with header `born` changed size from `old` to `new` bytes.
    #[inline]
    fn reallocated(&self, old: usize, new: usize, born: Born) {
        let t = self.tick();
        #[cfg(feature = "backtrace")]
        self.points.reallocated(born.point, old, new);
        #[cfg(not(feature = "backtrace"))]
        let _ = born;
        self.reallocations.fetch_add(1, Relaxed);
        self.live.sub(bucket(old), old);
        self.live_in(bucket(new), new);
        if new >= old {
            self.grown.fetch_add(new - old, Relaxed);
            self.grew(new - old, t);
        } else {
            let now = self
                .current
                .fetch_sub(old - new, Relaxed)
                .wrapping_sub(old - new);
            self.sample(t, now);
        }
    }

    #[inline]
    fn failed(&self) {
        self.failures.fetch_add(1, Relaxed);
    }

    /// `size` bytes enter the live histogram at bucket `b`.
    #[inline(always)]
    fn live_in(&self, b: usize, size: usize) {
        self.live.add(b, size);
        if b > self.top_bucket.load(Relaxed) {
            self.top_bucket.fetch_max(b, Relaxed);
        }
    }

    /// `by` more live bytes at time `t`: the current count rises, and a new peak copies the
    /// live histogram.
    #[inline(always)]
    fn grew(&self, by: usize, t: usize) {
        let now = self.current.fetch_add(by, Relaxed).wrapping_add(by);
        if now > self.peak.load(Relaxed) && self.peak.fetch_max(now, Relaxed) < now {
            self.new_peak(t);
        }
        self.sample(t, now);
    }

    /// Copies the live histogram as the mix at the peak, unless another thread
    /// is copying already (see the profiler's Accuracy section).
    #[cold]
    #[inline(never)]
    fn new_peak(&self, t: usize) {
        if self
            .peak_copying
            .compare_exchange(false, true, Acquire, Relaxed)
            .is_err()
        {
            return;
        }
        // Buckets above the top one were never used: they are zero in both histograms.
        let top = self.top_bucket.load(Relaxed).min(BUCKETS - 1);
        for i in 0..=top {
            let count = self.live.counts[i].load(Relaxed);
            self.at_peak.counts[i].store(count, Relaxed);
            let bytes = self.live.bytes[i].load(Relaxed);
            self.at_peak.bytes[i].store(bytes, Relaxed);
        }
        #[cfg(feature = "backtrace")]
        if self.backtraces {
            self.points.new_peak();
        }
        self.peak_time.store(t, Relaxed);
        self.peak_copying.store(false, Release);
    }

    /// Records `live` bytes at time `t` if `t` is a multiple of the sampling interval.
    #[inline(always)]
    fn sample(&self, t: usize, live: usize) {
        if t & ((1 << self.sample_shift) - 1) == 0 {
            self.record_sample(t, live);
        }
    }

    #[cold]
    #[inline(never)]
    fn record_sample(&self, t: usize, live: usize) {
        let n = t >> self.sample_shift;
        let slot = &self.samples[(n.wrapping_sub(1)) % SAMPLES];
        slot.time.store(t, Relaxed);
        slot.live_bytes.store(live, Relaxed);
    }

    fn snapshot(&self) -> Profile {
        let clock = self.clock.load(Relaxed);
        let taken = clock >> self.sample_shift;
        let n = taken.min(SAMPLES);
        let first = taken - n;
        let mut samples = [Sample::default(); SAMPLES];
        for (k, out) in samples.iter_mut().take(n).enumerate() {
            let slot = &self.samples[(first + k) % SAMPLES];
            *out = Sample {
                time: slot.time.load(Relaxed),
                live_bytes: slot.live_bytes.load(Relaxed),
            };
        }
        let sizes = self.sizes.load();
        let live = self.live.load();
        let at_peak = self.at_peak.load();
        let lifetimes: [usize; BUCKETS] = core::array::from_fn(|i| self.lifetimes[i].load(Relaxed));
        let blocks = live.total_count();
        // Ages of the live blocks: the clock for each, less their births.
        let live_ages = clock
            .wrapping_mul(blocks)
            .wrapping_sub(self.live_births.load(Relaxed));
        Profile {
            allocations: sizes.total_count(),
            deallocations: lifetimes.iter().fold(0, |a, &n| a.wrapping_add(n)),
            reallocations: self.reallocations.load(Relaxed),
            failures: self.failures.load(Relaxed),
            operations: clock,
            current_bytes: self.current.load(Relaxed),
            current_blocks: blocks,
            peak_bytes: self.peak.load(Relaxed),
            peak_blocks: at_peak.total_count(),
            peak_time: self.peak_time.load(Relaxed),
            total_bytes: sizes.total_bytes().wrapping_add(self.grown.load(Relaxed)),
            total_lifetimes: self.freed_lifetimes.load(Relaxed).wrapping_add(live_ages),
            sizes,
            live,
            at_peak,
            alignments: core::array::from_fn(|i| self.alignments[i].load(Relaxed)),
            lifetimes,
            sample_every: 1 << self.sample_shift,
            sample_count: n,
            samples,
        }
    }
}

// SAFETY: every block the caller gets is `prefix` bytes into a block of the wrapped allocator
// that is `prefix` bytes larger than asked and at least as aligned, so it is a valid block for the
// caller's layout; every pointer the caller hands back is turned into the wrapped allocator's own
// block and layout before it is passed on.
unsafe impl<A: GlobalAlloc> GlobalAlloc for MemoryProfiler<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(outer) = outer(layout.size(), layout.align()) else {
            self.state.failed();
            return ptr::null_mut();
        };
        // SAFETY: `outer` is not zero-sized (it holds the prefix).
        let base = unsafe { self.inner.alloc(outer) };
        if base.is_null() {
            self.state.failed();
            return base;
        }
        let born = self.state.allocated(layout);
        // SAFETY: `base` is a live block of `outer`, prefix included, aligned to a word.
        unsafe { enter(base, layout.align(), born) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let Some(outer) = outer(layout.size(), layout.align()) else {
            self.state.failed();
            return ptr::null_mut();
        };
        // SAFETY: `outer` is not zero-sized (it holds the prefix).
        let base = unsafe { self.inner.alloc_zeroed(outer) };
        if base.is_null() {
            self.state.failed();
            return base;
        }
        let born = self.state.allocated(layout);
        // SAFETY: `base` is a live block of `outer`, prefix included, aligned to a word.
        unsafe { enter(base, layout.align(), born) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` (or `realloc`) with this alignment (the caller's
        // guarantee), so from `enter`.
        let (base, born) = unsafe { leave(ptr, layout.align()) };
        // Counted first: once the block is back, another thread may allocate it and count it.
        self.state.deallocated(layout.size(), born);
        // SAFETY: `base` is the wrapped allocator's block, allocated with this outer layout
        // (which did not overflow then, so it does not now).
        unsafe {
            let outer = Layout::from_size_align_unchecked(
                layout.size() + prefix(layout.align()),
                if layout.align() > WORD {
                    layout.align()
                } else {
                    WORD
                },
            );
            self.inner.dealloc(base, outer);
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        let Some(new_outer) = outer(new_size, align) else {
            self.state.failed();
            return ptr::null_mut();
        };
        // SAFETY: `ptr` came from this profiler with this alignment (the caller's guarantee).
        let (base, born) = unsafe { leave(ptr, align) };
        // SAFETY: `base` is the wrapped allocator's live block of the old outer layout (valid,
        // as it was allocated with it), and the new outer size is a valid size for that
        // alignment (checked by `outer`). The header moves with the data.
        let new = unsafe {
            let old_outer =
                Layout::from_size_align_unchecked(layout.size() + prefix(align), new_outer.align());
            self.inner.realloc(base, old_outer, new_outer.size())
        };
        if new.is_null() {
            self.state.failed();
            return new;
        }
        self.state.reallocated(layout.size(), new_size, born);
        // SAFETY: `new` is the moved block, prefix included.
        unsafe { new.add(prefix(align)) }
    }
}

/// Every request is passed on with the header added, as for `GlobalAlloc`. Zero-sized requests
/// become blocks of just a header. A refused in-place resize is not counted as a failure.
impl<A: RawAlloc> RawAlloc for MemoryProfiler<A> {
    #[inline]
    fn allocate(&mut self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let Some(outer) = outer(layout.size(), layout.align()) else {
            self.state.failed();
            return Err(AllocError::invalid_layout());
        };
        match self.inner.allocate(outer) {
            Ok(base) => {
                let born = self.state.allocated(layout);
                // SAFETY: `base` is a live block of `outer`, prefix included, aligned to a word;
                // the pointer `prefix` bytes into it is not null.
                Ok(unsafe { NonNull::new_unchecked(enter(base.as_ptr(), layout.align(), born)) })
            }
            Err(e) => {
                self.state.failed();
                Err(e)
            }
        }
    }

    #[inline]
    unsafe fn deallocate(&mut self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: `ptr` came from this profiler with this layout (the caller's guarantee).
        let (base, born) = unsafe { leave(ptr.as_ptr(), layout.align()) };
        self.state.deallocated(layout.size(), born);
        // SAFETY: `base` is the inner block allocated with this (valid) outer layout.
        unsafe {
            let outer = outer(layout.size(), layout.align()).unwrap_unchecked();
            self.inner.deallocate(NonNull::new_unchecked(base), outer);
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
        // SAFETY: `ptr` is a live block of this profiler for `old_layout` (the caller's
        // guarantee), so it came from `enter` with this alignment.
        let (_, born) = unsafe { leave(ptr.as_ptr(), old_layout.align()) };
        // SAFETY: forwarded with the header added (see `resize_in_place`).
        let result = unsafe { self.resize_in_place(ptr, old_layout, new_size, true) };
        if result.is_ok() {
            self.state.reallocated(old_layout.size(), new_size, born);
        }
        result
    }

    unsafe fn shrink_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
    ) -> Result<(), AllocError> {
        // SAFETY: `ptr` is a live block of this profiler for `old_layout` (the caller's
        // guarantee), so it came from `enter` with this alignment.
        let (_, born) = unsafe { leave(ptr.as_ptr(), old_layout.align()) };
        // SAFETY: forwarded with the header added (see `resize_in_place`).
        let result = unsafe { self.resize_in_place(ptr, old_layout, new_size, false) };
        if result.is_ok() {
            self.state.reallocated(old_layout.size(), new_size, born);
        }
        result
    }

    unsafe fn grow(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees, passed on (see `resize`).
        unsafe { self.resize(ptr, old_layout, new_layout, true) }
    }

    unsafe fn shrink(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        // SAFETY: the caller's guarantees, passed on (see `resize`).
        unsafe { self.resize(ptr, old_layout, new_layout, false) }
    }
}

impl<A: RawAlloc> MemoryProfiler<A> {
    /// `grow_in_place` (`grow`) or `shrink_in_place` of the inner block, header included.
    ///
    /// # Safety
    ///
    /// Those of `RawAlloc::grow_in_place` or `shrink_in_place` for `ptr`, a block of this
    /// profiler.
    unsafe fn resize_in_place(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_size: usize,
        grow: bool,
    ) -> Result<(), AllocError> {
        let align = old_layout.align();
        let Some(new_outer) = outer(new_size, align) else {
            return Err(AllocError::invalid_layout());
        };
        // SAFETY: `ptr` is a live block of this profiler for `old_layout` (the caller's
        // guarantee), so its inner block is live for the old outer layout, and the new outer
        // size is larger (smaller) like the new size and valid for the alignment.
        unsafe {
            let (base, _) = leave(ptr.as_ptr(), align);
            let base = NonNull::new_unchecked(base);
            let old_outer = outer(old_layout.size(), align).unwrap_unchecked();
            if grow {
                self.inner.grow_in_place(base, old_outer, new_outer.size())
            } else {
                self.inner
                    .shrink_in_place(base, old_outer, new_outer.size())
            }
        }
    }

    /// `grow` or `shrink` of the inner block, header included (it moves with the data).
    ///
    /// # Safety
    ///
    /// Those of `RawAlloc::grow` or `shrink` for `ptr`, a block of this profiler.
    unsafe fn resize(
        &mut self,
        ptr: NonNull<u8>,
        old_layout: Layout,
        new_layout: Layout,
        grow: bool,
    ) -> Result<NonNull<u8>, AllocError> {
        let align = old_layout.align();
        if new_layout.align() != align {
            // A change of alignment changes the prefix: move the block by hand.
            // SAFETY: the caller's guarantees; `copy` is the smaller of the two sizes.
            return unsafe {
                crate::heap::move_block(
                    self,
                    ptr,
                    old_layout,
                    new_layout,
                    old_layout.size().min(new_layout.size()),
                )
            };
        }
        let Some(new_outer) = outer(new_layout.size(), align) else {
            self.state.failed();
            return Err(AllocError::invalid_layout());
        };
        // SAFETY: `ptr` is a live block of this profiler for `old_layout` (the caller's
        // guarantee), so it came from `enter` with this alignment.
        let (base, born) = unsafe { leave(ptr.as_ptr(), align) };
        // SAFETY: `base` is the inner block of `ptr`, live for the old outer layout; the new
        // outer layout is larger (smaller) like the new layout.
        let result = unsafe {
            let base = NonNull::new_unchecked(base);
            let old_outer = outer(old_layout.size(), align).unwrap_unchecked();
            if grow {
                self.inner.grow(base, old_outer, new_outer)
            } else {
                self.inner.shrink(base, old_outer, new_outer)
            }
        };
        match result {
            Ok(base) => {
                self.state
                    .reallocated(old_layout.size(), new_layout.size(), born);
                // SAFETY: the moved block holds the prefix and the header.
                Ok(unsafe { NonNull::new_unchecked(base.as_ptr().add(prefix(align))) })
            }
            Err(e) => {
                self.state.failed();
                Err(e)
            }
        }
    }
}

#[cfg(feature = "allocator-api2")]
mod api2 {
    use allocator_api2::alloc::{AllocError, Allocator};
    use core::alloc::Layout;
    use core::ptr::{self, NonNull};

    use super::{MemoryProfiler, enter, leave, outer, prefix};

    impl<A: Allocator> MemoryProfiler<A> {
        /// Allocates through `inner` (`allocate` or `allocate_zeroed`) with the header added.
        fn allocate_with(
            &self,
            layout: Layout,
            inner: impl FnOnce(&A, Layout) -> Result<NonNull<[u8]>, AllocError>,
        ) -> Result<NonNull<[u8]>, AllocError> {
            let Some(outer) = outer(layout.size(), layout.align()) else {
                self.state.failed();
                return Err(AllocError);
            };
            let Ok(block) = inner(&self.inner, outer) else {
                self.state.failed();
                return Err(AllocError);
            };
            let born = self.state.allocated(layout);
            // SAFETY: `block` is a live block of at least `outer`, prefix included, aligned to a
            // word; the pointer `prefix` bytes into it is not null.
            let user = unsafe {
                NonNull::new_unchecked(enter(block.cast().as_ptr(), layout.align(), born))
            };
            // Exactly the size asked for: a caller may free with any size between the request and
            // the length returned, and the profiler's counts need the size it counted.
            Ok(NonNull::slice_from_raw_parts(user, layout.size()))
        }

        /// Resizes through `inner` (`grow`, `grow_zeroed` or `shrink`) with the header added, or
        /// moves the block by hand when the alignment changes (the prefix changes with it).
        ///
        /// # Safety
        ///
        /// Those of `Allocator::grow` (or `shrink`) for `ptr`, a block of this profiler.
        unsafe fn resize_with(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
            zeroed: bool,
            inner: impl FnOnce(&A, NonNull<u8>, Layout, Layout) -> Result<NonNull<[u8]>, AllocError>,
        ) -> Result<NonNull<[u8]>, AllocError> {
            let align = old_layout.align();
            if new_layout.align() != align {
                let new = if zeroed {
                    self.allocate_zeroed(new_layout)?
                } else {
                    self.allocate(new_layout)?
                };
                // SAFETY: both blocks are live and distinct; each holds at least the smaller
                // size; then the old block is freed with its layout (the caller's guarantee).
                unsafe {
                    ptr::copy_nonoverlapping(
                        ptr.as_ptr(),
                        new.cast::<u8>().as_ptr(),
                        old_layout.size().min(new_layout.size()),
                    );
                    self.deallocate(ptr, old_layout);
                }
                return Ok(new);
            }
            let Some(new_outer) = outer(new_layout.size(), align) else {
                self.state.failed();
                return Err(AllocError);
            };
            // SAFETY: `ptr` is a live block of this profiler for `old_layout` (the caller's
            // guarantee), so it came from `enter` with this alignment.
            let (base, born) = unsafe { leave(ptr.as_ptr(), align) };
            // SAFETY: `base` is the inner block of `ptr`, live for the old outer layout, which
            // was valid when it was allocated; the new outer layout is larger (smaller) like the
            // new one.
            let result = unsafe {
                let old_outer = outer(old_layout.size(), align).unwrap_unchecked();
                inner(
                    &self.inner,
                    NonNull::new_unchecked(base),
                    old_outer,
                    new_outer,
                )
            };
            let Ok(block) = result else {
                self.state.failed();
                return Err(AllocError);
            };
            self.state
                .reallocated(old_layout.size(), new_layout.size(), born);
            // SAFETY: the block holds the prefix and the header, moved with the data.
            let user =
                unsafe { NonNull::new_unchecked(block.cast::<u8>().as_ptr().add(prefix(align))) };
            Ok(NonNull::slice_from_raw_parts(user, new_layout.size()))
        }
    }

    /// `allocator_api2::alloc::Allocator`: every request passed on with the header added and
    /// recorded like the [`GlobalAlloc`](core::alloc::GlobalAlloc) ones. The slice returned has
    /// exactly the size asked for. `&MemoryProfiler<A>` is an `Allocator` too.
    ///
    /// # Examples
    ///
    /// ```
    /// use allocator_api2::alloc::Global;
    /// use allocator_api2::vec::Vec;
    /// use avila_alloc::track::MemoryProfiler;
    ///
    /// let profiler = MemoryProfiler::new(Global);
    /// let mut v = Vec::with_capacity_in(4, &profiler);
    /// v.extend([1u32, 2, 3, 4, 5]); // one growth
    /// let profile = profiler.snapshot();
    /// assert_eq!((profile.allocations, profile.reallocations), (1, 1));
    /// assert_eq!(profile.current_bytes, v.capacity() * 4);
    /// ```
    // SAFETY: every block handed out is `prefix` bytes into a live block of the wrapped
    // allocator that is `prefix` bytes larger than asked and at least as aligned; every pointer
    // handed back is turned into the wrapped allocator's block and layout before it is passed on.
    #[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
    unsafe impl<A: Allocator> Allocator for MemoryProfiler<A> {
        #[inline]
        fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            self.allocate_with(layout, A::allocate)
        }

        #[inline]
        fn allocate_zeroed(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            self.allocate_with(layout, A::allocate_zeroed)
        }

        #[inline]
        unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
            // SAFETY: `ptr` came from this profiler with this layout (the caller's guarantee; the
            // slice returned had exactly the layout's size).
            let (base, born) = unsafe { leave(ptr.as_ptr(), layout.align()) };
            self.state.deallocated(layout.size(), born);
            // SAFETY: `base` is the inner block, allocated with this (then valid) outer layout.
            unsafe {
                let outer = outer(layout.size(), layout.align()).unwrap_unchecked();
                self.inner.deallocate(NonNull::new_unchecked(base), outer);
            }
        }

        unsafe fn grow(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees, passed on.
            unsafe {
                self.resize_with(ptr, old_layout, new_layout, false, |a, p, o, n| {
                    a.grow(p, o, n)
                })
            }
        }

        unsafe fn grow_zeroed(
            &self,
            ptr: NonNull<u8>,
            old_layout: Layout,
            new_layout: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the caller's guarantees, passed on.
            unsafe {
                self.resize_with(ptr, old_layout, new_layout, true, |a, p, o, n| {
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
            // SAFETY: the caller's guarantees, passed on.
            unsafe {
                self.resize_with(ptr, old_layout, new_layout, false, |a, p, o, n| {
                    a.shrink(p, o, n)
                })
            }
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
        /// use avila_alloc::track::MemoryProfiler;
        ///
        /// let arena: StackArena<1024> = StackArena::new();
        /// let profiler = MemoryProfiler::new(&arena);
        /// let mut v: Vec<u32, _> = Vec::with_capacity_in(4, &profiler);
        /// v.extend([1, 2, 3, 4, 5]); // one growth
        /// assert_eq!(v.iter().sum::<u32>(), 15);
        /// let profile = profiler.snapshot();
        /// assert_eq!((profile.allocations, profile.reallocations), (1, 1));
        /// assert!(v.try_reserve(1024).is_err());
        /// ```
        impl[A: Allocator] MemoryProfiler<A>
    );
}
