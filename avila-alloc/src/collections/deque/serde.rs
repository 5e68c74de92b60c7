//! `serde` support for [`StackDeque`] (feature `serde`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackDeque;
use crate::collections::serde_seq::{BoundedSeq, deserialize_seq};
use crate::error::CapacityError;

/// Requires the `serde` feature. Serializes as a sequence, front to back, like `VecDeque<T>`.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, const N: usize> Serialize for StackDeque<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self)
    }
}

/// Requires the `serde` feature. Deserializes a sequence of at most `N` elements, front to back; a
/// longer one is an `invalid_length` error, never a silent truncation.
///
/// ```
/// use avila_alloc::StackDeque;
///
/// let d: StackDeque<u8, 3> = serde_json::from_str("[1, 2, 3]").unwrap();
/// assert_eq!(d, [1, 2, 3]);
///
/// let err = serde_json::from_str::<StackDeque<u8, 3>>("[1, 2, 3, 4]").unwrap_err();
/// assert!(err.to_string().contains("at most 3 elements"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for StackDeque<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_seq::<D, Self, T, N>(deserializer)
    }
}

impl<T, const N: usize> BoundedSeq<T> for StackDeque<T, N> {
    fn empty() -> Self {
        Self::new()
    }

    fn try_append(&mut self, value: T) -> Result<(), T> {
        self.try_push_back(value).map_err(CapacityError::element)
    }
}
