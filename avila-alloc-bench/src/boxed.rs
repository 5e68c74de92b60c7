//! The inline box cases: `StackBox<dyn ..>` against `Box<dyn ..>` from std.
//!
//! What is measured is what a user of a boxed trait object pays: making one (std allocates, the
//! stack box copies the value into its storage), calling through it (the stack box rebuilds its
//! fat pointer with one extra indirect call on stable Rust), and visiting a collection of them.

use core::hint::black_box;

use avila_alloc::{StackBox, StackVec, stack_box};

use crate::peers::{AVILA, STD};
use crate::suite::Visitor;

/// The inline capacity used by the box cases, in bytes.
pub const BOX_BYTES: usize = 24;

/// How many objects the collection cases hold, and how many calls the call case makes.
pub const COUNT: usize = 64;

/// A small trait implemented by two concrete types, called through `dyn`.
pub trait Shape {
    /// A value computed from the object.
    fn area(&self) -> u64;
}

/// One implementation of [`Shape`].
#[derive(Clone, Copy, Debug)]
pub struct Square(pub u64);

/// Another implementation of [`Shape`], of a different size.
#[derive(Clone, Copy, Debug)]
pub struct Rect(pub u64, pub u64);

impl Shape for Square {
    #[inline]
    fn area(&self) -> u64 {
        self.0 * self.0
    }
}

impl Shape for Rect {
    #[inline]
    fn area(&self) -> u64 {
        self.0 * self.1
    }
}

/// `make`, then one call, then drop: the lifetime of a short-lived boxed closure.
#[inline(always)]
pub fn avila_make_call_drop(x: u64) -> u64 {
    let captured = black_box(x);
    let f: StackBox<dyn Fn(u64) -> u64, BOX_BYTES> = stack_box!(move |y| y + captured);
    black_box(&f);
    f(1)
}

/// [`avila_make_call_drop`] with `Box`.
#[inline(always)]
pub fn std_make_call_drop(x: u64) -> u64 {
    let captured = black_box(x);
    let f: Box<dyn Fn(u64) -> u64> = Box::new(move |y| y + captured);
    black_box(&f);
    f(1)
}

/// [`COUNT`] calls through one boxed closure.
#[inline(always)]
pub fn call_many<F: core::ops::Deref<Target = dyn Fn(u64) -> u64>>(f: &F) -> u64 {
    let f = black_box(f);
    let mut sum = 0_u64;
    for i in 0..COUNT as u64 {
        sum = sum.wrapping_add(f(i));
    }
    sum
}

/// The sum of the areas of a collection of boxed shapes.
#[inline(always)]
pub fn sum_areas<B: core::ops::Deref<Target = dyn Shape>>(shapes: &[B]) -> u64 {
    black_box(shapes).iter().map(|s| s.area()).sum()
}

/// [`COUNT`] shapes alternating between the two types, boxed inline.
#[must_use]
pub fn avila_shapes() -> StackVec<StackBox<dyn Shape, BOX_BYTES>, COUNT> {
    (0..COUNT as u64)
        .map(|i| -> StackBox<dyn Shape, BOX_BYTES> {
            if i % 2 == 0 {
                stack_box!(Square(i))
            } else {
                stack_box!(Rect(i, 3))
            }
        })
        .collect()
}

/// [`avila_shapes`] with `Box`.
#[must_use]
pub fn std_shapes() -> Vec<Box<dyn Shape>> {
    (0..COUNT as u64)
        .map(|i| -> Box<dyn Shape> {
            if i % 2 == 0 {
                Box::new(Square(i))
            } else {
                Box::new(Rect(i, 3))
            }
        })
        .collect()
}

/// The box cases: make/call/drop, many calls, a collection of trait objects.
pub fn box_cases(vis: &mut impl Visitor) {
    vis.plain("box/make_call_drop", AVILA, || {
        black_box(avila_make_call_drop(41));
    });
    vis.plain("box/make_call_drop", STD, || {
        black_box(std_make_call_drop(41));
    });

    let offset = 7_u64;
    let f: StackBox<dyn Fn(u64) -> u64, BOX_BYTES> = stack_box!(move |y| y ^ offset);
    vis.plain("box/call_64", AVILA, move || {
        black_box(call_many(&f));
    });
    let g: Box<dyn Fn(u64) -> u64> = Box::new(move |y| y ^ offset);
    vis.plain("box/call_64", STD, move || {
        black_box(call_many(&g));
    });

    let shapes = avila_shapes();
    vis.plain("box/sum_dyn_64", AVILA, move || {
        black_box(sum_areas(&shapes));
    });
    let shapes = std_shapes();
    vis.plain("box/sum_dyn_64", STD, move || {
        black_box(sum_areas(&shapes));
    });
}
