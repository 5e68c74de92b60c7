//! Program points for [`MemoryProfiler::with_backtraces`](super::MemoryProfiler::with_backtraces)
//! (feature `backtrace`): a fixed table of call stacks, each with the counts DHAT's viewer shows
//! for a program point.
//!
//! An allocation captures up to [`FRAMES`] return addresses with
//! `backtrace::trace_unsynchronized` into an array on the stack (no allocation), skips the
//! profiler's own frames, hashes them and finds (or inserts) its point in a table of [`POINTS`]
//! slots by open addressing. Lookups read atomics only; an insertion takes a spin lock that is
//! held for a few stores and never while allocating. When the table is full, new stacks count in
//! the point [`OTHER`]. A thread-local flag keeps the capture (and the DHAT writer) from
//! recursing into itself: an allocation made while it is set counts in [`UNATTRIBUTED`].

use core::cell::Cell;
use core::hint::spin_loop;

use crate::sync::{
    AtomicBool, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
};

/// Slots in the table, the two special points included.
pub(crate) const POINTS: usize = 256;
/// Return addresses kept per point (the innermost ones, after the profiler's own frames).
pub(crate) const FRAMES: usize = 16;
/// Frames captured at most in front of the profiler's capture function (the `backtrace` crate's
/// own).
const SKIP: usize = 8;
/// The point of allocations made while the thread was already in the profiler's capture or DHAT
/// writer (not attributed to a call stack).
pub(crate) const UNATTRIBUTED: usize = 0;
/// The point of call stacks found when the table was full.
pub(crate) const OTHER: usize = 1;
/// The first slot for captured call stacks.
const FIRST: usize = 2;
/// The point of blocks allocated without backtraces (not counted in any point).
pub(crate) const NONE: usize = usize::MAX;

std::thread_local! {
    /// Set while this thread is in the capture or the DHAT writer.
    static BUSY: Cell<bool> = const { Cell::new(false) };
}

/// The re-entrancy guard: while one is alive, this thread's allocations are not captured.
pub(crate) struct Busy(());

impl Busy {
    /// Sets the flag; `None` if it was set already (or the thread's locals are gone).
    pub(crate) fn enter() -> Option<Self> {
        let entered = BUSY.try_with(|b| !b.replace(true)).unwrap_or(false);
        // Not `then_some`: a guard made and dropped when `entered` is false would clear the flag.
        if entered { Some(Self(())) } else { None }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        let _ = BUSY.try_with(|b| b.set(false));
    }
}

/// One program point: its call stack and counts, each an atomic.
struct Point {
    /// The hash of `frames`, never 0 once the slot is taken (0: free).
    hash: AtomicUsize,
    /// Return addresses, innermost first, then zeros.
    frames: [AtomicUsize; FRAMES],
    total_bytes: AtomicUsize,
    total_blocks: AtomicUsize,
    freed_lifetimes: AtomicUsize,
    live_births: AtomicUsize,
    bytes: AtomicUsize,
    blocks: AtomicUsize,
    max_bytes: AtomicUsize,
    max_blocks: AtomicUsize,
    peak_bytes: AtomicUsize,
    peak_blocks: AtomicUsize,
}

impl Point {
    const fn new() -> Self {
        Self {
            hash: AtomicUsize::new(0),
            frames: [const { AtomicUsize::new(0) }; FRAMES],
            total_bytes: AtomicUsize::new(0),
            total_blocks: AtomicUsize::new(0),
            freed_lifetimes: AtomicUsize::new(0),
            live_births: AtomicUsize::new(0),
            bytes: AtomicUsize::new(0),
            blocks: AtomicUsize::new(0),
            max_bytes: AtomicUsize::new(0),
            max_blocks: AtomicUsize::new(0),
            peak_bytes: AtomicUsize::new(0),
            peak_blocks: AtomicUsize::new(0),
        }
    }

    fn holds(&self, frames: &[usize; FRAMES]) -> bool {
        self.frames
            .iter()
            .zip(frames)
            .all(|(a, &b)| a.load(Relaxed) == b)
    }

    /// `by` more live bytes (and `blocks` more blocks): the point's own maximum follows.
    fn grew(&self, by: usize, blocks: usize) {
        let now = self.bytes.fetch_add(by, Relaxed).wrapping_add(by);
        let live = self.blocks.fetch_add(blocks, Relaxed).wrapping_add(blocks);
        if now > self.max_bytes.load(Relaxed) && self.max_bytes.fetch_max(now, Relaxed) < now {
            self.max_blocks.store(live, Relaxed);
        }
    }
}

