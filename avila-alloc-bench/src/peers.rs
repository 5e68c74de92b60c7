//! The containers under comparison, behind one small trait per container kind.
//!
//! Each workload in [`workloads`](crate::workloads) is written once, generically over
//! [`BenchVec`] or [`BenchString`], and monomorphized for every peer. Every hook is `#[inline]`
//! and forwards to the peer's own method, so after inlining the comparison is of the containers,
//! not of call overhead.
//!
//! # How full containers are handled: the same choice for every peer
//!
//! The workloads never overfill a container, so the capacity check never fails. They still call
//! the form of each operation that *checks* capacity and panics when it is exceeded, written the
//! way a user of that crate writes it:
//!
//! - `avila_alloc`, `arrayvec` and `std` have panicking methods (`push`, `insert`,
//!   `push_str`, ...): called directly;
//! - `heapless` only has fallible methods returning `Result`: called with `.unwrap()`;
//! - where `arrayvec` has only the fallible form (`try_extend_from_slice`), `.unwrap()` too.
//!
//! So every peer pays for one capacity check and a cold panic path, and none is measured with
//! an unchecked fast path (`push_unchecked`) or with errors silently ignored (`let _ =`).
//!
//! `std`'s `Vec` and `String` take part through [`StdVec`] and [`StdString`], newtypes that carry
//! the capacity `N` in the type and create the container with `with_capacity(N)`, so they never
//! reallocate during a workload but do pay for their one allocation and free, which is exactly
//! the cost a fixed-capacity container saves.

use core::fmt;

/// The name under which `avila_alloc`'s containers appear in reports.
pub const AVILA: &str = "avila";
/// The name under which `arrayvec`'s containers appear in reports.
pub const ARRAYVEC: &str = "arrayvec";
/// The name under which `heapless`'s containers appear in reports.
pub const HEAPLESS: &str = "heapless";
/// The name under which `std`'s containers appear in reports.
pub const STD: &str = "std";

/// A vector-like container of `T` with a capacity fixed by its type.
pub trait BenchVec<T: Copy + fmt::Debug>: Clone {
    /// The peer's name in reports (one of [`AVILA`], [`ARRAYVEC`], [`HEAPLESS`], [`STD`]).
    const PEER: &'static str;
    /// The capacity, in elements.
    const CAPACITY: usize;

    /// An empty container with room for [`CAPACITY`](Self::CAPACITY) elements.
    fn new() -> Self;
    /// The number of elements.
    fn len(&self) -> usize;
    /// `true` if there is no element.
    fn is_empty(&self) -> bool;
    /// Appends `value`; panics if full.
    fn push(&mut self, value: T);
    /// Removes the last element.
    fn pop(&mut self) -> Option<T>;
    /// Appends all of `items`; panics if they do not fit.
    fn extend_from_slice(&mut self, items: &[T]);
    /// Inserts `value` at `index`; panics if full or out of bounds.
    fn insert(&mut self, index: usize, value: T);
    /// Removes the element at `index`; panics if out of bounds.
    fn remove(&mut self, index: usize) -> T;
    /// The elements, for iteration.
    fn as_slice(&self) -> &[T];
}

/// A string-like container with a capacity in bytes fixed by its type.
pub trait BenchString: Clone {
    /// The peer's name in reports (one of [`AVILA`], [`ARRAYVEC`], [`HEAPLESS`], [`STD`]).
    const PEER: &'static str;
    /// The capacity, in bytes.
    const CAPACITY: usize;

    /// An empty string with room for [`CAPACITY`](Self::CAPACITY) bytes.
    fn new() -> Self;
    /// The length in bytes.
    fn len(&self) -> usize;
    /// `true` if the string is empty.
    fn is_empty(&self) -> bool;
    /// Appends `s`; panics if it does not fit.
    fn push_str(&mut self, s: &str);
    /// Appends `ch`; panics if it does not fit.
    fn push(&mut self, ch: char);
    /// Formats `args` into the string through the peer's `core::fmt::Write` implementation (the
    /// method `write!` calls).
    ///
    /// # Errors
    ///
    /// `fmt::Error` if the output does not fit.
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result;
    /// The contents.
    fn as_str(&self) -> &str;
}

/// `std::vec::Vec<T>` created with `Vec::with_capacity(N)`: the heap-allocating baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StdVec<T, const N: usize>(pub Vec<T>);

