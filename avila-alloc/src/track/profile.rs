//! [`Profile`]: what a [`MemoryProfiler`](super::MemoryProfiler) recorded, as plain data, with a
//! table (`Display`) and JSON.

use core::fmt::{self, Write as _};

use crate::collections::StackString;

/// Buckets of a power-of-two histogram: bucket 0 holds the value 0, bucket `k ≥ 1` the values
/// `2^(k-1) ..= 2^k - 1`, so every `usize` has one.
pub const BUCKETS: usize = usize::BITS as usize + 1;

/// Samples of live bytes a [`MemoryProfiler`](super::MemoryProfiler) keeps: the most recent ones.
pub const SAMPLES: usize = 64;

/// The bucket of `value` in a power-of-two histogram (see [`BUCKETS`]).
///
/// # Examples
///
/// ```
/// use avila_alloc::track::bucket;
///
/// assert_eq!([bucket(0), bucket(1), bucket(2), bucket(3), bucket(4), bucket(1000)], [0, 1, 2, 2, 3, 10]);
/// ```
#[inline(always)]
#[must_use]
pub const fn bucket(value: usize) -> usize {
    (usize::BITS - value.leading_zeros()) as usize
}

/// The values of a bucket, `(lowest, highest)`, both included.
///
/// # Panics
///
/// If `bucket >= BUCKETS`.
///
/// # Examples
///
/// ```
/// use avila_alloc::track::bucket_range;
///
/// assert_eq!(bucket_range(0), (0, 0));
/// assert_eq!(bucket_range(1), (1, 1));
/// assert_eq!(bucket_range(10), (512, 1023));
/// ```
#[must_use]
#[track_caller]
pub const fn bucket_range(bucket: usize) -> (usize, usize) {
    assert!(bucket < BUCKETS, "no such bucket");
    if bucket == 0 {
        (0, 0)
    } else {
        let low = 1 << (bucket - 1);
        (low, low - 1 + low)
    }
}

/// Block counts and bytes per size bucket ([`bucket`] of the requested size).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Histogram {
    /// Blocks per bucket.
    pub counts: [usize; BUCKETS],
    /// Bytes per bucket (the sum of the blocks' sizes).
    pub bytes: [usize; BUCKETS],
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: [0; BUCKETS],
            bytes: [0; BUCKETS],
        }
    }
}

impl Histogram {
    /// All blocks, all buckets.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(avila_alloc::track::Histogram::default().total_count(), 0);
    /// ```
    #[must_use]
    pub fn total_count(&self) -> usize {
        self.counts.iter().fold(0, |a, &c| a.wrapping_add(c))
    }

    /// All bytes, all buckets.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(avila_alloc::track::Histogram::default().total_bytes(), 0);
    /// ```
    #[must_use]
    pub fn total_bytes(&self) -> usize {
        self.bytes.iter().fold(0, |a, &b| a.wrapping_add(b))
    }
}

/// Live bytes at one moment of a [`MemoryProfiler`](super::MemoryProfiler)'s logical clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Sample {
    /// The clock: operations done when the sample was taken.
    pub time: usize,
    /// Bytes in live blocks after that operation.
    pub live_bytes: usize,
}

/// What a [`MemoryProfiler`](super::MemoryProfiler) has recorded, from
/// [`snapshot`](super::MemoryProfiler::snapshot): plain data (`Copy`, about 5 KiB on a 64-bit
/// target).
///
/// Sizes are those the program asked for (the layouts), not what the wrapped allocator used.
/// Times are in operations of the profiler's logical clock (see
/// [`MemoryProfiler`](super::MemoryProfiler#the-logical-clock)). Counts wrap at `usize::MAX`.
///
/// `Display` prints a table of the non-empty buckets; [`write_json`](Self::write_json) writes the
/// same as JSON.
///
/// # Examples
///
/// ```
/// use avila_alloc::track::MemoryProfiler;
/// use core::alloc::{GlobalAlloc, Layout};
///
/// let profiler = MemoryProfiler::new(std::alloc::System);
/// let layout = Layout::new::<[u64; 4]>();
/// // SAFETY: a non-zero-sized layout; the block is freed with it.
/// unsafe { profiler.dealloc(profiler.alloc(layout), layout) };
/// let profile = profiler.snapshot();
/// assert_eq!((profile.allocations, profile.deallocations, profile.operations), (1, 1, 2));
/// assert_eq!(profile.sizes.counts[6], 1); // 32 bytes: the bucket 32..=63
/// assert!(profile.to_string().contains("32-63"));
/// let mut json = String::new();
/// profile.write_json(&mut json).unwrap();
/// assert!(json.starts_with("{\"allocations\":1,"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Profile {
    /// Successful allocations (zeroed ones included; reallocations excluded).
    pub allocations: usize,
    /// Deallocations.
    pub deallocations: usize,
    /// Successful reallocations (grow and shrink, in place or moved).
    pub reallocations: usize,
    /// Requests the wrapped allocator refused (or that overflowed with the header).
    pub failures: usize,
    /// The logical clock: successful allocations, deallocations and reallocations.
    pub operations: usize,
    /// Bytes in live blocks.
    pub current_bytes: usize,
    /// Live blocks.
    pub current_blocks: usize,
    /// The highest `current_bytes` has been.
    pub peak_bytes: usize,
    /// Live blocks when the peak was last raised (see the profiler's Accuracy section).
    pub peak_blocks: usize,
    /// The clock when the peak was last raised.
    pub peak_time: usize,
    /// Bytes ever allocated: every allocation's size plus every growth by reallocation.
    pub total_bytes: usize,
    /// The sum of the lifetimes of all blocks, the live ones counted up to now.
    pub total_lifetimes: usize,
    /// Allocations by requested size.
    pub sizes: Histogram,
    /// Live blocks by size.
    pub live: Histogram,
    /// Live blocks by size when the peak was last raised.
    pub at_peak: Histogram,
    /// Allocations by alignment: index `k` counts alignment `2^k`.
    pub alignments: [usize; BUCKETS],
    /// Freed blocks by lifetime in operations ([`bucket`] of the lifetime).
    pub lifetimes: [usize; BUCKETS],
    /// Operations between two samples of live bytes.
    pub sample_every: usize,
    /// How many of `samples` are filled (the rest are zero).
    pub sample_count: usize,
    /// The most recent samples of live bytes, oldest first; see [`samples`](Self::samples).
    pub samples: [Sample; SAMPLES],
}

