//! Tests of `StackRefCell`: the places its refusals name, its guards, and RefCell parity.
// Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
#![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

use core::panic::Location;
use std::format;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::string::{String, ToString};
use std::vec;
use std::vec::Vec;

use super::*;

/// The location of the caller, to compare with the places a cell names.
#[track_caller]
fn here() -> &'static Location<'static> {
    Location::caller()
}

/// `site` as the `file:line:` text the messages use (`here()` sits in another column than the
/// borrow on its line).
fn text(site: &Location<'_>) -> String {
    format!("{}:{}:", site.file(), site.line())
}

/// The `(file, line)` of each place.
fn lines<'a>(sites: impl IntoIterator<Item = &'a Location<'a>>) -> Vec<(&'a str, u32)> {
    sites.into_iter().map(|s| (s.file(), s.line())).collect()
}

/// The message of the panic `f` raises.
fn panic_message(f: impl FnOnce()) -> String {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err("the call should panic");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => (*payload.downcast::<&str>().expect("a text payload")).into(),
    }
}

#[test]
fn a_refused_shared_borrow_names_the_mutable_borrow() {
    let cell = StackRefCell::new(1);
    let (guard, taken) = (cell.borrow_mut(), here());
    let error = cell.try_borrow().unwrap_err();
    assert_eq!(error.state(), BorrowState::Mutable(1));
    assert_eq!(lines(error.held_at()), lines([taken]));
    let message = error.to_string();
    let expected = format!(
        "StackRefCell cannot be borrowed: it is mutably borrowed (taken at {}",
        text(taken)
    );
    assert!(message.starts_with(&expected), "{message}");
    assert_eq!(lines(RefMut::taken_at(&guard)), lines([taken]));
    let message = panic_message(|| drop(cell.borrow()));
    assert_eq!(message, error.to_string());
    drop(guard);
    assert_eq!(*cell.borrow(), 1);
}

#[test]
fn a_refused_mutable_borrow_names_every_place_still_holding_one() {
    let cell = StackRefCell::new(0);
    let (a1, at_a) = (cell.borrow(), here());
    let a2 = Ref::clone(&a1);
    let (b, at_b) = (cell.borrow(), here());
    let error = cell.try_borrow_mut().unwrap_err();
    assert_eq!(error.state(), BorrowState::Shared(3));
    assert_eq!(lines(error.held_at()), lines([at_a, at_b]));
    assert_eq!(
        cell.holders().map(|(_, n)| n).collect::<Vec<_>>(),
        [2, 1],
        "a clone is counted at the place of its original"
    );
    let message = error.to_string();
    assert!(
        message.contains("it is borrowed 3 times (taken at "),
        "{message}"
    );
    assert!(message.contains(&text(at_a)) && message.contains(&text(at_b)));

    // A third place, while two are named: counted, not named.
    let c = cell.borrow();
    let error = cell.try_borrow_mut().unwrap_err();
    assert_eq!(error.state(), BorrowState::Shared(4));
    assert!(error.to_string().ends_with(" and 1 more elsewhere)"));
    assert_eq!(Ref::taken_at(&c), None);

    // Dropping every guard of a place forgets the place; a later borrow can take its slot.
    drop((a1, a2));
    assert_eq!(lines(cell.holders().map(|(s, _)| s)), lines([at_b]));
    let error = cell.try_borrow_mut().unwrap_err();
    assert_eq!(lines(error.held_at()), lines([at_b]));
    assert!(error.to_string().ends_with(" and 1 more elsewhere)"));
    drop(b);
    // Only the unnamed guard is left: the state still says so.
    let error = cell.try_borrow_mut().unwrap_err();
    assert_eq!(error.held_at().count(), 0);
    assert_eq!(
        error.to_string(),
        "StackRefCell cannot be borrowed mutably: it is borrowed"
    );
    drop(c);
    assert_eq!(cell.borrow_state(), BorrowState::Unused);
    assert_eq!(cell.holders().count(), 0);
    *cell.borrow_mut() += 1;
    assert_eq!(cell.into_inner(), 1);
}

#[test]
fn the_same_place_in_a_loop_is_one_record() {
    let cell = StackRefCell::new([0_u8; 4]);
    let mut guards = Vec::new();
    for _ in 0..5 {
        guards.push(cell.borrow());
    }
    let (place, count) = cell.holders().next().unwrap();
    assert_eq!(count, 5);
    let (other, at_other) = (cell.borrow(), here());
    assert_eq!(cell.holders().map(|(_, n)| n).collect::<Vec<_>>(), [5, 1]);
    assert_eq!(
        lines(cell.holders().map(|(s, _)| s)),
        lines([place, at_other])
    );
    guards.truncate(1);
    assert_eq!(cell.holders().next(), Some((place, 1)));
    drop(guards);
    drop(other);
    assert_eq!(cell.borrow_state(), BorrowState::Unused);
}

