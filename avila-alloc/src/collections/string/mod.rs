//! [`StackString<N>`]: a UTF-8 string with inline storage for `N` bytes.

mod drain;
#[cfg(feature = "heapless")]
mod heapless;
#[cfg(feature = "serde")]
mod serde;
mod traits;

#[cfg(test)]
mod tests;

use core::fmt;
use core::ops::{Range, RangeBounds};
use core::ptr;

pub use self::drain::Drain;
use super::core::{ArrayCore, index_out_of_bounds, resolve_range};
use crate::collections::StackVec;
use crate::error::{CapacityError, FromUtf8Error, capacity_overflow};

/// A string with a fixed capacity of `N` **bytes**, stored inline. It never allocates.
///
/// `StackString` has the API of [`String`](https://doc.rust-lang.org/std/string/struct.String.html)
/// wherever it makes sense at a fixed capacity, dereferences to `str`, implements
/// [`fmt::Write`], and is `Copy`. Operations that would grow it past `N` bytes come as
/// `try_*` methods returning [`CapacityError`] (with the rejected `char` or `&str` inside), and as
/// plain methods that panic naming the capacity. Nothing is ever silently truncated.
///
/// # Examples
///
/// ```
/// use avila_alloc::StackString;
/// use core::fmt::Write;
///
/// let mut s: StackString<16> = StackString::new();
/// s.push_str("hello");
/// s.push(',');
/// write!(s, " {}!", "world").unwrap();
/// assert_eq!(s, "hello, world!");
/// assert_eq!(s.to_uppercase(), "HELLO, WORLD!"); // str methods through Deref
///
/// // Too long: an error, and the string is unchanged.
/// assert!(s.try_push_str("and much more").is_err());
/// assert_eq!(s, "hello, world!");
/// ```
///
/// Formatting straight into a new string with [`stack_format!`](crate::stack_format):
///
/// ```
/// use avila_alloc::{StackString, stack_format};
///
/// let s: StackString<8> = stack_format!("{}-{}", 12, 34).unwrap();
/// assert_eq!(s, "12-34");
/// assert!(stack_format!(4; "{}", 123456).is_err()); // never truncated
/// ```
#[derive(Clone, Copy)]
pub struct StackString<const N: usize> {
    /// UTF-8 bytes; the core's invariant plus: `as_slice()` is valid UTF-8.
    core: ArrayCore<u8, N>,
}

impl<const N: usize> StackString<N> {
    /// The capacity `N` in bytes, as an associated constant.
    pub const CAPACITY: usize = N;

