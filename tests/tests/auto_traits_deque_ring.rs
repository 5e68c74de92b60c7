//! Which `StackDeque` and `StackRing` types are `Send`, `Sync`, `Copy` and `Unpin`, checked at
//! compile time like `auto_traits.rs` does for the vector and the string: this file compiles
//! only if every assertion holds.

extern crate alloc;

use alloc::rc::Rc;
use core::cell::Cell;
use core::marker::PhantomPinned;
use std::sync::MutexGuard;

use avila_alloc::collections::{deque, ring};
use avila_alloc::{StackDeque, StackRing};

fn assert_send<T: Send + ?Sized>() {}
fn assert_sync<T: Sync + ?Sized>() {}
fn assert_unpin<T: Unpin + ?Sized>() {}

/// Fails to compile if `$ty` implements `$trait` (both blanket impls apply, and the call is
/// ambiguous).
macro_rules! assert_not_impl {
    ($ty:ty: $trait:path) => {{
        trait AmbiguousIfImpl<A> {
            fn some_item() {}
        }
        impl<T: ?Sized> AmbiguousIfImpl<()> for T {}
        struct Invalid;
        impl<T: ?Sized + $trait> AmbiguousIfImpl<Invalid> for T {}
        let _ = <$ty as AmbiguousIfImpl<_>>::some_item;
    }};
}

/// `Send`, not `Sync`.
type SendOnly = Cell<u8>;
/// `Sync`, not `Send`.
type SyncOnly = MutexGuard<'static, u8>;
/// Neither `Send` nor `Sync`.
type Neither = Rc<u8>;

/// Checks that `$ty<E>` is `Send`/`Sync` exactly when `E` is.
macro_rules! send_sync_follow_the_element {
    ($($ty:ident)::+ $(<$lt:lifetime>)?) => {{
        assert_send::<$($ty)::+<$($lt,)? u8, 4>>();
        assert_sync::<$($ty)::+<$($lt,)? u8, 4>>();
        assert_send::<$($ty)::+<$($lt,)? SendOnly, 4>>();
        assert_not_impl!($($ty)::+<$($lt,)? SendOnly, 4>: Sync);
        assert_sync::<$($ty)::+<$($lt,)? SyncOnly, 4>>();
        assert_not_impl!($($ty)::+<$($lt,)? SyncOnly, 4>: Send);
        assert_not_impl!($($ty)::+<$($lt,)? Neither, 4>: Send);
        assert_not_impl!($($ty)::+<$($lt,)? Neither, 4>: Sync);
        assert_not_impl!($($ty)::+<$($lt,)? Neither, 0>: Send);
    }};
}

#[test]
fn containers_and_owning_iterators_follow_their_elements() {
    send_sync_follow_the_element!(StackDeque);
    send_sync_follow_the_element!(deque::IntoIter);
    send_sync_follow_the_element!(deque::Drain<'static>);
    send_sync_follow_the_element!(StackRing);
    send_sync_follow_the_element!(ring::IntoIter);
}

#[test]
fn borrowing_iterators_are_like_slice_iterators() {
    assert_send::<deque::Iter<'static, u8>>();
    assert_sync::<deque::Iter<'static, u8>>();
    assert_not_impl!(deque::Iter<'static, SendOnly>: Send);
    assert_send::<deque::IterMut<'static, SendOnly>>();
    assert_not_impl!(deque::IterMut<'static, SendOnly>: Sync);
    assert_not_impl!(deque::IterMut<'static, Neither>: Send);
}

#[test]
fn unpin_follows_the_element_and_nothing_is_copy() {
    assert_unpin::<StackDeque<u8, 4>>();
    assert_unpin::<StackRing<u8, 4>>();
    assert_not_impl!(StackDeque<PhantomPinned, 4>: Unpin);
    assert_not_impl!(StackRing<PhantomPinned, 4>: Unpin);
    // A drain only borrows the deque, like `&mut`, which is always `Unpin`.
    assert_unpin::<deque::Drain<'static, PhantomPinned, 4>>();
    // Both have a destructor, so they are never `Copy`, even for `Copy` elements.
    assert_not_impl!(StackDeque<u8, 4>: Copy);
    assert_not_impl!(StackRing<u8, 4>: Copy);
    // `ring::Iter` is the deque's iterator, shared.
    let _: fn(&StackRing<u8, 1>) -> ring::Iter<'_, u8> = StackRing::iter;
    let _: fn(&StackDeque<u8, 1>) -> deque::Iter<'_, u8> = StackDeque::iter;
}
