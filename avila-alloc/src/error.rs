//! Error types shared by every container and allocator of the crate.
//!
//! - [`CapacityError<T>`]: a fixed-capacity container was full. It carries the rejected value back
//!   (`T`), so nothing is ever lost; [`CapacityError::simplify`] drops it when only the fact matters.
//! - [`AllocError`]: an allocator refused a request. Its [`AllocErrorKind`] says why (out of
//!   memory, a layout the allocator cannot serve, ...), and it keeps the offending [`Layout`].
//! - [`FromUtf8Error`]: bytes given to [`StackString::from_utf8`](crate::StackString::from_utf8)
//!   were not UTF-8; the bytes come back with the error.
//!
//! Every error implements `Clone`, `Eq`, `Display` and [`core::error::Error`]. The crate never
//! returns `Result<_, ()>`.

use core::alloc::Layout;
use core::fmt;

use crate::collections::StackVec;

/// A fixed-capacity container had no room for a value.
///
/// The rejected value travels back inside the error (`T`), so a failed `try_*` call never loses
/// anything: get it back with [`element`](Self::element). `CapacityError<()>` (the default) is
/// used where there is no owned value to return, for example when a borrowed slice did not fit.
///
/// The error also records the capacity that was exceeded, in the container's own unit (elements
/// for [`StackVec`], bytes for [`StackString`](crate::StackString)).
///
/// # Examples
///
/// ```
/// use avila_alloc::{CapacityError, StackVec};
///
/// let mut v: StackVec<String, 1> = StackVec::new();
/// v.push("kept".to_string());
/// let err: CapacityError<String> = v.try_push("rejected".to_string()).unwrap_err();
/// assert_eq!(err.capacity(), 1);
/// assert_eq!(err.to_string(), "insufficient capacity: the container holds at most 1");
/// assert_eq!(err.element(), "rejected"); // nothing was lost
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CapacityError<T = ()> {
    element: T,
    capacity: usize,
}

impl<T> CapacityError<T> {
    /// Creates an error carrying `element`, the value that did not fit into a container of
    /// `capacity`.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = avila_alloc::CapacityError::new('x', 4);
    /// assert_eq!(err.capacity(), 4);
    /// ```
    #[inline]
    #[must_use]
    pub const fn new(element: T, capacity: usize) -> Self {
        Self { element, capacity }
    }

    /// Returns the rejected value, consuming the error.
    #[inline]
    #[must_use]
    pub fn element(self) -> T {
        self.element
    }

    /// Returns a reference to the rejected value.
    #[inline]
    #[must_use]
    pub const fn element_ref(&self) -> &T {
        &self.element
    }

    /// The capacity that was exceeded (elements, or bytes for strings).
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.capacity
    }

    /// Drops the carried value and keeps only the fact that capacity was exceeded.
    ///
    /// Useful to return a `CapacityError` from a function whose error type should not depend on
    /// the element type, or to use `?` across element types.
    ///
    /// # Examples
    ///
    /// ```
    /// use avila_alloc::{CapacityError, StackVec};
    ///
    /// fn fill(v: &mut StackVec<u8, 2>) -> Result<(), CapacityError> {
    ///     for b in 0..3 {
    ///         v.try_push(b).map_err(CapacityError::simplify)?;
    ///     }
    ///     Ok(())
    /// }
    /// assert!(fill(&mut StackVec::new()).is_err());
    /// ```
    #[inline]
    #[must_use]
    pub fn simplify(self) -> CapacityError {
        CapacityError {
            element: (),
            capacity: self.capacity,
        }
    }

    /// Converts the carried value with `f`, keeping the capacity.
    #[inline]
    #[must_use]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> CapacityError<U> {
        CapacityError {
            element: f(self.element),
            capacity: self.capacity,
        }
    }
}

// Debug without a `T: Debug` bound, so `.unwrap()` works for any element type.
impl<T> fmt::Debug for CapacityError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CapacityError")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Display for CapacityError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "insufficient capacity: the container holds at most {}",
            self.capacity
        )
    }
}

impl<T> core::error::Error for CapacityError<T> {}

/// Panics with a message naming the operation and the capacity that was exceeded.
///
/// The one slow path behind every panicking `push`-like method: cold and out of line, so the fast
/// path stays small.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn capacity_overflow(operation: &'static str, capacity: usize, required: usize) -> ! {
    panic!("{operation}: capacity {capacity} exceeded ({required} required)")
}

/// Why an allocator refused a request; carried by [`AllocError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AllocErrorKind {
    /// Not enough free memory for the request right now (it may succeed after a free).
    OutOfMemory,
    /// The request cannot be expressed as a [`Layout`]: its size overflows or its alignment is not
    /// a power of two.
    InvalidLayout,
    /// The alignment is larger than this allocator can provide.
    UnsupportedAlignment,
    /// The size is larger than this allocator can ever provide (for example, bigger than a pool's
    /// block), independent of how much memory is free.
    UnsupportedSize,
    /// A zero-sized request where the allocator gives zero-sized allocations no meaning.
    ZeroSize,
}

impl AllocErrorKind {
    const fn describe(self) -> &'static str {
        match self {
            Self::OutOfMemory => "out of memory",
            Self::InvalidLayout => "invalid layout",
            Self::UnsupportedAlignment => "unsupported alignment",
            Self::UnsupportedSize => "unsupported size",
            Self::ZeroSize => "zero-sized allocation",
        }
    }
}