/// What DHAT's viewer needs of a program point (its `pps` entry), copied from the table.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PointProfile {
    /// The slot: [`UNATTRIBUTED`], [`OTHER`] or a call stack's.
    pub(crate) index: usize,
    /// Return addresses, innermost first; zeros after the last.
    pub(crate) frames: [usize; FRAMES],
    pub(crate) tb: usize,
    pub(crate) tbk: usize,
    pub(crate) tl: usize,
    pub(crate) mb: usize,
    pub(crate) mbk: usize,
    pub(crate) gb: usize,
    pub(crate) gbk: usize,
    pub(crate) eb: usize,
    pub(crate) ebk: usize,
}

/// The table of program points.
pub(crate) struct Points {
    points: [Point; POINTS],
    /// Held while a call stack is inserted.
    lock: AtomicBool,
    /// Set once an insertion found no free slot: new stacks go to [`OTHER`] without a search.
    full: AtomicBool,
}

impl Points {
    pub(crate) const fn new() -> Self {
        Self {
            points: [const { Point::new() }; POINTS],
            lock: AtomicBool::new(false),
            full: AtomicBool::new(false),
        }
    }

    /// The point of an allocation made now: its call stack's, or [`UNATTRIBUTED`] when this
    /// thread is in the profiler already.
    #[inline(never)]
    pub(crate) fn attribute(&self) -> usize {
        let Some(_busy) = Busy::enter() else {
            return UNATTRIBUTED;
        };
        let mut frames = [0; FRAMES];
        capture(&mut frames);
        self.find_or_insert(&frames)
    }

    fn find_or_insert(&self, frames: &[usize; FRAMES]) -> usize {
        // FNV-1a over the addresses; 0 marks a free slot, so it is never a hash.
        let hash = frames.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &f| {
            (h ^ f as u64).wrapping_mul(0x0100_0000_01b3)
        }) as usize
            | 1;
        let start = FIRST + hash % (POINTS - FIRST);
        let slot = |k: usize| FIRST + (start - FIRST + k) % (POINTS - FIRST);
        for k in 0..POINTS - FIRST {
            let p = &self.points[slot(k)];
            // Acquire: the frames were stored before the hash was published.
            match p.hash.load(Acquire) {
                0 => break,
                h if h == hash && p.holds(frames) => return slot(k),
                _ => {}
            }
        }
        if self.full.load(Relaxed) {
            return OTHER;
        }
        while self
            .lock
            .compare_exchange_weak(false, true, Acquire, Relaxed)
            .is_err()
        {
            spin_loop();
        }
        let mut found = OTHER;
        for k in 0..POINTS - FIRST {
            let p = &self.points[slot(k)];
            match p.hash.load(Acquire) {
                0 => {
                    for (a, &f) in p.frames.iter().zip(frames) {
                        a.store(f, Relaxed);
                    }
                    p.hash.store(hash, Release);
                    found = slot(k);
                    break;
                }
                h if h == hash && p.holds(frames) => {
                    found = slot(k);
                    break;
                }
                _ => {}
            }
        }
        if found == OTHER {
            self.full.store(true, Relaxed);
        }
        self.lock.store(false, Release);
        found
    }

    /// A block of `size` bytes born at `t` in point `p`.
    #[inline]
    pub(crate) fn allocated(&self, p: usize, size: usize, t: usize) {
        if let Some(p) = self.points.get(p) {
            p.total_bytes.fetch_add(size, Relaxed);
            p.total_blocks.fetch_add(1, Relaxed);
            p.live_births.fetch_add(t, Relaxed);
            p.grew(size, 1);
        }
    }

    /// The block of `size` bytes born at `birth` in point `p` is freed at `t`.
    #[inline]
    pub(crate) fn deallocated(&self, p: usize, size: usize, birth: usize, t: usize) {
        if let Some(p) = self.points.get(p) {
            p.freed_lifetimes.fetch_add(t.wrapping_sub(birth), Relaxed);
            p.live_births.fetch_sub(birth, Relaxed);
            p.bytes.fetch_sub(size, Relaxed);
            p.blocks.fetch_sub(1, Relaxed);
        }
    }

    /// A block of point `p` changed size from `old` to `new` bytes.
    #[inline]
    pub(crate) fn reallocated(&self, p: usize, old: usize, new: usize) {
        if let Some(p) = self.points.get(p) {
            if new >= old {
                p.total_bytes.fetch_add(new - old, Relaxed);
                p.grew(new - old, 0);
            } else {
                p.bytes.fetch_sub(old - new, Relaxed);
            }
        }
    }

    /// A new global peak: every point's live bytes and blocks are copied as its part of it.
    pub(crate) fn new_peak(&self) {
        for (i, p) in self.points.iter().enumerate() {
            if i < FIRST || p.hash.load(Relaxed) != 0 {
                p.peak_bytes.store(p.bytes.load(Relaxed), Relaxed);
                p.peak_blocks.store(p.blocks.load(Relaxed), Relaxed);
            }
        }
    }

    /// Appends the points that allocated anything to `out`, with lifetimes up to `clock`.
    pub(crate) fn snapshot(&self, clock: usize, out: &mut alloc::vec::Vec<PointProfile>) {
        for (index, p) in self.points.iter().enumerate() {
            let tbk = p.total_blocks.load(Relaxed);
            if tbk == 0 {
                continue;
            }
            let ebk = p.blocks.load(Relaxed);
            let ages = clock
                .wrapping_mul(ebk)
                .wrapping_sub(p.live_births.load(Relaxed));
            out.push(PointProfile {
                index,
                frames: core::array::from_fn(|k| p.frames[k].load(Relaxed)),
                tb: p.total_bytes.load(Relaxed),
                tbk,
                tl: p.freed_lifetimes.load(Relaxed).wrapping_add(ages),
                mb: p.max_bytes.load(Relaxed),
                mbk: p.max_blocks.load(Relaxed),
                gb: p.peak_bytes.load(Relaxed),
                gbk: p.peak_blocks.load(Relaxed),
                eb: p.bytes.load(Relaxed),
                ebk,
            });
        }
    }
}

