//! The reference-cell cases: `StackRefCell` against std's `RefCell`.
//!
//! What a user pays for the places `StackRefCell` remembers: a borrow records its source
//! location (or joins the record of its place) and a drop forgets it, where std only counts.
//! Each case borrows [`COUNT`] times through a cell behind `black_box`, so the borrow is not
//! optimized away.

use core::cell::RefCell;
use core::hint::black_box;
use core::ops::{Deref, DerefMut};

use avila_alloc::rc::StackRefCell;

use crate::peers::{AVILA, STD};
use crate::suite::Visitor;

/// Borrows per run of a case.
pub const COUNT: usize = 64;

/// The two cells under comparison, through one interface.
pub trait Cell<T> {
    /// A shared borrow.
    fn read(&self) -> impl Deref<Target = T>;
    /// A mutable borrow.
    fn write(&self) -> impl DerefMut<Target = T>;
}

impl<T> Cell<T> for StackRefCell<T> {
    #[inline]
    fn read(&self) -> impl Deref<Target = T> {
        self.borrow()
    }
    #[inline]
    fn write(&self) -> impl DerefMut<Target = T> {
        self.borrow_mut()
    }
}

impl<T> Cell<T> for RefCell<T> {
    #[inline]
    fn read(&self) -> impl Deref<Target = T> {
        self.borrow()
    }
    #[inline]
    fn write(&self) -> impl DerefMut<Target = T> {
        self.borrow_mut()
    }
}

/// [`COUNT`] shared borrows, each read and dropped: the sum of what they read.
#[inline(always)]
pub fn borrow_read<C: Cell<[u64; 4]>>(cell: &C) -> u64 {
    let mut sum = 0_u64;
    for i in 0..COUNT {
        let cell = black_box(cell);
        sum = sum.wrapping_add(cell.read()[i % 4]);
    }
    sum
}

/// [`COUNT`] mutable borrows, each adding to one element.
#[inline(always)]
pub fn borrow_mut_add<C: Cell<[u64; 4]>>(cell: &C) {
    for i in 0..COUNT {
        let cell = black_box(cell);
        cell.write()[i % 4] += i as u64;
    }
}

/// [`COUNT`] rounds of two shared borrows held at once (two places), then dropped.
#[inline(always)]
pub fn two_readers<C: Cell<[u64; 4]>>(cell: &C) -> u64 {
    let mut sum = 0_u64;
    for i in 0..COUNT {
        let cell = black_box(cell);
        let a = cell.read();
        let b = cell.read();
        sum = sum.wrapping_add(a[i % 4] ^ b[(i + 1) % 4]);
    }
    sum
}

/// The reference-cell cases, for both cells.
pub fn ref_cell_cases(vis: &mut impl Visitor) {
    let ours: &'static StackRefCell<[u64; 4]> =
        Box::leak(Box::new(StackRefCell::new([1, 2, 3, 4])));
    let std: &'static RefCell<[u64; 4]> = Box::leak(Box::new(RefCell::new([1, 2, 3, 4])));
    vis.plain("ref_cell/borrow_read_64", AVILA, move || {
        black_box(borrow_read(ours));
    });
    vis.plain("ref_cell/borrow_read_64", STD, move || {
        black_box(borrow_read(std));
    });
    vis.plain("ref_cell/borrow_mut_add_64", AVILA, move || {
        borrow_mut_add(ours)
    });
    vis.plain("ref_cell/borrow_mut_add_64", STD, move || {
        borrow_mut_add(std)
    });
    vis.plain("ref_cell/two_readers_64", AVILA, move || {
        black_box(two_readers(ours));
    });
    vis.plain("ref_cell/two_readers_64", STD, move || {
        black_box(two_readers(std));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_cells_compute_the_same() {
        let ours = StackRefCell::new([1, 2, 3, 4]);
        let std = RefCell::new([1, 2, 3, 4]);
        assert_eq!(borrow_read(&ours), borrow_read(&std));
        assert_eq!(borrow_read(&ours), 16 * 10);
        borrow_mut_add(&ours);
        borrow_mut_add(&std);
        assert_eq!(*ours.borrow(), *std.borrow());
        assert_ne!(*ours.borrow(), [1, 2, 3, 4]);
        assert_eq!(two_readers(&ours), two_readers(&std));
    }
}