    /// Creates an empty string. `const`, so it can initialize a `static`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// static EMPTY: StackString<8> = StackString::new();
    /// assert!(EMPTY.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn new() -> Self {
        Self {
            core: ArrayCore::new(),
        }
    }

    /// Copies `s` into a new string, or returns it inside the error if it is longer than `N`
    /// bytes. `const`, so it can initialize a `static`.
    ///
    /// Also available as `StackString::try_from(s)` and `s.parse()`.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `s` when `s.len() > N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// const GREETING: StackString<8> = match StackString::try_from_str("hi") {
    ///     Ok(s) => s,
    ///     Err(_) => panic!("greeting too long"),
    /// };
    /// assert_eq!(GREETING, "hi");
    /// assert!(StackString::<2>::try_from_str("long").is_err());
    /// ```
    #[inline]
    pub const fn try_from_str(s: &str) -> Result<Self, CapacityError<&str>> {
        let mut core = ArrayCore::new();
        match core.try_extend_from_slice_copy(s.as_bytes()) {
            Ok(()) => Ok(Self { core }),
            Err(_) => Err(CapacityError::new(s, N)),
        }
    }

    /// Formats `args` into a new string (the function behind [`stack_format!`](crate::stack_format)).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] if the output is longer than `N` bytes.
    ///
    /// # Panics
    ///
    /// Panics if a `Display`/`Debug` implementation returns an error on its own (as `format!`
    /// does), since that is a bug in the implementation, not a capacity problem.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let s = StackString::<16>::try_from_fmt(format_args!("{:>5}", 42)).unwrap();
    /// assert_eq!(s, "   42");
    /// ```
    pub fn try_from_fmt(args: fmt::Arguments<'_>) -> Result<Self, CapacityError> {
        if let Some(s) = args.as_str() {
            return Self::try_from_str(s).map_err(CapacityError::simplify);
        }
        /// Tells a capacity failure apart from an error raised by a formatting impl.
        struct Writer<'a, const N: usize> {
            out: &'a mut StackString<N>,
            overflowed: bool,
        }
        impl<const N: usize> fmt::Write for Writer<'_, N> {
            #[inline]
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.out.try_push_str(s).map_err(|_| {
                    self.overflowed = true;
                    fmt::Error
                })
            }
        }
        let mut out = Self::new();
        let mut writer = Writer {
            out: &mut out,
            overflowed: false,
        };
        match fmt::write(&mut writer, args) {
            Ok(()) => Ok(out),
            Err(_) if writer.overflowed => Err(CapacityError::new((), N)),
            Err(_) => panic!("a formatting trait implementation returned an error on its own"),
        }
    }

    /// Converts a byte vector to a string, checking that it is UTF-8.
    ///
    /// O(len).
    ///
    /// # Errors
    ///
    /// [`FromUtf8Error`], which gives the bytes back, when they are not valid UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{StackString, StackVec};
    ///
    /// let bytes: StackVec<u8, 8> = StackVec::from_array(*b"caf\xc3\xa9");
    /// assert_eq!(StackString::from_utf8(bytes).unwrap(), "café");
    /// ```
    pub fn from_utf8(bytes: StackVec<u8, N>) -> Result<Self, FromUtf8Error<N>> {
        match core::str::from_utf8(&bytes) {
            Ok(_) => Ok(Self { core: bytes.core }),
            Err(error) => Err(FromUtf8Error { bytes, error }),
        }
    }

    /// Converts a byte vector to a string without checking that it is UTF-8.
    ///
    /// # Safety
    ///
    /// - `bytes` is valid UTF-8.
    #[inline]
    #[must_use]
    pub unsafe fn from_utf8_unchecked(bytes: StackVec<u8, N>) -> Self {
        debug_assert!(core::str::from_utf8(&bytes).is_ok());
        Self { core: bytes.core }
    }

    /// Returns the UTF-8 bytes as a [`StackVec`], consuming the string.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let s: StackString<4> = "ab".try_into().unwrap();
    /// assert_eq!(s.into_bytes(), [b'a', b'b']);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_bytes(self) -> StackVec<u8, N> {
        StackVec { core: self.core }
    }

    /// The string as a `&str` (also available through `Deref`).
    #[inline(always)]
    #[must_use]
    pub const fn as_str(&self) -> &str {
        // SAFETY: the bytes are valid UTF-8 (the type's invariant).
        unsafe { core::str::from_utf8_unchecked(self.core.as_slice()) }
    }

    /// The string as a `&mut str` (also available through `DerefMut`).
    #[inline(always)]
    #[must_use]
    pub const fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: the bytes are valid UTF-8; `&mut str` can only write valid UTF-8.
        unsafe { core::str::from_utf8_unchecked_mut(self.core.as_mut_slice()) }
    }

    /// The UTF-8 bytes of the string.
    #[inline(always)]
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8] {
        self.core.as_slice()
    }

    /// The length in bytes.
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.core.len()
    }

    /// `true` if the string is empty.
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.core.len() == 0
    }

    /// `true` if the string holds `N` bytes.
    #[inline(always)]
    #[must_use]
    pub const fn is_full(&self) -> bool {
        self.core.len() == N
    }

    /// The capacity `N`, in bytes.
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        N
    }

    /// How many more bytes fit: `N - len()`.
    #[inline(always)]
    #[must_use]
    pub const fn remaining_capacity(&self) -> usize {
        N - self.core.len()
    }

    /// Appends `ch`.
    ///
    /// O(1).
    ///
    /// # Panics
    ///
    /// Panics if its UTF-8 encoding does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<4> = StackString::new();
    /// s.push('a');
    /// s.push('é');
    /// assert_eq!(s, "aé");
    /// ```
    #[inline]
    #[track_caller]
    pub fn push(&mut self, ch: char) {
        if self.try_push(ch).is_err() {
            capacity_overflow("StackString::push", N, self.len() + ch.len_utf8());
        }
    }

    /// Appends `ch`, or returns it inside the error if its encoding does not fit.
    ///
    /// O(1).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `ch` when `ch.len_utf8() > remaining_capacity()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<2> = StackString::try_from_str("a").unwrap();
    /// assert_eq!(s.try_push('é').unwrap_err().element(), 'é'); // needs 2 bytes
    /// assert!(s.try_push('b').is_ok());
    /// ```
    #[inline]
    pub fn try_push(&mut self, ch: char) -> Result<(), CapacityError<char>> {
        let len = self.len();
        // SAFETY: `len <= N`, so the pointer is inside or one past the buffer; `remaining` is
        // exactly the number of bytes writable there.
        let written = unsafe { encode_utf8_raw(ch, self.core.as_mut_ptr().add(len), N - len) };
        match written {
            // SAFETY: `width` bytes were written right after `len`: the UTF-8 encoding of `ch`, so
            // the string stays valid UTF-8 and `len + width <= N`.
            Some(width) => unsafe { self.core.set_len(len + width) },
            None => return Err(CapacityError::new(ch, N)),
        }
        Ok(())
    }

    /// Appends `s`.
    ///
    /// O(s.len()).
    ///
    /// # Panics
    ///
    /// Panics if it does not fit; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = StackString::new();
    /// s.push_str("abc");
    /// s.push_str("def");
    /// assert_eq!(s, "abcdef");
    /// ```
    #[inline]
    #[track_caller]
    pub fn push_str(&mut self, s: &str) {
        self.core
            .extend_from_slice_copy("StackString::push_str", s.as_bytes());
    }

    /// Appends all of `s`, or returns it inside the error if it does not fit (all or nothing).
    ///
    /// O(s.len()).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `s` when `s.len() > remaining_capacity()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<4> = StackString::new();
    /// assert_eq!(s.try_push_str("hello").unwrap_err().element(), "hello");
    /// assert!(s.is_empty());
    /// ```
    #[inline]
    pub fn try_push_str<'s>(&mut self, s: &'s str) -> Result<(), CapacityError<&'s str>> {
        self.core
            .try_extend_from_slice_copy(s.as_bytes())
            .map_err(|_| CapacityError::new(s, N))
    }

    /// Removes and returns the last `char`, or `None` if empty.
    ///
    /// O(1).
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = "aé".try_into().unwrap();
    /// assert_eq!(s.pop(), Some('é'));
    /// assert_eq!(s.pop(), Some('a'));
    /// assert_eq!(s.pop(), None);
    /// ```
    #[inline]
    pub fn pop(&mut self) -> Option<char> {
        let ch = self.chars().next_back()?;
        // SAFETY: removing the last char's bytes leaves valid UTF-8; `len - len_utf8 >= 0`.
        unsafe { self.core.set_len(self.len() - ch.len_utf8()) };
        Some(ch)
    }

    /// Inserts `ch` at byte index `index`.
    ///
    /// O(len - index).
    ///
    /// # Panics
    ///
    /// Panics if `index` is past the end or not on a `char` boundary, or if `ch` does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = "ac".try_into().unwrap();
    /// s.insert(1, 'b');
    /// assert_eq!(s, "abc");
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, index: usize, ch: char) {
        let mut buf = [0; 4];
        self.insert_bytes("StackString::insert", index, ch.encode_utf8(&mut buf));
    }

    /// Inserts `ch` at byte index `index`, or returns it inside the error if it does not fit.
    ///
    /// O(len - index).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `ch` when its encoding does not fit.
    ///
    /// # Panics
    ///
    /// Panics if `index` is past the end or not on a `char` boundary.
    #[inline]
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, ch: char) -> Result<(), CapacityError<char>> {
        let mut buf = [0; 4];
        let bytes = ch.encode_utf8(&mut buf);
        self.try_insert_bytes("StackString::try_insert", index, bytes)
            .map_err(|_| CapacityError::new(ch, N))
    }

    /// Inserts `s` at byte index `index`.
    ///
    /// O(len - index + s.len()).
    ///
    /// # Panics
    ///
    /// Panics if `index` is past the end or not on a `char` boundary, or if `s` does not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<16> = "hello!".try_into().unwrap();
    /// s.insert_str(5, ", world");
    /// assert_eq!(s, "hello, world!");
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert_str(&mut self, index: usize, s: &str) {
        self.insert_bytes("StackString::insert_str", index, s);
    }

    /// Inserts `s` at byte index `index` if it fits; otherwise returns it inside the error.
    ///
    /// O(len - index + s.len()).
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `s` when `s.len() > remaining_capacity()`.
    ///
    /// # Panics
    ///
    /// Panics if `index` is past the end or not on a `char` boundary.
    #[inline]
    #[track_caller]
    pub fn try_insert_str<'s>(
        &mut self,
        index: usize,
        s: &'s str,
    ) -> Result<(), CapacityError<&'s str>> {
        self.try_insert_bytes("StackString::try_insert_str", index, s)
            .map_err(|_| CapacityError::new(s, N))
    }

    /// Inserts `s` at `index` or nothing; panics (naming `operation`) on a bad index.
    #[inline]
    #[track_caller]
    fn try_insert_bytes(
        &mut self,
        operation: &'static str,
        index: usize,
        s: &str,
    ) -> Result<(), CapacityError> {
        self.assert_char_boundary(operation, index);
        self.core
            .try_insert_slice_copy(operation, index, s.as_bytes())
    }

    /// Inserts `s` at `index`; panics (naming `operation`) on a bad index or when it does not fit.
    #[inline]
    #[track_caller]
    fn insert_bytes(&mut self, operation: &'static str, index: usize, s: &str) {
        if self.try_insert_bytes(operation, index, s).is_err() {
            capacity_overflow(operation, N, self.len() + s.len());
        }
    }

    /// Removes and returns the `char` starting at byte index `index`.
    ///
    /// O(len - index).
    ///
    /// # Panics
    ///
    /// Panics if `index` is not the start of a `char` of the string.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = "aéb".try_into().unwrap();
    /// assert_eq!(s.remove(1), 'é');
    /// assert_eq!(s, "ab");
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> char {
        let Some(ch) = self.get(index..).and_then(|rest| rest.chars().next()) else {
            if index >= self.len() {
                index_out_of_bounds("StackString::remove", index, self.len());
            }
            not_a_char_boundary("StackString::remove", index);
        };
        // SAFETY: `[index, index + len_utf8)` is exactly one char; removing it keeps UTF-8.
        unsafe { self.core.close_gap(index, index + ch.len_utf8()) };
        ch
    }

    /// Shortens the string to `new_len` bytes. No-op if `new_len >= len()`.
    ///
    /// # Panics
    ///
    /// Panics if `new_len < len()` and `new_len` is not on a `char` boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = "hello".try_into().unwrap();
    /// s.truncate(2);
    /// assert_eq!(s, "he");
    /// ```
    #[inline]
    #[track_caller]
    pub fn truncate(&mut self, new_len: usize) {
        if new_len < self.len() {
            self.assert_char_boundary("StackString::truncate", new_len);
            // SAFETY: shrinking to a char boundary keeps valid UTF-8.
            unsafe { self.core.set_len(new_len) };
        }
    }

    /// Empties the string.
    #[inline]
    pub fn clear(&mut self) {
        // SAFETY: the empty string is valid UTF-8.
        unsafe { self.core.set_len(0) };
    }

    /// Keeps only the `char`s for which `keep` returns `true`, in order.
    ///
    /// O(len). If `keep` panics, the string stays valid UTF-8: the chars not yet visited are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<16> = "a1b2c3".try_into().unwrap();
    /// s.retain(|c| c.is_alphabetic());
    /// assert_eq!(s, "abc");
    /// ```
    pub fn retain<F: FnMut(char) -> bool>(&mut self, mut keep: F) {
        /// Closes the gap between the kept prefix and the unvisited rest on every exit path.
        struct Guard<'a, const N: usize> {
            core: &'a mut ArrayCore<u8, N>,
            read: usize,
            write: usize,
        }
        impl<const N: usize> Drop for Guard<'_, N> {
            fn drop(&mut self) {
                // SAFETY: `write <= read <= len`, bytes need no drop; `[0, write)` and
                // `[read, len)` are both sequences of whole chars, so the result is UTF-8.
                unsafe { self.core.close_gap(self.write, self.read) };
            }
        }

        let len = self.len();
        let mut g = Guard {
            core: &mut self.core,
            read: 0,
            write: 0,
        };
        while g.read < len {
            // SAFETY: `[read, len)` was never written to (writes stay below `read`) and starts at
            // a char boundary, so it is valid UTF-8 and non-empty.
            let ch = unsafe {
                let rest = g.core.as_slice().get_unchecked(g.read..len);
                core::str::from_utf8_unchecked(rest)
                    .chars()
                    .next()
                    .unwrap_unchecked()
            };
            let width = ch.len_utf8();
            if keep(ch) {
                if g.write != g.read {
                    // SAFETY: `write < read` and `read + width <= len`: both ranges are inside the
                    // buffer; `copy` allows the overlap.
                    unsafe {
                        let base = g.core.as_mut_ptr();
                        core::ptr::copy(base.add(g.read), base.add(g.write), width);
                    }
                }
                g.write += width;
            }
            g.read += width;
        }
    }

    /// Removes the byte range `range` and returns its `char`s as an iterator.
    ///
    /// The range is removed when the [`Drain`] is dropped, whether or not it was consumed; if the
    /// `Drain` is leaked, the string is left unchanged.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or its ends are not on `char` boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<16> = "α is alpha".try_into().unwrap();
    /// let first: String = s.drain(..2).collect();
    /// assert_eq!(first, "α");
    /// assert_eq!(s, " is alpha");
    /// ```
    #[track_caller]
    pub fn drain<R: RangeBounds<usize>>(&mut self, range: R) -> Drain<'_, N> {
        let range = self.char_range("StackString::drain", range);
        Drain::new(self, range)
    }

    /// Splits the string at byte index `at`: `self` keeps `[0, at)`, the result gets the rest.
    ///
    /// O(len - at).
    ///
    /// # Panics
    ///
    /// Panics if `at > len()` or `at` is not on a `char` boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<16> = "key=value".try_into().unwrap();
    /// let value = s.split_off(4);
    /// assert_eq!(s, "key=");
    /// assert_eq!(value, "value");
    /// ```
    #[inline]
    #[track_caller]
    #[must_use = "use `.truncate()` if you don't need the other half"]
    pub fn split_off(&mut self, at: usize) -> Self {
        self.assert_char_boundary("StackString::split_off", at);
        let mut other = Self::new();
        // Fits: the tail is at most `N` bytes.
        other
            .core
            .extend_from_slice_copy("StackString::split_off", &self.as_bytes()[at..]);
        // SAFETY: `at` is a char boundary within the string.
        unsafe { self.core.set_len(at) };
        other
    }

    /// Appends a copy of the byte range `src` of the string to its end. As
    /// [`String::extend_from_within`](https://doc.rust-lang.org/std/string/struct.String.html#method.extend_from_within).
    ///
    /// O(src.len()).
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds, if its ends are not on `char` boundaries, or if the
    /// copy does not fit. Use [`try_extend_from_within`](Self::try_extend_from_within) to get an
    /// error instead of the last.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<16> = "abcdé".try_into().unwrap();
    /// s.extend_from_within(2..);
    /// assert_eq!(s, "abcdécdé");
    /// s.extend_from_within(..2);
    /// assert_eq!(s, "abcdécdéab");
    /// ```
    #[inline]
    #[track_caller]
    pub fn extend_from_within<R: RangeBounds<usize>>(&mut self, src: R) {
        let range = self.char_range("StackString::extend_from_within", src);
        let required = self.len() + range.len();
        if self.try_extend_from_within(range).is_err() {
            capacity_overflow("StackString::extend_from_within", N, required);
        }
    }

    /// Like [`extend_from_within`](Self::extend_from_within), but returns an error when the copy
    /// does not fit; the string is then unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] when `src.len() > remaining_capacity()`.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or its ends are not on `char` boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<6> = "abcd".try_into().unwrap();
    /// assert!(s.try_extend_from_within(..3).is_err());
    /// assert_eq!(s, "abcd");
    /// assert!(s.try_extend_from_within(1..3).is_ok());
    /// assert_eq!(s, "abcdbc");
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_extend_from_within<R: RangeBounds<usize>>(
        &mut self,
        src: R,
    ) -> Result<(), CapacityError> {
        let range = self.char_range("StackString::try_extend_from_within", src);
        if range.len() > self.remaining_capacity() {
            return Err(CapacityError::new((), N));
        }
        let len = self.len();
        // SAFETY: `range` lies within the `len` bytes of the string and the copy goes to
        // `[len, len + range.len())`, which fits (checked) and does not overlap it. The bytes are
        // whole `char`s (boundaries checked), so the string stays UTF-8.
        unsafe {
            let base = self.core.as_mut_ptr();
            ptr::copy_nonoverlapping(base.add(range.start), base.add(len), range.len());
            self.core.set_len(len + range.len());
        }
        Ok(())
    }

    /// Replaces the byte range `range` of the string with `replace_with`, which may be longer or
    /// shorter. As
    /// [`String::replace_range`](https://doc.rust-lang.org/std/string/struct.String.html#method.replace_range).
    ///
    /// O(len - range.start + replace_with.len()).
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds, if its ends are not on `char` boundaries, or if the
    /// result does not fit. Use [`try_replace_range`](Self::try_replace_range) to get the
    /// replacement back instead of the last.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<24> = "α is alpha".try_into().unwrap();
    /// s.replace_range(..2, "beta");
    /// assert_eq!(s, "beta is alpha");
    /// s.replace_range(8.., "β");
    /// assert_eq!(s, "beta is β");
    /// ```
    #[inline]
    #[track_caller]
    pub fn replace_range<R: RangeBounds<usize>>(&mut self, range: R, replace_with: &str) {
        let range = self.char_range("StackString::replace_range", range);
        let required = self.len() - range.len() + replace_with.len();
        if self.try_replace_range(range, replace_with).is_err() {
            capacity_overflow("StackString::replace_range", N, required);
        }
    }

    /// Like [`replace_range`](Self::replace_range), but returns `replace_with` inside the error
    /// when the result does not fit; the string is then unchanged.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying `replace_with` when
    /// `len() - range.len() + replace_with.len() > N`.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or its ends are not on `char` boundaries.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let mut s: StackString<8> = "key=val".try_into().unwrap();
    /// let err = s.try_replace_range(4.., "a long value").unwrap_err();
    /// assert_eq!(err.element(), "a long value");
    /// assert_eq!(s, "key=val");
    /// assert!(s.try_replace_range(4.., "v2").is_ok());
    /// assert_eq!(s, "key=v2");
    /// ```
    #[inline]
    #[track_caller]
    pub fn try_replace_range<'s, R: RangeBounds<usize>>(
        &mut self,
        range: R,
        replace_with: &'s str,
    ) -> Result<(), CapacityError<&'s str>> {
        let range = self.char_range("StackString::try_replace_range", range);
        let len = self.len();
        // No overflow: `len - range.len() <= N` and a `str` holds at most `isize::MAX` bytes.
        let new_len = len - range.len() + replace_with.len();
        if new_len > N {
            return Err(CapacityError::new(replace_with, N));
        }
        let start_of_tail = range.start + replace_with.len();
        // SAFETY: the tail `[range.end, len)` moves to `[start_of_tail, new_len)` (`ptr::copy`:
        // the two may overlap), then the replacement fills `[range.start, start_of_tail)`. All of
        // it lies below `new_len <= N` (checked). `replace_with` is a shared borrow, so it is not
        // in this string's buffer. Whole `char`s are removed (boundaries checked) and whole ones
        // inserted, so the string stays UTF-8.
        unsafe {
            let base = self.core.as_mut_ptr();
            ptr::copy(
                base.add(range.end),
                base.add(start_of_tail),
                len - range.end,
            );
            ptr::copy_nonoverlapping(
                replace_with.as_ptr(),
                base.add(range.start),
                replace_with.len(),
            );
            self.core.set_len(new_len);
        }
        Ok(())
    }

    /// Appends every `char` the iterator yields while there is room.
    ///
    /// The chars already appended stay when capacity runs out; the one that did not fit comes back
    /// in the error, and the iterator keeps the rest.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first `char` that did not fit.
    pub fn try_extend<I: IntoIterator<Item = char>>(
        &mut self,
        iter: I,
    ) -> Result<(), CapacityError<char>> {
        for ch in iter {
            self.try_push(ch)?;
        }
        Ok(())
    }

    /// Collects `char`s into a new string, failing when they need more than `N` bytes.
    ///
    /// # Errors
    ///
    /// [`CapacityError`] carrying the first `char` that did not fit.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// assert_eq!(StackString::<4>::try_from_iter("abc".chars()).unwrap(), "abc");
    /// assert_eq!(StackString::<4>::try_from_iter("abcde".chars()).unwrap_err().element(), 'e');
    /// ```
    pub fn try_from_iter<I: IntoIterator<Item = char>>(
        iter: I,
    ) -> Result<Self, CapacityError<char>> {
        let mut s = Self::new();
        s.try_extend(iter)?;
        Ok(s)
    }

    /// `range` resolved against the length; panics (naming `operation`) if it is out of bounds
    /// or an end is not on a `char` boundary.
    #[inline]
    #[track_caller]
    fn char_range<R: RangeBounds<usize>>(&self, operation: &'static str, range: R) -> Range<usize> {
        let range = resolve_range(range, self.len());
        self.assert_char_boundary(operation, range.start);
        self.assert_char_boundary(operation, range.end);
        range
    }

    #[inline]
    #[track_caller]
    fn assert_char_boundary(&self, operation: &'static str, index: usize) {
        if !self.is_char_boundary(index) {
            if index > self.len() {
                index_out_of_bounds(operation, index, self.len());
            }
            not_a_char_boundary(operation, index);
        }
    }
}

