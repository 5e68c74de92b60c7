//! Standard trait implementations for [`StackString`]: the ones `String` has, where they make
//! sense at a fixed capacity. Comparison, ordering and hashing agree with `str`.

use core::borrow::{Borrow, BorrowMut};
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Deref, DerefMut};
use core::str::FromStr;

#[cfg(feature = "alloc")]
use alloc::{borrow::Cow, string::String};

use super::StackString;
use crate::error::{CapacityError, capacity_overflow};

impl<const N: usize> Deref for StackString<N> {
    type Target = str;

    #[inline(always)]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<const N: usize> DerefMut for StackString<N> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut str {
        self.as_mut_str()
    }
}

impl<const N: usize> Default for StackString<N> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> fmt::Display for StackString<N> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl<const N: usize> fmt::Debug for StackString<N> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Fails with [`fmt::Error`] when the text does not fit, and then writes nothing: `write!` and
/// `writeln!` into a `StackString` are all-or-nothing (the string is rolled back to its length
/// before the call). `write_str` and `write_char` are all-or-nothing for their one piece. Use
/// [`stack_format!`](crate::stack_format) or [`StackString::try_from_fmt`] to tell a capacity
/// failure apart from other formatting errors.
///
/// ```
/// use avila_alloc::StackString;
/// use core::fmt::Write;
///
/// let mut s: StackString<8> = StackString::new();
/// write!(s, "{}", 1234).unwrap();
/// let (a, b) = (567, 8910); // two pieces: "567" fits, "8910" does not
/// assert!(write!(s, "{a}{b}").is_err());
/// assert_eq!(s, "1234"); // rolled back, not "1234567"
/// ```
impl<const N: usize> fmt::Write for StackString<N> {
    #[inline]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.try_push_str(s).map_err(|_| fmt::Error)
    }

    #[inline]
    fn write_char(&mut self, c: char) -> fmt::Result {
        self.try_push(c).map_err(|_| fmt::Error)
    }

    fn write_fmt(&mut self, args: fmt::Arguments<'_>) -> fmt::Result {
        let len = self.len();
        let result = fmt::write(self, args);
        if result.is_err() {
            // `len` was the length before the call, so it is a char boundary.
            self.truncate(len);
        }
        result
    }
}

/// Hashes like `str` (and so like `String`), as `Borrow<str>` requires.
impl<const N: usize> Hash for StackString<N> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        Hash::hash(self.as_str(), state);
    }
}

impl<const N: usize> Eq for StackString<N> {}

impl<const N: usize> Ord for StackString<N> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        Ord::cmp(self.as_str(), other.as_str())
    }
}

impl<const N: usize, const M: usize> PartialOrd<StackString<M>> for StackString<N> {
    #[inline]
    fn partial_cmp(&self, other: &StackString<M>) -> Option<Ordering> {
        Some(Ord::cmp(self.as_str(), other.as_str()))
    }
}

impl<const N: usize> PartialOrd<str> for StackString<N> {
    #[inline]
    fn partial_cmp(&self, other: &str) -> Option<Ordering> {
        Some(Ord::cmp(self.as_str(), other))
    }
}

impl<const N: usize> PartialOrd<StackString<N>> for str {
    #[inline]
    fn partial_cmp(&self, other: &StackString<N>) -> Option<Ordering> {
        Some(Ord::cmp(self, other.as_str()))
    }
}

