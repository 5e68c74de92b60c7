//! Helpers for the unit tests: values that count their drops, and values whose `Drop` or `Clone`
//! panics on demand (heapless's `droppable!` idea). Counters are thread-local, so tests running in
//! parallel do not disturb each other.

// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

std::thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static DROPS: Cell<usize> = const { Cell::new(0) };
}

/// Live `Counted` values on this thread (created + cloned - dropped).
pub(crate) fn live() -> isize {
    LIVE.with(Cell::get)
}

/// Total drops of `Counted` values on this thread.
pub(crate) fn drops() -> usize {
    DROPS.with(Cell::get)
}

/// A value that tracks how many of its kind are alive; `Drop` panics if `panic_on_drop` is set,
/// `Clone` panics if `panic_on_clone` is set. A drop is counted before a panic, so the count
/// shows whether each value was dropped exactly once.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Counted {
    pub(crate) value: u32,
    pub(crate) panic_on_drop: bool,
    pub(crate) panic_on_clone: bool,
}

impl Counted {
    pub(crate) fn new(value: u32) -> Self {
        LIVE.with(|l| l.set(l.get() + 1));
        Self {
            value,
            panic_on_drop: false,
            panic_on_clone: false,
        }
    }

    pub(crate) fn panicking_drop(value: u32) -> Self {
        let mut c = Self::new(value);
        c.panic_on_drop = true;
        c
    }

    pub(crate) fn panicking_clone(value: u32) -> Self {
        let mut c = Self::new(value);
        c.panic_on_clone = true;
        c
    }
}

impl Clone for Counted {
    fn clone(&self) -> Self {
        assert!(!self.panic_on_clone, "Counted::clone panics as asked");
        Self::new(self.value)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        LIVE.with(|l| l.set(l.get() - 1));
        DROPS.with(|d| d.set(d.get() + 1));
        if self.panic_on_drop && !std::thread::panicking() {
            panic!("Counted::drop panics as asked");
        }
    }
}

/// Runs `f`, expecting it to panic; returns the panic message.
#[track_caller]
pub(crate) fn expect_panic<R>(f: impl FnOnce() -> R) -> std::string::String {
    let Err(payload) = catch_unwind(AssertUnwindSafe(f)) else {
        panic!("expected a panic");
    };
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).into()
    } else if let Some(s) = payload.downcast_ref::<std::string::String>() {
        s.clone()
    } else {
        "<non-string panic>".into()
    }
}

/// Values `0..n` as `Counted`.
pub(crate) fn counted(n: u32) -> impl Iterator<Item = Counted> {
    (0..n).map(Counted::new)
}

/// The `value`s of a slice of `Counted`.
pub(crate) fn values(items: &[Counted]) -> std::vec::Vec<u32> {
    items.iter().map(|c| c.value).collect()
}

/// A drop counter that values on any thread can share (the pool and reference-counting tests
/// drop values on other threads, where the thread-local counts of [`Counted`] would not see them).
#[derive(Debug, Default)]
pub(crate) struct DropCount(AtomicUsize);

impl DropCount {
    pub(crate) const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    /// Drops counted so far.
    pub(crate) fn get(&self) -> usize {
        self.0.load(Ordering::Relaxed)
    }
}

/// Counts its drops in a shared [`DropCount`]; panics in `drop` when `panic` is set (after
/// counting, so the count shows whether it was dropped exactly once).
#[derive(Debug)]
pub(crate) struct Noisy<'a> {
    pub(crate) drops: &'a DropCount,
    pub(crate) panic: bool,
}

impl<'a> Noisy<'a> {
    pub(crate) fn new(drops: &'a DropCount) -> Self {
        Self {
            drops,
            panic: false,
        }
    }
}

impl Drop for Noisy<'_> {
    fn drop(&mut self) {
        self.drops.0.fetch_add(1, Ordering::Relaxed);
        assert!(!self.panic, "drop panics");
    }
}
