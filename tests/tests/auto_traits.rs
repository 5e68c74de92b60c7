//! Which collection types are `Send`, `Sync`, `Copy` and `Unpin`, checked at compile time: this
//! file compiles only if every assertion holds (a "cpass" test). The positive checks are generic
//! functions with the trait as a bound; the negative ones use `assert_not_impl!`, which makes a
//! call ambiguous (a compile error) exactly when the type implements the trait.

extern crate alloc;

use alloc::rc::Rc;
use core::cell::Cell;
use core::marker::PhantomPinned;
use std::sync::MutexGuard;

use avila_alloc::collections::{string, vec};
use avila_alloc::{CapacityError, FromUtf8Error, StackString, StackVec};

fn assert_send<T: Send + ?Sized>() {}
fn assert_sync<T: Sync + ?Sized>() {}
fn assert_copy<T: Copy>() {}
fn assert_unpin<T: Unpin + ?Sized>() {}

/// Fails to compile if `$ty` implements `$trait`: with the trait, both blanket impls apply and
/// `<$ty as AmbiguousIfImpl<_>>` is ambiguous (the `static_assertions::assert_not_impl_any!`
/// technique).
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

#[test]
fn stack_vec_is_send_and_sync_exactly_when_its_elements_are() {
    assert_send::<StackVec<u8, 4>>();
    assert_sync::<StackVec<u8, 4>>();
    assert_send::<StackVec<SendOnly, 4>>();
    assert_not_impl!(StackVec<SendOnly, 4>: Sync);
    assert_sync::<StackVec<SyncOnly, 4>>();
    assert_not_impl!(StackVec<SyncOnly, 4>: Send);
    assert_not_impl!(StackVec<Neither, 4>: Send);
    assert_not_impl!(StackVec<Neither, 4>: Sync);
    // Zero capacity changes nothing.
    assert_not_impl!(StackVec<Neither, 0>: Send);
}

