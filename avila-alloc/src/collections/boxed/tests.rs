// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::fmt::{Debug, Display};
use core::hash::BuildHasher;
use std::collections::hash_map::RandomState;
use std::format;
use std::string::{String, ToString};
use std::vec::Vec;

use super::StackBox;
use crate::collections::StackVec;
use crate::stack_box;
use crate::test_util::{Counted, expect_panic, live};

/// A trait with state, to call through `dyn`.
trait Shape {
    fn value(&self) -> u64;
    fn bump(&mut self);
}

impl Shape for u8 {
    fn value(&self) -> u64 {
        u64::from(*self)
    }
    fn bump(&mut self) {
        *self = self.wrapping_add(1);
    }
}

impl Shape for [u64; 3] {
    fn value(&self) -> u64 {
        self.iter().sum()
    }
    fn bump(&mut self) {
        self[2] += 1;
    }
}

impl Shape for Counted {
    fn value(&self) -> u64 {
        u64::from(self.value)
    }
    fn bump(&mut self) {
        self.value += 1;
    }
}

#[test]
fn sized_values() {
    static STATIC: StackBox<u32, 4> = StackBox::new(7);
    assert_eq!(*STATIC, 7);
    let mut b: StackBox<(u16, u64), 16> = StackBox::new((1, 2));
    b.1 += 40;
    assert_eq!(*b, (1, 42));
    let c = b.clone();
    assert_eq!(b, c);
    assert_eq!(b.into_inner(), (1, 42));
    let d: StackBox<String, 24> = StackBox::default();
    assert!(d.is_empty());
    let e: StackBox<String, 24> = String::from("x").into();
    assert_eq!(format!("{e:?} {e}"), "\"x\" x");
    assert!(StackBox::<u8, 1>::new(1) < StackBox::new(2));
    let state = RandomState::new();
    assert_eq!(state.hash_one(&e), state.hash_one("x"));
    assert_eq!(StackBox::<u8, 0>::CAPACITY, 0);
    assert_eq!(StackBox::<u8, 0>::ALIGN, 8);
}

#[test]
fn try_new_checks_size_and_alignment_at_run_time() {
    assert!(StackBox::<[u8; 8], 8>::try_new([1; 8]).is_ok());
    let err = StackBox::<[u8; 9], 8>::try_new([2; 9]).unwrap_err();
    assert_eq!((err.capacity(), err.element()), (8, [2; 9]));

    #[derive(Debug, PartialEq)]
    #[repr(align(16))]
    struct Aligned(u8);
    let err = StackBox::<Aligned, 64>::try_new(Aligned(3)).unwrap_err();
    assert_eq!(err.element(), Aligned(3)); // fits by size, not by alignment

    let c = Counted::new(1);
    let err = StackBox::<Counted, 2>::try_new(c).unwrap_err();
    assert_eq!(live(), 1); // the value came back inside the error, not dropped
    drop(err);
    assert_eq!(live(), 0);
}

#[test]
fn closures_and_their_captures() {
    let base = Counted::new(10);
    let mut calls = 0_u32;
    {
        // `&base` makes the closure capture all of `base` (not just the `Copy` field).
        let f: StackBox<dyn Fn(u32) -> u32, 32> = stack_box!(move |x| {
            let base = &base;
            base.value + x
        });
        assert_eq!(f(5), 15);
        let mut g: StackBox<dyn FnMut() -> u32, 8> = stack_box!(|| {
            calls += 1;
            calls
        });
        assert_eq!((g(), g()), (1, 2));
        assert_eq!(live(), 1); // `base` lives inside `f`
    }
    assert_eq!(live(), 0); // dropped with the box, once
    assert_eq!(calls, 2);
}

#[test]
fn trait_objects_of_different_types_move_and_stay_valid() {
    let mut shapes: StackVec<StackBox<dyn Shape, 32>, 4> = StackVec::new();
    shapes.push(stack_box!(3_u8));
    shapes.push(stack_box!([1_u64, 2, 3]));
    shapes.push(stack_box!(Counted::new(100)));
    for s in &mut shapes {
        s.bump();
    }
    // Move the boxes around: each must find its value at its new address.
    shapes.swap(0, 2);
    let moved = shapes.remove(1);
    assert_eq!(moved.value(), 7);
    let values: Vec<u64> = shapes.iter().map(|s| s.value()).collect();
    assert_eq!(values, [101, 4]);
    // And onto the heap, a different kind of memory.
    let mut boxed_again = std::boxed::Box::new(moved);
    boxed_again.bump();
    assert_eq!(boxed_again.value(), 8);
    assert_eq!(live(), 1);
    drop(shapes);
    assert_eq!(live(), 0);
}

