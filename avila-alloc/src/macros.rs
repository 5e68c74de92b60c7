//! `stack_vec!` and `stack_format!`.

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