#[test]
fn vec_drain_is_send_and_sync_exactly_when_its_elements_are() {
    assert_send::<vec::Drain<'static, u8, 4>>();
    assert_sync::<vec::Drain<'static, u8, 4>>();
    assert_send::<vec::Drain<'static, SendOnly, 4>>();
    assert_not_impl!(vec::Drain<'static, SendOnly, 4>: Sync);
    assert_sync::<vec::Drain<'static, SyncOnly, 4>>();
    assert_not_impl!(vec::Drain<'static, SyncOnly, 4>: Send);
    assert_not_impl!(vec::Drain<'static, Neither, 4>: Send);
    assert_not_impl!(vec::Drain<'static, Neither, 4>: Sync);
}

/// A filter for `vec::ExtractIf`: a function pointer, `Send` and `Sync`.
type Filter<T> = fn(&mut T) -> bool;

#[test]
fn vec_extract_if_is_send_and_sync_exactly_when_its_elements_and_filter_are() {
    assert_send::<vec::ExtractIf<'static, u8, 4, Filter<u8>>>();
    assert_sync::<vec::ExtractIf<'static, u8, 4, Filter<u8>>>();
    assert_send::<vec::ExtractIf<'static, SendOnly, 4, Filter<SendOnly>>>();
    assert_not_impl!(vec::ExtractIf<'static, SendOnly, 4, Filter<SendOnly>>: Sync);
    assert_sync::<vec::ExtractIf<'static, SyncOnly, 4, Filter<SyncOnly>>>();
    assert_not_impl!(vec::ExtractIf<'static, SyncOnly, 4, Filter<SyncOnly>>: Send);
    assert_not_impl!(vec::ExtractIf<'static, Neither, 4, Filter<Neither>>: Send);
    assert_not_impl!(vec::ExtractIf<'static, Neither, 4, Filter<Neither>>: Sync);
    // The filter counts too.
    assert_not_impl!(vec::ExtractIf<'static, u8, 4, Box<dyn FnMut(&mut u8) -> bool>>: Send);
    assert_not_impl!(vec::ExtractIf<'static, u8, 4, Box<dyn FnMut(&mut u8) -> bool>>: Sync);
    // It only borrows the vector, like `&mut`, which is always `Unpin`.
    assert_unpin::<vec::ExtractIf<'static, PhantomPinned, 4, Filter<PhantomPinned>>>();
}

#[test]
fn vec_into_iter_is_send_and_sync_exactly_when_its_elements_are() {
    assert_send::<vec::IntoIter<u8, 4>>();
    assert_sync::<vec::IntoIter<u8, 4>>();
    assert_send::<vec::IntoIter<SendOnly, 4>>();
    assert_not_impl!(vec::IntoIter<SendOnly, 4>: Sync);
    assert_sync::<vec::IntoIter<SyncOnly, 4>>();
    assert_not_impl!(vec::IntoIter<SyncOnly, 4>: Send);
    assert_not_impl!(vec::IntoIter<Neither, 4>: Send);
    assert_not_impl!(vec::IntoIter<Neither, 4>: Sync);
}

#[test]
fn stack_vec_is_unpin_exactly_when_its_elements_are_and_never_copy() {
    assert_unpin::<StackVec<u8, 4>>();
    assert_unpin::<vec::IntoIter<u8, 4>>();
    assert_not_impl!(StackVec<PhantomPinned, 4>: Unpin);
    assert_not_impl!(vec::IntoIter<PhantomPinned, 4>: Unpin);
    // A drain only borrows the vector, like `&mut`, which is always `Unpin`.
    assert_unpin::<vec::Drain<'static, PhantomPinned, 4>>();
    // `StackVec` has a destructor, so it is never `Copy`, even for `Copy` elements.
    assert_not_impl!(StackVec<u8, 4>: Copy);
    assert_not_impl!(vec::IntoIter<u8, 4>: Copy);
}

#[test]
fn stack_string_and_its_drain_are_send_sync_unpin_and_the_string_is_copy() {
    assert_send::<StackString<8>>();
    assert_sync::<StackString<8>>();
    assert_unpin::<StackString<8>>();
    assert_copy::<StackString<8>>();
    assert_copy::<StackString<0>>();
    assert_send::<string::Drain<'static, 8>>();
    assert_sync::<string::Drain<'static, 8>>();
    assert_unpin::<string::Drain<'static, 8>>();
    assert_not_impl!(string::Drain<'static, 8>: Copy);

    // Copy at run time too: the copy is independent of the original.
    let original: StackString<8> = StackString::try_from("ab").unwrap();
    let mut copy = original;
    copy.push('c');
    assert_eq!((original.as_str(), copy.as_str()), ("ab", "abc"));
}

#[test]
fn errors_are_send_and_sync_when_their_payload_is() {
    assert_send::<CapacityError<u8>>();
    assert_sync::<CapacityError<u8>>();
    assert_copy::<CapacityError<u8>>();
    assert_send::<CapacityError<String>>();
    assert_not_impl!(CapacityError<Neither>: Send);
    assert_send::<FromUtf8Error<8>>();
    assert_sync::<FromUtf8Error<8>>();
    assert_send::<avila_alloc::AllocError>();
    assert_sync::<avila_alloc::AllocError>();
}

#[test]
fn stack_box_is_send_and_sync_exactly_when_its_target_is() {
    use avila_alloc::StackBox;
    assert_send::<StackBox<u8, 4>>();
    assert_sync::<StackBox<u8, 4>>();
    assert_unpin::<StackBox<u8, 4>>();
    // The bounds of the target type decide, not those of the value stored.
    assert_send::<StackBox<dyn Fn() + Send, 16>>();
    assert_not_impl!(StackBox<dyn Fn() + Send, 16>: Sync);
    assert_sync::<StackBox<dyn Fn() + Send + Sync, 16>>();
    assert_not_impl!(StackBox<dyn Fn(), 16>: Send);
    assert_not_impl!(StackBox<dyn Fn(), 16>: Sync);
    assert_send::<StackBox<SendOnly, 4>>();
    assert_not_impl!(StackBox<SendOnly, 4>: Sync);
    assert_not_impl!(StackBox<Neither, 8>: Send);
    // Not Copy even for a Copy value: dropping it runs the value's drop glue.
    assert_not_impl!(StackBox<u8, 4>: Copy);
}

#[test]
fn stack_queue_and_its_iterators_are_send_and_sync_like_a_vec_deque() {
    use avila_alloc::StackQueue;
    use avila_alloc::collections::queue::{IntoIter, Iter, IterMut};

    // The queue owns its values and only reads them through `&self`.
    assert_send::<StackQueue<u8, 4>>();
    assert_sync::<StackQueue<u8, 4>>();
    assert_send::<StackQueue<SendOnly, 4>>();
    assert_not_impl!(StackQueue<SendOnly, 4>: Sync);
    assert_sync::<StackQueue<SyncOnly, 4>>();
    assert_not_impl!(StackQueue<SyncOnly, 4>: Send);
    assert_not_impl!(StackQueue<Neither, 4>: Send);
    assert_not_impl!(StackQueue<Neither, 4>: Sync);
    assert_not_impl!(StackQueue<Neither, 0>: Send);
    assert_unpin::<StackQueue<u8, 4>>();
    assert_not_impl!(StackQueue<PhantomPinned, 4>: Unpin);
    assert_not_impl!(StackQueue<u8, 4>: Copy);

    // `Iter` hands out `&T` (like `slice::Iter`), `IterMut` `&mut T`, `IntoIter` owns the values.
    assert_send::<Iter<'static, SyncOnly>>();
    assert_sync::<Iter<'static, SyncOnly>>();
    assert_not_impl!(Iter<'static, SendOnly>: Send);
    assert_not_impl!(Iter<'static, SendOnly>: Sync);
    assert_send::<IterMut<'static, SendOnly>>();
    assert_not_impl!(IterMut<'static, SendOnly>: Sync);
    assert_not_impl!(IterMut<'static, SyncOnly>: Send);
    assert_sync::<IterMut<'static, SyncOnly>>();
    assert_send::<IntoIter<SendOnly, 4>>();
    assert_not_impl!(IntoIter<SendOnly, 4>: Sync);
    assert_not_impl!(IntoIter<Neither, 4>: Send);
}

#[test]
fn hash_maps_sets_and_their_iterators_are_send_and_sync_like_std() {
    use avila_alloc::collections::{hash_map, hash_set};
    use avila_alloc::{FixedState, StackHashMap, StackHashSet};
    type Map<K> = StackHashMap<K, u8, 4>;
    type Set<T> = StackHashSet<T, 4>;
    type MapFilter<K> = fn(&K, &mut u8) -> bool;
    type SetFilter<T> = fn(&T) -> bool;
    type MapExtract<K> = hash_map::ExtractIf<'static, K, u8, 4, FixedState, MapFilter<K>>;
    type SetExtract<T> = hash_set::ExtractIf<'static, T, 4, FixedState, SetFilter<T>>;

    // The containers own their entries.
    assert_send::<Map<u8>>();
    assert_sync::<Map<u8>>();
    assert_send::<Map<SendOnly>>();
    assert_not_impl!(Map<SendOnly>: Sync);
    assert_sync::<Map<SyncOnly>>();
    assert_not_impl!(Map<SyncOnly>: Send);
    assert_not_impl!(Map<Neither>: Send);
    assert_not_impl!(StackHashMap<u8, Neither, 4>: Sync);
    assert_send::<Set<SendOnly>>();
    assert_not_impl!(Set<SendOnly>: Sync);
    assert_not_impl!(Set<Neither>: Send);
    assert_not_impl!(Map<u8>: Copy);
    assert_unpin::<Map<u8>>();
    assert_not_impl!(Map<PhantomPinned>: Unpin);

    // `ExtractIf` holds `&mut` to the container and the predicate: `Send` and `Sync` exactly when
    // `&mut` of the container is (and the predicate is), like std's.
    assert_send::<MapExtract<u8>>();
    assert_sync::<MapExtract<u8>>();
    assert_send::<MapExtract<SendOnly>>();
    assert_not_impl!(MapExtract<SendOnly>: Sync);
    assert_sync::<MapExtract<SyncOnly>>();
    assert_not_impl!(MapExtract<SyncOnly>: Send);
    assert_not_impl!(MapExtract<Neither>: Send);
    assert_not_impl!(MapExtract<Neither>: Sync);
    assert_not_impl!(hash_map::ExtractIf<'static, u8, u8, 4, FixedState, Box<dyn FnMut(&u8, &mut u8) -> bool>>: Send);
    assert_unpin::<MapExtract<PhantomPinned>>();
    assert_send::<SetExtract<SendOnly>>();
    assert_not_impl!(SetExtract<SendOnly>: Sync);
    assert_sync::<SetExtract<SyncOnly>>();
    assert_not_impl!(SetExtract<SyncOnly>: Send);
    assert_not_impl!(SetExtract<Neither>: Send);
    assert_not_impl!(hash_set::ExtractIf<'static, u8, 4, FixedState, Box<dyn FnMut(&u8) -> bool>>: Sync);
    assert_unpin::<SetExtract<PhantomPinned>>();

    // The borrowing iterators hand out `&` (or `&mut` for values), the owning ones own.
    assert_send::<hash_map::Iter<'static, SyncOnly, u8>>();
    assert_not_impl!(hash_map::Iter<'static, SendOnly, u8>: Send);
    assert_send::<hash_map::ValuesMut<'static, u8, SendOnly>>();
    assert_not_impl!(hash_map::ValuesMut<'static, u8, SendOnly>: Sync);
    assert_send::<hash_map::IntoIter<SendOnly, u8, 4>>();
    assert_not_impl!(hash_map::IntoIter<SendOnly, u8, 4>: Sync);
    assert_send::<hash_map::Drain<'static, SendOnly, u8, 4>>();
    assert_not_impl!(hash_map::Drain<'static, Neither, u8, 4>: Send);
    assert_send::<hash_set::Iter<'static, SyncOnly>>();
    assert_not_impl!(hash_set::Iter<'static, SendOnly>: Send);
    assert_send::<hash_set::IntoIter<SendOnly, 4>>();
    assert_not_impl!(hash_set::IntoIter<Neither, 4>: Send);
}

#[test]
fn spsc_halves_move_to_other_threads_exactly_when_the_values_may() {
    use avila_alloc::collections::queue::{Consumer, Producer};

    // Each half hands `T` values across threads: `Send` needs `T: Send`.
    assert_send::<Producer<'static, SendOnly, 4>>();
    assert_send::<Consumer<'static, SendOnly, 4>>();
    assert_not_impl!(Producer<'static, SyncOnly, 4>: Send);
    assert_not_impl!(Consumer<'static, SyncOnly, 4>: Send);
    assert_not_impl!(Producer<'static, Neither, 4>: Send);
    assert_not_impl!(Consumer<'static, Neither, 4>: Send);
    // `&Producer` reads lengths only; `&Consumer` hands out `&T` through `peek`.
    assert_sync::<Producer<'static, Neither, 4>>();
    assert_sync::<Consumer<'static, SyncOnly, 4>>();
    assert_not_impl!(Consumer<'static, SendOnly, 4>: Sync);
    assert_not_impl!(Consumer<'static, Neither, 4>: Sync);
    // Exactly one of each: neither half can be duplicated.
    assert_not_impl!(Producer<'static, u8, 4>: Clone);
    assert_not_impl!(Consumer<'static, u8, 4>: Clone);
    assert_unpin::<Producer<'static, PhantomPinned, 4>>();
}

#[test]
fn the_heap_is_send_but_not_sync_and_its_block_walk_neither() {
    use avila_alloc::heap::{BlockInfo, Blocks, Heap, HeapStats};
    assert_send::<Heap>();
    assert_not_impl!(Heap: Sync);
    assert_not_impl!(Heap: Copy);
    assert_not_impl!(Blocks<'static>: Send);
    assert_not_impl!(Blocks<'static>: Sync);
    assert_send::<BlockInfo>();
    assert_sync::<BlockInfo>();
    assert_copy::<HeapStats>();
    assert_sync::<HeapStats>();
}

#[test]
fn lock_free_pool_is_shared_when_its_values_may_move_between_threads() {
    use avila_alloc::pool::{LockFreeBox, LockFreePool};
    assert_send::<LockFreePool<u8, 4>>();
    assert_sync::<LockFreePool<u8, 4>>();
    // Values of a `Sync` pool move between threads: `Send` is what sharing the pool needs.
    assert_sync::<LockFreePool<SendOnly, 4>>();
    assert_not_impl!(LockFreePool<SyncOnly, 4>: Sync);
    assert_not_impl!(LockFreePool<Neither, 4>: Send);
    // A box gives `&T` to whoever shares it: `Sync` needs `T: Sync` (and the pool shared).
    assert_send::<LockFreeBox<'static, SendOnly, 4>>();
    assert_not_impl!(LockFreeBox<'static, SendOnly, 4>: Sync);
    assert_not_impl!(LockFreeBox<'static, SyncOnly, 4>: Send);
    assert_sync::<LockFreeBox<'static, u8, 4>>();
}

#[test]
fn only_the_shared_arenas_are_sync() {
    use avila_alloc::arena::{Checkpoint, InlineBuffer, MpmcArena, PerCoreArena, StackMpmcArena};
    use avila_alloc::{Arena, StackArena};
    assert_send::<StackArena<16>>();
    assert_not_impl!(StackArena<16>: Sync);
    assert_send::<Arena<'static>>();
    assert_not_impl!(Arena<'static>: Sync);
    assert_send::<StackMpmcArena<16>>();
    assert_sync::<StackMpmcArena<16>>();
    assert_send::<MpmcArena<'static>>();
    assert_sync::<MpmcArena<'static>>();
    assert_send::<PerCoreArena<'static>>();
    assert_sync::<PerCoreArena<'static>>();
    // A checkpoint of a shared arena is shared too: threads allocate through it.
    assert_sync::<Checkpoint<'static, InlineBuffer<16>, 1, avila_alloc::arena::AtomicOffset>>();
    assert_not_impl!(Checkpoint<'static, InlineBuffer<16>, 1>: Sync);
}

#[test]
fn scope_arenas_are_send_not_sync_and_scopes_neither() {
    use avila_alloc::arena::{InlineBuffer, Scope, ScopeArena, StackScopeArena};
    // No value outlives a scope, so the arena between scopes is plain bytes: `Send`. The offset
    // is a `Cell`: not `Sync`.
    assert_send::<StackScopeArena<16>>();
    assert_not_impl!(StackScopeArena<16>: Sync);
    assert_send::<ScopeArena<'static>>();
    assert_not_impl!(ScopeArena<'static>: Sync);
    // A scope holds the head of its drop list in a `Cell` and `&` to the arena: neither.
    assert_not_impl!(Scope<'static, 'static, InlineBuffer<16>>: Send);
    assert_not_impl!(Scope<'static, 'static, InlineBuffer<16>>: Sync);
}

#[test]
fn typed_arena_is_send_like_its_values_never_sync() {
    use avila_alloc::arena::{IterMut, TypedArena};
    assert_send::<TypedArena<SendOnly>>();
    assert_not_impl!(TypedArena<SendOnly>: Sync);
    assert_not_impl!(TypedArena<SyncOnly>: Send);
    assert_not_impl!(TypedArena<SyncOnly>: Sync);
    // The iterator holds `&mut` to the values: `Send` for `T: Send`, `Sync` for `T: Sync`.
    assert_send::<IterMut<'static, SendOnly>>();
    assert_not_impl!(IterMut<'static, SendOnly>: Sync);
    assert_sync::<IterMut<'static, SyncOnly>>();
}

#[test]
fn stack_ref_cell_is_send_never_sync() {
    use avila_alloc::rc::{Ref, RefMut, StackRefCell};
    assert_send::<StackRefCell<u8>>();
    assert_not_impl!(StackRefCell<u8>: Sync);
    assert_not_impl!(StackRefCell<Neither>: Send);
    assert_not_impl!(Ref<'static, u8>: Send);
    assert_not_impl!(Ref<'static, u8>: Sync);
    assert_not_impl!(RefMut<'static, u8>: Send);
}

#[test]
fn stack_arc_is_send_and_sync_exactly_when_arc_is() {
    use alloc::sync::{Arc, Weak};
    use avila_alloc::rc::{ArcPool, StackArc, StackArcWeak};
    assert_send::<StackArc<'static, u8, 4>>();
    assert_sync::<StackArc<'static, u8, 4>>();
    assert_send::<StackArcWeak<'static, u8, 4>>();
    assert_sync::<StackArcWeak<'static, u8, 4>>();
    // `T: Send + Sync` is needed for either, as for `Arc<T>` and `sync::Weak<T>`.
    assert_not_impl!(Arc<SendOnly>: Send);
    assert_not_impl!(StackArc<'static, SendOnly, 4>: Send);
    assert_not_impl!(StackArc<'static, SendOnly, 4>: Sync);
    assert_not_impl!(StackArc<'static, SyncOnly, 4>: Send);
    assert_not_impl!(StackArc<'static, SyncOnly, 4>: Sync);
    assert_not_impl!(Weak<SyncOnly>: Sync);
    assert_not_impl!(StackArcWeak<'static, SendOnly, 4>: Send);
    assert_not_impl!(StackArcWeak<'static, SyncOnly, 4>: Sync);
    // The pool moves values in and drops them: `Sync` for `T: Send`, and `Send` likewise.
    assert_sync::<ArcPool<SendOnly, 4>>();
    assert_send::<ArcPool<SendOnly, 4>>();
    assert_not_impl!(ArcPool<SyncOnly, 4>: Sync);
    assert_not_impl!(ArcPool<Neither, 4>: Send);
}