#[test]
fn slices_debug_display_iterators_and_errors() {
    let s: StackBox<[u16], 8> = stack_box!([1_u16, 2, 3]);
    assert_eq!((s.len(), &s[..]), (3, &[1_u16, 2, 3][..]));
    let d: StackBox<dyn Debug, 16> = stack_box!(Some("x"));
    assert_eq!(format!("{d:?}"), "Some(\"x\")");
    let shown: StackBox<dyn Display, 8> = stack_box!(2.5_f32);
    assert_eq!(shown.to_string(), "2.5");
    let mut it: StackBox<dyn Iterator<Item = u32>, 16> = stack_box!((1..4).map(|x| x * 10));
    assert_eq!(it.size_hint(), (3, Some(3)));
    assert_eq!(it.by_ref().collect::<Vec<_>>(), [10, 20, 30]);
    let err: StackBox<dyn core::error::Error, 8> = stack_box!(core::fmt::Error);
    assert_eq!(
        err.to_string(),
        "an error occurred when formatting an argument"
    );
    assert!(err.source().is_none());
    let r: &dyn Debug = d.as_ref();
    assert_eq!(format!("{r:?}"), "Some(\"x\")");
}

#[test]
fn unchecked_constructors() {
    // SAFETY: `|p| p` is the unsizing coercion to `*mut dyn Shape`.
    let mut b: StackBox<dyn Shape, 8> = unsafe { StackBox::new_unsize_with(5_u8, |p| p) };
    b.bump();
    assert_eq!(b.value(), 6);
    // SAFETY: as above.
    let err = unsafe { StackBox::<dyn Shape, 8>::try_new_unsize_with([9_u64, 0, 0], |p| p) };
    assert_eq!(err.err().map(|e| e.element()), Some([9, 0, 0]));
    let ptr = b.as_mut_ptr();
    // SAFETY: the pointer addresses the live value; no other reference exists.
    unsafe { (*ptr).bump() };
    assert_eq!(b.value(), 7);
    assert_eq!(b.as_ptr().cast::<u8>(), ptr.cast::<u8>().cast_const());
}

#[test]
fn into_inner_moves_out_once() {
    let b: StackBox<Counted, 16> = StackBox::new(Counted::new(4));
    let c = b.into_inner();
    assert_eq!((c.value, live()), (4, 1));
    drop(c);
    assert_eq!(live(), 0);
}

#[test]
fn panicking_drop_runs_once() {
    let b: StackBox<dyn Shape, 16> = stack_box!(Counted::panicking_drop(1));
    assert_eq!(expect_panic(|| drop(b)), "Counted::drop panics as asked");
    assert_eq!(live(), 0);
}

#[test]
fn zero_sized_values_and_zero_capacity() {
    let z: StackBox<dyn Debug, 0> = stack_box!(());
    assert_eq!(format!("{z:?}"), "()");
    let f: StackBox<dyn Fn() -> u8, 0> = stack_box!(|| 9);
    assert_eq!(f(), 9);
    // Stable stores the rebuilding function; `nightly` stores the metadata, nothing for `()`.
    let meta = if cfg!(feature = "nightly") {
        0
    } else {
        size_of::<fn()>()
    };
    assert_eq!(size_of::<StackBox<(), 0>>(), meta);
    assert_eq!(size_of::<StackBox<dyn Debug, 0>>(), size_of::<fn()>());
    assert!(StackBox::<u8, 0>::try_new(1).is_err());
}

#[test]
fn borrowing_and_ordering_traits_pass_through() {
    use core::borrow::{Borrow, BorrowMut};
    let mut b: StackBox<[u8], 4> = stack_box!([3_u8, 1, 2]);
    b.as_mut().sort_unstable();
    let borrowed: &[u8] = b.borrow();
    assert_eq!(borrowed, [1, 2, 3]);
    let borrowed_mut: &mut [u8] = b.borrow_mut();
    borrowed_mut[0] = 9;
    assert_eq!(&*b, [9, 2, 3]);
    let (x, y): (StackBox<u8, 1>, StackBox<u8, 1>) = (StackBox::new(1), StackBox::new(2));
    assert_eq!(x.cmp(&y), core::cmp::Ordering::Less);
    assert_eq!(x.partial_cmp(&y), Some(core::cmp::Ordering::Less));
    assert_eq!(x.max(y).into_inner(), 2);
}