#[test]
fn map_filter_map_and_map_split_keep_the_borrow() {
    let cell = StackRefCell::new((vec![1, 2, 3], String::from("x")));
    let (guard, taken) = (cell.borrow(), here());
    let numbers = Ref::map(guard, |pair| &pair.0);
    assert_eq!(lines(Ref::taken_at(&numbers)), lines([taken]));
    let numbers = Ref::filter_map(numbers, |v| v.get(9)).unwrap_err();
    let last = Ref::filter_map(numbers, |v| v.last()).unwrap();
    assert_eq!((*last, cell.borrow_state()), (3, BorrowState::Shared(1)));
    let (left, right) = Ref::map_split(last, |n| (n, n));
    assert_eq!(cell.borrow_state(), BorrowState::Shared(2));
    assert_eq!(cell.holders().map(|(_, n)| n).collect::<Vec<_>>(), [2]);
    assert_eq!(lines(cell.holders().map(|(s, _)| s)), lines([taken]));
    assert!(cell.try_borrow_mut().is_err());
    drop(left);
    assert!(cell.try_borrow_mut().is_err());
    drop(right);

    let (guard, taken) = (cell.borrow_mut(), here());
    let mut text = RefMut::map(guard, |pair| &mut pair.1);
    text.push('y');
    let (mut head, mut tail) = RefMut::map_split(text, |s| s.split_at_mut(1));
    head.make_ascii_uppercase();
    tail.make_ascii_uppercase();
    assert_eq!(cell.borrow_state(), BorrowState::Mutable(2));
    assert_eq!(
        lines(cell.try_borrow().unwrap_err().held_at()),
        lines([taken])
    );
    drop(head);
    assert!(cell.try_borrow().is_err());
    drop(tail);
    let empty = RefMut::filter_map(cell.borrow_mut(), |pair| pair.0.get_mut(7));
    assert_eq!(empty.unwrap_err().0, [1, 2, 3]);
    assert_eq!(cell.borrow().1, "XY");
}

#[test]
fn replace_swap_take_and_friends_match_refcell() {
    let a = StackRefCell::new(String::from("a"));
    let b = StackRefCell::new(String::from("b"));
    assert_eq!(a.replace(String::from("c")), "a");
    a.swap(&b);
    assert_eq!((a.borrow().as_str(), b.borrow().as_str()), ("b", "c"));
    assert_eq!(a.replace_with(|s| s.repeat(2)), "b");
    assert_eq!(a.take(), "bb");
    assert_eq!(*a.borrow(), "");
    let mut c = a.clone();
    c.clone_from(&b);
    assert_eq!(c, b);
    assert!(a < b && b.cmp(&c).is_eq());
    assert_eq!(StackRefCell::<u8>::default().into_inner(), 0);
    assert_eq!(StackRefCell::from(4).into_inner(), 4);
    assert_eq!(*c.get_mut(), "c");
    // SAFETY: nothing borrows `c` mutably while `value` is used.
    let value = unsafe { c.try_borrow_unguarded() }.unwrap();
    assert_eq!(value, "c");
    assert_eq!(c.borrow_state(), BorrowState::Unused);
    let p = c.as_ptr();
    // SAFETY: no borrow is held.
    assert_eq!(unsafe { &*p }, "c");
}

#[test]
fn conflicting_calls_panic_with_the_place() {
    let cell = StackRefCell::new(1);
    let (reader, at) = (cell.borrow(), here());
    for message in [
        panic_message(|| drop(cell.borrow_mut())),
        panic_message(|| {
            cell.replace(2);
        }),
        panic_message(|| {
            cell.replace_with(|v| *v);
        }),
        panic_message(|| cell.swap(&StackRefCell::new(3))),
        panic_message(|| {
            cell.take();
        }),
    ] {
        assert!(message.contains(&text(at)), "{message}");
    }
    assert!(cell.try_borrow().is_ok(), "a failed call leaves no borrow");
    drop(reader);
    assert_eq!(cell.borrow_state(), BorrowState::Unused);
}

#[test]
fn a_panic_inside_replace_with_releases_the_borrow() {
    let cell = StackRefCell::new(vec![1]);
    let message = panic_message(|| {
        cell.replace_with(|v| {
            v.push(2);
            panic!("boom")
        });
    });
    assert_eq!(message, "boom");
    assert_eq!(cell.borrow_state(), BorrowState::Unused);
    assert_eq!(
        *cell.borrow(),
        [1, 2],
        "the value stays as the closure left it"
    );
}

#[test]
fn debug_shows_the_value_or_where_it_is_held() {
    let cell = StackRefCell::new(7);
    assert_eq!(format!("{cell:?}"), "StackRefCell { value: 7 }");
    let (guard, at) = (cell.borrow_mut(), here());
    let debug = format!("{cell:?}");
    let expected = format!(
        "StackRefCell {{ value: <StackRefCell cannot be borrowed: it is mutably borrowed (taken at {}",
        text(at)
    );
    assert!(
        debug.starts_with(&expected) && debug.ends_with(")> }"),
        "{debug}"
    );
    assert_eq!(format!("{guard:?} {guard}"), "7 7");
    drop(guard);
    let reader = cell.borrow();
    assert_eq!(format!("{reader:?} {reader}"), "7 7");
}

#[test]
fn unsized_values_and_zero_sized_ones() {
    let array = StackRefCell::new([1, 2, 3]);
    let slice: &StackRefCell<[i32]> = &array;
    slice.borrow_mut()[0] = 9;
    assert_eq!(slice.borrow().len(), 3);
    let (a, b) = RefMut::map_split(slice.borrow_mut(), |s| s.split_at_mut(2));
    assert_eq!((a.len(), b.len()), (2, 1));
    drop((a, b));
    assert_eq!(array.into_inner(), [9, 2, 3]);

    let unit = StackRefCell::new(());
    let guards = [unit.borrow(), unit.borrow()];
    assert!(unit.try_borrow_mut().is_err());
    drop(guards);
    *unit.borrow_mut() = ();
}

#[test]
fn a_cell_is_send_and_its_guards_are_neither() {
    fn send<T: Send>() {}
    send::<StackRefCell<Vec<u8>>>();
    send::<BorrowError>();
    send::<BorrowMutError>();
    fn error<T: core::error::Error + Sync + 'static>() {}
    error::<BorrowError>();
    error::<BorrowMutError>();
}
