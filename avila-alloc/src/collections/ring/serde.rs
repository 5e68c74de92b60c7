//! `serde` support for [`StackRing`] (feature `serde`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::StackRing;
use crate::collections::serde_seq::{BoundedSeq, deserialize_seq};
use crate::error::CapacityError;

/// Requires the `serde` feature. Serializes as a sequence, oldest to newest.
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, const N: usize> Serialize for StackRing<T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self)
    }
}

/// Requires the `serde` feature. Deserializes a sequence of at most `N` values, oldest first. A
/// longer one is an `invalid_length` error: unlike `push` and `Extend`, deserialization never
/// overwrites, so no input is dropped silently.
///
/// ```
/// use avila_alloc::StackRing;
///
/// let r: StackRing<u8, 3> = serde_json::from_str("[1, 2, 3]").unwrap();
/// assert_eq!(r, [1, 2, 3]);
///
/// let err = serde_json::from_str::<StackRing<u8, 3>>("[1, 2, 3, 4]").unwrap_err();
/// assert!(err.to_string().contains("at most 3 elements"));
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<'de, T: Deserialize<'de>, const N: usize> Deserialize<'de> for StackRing<T, N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_seq::<D, Self, T, N>(deserializer)
    }
}

impl<T, const N: usize> BoundedSeq<T> for StackRing<T, N> {
    fn empty() -> Self {
        Self::new()
    }

    fn try_append(&mut self, value: T) -> Result<(), T> {
        self.core
            .try_push_back(value)
            .map_err(CapacityError::element)
    }
}