/// `std::string::String` created with `String::with_capacity(N)`: the heap-allocating baseline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StdString<const N: usize>(pub String);

impl<T: Copy + fmt::Debug, const N: usize> BenchVec<T> for avila_alloc::StackVec<T, N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.push(value);
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.pop()
    }
    #[inline]
    fn extend_from_slice(&mut self, items: &[T]) {
        self.extend_from_slice(items);
    }
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.insert(index, value);
    }
    #[inline]
    fn remove(&mut self, index: usize) -> T {
        self.remove(index)
    }
    #[inline]
    fn as_slice(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchVec<T> for arrayvec::ArrayVec<T, N> {
    const PEER: &'static str = ARRAYVEC;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.push(value);
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.pop()
    }
    #[inline]
    fn extend_from_slice(&mut self, items: &[T]) {
        // arrayvec has no panicking form of this one.
        self.try_extend_from_slice(items).unwrap();
    }
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.insert(index, value);
    }
    #[inline]
    fn remove(&mut self, index: usize) -> T {
        self.remove(index)
    }
    #[inline]
    fn as_slice(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchVec<T> for heapless::Vec<T, N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        // heapless's `len` is the slice's, through `Deref`.
        self.as_slice().len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.push(value).unwrap();
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.pop()
    }
    #[inline]
    fn extend_from_slice(&mut self, items: &[T]) {
        self.extend_from_slice(items).unwrap();
    }
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.insert(index, value).unwrap();
    }
    #[inline]
    fn remove(&mut self, index: usize) -> T {
        self.remove(index)
    }
    #[inline]
    fn as_slice(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + fmt::Debug, const N: usize> BenchVec<T> for StdVec<T, N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(Vec::with_capacity(N))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    #[inline]
    fn push(&mut self, value: T) {
        self.0.push(value);
    }
    #[inline]
    fn pop(&mut self) -> Option<T> {
        self.0.pop()
    }
    #[inline]
    fn extend_from_slice(&mut self, items: &[T]) {
        self.0.extend_from_slice(items);
    }
    #[inline]
    fn insert(&mut self, index: usize, value: T) {
        self.0.insert(index, value);
    }
    #[inline]
    fn remove(&mut self, index: usize) -> T {
        self.0.remove(index)
    }
    #[inline]
    fn as_slice(&self) -> &[T] {
        self.0.as_slice()
    }
}

impl<const N: usize> BenchString for avila_alloc::StackString<N> {
    const PEER: &'static str = AVILA;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.push_str(s);
    }
    #[inline]
    fn push(&mut self, ch: char) {
        self.push(ch);
    }
    #[inline]
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        fmt::Write::write_fmt(self, args)
    }
    #[inline]
    fn as_str(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> BenchString for arrayvec::ArrayString<N> {
    const PEER: &'static str = ARRAYVEC;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        self.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.is_empty()
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.push_str(s);
    }
    #[inline]
    fn push(&mut self, ch: char) {
        self.push(ch);
    }
    #[inline]
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        fmt::Write::write_fmt(self, args)
    }
    #[inline]
    fn as_str(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> BenchString for heapless::String<N> {
    const PEER: &'static str = HEAPLESS;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self::new()
    }
    #[inline]
    fn len(&self) -> usize {
        // heapless's `len` and `is_empty` are `str`'s, through `Deref`.
        self.as_str().len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.push_str(s).unwrap();
    }
    #[inline]
    fn push(&mut self, ch: char) {
        self.push(ch).unwrap();
    }
    #[inline]
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        fmt::Write::write_fmt(self, args)
    }
    #[inline]
    fn as_str(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> BenchString for StdString<N> {
    const PEER: &'static str = STD;
    const CAPACITY: usize = N;

    #[inline]
    fn new() -> Self {
        Self(String::with_capacity(N))
    }
    #[inline]
    fn len(&self) -> usize {
        self.0.len()
    }
    #[inline]
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    #[inline]
    fn push_str(&mut self, s: &str) {
        self.0.push_str(s);
    }
    #[inline]
    fn push(&mut self, ch: char) {
        self.0.push(ch);
    }
    #[inline]
    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        fmt::Write::write_fmt(&mut self.0, args)
    }
    #[inline]
    fn as_str(&self) -> &str {
        self.0.as_str()
    }
}