/// Writes the UTF-8 encoding of `ch` at `dst` if it fits in `remaining` bytes, returning its
/// width; writes nothing and returns `None` if it does not fit.
///
/// Each width test sits next to its capacity test and the bytes are stored at fixed offsets, so
/// the ASCII path is two predictable branches and one store, and no width needs a `memcpy` call
/// (which `char::encode_utf8` into a buffer plus a slice copy would cost).
///
/// # Safety
///
/// - `dst` is valid for `remaining` byte writes.
#[inline(always)]
unsafe fn encode_utf8_raw(ch: char, dst: *mut u8, remaining: usize) -> Option<usize> {
    let c = ch as u32;
    // Continuation byte holding bits `shift..shift + 6` of the scalar value.
    let cont = |shift: u32| 0x80 | ((c >> shift) & 0x3F) as u8;
    // SAFETY: every arm writes only after checking that its width is at most `remaining`.
    unsafe {
        if c < 0x80 {
            if remaining >= 1 {
                dst.write(c as u8);
                return Some(1);
            }
        } else if c < 0x800 {
            if remaining >= 2 {
                dst.write(0xC0 | (c >> 6) as u8);
                dst.add(1).write(cont(0));
                return Some(2);
            }
        } else if c < 0x1_0000 {
            if remaining >= 3 {
                dst.write(0xE0 | (c >> 12) as u8);
                dst.add(1).write(cont(6));
                dst.add(2).write(cont(0));
                return Some(3);
            }
        } else if remaining >= 4 {
            dst.write(0xF0 | (c >> 18) as u8);
            dst.add(1).write(cont(12));
            dst.add(2).write(cont(6));
            dst.add(3).write(cont(0));
            return Some(4);
        }
    }
    None
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_a_char_boundary(operation: &'static str, index: usize) -> ! {
    panic!("{operation}: byte index {index} is not a char boundary")
}