impl fmt::Display for AllocErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// An allocator could not serve a request.
///
/// [`kind`](Self::kind) tells why; [`layout`](Self::layout) is the request, when it could be
/// expressed as a [`Layout`] at all.
///
/// # Examples
///
/// ```
/// use avila_alloc::{AllocError, AllocErrorKind};
/// use core::alloc::Layout;
///
/// let layout = Layout::from_size_align(64, 8).unwrap();
/// let err = AllocError::new(AllocErrorKind::OutOfMemory, layout);
/// assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
/// assert_eq!(err.to_string(), "out of memory (size 64, align 8)");
///
/// let err = AllocError::invalid_layout();
/// assert_eq!(err.layout(), None);
/// assert_eq!(err.to_string(), "invalid layout");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AllocError {
    kind: AllocErrorKind,
    layout: Option<Layout>,
}

impl AllocError {
    /// An error of `kind` for the request `layout`.
    #[inline]
    #[must_use]
    pub const fn new(kind: AllocErrorKind, layout: Layout) -> Self {
        Self {
            kind,
            layout: Some(layout),
        }
    }

    /// An [`AllocErrorKind::InvalidLayout`] error: the request had no valid [`Layout`].
    #[inline]
    #[must_use]
    pub const fn invalid_layout() -> Self {
        Self {
            kind: AllocErrorKind::InvalidLayout,
            layout: None,
        }
    }

    /// Why the request failed.
    #[inline]
    #[must_use]
    pub const fn kind(&self) -> AllocErrorKind {
        self.kind
    }

    /// The refused request, if it was a valid [`Layout`].
    #[inline]
    #[must_use]
    pub const fn layout(&self) -> Option<Layout> {
        self.layout
    }
}

impl From<core::alloc::LayoutError> for AllocError {
    #[inline]
    fn from(_: core::alloc::LayoutError) -> Self {
        Self::invalid_layout()
    }
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind.describe())?;
        if let Some(layout) = self.layout {
            write!(f, " (size {}, align {})", layout.size(), layout.align())?;
        }
        Ok(())
    }
}

impl core::error::Error for AllocError {}

/// Bytes handed to [`StackString::from_utf8`](crate::StackString::from_utf8) were not valid UTF-8.
///
/// The bytes are returned unchanged by [`into_bytes`](Self::into_bytes); the position of the first
/// invalid sequence is in [`utf8_error`](Self::utf8_error).
///
/// # Examples
///
/// ```
/// use avila_alloc::{StackString, StackVec};
///
/// let bytes: StackVec<u8, 4> = StackVec::from([b'o', b'k', 0xff, b'!']);
/// let err = StackString::from_utf8(bytes).unwrap_err();
/// assert_eq!(err.utf8_error().valid_up_to(), 2);
/// assert_eq!(err.into_bytes(), [b'o', b'k', 0xff, b'!']);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FromUtf8Error<const N: usize> {
    pub(crate) bytes: StackVec<u8, N>,
    pub(crate) error: core::str::Utf8Error,
}

impl<const N: usize> FromUtf8Error<N> {
    /// The bytes that were not valid UTF-8, as a slice.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Returns the bytes that were not valid UTF-8, consuming the error.
    #[must_use]
    pub fn into_bytes(self) -> StackVec<u8, N> {
        self.bytes
    }

    /// Details of the conversion failure: where the valid prefix ends.
    #[must_use]
    pub fn utf8_error(&self) -> core::str::Utf8Error {
        self.error
    }
}

impl<const N: usize> fmt::Debug for FromUtf8Error<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FromUtf8Error")
            .field("bytes", &self.bytes.as_slice())
            .field("error", &self.error)
            .finish()
    }
}

impl<const N: usize> fmt::Display for FromUtf8Error<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<const N: usize> core::error::Error for FromUtf8Error<N> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        Some(&self.error)
    }
}

#[cfg(test)]
mod tests {
    // Test code imports from `std`: the `alloc` crate is only linked under the `alloc` feature.
    #![allow(clippy::std_instead_of_alloc, clippy::std_instead_of_core)]

    use core::alloc::Layout;
    use std::format;
    use std::string::ToString;

    use super::{AllocError, AllocErrorKind, CapacityError};

    #[test]
    fn capacity_error_accessors() {
        let err = CapacityError::new(7u8, 3);
        assert_eq!((*err.element_ref(), err.capacity()), (7, 3));
        let mapped = err.map(u32::from);
        assert_eq!(mapped, CapacityError::new(7u32, 3));
        assert_eq!(mapped.simplify(), CapacityError::new((), 3));
        assert_eq!(format!("{mapped:?}"), "CapacityError { capacity: 3, .. }");
        let source: &dyn core::error::Error = &mapped;
        assert!(source.source().is_none());
    }

    #[test]
    fn alloc_error_kinds_display_and_layout() {
        let layout = Layout::from_size_align(24, 8).unwrap();
        let cases = [
            (AllocErrorKind::OutOfMemory, "out of memory"),
            (AllocErrorKind::InvalidLayout, "invalid layout"),
            (
                AllocErrorKind::UnsupportedAlignment,
                "unsupported alignment",
            ),
            (AllocErrorKind::UnsupportedSize, "unsupported size"),
            (AllocErrorKind::ZeroSize, "zero-sized allocation"),
        ];
        for (kind, text) in cases {
            let err = AllocError::new(kind, layout);
            assert_eq!(err.kind(), kind);
            assert_eq!(err.layout(), Some(layout));
            assert_eq!(kind.to_string(), text);
            assert_eq!(err.to_string(), format!("{text} (size 24, align 8)"));
        }
        let invalid = AllocError::invalid_layout();
        assert_eq!(
            (invalid.kind(), invalid.layout()),
            (AllocErrorKind::InvalidLayout, None)
        );
        assert_eq!(invalid.to_string(), "invalid layout");
        let from_layout_error: AllocError = Layout::from_size_align(8, 3).unwrap_err().into();
        assert_eq!(from_layout_error, invalid);
        let e: &dyn core::error::Error = &invalid;
        assert!(e.source().is_none());
    }
}