/// Fills `frames` with the return addresses of the stack, innermost first, from the frame that
/// called [`Points::attribute`] (the caller of this function).
#[inline(never)]
fn capture(frames: &mut [usize; FRAMES]) {
    // The functions of the frames to skip: this one (with the `backtrace` crate's frames
    // inlined into it, or below it) and `attribute`, its caller.
    let capture_fn = capture as *const () as usize;
    let attribute_fn = Points::attribute as *const () as usize;
    let mut raw = [0_usize; SKIP + FRAMES];
    let mut n = 0;
    let mut start = None;
    let mut found_attribute = false;
    let mut each = |frame: &backtrace::Frame| {
        if !found_attribute {
            let f = frame.symbol_address() as usize;
            if f == capture_fn || f == attribute_fn {
                start = Some(n + 1);
                found_attribute = f == attribute_fn;
            }
        }
        raw[n] = frame.ip() as usize;
        n += 1;
        n < start.map_or(SKIP, |s| s + FRAMES).min(raw.len())
    };
    // SAFETY: `trace_unsynchronized` is unsafe only because it does not take the `backtrace`
    // crate's lock: on the unwinder-based platforms the profiler targets, walking this thread's
    // own stack is thread-safe, and the callback neither allocates nor unwinds.
    unsafe { backtrace::trace_unsynchronized(&mut each) };
    // Without symbol addresses (no unwind information), keep the innermost frames as they come.
    let from = start.unwrap_or(0).min(n);
    for (out, &ip) in frames.iter_mut().zip(&raw[from..n]) {
        *out = ip;
    }
}

#[cfg(test)]
mod tests {
    use super::{FIRST, FRAMES, OTHER, POINTS, Points};

    /// The table finds each call stack's slot again, gives distinct stacks distinct slots, and
    /// sends new stacks to `OTHER` once full (synthetic stacks: this runs under Miri too).
    #[test]
    fn the_table_fills_then_counts_in_other() {
        let table = alloc::boxed::Box::new(Points::new());
        let stack = |i: usize| -> [usize; FRAMES] {
            core::array::from_fn(|k| if k < 3 { 0x1000 + i * 16 + k } else { 0 })
        };
        let mut slots = alloc::vec::Vec::new();
        for i in 0..POINTS - FIRST {
            let s = table.find_or_insert(&stack(i));
            assert!((FIRST..POINTS).contains(&s), "stack {i} in slot {s}");
            slots.push(s);
        }
        let mut sorted = slots.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), POINTS - FIRST);
        for (i, &s) in slots.iter().enumerate() {
            assert_eq!(table.find_or_insert(&stack(i)), s);
        }
        assert_eq!(table.find_or_insert(&stack(POINTS)), OTHER);
        assert_eq!(table.find_or_insert(&stack(0)), slots[0]);
        // Counts go to the slot given, and nowhere without a point.
        table.allocated(slots[0], 100, 1);
        table.allocated(OTHER, 7, 2);
        table.allocated(super::NONE, 5, 3);
        table.new_peak();
        table.deallocated(slots[0], 100, 1, 4);
        let mut out = alloc::vec::Vec::new();
        table.snapshot(4, &mut out);
        assert_eq!(out.len(), 2);
        let other = out.iter().find(|p| p.index == OTHER).unwrap();
        assert_eq!((other.tb, other.tbk, other.eb, other.tl), (7, 1, 7, 2));
        let first = out.iter().find(|p| p.index == slots[0]).unwrap();
        assert_eq!(
            (first.tb, first.tl, first.mb, first.gb, first.eb),
            (100, 3, 100, 100, 0)
        );
        assert_eq!(first.frames, stack(0));
    }
}