impl Profile {
    /// The samples of live bytes taken, oldest first (at most [`SAMPLES`], the latest ones).
    ///
    /// # Examples
    ///
    /// ```
    /// let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// assert!(profiler.snapshot().samples().is_empty());
    /// ```
    #[must_use]
    pub fn samples(&self) -> &[Sample] {
        &self.samples[..self.sample_count.min(SAMPLES)]
    }

    /// Live blocks: allocations not yet deallocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// assert_eq!(profiler.snapshot().live_blocks(), 0);
    /// ```
    #[must_use]
    pub fn live_blocks(&self) -> usize {
        self.allocations.wrapping_sub(self.deallocations)
    }

    /// Writes the profile as one JSON object: the counters, then `sizes` (one object per
    /// non-empty size bucket, with its `min` and `max` size, allocations and bytes, blocks and
    /// bytes live now and at the peak), `alignments` (`align`, `allocations`), `lifetimes`
    /// (`min`, `max`, `blocks`), `sample_every` and `samples` (`time`, `live_bytes`).
    ///
    /// # Errors
    ///
    /// Those of `out`.
    ///
    /// # Examples
    ///
    /// ```
    /// let profiler = avila_alloc::track::MemoryProfiler::new(std::alloc::System);
    /// let mut json = String::new();
    /// profiler.snapshot().write_json(&mut json)?;
    /// assert!(json.contains("\"sizes\":[]"));
    /// # Ok::<(), core::fmt::Error>(())
    /// ```
    pub fn write_json(&self, out: &mut impl fmt::Write) -> fmt::Result {
        let counters: [(&str, usize); 12] = [
            ("allocations", self.allocations),
            ("deallocations", self.deallocations),
            ("reallocations", self.reallocations),
            ("failures", self.failures),
            ("operations", self.operations),
            ("current_bytes", self.current_bytes),
            ("current_blocks", self.current_blocks),
            ("peak_bytes", self.peak_bytes),
            ("peak_blocks", self.peak_blocks),
            ("peak_time", self.peak_time),
            ("total_bytes", self.total_bytes),
            ("total_lifetimes", self.total_lifetimes),
        ];
        out.write_char('{')?;
        for (name, value) in counters {
            write!(out, "\"{name}\":{value},")?;
        }
        out.write_str("\"sizes\":[")?;
        let mut comma = "";
        for b in self.size_buckets() {
            let (min, max) = bucket_range(b);
            write!(
                out,
                "{comma}{{\"min\":{min},\"max\":{max},\"allocations\":{},\"bytes\":{},\"live_blocks\":{},\"live_bytes\":{},\"peak_blocks\":{},\"peak_bytes\":{}}}",
                self.sizes.counts[b],
                self.sizes.bytes[b],
                self.live.counts[b],
                self.live.bytes[b],
                self.at_peak.counts[b],
                self.at_peak.bytes[b],
            )?;
            comma = ",";
        }
        out.write_str("],\"alignments\":[")?;
        comma = "";
        for (k, &n) in self.alignments.iter().enumerate().filter(|(_, n)| **n != 0) {
            write!(
                out,
                "{comma}{{\"align\":{},\"allocations\":{n}}}",
                1_usize << k
            )?;
            comma = ",";
        }
        out.write_str("],\"lifetimes\":[")?;
        comma = "";
        for (b, &n) in self.lifetimes.iter().enumerate().filter(|(_, n)| **n != 0) {
            let (min, max) = bucket_range(b);
            write!(out, "{comma}{{\"min\":{min},\"max\":{max},\"blocks\":{n}}}")?;
            comma = ",";
        }
        write!(
            out,
            "],\"sample_every\":{},\"samples\":[",
            self.sample_every
        )?;
        comma = "";
        for s in self.samples() {
            write!(
                out,
                "{comma}{{\"time\":{},\"live_bytes\":{}}}",
                s.time, s.live_bytes
            )?;
            comma = ",";
        }
        out.write_str("]}")
    }

