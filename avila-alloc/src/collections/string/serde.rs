//! `serde` support for [`StackString`] (feature `serde`).

use core::fmt;

use serde::de::{Error, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackString;

/// Requires the `serde` feature. Serializes as a string.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<const N: usize> Serialize for StackString<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

/// Requires the `serde` feature. Deserializes a string of at most `N` bytes; a longer one is an
/// `invalid_length` error, never a truncation.
///
/// ```
/// use avila_alloc::StackString;
///
/// let s: StackString<5> = serde_json::from_str("\"hello\"").unwrap();
/// assert_eq!(s, "hello");
/// assert!(serde_json::from_str::<StackString<4>>("\"hello\"").is_err());
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, const N: usize> Deserialize<'de> for StackString<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StackStringVisitor)
    }
}

pub(super) struct StackStringVisitor<const N: usize>;

/// The visitor, for the unit tests of `visit_bytes` (JSON never calls it).
#[cfg(test)]
pub(super) fn visitor<const N: usize>() -> StackStringVisitor<N> {
    StackStringVisitor
}

impl<const N: usize> Visitor<'_> for StackStringVisitor<N> {
    type Value = StackString<N>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a string of at most {N} bytes")
    }

    fn visit_str<E: Error>(self, s: &str) -> Result<Self::Value, E> {
        StackString::try_from_str(s).map_err(|_| E::invalid_length(s.len(), &self))
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        let s = core::str::from_utf8(bytes)
            .map_err(|_| E::invalid_value(Unexpected::Bytes(bytes), &self))?;
        self.visit_str(s)
    }
}
