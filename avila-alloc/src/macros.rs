//! `stack_vec!`, `stack_format!`, `stack_box!` and `global_heap!`.

/// Creates a [`StackVec`](crate::StackVec), like `vec!`.
///
/// - `stack_vec![a, b, c]`: a vector holding the values; its capacity `N` comes from the context
///   and must be at least the number of values (checked at compile time);
/// - `stack_vec![value; n]`: `n` clones of `value` (panics naming `stack_vec!` if `n > N`);
/// - `stack_vec![]`: an empty vector.
///
/// # Examples
///
/// ```
/// use avila_alloc::{StackVec, stack_vec};
///
/// let v: StackVec<i32, 8> = stack_vec![1, 2, 3];
/// assert_eq!(v, [1, 2, 3]);
///
/// let zeros: StackVec<u8, 4> = stack_vec![0; 3];
/// assert_eq!(zeros, [0, 0, 0]);
///
/// let empty: StackVec<String, 2> = stack_vec![];
/// assert!(empty.is_empty());
/// ```
///
/// More values than the capacity do not compile:
///
/// ```compile_fail
/// use avila_alloc::{StackVec, stack_vec};
/// let v: StackVec<i32, 2> = stack_vec![1, 2, 3];
/// ```
#[macro_export]
macro_rules! stack_vec {
    () => {
        $crate::StackVec::new()
    };
    ($value:expr; $n:expr) => {
        $crate::StackVec::__from_elem($value, $n)
    };
    ($($value:expr),+ $(,)?) => {
        $crate::StackVec::from_array([$($value),+])
    };
}

/// Formats into a new [`StackString`](crate::StackString), like `format!`, returning
/// `Result<StackString<N>, CapacityError>`: output that does not fit is an error, never
/// truncated.
///
/// The capacity comes from the context, or is given first: `stack_format!(32; "{x}")`.
///
/// # Examples
///
/// ```
/// use avila_alloc::{StackString, stack_format};
///
/// let x = 42;
/// let s: StackString<16> = stack_format!("x = {x}").unwrap();
/// assert_eq!(s, "x = 42");
///
/// let t = stack_format!(4; "{}", "four").unwrap();
/// assert_eq!(t.capacity(), 4);
///
/// let err = stack_format!(4; "{}", "five!").unwrap_err();
/// assert_eq!(err.capacity(), 4);
/// ```
///
/// # Panics
///
/// Panics if a formatting trait implementation returns an error on its own (like `format!`).
#[macro_export]
macro_rules! stack_format {
    ($capacity:expr; $($arg:tt)*) => {
        $crate::StackString::<{ $capacity }>::try_from_fmt(::core::format_args!($($arg)*))
    };
    ($($arg:tt)*) => {
        $crate::StackString::try_from_fmt(::core::format_args!($($arg)*))
    };
}

/// Creates a [`StackBox`](crate::StackBox) from a value, unsizing it to the box's type: a
/// closure to `dyn Fn(..)`, any value to `dyn Trait`, an array to a slice, or the value itself.
///
/// The target type comes from the context. A value that does not fit into the box (size or
/// alignment) is a compile-time error. The macro is safe: it writes the coercion
/// [`StackBox::new_unsize_with`](crate::StackBox::new_unsize_with) needs, so no code of the caller
/// runs inside its `unsafe` block.
///
/// # Examples
///
/// ```
/// use avila_alloc::{StackBox, stack_box};
///
/// let mut counter = 0;
/// let mut tick: StackBox<dyn FnMut() -> u32, 16> = stack_box!(move || {
///     counter += 1;
///     counter
/// });
/// assert_eq!((tick(), tick()), (1, 2));
///
/// let slice: StackBox<[u16], 8> = stack_box!([1_u16, 2, 3]);
/// assert_eq!(&*slice, [1, 2, 3]);
/// ```
///
/// ```compile_fail
/// use avila_alloc::{StackBox, stack_box};
/// // 32 bytes do not fit into 16.
/// let big: StackBox<dyn core::fmt::Debug, 16> = stack_box!([0_u64; 4]);
/// ```
#[macro_export]
macro_rules! stack_box {
    ($value:expr $(,)?) => {
        match $value {
            value => {
                // SAFETY: `|p| p` is the compiler's unsizing (or identity) coercion from a pointer
                // to the value's type to a pointer to the box's target type.
                unsafe { $crate::StackBox::new_unsize_with(value, |p| p) }
            }
        }
    };
}

/// Declares a `#[global_allocator]`: a `static` [`LockedHeap`](crate::heap::LockedHeap) over a
/// static buffer of the given number of bytes, with no `unsafe` code to write.
///
/// - `global_heap!(static HEAP: 64 * 1024);` locks with a [`SpinLock`](crate::heap::SpinLock);
/// - `global_heap!(static HEAP: 64 * 1024, lock = avila_alloc::heap::CriticalSection);` with
///   any lock implementing [`ConstLock`](crate::heap::ConstLock) (a type path in scope), such as
///   `CriticalSection` when interrupt handlers allocate, or on targets without compare-and-swap
///   (`thumbv6m-none-eabi`), where `SpinLock` does not exist.
///
/// Visibility and attributes go before `static`. The `static` has the type
/// `LockedHeap<LazyHeap<N>, L>`: the buffer is a [`StaticRegion`](crate::heap::StaticRegion)
/// (aligned to 16) declared inside the initializer, where no other code can name it, and the
/// [`LazyHeap`](crate::heap::LazyHeap) claims it on the first allocation (a `static` initializer
/// cannot run the heap's `claim`). `HEAP.stats()` and `HEAP.lock()` reach the heap; until the
/// first allocation its statistics read empty.
///
/// # Examples
///
/// (Each example is its own program: `standalone_crate` keeps rustdoc from merging it with other
/// doctests, whose allocations this heap would otherwise serve.)
///
/// ```standalone_crate
/// avila_alloc::global_heap!(static HEAP: 256 * 1024);
///
/// fn main() {
///     let v: Vec<u32> = (0..100).collect();
///     assert_eq!(v.len(), 100);
///     assert!(HEAP.stats().allocations >= 1);
/// }
/// ```
///
/// With another lock:
///
/// ```standalone_crate
/// use avila_alloc::heap::SpinLock;
///
/// avila_alloc::global_heap!(pub static HEAP: 128 * 1024, lock = SpinLock);
/// # fn main() { assert!(format!("{}", 42).len() == 2); }
/// ```
#[macro_export]
macro_rules! global_heap {
    ($(#[$attr:meta])* $vis:vis static $name:ident : $size:expr $(,)?) => {
        $crate::global_heap!($(#[$attr])* $vis static $name: $size, lock = $crate::heap::SpinLock);
    };
    ($(#[$attr:meta])* $vis:vis static $name:ident : $size:expr, lock = $lock:ty $(,)?) => {
        $(#[$attr])*
        #[global_allocator]
        $vis static $name: $crate::heap::LockedHeap<$crate::heap::LazyHeap<{ $size }>, $lock> = {
            static REGION: $crate::heap::StaticRegion<{ $size }> = $crate::heap::StaticRegion::new();
            // SAFETY: `REGION` is declared in this block, so no other code can name it: this
            // is the only `LazyHeap` over it.
            $crate::heap::LockedHeap::new(unsafe { $crate::heap::LazyHeap::new(&REGION) })
        };
    };
}