/// `PartialEq` in both directions between `StackString<N>` and a string-like type.
macro_rules! impl_str_eq {
    ($([$($generics:tt)*] $other:ty $(, #[$attr:meta])?;)*) => {$(
        $(#[$attr])?
        impl<$($generics)* const N: usize> PartialEq<$other> for StackString<N> {
            #[inline]
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == &other[..]
            }
        }
        $(#[$attr])?
        impl<$($generics)* const N: usize> PartialEq<StackString<N>> for $other {
            #[inline]
            fn eq(&self, other: &StackString<N>) -> bool {
                &self[..] == other.as_str()
            }
        }
    )*};
}

impl_str_eq! {
    [] str;
    ['a,] &'a str;
    ['a,] &'a mut str;
    [] String, #[cfg(feature = "alloc")];
    ['a,] Cow<'a, str>, #[cfg(feature = "alloc")];
}

impl<const N: usize, const M: usize> PartialEq<StackString<M>> for StackString<N> {
    #[inline]
    fn eq(&self, other: &StackString<M>) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> AsRef<str> for StackString<N> {
    #[inline]
    fn as_ref(&self) -> &str {
        self
    }
}

impl<const N: usize> AsMut<str> for StackString<N> {
    #[inline]
    fn as_mut(&mut self) -> &mut str {
        self
    }
}

impl<const N: usize> AsRef<[u8]> for StackString<N> {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<const N: usize> Borrow<str> for StackString<N> {
    #[inline]
    fn borrow(&self) -> &str {
        self
    }
}

impl<const N: usize> BorrowMut<str> for StackString<N> {
    #[inline]
    fn borrow_mut(&mut self) -> &mut str {
        self
    }
}

impl<'a, const N: usize> TryFrom<&'a str> for StackString<N> {
    type Error = CapacityError<&'a str>;

    /// Copies `s`; fails, giving it back, if it is longer than `N` bytes.
    #[inline]
    fn try_from(s: &'a str) -> Result<Self, Self::Error> {
        Self::try_from_str(s)
    }
}

impl<'a, const N: usize> TryFrom<&'a mut str> for StackString<N> {
    type Error = CapacityError<&'a mut str>;

    /// Copies `s`; fails, giving it back, if it is longer than `N` bytes.
    #[inline]
    fn try_from(s: &'a mut str) -> Result<Self, Self::Error> {
        match Self::try_from_str(s) {
            Ok(new) => Ok(new),
            Err(_) => Err(CapacityError::new(s, N)),
        }
    }
}

impl<const N: usize> TryFrom<char> for StackString<N> {
    type Error = CapacityError<char>;

    /// A string holding one `char`; fails if its encoding is longer than `N` bytes.
    #[inline]
    fn try_from(ch: char) -> Result<Self, Self::Error> {
        let mut s = Self::new();
        s.try_push(ch)?;
        Ok(s)
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<const N: usize> TryFrom<String> for StackString<N> {
    type Error = CapacityError<String>;

    /// Copies the string; gives it back if it is longer than `N` bytes.
    #[inline]
    fn try_from(s: String) -> Result<Self, Self::Error> {
        match Self::try_from_str(&s) {
            Ok(new) => Ok(new),
            Err(_) => Err(CapacityError::new(s, N)),
        }
    }
}

/// Requires the `alloc` feature.
#[cfg(feature = "alloc")]
#[cfg_attr(docsrs, doc(cfg(feature = "alloc")))]
impl<const N: usize> From<StackString<N>> for String {
    #[inline]
    fn from(s: StackString<N>) -> Self {
        String::from(s.as_str())
    }
}

impl<const N: usize> FromStr for StackString<N> {
    type Err = CapacityError;

    /// Copies `s`; fails if it is longer than `N` bytes.
    ///
    /// ```
    /// use avila_alloc::StackString;
    ///
    /// let s: StackString<8> = "parsed".parse().unwrap();
    /// assert_eq!(s, "parsed");
    /// assert!("far too long".parse::<StackString<8>>().is_err());
    /// ```
    #[inline]
    fn from_str(s: &str) -> Result<Self, CapacityError> {
        Self::try_from_str(s).map_err(CapacityError::simplify)
    }
}

impl<const N: usize> Extend<char> for StackString<N> {
    /// Appends every `char`.
    ///
    /// # Panics
    ///
    /// Panics when the string fills up; the chars appended before stay. Use
    /// [`StackString::try_extend`] to get an error instead.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        for ch in iter {
            self.push_or_overflow("StackString::extend", ch);
        }
    }
}

impl<'a, const N: usize> Extend<&'a char> for StackString<N> {
    /// Appends every `char`.
    ///
    /// # Panics
    ///
    /// Panics when the string fills up; the chars appended before stay.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a char>>(&mut self, iter: I) {
        for &ch in iter {
            self.push_or_overflow("StackString::extend", ch);
        }
    }
}

impl<'a, const N: usize> Extend<&'a str> for StackString<N> {
    /// Appends every string slice.
    ///
    /// # Panics
    ///
    /// Panics when a slice does not fit; the slices appended before stay, and a slice is never
    /// appended in part.
    #[inline]
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'a str>>(&mut self, iter: I) {
        for s in iter {
            self.core
                .extend_from_slice_copy("StackString::extend", s.as_bytes());
        }
    }
}

impl<const N: usize> FromIterator<char> for StackString<N> {
    /// Collects `char`s into a new string.
    ///
    /// # Panics
    ///
    /// Panics if they need more than `N` bytes. Use [`StackString::try_from_iter`] to get an
    /// error instead.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = char>>(iter: I) -> Self {
        let mut s = Self::new();
        s.extend(iter);
        s
    }
}

impl<'a, const N: usize> FromIterator<&'a str> for StackString<N> {
    /// Concatenates string slices into a new string.
    ///
    /// # Panics
    ///
    /// Panics if they need more than `N` bytes.
    #[inline]
    #[track_caller]
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut s = Self::new();
        s.extend(iter);
        s
    }
}

impl<const N: usize> StackString<N> {
    #[inline(always)]
    #[track_caller]
    fn push_or_overflow(&mut self, operation: &'static str, ch: char) {
        if self.try_push(ch).is_err() {
            capacity_overflow(operation, N, self.len() + ch.len_utf8());
        }
    }
}