    /// Size buckets with anything in them (allocated, live or live at the peak).
    fn size_buckets(&self) -> impl Iterator<Item = usize> + '_ {
        (0..BUCKETS).filter(|&b| {
            self.sizes.counts[b] != 0 || self.live.counts[b] != 0 || self.at_peak.counts[b] != 0
        })
    }
}

/// A bucket's values as text: `0`, `1`, `2-3`, ...
fn range_label(bucket: usize) -> StackString<48> {
    let mut label = StackString::new();
    let (min, max) = bucket_range(bucket);
    // Two `usize`s and a dash fit in 48 bytes.
    let _ = if min == max {
        write!(label, "{min}")
    } else {
        write!(label, "{min}-{max}")
    };
    label
}

impl fmt::Display for Profile {
    /// A table: the counters, then the non-empty buckets of the size, alignment and lifetime
    /// histograms, then the samples of live bytes (time, bytes). For example:
    ///
    /// ```text
    /// 3 allocations, 2 deallocations, 1 reallocation, 0 failures, 6 operations
    /// now 3 B in 1 block; peak 1124 B in 2 blocks at operation 2; 1147 B allocated
    ///
    ///                 size (B)  allocations          bytes  live blocks     live bytes  blocks at peak   bytes at peak
    ///                      2-3            1              3            1              3               0               0
    ///                   64-127            1            100            0              0               1             100
    ///                1024-2047            1           1024            0              0               1            1024
    ///
    ///            alignment (B)  allocations
    ///                        1            1
    ///                        8            2
    ///
    ///    lifetime (operations)       blocks
    ///                        1            1
    ///                      4-7            1
    ///
    /// live bytes every 2 operations (3 samples):
    ///                        2         1124
    ///                        4          120
    ///                        6            3
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        writeln!(
            f,
            "{} allocation{}, {} deallocation{}, {} reallocation{}, {} failure{}, {} operations",
            self.allocations,
            plural(self.allocations),
            self.deallocations,
            plural(self.deallocations),
            self.reallocations,
            plural(self.reallocations),
            self.failures,
            plural(self.failures),
            self.operations,
        )?;
        writeln!(
            f,
            "now {} B in {} block{}; peak {} B in {} block{} at operation {}; {} B allocated",
            self.current_bytes,
            self.current_blocks,
            plural(self.current_blocks),
            self.peak_bytes,
            self.peak_blocks,
            plural(self.peak_blocks),
            self.peak_time,
            self.total_bytes
        )?;
        writeln!(
            f,
            "\n{:>24} {:>12} {:>14} {:>12} {:>14} {:>15} {:>15}",
            "size (B)",
            "allocations",
            "bytes",
            "live blocks",
            "live bytes",
            "blocks at peak",
            "bytes at peak"
        )?;
        for b in self.size_buckets() {
            writeln!(
                f,
                "{:>24} {:>12} {:>14} {:>12} {:>14} {:>15} {:>15}",
                &*range_label(b),
                self.sizes.counts[b],
                self.sizes.bytes[b],
                self.live.counts[b],
                self.live.bytes[b],
                self.at_peak.counts[b],
                self.at_peak.bytes[b],
            )?;
        }
        writeln!(f, "\n{:>24} {:>12}", "alignment (B)", "allocations")?;
        for (k, &n) in self.alignments.iter().enumerate().filter(|(_, n)| **n != 0) {
            writeln!(f, "{:>24} {n:>12}", 1_usize << k)?;
        }
        writeln!(f, "\n{:>24} {:>12}", "lifetime (operations)", "blocks")?;
        for (b, &n) in self.lifetimes.iter().enumerate().filter(|(_, n)| **n != 0) {
            writeln!(f, "{:>24} {n:>12}", &*range_label(b))?;
        }
        write!(
            f,
            "\nlive bytes every {} operations ({} sample{}):",
            self.sample_every,
            self.samples().len(),
            plural(self.samples().len())
        )?;
        for s in self.samples() {
            write!(f, "\n{:>24} {:>12}", s.time, s.live_bytes)?;
        }
        Ok(())
    }
}

/// Writes `s` as a JSON string, quotes included: `"` and `\` escaped, control characters as
/// `\n`, `\r`, `\t` or `\u00XX`.
#[cfg(any(test, feature = "std"))]
pub(crate) fn write_json_str(out: &mut impl fmt::Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape: Option<&str> = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            c if (c as u32) < 0x20 => None,
            _ => continue,
        };
        out.write_str(&s[start..i])?;
        match escape {
            Some(e) => out.write_str(e)?,
            None => write!(out, "\\u{:04x}", c as u32)?,
        }
        start = i + c.len_utf8();
    }
    out.write_str(&s[start..])?;
    out.write_char('"')
}
